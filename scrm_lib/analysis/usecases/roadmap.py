"""The roadmap: "all use cases start with listening" as dependencies, scheduled into waves."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from scrm_lib.core.errors import ParamsError

#: Order of operations within a category (DOMAIN.md §6): insights → rapid response → proactive.
STEPS: tuple[str, ...] = ("insights", "reactive", "proactive")
#: The category whose use cases every other category's first step depends on.
FOUNDATION = "foundation"


def infer_step(name: str) -> str:
    """The step of a use case from its name, for lists without a ``step`` column.

    Rule: a name containing "insight" → ``insights``; else containing "rapid" or
    "response" → ``reactive``; otherwise ``proactive``. On the 18 Altimeter use cases
    this gives F1, M1, S1, SP1, I1, C1 = insights; M2, S2, SP2 = reactive; the rest proactive.
    """
    n = name.lower()
    if "insight" in n:
        return "insights"
    if "rapid" in n or "response" in n:
        return "reactive"
    return "proactive"


def use_case_steps(usecases: pd.DataFrame) -> pd.Series:
    """The step of each use case: the optional ``step`` column if present, else :func:`infer_step`."""
    if "step" in usecases.columns:
        steps = usecases["step"].astype(str).str.strip().str.lower()
        bad = sorted(set(steps) - set(STEPS))
        if bad:
            raise ParamsError("use-case steps", [f"column 'step': unknown value(s) {bad}; expected one of {list(STEPS)}"])
        return pd.Series(steps.to_numpy(), index=usecases.index, name="step")
    return usecases["name"].astype(str).map(infer_step).rename("step")


def dependency_edges(usecases: pd.DataFrame) -> list[tuple[str, str]]:
    """Prerequisite edges ``(before, after)`` of "all use cases start with listening".

    - Every use case of the *first* step present in a non-foundation category depends on
      every use case of the ``foundation`` category (F1 before M1, S1, SP1, I1, C1; and
      before CX1, CX2, since customer experience has no insights use case).
    - Within a category, each use case depends on every use case of the nearest earlier
      step present (insights → reactive → proactive): M1 → M2 → {M3, M4}; C1 → {C2, C3}.
    - Within the foundation category the same step order applies.
    """
    steps = use_case_steps(usecases)
    ids = usecases["id"].astype(str)
    cats = usecases["category"].astype(str)
    foundation_ids = list(ids[cats == FOUNDATION])
    edges: list[tuple[str, str]] = []
    for cat in pd.unique(cats):
        in_cat = cats == cat
        levels = sorted({STEPS.index(s) for s in steps[in_cat]})
        by_level = {lv: list(ids[in_cat & (steps == STEPS[lv])]) for lv in levels}
        for prev, lv in zip(levels, levels[1:], strict=False):
            edges += [(a, b) for a in by_level[prev] for b in by_level[lv]]
        if cat != FOUNDATION and levels:
            edges += [(f, b) for f in foundation_ids for b in by_level[levels[0]]]
    return edges


def schedule_waves(
    usecases: pd.DataFrame,
    priority: pd.Series | np.ndarray,
    capacity: int,
    edges: Iterable[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Schedule use cases into waves that honour every dependency.

    A use case is *ready* in wave k when all its prerequisites are in waves < k. Each wave
    takes up to ``capacity`` ready use cases, highest priority first (ties: input order).
    This is a topological order (Kahn's algorithm) in layers, so a use case is never in
    the same or an earlier wave than anything it depends on.

    Returns:
        Frame with ``id``, ``wave`` (1-based), ``order`` (position in the schedule),
        ``priority`` and ``depends_on`` (comma-separated ids), in schedule order.

    Raises:
        ParamsError: capacity < 1, an edge naming an unknown id, or a dependency cycle.
    """
    if capacity < 1:
        raise ParamsError("roadmap", [f"wave capacity must be >= 1, got {capacity}"])
    ids = list(usecases["id"].astype(str))
    pos = {u: i for i, u in enumerate(ids)}
    edges = dependency_edges(usecases) if edges is None else list(edges)
    unknown = sorted({u for e in edges for u in e if u not in pos})
    if unknown:
        raise ParamsError("roadmap", [f"dependency names unknown use case id(s) {unknown}"])
    prio = np.asarray(priority, dtype=float)
    prereq: dict[str, set[str]] = {u: set() for u in ids}
    for a, b in edges:
        prereq[b].add(a)
    done: set[str] = set()
    rows = []
    wave = 0
    while len(done) < len(ids):
        wave += 1
        ready = [u for u in ids if u not in done and prereq[u] <= done]
        if not ready:
            left = sorted(set(ids) - done)
            raise ParamsError("roadmap", [f"dependency cycle among {left}"])
        ready.sort(key=lambda u: (-prio[pos[u]], pos[u]))
        chosen = ready[:capacity]
        for u in chosen:
            rows.append({"id": u, "wave": wave, "priority": prio[pos[u]], "depends_on": ", ".join(sorted(prereq[u]))})
        done |= set(chosen)
    out = pd.DataFrame(rows)
    out.insert(2, "order", np.arange(1, len(out) + 1))
    return out


def roadmap(
    ranked: pd.DataFrame, capacity: int, months_per_wave: float = 3.0
) -> pd.DataFrame:
    """The roadmap of a ranked table (from :func:`prioritise`): waves with start/end months.

    ``start_month = (wave - 1) * months_per_wave``, ``end_month = wave * months_per_wave``.
    """
    if months_per_wave <= 0:
        raise ParamsError("roadmap", [f"months_per_wave must be > 0, got {months_per_wave}"])
    sched = schedule_waves(ranked, ranked["priority"], capacity)
    info = ranked.set_index(ranked["id"].astype(str))
    sched["name"] = sched["id"].map(info["name"])
    sched["category"] = sched["id"].map(info["category"].astype(str))
    sched["group"] = sched["id"].map(info["group"].astype(str))
    sched["rank"] = sched["id"].map(info["rank"])
    sched["start_month"] = (sched["wave"] - 1) * months_per_wave
    sched["end_month"] = sched["wave"] * months_per_wave
    return sched
