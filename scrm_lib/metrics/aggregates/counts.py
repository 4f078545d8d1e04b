"""Additive summaries as aggregates: volume, share of voice, sentiment, engagement, reach and
spikes (see :mod:`scrm_lib.metrics.aggregates`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib import metrics as L
from scrm_lib.metrics.aggregates.base import (
    Aggregate,
    group_keys,
    period_keys,
    with_period,
)
from scrm_lib.metrics.counts import followers_per_author, volume_from_counts
from scrm_lib.metrics.periods import check_choice

# --------------------------------------------------------------------------------------------
# Volume
# --------------------------------------------------------------------------------------------


def _volume_partial(frame: pd.DataFrame, freq: str, keys: list[str]) -> pd.DataFrame:
    data = with_period(frame, freq)
    g = data.groupby(["period", *keys], observed=True, sort=True)
    return pd.DataFrame({"mentions": g.size().astype("int64"), "first": g["created_at"].min(),
                         "last": g["created_at"].max()}).reset_index()


def _volume_finalize(merged: pd.DataFrame, freq: str, keys: list[str]) -> pd.DataFrame:
    cols = ["period", *keys, "mentions", "change", "pct_change", "complete"]
    if merged.empty:
        return pd.DataFrame(columns=cols)
    counts = merged.set_index(["period", *keys])["mentions"]
    return volume_from_counts(counts, merged["first"].min(), merged["last"].max(), freq, keys)


def volume(freq: str = "D", by: str | Sequence[str] | None = "brand") -> Aggregate:
    """Mentions per period (and ``by`` group) — :func:`scrm_lib.metrics.counts.volume` on the conversation."""
    check_choice("freq", freq, L.PERIODS)
    keys = group_keys(by)
    return Aggregate("volume", lambda f: _volume_partial(f, freq, keys), ("period", *keys),
                     {"mentions": "sum", "first": "min", "last": "max"},
                     lambda m: _volume_finalize(m, freq, keys), ("created_at", *keys),
                     params={"freq": freq, "by": keys})


# --------------------------------------------------------------------------------------------
# Share of voice
# --------------------------------------------------------------------------------------------


def _followers(frame: pd.DataFrame) -> np.ndarray:
    return (frame["author_followers"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            if "author_followers" in frame.columns else np.full(len(frame), np.nan))


def _sov_partial(frame: pd.DataFrame, keys: list[str], freq: str | None, weight: str | None) -> pd.DataFrame:
    data = with_period(frame, freq)
    if weight == "reach":
        t = pd.DataFrame({**{k: data[k].array for k in keys}, "author_id": data["author_id"].array, "f": _followers(data)})
        g = t.groupby([*keys, "author_id"], observed=True, sort=True)
        return pd.DataFrame({"mentions": g.size().astype("int64"), "f": g["f"].max()}).reset_index()
    g = data.groupby(keys, observed=True, sort=True)
    out = pd.DataFrame({"mentions": g.size().astype("int64")})
    if weight == "engagement":
        out["engagement"] = data.assign(engagement=L.interactions(data)).groupby(keys, observed=True, sort=True)["engagement"].sum()
    return out.reset_index()


def _sov_finalize(merged: pd.DataFrame, by: str, groups: list[str], weight: str | None) -> pd.DataFrame:
    keys = [*groups, by]
    if weight == "reach":
        g = merged.groupby(keys, observed=True, sort=True)
        out = pd.DataFrame({"mentions": g["mentions"].sum(), "reach": g["f"].sum()}).reset_index()
        value = "reach"
    else:
        out = merged[[*keys, "mentions", *(["engagement"] if weight == "engagement" else [])]].copy()
        value = weight or "mentions"
    total = out.groupby(groups, observed=True, sort=False)[value].transform("sum") if groups else out[value].sum()
    out["share"] = out[value] / (total.where(total > 0) if groups else (total if total > 0 else np.nan))
    return out.sort_values([*groups, "share"], ascending=[True] * len(groups) + [False], kind="mergesort").reset_index(drop=True)


def share_of_voice(by: str = "brand", within: str | Sequence[str] | None = None, weight: str | None = None,
                   freq: str | None = None) -> Aggregate:
    """Share of voice — :func:`scrm_lib.metrics.counts.share_of_voice` (``weight`` None, engagement or reach)."""
    check_choice("weight", str(weight), ["None", "engagement", "reach"])
    groups = [*period_keys(freq), *group_keys(within)]
    keys = [*groups, by]
    pkeys = [*keys, "author_id"] if weight == "reach" else keys
    ops = {"mentions": "sum", **({"f": "max"} if weight == "reach" else {}),
           **({"engagement": "sum"} if weight == "engagement" else {})}
    cols = ["created_at", *group_keys(within), by, *(["author_id", "author_followers"] if weight == "reach" else []),
            *(L.COUNT_COLUMNS if weight == "engagement" else ())]
    name = "share_of_voice" + (f"_{weight}" if weight else "")
    return Aggregate(name, lambda f: _sov_partial(f, keys, freq, weight), tuple(pkeys), ops,
                     lambda m: _sov_finalize(m, by, groups, weight), tuple(dict.fromkeys(cols)),
                     params={"by": by, "within": group_keys(within), "weight": weight, "freq": freq})


# --------------------------------------------------------------------------------------------
# Sentiment
# --------------------------------------------------------------------------------------------

_SENT_COUNTS = (*L.SENTIMENT_LABELS, "unlabelled", "posts")


def _sentiment_finalize(merged: pd.DataFrame, formula: str, confidence: float) -> pd.DataFrame:
    c = merged.copy()
    for col in _SENT_COUNTS:
        c[col] = c[col].astype("int64")
    c["labelled"] = c[list(L.SENTIMENT_LABELS)].sum(axis=1)
    lab = c["labelled"].where(c["labelled"] > 0)
    for s in L.SENTIMENT_LABELS:
        c[f"pct_{s}"] = c[s] / lab
    c["net"], c["net_lo"], c["net_hi"] = L.net_sentiment(c["positive"], c["negative"], c["neutral"], formula, confidence)
    c["formula"] = L.NET_FORMULAS[formula]
    return c


def sentiment(by: str | Sequence[str] | None = "brand", formula: str = "talkwalker", freq: str | None = None,
              confidence: float = 0.95) -> Aggregate:
    """Sentiment mix and net sentiment with its interval — :func:`scrm_lib.metrics.sentiment.sentiment_summary`.

    The partial is :func:`scrm_lib.metrics.sentiment.sentiment_counts` itself (additive by design); the
    interval is computed from the merged counts.
    """
    check_choice("net_sentiment_formula", formula, L.NET_FORMULAS)
    keys = [*period_keys(freq), *group_keys(by)]
    name = "sentiment" + ("_period" if freq else "")
    return Aggregate(name, lambda f: L.sentiment_counts(f, by=by, freq=freq), tuple(keys),
                     dict.fromkeys(_SENT_COUNTS, "sum"), lambda m: _sentiment_finalize(m, formula, confidence),
                     ("created_at", *group_keys(by), "sentiment"),
                     params={"by": group_keys(by), "formula": formula, "freq": freq, "confidence": confidence})


# --------------------------------------------------------------------------------------------
# Engagement and reach
# --------------------------------------------------------------------------------------------

_ENG_SUMS = ("posts", *L.COUNT_COLUMNS, "interactions", "posts_with_followers", "followers", "inter_known")


def _engagement_partial(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    f = _followers(frame)
    inter = L.interactions(frame).to_numpy()
    known = ~np.isnan(f)
    t = pd.DataFrame({
        **{k: frame[k].array for k in keys}, "posts": np.ones(len(frame), dtype=np.int64),
        **{c: (frame[c].fillna(0).to_numpy(dtype=np.int64) if c in frame.columns else np.zeros(len(frame), np.int64))
           for c in L.COUNT_COLUMNS},
        "interactions": inter, "posts_with_followers": known.astype(np.int64),
        "followers": np.where(known, f, 0.0), "inter_known": np.where(known, inter, 0),
    })
    return t.groupby(keys, observed=True, sort=True).sum().reset_index() if keys else t.sum().to_frame().T


def _engagement_finalize(merged: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    agg = merged.copy()
    for c in _ENG_SUMS:  # without groups, scrm_lib.metrics.counts.engagement's one row is all float
        agg[c] = agg[c].astype("float64" if c == "followers" or (not keys and c != "posts") else "int64")
    agg["interactions_per_post"] = agg["interactions"] / agg["posts"].where(agg["posts"] > 0)
    agg["engagement_rate"] = agg["inter_known"] / agg["followers"].where(agg["followers"] > 0)
    return agg.drop(columns="inter_known")[[*keys, "posts", *L.COUNT_COLUMNS, "interactions", "posts_with_followers",
                                           "followers", "interactions_per_post", "engagement_rate"]].reset_index(drop=True)


def engagement(by: str | Sequence[str] | None = "channel") -> Aggregate:
    """Interactions per group — :func:`scrm_lib.metrics.counts.engagement`."""
    keys = group_keys(by)
    return Aggregate("engagement", lambda f: _engagement_partial(f, keys), tuple(keys), dict.fromkeys(_ENG_SUMS, "sum"),
                     lambda m: _engagement_finalize(m, keys), (*keys, *L.COUNT_COLUMNS, "author_followers"),
                     params={"by": keys})


def _reach_partial(frame: pd.DataFrame, keys: list[str], freq: str | None) -> pd.DataFrame:
    data = with_period(frame, freq)
    return followers_per_author(data, keys).sort_values([*keys, "author_id"], kind="mergesort")


def _reach_finalize(merged: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if keys:
        g = merged.groupby(keys, observed=True, sort=True)["f"]
        out = pd.DataFrame({"authors": g.size(), "authors_with_followers": g.count(), "reach": g.sum()}).reset_index()
    else:
        out = pd.DataFrame({"authors": [len(merged)], "authors_with_followers": [int(merged["f"].count())],
                            "reach": [merged["f"].sum()]})
    out["reach"] = out["reach"].astype("float64")
    return out


def reach(by: str | Sequence[str] | None = "brand", freq: str | None = None) -> Aggregate:
    """Potential reach over unique authors — :func:`scrm_lib.metrics.counts.reach` (partial: one row per
    group and author with the largest follower count, merged by max)."""
    keys = [*period_keys(freq), *group_keys(by)]
    return Aggregate("reach", lambda f: _reach_partial(f, keys, freq), (*keys, "author_id"), {"f": "max"},
                     lambda m: _reach_finalize(m, keys), ("created_at", *group_keys(by), "author_id", "author_followers"),
                     params={"by": group_keys(by), "freq": freq})


# --------------------------------------------------------------------------------------------
# Spikes (from the merged volume)
# --------------------------------------------------------------------------------------------


def _spikes_finalize(merged: pd.DataFrame, freq: str, by: str, kw: dict[str, Any]) -> pd.DataFrame:
    vol = _volume_finalize(merged, freq, [by])
    cols = [by, "spike", "start", "end", "periods", "peak", "peak_count", "baseline", "magnitude", "excess", "z_peak"]
    found = [L.detect_spikes(g.set_index("period")["mentions"], **kw).assign(**{by: key})
             for key, g in vol.groupby(by, sort=True, observed=True)]
    found = [s for s in found if len(s)]
    if not found:
        return pd.DataFrame(columns=cols)
    sp = pd.concat(found, ignore_index=True)
    sp = sp[cols].sort_values(["start", by], kind="mergesort").reset_index(drop=True)
    sp["spike"] = np.arange(1, len(sp) + 1)
    return sp


def spikes(freq: str = "D", by: str = "brand", window: int = 28, sensitivity: float = 3.5, min_periods: int = 7,
           min_excess: float = 5.0, dispersion: float = 1.0) -> Aggregate:
    """Spikes of each ``by`` group's ``freq`` volume — :func:`scrm_lib.metrics.spikes.detect_spikes_by`
    with ``coverage_aware=False, explain=False`` (the robust rolling-median test on the merged
    counts; the coverage checks and the explanations need the posts)."""
    base = volume(freq, by)
    kw = {"window": window, "sensitivity": sensitivity, "min_periods": min_periods, "min_excess": min_excess,
          "dispersion": dispersion}
    return Aggregate("spikes", base.partial, base.keys, base.ops, lambda m: _spikes_finalize(m, freq, by, kw),
                     base.columns, params={"freq": freq, "by": by, **kw})
