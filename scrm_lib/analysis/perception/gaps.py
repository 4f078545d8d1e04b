"""Gap statistics between two groups: proportions, intervals, tests, effect sizes, segments.

Statsmodels and scipy do the arithmetic (see :mod:`scrm_lib.analysis.perception` for the
formulas): Wilson / Agresti-Coull intervals of a proportion, Newcombe's hybrid score interval
of a difference, the pooled z test or Fisher's exact test, Cohen's h, Holm / Benjamini-Hochberg
adjustment, and the heterogeneity of a gap across segments.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportion_effectsize,
)

from scrm_lib.analysis.perception.survey import binary_response, item_counts
from scrm_lib.core.errors import DataValidationError, Problem

IntervalMethod = Literal["wilson", "agresti_coull"]
Correction = Literal["holm", "fdr_bh", "none"]
TestMethod = Literal["auto", "z", "fisher"]


#: Expected cell count below which ``test="auto"`` uses Fisher's exact test.
FISHER_MIN_EXPECTED = 5.0


def proportion_interval(
    k: int | np.ndarray, n: int | np.ndarray, alpha: float = 0.05, method: IntervalMethod = "wilson"
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval of a proportion ``k / n``.

    Wilson score interval (default): the set of ``p`` with
    ``|p_hat - p| <= z sqrt(p (1 - p) / n)``, i.e.
    ``(p_hat + z^2/2n +- z sqrt(p_hat (1 - p_hat)/n + z^2/4n^2)) / (1 + z^2/n)``.
    Agresti-Coull: the Wald interval around ``(k + z^2/2) / (n + z^2)``.
    Computed by :func:`statsmodels.stats.proportion.proportion_confint`.
    """
    sm_method = {"wilson": "wilson", "agresti_coull": "agresti_coull"}[method]
    lo, hi = proportion_confint(np.asarray(k), np.asarray(n), alpha=alpha, method=sm_method)
    return np.clip(lo, 0.0, 1.0), np.clip(hi, 0.0, 1.0)


def difference_interval(
    k_a: int, n_a: int, k_b: int, n_b: int, alpha: float = 0.05
) -> tuple[float, float]:
    """Newcombe's (1998, method 10) hybrid score interval for ``p_b - p_a``.

    With Wilson limits ``(l_a, u_a)`` and ``(l_b, u_b)`` and ``d = p_b - p_a``:
    ``lower = d - sqrt((p_b - l_b)^2 + (u_a - p_a)^2)``,
    ``upper = d + sqrt((u_b - p_b)^2 + (p_a - l_a)^2)``.
    Via :func:`statsmodels.stats.proportion.confint_proportions_2indep`
    (``method="newcomb"``).
    """
    lo, hi = confint_proportions_2indep(
        k_b, n_b, k_a, n_a, method="newcomb", compare="diff", alpha=alpha
    )
    return float(max(lo, -1.0)), float(min(hi, 1.0))


def two_proportion_test(
    k_a: int, n_a: int, k_b: int, n_b: int, test: TestMethod = "auto"
) -> tuple[float, str]:
    """Two-sided p-value of ``H0: p_a = p_b`` and the test used (``"z"`` or ``"fisher"``).

    ``"z"``: pooled two-proportion z test,
    ``z = (p_b - p_a) / sqrt(p (1 - p) (1/n_a + 1/n_b))``, ``p = (k_a + k_b)/(n_a + n_b)``
    (``p = 1`` when both proportions are 0 or both 1).
    ``"fisher"``: Fisher's exact test on the 2x2 table (:func:`scipy.stats.fisher_exact`).
    ``"auto"``: Fisher when an expected cell count is below :data:`FISHER_MIN_EXPECTED`.
    """
    if n_a <= 0 or n_b <= 0:
        raise ValueError(f"n must be positive (n_a={n_a}, n_b={n_b})")
    if test == "auto":
        pooled = (k_a + k_b) / (n_a + n_b)
        expected = [n * pooled for n in (n_a, n_b)] + [n * (1 - pooled) for n in (n_a, n_b)]
        test = "fisher" if min(expected) < FISHER_MIN_EXPECTED else "z"
    if test == "fisher":
        table = [[k_b, n_b - k_b], [k_a, n_a - k_a]]
        return float(stats.fisher_exact(table, alternative="two-sided").pvalue), "fisher"
    pooled = (k_a + k_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        return 1.0, "z"
    z = (k_b / n_b - k_a / n_a) / se
    return float(2 * stats.norm.sf(abs(z))), "z"


def cohens_h(p_a: float | np.ndarray, p_b: float | np.ndarray) -> np.ndarray:
    """Cohen's h of ``p_b`` vs ``p_a``: ``2 asin(sqrt(p_b)) - 2 asin(sqrt(p_a))``.

    Conventional reading: 0.2 small, 0.5 medium, 0.8 large.
    """
    return np.asarray(proportion_effectsize(np.asarray(p_b, float), np.asarray(p_a, float)))


def adjust_pvalues(pvalues: Sequence[float] | np.ndarray, method: Correction = "holm") -> np.ndarray:
    """p-values adjusted for the number of tests (Holm step-down or Benjamini-Hochberg).

    Holm controls the family-wise error rate; ``fdr_bh`` the false discovery rate.
    ``"none"`` returns them unchanged. Via :func:`statsmodels.stats.multitest.multipletests`.
    """
    p = np.asarray(pvalues, dtype=float)
    if method == "none" or len(p) == 0:
        return p.copy()
    return multipletests(p, method=method)[1]


def effect_label(h: float) -> str:
    """Cohen's (1988) verbal label for ``|h|``: negligible/small/medium/large."""
    a = abs(h)
    if a < 0.2:
        return "negligible"
    if a < 0.5:
        return "small"
    if a < 0.8:
        return "medium"
    return "large"


def gap_table(
    counts: pd.DataFrame,
    groups: Sequence[str],
    alpha: float = 0.05,
    correction: Correction = "holm",
    interval: IntervalMethod = "wilson",
    test: TestMethod = "auto",
) -> pd.DataFrame:
    """One row per item: both proportions with intervals, the gap and its test.

    Args:
        counts: output of :func:`item_counts` (no segment column).
        groups: ``(a, b)``; ``gap = p_b - p_a`` (positive: group b says yes more often).

    Returns:
        Columns ``item``, ``n_a``, ``k_a``, ``p_a``, ``p_a_lo``, ``p_a_hi``, the same for
        ``b``, ``gap``, ``gap_lo``, ``gap_hi`` (Newcombe), ``test``, ``p_value``,
        ``p_adj`` (``correction`` across items), ``significant`` (``p_adj < alpha``),
        ``cohens_h``, ``effect``; sorted by ``gap`` descending.
    """
    a, b = groups
    wide = counts.pivot(index="item", columns="group", values=["n", "k"])
    rows = []
    for item in dict.fromkeys(counts["item"]):
        n_a, k_a = int(wide.loc[item, ("n", a)]), int(wide.loc[item, ("k", a)])
        n_b, k_b = int(wide.loc[item, ("n", b)]), int(wide.loc[item, ("k", b)])
        if min(n_a, n_b) <= 0:
            raise DataValidationError(
                "<counts>", "survey", [Problem(f"item {item!r} has no answers in one group", column="n", found="0", expected="> 0")]
            )
        p_a, p_b = k_a / n_a, k_b / n_b
        (la, ha), (lb, hb) = (proportion_interval(k_a, n_a, alpha, interval), proportion_interval(k_b, n_b, alpha, interval))
        glo, ghi = difference_interval(k_a, n_a, k_b, n_b, alpha)
        pv, used = two_proportion_test(k_a, n_a, k_b, n_b, test)
        rows.append(
            dict(item=item, n_a=n_a, k_a=k_a, p_a=p_a, p_a_lo=float(la), p_a_hi=float(ha),
                 n_b=n_b, k_b=k_b, p_b=p_b, p_b_lo=float(lb), p_b_hi=float(hb),
                 gap=p_b - p_a, gap_lo=glo, gap_hi=ghi, test=used, p_value=pv,
                 cohens_h=float(cohens_h(p_a, p_b)))
        )
    out = pd.DataFrame(rows)
    out["p_adj"] = adjust_pvalues(out["p_value"].to_numpy(), correction)
    out["significant"] = out["p_adj"] < alpha
    out["effect"] = [effect_label(h) for h in out["cohens_h"]]
    cols = ["item", "n_a", "k_a", "p_a", "p_a_lo", "p_a_hi", "n_b", "k_b", "p_b", "p_b_lo", "p_b_hi",
            "gap", "gap_lo", "gap_hi", "test", "p_value", "p_adj", "significant", "cohens_h", "effect"]
    return out[cols].sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def segment_gaps(
    df: pd.DataFrame,
    groups: Sequence[str],
    segment: str,
    items: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The gap of every item within each level of ``segment`` (e.g. country).

    Returns columns ``item``, ``segment``, ``n_a``, ``p_a``, ``n_b``, ``p_b``, ``gap``,
    ``gap_lo``, ``gap_hi`` (Newcombe); levels with no answers in a group are dropped.
    """
    counts = item_counts(df, groups, items, segment=segment)
    a, b = groups
    wide = counts.pivot_table(index=["item", segment], columns="group", values=["n", "k"], aggfunc="sum", fill_value=0, observed=True)
    rows = []
    for (item, level), r in wide.iterrows():
        n_a, k_a, n_b, k_b = int(r[("n", a)]), int(r[("k", a)]), int(r[("n", b)]), int(r[("k", b)])
        if n_a == 0 or n_b == 0:
            continue
        lo, hi = difference_interval(k_a, n_a, k_b, n_b, alpha)
        rows.append(dict(item=item, segment=str(level), n_a=n_a, k_a=k_a, p_a=k_a / n_a, n_b=n_b, k_b=k_b,
                         p_b=k_b / n_b, gap=k_b / n_b - k_a / n_a, gap_lo=lo, gap_hi=hi))
    out = pd.DataFrame(rows)
    order = list(dict.fromkeys(counts["item"]))
    out["_o"] = out["item"].map({it: i for i, it in enumerate(order)})
    return out.sort_values(["_o", "segment"]).drop(columns="_o").reset_index(drop=True)


def gap_heterogeneity(
    seg: pd.DataFrame,
    correction: Correction = "holm",
) -> pd.DataFrame:
    """Does the gap differ by segment? One row per item, three tests.

    * ``p_breslow_day``: Breslow-Day test (Tarone-adjusted) that the group odds
      ratio is the same in every segment, on the 2x2 tables group x yes/no
      (:meth:`statsmodels.stats.contingency_tables.StratifiedTable.test_equal_odds`;
      zero cells get 0.5 added).
    * ``p_logistic``: likelihood-ratio test of the ``group x segment`` interaction in
      a binomial GLM ``yes ~ group * segment`` vs ``yes ~ group + segment``
      (the logistic-interaction test; same scale as Breslow-Day).
    * ``p_cochran_q``: Cochran's Q for heterogeneity of the *risk differences*
      (percentage-point gaps) ``Q = sum w_s (d_s - d_bar)^2``, ``w_s = 1 / var_s``,
      ``var_s = p_a(1-p_a)/n_a + p_b(1-p_b)/n_b`` (0.5 added to zero/full cells),
      ``Q ~ chi2(S - 1)`` — the question "is the gap in points different" asks this.

    ``p_adj`` adjusts ``p_cochran_q`` across items with ``correction``.
    Needs at least two segments with answers in both groups.
    """
    import statsmodels.api as sm
    from statsmodels.stats.contingency_tables import StratifiedTable
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    rows = []
    for item, g in seg.groupby("item", sort=False):
        if len(g) < 2:
            rows.append(dict(item=item, n_segments=len(g), gap_min=np.nan, gap_max=np.nan,
                             p_breslow_day=np.nan, p_logistic=np.nan, p_cochran_q=np.nan, q=np.nan))
            continue
        tables = [np.array([[r.k_b, r.n_b - r.k_b], [r.k_a, r.n_a - r.k_a]], dtype=float) for r in g.itertuples()]
        tables = [t + 0.5 if (t == 0).any() else t for t in tables]
        try:
            p_bd = float(StratifiedTable(tables).test_equal_odds(adjust=True).pvalue)
        except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
            p_bd = np.nan
        # logistic interaction on grouped binomial data
        s = g.reset_index(drop=True)
        long = pd.DataFrame({
            "k": np.r_[s["k_a"], s["k_b"]], "n": np.r_[s["n_a"], s["n_b"]],
            "grp": np.r_[np.zeros(len(s)), np.ones(len(s))], "seg": np.r_[s["segment"], s["segment"]],
        })
        seg_d = pd.get_dummies(long["seg"], drop_first=True, dtype=float)
        x0 = pd.concat([long[["grp"]], seg_d], axis=1)
        x1 = pd.concat([x0, seg_d.mul(long["grp"], axis=0).add_prefix("grp:")], axis=1)
        endog = np.c_[long["k"], long["n"] - long["k"]]
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                # the interaction model is saturated for grouped data (a perfect fit of
                # the observed proportions), which statsmodels reports as separation
                warnings.simplefilter("ignore", PerfectSeparationWarning)
                f0 = sm.GLM(endog, sm.add_constant(x0), family=sm.families.Binomial()).fit()
                f1 = sm.GLM(endog, sm.add_constant(x1), family=sm.families.Binomial()).fit()
            lr = max(2 * (f1.llf - f0.llf), 0.0)
            p_lr = float(stats.chi2.sf(lr, seg_d.shape[1]))
        except (ValueError, np.linalg.LinAlgError):
            p_lr = np.nan
        pa = (s["k_a"] + 0.5 * ((s["k_a"] == 0) | (s["k_a"] == s["n_a"]))) / s["n_a"]
        pb = (s["k_b"] + 0.5 * ((s["k_b"] == 0) | (s["k_b"] == s["n_b"]))) / s["n_b"]
        var = pa * (1 - pa) / s["n_a"] + pb * (1 - pb) / s["n_b"]
        w = 1 / var
        d = s["gap"]
        dbar = float((w * d).sum() / w.sum())
        q = float((w * (d - dbar) ** 2).sum())
        rows.append(dict(item=item, n_segments=len(s), gap_min=float(d.min()), gap_max=float(d.max()),
                         p_breslow_day=p_bd, p_logistic=p_lr, p_cochran_q=float(stats.chi2.sf(q, len(s) - 1)), q=q))
    out = pd.DataFrame(rows)
    ok = out["p_cochran_q"].notna()
    out["p_adj"] = np.nan
    out.loc[ok, "p_adj"] = adjust_pvalues(out.loc[ok, "p_cochran_q"].to_numpy(), correction)
    return out


def within_group_segments(
    df: pd.DataFrame, group: str, segment: str, items: Sequence[str] | None = None,
    alpha: float = 0.05, interval: IntervalMethod = "wilson",
) -> pd.DataFrame:
    """Proportion of each item per segment level inside one group, with intervals.

    Also a chi-square test of independence (item answer x segment level,
    :func:`scipy.stats.chi2_contingency`) per item in column ``p_value`` (repeated
    on each row of the item). Columns ``item``, ``segment``, ``n``, ``k``, ``p``,
    ``p_lo``, ``p_hi``, ``p_value``.
    """
    sub = df[df["group"].astype(str) == group]
    if sub.empty:
        raise ValueError(f"group {group!r} not found")
    if segment not in sub.columns:
        raise ValueError(f"segment column {segment!r} not found")
    y = binary_response(sub["response"])
    sub = sub.assign(_y=y).dropna(subset=["_y", segment])
    if items:
        sub = sub[sub["item"].astype(str).isin(list(items))]
    c = sub.groupby(["item", segment], sort=False)["_y"].agg(n="count", k="sum").reset_index()
    c = c.rename(columns={segment: "segment"}).astype({"n": "int64", "k": "int64"})
    c["p"] = c["k"] / c["n"]
    lo, hi = proportion_interval(c["k"].to_numpy(), c["n"].to_numpy(), alpha, interval)
    c["p_lo"], c["p_hi"] = lo, hi
    pvals = {}
    for item, g in c.groupby("item", sort=False):
        table = np.c_[g["k"], g["n"] - g["k"]]
        table = table[:, table.sum(axis=0) > 0]
        pvals[item] = float(stats.chi2_contingency(table)[1]) if table.shape[1] == 2 and len(g) > 1 else np.nan
    c["p_value"] = c["item"].map(pvals)
    c["segment"] = c["segment"].astype(str)
    return c


def heterogeneous_items(het: pd.DataFrame, alpha: float = 0.05) -> list[str]:
    """Items of :func:`gap_heterogeneity` whose gap differs by segment: adjusted p-value below ``alpha``.

    The adjusted p-value is Cochran's Q of the percentage-point gaps (``p_adj``); items with
    fewer than two segments (``p_adj`` missing) never count.
    """
    return [str(i) for i in het.loc[het["p_adj"] < alpha, "item"]]
