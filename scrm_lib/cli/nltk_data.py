"""``scrm nltk-data``: build the project-local nltk data folder offline."""

from __future__ import annotations

import argparse

from scrm_lib.core.config import relative_to_root
from scrm_lib.text.nltk_data import build_nltk_data


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``nltk-data`` sub-command."""
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    folder = build_nltk_data(force=args.force)
    print(f"nltk data ready in {relative_to_root(folder)}/")
    return 0
