"""The pandas engine: every file in one process, then the combinable aggregates on the whole frame
(:meth:`scrm_lib.metrics.aggregates.Aggregate.compute`). The default, and the reference the Dask
engine is checked against."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from scrm_lib import metrics as L
from scrm_lib.metrics.aggregates import Aggregate, run_passes
from scrm_lib.modeling.scoring import add_scores


class PandasEngine:
    """Summaries and scores in this process (see :mod:`scrm_lib.engine`)."""

    name = "pandas"

    def __enter__(self) -> PandasEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release."""

    def describe(self) -> str:
        """One line saying where the work runs."""
        return "pandas (this process)"

    def read(self, files: Sequence[str | Path], data_format: str = "canonical", mapping: Any = None,
             sentiment_source: str = "column") -> pd.DataFrame:
        """Every file loaded and validated into one frame (:func:`scrm_lib.data.sources.load_sources`),
        with sentiment from ``sentiment_source`` (:func:`prepare`)."""
        return prepare(L.load_sources(list(files), data_format, mapping=mapping), sentiment_source)

    def aggregate(self, data: pd.DataFrame, aggs: Sequence[Aggregate]) -> list[pd.DataFrame]:
        """The merged partial table of each aggregate (one partial over the whole frame: one
        partition, so no second pass, see :func:`scrm_lib.metrics.aggregates.run_passes`)."""
        return run_passes(aggs, lambda group: [a.merge([a.run_partial(data)]) for a in group], 1)

    def summarise(self, data: pd.DataFrame, aggs: Sequence[Aggregate]) -> dict[str, pd.DataFrame]:
        """``{name: finalised summary}`` of each aggregate."""
        return {a.name: a.finalize(m) for a, m in zip(aggs, self.aggregate(data, aggs), strict=True)}

    def score(self, data: pd.DataFrame, sentiment_model: str, trait_model: str | None, text_column: str = "text") -> pd.DataFrame:
        """:func:`scrm_lib.modeling.scoring.add_scores` on the whole frame."""
        return add_scores(data, sentiment_model, trait_model, text_column=text_column)


def prepare(frame: pd.DataFrame, sentiment_source: str = "column") -> pd.DataFrame:
    """A loaded frame ready to summarise: ``sentiment_source`` ``column`` keeps the file's
    ``sentiment`` column as it is (missing labels count as unlabelled); any other source
    (``vader``, a model name) labels the posts with :func:`scrm_lib.metrics.sentiment.resolve_sentiment`,
    row by row, so it gives the same labels on a partition as on the whole frame."""
    if sentiment_source == "column":
        return frame
    return L.resolve_sentiment(frame, sentiment_source)
