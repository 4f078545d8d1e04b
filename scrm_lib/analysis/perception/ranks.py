"""Item ranks within each group, rank reversals and the rank correlation of two groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from scrm_lib.analysis.perception.survey import binary_response, is_aggregated, item_counts


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


def usable_top_k(top_k: int, n_items: int) -> int:
    """The largest top/bottom set :func:`rank_reversals` accepts for ``n_items``: ``min(top_k, n_items // 2)``.

    A short survey of your own may have too few items for the ``top_k`` asked for; the
    reversal count is then taken at the largest size that keeps the top and bottom sets apart.
    """
    return min(top_k, n_items // 2)
