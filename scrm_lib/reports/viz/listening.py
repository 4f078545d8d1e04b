"""Figures for the listening analysis (notebook 01). Each function returns a titled
``matplotlib.figure.Figure`` with labelled axes; inputs are outputs of the listening metrics (:mod:`scrm_lib.metrics`)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from scrm_lib.metrics.sentiment import net_sentiment
from scrm_lib.reports.viz.tables import Table, format_table

SENTIMENT_COLORS = {"negative": "#c0392b", "neutral": "#b0b0b0", "positive": "#27ae60"}
ROLE_COLORS = {"influencer": "#8e44ad", "advocate": "#27ae60", "media": "#e67e22", "other": "#95a5a6"}


def _note(fig: Figure, note: str | None) -> None:
    """Print ``note`` (e.g. "synthetic sample data") in small grey type on the figure.

    At the bottom left, unless the figure already has a legend below the axes there (both would be
    drawn at the bottom edge on top of each other); then above the axes title.
    """
    if not note:
        return
    if fig.legends:
        fig.suptitle(note, fontsize=8, color="#555", x=0.01, ha="left")
    else:
        fig.supxlabel(note, fontsize=8, color="#555", x=0.01, ha="left")


def _brand_colors(brands: Sequence[str], focal: str | None = None) -> dict[str, str]:
    cmap = plt.get_cmap("tab10")
    others = [b for b in brands if b != focal]
    colors = {b: cmap((i + 1) % 10) for i, b in enumerate(others)}
    if focal is not None:
        colors[focal] = cmap(0)
    return colors


def _date_axis(ax: plt.Axes) -> None:
    loc = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))


def plot_volume(vol: pd.DataFrame, by: str = "brand", spikes: pd.DataFrame | None = None, focal: str | None = None,
                title: str = "Mentions per period", ylabel: str = "mentions per period", note: str | None = None) -> Figure:
    """Lines of ``mentions`` per ``period`` per ``by`` group (output of :func:`scrm_lib.metrics.counts.volume`),
    with detected spikes shaded and numbered."""
    fig, ax = plt.subplots(figsize=(11, 4.4), layout="constrained")
    groups = list(vol.groupby(by)["mentions"].sum().sort_values(ascending=False).index)
    colors = _brand_colors(groups, focal)
    dropped = 0
    if "complete" in vol.columns:
        dropped = int((~vol["complete"]).groupby(vol["period"]).any().sum())
        vol = vol.loc[vol["complete"]]
    for g in groups:
        d = vol.loc[vol[by] == g]
        ax.plot(d["period"], d["mentions"], label=str(g), color=colors[g], linewidth=2.0 if g == focal else 1.3)
    if spikes is not None and len(spikes):
        step = vol["period"].drop_duplicates().sort_values().diff().median()
        step = step if pd.notna(step) else pd.Timedelta(days=1)
        for r in spikes.itertuples():
            ax.axvspan(r.start, r.end + step, color="#f39c12", alpha=0.18, linewidth=0)
            ax.annotate(f"spike {r.spike}", (r.peak, r.peak_count), xytext=(4, 4), textcoords="offset points",
                        fontsize=8, color="#7f4f00")
    ax.set_title(title)
    ax.set_xlabel("period start (UTC)" + (f"; {dropped} incomplete period(s) at the edges of the data left out" if dropped else ""))
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    _date_axis(ax)
    ax.legend(title=by, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    _note(fig, note)
    return fig


def plot_share_of_voice(sov: pd.DataFrame, within: str | None = None, by: str = "brand", focal: str | None = None,
                        title: str = "Share of voice", note: str | None = None) -> Figure:
    """Horizontal bars of ``share`` per ``by`` value; with ``within`` (e.g. ``channel`` or
    ``period``) one stacked bar per group, labelled with the group's mentions."""
    brands = list(sov.groupby(by)["mentions"].sum().sort_values(ascending=False).index)
    colors = _brand_colors(brands, focal)
    if within is None:
        d = sov.set_index(by).reindex(brands)
        fig, ax = plt.subplots(figsize=(9, 0.55 * len(brands) + 1.6), layout="constrained")
        ax.barh([str(b) for b in brands], d["share"], color=[colors[b] for b in brands])
        for y, (s, m) in enumerate(zip(d["share"], d["mentions"], strict=True)):
            ax.text(s + 0.005, y, f"{s:.1%} ({int(m):,} mentions)", va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, min(1.0, float(d["share"].max()) * 1.35 + 0.02))
        ax.set_xlabel("share of voice")
        ax.set_ylabel(by)
    else:
        wide = sov.pivot_table(index=within, columns=by, values="share", aggfunc="sum", fill_value=0.0)
        wide = wide.reindex(columns=[b for b in brands if b in wide.columns])
        totals = sov.groupby(within)["mentions"].sum().reindex(wide.index)
        labels = [v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else str(v) for v in wide.index]
        fig, ax = plt.subplots(figsize=(10, 0.42 * len(wide) + 2.0), layout="constrained")
        left = np.zeros(len(wide))
        for b in wide.columns:
            ax.barh(labels, wide[b].to_numpy(), left=left, color=colors[b], label=str(b))
            left += wide[b].to_numpy()
        for y, t in enumerate(totals):
            ax.text(1.01, y, f"{int(t):,}", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.12)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
        ax.set_xlabel("share of voice (numbers at right: mentions)")
        ax.set_ylabel(within)
        fig.legend(*ax.get_legend_handles_labels(), title=by, ncols=min(len(wide.columns), 7), loc="outside lower center",
                   frameon=False)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    _note(fig, note)
    return fig


def plot_sentiment_mix(summary: pd.DataFrame, by: str = "brand", title: str = "Sentiment mix and net sentiment",
                       note: str | None = None) -> Figure:
    """Stacked bars of negative / neutral / positive shares per group, annotated with net
    sentiment and its interval (output of :func:`scrm_lib.metrics.sentiment.sentiment_summary`)."""
    d = summary.sort_values("net", ascending=False)
    labels = [str(v) for v in d[by]]
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(d) + 1.8), layout="constrained")
    left = np.zeros(len(d))
    for s in ("negative", "neutral", "positive"):
        vals = d[f"pct_{s}"].fillna(0).to_numpy()
        ax.barh(labels, vals, left=left, color=SENTIMENT_COLORS[s], label=s)
        for y, (l0, v) in enumerate(zip(left, vals, strict=True)):
            if v >= 0.06:
                ax.text(l0 + v / 2, y, f"{v:.0%}", ha="center", va="center", fontsize=8, color="white" if s != "neutral" else "black")
        left += vals
    for y, r in enumerate(d.itertuples()):
        ax.text(1.01, y, f"net {r.net:+.2f} [{r.net_lo:+.2f}, {r.net_hi:+.2f}]", va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.3)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel(f"share of labelled posts; net = {d['formula'].iloc[0]} with 95% interval")
    ax.set_ylabel(by)
    ax.set_title(title)
    fig.legend(*ax.get_legend_handles_labels(), ncols=3, loc="outside lower center", frameon=False)
    _note(fig, note)
    return fig


def plot_net_sentiment_over_time(summary: pd.DataFrame, by: str = "brand", focal: str | None = None,
                                 title: str = "Net sentiment over time", note: str | None = None,
                                 spikes: pd.DataFrame | None = None) -> Figure:
    """Net sentiment per ``period`` and group with its interval as a band (output of
    :func:`scrm_lib.metrics.sentiment.sentiment_summary` with ``freq``)."""
    fig, ax = plt.subplots(figsize=(11, 4.4), layout="constrained")
    groups = list(summary.groupby(by)["posts"].sum().sort_values(ascending=False).index)
    colors = _brand_colors(groups, focal)
    for g in groups:
        d = summary.loc[summary[by] == g].sort_values("period")
        ax.plot(d["period"], d["net"], color=colors[g], label=str(g), linewidth=2.0 if g == focal else 1.2, marker=".")
        if g == focal or len(groups) <= 2:
            ax.fill_between(d["period"], d["net_lo"], d["net_hi"], color=colors[g], alpha=0.15, linewidth=0)
    if spikes is not None:
        for r in spikes.itertuples():
            ax.axvline(r.peak, color="#f39c12", linestyle=":", linewidth=1)
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.set_title(title)
    ax.set_xlabel("period start (UTC)")
    ax.set_ylabel(f"net sentiment = {summary['formula'].iloc[0]}")
    ax.grid(alpha=0.3)
    _date_axis(ax)
    ax.legend(title=by + (" (band: 95% interval of " + str(focal) + ")" if focal else ""), loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False)
    _note(fig, note)
    return fig


def plot_spike_scan(scan: pd.DataFrame, spikes: pd.DataFrame, title: str = "Spike detection",
                    ylabel: str = "mentions per period", note: str | None = None) -> Figure:
    """Counts with the robust baseline and the detection threshold; spikes marked and numbered
    (one group of :func:`scrm_lib.metrics.spikes.detect_spikes_by`'s scan)."""
    fig, ax = plt.subplots(figsize=(11, 4.2), layout="constrained")
    s = scan.sort_values("period")
    ax.plot(s["period"], s["count"], color="#2c3e50", linewidth=1.2, label="mentions")
    ax.plot(s["period"], s["baseline"], color="#2980b9", linewidth=1.2, linestyle="--", label="baseline (rolling median)")
    ax.fill_between(s["period"], s["baseline"], s["threshold"], color="#2980b9", alpha=0.12, linewidth=0,
                    label="baseline to threshold")
    flagged = s.loc[s["flagged"]]
    ax.scatter(flagged["period"], flagged["count"], color="#e67e22", zorder=3, s=22, label="anomalous period")
    for k, r in enumerate(spikes.itertuples()):
        ax.annotate(f"{r.spike}: ×{r.magnitude:.1f}", (r.peak, r.peak_count), xytext=(5, 3 + 11 * (k % 2)),
                    textcoords="offset points", fontsize=8, color="#7f4f00")
    ax.set_title(title)
    ax.set_xlabel("period start (UTC)")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    _date_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    _note(fig, note)
    return fig


def plot_influencers_advocates(authors: pd.DataFrame, influencer_followers: float, advocate_min_mentions: int,
                               title: str = "Who talks about the brand", note: str | None = None) -> Figure:
    """Authors by followers (log scale) and mentions, coloured by role, with the thresholds."""
    fig, ax = plt.subplots(figsize=(9.5, 5), layout="constrained")
    rng = np.random.default_rng(0)  # jitter only, so that equal mention counts do not overprint
    for role in ("other", "media", "advocate", "influencer"):
        d = authors.loc[(authors["role"] == role) & authors["followers"].notna()]
        if d.empty:
            continue
        y = d["mentions"].to_numpy(float) * np.exp(rng.normal(0, 0.04, len(d)))
        ax.scatter(d["followers"].clip(lower=1), y, s=10 if role == "other" else 18, alpha=0.35 if role == "other" else 0.8,
                   color=ROLE_COLORS[role], label=f"{role} ({len(d):,})", linewidths=0)
    ax.axvline(influencer_followers, color=ROLE_COLORS["influencer"], linestyle="--", linewidth=1)
    ax.axhline(advocate_min_mentions, color=ROLE_COLORS["advocate"], linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    from matplotlib.ticker import FixedLocator, NullLocator, ScalarFormatter

    ymax = float(authors["mentions"].max()) if len(authors) else 10
    ax.yaxis.set_major_locator(FixedLocator([t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= ymax * 1.5]))
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("author's followers (log scale; dashed: influencer threshold)")
    ax.set_ylabel("mentions of the brand (log scale; dashed: advocate minimum)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(title="role", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    _note(fig, note)
    return fig


def plot_themes(terms: pd.DataFrame, title: str = "Distinctive terms", note: str | None = None) -> Figure:
    """Horizontal bars of the weighted log-odds z-score per term (output of :func:`scrm_lib.metrics.terms.themes`)."""
    d = terms.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.32 * max(len(d), 3) + 1.4), layout="constrained")
    ax.barh([str(t) for t in d["term"]], d["z"], color=["#16a085" if k == "phrase" else "#2980b9" for k in d["kind"]])
    for y, (z, c) in enumerate(zip(d["z"], d["count"], strict=True)):
        ax.text(z, y, f" {int(c):,}×", va="center", fontsize=8)
    ax.set_xlim(0, float(d["z"].max()) * 1.18 if len(d) else 1)
    ax.set_xlabel("z-score of the weighted log-odds (bar end: times used; green = two-word phrase)")
    ax.set_ylabel("term")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    _note(fig, note)
    return fig


def plot_aspect_sentiment(asp: pd.DataFrame, focal: str, by: str = "brand", title: str = "Net sentiment per aspect",
                          note: str | None = None) -> Figure:
    """Net sentiment per aspect with its 95% interval: the focal brand (filled) against all
    competitors pooled (open), aspects ordered by the focal brand's volume; output of
    :func:`scrm_lib.metrics.aspects.aspect_sentiment`. Labels: posts about the aspect."""
    f = asp.loc[asp[by] == focal].sort_values("posts")
    o = asp.loc[asp[by] != focal].groupby("aspect")[["negative", "neutral", "positive", "posts"]].sum().reindex(f["aspect"])
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(f), 3) + 1.6), layout="constrained")
    y = np.arange(len(f))
    ax.errorbar(f["net"], y + 0.12, xerr=[f["net"] - f["net_lo"], f["net_hi"] - f["net"]], fmt="o", color="#1f77b4",
                capsize=3, label=f"{focal}")
    if len(o) and o["posts"].fillna(0).sum() > 0:
        net, lo, hi = net_sentiment(o["positive"].fillna(0), o["negative"].fillna(0), o["neutral"].fillna(0))
        ax.errorbar(net, y - 0.12, xerr=[net - lo, hi - net], fmt="o", mfc="white", color="#7f7f7f", capsize=3,
                    label="competitors (pooled)")
    for yy, (n, v) in enumerate(zip(f["posts"], f["net"], strict=True)):
        ax.annotate(f"{int(n):,} posts", (v, yy + 0.12), xytext=(0, 6), textcoords="offset points", fontsize=7, ha="center")
    ax.set_yticks(y, [str(a) for a in f["aspect"]])
    ax.axvline(0, color="#999", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("net sentiment (pos − neg) / (pos + neg), 95% interval")
    ax.set_ylabel("aspect")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    _note(fig, note)
    return fig


def plot_network(graph, central: pd.DataFrame, title: str = "Mention/reply network", note: str | None = None,
                 max_nodes: int = 60) -> Figure:
    """The neighbourhood of the most central accounts of :func:`scrm_lib.metrics.influence.interaction_graph`:
    the accounts of ``central`` (:func:`scrm_lib.metrics.influence.network_summary`) and the accounts they
    exchange with most (up to ``max_nodes``), laid out by a seeded spring layout (deterministic);
    node size ~ PageRank rank, colour = role (brand accounts dark grey), labels on the central ones."""
    import networkx as nx

    keep = list(central["author_id"])
    for n in list(keep):
        if n in graph:
            nb = sorted(set(graph.successors(n)) | set(graph.predecessors(n)),
                        key=lambda m: (-(graph.get_edge_data(n, m, {}).get("weight", 0) + graph.get_edge_data(m, n, {}).get("weight", 0)),
                                       str(m)))  # ties by id: a set's order changes with PYTHONHASHSEED
            keep.extend(m for m in nb[:5] if m not in keep)
    chosen = [n for n in keep[:max_nodes] if n in graph]
    # built node by node in ``chosen`` order: graph.subgraph() iterates a set when the subgraph is
    # small, so its node order (and the spring layout) changed with PYTHONHASHSEED
    sub = nx.DiGraph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in chosen)
    sub.add_edges_from((u, v, d) for u in chosen for v, d in graph.adj[u].items() if v in sub)
    fig, ax = plt.subplots(figsize=(10, 7), layout="constrained")
    pos = nx.spring_layout(sub, seed=7, k=0.6)
    roles = dict(zip(central["author_id"], central["role"], strict=True))
    colors = ["#34495e" if sub.nodes[n].get("brand_account") else ROLE_COLORS.get(roles.get(n, "other"), "#bdc3c7")
              for n in sub.nodes]
    sizes = [420 if n in roles else 90 for n in sub.nodes]
    nx.draw_networkx_edges(sub, pos, ax=ax, alpha=0.35, arrows=True, arrowsize=8, width=0.8)
    nx.draw_networkx_nodes(sub, pos, ax=ax, node_color=colors, node_size=sizes, linewidths=0)
    nx.draw_networkx_labels(sub, pos, labels={n: str(n) for n in sub.nodes if n in roles}, font_size=7, ax=ax)
    for role, c in (*ROLE_COLORS.items(), ("brand account", "#34495e")):
        ax.scatter([], [], color=c, label=role)
    ax.legend(title="role (large dots: most central)", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(title)
    ax.set_axis_off()
    _note(fig, note)
    return fig


def plot_category_shares(shares: pd.DataFrame, column: str, by: str = "brand", title: str = "Reasons",
                         note: str | None = None) -> Figure:
    """Heat map of the share of each category per group (output of :func:`scrm_lib.metrics.counts.category_shares`)."""
    wide = shares.pivot_table(index=column, columns=by, values="share", fill_value=0.0)
    wide = wide.loc[wide.mean(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(1.3 * len(wide.columns) + 3.5, 0.42 * len(wide) + 1.8), layout="constrained")
    im = ax.imshow(wide.to_numpy(), cmap="Reds", aspect="auto", vmin=0)
    ax.set_xticks(range(len(wide.columns)), [str(c) for c in wide.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(wide)), [str(i) for i in wide.index])
    for i in range(len(wide)):
        for j in range(len(wide.columns)):
            v = wide.iat[i, j]
            ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=8, color="white" if v > wide.to_numpy().max() * 0.6 else "black")
    ax.set_xlabel(by)
    ax.set_ylabel(column)
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="share of the group's posts with a value")
    _note(fig, note)
    return fig


def plot_response_times(rt: pd.DataFrame, by: str = "brand", sla_minutes: float = 60,
                        title: str = "How fast brands answer", note: str | None = None) -> Figure:
    """Median and 90th-percentile minutes to first response per group (log scale), with the SLA
    line and the reply rate and SLA share written beside each group."""
    d = rt.sort_values("median_min", na_position="last")
    labels = [str(v) for v in d[by]]
    y = np.arange(len(d))
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(d) + 1.8), layout="constrained")
    ax.barh(y + 0.2, d["p90_min"].fillna(0), height=0.4, color="#f5b7b1", label="90th percentile")
    ax.barh(y - 0.2, d["median_min"].fillna(0), height=0.4, color="#c0392b", label="median")
    ax.axvline(sla_minutes, color="#2c3e50", linestyle="--", linewidth=1, label=f"SLA {sla_minutes:g} min")
    ax.set_xscale("log")
    xmax = float(np.nanmax(d["p90_min"].to_numpy(float))) if d["p90_min"].notna().any() else sla_minutes
    ax.set_xlim(max(0.5, float(np.nanmin(d["median_min"].to_numpy(float))) / 3 if d["median_min"].notna().any() else 0.5), xmax * 30)
    for yy, r in zip(y, d.itertuples(), strict=True):
        ax.text(xmax * 1.3, yy, f"replied {r.reply_rate:.0%} · in SLA {r.sla_share:.0%} of posts", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("minutes to first response (log scale)")
    ax.set_ylabel(by)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3, which="major")
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False)
    _note(fig, note)
    return fig


__all__ = [
    "plot_category_shares", "plot_influencers_advocates", "table", "plot_net_sentiment_over_time", "plot_response_times",
    "plot_aspect_sentiment", "plot_network", "plot_sentiment_mix", "plot_share_of_voice", "plot_spike_scan", "plot_themes", "plot_volume",
]


def table(df: pd.DataFrame, formats: dict | None = None, caption: str | None = None, na_rep: str = "—",
          index: bool = True) -> Table:
    """The workbench's table format (:func:`scrm_lib.reports.viz.tables.format_table`): every text cell, label and
    the caption HTML-escaped, counts with thousands separators, shares as percentages, no 0..N index.

    Kept for the notebooks that call it; ``na_rep`` and ``index`` are accepted for compatibility (empty
    cells always show "—" with a footnote; a named index is shown as leading columns).
    """
    return format_table(df, formats, caption=caption)
