"""The data sets the models train and are evaluated on, prepared by the documented protocol.

Sentiment (``../shared/data/external/README.md``):

- **train**: the SemEval-2017 Task 4A 2013–2016 files (:func:`scrm_lib.data.io.load_semeval`,
  de-duplicated by tweet id) **minus every tweet whose normalised text is also in
  TweetEval val** (:func:`match_key`: entities and escapes decoded, handles dropped, case
  folded, letters and digits only);
- **val**: TweetEval val (model selection, calibration and decision weights);
- **test**: TweetEval test (reported, never used for a choice);
- **airline**: the airline tweets, de-duplicated by ``tweet_id``, a cross-domain test
  (never trained on).

Trait: ``data/samples/labeled_posts.csv`` (training, CV) and ``labeled_posts_test.csv``
(the separately written test split).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from scrm_lib.core.config import EXTERNAL_DATA_DIR, SAMPLES_DIR
from scrm_lib.core.errors import ScrmError, display_path

TRAIT_TRAIN_PATH: Path = SAMPLES_DIR / "labeled_posts.csv"
TRAIT_TEST_PATH: Path = SAMPLES_DIR / "labeled_posts_test.csv"

#: Evaluation data sets of ``scrm eval``.
DATASETS: tuple[str, ...] = ("tweeteval", "tweeteval-val", "airline", "trait-test", "identity-templates")

_HANDLE = re.compile(r"(?<![\w@])@\w+")
_UESC = re.compile(r"\\u([0-9a-fA-F]{4})")
_NONALNUM = re.compile(r"[\W_]+")


class MissingDataError(ScrmError):
    """An external data set the command needs is not present."""


def match_key(text: str) -> str:
    """The normalised text used to find TweetEval val tweets inside the SemEval pool.

    Deliberately loose (removing a few extra training tweets costs nothing; leaving a
    val tweet in training inflates val scores): HTML entities unescaped, ``\\uXXXX``
    escapes decoded, every handle dropped (TweetEval's ``@user`` sometimes also ate the
    colon after the name), case folded, and only letters and digits kept (TweetEval's
    val texts sometimes carry stray quotes the pool does not).

    >>> match_key('"@Bob: loves &amp; hates it"')
    'loveshatesit'
    """
    t = html.unescape(text)
    t = _UESC.sub(lambda m: chr(int(m.group(1), 16)), t)
    t = _HANDLE.sub(" ", t)
    return _NONALNUM.sub("", t.casefold())


def external_path(relative: str, external_dir: str | Path | None = None) -> Path:
    """A path inside the external data folder; :class:`MissingDataError` when absent."""
    base = Path(external_dir) if external_dir is not None else EXTERNAL_DATA_DIR
    p = base / relative
    if not p.exists():
        raise MissingDataError(
            f"{display_path(p)} not found: this needs the public data sets in "
            f"{display_path(base)} (set SCRM_EXTERNAL_DATA or pass --external)")
    return p


def sentiment_train(external_dir: str | Path | None = None) -> pd.DataFrame:
    """SemEval 2013–2016 minus TweetEval val (by :func:`match_key`); columns ``text``, ``label``.

    ``attrs``: ``pool`` (rows before removal), ``removed_val_overlap``.
    """
    from scrm_lib.data.io import load_semeval

    pool = load_semeval(external_path("semeval2017-task4a-english", external_dir))
    val = sentiment_split("val", external_dir)
    val_keys = set(val["text"].map(match_key))
    keys = pool["text"].map(match_key)
    keep = ~keys.isin(val_keys)
    out = pool.loc[keep, ["tweet_id", "text", "label"]].reset_index(drop=True)
    out = out.astype({"text": object, "label": object})
    out.attrs.update({"dataset": "semeval2013-2016 minus tweeteval val", "pool": len(pool),
                      "removed_val_overlap": int((~keep).sum())})
    return out


def sentiment_split(split: str, external_dir: str | Path | None = None) -> pd.DataFrame:
    """TweetEval ``val`` or ``test``: columns ``text``, ``label``."""
    from scrm_lib.data.io import load_tweeteval

    df = load_tweeteval(external_path("tweeteval-sentiment", external_dir), split)
    return df[["text", "label"]].astype(object)


def airline(external_dir: str | Path | None = None) -> pd.DataFrame:
    """The airline tweets de-duplicated by tweet id: columns ``text``, ``label``."""
    from scrm_lib.data.io import load_airline_tweets

    df = load_airline_tweets(external_path("twitter-us-airline-sentiment/Tweets.csv", external_dir))
    out = pd.DataFrame({"text": df["text"].astype(object), "label": df["sentiment"].astype(object)})
    out.attrs.update({"dataset": "twitter-us-airline-sentiment", "duplicates_dropped": df.attrs.get("duplicates_dropped")})
    return out


def trait_data(path: str | Path | None = None) -> pd.DataFrame:
    """A labelled-posts file (default the training file): ``text``, ``trait``, ``sentiment``, …"""
    p = Path(path) if path is not None else TRAIT_TRAIN_PATH
    if not p.is_file():
        raise MissingDataError(f"{display_path(p)} not found")
    return pd.read_csv(p, keep_default_na=False, dtype=str)


def load_dataset(name: str, external_dir: str | Path | None = None) -> tuple[pd.DataFrame, str]:
    """``(frame with text and label, label kind)`` for an evaluation data set name.

    ``label kind`` is ``"sentiment"``, ``"trait"`` or ``"identity"`` (the identity-invariance
    templates of :mod:`scrm_lib.modeling.fairness`, labelled with the template's intended
    sentiment). Names: :data:`DATASETS`.
    """
    if name == "tweeteval":
        return sentiment_split("test", external_dir), "sentiment"
    if name == "tweeteval-val":
        return sentiment_split("val", external_dir), "sentiment"
    if name == "airline":
        return airline(external_dir), "sentiment"
    if name == "trait-test":
        df = trait_data(TRAIT_TEST_PATH)
        return pd.DataFrame({"text": df["text"], "label": df["trait"]}), "trait"
    if name == "identity-templates":
        from scrm_lib.modeling.fairness import identity_sentences

        df = identity_sentences().copy()
        return df.assign(label=df["intended"]), "identity"
    raise ScrmError(f"unknown dataset {name!r}; expected one of {', '.join(DATASETS)}")


__all__ = [
    "DATASETS", "MissingDataError", "TRAIT_TEST_PATH", "TRAIT_TRAIN_PATH", "airline",
    "external_path", "load_dataset", "match_key", "sentiment_split", "sentiment_train", "trait_data",
]
