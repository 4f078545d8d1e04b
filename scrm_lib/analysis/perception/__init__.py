"""Perception gaps between two groups answering the same survey items.

The typical use is the IBM Institute for Business Value (2011) comparison of
consumers and executives (DOMAIN.md section 5): *why do consumers interact with
brands on social media?* Consumers answer for themselves, executives answer what
they believe consumers want. The same functions work for any two groups
answering the same items (a class survey, a client's customers vs its managers).

Input is either

* a **respondent-level** frame (one row per respondent and item): columns
  ``respondent_id``, ``group``, ``item``, ``response`` and optional segment
  columns such as ``generation`` or ``country``. Binary items code the response
  as yes/no (``yes``/``no``, ``1``/``0``, ``true``/``false``, ``selected``/
  ``not selected``); Likert items use ordered labels (see :data:`LIKERT_3`,
  :data:`LIKERT_5`);
* or an **aggregated** frame: ``group``, ``item``, ``n`` and ``k`` (count of
  "yes") or ``pct`` (percentage, 0-100; ``k = round(pct * n / 100)``).

Everything downstream works on *counts* (``n``, ``k`` per group, item and
optionally segment), which are sums and therefore merge across partitions.

The statistics come from statsmodels and scipy:

* per-group proportion ``p = k / n`` with a Wilson score (or Agresti-Coull)
  interval (:func:`statsmodels.stats.proportion.proportion_confint`);
* gap ``d = p_b - p_a`` with Newcombe's (1998, method 10) hybrid score interval
  (:func:`statsmodels.stats.proportion.confint_proportions_2indep`,
  ``method="newcomb"``);
* a two-proportion test: pooled z test
  ``z = d / sqrt(p (1 - p) (1/n_a + 1/n_b))`` with ``p = (k_a + k_b) / (n_a + n_b)``,
  or Fisher's exact test (:func:`scipy.stats.fisher_exact`) when an expected
  cell count is below 5 (``test="auto"``);
* Cohen's h ``h = 2 asin(sqrt(p_b)) - 2 asin(sqrt(p_a))``
  (:func:`statsmodels.stats.proportion.proportion_effectsize`);
* p-values adjusted across items with Holm or Benjamini-Hochberg
  (:func:`statsmodels.stats.multitest.multipletests`).

The package, one module per job (this façade re-exports their public names, so notebooks keep
``from scrm_lib.analysis import perception as pc`` and ``pc.gap_table(...)``):

- :mod:`~scrm_lib.analysis.perception.survey`: loading and coding the survey, counts per group and item;
- :mod:`~scrm_lib.analysis.perception.gaps`: proportions, intervals, tests, the gap table, segments;
- :mod:`~scrm_lib.analysis.perception.ranks`: item ranks, rank reversals, rank correlation;
- :mod:`~scrm_lib.analysis.perception.likert`: Likert items;
- :mod:`~scrm_lib.analysis.perception.published`: the published figures and their provenance;
- :mod:`~scrm_lib.analysis.perception.prose`: sentences about the gaps.
"""

from scrm_lib.analysis.perception.gaps import (
    FISHER_MIN_EXPECTED,
    Correction,
    IntervalMethod,
    TestMethod,
    adjust_pvalues,
    cohens_h,
    difference_interval,
    effect_label,
    gap_heterogeneity,
    gap_table,
    heterogeneous_items,
    proportion_interval,
    segment_gaps,
    two_proportion_test,
    within_group_segments,
)
from scrm_lib.analysis.perception.likert import (
    LIKERT_3,
    LIKERT_5,
    likert_labels,
    likert_levels,
    likert_summary,
    likert_test,
)
from scrm_lib.analysis.perception.prose import (
    gap_sentences,
    published_gap_sentences,
)
from scrm_lib.analysis.perception.published import (
    cell_provenance,
    likert_provenance,
    published_cells,
    published_pairs,
)
from scrm_lib.analysis.perception.ranks import (
    RankCorrelation,
    item_ranks,
    rank_correlation,
    rank_reversals,
    usable_top_k,
)
from scrm_lib.analysis.perception.survey import (
    NO_VALUES,
    YES_VALUES,
    binary_response,
    describe_provenance,
    is_aggregated,
    item_counts,
    read_survey,
    split_items,
)

__all__ = [
    "YES_VALUES",
    "NO_VALUES",
    "is_aggregated",
    "binary_response",
    "item_counts",
    "read_survey",
    "describe_provenance",
    "split_items",
    "IntervalMethod",
    "Correction",
    "TestMethod",
    "FISHER_MIN_EXPECTED",
    "proportion_interval",
    "difference_interval",
    "two_proportion_test",
    "cohens_h",
    "adjust_pvalues",
    "effect_label",
    "gap_table",
    "segment_gaps",
    "gap_heterogeneity",
    "within_group_segments",
    "heterogeneous_items",
    "RankCorrelation",
    "rank_correlation",
    "item_ranks",
    "rank_reversals",
    "usable_top_k",
    "LIKERT_3",
    "LIKERT_5",
    "likert_levels",
    "likert_labels",
    "likert_summary",
    "likert_test",
    "published_pairs",
    "cell_provenance",
    "published_cells",
    "likert_provenance",
    "gap_sentences",
    "published_gap_sentences",
]
