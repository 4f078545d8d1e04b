"""Demand × maturity: the Altimeter quadrants, the priority score, and its Monte Carlo sensitivity.

The quadrant of a use case comes from its market demand and technology maturity (0–5) and two cut
points (:class:`QuadrantCuts`); its priority is a weighted mean of demand, maturity and the
organisational fit (:mod:`scrm_lib.analysis.usecases.fit`); :func:`sensitivity` varies the weights
and the cuts and says which groups and ranks hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.analysis.usecases.fit import goal_fit, organisational_fit, stage_fit
from scrm_lib.core.errors import ParamsError

#: The four groups, in the order (high demand, high maturity) → (low, low).
GROUPS: tuple[str, ...] = ("Evangelizables", "Near Tipping Points", "Early Movers", "Early Adoptions")

#: A score within this distance of a cut counts as *on* the cut (guards float noise).
CUT_TOLERANCE = 1e-9


def months_to_demand_score(months: float, months_at_5: float = 6.0, months_at_0: float = 24.0) -> float:
    """Read a time-to-demand in months on the 0–5 demand scale, linearly.

    ``score = 5 * (months_at_0 - months) / (months_at_0 - months_at_5)``, clipped to [0, 5].
    With the published anchors (5 = within 6 months, 0 = more than 2 years away),
    16 months gives 5 * 8 / 18 = 2.2222…. This linear reading is an *assumption*
    (DOMAIN.md §6): the report gives no numeric cut.
    """
    if months_at_0 <= months_at_5:
        raise ValueError(f"months_at_0 ({months_at_0}) must be later than months_at_5 ({months_at_5})")
    score = 5.0 * (months_at_0 - months) / (months_at_0 - months_at_5)
    return float(min(5.0, max(0.0, score)))


def demand_score_to_months(score: float, months_at_5: float = 6.0, months_at_0: float = 24.0) -> float:
    """Inverse of :func:`months_to_demand_score` (same linear reading): months until demand.

    ``months = months_at_0 - score * (months_at_0 - months_at_5) / 5``; 2.22 → 16 months.
    """
    return float(months_at_0 - score * (months_at_0 - months_at_5) / 5.0)


#: Default demand cut: "demand within 16 months", read linearly (≈ 2.22).
DEFAULT_DEMAND_CUT: float = months_to_demand_score(16.0)
#: Default maturity cut: "beta-ready" taken as the midpoint of the 0–5 maturity scale.
DEFAULT_MATURITY_CUT: float = 2.5


@dataclass(frozen=True)
class QuadrantCuts:
    """Cut points on the 0–5 scales (defaults: DOMAIN.md §6 stated assumption).

    **Rule for a score exactly on a cut:** the cut belongs to the *upper* side. The
    published group definitions are closed at the cut: "demand *within* 16 months"
    includes 16 months, and maturity "*from* beta-ready to critical mass" includes
    beta-ready. So a use case is high-demand when ``market_demand >= demand_cut`` and
    high-maturity when ``tech_maturity >= maturity_cut`` (with a tolerance of
    :data:`CUT_TOLERANCE` for float noise).
    """

    demand: float = DEFAULT_DEMAND_CUT
    maturity: float = DEFAULT_MATURITY_CUT

    def __post_init__(self) -> None:
        for name in ("demand", "maturity"):
            value = getattr(self, name)
            if not (0.0 <= value <= 5.0):
                raise ParamsError("quadrant cuts", [f"{name} cut: expected a number in [0, 5], got {value!r}"])


def _group_codes(demand: np.ndarray, maturity: np.ndarray, demand_cut: Any, maturity_cut: Any) -> np.ndarray:
    """Group index into :data:`GROUPS` (broadcasting over cut arrays).

    code = 2 * (demand is low) + (maturity is low):
    0 Evangelizables, 1 Near Tipping Points, 2 Early Movers, 3 Early Adoptions.
    """
    demand_high = demand >= np.asarray(demand_cut) - CUT_TOLERANCE
    maturity_high = maturity >= np.asarray(maturity_cut) - CUT_TOLERANCE
    # Evangelizables: high demand, high maturity; Near Tipping Points: low demand, high maturity;
    # Early Movers: high demand, low maturity; Early Adoptions: low demand, low maturity.
    return np.where(demand_high, np.where(maturity_high, 0, 2), np.where(maturity_high, 1, 3)).astype(np.int8)


def classify(usecases: pd.DataFrame, cuts: QuadrantCuts | None = None) -> pd.Series:
    """The Altimeter group of each use case.

    - Evangelizables: demand ≥ demand cut and maturity ≥ maturity cut;
    - Near Tipping Points: demand < demand cut, maturity ≥ maturity cut;
    - Early Movers: demand ≥ demand cut, maturity < maturity cut;
    - Early Adoptions: demand < demand cut, maturity < maturity cut.

    A score exactly on a cut counts as the upper side (see :class:`QuadrantCuts`).

    Returns:
        An ordered categorical Series (categories :data:`GROUPS`) indexed like ``usecases``.
    """
    cuts = cuts or QuadrantCuts()
    codes = _group_codes(
        usecases["market_demand"].to_numpy(float), usecases["tech_maturity"].to_numpy(float), cuts.demand, cuts.maturity
    )
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=list(GROUPS), ordered=True), index=usecases.index, name="group"
    )


def group_can_flip(usecases: pd.DataFrame, cuts: QuadrantCuts, uncertainty: float) -> pd.Series:
    """Whether a use case's group changes for some cut within ± ``uncertainty``.

    With the cut c moving in [c − u, c + u] (clipped to [0, 5]) and the upper-side rule,
    a high score x flips when x < min(c + u, 5) and a low score flips when
    x ≥ max(c − u, 0); checked on both axes.
    """
    if uncertainty < 0:
        raise ValueError(f"uncertainty must be >= 0, got {uncertainty}")
    out = np.zeros(len(usecases), dtype=bool)
    for col, cut in (("market_demand", cuts.demand), ("tech_maturity", cuts.maturity)):
        x = usecases[col].to_numpy(float)
        lo, hi = max(cut - uncertainty, 0.0), min(cut + uncertainty, 5.0)
        high = x >= cut - CUT_TOLERANCE
        out |= np.where(high, x < hi - CUT_TOLERANCE, x >= lo - CUT_TOLERANCE)
    return pd.Series(out, index=usecases.index, name="group_can_flip")


@dataclass(frozen=True)
class Weights:
    """Weights of the priority score; only their ratios matter (normalised to sum 1)."""

    demand: float = 0.4
    maturity: float = 0.3
    fit: float = 0.3

    def __post_init__(self) -> None:
        values = self.as_array()
        problems = [f"{n}: weight must be >= 0, got {v}" for n, v in zip(("demand", "maturity", "fit"), values, strict=True) if v < 0]
        if not problems and values.sum() <= 0:
            problems.append("at least one weight must be > 0")
        if problems:
            raise ParamsError("priority weights", problems)

    def as_array(self) -> np.ndarray:
        return np.array([self.demand, self.maturity, self.fit], dtype=float)

    def normalised(self) -> np.ndarray:
        a = self.as_array()
        return a / a.sum()


def _criteria(usecases: pd.DataFrame, fit: pd.Series | np.ndarray) -> np.ndarray:
    """(n, 3) matrix of the criteria on the 0–5 scale: demand, maturity, 5 × fit."""
    fit_arr = np.asarray(fit, dtype=float)
    if fit_arr.shape != (len(usecases),):
        raise ValueError(f"fit must have one value per use case ({len(usecases)}), got shape {fit_arr.shape}")
    if np.isnan(fit_arr).any() or (fit_arr < 0).any() or (fit_arr > 1).any():
        raise ValueError("fit values must be in [0, 1]")
    return np.column_stack(
        [usecases["market_demand"].to_numpy(float), usecases["tech_maturity"].to_numpy(float), 5.0 * fit_arr]
    )


def priority_scores(usecases: pd.DataFrame, fit: pd.Series | np.ndarray, weights: Weights | None = None) -> pd.Series:
    """Priority on the 0–5 scale: a weighted mean of demand, maturity and fit.

    ``priority = (w_d * demand + w_m * maturity + w_f * 5 * fit) / (w_d + w_m + w_f)``,
    with ``fit`` in [0, 1] (see :func:`organisational_fit`).
    """
    w = (weights or Weights()).normalised()
    return pd.Series(_criteria(usecases, fit) @ w, index=usecases.index, name="priority")


def rank_by_priority(priority: pd.Series | np.ndarray) -> np.ndarray:
    """1-based ranks, highest priority first; ties keep the input order (stable)."""
    p = np.asarray(priority, dtype=float)
    order = np.argsort(-p, kind="stable")
    ranks = np.empty(len(p), dtype=np.int64)
    ranks[order] = np.arange(1, len(p) + 1)
    return ranks


def prioritise(
    usecases: pd.DataFrame,
    *,
    stage: str,
    goals: Sequence[str] = (),
    weights: Weights | None = None,
    cuts: QuadrantCuts | None = None,
    goal_share: float = 0.5,
) -> pd.DataFrame:
    """The ranked table: group, goal/stage fit, fit, priority and rank for each use case.

    Sorted by rank (1 = highest priority).
    """
    out = usecases.copy()
    out["group"] = classify(usecases, cuts)
    out["stage_fit"] = stage_fit(usecases, stage)
    out["goal_fit"] = goal_fit(usecases, goals) if goals else np.nan
    out["fit"] = organisational_fit(usecases, stage, goals, goal_share)
    out["priority"] = priority_scores(usecases, out["fit"], weights)
    out["rank"] = rank_by_priority(out["priority"])
    return out.sort_values("rank").reset_index(drop=True)


@dataclass
class SensitivityResult:
    """What a Monte Carlo sensitivity run found.

    Attributes:
        group_probs: use case × group: share of draws in each group.
        base_group: the group at the chosen cuts.
        flip_probability: share of draws whose group differs from ``base_group``.
        can_flip: whether some cut within ± the uncertainty changes the group (exact).
        top_k_prob: share of draws in which the use case ranks in the top ``top_k``.
        rank_quantiles: use case × (p05, p50, p95, mean) of the rank over draws.
        base_rank: the rank at the chosen weights.
        kendall_w: Kendall's coefficient of concordance over the draws' rankings
            (1 = every draw ranks identically).
        mean_rank_shift: mean |rank in a draw − base rank| over draws and use cases.
        group_flippers: ids whose group can flip within the stated cut uncertainty.
        top_k_uncertain: ids with 0.05 < P(top k) < 0.95.
    """

    group_probs: pd.DataFrame
    base_group: pd.Series
    flip_probability: pd.Series
    can_flip: pd.Series
    top_k_prob: pd.Series
    rank_quantiles: pd.DataFrame
    base_rank: pd.Series
    kendall_w: float
    mean_rank_shift: float
    group_flippers: list[str]
    top_k_uncertain: list[str]
    n_draws: int
    seed: int
    top_k: int
    settings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """One row per use case: base group/rank, flip and top-k probabilities, rank interval."""
        out = pd.DataFrame(
            {
                "base_group": self.base_group.astype(str),
                "P(group flips)": self.flip_probability,
                "base_rank": self.base_rank,
                f"P(top {self.top_k})": self.top_k_prob,
            }
        )
        out = out.join(self.rank_quantiles)
        return out.sort_values("base_rank")


def kendalls_w(ranks: np.ndarray) -> float:
    """Kendall's W for an (m raters × n objects) matrix of ranks 1..n without ties.

    ``W = 12 S / (m² (n³ − n))`` with ``S = Σ_i (R_i − m (n + 1) / 2)²`` and ``R_i`` the
    rank sum of object i. 1 = perfect agreement, 0 = none.
    """
    ranks = np.asarray(ranks, dtype=float)
    m, n = ranks.shape
    if n < 2 or m < 1:
        return float("nan")
    r_sum = ranks.sum(axis=0)
    s = ((r_sum - m * (n + 1) / 2.0) ** 2).sum()
    return float(12.0 * s / (m**2 * (n**3 - n)))


def _draw_weights(rng: np.random.Generator, weights: Weights, concentration: float, n: int) -> np.ndarray:
    """(n, 3) weights ~ Dirichlet(concentration × normalised weights); zero weights stay 0."""
    w = weights.normalised()
    pos = w > 0
    out = np.zeros((n, 3))
    if pos.sum() == 1:
        out[:, pos] = 1.0
    else:
        out[:, pos] = rng.dirichlet(concentration * w[pos], size=n)
    return out


def sensitivity(
    usecases: pd.DataFrame,
    fit: pd.Series | np.ndarray,
    *,
    weights: Weights | None = None,
    cuts: QuadrantCuts | None = None,
    cut_uncertainty: float = 0.25,
    concentration: float = 50.0,
    n_draws: int = 10_000,
    top_k: int = 5,
    seed: int = 0,
) -> SensitivityResult:
    """Monte Carlo over the priority weights and the quadrant cut points (vectorised).

    Each draw takes weights ~ Dirichlet(``concentration`` × the normalised chosen weights)
    (mean = the chosen weights; larger concentration = tighter) and each cut ~ Uniform(cut
    ± ``cut_uncertainty``) clipped to [0, 5], independently. All draws are computed as
    matrix operations: scores = W (draws × 3) · Xᵀ (3 × use cases).

    Same inputs and ``seed`` → identical results.
    """
    weights = weights or Weights()
    cuts = cuts or QuadrantCuts()
    if n_draws < 1:
        raise ParamsError("sensitivity", [f"n_draws must be >= 1, got {n_draws}"])
    if concentration <= 0:
        raise ParamsError("sensitivity", [f"concentration must be > 0, got {concentration}"])
    if cut_uncertainty < 0:
        raise ParamsError("sensitivity", [f"cut_uncertainty must be >= 0, got {cut_uncertainty}"])
    n = len(usecases)
    if not 1 <= top_k <= n:
        raise ParamsError("sensitivity", [f"top_k must be between 1 and {n}, got {top_k}"])
    ids = pd.Index(usecases["id"].astype(str), name="id")
    x = _criteria(usecases, fit)
    rng = np.random.default_rng(seed)
    w_draws = _draw_weights(rng, weights, concentration, n_draws)
    d_cut = np.clip(rng.uniform(cuts.demand - cut_uncertainty, cuts.demand + cut_uncertainty, n_draws), 0.0, 5.0)
    m_cut = np.clip(rng.uniform(cuts.maturity - cut_uncertainty, cuts.maturity + cut_uncertainty, n_draws), 0.0, 5.0)

    # Ranks per draw: (n_draws, n) without a Python loop over draws.
    scores = w_draws @ x.T
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, n + 1)[None, :].repeat(n_draws, axis=0), axis=1)

    # Groups per draw.
    codes = _group_codes(x[None, :, 0], x[None, :, 1], d_cut[:, None], m_cut[:, None])
    probs = np.stack([(codes == g).mean(axis=0) for g in range(len(GROUPS))], axis=1)
    group_probs = pd.DataFrame(probs, index=ids, columns=list(GROUPS))

    base_group = classify(usecases, cuts).set_axis(ids)
    base_codes = base_group.cat.codes.to_numpy()
    flip_p = pd.Series(1.0 - probs[np.arange(n), base_codes], index=ids, name="flip_probability")
    can_flip = group_can_flip(usecases, cuts, cut_uncertainty).set_axis(ids)

    base_rank = pd.Series(rank_by_priority(x @ weights.normalised()), index=ids, name="base_rank")
    top_k_prob = pd.Series((ranks <= top_k).mean(axis=0), index=ids, name="top_k_prob")
    q = np.percentile(ranks, [5, 50, 95], axis=0)
    rank_q = pd.DataFrame(
        {"rank_p05": q[0], "rank_p50": q[1], "rank_p95": q[2], "rank_mean": ranks.mean(axis=0)}, index=ids
    )
    shift = float(np.abs(ranks - base_rank.to_numpy()[None, :]).mean())
    return SensitivityResult(
        group_probs=group_probs,
        base_group=base_group,
        flip_probability=flip_p,
        can_flip=can_flip,
        top_k_prob=top_k_prob,
        rank_quantiles=rank_q,
        base_rank=base_rank,
        kendall_w=kendalls_w(ranks),
        mean_rank_shift=shift,
        group_flippers=list(ids[can_flip.to_numpy()]),
        top_k_uncertain=list(ids[((top_k_prob > 0.05) & (top_k_prob < 0.95)).to_numpy()]),
        n_draws=n_draws,
        seed=seed,
        top_k=top_k,
        settings={
            "cut_uncertainty": cut_uncertainty,
            "concentration": concentration,
            "demand_cut": cuts.demand,
            "maturity_cut": cuts.maturity,
        },
    )


def on_cut(usecases: pd.DataFrame, cuts: QuadrantCuts) -> pd.DataFrame:
    """The use cases whose demand or maturity lies exactly on a cut (within :data:`CUT_TOLERANCE`).

    They count on the upper side (see :class:`QuadrantCuts`); notebook 03 names them so the
    reader knows which groups rest on that rule.
    """
    hit = (usecases["market_demand"] - cuts.demand).abs().lt(CUT_TOLERANCE) | (
        usecases["tech_maturity"] - cuts.maturity
    ).abs().lt(CUT_TOLERANCE)
    return usecases[hit]


#: Kendall's W from which a ranking reads as robust to the weights, and as moderately sensitive.
ROBUST_W, MODERATE_W = 0.9, 0.7


def rank_stability(kendall_w: float) -> str:
    """How a ranking reads from Kendall's W over the sensitivity draws (workbench judgement).

    ``"robust"`` from :data:`ROBUST_W` (0.9), ``"moderately sensitive"`` from :data:`MODERATE_W`
    (0.7), ``"sensitive"`` below.
    """
    return "robust" if kendall_w >= ROBUST_W else "moderately sensitive" if kendall_w >= MODERATE_W else "sensitive"


def rank_moves(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """How each use case's rank changes between two ranked tables (:func:`prioritise` outputs).

    Returns ``id, name, rank_before, rank_after, change`` (``change = rank_before - rank_after``:
    positive = moved up), in the order of ``before``.
    """
    moves = before[["id", "name", "rank"]].merge(after[["id", "rank"]], on="id", suffixes=("_before", "_after"))
    moves["change"] = moves["rank_before"] - moves["rank_after"]
    return moves
