"""Language of each post, offline: the one place the workbench decides what language a post is in.

The sentiment and trait models are English models. A post in another language scored by
them gets a confident-looking but meaningless label, so the listening, audit and model
notebooks detect the language first, report the language mix and flag (or exclude)
non-English posts.

The detector is `py3langid <https://pypi.org/project/py3langid/>`_ (langid.py's
naive-Bayes byte n-gram model, shipped inside the wheel: no download at run time). What
this module adds for social posts:

- the text is cleaned first: ``@handles``, URLs, ``#`` signs, digits and emoji carry no
  language and make short tweets look like Zulu or Pidgin;
- the candidate set is restricted to :data:`LANGUAGES` (languages brands commonly hear
  from), which removes most of langid's exotic answers on short English text;
- a post with fewer than :data:`MIN_LETTERS` letters left, or whose best language has a
  normalised probability below ``min_confidence``, is ``und`` (undetermined): "lol",
  "thx", "👍👍". Undetermined posts are treated as English by :func:`english_mask`
  (they are too short to be anything else in practice, and the models see mostly
  emoji and punctuation in them anyway).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd
from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Candidate languages (ISO 639-1): the most common languages of brand conversations.
LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "fr", "de", "it", "nl", "sv", "da", "no", "fi", "pl", "cs", "hu", "ro",
    "tr", "el", "ru", "uk", "ar", "he", "fa", "hi", "ur", "id", "ms", "tl", "vi", "th", "ja",
    "ko", "zh",
)

#: Label of a post whose language cannot be told.
UNDETERMINED = "und"

#: Fewer letters than this after cleaning → :data:`UNDETERMINED`.
MIN_LETTERS = 12

#: Default minimum normalised probability of the best language.
MIN_CONFIDENCE = 0.8

_NOISE = re.compile(r"(?:@\w+|https?://\S+|www\.\S+|&\w+;|[#\d_])")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The py3langid model restricted to :data:`LANGUAGES` (loaded once per process)."""
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def clean_for_language(text: str) -> str:
    """The text with handles, URLs, HTML entities, ``#`` signs and digits removed.

    >>> clean_for_language("@united flight 1234 delayed again #fail https://t.co/x")
    '  flight  delayed again fail '
    """
    return _NOISE.sub("", text)


def detect_language(texts: Iterable[str], min_confidence: float = MIN_CONFIDENCE) -> pd.DataFrame:
    """The language of each text: columns ``lang`` (ISO 639-1 or ``und``) and ``confidence``.

    Args:
        texts: post texts (missing values count as empty).
        min_confidence: below this normalised probability the language is ``und``.

    Returns:
        One row per text, in input order (a default ``RangeIndex``). ``confidence`` is the
        best language's normalised probability (0.0 for posts too short to judge).

    >>> detect_language(["@AmazonHelp mein Paket ist nicht angekommen", "thx"])["lang"].tolist()
    ['de', 'und']
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
    ident = _identifier()
    langs: list[str] = []
    confs: list[float] = []
    for text in texts:
        cleaned = clean_for_language(text if isinstance(text, str) else "")
        if len(_LETTER.findall(cleaned)) < MIN_LETTERS:
            langs.append(UNDETERMINED)
            confs.append(0.0)
            continue
        lang, prob = ident.classify(cleaned)
        langs.append(str(lang) if prob >= min_confidence else UNDETERMINED)
        confs.append(float(prob))
    return pd.DataFrame({"lang": pd.Series(langs, dtype="string"),
                         "confidence": np.asarray(confs, dtype="float64")})


def english_mask(langs: pd.Series) -> pd.Series:
    """True where an English-only model may score the post: English or undetermined.

    >>> english_mask(pd.Series(["en", "und", "es"])).tolist()
    [True, True, False]
    """
    return langs.isin(["en", UNDETERMINED])


def language_mix(langs: pd.Series) -> pd.DataFrame:
    """Posts per language, most common first: ``lang``, ``posts``, ``share``.

    Counts (not shares) are what merge across partitions; ``share`` is computed from them.

    >>> language_mix(pd.Series(["en", "en", "es"]))["posts"].tolist()
    [2, 1]
    """
    counts = langs.value_counts(sort=False)
    out = counts.rename_axis("lang").reset_index(name="posts")
    out["lang"] = out["lang"].astype("string")
    out = out.sort_values(["posts", "lang"], ascending=[False, True], kind="mergesort")
    total = int(out["posts"].sum())
    out["share"] = out["posts"] / total if total else 0.0
    return out.reset_index(drop=True)


__all__ = ["LANGUAGES", "MIN_CONFIDENCE", "MIN_LETTERS", "UNDETERMINED", "clean_for_language",
           "detect_language", "english_mask", "language_mix"]
