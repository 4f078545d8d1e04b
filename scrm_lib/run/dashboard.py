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

Voilà runs in this process, after :func:`wake_safe_zmq_channels` (issue 16: without it, 3 of 27 starts
never showed their first view; with it, 35 of 35 did; ``docs/benchmarks.md``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
from jupyter_client.channels import AsyncZMQSocketChannel
from voila.app import main as voila_main

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


def wake_safe_zmq_channels() -> None:
    """Make a message that reaches a kernel-client socket while the server sends on it wake its waiter.

    The root cause of issue 16 (the dashboard's first view never arriving, page stuck at Voilà's
    "Executing 6 of 43", kernel idle, server idle). Voilà runs the notebook with nbclient, which
    mirrors an ``ipywidgets.Output`` widget's outputs back to the kernel: for each output the
    interactive view draws into its Output widget, nbclient sends a ``comm_msg`` on the *shell*
    socket while it is awaiting the cell's ``execute_reply`` on that same socket.
    ``jupyter_client.session.Session.send`` sends through a blocking shadow of the ``zmq.asyncio``
    socket, and ZeroMQ's notification descriptor is edge-triggered: a send that runs just after
    the reply has reached the socket's queue consumes the notification, so the event loop is never
    told, and nbclient waits for that reply for ever (no timeout by default). pyzmq's own async
    send re-checks the socket's events after sending when a receive is pending; this does the same
    after every send of jupyter_client's async channels (idempotent; known upstream as
    voila-dashboards/voila#1428, jupyter/jupyter_client#1059 and jupyter/nbclient#312, open).
    """
    send = AsyncZMQSocketChannel.send
    if getattr(send, "_wake_safe", False):
        return

    def wake_safe_send(self: AsyncZMQSocketChannel, msg: dict[str, object]) -> None:
        send(self, msg)
        sock = self.socket
        if sock is not None and not sock.closed and getattr(sock, "_recv_futures", None):
            sock._schedule_remaining_events()  # what pyzmq's own async send does (zmq/_future.py)

    wake_safe_send._wake_safe = True  # type: ignore[attr-defined]
    AsyncZMQSocketChannel.send = wake_safe_send  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    """Build the dashboard notebook and serve it with Voilà, in this process, until interrupted."""
    ap = argparse.ArgumentParser(prog="python -m scrm_lib.run.dashboard", description="the session-5 listening dashboard")
    ap.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = ap.parse_args(argv)
    nb = dashboard_notebook()
    os.environ.pop("SCRM_HEADLESS", None)  # the dashboard is interactive (the kernel inherits this environment)
    data_dir = voila_template()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(data_dir), os.environ.get("JUPYTER_PATH", "")) if p)
    print(f"Listening dashboard: http://127.0.0.1:{args.port}/ (first view once notebook 01 has run, ~30 s)", flush=True)
    os.chdir(NOTEBOOKS_DIR)
    wake_safe_zmq_channels()  # in the server's own process: Voila is not exec'd (issue 16)
    voila_main(argv=voila_command(nb, args.port)[1:])  # a signal to this process (Ctrl-C, SIGTERM) reaches Voila
    return 0


if __name__ == "__main__":
    sys.exit(main())
