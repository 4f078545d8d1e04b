"""Social CRM use cases: quadrants, priority, roadmap and sensitivity (issue 5).

The Altimeter Group study (Wang & Owyang, 2010; DOMAIN.md §6) scores 18 social CRM
use cases 0–5 on **market demand** (5 = wanted within 6 months, 0 = more than 2 years
away) and **technology maturity** (5 = solutions with a critical mass of customers,
0 = vaporware), and sorts them into four groups. This module turns that table (or a
user's own list in the same schema, see :mod:`scrm_lib.data.schemas.usecases`) into

- a **quadrant** per use case, with the cut points as parameters (:func:`classify`);
- a **priority score** mixing demand, maturity and organisational fit
  (:func:`priority_scores`, :func:`organisational_fit`);
- a **roadmap** of waves honouring "all use cases start with listening"
  (:func:`dependency_edges`, :func:`schedule_waves`);
- a vectorised **Monte Carlo sensitivity analysis** over the weights and the cut points
  (:func:`sensitivity`).

Everything is a pure function of a use-case frame (columns ``id, name, category,
market_demand, tech_maturity, source``) and parameters; randomness takes a seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import ParamsError

# ---------------------------------------------------------------------------
# The published table
# ---------------------------------------------------------------------------

#: Where the 18 use cases and their scores come from.
ALTIMETER_SOURCE = "Altimeter Group, Wang & Owyang (2010): social CRM use cases scored on market demand and technology maturity"

#: The 18 use cases exactly as published: (id, name, category, market demand, technology maturity).
ALTIMETER_USE_CASES: tuple[tuple[str, str, str, float, float], ...] = (
    ("F1", "Social Customer Insights", "foundation", 4.50, 4.00),
    ("M1", "Social Marketing Insights", "marketing", 4.00, 4.00),
    ("M2", "Rapid Social Marketing Response", "marketing", 3.50, 1.75),
    ("M3", "Social Campaign Tracking", "marketing", 1.00, 1.00),
    ("M4", "Social Event Management", "marketing", 1.00, 2.50),
    ("S1", "Social Sales Insights", "sales", 3.30, 2.60),
    ("S2", "Rapid Social Sales Response", "sales", 2.40, 3.10),
    ("S3", "Proactive Social Lead Generation", "sales", 4.25, 3.00),
    ("SP1", "Social Support Insights", "support", 4.75, 4.25),
    ("SP2", "Rapid Social Response", "support", 4.75, 4.00),
    ("SP3", "Peer-to-Peer Unpaid Armies", "support", 4.65, 3.80),
    ("I1", "Innovation Insights", "innovation", 0.75, 1.25),
    ("I2", "Crowdsourced R&D", "innovation", 2.00, 3.50),
    ("C1", "Collaboration Insights", "collaboration", 2.00, 2.00),
    ("C2", "Enterprise Collaboration", "collaboration", 3.50, 4.80),
    ("C3", "Extended Collaboration", "collaboration", 2.25, 4.00),
    ("CX1", "Seamless Customer Experience", "customer experience", 3.00, 2.50),
    ("CX2", "VIP Experience", "customer experience", 2.25, 2.25),
)

#: Column order of a use-case frame.
USECASE_COLUMNS = ["id", "name", "category", "market_demand", "tech_maturity", "source"]


def published_table() -> pd.DataFrame:
    """The 18 Altimeter (2010) use cases as a plain frame (not yet validated).

    Used by the sample generator to write ``data/samples/usecases.csv``.
    """
    df = pd.DataFrame(ALTIMETER_USE_CASES, columns=USECASE_COLUMNS[:5])
    df["source"] = ALTIMETER_SOURCE
    return df


def published_use_cases() -> pd.DataFrame:
    """The 18 published use cases, validated through the use-case schema."""
    from scrm_lib.data.schemas.usecases import validate_frame

    return validate_frame(published_table(), source="Altimeter (2010) published table")


def load_use_cases(path: str | Path) -> pd.DataFrame:
    """Load and validate a use-case file (CSV in the use-case schema).

    Thin wrapper over :func:`scrm_lib.data.io.load_usecases`; raises
    :class:`~scrm_lib.core.errors.DataValidationError` naming file, line, column, found and
    expected for a score outside 0–5, a duplicate id, a missing column or an unknown
    category.
    """
    from scrm_lib.data.io import load_usecases

    return load_usecases(path)


# ---------------------------------------------------------------------------
# Quadrants
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Organisational fit and priority
# ---------------------------------------------------------------------------

_FIT_TABLE = PACKAGE_DIR / "usecase_fit.yaml"


@cache
def fit_table() -> dict[str, dict[str, Any]]:
    """The goals → category relevance table (``scrm_lib/usecase_fit.yaml``)."""
    data = yaml.safe_load(_FIT_TABLE.read_text(encoding="utf-8"))
    return data["goals"]


def business_goals() -> list[str]:
    """The goal names a notebook may choose from (keys of the fit table)."""
    return list(fit_table())


def goal_fit(usecases: pd.DataFrame, goals: Sequence[str]) -> pd.Series:
    """How directly each use case serves the chosen business goals, in [0, 1].

    ``goal_fit = max over goals g of relevance[g][category]`` (0 for a category the
    goal's row does not list). The table is ``scrm_lib/usecase_fit.yaml``.

    Raises:
        ParamsError: for a goal not in the table (naming the known goals).
    """
    table = fit_table()
    unknown = [g for g in goals if g not in table]
    if unknown:
        raise ParamsError("goals", [f"unknown business goal {g!r}; expected one of {sorted(table)}" for g in unknown])
    if not goals:
        return pd.Series(np.nan, index=usecases.index, name="goal_fit")
    cats = usecases["category"].astype(str)
    values = np.column_stack([cats.map(table[g]["relevance"]).fillna(0.0).to_numpy(float) for g in goals])
    return pd.Series(values.max(axis=1), index=usecases.index, name="goal_fit")


#: Stage fit of a use case recommended at the organisation's stage or an earlier one,
#: at the next stage, and further ahead; and of an id no stage recommends.
STAGE_FIT_NOW, STAGE_FIT_NEXT, STAGE_FIT_LATER, STAGE_FIT_UNKNOWN = 1.0, 0.5, 0.0, 0.5


def stage_fit(usecases: pd.DataFrame, stage: str) -> pd.Series:
    """How ready an organisation at maturity ``stage`` is for each use case, in [0, 1].

    From the stages' ``recommended_use_cases`` in ``scrm_lib/analysis/maturity.yaml``: 1.0 when
    the use case is recommended at ``stage`` or an earlier stage, 0.5 at the next stage,
    0.0 two or more stages ahead, and 0.5 (neutral) for an id no stage lists (a user's
    own use cases).
    """
    from scrm_lib.analysis.maturity import STAGES, recommended_stage_of

    if stage not in STAGES:
        raise ParamsError("maturity stage", [f"unknown stage {stage!r}; expected one of {list(STAGES)}"])
    here = STAGES.index(stage)
    where = recommended_stage_of()
    out = []
    for uid in usecases["id"].astype(str):
        s = where.get(uid)
        if s is None:
            out.append(STAGE_FIT_UNKNOWN)
            continue
        ahead = STAGES.index(s) - here
        out.append(STAGE_FIT_NOW if ahead <= 0 else STAGE_FIT_NEXT if ahead == 1 else STAGE_FIT_LATER)
    return pd.Series(out, index=usecases.index, name="stage_fit", dtype=float)


def organisational_fit(
    usecases: pd.DataFrame, stage: str, goals: Sequence[str], goal_share: float = 0.5
) -> pd.Series:
    """Organisational fit in [0, 1]: ``goal_share * goal_fit + (1 - goal_share) * stage_fit``.

    With no goals chosen the fit is the stage fit alone.
    """
    if not 0.0 <= goal_share <= 1.0:
        raise ParamsError("fit", [f"goal_share: expected a number in [0, 1], got {goal_share!r}"])
    s = stage_fit(usecases, stage)
    if not goals:
        return s.rename("fit")
    g = goal_fit(usecases, goals)
    return (goal_share * g + (1.0 - goal_share) * s).rename("fit")


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


# ---------------------------------------------------------------------------
# Roadmap
# ---------------------------------------------------------------------------

#: Order of operations within a category (DOMAIN.md §6): insights → rapid response → proactive.
STEPS: tuple[str, ...] = ("insights", "reactive", "proactive")
#: The category whose use cases every other category's first step depends on.
FOUNDATION = "foundation"


def infer_step(name: str) -> str:
    """The step of a use case from its name, for lists without a ``step`` column.

    Rule: a name containing "insight" → ``insights``; else containing "rapid" or
    "response" → ``reactive``; otherwise ``proactive``. On the 18 Altimeter use cases
    this gives F1, M1, S1, SP1, I1, C1 = insights; M2, S2, SP2 = reactive; the rest proactive.
    """
    n = name.lower()
    if "insight" in n:
        return "insights"
    if "rapid" in n or "response" in n:
        return "reactive"
    return "proactive"


def use_case_steps(usecases: pd.DataFrame) -> pd.Series:
    """The step of each use case: the optional ``step`` column if present, else :func:`infer_step`."""
    if "step" in usecases.columns:
        steps = usecases["step"].astype(str).str.strip().str.lower()
        bad = sorted(set(steps) - set(STEPS))
        if bad:
            raise ParamsError("use-case steps", [f"column 'step': unknown value(s) {bad}; expected one of {list(STEPS)}"])
        return pd.Series(steps.to_numpy(), index=usecases.index, name="step")
    return usecases["name"].astype(str).map(infer_step).rename("step")


def dependency_edges(usecases: pd.DataFrame) -> list[tuple[str, str]]:
    """Prerequisite edges ``(before, after)`` of "all use cases start with listening".

    - Every use case of the *first* step present in a non-foundation category depends on
      every use case of the ``foundation`` category (F1 before M1, S1, SP1, I1, C1; and
      before CX1, CX2, since customer experience has no insights use case).
    - Within a category, each use case depends on every use case of the nearest earlier
      step present (insights → reactive → proactive): M1 → M2 → {M3, M4}; C1 → {C2, C3}.
    - Within the foundation category the same step order applies.
    """
    steps = use_case_steps(usecases)
    ids = usecases["id"].astype(str)
    cats = usecases["category"].astype(str)
    foundation_ids = list(ids[cats == FOUNDATION])
    edges: list[tuple[str, str]] = []
    for cat in pd.unique(cats):
        in_cat = cats == cat
        levels = sorted({STEPS.index(s) for s in steps[in_cat]})
        by_level = {lv: list(ids[in_cat & (steps == STEPS[lv])]) for lv in levels}
        for prev, lv in zip(levels, levels[1:], strict=False):
            edges += [(a, b) for a in by_level[prev] for b in by_level[lv]]
        if cat != FOUNDATION and levels:
            edges += [(f, b) for f in foundation_ids for b in by_level[levels[0]]]
    return edges


def schedule_waves(
    usecases: pd.DataFrame,
    priority: pd.Series | np.ndarray,
    capacity: int,
    edges: Iterable[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Schedule use cases into waves that honour every dependency.

    A use case is *ready* in wave k when all its prerequisites are in waves < k. Each wave
    takes up to ``capacity`` ready use cases, highest priority first (ties: input order).
    This is a topological order (Kahn's algorithm) in layers, so a use case is never in
    the same or an earlier wave than anything it depends on.

    Returns:
        Frame with ``id``, ``wave`` (1-based), ``order`` (position in the schedule),
        ``priority`` and ``depends_on`` (comma-separated ids), in schedule order.

    Raises:
        ParamsError: capacity < 1, an edge naming an unknown id, or a dependency cycle.
    """
    if capacity < 1:
        raise ParamsError("roadmap", [f"wave capacity must be >= 1, got {capacity}"])
    ids = list(usecases["id"].astype(str))
    pos = {u: i for i, u in enumerate(ids)}
    edges = dependency_edges(usecases) if edges is None else list(edges)
    unknown = sorted({u for e in edges for u in e if u not in pos})
    if unknown:
        raise ParamsError("roadmap", [f"dependency names unknown use case id(s) {unknown}"])
    prio = np.asarray(priority, dtype=float)
    prereq: dict[str, set[str]] = {u: set() for u in ids}
    for a, b in edges:
        prereq[b].add(a)
    done: set[str] = set()
    rows = []
    wave = 0
    while len(done) < len(ids):
        wave += 1
        ready = [u for u in ids if u not in done and prereq[u] <= done]
        if not ready:
            left = sorted(set(ids) - done)
            raise ParamsError("roadmap", [f"dependency cycle among {left}"])
        ready.sort(key=lambda u: (-prio[pos[u]], pos[u]))
        chosen = ready[:capacity]
        for u in chosen:
            rows.append({"id": u, "wave": wave, "priority": prio[pos[u]], "depends_on": ", ".join(sorted(prereq[u]))})
        done |= set(chosen)
    out = pd.DataFrame(rows)
    out.insert(2, "order", np.arange(1, len(out) + 1))
    return out


def roadmap(
    ranked: pd.DataFrame, capacity: int, months_per_wave: float = 3.0
) -> pd.DataFrame:
    """The roadmap of a ranked table (from :func:`prioritise`): waves with start/end months.

    ``start_month = (wave - 1) * months_per_wave``, ``end_month = wave * months_per_wave``.
    """
    if months_per_wave <= 0:
        raise ParamsError("roadmap", [f"months_per_wave must be > 0, got {months_per_wave}"])
    sched = schedule_waves(ranked, ranked["priority"], capacity)
    info = ranked.set_index(ranked["id"].astype(str))
    sched["name"] = sched["id"].map(info["name"])
    sched["category"] = sched["id"].map(info["category"].astype(str))
    sched["group"] = sched["id"].map(info["group"].astype(str))
    sched["rank"] = sched["id"].map(info["rank"])
    sched["start_month"] = (sched["wave"] - 1) * months_per_wave
    sched["end_month"] = sched["wave"] * months_per_wave
    return sched


# ---------------------------------------------------------------------------
# Sensitivity
# ---------------------------------------------------------------------------


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



# ---------------------------------------------------------------------------
# One call for a notebook (and its widgets)
# ---------------------------------------------------------------------------


@dataclass
class UseCasePlan:
    """Everything the notebook shows for one organisation and one set of assumptions.

    Attributes:
        assessment: the maturity self-assessment (:class:`scrm_lib.analysis.maturity.Assessment`).
        stage: the stage used for the fit term (the assessment's, unless overridden).
        ranked: :func:`prioritise` output (sorted by rank).
        roadmap: :func:`roadmap` output (schedule order).
        cuts, weights: the assumptions used.
    """

    assessment: Any
    stage: str
    ranked: pd.DataFrame
    roadmap: pd.DataFrame
    cuts: QuadrantCuts
    weights: Weights
    goals: list[str]

    def fit_in_input_order(self, usecases: pd.DataFrame) -> np.ndarray:
        """The fit values aligned with ``usecases`` rows (for :func:`sensitivity`)."""
        return self.ranked.set_index(self.ranked["id"].astype(str)).loc[usecases["id"].astype(str), "fit"].to_numpy(float)


def build_plan(
    usecases: pd.DataFrame,
    *,
    answers: Mapping[str, str],
    goals: Sequence[str] = (),
    pass_mark: float = 0.5,
    stage_override: str | None = None,
    goal_share: float = 0.5,
    weights: Weights | None = None,
    cuts: QuadrantCuts | None = None,
    capacity: int = 4,
    months_per_wave: float = 3.0,
) -> UseCasePlan:
    """Assess maturity, then classify, prioritise and schedule the use cases.

    The stage feeding the fit term is ``stage_override`` when given, else the
    questionnaire's stage (:func:`scrm_lib.analysis.maturity.assess`).
    """
    from scrm_lib.analysis.maturity import assess

    assessment = assess(answers, pass_mark=pass_mark)
    stage = stage_override or assessment.stage
    weights = weights or Weights()
    cuts = cuts or QuadrantCuts()
    ranked = prioritise(usecases, stage=stage, goals=list(goals), weights=weights, cuts=cuts, goal_share=goal_share)
    plan = roadmap(ranked, capacity=capacity, months_per_wave=months_per_wave)
    return UseCasePlan(assessment, stage, ranked, plan, cuts, weights, list(goals))
