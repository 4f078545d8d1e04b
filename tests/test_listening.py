"""scrm_lib.metrics.listening: hand-computed fixtures for every metric, property tests, spike detection
recall / false-positive rate, and the airline data against an independent pandas computation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrm_lib.core.errors import ParamsError
from scrm_lib.data.schemas import mentions as schema
from scrm_lib.metrics import listening as L
from tests.conftest import external_file


def frame(rows: list[dict]) -> pd.DataFrame:
    """A validated canonical mentions frame from short row dicts (defaults filled in)."""
    base = {"channel": "twitter", "brand": "A", "author_id": "u1", "text": ""}
    out = []
    for i, r in enumerate(rows):
        out.append({"post_id": f"p{i}", **base, **r})
    df = pd.DataFrame(out)
    return schema.validate_frame(df, source="<test>")


T0 = "2026-03-02T10:00:00Z"  # a Monday


def ts(day: int, hour: int = 10, minute: int = 0) -> str:
    return (pd.Timestamp("2026-03-02T00:00:00Z") + pd.Timedelta(days=day, hours=hour, minutes=minute)).isoformat()


# --------------------------------------------------------------------------------------------
# Volume, share of voice
# --------------------------------------------------------------------------------------------


def test_volume_fills_empty_periods_and_computes_change() -> None:
    df = frame([
        {"created_at": ts(0), "brand": "A"}, {"created_at": ts(0, 12), "brand": "A"}, {"created_at": ts(0), "brand": "B"},
        {"created_at": ts(2), "brand": "A"},
    ])
    v = L.volume(df, freq="D", by="brand")
    a = v.loc[v["brand"] == "A"].set_index(v.loc[v["brand"] == "A", "period"].dt.strftime("%m-%d"))
    assert a["mentions"].to_dict() == {"03-02": 2, "03-03": 0, "03-04": 1}
    assert math.isnan(a.loc["03-02", "change"]) and a.loc["03-03", "change"] == -2 and a.loc["03-04", "change"] == 1
    assert a.loc["03-03", "pct_change"] == -1.0 and math.isnan(a.loc["03-04", "pct_change"])  # previous period had 0
    b = v.loc[v["brand"] == "B", "mentions"].tolist()
    assert b == [1, 0, 0]
    assert v["mentions"].sum() == len(df)
    # the data start after midnight of the first day and end before midnight of the last: both are partial
    assert v["complete"].tolist() == [False, True, False] * 2


def test_volume_weekly_marks_partial_edge_periods() -> None:
    df = frame([{"created_at": ts(0)}, {"created_at": ts(9)}])  # Mon 03-02 .. Wed 03-11
    v = L.volume(df, freq="W")
    assert v["period"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-02", "2026-03-09"]
    assert v["complete"].tolist() == [True, False]


def test_share_of_voice_counts_engagement_and_reach() -> None:
    df = frame([
        {"created_at": ts(0), "brand": "A", "author_id": "x", "likes": 3, "author_followers": 100},
        {"created_at": ts(0), "brand": "A", "author_id": "x", "likes": 1, "author_followers": 150},
        {"created_at": ts(0), "brand": "A", "author_id": "y", "shares": 2, "author_followers": 50, "channel": "facebook"},
        {"created_at": ts(1), "brand": "B", "author_id": "z", "replies": 4, "author_followers": 800},
    ])
    s = L.share_of_voice(df).set_index("brand")
    assert s["mentions"].to_dict() == {"A": 3, "B": 1}
    assert s.loc["A", "share"] == pytest.approx(0.75)
    e = L.share_of_voice(df, weight="engagement").set_index("brand")
    assert e["engagement"].to_dict() == {"A": 6, "B": 4} and e.loc["A", "share"] == pytest.approx(0.6)
    r = L.share_of_voice(df, weight="reach").set_index("brand")
    # A: x counted once with its largest count (150) + y 50 = 200; B: 800
    assert r["reach"].to_dict() == {"A": 200.0, "B": 800.0} and r.loc["B", "share"] == pytest.approx(0.8)
    c = L.share_of_voice(df, within="channel")
    tw = c.loc[c["channel"] == "twitter"].set_index("brand")
    assert tw["share"].to_dict() == {"A": pytest.approx(2 / 3), "B": pytest.approx(1 / 3)}
    p = L.share_of_voice(df, freq="D")
    assert p.groupby("period")["share"].sum().tolist() == [pytest.approx(1.0), pytest.approx(1.0)]


def test_share_of_voice_rejects_unknown_weight() -> None:
    with pytest.raises(ParamsError):
        L.share_of_voice(frame([{"created_at": T0}]), weight="likes")


# --------------------------------------------------------------------------------------------
# Sentiment
# --------------------------------------------------------------------------------------------


def test_net_sentiment_formulas_and_intervals() -> None:
    from statsmodels.stats.proportion import proportion_confint

    pos, neg, neu = 30, 10, 60
    net, lo, hi = L.net_sentiment(pos, neg, neu, "talkwalker")
    assert float(net) == pytest.approx(0.5)  # (30-10)/(30+10)
    wl, wh = proportion_confint(30, 40, alpha=0.05, method="wilson")
    assert float(lo) == pytest.approx(2 * wl - 1) and float(hi) == pytest.approx(2 * wh - 1)
    h, hlo, hhi = L.net_sentiment(pos, neg, neu, "brand_health")
    assert float(h) == pytest.approx(0.75) and float(hlo) == pytest.approx(wl) and float(hhi) == pytest.approx(wh)
    s, slo, shi = L.net_sentiment(pos, neg, neu, "net_sentiment_score")
    assert float(s) == pytest.approx(0.2)  # (30-10)/100
    pa, na = 31 / 103, 11 / 103
    se = math.sqrt((pa + na - (pa - na) ** 2) / 103)
    assert float(slo) == pytest.approx(pa - na - 1.959964 * se, abs=1e-5)
    assert float(shi) == pytest.approx(pa - na + 1.959964 * se, abs=1e-5)
    empty = L.net_sentiment(0, 0, 5, "talkwalker")
    assert all(math.isnan(float(x)) for x in empty)
    with pytest.raises(ParamsError):
        L.net_sentiment(1, 1, 1, "magic")


def test_sentiment_summary_counts_percentages_and_unlabelled() -> None:
    df = frame([
        {"created_at": ts(0), "sentiment": "positive"}, {"created_at": ts(0), "sentiment": "positive"},
        {"created_at": ts(0), "sentiment": "negative"}, {"created_at": ts(8), "sentiment": "neutral"},
        {"created_at": ts(8), "brand": "B", "sentiment": "negative"},
    ])
    df.loc[df.index[3], "sentiment"] = pd.NA  # one unlabelled post
    s = L.sentiment_summary(df).set_index("brand")
    assert s.loc["A", ["positive", "neutral", "negative", "unlabelled", "posts", "labelled"]].tolist() == [2, 0, 1, 1, 4, 3]
    assert s.loc["A", "pct_positive"] == pytest.approx(2 / 3)
    assert s.loc["A", "net"] == pytest.approx(1 / 3) and s.loc["B", "net"] == pytest.approx(-1.0)
    w = L.sentiment_summary(df, freq="W", by="brand")
    assert len(w) == 3 and w["posts"].sum() == 5


# --------------------------------------------------------------------------------------------
# Engagement, reach
# --------------------------------------------------------------------------------------------


def test_engagement_per_channel_and_rate() -> None:
    df = frame([
        {"created_at": T0, "likes": 10, "shares": 2, "replies": 0, "author_followers": 100},
        {"created_at": T0, "likes": 4, "author_followers": None},
        {"created_at": T0, "channel": "forum", "replies": 3},
    ])
    e = L.engagement(df).set_index("channel")
    assert e.loc["twitter", ["posts", "likes", "shares", "interactions"]].tolist() == [2, 14, 2, 16]
    assert e.loc["twitter", "interactions_per_post"] == pytest.approx(8.0)
    assert e.loc["twitter", "engagement_rate"] == pytest.approx(12 / 100)  # only the post with a follower count
    assert math.isnan(e.loc["forum", "engagement_rate"])
    top = L.top_posts(df, n=2)
    assert top["interactions"].tolist() == [12, 4]


def test_reach_sums_unique_authors_largest_count() -> None:
    df = frame([
        {"created_at": ts(0), "author_id": "x", "author_followers": 100},
        {"created_at": ts(8), "author_id": "x", "author_followers": 120},
        {"created_at": ts(1), "author_id": "y", "author_followers": 30},
        {"created_at": ts(1), "author_id": "z"},
    ])
    r = L.reach(df).iloc[0]
    assert (r["authors"], r["authors_with_followers"], r["reach"]) == (3, 2, 150.0)
    rw = L.reach(df, freq="W").set_index(L.reach(df, freq="W")["period"].dt.strftime("%m-%d"))
    assert rw["reach"].to_dict() == {"03-02": 130.0, "03-09": 120.0}


# --------------------------------------------------------------------------------------------
# Spikes
# --------------------------------------------------------------------------------------------


def _days(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2026-03-02", periods=n, freq="D", tz="UTC")


def test_spike_scan_and_detect_hand_computed() -> None:
    x = pd.Series([10] * 20 + [40, 30] + [10] * 5, index=_days(27))
    scan = L.spike_scan(x, window=14, sensitivity=3.5, min_periods=7)
    # constant history: MAD = 0, so the scale is the Poisson floor sqrt(10)
    assert scan["baseline"].iloc[20] == 10 and scan["scale"].iloc[20] == pytest.approx(math.sqrt(10))
    assert scan["z"].iloc[20] == pytest.approx(30 / math.sqrt(10))
    assert scan["flagged"].sum() == 2 and not scan["flagged"].iloc[:7].any()
    s = L.detect_spikes(x, window=14, sensitivity=3.5, min_periods=7)
    assert len(s) == 1
    r = s.iloc[0]
    assert (r["start"], r["end"], r["peak"]) == (x.index[20], x.index[21], x.index[20])
    assert r["periods"] == 2 and r["peak_count"] == 40 and r["magnitude"] == pytest.approx(4.0)
    assert r["excess"] == pytest.approx(50.0)
    # sensitivity is a parameter: a very high threshold finds nothing
    assert L.detect_spikes(x, window=14, sensitivity=20).empty


def test_spikes_are_joined_back_to_posts() -> None:
    rows = []
    for d in range(20):
        for k in range(5):
            rows.append({"created_at": ts(d, 9 + k), "author_id": f"a{k}", "text": "nice phone good network",
                         "sentiment": "positive" if k < 3 else "neutral", "author_followers": 10})
    for k in range(30):
        rows.append({"created_at": ts(20, 1 + k % 20), "author_id": "angry" if k < 12 else f"b{k}",
                     "text": "autopay charged twice refund now", "sentiment": "negative", "author_followers": 5})
    df = frame(rows)
    spikes, scan = L.detect_spikes_by(df, by="brand", freq="D", window=14, min_periods=7)
    assert len(spikes) == 1
    r = spikes.iloc[0]
    assert r["brand"] == "A" and r["start"] == pd.Timestamp("2026-03-22", tz="UTC") and r["posts"] == 30
    assert r["top_terms"].split(", ")[0] in {"autopay", "charged", "twice", "refund", "charged twice"}
    assert "autopay" in r["top_terms"]
    assert r["top_authors"].startswith("angry (12 posts, 5 followers)")
    assert r["net_before"] == pytest.approx(1.0) and r["net_during"] == pytest.approx(-1.0) and r["net_shift"] == pytest.approx(-2.0)
    assert r["negative_during"] == pytest.approx(1.0)
    assert set(scan.columns) >= {"period", "brand", "count", "baseline", "flagged"}


def test_spike_detection_recall_over_200_seeded_series() -> None:
    """Injected spikes are found: recall >= 0.9 over 200 series.

    Each series: 120 days of Poisson(λ) noise, λ drawn from [5, 150]; one spike of 1-3 days
    injected after day 30, each day adding max(6·sqrt(λ), 0.5·λ) mentions (a burst a listening
    team would call a spike: six standard deviations, or half a normal day, whichever is larger).
    """
    rng = np.random.default_rng(3)
    found = 0
    for _ in range(200):
        lam = rng.uniform(5, 150)
        x = rng.poisson(lam, 120).astype(float)
        start = int(rng.integers(30, 110))
        length = int(rng.integers(1, 4))
        x[start : start + length] += max(6 * math.sqrt(lam), 0.5 * lam)
        s = L.detect_spikes(pd.Series(x, index=_days(120)), window=28, sensitivity=3.5, min_periods=14)
        hit = ((s["start"] <= _days(120)[start + length - 1]) & (s["end"] >= _days(120)[start])).any() if len(s) else False
        found += bool(hit)
    assert found / 200 >= 0.9, f"recall {found / 200:.2f}"


def test_spike_detection_flags_few_days_on_stationary_poisson_noise() -> None:
    rng = np.random.default_rng(11)
    flagged = tested = 0
    for _ in range(200):
        lam = rng.uniform(2, 200)
        scan = L.spike_scan(pd.Series(rng.poisson(lam, 120), index=_days(120)), window=28, sensitivity=3.5, min_periods=14)
        flagged += int(scan["flagged"].sum())
        tested += int(scan["baseline"].notna().sum())
    assert flagged / tested <= 0.05, f"{flagged / tested:.3%} of days flagged"


def test_match_events() -> None:
    spikes = pd.DataFrame({"brand": ["A", "B"], "spike": [1, 2], "start": pd.to_datetime(["2026-04-20", "2026-05-01"], utc=True),
                           "end": pd.to_datetime(["2026-04-22", "2026-05-01"], utc=True)})
    events = pd.DataFrame({"event": ["crisis", "macro"], "brand": ["A", "A"],
                           "start": pd.to_datetime(["2026-04-20T07:00", "2026-03-01T00:00"], utc=True),
                           "end": pd.to_datetime(["2026-04-24T00:00", "2026-04-01T00:00"], utc=True)})
    m = L.match_events(spikes, events)
    assert m["detected"].tolist() == [True, False] and m["spikes"].tolist() == ["1", ""]


# --------------------------------------------------------------------------------------------
# Influencers vs advocates
# --------------------------------------------------------------------------------------------


def test_influencers_vs_advocates_thresholds() -> None:
    rows = (
        [{"created_at": ts(d), "author_id": "fan", "sentiment": "positive", "author_followers": 200} for d in range(3)]
        + [{"created_at": ts(0), "author_id": "star", "sentiment": "negative", "author_followers": 50_000}]
        + [{"created_at": ts(0), "author_id": "once", "sentiment": "positive", "author_followers": 10}]
        + [{"created_at": ts(d), "author_id": "mixed", "sentiment": s, "author_followers": 10}
           for d, s in enumerate(["positive", "negative", "negative"])]
        + [{"created_at": ts(0), "author_id": "BrandCo", "is_brand": True, "sentiment": "positive", "author_followers": 9e5}]
    )
    a = L.influencers_vs_advocates(frame(rows), influencer_followers=10_000, advocate_min_mentions=2,
                                   advocate_min_positive_share=0.6, advocate_min_active_days=3).set_index("author_id")
    assert "BrandCo" not in a.index  # brand accounts are not community members
    assert a["role"].to_dict() == {"fan": "advocate", "mixed": "other", "once": "other", "star": "influencer"}
    # the same fan on fewer days than advocate_min_active_days and helping nobody is not (yet) an advocate
    b = L.influencers_vs_advocates(frame(rows), advocate_min_active_days=4).set_index("author_id")
    assert b.loc["fan", "role"] == "other"
    assert a.loc["fan", ["mentions", "positive", "active_days"]].tolist() == [3, 3, 3] and bool(a.loc["fan", "repeat"])
    assert a.loc["mixed", "share_positive"] == pytest.approx(1 / 3)
    roles = L.role_summary(a.reset_index()).set_index("role")
    assert roles.loc["influencer", "reach_share"] == pytest.approx(50_000 / 50_220)
    assert roles.loc["advocate", "mention_share"] == pytest.approx(3 / 8)


# --------------------------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------------------------


def test_tokenize_stop_words_handles_urls_and_brands() -> None:
    toks = L.tokenize("@AcmeHelp Sooooo the bill is WRONG and I can't call!!! https://x.example/a #Fail Acme",
                      drop=L.brand_terms(["Acme"]))
    assert toks == ["sooo", "bill", "wrong", "can't", "call", "#fail"]
    assert "not" not in L.stop_words() and "the" in L.stop_words() and "rt" in L.stop_words()
    assert L.brand_terms(["US Airways"]) >= {"us airways", "usairways", "airways"}


def test_themes_weighted_log_odds_hand_computed() -> None:
    rows = ([{"created_at": T0, "brand": "A", "text": "outage outage network"}] * 2
            + [{"created_at": T0, "brand": "B", "text": "network great"}] * 2)
    df = frame(rows)
    t = L.themes(df, "A", n=10, min_count=1).set_index("term")
    # group A: outage 4, network 2 (n_i = 6 unigrams + 4 bigrams "outage outage" 2, "outage network" 2 = 10)
    # group B: network 2, great 2, "network great" 2 (n_j = 6)
    yi, yj, ni, nj = 4.0, 0.0, 10.0, 6.0
    a0 = ni + nj
    alpha = a0 * (yi + yj) / (ni + nj)
    delta = math.log((yi + alpha) / (ni + a0 - yi - alpha)) - math.log((yj + alpha) / (nj + a0 - yj - alpha))
    z = delta / math.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
    assert t.loc["outage", "count"] == 4 and t.loc["outage", "count_reference"] == 0
    assert t.loc["outage", "log_odds"] == pytest.approx(delta) and t.loc["outage", "z"] == pytest.approx(z)
    assert t.index[0] == "outage" and "great" not in t.index  # B's term is not distinctive of A
    assert t.loc["outage network", "kind"] == "phrase"
    # a mask selects the group; a reference mask restricts the comparison
    m = L.themes(df, df["brand"].eq("A").to_numpy(), n=3, min_count=1)
    assert m["term"].iloc[0] == "outage"


def test_category_shares() -> None:
    df = frame([{"created_at": T0, "reason": r} for r in ["late", "late", "lost", None]] + [{"created_at": T0, "brand": "B", "reason": "late"}])
    c = L.category_shares(df, "reason").set_index(["brand", "reason"])
    assert c.loc[("A", "late"), "posts"] == 2 and c.loc[("A", "late"), "share"] == pytest.approx(2 / 3)
    assert c.loc[("B", "late"), "share"] == 1.0


# --------------------------------------------------------------------------------------------
# Response times
# --------------------------------------------------------------------------------------------


def test_response_times_hand_computed() -> None:
    df = frame([
        {"post_id": "c1", "created_at": ts(0, 10), "author_id": "x"},
        {"post_id": "c2", "created_at": ts(0, 11), "author_id": "y"},
        {"post_id": "c3", "created_at": ts(0, 12), "author_id": "z"},
        {"post_id": "r1", "created_at": ts(0, 10, 10), "author_id": "Acme", "is_brand": True, "in_reply_to": "c1"},
        {"post_id": "r1b", "created_at": ts(0, 10, 40), "author_id": "Acme", "is_brand": True, "in_reply_to": "c1"},
        {"post_id": "r2", "created_at": ts(0, 12, 30), "author_id": "Acme", "is_brand": True, "in_reply_to": "c2"},
        {"post_id": "c4", "created_at": ts(0, 9), "author_id": "w", "channel": "facebook"},
        {"post_id": "r4", "created_at": ts(0, 8), "author_id": "Acme", "is_brand": True, "in_reply_to": "c4", "channel": "facebook"},
    ])
    fr = L.first_responses(df).set_index("post_id")
    assert fr.loc["c1", "delay_min"] == pytest.approx(10.0)  # the first of two replies
    assert fr.loc["c2", "delay_min"] == pytest.approx(90.0) and not fr.loc["c3", "answered"]
    assert bool(fr.loc["c4", "bad_timestamp"]) and math.isnan(fr.loc["c4", "delay_min"])
    rt = L.response_times(df, sla_minutes=60, by="brand").iloc[0]
    assert (rt["inbound"], rt["answered"], rt["within_sla"], rt["bad_timestamps"]) == (4, 3, 1, 1)
    assert rt["reply_rate"] == pytest.approx(0.75) and rt["median_min"] == pytest.approx(50.0)
    assert rt["p90_min"] == pytest.approx(10 + 0.9 * 80) and rt["sla_share"] == pytest.approx(0.25)
    assert rt["sla_share_of_answered"] == pytest.approx(1 / 3)
    by_channel = L.response_times(df, sla_minutes=60).set_index("channel")
    assert by_channel.loc["twitter", "inbound"] == 3 and by_channel.loc["facebook", "answered"] == 1


def test_summarise_responses_takes_any_per_post_table() -> None:
    fr = pd.DataFrame({"brand": ["A", "A", "A", "B"], "answered": [True, True, False, True],
                       "delay_min": [10.0, 90.0, np.nan, 5.0]})
    out = L.summarise_responses(fr, sla_minutes=60, by="brand").set_index("brand")
    assert (out.loc["A", "inbound"], out.loc["A", "answered"], out.loc["A", "within_sla"]) == (3, 2, 1)
    assert out.loc["A", "median_min"] == pytest.approx(50.0) and out.loc["A", "sla_share"] == pytest.approx(1 / 3)
    assert out.loc["A", "bad_timestamps"] == 0 and out.loc["B", "sla_share_of_answered"] == 1.0
    total = L.summarise_responses(fr, sla_minutes=60, by=None).iloc[0]
    assert total["inbound"] == 4 and total["within_sla"] == 2


def test_owned_is_the_complement_of_earned() -> None:
    df = frame([
        {"created_at": T0, "brand": "A"}, {"created_at": T0, "brand": "A", "is_brand": True},
        {"created_at": T0, "brand": "B", "is_brand": True},
    ])
    assert list(L.owned(df)["post_id"]) == ["p1", "p2"] and list(L.owned(df, "B")["post_id"]) == ["p2"]
    assert len(L.owned(df)) + len(L.earned(df)) == len(df)
    assert L.owned(df.drop(columns="is_brand")).empty


def test_pseudonym_is_the_shared_salted_hash() -> None:
    import hashlib

    assert L.pseudonym("alice", "s1") == "u_" + hashlib.sha256(b"s1\x1falice").hexdigest()[:10]
    assert L.pseudonym("p9", "s1", "p").startswith("p_") and L.pseudonym("alice", "s2") != L.pseudonym("alice", "s1")
    from scrm_lib.metrics import audit

    assert audit.pseudonym is L.pseudonym


# --------------------------------------------------------------------------------------------
# Measurement framework, privacy, sentiment source, selection, summary
# --------------------------------------------------------------------------------------------


def test_measurement_framework_fills_cells_and_says_when_there_is_no_data() -> None:
    df = frame([
        {"created_at": ts(0), "channel": "twitter", "likes": 5, "author_followers": 100, "sentiment": "positive",
         "text": "see https://x.example/a"},
        {"created_at": ts(5), "channel": "twitter", "likes": 1, "author_followers": 50, "sentiment": "negative", "author_id": "v"},
        {"created_at": ts(5), "channel": "twitter", "author_id": "Acme", "is_brand": True, "author_followers": 1000},
        {"created_at": ts(1), "channel": "forum", "text": "hello"},
    ])
    fw = L.measurement_framework(df)
    cell = fw.set_index(["category", "channel"])["cell"]
    assert cell[("Attention", "twitter")] == "2 unique authors, 2 posts"
    assert cell[("Engagement", "twitter")].startswith("6 interactions")
    assert cell[("Authority", "twitter")].startswith("1 posts with links")
    assert cell[("Authority", "forum")].startswith("no data")
    assert cell[("Influence", "twitter")].startswith("brand accounts: 1,000 followers; potential reach of the conversation: 150")
    assert cell[("Influence", "forum")] == "no data: no follower counts"
    assert cell[("Sentiment", "forum")] == "no data: no sentiment labels"
    assert cell[("Sentiment", "twitter")].startswith("50% positive, 50% negative; net +0.00")
    m = L.framework_matrix(fw)
    assert list(m.index) == list(L.FRAMEWORK_CATEGORIES) and list(m.columns)[-1] == "overall"


def test_pseudonymise_hashes_people_keeps_brands_and_drops_locations() -> None:
    df = frame([
        {"created_at": T0, "author_id": "alice", "text": "@AcmeHelp my bill! cc @bob", "tweet_location": "Paris"},
        {"created_at": T0, "author_id": "AcmeHelp", "is_brand": True, "text": "@alice sorry, DM us", "in_reply_to": "p0"},
        {"created_at": T0, "author_id": "bob", "text": "same @alice"},
    ])
    out = L.pseudonymise(df, salt="s1")
    assert out["author_id"].iloc[1] == "AcmeHelp"
    alice = out["author_id"].iloc[0]
    assert alice.startswith("u_") and alice != "alice" and "alice" not in " ".join(out["text"])
    assert out["text"].iloc[0] == f"@AcmeHelp my bill! cc @{out['author_id'].iloc[2]}"
    assert out["text"].iloc[1] == f"@{alice} sorry, DM us"  # the same pseudonym in text and in author_id
    assert "tweet_location" not in out.columns
    assert L.pseudonymise(df, salt="s1")["author_id"].iloc[0] == alice  # deterministic
    assert L.pseudonymise(df, salt="s2")["author_id"].iloc[0] != alice  # the salt matters
    assert L.pseudonymise(df, salt="s1", enabled=False) is df
    with pytest.raises(ParamsError):
        L.pseudonymise(df, salt="")
    assert df["author_id"].iloc[0] == "alice"  # input unchanged


def test_resolve_sentiment_sources() -> None:
    df = frame([{"created_at": T0, "text": "I love this, great service", "sentiment": "negative"},
                {"created_at": T0, "text": "terrible, awful, I hate it", "sentiment": "negative"}])
    assert L.resolve_sentiment(df, "auto").attrs["sentiment_source"] == "column"
    v = L.resolve_sentiment(df, "vader")
    assert v["sentiment"].tolist() == ["positive", "negative"] and v.attrs["sentiment_source"] == "vader"
    no_labels = df.drop(columns="sentiment")
    assert L.resolve_sentiment(no_labels, "auto").attrs["sentiment_source"] == "vader"
    with pytest.raises(ParamsError, match="no sentiment labels"):
        L.resolve_sentiment(no_labels, "column")
    L.register_sentiment_source("always_neutral", lambda texts: ["neutral"] * len(texts))
    assert L.resolve_sentiment(df, "always_neutral")["sentiment"].tolist() == ["neutral", "neutral"]
    try:
        import scrm_lib.modeling.scoring  # noqa: F401  (issue 6 may add it)
    except ImportError:
        with pytest.raises(ParamsError, match="unknown source"):
            L.resolve_sentiment(df, "no_such_model")


def test_select_brands_defaults_and_errors() -> None:
    df = frame([{"created_at": T0, "brand": b} for b in ["A", "A", "B", "C"]])
    sel, focal, comps = L.select_brands(df, None, [])
    assert focal == "A" and comps == ["B", "C"] and len(sel) == 4
    sel, focal, comps = L.select_brands(df, "B", ["C"])
    assert (focal, comps, len(sel)) == ("B", ["C"], 2)
    with pytest.raises(ParamsError, match="no posts about 'Z'"):
        L.select_brands(df, "Z", [])


def test_brand_summary_sentences_come_from_the_numbers() -> None:
    overview = pd.DataFrame({"brand": ["A", "B"], "mentions": [60, 40], "share": [0.6, 0.4], "net": [0.1, 0.5],
                             "net_lo": [0.0, 0.4], "net_hi": [0.2, 0.6], "pct_negative": [0.3, 0.1]})
    spikes = pd.DataFrame({"brand": ["A"], "spike": [1], "peak": [pd.Timestamp("2026-04-21", tz="UTC")], "magnitude": [11.7],
                           "excess": [1085.0], "top_terms": ["autopay, refund"], "net_shift": [-0.69]})
    rt = pd.DataFrame({"brand": ["A", "B"], "inbound": [100, 50], "answered": [20, 40], "reply_rate": [0.2, 0.8],
                       "median_min": [74.0, 9.0], "p90_min": [494.0, 25.0], "sla_share": [0.09, 0.7]})
    roles = pd.DataFrame({"brand": ["A"], "role": ["advocate"], "authors": [52], "mention_share": [0.11], "share_positive": [0.72],
                          "reach_share": [0.02]})
    text = " ".join(L.brand_summary("A", overview, spikes, rt, roles, sla_minutes=60))
    assert "**60%**" in text and "rank 1 of 2" in text and "B is clearly ahead (+0.50" in text
    assert "2026-04-21" in text and "×11.7" in text and "autopay, refund" in text and "crisis signature" in text
    assert "**20%**" in text and "median 74 min" in text and "Fastest competitor: B, median 9 min" in text
    assert "52 advocates write 11%" in text


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_BRANDS = ["A", "B", "C", "D"]
_CHANNELS = ["twitter", "facebook", "forum"]


@st.composite
def mentions_frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 60))
    rows = []
    for i in range(n):
        rows.append({
            "post_id": f"p{i}", "created_at": pd.Timestamp("2026-03-02", tz="UTC") + pd.Timedelta(hours=draw(st.integers(0, 24 * 30))),
            "channel": draw(st.sampled_from(_CHANNELS)), "brand": draw(st.sampled_from(_BRANDS)),
            "author_id": f"u{draw(st.integers(0, 15))}", "text": "",
            "likes": draw(st.integers(0, 50)), "author_followers": draw(st.integers(0, 10_000)),
            "sentiment": draw(st.sampled_from(["negative", "neutral", "positive"])),
        })
    return schema.validate_frame(pd.DataFrame(rows), source="<hypothesis>")


_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(mentions_frames(), st.sampled_from([None, "engagement", "reach"]), st.sampled_from([None, "channel"]),
       st.sampled_from([None, "W"]))
def test_property_shares_sum_to_one(df: pd.DataFrame, weight: str | None, within: str | None, freq: str | None) -> None:
    s = L.share_of_voice(df, weight=weight, within=within, freq=freq)
    groups = [c for c in ("period", within) if c and c in s.columns]
    sums = s.groupby(groups)["share"].sum(min_count=1) if groups else pd.Series([s["share"].sum(min_count=1)])
    value = weight or "mentions"
    totals = s.groupby(groups)[value].sum() if groups else pd.Series([s[value].sum()])
    for total, share_sum in zip(totals, sums, strict=True):
        if total > 0:
            assert share_sum == pytest.approx(1.0)
        else:
            assert math.isnan(share_sum)
    assert s["mentions"].sum() == len(df)


@_settings
@given(mentions_frames(), st.sampled_from(["h", "D", "W", "M"]), st.sampled_from([None, "brand", ["brand", "channel"]]))
def test_property_volumes_sum_to_row_count(df: pd.DataFrame, freq: str, by) -> None:
    v = L.volume(df, freq=freq, by=by)
    assert v["mentions"].sum() == len(df)
    assert (v["mentions"] >= 0).all()


@_settings
@given(mentions_frames(), st.sampled_from(_BRANDS))
def test_property_filtering_a_brand_never_increases_another_brands_mentions(df: pd.DataFrame, drop: str) -> None:
    full = L.share_of_voice(df, within="channel").set_index(["channel", "brand"])["mentions"]
    kept = df.loc[df["brand"] != drop]
    if kept.empty:
        return
    part = L.share_of_voice(kept, within="channel").set_index(["channel", "brand"])["mentions"]
    assert (part <= full.reindex(part.index)).all()
    vf = L.volume(df, freq="D", by="brand").set_index(["period", "brand"])["mentions"]
    vp = L.volume(kept, freq="D", by="brand").set_index(["period", "brand"])["mentions"]
    assert (vp <= vf.reindex(vp.index, fill_value=0)).all()
    assert drop not in set(part.index.get_level_values("brand"))


@_settings
@given(mentions_frames(), st.integers(0, 59))
def test_property_counts_combine_across_partitions(df: pd.DataFrame, cut: int) -> None:
    """Counts and sums of two partitions add up to those of the whole frame."""
    a, b = df.iloc[: cut % (len(df) + 1)], df.iloc[cut % (len(df) + 1):]
    whole = L.sentiment_counts(df, by="brand").set_index("brand")
    parts = [L.sentiment_counts(p, by="brand").set_index("brand") for p in (a, b) if len(p)]
    assert (sum(p.reindex(whole.index, fill_value=0) for p in parts) == whole).all().all()
    e_whole = L.engagement(df, by="brand").set_index("brand")[["posts", "interactions", "followers"]]
    e_parts = [L.engagement(p, by="brand").set_index("brand")[["posts", "interactions", "followers"]] for p in (a, b) if len(p)]
    assert np.allclose(sum(p.reindex(e_whole.index, fill_value=0) for p in e_parts), e_whole)


# --------------------------------------------------------------------------------------------
# Real data: the airline tweets against an independent pandas computation
# --------------------------------------------------------------------------------------------


@pytest.mark.external
def test_airline_share_of_voice_sentiment_and_reasons_equal_plain_pandas() -> None:
    from scrm_lib.data.io import load_airline_tweets

    path = external_file("twitter-us-airline-sentiment/Tweets.csv")
    raw = pd.read_csv(path, dtype={"tweet_id": str}).drop_duplicates("tweet_id", keep="first")
    df = load_airline_tweets(path)
    # share of voice
    expected = raw["airline"].value_counts()
    sov = L.share_of_voice(df).set_index("brand")
    assert sov["mentions"].to_dict() == expected.to_dict()
    assert sov["share"].to_dict() == pytest.approx((expected / expected.sum()).to_dict())
    # sentiment counts and net sentiment (Talkwalker formula)
    ct = pd.crosstab(raw["airline"], raw["airline_sentiment"])
    s = L.sentiment_summary(L.resolve_sentiment(df, "column")).set_index("brand")
    for lab in ("negative", "neutral", "positive"):
        assert s[lab].to_dict() == ct[lab].to_dict()
    net = (ct["positive"] - ct["negative"]) / (ct["positive"] + ct["negative"])
    assert s["net"].to_dict() == pytest.approx(net.to_dict())
    # negative reasons as themes
    reasons = L.category_shares(df, "negativereason").set_index(["brand", "negativereason"])["posts"]
    exp_r = raw.dropna(subset=["negativereason"]).groupby(["airline", "negativereason"]).size()
    exp_r.index.names = ["brand", "negativereason"]
    assert reasons.sort_index().to_dict() == exp_r.sort_index().to_dict()
    # daily volume per airline (UTC days)
    created = pd.to_datetime(raw["tweet_created"], format="%Y-%m-%d %H:%M:%S %z", utc=True).dt.floor("D")
    exp_v = raw.groupby([created.rename("period"), raw["airline"].rename("brand")]).size()
    vol = L.volume(df, freq="D", by="brand").set_index(["period", "brand"])["mentions"]
    assert vol[vol > 0].sort_index().to_dict() == exp_v.sort_index().to_dict()


def test_tweet_tokens_equal_nltk_tweet_tokenizer() -> None:
    """The fast path gives exactly nltk's TweetTokenizer tokens (lower-cased) on real-looking posts."""
    from nltk.tokenize import TweetTokenizer

    from scrm_lib.core.config import SAMPLES_DIR

    ref = TweetTokenizer(preserve_case=False, reduce_len=True, strip_handles=True, match_phone_numbers=False)
    texts = pd.read_csv(SAMPLES_DIR / "mentions.csv", usecols=["text"])["text"].tolist()[:3000]
    texts += ["Sooooo &amp; gooood!!!! :D @someone_here @a@b <3 http://t.co/x #Tag", "I can't… won't!!!", ""]
    for t in texts:
        assert L.tweet_tokens(t) == [w.lower() for w in ref.tokenize(t)], t


def test_tokenize_fast_path_equals_filtered_nltk_tokens() -> None:
    """tokenize() memoises per whitespace chunk; it must keep exactly the content tokens of
    nltk's TweetTokenizer on real texts (sample, and the airline tweets when present)."""
    from nltk.tokenize import TweetTokenizer

    from scrm_lib.core.config import EXTERNAL_DATA_DIR, SAMPLES_DIR

    ref = TweetTokenizer(preserve_case=False, reduce_len=True, strip_handles=True, match_phone_numbers=False)
    texts = pd.read_csv(SAMPLES_DIR / "mentions.csv", usecols=["text"])["text"].tolist()[::3]
    airline = EXTERNAL_DATA_DIR / "twitter-us-airline-sentiment" / "Tweets.csv"
    if airline.is_file():
        texts += pd.read_csv(airline, usecols=["text"])["text"].tolist()[::2]
    texts += ["wait . . . what?? soooo @x_y@z &amp;&lt;3 a----b can't #Fail #acme", "D: :D XD (see http://x.co/a?b=1)"]
    drop = L.brand_terms(["Acme", "Nimbus"])
    for t in texts:
        want = [k for k in (L._keep_token(w.lower(), drop) for w in ref.tokenize(t)) if k is not None]
        assert L.tokenize(t, drop) == want, t


def test_brand_names_possessives_and_misspellings_are_not_themes() -> None:
    words = L.brand_terms(["Voltra", "Halcyon", "Delta"])
    for t in ("voltra", "#voltra", "voltra's", "voltras", "voltrra", "voltar", "votra", "hlcyon", "haclyon", "deltas"):
        assert L.is_brand_term(t, words), t
    for t in ("delay", "voltage", "delete", "always", "halo"):
        assert not L.is_brand_term(t, words), t


def test_load_sources_stacks_files_and_rejects_overlaps(tmp_path) -> None:
    from scrm_lib.core.errors import DataValidationError

    head = "post_id,created_at,channel,brand,author_id,text\n"
    (tmp_path / "a.csv").write_text(head + "1,2026-03-02T10:00:00Z,twitter,A,u1,hi\n2,2026-03-02T11:00:00Z,x,B,u2,yo\n")
    (tmp_path / "b.csv").write_text(head + "3,2026-03-03T10:00:00Z,facebook,A,u3,hey\n")
    (tmp_path / "c.csv").write_text(head + "2,2026-03-04T10:00:00Z,facebook,A,u3,again\n")
    df = L.load_sources([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert df["post_id"].tolist() == ["1", "2", "3"] and df["channel"].tolist() == ["twitter", "twitter", "facebook"]
    assert [s["rows"] for s in df.attrs["sources"]] == [2, 1]
    with pytest.raises(DataValidationError, match=r"post_id value\(s\) appear in more than one file \(first: '2'"):
        L.load_sources([tmp_path / "a.csv", tmp_path / "c.csv"])
    with pytest.raises(ParamsError):
        L.load_sources([tmp_path / "a.csv"], data_format="excel")


# --------------------------------------------------------------------------------------------
# Issue 13: coverage, spikes on partial data, aspects, comparisons, one influence model, network
# --------------------------------------------------------------------------------------------


def test_coverage_marks_late_starts_partial_periods_and_sample_cuts() -> None:
    rows = [{"created_at": ts(d, h), "brand": "A"} for d in range(10) for h in range(0, 24, 2)]
    rows += [{"created_at": ts(1, 12), "brand": "B"}]  # one stray post long before B's collection starts
    rows += [{"created_at": ts(d, h), "brand": "B"} for d in range(6, 10) for h in range(13 if d == 6 else 0, 24, 2)]
    df = frame(rows)
    cov = L.coverage(df, "D").set_index(["brand", "period"])
    day = lambda d: pd.Timestamp("2026-03-02", tz="UTC") + pd.Timedelta(days=d)  # noqa: E731
    assert cov.loc[("B", day(1)), "status"] == "pre-coverage" and not cov.loc[("B", day(1)), "usable"]
    assert cov.loc[("B", day(6)), "status"] == "partial"  # B starts at 13:00 on day 6
    assert cov.loc[("B", day(7)), "status"] == "ok" and cov.loc[("A", day(0)), "usable"]
    summary = L.coverage_summary(df, L.coverage(df, "D")).set_index("brand")
    assert summary.loc["B", "pre_coverage_posts"] == 1 and summary.loc["B", "coverage_start"] == day(6)
    assert any(w.startswith("B: collection starts") for w in L.coverage_warnings(df, L.coverage(df, "D")))
    # a data set with most posts in one period is flagged as cut, and that period is no candidate
    cut = frame([{"created_at": ts(d)} for d in range(10)] + [{"created_at": ts(4, 1 + k % 20)} for k in range(60)])
    assert L.coverage(cut, "D").set_index("period").loc[day(4), "status"] == "sample-cut"


def test_spikes_ignore_a_late_collection_start_but_catch_a_surge_on_the_running_day() -> None:
    rows = [{"created_at": ts(d, 1 + (k % 20)), "brand": "A"} for d in range(20) for k in range(10)]
    rows += [{"created_at": ts(d, 1 + (k % 20)), "brand": "B"} for d in range(12, 20) for k in range(60)]
    rows += [{"created_at": ts(19, 1 + (k % 18)), "brand": "A"} for k in range(40)]  # A surges on the last, partial day
    spikes, scan = L.detect_spikes_by(frame(rows), freq="D", window=7, min_periods=3, n_terms=0)
    assert spikes["brand"].tolist() == ["A"] and spikes["start"].iloc[0] == pd.Timestamp("2026-03-21", tz="UTC")
    assert scan.loc[scan["brand"] == "B", "suppressed"].any()  # B's start would have been a "spike"


def test_spike_scan_keeps_flagged_periods_out_of_later_baselines() -> None:
    x = pd.Series([100.0] * 10 + [200.0, 210.0, 205.0] + [100.0] * 3, index=_days(16))
    kept = L.spike_scan(x, window=7, sensitivity=3.5, min_periods=3)
    assert kept["flagged"].iloc[10:13].all() and kept["baseline"].iloc[12] == 100.0
    assert L.spike_period_for(pd.Series(_days(60))) == "D" and L.spike_period_for(pd.Series(_days(2))) == "h"


def test_compare_periods_hand_checked() -> None:
    rows = [{"created_at": ts(d, 1 + k), "brand": "A", "sentiment": "positive" if k < 5 else "negative"} for d in range(5) for k in range(10)]
    rows += [{"created_at": ts(d, 1 + k), "brand": "A", "sentiment": "negative"} for d in range(5, 10) for k in range(20)]
    rows += [{"created_at": ts(d, 1 + k), "brand": "B", "sentiment": "neutral"} for d in range(10) for k in range(10)]
    df = frame(rows)
    before, after = L.split_at(df, "2026-03-07")
    c = L.compare_periods(df, before, after).set_index(["brand", "measure"])
    a = c.loc[("A", "volume")]
    assert a["n_before"] == 50 and a["n_after"] == 100 and a["significant"]
    sov = c.loc[("A", "share_of_voice")]
    assert sov["before"] == pytest.approx(0.5) and sov["after"] == pytest.approx(100 / 150) and sov["lo"] < sov["change"] < sov["hi"]
    net = c.loc[("A", "net_sentiment")]
    assert net["before"] == pytest.approx(0.0) and net["after"] == pytest.approx(-1.0) and net["significant"]
    assert "net sentiment +0.00 → -1.00" in net["says"]
    assert ("B", "net_sentiment") not in c.index  # no polar posts: no net sentiment to compare


def test_aspects_from_a_lexicon(tmp_path) -> None:
    from scrm_lib.core.errors import DataValidationError

    lex = tmp_path / "a.yaml"
    lex.write_text("aspects:\n  baggage:\n    keywords: [bag*, luggage]\n    reasons: [Lost Luggage]\n"
                   "  staff:\n    keywords: [rude, gate agent]\n    reasons: [Staff]\n")
    aspects = L.load_aspects(lex)
    df = frame([{"created_at": ts(0), "text": "lost my bags again", "sentiment": "negative", "negativereason": "Lost Luggage"},
                {"created_at": ts(0), "text": "the gate agent was rude", "sentiment": "negative", "negativereason": "Staff"},
                {"created_at": ts(0), "text": "great flight", "sentiment": "positive", "negativereason": None}])
    hits = L.aspect_hits(L.term_matrix(df, drop=()), aspects)
    assert hits["baggage"].tolist() == [1, 0, 0] and hits["staff"].tolist() == [0, 2, 0]
    assert L.primary_aspect(hits).tolist() == ["baggage", "staff", ""]
    table, summary = L.aspect_agreement(hits, df["negativereason"], aspects)
    assert summary["accuracy"] == 1.0 and table["recall"].tolist() == [1.0, 1.0]
    asp = L.aspect_sentiment(df, hits).set_index("aspect")
    assert asp.loc["baggage", "negative"] == 1 and asp.loc["baggage", "net"] == -1.0
    bad = tmp_path / "bad.yaml"
    bad.write_text("aspects:\n  x: {words: [a]}\n")
    with pytest.raises(DataValidationError, match="aspect 'x'"):
        L.load_aspects(bad)
    assert L.load_aspects()  # the default lexicon loads


def test_theme_drop_terms_cover_handles_hashtags_and_entities(tmp_path) -> None:
    ents = tmp_path / "e.txt"
    ents.write_text("# airports\newr\nORD  # Chicago\n\n")
    assert L.load_entity_terms(ents) == frozenset({"ewr", "ord"})
    words = L.brand_terms(["United"])
    for t in ("#unitedairlines", "flyunited", "united's"):
        assert L.is_brand_term(t, words), t
    df = frame([{"created_at": ts(0), "brand": "United", "text": "@united delayed at EWR #unitedairlines bags lost"}] * 3)
    tm = L.term_matrix(df, drop=L.theme_drop_terms(df, L.load_entity_terms(ents)))
    assert set(tm.vocabulary) >= {"delayed", "bags", "lost"} and not set(tm.vocabulary) & {"ewr", "#unitedairlines", "united"}


def test_one_influence_model_labels_media_and_sponsored_talk_and_finds_helpers() -> None:
    rows = [{"created_at": ts(d), "author_id": "helper", "sentiment": "positive", "author_followers": 100,
             "in_reply_to": "q" if d == 1 else None} for d in range(3)]
    rows += [{"created_at": ts(0), "author_id": "asker", "sentiment": "negative", "author_followers": 10}]
    rows += [{"created_at": ts(d), "author_id": "DailyTechNews", "channel": "news", "sentiment": "positive",
              "author_followers": 500_000} for d in range(3)]
    rows += [{"created_at": ts(d), "author_id": "paid", "sentiment": "positive", "author_followers": 500,
              "text": "love it #ad"} for d in range(12)]
    rows += [{"created_at": ts(d), "author_id": "loyal", "sentiment": "positive", "author_followers": 500} for d in range(12)]
    df = frame(rows)
    df.loc[df["author_id"] == "asker", "post_id"] = "q"
    a = L.influencers_vs_advocates(df).set_index("author_id")
    assert a["role"].to_dict() == {"DailyTechNews": "media", "asker": "other", "helper": "advocate", "loyal": "advocate",
                                   "paid": "other"}
    assert a.loc["helper", "peer_replies"] == 1 and a.loc["paid", "sponsored"] == 12
    q = L.role_quality(a.reset_index(), pd.Series({"helper": "advocate", "loyal": "customer", "asker": "advocate"}))
    adv = q.set_index("role").loc["advocate"]
    assert (adv["found"], adv["true"], adv["correct"]) == (2, 2, 1)


def test_interaction_graph_links_replies_and_mentions() -> None:
    df = frame([{"created_at": ts(0), "author_id": "ann", "text": "@bob have you tried support?"},
                {"created_at": ts(0, 11), "author_id": "bob", "text": "thanks", "in_reply_to": "p0"},
                {"created_at": ts(0, 12), "author_id": "AcmeCare", "text": "@ann we can help", "is_brand": True, "in_reply_to": "p0"}])
    G = L.interaction_graph(df)
    assert G["ann"]["bob"]["weight"] == 1 and G["bob"]["ann"]["weight"] == 1 and G.nodes["AcmeCare"]["brand_account"]
    top = L.network_summary(G, top=5)
    assert "AcmeCare" not in set(top["author_id"]) and set(top["author_id"]) == {"ann", "bob"}
