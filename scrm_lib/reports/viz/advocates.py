"""Figures of the advocate program notebook (06)."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

_ROLE_COLORS = {"advocate": "#2e7d32", "influencer": "#6a1b9a", "customer": "#9e9e9e"}


def plot_reach_vs_advocacy(roles: pd.DataFrame, influencer_followers: float, title: str, note: str | None = None) -> Figure:
    """Scatter of authors: followers (log) against their share of advocacy posts, coloured by role.

    Point size grows with the author's number of posts.
    """
    fig, ax = plt.subplots(figsize=(10, 5), layout="constrained")
    for role in ("customer", "influencer", "advocate"):
        r = roles.loc[roles["role"] == role]
        if r.empty:
            continue
        jitter = np.random.default_rng(0).uniform(-0.015, 0.015, len(r))
        ax.scatter(r["followers"].clip(lower=1), r["share_advocacy"] + jitter, s=8 + 4 * np.sqrt(r["posts"]),
                   alpha=0.35 if role == "customer" else 0.75, color=_ROLE_COLORS[role], label=f"{role} ({len(r):,})",
                   edgecolors="none")
    ax.axvline(influencer_followers, color="#555", linestyle="--", linewidth=1)
    ax.text(influencer_followers * 1.1, 0.02, f"influencer reach ≥ {influencer_followers:,.0f}", fontsize=9, color="#555")
    ax.set_xscale("log")
    ax.set_ylim(-0.05, 1.05)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("author's followers (log scale; authors without a follower count at 1)")
    ax.set_ylabel("share of the author's posts that praise the brand")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(title="role (authors)", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    if note:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")
    return fig


def plot_program_metrics(metrics: pd.DataFrame, satisfaction: pd.DataFrame | None, title: str, note: str | None = None) -> Figure:
    """Four panels over time: members (new, lapsed), growth and attrition, engagement per member, satisfaction.

    Args:
        metrics: :func:`scrm_lib.metrics.advocates.program_metrics`.
        satisfaction: optional :func:`scrm_lib.metrics.advocates.followup_satisfaction` (thread follow-ups).
    """
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), layout="constrained", sharex=True)
    t = metrics["period"]
    ax = axes[0, 0]
    ax.plot(t, metrics["members"], color="#2e7d32", label="members", linewidth=2)
    ax.bar(t, metrics["new_members"], width=4, color="#81c784", label="new members")
    ax.bar(t, -metrics["lapsed"], width=4, color="#e57373", label="lapsed (attrition)")
    ax.axhline(0, color="#333", linewidth=0.8)
    ax.set_title("community size, joiners and leavers")
    ax.set_ylabel("authors")
    ax.legend(frameon=False, fontsize=8)
    ax = axes[0, 1]
    ax.plot(t, metrics["growth_rate"], color="#2e7d32", marker="o", markersize=3, label="growth rate")
    ax.plot(t, metrics["attrition_rate"], color="#c62828", marker="o", markersize=3, label="attrition rate")
    ax.axhline(0, color="#333", linewidth=0.8)
    ax.set_title("growth and attrition per period")
    ax.set_ylabel("share of members at period start")
    ax.legend(frameon=False, fontsize=8)
    ax = axes[1, 0]
    ax.plot(t, metrics["engagement_per_member"], color="#1565c0", marker="o", markersize=3)
    ax.set_title("engagement per active member")
    ax.set_ylabel("interactions per active member")
    ax.set_xlabel("period")
    ax = axes[1, 1]
    ax.plot(t, metrics["satisfaction"], color="#6a1b9a", marker="o", markersize=3, label="members' posts positive")
    if satisfaction is not None and not satisfaction.empty:
        ax.plot(satisfaction["period"], satisfaction["satisfaction"], color="#ef6c00", marker="s", markersize=3,
                label="customers' follow-ups to brand replies positive")
    ax.set_ylim(0, 1)
    ax.set_title("satisfaction proxies")
    ax.set_ylabel("share positive")
    ax.set_xlabel("period")
    ax.legend(frameon=False, fontsize=8)
    for a in axes.ravel():
        a.grid(alpha=0.3)
        a.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    fig.suptitle(title)
    if note:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")
    return fig
