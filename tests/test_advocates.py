"""Tests of scrm_lib.metrics.advocates: membership, program metrics, recruitment ranking."""

from __future__ import annotations

import pandas as pd
import pytest

from scrm_lib.metrics.advocates import membership, program_metrics, recruitment_candidates

T0 = pd.Timestamp("2026-01-05", tz="UTC")  # a Monday


def _df(rows: list[tuple[str, int, str, int]]) -> pd.DataFrame:
    """rows of (author, day offset, sentiment, followers)."""
    return pd.DataFrame({
        "post_id": [f"p{i}" for i in range(len(rows))],
        "author_id": [r[0] for r in rows],
        "created_at": [T0 + pd.Timedelta(days=r[1]) for r in rows],
        "sentiment": [r[2] for r in rows],
        "author_followers": [r[3] for r in rows],
        "brand": "Acme", "is_brand": False, "likes": 2, "shares": 1, "replies": 0,
        "text": "x",
    })


def test_membership_joins_on_second_positive_post() -> None:
    df = _df([("a", 0, "positive", 10), ("a", 3, "negative", 10), ("a", 8, "positive", 10),
              ("b", 1, "positive", 50), ("c", 2, "negative", 5), ("c", 4, "negative", 5)])
    m = membership(df).set_index("author_id")
    assert list(m.index) == ["a"]
    assert m.loc["a", "joined_at"] == T0 + pd.Timedelta(days=8)
    assert m.loc["a", "posts"] == 3 and m.loc["a", "positive_posts"] == 2


def test_trait_advocate_counts_as_advocacy() -> None:
    df = _df([("a", 0, "neutral", 10), ("a", 1, "negative", 10)])
    df["trait"] = ["advocate", "advocate"]  # defending the brand, negative in tone
    assert membership(df)["author_id"].tolist() == ["a"]


def test_program_metrics_growth_and_attrition_by_hand() -> None:
    rows = [("a", 0, "positive", 1), ("a", 1, "positive", 1),      # a joins week 1
            ("b", 7, "positive", 1), ("b", 8, "positive", 1),      # b joins week 2
            ("z", 60, "neutral", 1)]                               # extends the data to day 60
    m = program_metrics(_df(rows), freq="W", active_days=30).set_index("period")
    assert m["new_members"].sum() == 2
    # a's last post day 1 -> lapses day 31 (week 5); b's last post day 8 -> lapses day 38 (week 6)
    assert m["lapsed"].sum() == 2 and m["members"].iloc[-1] == 0
    assert m["members"].max() == 2
    assert m["satisfaction"].dropna().between(0, 1).all()
    first = m.iloc[0]
    assert first["active_members"] == 1 and first["engagement_per_member"] == pytest.approx(3.0)


def test_recruitment_prefers_repeat_small_reach_praise() -> None:
    rows = [("fan", d, "positive", 300) for d in (0, 5, 10, 15)] + \
           [("star", 1, "positive", 900_000), ("star", 2, "positive", 900_000)] + \
           [("mixed", 3, "positive", 100), ("mixed", 4, "negative", 100), ("mixed", 6, "positive", 100)]
    c = recruitment_candidates(_df(rows), max_followers=10_000)
    assert c["author_id"].tolist() == ["fan", "mixed"]  # the influencer is not an advocate candidate
    assert "4 positive mentions" in c.loc[0, "why"]


from scrm_lib.metrics.advocates import author_roles, followup_satisfaction, role_summary  # noqa: E402


def test_author_roles_separate_advocates_from_influencers() -> None:
    rows = [("fan", d, "positive", 300) for d in range(4)] + [("star", 1, "positive", 50_000)] * 3 + \
           [("grumpy", d, "negative", 100) for d in range(5)] + [("mixed", d, s, 80) for d, s in
                                                                 enumerate(["positive"] * 4 + ["negative"] * 6)]
    df = _df(rows)
    df.loc[df["author_id"] == "star", "text"] = "Loving my new phone #ad"
    roles = author_roles(df, min_positive=4, influencer_followers=10_000, min_share=0.5, min_active_days=4).set_index("author_id")
    assert roles["role"].to_dict() == {"fan": "advocate", "grumpy": "customer", "mixed": "customer", "star": "influencer"}
    assert roles.loc["star", "sponsored_posts"] == 3 and roles.loc["mixed", "share_advocacy"] == pytest.approx(0.4)
    summary = role_summary(roles.reset_index())
    assert list(summary.index) == ["advocate", "influencer", "customer"]
    assert summary.loc["influencer", "share_sponsored"] == 1.0


def test_followup_satisfaction_reads_replies_to_brand_replies() -> None:
    df = pd.DataFrame({
        "post_id": ["c1", "b1", "f1", "c2", "b2", "f2", "f3"],
        "author_id": ["u1", "acme", "u1", "u2", "acme", "u2", "u3"],
        "created_at": [T0 + pd.Timedelta(hours=h) for h in range(7)],
        "is_brand": [False, True, False, False, True, False, False],
        "in_reply_to": [None, "c1", "b1", None, "c2", "b2", "c1"],  # f3 replies to a customer, not the brand
        "sentiment": ["negative", "neutral", "positive", "negative", "neutral", "negative", "positive"],
        "brand": "Acme", "text": "x",
    })
    s = followup_satisfaction(df, "Acme", freq="W")
    assert s["followups"].sum() == 2 and s["positive"].sum() == 1 and s["satisfaction"].iloc[0] == 0.5
