"""Tests of the survey schema (respondent-level and aggregated forms)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib.core.errors import DataValidationError
from scrm_lib.data.schemas import survey


def agg(**overrides) -> pd.DataFrame:
    data = {
        "group": ["consumer", "consumer", "executive", "executive"],
        "item": ["discounts", "purchase", "discounts", "purchase"],
        "n": [1056, 1056, 331, 334],
        "k": [644, 581, 100, 90],
        "source": ["IBM IBV 2011 (secondary report)"] * 2 + ["synthetic"] * 2,
    }
    data.update(overrides)
    return pd.DataFrame(data)


def resp(**overrides) -> pd.DataFrame:
    data = {
        "respondent_id": ["c1", "c1", "e1", "e1"],
        "group": ["consumer", "consumer", "executive", "executive"],
        "item": ["discounts", "purchase", "discounts", "purchase"],
        "response": [1, 0, "yes", "no"],
        "country": ["US", "US", "UK", "UK"],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def problems(df, **kw):
    with pytest.raises(DataValidationError) as info:
        survey.validate_frame(df, source="s.csv", **kw)
    return {(p.column, p.message.split(" (")[0]): p for p in info.value.problems}


def test_detect_form():
    assert survey.detect_form(["respondent_id", "group", "item", "response"]) == "respondent"
    assert survey.detect_form(["group", "item", "n", "pct", "source"]) == "aggregated"
    assert survey.detect_form(["a", "b"]) is None
    with pytest.raises(DataValidationError, match="cannot tell the survey form"):
        survey.validate_frame(pd.DataFrame({"a": [1]}))


def test_aggregated_valid_fills_pct():
    out = survey.validate_frame(agg())
    assert out.attrs["form"] == "aggregated"
    assert out["pct"].iloc[0] == pytest.approx(100 * 644 / 1056)
    assert str(out["n"].dtype) == "Int64"


def test_aggregated_pct_only_keeps_k_missing():
    out = survey.validate_frame(agg(k=None).drop(columns="k").assign(pct=[61, 55, 30, 27]))
    assert out["k"].isna().all() and out["pct"].tolist() == [61, 55, 30, 27]


def test_aggregated_errors_name_row_and_item():
    df = agg(n=[1056, 0, 331, 334], k=[644, 0, 400, 90], pct=[61, None, 120, 27])
    p = problems(df)
    assert p[("n", "n = 0: no respondents, so no share can be computed")].rows == (2,)
    assert p[("k", "k > n: more respondents chose the item than were asked")].rows == (3,)
    assert p[("pct", "percentage out of range")].rows == (3,)


def test_k_and_pct_must_agree():
    p = problems(agg(pct=[61, 10, 30.2, 27]))
    assert p[("pct", "pct disagrees with 100·k/n")].rows == (2,)


def test_items_must_match_between_groups():
    df = agg(item=["discounts", "purchase", "discounts", "community"])
    msgs = [p.message for p in problems(df).values()]
    assert any("'purchase' is asked in group consumer but not in executive" in m for m in msgs)
    assert any("'community' is asked in group executive but not in consumer" in m for m in msgs)


def test_unknown_group_and_duplicates():
    df = pd.concat([agg(), agg().iloc[[0]]], ignore_index=True)
    p = problems(df, groups=["consumer", "exec"])
    assert p[("group", "unknown group")].n_rows == 2
    assert p[(None, "duplicate group-item rows")].rows == (1, 5)


def test_missing_k_and_pct_columns():
    p = problems(agg().drop(columns="k"))
    assert [m for c, m in p if c == "k" and m.startswith("needs a 'k' column")]


def test_respondent_valid_and_segments_kept():
    out = survey.validate_frame(resp())
    assert out.attrs["form"] == "respondent"
    assert out["response"].tolist() == [1.0, 0.0, 1.0, 0.0]
    assert "country" in out.columns


def test_respondent_errors():
    df = resp(response=[1, "", "maybe", 0], group=["consumer", "executive", "executive", "executive"])
    p = problems(df)
    assert p[("response", "response is empty")].rows == (2,)
    assert p[("response", "response is not a number")].rows == (3,)
    assert ("group", "respondent in more than one group") in p
    dup = pd.concat([resp(), resp().iloc[[1]]], ignore_index=True)
    assert problems(dup)[(None, "duplicate respondent-item rows")].rows == (2, 5)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5000), st.floats(0, 1)), min_size=1, max_size=10))
def test_property_consistent_k_n_always_valid(pairs):
    n = [p[0] for p in pairs]
    k = [int(round(p[0] * p[1])) for p in pairs]
    df = pd.DataFrame({"group": "g", "item": [f"i{j}" for j in range(len(pairs))], "n": n, "k": k,
                       "source": "synthetic"})
    out = survey.validate_frame(df)
    assert ((out["pct"] >= 0) & (out["pct"] <= 100)).all()
