"""Tests of scrm_lib.triage: decision table, routing, priority, clusters, crisis protocol, leads."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from scrm_lib.errors import ParamsError
from scrm_lib.triage import (
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
