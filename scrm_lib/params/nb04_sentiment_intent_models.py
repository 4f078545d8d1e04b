"""Parameters of notebook 04_sentiment_intent_models (sentiment and customer-trait models)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from scrm_lib.params import ModelRef, NotebookParams

_SENTIMENT = ("vader", "fast", "accurate")
_DATASETS = ("tweeteval", "tweeteval-val", "airline")


def _subset_of(choices: tuple[str, ...]):
    def check(values: list[str]) -> list[str]:
        bad = [v for v in values if v not in choices]
        if bad:
            raise ValueError(f"unknown {', '.join(map(repr, bad))}; expected some of {', '.join(choices)}")
        return values

    return AfterValidator(check)


SentimentModels = Annotated[list[str], _subset_of(_SENTIMENT)]
Datasets = Annotated[list[str], _subset_of(_DATASETS)]


class Params(NotebookParams):
    """Defaults equal ``params/04_sentiment_intent_models.yaml``."""

    #: Folder of the public data sets; "{external}" = ../shared/data/external. When it is
    #: absent the benchmark sections say so and the notebook shows repository data only.
    external_dir: str = "{external}"
    #: Sentiment models to compare (VADER is the baseline and is always included).
    sentiment_models: SentimentModels = ["vader", "fast", "accurate"]
    #: Benchmarks to evaluate on (when external_dir exists).
    datasets: Datasets = ["tweeteval", "airline"]
    #: The customer-trait model: "trait" (committed) or a path to a .skops file.
    trait_model: ModelRef = "trait"
    #: VADER compound thresholds (the VADER authors' defaults: ±0.05).
    vader_pos_threshold: float = Field(0.05, ge=-1, le=1)
    vader_neg_threshold: float = Field(-0.05, ge=-1, le=1)
    #: Bins of the calibration curves.
    calibration_bins: int = Field(10, ge=3, le=50)
    #: Misclassified examples shown per error group.
    n_examples: int = Field(4, ge=0, le=50)
    #: Post scored and explained in "try your own post" (headless runs show this one).
    try_text: str = "Can't say I'm impressed, @AeroNova lost my bag again. Thinking of switching to JetLark, anyone tried them?"
    seed: int = 2017

    @model_validator(mode="after")
    def _thresholds(self) -> Params:
        if self.vader_neg_threshold > self.vader_pos_threshold:
            raise ValueError("vader_neg_threshold must not exceed vader_pos_threshold")
        return self
