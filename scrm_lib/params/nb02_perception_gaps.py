"""Parameters of notebook 02_perception_gaps (consumer vs executive perception gaps)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from scrm_lib.params import InputPath, NotebookParams, OptionalInputPath


def _one_of(*choices: str):
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    return AfterValidator(check)


# Choices are checked by validators (the field type stays ``str``, as in the parameters
# cell, which papermill can parse; ``Literal[...]`` there would not be read by papermill).
Correction = Annotated[str, _one_of("holm", "fdr_bh", "none")]
IntervalMethod = Annotated[str, _one_of("wilson", "agresti_coull")]
TestMethod = Annotated[str, _one_of("auto", "z", "fisher")]


class Params(NotebookParams):
    """Defaults equal ``params/02_perception_gaps.yaml``."""

    #: Respondent-level (or aggregated) survey file, see scrm_lib.data.schemas.survey.
    survey_path: InputPath = "data/samples/survey_ibm2011_synthetic.csv"
    #: Published figures (one number per row with its source); None skips the published views.
    published_path: OptionalInputPath = "data/samples/ibm2011_published.csv"
    #: Aggregated targets saying which cells of a synthetic sample are published; None if not synthetic.
    targets_path: OptionalInputPath = "data/samples/survey_ibm2011_synthetic_targets.csv"
    #: The two groups as written in the file; gap = group_b - group_a.
    group_a: str = "consumer"
    group_b: str = "executive"
    #: Display names of the groups.
    label_a: str = "Consumers"
    label_b: str = "Executives"
    #: Yes/no items to compare; empty = every item except the Likert items.
    items: list[str] = []
    #: Likert items (codes 1..L, or labels), shown as diverging bars.
    likert_items: list[str] = ["advocacy"]
    #: Level labels of the Likert items, negative to positive (code 1 = first).
    likert_levels: list[str] = ["disagree", "neutral", "agree"]
    #: Significance level and interval level (1 - alpha).
    alpha: float = Field(0.05, gt=0, lt=0.5)
    correction: Correction = "holm"
    interval_method: IntervalMethod = "wilson"
    test: TestMethod = "auto"
    #: Size of the top and bottom sets for rank reversals.
    top_k: int = Field(2, ge=1)
    #: Segment columns for the segment breakdowns (e.g. generation, country); [] skips them.
    segment_columns: list[str] = ["generation", "country"]
    #: Bootstrap replicates for the rank-correlation intervals.
    n_boot: int = Field(2000, ge=100)
    seed: int = 2011

    @model_validator(mode="after")
    def _distinct_groups(self) -> Params:
        if self.group_a == self.group_b:
            raise ValueError(f"group_a and group_b must differ (both are {self.group_a!r})")
        if len(self.likert_levels) < 2:
            raise ValueError("likert_levels needs at least two levels")
        return self
