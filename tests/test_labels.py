"""The label sets of :mod:`scrm_lib.core.labels`: one definition, the order the notebooks show."""

from __future__ import annotations

from typing import get_args

from scrm_lib.core.labels import (
    SENTIMENT_LABELS,
    TRAIT_LABELS,
    UNCERTAIN,
    SentimentLabel,
    TraitLabel,
    TraitOrUncertain,
)
from scrm_lib.data.schemas import mentions
from scrm_lib.modeling.trait_rules import KeywordTraitRules
from scrm_lib.modeling.vader import VaderSentiment
from scrm_lib.params.nb07_social_media_audit import Params as AuditParams


def test_label_sets_and_order() -> None:
    assert SENTIMENT_LABELS == ("negative", "neutral", "positive")
    assert TRAIT_LABELS == ("venting", "passive", "past", "collaborative", "advocate", "future", "none")
    assert UNCERTAIN == "uncertain" and UNCERTAIN not in TRAIT_LABELS
    assert len(set(TRAIT_LABELS)) == len(TRAIT_LABELS)


def test_literal_types_are_the_same_sets() -> None:
    assert get_args(SentimentLabel) == SENTIMENT_LABELS
    assert get_args(TraitLabel) == TRAIT_LABELS
    assert get_args(TraitOrUncertain) == (*TRAIT_LABELS, UNCERTAIN)


def test_users_take_the_core_sets() -> None:
    """The schema, the models and the params check against the same sets (no local copies)."""
    assert mentions.SENTIMENT_LABELS is SENTIMENT_LABELS
    assert mentions.TRAIT_LABELS is TRAIT_LABELS
    assert list(VaderSentiment().fit([]).classes_) == list(SENTIMENT_LABELS)
    assert set(KeywordTraitRules().fit([]).classes_) == set(TRAIT_LABELS)
    assert AuditParams(reply_traits=list(TRAIT_LABELS)).reply_traits == list(TRAIT_LABELS)
