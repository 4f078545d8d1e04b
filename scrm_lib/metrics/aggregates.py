"""The listening summaries as combinable aggregates (issue 15): one implementation for every engine.

Each summary is an :class:`Aggregate`: ``partial(frame)`` turns any slice of the posts (a whole
frame, a chunk, a Dask partition) into a **small table of counts, sums, minima and maxima** keyed
by period / brand / …; ``merge(partials)`` adds those tables up (sum for counts and sums, min/max
for first/last timestamps and follower counts); ``finalize(merged)`` derives the published table —
ratios, shares and the Wilson/normal intervals of net sentiment (:func:`scrm_lib.metrics.sentiment.net_sentiment`)
— from the merged counts, never by averaging ratios. The pandas engine runs ``partial`` on the
whole frame, the Dask engine on every partition and merges the results in a tree, so both share
this code path and their results are equal (exact for counts; ratios to the last bits).
``tests/test_aggregates.py`` checks that every finalised table equals the matching
listening function of :mod:`scrm_lib.metrics` on the same posts, so the two cannot drift apart.

What each summary needs from the data:

- volume, share of voice (posts, engagement, reach), sentiment, engagement, reach, spikes and
  theme counts are additive over **any** partitioning;
- reach counts each author once per group: its partial is one row per (group, author) with the
  largest follower count seen, merged by max — additive over any partitioning too, at the price of
  a table as long as the number of distinct authors;
- response times pair a brand's reply with the post it answers (:func:`scrm_lib.metrics.responses.first_responses`).
  Each partition pairs the replies it holds with its own posts, and its partial also lists the
  replies whose post is not in it (*orphans*, a few rows when exports keep threads together). When
  the merged table has orphans, :attr:`Aggregate.refine` asks for a second pass in which every
  partition pairs its posts with its own replies *and* the orphans: exact however the posts are
  partitioned, with no shuffle. Medians and 90th percentiles merge exactly as counts of each
  distinct delay.
- spikes are found on the merged per-period volume (small) with the plain robust test
  (:func:`scrm_lib.metrics.spikes.detect_spikes`, ``coverage_aware=False`` of
  :func:`~scrm_lib.metrics.spikes.detect_spikes_by`) and are not explained by the posts (that needs the
  posts, not counts);
- distinctive terms come from merged per-brand term counts (:func:`scrm_lib.metrics.terms.themes`
  on one row of counts per brand gives the same log-odds as on one row per post). The terms to
  leave out (brand names and handles, :func:`scrm_lib.metrics.terms.theme_drop_terms`) come from
  the data: with ``themes(drop=None)`` each partition counts terms without its *own* names and
  carries those names in its partial; the merged names are the whole data's. The counts are
  exact when no counted word is a name only another partition knew (checked on the merged table);
  otherwise :attr:`Aggregate.refine` asks for a second pass with the merged names.

:func:`run_passes` runs a list of aggregates over partitions with any second passes they ask for;
both engines use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from scrm_lib import metrics as L
from scrm_lib.metrics.counts import followers_per_author
from scrm_lib.metrics.periods import RANGE_FREQ, check_choice

#: How partial columns merge: ``sum`` (counts, sums), ``min`` (first timestamps), ``max`` (last
#: timestamps, follower counts).
MERGE_OPS: tuple[str, ...] = ("sum", "min", "max")


@dataclass(frozen=True)
class Aggregate:
    """One summary as combinable aggregates.

    Attributes:
        name: file stem of the summary (``volume`` → ``volume.parquet``).
        partial: posts → small table with the ``keys`` columns and the ``ops`` columns.
        keys: the columns the partial tables are keyed by (merged with ``groupby``).
        ops: column → how it merges (``sum``, ``min`` or ``max``, see :data:`MERGE_OPS`).
        finalize: merged table → the published summary.
        columns: the input columns the partial reads (the engines read only these).
        conversation: True when the summary is over the conversation only (:func:`scrm_lib.metrics.periods.earned`).
        refine: merged table → None when it is exact, else the aggregate whose partials over the
            same partitions replace this one's (a second pass, see :func:`run_passes`); its merged
            table is finalised by this aggregate's ``finalize``. One partition is always exact.
    """

    name: str
    partial: Callable[[pd.DataFrame], pd.DataFrame]
    keys: tuple[str, ...]
    ops: dict[str, str]
    finalize: Callable[[pd.DataFrame], pd.DataFrame]
    columns: tuple[str, ...] = ()
    conversation: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    refine: Callable[[pd.DataFrame], Aggregate | None] | None = None

    def run_partial(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``partial`` on ``frame`` (the conversation part of it when :attr:`conversation`)."""
        return self.partial(L.earned(frame) if self.conversation else frame)

    def merge(self, partials: Sequence[pd.DataFrame]) -> pd.DataFrame:
        """Add up partial tables: one row per distinct key, each column merged by its op."""
        return merge_partials(partials, self.keys, self.ops)

    def compute(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The summary of an in-memory frame: ``finalize(merge([partial(frame)]))``."""
        return self.finalize(self.merge([self.run_partial(frame)]))


def merge_partials(partials: Sequence[pd.DataFrame], keys: Sequence[str], ops: dict[str, str]) -> pd.DataFrame:
    """One row per distinct ``keys`` value of the stacked ``partials``, columns merged by ``ops``.

    Missing values never count: the sum of counts skips them, the min/max of timestamps and
    follower counts too (a group whose values are all missing stays missing). Rows come out sorted
    by the keys. With no keys the result has one row.
    """
    bad = {c: o for c, o in ops.items() if o not in MERGE_OPS}
    if bad:
        raise ValueError(f"unknown merge op(s) {bad}; expected {MERGE_OPS}")
    parts = [p for p in partials if p is not None and len(p)]
    cols = [*keys, *ops]
    if not parts:
        return partials[0].iloc[0:0][cols] if partials else pd.DataFrame(columns=cols)
    stacked = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not keys:
        row = {c: getattr(stacked[c], o)() if o != "sum" else stacked[c].sum(min_count=1) for c, o in ops.items()}
        return pd.DataFrame([row], columns=list(ops)).astype(stacked[list(ops)].dtypes.to_dict())
    out = stacked.groupby(list(keys), observed=True, sort=True, dropna=False).agg(ops).reset_index()
    return out[cols]


def run_passes(aggs: Sequence[Aggregate], run: Callable[[Sequence[Aggregate]], Sequence[pd.DataFrame]],
               partitions: int) -> list[pd.DataFrame]:
    """The merged table of each of ``aggs``: ``run(aggs)`` (the partials of every partition,
    merged), then — with more than one partition — one more ``run`` of the aggregates whose
    :attr:`Aggregate.refine` asks for it, whose merged tables replace the first ones. One partition
    holds every post with the replies to it and every name, so its first pass is exact."""
    merged = list(run(aggs))
    if partitions <= 1:
        return merged
    again = [(i, a.refine(m)) for i, (a, m) in enumerate(zip(aggs, merged, strict=True)) if a.refine is not None]
    again = [(i, r) for i, r in again if r is not None]
    if again:
        for (i, _), m in zip(again, run([r for _, r in again]), strict=True):
            merged[i] = m
    return merged


def _keys(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _period_keys(freq: str | None) -> list[str]:
    return ["period"] if freq else []


def _with_period(frame: pd.DataFrame, freq: str | None) -> pd.DataFrame:
    return frame.assign(period=L.period_start(frame["created_at"], freq)) if freq else frame


# --------------------------------------------------------------------------------------------
# Volume
# --------------------------------------------------------------------------------------------


def _volume_partial(frame: pd.DataFrame, freq: str, keys: list[str]) -> pd.DataFrame:
    data = _with_period(frame, freq)
    g = data.groupby(["period", *keys], observed=True, sort=True)
    return pd.DataFrame({"mentions": g.size().astype("int64"), "first": g["created_at"].min(),
                         "last": g["created_at"].max()}).reset_index()


def _volume_finalize(merged: pd.DataFrame, freq: str, keys: list[str]) -> pd.DataFrame:
    cols = ["period", *keys, "mentions", "change", "pct_change", "complete"]
    if merged.empty:
        return pd.DataFrame(columns=cols)
    first, last = merged["first"].min(), merged["last"].max()
    counts = merged.set_index(["period", *keys])["mentions"]
    periods = L.period_range(first, last, freq)
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
    unit = {"h": "min", "D": "h"}.get(freq, "D")
    first_day = first.tz_convert("UTC").floor(unit)
    after_last = last.tz_convert("UTC").floor(unit) + pd.tseries.frequencies.to_offset(unit)
    ends = long["period"] + pd.tseries.frequencies.to_offset(RANGE_FREQ[freq])
    long["complete"] = (long["period"] >= first_day) & (ends <= after_last)
    return long[cols].reset_index(drop=True)


def volume(freq: str = "D", by: str | Sequence[str] | None = "brand") -> Aggregate:
    """Mentions per period (and ``by`` group) — :func:`scrm_lib.metrics.counts.volume` on the conversation."""
    check_choice("freq", freq, L.PERIODS)
    keys = _keys(by)
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
    data = _with_period(frame, freq)
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
    groups = [*_period_keys(freq), *_keys(within)]
    keys = [*groups, by]
    pkeys = [*keys, "author_id"] if weight == "reach" else keys
    ops = {"mentions": "sum", **({"f": "max"} if weight == "reach" else {}),
           **({"engagement": "sum"} if weight == "engagement" else {})}
    cols = ["created_at", *_keys(within), by, *(["author_id", "author_followers"] if weight == "reach" else []),
            *(L.COUNT_COLUMNS if weight == "engagement" else ())]
    name = "share_of_voice" + (f"_{weight}" if weight else "")
    return Aggregate(name, lambda f: _sov_partial(f, keys, freq, weight), tuple(pkeys), ops,
                     lambda m: _sov_finalize(m, by, groups, weight), tuple(dict.fromkeys(cols)),
                     params={"by": by, "within": _keys(within), "weight": weight, "freq": freq})


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
    keys = [*_period_keys(freq), *_keys(by)]
    name = "sentiment" + ("_period" if freq else "")
    return Aggregate(name, lambda f: L.sentiment_counts(f, by=by, freq=freq), tuple(keys),
                     dict.fromkeys(_SENT_COUNTS, "sum"), lambda m: _sentiment_finalize(m, formula, confidence),
                     ("created_at", *_keys(by), "sentiment"),
                     params={"by": _keys(by), "formula": formula, "freq": freq, "confidence": confidence})


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
    keys = _keys(by)
    return Aggregate("engagement", lambda f: _engagement_partial(f, keys), tuple(keys), dict.fromkeys(_ENG_SUMS, "sum"),
                     lambda m: _engagement_finalize(m, keys), (*keys, *L.COUNT_COLUMNS, "author_followers"),
                     params={"by": keys})


def _reach_partial(frame: pd.DataFrame, keys: list[str], freq: str | None) -> pd.DataFrame:
    data = _with_period(frame, freq)
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
    keys = [*_period_keys(freq), *_keys(by)]
    return Aggregate("reach", lambda f: _reach_partial(f, keys, freq), (*keys, "author_id"), {"f": "max"},
                     lambda m: _reach_finalize(m, keys), ("created_at", *_keys(by), "author_id", "author_followers"),
                     params={"by": _keys(by), "freq": freq})


# --------------------------------------------------------------------------------------------
# Response times
# --------------------------------------------------------------------------------------------

_RT_SUMS = ("inbound", "answered", "within_sla", "bad_timestamps")
#: Key columns of the response-time partials that carry orphan replies (a reply whose post is not
#: in the partition): the post it answers and the reply's brand ("" on the delay-count rows), and
#: the op column with the reply's time (NaT on the delay-count rows).
_ORPHAN_KEYS = ("_reply_to", "_reply_brand")
#: The columns :func:`scrm_lib.metrics.responses.first_responses` reads.
_RT_COLUMNS = ("post_id", "created_at", "brand", "channel", "is_brand", "in_reply_to")


def _brand_replies(frame: pd.DataFrame) -> np.ndarray:
    if "in_reply_to" not in frame.columns or "is_brand" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame["is_brand"].fillna(False).astype(bool).to_numpy() & frame["in_reply_to"].notna().to_numpy()


def _with_replies(frame: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """The :data:`_RT_COLUMNS` of ``frame`` plus ``extra``'s brand replies (``in_reply_to``,
    ``brand``, ``created_at``) as rows of the same dtypes."""
    cols = [c for c in _RT_COLUMNS if c in frame.columns]
    add = pd.DataFrame({"post_id": "", "channel": "", **{c: extra[c].array for c in ("created_at", "brand", "in_reply_to")},
                        "is_brand": True}, index=pd.RangeIndex(len(extra)))
    add = add[cols].astype(frame[cols].dtypes.to_dict())
    return pd.concat([frame[cols], add], ignore_index=True)


def _responses_partial(frame: pd.DataFrame, keys: list[str], freq: str | None, sla_minutes: float,
                       extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """Delay counts of the partition's inbound posts (paired with its own replies, and ``extra``'s
    in a second pass), plus one row per orphan reply in the first pass (see :data:`_ORPHAN_KEYS`)."""
    data = frame if extra is None or extra.empty else _with_replies(frame, extra)
    fr = _with_period(L.first_responses(data), freq)
    t = pd.DataFrame({**{k: fr[k].array for k in keys}, "delay_min": fr["delay_min"].to_numpy(dtype=float),
                      "inbound": np.ones(len(fr), dtype=np.int64),
                      "answered": fr["answered"].astype(bool).to_numpy().astype(np.int64),
                      "within_sla": (fr["delay_min"] <= sla_minutes).to_numpy().astype(np.int64),
                      "bad_timestamps": fr["bad_timestamp"].astype(bool).to_numpy().astype(np.int64)})
    out = t.groupby([*keys, "delay_min"], observed=True, sort=True, dropna=False).sum().reset_index()
    at_dtype = frame["created_at"].dtype
    out = out.assign(_reply_to="", _reply_brand="", _reply_at=pd.Series(pd.NaT, index=out.index, dtype=at_dtype))
    reply = _brand_replies(frame)
    if extra is not None or not reply.any():
        return out
    rep = frame.loc[reply]
    lost = ~pc.is_in(pa.array(rep["in_reply_to"].astype("str").array),  # pyarrow: pandas' isin on str is a Python loop
                     value_set=pa.array(frame["post_id"].astype("str").array)).to_numpy(zero_copy_only=False)
    if not lost.any():
        return out
    o = _with_period(rep.loc[lost], freq)
    orphans = pd.DataFrame({**{k: o[k].array for k in keys}, "delay_min": np.nan,
                            **{c: np.zeros(len(o), dtype=np.int64) for c in _RT_SUMS},
                            "_reply_to": o["in_reply_to"].astype("str").array, "_reply_brand": o["brand"].astype("str").array,
                            "_reply_at": o["created_at"].array})
    return pd.concat([out, orphans], ignore_index=True)


def _responses_refine(merged: pd.DataFrame, keys: list[str], groups: list[str], freq: str | None,
                      sla_minutes: float) -> Aggregate | None:
    """None without orphan replies; else the second pass: each partition pairs its posts with its
    own replies and every orphan (a reply to a post of another partition, or to none)."""
    o = merged.loc[merged["_reply_to"] != ""]
    if o.empty:
        return None
    extra = (pd.DataFrame({"in_reply_to": o["_reply_to"].array, "brand": o["_reply_brand"].array,
                           "created_at": o["_reply_at"].array})
             .groupby(["in_reply_to", "brand"], sort=True)["created_at"].min().reset_index())
    return _responses_aggregate(keys, groups, freq, sla_minutes, extra)


def _responses_aggregate(keys: list[str], groups: list[str], freq: str | None, sla_minutes: float,
                         extra: pd.DataFrame | None = None) -> Aggregate:
    return Aggregate("response_times", lambda f: _responses_partial(f, keys, freq, sla_minutes, extra),
                     (*keys, "delay_min", *_ORPHAN_KEYS), {**dict.fromkeys(_RT_SUMS, "sum"), "_reply_at": "min"},
                     lambda m: _responses_finalize(m, keys, sla_minutes), tuple(dict.fromkeys((*_RT_COLUMNS, *groups))),
                     conversation=False, params={"sla_minutes": sla_minutes, "by": groups, "freq": freq,
                                                 **({"orphans": len(extra)} if extra is not None else {})},
                     refine=None if extra is not None else (lambda m: _responses_refine(m, keys, groups, freq, sla_minutes)))


def _weighted_quantile(values: np.ndarray, counts: np.ndarray, q: float) -> float:
    """The linear-interpolation ``q`` quantile of ``values`` repeated ``counts`` times (sorted
    values), as pandas computes it on the repeated values (median: mean of the two middle ones)."""
    n = int(counts.sum())
    if n == 0:
        return float("nan")
    cum = np.cumsum(counts)

    def at(j: int) -> float:
        return float(values[np.searchsorted(cum, j, side="right")])

    if q == 0.5:
        return at((n - 1) // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2
    h = (n - 1) * q
    lo = int(np.floor(h))
    a, b = at(lo), at(min(lo + 1, n - 1))
    return a + (b - a) * (h - lo)


def _responses_finalize(merged: pd.DataFrame, keys: list[str], sla_minutes: float) -> pd.DataFrame:
    merged = merged.loc[merged["_reply_to"] == ""] if "_reply_to" in merged.columns else merged
    cols = [*keys, "inbound", "answered", "reply_rate", "median_min", "p90_min", "within_sla", "sla_share",
            "sla_share_of_answered", "bad_timestamps", "sla_minutes"]
    m = merged.assign(_all="all") if not keys else merged
    keys_used = keys or ["_all"]
    rows = []
    for key, g in m.groupby(keys_used, observed=True, sort=True):
        d = g.loc[g["delay_min"].notna()].sort_values("delay_min", kind="mergesort")
        v, c = d["delay_min"].to_numpy(dtype=float), d["inbound"].to_numpy(dtype=np.int64)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(keys_used, key, strict=True)), **{s: int(g[s].sum()) for s in _RT_SUMS},
                     "median_min": _weighted_quantile(v, c, 0.5), "p90_min": _weighted_quantile(v, c, 0.9)})
    out = pd.DataFrame(rows, columns=[*keys_used, *_RT_SUMS, "median_min", "p90_min"])
    if not keys:
        out = out.drop(columns="_all")
    out["reply_rate"] = out["answered"] / out["inbound"]
    out["sla_share"] = out["within_sla"] / out["inbound"]
    out["sla_share_of_answered"] = out["within_sla"] / out["answered"].where(out["answered"] > 0)
    out["sla_minutes"] = sla_minutes
    return out[cols]


def response_times(sla_minutes: float = 60, by: str | Sequence[str] | None = "brand", freq: str | None = None) -> Aggregate:
    """How fast brands answer — :func:`scrm_lib.metrics.responses.response_times` (over all posts: the
    brand replies are needed). Partial: per group and distinct delay, the counts of inbound,
    answered, within-SLA and badly time-stamped posts, and the orphan replies (replies whose post is
    not in the partition); medians and 90th percentiles come from the merged delay counts, so they
    are exact. With orphans, :attr:`Aggregate.refine` gives the second pass that pairs them."""
    return _responses_aggregate([*_period_keys(freq), *_keys(by)], _keys(by), freq, sla_minutes)


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


# --------------------------------------------------------------------------------------------
# Themes (merged term counts)
# --------------------------------------------------------------------------------------------


def _term_partial(frame: pd.DataFrame, by: str, drop: frozenset[str]) -> pd.DataFrame:
    cols = [by, "term", "count"]
    if frame.empty:
        return pd.DataFrame({by: pd.Series(dtype="str"), "term": pd.Series(dtype="str"), "count": pd.Series(dtype="int64")})[cols]
    tm = L.term_matrix(frame, drop=drop)
    codes, groups = pd.factorize(frame[by])
    onehot = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(groups), len(codes)))
    per = sparse.coo_matrix(onehot @ tm.counts)
    out = pd.DataFrame({by: np.asarray(groups, dtype=object)[per.row], "term": tm.vocabulary[per.col],
                        "count": per.data.astype(np.int64)})
    out = out.loc[out["count"] > 0]
    return out.astype({by: "str", "term": "str"})[cols]


def term_counts_matrix(merged: pd.DataFrame, by: str = "brand") -> tuple[pd.DataFrame, L.TermMatrix]:
    """One row per ``by`` group and a :class:`scrm_lib.metrics.terms.TermMatrix` of its merged term
    counts (vocabulary in the alphabetical order of :func:`scrm_lib.metrics.terms.term_matrix`)."""
    vocab = np.asarray(sorted(set(merged["term"].astype(str))), dtype=object)
    vocab = vocab[np.argsort(vocab.astype(str), kind="mergesort")] if len(vocab) else vocab
    groups = np.asarray(sorted(set(merged[by].astype(str))), dtype=object)
    r = pd.Index(groups).get_indexer(merged[by].astype(str))
    c = pd.Index(vocab).get_indexer(merged["term"].astype(str))
    m = sparse.csr_matrix((merged["count"].to_numpy(dtype=np.int64), (r, c)), shape=(len(groups), len(vocab)))
    return pd.DataFrame({by: groups}), L.TermMatrix(m, vocab)


def _themes_finalize(merged: pd.DataFrame, by: str, n: int, min_count: int) -> pd.DataFrame:
    cols = [by, "rank", "term", "kind", "count", "count_reference", "per_1000", "per_1000_reference", "log_odds", "z"]
    if merged.empty:
        return pd.DataFrame(columns=cols)
    groups, tm = term_counts_matrix(merged, by)
    out = []
    for g in groups[by]:
        t = L.themes(groups, g, by=by, n=n, min_count=min_count, matrix=tm)
        if len(t):
            out.append(t.assign(**{by: g, "rank": np.arange(1, len(t) + 1)}))
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


#: The ``by`` value of the theme partials' rows that carry a partition's names (:func:`themes`
#: with ``drop=None``): one row per name, and one with the term "" that counts the partitions.
NAMES_KEY = "\x00names"


def _names_term_partial(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Term counts of the partition's conversation without the partition's own names
    (:func:`scrm_lib.metrics.terms.theme_drop_terms` of all its posts), and those names."""
    drop = L.theme_drop_terms(frame)
    counts = _term_partial(L.earned(frame), by, drop)
    names = pd.DataFrame({by: NAMES_KEY, "term": ["", *sorted(drop)], "count": 1})
    return pd.concat([counts, names.astype({by: "str", "term": "str", "count": "int64"})], ignore_index=True)


def _split_names(merged: pd.DataFrame, by: str) -> tuple[pd.DataFrame, frozenset[str], list[str]]:
    """The term counts, the merged names, and the counted words that a name from another
    partition would have left out (empty: the counts are those of the merged names)."""
    is_name = (merged[by] == NAMES_KEY).to_numpy() if len(merged) else np.zeros(0, dtype=bool)
    counts = merged.loc[~is_name].reset_index(drop=True)
    if not is_name.any():
        return counts, frozenset(), []
    names = merged.loc[is_name]
    partitions = int(names.loc[names["term"] == "", "count"].sum())
    drop = frozenset(names.loc[names["term"] != "", "term"].astype(str))
    # a name every partition had left out the same words everywhere; the others may not have
    new = frozenset(names.loc[(names["term"] != "") & (names["count"] < partitions), "term"].astype(str))
    words = [t for t in pd.unique(counts["term"].astype(str)) if " " not in t] if new else []
    return counts, drop, [t for t in words if t in new or L.is_brand_term(t, new)]


def _names_themes_finalize(merged: pd.DataFrame, by: str, n: int, min_count: int) -> pd.DataFrame:
    counts, _, missed = _split_names(merged, by)
    if missed:
        raise ValueError(f"themes: {len(missed)} counted word(s) are names another partition knew (e.g. {missed[0]!r}); "
                         "run the second pass of Aggregate.refine (scrm_lib.metrics.aggregates.run_passes)")
    return _themes_finalize(counts, by, n, min_count)


def _names_themes_refine(merged: pd.DataFrame, by: str, n: int, min_count: int) -> Aggregate | None:
    _, drop, missed = _split_names(merged, by)
    return themes(drop, by, n, min_count) if missed else None


def themes(drop: Iterable[str] | None = None, by: str = "brand", n: int = 15, min_count: int = 5) -> Aggregate:
    """Distinctive terms of each ``by`` group against all other groups — :func:`scrm_lib.metrics.terms.themes`
    with ``group=<value>`` and a :func:`~scrm_lib.metrics.terms.term_matrix` of the conversation with
    ``drop`` terms left out. Partial: term counts per group.

    ``drop=None``: the names of the data (:func:`scrm_lib.metrics.terms.theme_drop_terms` of all
    posts), in one pass: each partition leaves out its own names and carries them in its partial
    (rows keyed :data:`NAMES_KEY`); when a counted word is a name only another partition had,
    :attr:`Aggregate.refine` asks for a second pass with the merged names."""
    if drop is None:
        return Aggregate("themes", lambda f: _names_term_partial(f, by), (by, "term"), {"count": "sum"},
                         lambda m: _names_themes_finalize(m, by, n, min_count), ("brand", "author_id", "is_brand", by, "text"),
                         conversation=False, params={"by": by, "n": n, "min_count": min_count, "drop": "data"},
                         refine=lambda m: _names_themes_refine(m, by, n, min_count))
    d = frozenset(drop)
    return Aggregate("themes", lambda f: _term_partial(f, by, d), (by, "term"), {"count": "sum"},
                     lambda m: _themes_finalize(m, by, n, min_count), (by, "text"),
                     params={"by": by, "n": n, "min_count": min_count})


def _names_partial(frame: pd.DataFrame) -> pd.DataFrame:
    brands = pd.DataFrame({"kind": "brand", "value": frame["brand"].astype("str").unique()})
    handles = pd.DataFrame({"kind": "handle", "value": sorted(L.brand_handles(frame))})
    return pd.concat([brands, handles], ignore_index=True).assign(n=1).astype({"kind": "str", "value": "str"})


def names() -> Aggregate:
    """The brands and the brand accounts' handles of the data (for :func:`theme_drop`)."""
    return Aggregate("names", _names_partial, ("kind", "value"), {"n": "sum"}, lambda m: m,
                     ("brand", "author_id", "is_brand"), conversation=False)


def theme_drop(merged_names: pd.DataFrame, entities: Iterable[str] = ()) -> frozenset[str]:
    """:func:`scrm_lib.metrics.terms.theme_drop_terms` from the merged :func:`names` table."""
    brands = merged_names.loc[merged_names["kind"] == "brand", "value"]
    handles = {str(h).lower() for h in merged_names.loc[merged_names["kind"] == "handle", "value"]}
    return frozenset(L.brand_terms(brands) | handles | {str(e).lower() for e in entities})


# --------------------------------------------------------------------------------------------
# The set written by `scrm summarise`
# --------------------------------------------------------------------------------------------


def listening_summaries(freq: str = "W", spike_freq: str = "D", formula: str = "talkwalker", sla_minutes: float = 60,
                        confidence: float = 0.95, spike_window: int = 28, spike_sensitivity: float = 3.5,
                        spike_min_periods: int = 14, spike_min_excess: float = 5.0, spike_dispersion: float = 1.0
                        ) -> list[Aggregate]:
    """The listening summaries of ``scrm summarise`` (themes aside: ``themes()``, one pass with the
    data's names, is added when terms are asked for):
    volume per ``freq`` period and brand, share of voice (posts, engagement, reach), sentiment per
    brand and per period and brand, engagement per brand and channel, reach per brand, response
    times per brand, spikes of the ``spike_freq`` volume."""
    return [volume(freq, "brand"), share_of_voice(), share_of_voice(weight="engagement"), share_of_voice(weight="reach"),
            sentiment("brand", formula, confidence=confidence), sentiment("brand", formula, freq=freq, confidence=confidence),
            engagement(["brand", "channel"]), reach("brand"), response_times(sla_minutes, "brand"),
            spikes(spike_freq, "brand", spike_window, spike_sensitivity, spike_min_periods, spike_min_excess, spike_dispersion)]
