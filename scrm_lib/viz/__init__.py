"""Plotting functions, one module per area; each returns a matplotlib Figure."""
