"""Tests of scrm_lib.metrics.audit: presence status, owned engagement, integration, scorecard grades."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scrm_lib.core.errors import ParamsError
from scrm_lib.metrics.audit import (
    channel_presence,
    grade,
    integration,
    load_thresholds,
    owned_engagement,
    recommendations,
    scorecard,
)

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
    # an ungradeable dimension says what data would grade it; a graded one says nothing
    assert "proactive posts with like/share/reply counts" in by.loc["engagement", "to_grade"]
    assert by.loc["responsiveness", "to_grade"] == "" and "in_reply_to" in by.loc["sla", "to_grade"]
    recs = recommendations(card, weak_channels=["youtube"])
    assert [r.split(":")[0] for r in recs] == ["Time to first response (D)", "Reply rate (D)", "Channel presence (C)"]
    assert "youtube" in recs[2]


def test_bad_thresholds_file(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text("version: 1\ndimensions:\n  x:\n    label: X\n    metric: m\n    description: d\n"
                 "    direction: higher\n    thresholds: {A: 0.1, B: 0.5, C: 0.3, D: 0.2}\n")
    with pytest.raises(ParamsError, match="monotone"):
        load_thresholds(p)


# --------------------------------------------------------------------------- responsiveness, SoV, privacy
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from scrm_lib.metrics.audit import (  # noqa: E402
    GRADES,
    audit_scope,
    brand_net_sentiment,
    conversation_mix,
    customer_share_of_voice,
    presence_metric,
    proactive_reactive,
    responsiveness,
    responsiveness_metrics,
    sov_metric,
    thread_responses,
    unattended_mentions,
)
from scrm_lib.text.privacy import pseudonym, pseudonymise  # noqa: E402

T0 = pd.Timestamp("2026-06-01 12:00", tz="UTC")


def _thread() -> pd.DataFrame:
    rows = [
        # Acme has a twitter account; c1 answered after 30 min (and again later), c2 after 120, c3 never
        {"post_id": "c1", "brand": "Acme", "channel": "twitter", "is_brand": False, "in_reply_to": None, "minutes": 0},
        {"post_id": "r1", "brand": "Acme", "channel": "twitter", "is_brand": True, "in_reply_to": "c1", "minutes": 30},
        {"post_id": "r1b", "brand": "Acme", "channel": "twitter", "is_brand": True, "in_reply_to": "c1", "minutes": 90},
        {"post_id": "c2", "brand": "Acme", "channel": "twitter", "is_brand": False, "in_reply_to": None, "minutes": 0},
        {"post_id": "r2", "brand": "Acme", "channel": "twitter", "is_brand": True, "in_reply_to": "c2", "minutes": 120},
        {"post_id": "c3", "brand": "Acme", "channel": "twitter", "is_brand": False, "in_reply_to": None, "minutes": 0},
        # no Acme account on reddit: not counted; Other answers its own customer
        {"post_id": "c4", "brand": "Acme", "channel": "reddit", "is_brand": False, "in_reply_to": None, "minutes": 0},
        {"post_id": "c5", "brand": "Other", "channel": "twitter", "is_brand": False, "in_reply_to": None, "minutes": 0},
        {"post_id": "r5", "brand": "Other", "channel": "twitter", "is_brand": True, "in_reply_to": "c5", "minutes": 5},
    ]
    df = pd.DataFrame(rows)
    df["created_at"] = T0 + pd.to_timedelta(df.pop("minutes"), unit="min")
    df["author_id"] = [f"u{i}" if not b else "acct" for i, b in enumerate(df["is_brand"])]
    df["text"] = ""
    df["sentiment"] = ["negative", "neutral", "neutral", "positive", "neutral", "negative", "positive", "positive", "neutral"]
    return df


def test_first_responses_and_responsiveness_by_hand() -> None:
    r = thread_responses(_thread(), ["Acme", "Other"])
    acme = r.loc[r["brand"] == "Acme"].set_index("post_id")
    assert sorted(acme.index) == ["c1", "c2", "c3"]  # reddit (no account) left out
    assert acme.loc["c1", "minutes"] == 30 and acme.loc["c2", "minutes"] == 120 and not acme.loc["c3", "answered"]
    t = responsiveness(r, sla_minutes=60).set_index("brand")
    assert t.loc["Acme", "reply_rate"] == pytest.approx(2 / 3)
    assert t.loc["Acme", "median_minutes"] == pytest.approx(75)
    assert t.loc["Acme", "share_within_sla"] == pytest.approx(1 / 3)
    assert t.loc["Other", "share_within_sla"] == 1.0
    m = responsiveness_metrics(t.reset_index(), "Acme", 60)
    assert m["reply_rate"][0] == pytest.approx(2 / 3) and "2 of 3" in m["reply_rate"][1]
    empty = responsiveness_metrics(t.reset_index(), "Nobody", 60)
    assert all(v[0] is None for v in empty.values())


def test_share_of_voice_and_sentiment_count_customer_posts_only() -> None:
    df = _thread()
    sov = customer_share_of_voice(df, ["Acme", "Other"]).set_index("brand")
    assert sov.loc["Acme", "posts"] == 4 and sov.loc["Other", "posts"] == 1 and sov["share"].sum() == pytest.approx(1)
    value, text = sov_metric(sov.reset_index(), "Acme")
    assert value == pytest.approx(0.8 * 2) and "fair share 50.0%" in text
    by_channel = customer_share_of_voice(df, ["Acme", "Other"], by="channel")
    assert by_channel.groupby("channel")["share"].sum().round(6).eq(1).all()
    assert brand_net_sentiment(df, "Acme") == pytest.approx((2 - 2) / 4)
    mix = conversation_mix(df, ["Acme", "Other"], "sentiment")
    assert mix.sum(axis=1).round(6).eq(1).all() and list(mix.index) == ["Acme", "Other"]


def test_presence_metric_and_unattended_mentions() -> None:
    df = pd.DataFrame([_post("1", "twitter", 1), _post("2", "youtube", 80), _post("3", "youtube", 10, is_brand=False),
                       _post("4", "reddit", 3, is_brand=False)])
    df["sentiment"] = "negative"
    p = channel_presence(df, "Acme")
    value, text = presence_metric(p)
    assert value == 0.5 and "youtube (abandoned" in text and "reddit" in text
    u = unattended_mentions(df, "Acme", p)
    assert u.set_index("channel").loc["youtube", "customer_posts_since"] == 1
    assert presence_metric(p.assign(status="absent"))[0] is None


def test_proactive_reactive_counts() -> None:
    df = pd.DataFrame([_post("1", "twitter", 1), _post("2", "twitter", 1, reply="x"), _post("3", "twitter", 1, reply="y")])
    row = proactive_reactive(df, ["Acme"]).iloc[0]
    assert (row["proactive_posts"], row["replies"]) == (1, 2) and row["reply_share"] == pytest.approx(2 / 3)


def test_audit_scope_names_missing_brands() -> None:
    df = _thread()
    assert set(audit_scope(df, "Acme", ["Other"], ["reddit"])["channel"]) == {"twitter"}
    with pytest.raises(ValueError, match=r"\['Nope'\] not in the data"):
        audit_scope(df, "Acme", ["Nope"])


def test_pseudonymise_hides_people_and_keeps_structure() -> None:
    df = _thread()
    df["text"] = ["@jane_doe @Acme help", "", "", "", "", "", "", "", ""]
    df["tweet_location"] = "Springfield"
    out = pseudonymise(df, salt="s3cret", keep=["acme"])
    assert "tweet_location" not in out.columns
    assert "jane_doe" not in " ".join(out["text"]) and "@Acme" in out["text"].iloc[0]
    assert out.loc[df["is_brand"], "author_id"].eq("acct").all()  # brand accounts are public
    assert not out.loc[~df["is_brand"], "author_id"].isin(df["author_id"]).any()
    # threads survive: replies still point at their (pseudonymised) parents
    assert set(out["in_reply_to"].dropna()) <= set(out["post_id"])
    assert thread_responses(out, ["Acme"])["answered"].sum() == 2
    assert pseudonym("x", "a") != pseudonym("x", "b") and pseudonym("x", "a") == pseudonym("x", "a")
    with pytest.raises(ValueError, match="salt"):
        pseudonymise(df, salt="")


@given(value=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_every_default_grade_follows_its_documented_thresholds(value: float) -> None:
    for dim in load_thresholds().dimensions.values():
        g = grade(value, dim)
        reached = [x for x in GRADES if (value >= dim.thresholds[x] if dim.direction == "higher" else value <= dim.thresholds[x])]
        assert g == (reached[0] if reached else "F")


def test_single_channel_data_leave_presence_and_integration_not_graded_and_out_of_the_overall_grade() -> None:
    from scrm_lib.metrics.audit import integration_metric, overall_grade, presence_metric

    # a brand that answers on twitter only, with links: one channel cannot show cross-channel integration
    df = pd.DataFrame([_post("1", "twitter", 1, text="see https://acme.example/help"),
                       _post("2", "twitter", 2, text="see https://acme.example/help #acmecare"),
                       _post("3", "twitter", 3, is_brand=False)])
    integ = integration(df, "Acme")
    assert integ["channels"] == ["twitter"] and integ["integration_score"] == 0.0
    value, why = integration_metric(integ)
    assert value is None and "one channel (twitter)" in why and "two or more" in why
    p = channel_presence(df, "Acme")
    assert presence_metric(p)[0] == 1.0  # the channel itself is alive ...
    value, why = presence_metric(p, data_channels=df["channel"].unique())
    assert value is None and "one channel (twitter)" in why  # ... but one platform cannot grade presence
    assert presence_metric(p, data_channels=["twitter", "facebook"])[0] == 1.0
    # multi-channel brands are graded as before
    two = pd.concat([df, pd.DataFrame([_post("4", "facebook", 1, text="#acmecare")])], ignore_index=True)
    assert integration_metric(integration(two, "Acme"))[0] == pytest.approx(1 / 2)
    assert integration_metric({**integration(two, "Acme"), "channels": None})[0] == pytest.approx(1 / 2)

    card = scorecard({"reply_rate": 0.9, "median_first_response_minutes": 11.0, "share_within_sla": 0.8,
                      "net_sentiment": -0.6, "sov_vs_fair_share": 1.6, "integration_score": None,
                      "share_channels_alive": None})
    g = card.set_index("dimension")["grade"]
    assert g["integration"] == "n/a" and g["presence"] == "n/a" and g["engagement"] == "n/a"
    overall = overall_grade(card)
    # A, A, A, F, A: 16 / 5 = 3.2 -> B; were the three n/a counted as F it would be 16 / 8 = 2.0 -> C
    assert overall == {"grade": "B", "points": 3.2, "graded": 5, "dimensions": 8,
                       "not_graded": ["Channel presence", "Engagement per post", "Cross-channel integration"]}
    assert overall_grade(scorecard({}))["grade"] == "n/a"
    assert overall_grade(scorecard({"reply_rate": 0.1}))["grade"] == "F"
    assert not any("integration" in r.lower() for r in recommendations(card))


def test_twcs_audit_grades_no_dimension_the_single_channel_data_cannot_support() -> None:
    """Real TWCS threads (one channel): presence and integration are n/a with their reason, not A/F."""
    from scrm_lib.core.config import PROJECT_ROOT
    from scrm_lib.data.registry import get_adapter
    from scrm_lib.metrics.audit import (
        audit_scope,
        integration_metric,
        overall_grade,
        presence_metric,
    )
    from scrm_lib.params import load_params
    from tests.conftest import external_file

    external_file("customer-support-on-twitter/twcs_first5000.csv")
    P = load_params("07_social_media_audit", PROJECT_ROOT / "params" / "audit" / "twcs.yaml")
    raw = get_adapter(P.mentions_format, "mentions").read(P.path("mentions_path"))
    posts = audit_scope(raw, P.brand, P.competitors, P.earned_channels)
    assert posts["channel"].nunique() == 1
    value, why = presence_metric(channel_presence(posts, P.brand), data_channels=posts["channel"].unique())
    assert value is None and "one channel" in why
    value, why = integration_metric(integration(posts, P.brand))
    assert value is None and "one channel" in why
    card = scorecard({"reply_rate": 0.96, "share_channels_alive": None, "integration_score": None})
    assert set(card.loc[card["grade"] == "F", "dimension"]) == set()
    assert overall_grade(card)["graded"] == 1


def test_no_own_posts_is_the_reason_given_before_single_channel() -> None:
    from scrm_lib.metrics.audit import integration_metric, presence_metric

    df = pd.DataFrame([_post("1", "twitter", 1, is_brand=False), _post("2", "twitter", 2, is_brand=False)])
    assert "no posts by the brand's own accounts" in presence_metric(channel_presence(df, "Acme"), ["twitter"])[1]
    value, why = integration_metric(integration(df, "Acme"))
    assert value is None and "no posts by the brand's own accounts" in why
