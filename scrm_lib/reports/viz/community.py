"""Figures of community member types (notebook 06's last section): the mix over time."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from scrm_lib.analysis.community import MEMBER_TYPES

#: One colour per member type (Okabe–Ito).
TYPE_COLOURS: dict[str, str] = {"creator": "#0072B2", "contributor": "#009E73", "opportunist": "#E69F00",
                                "lurker": "#999999"}


def type_mix_chart(mix: pd.DataFrame, title: str, note: str = "", freq_label: str = "month") -> Figure:
    """Stacked shares of the member types per period (bars) with the active members (line).

    ``mix`` is :func:`scrm_lib.analysis.community.type_mix`. Types never seen in the data are left out
    of the legend.
    """
    fig, ax = plt.subplots(figsize=(9, 4.6), layout="constrained")
    x = mix["period"].dt.strftime("%d %b %Y" if freq_label != "month" else "%b %Y")
    bottom = pd.Series(0.0, index=mix.index)
    for t in MEMBER_TYPES:
        share = mix[f"share_{t}"].fillna(0.0)
        if mix[t].sum() == 0:
            continue
        ax.bar(x, share, bottom=bottom, color=TYPE_COLOURS[t], label=f"{t}s", width=0.7)
        for i, (b, s) in enumerate(zip(bottom, share, strict=True)):
            if s >= 0.06:
                ax.text(i, b + s / 2, f"{s:.0%}", ha="center", va="center", fontsize=8, color="white")
        bottom += share
    ax.set_ylim(0, 1.0)
    if len(mix) > 6:
        ax.tick_params(axis="x", labelrotation=35)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.set_ylabel("share of active members")
    ax.set_xlabel(freq_label)
    ax2 = ax.twinx()
    ax2.plot(x, mix["members"], color="#222222", marker="o", lw=1.5, label="active members")
    ax2.set_ylabel("active members (line)")
    ax2.set_ylim(0, max(1, float(mix["members"].max())) * 1.15)
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="upper left", bbox_to_anchor=(1.09, 1.0), fontsize=8, frameon=False)
    ax.set_title(title)
    if note:
        fig.text(0.01, -0.02, note, fontsize=7.5, style="italic", ha="left", va="top", wrap=True)
    return fig
