"""Tests of scrm_lib.metrics.triage: decision table, routing, priority, clusters, crisis protocol, leads."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from scrm_lib.core.errors import ParamsError
from scrm_lib.metrics.triage import (
    DEFAULT_DECISION_TABLE,
    actions_per_day,
    author_history,
    complaint_clusters,
    crisis_events,
    crisis_protocol,
    crisis_signals,
    decision_table_from_dict,
    load_decision_table,
    priority_queue,
    route,
    sales_leads,
)

EXPECTED_ACTION = {
    "venting": "respond_and_fix",
    "past": "retention_offer_and_escalate",
    "future": "hand_to_sales_with_care",
    "collaborative": "log_to_ideas_backlog",
    "advocate": "thank_and_invite_to_advocate_program",
    "passive": "monitor",
    "none": "store_only",
}


def _posts(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    defaults = {"channel": "twitter", "brand": "Acme", "author_followers": 100, "is_brand": False, "text": "", "sentiment": "neutral"}
    for col, val in defaults.items():
        if col not in df.columns:
            df[col] = val
    if "post_id" not in df.columns:
        df["post_id"] = [f"p{i}" for i in range(len(df))]
    if "author_id" not in df.columns:
        df["author_id"] = [f"a{i}" for i in range(len(df))]
    if "created_at" not in df.columns:
        df["created_at"] = pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(np.arange(len(df)), unit="h")
    return df


def test_default_table_routes_each_trait_as_specified() -> None:
    df = _posts([{"trait": t} for t in EXPECTED_ACTION])
    routed = route(df)
    assert dict(zip(routed["trait"], routed["action"], strict=True)) == EXPECTED_ACTION
    assert routed.loc[routed["trait"] == "past", "escalate"].item()
    assert not routed.loc[routed["trait"] == "none", "escalate"].item()


def test_first_matching_rule_wins_and_conditions_combine() -> None:
    df = _posts([
        {"trait": "venting", "author_followers": 50_000},
        {"trait": "venting", "author_followers": 50},
        {"trait": "passive", "sentiment": "negative", "author_followers": 9_000},
        {"trait": "passive", "sentiment": "positive", "author_followers": 9_000},
    ])
    routed = route(df)
    assert routed["rule"].tolist() == ["venting, large audience", "venting", "passive, negative and visible", "passive"]
    assert routed["action"].tolist()[2:] == ["acknowledge", "monitor"]


def test_priority_formula_by_hand() -> None:
    table = load_decision_table()
    df = _posts([{"trait": "venting", "author_followers": 999, "sentiment": "negative", "author_id": "x"}])
    pr = route(df, table)["priority"].item()
    w = table.priority
    assert pr == pytest.approx(6 + w.reach_weight * math.log10(1000) + w.negative_weight, abs=1e-3)


def test_history_counts_earlier_posts_and_raises_priority() -> None:
    df = _posts([{"trait": "venting", "author_id": "same"} for _ in range(3)])
    assert author_history(df).tolist() == [0, 1, 2]
    pr = route(df)["priority"].to_numpy()
    assert pr[0] < pr[1] < pr[2]


def test_brand_posts_are_not_routed() -> None:
    df = _posts([{"trait": "none", "is_brand": True}, {"trait": "venting"}])
    assert route(df)["post_id"].tolist() == ["p1"]


def test_queue_order_and_counts_per_day() -> None:
    df = _posts([{"trait": t} for t in ["none", "venting", "advocate", "passive", "past"]])
    routed = route(df)
    q = priority_queue(routed)
    assert "store_only" not in set(q["action"]) and "monitor" not in set(q["action"])
    assert q["priority"].is_monotonic_decreasing
    counts = actions_per_day(routed)
    assert counts.to_numpy().sum() == len(routed)


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"version": 1, "rules": [{"name": "a", "when": {"trait": ["venting"]}, "action": "x", "response": "none", "base_priority": 1}]},
         "last rule must match every post"),
        ({"version": 1, "rules": [{"name": "a", "when": {"trait": ["angry"]}, "action": "x", "response": "none", "base_priority": 1},
                                  {"name": "b", "when": {}, "action": "y", "response": "none", "base_priority": 0}]},
         "rule 1 ('a').when.trait.0"),
        ({"version": 1, "rules": [{"name": "a", "when": {}, "action": "x", "respons": "none", "base_priority": 1}]},
         "unknown key"),
        ({"version": 1, "rules": [{"name": "a", "when": {}, "action": "x", "response": "none", "base_priority": 11}]},
         "less than or equal to 10"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_malformed_table_is_rejected_clearly(table: object, needle: str) -> None:
    with pytest.raises(ParamsError) as exc:
        decision_table_from_dict(table, source="my_table.yaml")
    assert "my_table.yaml" in str(exc.value) and needle in str(exc.value)


def test_table_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("version: 1\nrules: [\n")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_decision_table(bad)
    with pytest.raises(ParamsError, match="not found"):
        load_decision_table(tmp_path / "missing.yaml")
    good = yaml.safe_load(DEFAULT_DECISION_TABLE.read_text())
    (tmp_path / "ok.yaml").write_text(yaml.safe_dump(good))
    assert len(load_decision_table(tmp_path / "ok.yaml").rules) == len(good["rules"])


def _series_posts(daily: list[int], neg_share: list[float], followers: int = 1000) -> pd.DataFrame:
    rows = []
    start = pd.Timestamp("2026-03-01", tz="UTC")
    k = 0
    for d, (n, share) in enumerate(zip(daily, neg_share, strict=True)):
        n_neg = round(n * share)
        for i in range(n):
            rows.append({"post_id": f"p{k}", "author_id": f"a{k}", "created_at": start + pd.Timedelta(days=d, minutes=i),
                         "sentiment": "negative" if i < n_neg else "positive", "trait": "venting", "author_followers": followers})
            k += 1
    return _posts(rows)


def test_crisis_protocol_fires_on_the_spike_only() -> None:
    daily = [30] * 20 + [120, 200, 150] + [30] * 10
    share = [0.2] * 20 + [0.8, 0.85, 0.7] + [0.2] * 10
    levels = crisis_protocol(crisis_signals(_series_posts(daily, share)), crisis_reach=100_000)
    ev = crisis_events(levels)
    assert len(ev) == 1
    assert ev["fired_at"].item() == pd.Timestamp("2026-03-21", tz="UTC")
    assert ev["max_level"].item() == "crisis"
    assert (levels.loc[levels["period"] < pd.Timestamp("2026-03-21", tz="UTC"), "level"] == "normal").all()


def test_crisis_protocol_quiet_on_positive_spike() -> None:
    daily = [30] * 20 + [150, 150] + [30] * 5
    share = [0.2] * len(daily)
    levels = crisis_protocol(crisis_signals(_series_posts(daily, share)))
    assert crisis_events(levels, min_level="watch").empty


def test_complaint_clusters_find_the_macro_issue_and_are_seeded() -> None:
    rng = np.random.default_rng(0)
    outage = ["the app login is broken again error 503", "cannot login to the app, error 503 all morning",
              "app login error 503 since the update", "login broken on the app after update error 503"]
    misc = ["my bill is wrong this month", "the delivery driver was rude", "refund still not processed",
            "charger stopped working after a week", "waited an hour on hold", "package arrived damaged"]
    rows = []
    for i in range(120):
        rows.append({"text": outage[i % 4] + f" day{rng.integers(0, 3)}", "trait": "venting",
                     "created_at": pd.Timestamp("2026-05-10", tz="UTC") + pd.Timedelta(hours=int(rng.integers(0, 30)))})
    for i in range(60):
        rows.append({"text": misc[i % 6], "trait": "past" if i % 2 else "venting",
                     "created_at": pd.Timestamp("2026-04-01", tz="UTC") + pd.Timedelta(days=int(rng.integers(0, 60)))})
    df = _posts(rows)
    posts, clusters = complaint_clusters(df, n_clusters=5, min_size=30, seed=1)
    macro = clusters.loc[clusters["level"] == "macro"]
    assert len(macro) >= 1
    assert any("login" in t or "503" in t for t in macro["top_terms"])
    assert macro["first_day"].min() >= pd.Timestamp("2026-05-10", tz="UTC")
    _, again = complaint_clusters(df, n_clusters=5, min_size=30, seed=1)
    pd.testing.assert_frame_equal(clusters, again)
    assert posts["duplicate_group"].nunique() < len(posts)  # near-duplicates were joined


def test_sales_leads_need_future_and_a_question() -> None:
    df = _posts([
        {"trait": "future", "text": "HP, Dell or Toshiba? which laptop should I get"},
        {"trait": "future", "text": "thinking about switching to Acme mobile, good decision?"},
        {"trait": "future", "text": "new phone arriving tomorrow"},
        {"trait": "venting", "text": "which button should I press?? nothing works"},
    ])
    leads = sales_leads(df)
    assert leads["post_id"].tolist() == ["p0", "p1"]
    assert leads["caution"].str.contains("transparently").all()


# --------------------------------------------------------------------------- on the bundled sample
from functools import lru_cache  # noqa: E402

from scrm_lib.core.config import PARAMS_DIR, PROJECT_ROOT  # noqa: E402
from scrm_lib.metrics.triage import (  # noqa: E402
    complaint_issues,
    first_at_level,
    rolling_crisis_signals,
    rules_frame,
    score_posts,
    trait_examples,
)

EVENTS = json.loads((PROJECT_ROOT / "data" / "samples" / "mentions_events.json").read_text(encoding="utf-8"))
CRISIS = next(e for e in EVENTS["events"] if e["kind"] == "crisis")
MACRO = next(e for e in EVENTS["events"] if e["kind"] == "macro_issue")
NB05 = yaml.safe_load((PARAMS_DIR / "05_social_customer_and_triage.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _sample() -> pd.DataFrame:
    from scrm_lib.data.io import load_mentions

    return load_mentions(PROJECT_ROOT / "data" / "samples" / "mentions.csv")


def _protocol_events(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    signals = rolling_crisis_signals(df, window=NB05["crisis_window"], step=NB05["crisis_step"],
                                     baseline_days=NB05["baseline_days"])
    levels = crisis_protocol(signals, **{k: NB05[k] for k in ("watch_velocity", "alert_velocity", "watch_neg_share",
                                                              "alert_neg_share", "crisis_reach", "min_volume")})
    return levels, crisis_events(levels, min_level="watch")


def _assert_only_the_injected_crisis(levels: pd.DataFrame, events: pd.DataFrame) -> None:
    start, end = pd.Timestamp(CRISIS["start"]), pd.Timestamp(CRISIS["end"])
    assert len(events) == 1, events
    ev = events.iloc[0]
    assert ev["brand"] == CRISIS["brand"] and ev["max_level"] == "crisis"
    assert start < ev["fired_at"] < pd.Timestamp(CRISIS["brand_statement_at"]), "fires after onset, before the statement"
    hot = levels.loc[levels["level"] != "normal"]
    window_end = end + pd.Timedelta(NB05["crisis_window"])  # the trailing window still holds crisis posts
    assert (hot["brand"] == CRISIS["brand"]).all()
    assert hot["period"].between(start, window_end).all(), "quiet on the rest of the sample (macro issue, campaign)"
    first = first_at_level(levels).loc[CRISIS["brand"]]
    assert first["watch"] <= first["alert"] <= first["crisis"]


def test_crisis_rule_on_the_sample_with_the_generators_sentiment() -> None:
    df = _sample().assign(sentiment=lambda d: d["synthetic_sentiment"])
    _assert_only_the_injected_crisis(*_protocol_events(df))


@pytest.mark.slow
def test_crisis_rule_on_the_sample_with_the_models_sentiment() -> None:
    """What notebook 05 shows: the model-scored sample, the notebook's default thresholds."""
    _assert_only_the_injected_crisis(*_protocol_events(score_posts(_sample())))


def test_rolling_signals_by_hand() -> None:
    base = pd.Timestamp("2026-03-01", tz="UTC")
    rows = [{"created_at": base + pd.Timedelta(days=d, hours=6), "sentiment": "positive"} for d in range(14)]
    rows += [{"created_at": base + pd.Timedelta(days=14, hours=h), "sentiment": "negative", "author_id": "same",
              "author_followers": 500} for h in range(10)]
    sig = rolling_crisis_signals(_posts(rows), window="24h", step="1h", baseline_days=14)
    last = sig.iloc[-1]
    assert last["volume"] == 10 and last["negative"] == 10 and last["baseline"] == pytest.approx(1.0)
    assert last["velocity"] == pytest.approx(10.0) and last["neg_share"] == 1.0
    assert last["neg_reach"] == 500  # one author counted once


@pytest.mark.parametrize("traits", ["generator", "model"])
def test_macro_issues_on_the_sample_are_the_crisis_and_the_voicemail_issue(traits: str) -> None:
    df = _sample().assign(trait=lambda d: d["synthetic_trait"]) if traits == "generator" else score_posts(_sample())
    kw = {"min_posts": NB05["issue_min_posts"], "window_days": NB05["issue_window_days"],
          "min_concentration": NB05["issue_min_concentration"]}
    nimbus = df.loc[df["brand"] == MACRO["brand"]]
    posts, issues = complaint_issues(nimbus, extra_stop_words=[MACRO["brand"]], **kw)
    voicemail = issues.loc[issues["top_terms"].str.contains("voicemail")]
    assert len(voicemail) == 1, issues
    vm = voicemail.iloc[0]
    assert pd.Timestamp(MACRO["start"]) <= vm["peak_day"] < pd.Timestamp(MACRO["end"])
    assert pd.Timestamp(MACRO["start"]) - pd.Timedelta(days=7) <= vm["window_start"] <= pd.Timestamp(MACRO["start"]) + pd.Timedelta(days=7)
    crisis = issues.loc[issues["top_terms"].str.contains("autopay")]
    assert len(crisis) == 1 and crisis["peak_day"].iloc[0] == pd.Timestamp(CRISIS["peak_day"], tz="UTC")
    # the issues hold their events: most posts of the voicemail issue are the injected macro issue
    in_vm = posts.loc[posts["issue"] == vm["issue"], "synthetic_event"]
    assert (in_vm == "macro_issue").mean() > 0.6
    # deterministic, and quiet on the competitors (no injected issue there)
    pd.testing.assert_frame_equal(issues, complaint_issues(nimbus, extra_stop_words=[MACRO["brand"]], **kw)[1])
    for brand in EVENTS["competitors"]:
        assert complaint_issues(df.loc[df["brand"] == brand], extra_stop_words=[brand], **kw)[1].empty, brand


def test_topic_clusters_on_the_sample_are_stable_for_a_seed() -> None:
    nimbus = _sample().loc[lambda d: d["brand"] == MACRO["brand"]].assign(trait=lambda d: d["synthetic_trait"])
    a_posts, a = complaint_clusters(nimbus, n_clusters=NB05["n_clusters"], seed=NB05["seed"])
    b_posts, b = complaint_clusters(nimbus, n_clusters=NB05["n_clusters"], seed=NB05["seed"])
    pd.testing.assert_frame_equal(a, b)
    assert a_posts["cluster"].tolist() == b_posts["cluster"].tolist()


def test_issues_by_hand() -> None:
    base = pd.Timestamp("2026-01-01", tz="UTC")
    rows = [{"trait": "venting", "text": f"my bill is wrong help {i}", "created_at": base + pd.Timedelta(days=i)} for i in range(90)]
    rows += [{"trait": "venting", "text": "visual voicemail broken since the update",
              "created_at": base + pd.Timedelta(days=40 + i % 10, hours=i)} for i in range(40)]
    posts, issues = complaint_issues(_posts(rows), min_posts=30, window_days=21, min_concentration=0.7)
    assert len(issues) == 1 and "voicemail" in issues["top_terms"].item()
    assert issues["size"].item() == 40 and issues["authors"].item() == 40
    assert (posts["issue"] >= 0).sum() == 40  # "bill", spread over 90 days, is not an issue


def test_news_coverage_goes_to_pr() -> None:
    routed = route(_posts([{"trait": "venting", "channel": "news", "author_followers": 900_000}]))
    assert routed["action"].item() == "brief_pr" and routed["escalate"].item()


def test_rules_frame_spells_out_every_rule() -> None:
    table = load_decision_table()
    frame = rules_frame(table)
    assert len(frame) == len(table.rules) and frame["when"].iloc[-1] == "(every post)"
    assert "trait in venting" in frame["when"].tolist()


def test_trait_examples_are_seeded_and_per_trait() -> None:
    df = _posts([{"trait": t, "text": f"{t} {i}", "trait_confidence": 0.9} for t in ("venting", "advocate") for i in range(10)])
    a = trait_examples(df, per_trait=3, seed=1)
    assert a.groupby("trait").size().to_dict() == {"advocate": 3, "venting": 3}
    pd.testing.assert_frame_equal(a, trait_examples(df, per_trait=3, seed=1))
    assert a["trait"].tolist()[:3] == ["venting"] * 3  # TRAITS order


def test_score_posts_is_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scrm_lib.metrics.triage as triage

    monkeypatch.setattr(triage, "_SCORE_CACHE_DIR", tmp_path)
    df = _posts([{"text": "love this phone, best carrier ever"}, {"text": "my bill is wrong again, please help"}])
    df = df.drop(columns=["sentiment"])
    first = score_posts(df)
    assert {"sentiment", "sentiment_score", "trait", "trait_confidence"} <= set(first.columns)
    assert len(list(tmp_path.glob("*.parquet"))) == 1
    again = score_posts(df)
    pd.testing.assert_frame_equal(first[["sentiment", "trait"]], again[["sentiment", "trait"]])
    changed = score_posts(df.assign(text=["terrible", "awful"]))
    assert len(list(tmp_path.glob("*.parquet"))) == 2 and len(changed) == 2


def test_sales_caution_says_what_each_lead_calls_for() -> None:
    df = _posts([
        {"trait": "future", "brand": "Acme", "text": "Acme or Globex, which should I get?"},
        {"trait": "future", "brand": "Acme", "text": "Leaving Globex after this week. Is Acme any good?", "author_followers": 20_000},
        {"trait": "future", "brand": "Acme", "text": "is acme worth it?"},
    ])
    leads = sales_leads(df, brands=["Acme", "Globex"])
    assert leads["mentions"].tolist() == ["Globex", "Globex", ""]
    assert leads.loc[0, "caution"].startswith("Also asks about Globex: compare on the merits")
    assert leads.loc[1, "caution"].startswith("Leaving Globex: a past customer of a competitor")
    assert "20,000 followers" in leads.loc[1, "caution"]
    assert leads.loc[2, "caution"].startswith("Lead, not a support case")


def test_complaint_stop_words_are_sklearns_plus_noise_and_extras() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from scrm_lib.metrics import listening, triage

    words = triage.complaint_stop_words(["Nimbus"])
    assert set(words) == set(ENGLISH_STOP_WORDS) | triage.COMPLAINT_NOISE | {"nimbus"} and words == sorted(words)
    # unlike the listening themes' list, negations are stop words when grouping complaints
    assert "not" in words and "not" not in listening.stop_words()
