"""The VADER sentiment baseline (Hutto & Gilbert, 2014) as a scikit-learn classifier.

Scores come from ``nltk.sentiment.vader`` with the lexicon built offline into the
project-local nltk data folder (:mod:`scrm_lib.text.nltk_data`). nltk's VADER ignores
emoji, so each emoji is first replaced by its description from the emoji lexicon
that the ``vaderSentiment`` package ships ("😡" → "pouting face"), as the
reference implementation does.

The compound score (−1 … 1) maps to a label with the conventional thresholds:
``compound >= pos_threshold`` → positive, ``compound <= neg_threshold`` →
negative, else neutral (defaults ±0.05, from the VADER authors).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from scrm_lib.modeling.text import StatelessTextMixin
from scrm_lib.text.nltk_data import emoji_lexicon_source, ensure_nltk_data

SENTIMENT_LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")


@lru_cache(maxsize=1)
def _emoji_map() -> dict[str, str]:
    mapping = {}
    for line in emoji_lexicon_source().read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            emoji, desc = line.split("\t", 1)
            mapping[emoji] = desc
    return mapping


@lru_cache(maxsize=1)
def _analyzer():
    ensure_nltk_data()
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def describe_emoji(text: str) -> str:
    """Replace each emoji in ``text`` by its lexicon description, padded with spaces.

    >>> describe_emoji("great 😀")
    'great  grinning face '
    """
    emap = _emoji_map()
    if text.isascii():
        return text
    return "".join(f" {emap[ch]} " if ch in emap else ch for ch in text)


class VaderSentiment(StatelessTextMixin, ClassifierMixin, BaseEstimator):
    """Rule-based VADER sentiment with scikit-learn's classifier interface.

    Parameters:
        pos_threshold: compound score at or above which a text is positive.
        neg_threshold: compound score at or below which a text is negative.
        handle_emoji: replace emoji by their descriptions before scoring.

    Attributes:
        classes_: ``array(['negative', 'neutral', 'positive'])`` after :meth:`fit`.

    ``fit`` learns nothing (VADER is a lexicon); it exists so VADER can sit in the
    same evaluation loop, ``clone`` and ``cross_validate`` as learned models.

    >>> VaderSentiment().fit(["x"], ["neutral"]).predict(["I love it", "I hate it"]).tolist()
    ['positive', 'negative']
    """

    def __init__(self, pos_threshold: float = 0.05, neg_threshold: float = -0.05, handle_emoji: bool = True):
        self.pos_threshold = pos_threshold
        self.neg_threshold = neg_threshold
        self.handle_emoji = handle_emoji

    def fit(self, X: Iterable[str], y: Iterable[str] | None = None) -> VaderSentiment:
        """Check the thresholds and set ``classes_``; VADER has nothing to learn."""
        if not self.neg_threshold <= self.pos_threshold:
            raise ValueError("neg_threshold must not exceed pos_threshold")
        self.classes_ = np.array(SENTIMENT_LABELS)
        return self

    def compound(self, X: Iterable[str]) -> np.ndarray:
        """VADER compound scores in [−1, 1], one per text (missing text scores 0)."""
        sia = _analyzer()
        prep = describe_emoji if self.handle_emoji else (lambda s: s)
        return np.fromiter(
            (sia.polarity_scores(prep(t))["compound"] if isinstance(t, str) and t else 0.0 for t in X),
            dtype=float,
        )

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """The compound score (higher is more positive)."""
        return self.compound(X)

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Labels from the compound score and the thresholds."""
        if not hasattr(self, "classes_"):
            self.fit([])
        c = self.compound(X)
        out = np.full(c.shape, "neutral", dtype=object)
        out[c >= self.pos_threshold] = "positive"
        out[c <= self.neg_threshold] = "negative"
        return out

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Pseudo-probabilities from VADER's neg/neu/pos proportions (rows sum to 1).

        These are lexicon proportions, not calibrated probabilities: use them for
        ranking, not for decisions that need calibration.
        """
        sia = _analyzer()
        prep = describe_emoji if self.handle_emoji else (lambda s: s)
        rows = []
        for t in X:
            s = sia.polarity_scores(prep(t)) if isinstance(t, str) and t else {"neg": 0.0, "neu": 1.0, "pos": 0.0}
            rows.append((s["neg"], s["neu"], s["pos"]))
        p = np.asarray(rows, dtype=float).reshape(-1, 3)
        total = p.sum(axis=1, keepdims=True)
        total[total == 0] = 1.0
        return p / total
