"""Figures of the use-case prioritization notebook (issue 5).

Every function returns a :class:`matplotlib.figure.Figure` with a title and labelled axes.
:func:`place_labels` is a small deterministic label-placement routine (no extra
dependency): it tries candidate positions around each point, nearest first, and keeps the
first one whose text box overlaps no other label, marker or fixed text and stays inside
the axes; :func:`label_overlaps` checks the result (used by the tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from scrm_lib.analysis.usecases import (
    DEFAULT_MATURITY_CUT,
    GROUPS,
    QuadrantCuts,
    demand_score_to_months,
)

#: One colour per use-case category (colour-blind-safe Okabe–Ito palette).
CATEGORY_COLOURS: dict[str, str] = {
    "foundation": "#000000",
    "marketing": "#E69F00",
    "sales": "#56B4E9",
    "support": "#009E73",
    "innovation": "#CC79A7",
    "collaboration": "#0072B2",
    "customer experience": "#D55E00",
}
#: Background tint of each quadrant.
GROUP_COLOURS: dict[str, str] = {
    "Evangelizables": "#e5f5e0",
    "Near Tipping Points": "#deebf7",
    "Early Movers": "#fee6ce",
    "Early Adoptions": "#f0f0f0",
}


def _category_colour(cat: str) -> str:
    return CATEGORY_COLOURS.get(cat, "#777777")


# ---------------------------------------------------------------------------
# Label placement
# ---------------------------------------------------------------------------


def _overlap_area(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Overlap area of box ``a`` (x0, y0, x1, y1) with each row of ``b``."""
    if len(b) == 0:
        return np.zeros(0)
    w = np.minimum(a[2], b[:, 2]) - np.maximum(a[0], b[:, 0])
    h = np.minimum(a[3], b[:, 3]) - np.maximum(a[1], b[:, 1])
    return np.clip(w, 0, None) * np.clip(h, 0, None)


def _box_distance(box: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Distance from each point to the box (0 inside)."""
    dx = np.maximum(np.maximum(box[0] - pts[:, 0], pts[:, 0] - box[2]), 0)
    dy = np.maximum(np.maximum(box[1] - pts[:, 1], pts[:, 1] - box[3]), 0)
    return np.hypot(dx, dy)


def _leader_crossings(p: np.ndarray, box: np.ndarray, placed: np.ndarray, markers: np.ndarray, own: int) -> float:
    """How many sample points of the leader line (point → box centre) fall in other boxes/markers."""
    c = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
    t = np.linspace(0.15, 0.85, 12)[:, None]
    seg = p[None, :] + t * (c - p)[None, :]
    others = np.delete(markers, own, axis=0)
    boxes = np.vstack([placed, others]) if len(placed) else others
    inside = (
        (seg[:, None, 0] >= boxes[None, :, 0]) & (seg[:, None, 0] <= boxes[None, :, 2])
        & (seg[:, None, 1] >= boxes[None, :, 1]) & (seg[:, None, 1] <= boxes[None, :, 3])
    )
    return float(inside.sum())


def _renderer(fig: Figure) -> Any:
    """A renderer of ``fig`` after a draw, whatever its canvas.

    A figure closed by pyplot (or made with ``Figure()``) can have a plain ``FigureCanvasBase``,
    which has no ``get_renderer`` (JupyterLab showed ``AttributeError: 'FigureCanvasBase' object has
    no attribute 'get_renderer'`` when a redraw met such a figure); it gets an Agg canvas then.
    """
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def place_labels(
    ax: plt.Axes,
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    *,
    marker_radius_pt: Sequence[float] | float = 6.0,
    obstacles: Sequence[Text] = (),
    fontsize: float = 8.0,
    radii_pt: Sequence[float] = (4, 9, 15, 22, 30, 40, 52, 66, 82, 100),
    n_angles: int = 24,
    pad_pt: float = 1.5,
) -> list[Annotation]:
    """Label each point (x[i], y[i]) with texts[i] without overlaps, deterministically.

    Fix the axes limits and the figure layout *before* calling (positions are computed in
    display coordinates). Labels are placed most-crowded point first; for each, candidate
    boxes are tried at increasing distances ``radii_pt`` beyond the marker and ``n_angles``
    directions (right and up first); the first candidate that overlaps no placed label, no
    marker, no ``obstacles`` text and stays inside the axes wins. If none is free, the
    candidate with the least overlap is used. Labels away from their point get a thin
    leader line.

    Returns:
        The annotations, in input order.
    """
    fig = ax.figure
    renderer = _renderer(fig)
    px_per_pt = fig.dpi / 72.0
    n = len(texts)
    pts = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    radii = np.broadcast_to(np.asarray(marker_radius_pt, float), (n,)) * px_per_pt
    markers = np.column_stack([pts[:, 0] - radii, pts[:, 1] - radii, pts[:, 0] + radii, pts[:, 1] + radii])
    fixed = [o.get_window_extent(renderer) for o in obstacles]
    fixed_boxes = np.array([[b.x0, b.y0, b.x1, b.y1] for b in fixed]).reshape(-1, 4)
    axbox = ax.get_window_extent(renderer)
    pad = pad_pt * px_per_pt

    # Text sizes.
    sizes = []
    for t in texts:
        probe = ax.text(0, 0, t, fontsize=fontsize)
        bb = probe.get_window_extent(renderer)
        sizes.append((bb.width + 2 * pad, bb.height + 2 * pad))
        probe.remove()

    # Directions: start to the right, then alternate around the circle.
    base = np.linspace(0, 2 * np.pi, n_angles, endpoint=False)
    order_idx = np.argsort(np.minimum(base, 2 * np.pi - base) + 0.01 * (base > np.pi), kind="stable")
    angles = base[order_idx]

    # Crowding: number of other points within 60 px; most crowded placed first.
    d = np.linalg.norm(pts[:, None, :] - pts[None, :, :], axis=2)
    crowd = (d < 60 * px_per_pt).sum(axis=1)
    sequence = sorted(range(n), key=lambda i: (-crowd[i], i))

    placed = np.zeros((0, 4))
    chosen: dict[int, tuple[float, float, float]] = {}
    for i in sequence:
        w, h = sizes[i]
        best, best_cost = None, np.inf
        for r in radii_pt:
            dist = radii[i] + r * px_per_pt
            for a in angles:
                c, s = np.cos(a), np.sin(a)
                cx = pts[i, 0] + c * (dist + w / 2) if abs(c) > 1e-9 else pts[i, 0]
                cy = pts[i, 1] + s * (dist + h / 2) if abs(s) > 1e-9 else pts[i, 1]
                box = np.array([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
                outside = (
                    max(0, axbox.x0 - box[0]) + max(0, box[2] - axbox.x1) + max(0, axbox.y0 - box[1]) + max(0, box[3] - axbox.y1)
                )
                leader = _leader_crossings(pts[i], box, placed, markers, i) if r > radii_pt[1] else 0.0
                # Ambiguity: another marker nearer to this label than its own point.
                gap = _box_distance(box, pts) - radii
                ambiguous = float((np.delete(gap, i) < gap[i] + 2 * px_per_pt).sum())
                cost = (
                    leader * 200.0
                    + ambiguous * 100.0
                    + _overlap_area(box, placed).sum() * 10
                    + _overlap_area(box, markers).sum() * 5
                    + _overlap_area(box, fixed_boxes).sum() * 10
                    + outside * (w + h) * 20
                )
                if cost < best_cost:
                    best, best_cost = (cx, cy, r), cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        assert best is not None
        cx, cy, r = best
        chosen[i] = best
        w, h = sizes[i]
        placed = np.vstack([placed, [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]])

    annotations = []
    for i in range(n):
        cx, cy, r = chosen[i]
        off = ((cx - pts[i, 0]) / px_per_pt, (cy - pts[i, 1]) / px_per_pt)
        w, h = sizes[i]
        gap = _box_distance(np.array([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]), pts) - radii
        ambiguous = bool((np.delete(gap, i) < gap[i] + 2 * px_per_pt).any())
        arrow = (
            dict(arrowstyle="-", lw=0.7, color="#444444", shrinkA=0, shrinkB=float(radii[i] / px_per_pt))
            if r > radii_pt[1] or ambiguous
            else None
        )
        annotations.append(
            ax.annotate(
                texts[i],
                xy=(x[i], y[i]),
                xytext=off,
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=fontsize,
                arrowprops=arrow,
                bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.75),
                zorder=5,
            )
        )
    return annotations


def label_overlaps(fig: Figure, texts: Sequence[Text]) -> list[tuple[int, int]]:
    """Pairs (i, j) of texts whose rendered boxes overlap (after a draw)."""
    renderer = _renderer(fig)
    # Text.get_window_extent: the text box only (an Annotation's own method adds its leader line).
    boxes = [Text.get_window_extent(t, renderer) for t in texts]
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if Bbox.intersection(boxes[i], boxes[j]) is not None and _area(Bbox.intersection(boxes[i], boxes[j])) > 0]


def _area(b: Bbox | None) -> float:
    return 0.0 if b is None else max(0.0, b.width) * max(0.0, b.height)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def quadrant_chart(
    ranked: pd.DataFrame,
    cuts: QuadrantCuts | None = None,
    *,
    title: str = "Social CRM use cases: market demand × technology maturity",
    label: str = "both",
    figsize: tuple[float, float] = (12.5, 8.5),
) -> Figure:
    """Demand × maturity scatter: quadrants, cut lines, every use case labelled.

    Markers are sized and coloured by priority (colour bar); the label is the id and
    name (``label="both"``), the id only (``"id"``) or the name (``"name"``).
    ``ranked`` needs ``id, name, market_demand, tech_maturity, priority``.
    """
    cuts = cuts or QuadrantCuts()
    fig = plt.figure(figsize=figsize, dpi=100)
    ax = fig.add_axes((0.07, 0.08, 0.78, 0.84))
    cax = fig.add_axes((0.875, 0.08, 0.02, 0.84))
    lo, hi = -0.15, 5.15
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    # Quadrant backgrounds: x = demand, y = maturity.
    spans = {
        "Evangelizables": (cuts.demand, hi, cuts.maturity, hi),
        "Near Tipping Points": (lo, cuts.demand, cuts.maturity, hi),
        "Early Movers": (cuts.demand, hi, lo, cuts.maturity),
        "Early Adoptions": (lo, cuts.demand, lo, cuts.maturity),
    }
    corner_text = []
    for g, (x0, x1, y0, y1) in spans.items():
        ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, color=GROUP_COLOURS[g], zorder=0, lw=0))
        left = x0 == lo
        top = y1 == hi
        corner_text.append(
            ax.text(
                x0 + 0.06 if left else x1 - 0.06,
                y1 - 0.06 if top else y0 + 0.06,
                g,
                ha="left" if left else "right",
                va="top" if top else "bottom",
                fontsize=11,
                fontweight="bold",
                color="#444444",
                zorder=1,
            )
        )
    ax.axvline(cuts.demand, color="#666666", lw=1, ls="--", zorder=1)
    ax.axhline(cuts.maturity, color="#666666", lw=1, ls="--", zorder=1)
    prio = ranked["priority"].to_numpy(float)
    pmin, pmax = float(prio.min()), float(prio.max())
    span = pmax - pmin if pmax > pmin else 1.0
    sizes = 40 + 260 * (prio - pmin) / span
    sc = ax.scatter(
        ranked["market_demand"], ranked["tech_maturity"], s=sizes, c=prio, cmap="viridis",
        vmin=pmin, vmax=pmax, edgecolors="black", linewidths=0.6, zorder=3,
    )
    cb = fig.colorbar(sc, cax=cax)
    cb.set_label("priority score (0–5)")
    months = demand_score_to_months(cuts.demand)
    beta = " = beta-ready (scale midpoint)" if abs(cuts.maturity - DEFAULT_MATURITY_CUT) < 1e-9 else ""
    ax.set_xlabel(f"market demand (0–5; 5 = wanted within 6 months)   ·   cut {cuts.demand:.2f} ≈ {months:.0f} months (linear reading)")
    ax.set_ylabel(f"technology maturity (0–5; 5 = critical mass)   ·   cut {cuts.maturity:.2f}{beta}")
    ax.set_title(title, wrap=True)
    ids = ranked["id"].astype(str)
    names = ranked["name"].astype(str)
    texts = list(ids if label == "id" else names if label == "name" else ids + " " + names)
    place_labels(
        ax, ranked["market_demand"].to_numpy(float), ranked["tech_maturity"].to_numpy(float), texts,
        marker_radius_pt=np.sqrt(sizes) / 2 + 1, obstacles=corner_text,
    )
    return fig


def roadmap_chart(plan: pd.DataFrame, *, title: str | None = None, figsize_width: float = 12.0) -> Figure:
    """Gantt-like roadmap: one bar per use case from its wave's start to end month.

    ``plan`` is :func:`scrm_lib.analysis.usecases.roadmap` output. Bars are coloured by category;
    the id, name and priority rank are written right of each bar.
    """
    plan = plan.sort_values(["wave", "order"]).reset_index(drop=True)
    n = len(plan)
    width = plan["end_month"] - plan["start_month"]
    fig, ax = plt.subplots(figsize=(figsize_width, 1.2 + 0.38 * n), dpi=100, layout="constrained")
    ypos = np.arange(n)[::-1]
    colours = [_category_colour(c) for c in plan["category"]]
    ax.barh(ypos, width, left=plan["start_month"], color=colours, alpha=0.85, edgecolor="white", height=0.75)
    for y, (_, row) in zip(ypos, plan.iterrows(), strict=True):
        ax.text(
            row["end_month"] + 0.1 * float(width.max()), y, f"{row['id']} {row['name']} (rank {int(row['rank'])})",
            va="center", ha="left", fontsize=8, color="black",
        )
    ax.set_yticks(ypos, [f"wave {w}" if i == 0 or plan['wave'][i - 1] != w else "" for i, w in enumerate(plan["wave"])])
    ax.tick_params(axis="y", length=0)
    for w in sorted(plan["wave"].unique())[1:]:
        first = plan.index[plan["wave"] == w][0]
        ax.axhline(ypos[first] + 0.5, color="#999999", lw=0.6)
    end = float(plan["end_month"].max())
    label_room = 3.2 * float(width.max()) + 0.12 * end  # labels are written right of the bars
    ax.set_xlim(0, end + label_room)
    ax.set_xlabel("months from start")
    ax.set_ylabel("wave")
    ax.set_ylim(-0.7, n - 0.3)
    handles = [plt.Rectangle((0, 0), 1, 1, color=_category_colour(c)) for c in pd.unique(plan["category"])]
    ax.legend(handles, list(pd.unique(plan["category"])), title="category", loc="upper right", fontsize=8)
    cap = int(plan.groupby("wave").size().max())
    ax.set_title(title or f"Roadmap: {plan['wave'].max()} waves (at most {cap} use cases each), dependencies first")
    ax.grid(axis="x", color="#dddddd", lw=0.5)
    ax.set_axisbelow(True)
    return fig


def group_probability_heatmap(group_probs: pd.DataFrame, names: pd.Series | None = None, *, title: str | None = None) -> Figure:
    """Heat map of P(group) per use case (rows) and group (columns), annotated."""
    probs = group_probs[list(GROUPS)]
    n = len(probs)
    fig, ax = plt.subplots(figsize=(9.5, 1.2 + 0.36 * n), dpi=100, layout="constrained")
    im = ax.imshow(probs.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    rows = [f"{i} {names[i]}" if names is not None else str(i) for i in probs.index]
    ax.set_yticks(range(n), rows, fontsize=8)
    ax.set_xticks(range(len(GROUPS)), list(GROUPS), fontsize=9)
    for r in range(n):
        for c in range(len(GROUPS)):
            v = probs.iat[r, c]
            if v > 0:
                ax.text(c, r, f"{v:.0%}" if v >= 0.005 else "<1%", ha="center", va="center", fontsize=8,
                        color="white" if v > 0.6 else "black")
    fig.colorbar(im, ax=ax, label="share of Monte Carlo draws")
    ax.set_xlabel("group")
    ax.set_ylabel("use case")
    ax.set_title(title or "How sure is each use case's group? (cut points varied)")
    return fig


def rank_interval_chart(summary: pd.DataFrame, names: pd.Series | None = None, *, title: str | None = None) -> Figure:
    """Rank intervals: 5–95% range of the rank over draws, median and the base rank.

    ``summary`` is :meth:`SensitivityResult.summary` (sorted by base rank).
    """
    s = summary.sort_values("base_rank")
    n = len(s)
    fig, ax = plt.subplots(figsize=(9.5, 1.2 + 0.36 * n), dpi=100, layout="constrained")
    y = np.arange(n)
    ax.hlines(y, s["rank_p05"], s["rank_p95"], color="#6baed6", lw=6, label="5–95% of draws")
    ax.plot(s["rank_p50"], y, "o", color="#08519c", ms=5, label="median rank")
    ax.plot(s["base_rank"], y, "|", color="#d62728", ms=14, mew=2, label="rank at chosen weights")
    rows = [f"{i} {names[i]}" if names is not None else str(i) for i in s.index]
    ax.set_yticks(y, rows, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0.5, n + 0.5)
    ax.set_xticks(range(1, n + 1))
    ax.set_xlabel("rank (1 = highest priority)")
    ax.set_ylabel("use case")
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_title(title or "How stable is the ranking? (priority weights varied; groups do not enter the score)")
    return fig


def maturity_chart(stage_scores: pd.Series, stage: str, pass_mark: float, *, title: str | None = None) -> Figure:
    """Bar chart of the questionnaire score per Gartner stage, the pass mark and the reached stage."""
    fig, ax = plt.subplots(figsize=(8.5, 3.6), dpi=100, layout="constrained")
    stages = list(stage_scores.index)
    reached = stages.index(stage)
    colours = ["#31a354" if i <= reached else "#bdbdbd" for i in range(len(stages))]
    ax.barh(stages, stage_scores.to_numpy(float), color=colours)
    ax.axvline(pass_mark, color="#d62728", ls="--", lw=1, label=f"pass mark {pass_mark:.0%}")
    for i, v in enumerate(stage_scores):
        ax.text(min(v + 0.02, 0.93), i, f"{v:.0%}", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("share of the stage's practices in place (yes = 1, partly = ½)")
    ax.set_ylabel("Gartner stage")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title or f"Maturity self-assessment: reached stage '{stage}'")
    return fig
