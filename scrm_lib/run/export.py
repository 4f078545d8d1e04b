"""Reports of a run: the report mode of a request and the HTML export of an executed notebook.

- :func:`report_request`: outside a course run, code hidden unless ``--show-code``, exercises
  off for notebooks with course cells (see :mod:`scrm_lib.reports.export` for what report mode
  looks like).
- :func:`export_html`: a standalone, sanitised HTML page (:mod:`scrm_lib.run.sanitize`) built
  with :func:`scrm_lib.reports.export.report_exporter`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scrm_lib.core.config import PARAMS_DIR, resolve_path
from scrm_lib.core.errors import RunError, ScrmError
from scrm_lib.params import (
    NOTEBOOK_KEY,
    notebook_name,
    params_model,
    read_params_file,
    resolve_notebook,
)
from scrm_lib.reports.export import report_exporter, report_resources
from scrm_lib.run.folders import write_text_atomic
from scrm_lib.run.planning import RunRequest
from scrm_lib.run.sanitize import neutralise_urls, output_sanitizer, unsafe_urls

#: Where ``scrm run --course`` finds its session files; a request for one of them is a course run.
COURSE_PARAMS_DIR: Path = PARAMS_DIR / "course"


def is_course_request(request: RunRequest) -> bool:
    """True for a request made by ``scrm run --course`` (its params file is in ``params/course/``)."""
    if not request.params_file:
        return False
    try:
        return resolve_path(request.params_file).resolve().parent == COURSE_PARAMS_DIR.resolve()
    except (OSError, ValueError):
        return False


def _stem_of(request: RunRequest) -> str | None:
    name = request.name
    if name is None and request.params_file:
        name = notebook_name(read_params_file(request.params_file).get(NOTEBOOK_KEY))
    return resolve_notebook(str(name)).stem if name else None


def report_request(request: RunRequest, show_code: bool = False) -> RunRequest:
    """``request`` in report mode.

    Outside a course run: code hidden unless ``show_code``; ``show_exercises: false`` for a notebook
    with course cells unless the params file or the overrides set it (or ask for solutions).
    A course request is returned unchanged. Problems (unknown notebook, bad file) are left to
    :func:`scrm_lib.run.planning.plan`, which reports them all at once.
    """
    if is_course_request(request):
        return request
    overrides = dict(request.overrides or {})
    try:
        stem = _stem_of(request)
        fields = params_model(stem).model_fields if stem else {}
        in_file = read_params_file(request.params_file) if request.params_file else {}
    except (ScrmError, OSError, ValueError):
        return request
    if "show_exercises" in fields and "show_exercises" not in in_file and "show_exercises" not in overrides \
            and not overrides.get("show_solutions"):
        overrides["show_exercises"] = False
    if show_code and "hide_code" in fields:
        overrides["hide_code"] = False
    return replace(request, overrides=overrides, html_exclude_input=request.html_exclude_input or not show_code)


def export_html(notebook: Path, target: Path, exclude_input: bool = False) -> Path:
    """Export an executed notebook to a standalone HTML file (images embedded).

    Outputs are sanitised (:func:`output_sanitizer`): post texts and other user data
    can never run as script or inject markup in a report; tables, headings and
    figures render normally.
    """
    import nbformat

    # report mode (scrm_lib.reports.export): self-contained page, "how this was computed" lines when code is hidden
    exporter = report_exporter(exclude_input, target.parent, sanitizer=output_sanitizer())
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources=report_resources(notebook.stem))
    body = neutralise_urls(body)
    left = unsafe_urls(body)
    if left:  # pragma: no cover - neutralise_urls removes them; never publish a report that has one
        raise RunError(f"{target.name}: the report still holds unsafe URLs after sanitising: {left[:3]}")
    write_text_atomic(target, body)
    return target
