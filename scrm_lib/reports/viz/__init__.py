"""Plotting functions, one module per area; each returns a ``matplotlib.figure.Figure``
with a title and labelled axes (see ``docs/architecture.md``)."""
