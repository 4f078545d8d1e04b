"""The combinable aggregates (scrm_lib.metrics.aggregates) equal the listening functions of scrm_lib.metrics
on the bundled sample, whole and merged from partitions (issue 15)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib import metrics as L
from scrm_lib.core.config import SAMPLES_DIR
from scrm_lib.metrics import aggregates as A
from scrm_lib.metrics.aggregates import responses as R


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """The bundled sample with VADER labels (what notebook 01 uses on it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return L.resolve_sentiment(L.load_sources([SAMPLES_DIR / "mentions.csv"]), "vader")




def _eq(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_exact=False, rtol=1e-12, atol=0)


def _by_parts(agg: A.Aggregate, parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Partials of every part, merged, with the second pass the aggregate asks for, finalised."""
    merged = A.run_passes([agg], lambda group: [a.merge([a.run_partial(p) for p in parts]) for a in group], len(parts))
    return agg.finalize(merged[0])


def test_each_summary_equals_listening(sample: pd.DataFrame) -> None:
    conv = L.earned(sample)
    _eq(A.volume("W", "brand").compute(sample), L.volume(conv, "W", "brand"))
    _eq(A.volume("D", None).compute(sample), L.volume(conv, "D"))
    _eq(A.share_of_voice().compute(sample), L.share_of_voice(conv))
    _eq(A.share_of_voice(weight="engagement").compute(sample), L.share_of_voice(conv, weight="engagement"))
    _eq(A.share_of_voice(weight="reach").compute(sample), L.share_of_voice(conv, weight="reach"))
    _eq(A.share_of_voice(within="channel", freq="W").compute(sample), L.share_of_voice(conv, within="channel", freq="W"))
    _eq(A.sentiment().compute(sample), L.sentiment_summary(conv))
    for f in L.NET_FORMULAS:
        _eq(A.sentiment(freq="W", formula=f).compute(sample), L.sentiment_summary(conv, freq="W", formula=f))
    _eq(A.engagement(["brand", "channel"]).compute(sample), L.engagement(conv, by=["brand", "channel"]))
    _eq(A.engagement(None).compute(sample), L.engagement(conv, by=None))
    _eq(A.reach().compute(sample), L.reach(conv))
    _eq(A.reach(freq="W").compute(sample), L.reach(conv, freq="W"))
    _eq(A.response_times(60, "brand").compute(sample), L.response_times(sample, 60, by="brand"))
    _eq(A.response_times(30, ["brand", "channel"]).compute(sample), L.response_times(sample, 30, by=["brand", "channel"]))
    _eq(A.response_times(60, None).compute(sample), L.response_times(sample, 60, by=None))
    spikes, _ = L.detect_spikes_by(conv, "brand", "D", min_periods=14, coverage_aware=False, explain=False)
    _eq(A.spikes("D", "brand", min_periods=14).compute(sample), spikes)


def test_themes_from_merged_term_counts(sample: pd.DataFrame) -> None:
    conv = L.earned(sample)
    names = A.names()
    drop = A.theme_drop(names.merge([names.run_partial(p) for p in (sample.iloc[:7000], sample.iloc[7000:])]))
    assert drop == L.theme_drop_terms(sample)
    agg = A.themes(drop, n=12, min_count=3)
    got = _by_parts(agg, [sample.iloc[i::4] for i in range(4)])
    tm = L.term_matrix(conv, drop=drop)
    for b in sorted(conv["brand"].unique()):
        expected = L.themes(conv, b, n=12, min_count=3, matrix=tm)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(got.loc[got["brand"] == b].drop(columns=["brand", "rank"]).reset_index(drop=True),
                                      expected, check_exact=False, rtol=1e-12, atol=0, check_dtype=False)


def test_summaries_merge_over_any_partitioning(sample: pd.DataFrame) -> None:
    """Arbitrary row slices, response times too: replies cut off from their posts come back in the
    second pass (:func:`scrm_lib.metrics.aggregates.run_passes`)."""
    parts = [sample.iloc[i:i + 3001] for i in range(0, len(sample), 3001)]
    for agg in [*A.listening_summaries(), A.response_times(30, ["brand", "channel"], freq="W")]:
        got = _by_parts(agg, parts)
        pd.testing.assert_frame_equal(got, agg.compute(sample), check_exact=False, rtol=1e-12, atol=0)


def test_response_times_pair_orphan_replies_in_a_second_pass(sample: pd.DataFrame) -> None:
    """Cut across threads, the first pass misses replies and lists them as orphans; the second pass
    pairs them and gives the whole frame's table. Threads kept together need no second pass."""
    agg = A.response_times(60, "brand")
    whole = agg.compute(sample)
    parts = [sample.iloc[i::2] for i in range(2)]
    first = agg.merge([agg.run_partial(p) for p in parts])
    split = agg.finalize(first)
    assert (split["inbound"] == whole["inbound"]).all()
    assert split["answered"].sum() < whole["answered"].sum()
    again = agg.refine(first)
    assert again is not None and again.params["orphans"] > 0
    pd.testing.assert_frame_equal(_by_parts(agg, parts), whole, check_exact=False, rtol=1e-12, atol=0)
    # by thread: each brand reply with the post it answers
    thread = sample["post_id"].where(~(sample["is_brand"] & sample["in_reply_to"].notna()), sample["in_reply_to"])
    key = pd.util.hash_pandas_object(thread.astype(str), index=False).to_numpy() % 3
    tparts = [sample.loc[key == i] for i in range(3)]
    assert agg.refine(agg.merge([agg.run_partial(p) for p in tparts])) is None
    pd.testing.assert_frame_equal(_by_parts(agg, tparts), whole, check_exact=False, rtol=1e-12, atol=0)


def test_themes_take_the_data_names_in_one_pass(sample: pd.DataFrame) -> None:
    """``themes(None)``: each partition leaves out its own names and carries them; equal to
    ``themes(theme_drop_terms(all posts))`` with no second pass when every partition knew every
    name, and with one when a partition counted a name only another partition knew."""
    reference = A.themes(L.theme_drop_terms(sample), n=12, min_count=3).compute(sample)
    agg = A.themes(None, n=12, min_count=3)
    parts = [sample.iloc[i::4] for i in range(4)]
    assert agg.refine(agg.merge([agg.run_partial(p) for p in parts])) is None
    pd.testing.assert_frame_equal(_by_parts(agg, parts), reference, check_exact=False, rtol=1e-12, atol=0)
    pd.testing.assert_frame_equal(agg.compute(sample), reference, check_exact=False, rtol=1e-12, atol=0)
    # a brand account only the first partition holds, named in the other partition's posts
    posts = pd.DataFrame({
        "brand": ["Acme"] * 8, "author_id": ["acmehelp", *[f"u{i}" for i in range(7)]],
        "is_brand": [True] + [False] * 7,
        "text": ["we can help", *(["acmehelp fixed my order fast", "order fixed fast by acmehelp"] * 3), "slow order"]})
    other = posts.assign(brand="Bolt", author_id=[f"v{i}" for i in range(8)], is_brand=False,
                         text=["bolt shipping slow"] * 8)
    data = pd.concat([posts, other], ignore_index=True)
    small = A.themes(None, n=5, min_count=1)
    cut = [data.iloc[:1], data.iloc[1:]]
    first = small.merge([small.run_partial(p) for p in cut])
    with pytest.raises(ValueError, match="names another partition knew"):
        small.finalize(first)
    assert small.refine(first) is not None
    expected = A.themes(L.theme_drop_terms(data), n=5, min_count=1).compute(data)
    assert "acmehelp" not in set(expected["term"])
    pd.testing.assert_frame_equal(_by_parts(small, cut), expected, check_exact=False, rtol=1e-12, atol=0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500, allow_nan=False), st.integers(1, 5)), min_size=1, max_size=30),
       st.sampled_from([0.5, 0.9, 0.1, 0.75]))
def test_weighted_quantile_equals_pandas_on_repeated_values(pairs: list[tuple[float, int]], q: float) -> None:
    values = pd.Series([v for v, c in pairs for _ in range(c)])
    table = values.value_counts().sort_index()
    got = R._weighted_quantile(table.index.to_numpy(dtype=float), table.to_numpy(), q)
    expected = values.median() if q == 0.5 else values.quantile(q)
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_merge_partials_sums_counts_and_keeps_min_max() -> None:
    a = pd.DataFrame({"k": ["x", "y"], "n": [1, 2], "t": [5.0, np.nan]})
    b = pd.DataFrame({"k": ["x"], "n": [3], "t": [2.0]})
    m = A.merge_partials([a, b], ["k"], {"n": "sum", "t": "min"})
    assert m["n"].tolist() == [4, 2] and m["t"].iloc[0] == 2.0 and np.isnan(m["t"].iloc[1])
    with pytest.raises(ValueError, match="unknown merge op"):
        A.merge_partials([a], ["k"], {"n": "mean"})


def test_volume_from_counts_is_volume_from_its_counts() -> None:
    """The shared rule: counts per (period, brand) plus the first/last post give volume()'s table."""
    from scrm_lib.metrics.counts import volume, volume_from_counts
    from scrm_lib.metrics.periods import period_start

    df = pd.DataFrame({
        "brand": ["a", "a", "b", "a", "b"],
        "created_at": pd.to_datetime(["2024-01-01 05:00", "2024-01-01 07:00", "2024-01-03 10:00",
                                      "2024-01-04 09:00", "2024-01-04 21:00"]).tz_localize("UTC"),
    })
    counts = df.groupby([period_start(df["created_at"], "D").rename("period"), df["brand"]], observed=True).size()
    got = volume_from_counts(counts, df["created_at"].min(), df["created_at"].max(), "D", ["brand"])
    pd.testing.assert_frame_equal(got, volume(df, "D", by="brand"))
    assert got["mentions"].sum() == 5 and len(got) == 8  # 4 days x 2 brands, zeros filled
    # the data start at 05:00 on the 1st and end at 21:00 on the 4th: first and last days are partial
    assert got["complete"].tolist() == [False, True, True, False] * 2


def test_response_rates_derive_the_ratios_from_counts() -> None:
    """reply rate and SLA shares from counts; nothing answered gives NaN, not a division error."""
    from scrm_lib.metrics.responses import RESPONSE_COLUMNS, response_rates

    counts = pd.DataFrame({"brand": ["a", "b"], "inbound": [10, 3], "answered": [4, 0], "median_min": [12.0, np.nan],
                           "p90_min": [50.0, np.nan], "within_sla": [3, 0], "bad_timestamps": [1, 0]})
    out = response_rates(counts, ["brand"], 30)
    assert list(out.columns) == ["brand", *RESPONSE_COLUMNS]
    assert out["reply_rate"].tolist() == [0.4, 0.0] and out["sla_share"].tolist() == [0.3, 0.0]
    assert out.loc[0, "sla_share_of_answered"] == 0.75 and np.isnan(out.loc[1, "sla_share_of_answered"])
    assert (out["sla_minutes"] == 30).all() and "reply_rate" not in counts.columns
