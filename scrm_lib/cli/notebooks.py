"""``scrm notebooks``: keep committed notebooks clean.

    scrm notebooks strip                   # every notebooks/*.ipynb
    scrm notebooks strip notebooks/01_listening_analysis.ipynb --check   # exit 1 if not clean
    scrm notebooks refresh 00_quickstart   # execute with defaults, keep only checked outputs

Committed notebooks carry no outputs except those of cells whose first line is
``# NBVAL_CHECK_OUTPUT`` (see :mod:`scrm_lib.run.nbstrip`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from scrm_lib.core.config import NOTEBOOKS_DIR, relative_to_root, resolve_path
from scrm_lib.core.errors import ScrmError
from scrm_lib.params import notebook_stems, resolve_notebook
from scrm_lib.params.drift import parameter_drift
from scrm_lib.run import nbstrip
from scrm_lib.run.execute import DEFAULT_CELL_TIMEOUT, execute_job
from scrm_lib.run.kernel import project_kernel
from scrm_lib.run.planning import RunRequest, plan


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``notebooks`` sub-command with ``strip``, ``refresh`` and ``params``."""
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    s = actions.add_parser(
        "strip",
        help="remove outputs (except # NBVAL_CHECK_OUTPUT cells), execution counts, widget state, papermill metadata",
    )
    s.add_argument(
        "files", nargs="*", metavar="FILE",
        help="notebooks to strip (default: notebooks/*.ipynb); '-' reads stdin and writes stdout (git clean filter)",
    )
    s.add_argument("--check", action="store_true", help="change nothing; exit 1 if any notebook is not clean")
    s.set_defaults(func=_strip)

    r = actions.add_parser(
        "refresh",
        help="execute a notebook with its defaults and write back only its checked outputs",
    )
    r.add_argument("name", metavar="NAME", help="notebook stem, unique prefix or name part")
    r.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT, metavar="S",
                   help="per-cell timeout in seconds, 0 for none")
    r.set_defaults(func=_refresh)

    c = actions.add_parser(
        "params",
        help="check that each notebook's parameters cell and params/NN_name.yaml agree with its model",
    )
    c.add_argument("names", nargs="*", metavar="NAME", help="notebooks (default: all)")
    c.set_defaults(func=_params)


def _strip_stream() -> int:
    """Strip the notebook on stdin to stdout (``git config filter.scrm-strip.clean``)."""
    import json

    text = sys.stdin.read()
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScrmError(f"stdin: not a notebook (invalid JSON at line {exc.lineno}: {exc.msg})") from None
    sys.stdout.write(nbstrip.notebook_text(nbstrip.strip_notebook(nb)))
    return 0


def _strip(args: argparse.Namespace) -> int:
    if args.files == ["-"]:
        return _strip_stream()
    files = [resolve_path(f) for f in args.files] or sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise ScrmError("not found: " + ", ".join(relative_to_root(f) for f in missing))
    dirty = []
    for path in files:
        before = path.read_text(encoding="utf-8")
        stripped = nbstrip.strip_notebook(nbstrip.read_notebook(path))
        if nbstrip.notebook_text(stripped) != before:
            dirty.append(path)
            if not args.check:
                nbstrip.write_notebook(stripped, path)
    verb = "needs stripping" if args.check else "stripped"
    for path in dirty:
        print(f"{verb}: {relative_to_root(path)}")
    if not dirty:
        print(f"{len(files)} notebook{'s' if len(files) != 1 else ''} already clean")
    return 1 if (args.check and dirty) else 0


def _refresh(args: argparse.Namespace) -> int:
    (job,) = plan([RunRequest(name=args.name)])
    with tempfile.TemporaryDirectory(prefix="scrm-refresh-") as tmp, project_kernel() as km_class:
        executed_path = Path(tmp) / f"{job.stem}.ipynb"
        print(f"executing {relative_to_root(job.notebook)} with its defaults ...", file=sys.stderr)
        error = execute_job(job, executed_path, km_class, cell_timeout=args.timeout or None)
        if error:
            where = f"cell {error['cell']}" if error.get("cell") else "before any cell ran"
            print(
                f"error: {job.stem} failed in {where}: {error.get('ename')}: {error.get('evalue')}; "
                f"{relative_to_root(job.notebook)} left unchanged",
                file=sys.stderr,
            )
            return 1
        source = nbstrip.read_notebook(job.notebook)
        merged = nbstrip.merge_checked_outputs(source, nbstrip.read_notebook(executed_path))
    before = job.notebook.read_text(encoding="utf-8")
    nbstrip.write_notebook(merged, job.notebook)
    n_checked = sum(nbstrip.is_checked_cell(c) for c in merged["cells"])
    changed = "updated" if nbstrip.notebook_text(merged) != before else "unchanged"
    print(f"{relative_to_root(job.notebook)} {changed} ({n_checked} checked cell{'s' if n_checked != 1 else ''})")
    return 0


def _params(args: argparse.Namespace) -> int:
    """Print every drift of a parameters cell or defaults file from its model; exit 1 if any."""
    stems = [resolve_notebook(n).stem for n in args.names] or notebook_stems()
    problems = [p for stem in stems for p in parameter_drift(stem)]
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} difference{'s' if len(problems) != 1 else ''}: the model "
              "(scrm_lib/params/nbNN_name.py) is the source; change the cell or the YAML to match", file=sys.stderr)
        return 1
    print(f"{len(stems)} notebook{'s' if len(stems) != 1 else ''}: parameters cells, defaults files and models agree")
    return 0

