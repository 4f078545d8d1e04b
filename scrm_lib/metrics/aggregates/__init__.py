"""The listening summaries as combinable aggregates (issue 15): one implementation for every engine.

Each summary is an :class:`Aggregate`: ``partial(frame)`` turns any slice of the posts (a whole
frame, a chunk, a Dask partition) into a **small table of counts, sums, minima and maxima** keyed
by period / brand / …; ``merge(partials)`` adds those tables up (sum for counts and sums, min/max
for first/last timestamps and follower counts); ``finalize(merged)`` derives the published table —
ratios, shares and the Wilson/normal intervals of net sentiment (:func:`scrm_lib.metrics.sentiment.net_sentiment`)
— from the merged counts, never by averaging ratios. The pandas engine runs ``partial`` on the
whole frame, the Dask engine on every partition and merges the results in a tree, so both share
this code path and their results are equal (exact for counts; ratios to the last bits).
``tests/test_aggregates.py`` checks that every finalised table equals the matching
listening function of :mod:`scrm_lib.metrics` on the same posts, so the two cannot drift apart.

What each summary needs from the data:

- volume, share of voice (posts, engagement, reach), sentiment, engagement, reach, spikes and
  theme counts are additive over **any** partitioning;
- reach counts each author once per group: its partial is one row per (group, author) with the
  largest follower count seen, merged by max — additive over any partitioning too, at the price of
  a table as long as the number of distinct authors;
- response times pair a brand's reply with the post it answers (:func:`scrm_lib.metrics.responses.first_responses`).
  Each partition pairs the replies it holds with its own posts, and its partial also lists the
  replies whose post is not in it (*orphans*, a few rows when exports keep threads together). When
  the merged table has orphans, :attr:`Aggregate.refine` asks for a second pass in which every
  partition pairs its posts with its own replies *and* the orphans: exact however the posts are
  partitioned, with no shuffle. Medians and 90th percentiles merge exactly as counts of each
  distinct delay.
- spikes are found on the merged per-period volume (small) with the plain robust test
  (:func:`scrm_lib.metrics.spikes.detect_spikes`, ``coverage_aware=False`` of
  :func:`~scrm_lib.metrics.spikes.detect_spikes_by`) and are not explained by the posts (that needs the
  posts, not counts);
- distinctive terms come from merged per-brand term counts (:func:`scrm_lib.metrics.terms.themes`
  on one row of counts per brand gives the same log-odds as on one row per post). The terms to
  leave out (brand names and handles, :func:`scrm_lib.metrics.terms.theme_drop_terms`) come from
  the data: with ``themes(drop=None)`` each partition counts terms without its *own* names and
  carries those names in its partial; the merged names are the whole data's. The counts are
  exact when no counted word is a name only another partition knew (checked on the merged table);
  otherwise :attr:`Aggregate.refine` asks for a second pass with the merged names.

:func:`run_passes` runs a list of aggregates over partitions with any second passes they ask for;
both engines use it.
"""

from __future__ import annotations

from scrm_lib.metrics.aggregates.base import (
    MERGE_OPS,
    Aggregate,
    group_keys,
    merge_partials,
    period_keys,
    run_passes,
    with_period,
)
from scrm_lib.metrics.aggregates.counts import (
    engagement,
    reach,
    sentiment,
    share_of_voice,
    spikes,
    volume,
)
from scrm_lib.metrics.aggregates.responses import response_times
from scrm_lib.metrics.aggregates.themes import (
    NAMES_KEY,
    names,
    term_counts_matrix,
    theme_drop,
    themes,
)

# --------------------------------------------------------------------------------------------
# The set written by `scrm summarise`
# --------------------------------------------------------------------------------------------


def listening_summaries(freq: str = "W", spike_freq: str = "D", formula: str = "talkwalker", sla_minutes: float = 60,
                        confidence: float = 0.95, spike_window: int = 28, spike_sensitivity: float = 3.5,
                        spike_min_periods: int = 14, spike_min_excess: float = 5.0, spike_dispersion: float = 1.0
                        ) -> list[Aggregate]:
    """The listening summaries of ``scrm summarise`` (themes aside: ``themes()``, one pass with the
    data's names, is added when terms are asked for):
    volume per ``freq`` period and brand, share of voice (posts, engagement, reach), sentiment per
    brand and per period and brand, engagement per brand and channel, reach per brand, response
    times per brand, spikes of the ``spike_freq`` volume."""
    return [volume(freq, "brand"), share_of_voice(), share_of_voice(weight="engagement"), share_of_voice(weight="reach"),
            sentiment("brand", formula, confidence=confidence), sentiment("brand", formula, freq=freq, confidence=confidence),
            engagement(["brand", "channel"]), reach("brand"), response_times(sla_minutes, "brand"),
            spikes(spike_freq, "brand", spike_window, spike_sensitivity, spike_min_periods, spike_min_excess, spike_dispersion)]


__all__ = ["MERGE_OPS", "NAMES_KEY", "Aggregate", "engagement", "group_keys", "listening_summaries", "merge_partials",
           "names", "period_keys", "reach", "response_times", "run_passes", "sentiment", "share_of_voice", "spikes",
           "term_counts_matrix", "theme_drop", "themes", "volume", "with_period"]
