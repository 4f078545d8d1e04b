"""Project paths, in one place (Cookiecutter Data Science style).

Every relative path a user gives — in a params YAML, on the command line or in a
notebook's parameters cell — is resolved from the project root, never from the
current working directory, so a notebook behaves the same whether papermill runs
it from ``runs/…`` or a researcher opens it in JupyterLab.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the folder holding ``pyproject.toml``). Override with
#: ``SCRM_PROJECT_ROOT`` when the package is installed outside a checkout.
PROJECT_ROOT: Path = Path(
    os.environ.get("SCRM_PROJECT_ROOT", Path(__file__).resolve().parents[2])
).resolve()

#: The installed package (its YAML declarations live beside the code that reads them).
PACKAGE_DIR: Path = Path(__file__).resolve().parents[1]
#: Decision tables and thresholds shipped with the package (``scrm_lib/rules/``).
RULES_DIR: Path = PACKAGE_DIR / "rules"
DATA_DIR: Path = PROJECT_ROOT / "data"
SAMPLES_DIR: Path = DATA_DIR / "samples"
PARAMS_DIR: Path = PROJECT_ROOT / "params"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
RUNS_DIR: Path = PROJECT_ROOT / "runs"
MODELS_DIR: Path = PROJECT_ROOT / "models"
DOCS_DIR: Path = PROJECT_ROOT / "docs"
#: Project-local nltk data folder, built offline by ``scrm nltk-data``.
NLTK_DATA_DIR: Path = PROJECT_ROOT / ".nltk_data"

#: Where the real public data sets live (read-only, never copied into the repo).
#: Override with ``SCRM_EXTERNAL_DATA``.
EXTERNAL_DATA_DIR: Path = Path(
    os.environ.get("SCRM_EXTERNAL_DATA", PROJECT_ROOT.parent / "shared" / "data" / "external")
).resolve()


def resolve_path(path: str | os.PathLike[str], root: Path | None = None) -> Path:
    """Resolve ``path`` against the project root (or ``root``) unless it is absolute.

    ``~`` is expanded. Placeholders ``{external}`` and ``{root}`` are replaced by
    :data:`EXTERNAL_DATA_DIR` and :data:`PROJECT_ROOT`, so params files can name the
    shared data sets portably, e.g. ``{external}/twitter-us-airline-sentiment/Tweets.csv``.

    >>> resolve_path("data/samples").relative_to(PROJECT_ROOT).as_posix()
    'data/samples'
    """
    text = os.fspath(path)
    text = text.replace("{external}", str(EXTERNAL_DATA_DIR)).replace("{root}", str(PROJECT_ROOT))
    p = Path(text).expanduser()
    if p.is_absolute():
        return p
    return ((root or PROJECT_ROOT) / p).resolve()


def relative_to_root(path: str | os.PathLike[str]) -> str:
    """Return ``path`` relative to the project root when it lies inside it, else absolute.

    Used for manifests and reports so that outputs do not leak machine-specific paths.
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return p.as_posix()
