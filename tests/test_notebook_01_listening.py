"""Notebook 01 end to end through `scrm run`: post text and brand names holding HTML/script come
out escaped in the HTML report, every section renders on a small data set, and the spike detector
finds the events injected into the synthetic sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from scrm_lib.core.config import PROJECT_ROOT, SAMPLES_DIR
from scrm_lib.metrics import listening as L

PAYLOAD = "<script>alert('pwned')</script>"
EVIL_BRAND = "Evil<b>Corp</b>"


def _tiny_mentions(path: Path) -> None:
    """Six weeks of posts about two brands, with HTML in texts, a brand name and a handle."""
    rows = []
    start = pd.Timestamp("2026-03-02T08:00:00Z")
    for d in range(42):
        for k in range(4 if d != 30 else 40):  # day 30: a burst
            brand = "Acme" if k % 3 else EVIL_BRAND
            text = (f"{PAYLOAD} autopay charged twice <img src=x onerror=alert(1)>" if d == 30
                    else ["love the new plan", "network down again", "bill is wrong", "great support"][k % 4])
            rows.append({"post_id": f"p{d}-{k}", "created_at": (start + pd.Timedelta(days=d, minutes=7 * k)).isoformat(),
                         "channel": "twitter" if k % 2 else "facebook", "brand": brand, "author_id": f"<i>user{k % 9}</i>",
                         "text": text, "author_followers": 100 + 500 * k, "likes": 3 * k + (50 if d == 30 else 0),
                         "shares": k % 3, "replies": 1, "in_reply_to": "", "is_brand": "false"})
            if k % 4 == 1:
                rows.append({"post_id": f"r{d}-{k}", "created_at": (start + pd.Timedelta(days=d, minutes=7 * k + 25)).isoformat(),
                             "channel": rows[-1]["channel"], "brand": brand, "author_id": "AcmeCare" if brand == "Acme" else "EvilCare",
                             "text": "@user sorry to hear that, DM us", "author_followers": 20000, "likes": 0, "shares": 0,
                             "replies": 0, "in_reply_to": f"p{d}-{k}", "is_brand": "true"})
    pd.DataFrame(rows).to_csv(path, index=False)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny01")
    data = folder / "mentions.csv"
    _tiny_mentions(data)
    params = folder / "tiny.yaml"
    params.write_text(
        "notebook: 01_listening_analysis\n"
        f"mentions_path: {json.dumps(str(data))}\n"
        "focal_brand: Acme\n"
        "period: W\nspike_window: 14\nspike_min_periods: 7\n"
        "sentiment_source: vader\nevents_path: null\nprivacy_mode: true\nprivacy_salt: test-salt\nadvocate_min_mentions: 2\n"
        "data_note: \"Test data with <script> in it\"\n",
        encoding="utf-8")
    out = folder / "runs"
    proc = subprocess.run([sys.executable, "-m", "scrm_lib.cli", "run", "--params", str(params), "--out", str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900, check=False,
                          env={**os.environ, "SCRM_HEADLESS": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out / "latest"


@pytest.mark.notebook
def test_html_report_escapes_post_text_brand_names_and_handles(tiny_run: Path) -> None:
    html = next(tiny_run.glob("01_listening_analysis*.html")).read_text(encoding="utf-8")
    assert "alert('pwned')</script>" not in html and "alert(&#x27;pwned&#x27;)</script>" not in html
    assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(" in html  # the post text is shown, as text
    assert "Evil<b>Corp</b>" not in html and "Evil&lt;b&gt;Corp&lt;/b&gt;" in html
    assert "<i>user" not in html  # author ids are pseudonymised (and would be escaped anyway)


@pytest.mark.notebook
def test_every_section_renders_with_titled_figures(tiny_run: Path) -> None:
    nb = nbformat.read(next(tiny_run.glob("01_listening_analysis*.ipynb")), as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    for name in ("Overview", "Volume", "Share of voice", "Sentiment", "Engagement", "Spikes", "Influencers vs advocates",
                 "Themes", "Response times", "measurement framework", "What this means for the brand"):
        assert any(name.lower() in h.lower() for h in headings), name
    images = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert images >= 9
    summary = [o["data"]["text/markdown"] for o in nb.cells[-1].outputs if "text/markdown" in o.get("data", {})][0]
    assert "**Share of voice:**" in summary and "**Response:**" in summary and "**Spikes:**" in summary


def test_spike_detector_finds_the_injected_crisis_and_campaign() -> None:
    from scrm_lib.data.io import load_mentions

    df = load_mentions(SAMPLES_DIR / "mentions.csv")
    events = json.loads((SAMPLES_DIR / "mentions_events.json").read_text(encoding="utf-8"))["events"]
    windows = pd.DataFrame([{"event": e["kind"], "brand": e["brand"], "start": pd.Timestamp(e["start"]),
                             "end": pd.Timestamp(e["end"])} for e in events])
    spikes, _ = L.detect_spikes_by(L.earned(df), by="brand", freq="D", window=28, min_periods=14, explain=False)
    found = L.match_events(spikes, windows).set_index("event")["detected"]
    assert found["crisis"] and found["campaign"]
    crisis = spikes.loc[spikes["start"] <= pd.Timestamp("2026-04-21", tz="UTC")].iloc[-1]
    assert crisis["brand"] == "Nimbus" and crisis["peak"] == pd.Timestamp("2026-04-21", tz="UTC")
    # no competitor has a spike: their volume is stationary noise with a weekly rhythm
    assert set(spikes["brand"]) == {"Nimbus"}


def test_params_are_checked_before_anything_runs() -> None:
    from scrm_lib.core.errors import ParamsError
    from scrm_lib.params import load_params

    p = load_params("01_listening_analysis")
    assert p.focal_brand == "Nimbus" and p.sentiment_source == "auto" and not p.privacy_mode
    with pytest.raises(ParamsError) as err:
        load_params("01_listening_analysis", overrides={"net_sentiment_formula": "magic", "period": "fortnight",
                                                        "data_format": "excel", "more_mentions_paths": ["no/such.csv"]})
    text = str(err.value)
    for name in ("net_sentiment_formula", "period", "data_format", "more_mentions_paths"):
        assert name in text
    with pytest.raises(ParamsError, match="spike_min_periods"):
        load_params("01_listening_analysis", overrides={"spike_min_periods": 40})
    with pytest.raises(ParamsError, match="also listed in competitors"):
        load_params("01_listening_analysis", overrides={"competitors": ["Nimbus"]})
    for variant in ("airline", "twcs"):
        import yaml

        data = yaml.safe_load((PROJECT_ROOT / "params" / "listening" / f"{variant}.yaml").read_text(encoding="utf-8"))
        assert data["privacy_mode"] is True and data["privacy_salt"]  # real people: pseudonymised by default
