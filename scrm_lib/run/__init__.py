"""Layer 7 — running notebooks, one job per module (papermill's style):

- :mod:`~scrm_lib.run.planning` — requests → validated jobs (every problem listed before anything runs);
- :mod:`~scrm_lib.run.datacheck` — cheap checks of parameters against the data (brands, dates, periods);
- :mod:`~scrm_lib.run.execute` — papermill execution of jobs into a run folder;
- :mod:`~scrm_lib.run.kernel` — the project's headless kernel;
- :mod:`~scrm_lib.run.errors` — which cell failed, and why;
- :mod:`~scrm_lib.run.export` — report mode of a request, the HTML export;
- :mod:`~scrm_lib.run.sanitize` — user text never runs as script or markup in a report;
- :mod:`~scrm_lib.run.manifest` / :mod:`~scrm_lib.run.index` — ``manifest.json`` and ``index.html``;
- :mod:`~scrm_lib.run.folders` — run folders, ``runs/latest``, atomic writes;
- :mod:`~scrm_lib.run.signals` — SIGTERM/SIGHUP stop a run like Ctrl-C;
- :mod:`~scrm_lib.run.dashboard` (Voilà) and :mod:`~scrm_lib.run.nbstrip` (committed notebooks).

See docs/architecture.md for the layers and what may import what."""
