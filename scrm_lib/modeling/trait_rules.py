"""A transparent keyword-rule baseline for the customer traits (issue 11).

:class:`KeywordTraitRules` is the yardstick the learned ``trait`` model must beat on real
posts: a short, ordered list of cue-phrase rules (:data:`TRAIT_RULES`) that anyone can
read in a minute. The first rule that matches decides; a post that matches none is
``none``. Rules, in order (the order follows the guide's tie-breaks: departure before
request, suggestion before praise):

1. ``none``: news, stock and promotion cues (headlines, earnings, giveaways, "use code");
2. ``past``: departure or warning others ("cancelled my", "switched to", "never again",
   "done with", "avoid", "don't buy");
3. ``future``: considering a purchase ("thinking about getting", "should I buy",
   "anyone tried", "worth it", "which one");
4. ``collaborative``: a proposed change ("please add", "you should", "would be great if",
   "feature request", "bring back");
5. ``venting``: a post addressed to someone (``@``) that asks for help or reports an own
   problem ("help", "my order", "still", "why", "?", or a negative word);
6. ``advocate``: praise or thanks ("love", "amazing", "thank you", "recommend", "best");
7. ``passive``: a negative word (VADER lexicon valence ≤ −2) with no one addressed;
8. otherwise ``none``.

It follows the scikit-learn API (``fit`` learns nothing but ``classes_``) so it runs
through the same evaluation as the learned models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from scrm_lib.modeling.presets import TRAIT_LABELS
from scrm_lib.modeling.text import lexicon_buckets

#: The ordered rules: (trait, regex on lower-cased text). ``venting`` and ``passive`` have
#: extra conditions (see the module docstring) applied in :meth:`KeywordTraitRules.rule_of`.
TRAIT_RULES: tuple[tuple[str, str], ...] = (
    ("none", r"\b(?:breaking|announces?|announced|launch(?:es|ed)?|stocks?|shares|earnings|quarter|"
             r"analysts?|giveaway|win an?|use code|promo|\d+% off|deal of the day|via @\w+|#ad)\b"),
    ("past", r"\b(?:cancel+(?:ed|ing)? my|switch(?:ed|ing)? (?:to|from)|never (?:again|flying|buying|using|ordering)|"
             r"done with|goodbye|closing my|closed my|unsubscrib\w*|deleted my|leaving (?:you|for)|"
             r"avoid|don'?t (?:buy|use|fly|book|bother)|stay away)\b"),
    ("future", r"\b(?:thinking (?:of|about) (?:getting|buying|switching|trying)|should i (?:get|buy|switch|try)|"
               r"anyone (?:tried|use|using|recommend)|worth (?:it|getting|buying)|which (?:one|is better)|"
               r"considering|planning (?:to|on) (?:get|buy)|about to (?:buy|get|book))\b"),
    ("collaborative", r"\b(?:please (?:add|make|bring|consider)|you (?:guys )?should|should (?:add|make|have|offer|let)|"
                      r"would be (?:great|nice|awesome|cool) if|feature request|suggestion|bring back|how about|"
                      r"why not (?:add|make|offer))\b"),
    ("venting", r"\b(?:help|my (?:order|account|bill|flight|bag|luggage|booking|phone|card|package|refund)|"
                r"still|why|when|waiting|not working|doesn'?t work|broken|issue|problem)\b|\?"),
    ("advocate", r"\b(?:love|loving|amazing|awesome|great|thank(?:s| you)|kudos|recommend|best|excellent)\b"),
)

_COMPILED = tuple((trait, re.compile(rx, re.IGNORECASE)) for trait, rx in TRAIT_RULES)
_WORD = re.compile(r"[a-z']+")
_ADDRESSED = re.compile(r"(?:^|\s)@\w+")


def _negative(text: str) -> bool:
    lex = lexicon_buckets()
    return any(lex.get(w, 0) <= -2 for w in _WORD.findall(text))


class KeywordTraitRules(ClassifierMixin, BaseEstimator):
    """The keyword-rule trait baseline (:data:`TRAIT_RULES`, first match wins)."""

    def fit(self, X: Iterable[str], y: Iterable[str] | None = None) -> KeywordTraitRules:
        """Nothing to learn; sets ``classes_`` (the trait labels, sorted)."""
        self.classes_ = np.array(sorted(TRAIT_LABELS), dtype=object)
        return self

    @staticmethod
    def rule_of(text: str) -> str:
        """The trait the rules give one post."""
        t = text.lower() if isinstance(text, str) else ""
        addressed = bool(_ADDRESSED.search(t))
        for trait, rx in _COMPILED:
            if trait == "venting":
                if addressed and (rx.search(t) or _negative(t)):
                    return "venting"
                continue
            if rx.search(t):
                return trait
        return "passive" if _negative(t) else "none"

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """One trait per post."""
        return np.array([self.rule_of(t) for t in X], dtype=object)

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """One-hot probabilities (the rules are certain), columns in ``classes_`` order."""
        classes = list(getattr(self, "classes_", sorted(TRAIT_LABELS)))
        pred = self.predict(X)
        out = np.zeros((len(pred), len(classes)))
        out[np.arange(len(pred)), [classes.index(p) for p in pred]] = 1.0
        return out


__all__ = ["KeywordTraitRules", "TRAIT_RULES"]
