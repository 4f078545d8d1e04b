"""Routing inbound posts through the decision table: priority, the work queue, actions per day;
real example posts per trait, and sales leads among ``future`` posts."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from scrm_lib.core.errors import ParamsError
from scrm_lib.core.labels import TRAIT_LABELS
from scrm_lib.metrics.listening import earned
from scrm_lib.metrics.triage.rules import DecisionTable, load_decision_table


def author_history(df: pd.DataFrame) -> pd.Series:
    """Number of the author's earlier posts in ``df`` (0 for a first post), by ``created_at``.

    Ties in time are broken by ``post_id`` so the result does not depend on row order.
    """
    order = df.sort_values(["created_at", "post_id"], kind="mergesort")
    hist = order.groupby("author_id", sort=False).cumcount()
    return hist.reindex(df.index).astype("int64")


def route(df: pd.DataFrame, table: DecisionTable | None = None) -> pd.DataFrame:
    """Route every inbound post (``is_brand`` False) through the decision table.

    Needs ``trait`` and ``sentiment`` columns (scored posts). Returns one row per inbound post with
    ``post_id, created_at, brand, channel, author_id, author_followers, trait, sentiment,
    author_history, rule, action, response, escalate, priority``.

    priority = base_priority + reach_weight·log10(1 + followers) + negative_weight·[negative]
    + history_weight·min(history, cap)/cap + escalate_weight·[escalate]
    """
    table = table or load_decision_table()
    missing = [c for c in ("post_id", "created_at", "author_id", "trait", "sentiment") if c not in df.columns]
    if missing:
        raise ParamsError("route()", [f"the posts lack column(s) {missing}; score them first (sentiment and trait)"])
    posts = earned(df)
    followers = (
        posts["author_followers"].astype("Float64").fillna(0).to_numpy(dtype=float)
        if "author_followers" in posts.columns
        else np.zeros(len(posts))
    )
    history = author_history(df).reindex(posts.index).to_numpy()
    trait = posts["trait"].astype(str).to_numpy()
    sentiment = posts["sentiment"].astype(str).to_numpy()
    channel = posts["channel"].astype(str).to_numpy() if "channel" in posts.columns else np.full(len(posts), "")
    rule_idx = np.full(len(posts), -1)
    for i, rule in enumerate(table.rules):
        w = rule.when
        m = rule_idx == -1
        if w.trait is not None:
            m &= np.isin(trait, w.trait)
        if w.sentiment is not None:
            m &= np.isin(sentiment, w.sentiment)
        if w.channel is not None:
            m &= np.isin(channel, [c.lower() for c in w.channel])
        if w.min_followers is not None:
            m &= followers >= w.min_followers
        if w.max_followers is not None:
            m &= followers < w.max_followers
        if w.min_history is not None:
            m &= history >= w.min_history
        rule_idx[m] = i
    rules = table.rules
    pw = table.priority
    base = np.array([r.base_priority for r in rules])[rule_idx]
    esc = np.array([r.escalate for r in rules])[rule_idx]
    priority = (
        base
        + pw.reach_weight * np.log10(1.0 + followers)
        + pw.negative_weight * (sentiment == "negative")
        + pw.history_weight * np.minimum(history, pw.history_cap) / pw.history_cap
        + pw.escalate_weight * esc
    )
    out = pd.DataFrame(
        {
            "post_id": posts["post_id"].to_numpy(),
            "created_at": posts["created_at"].to_numpy(),
            "brand": posts["brand"].to_numpy() if "brand" in posts.columns else None,
            "channel": channel,
            "author_id": posts["author_id"].to_numpy(),
            "author_followers": followers.astype("int64"),
            "trait": trait,
            "sentiment": sentiment,
            "author_history": history,
            "rule": np.array([r.name for r in rules], dtype=object)[rule_idx],
            "action": np.array([r.action for r in rules], dtype=object)[rule_idx],
            "response": np.array([r.response for r in rules], dtype=object)[rule_idx],
            "escalate": esc,
            "priority": np.round(priority, 3),
        }
    )
    if "text" in posts.columns:
        out.insert(6, "text", posts["text"].to_numpy())
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    return out


def priority_queue(routed: pd.DataFrame, exclude_actions: Sequence[str] = ("store_only", "monitor"), top: int | None = None) -> pd.DataFrame:
    """The work queue: routed posts needing an action, highest priority first (oldest first on ties)."""
    q = routed.loc[~routed["action"].isin(list(exclude_actions))]
    q = q.sort_values(["priority", "created_at", "post_id"], ascending=[False, True, True], kind="mergesort")
    return q.head(top) if top else q


def actions_per_day(routed: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Counts of each action per period (rows: period start, columns: actions; sums are additive)."""
    period = routed["created_at"].dt.tz_convert("UTC").dt.floor(freq)
    return pd.crosstab(period.rename("period"), routed["action"]).sort_index()


def trait_examples(df: pd.DataFrame, per_trait: int = 3, seed: int = 0, min_confidence: float = 0.6,
                   max_chars: int = 200) -> pd.DataFrame:
    """Real example posts for each trait: ``per_trait`` drawn (seeded) among the confident ones.

    Draws from inbound posts with ``trait_confidence`` ≥ ``min_confidence`` (all posts of the
    trait when too few are that confident). Returns ``trait, sentiment, trait_confidence,
    channel, text`` in the order of :data:`scrm_lib.core.labels.TRAIT_LABELS`; texts longer than ``max_chars`` are cut.
    """
    rng = np.random.default_rng(seed)
    posts = earned(df)
    rows = []
    for trait in TRAIT_LABELS:
        t = posts.loc[posts["trait"] == trait]
        if "trait_confidence" in t.columns:
            confident = t.loc[t["trait_confidence"] >= min_confidence]
            t = confident if len(confident) >= per_trait else t
        if t.empty:
            continue
        pick = t.iloc[np.sort(rng.choice(len(t), size=min(per_trait, len(t)), replace=False))]
        rows.append(pick)
    if not rows:
        return pd.DataFrame(columns=["trait", "sentiment", "trait_confidence", "channel", "text"])
    out = pd.concat(rows)
    cols = [c for c in ("trait", "sentiment", "trait_confidence", "channel", "text") if c in out.columns]
    out = out[cols].reset_index(drop=True)
    out["text"] = out["text"].astype(str).map(lambda x: x if len(x) <= max_chars else x[: max_chars - 1] + "…")
    return out


_RECOMMENDATION_CUES = re.compile(
    r"\b(?:which|what)\b.{0,40}\b(?:should|would|do you|to (?:get|buy|choose|pick))\b"
    r"|\b(?:recommend|recommendation|recs?|suggestions?|advice|worth it|good (?:choice|decision|idea))\b"
    r"|\b(?:should i|shall i|thinking (?:about|of)|considering|looking (?:for|at)|torn between|deciding)\b"
    r"|\b(?:vs\.?|versus)\b|\bor\b.{0,30}\?",
    re.IGNORECASE,
)

SALES_CAUTION = (
    "Lead, not a support case: answer the question helpfully and transparently (say who you are), "
    "no hard sell or spam, never disparage a competitor, and do not reply if the brand is not among "
    "the options asked about."
)


def sales_leads(df: pd.DataFrame, brands: Sequence[str] | None = None, large_audience: int = 10_000) -> pd.DataFrame:
    """``future`` posts that ask for a purchase recommendation, with a caution column (DOMAIN.md §4).

    A post qualifies when its trait is ``future`` and its text asks a question (``?``) or uses a
    recommendation cue ("which … should", "recommend", "thinking about", "X vs Y", "A or B?").
    ``caution`` says what this post calls for, then the general rule :data:`SALES_CAUTION`: other brands
    it names (``brands``, default every brand in ``df``; listed in ``mentions``) — compare on the
    merits —, a brand it is leaving (listed in ``leaving``; a competitor's past customer: no gloating), an audience of
    ``large_audience`` followers or more (the answer is public).
    """
    posts = earned(df)
    fut = posts.loc[posts["trait"].eq("future")]
    text = fut["text"].fillna("").astype(str)
    asks = text.str.contains("?", regex=False) | text.str.contains(_RECOMMENDATION_CUES)
    cols = [c for c in ("post_id", "created_at", "brand", "channel", "author_id", "author_followers", "text", "sentiment") if c in fut.columns]
    leads = fut.loc[asks, cols].copy()
    names = sorted(set(brands if brands is not None else df["brand"].astype(str)))
    lowered = leads["text"].str.lower()
    own = leads["brand"].astype(str) if "brand" in leads.columns else pd.Series("", index=leads.index)
    mentions, leavings, cautions = [], [], []
    followers = (leads["author_followers"].astype("Float64").fillna(0) if "author_followers" in leads.columns
                 else pd.Series(0.0, index=leads.index))
    for t, b, f in zip(lowered, own, followers, strict=True):
        others = [n for n in names if n != b and re.search(rf"\b{re.escape(n.lower())}\b", t)]
        leaving = [n for n in others if re.search(rf"\b(?:leaving|left|switching from|done with|sick of|cancel\w*)\b[^.?!]{{0,30}}\b{re.escape(n.lower())}\b", t)]
        notes = []
        if leaving:
            notes.append(f"Leaving {', '.join(leaving)}: a past customer of a competitor — welcome them, no gloating.")
        elif others:
            notes.append(f"Also asks about {', '.join(others)}: compare on the merits, never disparage them.")
        if f >= large_audience:
            notes.append(f"{int(f):,} followers: the answer is public, make it accurate.")
        mentions.append(", ".join(others))
        leavings.append(", ".join(leaving))
        cautions.append(" ".join([*notes, SALES_CAUTION]))
    leads["mentions"] = mentions
    leads["leaving"] = leavings
    leads["caution"] = cautions
    return leads.sort_values("created_at", kind="mergesort").reset_index(drop=True)


#: Actions that ask nobody to do anything now: the post is kept for monitoring or stored.
NO_ACTION: tuple[str, ...] = ("monitor", "store_only")


def action_summary(routed: pd.DataFrame) -> pd.DataFrame:
    """Per routing action: ``posts``, ``escalated`` and ``median_priority``, most posts first."""
    return routed.groupby("action").agg(posts=("post_id", "size"), escalated=("escalate", "sum"),
                                        median_priority=("priority", "median")).sort_values("posts", ascending=False)


def daily_workload(daily_actions: pd.DataFrame, no_action: Sequence[str] = NO_ACTION) -> float:
    """Mean posts per period someone must act on, from :func:`actions_per_day` (``no_action`` actions left out)."""
    return float(daily_actions.drop(columns=[c for c in no_action if c in daily_actions.columns]).sum(axis=1).mean())


def leads_leaving(leads: pd.DataFrame, brand: str) -> pd.DataFrame:
    """The leads of :func:`sales_leads` that say they are leaving ``brand`` (its column ``leaving``).

    Run on the *competitors'* posts, these are ``brand``'s past customers asking elsewhere: one
    brand's past customer is another's future customer (notebook 05).
    """
    names = leads["leaving"].astype(str).str.split(", ")
    return leads[names.map(lambda xs: brand in xs)]
