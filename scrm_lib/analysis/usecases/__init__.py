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

The package, one module per job (this façade re-exports their public names, so notebooks keep
``from scrm_lib.analysis import usecases as uc`` and ``uc.build_plan(...)``):

- :mod:`~scrm_lib.analysis.usecases.catalogue`: the published table and loading a use-case file;
- :mod:`~scrm_lib.analysis.usecases.scoring`: quadrants, priority score, Monte Carlo sensitivity;
- :mod:`~scrm_lib.analysis.usecases.fit`: goal fit and stage fit (the organisational fit);
- :mod:`~scrm_lib.analysis.usecases.roadmap`: dependencies and waves;
- :mod:`~scrm_lib.analysis.usecases.plan`: one call for the notebooks (:func:`build_plan`).
"""

from scrm_lib.analysis.usecases.catalogue import (
    ALTIMETER_SOURCE,
    ALTIMETER_USE_CASES,
    USECASE_COLUMNS,
    load_use_cases,
    published_table,
    published_use_cases,
)
from scrm_lib.analysis.usecases.fit import (
    STAGE_FIT_LATER,
    STAGE_FIT_NEXT,
    STAGE_FIT_NOW,
    STAGE_FIT_UNKNOWN,
    business_goals,
    fit_table,
    goal_fit,
    organisational_fit,
    stage_fit,
)
from scrm_lib.analysis.usecases.plan import (
    UseCasePlan,
    build_plan,
    early_ahead_of_stage,
)
from scrm_lib.analysis.usecases.roadmap import (
    FOUNDATION,
    STEPS,
    dependency_edges,
    infer_step,
    roadmap,
    schedule_waves,
    use_case_steps,
)
from scrm_lib.analysis.usecases.scoring import (
    CUT_TOLERANCE,
    DEFAULT_DEMAND_CUT,
    DEFAULT_MATURITY_CUT,
    GROUPS,
    MODERATE_W,
    ROBUST_W,
    QuadrantCuts,
    SensitivityResult,
    Weights,
    classify,
    demand_score_to_months,
    group_can_flip,
    kendalls_w,
    months_to_demand_score,
    on_cut,
    prioritise,
    priority_scores,
    rank_by_priority,
    rank_moves,
    rank_stability,
    sensitivity,
)

__all__ = [
    "ALTIMETER_SOURCE",
    "ALTIMETER_USE_CASES",
    "USECASE_COLUMNS",
    "published_table",
    "published_use_cases",
    "load_use_cases",
    "fit_table",
    "business_goals",
    "goal_fit",
    "STAGE_FIT_NOW",
    "STAGE_FIT_NEXT",
    "STAGE_FIT_LATER",
    "STAGE_FIT_UNKNOWN",
    "stage_fit",
    "organisational_fit",
    "GROUPS",
    "CUT_TOLERANCE",
    "months_to_demand_score",
    "demand_score_to_months",
    "DEFAULT_DEMAND_CUT",
    "DEFAULT_MATURITY_CUT",
    "QuadrantCuts",
    "classify",
    "group_can_flip",
    "Weights",
    "priority_scores",
    "rank_by_priority",
    "prioritise",
    "SensitivityResult",
    "kendalls_w",
    "sensitivity",
    "on_cut",
    "ROBUST_W",
    "MODERATE_W",
    "rank_stability",
    "rank_moves",
    "STEPS",
    "FOUNDATION",
    "infer_step",
    "use_case_steps",
    "dependency_edges",
    "schedule_waves",
    "roadmap",
    "UseCasePlan",
    "build_plan",
    "early_ahead_of_stage",
]
