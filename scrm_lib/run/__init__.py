"""Layer 7 — running notebooks: plan, execute, export, manifest; the dashboard; notebook stripping.

See docs/architecture.md for the layers and what may import what."""
