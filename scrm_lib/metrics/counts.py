"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): volume, share of voice, interactions, engagement,
reach and top posts — how much is said about each brand, and how far it travels.

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scrm_lib.metrics.periods import (
    RANGE_FREQ,
    as_list,
    check_choice,
    period_range,
    period_start,
    with_period,
)

COUNT_COLUMNS: tuple[str, ...] = ("likes", "shares", "replies")


def volume(df: pd.DataFrame, freq: str = "D", by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Mentions per period (and per ``by`` group), with the change vs the previous period.

    Columns: ``period`` (UTC start), the ``by`` columns, ``mentions`` (row count),
    ``change = mentions − mentions of the previous period`` (same group),
    ``pct_change = change / previous`` (NaN when the previous period had none) and
    ``complete``: False for a first or last period that the data cover only in part (the
    data start after its first day — hour for daily periods, minute for hourly ones — or end
    before its last), whose count is not comparable. Every period from the first to the last post appears for every group (zeros
    filled), so ``mentions`` sums to the number of rows.
    """
    keys = as_list(by)
    cols = ["period", *keys, "mentions", "change", "pct_change", "complete"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    p = period_start(df["created_at"], freq)
    counts = df.groupby([p.rename("period"), *[df[k] for k in keys]], observed=True, sort=True).size()
    return volume_from_counts(counts, df["created_at"].min(), df["created_at"].max(), freq, keys)


def volume_from_counts(counts: pd.Series, first: pd.Timestamp, last: pd.Timestamp, freq: str,
                       keys: list[str]) -> pd.DataFrame:
    """The :func:`volume` table from mention counts indexed by ``(period, *keys)`` and the first and
    last post's time: every period filled with zeros, change vs the previous period, completeness.
    The one home of the rule, for :func:`volume` and for the combinable aggregate
    (:func:`scrm_lib.metrics.aggregates.volume`), which counts per partition and merges first."""
    cols = ["period", *keys, "mentions", "change", "pct_change", "complete"]
    periods = period_range(first, last, freq)
    if keys:
        wide = counts.unstack(keys, fill_value=0).reindex(periods, fill_value=0)
        long = wide.stack(list(range(len(keys))), future_stack=True).rename("mentions").reset_index()
        long = long.sort_values([*keys, "period"], kind="mergesort")
    else:
        counts.index = counts.index.get_level_values("period")
        long = counts.reindex(periods, fill_value=0).rename("mentions").reset_index()
    long["mentions"] = long["mentions"].astype("int64")
    prev = long.groupby(keys, sort=False)["mentions"].shift(1) if keys else long["mentions"].shift(1)
    long["change"] = long["mentions"] - prev
    long["pct_change"] = long["change"] / prev.where(prev > 0)
    # resolution of "covered": minutes for hours, hours for days, days for weeks and longer
    unit = {"h": "min", "D": "h"}.get(freq, "D")
    first_day = first.tz_convert("UTC").floor(unit)
    after_last = last.tz_convert("UTC").floor(unit) + pd.tseries.frequencies.to_offset(unit)
    ends = long["period"] + pd.tseries.frequencies.to_offset(RANGE_FREQ[freq])
    long["complete"] = (long["period"] >= first_day) & (ends <= after_last)
    return long[cols].reset_index(drop=True)


def complete_periods(df: pd.DataFrame, freq: str) -> pd.DatetimeIndex:
    """Starts (UTC) of the periods of ``freq`` that the data cover fully (``complete`` in :func:`volume`).

    Every per-period view (volume, share of voice, net sentiment over time) shows only these, so an
    incomplete first or last period never reads as a drop.
    """
    v = volume(df, freq)
    return pd.DatetimeIndex(v.loc[v["complete"].astype(bool), "period"].unique())


def interactions(df: pd.DataFrame) -> pd.Series:
    """``likes + shares + replies`` per post (missing counts taken as 0)."""
    total = np.zeros(len(df), dtype=np.int64)
    for c in COUNT_COLUMNS:
        if c in df.columns:
            total += df[c].fillna(0).to_numpy(dtype=np.int64)
    return pd.Series(total, index=df.index, name="interactions")


def followers_per_author(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per (keys…, author): the largest follower count seen (NaN when unknown)."""
    f = (df["author_followers"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
         if "author_followers" in df.columns else np.full(len(df), np.nan))
    frame = pd.DataFrame({**{k: df[k].array for k in keys}, "author_id": df["author_id"].array, "f": f})
    return frame.groupby([*keys, "author_id"], sort=False, observed=True)["f"].max().reset_index()


def _reach_table(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group of ``keys`` (in sorted order; rows with a missing key or author left out):
    ``authors`` (distinct), ``authors_with_followers`` and ``reach`` (Σ of each author's largest
    follower count) — :func:`followers_per_author` summed per group, as :func:`reach` defines it,
    computed on integer codes with one sort instead of two groupbys on strings."""
    f = (df["author_followers"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
         if "author_followers" in df.columns else np.full(len(df), np.nan))
    coded = [pd.factorize(df[k], sort=True) for k in keys]
    acode, authors = pd.factorize(df["author_id"])
    ok = acode >= 0
    g = np.zeros(len(df), dtype=np.int64)
    for c, u in coded:
        ok &= c >= 0
        g = g * max(len(u), 1) + c
    pair = g[ok] * max(len(authors), 1) + acode[ok]
    order = np.argsort(pair, kind="stable")
    pair, fs, pg = pair[order], f[ok][order], g[ok][order]
    starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]])) if len(pair) else np.zeros(0, dtype=np.int64)
    fmax = np.fmax.reduceat(fs, starts) if len(starts) else np.zeros(0)  # each author's largest count (NaN: none)
    pg = pg[starts]
    gstart = np.flatnonzero(np.concatenate([[True], pg[1:] != pg[:-1]])) if len(pg) else np.zeros(0, dtype=np.int64)
    bounds = np.append(gstart, len(pg))
    known = ~np.isnan(fmax)
    with_f = np.concatenate([[0], np.cumsum(known)])
    out = pd.DataFrame({
        "authors": np.diff(bounds).astype(np.int64),
        "authors_with_followers": (with_f[bounds[1:]] - with_f[bounds[:-1]]).astype(np.int64),
        "reach": np.add.reduceat(np.where(known, fmax, 0.0), gstart) if len(gstart) else np.zeros(0),
    })
    k = pg[gstart]
    for name, (_c, u) in reversed(list(zip(keys, coded, strict=True))):
        out.insert(0, name, pd.Series(u.take(k % max(len(u), 1))).array)
        k = k // max(len(u), 1)
    return out

def share_of_voice(
    df: pd.DataFrame,
    by: str = "brand",
    within: str | Sequence[str] | None = None,
    weight: str | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Share of voice of each ``by`` value, within each group of ``within`` (and period).

    ``share = value / Σ value`` over the ``by`` values of a group, where ``value`` is

    - ``weight=None``: ``mentions`` (posts);
    - ``weight="engagement"``: interactions (likes + shares + replies) on those posts;
    - ``weight="reach"``: potential reach, Σ of the unique authors' followers (see :func:`reach`).

    ``within`` may name columns (e.g. ``"channel"``); ``freq`` adds ``period``. Columns:
    groups, ``by``, ``mentions``, the weight column when weighted, ``share``. Shares sum to 1
    in every group whose total is positive (a group with zero engagement has NaN shares).
    """
    check_choice("weight", str(weight), ["None", "engagement", "reach"])
    data, pkeys = with_period(df, freq)
    groups = [*pkeys, *as_list(within)]
    keys = [*groups, by]
    out = data.groupby(keys, observed=True, sort=True).size().rename("mentions").reset_index()
    value = "mentions"
    if weight == "engagement":
        e = data.assign(engagement=interactions(data)).groupby(keys, observed=True, sort=True)["engagement"].sum()
        out = out.merge(e.reset_index(), on=keys, how="left")
        value = "engagement"
    elif weight == "reach":
        r = _reach_table(data, keys)[[*keys, "reach"]]
        out = out.merge(r, on=keys, how="left")
        value = "reach"
    total = out.groupby(groups, observed=True, sort=False)[value].transform("sum") if groups else out[value].sum()
    out["share"] = out[value] / (total.where(total > 0) if groups else (total if total > 0 else np.nan))
    return out.sort_values([*groups, "share"], ascending=[True] * len(groups) + [False], kind="mergesort").reset_index(drop=True)


def engagement(df: pd.DataFrame, by: str | Sequence[str] | None = "channel") -> pd.DataFrame:
    """Interactions per group: how much the posts were liked, shared and answered.

    Columns: groups, ``posts``, ``likes``, ``shares``, ``replies``, ``interactions``
    (``likes + shares + replies``, missing counts as 0), ``interactions_per_post``,
    ``posts_with_followers``, ``followers`` (Σ ``author_followers`` of those posts) and
    ``engagement_rate = interactions on posts with a follower count / followers`` (per post
    follower, aggregated: Σ interactions / Σ followers, so big accounts weigh by size).
    """
    keys = as_list(by)
    f = (df["author_followers"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
         if "author_followers" in df.columns else np.full(len(df), np.nan))
    inter = interactions(df).to_numpy()
    known = ~np.isnan(f)
    frame = pd.DataFrame({
        **{k: df[k].array for k in keys},
        **{c: (df[c].fillna(0).to_numpy(dtype=np.int64) if c in df.columns else np.zeros(len(df), np.int64))
           for c in COUNT_COLUMNS},
        "interactions": inter, "posts_with_followers": known.astype(np.int64),
        "followers": np.where(known, f, 0.0), "inter_known": np.where(known, inter, 0),
    })
    agg = frame.groupby(keys, observed=True, sort=True).sum() if keys else frame.sum().to_frame().T
    agg.insert(0, "posts", frame.groupby(keys, observed=True, sort=True).size() if keys else len(frame))
    agg["interactions_per_post"] = agg["interactions"] / agg["posts"].where(agg["posts"] > 0)
    agg["engagement_rate"] = agg["inter_known"] / agg["followers"].where(agg["followers"] > 0)
    agg = agg.drop(columns="inter_known")
    return agg.reset_index() if keys else agg.reset_index(drop=True)


def top_posts(df: pd.DataFrame, n: int = 10, by: str | None = None) -> pd.DataFrame:
    """The ``n`` posts with the most interactions (per ``by`` group if given); ties by ``post_id``."""
    cols = [c for c in ("post_id", "created_at", "brand", "channel", "author_id", "author_followers",
                        *COUNT_COLUMNS, "sentiment", "text") if c in df.columns]
    inter = interactions(df).to_numpy()
    if not by and len(df) > 4 * n > 0:
        # only rows that can be in the top n are sorted: interactions ≥ the n-th largest value (ties kept)
        kth = np.partition(inter, len(inter) - n)[len(inter) - n]
        keep = np.flatnonzero(inter >= kth)
        out = df.iloc[keep][cols].assign(interactions=inter[keep])
    else:
        out = df[cols].assign(interactions=inter)
    out = out.sort_values(["interactions", "post_id"], ascending=[False, True], kind="mergesort")
    out = out.groupby(by, sort=True, observed=True).head(n) if by else out.head(n)
    return out.reset_index(drop=True)


def reach(df: pd.DataFrame, by: str | Sequence[str] | None = "brand", freq: str | None = None) -> pd.DataFrame:
    """Potential reach: Σ over the **unique** authors of a group of their follower counts.

    An author's count is the largest ``author_followers`` seen in the group (followers change
    over time). Columns: groups, ``authors``, ``authors_with_followers``, ``reach``. Authors
    with no follower count add nothing (``authors_with_followers`` says how many did).

    Not additive over arbitrary partitions (an author in two partitions would count twice);
    partitions by author (e.g. hashed ``author_id``) are additive.
    """
    data, pkeys = with_period(df, freq)
    keys = [*pkeys, *as_list(by)]
    if keys:
        out = _reach_table(data, keys)
    else:
        af = followers_per_author(data, keys)
        out = pd.DataFrame({"authors": [len(af)], "authors_with_followers": [int(af["f"].count())], "reach": [af["f"].sum()]})
    out["reach"] = out["reach"].astype("float64")
    return out


def category_shares(df: pd.DataFrame, column: str, by: str = "brand") -> pd.DataFrame:
    """Counts and within-group shares of a categorical column (e.g. the airline file's
    ``negativereason``): ``by``, ``column``, ``posts``, ``share`` (of the group's posts that
    have a value); rows without a value are left out."""
    data = df.loc[df[column].notna().to_numpy() & (df[column].astype(str).str.strip() != "").to_numpy()]
    out = data.groupby([by, column], observed=True, sort=True).size().rename("posts").reset_index()
    out["share"] = out["posts"] / out.groupby(by, observed=True)["posts"].transform("sum")
    return out.sort_values([by, "posts"], ascending=[True, False], kind="mergesort").reset_index(drop=True)


def usable_periods(vol: pd.DataFrame, min_share_of_median: float = 0.5) -> pd.DatetimeIndex:
    """Periods of a :func:`volume` table (with ``by``) fit for reading shares over time: complete
    in every group (``complete``) and holding at least ``min_share_of_median`` × the median
    period's total mentions — a share of a handful of posts says nothing.

    Notebook 01 reads the focal brand's share-of-voice peak among these periods only.
    """
    totals = vol.groupby("period")["mentions"].sum()
    complete = vol.groupby("period")["complete"].all().reindex(totals.index).to_numpy(dtype=bool)
    return pd.DatetimeIndex(totals.index[(totals >= totals.median() * min_share_of_median).to_numpy() & complete])
