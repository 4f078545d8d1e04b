"""Parameters of ``notebooks/07_social_media_audit.ipynb`` (defaults: ``params/07_social_media_audit.yaml``).

Example audits: ``params/audit/*.yaml`` (each ``notebook: 07_social_media_audit``).
"""

from __future__ import annotations

import os
from typing import Annotated, ClassVar

from pydantic import Field, field_validator, model_validator

from scrm_lib.core.labels import TRAIT_LABELS
from scrm_lib.data.registry import check_format
from scrm_lib.params import Engine, InputPath, IsoDate, ModelRef, NotebookParams
from scrm_lib.reports.course import check_sections

#: The parts of the audit (cells tagged ``section-<name>``).
SECTIONS = ("presence", "engagement", "responsiveness", "conversation", "share_of_voice", "integration", "scorecard")


class Params(NotebookParams):
    """The social media audit of one brand against its competitors (the course's final assignment)."""

    #: Renamed in issue 14 (one name per idea across notebooks); the old names still work, with a warning.
    deprecated_aliases: ClassVar[dict[str, str]] = {"pseudonymise": "privacy_mode", "pseudonym_salt": "privacy_salt"}

    #: Mentions file (CSV/JSONL/Parquet) in the canonical schema, or the real airline tweets.
    mentions_path: InputPath = "data/samples/mentions.csv"
    #: A mentions format of scrm_lib.data.registry (`scrm formats --kind mentions`): canonical (the
    #: mentions schema), airline (Kaggle Tweets.csv) or twcs (Customer Support on Twitter).
    mentions_format: str = "canonical"
    #: The audited brand (as in the ``brand`` column) and the competitors it is compared with.
    brand: str = "Nimbus"
    competitors: list[str] = ["Kestrel", "Voltra", "Halcyon"]
    #: Channels no brand owns (earned media such as news): kept out of presence and responsiveness.
    earned_channels: list[str] = ["news"]
    #: Audit date (``YYYY-MM-DD``) for "days since the last post"; None = the last post in the data.
    as_of: IsoDate = None
    #: A channel is alive with a brand post within ``alive_days``, abandoned after ``abandoned_days``.
    alive_days: Annotated[int, Field(ge=1)] = 14
    abandoned_days: Annotated[int, Field(ge=1)] = 45
    #: Service level: minutes to the first reply.
    sla_minutes: Annotated[int, Field(ge=1)] = 60
    #: Customer traits whose posts expect an answer (responsiveness counts only those).
    reply_traits: list[str] = ["venting", "past", "future"]
    #: Scorecard thresholds (copy and edit the default to grade differently).
    thresholds_path: InputPath = "scrm_lib/rules/audit_thresholds.yaml"
    #: Models of the scoring step (scrm_lib.metrics.triage.score_posts).
    #: Sentiment: the best learned model ("accurate": highest macro-recall on TweetEval val, the
    #: selection set; 0.70 on the airline tweets vs VADER's lexicon), VADER stays available as "vader".
    sentiment_model: ModelRef = "accurate"
    trait_model: ModelRef = "trait"
    #: Where the posts are scored: pandas (this process, cached scores) or dask (map_partitions on a
    #: Dask LocalCluster, scrm_lib.engine.score_posts). Same scores.
    engine: Engine = "pandas"
    #: Real data: replace authors, post ids and @handles by salted hashes before anything is shown.
    privacy_mode: bool = False
    #: Salt of the pseudonyms; the environment variable SCRM_PSEUDONYM_SALT takes precedence.
    privacy_salt: str = ""
    #: Public brand accounts kept as they are in post texts when pseudonymising (e.g. "united").
    public_handles: list[str] = []
    #: One sentence on where the data come from, shown under tables and figures.
    data_note: str = "Synthetic sample data made by `scrm samples` (seeded generator): no real customers or brands."
    #: Course options: exercises, solutions, parts of the notebook (see scrm_lib.reports.course).
    show_exercises: bool = True
    show_solutions: bool = False
    sections: list[str] | None = None
    #: Hide the code in the HTML report (a report to hand in).
    hide_code: bool = False

    @field_validator("mentions_format")
    @classmethod
    def _format(cls, v: str) -> str:
        return check_format(v, "mentions")

    @field_validator("reply_traits")
    @classmethod
    def _traits(cls, v: list[str]) -> list[str]:
        bad = [t for t in v if t not in TRAIT_LABELS]
        if bad:
            raise ValueError(f"unknown trait(s) {bad}; choose from {list(TRAIT_LABELS)}")
        return v

    @field_validator("sections")
    @classmethod
    def _sections(cls, v: list[str] | None) -> list[str] | None:
        return check_sections(v, SECTIONS)

    @model_validator(mode="after")
    def _consistent(self) -> Params:
        if self.brand in self.competitors:
            raise ValueError(f"competitors: the audited brand {self.brand!r} cannot be its own competitor")
        if self.privacy_mode and not (self.privacy_salt or os.environ.get("SCRM_PSEUDONYM_SALT")):
            raise ValueError("privacy_mode: needs a salt (privacy_salt, or SCRM_PSEUDONYM_SALT in the environment)")
        if self.abandoned_days <= self.alive_days:
            raise ValueError("abandoned_days must be larger than alive_days")
        return self
