"""Layer 4 — listening metrics and the views built on them (audit, advocates, triage, overview).

See docs/architecture.md for the layers and what may import what."""
