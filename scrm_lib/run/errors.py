"""Mapping a failed execution to the cell that failed.

:func:`error_location` finds the failing cell of an executed notebook (its 1-based position in
the *source* notebook, by cell id); :func:`mark_stopped_cell` gives a cell that stopped without
an error output (a cell timeout, a dead kernel) one, with papermill's error banner, so the
executed notebook and the manifest both name it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

#: Papermill tags the cells it adds; stripping and error lookup skip them.
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
INJECTED_TAG = "injected-parameters"


def error_location(executed: Any, source: Any) -> dict[str, Any] | None:
    """Find the failing cell of an executed notebook.

    Returns ``{"cell", "cell_id", "execution_count", "ename", "evalue"}`` where
    ``cell`` is the 1-based position of the failing cell in the *source* notebook
    (found by cell id; papermill's added cells do not count), or ``None`` when no
    cell has an error output.
    """
    ids = [c.get("id") for c in source.cells]
    for cell in executed.cells:
        if PAPERMILL_ERROR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                if out.get("ename") == "SystemExit" and str(out.get("evalue")) in ("", "0"):
                    continue
                cid = cell.get("id")
                position = ids.index(cid) + 1 if cid in ids else None
                return {
                    "cell": position,
                    "cell_id": cid,
                    "execution_count": cell.get("execution_count"),
                    "ename": out.get("ename"),
                    "evalue": str(out.get("evalue", ""))[:500],
                }
    return None


def is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or type(exc).__name__ == "CellTimeoutError" or "timed out" in str(exc).lower()


def mark_stopped_cell(executed: Any, source: Any, output: Path, exc: BaseException) -> dict[str, Any] | None:
    """A cell stopped without an error output (a cell timeout, a dead kernel): give it one and
    papermill's error banner, so the executed notebook and the manifest both name the cell.

    The cell is the one papermill marked ``running`` (else the first one not ``completed``).
    Returns the :func:`error_location` of the marked notebook, or ``None`` when no cell started.
    """
    import nbformat
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    def status(cell: Any) -> str | None:
        return cell.get("metadata", {}).get("papermill", {}).get("status")

    if any(PAPERMILL_ERROR_TAG in c.get("metadata", {}).get("tags", []) for c in executed.cells):
        return error_location(executed, source)
    code = [c for c in executed.cells if c.cell_type == "code"]
    errored = next((c for c in code if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    stopped = errored or next((c for c in code if status(c) == "running"), None)
    if stopped is None:
        stopped = next((c for c in code if status(c) not in ("completed", None)), None)
    if stopped is None:
        return None
    name = "CellTimeoutError" if is_timeout(exc) else type(exc).__name__
    message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else name
    if errored is None:
        stopped.setdefault("outputs", []).append(
            nbformat.v4.new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])
        )
    with contextlib.suppress(PapermillExecutionError):
        raise_for_execution_errors(executed, str(output))
    return error_location(nbformat.read(output, as_version=4), source)
