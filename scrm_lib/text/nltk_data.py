"""Build the nltk data the workbench needs, offline, into a project-local folder.

``nltk.download()`` needs the internet, which scheduled runs and CI do not have,
and nltk only reads resources from folders on ``nltk.data.path``. So we build the
resources from installed packages instead:

- ``sentiment/vader_lexicon.zip`` — the VADER lexicon, taken from the
  ``vaderSentiment`` wheel (the same ``vader_lexicon.txt`` nltk would download).

The folder is :data:`scrm_lib.core.config.NLTK_DATA_DIR` (``.nltk_data/`` in the
project root, git-ignored). ``make`` builds it; :func:`ensure_nltk_data` builds it
on first use too, so a notebook opened in JupyterLab works without the make step.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from importlib import resources
from pathlib import Path

from scrm_lib.core.config import NLTK_DATA_DIR

VADER_RESOURCE = "sentiment/vader_lexicon.zip/vader_lexicon/vader_lexicon.txt"


def vader_lexicon_source() -> Path:
    """Path of ``vader_lexicon.txt`` inside the installed ``vaderSentiment`` package."""
    path = Path(str(resources.files("vaderSentiment").joinpath("vader_lexicon.txt")))
    if not path.is_file():  # pragma: no cover - depends on a broken install
        raise FileNotFoundError(
            f"vaderSentiment is installed but ships no lexicon at {path}; reinstall it."
        )
    return path


def emoji_lexicon_source() -> Path:
    """Path of ``emoji_utf8_lexicon.txt`` shipped by ``vaderSentiment`` (nltk has none)."""
    return Path(str(resources.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt")))


def build_nltk_data(target: Path | None = None, force: bool = False) -> Path:
    """Write the VADER lexicon zip that nltk expects under ``target``; return the folder.

    The zip is written to a temporary name and renamed, so an interrupted build
    never leaves a half-written file behind. Idempotent: an existing zip whose
    content matches the installed lexicon is left alone unless ``force``.
    """
    target = Path(target or NLTK_DATA_DIR)
    source = vader_lexicon_source()
    data = source.read_bytes()
    dest = target / "sentiment" / "vader_lexicon.zip"
    if dest.exists() and not force:
        try:
            with zipfile.ZipFile(dest) as zf:
                if hashlib.sha256(zf.read("vader_lexicon/vader_lexicon.txt")).digest() == hashlib.sha256(data).digest():
                    return target
        except (zipfile.BadZipFile, KeyError):
            pass
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(f".tmp{os.getpid()}")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("vader_lexicon/vader_lexicon.txt", date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, data)
    os.replace(tmp, dest)
    return target


def ensure_nltk_data() -> Path:
    """Build the project-local nltk data if needed and put it first on ``nltk.data.path``."""
    import nltk

    folder = build_nltk_data()
    if str(folder) not in nltk.data.path:
        nltk.data.path.insert(0, str(folder))
    return folder
