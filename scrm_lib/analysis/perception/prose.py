"""Plain-language sentences about the gaps of :func:`scrm_lib.analysis.perception.gaps.gap_table`."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def gap_sentences(
    table: pd.DataFrame,
    labels: Sequence[str],
    alpha: float = 0.05,
    max_items: int = 3,
    item_names: dict[str, str] | None = None,
) -> list[str]:
    """Plain-language sentences about the largest significant gaps of :func:`gap_table`.

    E.g. ``"executive overrate 'feel connected' by 31 points (95% CI 25 to 37) vs consumer."``.
    ``labels`` are display names of groups ``(a, b)``. Items whose adjusted p-value is not
    below ``alpha`` are not claimed as gaps; the sentence list says so when none is.
    """
    names = item_names or {}
    a, b = labels
    conf = int(round((1 - alpha) * 100))
    sig = table[table["significant"]]
    out = []
    over = sig[sig["gap"] > 0].sort_values("gap", ascending=False).head(max_items)
    under = sig[sig["gap"] < 0].sort_values("gap").head(max_items)
    for r in over.itertuples():
        out.append(
            f"{b} overrate '{names.get(r.item, r.item)}' by {abs(r.gap) * 100:.0f} points compared with {a} "
            f"({r.p_b:.0%} vs {r.p_a:.0%}; {conf}% CI of the gap {r.gap_lo * 100:+.0f} to {r.gap_hi * 100:+.0f} points)."
        )
    for r in under.itertuples():
        out.append(
            f"{b} underrate '{names.get(r.item, r.item)}' by {abs(r.gap) * 100:.0f} points compared with {a} "
            f"({r.p_b:.0%} vs {r.p_a:.0%}; {conf}% CI of the gap {r.gap_lo * 100:+.0f} to {r.gap_hi * 100:+.0f} points)."
        )
    if not out:
        out.append(f"No item differs between {a} and {b} after correction at alpha = {alpha}.")
    return out


def published_gap_sentences(
    pub_gaps: pd.DataFrame,
    labels: Sequence[str],
    alpha: float = 0.05,
    item_names: dict[str, str] | None = None,
) -> list[str]:
    """One sentence per item of a gap table computed from *published* shares and N, largest gap first.

    Unlike :func:`gap_sentences`, every item is described (the published figures are the
    report's own claims, not a test of them), with the direction (``overrate`` when group b's
    share is higher, else ``underrate``) and the interval from the published shares and N.
    ``labels`` are display names of groups ``(a, b)``.
    """
    names = item_names or {}
    a, b = labels
    conf = int(round((1 - alpha) * 100))
    return [
        f"{b} {'over' if r.gap > 0 else 'under'}rate '{names.get(r.item, r.item)}' by "
        f"{abs(r.gap) * 100:.0f} points ({r.p_b:.0%} vs {r.p_a:.0%}; {conf}% CI "
        f"{r.gap_lo * 100:+.0f} to {r.gap_hi * 100:+.0f} points, from the published shares and N)."
        for r in pub_gaps.sort_values("gap", ascending=False).itertuples()
    ]
