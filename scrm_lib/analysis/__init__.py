"""Layer 4 — survey and strategy analyses: perception gaps, use cases, maturity, readiness, community.

See docs/architecture.md for the layers and what may import what."""
