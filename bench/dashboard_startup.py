"""Benchmark: serving notebook 01 as the session-5 listening dashboard — Voilà vs Panel.

For each server, on a free loopback port: start it, time until it answers HTTP (``server_ready_s``),
open the dashboard in headless Chromium (Debian's ``chromium``) and time until the page is complete
(``first_view_s``: for Voilà, the notebook has run and the interactive view has drawn; for Panel, the
page has loaded and the network is idle), then the resident memory of the server's whole process
tree (server + kernel, ``rss_mb``). Each server is started ``--repeat`` times; medians reported.

Panel serves the same notebook file, but it runs it as a script (no IPython kernel), so the
notebook's ipywidgets controls are not shown: a Panel dashboard would need its views rewritten as
Panel objects. The numbers below measure the serving cost of each stack on the same notebook.

Usage: ``.venv/bin/python bench/dashboard_startup.py [--repeat 2]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "01_listening_analysis.ipynb"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree_rss_mb(pid: int) -> float:
    p = psutil.Process(pid)
    procs = [p, *p.children(recursive=True)]
    return round(sum(q.memory_info().rss for q in procs if q.is_running()) / 2**20, 1)


def _command(kind: str, port: int) -> tuple[list[str], str]:
    if kind == "voila":
        return ([str(BIN / "voila"), str(NOTEBOOK), f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
                 "--show_tracebacks=False"], f"http://127.0.0.1:{port}/")
    return ([str(BIN / "panel"), "serve", str(NOTEBOOK), f"--port={port}", "--address=127.0.0.1",
             f"--allow-websocket-origin=127.0.0.1:{port}"], f"http://127.0.0.1:{port}/{NOTEBOOK.stem}")


def measure(kind: str, browser) -> dict:
    port = _port()
    cmd, url = _command(kind, port)
    env = {k: v for k, v in os.environ.items() if k not in ("SCRM_HEADLESS", "MPLBACKEND")}
    with tempfile.TemporaryDirectory() as tmp:
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while True:  # ready = accepts connections (an HTTP probe would start a Panel session)
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.perf_counter() - t0 > 120:
                        raise RuntimeError((Path(tmp) / "server.log").read_text()[-2000:]) from None
                    time.sleep(0.2)
            ready = time.perf_counter() - t0
            page = browser.new_page()
            t1 = time.perf_counter()
            page.goto(url, timeout=300_000)
            if kind == "voila":
                page.wait_for_selector(".scrm-view-status[data-state='ok']", state="attached", timeout=300_000)
            else:
                page.wait_for_load_state("networkidle", timeout=300_000)
            first_view = time.perf_counter() - t1
            rss = _tree_rss_mb(proc.pid)
            page.close()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)  # the server's own process group (kernels included)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()
    return {"server_ready_s": round(ready, 2), "first_view_s": round(first_view, 2), "rss_mb": rss}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    out: dict = {"benchmark": "dashboard_startup", "notebook": NOTEBOOK.name, "machine": machine(), "servers": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"], headless=True)
        for kind in ("voila", "panel"):
            runs = [measure(kind, browser) for _ in range(args.repeat)]
            out["servers"][kind] = {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"runs": runs}
        browser.close()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
