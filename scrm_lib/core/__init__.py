"""Layer 0 — the ground every other layer stands on: project paths, errors, label sets, provenance, YAML loading.

See docs/architecture.md for the layers and what may import what."""
