"""Parameters of ``notebooks/03_use_case_prioritization.ipynb`` (defaults: ``params/03_use_case_prioritization.yaml``).

Example organisation profiles: ``params/usecases/*.yaml`` (each ``notebook: 03_use_case_prioritization``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from scrm_lib.params import InputPath, NotebookParams, yes_no_answers

Score = Annotated[float, Field(ge=0.0, le=5.0)]
Weight = Annotated[float, Field(ge=0.0)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]

#: Default questionnaire answers: an illustrative organisation at the developing stage.
DEFAULT_ANSWERS: dict[str, str] = {
    "listening": "yes", "channel_discovery": "yes", "brand_engagement": "yes",
    "engagement_metrics": "yes", "service_on_social": "partly", "marketing_and_service": "no",
    "response_time": "no", "share_of_voice": "partly", "sentiment_measured": "partly",
    "cross_discipline_team": "no", "escalation_plan": "no", "metric_correlation": "no",
    "benchmarks": "no", "social_in_crm": "no", "social_personas": "no",
}


class Params(NotebookParams):
    """Use-case prioritization: data, organisation profile, scoring, roadmap and sensitivity."""

    #: Use-case file in the use-case schema (the 18 Altimeter 2010 use cases by default).
    usecases_path: InputPath = "data/samples/usecases.csv"
    #: Who the assessment is for (shown in titles and the summary).
    organisation: str = "Example organisation (illustrative profile)"
    #: Maturity questionnaire answers: question id (scrm_lib/analysis/maturity.yaml) -> yes / partly / no.
    answers: dict[str, str] = DEFAULT_ANSWERS
    #: Share of a stage's practices that must be in place for the stage to count as reached.
    stage_pass_mark: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    #: Force a stage instead of the questionnaire's result (None = use the questionnaire).
    maturity_stage: str | None = None
    #: Business goals (keys of scrm_lib/usecase_fit.yaml) that drive the goal-fit term.
    goals: list[str] = ["cut_support_cost", "grow_sales"]
    #: Weight of goal fit vs stage fit inside organisational fit.
    goal_share: Share = 0.5
    #: Priority weights (only their ratios matter).
    weight_demand: Weight = 0.4
    weight_maturity: Weight = 0.3
    weight_fit: Weight = 0.3
    #: Demand cut on the 0–5 scale; None = 16 months read linearly (6 mo = 5, 24 mo = 0) ≈ 2.22.
    demand_cut: float | None = None
    #: Maturity cut on the 0–5 scale: "beta-ready" taken as the scale midpoint.
    maturity_cut: Score = 2.5
    #: Use cases a team can start per wave, and the length of a wave.
    wave_capacity: Annotated[int, Field(ge=1)] = 4
    months_per_wave: Annotated[int, Field(ge=1)] = 3
    #: Sensitivity: "top k" for P(top k), draws, cut uncertainty (±, score units),
    #: Dirichlet concentration around the weights (higher = tighter), seed.
    top_k: Annotated[int, Field(ge=1)] = 5
    n_draws: Annotated[int, Field(ge=100)] = 10_000
    cut_uncertainty: Annotated[float, Field(ge=0.0, le=2.5)] = 0.25
    weight_concentration: Annotated[float, Field(gt=0.0)] = 50.0
    seed: int = 42

    #: Course options (scrm_lib.reports.course): exercise cells, and whether their solutions are kept.
    show_exercises: bool = True
    show_solutions: bool = False

    @field_validator("goals")
    @classmethod
    def _known_goals(cls, goals: list[str]) -> list[str]:
        from scrm_lib.analysis.usecases import business_goals

        known = business_goals()
        bad = [g for g in goals if g not in known]
        if bad:
            raise ValueError(f"unknown goal(s) {bad}; expected some of {known}")
        if len(set(goals)) != len(goals):
            raise ValueError("a goal is listed twice")
        return goals

    @field_validator("answers", mode="before")
    @classmethod
    def _yaml_booleans(cls, answers: object) -> object:
        """YAML reads unquoted yes/no as booleans (:func:`scrm_lib.params.yes_no_answers`)."""
        return yes_no_answers(answers)

    @field_validator("answers")
    @classmethod
    def _known_questions(cls, answers: dict[str, str]) -> dict[str, str]:
        from scrm_lib.analysis.maturity import ANSWER_VALUES, questions

        known = list(questions()["id"])
        bad = [k for k in answers if k not in known]
        if bad:
            raise ValueError(f"unknown question id(s) {bad}; expected some of {known}")
        norm = {k: v.strip().lower() for k, v in answers.items()}
        odd = {k: v for k, v in norm.items() if v not in ANSWER_VALUES}
        if odd:
            raise ValueError(f"answers must be one of {list(ANSWER_VALUES)}; got {odd}")
        return norm

    @field_validator("maturity_stage")
    @classmethod
    def _known_stage(cls, stage: str | None) -> str | None:
        from scrm_lib.analysis.maturity import STAGES

        if stage is not None and stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r}; expected one of {list(STAGES)} or null")
        return stage

    @field_validator("demand_cut")
    @classmethod
    def _cut_on_scale(cls, cut: float | None) -> float | None:
        if cut is not None and not 0.0 <= cut <= 5.0:
            raise ValueError(f"expected a number in [0, 5] or null, got {cut}")
        return cut

    @model_validator(mode="after")
    def _some_weight(self) -> Params:
        if self.weight_demand + self.weight_maturity + self.weight_fit <= 0:
            raise ValueError("weights: at least one of weight_demand, weight_maturity, weight_fit must be > 0")
        return self
