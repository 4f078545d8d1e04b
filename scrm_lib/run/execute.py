"""Executing planned jobs into a run folder.

:func:`run_jobs` creates ``runs/<YYYYmmdd-HHMMSS>[-N]/`` (:mod:`scrm_lib.run.folders`), runs
each job with :func:`run_one` — :func:`execute_job` (papermill, the project's kernel from
:mod:`scrm_lib.run.kernel`), then the HTML export (:mod:`scrm_lib.run.export`) — and rewrites
``manifest.json`` (:mod:`scrm_lib.run.manifest`) and ``index.html`` (:mod:`scrm_lib.run.index`)
after every notebook, so an interrupted run still documents itself. Failures do not stop the
run; Ctrl-C, SIGTERM and SIGHUP do, recording ``interrupted``.

A run folder holds ``<label>.ipynb`` (the executed notebook; a failure keeps papermill's error
cell), ``<label>.html`` (its sanitised HTML export), ``index.html`` and ``manifest.json``;
``runs/latest`` points at the newest run folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrm_lib.core.config import NOTEBOOKS_DIR, RUNS_DIR, relative_to_root, resolve_path
from scrm_lib.core.errors import RunError
from scrm_lib.core.provenance import git_state
from scrm_lib.reports.course import notebook_for_run
from scrm_lib.run.errors import error_location, is_timeout, mark_stopped_cell
from scrm_lib.run.export import export_html
from scrm_lib.run.folders import (
    LATEST_LINK,
    check_out_root,
    new_run_dir,
    update_latest_link,
    write_json_atomic,
    write_text_atomic,
)
from scrm_lib.run.index import render_index
from scrm_lib.run.kernel import KERNEL_NAME, project_kernel
from scrm_lib.run.manifest import (
    STATUS_FAILED,
    STATUS_INTERRUPTED,
    STATUS_OK,
    STATUS_PENDING,
    STATUS_RUNNING,
    NotebookResult,
    build_manifest,
    environment_info,
    input_files,
)
from scrm_lib.run.planning import Job
from scrm_lib.run.signals import stop_signals_interrupt

#: Default per-cell execution timeout in seconds (a stuck cell must not hang a nightly run).
DEFAULT_CELL_TIMEOUT = 1800


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def execute_job(
    job: Job,
    output: Path,
    kernel_manager_class: type,
    cwd: Path | None = None,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    progress_bar: bool | dict[str, Any] = False,
) -> dict[str, Any] | None:
    """Execute ``job`` with papermill into ``output``; return the error (or ``None``).

    The notebook runs in ``cwd`` (default ``notebooks/``) with the validated parameters
    injected after its ``parameters`` cell. A failure leaves ``output`` holding the
    executed cells, the error and papermill's error banner.
    """
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # Course options (show_solutions, show_exercises, sections) decide which cells exist in
    # this run: removed cells are absent from the executed notebook and its HTML.
    source, removed = notebook_for_run(nbformat.read(job.notebook, as_version=4), job.params)
    # Parameters were validated by the notebook's model; papermill's own parser misreads
    # annotations such as `str | None` and would warn "Passed unknown parameter".
    pm_logger = logging.getLogger("papermill")
    level = pm_logger.level
    pm_logger.setLevel(logging.ERROR)
    try:
        pm.execute_notebook(
            source if removed else str(job.notebook),
            str(output),
            parameters=job.params.to_papermill(),
            cwd=str(cwd or NOTEBOOKS_DIR),
            kernel_name=KERNEL_NAME,
            kernel_manager_class=kernel_manager_class,
            progress_bar=progress_bar,
            execution_timeout=cell_timeout or None,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        executed = nbformat.read(output, as_version=4)
        found = error_location(executed, source)
        return found or {
            "cell": None, "cell_id": None, "execution_count": exc.exec_count,
            "ename": exc.ename, "evalue": str(exc.evalue)[:500],
        }
    except Exception as exc:  # kernel died, timeout, unreadable notebook: keep the run going
        found = None
        if output.exists():
            with contextlib.suppress(Exception):
                found = mark_stopped_cell(nbformat.read(output, as_version=4), source, output, exc)
        if found and is_timeout(exc):  # the kernel was interrupted: say why
            found |= {"ename": "CellTimeoutError",
                      "evalue": f"the cell ran longer than {cell_timeout} s (scrm run --timeout)"}
        return found or {
            "cell": None, "cell_id": None, "execution_count": None,
            "ename": type(exc).__name__, "evalue": str(exc).strip()[:500],
        }
    finally:
        pm_logger.setLevel(level)
    return None


@dataclass
class RunSummary:
    """The outcome of :func:`run_jobs`."""

    run_dir: Path
    results: list[NotebookResult]
    manifest: dict[str, Any]
    #: Files of the run that could not be written (a full disk); the run then counts as failed.
    write_errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[NotebookResult]:
        """Results whose status is ``failed``."""
        return [r for r in self.results if r.status == STATUS_FAILED]

    @property
    def ok(self) -> bool:
        """True when every notebook ran without error and every file of the run was written."""
        return not self.failed and not self.write_errors


def run_jobs(
    jobs: Sequence[Job],
    out_root: Path | None = None,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    command: Sequence[str] | None = None,
    progress: bool | None = None,
    cwd: Path | None = None,
) -> RunSummary:
    """Execute validated ``jobs`` into a new run folder under ``out_root`` (default ``runs/``).

    Failures do not stop the run: each notebook is executed, exported to HTML and
    recorded; ``manifest.json`` and ``index.html`` are rewritten after every notebook.
    ``latest`` is pointed at the new folder when the run ends.

    Args:
        progress: show a tqdm bar (``None``: only when stderr is a terminal).
    """
    from tqdm.auto import tqdm

    root = out_root or RUNS_DIR
    check_out_root(root)
    started = _now()
    # inputs are hashed before the run folder exists: nothing to clean up if that fails
    results = [
        NotebookResult(
            label=job.label,
            notebook=relative_to_root(job.notebook),
            params_file=relative_to_root(resolve_path(job.params_file)) if job.params_file else None,
            parameters=job.params.to_papermill(),
            inputs=input_files(job.params),
            output=f"{job.label}.ipynb",
        )
        for job in jobs
    ]
    git = git_state()
    env = environment_info()
    try:
        run_dir = new_run_dir(root)
    except OSError as exc:
        raise RunError(f"cannot create a run folder in {root}: {exc.strerror or exc}") from None
    save_errors: list[str] = []

    def save(finished: dt.datetime | None) -> dict[str, Any]:
        manifest = build_manifest(run_dir, results, started, finished, command, git, env)
        try:
            write_json_atomic(run_dir / "manifest.json", manifest)
            write_text_atomic(run_dir / "index.html", render_index(manifest))
        except OSError as exc:  # a full disk: keep running, say so, fail the run at the end
            msg = f"cannot write {relative_to_root(run_dir)}/manifest.json: {exc.strerror or exc}"
            if not save_errors:
                print(f"warning: {msg}", file=sys.stderr)
            save_errors.append(msg)
        else:
            save_errors.clear()
        return manifest

    save(None)
    bar = tqdm(total=len(jobs), unit="notebook", desc="scrm run", disable=None if progress is None else not progress)
    try:
        with stop_signals_interrupt(), project_kernel() as kernel_manager_class:
            for job, result in zip(jobs, results, strict=True):
                bar.set_postfix_str(job.label)
                result.status = STATUS_RUNNING
                save(None)
                cell_bar = {"desc": f"  {job.label}", "leave": False, "position": 1,
                            "disable": None if progress is None else not progress}
                run_one(job, result, run_dir, kernel_manager_class, cell_timeout=cell_timeout, cwd=cwd,
                        progress_bar=cell_bar)
                line = f"{result.status:>6}  {result.label}  {result.duration_s:.1f} s"
                if result.status == STATUS_FAILED:
                    line += "  — " + result.describe_failure()
                tqdm.write(line, file=sys.stderr)
                bar.update(1)
                save(None)
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: record what was done, then stop
        for result in results:
            if result.status in (STATUS_RUNNING, STATUS_PENDING):
                result.status = STATUS_INTERRUPTED
        with contextlib.suppress(OSError):
            for part in run_dir.glob(".*.part.ipynb"):
                part.unlink()
        save(_now())
        with contextlib.suppress(OSError, RunError):
            update_latest_link(root, run_dir)
        raise
    finally:
        bar.close()
    manifest = save(_now())
    try:
        update_latest_link(root, run_dir)
    except OSError as exc:
        save_errors.append(f"cannot update {relative_to_root(root)}/{LATEST_LINK}: {exc.strerror or exc}")
    return RunSummary(run_dir=run_dir, results=results, manifest=manifest, write_errors=list(save_errors))


def run_one(
    job: Job,
    result: NotebookResult,
    run_dir: Path,
    kernel_manager_class: type,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    cwd: Path | None = None,
    progress_bar: bool | dict[str, Any] = False,
) -> NotebookResult:
    """Execute one job into ``run_dir``, export its HTML, and fill in ``result``.

    ``progress_bar`` is papermill's per-cell bar (``False``, or tqdm keyword arguments).
    """
    import nbformat

    t0 = time.perf_counter()
    result.started_at = _now().isoformat(timespec="seconds")
    output = run_dir / result.output
    # papermill writes the notebook as it goes; it gets its final name only once it is a whole,
    # readable notebook (a full disk must not leave a truncated .ipynb under the final name)
    partial = run_dir / f".{job.label}.part.ipynb"
    try:
        error = execute_job(job, partial, kernel_manager_class, cwd=cwd, cell_timeout=cell_timeout,
                            progress_bar=progress_bar)
    except OSError as exc:
        error = {"cell": None, "cell_id": None, "execution_count": None,
                 "ename": type(exc).__name__, "evalue": f"{exc.strerror or exc}"}
    try:
        if partial.exists():
            nbformat.validate(nbformat.read(partial, as_version=4))
            os.replace(partial, output)
    except Exception as exc:  # truncated or unwritable: drop it, say why
        with contextlib.suppress(OSError):
            partial.unlink()
        error = (error or {"cell": None, "cell_id": None, "execution_count": None}) | {
            "ename": (error or {}).get("ename") or type(exc).__name__,
            "evalue": (error or {}).get("evalue") or str(exc)[:300],
            "output": f"the executed notebook could not be written whole ({type(exc).__name__}: {str(exc)[:200]})",
        }
    result.finished_at = _now().isoformat(timespec="seconds")
    result.duration_s = round(time.perf_counter() - t0, 3)
    result.status = STATUS_FAILED if error else STATUS_OK
    result.error = error
    if not output.exists():
        result.output = ""
        return result
    try:
        export_html(output, run_dir / f"{job.label}.html", job.html_exclude_input)
        result.html = f"{job.label}.html"
    except Exception as exc:  # the executed notebook is still there; say why there is no HTML
        result.status = STATUS_FAILED
        result.error = (error or {}) | {"html_export": f"{type(exc).__name__}: {exc}"}
    return result
