"""Layer 5 — what people read: figures (viz), tables, notebook helpers, report export, course handouts.

See docs/architecture.md for the layers and what may import what."""
