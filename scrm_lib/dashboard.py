"""The course's session-5 listening dashboard: notebook 01 served by Voilà (``make dashboard``).

Why Voilà (measured in ``bench/dashboard_startup.py``, results in ``docs/benchmarks.md``): it serves the
notebook as it is — the same ipywidgets controls (:func:`scrm_lib.nbtools.interactive_view`) that work
in JupyterLab, with the code hidden — so the dashboard and the notebook cannot drift apart. Panel runs a
notebook as a script without an IPython kernel, so those controls do not show; a Panel dashboard would
need every view rewritten as Panel objects, plus the Bokeh server stack.

:func:`dashboard_notebook` writes the notebook Voilà serves: notebook 01 without course cells (no
exercise or solution cell: the dashboard is what a listening tool shows, not a handout) and with the
interactive view moved to the top, right after loading, so the controls are the first thing on screen.

    .venv/bin/python -m scrm_lib.dashboard [--port 8866]     # what `make dashboard` runs
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from scrm_lib.config import NOTEBOOKS_DIR, PROJECT_ROOT
from scrm_lib.course import select_cells

#: The notebook the dashboard serves (course session 5: listening dashboards).
NOTEBOOK = "01_listening_analysis"
#: Where the served copy is written (git-ignored; rewritten at every start).
BUILD_DIR: Path = PROJECT_ROOT / ".dashboard"
DEFAULT_PORT = 8866
#: Marker of the cell holding a notebook's interactive view.
VIEW_MARKER = "interactive_view("


def dashboard_notebook(stem: str = NOTEBOOK, out_dir: Path | None = None) -> Path:
    """Write the dashboard version of notebook ``stem`` and return its path (see the module docstring)."""
    nb = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    nb, _ = select_cells(nb, show_solutions=False, show_exercises=False)
    cells = list(nb.cells)
    view = next((i for i, c in enumerate(cells) if c.cell_type == "code" and VIEW_MARKER in c.source), None)
    if view is not None:
        moved = cells[view - 1: view + 1] if view > 0 and cells[view - 1].cell_type == "markdown" else [cells[view]]
        if moved[0].cell_type == "markdown":  # "## 11 · Explore (JupyterLab)" -> "## Explore"
            moved[0].source = re.sub(r"^(#+ )\d+ · (.*?)( \(JupyterLab\))?$", r"\1\2", moved[0].source, count=1, flags=re.M)
        rest = [c for c in cells if all(c is not m for m in moved)]
        # right after the first code cell that loads data (the one after `notebook_params`)
        code = [i for i, c in enumerate(rest) if c.cell_type == "code"
                and "parameters" not in c.metadata.get("tags", []) and "notebook_params(" not in c.source]
        at = code[0] + 1 if code else len(rest)
        cells = rest[:at] + moved + rest[at:]
    nb.cells = cells
    out = (out_dir or BUILD_DIR)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{stem}.ipynb"
    nbformat.write(nb, target)
    return target


def voila_command(notebook: Path, port: int = DEFAULT_PORT) -> list[str]:
    """The Voilà command line serving ``notebook`` on ``127.0.0.1:port`` (code hidden, no tracebacks)."""
    return [str(Path(sys.executable).parent / "voila"), str(notebook), "--no-browser", "--Voila.ip=127.0.0.1",
            f"--port={port}", "--show_tracebacks=False"]


def main(argv: list[str] | None = None) -> int:
    """Build the dashboard notebook and serve it with Voilà until interrupted."""
    ap = argparse.ArgumentParser(prog="python -m scrm_lib.dashboard", description="the session-5 listening dashboard")
    ap.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = ap.parse_args(argv)
    nb = dashboard_notebook()
    env = {k: v for k, v in os.environ.items() if k != "SCRM_HEADLESS"}  # the dashboard is interactive
    print(f"Listening dashboard: http://127.0.0.1:{args.port}/ (first view once notebook 01 has run, ~30 s)", flush=True)
    try:
        return subprocess.call(voila_command(nb, args.port), env=env, cwd=NOTEBOOKS_DIR)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
