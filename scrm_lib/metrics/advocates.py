"""Advocate program measurement (course session 3; DOMAIN.md §8).

Advocates are highly trusted, motivated, already talk about the brand whether or not it listens,
and have small communities; influencers have large reach and talk when there is something in it
for them. An advocate program's **measurement pillar** tracks community growth, new members,
attrition and satisfaction. Here the "community" is inferred from the conversation itself:

- an author **joins** in the period of their ``min_positive``-th positive (or ``advocate``-trait)
  mention of the brand;
- a member is **active** in a period if they posted about the brand within the last
  ``active_days`` days;
- a member **lapses** (attrition) in the period in which ``active_days`` have passed since their
  last post;
- **engagement per member** = interactions (likes + shares + replies,
  :func:`scrm_lib.metrics.listening.interactions`) on members' posts in the period ÷ active members;
- **satisfaction proxy** = share of members' posts in the period that are positive (a CSAT
  stand-in: a survey CSAT would replace it when available).

All functions are pure and work on a validated, scored mentions frame (``sentiment`` needed;
``trait`` used when present). Customer posts are :func:`scrm_lib.metrics.listening.earned`.

Advocates vs influencers are decided by **one** influence model for the whole workbench,
:func:`scrm_lib.metrics.listening.influencers_vs_advocates`; :func:`author_roles` here is that model for
one brand, with the program's column names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scrm_lib.metrics import listening
from scrm_lib.metrics.listening import earned


def _customer_posts(df: pd.DataFrame, brand: str | None) -> pd.DataFrame:
    posts = earned(df)
    if brand is not None:
        posts = posts.loc[posts["brand"] == brand]
    return posts


def _advocacy_flag(posts: pd.DataFrame) -> pd.Series:
    flag = posts["sentiment"].astype(str).eq("positive")
    if "trait" in posts.columns:
        flag |= posts["trait"].astype(str).eq("advocate")
    return flag


def membership(df: pd.DataFrame, brand: str | None = None, min_positive: int = 2) -> pd.DataFrame:
    """Per author who qualifies: ``joined_at`` (time of the ``min_positive``-th advocacy post),
    ``first_post``, ``last_post``, ``posts``, ``positive_posts``, ``followers`` (max seen).

    An advocacy post is a positive one, or one whose trait is ``advocate``.
    """
    posts = _customer_posts(df, brand).sort_values(["created_at", "post_id"], kind="mergesort")
    adv = _advocacy_flag(posts)
    nth = adv.groupby(posts["author_id"]).cumsum()
    joined = posts.loc[adv & (nth == min_positive)].groupby("author_id")["created_at"].min().rename("joined_at")
    followers = posts["author_followers"].astype("Float64") if "author_followers" in posts.columns else pd.Series(0, index=posts.index, dtype="Float64")
    stats = pd.DataFrame({"author_id": posts["author_id"], "created_at": posts["created_at"], "adv": adv, "followers": followers})
    agg = stats.groupby("author_id").agg(
        first_post=("created_at", "min"), last_post=("created_at", "max"), posts=("adv", "size"),
        positive_posts=("adv", "sum"), followers=("followers", "max"),
    )
    out = agg.join(joined, how="inner").reset_index()
    return out[["author_id", "joined_at", "first_post", "last_post", "posts", "positive_posts", "followers"]]


def program_metrics(
    df: pd.DataFrame,
    brand: str | None = None,
    freq: str = "W",
    min_positive: int = 2,
    active_days: int = 30,
) -> pd.DataFrame:
    """The measurement pillar per period: members, new, lapsed, active, growth, engagement, satisfaction.

    Columns: ``period`` (period end for ``W``/``M``, start otherwise as pandas labels it),
    ``new_members``, ``lapsed``, ``members`` (cumulative joined − cumulative lapsed),
    ``active_members``, ``growth_rate`` (members change ÷ previous members),
    ``attrition_rate`` (lapsed ÷ members at the start of the period), ``engagement_per_member``,
    ``satisfaction`` (share of members' posts that are positive).
    """
    posts = _customer_posts(df, brand)
    mem = membership(df, brand=brand, min_positive=min_positive)
    if posts.empty:
        return pd.DataFrame(columns=["period", "new_members", "lapsed", "members", "active_members", "growth_rate",
                                     "attrition_rate", "engagement_per_member", "satisfaction"])
    start, end = posts["created_at"].min(), posts["created_at"].max()
    periods = pd.period_range(start.tz_convert("UTC").tz_localize(None), end.tz_convert("UTC").tz_localize(None), freq=freq)
    to_p = lambda s: s.dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(freq)  # noqa: E731
    new = to_p(mem["joined_at"]).value_counts().reindex(periods, fill_value=0)
    lapse_time = mem["last_post"] + pd.Timedelta(days=active_days)
    lapsed_mask = lapse_time <= end
    lapsed = to_p(lapse_time[lapsed_mask]).value_counts().reindex(periods, fill_value=0)
    members = (new.cumsum() - lapsed.cumsum()).astype("int64")
    prev = members.shift(1)
    if len(mem):
        is_member_post = posts["author_id"].isin(mem["author_id"]) & (
            posts["created_at"] >= posts["author_id"].map(mem.set_index("author_id")["joined_at"])
        )
    else:  # nobody qualifies (e.g. a short real data set): no member posts
        is_member_post = pd.Series(False, index=posts.index)
    mp = posts.loc[is_member_post]
    mp_period = to_p(mp["created_at"])
    interactions = listening.interactions(mp).astype(float).groupby(mp_period).sum() if len(mp) else pd.Series(dtype=float)
    positive = mp["sentiment"].astype(str).eq("positive").groupby(mp_period).agg(["sum", "size"])
    # active members: joined and posted within active_days before the period end
    active = []
    for p in periods:
        p_end = p.end_time.tz_localize("UTC")
        recent = mp.loc[(mp["created_at"] <= p_end) & (mp["created_at"] > p_end - pd.Timedelta(days=active_days)), "author_id"]
        active.append(recent.nunique())
    active_s = pd.Series(active, index=periods, dtype="int64")
    out = pd.DataFrame({
        "period": periods.to_timestamp(how="end").normalize() if freq in ("W", "M", "ME") else periods.to_timestamp(),
        "new_members": new.to_numpy(), "lapsed": lapsed.to_numpy(), "members": members.to_numpy(),
        "active_members": active_s.to_numpy(),
    })
    out["growth_rate"] = ((members - prev) / prev.where(prev > 0)).to_numpy()
    out["attrition_rate"] = (lapsed / prev.where(prev > 0)).to_numpy()
    out["engagement_per_member"] = (interactions.reindex(periods, fill_value=0.0) / active_s.where(active_s > 0)).to_numpy()
    sat = positive.reindex(periods)
    out["satisfaction"] = (sat["sum"] / sat["size"]).to_numpy(dtype=float)
    return out


def recruitment_candidates(
    df: pd.DataFrame,
    brand: str | None = None,
    min_positive: int = 2,
    max_followers: float = 10_000,
    recent_days: int = 30,
    top: int = 20,
) -> pd.DataFrame:
    """Whom to invite first to the advocate program, with the reason.

    Candidates are authors with at least ``min_positive`` advocacy posts and fewer than
    ``max_followers`` followers (advocates, not influencers). Score (documented, additive):

    ``score = positive_posts + 2·share_positive + [posted within recent_days of the data end]
    + 0.5·log10(1 + followers)``

    — repeated, consistent, recent praise matters more than audience size.
    """
    mem = membership(df, brand=brand, min_positive=min_positive)
    posts = _customer_posts(df, brand)
    if mem.empty:
        return mem.assign(share_positive=[], recent=[], score=[], why=[])
    end = posts["created_at"].max()
    mem = mem.loc[mem["followers"].fillna(0) < max_followers].copy()
    mem["share_positive"] = mem["positive_posts"] / mem["posts"]
    mem["recent"] = mem["last_post"] >= end - pd.Timedelta(days=recent_days)
    f = mem["followers"].astype(float).fillna(0.0)
    mem["score"] = (mem["positive_posts"] + 2 * mem["share_positive"] + mem["recent"].astype(float) + 0.5 * np.log10(1 + f)).round(3)
    mem["why"] = [
        f"{int(p)} positive mentions of {int(n)} ({s:.0%}), {int(fl):,} followers" + (", active recently" if r else "")
        for p, n, s, fl, r in zip(mem["positive_posts"], mem["posts"], mem["share_positive"], f, mem["recent"], strict=True)
    ]
    mem = mem.sort_values(["score", "author_id"], ascending=[False, True], kind="mergesort")
    return mem.head(top).reset_index(drop=True)


def author_roles(
    df: pd.DataFrame,
    brand: str | None = None,
    min_positive: int = 2,
    influencer_followers: float = 10_000,
    min_share: float = 0.5,
    min_active_days: int = 10,
) -> pd.DataFrame:
    """Advocates vs influencers (DOMAIN.md §8) of one brand: the workbench's one influence model,
    :func:`scrm_lib.metrics.listening.influencers_vs_advocates`, with the program's names.

    Columns: ``author_id, posts, advocacy_posts, share_advocacy, sponsored_posts, followers,
    peer_replies, active_days, role``. An advocacy post is positive or has the ``advocate``
    trait. ``role``: ``media`` (news outlets: coverage, not people), ``influencer`` (``followers
    ≥ influencer_followers``), ``advocate`` (smaller reach, ``share_advocacy ≥ min_share``, no
    sponsored post, and sustained: active on ``min_active_days`` days, or ``min_positive``
    posts including a reply helping another customer) or ``customer`` (everyone else).
    Unknown follower counts count as 0.
    """
    posts = _customer_posts(df, brand)
    a = listening.influencers_vs_advocates(posts, influencer_followers=int(influencer_followers),
                                           advocate_min_mentions=min_positive, advocate_min_positive_share=min_share,
                                           by=None, advocate_min_active_days=min_active_days)
    out = pd.DataFrame({
        "author_id": a["author_id"], "posts": a["mentions"], "advocacy_posts": a["positive"],
        "share_advocacy": a["positive"] / a["mentions"], "sponsored_posts": a["sponsored"],
        "followers": a["followers"].fillna(0.0).astype(float), "peer_replies": a["peer_replies"],
        "active_days": a["active_days"], "role": a["role"].replace({"other": "customer"}),
    })
    return out.reset_index(drop=True)


def role_summary(roles: pd.DataFrame) -> pd.DataFrame:
    """Per role of :func:`author_roles`: authors, posts, median followers, posts per author,
    advocacy share, sponsored share (rows ``advocate``, ``influencer``, ``media``, ``customer``).

    Not :func:`scrm_lib.metrics.listening.role_summary`, which summarises the listening roles per brand
    (mentions, Σ-followers reach and the shares of them): the inputs and the questions differ (a
    program asks how the roles behave, listening how much of the conversation and reach each holds).
    """
    g = roles.groupby("role")
    out = pd.DataFrame({
        "authors": g.size(),
        "posts": g["posts"].sum(),
        "median_followers": g["followers"].median(),
        "posts_per_author": g["posts"].mean().round(2),
        "share_advocacy": (g["advocacy_posts"].sum() / g["posts"].sum()).round(3),
        "share_sponsored": (g["sponsored_posts"].sum() / g["posts"].sum()).round(3),
    })
    return out.reindex([r for r in ("advocate", "influencer", "media", "customer") if r in out.index])


def followup_satisfaction(df: pd.DataFrame, brand: str | None = None, freq: str = "W") -> pd.DataFrame:
    """A CSAT stand-in from threads: customers' follow-ups to the brand's replies, share positive.

    A follow-up is a customer post whose ``in_reply_to`` is a brand reply ("all sorted, thanks" or
    "still not fixed"). Returns ``period`` (start), ``followups``, ``positive``, ``satisfaction``.
    """
    cols = ["period", "followups", "positive", "satisfaction"]
    if "in_reply_to" not in df.columns or "is_brand" not in df.columns:
        return pd.DataFrame(columns=cols)
    own = df.loc[df["is_brand"].fillna(False).astype(bool) & df["in_reply_to"].notna()]
    if brand is not None:
        own = own.loc[own["brand"] == brand]
    fu = _customer_posts(df, brand)
    fu = fu.loc[fu["in_reply_to"].isin(set(own["post_id"]))]
    if fu.empty:
        return pd.DataFrame(columns=cols)
    period = fu["created_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(freq).dt.start_time.rename("period")
    pos = fu["sentiment"].astype(str).eq("positive")
    out = pos.groupby(period).agg(followups="size", positive="sum").reset_index()
    out["satisfaction"] = out["positive"] / out["followups"]
    return out[cols]
