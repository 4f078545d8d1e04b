"""scrm_lib — the helper package behind the Social CRM Workbench notebooks.

Logic lives here; the notebooks in ``notebooks/`` read parameters, call these
functions and tell the story. Modules:

- :mod:`scrm_lib.config` — project paths (everything resolves from the project root).
- :mod:`scrm_lib.errors` — the error types that the CLI turns into clear messages.
- :mod:`scrm_lib.schemas` / :mod:`scrm_lib.io` — canonical data schemas and loaders.
- :mod:`scrm_lib.params` — typed, validated notebook parameters.
- :mod:`scrm_lib.runner` — papermill runs with manifests and HTML reports.
"""

__version__ = "0.1.0"
