"""The VADER lexicon as the models use it: the analyzer, emoji descriptions, valence buckets.

One home for the VADER resources that :mod:`scrm_lib.modeling.vader` (the VADER baseline) and
:mod:`scrm_lib.modeling.text` (the feature transformers of the learned models) both read, so
neither imports the other's private names:

- :func:`vader_analyzer` — nltk's ``SentimentIntensityAnalyzer`` on the offline lexicon
  (:mod:`scrm_lib.text.nltk_data`), built once per process;
- :func:`emoji_descriptions` and :func:`describe_emoji` — each emoji's description from the
  emoji lexicon the ``vaderSentiment`` package ships ("😡" → "pouting face"); nltk's VADER ignores
  emoji, so they are described before scoring, as the reference implementation does;
- :func:`lexicon_buckets` — lexicon words and emoji → valence bucket −4 … 4, the ``lex±k`` tokens
  of :class:`~scrm_lib.modeling.text.TweetHasher` and the cues of
  :class:`~scrm_lib.modeling.trait_rules.KeywordTraitRules`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from scrm_lib.text.nltk_data import emoji_lexicon_source, ensure_nltk_data, vader_lexicon_source

if TYPE_CHECKING:  # pragma: no cover - typing only
    from nltk.sentiment.vader import SentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def emoji_descriptions() -> dict[str, str]:
    """Emoji → description, from the ``vaderSentiment`` emoji lexicon (cached).

    >>> emoji_descriptions()["😀"]
    'grinning face'
    """
    mapping = {}
    for line in emoji_lexicon_source().read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            emoji, desc = line.split("\t", 1)
            mapping[emoji] = desc
    return mapping


@lru_cache(maxsize=1)
def vader_analyzer() -> SentimentIntensityAnalyzer:
    """nltk's VADER ``SentimentIntensityAnalyzer`` on the project-local lexicon (one per process)."""
    ensure_nltk_data()
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def describe_emoji(text: str) -> str:
    """Replace each emoji in ``text`` by its lexicon description, padded with spaces.

    >>> describe_emoji("great 😀")
    'great  grinning face '
    """
    emap = emoji_descriptions()
    if text.isascii():
        return text
    return "".join(f" {emap[ch]} " if ch in emap else ch for ch in text)


@lru_cache(maxsize=1)
def lexicon_buckets() -> dict[str, int]:
    """VADER lexicon words and emoji → valence bucket −4 … 4 (rounded mean valence, 0 dropped).

    Emoji get the bucket of VADER's compound score of their description.
    """
    out: dict[str, int] = {}
    for line in vader_lexicon_source().read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                b = int(round(float(parts[1])))
            except ValueError:
                continue
            if b:
                out[parts[0].lower()] = max(-4, min(4, b))
    sia = vader_analyzer()
    for line in emoji_lexicon_source().read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            emoji, desc = line.split("\t", 1)
            b = int(round(sia.polarity_scores(desc)["compound"] * 4))
            if b and len(emoji) == 1:
                out[emoji] = b
    return out


__all__ = ["describe_emoji", "emoji_descriptions", "lexicon_buckets", "vader_analyzer"]
