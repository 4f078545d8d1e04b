"""The ``scrm`` command line.

Each sub-command lives in its own module and registers itself through a
``register(subparsers)`` function; :data:`COMMANDS` lists the modules, imported at the top
(a broken command module fails every ``scrm`` call, not just its own). Any
:class:`~scrm_lib.core.errors.ScrmError` is printed as a clear message (no traceback)
and the process exits with status 2; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from scrm_lib.cli import eval as eval_command
from scrm_lib.cli import (
    formats,
    nltk_data,
    notebooks,
    run,
    samples,
    score,
    summarise,
    train,
    validate,
)
from scrm_lib.core.errors import ScrmError

#: Modules that define a ``register(subparsers)`` function, in help order.
COMMANDS: list[ModuleType] = [validate, formats, samples, run, notebooks, nltk_data, score, summarise, train, eval_command]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog="scrm",
        description="Social CRM Workbench: validate data, make samples, run notebooks.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``scrm``; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
