"""The label sets: the one definition of the sentiment labels and the customer traits.

Every module that checks, orders or counts labels imports them from here (the models in
:mod:`scrm_lib.modeling`, the mentions schema, the params models, the metrics, the samples);
the order of each tuple is the display order the notebooks use.

- :data:`SENTIMENT_LABELS` — ``negative``, ``neutral``, ``positive``: what every sentiment model
  (VADER and the learned presets) predicts, so rule-based and learned models compare on equal terms.
- :data:`TRAIT_LABELS` — the customer traits of DOMAIN.md §2 plus ``none``.
- :data:`UNCERTAIN` — what a post's trait is when the trait model abstains: not a trait, a request
  for a human to read the post (the ARM table routes it). Never a training label.

The :data:`SentimentLabel`, :data:`TraitLabel` and :data:`TraitOrUncertain` ``Literal`` types are
the same sets for type hints and pydantic fields; the tuples are derived from them, so each set is
written once.

>>> SENTIMENT_LABELS
('negative', 'neutral', 'positive')
>>> TRAIT_LABELS[0], TRAIT_LABELS[-1], UNCERTAIN in TRAIT_LABELS
('venting', 'none', False)
"""

from __future__ import annotations

from typing import Literal, get_args

#: A sentiment label (type hints, pydantic fields).
SentimentLabel = Literal["negative", "neutral", "positive"]
#: A customer-trait label (type hints, pydantic fields).
TraitLabel = Literal["venting", "passive", "past", "collaborative", "advocate", "future", "none"]
#: A trait label or the abstention label :data:`UNCERTAIN` (what a scored post's ``trait`` may be).
TraitOrUncertain = Literal[TraitLabel, "uncertain"]

#: The sentiment labels, in display order (negative → positive).
SENTIMENT_LABELS: tuple[str, str, str] = get_args(SentimentLabel)
#: The customer traits of DOMAIN.md §2, plus ``none``, in display order.
TRAIT_LABELS: tuple[str, ...] = get_args(TraitLabel)
#: What a post's trait is when the trait model abstains (confidence below its threshold):
#: not a trait, a request for a human to read the post (the ARM table routes it).
UNCERTAIN: str = "uncertain"

__all__ = ["SENTIMENT_LABELS", "TRAIT_LABELS", "UNCERTAIN", "SentimentLabel", "TraitLabel", "TraitOrUncertain"]
