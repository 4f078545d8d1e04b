"""The one table formatter (scrm_lib.reports.viz.tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from scrm_lib.reports.viz import tables as T


def test_counts_get_thousands_separators_even_as_floats() -> None:
    t = T.format_table(pd.DataFrame({"mentions": [12284.0, 3.0], "posts": pd.array([1000, None], dtype="Int64")}))
    assert list(t.text["mentions"]) == ["12,284", "3"]
    assert list(t.text["posts"]) == ["1,000", "—"]


def test_default_index_dropped_named_index_kept_as_column() -> None:
    html = T.format_table(pd.DataFrame({"a": [1, 2]})).to_html()
    assert ">0<" not in html.replace("> 0<", "")  # no 0..N row labels
    t = T.format_table(pd.DataFrame({"mentions": [5]}, index=pd.Index(["Nimbus"], name="brand")))
    assert list(t.text.columns) == ["brand", "mentions"] and t.text.iloc[0, 0] == "Nimbus"


def test_shares_as_percent_and_never_negative_zero() -> None:
    t = T.format_table(pd.DataFrame({"share": [0.213, -0.0, 0.5], "gap": [-0.001, 0.2, 1.5]}))
    assert list(t.text["share"]) == ["21%", "0%", "50%"]
    assert not any(v.startswith("-0") for v in t.text["share"])
    assert not any(v in ("-0", "-0.00", "-0.0") for v in t.text["gap"])
    assert T.format_percent(-0.004) == "0%"
    assert T.fix_negative_zero("-0%") == "0%" and T.fix_negative_zero("-0.00 pts") == "0.00 pts"
    assert T.fix_negative_zero("-0.5") == "-0.5"


def test_small_shares_are_not_shown_as_zero() -> None:
    t = T.format_table(pd.DataFrame({"reply_rate": [0.004, 0.3]}))
    assert t.text["reply_rate"][0] != "0%" and t.text["reply_rate"][0].endswith("%")


def test_explicit_percent_and_formats_win() -> None:
    t = T.format_table(pd.DataFrame({"net": [0.25], "share": [0.5]}), {"net": "{:+.2f}"}, percent=[])
    assert t.text["net"][0] == "+0.25" and t.text["share"][0] == "0.50"


def test_dates_in_the_data_time_zone_without_offset() -> None:
    ts = pd.to_datetime(["2026-03-01 13:05", "2026-03-02 00:00"]).tz_localize("UTC")
    t = T.format_table(pd.DataFrame({"created_at": ts}))
    assert list(t.text["created_at"]) == ["2026-03-01 13:05", "2026-03-02 00:00"]
    assert "+00:00" not in t.to_html() and any("UTC" in n for n in t.notes)
    t2 = T.format_table(pd.DataFrame({"created_at": ts}), tz="America/New_York")
    assert t2.text["created_at"][0] == "2026-03-01 08:05"
    days = T.format_table(pd.DataFrame({"day": pd.to_datetime(["2026-03-01", "2026-03-02"]).tz_localize("UTC")}))
    assert list(days.text["day"]) == ["2026-03-01", "2026-03-02"]


def test_empty_cells_dash_with_a_footnote_saying_why() -> None:
    df = pd.DataFrame({"first_post": [pd.NaT, pd.Timestamp("2026-01-01", tz="UTC")], "rate": [np.nan, 0.5]})
    t = T.format_table(df, missing={"first_post": "no post by the brand on this channel"})
    html = t.to_html()
    assert "NaN" not in html and "NaT" not in html and "nan" not in html
    assert t.text["first_post"][0] == "—"
    assert any("no post by the brand" in n for n in t.notes)
    assert "no post by the brand" in html
    assert not T.format_table(pd.DataFrame({"a": [1]})).notes


def test_user_text_escaped_and_not_cut() -> None:
    long = "<script>alert(1)</script> " + "word " * 60
    html = T.format_table(pd.DataFrame({"text": [long]}), caption="<i>c</i>").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<i>c</i>" not in html
    assert "word " * 60 in html.replace("word  ", "word ") and "…" not in html
    assert "white-space: normal" in html


def test_multiindex_columns_flattened_and_bools_readable() -> None:
    df = pd.DataFrame({("n", "a"): [1], ("n", "b"): [2], ("ok", ""): [True]})
    t = T.format_table(df)
    assert list(t.text.columns) == ["n · a", "n · b", "ok"] and t.text["ok"][0] == "yes"


def test_max_rows_says_how_many_were_left_out() -> None:
    t = T.format_table(pd.DataFrame({"a": range(100)}), max_rows=10)
    assert len(t.text) == 10 and any("10 of 100" in n for n in t.notes)


@given(st.lists(st.one_of(st.floats(min_value=-1e9, max_value=1e9), st.just(float("nan"))), min_size=1, max_size=8))
def test_any_numbers_never_show_nan_or_negative_zero(values: list[float]) -> None:
    t = T.format_table(pd.DataFrame({"x": values, "x_share": [v / 2e9 for v in values]}))
    for v in [*t.text["x"], *t.text["x_share"]]:
        assert "nan" not in v.lower() and T.fix_negative_zero(v) == v


def test_install_is_a_no_op_outside_ipython() -> None:
    assert T.install() is False


def test_mixed_columns_format_their_numbers() -> None:
    t = T.format_table(pd.DataFrame({"measure": ["posts", "first post"], "value": [20631, "2026-03-02 00:04"]}))
    assert list(t.text["value"]) == ["20,631", "2026-03-02 00:04"]


def test_empty_datetime_column_formats() -> None:
    """An empty table with a date-time column (no candidates on real data) renders, not a TypeError."""
    df = pd.DataFrame({"joined_at": pd.Series([], dtype="datetime64[ns, UTC]"), "score": pd.Series([], dtype=float)})
    html = T.format_table(df).to_html()
    assert "joined" in html and "score" in html
