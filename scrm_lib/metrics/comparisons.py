"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): period comparisons — before/after and
period over period: volume, share of voice and net sentiment with intervals and tests.

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from statsmodels.stats.rates import confint_poisson_2indep, test_poisson_2indep

from scrm_lib.analysis.perception.gaps import difference_interval, two_proportion_test
from scrm_lib.core.errors import ParamsError
from scrm_lib.metrics.collection import coverage
from scrm_lib.metrics.periods import RANGE_FREQ
from scrm_lib.metrics.sentiment import net_sentiment, sentiment_counts


def _days_between(a: pd.Timestamp, b: pd.Timestamp) -> float:
    return max((b - a).total_seconds() / 86400.0, 1e-9)


def compare_periods(
    df: pd.DataFrame,
    before: tuple[Any, Any],
    after: tuple[Any, Any],
    by: str = "brand",
    formula: str = "talkwalker",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """What changed between two periods, per ``by`` group: volume, share of voice, net sentiment.

    ``before`` and ``after`` are ``(start, end)`` times (UTC; start inclusive, end exclusive).
    Per group and measure (``volume``, ``share_of_voice``, ``net_sentiment``) one row:

    - ``volume``: posts per day before and after; ``change`` = rate ratio after ÷ before, its
      interval and the p-value of equal rates (score test of two Poisson rates,
      :func:`statsmodels.stats.rates.test_poisson_2indep`, exposure = days);
    - ``share_of_voice``: the group's share of all posts; ``change`` = after − before, Newcombe's
      interval (:func:`scrm_lib.analysis.perception.gaps.difference_interval`), pooled two-proportion test
      (:func:`scrm_lib.analysis.perception.gaps.two_proportion_test`);
    - ``net_sentiment``: ``formula`` (``talkwalker`` or ``brand_health``, which rest on the
      positive share of polar posts ``q = pos / (pos + neg)``); ``change`` = after − before, the
      Newcombe interval of ``q`` scaled by 2 for ``talkwalker``, and the test of ``q``.

    Columns: ``by``, ``measure``, ``before``, ``after``, ``change``, ``lo``, ``hi``, ``p_value``,
    ``n_before``, ``n_after`` (the counts behind), ``significant`` (p < 1 − ``confidence``) and
    ``says`` (one sentence). Counts merge over partitions; the tests are run on the merged counts.
    """
    if formula not in ("talkwalker", "brand_health"):
        raise ParamsError("net_sentiment_formula", [f"compare_periods: formula {formula!r} has no two-sample test here; "
                                                    "use 'talkwalker' or 'brand_health'"])
    alpha = 1 - confidence
    (b0, b1), (a0, a1) = [(pd.Timestamp(x, tz="UTC") if pd.Timestamp(x).tzinfo is None else pd.Timestamp(x),
                           pd.Timestamp(y, tz="UTC") if pd.Timestamp(y).tzinfo is None else pd.Timestamp(y))
                          for x, y in (before, after)]
    ts = df["created_at"]
    parts = {"before": df.loc[((ts >= b0) & (ts < b1)).to_numpy()], "after": df.loc[((ts >= a0) & (ts < a1)).to_numpy()]}
    days = {"before": _days_between(b0, b1), "after": _days_between(a0, a1)}
    counts = {k: sentiment_counts(v, by=by).set_index(by) for k, v in parts.items()}
    totals = {k: int(v["posts"].sum()) for k, v in counts.items()}
    groups = sorted(set(counts["before"].index) | set(counts["after"].index), key=str)
    rows = []
    for g in groups:
        cb = counts["before"].reindex([g]).fillna(0).iloc[0]
        ca = counts["after"].reindex([g]).fillna(0).iloc[0]
        nb_, na_ = int(cb["posts"]), int(ca["posts"])
        rb, ra = nb_ / days["before"], na_ / days["after"]
        if nb_ + na_ > 0:
            p = float(test_poisson_2indep(na_, days["after"], nb_, days["before"], method="score", compare="ratio").pvalue)
            lo, hi = confint_poisson_2indep(na_, days["after"], nb_, days["before"], method="score", compare="ratio", alpha=alpha)
        else:
            p, lo, hi = float("nan"), float("nan"), float("nan")
        rows.append({by: g, "measure": "volume", "before": rb, "after": ra, "change": ra / rb if rb > 0 else float("nan"),
                     "lo": float(lo), "hi": float(hi), "p_value": p, "n_before": nb_, "n_after": na_})
        if totals["before"] > 0 and totals["after"] > 0:
            sb, sa = nb_ / totals["before"], na_ / totals["after"]
            lo, hi = difference_interval(nb_, totals["before"], na_, totals["after"], alpha=alpha)
            p, _ = two_proportion_test(nb_, totals["before"], na_, totals["after"])
            rows.append({by: g, "measure": "share_of_voice", "before": sb, "after": sa, "change": sa - sb, "lo": lo, "hi": hi,
                         "p_value": p, "n_before": totals["before"], "n_after": totals["after"]})
        pb, mb = int(cb["positive"]), int(cb["positive"] + cb["negative"])
        pa, ma = int(ca["positive"]), int(ca["positive"] + ca["negative"])
        if mb > 0 and ma > 0:
            k = 2.0 if formula == "talkwalker" else 1.0
            nb_v = float(net_sentiment(pb, mb - pb, 0, formula)[0])
            na_v = float(net_sentiment(pa, ma - pa, 0, formula)[0])
            lo, hi = difference_interval(pb, mb, pa, ma, alpha=alpha)
            p, _ = two_proportion_test(pb, mb, pa, ma)
            rows.append({by: g, "measure": "net_sentiment", "before": nb_v, "after": na_v, "change": na_v - nb_v,
                         "lo": k * lo, "hi": k * hi, "p_value": p, "n_before": mb, "n_after": ma})
    cols = [by, "measure", "before", "after", "change", "lo", "hi", "p_value", "n_before", "n_after", "significant", "says"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["significant"] = out["p_value"] < alpha
    out["says"] = [_comparison_sentence(r, by, confidence) for r in out.itertuples(index=False)]
    return out[cols]


def _comparison_sentence(r: Any, by: str, confidence: float) -> str:
    g = getattr(r, by)
    sig = bool(r.significant)
    tail = (f" (p = {r.p_value:.3f}: a real change at {confidence:.0%})" if sig
            else f" (p = {r.p_value:.2f}: within chance)") if not math.isnan(r.p_value) else ""
    if r.measure == "volume":
        if math.isnan(r.change):
            return f"{g}: no posts before, {r.after:,.1f} a day after."
        return f"{g}: {r.before:,.1f} → {r.after:,.1f} posts a day, ×{r.change:.2f} (interval ×{r.lo:.2f}–×{r.hi:.2f}){tail}."
    if r.measure == "share_of_voice":
        return (f"{g}: share of voice {r.before:.1%} → {r.after:.1%}, {100 * r.change:+.1f} points "
                f"(interval {100 * r.lo:+.1f} to {100 * r.hi:+.1f}){tail}.")
    return f"{g}: net sentiment {r.before:+.2f} → {r.after:+.2f}, {r.change:+.2f} (interval {r.lo:+.2f} to {r.hi:+.2f}){tail}."


def split_at(df: pd.DataFrame, date: Any | None = None) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """``(before, after)`` windows for :func:`compare_periods`: from the first post to ``date``
    (UTC midnight; default the day nearest the middle of the data) and from ``date`` to just
    after the last post."""
    t0, t1 = df["created_at"].min(), df["created_at"].max() + pd.Timedelta(seconds=1)
    cut = (t0 + (t1 - t0) / 2).floor("D") if date is None else pd.Timestamp(date, tz="UTC")
    if not t0 < cut < t1:
        raise ParamsError("compare_date", [f"compare_date: {cut:%Y-%m-%d} is outside the data ({t0:%Y-%m-%d} to {t1:%Y-%m-%d})"])
    return (t0, cut), (cut, t1)


def last_two_periods(df: pd.DataFrame, freq: str = "W", partial_below: float = 0.9) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """``(previous, latest)`` windows of the two latest ``freq`` periods that the data cover to at
    least ``partial_below`` of their length (see :func:`coverage`), for period-over-period
    :func:`compare_periods`."""
    cov = coverage(df.assign(_all="all"), freq=freq, by="_all", partial_below=partial_below)
    done = cov.loc[cov["usable"], "period"].sort_values()
    if len(done) < 2:
        raise ParamsError("period", [f"period: fewer than two fully covered '{freq}' periods in the data; choose a shorter period"])
    off = pd.tseries.frequencies.to_offset(RANGE_FREQ[freq])
    p1, p2 = done.iloc[-2], done.iloc[-1]
    return (p1, p1 + off), (p2, p2 + off)
