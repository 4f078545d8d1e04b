"""What a fitted model says about posts (:mod:`scrm_lib.modeling.predict`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scrm_lib.core.errors import ScrmError
from scrm_lib.core.labels import UNCERTAIN
from scrm_lib.modeling.predict import chosen_index, sentiment_scores, trait_scores
from scrm_lib.modeling.scoring import add_scores
from scrm_lib.modeling.vader import VaderSentiment


class _Weighted:
    """A stand-in learned model: fixed probabilities, decision weights favouring ``b``."""

    classes_ = np.array(["a", "b"], dtype=object)
    decision_weights_ = np.array([1.0, 3.0])

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return np.array([[0.6, 0.4], [0.9, 0.1]])[: len(texts)]


def test_chosen_index_uses_decision_weights_when_the_model_has_them() -> None:
    proba = np.array([[0.6, 0.4], [0.9, 0.1]])
    assert chosen_index(_Weighted(), proba).tolist() == [1, 0]
    assert chosen_index(object(), proba).tolist() == [0, 0]


def test_trait_scores_weighted_choice_confidence_and_abstention() -> None:
    labels, conf = trait_scores(_Weighted(), ["x", "y"])
    assert labels.tolist() == ["b", "a"] and np.allclose(conf, [0.4, 0.9])
    abstained, _ = trait_scores(_Weighted(), ["x", "y"], abstain_below=0.5)
    assert abstained.tolist() == [UNCERTAIN, "a"]


def test_sentiment_scores_vader_compound_and_labels() -> None:
    labels, score = sentiment_scores(VaderSentiment().fit([]), ["I love it", "I hate it", ""])
    assert labels.tolist() == ["positive", "negative", "neutral"]
    assert score[0] > 0 > score[1] and score[2] == 0


def test_add_scores_refuses_labels_outside_the_label_sets() -> None:
    df = pd.DataFrame({"text": ["x", "y"]})
    with pytest.raises(ScrmError, match=r"trait model returned labels outside .*\['a', 'b'\]"):
        add_scores(df, sentiment_model=VaderSentiment().fit([]), trait_model=_Weighted(), non_english="ignore")
    with pytest.raises(ScrmError, match="sentiment model returned labels outside"):
        add_scores(df, sentiment_model=_Weighted(), trait_model=None, non_english="ignore")
    out = add_scores(df, sentiment_model=VaderSentiment().fit([]), trait_model=None, non_english="ignore")
    assert out["sentiment"].tolist() == ["neutral", "neutral"] and out["sentiment_score"].dtype == "float64"
