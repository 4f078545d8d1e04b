"""The combinable aggregate itself: :class:`Aggregate`, how partial tables merge, and the passes
of :func:`run_passes` (see :mod:`scrm_lib.metrics.aggregates`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from scrm_lib import metrics as L

#: How partial columns merge: ``sum`` (counts, sums), ``min`` (first timestamps), ``max`` (last
#: timestamps, follower counts).
MERGE_OPS: tuple[str, ...] = ("sum", "min", "max")


@dataclass(frozen=True)
class Aggregate:
    """One summary as combinable aggregates.

    Attributes:
        name: file stem of the summary (``volume`` → ``volume.parquet``).
        partial: posts → small table with the ``keys`` columns and the ``ops`` columns.
        keys: the columns the partial tables are keyed by (merged with ``groupby``).
        ops: column → how it merges (``sum``, ``min`` or ``max``, see :data:`MERGE_OPS`).
        finalize: merged table → the published summary.
        columns: the input columns the partial reads (the engines read only these).
        conversation: True when the summary is over the conversation only (:func:`scrm_lib.metrics.periods.earned`).
        refine: merged table → None when it is exact, else the aggregate whose partials over the
            same partitions replace this one's (a second pass, see :func:`run_passes`); its merged
            table is finalised by this aggregate's ``finalize``. One partition is always exact.
    """

    name: str
    partial: Callable[[pd.DataFrame], pd.DataFrame]
    keys: tuple[str, ...]
    ops: dict[str, str]
    finalize: Callable[[pd.DataFrame], pd.DataFrame]
    columns: tuple[str, ...] = ()
    conversation: bool = True
    params: dict[str, Any] = field(default_factory=dict)
    refine: Callable[[pd.DataFrame], Aggregate | None] | None = None

    def run_partial(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``partial`` on ``frame`` (the conversation part of it when :attr:`conversation`)."""
        return self.partial(L.earned(frame) if self.conversation else frame)

    def merge(self, partials: Sequence[pd.DataFrame]) -> pd.DataFrame:
        """Add up partial tables: one row per distinct key, each column merged by its op."""
        return merge_partials(partials, self.keys, self.ops)

    def compute(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The summary of an in-memory frame: ``finalize(merge([partial(frame)]))``."""
        return self.finalize(self.merge([self.run_partial(frame)]))


def merge_partials(partials: Sequence[pd.DataFrame], keys: Sequence[str], ops: dict[str, str]) -> pd.DataFrame:
    """One row per distinct ``keys`` value of the stacked ``partials``, columns merged by ``ops``.

    Missing values never count: the sum of counts skips them, the min/max of timestamps and
    follower counts too (a group whose values are all missing stays missing). Rows come out sorted
    by the keys. With no keys the result has one row.
    """
    bad = {c: o for c, o in ops.items() if o not in MERGE_OPS}
    if bad:
        raise ValueError(f"unknown merge op(s) {bad}; expected {MERGE_OPS}")
    parts = [p for p in partials if p is not None and len(p)]
    cols = [*keys, *ops]
    if not parts:
        return partials[0].iloc[0:0][cols] if partials else pd.DataFrame(columns=cols)
    stacked = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if not keys:
        row = {c: getattr(stacked[c], o)() if o != "sum" else stacked[c].sum(min_count=1) for c, o in ops.items()}
        return pd.DataFrame([row], columns=list(ops)).astype(stacked[list(ops)].dtypes.to_dict())
    out = stacked.groupby(list(keys), observed=True, sort=True, dropna=False).agg(ops).reset_index()
    return out[cols]


def run_passes(aggs: Sequence[Aggregate], run: Callable[[Sequence[Aggregate]], Sequence[pd.DataFrame]],
               partitions: int) -> list[pd.DataFrame]:
    """The merged table of each of ``aggs``: ``run(aggs)`` (the partials of every partition,
    merged), then — with more than one partition — one more ``run`` of the aggregates whose
    :attr:`Aggregate.refine` asks for it, whose merged tables replace the first ones. One partition
    holds every post with the replies to it and every name, so its first pass is exact."""
    merged = list(run(aggs))
    if partitions <= 1:
        return merged
    again = [(i, a.refine(m)) for i, (a, m) in enumerate(zip(aggs, merged, strict=True)) if a.refine is not None]
    again = [(i, r) for i, r in again if r is not None]
    if again:
        for (i, _), m in zip(again, run([r for _, r in again]), strict=True):
            merged[i] = m
    return merged


def group_keys(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def period_keys(freq: str | None) -> list[str]:
    return ["period"] if freq else []


def with_period(frame: pd.DataFrame, freq: str | None) -> pd.DataFrame:
    return frame.assign(period=L.period_start(frame["created_at"], freq)) if freq else frame
