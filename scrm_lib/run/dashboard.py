"""The course's session-5 listening dashboard: notebook 01 served by Voilà (``make dashboard``).

Why Voilà (measured in ``bench/dashboard_startup.py``, results in ``docs/benchmarks.md``): it serves the
notebook as it is — the same ipywidgets controls (:func:`scrm_lib.reports.nbtools.interactive_view`) that work
in JupyterLab, with the code hidden — so the dashboard and the notebook cannot drift apart. Panel runs a
notebook as a script without an IPython kernel, so those controls do not show; a Panel dashboard would
need every view rewritten as Panel objects, plus the Bokeh server stack.

:func:`dashboard_notebook` writes the notebook Voilà serves: notebook 01 without course cells (no
exercise or solution cell: the dashboard is what a listening tool shows, not a handout) and with the
interactive view moved to the top, right after loading, so the controls are the first thing on screen.

    .venv/bin/python -m scrm_lib.run.dashboard [--port 8866]     # what `make dashboard` runs
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat

from scrm_lib.core.config import NOTEBOOKS_DIR, PROJECT_ROOT
from scrm_lib.reports.course import select_cells

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


#: Name of the Voilà template the dashboard uses: Voilà's ``lab`` template without its CDN stylesheets.
TEMPLATE = "scrm-dashboard"
_REMOTE_LINK = re.compile(r"""^.*<link\b[^>]*\bhref=["']https?://[^>]*>.*\n?""", re.MULTILINE)


def voila_template(out_dir: Path | None = None) -> Path:
    """Write the dashboard's Voilà template and return the data folder to put on ``JUPYTER_PATH``.

    A copy of the installed Voilà ``lab`` template without the ``<link>`` tags that fetch stylesheets
    (Font Awesome) from a CDN: the dashboard works offline and makes no request leaving the machine.
    """
    from jupyter_core.paths import jupyter_path

    src = next((Path(p) / "lab" for p in jupyter_path("voila", "templates") if (Path(p) / "lab" / "index.html.j2").is_file()),
               None)
    data_dir = (out_dir or BUILD_DIR) / "jupyter"
    if src is None:  # pragma: no cover - voila is a dependency
        return data_dir
    dst = data_dir / "voila" / "templates" / TEMPLATE
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    (dst / "conf.json").write_text('{"base_template": "lab"}\n', encoding="utf-8")  # Voila's and nbconvert's lab below it
    index = dst / "index.html.j2"
    index.write_text(_REMOTE_LINK.sub("", index.read_text(encoding="utf-8")), encoding="utf-8")
    return data_dir


def voila_command(notebook: Path, port: int = DEFAULT_PORT) -> list[str]:
    """The Voilà command line serving ``notebook`` on ``127.0.0.1:port`` (code hidden, no tracebacks,
    the offline template of :func:`voila_template`)."""
    return [str(Path(sys.executable).parent / "voila"), str(notebook), "--no-browser", "--Voila.ip=127.0.0.1",
            f"--port={port}", "--show_tracebacks=False", f"--template={TEMPLATE}"]


def main(argv: list[str] | None = None) -> int:
    """Build the dashboard notebook and serve it with Voilà (which replaces this process) until interrupted."""
    ap = argparse.ArgumentParser(prog="python -m scrm_lib.run.dashboard", description="the session-5 listening dashboard")
    ap.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = ap.parse_args(argv)
    nb = dashboard_notebook()
    env = {k: v for k, v in os.environ.items() if k != "SCRM_HEADLESS"}  # the dashboard is interactive
    data_dir = voila_template()
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(data_dir), env.get("JUPYTER_PATH", "")) if p)
    print(f"Listening dashboard: http://127.0.0.1:{args.port}/ (first view once notebook 01 has run, ~30 s)", flush=True)
    os.chdir(NOTEBOOKS_DIR)
    cmd = voila_command(nb, args.port)
    os.execve(cmd[0], cmd, env)  # Voila replaces this process: a signal to it (Ctrl-C, SIGTERM) reaches Voila itself


if __name__ == "__main__":
    sys.exit(main())
