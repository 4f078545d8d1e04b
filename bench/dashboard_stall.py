"""Repro for issue 16: does the listening dashboard's first view always arrive?

Starts ``python -m scrm_lib.run.dashboard`` (a fresh server, fresh Jupyter dirs, as the browser test does)
``--n`` times and fetches its first view, either through Voilà's own streamed HTTP page (``--mode http``:
the server runs the notebook cell by cell while it writes the page; the ``voila_process(i, n)`` markers
say how far it got) or in headless Chromium (``--mode browser``: until the interactive view's status
element is on the page). ``--load K`` runs K busy Python loops in parallel (CI machines are shared).

A start whose page makes no progress for ``--stall`` seconds counts as stalled: the kernel and the
server are dumped with ``py-spy dump`` (when installed), and the server log, the dumps and the last cell
reached are kept under ``--out``. Prints one JSON line per start and a summary line.

Usage: ``.venv/bin/python bench/dashboard_stall.py --n 20 --mode http --load 2 --hook bench/dashboard_stall_hook``
(``--root DIR`` serves another copy of the project, e.g. ``git archive`` of the commit before the fix;
``bench/dashboard_stall_minimal.py`` is the same stall on a 3-cell notebook, about 5x faster per start).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MARK = re.compile(rb"voila_process\((\d+), (\d+)\)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SCRM_HEADLESS", "MPLBACKEND")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"))
    kernels = tmp / "data" / "kernels" / "python3"
    kernels.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3", "language": "python"}
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return env


def _burn(stop: float) -> None:
    x = 0
    while time.time() < stop:
        x += 1


def _dump(pid: int) -> str:
    spy = shutil.which("py-spy") or str(BIN / "py-spy")
    if not Path(spy).exists():
        return "(py-spy not installed)"
    try:
        r = subprocess.run([spy, "dump", "--locals", "--pid", str(pid)], capture_output=True, text=True, timeout=60)
        return r.stdout + r.stderr
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"(py-spy failed: {exc})"


def _diagnose(proc: subprocess.Popen, out: Path, tag: str) -> dict:
    info: dict = {}
    try:
        procs = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return info
    for p in procs:
        try:
            cmd = " ".join(p.cmdline())
            info[p.pid] = {"cmd": cmd[:200], "status": p.status(), "cpu": p.cpu_times().user, "threads": p.num_threads()}
        except psutil.Error:
            continue
        if "python" in cmd or "voila" in cmd:
            (out / f"{tag}-pyspy-{p.pid}.txt").write_text(f"{cmd}\n\n{_dump(p.pid)}", encoding="utf-8")
    return info


def fetch_http(url: str, stall: float, total: float, on_stall=None) -> tuple[bool, int, float, list[float], dict]:
    """Stream Voilà's page; (complete, last cell reached, seconds, per-cell times, stall info).

    Voila writes a heartbeat script while a cell runs, so a read never times out: a stall is a
    marker that does not move for ``stall`` seconds. ``on_stall()`` (once) may try to unblock the
    server; the page is then read for another ``stall`` seconds (``resumed`` says whether it moved).
    """
    t0 = seen = time.time()
    last, times, info = 0, [], {}
    buf = b""
    with urllib.request.urlopen(url, timeout=stall) as resp:  # noqa: S310 - loopback
        while True:
            try:
                chunk = resp.read1(65536)
            except TimeoutError:
                return False, last, time.time() - t0, times, info
            if not chunk:
                return not info, last, time.time() - t0, times, info
            buf = buf[-64:] + chunk
            for m in MARK.finditer(buf):
                i = int(m.group(1))
                if i > last:
                    if info and "resumed" not in info:
                        info["resumed"] = round(time.time() - info["at"], 1)
                    last, seen = i, time.time()
                    times.append(round(time.time() - t0, 1))
            if time.time() - seen > stall or time.time() - t0 > total:
                if info or on_stall is None:
                    return False, last, time.time() - t0, times, info
                info.update(at=time.time(), cell=last, **(on_stall() or {}))
                seen = time.time()


def fetch_browser(browser, url: str, stall: float) -> tuple[bool, int, float, list[float]]:
    page = browser.new_page()
    t0 = time.time()
    try:
        page.goto(url, wait_until="commit", timeout=stall * 1000)
        last, seen = 0, time.time()
        while True:
            if page.locator(".scrm-view-status[data-state]").count():
                return True, last, time.time() - t0, []
            txt = page.locator("#loading_text").all_inner_texts()
            m = re.search(r"Executing (\d+)", " ".join(txt))
            if m and int(m.group(1)) > last:
                last, seen = int(m.group(1)), time.time()
            if time.time() - seen > stall:
                page.screenshot(path=str(OUT / f"stalled-{int(t0)}.png"))
                return False, last, time.time() - t0, []
            page.wait_for_timeout(500)
    finally:
        page.close()


def one(i: int, args, browser) -> dict:
    port = _port()
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp))
        if args.hook:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (args.hook, env.get("PYTHONPATH", "")) if p)
            env["DS_DUMP_DIR"] = str(OUT)
            env["DS_KICK"] = "1"
        log_path = Path(tmp) / "server.log"
        log = log_path.open("w")
        proc = subprocess.Popen([sys.executable, "-m", "scrm_lib.run.dashboard", f"--port={port}"], cwd=args.root, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        res: dict = {"i": i, "port": port, "load": args.load, "mode": args.mode}
        try:
            t0 = time.time()
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if proc.poll() is not None or time.time() - t0 > 120:
                        raise RuntimeError(log_path.read_text()[-2000:]) from None
                    time.sleep(0.3)
            url = f"http://127.0.0.1:{port}/"
            tag = f"stall-{i}-{port}"

            def on_stall() -> dict:
                """Record the stalled server and kernel; with --hook, dump the server's asyncio tasks
                (SIGUSR2) and its zmq sockets, then re-check their events (SIGUSR1, DS_KICK)."""
                out = {"procs": _diagnose(proc, OUT, tag)}
                if args.hook:
                    os.kill(proc.pid, signal.SIGUSR2)
                    time.sleep(1)
                    os.kill(proc.pid, signal.SIGUSR1)
                    out["kicked"] = True
                shutil.copy(log_path, OUT / f"{tag}-server.log")
                return out

            if args.mode == "http":
                ok, last, secs, times, info = fetch_http(url, args.stall, args.total, on_stall)
            else:
                ok, last, secs, times = fetch_browser(browser, url, args.stall)
                info = {} if ok else on_stall()
            res.update(ok=ok, last_cell=last, seconds=round(secs, 1), cell_times=times, stall=info)
        except Exception as exc:  # noqa: BLE001
            res.update(ok=False, error=str(exc)[-500:])
            shutil.copy(log_path, OUT / f"error-{i}-{port}-server.log")
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            log.close()
        return res


def main() -> None:
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--mode", choices=["http", "browser"], default="http")
    ap.add_argument("--load", type=int, default=0, help="busy-loop processes in parallel")
    ap.add_argument("--stall", type=float, default=120, help="seconds without progress = stalled")
    ap.add_argument("--total", type=float, default=400)
    ap.add_argument("--out", default="/tmp/dashboard_stall")
    ap.add_argument("--root", default=str(ROOT), help="the project copy to serve (e.g. an export of the commit before a fix)")
    ap.add_argument("--hook", default="", help="a folder with a diagnostic sitecustomize.py for the server "
                    "(bench/dashboard_stall_hook: asyncio tasks and zmq sockets dumped on a stall, then re-checked)")
    args = ap.parse_args()
    OUT = Path(args.out)
    OUT.mkdir(parents=True, exist_ok=True)
    burners = []
    if args.load:
        stop = time.time() + 24 * 3600
        burners = [mp.Process(target=_burn, args=(stop,), daemon=True) for _ in range(args.load)]
        for b in burners:
            b.start()
    browser = pw = None
    if args.mode == "browser":
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
    results = []
    try:
        for i in range(args.n):
            r = one(i, args, browser)
            results.append(r)
            print(json.dumps(r, default=str), flush=True)
    finally:
        for b in burners:
            b.terminate()
        if browser is not None:
            browser.close()
            pw.stop()
    ok = sum(bool(r.get("ok")) for r in results)
    print(json.dumps({"summary": True, "mode": args.mode, "load": args.load, "n": len(results), "ok": ok,
                      "stalled": len(results) - ok,
                      "stalled_at_cell": [r.get("stall", {}).get("cell") for r in results if r.get("stall")],
                      "resumed_after_kick": sum("resumed" in r.get("stall", {}) for r in results),
                      "median_s": sorted(r.get("seconds", 0) for r in results)[len(results) // 2] if results else None}),
          flush=True)


OUT = Path("/tmp/dashboard_stall")

if __name__ == "__main__":
    main()
