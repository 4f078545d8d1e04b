"""Sentiment and customer-trait models, all following scikit-learn's estimator API.

- :class:`scrm_lib.modeling.vader.VaderSentiment` — the NLTK VADER baseline.
- :class:`scrm_lib.modeling.linear.LinearTextClassifier` — the learned models: presets
  ``fast`` and ``accurate`` (sentiment) and ``trait`` (customer trait), see
  :mod:`scrm_lib.modeling.presets`.
- :mod:`scrm_lib.modeling.predict` — ``sentiment_scores`` / ``trait_scores``: what a fitted
  model says about posts (labels with a score or confidence).
- :mod:`scrm_lib.modeling.scoring` — ``load_model(name)`` and ``add_scores(df)``, the
  interface notebooks and ``scrm score`` use.
- :mod:`scrm_lib.modeling.persist` — skops files with model cards; untrusted types refused.
- :mod:`scrm_lib.modeling.train` — fitting the presets and writing them with their cards.
- :mod:`scrm_lib.modeling.evaluate` — metrics (macro-recall, macro-F1, …) from confusion counts.
- :mod:`scrm_lib.modeling.trait_real` — the real-corpus protocols (source-held-out, abstention).
- :mod:`scrm_lib.modeling.compare` — named models on named data sets (``scrm eval``).

Imports run one way: metrics and protocols (``evaluate``, ``trait_real``) know nothing of
loading or training; ``train`` uses them; ``scoring`` loads (and, for a missing trait
artifact, trains); ``compare`` sits on top. The VADER lexicon both the baseline and the
features read is :mod:`scrm_lib.text.lexicon`.

Labels are always the strings of :data:`scrm_lib.core.labels.SENTIMENT_LABELS`
(``"negative"``, ``"neutral"``, ``"positive"``) for sentiment, so rule-based and learned
models compare on equal terms, and :data:`scrm_lib.core.labels.TRAIT_LABELS` for traits.
"""

from scrm_lib.modeling.vader import VaderSentiment

__all__ = ["VaderSentiment"]
