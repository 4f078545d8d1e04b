"""The crisis protocol: per-period (or rolling) signals, the decision tree, events and first alerts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scrm_lib.metrics.listening import earned

CRISIS_LEVELS: tuple[str, ...] = ("normal", "watch", "alert", "crisis")


def crisis_signals(df: pd.DataFrame, freq: str = "D", baseline_periods: int = 14, by: str = "brand") -> pd.DataFrame:
    """Per ``by`` group and period: volume, baseline, velocity, negative share, negative reach.

    - ``baseline`` = median volume of the previous ``baseline_periods`` periods (the current one
      excluded, at least one period required);
    - ``velocity`` = volume ÷ max(baseline, 1);
    - ``neg_share`` = negative posts ÷ posts in the period;
    - ``neg_reach`` = sum of followers of the distinct authors of negative posts in the period.

    Only inbound posts count. Periods with no post are present with volume 0.

    Not :func:`scrm_lib.metrics.listening.detect_spikes`, by design: the crisis protocol needs *velocity*
    against a short median baseline (no dispersion term) together with the negative share and the
    negative authors' reach, evaluated every period so that a decision tree can fire within hours;
    listening's detector asks whether a count is anomalous against a robust median/MAD baseline
    (a z-score floored by the Poisson deviation), whatever its tone, to find and explain bursts
    after the fact. The first catches a crisis early; the second has a controlled false-alarm rate.
    """
    posts = earned(df)
    period = posts["created_at"].dt.tz_convert("UTC").dt.floor(freq)
    neg = posts["sentiment"].astype(str).eq("negative")
    followers = posts["author_followers"].astype("Float64").fillna(0) if "author_followers" in posts.columns else pd.Series(0.0, index=posts.index)
    frame = pd.DataFrame({by: posts[by].to_numpy(), "period": period.to_numpy(), "neg": neg.to_numpy(),
                          "author_id": posts["author_id"].to_numpy(), "followers": followers.to_numpy(dtype=float)})
    counts = frame.groupby([by, "period"]).agg(volume=("neg", "size"), negative=("neg", "sum"))
    neg_authors = frame.loc[frame["neg"]].drop_duplicates([by, "period", "author_id"])
    reach = neg_authors.groupby([by, "period"])["followers"].sum().rename("neg_reach")
    counts = counts.join(reach).fillna({"neg_reach": 0.0})
    full_index = pd.date_range(period.min(), period.max(), freq=freq)
    out = []
    for key, g in counts.groupby(level=0):
        g = g.droplevel(0).reindex(full_index, fill_value=0)
        g.index.name = "period"
        g = g.reset_index()
        g.insert(0, by, key)
        base = g["volume"].shift(1).rolling(baseline_periods, min_periods=1).median()
        g["baseline"] = base
        out.append(_velocity_and_share(g))
    return pd.concat(out, ignore_index=True)


def _velocity_and_share(s: pd.DataFrame) -> pd.DataFrame:
    """Adds ``velocity = volume / max(baseline, 1)`` (no baseline yet: the volume itself) and
    ``neg_share = negative / volume`` (0 for an empty period) to a signals frame."""
    s["velocity"] = s["volume"] / np.maximum(s["baseline"].fillna(s["volume"]), 1.0)
    s["neg_share"] = np.where(s["volume"] > 0, s["negative"] / s["volume"].where(s["volume"] > 0, 1), 0.0)
    return s


def rolling_crisis_signals(
    df: pd.DataFrame,
    window: str = "24h",
    step: str = "1h",
    baseline_days: int = 14,
    by: str = "brand",
) -> pd.DataFrame:
    """The signals of :func:`crisis_signals` over a trailing ``window``, evaluated every ``step``.

    For each ``by`` group and each step end ``t``: ``volume`` and ``negative`` = inbound posts in
    ``(t − window, t]``; ``baseline`` = median daily volume of the ``baseline_days`` UTC days
    before the day in which the window starts (scaled to the window length); ``velocity`` =
    volume ÷ max(baseline, 1); ``neg_share``; ``neg_reach`` = followers of the distinct authors
    of negative posts in the window. ``period`` is the window end, so the crisis protocol says
    to the hour when it would have fired.
    """
    posts = earned(df)
    win, stp = pd.Timedelta(window), pd.Timedelta(step)
    rows = []
    for key, g in posts.groupby(by, sort=True):
        t = g["created_at"].dt.tz_convert("UTC").sort_values()
        order = t.index
        times = t.to_numpy()
        neg = g.loc[order, "sentiment"].astype(str).eq("negative").to_numpy()
        followers = (g.loc[order, "author_followers"].astype("Float64").fillna(0).to_numpy(dtype=float)
                     if "author_followers" in g.columns else np.zeros(len(order)))
        authors = pd.factorize(g.loc[order, "author_id"])[0]
        daily = t.dt.floor("D").value_counts().sort_index()
        days = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
        daily = daily.reindex(days, fill_value=0)
        ends = pd.date_range(t.iloc[0].floor(step) + stp, t.iloc[-1].ceil(step), freq=step)
        cum_neg = np.r_[0, np.cumsum(neg)]
        hi = np.searchsorted(times, ends.to_numpy(), side="right")
        lo = np.searchsorted(times, (ends - win).to_numpy(), side="right")
        start_day = (ends - win).floor("D")
        for e, a, b, d0 in zip(ends, lo, hi, start_day, strict=True):
            prior = daily.loc[(daily.index < d0) & (daily.index >= d0 - pd.Timedelta(days=baseline_days))]
            base = float(prior.median()) * (win / pd.Timedelta("1D")) if len(prior) else np.nan
            vol = int(b - a)
            nneg = int(cum_neg[b] - cum_neg[a])
            if nneg:
                idx = np.flatnonzero(neg[a:b]) + a
                _, first = np.unique(authors[idx], return_index=True)
                reach = float(followers[idx[first]].sum())
            else:
                reach = 0.0
            rows.append((key, e, vol, nneg, reach, base))
    return _velocity_and_share(pd.DataFrame(rows, columns=[by, "period", "volume", "negative", "neg_reach", "baseline"]))


def crisis_protocol(
    signals: pd.DataFrame,
    watch_velocity: float = 2.2,
    alert_velocity: float = 3.0,
    watch_neg_share: float = 0.45,
    alert_neg_share: float = 0.55,
    crisis_reach: float = 250_000,
    min_volume: int = 20,
) -> pd.DataFrame:
    """The crisis decision tree, applied to every period of :func:`crisis_signals`.

    ::

        volume < min_volume                                   -> normal
        velocity >= alert_velocity and neg_share >= alert_neg_share:
            neg_reach >= crisis_reach                          -> crisis  (PR + executives)
            otherwise                                          -> alert   (social team lead)
        velocity >= watch_velocity and neg_share >= watch_neg_share -> watch (monitor hourly)
        otherwise                                              -> normal

    Adds ``level`` (one of :data:`CRISIS_LEVELS`) and ``reason`` (the numbers that decided it).
    """
    s = signals.copy()
    vol_ok = s["volume"] >= min_volume
    alert = vol_ok & (s["velocity"] >= alert_velocity) & (s["neg_share"] >= alert_neg_share)
    crisis = alert & (s["neg_reach"] >= crisis_reach)
    watch = vol_ok & ~alert & (s["velocity"] >= watch_velocity) & (s["neg_share"] >= watch_neg_share)
    level = np.select([crisis, alert, watch], ["crisis", "alert", "watch"], default="normal")
    s["level"] = level
    s["reason"] = [
        f"volume {int(v)} = {ve:.1f}x baseline, {ns:.0%} negative, negative reach {nr:,.0f}"
        for v, ve, ns, nr in zip(s["volume"], s["velocity"], s["neg_share"], s["neg_reach"], strict=True)
    ]
    return s


def crisis_events(levels: pd.DataFrame, by: str = "brand", min_level: str = "alert") -> pd.DataFrame:
    """Merge consecutive periods at or above ``min_level`` into events.

    Returns one row per event: ``by``, ``fired_at`` (first period at or above ``min_level``),
    ``end`` (last such period), ``periods``, ``max_level``, ``peak_volume``, ``reason`` (of the
    first period).
    """
    rank = {lvl: i for i, lvl in enumerate(CRISIS_LEVELS)}
    threshold = rank[min_level]
    rows = []
    for key, g in levels.sort_values([by, "period"]).groupby(by, sort=True):
        hot = g["level"].map(rank).to_numpy() >= threshold
        if not hot.any():
            continue
        run_id = np.cumsum(np.r_[True, hot[1:] != hot[:-1]])
        for rid in np.unique(run_id[hot]):
            seg = g.loc[(run_id == rid) & hot]
            rows.append(
                {
                    by: key, "fired_at": seg["period"].iloc[0], "end": seg["period"].iloc[-1], "periods": len(seg),
                    "max_level": CRISIS_LEVELS[int(seg["level"].map(rank).max())],
                    "peak_volume": int(seg["volume"].max()), "reason": seg["reason"].iloc[0],
                }
            )
    return pd.DataFrame(rows, columns=[by, "fired_at", "end", "periods", "max_level", "peak_volume", "reason"])


def first_at_level(levels: pd.DataFrame, by: str = "brand") -> pd.DataFrame:
    """When each ``by`` group first reached ``watch``, ``alert`` and ``crisis`` (NaT if never).

    Rows: groups; columns: the three levels; cells: the first period at that level or above.
    """
    rank = {lvl: i for i, lvl in enumerate(CRISIS_LEVELS)}
    r = levels.assign(_r=levels["level"].map(rank))
    out = {}
    for lvl in CRISIS_LEVELS[1:]:
        hit = r.loc[r["_r"] >= rank[lvl]]
        out[lvl] = hit.groupby(by)["period"].min()
    table = pd.DataFrame(out).reindex(sorted(levels[by].unique()))
    table.index.name = by
    return table


def quiet_groups(first: pd.DataFrame) -> list[str]:
    """The groups of :func:`first_at_level` that never left ``normal`` (no level ever reached)."""
    return [str(b) for b in first.index if first.loc[b].isna().all()]
