"""Likert items: scales, answer labels, per-group percentages and the group comparison."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from scrm_lib.analysis.perception.gaps import difference_interval

#: Three-point Likert scale, from negative to positive.
LIKERT_3: tuple[str, ...] = ("disagree", "neutral", "agree")
#: Five-point Likert scale, from negative to positive.
LIKERT_5: tuple[str, ...] = (
    "strongly disagree",
    "disagree",
    "neutral",
    "agree",
    "strongly agree",
)


def likert_levels(responses: Iterable[str]) -> tuple[str, ...]:
    """The Likert scale (:data:`LIKERT_3` or :data:`LIKERT_5`) that covers ``responses`` (labels).

    Raises:
        ValueError: when the labels fit neither scale.
    """
    seen = {str(r).strip().lower() for r in responses}
    for scale in (LIKERT_3, LIKERT_5):
        if seen <= set(scale):
            return scale
    raise ValueError(
        f"Likert responses {sorted(seen)} fit neither {list(LIKERT_3)} nor {list(LIKERT_5)}"
    )


def likert_labels(
    responses: pd.Series, levels: Sequence[str] | None = None
) -> tuple[pd.Series, tuple[str, ...]]:
    """Map Likert answers to level labels; return ``(labels, levels)``.

    Answers are either numeric codes ``1..L`` (the survey schema stores responses as
    numbers: 1 = the first, most negative level of ``levels``) or the labels
    themselves. Without ``levels``, codes up to 3 use :data:`LIKERT_3` and up to 5
    :data:`LIKERT_5`; labels are matched with :func:`likert_levels`.

    Raises:
        ValueError: codes that are not whole numbers in ``1..L``, or unknown labels.
    """
    codes = pd.to_numeric(responses, errors="coerce")
    if codes.notna().all():
        if levels is None:
            top = codes.max()
            levels = LIKERT_3 if top <= 3 else LIKERT_5
        levels = tuple(levels)
        ok = codes.between(1, len(levels)) & (codes == codes.round())
        if not ok.all():
            raise ValueError(
                f"Likert codes must be whole numbers 1..{len(levels)} for levels {list(levels)}; "
                f"found {sorted(set(codes[~ok].tolist()))[:5]}"
            )
        return codes.astype(int).map(lambda c: levels[c - 1]), levels
    text = responses.astype(str).str.strip().str.lower()
    levels = tuple(levels) if levels else likert_levels(text)
    unknown = set(text) - set(levels)
    if unknown:
        raise ValueError(f"Likert answers {sorted(unknown)} are not in the levels {list(levels)}")
    return text, levels


def likert_summary(
    df: pd.DataFrame,
    item: str,
    groups: Sequence[str],
    levels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Percentages of each Likert level per group for one item.

    Returns a frame indexed by group (in ``groups`` order) with one column per level
    (negative to positive) holding percentages (rows sum to 100), plus ``n``.
    See :func:`likert_labels` for the accepted answers.
    """
    sub = df[(df["item"].astype(str) == item) & df["group"].astype(str).isin(list(groups))]
    if sub.empty:
        raise ValueError(f"Likert item {item!r} not found for groups {list(groups)}")
    labels, levels = likert_labels(sub["response"], levels)
    counts = pd.crosstab(sub["group"].astype(str), labels).reindex(index=list(groups), columns=list(levels), fill_value=0)
    n = counts.sum(axis=1)
    pct = counts.div(n.replace(0, np.nan), axis=0) * 100
    pct["n"] = n
    pct.columns.name = None
    pct.index.name = "group"
    return pct


def likert_test(
    df: pd.DataFrame,
    item: str,
    groups: Sequence[str],
    levels: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> dict[str, float]:
    """Compare a Likert item between groups.

    Returns the "agree" share of each group (levels ending in ``agree`` but not
    ``disagree``: ``agree`` and ``strongly agree``), its difference ``b - a`` with
    Newcombe's interval, and the Mann-Whitney U test of the ordinal responses
    (:func:`scipy.stats.mannwhitneyu`, two-sided, tie-corrected normal
    approximation) as ``p_mannwhitney``.
    """
    sub = df[(df["item"].astype(str) == item) & df["group"].astype(str).isin(list(groups))]
    if sub.empty:
        raise ValueError(f"Likert item {item!r} not found for groups {list(groups)}")
    labels, levels = likert_labels(sub["response"], levels)
    rank = labels.map({lv: i for i, lv in enumerate(levels)})
    agree = [lv for lv in levels if lv.endswith("agree") and "disagree" not in lv]
    grp = sub["group"].astype(str)
    xs = [rank[grp == g].to_numpy(dtype=float) for g in groups]
    ks = [int(labels[grp == g].isin(agree).sum()) for g in groups]
    ns = [len(x) for x in xs]
    if min(ns) == 0:
        raise ValueError(f"Likert item {item!r} has no answers in one of {list(groups)}")
    lo, hi = difference_interval(ks[0], ns[0], ks[1], ns[1], alpha)
    u = stats.mannwhitneyu(xs[1], xs[0], alternative="two-sided")
    return {
        "agree_a": ks[0] / ns[0], "agree_b": ks[1] / ns[1], "gap": ks[1] / ns[1] - ks[0] / ns[0],
        "gap_lo": lo, "gap_hi": hi, "p_mannwhitney": float(u.pvalue), "n_a": ns[0], "n_b": ns[1],
    }
