"""Sentiment and customer-trait models, all following scikit-learn's estimator API.

- :class:`scrm_lib.models.vader.VaderSentiment` — the NLTK VADER baseline.

Labels are always the strings ``"negative"``, ``"neutral"``, ``"positive"`` for
sentiment, so rule-based and learned models compare on equal terms.
"""

from scrm_lib.models.vader import SENTIMENT_LABELS, VaderSentiment

__all__ = ["SENTIMENT_LABELS", "VaderSentiment"]
