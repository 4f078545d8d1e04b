"""``scrm formats``: the data formats the workbench reads (the adapters of :mod:`scrm_lib.data.registry`).

One line per format: its name, what it produces (``mentions``, ``survey``, ``usecases`` or
``labelled``), whether it reads a file or a folder, its old names (still accepted, with a
warning) and a description. ``--kind mentions`` lists the values a notebook's
``mentions_format`` parameter and ``scrm validate mentions --format`` accept.
"""

from __future__ import annotations

import argparse

from scrm_lib.data.files import FILE_FORMATS
from scrm_lib.data.registry import KINDS, adapters


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``formats`` sub-command."""
    p.description = __doc__.splitlines()[0] if __doc__ else None
    p.add_argument("--kind", choices=KINDS, help="only the formats producing this kind of frame")
    p.set_defaults(func=_run)


def format_table(kind: str | None = None) -> str:
    """The registered formats as an aligned text table (one line each, canonical first)."""
    rows = sorted(adapters(kind), key=lambda a: (a.kind, a.name != "canonical", a.name))
    width = max((len(a.name) for a in rows), default=4)
    lines = []
    for a in rows:
        old = f" (old name: {', '.join(a.aliases)})" if a.aliases else ""
        lines.append(f"{a.name:<{width}}  {a.kind:<9} {a.source:<6}  {a.description}{old}")
    lines.append(f"\nFile formats of every file reader (--format): {', '.join(FILE_FORMATS)}, "
                 "optionally compressed (.gz, .bz2, .xz, .zst).")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    print(format_table(args.kind))
    return 0
