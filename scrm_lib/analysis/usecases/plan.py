"""One call for a notebook (and its widgets): assess maturity, then classify, prioritise and schedule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.analysis.maturity import assess
from scrm_lib.analysis.usecases.fit import STAGE_FIT_LATER
from scrm_lib.analysis.usecases.roadmap import roadmap
from scrm_lib.analysis.usecases.scoring import QuadrantCuts, Weights, prioritise


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
    assessment = assess(answers, pass_mark=pass_mark)
    stage = stage_override or assessment.stage
    weights = weights or Weights()
    cuts = cuts or QuadrantCuts()
    ranked = prioritise(usecases, stage=stage, goals=list(goals), weights=weights, cuts=cuts, goal_share=goal_share)
    plan = roadmap(ranked, capacity=capacity, months_per_wave=months_per_wave)
    return UseCasePlan(assessment, stage, ranked, plan, cuts, weights, list(goals))


def early_ahead_of_stage(plan: UseCasePlan, waves: int = 2) -> pd.DataFrame:
    """Use cases scheduled in the first ``waves`` waves although two or more stages ahead (stage fit 0).

    The roadmap fills each wave by priority among the *ready* use cases; early on few are ready,
    so a use case the organisation is not mature enough for can land early. Notebook 03 flags
    these for the reader to defer or to raise the weight of fit. Returns the roadmap rows
    with their ``stage_fit``.
    """
    early = plan.roadmap[plan.roadmap["wave"] <= waves].merge(plan.ranked[["id", "stage_fit"]], on="id")
    return early[early["stage_fit"] == STAGE_FIT_LATER]
