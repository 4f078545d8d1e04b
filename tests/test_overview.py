"""scrm_lib.metrics.overview (first-look summaries) and scrm_lib.reports.viz.overview (their figures)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib.core.errors import ParamsError
from scrm_lib.metrics.overview import (
    busiest_days,
    daily_counts,
    dataset_summary,
    filter_window,
    posts_by,
)
from scrm_lib.reports.viz.overview import plot_channel_mix, plot_daily_volume


def frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Mentions with (created_at, brand, channel); other canonical columns filled."""
    df = pd.DataFrame(rows, columns=["created_at", "brand", "channel"])
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True)
    n = len(df)
    df["post_id"] = [f"p{i}" for i in range(n)]
    df["author_id"] = [f"a{i % 2}" for i in range(n)]
    df["text"] = ["" if i == 0 else "hello" for i in range(n)]
    df["is_brand"] = [i % 3 == 0 for i in range(n)]
    df["in_reply_to"] = pd.array([None if i % 2 else "p0" for i in range(n)], dtype="string")
    return df


@pytest.fixture()
def mentions() -> pd.DataFrame:
    return frame([
        ("2026-03-01T10:00:00Z", "Acme", "twitter"),
        ("2026-03-01T23:59:59Z", "Acme", "facebook"),
        ("2026-03-02T00:00:00Z", "Beta", "twitter"),
        ("2026-03-04T12:00:00Z", "Acme", "twitter"),
        ("2026-03-04T13:00:00+02:00", "Beta", "reddit"),
    ])


def test_filter_window_is_inclusive_of_whole_days(mentions: pd.DataFrame) -> None:
    assert len(filter_window(mentions, "2026-03-01", "2026-03-01")) == 2
    assert len(filter_window(mentions, "2026-03-02", None)) == 3
    assert len(filter_window(mentions, None, "2026-03-02")) == 3
    assert len(filter_window(mentions)) == 5
    with pytest.raises(ParamsError, match="after"):
        filter_window(mentions, "2026-03-05", "2026-03-01")


def test_dataset_summary_counts(mentions: pd.DataFrame) -> None:
    s = dataset_summary(mentions)["value"]
    assert s["posts"] == "5" and s["brands"] == "2" and s["channels"] == "3" and s["authors"] == "2"
    assert s["first post (UTC)"] == "2026-03-01 10:00" and s["last post (UTC)"] == "2026-03-04 12:00"
    assert s["days covered"] == "4"
    assert s["posts by brand accounts"] == "2"  # rows 0 and 3
    assert s["replies (in_reply_to set)"] == "3"
    assert s["posts with empty text"] == "1"


def test_posts_by_one_column_and_crosstab(mentions: pd.DataFrame) -> None:
    one = posts_by(mentions, "brand")
    assert one["posts"].to_dict() == {"Acme": 3, "Beta": 2}
    assert one["share"].tolist() == [0.6, 0.4]
    table = posts_by(mentions, "brand", "channel")
    assert list(table.columns) == ["twitter", "facebook", "reddit", "total"]
    assert table.loc["Acme", "twitter"] == 2 and table.loc["Beta", "reddit"] == 1
    assert table.loc["total", "total"] == 5
    assert table["total"].drop("total").tolist() == [3, 2]


def test_daily_counts_fill_missing_days_with_zero(mentions: pd.DataFrame) -> None:
    daily = daily_counts(mentions, "brand")
    assert [d.strftime("%m-%d") for d in daily.index] == ["03-01", "03-02", "03-03", "03-04"]
    assert daily["Acme"].tolist() == [2, 0, 0, 1]
    assert daily["Beta"].tolist() == [0, 1, 0, 1]  # 13:00+02:00 is 11:00 UTC on 03-04
    assert daily_counts(mentions.iloc[0:0]).empty


def test_busiest_days_ratio_to_median(mentions: pd.DataFrame) -> None:
    top = busiest_days(daily_counts(mentions), n=2)
    # totals per day 2,1,0,2 -> median 1.5
    assert top["posts"].tolist() == [2, 2]
    assert top["× median day"].tolist() == [1.3, 1.3]
    assert top.index[0] == "2026-03-01 (Sun)"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20 * 24), st.sampled_from("ABC"), st.sampled_from("xyz")),
                min_size=1, max_size=60))
def test_counts_are_additive_over_partitions(rows: list[tuple[int, str, str]]) -> None:
    """Counts over two halves add up to the counts over the whole (mergeable aggregates)."""
    start = pd.Timestamp("2026-01-01", tz="UTC")
    df = frame([((start + pd.Timedelta(hours=h)).isoformat(), b, c) for h, b, c in rows])
    half = len(df) // 2
    a, b = df.iloc[:half], df.iloc[half:]
    def counts(part: pd.DataFrame) -> pd.DataFrame:
        return posts_by(part, "brand", "channel").drop(index="total", columns="total", errors="ignore")

    whole = counts(df)
    merged = counts(a).add(counts(b), fill_value=0).reindex_like(whole).fillna(0).astype("int64")
    assert (merged.to_numpy() == whole.to_numpy()).all()
    assert posts_by(df, "brand")["posts"].sum() == len(df)
    assert daily_counts(df).to_numpy().sum() == len(df)


def test_plots_have_titles_and_labelled_axes(mentions: pd.DataFrame) -> None:
    fig = plot_daily_volume(daily_counts(mentions), title="Daily", note="synthetic")
    ax = fig.axes[0]
    assert ax.get_title() == "Daily" and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_lines()) == 2 and fig._supxlabel.get_text() == "synthetic"
    plt.close(fig)
    fig = plot_channel_mix(posts_by(mentions, "brand", "channel"), title="Mix")
    ax = fig.axes[0]
    assert ax.get_title() == "Mix" and ax.get_xlabel() == "share of the brand's posts"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Acme", "Beta"]
    # each brand's bar segments add up to 100 %
    widths: dict[float, float] = {}
    for patch in ax.patches:
        widths[patch.get_y()] = widths.get(patch.get_y(), 0) + patch.get_width()
    assert all(abs(w - 1) < 1e-9 for w in widths.values())
    plt.close(fig)
