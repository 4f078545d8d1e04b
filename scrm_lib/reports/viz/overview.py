"""Figures for the quickstart's first look at a mentions table."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure


def plot_daily_volume(daily: pd.DataFrame, title: str = "Posts per day by brand", note: str | None = None) -> Figure:
    """Line chart of posts per UTC day, one line per column of ``daily``.

    Args:
        daily: output of :func:`scrm_lib.metrics.overview.daily_counts` (days × brands).
        title: figure title.
        note: small text under the axes (e.g. "synthetic sample data").
    """
    fig, ax = plt.subplots(figsize=(10, 4.2), layout="constrained")
    for column in daily.columns:
        ax.plot(daily.index, daily[column], label=str(column), linewidth=1.4)
    ax.set_title(title)
    ax.set_xlabel("day (UTC)")
    ax.set_ylabel("posts per day")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(title=daily.columns.name or None, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    if note:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")
    fig.autofmt_xdate()
    return fig


def plot_channel_mix(table: pd.DataFrame, title: str = "Channel mix per brand", note: str | None = None) -> Figure:
    """Horizontal stacked bars: each row's share of posts per column, with row totals.

    Args:
        table: a rows × columns count table such as
            ``posts_by(mentions, "brand", "channel")``; ``total`` margins are ignored.
    """
    counts = table.drop(index="total", columns="total", errors="ignore")
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0, 1), axis=0)
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(shares) + 1.8), layout="constrained")
    left = pd.Series(0.0, index=shares.index)
    colors = plt.get_cmap("tab10")
    labels = [str(i) for i in shares.index]
    for k, column in enumerate(shares.columns):
        ax.barh(labels, shares[column], left=left, label=str(column), color=colors(k % 10))
        left += shares[column]
    for y, total in enumerate(totals):
        ax.text(1.01, y, f"{int(total):,} posts", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.16)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_title(title)
    ax.set_xlabel("share of the brand's posts")
    ax.set_ylabel(str(shares.index.name or ""))
    ax.legend(title=str(shares.columns.name or ""), ncols=min(len(shares.columns), 8),
              loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(shares) > 2 else -0.3), frameon=False)
    if note:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")
    return fig
