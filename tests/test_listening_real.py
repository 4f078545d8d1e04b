"""Acceptance facts of issue 13 on the REAL data sets (skipped with a reason when
``../shared/data/external`` is absent): spikes, coverage, themes, aspects, comparisons, language.

Every parameter comes from the shipped real-data params (``params/listening/airline.yaml``,
``params/listening/twcs.yaml``), read through the notebook's own parameter model, so the tests check
what ``scrm run --params ...`` shows.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from scrm_lib.metrics import listening as L
from scrm_lib.params import load_params
from tests.conftest import external_file

AIRLINE = "twitter-us-airline-sentiment/Tweets.csv"
TWCS = "customer-support-on-twitter/twcs_first5000.csv"


@lru_cache(maxsize=2)
def _conv(which: str) -> tuple[pd.DataFrame, object]:
    rel = AIRLINE if which == "airline" else TWCS
    external_file(rel)
    from scrm_lib.core.config import PROJECT_ROOT

    P = load_params("01_listening_analysis", PROJECT_ROOT / "params" / "listening" / f"{which}.yaml")
    raw = L.load_sources([P.path("mentions_path")], P.data_format)
    conv = L.earned(L.window(raw, P.date_from, P.date_to))
    return conv, P


def _spikes(which: str, n_terms: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    conv, P = _conv(which)
    ents = L.load_entity_terms(P.path("entity_terms_path")) if P.entity_terms_path else ()
    period = L.spike_period_for(conv["created_at"]) if P.spike_period == "auto" else P.spike_period
    return L.detect_spikes_by(conv, freq=period, window=P.spike_window, sensitivity=P.spike_sensitivity,
                              min_excess=P.spike_min_excess, min_periods=P.spike_min_periods, dispersion=P.spike_dispersion,
                              min_baseline=P.spike_min_baseline, n_terms=n_terms, drop=L.theme_drop_terms(conv, ents))


def _covers(spikes: pd.DataFrame, brand: str, days: list[str]) -> pd.Series:
    s = spikes.loc[spikes["brand"] == brand]
    day0, day1 = pd.Timestamp(days[0], tz="UTC"), pd.Timestamp(days[-1], tz="UTC")
    hit = s.loc[(s["start"] <= day1) & (s["end"] >= day0)]
    assert len(hit) == 1, f"{brand}: expected one spike over {days}, got {s[['start', 'end']].to_dict('records')}"
    return hit.iloc[0]


def test_airline_weekend_surges_of_us_airways_and_united_are_found_with_sensible_drivers() -> None:
    spikes, scan = _spikes("airline")
    us = _covers(spikes, "US Airways", ["2015-02-22", "2015-02-23"])
    assert us["negative_during"] >= 0.8  # "87% negative" in the issue: a negative burst
    assert 280 <= us["baseline"] <= 340 and us["peak_count"] >= 550  # ~650 a day against ~320
    # what drove it: hours on hold (a phone-queue meltdown), not brand names
    terms = us["top_terms"].split(", ")
    assert {"hold", "hours"} & set(terms), terms
    united = _covers(spikes, "United", ["2015-02-22", "2015-02-23"])
    assert 400 <= united["baseline"] <= 470 and united["peak_count"] >= 650  # ~700 against ~430
    assert united["negative_during"] >= 0.65
    for t in ("united", "ua", "#unitedairlines", "ewr", "ord", "iad", "houston", "usairways", "americanair"):
        assert t not in us["top_terms"].split(", ") + united["top_terms"].split(", "), t


def test_american_collection_start_is_not_a_spike_and_is_reported_as_coverage() -> None:
    spikes, scan = _spikes("airline", n_terms=0)
    assert not (spikes["brand"] == "American").any(), spikes
    am = scan.loc[scan["brand"] == "American"].set_index("period")
    assert am.loc[pd.Timestamp("2015-02-21", tz="UTC"), "status"] == "pre-coverage"
    assert am.loc[pd.Timestamp("2015-02-22", tz="UTC"), "status"] == "partial"
    assert am["suppressed"].any()  # a plain rolling median would have flagged it
    conv, P = _conv("airline")
    cov = L.coverage(conv, "D")
    summary = L.coverage_summary(conv, cov).set_index("brand")
    assert summary.loc["American", "coverage_start"] == pd.Timestamp("2015-02-22", tz="UTC")
    assert summary.loc["American", "pre_coverage_posts"] == 4
    assert any(w.startswith("American: collection starts 2015-02-22") for w in L.coverage_warnings(conv, cov))


def test_twcs_subset_cut_is_reported_and_yields_no_artefact_spikes() -> None:
    spikes, scan = _spikes("twcs", n_terms=0)
    conv, _ = _conv("twcs")
    cov = L.coverage(conv, "D")
    warnings = L.coverage_warnings(conv, cov)
    assert any("fall in one period (2017-10-31" in w for w in warnings), warnings
    assert len(spikes) <= 2, spikes[["brand", "start", "peak_count", "baseline"]]


def test_airline_themes_are_not_brand_names_handles_or_airports() -> None:
    conv, P = _conv("airline")
    drop = L.theme_drop_terms(conv, L.load_entity_terms(P.path("entity_terms_path")))
    tm = L.term_matrix(conv, drop=drop)
    names = {"ua", "#unitedairlines", "ewr", "ord", "houston", "iad", "aa", "dfw", "united", "american", "delta",
             "southwest", "jetblue", "usairways", "americanair", "#usairways", "virginamerica", "clt", "phl", "lax"}
    for brand in ("United", "American", "US Airways", "Delta"):
        terms = set(L.themes(conv, brand, n=12, min_count=3, matrix=tm)["term"])
        assert not terms & names, (brand, terms & names)


def test_airline_aspects_agree_with_the_crowds_negative_reasons() -> None:
    conv, P = _conv("airline")
    drop = L.theme_drop_terms(conv, L.load_entity_terms(P.path("entity_terms_path")))
    tm = L.term_matrix(conv, drop=drop)
    aspects = L.load_aspects(P.path("aspects_path"))
    hits = L.aspect_hits(tm, aspects)
    table, summary = L.aspect_agreement(hits, conv["negativereason"], aspects)
    # measured 2026-12-07: coverage 83%, accuracy 64%, kappa 0.55, macro recall 62%, precision 44%
    assert summary["coverage"] >= 0.75 and summary["accuracy"] >= 0.55 and summary["kappa"] >= 0.45, summary
    assert summary["macro_recall"] >= 0.55, table
    asp = L.aspect_sentiment(conv, hits)
    u = asp.loc[asp["brand"] == "United"].set_index("aspect")
    assert (u["net_lo"] <= u["net"]).all() and (u["net"] <= u["net_hi"]).all()
    # counts merge: the aspect table of two halves adds up to the whole
    half = len(conv) // 2
    a1 = L.aspect_sentiment(conv.iloc[:half], hits.iloc[:half])
    a2 = L.aspect_sentiment(conv.iloc[half:], hits.iloc[half:].reset_index(drop=True))
    merged = pd.concat([a1, a2]).groupby(["brand", "aspect"])[["posts", "negative", "positive"]].sum()
    whole = asp.set_index(["brand", "aspect"])[["posts", "negative", "positive"]]
    pd.testing.assert_frame_equal(merged.sort_index(), whole.sort_index(), check_dtype=False)


def test_airline_before_after_the_weekend_shows_the_surges_and_the_sentiment_drop() -> None:
    conv, P = _conv("airline")
    covered = conv.loc[conv["brand"] != "American"]
    before, after = L.split_at(covered, P.compare_date)
    c = L.compare_periods(covered, before, after).set_index(["brand", "measure"])
    assert c.loc[("US Airways", "volume"), "change"] > 1.5 and c.loc[("US Airways", "volume"), "significant"]
    assert c.loc[("United", "net_sentiment"), "change"] < 0 and c.loc[("United", "net_sentiment"), "significant"]
    assert c.loc[("Southwest", "volume"), "change"] < 1.1  # no surge at Southwest


def test_twcs_language_mix_and_non_english_posts_are_not_scored_by_an_english_model() -> None:
    from scrm_lib.text.language import detect_language, language_mix

    conv, _ = _conv("twcs")
    lang = detect_language(conv["text"].tolist())["lang"].to_numpy()
    mix = language_mix(pd.Series(lang))
    assert mix["lang"].iloc[0] == "en" and {"es", "ja"} <= set(mix["lang"])
    scored = L.resolve_sentiment(conv.assign(lang=lang), "vader")
    foreign = ~pd.Series(lang).isin(["en", "und"]).to_numpy()
    assert scored.attrs["non_english_unscored"] == int(foreign.sum()) > 0
    assert scored.loc[foreign, "sentiment"].isna().all()
    assert scored.loc[~foreign, "sentiment"].notna().all()
