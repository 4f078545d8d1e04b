"""Figures of the social customer and ARM triage notebook (05)."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

_SENTIMENT_COLORS = {"negative": "#c62828", "neutral": "#9e9e9e", "positive": "#2e7d32"}
_LEVEL_COLORS = {"watch": "#f9a825", "alert": "#ef6c00", "crisis": "#c62828"}


def _note(fig: Figure, note: str | None) -> None:
    if note:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")


def plot_traits_by_sentiment(counts: pd.DataFrame, title: str, note: str | None = None) -> Figure:
    """Horizontal stacked bars: posts per trait (rows of ``counts``), split by sentiment (columns)."""
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(counts) + 1.8), layout="constrained")
    left = np.zeros(len(counts))
    for s in [c for c in ("negative", "neutral", "positive") if c in counts.columns]:
        ax.barh(counts.index.astype(str), counts[s], left=left, color=_SENTIMENT_COLORS[s], label=s)
        left += counts[s].to_numpy()
    for y, total in enumerate(left):
        ax.text(total, y, f"  {int(total):,}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.12 if len(left) else 1)
    ax.set_xlabel("posts")
    ax.set_ylabel("customer trait")
    ax.set_title(title)
    ax.legend(title="sentiment", frameon=False, loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    _note(fig, note)
    return fig


def plot_actions_per_day(counts: pd.DataFrame, title: str, note: str | None = None) -> Figure:
    """Stacked daily bars of routing actions (:func:`scrm_lib.metrics.triage.actions_per_day`)."""
    fig, ax = plt.subplots(figsize=(10, 4.4), layout="constrained")
    bottom = np.zeros(len(counts))
    x = counts.index.tz_convert("UTC").tz_localize(None) if getattr(counts.index, "tz", None) is not None else counts.index
    cols = counts.sum().sort_values(ascending=False).index
    for k, col in enumerate(cols):
        ax.bar(x, counts[col], bottom=bottom, width=0.9, label=str(col), color=plt.get_cmap("tab10")(k % 10))
        bottom += counts[col].to_numpy()
    ax.set_xlabel("day (UTC)")
    ax.set_ylabel("inbound posts")
    ax.set_title(title)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.legend(title="action", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    _note(fig, note)
    return fig


def plot_cluster_timeline(posts: pd.DataFrame, clusters: pd.DataFrame, title: str, note: str | None = None,
                          top: int = 6) -> Figure:
    """Complaints per day of the largest clusters, macro clusters drawn thick, labelled by top terms."""
    fig, ax = plt.subplots(figsize=(10, 4.6), layout="constrained")
    day = posts["created_at"].dt.tz_convert("UTC").dt.floor("D").dt.tz_localize(None)
    days = pd.date_range(day.min(), day.max(), freq="D")
    show = clusters.sort_values(["level", "size"], ascending=[True, False]).head(top)
    for k, row in enumerate(show.itertuples(index=False)):
        series = day[posts["cluster"] == row.cluster].value_counts().reindex(days, fill_value=0)
        macro = row.level == "macro"
        terms = ", ".join(str(row.top_terms).split(", ")[:3])
        ax.plot(days, series, linewidth=2.2 if macro else 1.0, alpha=1 if macro else 0.6,
                color=plt.get_cmap("tab10")(k % 10), label=f"#{row.cluster} {row.level}: {terms} ({row.size})")
    ax.set_xlabel("day (UTC)")
    ax.set_ylabel("complaints per day")
    ax.set_title(title)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="cluster: top terms (posts)")
    _note(fig, note)
    return fig


def plot_crisis_levels(levels: pd.DataFrame, brand: str, title: str, note: str | None = None,
                       by: str = "brand") -> Figure:
    """The brand's trailing-window volume and negative share, with the protocol's level shaded."""
    g = levels.loc[levels[by] == brand].sort_values("period")
    t = g["period"].dt.tz_convert("UTC").dt.tz_localize(None)
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 5.6), sharex=True, layout="constrained",
                                   gridspec_kw={"height_ratios": [2, 1]})
    ax1.plot(t, g["volume"], color="#1565c0", linewidth=1.2, label="posts in the trailing window")
    ax1.plot(t, g["baseline"], color="#555", linewidth=1, linestyle="--", label="baseline (median of earlier days)")
    ax2.plot(t, g["neg_share"], color="#c62828", linewidth=1)
    for lvl, color in _LEVEL_COLORS.items():
        hot = (g["level"] == lvl).to_numpy()
        if hot.any():
            for ax in (ax1, ax2):
                ax.fill_between(t, 0, 1, where=hot, color=color, alpha=0.3, transform=ax.get_xaxis_transform(),
                                label=f"level: {lvl}" if ax is ax1 else None, step="mid")
    ax1.set_ylabel("posts (trailing window)")
    ax1.set_title(title)
    ax1.legend(frameon=False, fontsize=8, loc="upper left")
    ax2.set_ylabel("negative share")
    ax2.set_ylim(0, 1)
    ax2.set_xlabel("window end (UTC)")
    ax2.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    _note(fig, note)
    return fig


def plot_issue_timeline(posts: pd.DataFrame, issues: pd.DataFrame, title: str, note: str | None = None) -> Figure:
    """Complaints per day of each macro issue (:func:`scrm_lib.metrics.triage.complaint_issues`), with its window shaded."""
    fig, ax = plt.subplots(figsize=(10, 4.6), layout="constrained")
    day = posts["created_at"].dt.tz_convert("UTC").dt.floor("D").dt.tz_localize(None)
    days = pd.date_range(day.min(), day.max(), freq="D")
    other = day[posts["issue"] < 0].value_counts().reindex(days, fill_value=0)
    ax.plot(days, other, color="#9e9e9e", linewidth=1, label="complaints in no issue")
    for k, row in enumerate(issues.itertuples(index=False)):
        color = plt.get_cmap("tab10")(k % 10)
        series = day[posts["issue"] == row.issue].value_counts().reindex(days, fill_value=0)
        terms = ", ".join(str(row.top_terms).split(", ")[:3])
        ax.plot(days, series, linewidth=2, color=color, label=f"issue {row.issue}: {terms} ({row.size} posts)")
        ax.axvspan(pd.Timestamp(row.window_start).tz_localize(None), pd.Timestamp(row.window_end).tz_localize(None),
                   color=color, alpha=0.08)
    ax.set_yscale("symlog", linthresh=10)  # a slow issue stays visible next to a crisis
    ax.set_ylim(bottom=0)
    ax.set_xlabel("day (UTC)")
    ax.set_ylabel("complaints per day (linear to 10, then log)")
    ax.set_title(title)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), title="macro issue: top terms")
    _note(fig, note)
    return fig
