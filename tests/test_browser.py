"""Real-browser tests: headless Chromium (Debian's ``chromium``) driven by Playwright.

1. Every HTML report of a ``scrm run --all``: no console error, no request leaving the machine
   (reports are self-contained), no NaN/NaT text, no code cell (report mode); a screenshot of
   each is saved under ``test-artifacts/browser/`` (git-ignored).
2. JupyterLab on a free local port with a token: notebooks 01 and 03 run all cells; each control
   is changed; every change redraws the figures and no error output appears.
3. The listening dashboard (``make dashboard``, notebook 01 through Voilà) starts and redraws.

Marked ``browser``; CI runs them (``.ci/run`` installs chromium). They skip with a reason when
chromium is absent. ``SCRM_BROWSER_RUN=runs/<id>`` reuses an existing run folder for test 1.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from scrm_lib.core.config import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
BIN = Path(sys.executable).parent


def chromium_path() -> str | None:
    """Debian's chromium (Playwright's own browser download is not available offline)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium not installed (apt-get install chromium; .ci/run and `make test-browser` do it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (make venv)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _local(url: str) -> bool:
    return url.startswith(("file:", "data:", "blob:", "about:")) or bool(
        re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/", url))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- 1. reports


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SCRM_BROWSER_RUN")
    if given:
        return (PROJECT_ROOT / given).resolve()
    out = tmp_path_factory.mktemp("runs")
    res = subprocess.run([str(BIN / "scrm"), "run", "--all", "--out", str(out)], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=1500, check=False)
    assert res.returncode == 0, res.stderr[-3000:]
    return (out / "latest").resolve()


def test_every_report_is_self_contained_and_clean(browser, run_dir: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    reports = sorted(run_dir.glob("*.html"))
    assert len(reports) >= 9, f"expected every notebook's report and index.html in {run_dir}"
    problems: list[str] = []
    for report in reports:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        remote: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("request", lambda r, remote=remote: remote.append(r.url) if not _local(r.url) else None)
        page.route(re.compile(r"^(https?|wss?)://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
        page.goto(report.as_uri(), wait_until="load")
        text = page.inner_text("body")
        name = report.name
        problems += [f"{name}: console error {e}" for e in errors]
        problems += [f"{name}: external request {u}" for u in remote]
        for bad in re.findall(r"\b(NaN|NaT|nan)\b", text):
            problems.append(f"{name}: '{bad}' shown to the reader")
        if name != "index.html":
            n_code = page.locator(".jp-CodeCell .jp-InputArea-editor").count()
            if n_code:
                problems.append(f"{name}: {n_code} code cell(s) in a report")
        page.screenshot(path=str(ARTIFACTS / f"{report.stem}.png"), full_page=False)
        page.close()
    assert not problems, "\n".join(problems[:40])


# --------------------------------------------------------------------------- 2. JupyterLab


@contextlib.contextmanager
def _server(cmd: list[str], port: int, cwd: Path, env: dict[str, str], ready_path: str | None) -> Iterator[str]:
    log = (ARTIFACTS / f"server-{port}.log").open("w")
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        deadline = time.time() + 120
        while True:
            try:
                if ready_path is None:  # accepts connections (an HTTP probe of Voila's page would run the notebook)
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                else:
                    urllib.request.urlopen(base + ready_path, timeout=2)  # noqa: S310 - loopback only
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise AssertionError(f"server did not start: {(ARTIFACTS / f'server-{port}.log').read_text()[-2000:]}") from None
                time.sleep(0.5)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the server's own process group (kernels included)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def _interactive_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SCRM_HEADLESS", "MPLBACKEND")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"), IPYTHONDIR=str(tmp / "ipython"))
    # the kernel JupyterLab starts must be this project's Python (with scrm_lib)
    kernels = tmp / "data" / "kernels" / "python3"
    kernels.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3", "language": "python"}
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return env


def _view_draws(page) -> list[int]:
    return [int(x) for x in page.locator(".scrm-view-status").evaluate_all(
        "els => els.map(e => e.dataset.draws || '0')")]


def _wait_redraw(page, before: int, what: str) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        draws = _view_draws(page)
        if draws and draws[0] > before:
            return
        states = page.locator(".scrm-view-status").evaluate_all("els => els.map(e => e.dataset.state)")
        if "error" in states:
            raise AssertionError(f"{what}: the view shows an error: {page.locator('.jp-OutputArea-output').last.inner_text()[:500]}")
        page.wait_for_timeout(300)
    raise AssertionError(f"{what}: no redraw within 90 s")


def _error_outputs(page) -> list[str]:
    found = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    return [t[:300] for t in found if "Traceback" in t or "Error" in t]


def _change_controls(page, name: str) -> int:
    """Change every control of the notebook's interactive view once; return how many changed."""
    view = page.locator(".widget-vbox").filter(has=page.locator(".scrm-view-status")).first
    changed = 0
    for i in range(view.locator("select").count()):
        sel = view.locator("select").nth(i)
        options = sel.locator("option").all_inner_texts()
        if len(options) < 2:
            continue
        before = _view_draws(page)[0]
        multiple = sel.get_attribute("multiple") is not None
        sel.select_option(label=options[:2] if multiple else options[1])
        _wait_redraw(page, before, f"{name}: select {i}")
        changed += 1
    for i in range(view.locator(".noUi-handle").count()):
        handle = view.locator(".noUi-handle").nth(i)
        before = _view_draws(page)[0]
        handle.focus()
        handle.press("ArrowLeft" if i % 2 else "ArrowRight")
        handle.press("ArrowLeft" if i % 2 else "ArrowRight")
        page.mouse.click(5, 5)
        _wait_redraw(page, before, f"{name}: slider {i}")
        changed += 1
    return changed


@pytest.mark.parametrize("stem", ["01_listening_analysis", "03_use_case_prioritization"])
def test_jupyterlab_controls_redraw_without_errors(browser, tmp_path: Path, stem: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(NOTEBOOKS_DIR / f"{stem}.ipynb", work)  # never write outputs into the committed notebook
    port, token = _free_port(), "scrm-browser-test"
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    with _server(cmd, port, work, _interactive_env(tmp_path), f"/api/status?token={token}") as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        remote: list[str] = []
        page.on("request", lambda r: remote.append(r.url) if not _local(r.url) else None)
        page.goto(f"{base}/lab/tree/{stem}.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        page.wait_for_timeout(3000)  # let the kernel start
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        page.wait_for_selector(".scrm-view-status[data-state]", timeout=240_000, state="attached")
        _wait_redraw(page, 0, f"{stem}: first draw")
        page.locator(".scrm-view-status").first.scroll_into_view_if_needed()
        assert not _error_outputs(page), _error_outputs(page)
        changed = _change_controls(page, stem)
        page.screenshot(path=str(ARTIFACTS / f"lab-{stem}.png"))
        assert changed >= 3, f"{stem}: only {changed} control(s) could be changed"
        assert not _error_outputs(page), _error_outputs(page)
        figures = page.locator(".widget-vbox").filter(has=page.locator(".scrm-view-status")).first.locator(
            ".jp-OutputArea-output img")
        deadline = time.time() + 60  # the last redraw may still be putting its figures on the page
        while figures.count() < 1 and time.time() < deadline:
            page.wait_for_timeout(500)
        assert figures.count() >= 1, f"{stem}: the interactive view shows no figure"
        page.close()


# --------------------------------------------------------------------------- 3. dashboard


def _dashboard_first_view(browser, tmp_path: Path, timeout_ms: int) -> None:
    """One dashboard server: first view, a brand change redraws, no code, no remote requests."""
    port = _free_port()
    env = _interactive_env(tmp_path)
    cmd = [sys.executable, "-m", "scrm_lib.run.dashboard", f"--port={port}"]
    with _server(cmd, port, PROJECT_ROOT, env, None) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        remote: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: remote.append(r.url) if not _local(r.url) else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(base + "/", wait_until="commit", timeout=timeout_ms)  # Voila streams the page while the notebook runs
            page.wait_for_selector(".scrm-view-status[data-state]", state="attached", timeout=timeout_ms)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / f"dashboard-stalled-{port}.png"))
            raise
        _wait_redraw(page, 0, "dashboard: first draw")
        page.wait_for_load_state("networkidle")
        sel = page.locator("select").first
        before = _view_draws(page)[0]
        sel.select_option(index=1)
        _wait_redraw(page, before, "dashboard: brand changed")
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
        assert page.locator(".jp-CodeCell .jp-InputArea-editor, .jp-InputArea-editor").count() == 0, "code shown"
        assert "Exercise" not in page.inner_text("body")
        assert not remote, remote[:5]
        assert not errors, errors[:5]
        page.close()


def test_listening_dashboard_serves_and_redraws(browser, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # The first view normally appears in ~20-60 s. About one full CI run in three saw Voila's first
    # view never arrive (kernel started, no output; issue 16 note): the stall is kept on record
    # (dashboard-stalled-PORT.png and the server log) and the test starts a fresh server once.
    try:
        _dashboard_first_view(browser, tmp_path / "first", timeout_ms=150_000)
    except PlaywrightTimeout:
        warnings.warn("dashboard: the first Voila server never showed its first view; retried with a new server",
                      stacklevel=1)
        _dashboard_first_view(browser, tmp_path / "retry", timeout_ms=300_000)
