"""Issue 16's stall without the course notebook: Voilà on a 3-cell notebook whose middle cell fills an
``ipywidgets.Output`` (what ``nbtools.interactive_view`` does), started ``--n`` times.

Plain Voilà, or (``--fix``) Voilà after :func:`scrm_lib.run.dashboard.wake_safe_zmq_channels`, as
``python -m scrm_lib.run.dashboard`` runs it. A start whose page does not move for ``--stall`` seconds
is a stall: the server's asyncio tasks and zmq sockets are dumped (``bench/dashboard_stall_hook``)
and their events re-checked, then the page is read for 30 s more (``resumed_after_kick``: seconds
until it completed, false if it did not). Prints one JSON line per start and a summary.

Usage: ``.venv/bin/python bench/dashboard_stall_minimal.py --n 20 [--fix]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
HOOK = Path(__file__).resolve().parent / "dashboard_stall_hook"
MARK = re.compile(rb"voila_process\((\d+), (\d+)\)")
CELLS = [
    "import ipywidgets as w\nfrom IPython.display import Markdown, display",
    "out = w.Output()\ndisplay(out)\nwith out:\n    for i in range(40):\n        display(Markdown(f'line {i} ' + 'x' * 2000))",
    "print('done')",
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one(i: int, nb: Path, args: argparse.Namespace, out: Path) -> dict:
    port = _port()
    code = ("import sys\n" + ("from scrm_lib.run.dashboard import wake_safe_zmq_channels\nwake_safe_zmq_channels()\n" if args.fix else "")
            + "from voila.app import main\nmain(argv=sys.argv[1:])")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(HOOK), DS_DUMP_DIR=str(out), DS_KICK="1", JUPYTER_CONFIG_DIR=f"{tmp}/c",
                   JUPYTER_DATA_DIR=f"{tmp}/d", JUPYTER_RUNTIME_DIR=f"{tmp}/r", IPYTHONDIR=f"{tmp}/i")
        kernels = Path(tmp, "d", "kernels", "python3")
        kernels.mkdir(parents=True)
        (kernels / "kernel.json").write_text(json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                                         "display_name": "Python 3", "language": "python"}))
        cmd = [sys.executable, "-c", code, str(nb), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        res: dict = {"i": i, "fix": args.fix}
        try:
            t0 = time.time()
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            last, seen, done, buf, resumed = 0, time.time(), False, b"", None
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:  # noqa: S310 - loopback
                while time.time() - seen < args.stall:
                    chunk = r.read1(65536)
                    if not chunk:
                        done = True
                        break
                    buf = buf[-100:] + chunk
                    for m in MARK.finditer(buf):
                        if int(m.group(1)) > last:
                            last, seen = int(m.group(1)), time.time()
                if not done:
                    os.kill(proc.pid, signal.SIGUSR2)
                    time.sleep(1)
                    os.kill(proc.pid, signal.SIGUSR1)
                    t1, resumed = time.time(), False
                    while time.time() - t1 < 30:
                        if not r.read1(65536):
                            resumed = round(time.time() - t1, 1)
                            break
            res.update(ok=done, last_cell=last, seconds=round(time.time() - t0, 1), server_pid=proc.pid,
                       resumed_after_kick=resumed)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--fix", action="store_true", help="install scrm_lib.run.dashboard.wake_safe_zmq_channels first")
    ap.add_argument("--stall", type=float, default=60)
    ap.add_argument("--out", default="/tmp/dashboard_stall_minimal")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        nb = Path(tmp) / "output_widget.ipynb"
        book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
        book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(book, nb)
        results = []
        for i in range(args.n):
            results.append(one(i, nb, args, out))
            print(json.dumps(results[-1]), flush=True)
    ok = sum(bool(r["ok"]) for r in results)
    print(json.dumps({"summary": True, "fix": args.fix, "n": len(results), "ok": ok, "stalled": len(results) - ok,
                      "resumed_after_kick": sum(bool(r["resumed_after_kick"]) for r in results)}), flush=True)


if __name__ == "__main__":
    main()
