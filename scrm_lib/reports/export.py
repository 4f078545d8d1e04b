"""Report mode: what a scheduled or ``make run`` report looks like, as opposed to a course handout.

- **Code hidden by default.** ``scrm run`` exports reports without code cells; ``--show-code``
  brings the code back (:func:`report_request`). A course run (``--course``) keeps the code: a
  handout is something students work in.
- **"How this was computed".** With the code hidden, each code cell's output is followed by one
  line naming the workbench functions the cell called, each linked to its source file and titled
  with the first line of its docstring (:class:`HowComputed`, :func:`functions_called`).
- **Exercises only in handouts.** Outside a course run, notebooks that have course cells run with
  ``show_exercises: false`` unless the params file or an override says otherwise.
- **Self-contained HTML.** :func:`report_exporter` uses ``templates/report.html.j2``: no
  require.js, MathJax, Mermaid or widget-manager script from a CDN (the notebooks use no
  math and reports carry no live widgets), CSS inlined, images embedded, long table text wrapped.

:func:`scrm_lib.run.runner.export_html` calls :func:`report_exporter`; ``scrm run`` calls
:func:`report_request` on every request it builds.
"""

from __future__ import annotations

import ast
import html
import importlib
import inspect
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from scrm_lib.core.config import PARAMS_DIR, resolve_path

#: Package whose functions the "how this was computed" line names.
PACKAGE = "scrm_lib"
#: Modules never named (plumbing, not computation).
SKIPPED_MODULES: tuple[str, ...] = ("scrm_lib.reports.nbtools", "scrm_lib.params", "scrm_lib.core.config", "scrm_lib.reports.viz.tables",
                                    "scrm_lib.reports.export", "scrm_lib.core.errors")
#: At most this many functions per line.
MAX_FUNCTIONS = 5
TEMPLATES_DIR: Path = Path(__file__).parent / "templates"
COURSE_PARAMS_DIR: Path = PARAMS_DIR / "course"

#: CSS added to every report: long text wraps in tables and code, tables scroll instead of overflowing.
REPORT_CSS = """
.jp-RenderedHTMLCommon td { white-space: normal; overflow-wrap: break-word; max-width: 38em; vertical-align: top; }
.jp-RenderedHTMLCommon th { white-space: normal; overflow-wrap: normal; vertical-align: bottom; }
.jp-OutputArea-output { overflow-x: auto; }
.jp-OutputArea-output pre, .jp-InputArea pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.scrm-table-note { color: #555; margin: 0.2em 0 0.8em 0; }
.scrm-how { color: #555; font-size: 0.85em; margin: 0.1em 0 1em 0; }
.scrm-how code { font-size: 0.95em; }
main { max-width: 1200px; margin: 0 auto; }
"""


# --------------------------------------------------------------------------- requests


def is_course_request(request: Any) -> bool:
    """True for a request made by ``scrm run --course`` (its params file is in ``params/course/``)."""
    if not request.params_file:
        return False
    try:
        return resolve_path(request.params_file).resolve().parent == COURSE_PARAMS_DIR.resolve()
    except (OSError, ValueError):
        return False


def _stem_of(request: Any) -> str | None:
    from scrm_lib.params import NOTEBOOK_KEY, read_params_file
    from scrm_lib.run.runner import resolve_notebook

    name = request.name
    if name is None and request.params_file:
        name = read_params_file(request.params_file).get(NOTEBOOK_KEY)
    return resolve_notebook(str(name)).stem if name else None


def report_request(request: Any, show_code: bool = False) -> Any:
    """``request`` (a :class:`~scrm_lib.run.runner.RunRequest`) in report mode.

    Outside a course run: code hidden unless ``show_code``; ``show_exercises: false`` for a notebook
    with course cells unless the params file or the overrides set it (or ask for solutions).
    A course request is returned unchanged. Problems (unknown notebook, bad file) are left to
    :func:`scrm_lib.run.runner.plan`, which reports them all at once.
    """
    from scrm_lib.core.errors import ScrmError
    from scrm_lib.params import params_model, read_params_file

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


# --------------------------------------------------------------------------- how this was computed


def import_aliases(sources: Iterable[str], package: str = PACKAGE) -> dict[str, str]:
    """Names bound by ``import``/``from … import`` statements of ``package`` in ``sources``:
    ``{"L": "scrm_lib.metrics.listening", "dataset_summary": "scrm_lib.metrics.overview.dataset_summary"}``."""
    out: dict[str, str] = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package:
                for a in node.names:
                    out[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] == package:
                        out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    return out


def _resolve(dotted: str) -> Any:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for p in parts[cut:]:
                obj = getattr(obj, p)
        except AttributeError:
            return None
        return obj
    return None


def functions_called(source: str, aliases: Mapping[str, str]) -> list[Any]:
    """The workbench functions (and classes) a cell's ``source`` calls, in order of first call,
    resolved through the notebook's ``aliases`` (:func:`import_aliases`); plumbing modules
    (:data:`SKIPPED_MODULES`) and plotting functions are left out."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found: list[Any] = []
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    for node in calls:
        f = node.func
        dotted = None
        if isinstance(f, ast.Name) and f.id in aliases:
            dotted = aliases[f.id]
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in aliases:
            dotted = f"{aliases[f.value.id]}.{f.attr}"
        if dotted is None:
            continue
        obj = _resolve(dotted)
        module = getattr(obj, "__module__", "") or ""
        if obj is None or not callable(obj) or not module.startswith(PACKAGE) or module.startswith(SKIPPED_MODULES):
            continue
        if module.startswith(f"{PACKAGE}.reports.viz."):
            continue
        if obj not in found:
            found.append(obj)
    return found[:MAX_FUNCTIONS]


def _summary(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ").strip()
    return first[:300]


def how_computed_html(functions: Sequence[Any], report_dir: Path | None = None) -> str:
    """The "How this was computed" line: each function's qualified name linked to its source
    file (relative to ``report_dir`` when given), with its docstring summary as tooltip."""
    links = []
    for obj in functions:
        name = f"{obj.__module__.removeprefix(PACKAGE + '.')}.{obj.__qualname__}"
        try:
            src = Path(inspect.getsourcefile(obj) or "")
            line = inspect.getsourcelines(obj)[1]
        except (OSError, TypeError):
            src, line = Path(), 0
        href = ""
        if src.name:
            href = os.path.relpath(src, report_dir) if report_dir else str(src)
            href = Path(href).as_posix()
        title = _summary(obj) + (f" ({Path(href).name}, line {line})" if href else "")
        label = f"<code>{html.escape(name)}</code>"
        links.append(f'<a href="{html.escape(href)}" title="{html.escape(title)}">{label}</a>' if href else label)
    return f'<p class="scrm-how">How this was computed: {", ".join(links)}.</p>'


def _how_preprocessor(report_dir: Path | None) -> Any:
    from nbconvert.preprocessors import Preprocessor
    from nbformat.v4 import new_output

    class HowComputed(Preprocessor):
        """After each code cell's outputs, the "How this was computed" line (code-free reports)."""

        def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
            aliases = import_aliases(c.source for c in nb.cells if c.cell_type == "code")
            for cell in nb.cells:
                if cell.cell_type != "code" or not cell.get("outputs"):
                    continue
                shown = [o for o in cell.outputs if o.get("output_type") != "stream" or o.get("name") == "stdout"]
                funcs = functions_called(cell.source, aliases)
                if shown and funcs:
                    cell.outputs.append(new_output("display_data", data={"text/html": how_computed_html(funcs, report_dir)}))
            return nb, resources

    return HowComputed()


# --------------------------------------------------------------------------- export


def report_exporter(exclude_input: bool = False, report_dir: Path | None = None, sanitizer: Any = None) -> Any:
    """The nbconvert HTML exporter of every report: self-contained (no CDN script), images
    embedded, code hidden when ``exclude_input`` (then each output is followed by the "How this
    was computed" line, linked relative to ``report_dir``). ``sanitizer`` (an nbconvert
    preprocessor) runs first, so the line is added after user data has been cleaned."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=exclude_input,
        embed_images=True,
        template_file="report.html.j2",
        extra_template_paths=[str(TEMPLATES_DIR)],
    )
    if sanitizer is not None:
        exporter.register_preprocessor(sanitizer, enabled=True)
    if exclude_input:
        exporter.register_preprocessor(_how_preprocessor(report_dir), enabled=True)
    return exporter


def report_resources(name: str) -> dict[str, Any]:
    """The ``resources`` to pass to :func:`report_exporter`'s ``from_notebook_node``."""
    return {"metadata": {"name": name}, "scrm_report_css": REPORT_CSS}


# --------------------------------------------------------------------------- prose


def bullet_sections(sections: Sequence[tuple[str, Sequence[str]]]) -> str:
    """Markdown with one paragraph heading per section, each followed by its bullets.

    Sections are separated by blank lines, so a heading never runs into the previous list (in
    Markdown a line right after a bullet continues that bullet). A bullet may already start with "- ". Headings and bullets are used
    as given: escape user values before (:func:`scrm_lib.reports.nbtools.md_text`).
    """
    blocks = []
    for heading, bullets in sections:
        lines = [heading.strip()] if heading.strip() else []
        items = "\n".join(f"- {b.strip().removeprefix('- ')}" for b in bullets if b.strip())
        if lines and items:
            lines.append("")
        if items:
            lines.append(items)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def target_sentences(table: Any, value: str, target: str = "target", label_cols: Sequence[str] = ("model", "dataset"),
                     decimals: int = 3) -> list[str]:
    """One Markdown sentence per row of ``table`` that has a target: met or **missed**, and by how much.

    Said from the numbers in the table (whatever the models score on this run), so a missed target
    is in the prose, never only in a table column. Rows without a target or value are skipped.
    Labels are HTML-escaped (they may come from user files).
    """
    import math

    from scrm_lib.reports.nbtools import escape

    out = []
    for row in table.to_dict("records"):
        v, t = row.get(value), row.get(target)
        if v is None or t is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(t, float) and math.isnan(t)):
            continue
        label = " on ".join(f"`{escape(row[c])}`" for c in label_cols if c in row)
        gap = float(v) - float(t)
        verdict = "met" if gap >= 0 else "**missed**"
        out.append(f"{label}: {value.replace('_', '-')} {float(v):.{decimals}f} against a target of {float(t):.{decimals}f} — "
                   f"{verdict} ({'+' if gap >= 0 else '−'}{abs(gap):.{decimals}f}).")
    return out


#: Column headers naming each response rate's denominator, so two rates with different denominators
#: are never read as the same number: notebook 01 (listening: every conversation post about a brand) …
LISTENING_RATE_HEADERS: dict[str, str] = {
    "inbound": "conversation posts",
    "reply_rate": "reply rate (answered ÷ all conversation posts)",
    "median_min": "median minutes to first answer (answered posts)",
    "p90_min": "90th percentile minutes (answered posts)",
    "within_sla": "answered within SLA",
    "sla_share": "share within SLA (÷ all conversation posts)",
    "sla_share_of_answered": "share within SLA (÷ answered posts)",
}
#: … and notebook 07 (the audit: customer posts that start a thread on a channel where the brand has an
#: account, of the traits that expect an answer).
AUDIT_RATE_HEADERS: dict[str, str] = {
    "customer_posts": "customer posts expecting an answer",
    "reply_rate": "reply rate (answered ÷ customer posts expecting an answer)",
    "median_minutes": "median minutes to first answer (answered posts)",
    "p90_minutes": "90th percentile minutes (answered posts)",
    "within_sla": "answered within SLA",
    "share_within_sla": "share within SLA (÷ customer posts expecting an answer)",
}
