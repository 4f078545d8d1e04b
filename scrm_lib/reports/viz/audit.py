"""Figures of the social media audit (notebook 07)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

_STATUS_COLORS = {"alive": "#2e7d32", "dormant": "#f9a825", "abandoned": "#c62828", "absent": "#9e9e9e"}
_GRADE_COLORS = {"A": "#2e7d32", "B": "#7cb342", "C": "#f9a825", "D": "#ef6c00", "F": "#c62828", "n/a": "#bdbdbd"}


def _note(fig: Figure, note: str | None) -> None:
    if note:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")


def plot_channel_activity(owned_weekly: pd.DataFrame, presence: pd.DataFrame, title: str, note: str | None = None) -> Figure:
    """Heat strip of the brand's own posts per week and channel, each row labelled with its status.

    Args:
        owned_weekly: weeks × channels counts of the brand's own posts (replies included).
        presence: :func:`scrm_lib.metrics.audit.channel_presence` (for the status of each channel).
    """
    status = presence.set_index("channel")["status"]
    channels = [c for c in presence["channel"] if c in status.index]
    data = owned_weekly.reindex(columns=channels, fill_value=0).T
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(channels) + 1.8), layout="constrained")
    im = ax.imshow(np.log1p(data.to_numpy(dtype=float)), aspect="auto", cmap="Blues", interpolation="nearest")
    ax.set_yticks(range(len(channels)), [f"{c} — {status[c]}" for c in channels])
    for tick, c in zip(ax.get_yticklabels(), channels, strict=True):
        tick.set_color(_STATUS_COLORS.get(status[c], "#222"))
    weeks = list(data.columns)
    step = max(1, len(weeks) // 8)
    ax.set_xticks(range(0, len(weeks), step), [pd.Timestamp(w).strftime("%d %b") for w in weeks[::step]])
    ax.set_xlabel("week starting (UTC)")
    ax.set_ylabel("channel — status")
    ax.set_title(title)
    cbar = fig.colorbar(im, ax=ax, shrink=0.8)
    ticks = [0, 1, 5, 20, 50]
    cbar.set_ticks(np.log1p(ticks), labels=[str(t) for t in ticks])
    cbar.set_label("brand posts per week")
    _note(fig, note)
    return fig


def plot_engagement_per_post(engagement: pd.DataFrame, brand: str, title: str, note: str | None = None) -> Figure:
    """Grouped bars: interactions per proactive post, per channel, the brand next to each competitor."""
    table = engagement.pivot_table(index="channel", columns="brand", values="per_post")
    brands = [brand, *[b for b in table.columns if b != brand]]
    table = table.reindex(columns=[b for b in brands if b in table.columns])
    fig, ax = plt.subplots(figsize=(10, 4.4), layout="constrained")
    width = 0.8 / max(len(table.columns), 1)
    x = np.arange(len(table.index))
    for k, b in enumerate(table.columns):
        ax.bar(x + k * width - 0.4 + width / 2, table[b].fillna(0), width,
               label=b + (" (audited)" if b == brand else ""), color=plt.get_cmap("tab10")(k), edgecolor="black" if b == brand else None)
    ax.set_xticks(x, table.index)
    ax.set_xlabel("channel")
    ax.set_ylabel("interactions per brand post (likes + shares + replies)")
    ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(title="brand", frameon=False)
    _note(fig, note)
    return fig


def plot_response_times(responses: pd.DataFrame, sla_minutes: float, title: str, note: str | None = None,
                        order: list[str] | None = None) -> Figure:
    """Share of customer posts answered within t minutes (log scale), one line per brand, SLA marked.

    Unanswered posts never reach the line's top: the curve ends at the brand's reply rate.
    ``order`` fixes the brands' order (and colours), audited brand first.
    """
    fig, ax = plt.subplots(figsize=(10, 4.4), layout="constrained")
    grid = np.logspace(0, np.log10(7 * 24 * 60), 200)
    groups = dict(list(responses.groupby("brand", sort=False)))
    names = [b for b in (order or list(groups)) if b in groups]
    for k, (b, g) in enumerate((b, groups[b]) for b in names):
        minutes = np.sort(g["minutes"].dropna().to_numpy())
        share = np.searchsorted(minutes, grid, side="right") / max(len(g), 1)
        ax.plot(grid, share, label=f"{b} (reply rate {g['answered'].mean():.0%})", color=plt.get_cmap("tab10")(k), linewidth=1.6)
    ax.axvline(sla_minutes, color="#555", linestyle="--", linewidth=1)
    ax.text(sla_minutes * 1.05, 0.97, f"SLA {sla_minutes:g} min", fontsize=9, va="top", color="#555")
    ax.set_xscale("log")
    ticks = [1, 10, 60, 240, 1440, 10080]
    ax.set_xticks(ticks, ["1 min", "10 min", "1 h", "4 h", "1 day", "1 week"])
    ax.set_ylim(0, 1)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("time since the customer's post")
    ax.set_ylabel("share of customer posts answered")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, loc="upper left")
    _note(fig, note)
    return fig


def plot_share_of_voice(sov_weekly: pd.DataFrame, brand: str, title: str, note: str | None = None,
                        period_label: str = "week starting (UTC)") -> Figure:
    """Stacked areas of share of voice per period (``share_of_voice(..., freq="W")``), audited brand first."""
    wide = sov_weekly.pivot_table(index="period", columns="brand", values="share", fill_value=0)
    order = [brand, *[b for b in wide.columns if b != brand]]
    wide = wide.reindex(columns=[b for b in order if b in wide.columns])
    fig, ax = plt.subplots(figsize=(10, 4.2), layout="constrained")
    ax.stackplot(wide.index, wide.T.to_numpy(), labels=list(wide.columns),
                 colors=[plt.get_cmap("tab10")(k) for k in range(len(wide.columns))], alpha=0.85)
    ax.set_ylim(0, 1)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel(period_label)
    ax.set_ylabel("share of customer posts")
    ax.set_title(title)
    ax.legend(title="brand", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.autofmt_xdate()
    _note(fig, note)
    return fig


def plot_scorecard(card: pd.DataFrame, title: str, note: str | None = None) -> Figure:
    """One coloured tile per dimension with its grade and value."""
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(card) + 1.4), layout="constrained")
    for y, row in enumerate(card.itertuples(index=False)):
        ax.barh(y, 1, color=_GRADE_COLORS.get(row.grade, "#bdbdbd"))
        value = "no data" if row.value is None or pd.isna(row.value) else f"{row.value:,.3g}"
        ax.text(0.5, y, f"{row.grade}   ({row.metric} = {value})", ha="center", va="center", fontsize=10,
                color="white" if row.grade in ("A", "D", "F") else "black", fontweight="bold")
    ax.set_yticks(range(len(card)), card["label"])
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.set_xlabel("grade (A best … F; n/a = the data cannot tell)")
    ax.set_ylabel("dimension")
    ax.set_title(title)
    _note(fig, note)
    return fig
