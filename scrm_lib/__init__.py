"""scrm_lib — the helper package behind the Social CRM Workbench notebooks.

Logic lives here; the notebooks in ``notebooks/`` read parameters, call these
functions and tell the story. Modules:

- :mod:`scrm_lib.core.config` — project paths (everything resolves from the project root).
- :mod:`scrm_lib.core.errors` — the error types that the CLI turns into clear messages.
- :mod:`scrm_lib.core.provenance` / :mod:`scrm_lib.core.yamlio` — hashes, versions, git state; the one YAML loader.
- :mod:`scrm_lib.data.schemas` / :mod:`scrm_lib.data` (readers, adapters, registry) — canonical data schemas and loaders.
- :mod:`scrm_lib.params` — typed, validated notebook parameters.
- :mod:`scrm_lib.run` — papermill runs (plan, execute, export, manifest, index) with HTML reports.
"""

__version__ = "0.1.0"
