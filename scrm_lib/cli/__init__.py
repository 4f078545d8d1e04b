"""The ``scrm`` command line.

Each sub-command lives in its own module. :data:`COMMANDS` is the registry: for every command its
name, its one-line help (what ``scrm --help`` lists) and the ``"module:function"`` that adds its
arguments. **Command modules are imported lazily, here and nowhere else**: ``scrm --help`` imports
none of them, and ``scrm NAME …`` imports only NAME's module (:func:`load_command`, on dispatch), so
a command's heavy imports (scikit-learn for ``eval``, papermill for ``run``, …) are paid by that
command only. Inside a command module imports stay at the module top as everywhere else.

A command module defines ``add_arguments(parser)``, which adds the arguments (and may set the
parser's description / epilog) and calls ``parser.set_defaults(func=...)`` with the function that
runs the command. A broken command module fails its own command and the test that builds every
command's parser (:func:`build_parser` with ``commands=None``), not every ``scrm`` call.

Any :class:`~scrm_lib.core.errors.ScrmError` is printed as a clear message (no traceback)
and the process exits with status 2; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from scrm_lib.core.errors import ScrmError
from scrm_lib.core.memory import tune_allocator


@dataclass(frozen=True)
class Command:
    """One ``scrm`` sub-command in the registry.

    Attributes:
        name: the word on the command line (``validate``).
        help: the one-line help shown by ``scrm --help``.
        target: ``"module:function"``; ``function(parser)`` adds the command's arguments and sets
            ``func`` (imported only when the command is used).
    """

    name: str
    help: str
    target: str


#: The sub-commands, in help order.
COMMANDS: tuple[Command, ...] = (
    Command("validate", "check a mentions, survey or use-case file (exit 0 valid, 2 invalid)",
            "scrm_lib.cli.validate:add_arguments"),
    Command("formats", "list the data formats (adapters) the workbench reads",
            "scrm_lib.cli.formats:add_arguments"),
    Command("samples", "regenerate the seeded SYNTHETIC sample data (byte-identical for the same seed)",
            "scrm_lib.cli.samples:add_arguments"),
    Command("run", "execute notebooks into runs/<timestamp>/ (executed .ipynb, HTML, index.html, manifest.json)",
            "scrm_lib.cli.run:add_arguments"),
    Command("notebooks", "strip notebooks for commit, or refresh their checked outputs",
            "scrm_lib.cli.notebooks:add_arguments"),
    Command("nltk-data", "build .nltk_data/ (VADER lexicon) from installed packages",
            "scrm_lib.cli.nltk_data:add_arguments"),
    Command("score", "add sentiment, sentiment_score, trait, trait_confidence to a mentions file",
            "scrm_lib.cli.score:add_arguments"),
    Command("summarise", "listening summaries (volume, share of voice, sentiment, ...) of mentions files as Parquet",
            "scrm_lib.cli.summarise:add_arguments"),
    Command("train", "train fast / accurate / trait and save to models/ with a model card",
            "scrm_lib.cli.train:add_arguments"),
    Command("eval", "evaluate a model on a benchmark, side by side with VADER (JSON)",
            "scrm_lib.cli.eval:add_arguments"),
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def load_command(command: Command) -> Callable[[argparse.ArgumentParser], None]:
    """Import ``command``'s module and return its ``add_arguments`` function (the one lazy import)."""
    module_name, _, function = command.target.partition(":")
    return getattr(importlib.import_module(module_name), function)


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The ``scrm`` parser: every sub-command listed; the arguments of ``commands`` added.

    Args:
        commands: names of the sub-commands whose modules are imported and whose arguments are
            added; ``None`` (default) for all of them. :func:`main` passes only the one invoked.
    """
    parser = argparse.ArgumentParser(
        prog="scrm",
        description="Social CRM Workbench: validate data, make samples, run notebooks.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    wanted = None if commands is None else set(commands)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        if wanted is None or command.name in wanted:
            load_command(command)(p)
    return parser


def _invoked(argv: Sequence[str]) -> list[str]:
    """The sub-command named in ``argv``: the first word that is not an option (``--debug`` takes
    no value), as a list of at most one name; an unknown word is left for argparse to reject."""
    return [a for a in argv if not a.startswith("-")][:1]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``scrm``; returns the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_invoked(argv))
    args = parser.parse_args(argv)
    tune_allocator()  # large arrays reused after free, not page-faulted again (core.memory)
    try:
        status = args.func(args)
    except ScrmError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", None)
        if signum is not None:  # SIGTERM / SIGHUP, handled like Ctrl-C (scrm_lib.run.signals.Terminated)
            import signal

            print(f"stopped by {signal.Signals(signum).name}", file=sys.stderr)
            return 128 + signum
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a folder we may not write: a message, not a traceback
        if args.debug:
            raise
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return int(status or 0)
