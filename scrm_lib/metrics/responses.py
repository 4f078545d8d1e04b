"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): response times — when brands first answer
conversation posts, reply rates and the service-level agreement (SLA).

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from scrm_lib.metrics.periods import as_list, large_strings, with_period


def first_responses(df: pd.DataFrame) -> pd.DataFrame:
    """One row per conversation post: when the brand first answered it.

    A response is a post with ``is_brand`` True, the same ``brand`` and ``in_reply_to`` equal to
    the post's ``post_id``; the first response is the earliest. Columns: ``post_id``, ``brand``,
    ``channel``, ``created_at``, ``first_response_at`` (NaT when unanswered), ``delay_min``
    (minutes; NaN when unanswered or when the response is time-stamped *before* the post — a
    data error counted in ``bad_timestamp``), ``answered``, ``bad_timestamp``.

    This per-post table is additive over partitions (concatenate, then summarise). Replies find
    their post by an integer join (the post's position among the conversation posts, pyarrow
    ``index_in``), not a merge on string keys.
    """
    inb = (~df["is_brand"].fillna(False).astype(bool).to_numpy() if "is_brand" in df.columns
           else np.ones(len(df), dtype=bool))  # the rows of earned(df), without copying the text
    base = pd.DataFrame({"post_id": df["post_id"].array[inb], "brand": df["brand"].array[inb],
                         "channel": df["channel"].array[inb], "created_at": df["created_at"].array[inb]})
    if "in_reply_to" in df.columns and "is_brand" in df.columns:
        is_b = ~inb & df["in_reply_to"].notna().to_numpy()
        # integer join: each reply's parent as a position among the inbound posts (post ids are
        # unique); the replies' distinct parents are hashed, the inbound ids only probed
        targets = pc.dictionary_encode(large_strings(df["in_reply_to"].array[is_b]))
        slot = pc.index_in(large_strings(base["post_id"].array), value_set=targets.dictionary).to_numpy(zero_copy_only=False)
        hit = np.flatnonzero(~np.isnan(slot))
        where = np.full(len(targets.dictionary), -1, dtype=np.int64)
        where[slot[hit].astype(np.int64)] = hit
        parent = where[targets.indices.to_numpy(zero_copy_only=False)]
        found = parent >= 0
        pos = parent[found]
        same_brand = (np.asarray(df["brand"].array[is_b][found], dtype=object)
                      == np.asarray(base["brand"].array[pos], dtype=object))
        times = pd.Series(df["created_at"].array[is_b][found][same_brand])
        first = times.groupby(pos[same_brand], sort=False).min()
        at = first.reindex(np.arange(len(base))).array
        base["first_response_at"] = at
    else:
        base["first_response_at"] = pd.Series(pd.NaT, index=base.index, dtype="datetime64[ns, UTC]")
    base["created_at"] = pd.to_datetime(base["created_at"], utc=True)
    base["first_response_at"] = pd.to_datetime(base["first_response_at"], utc=True)
    delay = (base["first_response_at"] - base["created_at"]).dt.total_seconds() / 60.0
    base["answered"] = base["first_response_at"].notna()
    base["bad_timestamp"] = (delay < 0).to_numpy()
    base["delay_min"] = delay.where(delay >= 0)
    return base


def response_times(
    df: pd.DataFrame,
    sla_minutes: float = 60,
    by: str | Sequence[str] | None = ("brand", "channel"),
    freq: str | None = None,
) -> pd.DataFrame:
    """How fast brands answer: per group of conversation posts (see :func:`first_responses`).

    Columns: groups, ``inbound`` (conversation posts), ``answered``, ``reply_rate =
    answered / inbound``, ``median_min`` and ``p90_min`` (median and 90th percentile of the
    minutes to the first response, answered posts with a valid timestamp; linear
    interpolation), ``within_sla`` (answered within ``sla_minutes``), ``sla_share =
    within_sla / inbound`` (an unanswered post misses the SLA), ``sla_share_of_answered =
    within_sla / answered``, ``bad_timestamps``.

    Counts are additive; medians and percentiles are not (recompute them from the
    concatenated :func:`first_responses` tables).
    """
    fr = first_responses(df)
    fr, pkeys = with_period(fr, freq)
    return summarise_responses(fr, sla_minutes, by=[*pkeys, *as_list(by)])


def summarise_responses(
    responses: pd.DataFrame,
    sla_minutes: float = 60,
    by: str | Sequence[str] | None = "brand",
) -> pd.DataFrame:
    """The summary of :func:`response_times` from a per-post table of first responses.

    ``responses`` has one row per inbound post with ``answered`` (bool) and ``delay_min``
    (minutes to the first response, NaN when unanswered), optionally ``bad_timestamp`` (bool) and
    the ``by`` columns — :func:`first_responses`, or the audit's own selection of posts
    (:func:`scrm_lib.metrics.audit.thread_responses`). Columns: groups, ``inbound``, ``answered``,
    ``reply_rate``, ``median_min``, ``p90_min`` (linear interpolation), ``within_sla``
    (``delay_min ≤ sla_minutes``), ``sla_share = within_sla / inbound``,
    ``sla_share_of_answered``, ``bad_timestamps``, ``sla_minutes``.
    """
    keys = as_list(by)
    fr = responses.assign(within=(responses["delay_min"] <= sla_minutes).to_numpy(),
                          answered=responses["answered"].astype(bool).to_numpy())
    if "bad_timestamp" not in fr.columns:
        fr["bad_timestamp"] = False
    if not keys:
        fr = fr.assign(_all="all")
        keys_used = ["_all"]
    else:
        keys_used = keys
    g = fr.groupby(keys_used, observed=True, sort=True)
    out = pd.DataFrame({
        "inbound": g.size(), "answered": g["answered"].sum(),
        "median_min": g["delay_min"].median(), "p90_min": g["delay_min"].quantile(0.9),
        "within_sla": g["within"].sum(), "bad_timestamps": g["bad_timestamp"].sum(),
    }).reset_index()
    if not keys:
        out = out.drop(columns="_all")
    return response_rates(out, keys, sla_minutes)


#: Columns of a response-time summary after its group columns.
RESPONSE_COLUMNS: tuple[str, ...] = ("inbound", "answered", "reply_rate", "median_min", "p90_min", "within_sla",
                                     "sla_share", "sla_share_of_answered", "bad_timestamps", "sla_minutes")


def response_rates(counts: pd.DataFrame, keys: Sequence[str], sla_minutes: float) -> pd.DataFrame:
    """A response-time summary from its counts and delay quantiles: ``reply_rate = answered /
    inbound``, ``sla_share = within_sla / inbound``, ``sla_share_of_answered`` (NaN with nothing
    answered) and ``sla_minutes``, columns in :data:`RESPONSE_COLUMNS` order after ``keys``. The one
    home of these ratios, for :func:`summarise_responses` and the combinable aggregate.

    >>> c = pd.DataFrame({"inbound": [4], "answered": [2], "median_min": [5.0], "p90_min": [9.0],
    ...                   "within_sla": [1], "bad_timestamps": [0]})
    >>> response_rates(c, [], 60)[["reply_rate", "sla_share", "sla_share_of_answered"]].iloc[0].tolist()
    [0.5, 0.25, 0.5]
    """
    out = counts.copy()
    out["reply_rate"] = out["answered"] / out["inbound"]
    out["sla_share"] = out["within_sla"] / out["inbound"]
    out["sla_share_of_answered"] = out["within_sla"] / out["answered"].where(out["answered"] > 0)
    out["sla_minutes"] = sla_minutes
    return out[[*keys, *RESPONSE_COLUMNS]]


def sla_breakdown(summary: pd.DataFrame, by: str = "brand", order: Sequence[str] | None = None) -> pd.DataFrame:
    """Why posts miss the SLA, per group of a :func:`response_times` / :func:`summarise_responses`
    table: ``unanswered = inbound − answered`` (never answered), ``late = answered − within_sla``
    (answered after ``sla_minutes``) and ``missed_share = 1 − sla_share`` (of all inbound posts).

    Indexed by ``by`` (in ``order`` when given, missing groups as NaN rows), with the summary's
    columns kept. Unanswered posts call for coverage (monitoring, routing, staffing), late ones
    for speed.
    """
    out = summary.set_index(by)
    if order is not None:
        out = out.reindex(list(order))
    return out.assign(unanswered=out["inbound"] - out["answered"], late=out["answered"] - out["within_sla"],
                      missed_share=1 - out["sla_share"])
