"""Planning a run: what the user asked for (:class:`RunRequest`) becomes validated :class:`Job` s.

:func:`plan` validates **every** request before anything runs and raises one
:class:`~scrm_lib.core.errors.ParamsError` listing all problems of all requests (unknown or
ambiguous notebook names, unknown keys, wrong types, missing files, bad YAML, brands or dates
the data do not have). Extension points for later commands (a course, an audit): build
:class:`RunRequest` objects with ``overrides`` (``{"show_solutions": True}``), a ``label``
(output file name) and ``html_exclude_input`` (hide code in a handout), then call :func:`plan`
and :func:`scrm_lib.run.execute.run_jobs`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scrm_lib.core.config import relative_to_root, resolve_path
from scrm_lib.core.errors import ParamsError, RunError
from scrm_lib.params import (
    NOTEBOOK_KEY,
    NotebookParams,
    load_params,
    notebook_name,
    notebook_stems,
    read_params_file,
    resolve_notebook,
)
from scrm_lib.reports.course import notebook_for_run
from scrm_lib.run.datacheck import check_against_data


@dataclass(frozen=True)
class RunRequest:
    """What a user asked for: one notebook, optionally with a params file and overrides.

    Attributes:
        name: a notebook stem, unique prefix (``00``), unique part of the name
            (``quickstart``), or a path to an ``.ipynb`` file. ``None`` means "the
            notebook named by ``params_file``'s ``notebook:`` key".
        params_file: a params YAML overriding the defaults in ``params/<stem>.yaml``.
        overrides: values applied last (e.g. ``{"show_solutions": True}`` for a course).
        label: output file name without extension; default ``<stem>`` or
            ``<stem>--<params file stem>``.
        html_exclude_input: hide code cells in the HTML export (handouts, reports).
    """

    name: str | None = None
    params_file: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None
    html_exclude_input: bool = False


@dataclass(frozen=True)
class Job:
    """A validated, ready-to-execute notebook run."""

    stem: str
    notebook: Path
    params: NotebookParams
    label: str
    params_file: str | None = None
    html_exclude_input: bool = False


def default_label(stem: str, params_file: str | None) -> str:
    """Output file name of a job: ``<stem>`` or ``<stem>--<params file stem>``."""
    if params_file is None:
        return stem
    pstem = Path(params_file).stem
    return stem if pstem == stem else f"{stem}--{pstem}"


def plan_request(request: RunRequest, notebooks_dir: Path | None = None) -> Job:
    """Resolve and validate one request (raises on the first problem of *this* request)."""
    name = request.name
    if name is None:
        if request.params_file is None:
            raise RunError("nothing to run: name a notebook, or give --params FILE with a 'notebook:' key")
        data = read_params_file(request.params_file)
        name = notebook_name(data.get(NOTEBOOK_KEY))
        if not name:
            raise ParamsError(
                relative_to_root(resolve_path(request.params_file)),
                [f"{NOTEBOOK_KEY}: missing; add 'notebook: <stem>' to the file or name the notebook on the command line"],
            )
        name = str(name)
    notebook = resolve_notebook(name, notebooks_dir)
    stem = notebook.stem
    params = load_params(stem, request.params_file, request.overrides or None)
    if getattr(params, "sections", None) is not None:  # unknown sections fail before anything runs
        import nbformat

        try:
            notebook_for_run(nbformat.read(notebook, as_version=4), params)
        except ParamsError as exc:
            where = relative_to_root(resolve_path(request.params_file)) if request.params_file else stem
            raise ParamsError(where, exc.problems) from None
    data_problems = check_against_data(params)
    if data_problems:
        where = relative_to_root(resolve_path(request.params_file)) if request.params_file else stem
        raise ParamsError(where, data_problems)
    label = request.label or default_label(stem, request.params_file)
    return Job(
        stem=stem,
        notebook=notebook,
        params=params,
        label=label,
        params_file=request.params_file,
        # a notebook may ask for a code-free report with a `hide_code: true` parameter
        html_exclude_input=request.html_exclude_input or bool(getattr(params, "hide_code", False)),
    )


def plan(requests: Sequence[RunRequest], notebooks_dir: Path | None = None) -> list[Job]:
    """Validate every request before anything runs; give unique output labels.

    Raises:
        ParamsError: listing every problem of every request at once (unknown notebooks,
            unknown keys, wrong types, missing files, bad YAML).
    """
    jobs: list[Job] = []
    problems: list[str] = []
    for request in requests:
        try:
            jobs.append(plan_request(request, notebooks_dir))
        except ParamsError as exc:
            problems += [f"{exc.source}: {p}" for p in exc.problems]
        except RunError as exc:
            problems.append(str(exc))
    if problems:
        raise ParamsError("scrm run (nothing was run)", problems)
    return _unique_labels(jobs)


def _unique_labels(jobs: list[Job]) -> list[Job]:
    seen: dict[str, int] = {}
    out = []
    for job in jobs:
        n = seen.get(job.label, 0) + 1
        seen[job.label] = n
        if n > 1:
            job = replace(job, label=f"{job.label}-{n}")
        out.append(job)
    return out


def all_requests() -> list[RunRequest]:
    """One request per notebook in ``notebooks/`` with its default parameters."""
    return [RunRequest(name=stem) for stem in notebook_stems()]
