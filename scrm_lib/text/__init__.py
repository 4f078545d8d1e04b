"""Layer 1 — text handling shared by metrics and models: tokenising, pseudonymisation, language detection, NLTK data.

See docs/architecture.md for the layers and what may import what."""
