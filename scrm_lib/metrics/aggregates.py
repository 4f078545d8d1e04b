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
- response times pair a brand's reply with the post it answers (:func:`scrm_lib.metrics.responses.first_responses`),
  so a post and its replies must sit in the same partition: :attr:`Aggregate.thread_key` says so,
  and the Dask engine first shuffles the posts by :func:`thread_key` (a reply goes with the post it
  answers). Medians and 90th percentiles merge exactly as counts of each distinct delay.
- spikes are found on the merged per-period volume (small) with the plain robust test
  (:func:`scrm_lib.metrics.spikes.detect_spikes`, ``coverage_aware=False`` of
  :func:`~scrm_lib.metrics.spikes.detect_spikes_by`) and are not explained by the posts (that needs the
  posts, not counts);
- distinctive terms come from merged per-brand term counts (:func:`scrm_lib.metrics.terms.themes`
  on one row of counts per brand gives the same log-odds as on one row per post).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
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
        thread_key: True when a post and the replies to it must be in the same partition
            (response times); the Dask engine shuffles by :func:`thread_key` first.
        conversation: True when the summary is over the conversation only (:func:`scrm_lib.metrics.periods.earned`).
    """

    name: str
    partial: Callable[[pd.DataFrame], pd.DataFrame]
    keys: tuple[str, ...]
    ops: dict[str, str]
    finalize: Callable[[pd.DataFrame], pd.DataFrame]
    columns: tuple[str, ...] = ()
    thread_key: bool = False
    conversation: bool = True
    params: dict[str, Any] = field(default_factory=dict)

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


def thread_key(frame: pd.DataFrame) -> pd.Series:
    """The post a row belongs with for response times: for a brand's reply (``is_brand`` with an
    ``in_reply_to``) the post it answers, else the row's own ``post_id``. Partitioning by this key
    puts every post with the brand replies to it, so :func:`scrm_lib.metrics.responses.first_responses`
    is exact per partition."""
    own = frame["post_id"].astype("str")
    if "in_reply_to" not in frame.columns or "is_brand" not in frame.columns:
        return own.rename("_thread")
    reply = frame["is_brand"].fillna(False).astype(bool).to_numpy() & frame["in_reply_to"].notna().to_numpy()
    return own.where(~reply, frame["in_reply_to"].astype("str")).rename("_thread")


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


def _responses_partial(frame: pd.DataFrame, keys: list[str], freq: str | None, sla_minutes: float) -> pd.DataFrame:
    fr = _with_period(L.first_responses(frame), freq)
    t = pd.DataFrame({**{k: fr[k].array for k in keys}, "delay_min": fr["delay_min"].to_numpy(dtype=float),
                      "inbound": np.ones(len(fr), dtype=np.int64),
                      "answered": fr["answered"].astype(bool).to_numpy().astype(np.int64),
                      "within_sla": (fr["delay_min"] <= sla_minutes).to_numpy().astype(np.int64),
                      "bad_timestamps": fr["bad_timestamp"].astype(bool).to_numpy().astype(np.int64)})
    return t.groupby([*keys, "delay_min"], observed=True, sort=True, dropna=False).sum().reset_index()


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
    answered, within-SLA and badly time-stamped posts; medians and 90th percentiles come from the
    merged delay counts, so they are exact. Needs threads within partitions (:attr:`Aggregate.thread_key`)."""
    keys = [*_period_keys(freq), *_keys(by)]
    return Aggregate("response_times", lambda f: _responses_partial(f, keys, freq, sla_minutes), (*keys, "delay_min"),
                     dict.fromkeys(_RT_SUMS, "sum"), lambda m: _responses_finalize(m, keys, sla_minutes),
                     ("post_id", "created_at", "brand", "channel", "is_brand", "in_reply_to", *_keys(by)),
                     thread_key=True, conversation=False, params={"sla_minutes": sla_minutes, "by": _keys(by), "freq": freq})


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


def themes(drop: Iterable[str], by: str = "brand", n: int = 15, min_count: int = 5) -> Aggregate:
    """Distinctive terms of each ``by`` group against all other groups — :func:`scrm_lib.metrics.terms.themes`
    with ``group=<value>`` and a :func:`~scrm_lib.metrics.terms.term_matrix` of the conversation with
    ``drop`` (see :func:`theme_drop`). Partial: term counts per group."""
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
    """The listening summaries of ``scrm summarise`` (themes aside: they need :func:`theme_drop` first):
    volume per ``freq`` period and brand, share of voice (posts, engagement, reach), sentiment per
    brand and per period and brand, engagement per brand and channel, reach per brand, response
    times per brand, spikes of the ``spike_freq`` volume."""
    return [volume(freq, "brand"), share_of_voice(), share_of_voice(weight="engagement"), share_of_voice(weight="reach"),
            sentiment("brand", formula, confidence=confidence), sentiment("brand", formula, freq=freq, confidence=confidence),
            engagement(["brand", "channel"]), reach("brand"), response_times(sla_minutes, "brand"),
            spikes(spike_freq, "brand", spike_window, spike_sensitivity, spike_min_periods, spike_min_excess, spike_dispersion)]
