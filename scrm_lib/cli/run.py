"""``scrm run``: execute notebooks reproducibly into a new run folder.

    scrm run 00_quickstart                 # one notebook, default parameters
    scrm run 00 quick                      # stems, unique prefixes or unique name parts
    scrm run --all                         # every notebook (what `make run` does)
    scrm run --params params/listening/airline.yaml   # the notebook named by the file's `notebook:` key
    scrm run 01 --params my.yaml --out /srv/reports   # a notebook with your own parameters
    scrm run --course session-1            # the student handout of course session 1
    scrm run --course session-1 --solutions   # the instructor copy (solution cells kept)
    scrm run --all --show-code             # reports with the code cells (default: code hidden)

Every requested notebook's parameters are validated before anything runs; any problem
(in any of them) is listed and the command exits 2 without writing anything. A failing
notebook is kept with its error; the others still run; the command then exits 1 naming
the failed notebook and cell.

To extend (e.g. a course command adding ``--course session-N`` / ``--solutions``): add
arguments in :func:`add_arguments` and turn them into :class:`~scrm_lib.run.planning.RunRequest`
objects (with ``overrides`` and ``label``) in :func:`build_requests`; planning
(:mod:`scrm_lib.run.planning`), execution (:mod:`scrm_lib.run.execute`) and reports stay in
:mod:`scrm_lib.run`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from scrm_lib.core.config import relative_to_root, resolve_path
from scrm_lib.core.errors import RunError, ScrmError
from scrm_lib.params import (
    NOTEBOOK_KEY,
    notebook_name,
    notebook_stems,
    read_params_file,
    resolve_notebook,
)
from scrm_lib.reports import course as course_mod
from scrm_lib.run.execute import DEFAULT_CELL_TIMEOUT, run_jobs
from scrm_lib.run.export import report_request
from scrm_lib.run.planning import RunRequest, plan

EXIT_FAILED = 1


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``run`` sub-command."""
    p.description = __doc__.split("\n\n")[0] if __doc__ else None
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "NAME is a notebook stem (00_quickstart), a unique prefix (00), a unique part of\n"
        "the name (quickstart) or a path to an .ipynb file. Relative paths resolve from\n"
        "the project root. Exit status: 0 all notebooks ran, 1 a notebook failed,\n"
        "2 bad parameters or names (nothing was run)."
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="notebooks to run")
    p.add_argument("--all", action="store_true", help="run every notebook in notebooks/")
    p.add_argument(
        "--params",
        action="append",
        metavar="FILE",
        default=[],
        help="params YAML overriding the notebook's defaults (repeatable; a file naming "
        f"its notebook with a '{NOTEBOOK_KEY}:' key needs no NAME)",
    )
    p.add_argument(
        "--course",
        metavar="SESSION",
        default=None,
        help="run a course session (session-1 … session-6): params/course/session-N.yaml and "
        "session-N.*.yaml, as the student handout (solution cells removed)",
    )
    p.add_argument(
        "--solutions",
        action="store_true",
        help="keep the solution cells (show_solutions: true): the instructor copy",
    )
    p.add_argument(
        "--show-code",
        action="store_true",
        help="keep the code cells in the HTML reports (default: reports show prose, tables and figures, "
        "each output followed by a 'how this was computed' line; course handouts always keep the code)",
    )
    p.add_argument("--out", metavar="DIR", default=None, help="runs folder (default: runs/)")
    p.add_argument(
        "--timeout",
        metavar="S",
        type=int,
        default=DEFAULT_CELL_TIMEOUT,
        help=f"per-cell execution timeout in seconds, 0 for none (default {DEFAULT_CELL_TIMEOUT})",
    )
    p.set_defaults(func=_run)


def _target_of(params_file: str) -> str | None:
    """The notebook stem a params file names, resolved (``None`` when it names none)."""
    named = notebook_name(read_params_file(params_file).get(NOTEBOOK_KEY))
    return resolve_notebook(named).stem if named else None


def course_requests(session: str, solutions: bool = False) -> list[RunRequest]:
    """The requests of one course session: each session file, labelled ``session-N--<stem>``.

    ``solutions`` adds ``show_solutions: true`` (the instructor copy; the label ends in
    ``--solutions``); otherwise the session files' own values hold (the handout).
    """
    requests = []
    for f in course_mod.session_files(session):
        shown = relative_to_root(f)
        try:
            stem = _target_of(shown)
        except ScrmError:
            stem = None  # plan() reports the unreadable file with every other problem
        label = course_mod.session_label(f, stem, solutions) if stem else None
        overrides = {"show_solutions": True} if solutions else {}
        requests.append(RunRequest(name=stem, params_file=shown, overrides=overrides, label=label))
    return requests


def build_requests(
    names: list[str],
    run_all: bool,
    params_files: list[str],
    course: str | None = None,
    solutions: bool = False,
) -> list[RunRequest]:
    """Turn the command line into run requests.

    - ``course`` (``--course session-N``): the session's notebooks (:func:`course_requests`),
      before any other request; ``solutions`` (``--solutions``) sets ``show_solutions: true``
      on every request (the notebooks must have that parameter).

    - ``--params FILE`` alone: the notebook named by the file's ``notebook:`` key.
    - one ``NAME`` with ``--params``: that notebook with each params file.
    - several names or ``--all`` with ``--params``: each file must name its notebook;
      that notebook runs with the file instead of its defaults.

    Raises:
        RunError: nothing to run, or a params file that cannot be matched to a notebook.
    """
    extra = course_requests(course, solutions) if course else []
    if solutions and not course:
        return [replace(r, overrides={**r.overrides, "show_solutions": True})
                for r in build_requests(names, run_all, params_files)]
    if course and not names and not params_files and not run_all:
        return extra
    if course:
        return extra + build_requests(names, run_all, params_files, solutions=solutions)
    if run_all:
        names = [*notebook_stems(), *[n for n in names if n not in notebook_stems()]]
    if not names and not params_files:
        raise RunError("nothing to run: name notebooks (e.g. 'scrm run 00_quickstart'), use --all, or give --params FILE")
    if not names:
        return [RunRequest(name=None, params_file=f) for f in params_files]
    if len(names) == 1 and not run_all and params_files:
        return [RunRequest(name=names[0], params_file=f) for f in params_files]
    requests: list[RunRequest] = []
    targeted: set[str] = set()
    for f in params_files:
        try:
            stem = _target_of(f)
        except ScrmError:
            stem = None  # plan() reports the unreadable file with every other problem
        if stem:
            targeted.add(stem)
        # without a 'notebook:' key plan() explains that the file must name its notebook
        requests.append(RunRequest(name=stem, params_file=f))
    defaults = []
    for name in names:
        try:
            stem = resolve_notebook(name).stem
        except RunError:
            stem = None  # plan() reports it together with every other problem
        if stem not in targeted:
            defaults.append(RunRequest(name=name))
    return defaults + requests


def _run(args: argparse.Namespace) -> int:
    requests = build_requests(list(args.names), args.all, list(args.params), args.course, args.solutions)
    requests = [report_request(r, show_code=args.show_code) for r in requests]  # report mode (scrm_lib.run.export)
    jobs = plan(requests)  # validates everything before anything runs (exit 2 on problems)
    out_root = resolve_path(args.out) if args.out else None
    summary = run_jobs(
        jobs,
        out_root=out_root,
        cell_timeout=args.timeout or None,
        command=["scrm", *sys.argv[1:]],
    )
    where = relative_to_root(summary.run_dir)
    n_ok = len(summary.results) - len(summary.failed)
    print(f"{n_ok}/{len(summary.results)} notebooks ran; report: {where}/index.html")
    for problem in summary.write_errors:
        print(f"error: {problem}", file=sys.stderr)
    if summary.failed:
        for result in summary.failed:
            see = result.html or result.output
            print(f"error: {result.describe_failure()}" + (f" (see {where}/{see})" if see else ""), file=sys.stderr)
    return EXIT_FAILED if summary.failed or summary.write_errors else 0
