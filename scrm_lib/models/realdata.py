"""Real posts for the hand-labelled trait corpus: one reader per source, one text hash.

The repository never stores the texts of the public data sets (their terms keep them out):
labels are kept as ``(dataset, source_id)`` rows with :func:`text_hash` of the text, and
the texts are joined back from ``../shared/data/external`` at run time. This module is
the one place that says how each source's text is read, so the hash of a labelled row
is always computed on the same string.

Sources (``dataset`` values):

- ``twcs``: *Customer Support on Twitter*: ``twcs_first5000.csv`` (both directions of the
  threads: customers' first tweets, their follow-ups, and the brands' replies),
  ``spotifycares_support_requests.csv`` and ``sample.csv``; ``source_id`` = ``tweet_id``
  (global in TWCS, so the files share one id space);
- ``airline``: *Twitter US Airline Sentiment* ``Tweets.csv``; ``source_id`` = ``tweet_id``;
- ``semeval``: the SemEval-2017 Task 4A 2013–2016 files (:func:`scrm_lib.io.load_semeval`);
  ``source_id`` = ``tweet_id``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.io import load_semeval
from scrm_lib.models.data import external_path

#: The sources of the real trait corpus, in the order they are reported.
REAL_SOURCES: tuple[str, ...] = ("twcs", "airline", "semeval")

TWCS_FILES: tuple[str, ...] = (
    "customer-support-on-twitter/twcs_first5000.csv",
    "customer-support-on-twitter/spotifycares_support_requests.csv",
    "customer-support-on-twitter/sample.csv",
)


def text_hash(text: str) -> str:
    """sha256 (hex) of a post's text as UTF-8: the check that a label still fits its post.

    >>> text_hash("hello")[:12]
    '2cf24dba5fb0'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_twcs_file(path: Path) -> pd.DataFrame:
    """One TWCS file as raw strings, records split on LF only (bare CRs stay in texts)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, lineterminator="\n", encoding="utf-8")
    df.columns = [str(c).strip().removesuffix("\r") for c in df.columns]
    last = df.columns[-1]
    df[last] = df[last].str.removesuffix("\r")
    parent = pd.to_numeric(df["in_response_to_tweet_id"].replace("", np.nan), errors="coerce")
    return pd.DataFrame({
        "source_id": df["tweet_id"].str.strip(),
        "text": df["text"],
        "author_id": df["author_id"],
        "inbound": df["inbound"].str.strip().str.lower() == "true",
        "in_reply_to": parent.map(lambda v: "" if pd.isna(v) else str(int(v))),
        "file": path.name,
    })


def read_source(source: str, external_dir: str | Path | None = None) -> pd.DataFrame:
    """Every post of one real source: ``dataset``, ``source_id``, ``text`` plus extra columns.

    ``twcs`` adds ``author_id``, ``inbound``, ``in_reply_to`` and ``file``; ``airline``
    adds ``airline`` and the crowd's ``airline_sentiment``; ``semeval`` adds ``label``
    (the crowd sentiment) and ``file``. Ids are unique within a source (first kept).
    Raises :class:`scrm_lib.models.data.MissingDataError` when the files are absent.
    """
    if source == "twcs":
        frames = [_read_twcs_file(external_path(f, external_dir)) for f in TWCS_FILES]
        out = pd.concat(frames, ignore_index=True)
    elif source == "airline":
        path = external_path("twitter-us-airline-sentiment/Tweets.csv", external_dir)
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        out = pd.DataFrame({"source_id": df["tweet_id"].str.strip(), "text": df["text"],
                            "airline": df["airline"], "airline_sentiment": df["airline_sentiment"]})
    elif source == "semeval":
        folder = external_path("semeval2017-task4a-english", external_dir)
        df = load_semeval(folder)
        out = pd.DataFrame({"source_id": df["tweet_id"].astype(str), "text": df["text"].astype(str),
                            "label": df["label"].astype(str), "file": df["file"].astype(str)})
    else:
        raise ValueError(f"unknown real source {source!r}: expected one of {', '.join(REAL_SOURCES)}")
    out = out.drop_duplicates("source_id", keep="first").reset_index(drop=True)
    out.insert(0, "dataset", source)
    return out


__all__ = ["REAL_SOURCES", "TWCS_FILES", "read_source", "text_hash"]
