"""Parameters of ``notebooks/01_listening_analysis.ipynb`` (defaults: ``params/01_listening_analysis.yaml``).

Variants: ``params/listening/airline.yaml`` (real airline tweets), ``params/listening/twcs.yaml``
(real customer-support threads).
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, model_validator

from scrm_lib.data.registry import check_format
from scrm_lib.params import (
    Engine,
    InputPath,
    InputPaths,
    IsoDate,
    NotebookParams,
    OptionalInputPath,
)


def _one_of(*choices: str):
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    return AfterValidator(check)


def _sentiment_source(value: str) -> str:
    # "auto", "column", "vader", or the name of a model of scrm_lib.modeling.scoring (issue 6),
    # which checks its own names when the notebook runs.
    if value in ("auto", "column", "vader"):
        return value
    if not value.strip():
        raise ValueError("expected auto, column, vader or a model name, got an empty string")
    return value


#: A mentions format of scrm_lib.data.registry (an old name is accepted with a warning).
DataFormat = Annotated[str, AfterValidator(check_format)]
Period = Annotated[str, _one_of("h", "D", "W", "M", "Q")]
SpikePeriod = Annotated[str, _one_of("auto", "h", "D", "W", "M", "Q")]
NetFormula = Annotated[str, _one_of("talkwalker", "net_sentiment_score", "brand_health")]
SentimentSource = Annotated[str, AfterValidator(_sentiment_source)]


class Params(NotebookParams):
    """Listening analysis: data, brands, periods, sentiment, spikes, roles, themes, SLA, privacy."""

    #: Renamed in issue 14 (one name per idea across notebooks); the old names still work, with a warning.
    deprecated_aliases: ClassVar[dict[str, str]] = {"data_format": "mentions_format",
                                                    "sentiment_source": "sentiment_model"}

    #: Mentions file (CSV / JSON Lines / Parquet), or a real data set's file with mentions_format.
    mentions_path: InputPath = "data/samples/mentions.csv"
    #: A mentions format (`scrm formats --kind mentions`): canonical (any file in the mentions schema,
    #: optionally with mapping_path), airline (Kaggle Tweets.csv) or twcs (Customer Support on Twitter).
    mentions_format: DataFormat = "canonical"
    #: Further files in the same format, stacked onto mentions_path (a post_id in two files is an error).
    more_mentions_paths: InputPaths = []
    #: Column-mapping YAML for a platform export (docs/data-formats.md); canonical format only.
    mapping_path: OptionalInputPath = None
    #: One sentence saying where the data come from, shown with the figures.
    data_note: str = "Synthetic sample data made by `scrm samples` (seeded generator): no real customers or brands."
    #: The brand the analysis is for (None = the most-mentioned brand) and its competitors ([] = all others).
    focal_brand: str | None = "Nimbus"
    competitors: list[str] = []
    #: First and last UTC day to include (None = all).
    date_from: IsoDate = None
    date_to: IsoDate = None
    #: Period of the trend views (h, D, W, M, Q) and of spike detection.
    period: Period = "W"
    #: spike_period "auto": hourly under 4 days of data, daily up to 26 weeks, weekly beyond
    #: (scrm_lib.metrics.overview.spike_period_for).
    spike_period: SpikePeriod = "auto"
    #: Spike detection: baseline window (periods), sensitivity (z threshold: lower flags more),
    #: smallest excess over the baseline that counts.
    spike_window: Annotated[int, Field(ge=3)] = 28
    spike_sensitivity: Annotated[float, Field(gt=0)] = 3.5
    spike_min_excess: Annotated[float, Field(ge=0)] = 5.0
    #: Periods of history needed before a period can be flagged (at most spike_window).
    spike_min_periods: Annotated[int, Field(ge=1)] = 14
    #: Variance ÷ mean of the counts assumed by the spike test's noise floor (1 = Poisson). The
    #: real-data values come from bench/spike_null.py (false-positive rate on null data).
    spike_dispersion: Annotated[float, Field(gt=0)] = 1.0
    #: Smallest baseline (posts per period) over which a burst counts: over one or two posts a
    #: period a burst cannot be told from how thin data were sampled.
    spike_min_baseline: Annotated[float, Field(ge=0)] = 3.0
    #: A file of terms that are names, not themes (airports, product codes, handles of other
    #: companies): one per line, # comments (scrm_lib.metrics.terms.load_entity_terms).
    entity_terms_path: OptionalInputPath = None
    #: A YAML aspect lexicon (aspect: [keywords]) for the aspect view (scrm_lib.metrics.aspects);
    #: null = scrm_lib/rules/aspects_customer_service.yaml.
    aspects_path: OptionalInputPath = None
    #: Before/after comparison date (UTC day the "after" period starts); null = the middle of the data.
    compare_date: IsoDate = None
    #: Where sentiment labels come from: auto (the file's column, else VADER), column, vader, or a model name.
    sentiment_model: SentimentSource = "auto"
    #: Where the summaries (share of voice, sentiment, reach, response times, volume, engagement) are
    #: computed: pandas (this process) or dask (a Dask LocalCluster; scrm_lib.engine). Same figures.
    engine: Engine = "pandas"
    #: talkwalker (pos-neg)/(pos+neg), net_sentiment_score (pos-neg)/all, brand_health pos/(pos+neg).
    net_sentiment_formula: NetFormula = "talkwalker"
    #: Response-time target in minutes.
    sla_minutes: Annotated[int, Field(gt=0)] = 60
    #: Pseudonymise author ids, post ids and @handles (salted hash) in every output (scrm_lib.text.privacy.pseudonymise).
    privacy_mode: bool = False
    privacy_salt: str = "scrm-workbench-example-salt"
    #: Public brand accounts kept readable in privacy mode, besides the authors of ``is_brand`` posts
    #: (e.g. ``united`` when the data hold no brand posts). Every other handle is hashed.
    public_handles: list[str] = []
    #: Influencers vs advocates thresholds.
    influencer_followers: Annotated[int, Field(ge=1)] = 10_000
    advocate_min_mentions: Annotated[int, Field(ge=1)] = 3
    advocate_min_positive_share: Annotated[float, Field(ge=0, le=1)] = 0.5
    advocate_min_active_days: Annotated[int, Field(ge=1)] = 10
    #: A categorical column to show as themes per brand (e.g. the airline file's negativereason).
    theme_column: str | None = None
    #: Terms per theme list and rows in top lists.
    n_terms: Annotated[int, Field(ge=1)] = 12
    top_n: Annotated[int, Field(ge=1)] = 10
    #: JSON file of injected events to check the spike detector against (synthetic samples only).
    events_path: OptionalInputPath = "data/samples/mentions_events.json"
    #: Course options (scrm_lib.reports.course): exercise cells shown, solution cells shown (session 5).
    show_exercises: bool = True
    show_solutions: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Params:
        if self.mapping_path is not None and self.mentions_format != "canonical":
            raise ValueError("mapping_path applies to mentions_format: canonical only")
        if self.privacy_mode and not self.privacy_salt:
            raise ValueError("privacy_salt: give a non-empty salt when privacy_mode is on")
        if self.spike_min_periods > self.spike_window:
            raise ValueError(f"spike_min_periods ({self.spike_min_periods}) cannot exceed spike_window ({self.spike_window})")
        if self.focal_brand is not None and self.focal_brand in self.competitors:
            raise ValueError(f"focal_brand {self.focal_brand!r} is also listed in competitors")
        return self
