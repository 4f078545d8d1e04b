"""What a fitted model says about posts: labels with a score or a confidence.

The two functions every caller that reads model outputs uses (:mod:`scrm_lib.modeling.scoring`'s
``add_scores``, the identity-invariance check of :mod:`scrm_lib.modeling.fairness`, the
real-corpus evaluation of :mod:`scrm_lib.modeling.trait_real`, the error analysis of
:mod:`scrm_lib.modeling.analysis`). They take a fitted estimator, never a name: loading a
model by name is :func:`scrm_lib.modeling.scoring.load_model`'s job, so this module imports no
loader or trainer and anything may import it.

A learned model with decision weights (``decision_weights_``, fitted by
:meth:`~scrm_lib.modeling.linear.LinearTextClassifier.tune_decision`) predicts the class with the
largest weighted probability; otherwise the model's own ``predict`` / arg-max decides.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scrm_lib.core.labels import UNCERTAIN
from scrm_lib.modeling.vader import VaderSentiment


def chosen_index(model: Any, proba: np.ndarray) -> np.ndarray:
    """Column of ``classes_`` each post gets: ``argmax(proba * decision_weights_)``, or ``argmax(proba)``.

    What :meth:`~scrm_lib.modeling.linear.LinearTextClassifier.predict` decides, from probabilities
    already computed (so the features are computed once). Callers: :func:`sentiment_scores`,
    :func:`trait_scores` and :func:`scrm_lib.modeling.analysis.predict_with_proba`.

    >>> class M: decision_weights_ = np.array([1.0, 3.0])
    >>> chosen_index(M(), np.array([[0.6, 0.4], [0.9, 0.1]])).tolist()
    [1, 0]
    """
    w = getattr(model, "decision_weights_", None)
    return np.argmax(proba if w is None else proba * w, axis=1)


def sentiment_scores(model: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(labels, scores in [-1, 1])`` of a sentiment model on ``texts``.

    VADER's score is its compound; a probabilistic model's is P(positive) − P(negative).
    """
    if isinstance(model, VaderSentiment):
        score = model.compound(texts)
        labels = np.full(score.shape, "neutral", dtype=object)
        labels[score >= model.pos_threshold] = "positive"
        labels[score <= model.neg_threshold] = "negative"
        return labels, score
    proba = model.predict_proba(texts)
    classes = list(model.classes_)
    labels = model.predict(texts) if not hasattr(model, "decision_weights_") else \
        np.asarray(model.classes_)[chosen_index(model, proba)]
    pos = proba[:, classes.index("positive")] if "positive" in classes else 0.0
    neg = proba[:, classes.index("negative")] if "negative" in classes else 0.0
    return np.asarray(labels, dtype=object), np.clip(np.asarray(pos - neg, dtype=float), -1.0, 1.0)


def trait_scores(model: Any, texts: list[str], abstain_below: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(traits, confidence in [0, 1])``: the predicted trait and its probability.

    With ``abstain_below`` (e.g. :data:`~scrm_lib.modeling.presets.TRAIT_ABSTAIN_BELOW`),
    posts whose confidence is below it get the trait ``uncertain`` (a human should read
    them; the ARM decision table routes them to review). The confidence stays as computed.
    """
    proba = model.predict_proba(texts)
    idx = chosen_index(model, proba)
    labels = np.asarray(model.classes_, dtype=object)[idx]
    conf = np.clip(proba[np.arange(len(idx)), idx].astype(float), 0.0, 1.0)
    if abstain_below is not None:
        labels = labels.copy()
        labels[conf < abstain_below] = UNCERTAIN
    return labels, conf


__all__ = ["chosen_index", "sentiment_scores", "trait_scores"]
