"""Parameters of ``notebooks/06_advocate_program.ipynb`` (defaults: ``params/06_advocate_program.yaml``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from scrm_lib.params import InputPath, ModelRef, NotebookParams, OptionalInputPath


class Params(NotebookParams):
    """Advocates vs influencers and the advocate program's measurement pillar (course session 3)."""

    #: Mentions file and the brand whose community is measured; mentions_format: canonical (the
    #: mentions schema), airline (Twitter US Airline Sentiment) or twcs (Customer Support on Twitter).
    mentions_path: InputPath = "data/samples/mentions.csv"
    mentions_format: str = "canonical"
    brand: str = "Nimbus"
    #: Advocacy posts (positive, or trait advocate) that make an author an advocate / a member.
    min_positive: Annotated[int, Field(ge=1)] = 4
    #: ... and the share of their posts those must be (advocates praise consistently).
    min_share: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    #: Followers from which an author counts as an influencer (large reach).
    influencer_followers: Annotated[int, Field(ge=1)] = 10_000
    #: A member lapses after this many days without a post (attrition).
    active_days: Annotated[int, Field(ge=1)] = 30
    #: Period of the measurement pillar: W (weeks) or M (months).
    freq: str = "W"
    #: Recruitment: "recent" = posted within this many days of the data end; list length.
    recent_days: Annotated[int, Field(ge=1)] = 30
    top: Annotated[int, Field(ge=1)] = 15
    #: Models of the scoring step (scrm_lib.metrics.triage.score_posts).
    sentiment_model: ModelRef = "vader"
    trait_model: ModelRef = "trait"
    #: Real people: pseudonymise author ids and @handles (scrm_lib.metrics.listening.pseudonymise) before anything is shown.
    privacy_mode: bool = False
    privacy_salt: str = "scrm-workbench-example-salt"
    data_note: str = "Synthetic sample data made by `scrm samples` (seeded generator): no real customers or brands."
    #: Course options (scrm_lib.reports.course).
    show_exercises: bool = True
    show_solutions: bool = False
    #: Community member types (scrm_lib.analysis.community; the rule is the workbench's judgement).
    #: Activity table (scrm_lib.analysis.community.ACTIVITY_COLUMNS), or None = derive it from a conversation.
    community_activity_path: OptionalInputPath = "data/samples/community_activity.csv"
    #: The conversation to derive members from (None = mentions_path), its format and the brand.
    community_conversation_path: OptionalInputPath = None
    community_conversation_format: str = "canonical"
    community_brand: str | None = None
    #: Period of the member-type mix: M (months) or W (weeks).
    member_freq: str = "M"
    #: Periods with fewer active members are left out of the mix (too thin to read).
    member_min_period_members: Annotated[int, Field(ge=1)] = 10
    #: The member-type rule (scrm_lib.analysis.community.MemberTypeRule).
    member_min_actions: Annotated[int, Field(ge=1)] = 1
    member_reward_share: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    member_creator_min_original: Annotated[int, Field(ge=1)] = 2
    member_creator_share: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    member_contributor_min_replies: Annotated[int, Field(ge=1)] = 1

    @field_validator("member_freq")
    @classmethod
    def _member_freq(cls, v: str) -> str:
        if v not in ("W", "M"):
            raise ValueError("expected 'W' (weekly) or 'M' (monthly)")
        return v

    @field_validator("community_conversation_format")
    @classmethod
    def _conversation_format(cls, v: str) -> str:
        from scrm_lib.metrics.listening import DATA_FORMATS

        if v not in DATA_FORMATS:
            raise ValueError(f"expected one of {list(DATA_FORMATS)}")
        return v

    @field_validator("mentions_format")
    @classmethod
    def _format(cls, v: str) -> str:
        if v not in ("canonical", "airline", "twcs"):
            raise ValueError("expected 'canonical', 'airline' or 'twcs'")
        return v

    @field_validator("freq")
    @classmethod
    def _freq(cls, v: str) -> str:
        if v not in ("W", "M"):
            raise ValueError("expected 'W' (weekly) or 'M' (monthly)")
        return v
