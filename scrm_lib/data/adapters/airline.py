"""The ``airline`` format: the CrowdFlower/Kaggle *Twitter US Airline Sentiment* ``Tweets.csv`` as mentions.

Old name: ``airline_tweets`` (notebook 07's value before issue 14), still accepted with a warning.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.data.files import fail, show
from scrm_lib.data.readers import read_table
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas import mentions as _mentions
from scrm_lib.data.schemas._core import STR_DTYPE, RowLocator

#: Columns of ``Tweets.csv`` read verbatim as text by :func:`read_raw`.
RAW_TEXT_COLUMNS: tuple[str, ...] = ("tweet_id", "text", "airline", "airline_sentiment", "name")


def read_raw(path: str | Path) -> pd.DataFrame:
    """``Tweets.csv`` as the file has it (no renaming, no validation, repeated ids kept):
    :data:`RAW_TEXT_COLUMNS` verbatim as text, other columns typed. Caller:
    :func:`scrm_lib.modeling.realdata.read_source` (texts joined to stored labels by hash)."""
    df, _ = read_table(Path(path), "airline tweets", fmt="csv", string_columns=RAW_TEXT_COLUMNS)
    return df


def _subset_locator(base: RowLocator, kept: np.ndarray) -> RowLocator:
    """A locator for a frame made of rows ``kept`` (positions) of the frame ``base`` located."""
    return RowLocator(offset=base.offset, label=base.label,
                      lines=lambda: np.asarray(base(kept), dtype=np.int64))


AIRLINE_RENAME = {
    "tweet_id": "post_id", "tweet_created": "created_at", "airline": "brand", "name": "author_id",
    "airline_sentiment": "sentiment", "retweet_count": "shares",
}


def load_airline_tweets(path: str | Path) -> pd.DataFrame:
    """The CrowdFlower/Kaggle *Twitter US Airline Sentiment* ``Tweets.csv`` as mentions.

    Mapping: ``tweet_id`` → ``post_id`` (kept as text), ``tweet_created`` →
    ``created_at`` (offsets such as ``-0800`` converted to UTC), ``airline`` → ``brand``,
    ``name`` → ``author_id``, ``airline_sentiment`` → ``sentiment`` (the crowd label),
    ``retweet_count`` → ``shares``; ``channel`` = ``twitter``; ``is_brand`` = False
    (customer tweets). Every other column (``negativereason``,
    ``airline_sentiment_confidence``, ``tweet_location`` …) is kept as an extra column.
    The 155 repeated ``tweet_id`` rows of the public file are dropped (first kept); how
    many is in ``attrs["duplicates_dropped"]``.
    """
    path = Path(path)
    df, locator = read_table(path, "mentions", fmt="csv",
                             string_columns=_mentions.STRING_COLUMNS + ("created_at",),
                             rename=AIRLINE_RENAME)
    missing = [c for c in AIRLINE_RENAME if c not in df.columns]
    if missing:
        raise fail(path, "airline tweets", "not the Tweets.csv layout: columns missing",
                    found=", ".join(missing), expected="the Kaggle Tweets.csv columns")
    keep = ~df["tweet_id"].duplicated(keep="first").to_numpy(dtype=bool)
    n_dup = int((~keep).sum())
    kept = np.flatnonzero(keep)
    df = df.iloc[kept].rename(columns=AIRLINE_RENAME)
    df["channel"] = pd.Series("twitter", index=df.index, dtype=STR_DTYPE)
    df["is_brand"] = False
    df = df.reset_index(drop=True)
    out = _mentions.validate_frame(df, source=show(path), locator=_subset_locator(locator, kept),
                                   timestamp_format="%Y-%m-%d %H:%M:%S %z")
    out.attrs["duplicates_dropped"] = n_dup
    out.attrs["dataset"] = "twitter-us-airline-sentiment"
    return out


ADAPTER = register(Adapter(
    name="airline", kind="mentions", aliases=("airline_tweets",),
    description="Kaggle Twitter US Airline Sentiment Tweets.csv (customer tweets to six US airlines, crowd sentiment)",
    reader=load_airline_tweets, columns=(*_mentions.CANONICAL, "sentiment"),
    brand_time_columns=("airline", "tweet_created"), module=__name__,
))

__all__ = ["ADAPTER", "AIRLINE_RENAME", "RAW_TEXT_COLUMNS", "load_airline_tweets", "read_raw"]
