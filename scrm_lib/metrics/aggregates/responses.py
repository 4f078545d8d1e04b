"""Response times as an aggregate: replies paired per partition, orphans in a second pass
(see :mod:`scrm_lib.metrics.aggregates`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scrm_lib import metrics as L
from scrm_lib.metrics.aggregates.base import (
    Aggregate,
    group_keys,
    period_keys,
    with_period,
)
from scrm_lib.metrics.responses import response_rates

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
    fr = with_period(L.first_responses(data), freq)
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
    o = with_period(rep.loc[lost], freq)
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
    return response_rates(out, keys, sla_minutes)


def response_times(sla_minutes: float = 60, by: str | Sequence[str] | None = "brand", freq: str | None = None) -> Aggregate:
    """How fast brands answer — :func:`scrm_lib.metrics.responses.response_times` (over all posts: the
    brand replies are needed). Partial: per group and distinct delay, the counts of inbound,
    answered, within-SLA and badly time-stamped posts, and the orphan replies (replies whose post is
    not in the partition); medians and 90th percentiles come from the merged delay counts, so they
    are exact. With orphans, :attr:`Aggregate.refine` gives the second pass that pairs them."""
    return _responses_aggregate([*period_keys(freq), *group_keys(by)], group_keys(by), freq, sla_minutes)
