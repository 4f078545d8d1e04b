"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): selection and periods — the conversation
(:func:`earned`) and the brands' own posts (:func:`owned`), brand selection, date windows and UTC
calendar periods (``h`` hour, ``D`` day, ``W`` week from Monday, ``M`` month, ``Q`` quarter, each
labelled by its start).

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from scrm_lib.core.errors import ParamsError
from scrm_lib.metrics.overview import check_period_count, filter_window, outlying_dates

#: Period codes: hour, day, week (from Monday), month, quarter.
PERIODS: tuple[str, ...] = ("h", "D", "W", "M", "Q")
#: pandas ``date_range`` frequency of each period code (periods labelled by their start).
RANGE_FREQ = {"h": "h", "D": "D", "W": "W-MON", "M": "MS", "Q": "QS"}


def check_choice(name: str, value: str, choices: Iterable[str]) -> None:
    """Raise :class:`ParamsError` naming parameter ``name`` when ``value`` is not one of ``choices``."""
    choices = list(choices)
    if value not in choices:
        raise ParamsError(name, [f"{name}: expected one of {', '.join(map(repr, choices))}, got {value!r}"])


def as_list(by: str | Sequence[str] | None) -> list[str]:
    """Grouping columns as a list: ``None`` → ``[]``, ``"brand"`` → ``["brand"]``."""
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def large_strings(values: object) -> pa.Array:
    """A text column (a pandas string array, or any values ``pyarrow.array`` reads) as one Arrow
    ``large_string`` array, for the Arrow kernels of the term matrix and the reply join.

    >>> large_strings(pd.Series(["a", None], dtype="str").array).to_pylist()
    ['a', None]
    """
    arr = (pa.array(values) if hasattr(values, "__arrow_array__")
           else pa.array(np.asarray(values, dtype=object), from_pandas=True))
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.large_string())


def earned(df: pd.DataFrame, brand: str | None = None) -> pd.DataFrame:
    """The conversation: rows not posted by a brand's own account (``is_brand`` False), about
    ``brand`` only when given.

    The one definition of "customer posts" of the workbench: the audit (:mod:`scrm_lib.metrics.audit`),
    the advocate program (:mod:`scrm_lib.metrics.advocates`), ARM triage (:mod:`scrm_lib.metrics.triage`)
    and notebook 05 use it too. A frame without an ``is_brand`` column is all conversation.
    Rows keep their order and index.
    """
    if "is_brand" not in df.columns and brand is None:
        return df
    mask = (~df["is_brand"].fillna(False).astype(bool).to_numpy() if "is_brand" in df.columns
            else np.ones(len(df), dtype=bool))
    if brand is not None:
        mask = mask & (df["brand"] == brand).to_numpy()
    return df.loc[mask]


def owned(df: pd.DataFrame, brand: str | None = None) -> pd.DataFrame:
    """The brands' own posts (``is_brand`` True), of ``brand`` only when given — the complement of
    :func:`earned`. A frame without an ``is_brand`` column has none (an empty frame is returned)."""
    if "is_brand" not in df.columns:
        return df.iloc[0:0]
    mask = df["is_brand"].fillna(False).astype(bool).to_numpy()
    if brand is not None:
        mask = mask & (df["brand"] == brand).to_numpy()
    return df.loc[mask]


def select_brands(df: pd.DataFrame, focal: str | None, competitors: Sequence[str] = ()) -> tuple[pd.DataFrame, str, list[str]]:
    """Rows about the focal brand and its competitors, and the resolved names.

    ``focal=None`` takes the brand with the most conversation posts; an empty ``competitors``
    list means every other brand in the data. Raises :class:`ParamsError` naming the brands
    that exist when a requested brand has no posts.
    """
    brands = earned(df)["brand"].value_counts()
    known = list(brands.index.astype(str))
    if not known:
        raise ParamsError("brands", ["the data hold no conversation posts"])
    focal = focal or known[0]
    wanted = [focal, *[c for c in competitors if c != focal]]
    missing = [b for b in wanted if b not in set(df["brand"])]
    if missing:
        raise ParamsError("brands", [f"no posts about {', '.join(map(repr, missing))}; brands in the data: "
                                     + ", ".join(map(repr, known[:20]))])
    comps = [c for c in competitors if c != focal] or [b for b in known if b != focal]
    return df.loc[df["brand"].isin([focal, *comps]).to_numpy()], focal, comps


def period_start(ts: pd.Series, freq: str = "D") -> pd.Series:
    """UTC start of the calendar period of each timestamp (``h``/``D``/``W``/``M``/``Q``).

    Weeks start on Monday. Computed once per distinct day, so it is fast on large frames.
    """
    check_choice("freq", freq, PERIODS)
    ts = ts.dt.tz_convert("UTC")
    if freq == "h":
        return ts.dt.floor("h")
    day = ts.dt.floor("D")
    if freq == "D":
        return day
    codes, uniques = pd.factorize(day)
    starts = pd.DatetimeIndex(uniques).tz_localize(None).to_period(freq).start_time.tz_localize("UTC")
    return pd.Series(starts.take(codes), index=ts.index, name=ts.name)


def period_range(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """Every period start from the period of ``start`` to the period of ``end`` (UTC).

    Raises:
        PeriodLimitError: more than :data:`MAX_PERIODS` periods (with a message saying what to set).
    """
    check_period_count(start, end, freq)
    s = period_start(pd.Series([start, end]), freq)
    return pd.date_range(s.iloc[0], s.iloc[1], freq=RANGE_FREQ[freq], name="period")


def period_end(start: pd.Timestamp, freq: str) -> pd.Timestamp:
    """End (exclusive, UTC) of the ``freq`` period that holds ``start``."""
    return period_range(start, start, freq)[0] + pd.tseries.frequencies.to_offset(RANGE_FREQ[freq])


def with_period(df: pd.DataFrame, freq: str | None) -> tuple[pd.DataFrame, list[str]]:
    """``(df with a "period" column, ["period"])`` for a ``freq``, ``(df, [])`` for ``None``."""
    if freq is None:
        return df, []
    return df.assign(period=period_start(df["created_at"], freq)), ["period"]


def window(df: pd.DataFrame, date_from: str | None = None, date_to: str | None = None) -> pd.DataFrame:
    """Rows with ``date_from <= created_at < date_to + 1 day`` (UTC, both optional, inclusive days).

    Without a bound on a side, posts dated far outside the rest on that side (:func:`outlying_dates`)
    are kept but a ``UserWarning`` names them, so a 1900 timestamp does not silently stretch
    every trend view over a century.
    """
    out = filter_window(df, date_from, date_to)
    if (date_from is None or date_to is None) and len(out) and "created_at" in out.columns:
        far = outlying_dates(out["created_at"])
        if far.any():
            ts = out["created_at"].to_numpy()[far]
            warnings.warn(
                f"{int(far.sum()):,} post(s) dated far outside the rest ({pd.Timestamp(ts.min()):%Y-%m-%d} to "
                f"{pd.Timestamp(ts.max()):%Y-%m-%d}, while most are between {out['created_at'].quantile(0.01):%Y-%m-%d} "
                f"and {out['created_at'].quantile(0.99):%Y-%m-%d}); set date_from/date_to to leave them out",
                UserWarning, stacklevel=2)
    return out
