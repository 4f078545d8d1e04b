"""scrm_lib — the helper package behind the Social CRM Workbench notebooks.

Logic lives here; the notebooks in ``notebooks/`` read parameters, call these
functions and tell the story. Modules:

- :mod:`scrm_lib.core.config` — project paths (everything resolves from the project root).
- :mod:`scrm_lib.core.errors` — the error types that the CLI turns into clear messages.
- :mod:`scrm_lib.data.schemas` / :mod:`scrm_lib.data.io` — canonical data schemas and loaders.
- :mod:`scrm_lib.params` — typed, validated notebook parameters.
- :mod:`scrm_lib.run.runner` — papermill runs with manifests and HTML reports.
"""

__version__ = "0.1.0"
