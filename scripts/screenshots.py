"""Screenshots for docs/screenshots/: the 02, 04 and 07 reports of a run and the listening dashboard.

    .venv/bin/python scripts/screenshots.py runs/latest [--dashboard]

Headless Chromium (Debian's ``chromium``) through Playwright; each PNG is quantised to 256 colours so it
stays small. ``--dashboard`` also starts ``python -m scrm_lib.run.dashboard`` on a free port and shoots it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
#: report file stem -> (output name, text of the heading to scroll to)
SHOTS = {
    "02_perception_gaps": ("report-02.png", "Summary"),
    "04_sentiment_intent_models": ("report-04.png", "The benchmark"),
    "07_social_media_audit": ("report-07.png", "Scorecard and recommendations"),
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _small(path: Path) -> None:
    Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("run_dir")
    ap.add_argument("--dashboard", action="store_true")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    run = Path(args.run_dir).resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 820})
        for stem, (name, heading) in SHOTS.items():
            page.goto((run / f"{stem}.html").as_uri())
            page.locator(f"h2:has-text('{heading}')").first.evaluate("e => e.scrollIntoView()")
            page.screenshot(path=str(OUT / name))
            _small(OUT / name)
            print(OUT / name)
        if args.dashboard:
            port = _port()
            env = {k: v for k, v in os.environ.items() if k not in ("SCRM_HEADLESS", "MPLBACKEND")}
            proc = subprocess.Popen([sys.executable, "-m", "scrm_lib.run.dashboard", f"--port={port}"], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            try:
                for _ in range(240):
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=1).close()
                        break
                    except OSError:
                        time.sleep(0.5)
                page.set_viewport_size({"width": 1100, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/", timeout=300_000)
                page.wait_for_selector(".scrm-view-status[data-state='ok']", state="attached", timeout=300_000)
                page.wait_for_timeout(1000)
                page.locator(".widget-vbox").first.evaluate("e => e.scrollIntoView()")
                page.screenshot(path=str(OUT / "dashboard.png"))
                _small(OUT / "dashboard.png")
                print(OUT / "dashboard.png")
            finally:
                os.killpg(proc.pid, signal.SIGTERM)  # Voila and its kernel (own process group)
                proc.wait(timeout=30)
        browser.close()


if __name__ == "__main__":
    main()
