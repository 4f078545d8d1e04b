"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): collection coverage — per brand and period,
is the conversation collected in full? (issue 13: coverage before spikes).

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scrm_lib.metrics.counts import volume
from scrm_lib.metrics.periods import PERIODS, RANGE_FREQ, check_choice, period_start


def coverage(
    posts: pd.DataFrame,
    freq: str = "D",
    by: str = "brand",
    start_share: float = 0.1,
    partial_below: float = 0.9,
    max_share: float = 0.4,
) -> pd.DataFrame:
    """Coverage diagnostics per period and ``by`` group: is the group's conversation collected
    in full in that period?

    Collections start and stop at different times for different brands (a keyword added to a
    tracker mid-week, a data set cut around some threads), and a count from a period the
    collection covers only in part is not comparable with the others. Per group:

    - the **coverage span** runs from the first to the last period whose count reaches
      ``start_share`` × the median count of the group's non-empty periods — a handful of stray
      posts before the collection really starts are ``pre-coverage``;
    - a period's ``fraction`` is the share of its length inside the span of the data
      (first to last post of the whole frame) and of the group's own coverage (its first post in
      the span's first period when the span starts after the data's first period; likewise at
      the end); ``partial = fraction < partial_below``;
    - ``gap``: an empty period inside the span;
    - ``sample_cut``: a period holding more than ``max_share`` of all the data's posts (every
      group together) — a data set cut around some threads or a moment, whose volume shows how
      it was sampled (the TWCS subset: 58% of its posts on 31 Oct 2017);
    - ``usable = covered and not partial and not sample_cut``: what :func:`spike_scan` may use.

    Columns: ``period``, ``by``, ``count``, ``covered``, ``fraction``, ``partial``, ``gap``,
    ``sample_cut``, ``usable``, ``status`` (``pre-coverage``, ``post-coverage``, ``sample-cut``,
    ``partial``, ``gap``, ``ok``).
    Counts merge over partitions by addition, first/last posts by min/max.
    """
    check_choice("freq", freq, PERIODS)
    cols = ["period", by, "count", "covered", "fraction", "partial", "gap", "sample_cut", "usable", "status"]
    if posts.empty:
        return pd.DataFrame(columns=cols)
    vol = volume(posts, freq=freq, by=by)
    totals = vol.groupby("period")["mentions"].sum()
    cut_periods = set(totals.index[(totals / max(int(totals.sum()), 1) > max_share).to_numpy()]) if len(totals) > 2 else set()
    ts = posts["created_at"].dt.tz_convert("UTC")
    d0, d1 = ts.min(), ts.max()
    off = pd.tseries.frequencies.to_offset(RANGE_FREQ[freq])
    out = []
    pstart = period_start(ts, freq)
    firsts = ts.groupby([pstart.rename("period"), posts[by]], observed=True).min()
    lasts = ts.groupby([pstart.rename("period"), posts[by]], observed=True).max()
    for key, g in vol.groupby(by, sort=True, observed=True):
        g = g.sort_values("period")
        c = g["mentions"].to_numpy()
        nz = c[c > 0]
        level = start_share * float(np.median(nz)) if len(nz) else np.inf
        big = np.flatnonzero(c >= max(level, 1))
        periods = g["period"].reset_index(drop=True)
        covered = np.zeros(len(c), dtype=bool)
        t0, t1 = d0, d1
        if len(big):
            i0, i1 = big[0], big[-1]
            covered[i0:i1 + 1] = True
            if i0 > 0:
                t0 = max(d0, firsts.get((periods[i0], key), periods[i0]))
            if i1 < len(c) - 1:
                t1 = min(d1, lasts.get((periods[i1], key), periods[i1] + off))
        ends = periods + off
        lo, hi = periods.clip(lower=t0), ends.clip(upper=t1)
        frac = np.clip(((hi - lo).dt.total_seconds() / (ends - periods).dt.total_seconds()).to_numpy(dtype=float), 0.0, 1.0)
        partial = covered & (frac < partial_below)
        gap = covered & (c == 0)
        cut = periods.isin(cut_periods).to_numpy()
        usable = covered & ~partial & ~cut
        idx = np.arange(len(c))
        status = np.select(
            [~covered & (idx < (big[0] if len(big) else len(c))), ~covered, cut, partial, gap],
            ["pre-coverage", "post-coverage", "sample-cut", "partial", "gap"], default="ok")
        out.append(pd.DataFrame({"period": periods, by: key, "count": c, "covered": covered, "fraction": frac,
                                 "partial": partial, "gap": gap, "sample_cut": cut, "usable": usable, "status": status}))
    return pd.concat(out, ignore_index=True)[cols]


def coverage_summary(posts: pd.DataFrame, cov: pd.DataFrame, by: str = "brand") -> pd.DataFrame:
    """One row per group of :func:`coverage`: ``first_post``, ``last_post``, ``coverage_start``,
    ``coverage_end`` (first and last covered period), ``posts``, ``pre_coverage_posts`` (posts
    outside the span), ``periods`` (covered), ``usable_periods``, ``partial_periods``, ``gaps``,
    ``median_per_period`` (over usable periods) and ``note`` (a sentence naming what to distrust)."""
    ts = posts["created_at"]
    fl = ts.groupby(posts[by], observed=True).agg(["min", "max", "size"]).rename(
        columns={"min": "first_post", "max": "last_post", "size": "posts"})
    rows = []
    for key, g in cov.groupby(by, sort=True, observed=True):
        cv = g.loc[g["covered"]]
        us = g.loc[g["usable"]]
        pre = int(g.loc[~g["covered"], "count"].sum())
        r = {by: key, "first_post": fl.loc[key, "first_post"], "last_post": fl.loc[key, "last_post"],
             "coverage_start": cv["period"].min() if len(cv) else pd.NaT,
             "coverage_end": cv["period"].max() if len(cv) else pd.NaT,
             "posts": int(fl.loc[key, "posts"]), "pre_coverage_posts": pre, "periods": int(len(cv)),
             "usable_periods": int(len(us)), "partial_periods": int(g["partial"].sum()), "gaps": int(g["gap"].sum()),
             "median_per_period": float(us["count"].median()) if len(us) else float("nan")}
        notes = []
        if pre:
            notes.append(f"{pre:,} stray post(s) before/after its collection span "
                         f"({r['coverage_start']:%Y-%m-%d %H:%M} to {r['coverage_end']:%Y-%m-%d %H:%M})")
        if r["partial_periods"]:
            notes.append(f"{r['partial_periods']} partly covered period(s) left out of baselines")
        if r["gaps"]:
            notes.append(f"{r['gaps']} empty period(s) inside the span")
        r["note"] = "; ".join(notes) if notes else "covered throughout"
        rows.append(r)
    return pd.DataFrame(rows)


def coverage_warnings(posts: pd.DataFrame, cov: pd.DataFrame, max_share: float = 0.4, by: str = "brand") -> list[str]:
    """Sentences about how the data were cut: a data set with more than ``max_share`` of its posts
    in one period (a sample cut around some threads, not a conversation), and groups whose
    collection starts after or ends before the others'. Empty when nothing is odd."""
    out: list[str] = []
    tot = cov.groupby("period")["count"].sum()
    if len(tot) > 2 and tot.sum() > 0 and tot.max() / tot.sum() > max_share:
        out.append(f"{tot.max() / tot.sum():.0%} of all posts fall in one period ({tot.idxmax():%Y-%m-%d %H:%M}): the data "
                   "look cut around some threads or a moment, so volume over time shows how they were sampled, "
                   "not how the conversation moved.")
    cs = cov.loc[cov["covered"]].groupby(by, observed=True)["period"].agg(["min", "max"])
    if len(cs) > 1:
        first = cs["min"].min()
        late = cs.loc[cs["min"] > first]
        for key, r in late.iterrows():
            if (cov.loc[(cov[by] == key) & ~cov["covered"], "count"].sum() > 0
                    or (cs["min"] < r["min"]).sum() >= len(cs) / 2):
                out.append(f"{key}: collection starts {r['min']:%Y-%m-%d %H:%M}, later than the others "
                           f"({first:%Y-%m-%d %H:%M}); its earlier periods are not baselines and its start is not a spike.")
    return out
