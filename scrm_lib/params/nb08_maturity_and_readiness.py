"""Parameters of ``notebooks/08_maturity_and_readiness.ipynb`` (defaults: ``params/08_maturity_and_readiness.yaml``).

Example profiles: ``params/readiness/*.yaml`` (each ``notebook: 08_maturity_and_readiness``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from scrm_lib.params import InputPath, NotebookParams, OptionalInputPath, yes_no_answers

Mark = Annotated[float, Field(gt=0.0, le=1.0)]

#: Default answers: the sample brand (Nimbus, fictional) as an instructor might assess it.
DEFAULT_ANSWERS: dict[str, str] = {
    "listening": "yes", "channel_discovery": "yes", "brand_engagement": "yes", "engagement_metrics": "yes",
    "service_on_social": "yes", "marketing_and_service": "partly", "response_time": "yes",
    "share_of_voice": "partly", "sentiment_measured": "partly", "cross_discipline_team": "no",
    "escalation_plan": "partly", "metric_correlation": "no", "benchmarks": "no", "social_in_crm": "no",
    "social_personas": "no", "vision_power_balance": "partly", "vision_accept_criticism": "partly",
    "strategy_segments": "yes", "strategy_social_per_segment": "no", "cx_expectations": "partly",
    "cx_feedback_loop": "partly", "collab_guidelines": "yes", "collab_customers": "partly",
    "processes_chosen": "partly", "processes_mass_collaboration": "no", "info_reach_weighting": "yes",
    "tech_market_review": "yes", "tech_connected": "no", "metrics_business_results": "no",
    "wang_hype_vs_reality": "yes", "wang_executive_support": "yes", "wang_fail_fast": "yes",
    "wang_vendor_selection": "yes", "wang_repeatable_pilots": "partly", "wang_pilot_metrics": "partly",
    "wang_enterprise_wide": "no", "wang_long_term_funding": "no", "wang_extended": "no", "wang_governance": "no",
    "ibm_projects": "yes", "ibm_programs": "yes", "ibm_programs_coordinated": "partly", "ibm_strategy": "no",
    "ibm_strategy_customer": "no",
}


class Params(NotebookParams):
    """Readiness across the frameworks of the readings, and the plan that follows (course session 4)."""

    #: Who the assessment is for (shown in titles and the summary).
    organisation: str = "Nimbus, the sample brand (fictional; assessed from the synthetic sample data)"
    #: Questionnaire answers: question id (scrm_lib/analysis/maturity.yaml, scrm_lib/analysis/readiness.yaml) -> yes / partly / no.
    answers: dict[str, str] = DEFAULT_ANSWERS
    #: "params" = the answers above; "survey" = the consensus of the class survey at ``survey_path``.
    answers_source: str = "params"
    #: Share of a stage's / phase's practices in place for it to count as reached.
    stage_pass_mark: Mark = 0.5
    #: Score every building block needs for the settler phase (workbench judgement).
    settler_mark: Mark = 0.5
    #: How many of the weakest building blocks to name.
    n_weakest: Annotated[int, Field(ge=1, le=8)] = 3
    #: The crosswalk of stages and phases: a stated assumption, not published.
    crosswalk_path: InputPath = "scrm_lib/framework_crosswalk.yaml"
    #: The use cases (notebook 03's schema) and the business goals for the feasible-use-case list.
    usecases_path: InputPath = "data/samples/usecases.csv"
    goals: list[str] = ["cut_support_cost", "defend_brand"]
    #: A class survey of this organisation (scrm_lib.analysis.readiness.SURVEY_COLUMNS), or None.
    survey_path: OptionalInputPath = "data/samples/readiness_class_survey.csv"
    #: Course options (scrm_lib.reports.course).
    show_exercises: bool = True
    show_solutions: bool = False

    @field_validator("answers", mode="before")
    @classmethod
    def _yaml_booleans(cls, answers: object) -> object:
        """YAML reads unquoted yes/no as booleans (:func:`scrm_lib.params.yes_no_answers`)."""
        return yes_no_answers(answers)

    @field_validator("answers")
    @classmethod
    def _known_questions(cls, answers: dict[str, str]) -> dict[str, str]:
        from scrm_lib.analysis.readiness import answer_problems

        problems = answer_problems(answers)
        if problems:
            raise ValueError("; ".join(problems))
        return {k: v.strip().lower() for k, v in answers.items()}

    @field_validator("answers_source")
    @classmethod
    def _source(cls, v: str) -> str:
        if v not in ("params", "survey"):
            raise ValueError("expected 'params' (the answers parameter) or 'survey' (the class survey's consensus)")
        return v

    @field_validator("goals")
    @classmethod
    def _known_goals(cls, goals: list[str]) -> list[str]:
        from scrm_lib.analysis.usecases import business_goals

        bad = [g for g in goals if g not in business_goals()]
        if bad:
            raise ValueError(f"unknown goal(s) {bad}; expected some of {business_goals()}")
        return goals

    @field_validator("crosswalk_path")
    @classmethod
    def _crosswalk(cls, path: str) -> str:
        from scrm_lib.analysis.readiness import load_crosswalk
        from scrm_lib.core.config import resolve_path
        from scrm_lib.core.errors import ParamsError

        try:
            load_crosswalk(resolve_path(path))
        except ParamsError as exc:
            raise ValueError(f"{exc.source}: " + "; ".join(exc.problems)) from None
        return path

    @model_validator(mode="after")
    def _survey_for_survey_answers(self) -> Params:
        if self.answers_source == "survey" and self.survey_path is None:
            raise ValueError("answers_source: 'survey' needs a survey_path")
        return self
