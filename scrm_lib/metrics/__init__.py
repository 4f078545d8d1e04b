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
module that defines a name, never this façade. See docs/architecture.md for the layers.
"""

from scrm_lib.data.sources import DATA_FORMATS, load_sources
from scrm_lib.metrics.aspects import (
    DEFAULT_ASPECTS,
    Aspect,
    aspect_agreement,
    aspect_hits,
    aspect_sentiment,
    load_aspects,
    primary_aspect,
)
from scrm_lib.metrics.collection import coverage, coverage_summary, coverage_warnings
from scrm_lib.metrics.comparisons import compare_periods, last_two_periods, split_at
from scrm_lib.metrics.counts import (
    COUNT_COLUMNS,
    category_shares,
    complete_periods,
    engagement,
    interactions,
    reach,
    share_of_voice,
    top_posts,
    usable_periods,
    volume,
)
from scrm_lib.metrics.influence import (
    MEDIA_HANDLE,
    SPONSORED,
    influencers_vs_advocates,
    interaction_graph,
    network_summary,
    role_quality,
    role_summary,
)
from scrm_lib.metrics.overview import (
    MAX_PERIODS,
    PeriodLimitError,
    check_period_count,
    count_periods,
    outlying_dates,
    spike_period_for,
)
from scrm_lib.metrics.periods import (
    PERIODS,
    earned,
    owned,
    period_range,
    period_start,
    select_brands,
    window,
)
from scrm_lib.metrics.responses import (
    first_responses,
    response_times,
    sla_breakdown,
    summarise_responses,
)
from scrm_lib.metrics.sentiment import (
    NET_FORMULAS,
    SENTIMENT_LABELS,
    SENTIMENT_SOURCES,
    net_sentiment,
    register_sentiment_source,
    resolve_sentiment,
    sentiment_counts,
    sentiment_summary,
)
from scrm_lib.metrics.spikes import (
    SPIKE_KIND_SHIFT,
    detect_spikes,
    detect_spikes_by,
    explain_spike,
    load_events,
    match_events,
    spike_kind,
    spike_scan,
)
from scrm_lib.metrics.summary import (
    FRAMEWORK_CATEGORIES,
    brand_summary,
    framework_matrix,
    measurement_framework,
)
from scrm_lib.metrics.terms import (
    TermMatrix,
    load_entity_terms,
    term_matrix,
    theme_drop_terms,
    themes,
)
from scrm_lib.text.privacy import (
    EMAIL_RE,
    HANDLE_RE,
    PERSONAL_COLUMNS,
    POST_ID_COLUMNS,
    PrivacyError,
    brand_handles,
    pseudonym,
    pseudonymise,
)
from scrm_lib.text.tokenise import brand_terms, is_brand_term, stop_words, tokenize, tweet_tokens

__all__ = [
    "COUNT_COLUMNS", "DATA_FORMATS", "DEFAULT_ASPECTS", "EMAIL_RE", "FRAMEWORK_CATEGORIES", "HANDLE_RE", "MAX_PERIODS",
    "MEDIA_HANDLE", "NET_FORMULAS", "PERIODS", "PERSONAL_COLUMNS", "POST_ID_COLUMNS", "SENTIMENT_LABELS",
    "SENTIMENT_SOURCES", "SPIKE_KIND_SHIFT", "SPONSORED", "Aspect", "PeriodLimitError", "PrivacyError", "TermMatrix",
    "aspect_agreement", "aspect_hits", "aspect_sentiment", "brand_handles", "brand_summary", "brand_terms",
    "category_shares", "check_period_count", "compare_periods", "complete_periods", "count_periods", "coverage",
    "coverage_summary", "coverage_warnings", "detect_spikes", "detect_spikes_by", "earned", "engagement",
    "explain_spike", "first_responses", "framework_matrix", "influencers_vs_advocates", "interaction_graph",
    "interactions", "is_brand_term", "last_two_periods", "load_aspects", "load_entity_terms", "load_events",
    "load_sources", "match_events", "measurement_framework", "net_sentiment", "network_summary", "outlying_dates",
    "owned", "period_range", "period_start", "primary_aspect", "pseudonym", "pseudonymise", "reach",
    "register_sentiment_source", "resolve_sentiment", "response_times", "role_quality", "role_summary",
    "select_brands", "sentiment_counts", "sentiment_summary", "share_of_voice", "sla_breakdown", "spike_kind",
    "spike_period_for", "spike_scan", "split_at", "stop_words", "summarise_responses", "term_matrix", "theme_drop_terms",
    "themes", "tokenize", "top_posts", "tweet_tokens", "usable_periods", "volume", "window",
]
