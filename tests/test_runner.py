"""The runner: `scrm run` executes notebooks into run folders with manifest and HTML reports.

One real run (the quickstart plus a deliberately failing copy of it) is shared by the
checks of this module; a second run checks that nothing is overwritten. Unit tests of the
small functions follow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from scrm_lib.core.config import PROJECT_ROOT
from scrm_lib.core.errors import ParamsError
from scrm_lib.params import load_params
from scrm_lib.run import runner

QUICKSTART = PROJECT_ROOT / "notebooks" / "00_quickstart.ipynb"
FAIL_MESSAGE = "deliberate <b>failure</b> for the runner test"


def scrm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the `scrm` command line in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "scrm_lib.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600, env=env, check=False,
    )


@pytest.fixture(scope="module")
def failing_notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the quickstart whose 5th cell raises (after params were validated)."""
    nb = nbformat.read(QUICKSTART, as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(f"raise ValueError({FAIL_MESSAGE!r})"))
    path = tmp_path_factory.mktemp("failing") / "00_quickstart.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory, failing_notebook: Path):
    out = tmp_path_factory.mktemp("runs")
    elsewhere = tmp_path_factory.mktemp("cwd")  # the command works from any directory
    proc = scrm("run", "00_quickstart", str(failing_notebook), "--out", str(out), cwd=elsewhere)
    runs = sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink())
    assert len(runs) == 1, (proc.stdout, proc.stderr)
    return proc, out, runs[0]


@pytest.mark.notebook
def test_failing_notebook_exits_1_naming_notebook_and_cell(first_run) -> None:
    proc, _, _ = first_run
    assert proc.returncode == 1, proc.stderr
    assert "00_quickstart-2 failed in cell 5" in proc.stderr
    assert "ValueError" in proc.stderr
    assert "1/2 notebooks ran" in proc.stdout


@pytest.mark.notebook
def test_run_folder_holds_notebooks_html_index_manifest(first_run) -> None:
    _, out, run_dir = first_run
    assert re.fullmatch(r"\d{8}-\d{6}(-\d+)?", run_dir.name)
    names = {p.name for p in run_dir.iterdir()}
    assert {"00_quickstart.ipynb", "00_quickstart.html", "00_quickstart-2.ipynb", "00_quickstart-2.html",
            "index.html", "manifest.json"} <= names
    assert not any(n.endswith(".tmp") for n in names)
    latest = out / "latest"
    assert latest.is_symlink() and latest.resolve() == run_dir.resolve()


@pytest.mark.notebook
def test_manifest_records_provenance(first_run) -> None:
    _, _, run_dir = first_run
    m = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["run_id"] == run_dir.name and m["status"] == "failed"
    start, end = dt.datetime.fromisoformat(m["started_at"]), dt.datetime.fromisoformat(m["finished_at"])
    assert start <= end and m["duration_s"] > 0
    assert m["environment"]["python"] == platform.python_version()
    for pkg in ("pandas", "numpy", "papermill", "nbconvert", "scikit-learn", "pydantic"):
        assert m["environment"]["packages"][pkg], pkg
    git = m["git"]
    assert git["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", git["commit"])
    assert git["dirty"] in (True, False, None)

    ok, failed = m["notebooks"]
    assert (ok["label"], ok["status"], ok["error"]) == ("00_quickstart", "ok", None)
    assert ok["notebook"] == "notebooks/00_quickstart.ipynb"
    # report mode (scrm_lib.reports.export): outside a course run, exercises are left out of the report
    assert ok["parameters"] == load_params("00_quickstart", None, {"show_exercises": False}).to_papermill()
    assert ok["duration_s"] > 0 and ok["html"] == "00_quickstart.html"
    (inp,) = [i for i in ok["inputs"] if i["param"] == "mentions_path"]
    sample = PROJECT_ROOT / "data" / "samples" / "mentions.csv"
    assert inp["path"] == "data/samples/mentions.csv"
    assert inp["sha256"] == hashlib.sha256(sample.read_bytes()).hexdigest()
    assert inp["bytes"] == sample.stat().st_size

    assert failed["status"] == "failed"
    assert failed["error"]["cell"] == 5
    assert failed["error"]["ename"] == "ValueError"
    assert failed["error"]["evalue"] == FAIL_MESSAGE


@pytest.mark.notebook
def test_failed_notebook_keeps_its_error_visible(first_run) -> None:
    _, _, run_dir = first_run
    nb = nbformat.read(run_dir / "00_quickstart-2.ipynb", as_version=4)
    assert runner.PAPERMILL_ERROR_TAG in nb.cells[0].metadata.get("tags", [])  # papermill's banner
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].evalue == FAIL_MESSAGE
    page = (run_dir / "00_quickstart-2.html").read_text(encoding="utf-8")
    assert "ValueError" in page
    assert "<b>failure</b>" not in page  # the message is text, not markup


@pytest.mark.notebook
def test_html_report_has_tables_figures_and_prose(first_run) -> None:
    _, _, run_dir = first_run
    page = (run_dir / "00_quickstart.html").read_text(encoding="utf-8")
    assert "Quickstart" in page
    assert page.count("data:image/png;base64") >= 2  # the two figures, embedded
    assert "<table" in page and "Nimbus" in page
    assert "Synthetic sample data" in page


@pytest.mark.notebook
def test_index_links_reports_with_status_and_escaped_errors(first_run) -> None:
    _, _, run_dir = first_run
    index = (run_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="00_quickstart.html"' in index and 'href="00_quickstart-2.html"' in index
    assert '<tr class="ok">' in index and '<tr class="failed">' in index
    assert "cell 5: ValueError" in index
    assert "deliberate &lt;b&gt;failure&lt;/b&gt;" in index and "<b>failure</b>" not in index
    assert re.search(r'<td class="num">\d+\.\d s</td>', index)


@pytest.mark.notebook
def test_second_run_never_overwrites_and_moves_latest(first_run, tmp_path: Path) -> None:
    _, out, first_dir = first_run
    before = {p.name: p.read_bytes() for p in first_dir.iterdir()}
    params = tmp_path / "march.yaml"
    params.write_text("notebook: 00_quickstart\ndate_from: 2026-03-01\ndate_to: 2026-03-31\n", encoding="utf-8")
    proc = scrm("run", "--params", str(params), "--out", str(out), cwd=tmp_path)  # notebook from the file
    assert proc.returncode == 0, proc.stderr
    runs = sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink())
    assert len(runs) == 2 and runs[0] == first_dir
    assert {p.name: p.read_bytes() for p in first_dir.iterdir()} == before
    second = runs[1]
    assert (out / "latest").resolve() == second.resolve()
    m = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    (nb,) = m["notebooks"]
    assert nb["label"] == "00_quickstart--march" and nb["status"] == "ok"
    assert nb["parameters"]["date_from"] == "2026-03-01"
    assert nb["params_file"] == params.as_posix()
    assert (second / "00_quickstart--march.html").is_file()


def test_bad_params_exit_2_listing_everything_and_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("notebook: 00_quickstart\nbogus: 1\ndata_note: 5\n", encoding="utf-8")
    out = tmp_path / "runs"
    proc = scrm("run", "--params", str(bad), "no_such_notebook", "00", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    for text in ("bogus: unknown parameter", "data_note:", "no notebook matches 'no_such_notebook'"):
        assert text in proc.stderr
    assert not out.exists()


def test_nothing_to_run_is_a_clear_error(tmp_path: Path) -> None:
    proc = scrm("run", cwd=tmp_path)
    assert proc.returncode == 2 and "nothing to run" in proc.stderr


# --------------------------------------------------------------------------- unit tests


@pytest.fixture()
def nb_dir(tmp_path: Path) -> Path:
    for stem in ("00_quickstart", "01_listening_analysis", "02_perception_gaps", "07_social_media_audit"):
        (tmp_path / f"{stem}.ipynb").write_text("{}", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "stem"),
    [("00_quickstart", "00_quickstart"), ("00", "00_quickstart"), ("quick", "00_quickstart"),
     ("01", "01_listening_analysis"), ("listening", "01_listening_analysis"),
     ("audit", "07_social_media_audit"), ("perception", "02_perception_gaps")],
)
def test_resolve_notebook_by_stem_prefix_or_name(nb_dir: Path, name: str, stem: str) -> None:
    assert runner.resolve_notebook(name, nb_dir) == nb_dir / f"{stem}.ipynb"


def test_resolve_notebook_ambiguous_or_unknown(nb_dir: Path) -> None:
    with pytest.raises(runner.RunError, match="matches several notebooks: 00_quickstart, 01_listening"):
        runner.resolve_notebook("0", nb_dir)
    with pytest.raises(runner.RunError, match="no notebook matches 'zzz'.*available: 00_quickstart"):
        runner.resolve_notebook("zzz", nb_dir)


def test_plan_lists_every_problem_before_running(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("date_to: 7\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        runner.plan([runner.RunRequest("nope"), runner.RunRequest("00", str(bad)), runner.RunRequest(None, None)])
    assert len(info.value.problems) == 3


def test_plan_gives_unique_labels() -> None:
    jobs = runner.plan([runner.RunRequest("00"), runner.RunRequest("quickstart")])
    assert [j.label for j in jobs] == ["00_quickstart", "00_quickstart-2"]


def test_new_run_dir_never_reuses_a_folder(tmp_path: Path) -> None:
    now = dt.datetime(2026, 3, 2, 6, 30, 0)
    a, b, c = (runner.new_run_dir(tmp_path, now) for _ in range(3))
    assert [p.name for p in (a, b, c)] == ["20260302-063000", "20260302-063000-2", "20260302-063000-3"]


def test_latest_link_is_replaced_atomically(tmp_path: Path) -> None:
    a, b = tmp_path / "20260101-000000", tmp_path / "20260101-000001"
    a.mkdir()
    b.mkdir()
    link = runner.update_latest_link(tmp_path, a)
    assert os.readlink(link) == a.name  # relative: the runs folder can move
    runner.update_latest_link(tmp_path, b)
    assert link.resolve() == b.resolve()
    assert sorted(p.name for p in tmp_path.iterdir()) == [a.name, b.name, "latest"]


def test_latest_refuses_to_replace_a_real_folder(tmp_path: Path) -> None:
    (tmp_path / "latest").mkdir()
    with pytest.raises(runner.RunError, match="not a symlink"):
        runner.update_latest_link(tmp_path, tmp_path)


def test_input_files_hashes_referenced_files_only() -> None:
    params = load_params("00_quickstart")
    files = runner.input_files(params)
    assert [f["param"] for f in files] == ["mentions_path"]  # data_note is text, not a path
    assert len(files[0]["sha256"]) == 64


def test_sha256_tree_changes_with_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    h1 = runner.sha256_tree(tmp_path)
    (tmp_path / "a.txt").write_text("y", encoding="utf-8")
    assert runner.sha256_tree(tmp_path) != h1


def test_git_state_outside_a_checkout(tmp_path: Path) -> None:
    assert runner.git_state(tmp_path) == {"commit": None, "branch": None, "dirty": None}


def test_render_index_escapes_everything() -> None:
    evil = '<script>alert("x")</script>'
    manifest = {
        "run_id": "20260101-000000", "status": "failed", "started_at": "2026-01-01T00:00:00+00:00",
        "finished_at": None, "duration_s": None, "git": {"commit": None}, "environment": {"python": "3.11"},
        "notebooks": [{"label": f"nb{evil}", "output": "a b.ipynb", "html": "a b.html", "status": "failed",
                       "duration_s": 1.25, "params_file": evil,
                       "error": {"cell": 3, "ename": "E", "evalue": evil}}],
    }
    page = runner.render_index(manifest)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and 'href="a%20b.html"' in page and "cell 3: E" in page


def test_error_location_maps_to_source_cell_numbers() -> None:
    src = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("t"), nbformat.v4.new_code_cell("x"),
                                          nbformat.v4.new_code_cell("boom")])
    executed = nbformat.from_dict(json.loads(nbformat.writes(src)))
    banner = nbformat.v4.new_markdown_cell("error!")
    banner.metadata["tags"] = [runner.PAPERMILL_ERROR_TAG]
    executed.cells.insert(0, banner)
    executed.cells.insert(2, nbformat.v4.new_code_cell("injected"))
    executed.cells[-1].outputs = [nbformat.v4.new_output("error", ename="KeyError", evalue="'k'", traceback=[])]
    executed.cells[-1].execution_count = 3
    found = runner.error_location(executed, src)
    assert found["cell"] == 3 and found["ename"] == "KeyError" and found["execution_count"] == 3


def test_html_export_escapes_script_in_text_and_tables(tmp_path: Path) -> None:
    """Post texts are user data: a `<script>` in them must come out as text in every report."""
    from scrm_lib.reports.nbtools import md_text

    payload = "<script>alert('pwned')</script>"
    frame = pd.DataFrame({"post_id": ["p1"], "text": [payload]})
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"{payload}\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": repr(payload)}, execution_count=1),
        nbformat.v4.new_output("display_data", data={"text/html": frame._repr_html_(), "text/plain": str(frame)}),
        nbformat.v4.new_output("display_data", data={"text/markdown": md_text("Top post: {t}", t=payload)}),
        # raw HTML straight from a notebook output is sanitised too
        nbformat.v4.new_output("display_data", data={"text/html": f"<p>hi</p>{payload}<img src=x onerror=alert(2)>"}),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(3)", "text/plain": "js"}),
    ]
    heading = nbformat.v4.new_markdown_cell("## Results\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    nb.cells = [heading, cell]
    src = tmp_path / "x.ipynb"
    nbformat.write(nb, src)
    page = runner.export_html(src, tmp_path / "x.html").read_text(encoding="utf-8")
    assert "alert('pwned')</script>" not in page and "alert(&#x27;pwned&#x27;)</script>" not in page
    assert page.count("&lt;script&gt;alert(") >= 3  # stream, table cell and markdown came out as text
    assert "onerror" not in page and "alert(3)" not in page  # handlers and JavaScript outputs dropped
    assert '<table border="1" class="dataframe">' in page and "<thead>" in page  # the DataFrame is a table
    assert "&lt;style" not in page  # pandas' style block is dropped, not shown as text
    assert re.search(r"<h2[^>]*>Results", page) and "<th>a</th>" in page  # the notebook's own markdown renders


def test_input_files_ignores_prose_that_cannot_be_a_path() -> None:
    params = load_params("00_quickstart", overrides={"data_note": "see a/" + "x" * 5000})
    assert [f["param"] for f in runner.input_files(params)] == ["mentions_path"]


def test_interrupted_run_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C mid-run: the manifest says 'interrupted' and latest still points at the run."""
    jobs = runner.plan([runner.RunRequest("00")])

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "execute_job", interrupt)
    with pytest.raises(KeyboardInterrupt):
        runner.run_jobs(jobs, out_root=tmp_path, progress=False)
    m = json.loads((tmp_path / "latest" / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "interrupted" and m["notebooks"][0]["status"] == "interrupted"
    assert m["finished_at"] is not None
