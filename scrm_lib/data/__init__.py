"""Layer 2 — data in: canonical schemas, readers and the format adapters.

See docs/architecture.md for the layers and what may import what."""
