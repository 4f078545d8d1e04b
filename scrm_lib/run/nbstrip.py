"""Keep committed notebooks clean: no outputs except the ones nbval checks.

A committed notebook carries

- no outputs, except the text outputs of cells whose first line is
  ``# NBVAL_CHECK_OUTPUT`` (nbval in lax mode compares exactly those);
- no execution counts (a checked cell keeps one: its position among the code cells,
  as a fresh top-to-bottom run numbers it, because nbval ignores outputs of cells
  without a count), images, widget state, or papermill/timing metadata;
- its cell tags (``parameters`` must survive) and cell ids.

:func:`strip_notebook` is what ``scrm notebooks strip`` applies; it is idempotent,
so ``strip_notebook(nb) == nb`` is the test that a committed notebook is clean.
:func:`merge_checked_outputs` is what ``scrm notebooks refresh`` uses to copy the
checked outputs of a freshly executed notebook onto the source notebook.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

#: First line that marks a cell whose outputs nbval compares (and we keep).
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
#: Notebook-level metadata keys removed (widget state, papermill, run timings).
DROP_NOTEBOOK_METADATA = ("widgets", "papermill", "execution", "toc", "varInspector")
#: Cell-level metadata keys removed (papermill timings, JupyterLab timings, view state).
DROP_CELL_METADATA = ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled", "jupyter", "widgets")
#: Tags papermill adds to cells it creates; such cells are removed.
PAPERMILL_CELL_TAGS = ("injected-parameters", "papermill-error-cell-tag")
#: Output MIME types never kept (binary or stateful).
DROP_MIME_PREFIXES = ("image/", "application/vnd.jupyter.widget", "application/javascript", "text/vnd.plotly")


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat allows a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_checked_cell(cell: dict[str, Any]) -> bool:
    """True for a code cell whose first line is ``# NBVAL_CHECK_OUTPUT``."""
    if cell.get("cell_type") != "code":
        return False
    first = cell_source(cell).lstrip("\n").split("\n", 1)[0].strip()
    return first == CHECK_MARKER


def clean_output(output: dict[str, Any], execution_count: int | None = None) -> dict[str, Any] | None:
    """A checked cell's output reduced to its text, or ``None`` when nothing textual remains.

    Streams are kept; rich outputs keep their non-image, non-widget MIME types with
    empty metadata; an ``execute_result`` gets ``execution_count``; errors are dropped.
    """
    kind = output.get("output_type")
    if kind == "stream":
        return {"output_type": "stream", "name": output.get("name", "stdout"), "text": output.get("text", "")}
    if kind in ("execute_result", "display_data"):
        data = {k: v for k, v in output.get("data", {}).items() if not k.startswith(DROP_MIME_PREFIXES)}
        if not data:
            return None
        out: dict[str, Any] = {"output_type": kind, "data": data, "metadata": {}}
        if kind == "execute_result":
            out["execution_count"] = execution_count
        return out
    return None


def _clean_cell_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in metadata.items() if k not in DROP_CELL_METADATA}
    if out.get("tags") == []:  # papermill adds empty tag lists
        del out["tags"]
    return out


def strip_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    """Return a stripped copy of notebook ``nb`` (a JSON dict or NotebookNode).

    Removes papermill-made cells, all outputs except those of checked cells (reduced
    by :func:`clean_output`, numbered by their position among code cells), execution
    counts, widget state and papermill/execution
    metadata; drops the machine-specific ``language_info.version``. Tags and ids stay.
    """
    out = copy.deepcopy(dict(nb))
    cells = []
    n_code = 0
    for cell in out.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", [])
        if any(t in PAPERMILL_CELL_TAGS for t in tags):
            continue
        cell["metadata"] = _clean_cell_metadata(cell.get("metadata", {}))
        if cell.get("cell_type") == "code":
            n_code += 1
            cell["execution_count"] = None
            if is_checked_cell(cell):
                outputs = [o for o in (clean_output(x, n_code) for x in cell.get("outputs", [])) if o]
                cell["outputs"] = outputs
                cell["execution_count"] = n_code if outputs else None
            else:
                cell["outputs"] = []
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        cells.append(cell)
    out["cells"] = cells
    meta = {k: v for k, v in out.get("metadata", {}).items() if k not in DROP_NOTEBOOK_METADATA}
    if isinstance(meta.get("language_info"), dict):
        meta["language_info"] = {k: v for k, v in meta["language_info"].items() if k == "name"}
    out["metadata"] = meta
    return out


def merge_checked_outputs(source: dict[str, Any], executed: dict[str, Any]) -> dict[str, Any]:
    """The stripped ``source`` notebook with the checked cells' outputs from ``executed``.

    Cells are matched by id (papermill keeps ids and adds its own cells, which have
    other ids). The sources of ``source`` are kept unchanged: injected parameters never
    leak into the committed notebook.
    """
    by_id = {c.get("id"): c for c in executed.get("cells", []) if c.get("id")}
    merged = copy.deepcopy(dict(source))
    for cell in merged.get("cells", []):
        if is_checked_cell(cell):
            ran = by_id.get(cell.get("id"))
            cell["outputs"] = copy.deepcopy(ran.get("outputs", [])) if ran else []
    return strip_notebook(merged)


def read_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook without converting its nbformat version."""
    import nbformat

    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def write_notebook(nb: dict[str, Any], path: Path) -> None:
    """Write a notebook exactly as Jupyter does (so saving in JupyterLab makes no diff)."""
    import nbformat

    nbformat.write(nbformat.from_dict(nb), path)


def notebook_text(nb: dict[str, Any]) -> str:
    """The file content Jupyter would write for ``nb`` (for change detection)."""
    import nbformat

    text = nbformat.writes(nbformat.from_dict(nb))
    return text if text.endswith("\n") else text + "\n"  # nbformat.write adds the newline
