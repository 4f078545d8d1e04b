"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): who talks — the workbench's one influence model
(influencers vs advocates), its quality against known roles, and the reply/mention network.

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.labels import SENTIMENT_LABELS
from scrm_lib.metrics.counts import interactions
from scrm_lib.metrics.periods import as_list, earned
from scrm_lib.text.privacy import HANDLE_RE

#: Handles that name news organisations (labelled ``media``, never influencers or advocates).
MEDIA_HANDLE = re.compile(r"(?i)(?:news|daily|times|magazine|journal|tribune|herald|gazette|report|press|radio|mag$|tv$)")


#: Sponsored talk (``#ad``, ``#sponsored``, "paid partnership"): disqualifies an advocate.
SPONSORED = r"(?i)(?:#ad\b|#sponsored\b|#partner\b|#paid\b|\bsponsored\b|\bpaid partnership\b)"


def influencers_vs_advocates(
    df: pd.DataFrame,
    influencer_followers: int = 10_000,
    advocate_min_mentions: int = 3,
    advocate_min_positive_share: float = 0.5,
    advocate_max_followers: int | None = None,
    by: str | None = "brand",
    advocate_min_active_days: int = 10,
    media_channels: Sequence[str] = ("news",),
) -> pd.DataFrame:
    """The workbench's one influence model: per author (per ``by`` brand), who they are for the
    brand (DOMAIN.md §8). Notebooks 01 (listening), 06 (advocate program,
    :func:`scrm_lib.metrics.advocates.author_roles`) and 07 (audit) all use it.

    Only conversation posts count. Per author: ``followers`` (largest count seen; NaN when
    unknown), ``mentions``, ``positive`` (advocacy posts: positive, or trait ``advocate`` when a
    ``trait`` column exists), ``labelled``, ``share_positive`` (advocacy ÷ labelled),
    ``active_days`` (distinct UTC days with a mention), ``peer_replies`` (replies to other
    customers' posts: advocates answer and defend), ``sponsored`` (``#ad``/``#sponsored`` posts),
    ``interactions``, ``repeat = mentions ≥ 2``, ``media`` and ``role``, the first that applies:

    - ``media``: posts on a ``media_channels`` channel or a handle naming a news organisation
      (:data:`MEDIA_HANDLE`) — coverage, not a person: never an influencer or advocate;
    - ``influencer``: ``followers ≥ influencer_followers`` (large reach, whatever the tone);
    - ``advocate``: reach below ``advocate_max_followers`` (default ``influencer_followers``) or
      unknown, ``share_positive ≥ advocate_min_positive_share``, no sponsored post, and
      **sustained** — active on at least ``advocate_min_active_days`` days, or at least
      ``advocate_min_mentions`` mentions including a reply to another customer. Trust is not
      in the posts: persistence, tone and helping others stand in for it;
    - ``other``: everyone else.

    Measured against the synthetic sample generator's true roles (VADER sentiment, defaults):
    advocate precision 44% / recall 87% (the two former rules: 31% / 67% and 17%); see
    docs/benchmarks.md. Counts and sums per author merge across partitions; ``active_days``
    merges as a union of days.
    """
    posts = earned(df)
    keys = as_list(by)
    lab = posts["sentiment"].astype("str") if "sentiment" in posts.columns else pd.Series("", index=posts.index)
    adv = lab.eq("positive").to_numpy(dtype=bool)
    if "trait" in posts.columns:
        adv = adv | posts["trait"].astype("str").eq("advocate").to_numpy(dtype=bool)
    f = (posts["author_followers"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
         if "author_followers" in posts.columns else np.full(len(posts), np.nan))
    peer = np.zeros(len(posts), dtype=bool)
    if "in_reply_to" in posts.columns and posts["in_reply_to"].notna().any():
        peer = posts["in_reply_to"].isin(posts["post_id"]).to_numpy(dtype=bool)
    media_ch = (posts["channel"].isin(list(media_channels)).to_numpy(dtype=bool) if "channel" in posts.columns
                else np.zeros(len(posts), dtype=bool))
    text = posts["text"].astype("str")
    # sponsored talk: the regex, on posts holding '#', 'ponsor' or 'aid' (one regex pass over all
    # posts, then that literal check on the few that match: what testing only those posts gave)
    sp = text.str.contains(SPONSORED, regex=True).fillna(False).to_numpy(dtype=bool).copy()
    if sp.any():
        idx = np.flatnonzero(sp)
        sp[idx] = [("#" in t or "ponsor" in t or "aid" in t) for t in text.to_numpy()[idx]]
    # group on integer codes (factorised once), not on strings
    codes = [pd.factorize(posts[k], sort=True) for k in [*keys, "author_id"]]
    key = np.zeros(len(posts), dtype=np.int64)
    for c, u in codes:
        key = key * max(len(u), 1) + c
    day = pd.factorize(posts["created_at"].dt.floor("D"))[0]
    # per-author sums and maxima on the sorted distinct keys (numpy; what a groupby on the key gave)
    ukey, grp = np.unique(key, return_inverse=True)
    ng = len(ukey)

    def total(x: np.ndarray) -> np.ndarray:
        acc = np.zeros(ng, dtype=np.int64)
        np.add.at(acc, grp, x.astype(np.int64))
        return acc

    fmax = np.full(ng, -np.inf)
    np.fmax.at(fmax, grp, f)
    known = total(~np.isnan(f))
    out = pd.DataFrame({
        "followers": np.where(known > 0, fmax, np.nan), "mentions": np.bincount(grp, minlength=ng).astype(np.int64),
        "positive": total(adv), "labelled": total(lab.isin(SENTIMENT_LABELS).to_numpy(dtype=bool) | adv),
        "interactions": total(interactions(posts).to_numpy()), "peer_replies": total(peer), "sponsored": total(sp),
        "media_posts": total(media_ch),
    }, index=pd.Index(ukey, name="key"))
    span = int(day.max()) + 2 if len(day) else 1
    author_day = np.sort(grp.astype(np.int64) * span + (day + 1))  # distinct (author, day) pairs:
    first = np.ones(len(author_day), dtype=bool)  # a sort, not np.unique (a hash table, 100x slower here)
    first[1:] = author_day[1:] != author_day[:-1]
    out["active_days"] = np.bincount(author_day[first] // span, minlength=ng).astype(np.int64)
    k = out.index.to_numpy()
    for name, (_c, u) in reversed(list(zip([*keys, "author_id"], codes, strict=True))):
        pick = k % max(len(u), 1)  # string columns stay arrow strings (no Python objects)
        out[name] = (pd.Index(u).take(pick).array if isinstance(getattr(u, "dtype", None), pd.StringDtype)
                     else np.asarray(u, dtype=object)[pick])
        k = k // max(len(u), 1)
    out = out.reset_index(drop=True)
    out["share_positive"] = out["positive"] / out["labelled"].where(out["labelled"] > 0)
    out["repeat"] = out["mentions"] >= 2
    handles = out["author_id"].astype("str")
    out["media"] = (out["media_posts"] > 0).to_numpy() | handles.str.contains(MEDIA_HANDLE).to_numpy()
    cap = influencer_followers if advocate_max_followers is None else advocate_max_followers
    big = out["followers"].fillna(-1) >= influencer_followers
    sustained = (out["active_days"] >= advocate_min_active_days) | (
        (out["mentions"] >= advocate_min_mentions) & (out["peer_replies"] >= 1))
    adv_role = (sustained & (out["share_positive"].fillna(0) >= advocate_min_positive_share)
                & ~(out["followers"].fillna(0) >= cap) & (out["sponsored"] == 0))
    out["role"] = np.select([out["media"].to_numpy(dtype=bool), big.to_numpy(dtype=bool), adv_role.to_numpy(dtype=bool)],
                            ["media", "influencer", "advocate"], default="other")
    return out[[*keys, "author_id", "followers", "mentions", "positive", "labelled", "share_positive", "repeat",
                "active_days", "peer_replies", "sponsored", "interactions", "media", "role"]]


def role_quality(authors: pd.DataFrame, truth: pd.Series, roles: Sequence[str] = ("advocate", "influencer")) -> pd.DataFrame:
    """Precision and recall of :func:`influencers_vs_advocates` roles against known roles
    (``truth``: author id → role, e.g. the synthetic sample's ``synthetic_author_role``).
    Columns: ``role``, ``found``, ``true``, ``correct``, ``precision``, ``recall``; rows are
    (brand,) author pairs."""
    t = authors["author_id"].map(truth).astype("string")
    rows = []
    for r in roles:
        pred = (authors["role"] == r).to_numpy()
        real = (t == r).fillna(False).to_numpy(dtype=bool)
        tp = int((pred & real).sum())
        rows.append({"role": r, "found": int(pred.sum()), "true": int(real.sum()), "correct": tp,
                     "precision": tp / pred.sum() if pred.any() else float("nan"),
                     "recall": tp / real.sum() if real.any() else float("nan")})
    return pd.DataFrame(rows)


def interaction_graph(df: pd.DataFrame, brand_accounts: Iterable[str] = ()) -> Any:
    """The mention/reply network as a :class:`networkx.DiGraph`: an edge ``a → b`` when ``a``
    replied to a post of ``b`` (``in_reply_to``) or wrote ``@b``; edge attribute ``weight`` =
    how often. Node attribute ``brand_account`` marks brand accounts (``is_brand`` authors and
    ``brand_accounts``). Empty when the data have neither replies nor mentions."""
    import networkx as nx

    G = nx.DiGraph()
    edges: dict[tuple[str, str], int] = {}
    author = df["author_id"].astype("str")
    if "in_reply_to" in df.columns and df["in_reply_to"].notna().any():
        owner = pd.Series(author.to_numpy(), index=df["post_id"].astype("str").to_numpy())
        owner = owner[~owner.index.duplicated()]
        rep = df["in_reply_to"].notna().to_numpy()
        target = df.loc[rep, "in_reply_to"].astype("str").map(owner)
        for a, b in zip(author[rep].to_numpy(), target.to_numpy(), strict=True):
            if isinstance(b, str) and a != b:
                edges[(a, b)] = edges.get((a, b), 0) + 1
    text = df["text"].astype("str")
    has = text.str.contains("@", regex=False).to_numpy(dtype=bool)
    for a, t in zip(author[has].to_numpy(), text[has].to_numpy(), strict=True):
        for b in dict.fromkeys(HANDLE_RE.findall(t)):  # first-seen order: a set's order changes with PYTHONHASHSEED
            if b != a:
                edges[(a, b)] = edges.get((a, b), 0) + 1
    for (a, b), w in edges.items():
        G.add_edge(a, b, weight=w)
    own = {str(x) for x in brand_accounts}
    if "is_brand" in df.columns:
        own |= set(author[df["is_brand"].fillna(False).astype(bool).to_numpy()])
    own_l = {o.lower() for o in own}
    nx.set_node_attributes(G, {n: str(n).lower() in own_l for n in G.nodes}, "brand_account")
    return G


def network_summary(G: Any, authors: pd.DataFrame | None = None, top: int = 10) -> pd.DataFrame:
    """The most central people of :func:`interaction_graph` (brand accounts left out): ``author_id``,
    ``in_degree`` (distinct people replying to or mentioning them), ``out_degree``, ``pagerank``
    (weighted, seeded-free power iteration: deterministic) and their ``role`` from ``authors``
    (:func:`influencers_vs_advocates`, first role seen) when given."""
    import networkx as nx

    cols = ["author_id", "in_degree", "out_degree", "pagerank", "role"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    pr = nx.pagerank(G, weight="weight")
    rows = [{"author_id": n, "in_degree": G.in_degree(n), "out_degree": G.out_degree(n), "pagerank": pr[n]}
            for n, d in G.nodes(data=True) if not d.get("brand_account")]
    out = pd.DataFrame(rows, columns=cols[:-1]).sort_values(["pagerank", "author_id"], ascending=[False, True], kind="mergesort").head(top)
    roles = (dict(zip(authors["author_id"], authors["role"], strict=True)) if authors is not None and len(authors) else {})
    first = {}
    for k, v in roles.items():
        first.setdefault(k, v)
    out["role"] = [first.get(a, "—") for a in out["author_id"]]
    return out.reset_index(drop=True)


def role_summary(authors: pd.DataFrame, by: str | None = "brand") -> pd.DataFrame:
    """Per (brand,) role: ``authors``, ``mentions``, ``reach`` (Σ followers), shares of the
    brand's mentions and reach, and ``share_positive`` of their labelled mentions.

    Input: :func:`influencers_vs_advocates`. (:func:`scrm_lib.metrics.advocates.role_summary` summarises
    the advocate program's roles of :func:`scrm_lib.metrics.advocates.author_roles` instead.)"""
    keys = [*as_list(by), "role"]
    g = authors.groupby(keys, observed=True, sort=True)
    out = pd.DataFrame({"authors": g.size(), "mentions": g["mentions"].sum(), "positive": g["positive"].sum(),
                        "labelled": g["labelled"].sum(), "reach": g["followers"].sum()}).reset_index()
    tot = out.groupby(as_list(by), observed=True)[["mentions", "reach"]].transform("sum") if by else out[["mentions", "reach"]].sum()
    out["mention_share"] = out["mentions"] / tot["mentions"]
    out["reach_share"] = out["reach"] / (tot["reach"].where(tot["reach"] > 0) if by else (tot["reach"] or np.nan))
    out["share_positive"] = out["positive"] / out["labelled"].where(out["labelled"] > 0)
    return out
