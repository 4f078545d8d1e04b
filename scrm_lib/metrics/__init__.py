"""Layer 4 — listening metrics and the views built on them (audit, advocates, triage, overview).

This package's ``__init__`` is the façade of the **listening API** (scikit-learn style): notebooks
write ``from scrm_lib import metrics as L`` and call ``L.volume``, ``L.share_of_voice``,
``L.sentiment_summary`` … The definitions live in modules by job:

==========================  ==================================================================
``metrics.periods``         conversation vs own posts (``earned``/``owned``), brands, windows, periods
``metrics.counts``          volume, share of voice, interactions, engagement, reach, top posts
``metrics.sentiment``       sentiment source, sentiment mix, net sentiment and its interval
``metrics.collection``      collection coverage per brand and period
``metrics.spikes``          spike test, spikes explained, known events
``metrics.comparisons``     before/after and period-over-period comparisons
``metrics.influence``       influencers vs advocates, the reply/mention network
``metrics.terms``           term matrix and distinctive terms (themes)
``metrics.aspects``         aspect lexicons and sentiment per aspect
``metrics.responses``       first responses, response times, the SLA
``metrics.summary``         the measurement framework and the brand summary
``text.tokenise``           the tweet tokeniser (re-exported here)
``text.privacy``            pseudonymisation (re-exported here)
``data.sources``            loading several files of one format (re-exported here)
==========================  ==================================================================

The views (``metrics.audit``, ``metrics.advocates``, ``metrics.triage``, ``metrics.overview``) are
imported by name: ``from scrm_lib.metrics import audit``. Modules inside the package import the
module that defines a name, never this façade. The façade is lazy (PEP 562): a name's module is
imported the first time the name is used, so ``import scrm_lib.metrics.overview`` (the run layer's
data check) does not load the models, the language detector and statsmodels. See docs/architecture.md for the layers.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "DATA_FORMATS": "scrm_lib.data.sources",
    "load_sources": "scrm_lib.data.sources",
    "Aspect": "scrm_lib.metrics.aspects",
    "DEFAULT_ASPECTS": "scrm_lib.metrics.aspects",
    "aspect_agreement": "scrm_lib.metrics.aspects",
    "aspect_hits": "scrm_lib.metrics.aspects",
    "aspect_sentiment": "scrm_lib.metrics.aspects",
    "load_aspects": "scrm_lib.metrics.aspects",
    "primary_aspect": "scrm_lib.metrics.aspects",
    "coverage": "scrm_lib.metrics.collection",
    "coverage_summary": "scrm_lib.metrics.collection",
    "coverage_warnings": "scrm_lib.metrics.collection",
    "compare_periods": "scrm_lib.metrics.comparisons",
    "last_two_periods": "scrm_lib.metrics.comparisons",
    "split_at": "scrm_lib.metrics.comparisons",
    "COUNT_COLUMNS": "scrm_lib.metrics.counts",
    "category_shares": "scrm_lib.metrics.counts",
    "complete_periods": "scrm_lib.metrics.counts",
    "engagement": "scrm_lib.metrics.counts",
    "interactions": "scrm_lib.metrics.counts",
    "reach": "scrm_lib.metrics.counts",
    "share_of_voice": "scrm_lib.metrics.counts",
    "top_posts": "scrm_lib.metrics.counts",
    "usable_periods": "scrm_lib.metrics.counts",
    "volume": "scrm_lib.metrics.counts",
    "MEDIA_HANDLE": "scrm_lib.metrics.influence",
    "SPONSORED": "scrm_lib.metrics.influence",
    "influencers_vs_advocates": "scrm_lib.metrics.influence",
    "interaction_graph": "scrm_lib.metrics.influence",
    "network_summary": "scrm_lib.metrics.influence",
    "role_quality": "scrm_lib.metrics.influence",
    "role_summary": "scrm_lib.metrics.influence",
    "MAX_PERIODS": "scrm_lib.metrics.overview",
    "PeriodLimitError": "scrm_lib.metrics.overview",
    "check_period_count": "scrm_lib.metrics.overview",
    "count_periods": "scrm_lib.metrics.overview",
    "outlying_dates": "scrm_lib.metrics.overview",
    "spike_period_for": "scrm_lib.metrics.overview",
    "PERIODS": "scrm_lib.metrics.periods",
    "earned": "scrm_lib.metrics.periods",
    "owned": "scrm_lib.metrics.periods",
    "period_range": "scrm_lib.metrics.periods",
    "period_start": "scrm_lib.metrics.periods",
    "select_brands": "scrm_lib.metrics.periods",
    "window": "scrm_lib.metrics.periods",
    "first_responses": "scrm_lib.metrics.responses",
    "response_times": "scrm_lib.metrics.responses",
    "sla_breakdown": "scrm_lib.metrics.responses",
    "summarise_responses": "scrm_lib.metrics.responses",
    "NET_FORMULAS": "scrm_lib.metrics.sentiment",
    "SENTIMENT_LABELS": "scrm_lib.metrics.sentiment",
    "SENTIMENT_SOURCES": "scrm_lib.metrics.sentiment",
    "net_sentiment": "scrm_lib.metrics.sentiment",
    "register_sentiment_source": "scrm_lib.metrics.sentiment",
    "resolve_sentiment": "scrm_lib.metrics.sentiment",
    "sentiment_counts": "scrm_lib.metrics.sentiment",
    "sentiment_summary": "scrm_lib.metrics.sentiment",
    "SPIKE_KIND_SHIFT": "scrm_lib.metrics.spikes",
    "detect_spikes": "scrm_lib.metrics.spikes",
    "detect_spikes_by": "scrm_lib.metrics.spikes",
    "explain_spike": "scrm_lib.metrics.spikes",
    "load_events": "scrm_lib.metrics.spikes",
    "match_events": "scrm_lib.metrics.spikes",
    "spike_kind": "scrm_lib.metrics.spikes",
    "spike_scan": "scrm_lib.metrics.spikes",
    "FRAMEWORK_CATEGORIES": "scrm_lib.metrics.summary",
    "brand_summary": "scrm_lib.metrics.summary",
    "framework_matrix": "scrm_lib.metrics.summary",
    "measurement_framework": "scrm_lib.metrics.summary",
    "TermMatrix": "scrm_lib.metrics.terms",
    "load_entity_terms": "scrm_lib.metrics.terms",
    "term_matrix": "scrm_lib.metrics.terms",
    "theme_drop_terms": "scrm_lib.metrics.terms",
    "themes": "scrm_lib.metrics.terms",
    "EMAIL_RE": "scrm_lib.text.privacy",
    "HANDLE_RE": "scrm_lib.text.privacy",
    "PERSONAL_COLUMNS": "scrm_lib.text.privacy",
    "POST_ID_COLUMNS": "scrm_lib.text.privacy",
    "PrivacyError": "scrm_lib.text.privacy",
    "brand_handles": "scrm_lib.text.privacy",
    "pseudonym": "scrm_lib.text.privacy",
    "pseudonymise": "scrm_lib.text.privacy",
    "brand_terms": "scrm_lib.text.tokenise",
    "is_brand_term": "scrm_lib.text.tokenise",
    "stop_words": "scrm_lib.text.tokenise",
    "tokenize": "scrm_lib.text.tokenise",
    "tweet_tokens": "scrm_lib.text.tokenise",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the module defining ``name`` on first use and return the name (PEP 562)."""
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public listening API and this package's modules."""
    return sorted({*globals(), *_EXPORTS})
