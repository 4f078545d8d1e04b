"""The SYNTHETIC mentions frame: post ids, follower counts and engagement.

The last stage of :func:`scrm_lib.samples.mentions.build_mentions`: the rows the generator
wrote become the frame of :data:`~scrm_lib.samples.world.COLUMNS`, kept to the period, sorted by
time, with ``m000001``-style ids (replies pointing at them), followers (the author's, or the
brand account's on that day: :func:`~scrm_lib.samples.world.account_growth`) and engagement:
likes ~ Poisson-gamma with mean ∝ followers^0.55 × channel factor × sentiment factor; shares
follow likes (negative crisis posts shared more); ``replies`` is at least the number of replies
to the post present in the frame.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.samples.world import (
    CHANNEL_ENGAGEMENT,
    COLUMNS,
    END,
    NO_FOLLOWERS,
    START,
    Brand,
    account_growth,
)


def mentions_frame(rows: list[dict[str, Any]], rng: np.random.Generator, brands: dict[str, Brand],
                   author_info: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """The frame of the generated ``rows`` (``in_reply_to`` = a row index), engagement drawn from ``rng``.

    ``brands`` maps brand names to :class:`~scrm_lib.samples.world.Brand` (account followers),
    ``author_info`` each author to ``{"followers": int, "role": str}``.

    >>> from scrm_lib.samples.world import BRANDS
    >>> rows = [{"created_at": START, "channel": "twitter", "brand": "Nimbus", "author_id": "ann",
    ...          "text": "hi", "in_reply_to": None, "is_brand": False, "lang": "en",
    ...          "synthetic_sentiment": "neutral", "synthetic_trait": "none", "synthetic_topic": "",
    ...          "synthetic_event": "", "synthetic_author_role": "customer"}]
    >>> df = mentions_frame(rows, np.random.default_rng(0), {b.name: b for b in BRANDS},
    ...                     {"ann": {"followers": 120, "role": "customer"}})
    >>> df[["post_id", "author_followers", "url"]].to_dict("records")
    [{'post_id': 'm000001', 'author_followers': 120, 'url': 'https://twitter.example/ann/m000001'}]
    """
    df = pd.DataFrame(rows)
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True).dt.floor("s")
    df = df[(df["created_at"] >= START) & (df["created_at"] < END)]
    df["_k"] = np.arange(len(df))
    df = df.sort_values(["created_at", "_k"], kind="stable")
    new_id = {old: f"m{n + 1:06d}" for n, old in enumerate(df.index)}
    df["post_id"] = [new_id[i] for i in df.index]
    parent = df["in_reply_to"]
    df["in_reply_to"] = [new_id.get(int(p)) if pd.notna(p) else None for p in parent]

    n = len(df)
    day_frac = ((df["created_at"] - START) / pd.Timedelta(days=1)).to_numpy()
    followers = np.zeros(n, dtype=float)
    is_brand = df["is_brand"].to_numpy(dtype=bool)
    ch = df["channel"].to_numpy()
    authors = df["author_id"].to_numpy()
    for k in range(n):
        if is_brand[k]:
            base = brands[df["brand"].iat[k]].account_followers.get(ch[k], 0)
            followers[k] = round(base * account_growth(df["brand"].iat[k], ch[k], float(day_frac[k])))
        else:
            followers[k] = author_info[authors[k]]["followers"]
    no_f = np.isin(ch, NO_FOLLOWERS) | (is_brand & (followers == 0))
    sent = df["synthetic_sentiment"].to_numpy()
    like_sf = np.select([sent == "positive", sent == "negative"], [1.4, 1.0], 0.8)
    share_sf = np.select([sent == "positive", sent == "negative"], [1.0, 1.4], 0.6)
    event = df["synthetic_event"].to_numpy()
    share_sf = share_sf * np.where((event == "crisis") & (sent == "negative"), 3.0, 1.0)
    chf = np.array([CHANNEL_ENGAGEMENT[c] for c in ch])
    reach = np.where(no_f, 60.0, np.maximum(followers, 1.0))
    is_reply = df["in_reply_to"].notna().to_numpy()
    mu = chf * reach ** 0.55 * like_sf
    mu = np.where(is_brand & ~is_reply, mu * 0.6 * np.where(event == "campaign", 1.8, 1.0), mu)
    mu = np.where(is_reply, mu * 0.25, mu)
    likes = rng.poisson(mu * rng.gamma(1.2, 1 / 1.2, n))
    shares = rng.poisson(likes * 0.12 * share_sf + 0.02)
    shares = np.where(ch == "review", 0, shares)
    child_counts = df["in_reply_to"].value_counts()
    in_data = df["post_id"].map(child_counts).fillna(0).to_numpy(dtype=int)
    trait = df["synthetic_trait"].to_numpy()
    extra_rep = rng.poisson(0.05 * likes + np.where(np.isin(trait, ["venting", "future"]), 0.3, 0.05))
    df["author_followers"] = pd.array(np.where(no_f, np.nan, followers), dtype="Int64")
    df["likes"] = likes.astype(np.int64)
    df["shares"] = shares.astype(np.int64)
    df["replies"] = (in_data + extra_rep).astype(np.int64)
    df["url"] = [f"https://{c}.example/{a}/{p}" for c, a, p in zip(ch, authors, df["post_id"], strict=True)]
    return df[COLUMNS].reset_index(drop=True)
