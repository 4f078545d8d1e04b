"""The rules notebook 01 and 05 used to hold in cells, now library functions (issue 14), and the
small shared helpers of the split listening modules: each checked against the cell's former
expression or a hand-computed value."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from scrm_lib import metrics as L
from scrm_lib.core.config import SAMPLES_DIR
from scrm_lib.core.errors import DataValidationError, ParamsError
from scrm_lib.data.adapters.canonical import load_mentions
from scrm_lib.metrics.counts import followers_per_author
from scrm_lib.metrics.periods import as_list, check_choice, period_end, with_period
from scrm_lib.metrics.sentiment import has_labels, wilson_interval
from scrm_lib.text import tokenise


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return load_mentions(SAMPLES_DIR / "mentions.csv")


def test_usable_periods_is_notebook_01s_rule(sample: pd.DataFrame) -> None:
    conv = L.earned(sample)
    for freq in ("D", "W"):
        vol = L.volume(conv, freq=freq, by="brand")
        totals = vol.groupby("period")["mentions"].sum()
        cell = totals.index[(totals >= totals.median() / 2).to_numpy()
                            & vol.groupby("period")["complete"].all().reindex(totals.index).to_numpy()]
        assert list(L.usable_periods(vol)) == list(cell)
    vol = pd.DataFrame({"period": pd.to_datetime(["2026-01-05", "2026-01-12", "2026-01-19"] * 2, utc=True),
                        "brand": ["A"] * 3 + ["B"] * 3, "mentions": [10, 2, 10, 10, 2, 10],
                        "complete": [False, True, True, True, True, True]})
    assert list(L.usable_periods(vol)) == [pd.Timestamp("2026-01-19", tz="UTC")]  # low week and partial week out


@pytest.mark.parametrize(("shift", "kind"), [(-0.2, "crisis"), (-0.5, "crisis"), (0.2, "campaign"), (0.19, "steady"),
                                             (-0.19, "steady"), (float("nan"), "steady"), (None, "steady")])
def test_spike_kind_at_the_documented_threshold(shift, kind) -> None:
    assert L.spike_kind(shift) == kind
    assert L.SPIKE_KIND_SHIFT == 0.2


def test_load_events_reads_the_sample_events_like_the_cell_did() -> None:
    path = SAMPLES_DIR / "mentions_events.json"
    events = json.loads(path.read_text(encoding="utf-8"))
    cell = pd.DataFrame([{"event": e["kind"], "brand": e["brand"], "start": pd.Timestamp(e["start"]), "end": pd.Timestamp(e["end"])}
                         for e in events.get("events", [])])
    pd.testing.assert_frame_equal(L.load_events(path), cell)


def test_load_events_names_file_and_event(tmp_path) -> None:
    bad = tmp_path / "e.json"
    bad.write_text(json.dumps({"events": [{"kind": "crisis", "brand": "A", "start": "2026-01-01"}]}))
    with pytest.raises(DataValidationError, match="event 1"):
        L.load_events(bad)
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(DataValidationError, match="cannot read"):
        L.load_events(tmp_path / "x.json")
    (tmp_path / "empty.json").write_text("{}")
    assert list(L.load_events(tmp_path / "empty.json").columns) == ["event", "brand", "start", "end"]


def test_sla_breakdown_is_notebook_01s_table() -> None:
    rt = pd.DataFrame({"brand": ["A", "B"], "inbound": [10, 4], "answered": [6, 4], "within_sla": [5, 1],
                       "sla_share": [0.5, 0.25]})
    out = L.sla_breakdown(rt, order=["B", "A", "C"])
    assert list(out.index) == ["B", "A", "C"] and out.loc["C"].isna().all()
    assert out.loc["A", ["unanswered", "late", "missed_share"]].tolist() == [4, 1, 0.5]
    assert out.loc["B", ["unanswered", "late", "missed_share"]].tolist() == [0, 3, 0.75]
    assert list(L.sla_breakdown(rt).index) == ["A", "B"]


def test_earned_with_a_brand_is_notebook_05s_filter(sample: pd.DataFrame) -> None:
    cell = sample.loc[(sample["brand"] == "Nimbus") & ~sample["is_brand"]]
    pd.testing.assert_frame_equal(L.earned(sample, "Nimbus"), cell)
    pd.testing.assert_frame_equal(L.earned(sample), sample.loc[~sample["is_brand"]])
    no_flag = sample.drop(columns="is_brand")
    assert L.earned(no_flag) is no_flag
    assert (L.earned(no_flag, "Nimbus")["brand"] == "Nimbus").all()


def test_period_helpers() -> None:
    assert as_list(None) == [] and as_list("brand") == ["brand"] and as_list(("a", "b")) == ["a", "b"]
    with pytest.raises(ParamsError, match="freq"):
        check_choice("freq", "Y", L.PERIODS)
    assert period_end(pd.Timestamp("2026-03-04 10:00", tz="UTC"), "W") == pd.Timestamp("2026-03-09", tz="UTC")
    assert period_end(pd.Timestamp("2026-03-04 10:00", tz="UTC"), "M") == pd.Timestamp("2026-04-01", tz="UTC")
    df = pd.DataFrame({"created_at": pd.to_datetime(["2026-03-04 10:00"], utc=True)})
    out, keys = with_period(df, "D")
    assert keys == ["period"] and out["period"].iloc[0] == pd.Timestamp("2026-03-04", tz="UTC")
    assert with_period(df, None) == (df, [])


def test_sentiment_helpers() -> None:
    assert not has_labels(pd.DataFrame({"text": ["x"]}))
    assert not has_labels(pd.DataFrame({"sentiment": [None]}))
    assert has_labels(pd.DataFrame({"sentiment": ["positive", None]}))
    lo, hi = wilson_interval(np.array([8.0, 0.0]), np.array([10.0, np.nan]), 1.959963984540054)
    assert lo[0] == pytest.approx(0.4901624, abs=1e-6) and hi[0] == pytest.approx(0.9433178, abs=1e-6)  # textbook 8/10
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def test_followers_per_author_takes_the_largest_count() -> None:
    df = pd.DataFrame({"brand": ["A", "A", "A"], "author_id": ["u", "u", "v"],
                       "author_followers": pd.array([5, 9, None], dtype="Int64")})
    out = followers_per_author(df, ["brand"]).set_index("author_id")["f"]
    assert out["u"] == 9 and np.isnan(out["v"])


def test_tokeniser_pieces() -> None:
    assert tokenise.tweet_tokenizer() is tokenise.tweet_tokenizer()  # built once per options
    assert tokenise.tweet_tokenizer(match_phone_numbers=False) is not tokenise.tweet_tokenizer()
    assert tokenise.unescape_entities("a &amp; b") == "a & b" and tokenise.unescape_entities("plain") == "plain"
    drop = frozenset({"acme"})
    assert tokenise.chunk_tokens("Delays!!!", drop) == ("delays",)
    assert tokenise.chunk_tokens("#acme", drop) == ()
    text = "Delays again @acme_help &amp; no refund http://x.co/a #fail"
    assert L.tokenize(text, drop) == [t for c in tokenise.unescape_entities(text).split() for t in tokenise.chunk_tokens(c, drop)]
    s = tokenise.strip_handles_urls(pd.Series(["@bob see https://x.co/a #fail", None]))
    assert s.tolist() == ["  see   #fail", ""]
    assert tokenise.strip_handles_urls(pd.Series(["#fail now"]), hashtags=True).tolist() == [" fail now"]
    import re

    assert re.findall(tokenise.WORD_TOKEN_PATTERN, "it's a 2nd go, ok") == ["it's", "go", "ok"]  # \b: "2nd" is no word
