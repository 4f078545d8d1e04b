"""ARM triage of inbound posts: routing, priority, micro vs macro, crisis protocol, sales leads.

Implements the Action / Reaction / Management process of Chess Media Group (2010) as described
in DOMAIN.md §4. Every inbound interaction is judged on what was said (trait, sentiment), where
(channel), who (author reach) and history (earlier posts), and gets a decision — even "store only".

The routing rules are **data**: a YAML decision table (:func:`load_decision_table`; the default is
``scrm_lib/rules/arm_decision_table.yaml``). Everything else is a pure function of a validated,
scored mentions frame (columns of the canonical schema plus ``sentiment`` and ``trait``).

The package, one module per job (this façade re-exports their public names, so notebooks keep
``from scrm_lib.metrics import triage`` and ``triage.route(...)``):

- :mod:`~scrm_lib.metrics.triage.rules`: the decision table (schema, loading, readable view);
- :mod:`~scrm_lib.metrics.triage.routing`: routing, priority, work queue, trait examples, sales leads;
- :mod:`~scrm_lib.metrics.triage.complaints`: complaint clusters and macro issues;
- :mod:`~scrm_lib.metrics.triage.crisis`: the crisis protocol;
- :mod:`~scrm_lib.metrics.triage.scoring`: :func:`score_posts` and its cache.
"""

from scrm_lib.metrics.triage.complaints import (
    COMPLAINT_NOISE,
    COMPLAINT_TOKEN_PATTERN,
    complaint_clusters,
    complaint_issues,
    complaint_stop_words,
    duplicate_groups,
)
from scrm_lib.metrics.triage.crisis import (
    CRISIS_LEVELS,
    crisis_events,
    crisis_protocol,
    crisis_signals,
    first_at_level,
    quiet_groups,
    rolling_crisis_signals,
)
from scrm_lib.metrics.triage.routing import (
    NO_ACTION,
    SALES_CAUTION,
    action_summary,
    actions_per_day,
    author_history,
    daily_workload,
    leads_leaving,
    priority_queue,
    route,
    sales_leads,
    trait_examples,
)
from scrm_lib.metrics.triage.rules import (
    DEFAULT_DECISION_TABLE,
    DecisionTable,
    PriorityWeights,
    Rule,
    RuleCondition,
    decision_table_from_dict,
    load_decision_table,
    rules_frame,
)
from scrm_lib.metrics.triage.scoring import (
    SCORE_COLUMNS,
    score_posts,
)

__all__ = [
    "DEFAULT_DECISION_TABLE",
    "RuleCondition",
    "Rule",
    "PriorityWeights",
    "DecisionTable",
    "load_decision_table",
    "decision_table_from_dict",
    "rules_frame",
    "author_history",
    "route",
    "priority_queue",
    "actions_per_day",
    "trait_examples",
    "SALES_CAUTION",
    "sales_leads",
    "NO_ACTION",
    "action_summary",
    "daily_workload",
    "leads_leaving",
    "COMPLAINT_NOISE",
    "COMPLAINT_TOKEN_PATTERN",
    "complaint_stop_words",
    "complaint_clusters",
    "complaint_issues",
    "duplicate_groups",
    "CRISIS_LEVELS",
    "crisis_signals",
    "rolling_crisis_signals",
    "crisis_protocol",
    "crisis_events",
    "first_at_level",
    "quiet_groups",
    "score_posts",
    "SCORE_COLUMNS",
]
