"""Tests of scrm_lib.audit: presence status, owned engagement, integration, scorecard grades."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scrm_lib.audit import (
    channel_presence,
    grade,
    integration,
    load_thresholds,
    owned_engagement,
    recommendations,
    scorecard,
)
from scrm_lib.errors import ParamsError

END = pd.Timestamp("2026-06-30", tz="UTC")


def _post(pid, ch, days_ago, brand="Acme", is_brand=True, text="", reply=None, likes=0):
    return {"post_id": pid, "channel": ch, "created_at": END - pd.Timedelta(days=days_ago), "brand": brand,
            "is_brand": is_brand, "text": text, "in_reply_to": reply, "likes": likes, "shares": 0, "replies": 0,
            "author_id": "acme" if is_brand else f"u{pid}"}


def test_presence_statuses() -> None:
    df = pd.DataFrame([
        _post("1", "twitter", 2), _post("2", "twitter", 9), _post("3", "twitter", 16),
        _post("4", "facebook", 30),
        _post("5", "youtube", 80),
        _post("6", "reddit", 1, is_brand=False),
        _post("7", "twitter", 0, brand="Other"),
    ])
    p = channel_presence(df, "Acme").set_index("channel")
    assert p["status"].to_dict() == {"facebook": "dormant", "reddit": "absent", "twitter": "alive", "youtube": "abandoned"}
    assert p.loc["twitter", "median_gap_days"] == pytest.approx(7.0)
    assert p.loc["youtube", "days_since_last_post"] == pytest.approx(80.0)


def test_owned_engagement_excludes_replies() -> None:
    df = pd.DataFrame([_post("1", "twitter", 1, likes=10), _post("2", "twitter", 1, likes=20),
                       _post("3", "twitter", 1, likes=99, reply="x")])
    e = owned_engagement(df)
    assert e.loc[0, "posts"] == 2 and e.loc[0, "per_post"] == pytest.approx(15.0)


def test_integration_counts_campaigns_and_links_across_channels() -> None:
    df = pd.DataFrame([
        _post("1", "twitter", 1, text="Summer is here #SunDeal https://acme.example/summer"),
        _post("2", "instagram", 1, text="#sundeal starts today! link in bio https://acme.example/summer?utm=ig"),
        _post("3", "facebook", 1, text="Quiz night #TriviaTuesday"),
    ])
    res = integration(df, "Acme")
    assert res["campaigns"].set_index("tag")["n_channels"].to_dict() == {"#sundeal": 2, "#triviatuesday": 1}
    assert res["links"]["link"].tolist() == ["acme.example/summer"]
    assert res["integration_score"] == pytest.approx(2 / 3)


def test_grades_follow_documented_thresholds() -> None:
    th = load_thresholds()
    rate = th.dimensions["responsiveness"]  # higher is better: A >= 0.8, B >= 0.6, C >= 0.4, D >= 0.2
    assert [grade(v, rate) for v in (0.95, 0.8, 0.79, 0.4, 0.2, 0.19, None)] == ["A", "A", "B", "C", "D", "F", "n/a"]
    rt = th.dimensions["response_time"]  # lower is better: A <= 30, B <= 60, C <= 240, D <= 1440
    assert [grade(v, rt) for v in (10, 30, 31, 240, 1440, 2000)] == ["A", "A", "B", "C", "D", "F"]


def test_scorecard_rows_and_recommendations() -> None:
    card = scorecard({"reply_rate": 0.3, "median_first_response_minutes": 500.0, "net_sentiment": 0.6,
                      "share_channels_alive": 0.5})
    by = card.set_index("dimension")
    assert by.loc["responsiveness", "grade"] == "D" and by.loc["sentiment", "grade"] == "A"
    assert by.loc["engagement", "grade"] == "n/a" and by.loc["engagement", "evidence"] == "no data for this metric"
    assert "A ≥ 0.8" in by.loc["responsiveness", "rule"]
    recs = recommendations(card, weak_channels=["youtube"])
    assert [r.split(":")[0] for r in recs] == ["Time to first response (D)", "Reply rate (D)", "Channel presence (C)"]
    assert "youtube" in recs[2]


def test_bad_thresholds_file(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text("version: 1\ndimensions:\n  x:\n    label: X\n    metric: m\n    description: d\n"
                 "    direction: higher\n    thresholds: {A: 0.1, B: 0.5, C: 0.3, D: 0.2}\n")
    with pytest.raises(ParamsError, match="monotone"):
        load_thresholds(p)
