"""Parameters of ``notebooks/05_social_customer_and_triage.ipynb`` (defaults: ``params/05_social_customer_and_triage.yaml``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from scrm_lib.params import Engine, InputPath, ModelRef, NotebookParams
from scrm_lib.reports.course import check_sections

#: The parts of the notebook (cells tagged ``section-<name>``).
SECTIONS = ("traits", "triage", "micro_macro", "crisis", "sales")
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[float, Field(gt=0.0)]


class Params(NotebookParams):
    """The social customer (traits) and ARM triage: routing, micro vs macro, crisis protocol, sales leads."""

    #: Mentions file (canonical schema) and the brand whose inbound posts are triaged.
    mentions_path: InputPath = "data/samples/mentions.csv"
    brand: str = "Nimbus"
    #: The ARM decision table (rules are data: copy and edit it).
    decision_table_path: InputPath = "scrm_lib/rules/arm_decision_table.yaml"
    #: Models of the scoring step (scrm_lib.metrics.triage.score_posts).
    sentiment_model: ModelRef = "vader"
    trait_model: ModelRef = "trait"
    #: Where the posts are scored: pandas (this process, cached scores) or dask (map_partitions on a
    #: Dask LocalCluster, scrm_lib.engine.score_posts). Same scores.
    engine: Engine = "pandas"
    #: Abstain: traits with confidence below this become ``uncertain`` and the ARM table
    #: routes them to a person (``null`` = never abstain; the real-corpus choice is
    #: scrm_lib.modeling.presets.TRAIT_ABSTAIN_BELOW).
    trait_abstain_below: float | None = Field(default=None, ge=0.0, le=1.0)
    #: Folder of the public data sets (e.g. "{external}"): when set and present, section 1
    #: also shows hand-labelled real posts per trait with the model's confidence.
    real_posts_dir: str | None = None
    #: Example posts shown per trait; seed of every random draw (examples, clustering).
    examples_per_trait: Annotated[int, Field(ge=1, le=10)] = 3
    seed: int = 0
    #: Work queue: how many posts to show.
    queue_top: Annotated[int, Field(ge=1)] = 20
    #: Micro vs macro on venting/past posts: topic clusters and near-duplicates
    #: (scrm_lib.metrics.triage.complaint_clusters) ...
    n_clusters: Annotated[int, Field(ge=2, le=100)] = 16
    duplicate_threshold: Share = 0.8
    #: ... and macro issues (scrm_lib.metrics.triage.complaint_issues): a term used by at least
    #: issue_min_posts complaints, issue_min_concentration of them within issue_window_days.
    issue_min_posts: Annotated[int, Field(ge=2)] = 30
    issue_window_days: Annotated[int, Field(ge=1)] = 21
    issue_min_concentration: Share = 0.7
    #: Crisis protocol: trailing window, evaluation step, baseline, and the decision tree's thresholds.
    crisis_window: str = "24h"
    crisis_step: str = "1h"
    baseline_days: Annotated[int, Field(ge=1)] = 14
    watch_velocity: Positive = 2.2
    alert_velocity: Positive = 3.0
    watch_neg_share: Share = 0.45
    alert_neg_share: Share = 0.55
    crisis_reach: Annotated[int, Field(ge=0)] = 250_000
    min_volume: Annotated[int, Field(ge=1)] = 20
    data_note: str = "Synthetic sample data made by `scrm samples` (seeded generator): no real customers or brands."
    #: Course options (scrm_lib.reports.course).
    show_exercises: bool = True
    show_solutions: bool = False
    sections: list[str] | None = None

    @field_validator("sections")
    @classmethod
    def _sections(cls, v: list[str] | None) -> list[str] | None:
        return check_sections(v, SECTIONS)

    @field_validator("crisis_window", "crisis_step")
    @classmethod
    def _duration(cls, v: str) -> str:
        import pandas as pd

        try:
            if pd.Timedelta(v) <= pd.Timedelta(0):
                raise ValueError
        except ValueError:
            raise ValueError(f"expected a positive duration such as '24h' or '30min', got {v!r}") from None
        return v
