"""First look at a mentions table: its shape per brand, channel and day.

Pure functions over a canonical mentions frame (see ``docs/architecture.md``). Every
result is a count or a sum, so partial results over partitions add up (``a + b``) to the
result over the whole; shares are derived from those counts last.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scrm_lib.core.errors import ParamsError, ScrmError

#: Most periods a trend or spike view may span: beyond it a few posts dated far from the rest (a
#: 1900 or 2099 timestamp) or a too-fine period would make tables of millions of rows. Hourly views
#: cover about 2.3 years, daily views 55 years.
MAX_PERIODS = 20_000
_PERIOD_WORD = {"h": "hour", "D": "day", "W": "week", "M": "month", "Q": "quarter"}


class PeriodLimitError(ScrmError, ValueError):
    """A view would span more than :data:`MAX_PERIODS` periods."""


def count_periods(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> int:
    """How many ``freq`` periods (``h``/``D``/``W``/``M``/``Q``) run from ``start`` to ``end``, without building them."""
    if freq not in _PERIOD_WORD:
        raise ValueError(f"freq: expected one of {', '.join(_PERIOD_WORD)}, got {freq!r}")
    days = (end - start) / pd.Timedelta(days=1)
    per_day = {"h": 24.0, "D": 1.0, "W": 1 / 7, "M": 12 / 365.25, "Q": 4 / 365.25}[freq]
    return int(math.floor(max(days, 0.0) * per_day)) + 1


def check_period_count(start: pd.Timestamp, end: pd.Timestamp, freq: str, limit: int | None = None) -> None:
    """Raise :class:`PeriodLimitError` (a message saying what to set) when ``start``..``end`` holds
    more than ``limit`` (default :data:`MAX_PERIODS`) periods of ``freq``."""
    limit = MAX_PERIODS if limit is None else limit
    n = count_periods(start, end, freq)
    if n > limit:
        raise PeriodLimitError(
            f"{n:,} {_PERIOD_WORD[freq]}s from {start:%Y-%m-%d} to {end:%Y-%m-%d} is more than the {limit:,} periods "
            "a view may span: a few posts are probably dated far from the rest (see the warning about outlying "
            "timestamps). Set date_from/date_to to the period you study, or use a longer period.")


def spike_period_for(created_at: pd.Series) -> str:
    """The default spike-detection period for data spanning ``created_at``: ``h`` under 4 days,
    ``D`` up to 26 weeks, ``W`` beyond — a day is the natural unit of a conversation spanning
    weeks (hourly counts follow the clock: nights are quiet, so an hourly median is no baseline)."""
    if created_at.empty:
        return "D"
    span = created_at.max() - created_at.min()
    if span < pd.Timedelta(days=4):
        return "h"
    return "D" if span <= pd.Timedelta(weeks=26) else "W"


def outlying_dates(ts: pd.Series) -> np.ndarray:
    """Timestamps far outside the bulk of the data: more than 3 times the 1st-99th percentile span
    (at least 30 days) before the 1st or after the 99th percentile — a 1900 or 2099 date in a month
    of posts. Returns a boolean mask aligned with ``ts``; missing values are not outlying."""
    valid = ts.dropna()
    mask = np.zeros(len(ts), dtype=bool)
    if len(valid) < 20:
        return mask
    lo, hi = valid.quantile(0.01), valid.quantile(0.99)
    margin = max(hi - lo, pd.Timedelta(days=10)) * 3
    out = ((ts < lo - margin) | (ts > hi + margin)).fillna(False)
    return out.to_numpy(dtype=bool)


def filter_window(
    mentions: pd.DataFrame, date_from: str | None = None, date_to: str | None = None
) -> pd.DataFrame:
    """Posts with ``date_from <= created_at < date_to + 1 day`` (UTC; both bounds optional).

    ``date_to`` is inclusive of the whole day: ``date_to="2026-03-31"`` keeps posts
    up to 2026-03-31 23:59:59.999 UTC.

    Raises:
        ParamsError: when ``date_from`` is after ``date_to``.
    """
    start = pd.Timestamp(date_from, tz="UTC") if date_from else None
    end = pd.Timestamp(date_to, tz="UTC") + pd.Timedelta(days=1) if date_to else None
    if start is not None and end is not None and start >= end:
        raise ParamsError("date window", [f"date_from {date_from} is after date_to {date_to}"])
    keep = pd.Series(True, index=mentions.index)
    if start is not None:
        keep &= mentions["created_at"] >= start
    if end is not None:
        keep &= mentions["created_at"] < end
    return mentions.loc[keep]


def dataset_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """One-column table describing the data set as a whole.

    Rows: posts, brands, channels, authors, first and last post (UTC), days covered
    (calendar days from the first to the last post, inclusive), posts by brand accounts
    (``is_brand``), replies (``in_reply_to`` set), posts with empty text.
    """
    n = len(mentions)
    first = mentions["created_at"].min() if n else pd.NaT
    last = mentions["created_at"].max() if n else pd.NaT
    days = (last.normalize() - first.normalize()).days + 1 if n else 0
    is_brand = int(mentions["is_brand"].sum()) if "is_brand" in mentions else 0
    replies = int(mentions["in_reply_to"].notna().sum()) if "in_reply_to" in mentions else 0
    rows = {
        "posts": n,
        "brands": mentions["brand"].nunique(),
        "channels": mentions["channel"].nunique(),
        "authors": mentions["author_id"].nunique(),
        "first post (UTC)": "" if pd.isna(first) else first.strftime("%Y-%m-%d %H:%M"),
        "last post (UTC)": "" if pd.isna(last) else last.strftime("%Y-%m-%d %H:%M"),
        "days covered": days,
        "posts by brand accounts": is_brand,
        "replies (in_reply_to set)": replies,
        "posts with empty text": int((mentions["text"] == "").sum()),
    }
    return pd.DataFrame({"value": [str(v) for v in rows.values()]}, index=pd.Index(list(rows), name="measure"))


def posts_by(mentions: pd.DataFrame, rows: str, columns: str | None = None) -> pd.DataFrame:
    """Post counts by one column, or a ``rows`` × ``columns`` cross-table, with totals.

    Rows and columns are sorted by descending total; the margins are named ``total``.
    """
    if columns is None:
        counts = mentions.groupby(rows, observed=True).size().sort_values(ascending=False, kind="stable")
        table = counts.rename("posts").to_frame()
        table["share"] = (table["posts"] / max(len(mentions), 1)).round(3)
        return table
    table = pd.crosstab(mentions[rows], mentions[columns])
    table = table.loc[
        table.sum(axis=1).sort_values(ascending=False, kind="stable").index,
        table.sum(axis=0).sort_values(ascending=False, kind="stable").index,
    ]
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.columns.name = columns
    table.index.name = rows
    return table


def daily_counts(mentions: pd.DataFrame, by: str = "brand") -> pd.DataFrame:
    """Posts per UTC calendar day (rows, every day in range, zeros filled) × ``by`` values."""
    if mentions.empty:
        return pd.DataFrame()
    day = mentions["created_at"].dt.tz_convert("UTC").dt.floor("D").rename("day")
    table = mentions.groupby([day, mentions[by]], observed=True).size().unstack(by, fill_value=0)
    full = pd.date_range(table.index.min(), table.index.max(), freq="D", tz="UTC", name="day")
    table = table.reindex(full, fill_value=0)
    order = table.sum().sort_values(ascending=False, kind="stable").index
    return table[order]


def busiest_days(daily: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` days with the most posts over all columns of :func:`daily_counts`,
    with each day's total and its ratio to the median day (``total / median(total)``)."""
    total = daily.sum(axis=1)
    median = float(total.median()) if len(total) else 0.0
    top = total.sort_values(ascending=False, kind="stable").head(n)
    out = pd.DataFrame({"posts": top, "× median day": (top / median).round(1) if median else float("nan")})
    out.index = out.index.strftime("%Y-%m-%d (%a)")
    out.index.name = "day (UTC)"
    return out
