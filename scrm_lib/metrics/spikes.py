"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): spikes — a robust anomaly test over count
series, runs of flagged periods, what drove each (terms, authors, sentiment shift), and known events.

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.errors import DataValidationError, Problem, display_path
from scrm_lib.core.labels import SENTIMENT_LABELS
from scrm_lib.metrics.collection import coverage
from scrm_lib.metrics.counts import followers_per_author, volume
from scrm_lib.metrics.periods import RANGE_FREQ, period_end
from scrm_lib.metrics.sentiment import net_sentiment, sentiment_counts
from scrm_lib.metrics.terms import TermMatrix, term_matrix, themes


def spike_scan(
    counts: pd.Series,
    window: int = 28,
    sensitivity: float = 3.5,
    min_periods: int = 14,
    min_excess: float = 5.0,
    usable: np.ndarray | pd.Series | None = None,
    dispersion: float = 1.0,
    exclude_flagged: bool = True,
    candidate: np.ndarray | pd.Series | None = None,
    fraction: np.ndarray | pd.Series | None = None,
    min_baseline: float = 0.0,
) -> pd.DataFrame:
    """Per period: count, robust baseline, scale, score and whether it is anomalous.

    For period *t* the baseline uses the last ``window`` **usable** periods before it that were
    not themselves flagged (at least ``min_periods`` of them):

    - ``baseline_t = median`` of those periods' counts;
    - ``scale_t = max(1.4826 · MAD, sqrt(dispersion · max(baseline_t, 1)))`` — the MAD scaled to
      a normal standard deviation, floored by the (over-dispersed) Poisson standard deviation so
      a calm window does not make every small bump an anomaly; ``dispersion`` is the variance ÷
      mean of the counts (1 = Poisson; daily social counts run 2–5);
    - ``z_t = (x_t − baseline_t) / scale_t``;
    - ``flag_t = candidate_t and z_t ≥ sensitivity and x_t − baseline_t ≥ min_excess and
      baseline_t ≥ min_baseline`` — a burst over a baseline of one or two posts a period cannot
      be told from how thin data were sampled.

    ``usable`` (bool per period, default all) marks the periods the data cover fully — see
    :func:`coverage`: periods before a brand's collection starts, after it ends, or covered only
    in part form no baseline. ``candidate`` (default ``usable``) marks the periods that may be
    flagged; a candidate covered only in part (``fraction`` < 1, the share of the period the data
    cover) is tested on its count scaled up to a full period, ``x_t / fraction_t`` — so the
    latest, still running day can raise an alert while a brand's first few hours cannot.
    With ``exclude_flagged`` (default) a flagged period does not enter later baselines, so a
    two-day surge is measured against the days before it, not against its own first day.

    Returns columns ``count baseline scale z threshold usable flagged`` (``threshold =
    baseline + sensitivity · scale``) indexed like ``counts``.
    """
    x = counts.to_numpy(dtype=float)
    n = len(x)
    ok_period = np.ones(n, dtype=bool) if usable is None else np.asarray(usable, dtype=bool)
    cand = ok_period if candidate is None else np.asarray(candidate, dtype=bool)
    frac = np.ones(n) if fraction is None else np.clip(np.asarray(fraction, dtype=float), 1e-9, 1.0)
    if len(ok_period) != n or len(cand) != n or len(frac) != n:
        raise ValueError(f"usable, candidate and fraction need one value per period ({n})")
    xt = x / frac
    base = np.full(n, np.nan)
    mad = np.full(n, np.nan)
    flagged = np.zeros(n, dtype=bool)
    pool = np.empty(n, dtype=float)  # counts of usable, unflagged periods so far (in order)
    k = 0
    floor = max(float(dispersion), 1e-9)
    for t in range(n):
        if k >= min_periods:
            w = pool[max(0, k - window):k]
            b = float(np.median(w))
            base[t] = b
            mad[t] = float(np.median(np.abs(w - b)))
            sc = max(1.4826 * mad[t], math.sqrt(floor * max(b, 1.0)))
            if cand[t] and b >= min_baseline and (xt[t] - b) / sc >= sensitivity and xt[t] - b >= min_excess:
                flagged[t] = True
        if ok_period[t] and not (exclude_flagged and flagged[t]):
            pool[k] = x[t]
            k += 1
    scale = np.maximum(1.4826 * mad, np.sqrt(floor * np.maximum(base, 1.0)))
    z = (xt - base) / scale
    return pd.DataFrame({"count": x, "baseline": base, "scale": scale, "z": z,
                         "threshold": base + sensitivity * scale, "usable": ok_period, "flagged": flagged},
                        index=counts.index)


def detect_spikes(
    counts: pd.Series,
    window: int = 28,
    sensitivity: float = 3.5,
    min_periods: int = 14,
    min_excess: float = 5.0,
    posts: pd.DataFrame | None = None,
    freq: str = "D",
    n_terms: int = 8,
    n_authors: int = 5,
    formula: str = "talkwalker",
    usable: np.ndarray | pd.Series | None = None,
    dispersion: float = 1.0,
    candidate: np.ndarray | pd.Series | None = None,
    fraction: np.ndarray | pd.Series | None = None,
    min_baseline: float = 0.0,
) -> pd.DataFrame:
    """Anomalous runs of a count series (see :func:`spike_scan` for the test, ``usable``,
    ``candidate``, ``fraction``, ``min_baseline`` and ``dispersion``), one row per spike.

    Consecutive flagged periods form one spike. Columns: ``spike`` (1, 2, …), ``start``,
    ``end`` (first and last flagged period), ``periods``, ``peak`` (period of the highest
    count), ``peak_count``, ``baseline`` (at the peak), ``magnitude = peak_count / baseline``,
    ``excess = Σ (count − baseline)`` over the spike, ``z_peak``.

    With ``posts`` (the posts the series counts, ``freq`` its period) each spike is joined back
    to them (:func:`explain_spike`): ``posts``, ``top_terms`` (distinctive against the
    ``window`` periods before the spike), ``top_authors``, ``net_before``, ``net_during``,
    ``net_shift``, ``negative_before``, ``negative_during`` (negative share of labelled posts).

    ARM triage's crisis protocol (:func:`scrm_lib.metrics.triage.crisis_signals`,
    :func:`~scrm_lib.metrics.triage.rolling_crisis_signals`) measures velocity against a plain median,
    with the negative share and reach, to fire early; this detector is a robust anomaly test for
    finding and explaining bursts of any tone (see the triage docstring).
    """
    scan = spike_scan(counts, window, sensitivity, min_periods, min_excess, usable=usable, dispersion=dispersion,
                      candidate=candidate, fraction=fraction, min_baseline=min_baseline)
    cols = ["spike", "start", "end", "periods", "peak", "peak_count", "baseline", "magnitude", "excess", "z_peak"]
    flags = scan["flagged"].to_numpy()
    rows = []
    i, n = 0, len(flags)
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and flags[j + 1]:
            j += 1
        seg = scan.iloc[i : j + 1]
        k = int(np.argmax(seg["count"].to_numpy()))
        rows.append({
            "spike": len(rows) + 1, "start": seg.index[0], "end": seg.index[-1], "periods": j - i + 1,
            "peak": seg.index[k], "peak_count": int(seg["count"].iloc[k]), "baseline": float(seg["baseline"].iloc[k]),
            "magnitude": float(seg["count"].iloc[k] / max(seg["baseline"].iloc[k], 1.0)),
            "excess": float((seg["count"] - seg["baseline"]).sum()), "z_peak": float(seg["z"].iloc[k]),
        })
        i = j + 1
    spikes = pd.DataFrame(rows, columns=cols)
    if posts is not None and len(spikes):
        explained = [explain_spike(posts, r.start, r.end, freq=freq, before=window, n_terms=n_terms,
                                   n_authors=n_authors, formula=formula) for r in spikes.itertuples()]
        spikes = pd.concat([spikes, pd.DataFrame(explained, index=spikes.index)], axis=1)
    return spikes


def _spike_bounds(start: pd.Timestamp, end: pd.Timestamp, freq: str, before: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(start of the baseline window, end of the spike's last period)``."""
    off = pd.tseries.frequencies.to_offset(RANGE_FREQ[freq])
    t0 = start - before * off if freq != "h" else start - pd.Timedelta(hours=before)
    return t0, period_end(end, freq)


def explain_spike(
    posts: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    freq: str = "D",
    before: int = 28,
    n_terms: int = 8,
    n_authors: int = 5,
    formula: str = "talkwalker",
    matrix: TermMatrix | None = None,
) -> dict[str, Any]:
    """What drove a spike from period ``start`` to period ``end`` (inclusive).

    - ``top_terms``: the most distinctive terms of the spike's posts against the posts of the
      ``before`` periods preceding it (:func:`themes`, weighted log-odds);
    - ``top_authors``: authors with most posts in the spike, then most followers
      (``author (posts, followers)``);
    - sentiment shift: net sentiment (``formula``) and negative share of labelled posts
      before vs during, ``net_shift = net_during − net_before``.

    ``n_terms=0`` skips the terms (the costly part: tokenising the posts).
    """
    t0, t1 = _spike_bounds(start, end, freq, before)
    ts = posts["created_at"]
    during = ((ts >= start) & (ts < t1)).to_numpy()
    prior = ((ts >= t0) & (ts < start)).to_numpy()
    out: dict[str, Any] = {"posts": int(during.sum())}
    if n_terms > 0:
        terms = themes(posts, group=during, reference=prior, n=n_terms, min_count=3, matrix=matrix)
        out["top_terms"] = ", ".join(terms["term"]) if len(terms) else ""
    else:
        out["top_terms"] = ""
    sub = posts.loc[during]
    if len(sub):
        af = followers_per_author(sub, [])
        n_posts = sub.groupby("author_id", sort=False).size().rename("n")
        af = af.set_index("author_id").join(n_posts)
        af = af.assign(fz=af["f"].fillna(-1)).sort_values(["n", "fz"], ascending=[False, False], kind="mergesort")
        out["top_authors"] = "; ".join(
            f"{a} ({int(r.n)} post{'' if int(r.n) == 1 else 's'}, {'?' if math.isnan(r.f) else f'{int(r.f):,}'} followers)"
            for a, r in af.head(n_authors).iterrows())
    else:
        out["top_authors"] = ""
    for name, mask in (("before", prior), ("during", during)):
        c = sentiment_counts(posts.loc[mask], by=None)
        net, _, _ = net_sentiment(c["positive"], c["negative"], c["neutral"], formula)
        lab = c[list(SENTIMENT_LABELS)].sum(axis=1)
        out[f"net_{name}"] = float(net[0]) if len(net) else float("nan")
        out[f"negative_{name}"] = float(c["negative"].iloc[0] / lab.iloc[0]) if len(c) and lab.iloc[0] > 0 else float("nan")
    out["net_shift"] = out["net_during"] - out["net_before"]
    return out


def detect_spikes_by(
    posts: pd.DataFrame,
    by: str = "brand",
    freq: str = "D",
    window: int = 28,
    sensitivity: float = 3.5,
    min_periods: int = 14,
    min_excess: float = 5.0,
    explain: bool = True,
    n_terms: int = 8,
    formula: str = "talkwalker",
    coverage_aware: bool = True,
    dispersion: float = 1.0,
    start_share: float = 0.1,
    partial_below: float = 0.9,
    drop: Iterable[str] | None = None,
    min_fraction: float = 0.5,
    min_baseline: float = 3.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`detect_spikes` on the ``freq`` volume of every ``by`` group.

    With ``coverage_aware`` (default) each group's periods are first checked by :func:`coverage`
    (``start_share``, ``partial_below``): periods before the group's collection starts, after it
    ends, or covered only in part are no baselines, and only a partly covered period with at
    least ``min_fraction`` of its length covered is a candidate (its count scaled to a full
    period), so a brand's first hours in the data are not a spike while today's surge is. A period
    holding most of a sampled data set (``sample_cut``) is never a candidate. ``min_baseline``:
    see :func:`spike_scan`. ``dispersion``: see :func:`spike_scan`.

    Returns ``(spikes, scan)``: the spikes with a ``by`` column (explained when ``explain``,
    see :func:`explain_spike`), numbered in time order, and the long per-period scan
    (``period``, ``by``, ``count baseline scale z threshold usable flagged status suppressed``):
    ``status`` is the coverage status of :func:`coverage` and ``suppressed`` marks periods the
    same test would flag if coverage were ignored (a plain rolling median over every period, no
    ``min_baseline``) and this one does not — the artefacts the coverage checks removed. Only the posts of the spikes and of their
    baseline windows are tokenised for the terms (``drop``: terms that are not themes, default
    :func:`brand_terms`; see :func:`theme_drop_terms`); ``n_terms=0`` skips them.
    """
    vol = volume(posts, freq=freq, by=by)
    cov = (coverage(posts, freq=freq, by=by, start_share=start_share, partial_below=partial_below)
           if coverage_aware and len(posts) else None)
    found, scans = [], []
    for key, g in vol.groupby(by, sort=True, observed=True):
        series = g.set_index("period")["mentions"]
        if cov is not None:
            cg = cov.loc[cov[by] == key].set_index("period").reindex(series.index)
            usable = cg["usable"].fillna(False).to_numpy(dtype=bool)
            status = cg["status"].fillna("ok").to_numpy(dtype=object)
            fraction = cg["fraction"].fillna(1.0).to_numpy(dtype=float)
            candidate = (usable | (cg["covered"].fillna(False).to_numpy(dtype=bool) & (fraction >= min_fraction))) & (
                ~cg["sample_cut"].fillna(False).to_numpy(dtype=bool))
        else:
            usable, status = np.ones(len(series), dtype=bool), np.full(len(series), "ok", dtype=object)
            fraction, candidate = np.ones(len(series)), usable
        kw = {"usable": usable, "dispersion": dispersion, "candidate": candidate, "fraction": fraction, "min_baseline": min_baseline}
        sc = spike_scan(series, window, sensitivity, min_periods, min_excess, **kw)
        naive = (spike_scan(series, window, sensitivity, min_periods, min_excess, dispersion=dispersion,
                            exclude_flagged=False)["flagged"].to_numpy() if cov is not None else np.zeros(len(series), bool))
        sc = sc.assign(status=status, suppressed=naive & ~sc["flagged"].to_numpy())
        scans.append(sc.reset_index().assign(**{by: key}))
        found.append((key, detect_spikes(series, window, sensitivity, min_periods, min_excess, **kw)))
    spikes = []
    if explain and any(len(s) for _, s in found):
        # Only the posts of the spikes and their baseline windows are tokenised.
        ts = posts["created_at"]
        group_of = {key: (posts[by] == key).to_numpy() for key, s in found if len(s)}
        need = np.zeros(len(posts), dtype=bool)
        for key, s in found:
            for r in s.itertuples():
                t0, t1 = _spike_bounds(r.start, r.end, freq, window)
                need |= group_of[key] & ((ts >= t0) & (ts < t1)).to_numpy()
        sub = posts.loc[need]
        matrix = term_matrix(sub, drop=drop) if n_terms > 0 and len(sub) else None
        for key, s in found:
            if len(s):
                g_mask = (sub[by] == key).to_numpy()
                g_matrix = matrix.subset(g_mask) if matrix is not None else None
                extra = [explain_spike(sub.loc[g_mask], r.start, r.end, freq=freq, before=window, n_terms=n_terms,
                                       formula=formula, matrix=g_matrix) for r in s.itertuples()]
                s = pd.concat([s, pd.DataFrame(extra, index=s.index)], axis=1)
            spikes.append(s.assign(**{by: key}))
    else:
        spikes = [s.assign(**{by: key}) for key, s in found]
    cols_scan = ["period", by, "count", "baseline", "scale", "z", "threshold", "usable", "flagged", "status", "suppressed"]
    scan_all = pd.concat(scans, ignore_index=True)[cols_scan] if scans else pd.DataFrame(columns=cols_scan)
    sp = pd.concat([s for s in spikes if len(s)], ignore_index=True) if any(len(s) for s in spikes) else pd.DataFrame(
        columns=[by, "spike", "start", "end", "periods", "peak", "peak_count", "baseline", "magnitude", "excess", "z_peak"])
    if len(sp):
        sp = sp[[by, *[c for c in sp.columns if c != by]]].sort_values(["start", by], kind="mergesort").reset_index(drop=True)
        sp["spike"] = np.arange(1, len(sp) + 1)
    return sp, scan_all


def match_events(spikes: pd.DataFrame, events: pd.DataFrame, freq: str = "D", by: str = "brand") -> pd.DataFrame:
    """Which known events (``event``, ``by``, ``start``, ``end`` — end exclusive) overlap a detected
    spike of the same ``by`` value. A spike covers ``[start, end of its last period)``.

    Columns: the event's columns, ``detected`` (bool) and ``spikes`` (ids, comma-separated).
    """
    rows = []
    for e in events.itertuples(index=False):
        ids = []
        for s in spikes.itertuples(index=False):
            if getattr(s, by) != getattr(e, by):
                continue
            if s.start < e.end and period_end(s.end, freq) > e.start:
                ids.append(str(s.spike))
        rows.append({**e._asdict(), "detected": bool(ids), "spikes": ", ".join(ids)})
    return pd.DataFrame(rows, columns=[*events.columns, "detected", "spikes"])


#: Net-sentiment shift of a spike (during − before) that names its kind (:func:`spike_kind`).
SPIKE_KIND_SHIFT = 0.2


def spike_kind(net_shift: float, threshold: float = SPIKE_KIND_SHIFT) -> str:
    """What a spike's sentiment shift (:func:`explain_spike`'s ``net_shift``) says it is:
    ``"crisis"`` when net sentiment fell by at least ``threshold`` (a negative burst with one
    vocabulary is a crisis signature), ``"campaign"`` when it rose by at least ``threshold`` (a
    positive burst, as a campaign makes), else ``"steady"`` (also for an unknown shift, NaN).

    Notebook 01's share-of-voice reading and :func:`scrm_lib.metrics.summary.brand_summary` use it.
    """
    if net_shift is None or pd.isna(net_shift):
        return "steady"
    if net_shift <= -threshold:
        return "crisis"
    if net_shift >= threshold:
        return "campaign"
    return "steady"


def load_events(path: str | Path) -> pd.DataFrame:
    """Known events of a JSON file (``{"events": [{"kind", "brand", "start", "end"}, …]}``, the
    sample generator's ``mentions_events.json``) as windows for :func:`match_events`: columns
    ``event`` (the kind), ``brand``, ``start``, ``end`` (timestamps as written). Errors name the
    file and the event."""
    p = Path(path)

    def bad(msg: str) -> DataValidationError:
        return DataValidationError(path=display_path(p), kind="events", problems=[Problem(
            message=msg, expected='{"events": [{"kind": …, "brand": …, "start": "YYYY-mm-dd…", "end": …}]}')])

    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise bad(f"cannot read the events file: {e}") from None
    rows = []
    for i, e in enumerate(data.get("events", []) if isinstance(data, dict) else []):
        try:
            rows.append({"event": e["kind"], "brand": e["brand"], "start": pd.Timestamp(e["start"]), "end": pd.Timestamp(e["end"])})
        except (KeyError, TypeError, ValueError) as err:
            raise bad(f"event {i + 1}: {type(err).__name__}: {err}") from None
    return pd.DataFrame(rows, columns=["event", "brand", "start", "end"])
