"""Plots of perception gaps (notebook 02_perception_gaps). Each returns a Figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from scrm_lib.reports.viz.tables import format_table

COLOR_A = "#1f77b4"
COLOR_B = "#d95f02"
COLOR_REVERSAL = "#c0392b"
COLOR_MUTED = "#9e9e9e"
LIKERT_COLORS = {
    "strongly disagree": "#b2182b", "disagree": "#ef8a62", "neutral": "#d9d9d9",
    "agree": "#67a9cf", "strongly agree": "#2166ac",
}


def _name(item: str, names: Mapping[str, str] | None) -> str:
    return (names or {}).get(item, item)


def dumbbell(
    table: pd.DataFrame,
    labels: Sequence[str],
    item_names: Mapping[str, str] | None = None,
    published: set[tuple[str, str]] | None = None,
    groups: Sequence[str] | None = None,
    alpha: float = 0.05,
    title: str = "Why consumers interact with brands: the two groups' answers",
) -> Figure:
    """Dumbbell chart (left) and gap forest plot (right), items sorted by gap.

    Left: each group's proportion with its interval, joined by a line. Right: the gap
    ``p_b - p_a`` in points with Newcombe's interval; significant items (adjusted p)
    in bold. With ``published`` (a set of ``(group, item)``), published figures are
    drawn as filled markers and all others hollow, and the legend says so.
    """
    t = table.sort_values("gap", ascending=True).reset_index(drop=True)
    y = np.arange(len(t))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(12, 0.45 * len(t) + 2.2), sharey=True,
                                  gridspec_kw={"width_ratios": [3, 2]})
    ga, gb = groups or labels
    for yi, r in zip(y, t.itertuples(), strict=True):
        ax.plot([r.p_a * 100, r.p_b * 100], [yi, yi], color=COLOR_MUTED, lw=2, zorder=1)
        for p, lo, hi, col, off, g in ((r.p_a, r.p_a_lo, r.p_a_hi, COLOR_A, -0.12, ga), (r.p_b, r.p_b_lo, r.p_b_hi, COLOR_B, 0.12, gb)):
            ax.errorbar(p * 100, yi + off, xerr=[[100 * (p - lo)], [100 * (hi - p)]], fmt="none", ecolor=col, elinewidth=1.2, capsize=2, zorder=2)
            filled = published is None or (g, r.item) in published
            ax.scatter(p * 100, yi + off, s=60, color=col if filled else "white", edgecolor=col, linewidth=1.8, zorder=3)
        ax2.errorbar(r.gap * 100, yi, xerr=[[100 * (r.gap - r.gap_lo)], [100 * (r.gap_hi - r.gap)]], fmt="o",
                     color=COLOR_B if r.gap > 0 else COLOR_A, capsize=3)
        ax2.annotate(f"{r.gap * 100:+.0f}", (r.gap_hi * 100, yi), xytext=(4, -3), textcoords="offset points", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels(
        [_name(i, item_names) for i in t["item"]],
    )
    for lab, sig in zip(ax.get_yticklabels(), t["significant"], strict=True):
        lab.set_fontweight("bold" if sig else "normal")
    conf = int(round((1 - alpha) * 100))
    ax.set_xlabel(f"Share answering yes (%), {conf}% Wilson interval")
    ax.set_xlim(0, 100)
    ax.grid(axis="x", alpha=0.3)
    handles = [Line2D([], [], marker="o", color=COLOR_A, ls="", label=labels[0]),
               Line2D([], [], marker="o", color=COLOR_B, ls="", label=labels[1])]
    if published is not None:
        handles += [Line2D([], [], marker="o", color="k", ls="", label="published figure"),
                    Line2D([], [], marker="o", color="k", markerfacecolor="white", ls="", label="synthetic")]
    fig.legend(handles=handles, loc="lower center", fontsize=9, ncol=len(handles), frameon=False)
    ax2.axvline(0, color="k", lw=0.8)
    ax2.set_xlabel(f"Gap, {labels[1]} minus {labels[0]} (points)\n{conf}% Newcombe interval")
    ax2.grid(axis="x", alpha=0.3)
    ax.set_title("Share per group")
    ax2.set_title("Gap (bold item: significant after correction)", fontsize=10)
    fig.suptitle(title, fontsize=13)
    fig.tight_layout(rect=(0, 0.6 / fig.get_figheight(), 1, 1))
    return fig


def rank_slope(
    ranks: pd.DataFrame,
    reversals: pd.DataFrame,
    labels: Sequence[str],
    item_names: Mapping[str, str] | None = None,
    title: str = "Rank of each reason in the two groups",
) -> Figure:
    """Rank-rank slope chart: each item's rank in group a (left) and b (right).

    Items in ``reversals`` (one group's top k and the other's bottom k) are drawn in
    red and thick; the others in grey.
    """
    rev = set(reversals["item"]) if len(reversals) else set()
    m = len(ranks)
    fig, ax = plt.subplots(figsize=(8, 0.42 * m + 2))
    for r in ranks.itertuples():
        is_rev = r.item in rev
        col, lw = (COLOR_REVERSAL, 2.6) if is_rev else (COLOR_MUTED, 1.2)
        ax.plot([0, 1], [r.rank_a, r.rank_b], color=col, lw=lw, marker="o", zorder=3 if is_rev else 2)
    # one label per rank and side; tied items share it ("A / B  3.5")
    for side, col_name, x, ha in (("a", "rank_a", -0.04, "right"), ("b", "rank_b", 1.04, "left")):
        for rank, grp in ranks.groupby(col_name, sort=True):
            names = " / ".join(_name(i, item_names) for i in grp["item"])
            any_rev = bool(set(grp["item"]) & rev)
            text = f"{names}  {rank:g}" if side == "a" else f"{rank:g}  {names}"
            ax.text(x, rank, text, ha=ha, va="center", fontsize=9,
                    color=COLOR_REVERSAL if any_rev else "k", fontweight="bold" if any_rev else "normal")
    ax.set_ylim(m + 0.7, 0.3)
    ax.set_xlim(-1.25, 2.25)
    ax.set_xticks([0, 1])
    ax.set_xticklabels([f"{labels[0]}", f"{labels[1]}"], fontsize=10, fontweight="bold")
    ax.set_xlabel("Rank within each group (1 = most often chosen)")
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title + (f"\n(red: rank reversals, {len(rev)} items)" if rev else "\n(no rank reversals at this k)"))
    fig.tight_layout()
    return fig


def likert_diverging(
    summaries: Mapping[str, pd.DataFrame],
    item_names: Mapping[str, str] | None = None,
    notes: Mapping[tuple[str, str], str] | None = None,
    title: str = "Agreement per group",
) -> Figure:
    """Diverging stacked bars of Likert items, centred on the middle of ``neutral``.

    Args:
        summaries: item -> output of :func:`scrm_lib.analysis.perception.likert_summary`
            (rows = groups, columns = levels negative to positive, plus ``n``).
        notes: optional ``(item, group) -> text`` printed right of the bar (e.g.
            "published: agree 70%; neutral/disagree synthetic").
    """
    bars = [(item, g, row) for item, s in summaries.items() for g, row in s.iterrows()]
    fig, ax = plt.subplots(figsize=(11, 0.7 * len(bars) + 1.8))
    seen = set()
    for yi, (_item, _g, row) in enumerate(bars):
        levels = [c for c in row.index if c != "n"]
        vals = row[levels].astype(float).to_numpy()
        mid = len(levels) // 2
        has_neutral = len(levels) % 2 == 1
        left = -(vals[:mid].sum() + (vals[mid] / 2 if has_neutral else 0))
        for lv, v in zip(levels, vals, strict=True):
            col = LIKERT_COLORS.get(lv, COLOR_MUTED)
            ax.barh(yi, v, left=left, color=col, edgecolor="white", label=lv if lv not in seen else None)
            seen.add(lv)
            if v >= 6:
                ax.text(left + v / 2, yi, f"{v:.0f}%", ha="center", va="center", fontsize=8)
            left += v
    ax.set_yticks(range(len(bars)))
    ax.set_yticklabels(
        [f"{_name(i, item_names)}\n{g} (n={int(r['n'])})" + (f"\n{notes[(i, g)]}" if notes and (i, g) in notes else "")
         for i, g, r in bars],
        fontsize=8.5,
    )
    ax.axvline(0, color="k", lw=0.8)
    ax.set_xlim(-100, 100)
    ax.set_xticks(range(-100, 101, 25))
    ax.set_xticklabels([f"{abs(x)}" for x in range(-100, 101, 25)])
    ax.set_xlabel("Share of respondents (%): disagree to the left, agree to the right")
    ax.invert_yaxis()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), fontsize=8, ncol=len(seen), frameon=False)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def participation(shares: Mapping[str, float], source: str, title: str = "How consumers take part in social media") -> Figure:
    """One stacked horizontal bar of participation shares (percent), with its source."""
    fig, ax = plt.subplots(figsize=(10, 2.6))
    left = 0.0
    cols = ["#2166ac", "#67a9cf", "#d9d9d9", "#fddbc7"]
    for (name, v), c in zip(shares.items(), cols, strict=False):
        ax.barh(0, v, left=left, color=c, edgecolor="white")
        if v >= 12:
            ax.text(left + v / 2, 0, f"{name}\n{v:.0f}%", ha="center", va="center", fontsize=9)
        else:  # too narrow for its label: write it above the bar
            ax.annotate(f"{name} {v:.0f}%", (left + v / 2, 0.4), xytext=(left + v / 2 + 3, 0.62),
                        fontsize=9, arrowprops={"arrowstyle": "-", "color": "#444"})
        left += v
    ax.set_xlim(0, max(100, left))
    ax.set_ylim(-0.5, 0.85)
    ax.set_yticks([])
    ax.set_xlabel("Share of consumers (%)")
    ax.set_title(title)
    fig.text(0.01, 0.01, f"Source: {source}", fontsize=7.5, color="#444")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def segment_gaps(
    seg: pd.DataFrame,
    overall: pd.DataFrame,
    labels: Sequence[str],
    segment_name: str,
    item_names: Mapping[str, str] | None = None,
    heterogeneity: pd.DataFrame | None = None,
    ncols: int = 3,
    title: str | None = None,
) -> Figure:
    """Small multiples: for each item, the gap per segment level with its interval.

    The dashed line is the overall gap (from :func:`scrm_lib.analysis.perception.gap_table`);
    the panel title carries the adjusted heterogeneity p-value when given.
    """
    items = list(dict.fromkeys(seg["item"]))
    nrows = int(np.ceil(len(items) / ncols))
    levels = sorted(seg["segment"].unique())
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 0.28 * len(levels) * nrows + 1.4 * nrows + 0.8),
                             sharex=True, squeeze=False)
    het = heterogeneity.set_index("item") if heterogeneity is not None else None
    ov = overall.set_index("item")["gap"]
    for ax, item in zip(axes.flat, items, strict=False):
        s = seg[seg["item"] == item].set_index("segment").reindex(levels)
        y = np.arange(len(levels))
        ok = s["gap"].notna().to_numpy()
        ax.errorbar(s["gap"][ok] * 100, y[ok], xerr=[(s["gap"] - s["gap_lo"])[ok] * 100, (s["gap_hi"] - s["gap"])[ok] * 100],
                    fmt="o", color=COLOR_B, ms=4, capsize=2)
        ax.axvline(0, color="k", lw=0.7)
        if item in ov.index:
            ax.axvline(ov[item] * 100, color=COLOR_MUTED, ls="--", lw=1)
        ax.set_yticks(y)
        ax.set_yticklabels(levels, fontsize=8)
        ax.invert_yaxis()
        t = _name(item, item_names)
        if het is not None and item in het.index and pd.notna(het.loc[item, "p_adj"]):
            t += f"\nheterogeneity p_adj = {het.loc[item, 'p_adj']:.3g}"
        ax.set_title(t, fontsize=9)
        ax.grid(axis="x", alpha=0.3)
    for ax in axes.flat[len(items):]:
        ax.set_visible(False)
    for idx, ax in enumerate(axes.flat[: len(items)]):
        if idx + ncols >= len(items):  # lowest panel of its column
            ax.tick_params(labelbottom=True)
            ax.set_xlabel(f"Gap, {labels[1]} - {labels[0]} (points)")
    fig.suptitle(title or f"Does the gap differ by {segment_name}? (dashed: overall gap)", fontsize=12)
    fig.tight_layout()
    return fig


def safe_table(df: pd.DataFrame, formats: Mapping[str, str] | None = None, caption: str | None = None,
               na_rep: str = "—"):
    """The workbench's table format (:func:`scrm_lib.reports.viz.tables.format_table`): item names, group labels
    and segment values (from user files) HTML-escaped, shares as percentages, no 0..N index.
    ``na_rep`` is accepted for compatibility (empty cells show "—" with a footnote)."""

    return format_table(df, formats, caption=caption)
