"""Metrics of the workbench; :mod:`scrm_lib.metrics.aggregates` holds the listening summaries as
combinable aggregates (issue 15)."""
