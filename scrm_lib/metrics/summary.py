"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): the measurement framework (DOMAIN.md §3: five
categories × channels) and the closing brand summary (sentences, every number from the tables given).

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.labels import SENTIMENT_LABELS
from scrm_lib.metrics.counts import COUNT_COLUMNS, interactions, reach
from scrm_lib.metrics.periods import earned
from scrm_lib.metrics.sentiment import (
    NET_FORMULAS,
    has_labels,
    net_sentiment,
    sentiment_counts,
)
from scrm_lib.metrics.spikes import spike_kind

FRAMEWORK_CATEGORIES: tuple[str, ...] = ("Attention", "Engagement", "Authority", "Influence", "Sentiment")


COVERAGE_CHANNELS: frozenset[str] = frozenset({"news", "blog"})


_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def measurement_framework(df: pd.DataFrame, formula: str = "talkwalker", overall: str = "overall") -> pd.DataFrame:
    """The five-category × channel matrix of DOMAIN.md §3, filled from the data.

    One row per (category, channel) — every channel of the frame plus ``overall`` — with the
    numbers it rests on and a ``cell`` text; a cell without data says ``no data: …``:

    - **Attention**: unique authors and posts (views are not in the mentions schema);
    - **Engagement**: interactions (likes + shares + replies) and per post; posts answering
      another post (``in_reply_to``);
    - **Authority**: posts carrying a link, and external coverage (posts on ``news``/``blog``
      channels by non-brand authors);
    - **Influence**: the brand accounts' followers (latest count per account, Σ over accounts)
      and the potential reach of the conversation (Σ unique authors' followers);
    - **Sentiment**: positive / negative share of labelled posts, net sentiment (``formula``)
      and its change from the first to the second half of the period.

    Columns: ``category``, ``channel``, ``metric`` (name of the headline number), ``value``,
    ``cell``.
    """
    rows: list[dict[str, Any]] = []
    used = ("post_id", "created_at", "channel", "brand", "author_id", "text", "author_followers", *COUNT_COLUMNS,
            "in_reply_to", "is_brand", "sentiment")
    df = df[[c for c in used if c in df.columns]]
    # the long strings are read once: a link flag per post, a reply flag; the per-channel frames
    # below then copy only short columns
    flags = {"_link": df["text"].astype(str).str.contains(_LINK).fillna(False).to_numpy(dtype=bool)}
    if "in_reply_to" in df.columns:
        flags["_reply"] = df["in_reply_to"].notna().to_numpy(dtype=bool)
    df = df.drop(columns=[c for c in ("text", "post_id", "in_reply_to", "brand") if c in df.columns]).assign(**flags)
    channels = sorted(df["channel"].unique().tolist())
    mid = df["created_at"].min() + (df["created_at"].max() - df["created_at"].min()) / 2 if len(df) else None
    for ch in [*channels, overall]:
        d = df if ch == overall else df.loc[(df["channel"] == ch).to_numpy()]
        conv = earned(d)
        nposts, nauth = len(conv), conv["author_id"].nunique()
        rows.append({"category": "Attention", "channel": ch, "metric": "unique authors", "value": float(nauth),
                     "cell": f"{nauth:,} unique authors, {nposts:,} posts" if nposts else "no data: no posts"})
        has_eng = any(c in d.columns and d[c].notna().any() for c in COUNT_COLUMNS)
        inter = int(interactions(d).sum())
        replies = int(d["_reply"].sum()) if "_reply" in d.columns else 0
        rows.append({"category": "Engagement", "channel": ch, "metric": "interactions",
                     "value": float(inter) if has_eng else np.nan,
                     "cell": (f"{inter:,} interactions ({inter / max(len(d), 1):.1f} per post), {replies:,} repl{'y' if replies == 1 else 'ies'} in threads"
                              if has_eng else (f"no data: no like/share/reply counts; {replies:,} repl{'y' if replies == 1 else 'ies'} in threads"
                                               if replies else "no data: no like/share/reply counts"))})
        links = int(conv["_link"].sum())
        coverage = len(conv) if ch in COVERAGE_CHANNELS else (
            int(conv["channel"].isin(COVERAGE_CHANNELS).sum()) if ch == overall else 0)
        rows.append({"category": "Authority", "channel": ch, "metric": "posts with links",
                     "value": float(links) if links or coverage else np.nan,
                     "cell": (f"{links:,} posts with links, {coverage:,} coverage posts (news/blog)" if links or coverage
                              else "no data: no links or external coverage (inbound links and embeds are not in the data)")})
        f_known = "author_followers" in d.columns and d["author_followers"].notna().any()
        if f_known:
            own = d.loc[d["is_brand"].fillna(False).astype(bool).to_numpy()] if "is_brand" in d.columns else d.iloc[0:0]
            own = own.loc[own["author_followers"].notna().to_numpy()]
            acct = 0.0
            if len(own):
                latest = own.sort_values("created_at", kind="mergesort").groupby(["channel", "author_id"], observed=True).tail(1)
                acct = float(latest["author_followers"].astype(float).sum())
            rch = float(reach(conv, by=None)["reach"].iloc[0]) if len(conv) else 0.0
            rows.append({"category": "Influence", "channel": ch, "metric": "potential reach", "value": rch,
                         "cell": (f"brand accounts: {acct:,.0f} followers; " if len(own) else "brand accounts: none with follower counts; ")
                         + f"potential reach of the conversation: {rch:,.0f}"})
        else:
            rows.append({"category": "Influence", "channel": ch, "metric": "potential reach", "value": np.nan,
                         "cell": "no data: no follower counts"})
        if has_labels(conv):
            c = sentiment_counts(conv, by=None)
            lab = int(c[list(SENTIMENT_LABELS)].sum(axis=1).iloc[0])
            net, _, _ = net_sentiment(c["positive"], c["negative"], c["neutral"], formula)
            halves = []
            labels = conv[["sentiment"]]  # the halves need the labels only
            for part in (labels.loc[(conv["created_at"] < mid).to_numpy()], labels.loc[(conv["created_at"] >= mid).to_numpy()]):
                cc = sentiment_counts(part, by=None)
                halves.append(float(net_sentiment(cc["positive"], cc["negative"], cc["neutral"], formula)[0][0]) if len(part) else np.nan)
            change = halves[1] - halves[0]
            rows.append({"category": "Sentiment", "channel": ch, "metric": "net sentiment", "value": float(net[0]),
                         "cell": (f"{int(c['positive'].iloc[0]) / lab:.0%} positive, {int(c['negative'].iloc[0]) / lab:.0%} negative; "
                                  f"net {float(net[0]):+.2f}" + ("" if math.isnan(change) else f" ({change:+.2f} first → second half)"))
                         if lab else "no data: no labelled posts"})
        else:
            rows.append({"category": "Sentiment", "channel": ch, "metric": "net sentiment", "value": np.nan,
                         "cell": "no data: no sentiment labels"})
    return pd.DataFrame(rows, columns=["category", "channel", "metric", "value", "cell"])


def framework_matrix(framework: pd.DataFrame) -> pd.DataFrame:
    """The cells of :func:`measurement_framework` as a category × channel table (``overall`` last)."""
    wide = framework.pivot(index="category", columns="channel", values="cell")
    cols = [c for c in wide.columns if c != "overall"] + (["overall"] if "overall" in wide.columns else [])
    wide = wide.reindex(index=[c for c in FRAMEWORK_CATEGORIES if c in wide.index], columns=cols)
    wide.columns.name = "channel"
    return wide


def brand_summary(
    focal: str,
    overview: pd.DataFrame,
    spikes: pd.DataFrame,
    responses: pd.DataFrame,
    roles: pd.DataFrame,
    sla_minutes: float,
    formula: str = "talkwalker",
    sentiment_source: str = "",
    themes: pd.DataFrame | None = None,
) -> list[str]:
    """Sentences (Markdown, *not* HTML-escaped: pass them to ``nbtools.md`` as values) saying what
    the numbers mean for ``focal``, every number taken from the tables given.

    ``overview``: one row per brand with ``brand mentions share net net_lo net_hi pct_negative``;
    ``spikes``: :func:`detect_spikes_by` (explained); ``responses``: :func:`response_times` by
    brand; ``roles``: :func:`role_summary`; ``themes``: :func:`themes` of the focal brand.
    """
    out: list[str] = []
    ov = overview.set_index("brand")
    if focal not in ov.index:
        return [f"No conversation about {focal} in the selection."]
    f = ov.loc[focal]
    rank = ov["share"].rank(ascending=False, method="min")
    others = ov.drop(index=focal)
    if len(others):
        lead = others["share"].idxmax()
        out.append(f"**Share of voice:** {focal} holds **{f['share']:.0%}** of the conversation ({int(f['mentions']):,} "
                   f"mentions), rank {int(rank[focal])} of {len(ov)}; the largest competitor, {lead}, holds "
                   f"{others.loc[lead, 'share']:.0%}.")
    else:
        out.append(f"**Volume:** {int(f['mentions']):,} conversation posts about {focal} (no competitor selected).")
    if pd.notna(f.get("net")):
        nrank = ov["net"].rank(ascending=False, method="min")
        txt = (f"**Sentiment:** net sentiment {f['net']:+.2f} (95% interval {f['net_lo']:+.2f} to {f['net_hi']:+.2f}; "
               f"{NET_FORMULAS[formula]}{', ' + sentiment_source if sentiment_source else ''}), "
               f"{f['pct_negative']:.0%} of labelled posts negative, rank {int(nrank[focal])} of {len(ov)}.")
        if len(others) and others["net"].notna().any():
            best = others["net"].idxmax()
            b = others.loc[best]
            if b["net_lo"] > f["net_hi"]:
                txt += f" {best} is clearly ahead ({b['net']:+.2f}; the intervals do not overlap)."
            elif f["net_lo"] > b["net_hi"]:
                txt += f" {focal} is clearly ahead of every competitor (next best {best}, {b['net']:+.2f})."
            else:
                txt += f" The best competitor, {best} ({b['net']:+.2f}), is within the uncertainty."
        out.append(txt)
    fs = spikes.loc[spikes["brand"] == focal] if len(spikes) and "brand" in spikes.columns else spikes.iloc[0:0]
    if len(fs):
        big = fs.sort_values("excess", ascending=False).iloc[0]
        kind = ""
        if "net_shift" in fs.columns and pd.notna(big.get("net_shift")):
            if spike_kind(big["net_shift"]) == "crisis":
                kind = (f" and sentiment fell by {abs(big['net_shift']):.2f}: a negative burst with one vocabulary is a "
                        "crisis signature (ARM crisis protocol: escalate by severity, reach and velocity)")
            elif spike_kind(big["net_shift"]) == "campaign":
                kind = f" and sentiment rose by {big['net_shift']:.2f}: a positive burst, as a campaign makes"
            else:
                kind = f"; sentiment moved by {big['net_shift']:+.2f}"
        terms = f", driven by *{big['top_terms']}*" if isinstance(big.get("top_terms"), str) and big["top_terms"] else ""
        out.append(f"**Spikes:** {len(fs)} anomalous burst(s); the largest peaked on {big['peak']:%Y-%m-%d} at "
                   f"×{big['magnitude']:.1f} the baseline ({int(big['excess']):,} extra mentions){terms}{kind}.")
    else:
        out.append(f"**Spikes:** no anomalous burst about {focal} at this sensitivity.")
    rt = responses.set_index("brand") if len(responses) else responses
    if len(rt) and focal in rt.index and rt["answered"].sum() > 0:
        r = rt.loc[focal]
        if r["answered"] > 0:
            txt = (f"**Response:** {focal} answers **{r['reply_rate']:.0%}** of conversation posts, median "
                   f"{r['median_min']:,.0f} min (90th percentile {r['p90_min']:,.0f} min); {r['sla_share']:.0%} of posts are "
                   f"answered within the {sla_minutes:g}-minute SLA.")
        else:
            txt = f"**Response:** {focal} answered none of {int(r['inbound']):,} conversation posts in these data."
        comp = rt.drop(index=focal, errors="ignore")
        comp = comp.loc[comp["answered"] > 0]
        if len(comp):
            fast = comp["median_min"].idxmin()
            txt += f" Fastest competitor: {fast}, median {comp.loc[fast, 'median_min']:,.0f} min, {comp.loc[fast, 'reply_rate']:.0%} answered."
        out.append(txt)
    else:
        out.append("**Response:** no brand replies in these data, so response time (a *defined*-stage metric) cannot be measured.")
    ro = roles.loc[roles["brand"] == focal].set_index("role") if len(roles) else roles
    if len(ro):
        parts = []
        if "advocate" in ro.index:
            a = ro.loc["advocate"]
            parts.append(f"{int(a['authors']):,} advocate{'s' if int(a['authors']) != 1 else ''} write "
                         f"{a['mention_share']:.{0 if a['mention_share'] >= 0.01 else 1}%} of its mentions"
                         + (f" ({a['share_positive']:.0%} positive)" if pd.notna(a["share_positive"]) else ""))
        if "influencer" in ro.index:
            i = ro.loc["influencer"]
            parts.append(f"{int(i['authors']):,} influencer{'s' if int(i['authors']) != 1 else ''} hold "
                         f"{i['reach_share']:.0%} of the potential reach")
        if parts:
            out.append("**Who talks:** " + "; ".join(parts) + ". Advocates are the program to nurture (session 3); "
                       "influencers are reach to earn, not trust to assume.")
    if themes is not None and len(themes):
        out.append(f"**Themes:** what sets {focal}'s conversation apart: *{', '.join(themes['term'].head(6))}*.")
    return out
