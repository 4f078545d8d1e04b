"""Sentiment and customer-trait models, all following scikit-learn's estimator API.

- :class:`scrm_lib.modeling.vader.VaderSentiment` — the NLTK VADER baseline.
- :class:`scrm_lib.modeling.linear.LinearTextClassifier` — the learned models: presets
  ``fast`` and ``accurate`` (sentiment) and ``trait`` (customer trait), see
  :mod:`scrm_lib.modeling.presets`.
- :mod:`scrm_lib.modeling.scoring` — ``load_model(name)`` and ``add_scores(df)``, the
  interface notebooks and ``scrm score`` use.
- :mod:`scrm_lib.modeling.persist` — skops files with model cards; untrusted types refused.
- :mod:`scrm_lib.modeling.evaluate` — metrics (macro-recall, macro-F1, …) from confusion counts.

Labels are always the strings ``"negative"``, ``"neutral"``, ``"positive"`` for
sentiment, so rule-based and learned models compare on equal terms.
"""

from scrm_lib.modeling.vader import SENTIMENT_LABELS, VaderSentiment

__all__ = ["SENTIMENT_LABELS", "VaderSentiment"]
