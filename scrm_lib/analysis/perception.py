"""Perception gaps between two groups answering the same survey items.

The typical use is the IBM Institute for Business Value (2011) comparison of
consumers and executives (DOMAIN.md section 5): *why do consumers interact with
brands on social media?* Consumers answer for themselves, executives answer what
they believe consumers want. The same functions work for any two groups
answering the same items (a class survey, a client's customers vs its managers).

Input is either

* a **respondent-level** frame (one row per respondent and item): columns
  ``respondent_id``, ``group``, ``item``, ``response`` and optional segment
  columns such as ``generation`` or ``country``. Binary items code the response
  as yes/no (``yes``/``no``, ``1``/``0``, ``true``/``false``, ``selected``/
  ``not selected``); Likert items use ordered labels (see :data:`LIKERT_3`,
  :data:`LIKERT_5`);
* or an **aggregated** frame: ``group``, ``item``, ``n`` and ``k`` (count of
  "yes") or ``pct`` (percentage, 0-100; ``k = round(pct * n / 100)``).

Everything downstream works on *counts* (``n``, ``k`` per group, item and
optionally segment), which are sums and therefore merge across partitions.

The statistics come from statsmodels and scipy:

* per-group proportion ``p = k / n`` with a Wilson score (or Agresti-Coull)
  interval (:func:`statsmodels.stats.proportion.proportion_confint`);
* gap ``d = p_b - p_a`` with Newcombe's (1998, method 10) hybrid score interval
  (:func:`statsmodels.stats.proportion.confint_proportions_2indep`,
  ``method="newcomb"``);
* a two-proportion test: pooled z test
  ``z = d / sqrt(p (1 - p) (1/n_a + 1/n_b))`` with ``p = (k_a + k_b) / (n_a + n_b)``,
  or Fisher's exact test (:func:`scipy.stats.fisher_exact`) when an expected
  cell count is below 5 (``test="auto"``);
* Cohen's h ``h = 2 asin(sqrt(p_b)) - 2 asin(sqrt(p_a))``
  (:func:`statsmodels.stats.proportion.proportion_effectsize`);
* p-values adjusted across items with Holm or Benjamini-Hochberg
  (:func:`statsmodels.stats.multitest.multipletests`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
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

from scrm_lib.core.errors import DataValidationError, Problem

IntervalMethod = Literal["wilson", "agresti_coull"]
Correction = Literal["holm", "fdr_bh", "none"]
TestMethod = Literal["auto", "z", "fisher"]

#: Response labels read as "yes" (selected) for binary items (compared lower-cased).
YES_VALUES = frozenset({"1", "yes", "y", "true", "selected", "checked", "x"})
#: Response labels read as "no" (not selected) for binary items.
NO_VALUES = frozenset({"0", "no", "n", "false", "not selected", "unchecked", ""})
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
#: Expected cell count below which ``test="auto"`` uses Fisher's exact test.
FISHER_MIN_EXPECTED = 5.0


# --------------------------------------------------------------------------- input


def is_aggregated(df: pd.DataFrame) -> bool:
    """True when ``df`` is an aggregated survey frame (has ``n`` and ``k`` or ``pct``)."""
    return "n" in df.columns and ("k" in df.columns or "pct" in df.columns)


def binary_response(values: pd.Series, source: str = "<DataFrame>") -> pd.Series:
    """Code yes/no answers as 1/0 (``Int64``); raise naming the rows that are neither.

    Accepted (case-insensitive): :data:`YES_VALUES` and :data:`NO_VALUES`;
    numbers 1 and 0; booleans. Missing values stay missing (item not answered).
    """
    text = values.astype("string").str.strip().str.lower()
    # "1.0" and "0.0" come from numeric columns read with NaNs
    text = text.replace({"1.0": "1", "0.0": "0"})
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    yes = text.isin(YES_VALUES).fillna(False).astype(bool)
    no = text.isin(NO_VALUES).fillna(False).astype(bool)
    out[yes] = 1
    out[no] = 0
    bad = ~(yes | no) & values.notna()
    if bad.any():
        # a frame read from a file keeps its row labels: label + 2 is the file line
        labels = values.index[bad.to_numpy()]
        positions = (
            np.asarray(labels, dtype=np.int64)
            if pd.api.types.is_integer_dtype(values.index)
            else np.flatnonzero(bad.to_numpy())
        )
        raise DataValidationError(
            source,
            "survey",
            [
                Problem(
                    "response is not a yes/no answer for a binary item",
                    column="response",
                    rows=tuple(int(p) + 2 for p in positions[:5]),
                    n_rows=len(positions),
                    found=", ".join(repr(v) for v in values[bad].astype(str).unique()[:3]),
                    expected="yes/no, 1/0 or true/false (list Likert items separately)",
                )
            ],
        )
    return out


def _check_groups(df: pd.DataFrame, groups: Sequence[str], source: str) -> None:
    present = set(df["group"].astype(str).unique())
    missing = [g for g in groups if g not in present]
    if len(groups) != 2 or groups[0] == groups[1]:
        raise DataValidationError(
            source,
            "survey",
            [Problem("two different groups are needed", column="group", found=repr(list(groups)))],
        )
    if missing:
        raise DataValidationError(
            source,
            "survey",
            [
                Problem(
                    f"group {m!r} not found in the data",
                    column="group",
                    found=", ".join(sorted(present)),
                    expected=f"the groups {list(groups)}",
                )
                for m in missing
            ],
        )


def item_counts(
    df: pd.DataFrame,
    groups: Sequence[str],
    items: Sequence[str] | None = None,
    segment: str | None = None,
    source: str = "<DataFrame>",
) -> pd.DataFrame:
    """Counts ``n`` (answered) and ``k`` (yes) per group, item (and segment).

    Works on respondent-level frames (``response`` coded with :func:`binary_response`)
    and on aggregated frames (``k`` given, or ``k = round(pct * n / 100)``).

    Args:
        df: a survey frame (validated by ``scrm_lib.data.schemas.survey.validate_frame``).
        groups: the two groups to compare, ``(a, b)``; the gap is ``b - a``.
        items: items to keep, in this order; ``None`` keeps every item present in
            both groups (in order of first appearance).
        segment: optional segment column (respondent-level frames, or aggregated
            frames carrying that column).
        source: file name for error messages.

    Returns:
        Columns ``group``, ``item``, [``segment``,] ``n``, ``k`` (int64), one row per
        combination, groups in the order given.
    """
    _check_groups(df, groups, source)
    data = df[df["group"].astype(str).isin(list(groups))].copy()
    data["group"] = data["group"].astype(str)
    data["item"] = data["item"].astype(str)
    if items is not None and len(items) > 0:
        unknown = [i for i in items if i not in set(data["item"])]
        if unknown:
            raise DataValidationError(
                source,
                "survey",
                [
                    Problem(
                        "item not found in the data",
                        column="item",
                        found=", ".join(repr(i) for i in unknown),
                        expected="one of " + ", ".join(sorted(set(data["item"]))),
                    )
                ],
            )
        data = data[data["item"].isin(list(items))]
    keys = ["group", "item"] + ([segment] if segment else [])
    if segment and segment not in data.columns:
        raise DataValidationError(
            source,
            "survey",
            [Problem("segment column not found", column=segment, expected="one of " + ", ".join(map(str, df.columns)))],
        )
    if is_aggregated(data):
        n = pd.to_numeric(data["n"]).astype("int64")
        if "k" in data.columns and data["k"].notna().all():
            k = pd.to_numeric(data["k"]).astype("int64")
        else:
            pct = pd.to_numeric(data["pct"]).astype(float)
            k_given = pd.to_numeric(data["k"], errors="coerce") if "k" in data.columns else pd.Series(np.nan, index=data.index)
            k = k_given.fillna((pct * n / 100.0).round()).astype("int64")
        counts = data[keys].assign(n=n.to_numpy(), k=k.to_numpy())
        counts = counts.groupby(keys, sort=False, as_index=False)[["n", "k"]].sum()
    else:
        coded = binary_response(data["response"], source)
        data = data.assign(_y=coded).dropna(subset=["_y"])
        if segment:
            data = data.dropna(subset=[segment])
            data[segment] = data[segment].astype(str)
        counts = (
            data.groupby(keys, sort=False)["_y"]
            .agg(n="count", k="sum")
            .reset_index()
            .astype({"n": "int64", "k": "int64"})
        )
    # keep only items both groups answered
    per_group = counts.groupby("item")["group"].nunique()
    both = per_group[per_group == 2].index
    counts = counts[counts["item"].isin(both)]
    order = list(items) if items else list(dict.fromkeys(counts["item"]))
    counts["item"] = pd.Categorical(counts["item"], categories=order, ordered=True)
    counts["group"] = pd.Categorical(counts["group"], categories=list(groups), ordered=True)
    counts = counts.sort_values(["item", "group"] + ([segment] if segment else []), kind="stable")
    counts["item"] = counts["item"].astype(str)
    counts["group"] = counts["group"].astype(str)
    return counts.reset_index(drop=True)


# ---------------------------------------------------------------------- proportions


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


# --------------------------------------------------------------------------- ranks


def item_ranks(counts: pd.DataFrame, groups: Sequence[str]) -> pd.DataFrame:
    """Rank of every item within each group (1 = chosen most often; ties share the mean rank).

    Returns columns ``item``, ``p_a``, ``p_b``, ``rank_a``, ``rank_b``, ``rank_shift``
    (``rank_b - rank_a``; positive: group b puts the item lower), sorted by ``rank_a``.
    """
    a, b = groups
    p = counts.assign(p=counts["k"] / counts["n"]).pivot(index="item", columns="group", values="p")
    p = p.loc[list(dict.fromkeys(counts["item"]))]
    out = pd.DataFrame({"item": p.index, "p_a": p[a].to_numpy(), "p_b": p[b].to_numpy()})
    out["rank_a"] = out["p_a"].rank(ascending=False, method="average")
    out["rank_b"] = out["p_b"].rank(ascending=False, method="average")
    out["rank_shift"] = out["rank_b"] - out["rank_a"]
    return out.sort_values(["rank_a", "item"], kind="stable").reset_index(drop=True)


def rank_reversals(ranks: pd.DataFrame, top_k: int = 2) -> pd.DataFrame:
    """Items in one group's top ``top_k`` and the other group's bottom ``top_k``.

    Args:
        ranks: output of :func:`item_ranks`.
        top_k: size of the top and bottom sets (``1 <= top_k <= n_items / 2``).

    Returns:
        Columns ``item``, ``rank_a``, ``rank_b``, ``direction`` (``"top_a_bottom_b"`` or
        ``"top_b_bottom_a"``); empty when there is no reversal.
    """
    m = len(ranks)
    if top_k < 1 or 2 * top_k > m:
        raise ValueError(f"top_k must be between 1 and {m // 2} for {m} items, got {top_k}")
    bottom = m - top_k + 1  # rank at or beyond which an item is in the bottom k
    rows = []
    for r in ranks.itertuples(index=False):
        if r.rank_a <= top_k and r.rank_b >= bottom:
            rows.append((r.item, r.rank_a, r.rank_b, "top_a_bottom_b"))
        elif r.rank_b <= top_k and r.rank_a >= bottom:
            rows.append((r.item, r.rank_a, r.rank_b, "top_b_bottom_a"))
    return pd.DataFrame(rows, columns=["item", "rank_a", "rank_b", "direction"])


@dataclass(frozen=True)
class RankCorrelation:
    """A rank correlation with its percentile bootstrap interval."""

    method: str
    estimate: float
    lo: float
    hi: float
    n_boot: int
    alpha: float


def _response_matrices(
    df: pd.DataFrame, groups: Sequence[str], items: Sequence[str]
) -> list[np.ndarray]:
    """Per group, a respondents x items matrix of 1/0/NaN (NaN = item not answered)."""
    mats = []
    for g in groups:
        sub = df[(df["group"].astype(str) == g) & df["item"].astype(str).isin(list(items))]
        y = binary_response(sub["response"]).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        wide = (
            pd.DataFrame({"r": sub["respondent_id"].astype(str).to_numpy(), "i": sub["item"].astype(str).to_numpy(), "y": y})
            .pivot_table(index="r", columns="i", values="y", aggfunc="first")
            .reindex(columns=list(items))
        )
        mats.append(wide.to_numpy(dtype=float))
    return mats


def rank_correlation(
    df: pd.DataFrame,
    groups: Sequence[str],
    items: Sequence[str] | None = None,
    method: Literal["spearman", "kendall"] = "spearman",
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed: int = 0,
) -> RankCorrelation:
    """Rank correlation of the two groups' item proportions, with a bootstrap interval.

    The estimate is Spearman's rho or Kendall's tau-b between ``p_a`` and ``p_b``
    across items (:func:`scipy.stats.spearmanr` / :func:`scipy.stats.kendalltau`).
    The ``1 - alpha`` percentile interval comes from ``n_boot`` seeded bootstrap
    replicates: respondent-level data resample respondents within each group
    (keeping each respondent's answers together); aggregated data draw
    ``k* ~ Binomial(n, k/n)`` per group and item (parametric bootstrap).
    Replicates where a group's proportions are all tied (undefined correlation)
    are dropped.
    """
    counts = item_counts(df, groups, items)
    its = list(dict.fromkeys(counts["item"]))
    wide = counts.pivot(index="item", columns="group", values=["n", "k"]).loc[its]
    p_a = (wide[("k", groups[0])] / wide[("n", groups[0])]).to_numpy(float)
    p_b = (wide[("k", groups[1])] / wide[("n", groups[1])]).to_numpy(float)
    corr = stats.spearmanr if method == "spearman" else stats.kendalltau

    def est(x: np.ndarray, y: np.ndarray) -> float:
        if np.ptp(x) == 0 or np.ptp(y) == 0:
            return float("nan")
        return float(corr(x, y)[0])

    estimate = est(p_a, p_b)
    rng = np.random.default_rng(seed)
    boot = np.empty(n_boot)
    if is_aggregated(df):
        n_a, n_b = wide[("n", groups[0])].to_numpy(int), wide[("n", groups[1])].to_numpy(int)
        for i in range(n_boot):
            boot[i] = est(rng.binomial(n_a, p_a) / n_a, rng.binomial(n_b, p_b) / n_b)
    else:
        mats = _response_matrices(df, groups, its)
        for i in range(n_boot):
            ps = []
            for m in mats:
                sample = m[rng.integers(0, len(m), len(m))]
                with np.errstate(invalid="ignore"):
                    ps.append(np.nanmean(sample, axis=0))
            boot[i] = est(ps[0], ps[1])
    boot = boot[np.isfinite(boot)]
    lo, hi = (np.quantile(boot, [alpha / 2, 1 - alpha / 2]) if len(boot) else (np.nan, np.nan))
    return RankCorrelation(method, estimate, float(lo), float(hi), int(len(boot)), alpha)


# -------------------------------------------------------------------------- Likert


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


def read_survey(path: str | Path, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Load and validate a survey file (respondent-level or aggregated).

    Uses :func:`scrm_lib.data.io.load_survey` (schema :mod:`scrm_lib.data.schemas.survey`):
    any problem raises :class:`~scrm_lib.core.errors.DataValidationError` naming the
    file, lines, column, what was found and what was expected.
    """
    from scrm_lib.data.io import load_survey

    return load_survey(path, groups=groups)


# ------------------------------------------------------------------------- segments


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


# ------------------------------------------------------------------------- summary


def gap_sentences(
    table: pd.DataFrame,
    labels: Sequence[str],
    alpha: float = 0.05,
    max_items: int = 3,
    item_names: dict[str, str] | None = None,
) -> list[str]:
    """Plain-language sentences about the largest significant gaps of :func:`gap_table`.

    E.g. ``"executive overrate 'feel connected' by 31 points (95% CI 25 to 37) vs consumer."``.
    ``labels`` are display names of groups ``(a, b)``. Items whose adjusted p-value is not
    below ``alpha`` are not claimed as gaps; the sentence list says so when none is.
    """
    names = item_names or {}
    a, b = labels
    conf = int(round((1 - alpha) * 100))
    sig = table[table["significant"]]
    out = []
    over = sig[sig["gap"] > 0].sort_values("gap", ascending=False).head(max_items)
    under = sig[sig["gap"] < 0].sort_values("gap").head(max_items)
    for r in over.itertuples():
        out.append(
            f"{b} overrate '{names.get(r.item, r.item)}' by {abs(r.gap) * 100:.0f} points compared with {a} "
            f"({r.p_b:.0%} vs {r.p_a:.0%}; {conf}% CI of the gap {r.gap_lo * 100:+.0f} to {r.gap_hi * 100:+.0f} points)."
        )
    for r in under.itertuples():
        out.append(
            f"{b} underrate '{names.get(r.item, r.item)}' by {abs(r.gap) * 100:.0f} points compared with {a} "
            f"({r.p_b:.0%} vs {r.p_a:.0%}; {conf}% CI of the gap {r.gap_lo * 100:+.0f} to {r.gap_hi * 100:+.0f} points)."
        )
    if not out:
        out.append(f"No item differs between {a} and {b} after correction at alpha = {alpha}.")
    return out


def published_pairs(published: pd.DataFrame, groups: Sequence[str] = ("consumer", "executive")) -> pd.DataFrame:
    """Items of the published file (``ibm2011_published.csv``) with a percentage *and* N for both groups.

    Returns an aggregated survey frame (``group``, ``item``, ``n``, ``pct``, ``k``,
    ``source``) for the items where both groups' percentages are published and the
    base N is known: the consumer N is the overall consumer sample (row
    ``n_consumers``), the executive N the per-item N. Percentages published as
    rounded integers make ``k`` approximate (within half a point).
    """
    pub = published
    pct = pub[pub["statistic"] == "pct"]
    ns = pub[pub["statistic"] == "n"]
    out = []
    for item, g in pct.groupby("item", sort=False):
        if set(g["group"]) >= set(groups):
            row = {}
            for grp in groups:
                r = g[g["group"] == grp].iloc[0]
                n_item = ns[(ns["group"] == grp) & (ns["item"] == item)]
                n_all = ns[(ns["group"] == grp) & (ns["item"] == "all")]
                n = n_item["value"] if len(n_item) else n_all["value"]
                if len(n) == 0:
                    break
                nv = int(float(n.iloc[0]))
                pv = float(r["value"])
                row[grp] = dict(group=grp, item=item, n=nv, pct=pv, k=int(round(pv * nv / 100)), source=r["source"])
            else:
                out.extend(row[grp] for grp in groups)
    return pd.DataFrame(out, columns=["group", "item", "n", "pct", "k", "source"])


def describe_provenance(df: pd.DataFrame) -> str:
    """What a survey frame says about where its rows come from.

    Reads the optional ``provenance`` column (sample files write ``synthetic``, the
    class template ``example``; your own data might say ``collected``). Returns
    ``"synthetic"`` if any row is synthetic, else ``"example"`` if any is an
    example, else the single stated value, else ``"not stated"``.
    """
    if "provenance" not in df.columns:
        return "not stated"
    values = {str(v).strip().lower() for v in df["provenance"].dropna().unique()}
    for key in ("synthetic", "example"):
        if key in values:
            return key
    if len(values) == 1:
        return values.pop()
    return "mixed: " + ", ".join(sorted(values)) if values else "not stated"


def cell_provenance(targets: pd.DataFrame, groups: Sequence[str]) -> dict[str, str]:
    """Per item of a targets table (``source`` starting ``published:`` or ``synthetic:``):
    ``"published"`` when both groups' figures are published, ``"partly published"``
    when one is, ``"synthetic"`` when none is."""
    out = {}
    t = targets[targets["group"].astype(str).isin(list(groups))]
    for item, g in t.groupby(t["item"].astype(str), sort=False):
        pub = g["source"].astype(str).str.startswith("published").sum()
        out[item] = "published" if pub >= len(groups) else ("partly published" if pub else "synthetic")
    return out


def published_cells(targets: pd.DataFrame) -> set[tuple[str, str]]:
    """``(group, item)`` pairs of a targets table whose figure is published."""
    pub = targets[targets["source"].astype(str).str.startswith("published")]
    return {(str(g), str(i)) for g, i in zip(pub["group"], pub["item"], strict=True)}
