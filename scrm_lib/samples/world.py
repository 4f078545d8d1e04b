"""The invented world of the SYNTHETIC mentions sample: period, channels, brands, events.

Every number the generator (:mod:`scrm_lib.samples.mentions`) draws from is defined here, as
data: the 120-day period, the channel and language mixes, the four fictional brands
(:class:`Brand`: volume share, trait and topic mix, support desk, owned channels), the injected
events (:data:`CRISIS`, :data:`MACRO`, :data:`AFTERMATH`, :data:`CAMPAIGN`) and the growth of the
brand accounts (:func:`account_growth`). Changing any of them changes the committed sample.

Everything here is SYNTHETIC: no real company, person or post.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: Version of the generator, written to ``mentions_events.json``.
GENERATOR_VERSION = "1"

START = pd.Timestamp("2026-03-02T00:00:00Z")  # a Monday
N_DAYS = 120
END = START + pd.Timedelta(days=N_DAYS)  # exclusive

CHANNELS: list[str] = ["twitter", "facebook", "instagram", "youtube", "reddit", "forum", "blog", "review", "news"]
#: Share of customer posts per channel.
CHANNEL_MIX: dict[str, float] = {
    "twitter": 0.36, "facebook": 0.16, "instagram": 0.11, "youtube": 0.07,
    "reddit": 0.11, "forum": 0.06, "blog": 0.05, "review": 0.08,
}
#: Channels without follower counts (``author_followers`` left empty).
NO_FOLLOWERS = ("forum", "review")
#: Engagement scale per channel (likes per follower^0.55).
CHANNEL_ENGAGEMENT: dict[str, float] = {
    "twitter": 0.10, "facebook": 0.12, "instagram": 0.20, "youtube": 0.15,
    "reddit": 0.30, "forum": 0.05, "blog": 0.06, "review": 0.04, "news": 0.03,
}
#: Trait multipliers per channel (reviews are verdicts, reddit asks for advice, …).
CHANNEL_TRAIT: dict[str, dict[str, float]] = {
    "review": {"advocate": 1.6, "past": 1.8, "passive": 1.5, "none": 0.1, "future": 0.2, "venting": 0.6},
    "reddit": {"future": 2.0, "collaborative": 1.3, "none": 1.2},
    "forum": {"venting": 1.5, "collaborative": 2.0, "none": 0.5},
    "blog": {"none": 2.0, "passive": 1.5, "collaborative": 1.5, "venting": 0.4},
    "instagram": {"advocate": 1.5, "none": 1.3, "venting": 0.7},
    "youtube": {"none": 1.8, "future": 1.3, "passive": 1.2},
}
#: P(sentiment | trait) for regular English posts, for every trait of
#: :data:`~scrm_lib.core.labels.TRAIT_LABELS` (tests check the keys against the label sets).
SENTIMENT_GIVEN_TRAIT: dict[str, dict[str, float]] = {
    "venting": {"negative": 0.85, "neutral": 0.15},
    "passive": {"negative": 0.60, "neutral": 0.30, "positive": 0.10},
    "past": {"negative": 1.0},
    "collaborative": {"neutral": 0.60, "positive": 0.30, "negative": 0.10},
    "advocate": {"positive": 1.0},
    "future": {"neutral": 0.75, "positive": 0.15, "negative": 0.10},
    "none": {"neutral": 0.75, "positive": 0.17, "negative": 0.08},
}
#: Hour-of-day weights in UTC (audience mostly in North America: busy 13:00-03:00 UTC).
HOUR_WEIGHTS = np.array([
    6, 5, 4, 3, 2, 1.5, 1, 1, 1.2, 1.5, 2.5, 3.5,
    5, 6, 7, 7.5, 7.5, 7.5, 7, 7, 7.5, 8, 8, 7,
])
WEEKDAY_FACTOR = np.array([1.08, 1.05, 1.02, 1.0, 0.98, 0.90, 0.92])  # Mon..Sun
LANGS: dict[str, float] = {"en": 0.92, "es": 0.045, "fr": 0.013, "de": 0.012, "pt": 0.010}


@dataclass(frozen=True)
class Brand:
    """One fictional brand: its volume, conversation mix, support desk and owned channels."""

    name: str
    account: str  # the brand's own author_id on every channel
    domain: str
    share: float  # share of regular customer volume
    trait_mix: dict[str, float]
    topic_mix: dict[str, float]
    reply_prob: float  # base probability of answering a venting post on twitter
    reply_median_min: float  # log-normal median of time to first response, minutes
    reply_sigma: float
    support_hours: tuple[int, int]  # UTC hours [open, close); close may wrap past midnight
    support_days: tuple[int, ...]  # weekdays (0 = Monday) the desk works
    cadence: dict[str, float]  # brand-owned posts per week per channel (0 = not present)
    reply_channels: dict[str, float]  # multiplier of reply_prob per channel (absent = never)
    account_followers: dict[str, int]  # followers of the brand account per channel at START
    resolve_rate: float  # share of customer follow-ups that say "resolved"
    advocates: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def handle(self) -> str:
        """The brand's @handle as customers write it (``@NimbusMobile``)."""
        return "@" + self.account


FOCAL = "Nimbus"
BRANDS: list[Brand] = [
    Brand(
        name="Nimbus", account="NimbusMobile", domain="nimbus-mobile.example", share=0.36,
        trait_mix={"venting": .26, "passive": .15, "past": .08, "collaborative": .07, "advocate": .18, "future": .12, "none": .14},
        topic_mix={"network": .25, "billing": .25, "support": .18, "device": .12, "app": .1, "roaming": .04, "speed": .06},
        reply_prob=0.70, reply_median_min=50, reply_sigma=1.1, support_hours=(12, 4), support_days=(0, 1, 2, 3, 4, 5, 6),
        cadence={"twitter": 12, "facebook": 6, "instagram": 4, "youtube": 1.5, "blog": 0.7, "forum": 2},
        reply_channels={"twitter": 1.0, "facebook": .8, "instagram": .5, "youtube": .3, "forum": .7, "review": .4},
        account_followers={"twitter": 412_000, "facebook": 655_000, "instagram": 238_000, "youtube": 51_000, "blog": 0, "forum": 0},
        resolve_rate=0.55, advocates=22,
    ),
    Brand(
        name="Kestrel", account="KestrelWireless", domain="kestrel-wireless.example", share=0.27,
        trait_mix={"venting": .20, "passive": .13, "past": .05, "collaborative": .08, "advocate": .28, "future": .12, "none": .14},
        topic_mix={"network": .2, "billing": .2, "support": .1, "device": .2, "app": .12, "roaming": .08, "speed": .1},
        reply_prob=0.90, reply_median_min=9, reply_sigma=0.8, support_hours=(0, 24), support_days=(0, 1, 2, 3, 4, 5, 6),
        cadence={"twitter": 9, "facebook": 5, "instagram": 6, "youtube": 1, "reddit": 1, "blog": 0.5},
        reply_channels={"twitter": 1.0, "facebook": .9, "instagram": .7, "youtube": .5, "reddit": .4, "review": .6},
        account_followers={"twitter": 298_000, "facebook": 402_000, "instagram": 311_000, "youtube": 88_000, "reddit": 21_000, "blog": 0},
        resolve_rate=0.72, advocates=18,
    ),
    Brand(
        name="Voltra", account="VoltraTelecom", domain="voltra-telecom.example", share=0.22,
        trait_mix={"venting": .32, "passive": .17, "past": .13, "collaborative": .05, "advocate": .10, "future": .09, "none": .14},
        topic_mix={"network": .35, "billing": .2, "support": .2, "device": .08, "app": .05, "roaming": .04, "speed": .08},
        reply_prob=0.50, reply_median_min=300, reply_sigma=1.0, support_hours=(13, 22), support_days=(0, 1, 2, 3, 4),
        cadence={"twitter": 5, "facebook": 3, "instagram": 1, "youtube": 0.3, "blog": 0.2},
        reply_channels={"twitter": 1.0, "facebook": .7},
        account_followers={"twitter": 187_000, "facebook": 344_000, "instagram": 42_000, "youtube": 12_000, "blog": 0},
        resolve_rate=0.30, advocates=8,
    ),
    Brand(
        name="Halcyon", account="HalcyonConnect", domain="halcyon-connect.example", share=0.15,
        trait_mix={"venting": .22, "passive": .15, "past": .07, "collaborative": .07, "advocate": .17, "future": .18, "none": .14},
        topic_mix={"network": .3, "billing": .15, "support": .15, "device": .1, "app": .1, "roaming": .1, "speed": .1},
        reply_prob=0.65, reply_median_min=90, reply_sigma=1.2, support_hours=(12, 24), support_days=(0, 1, 2, 3, 4, 5),
        cadence={"twitter": 6, "facebook": 4, "blog": 1},
        reply_channels={"twitter": 1.0, "facebook": .8, "review": .3},
        account_followers={"twitter": 96_000, "facebook": 150_000, "blog": 0},
        resolve_rate=0.50, advocates=12,
    ),
]

#: News articles per week over all brands (channel ``news``), split by share of voice.
NEWS_PER_WEEK = 6.0
#: Regular customer posts per day over all brands (before events).
BASE_DAILY = 102.0
N_REGULAR_AUTHORS = 9000
N_INFLUENCERS = 30
#: Cap on a regular author's Pareto activity weight (keeps the busiest customer to a few dozen posts).
MAX_ACTIVITY = 60.0

ABANDONED = {"brand": FOCAL, "channel": "youtube", "last_day": 58}

CRISIS = {
    "kind": "crisis",
    "brand": FOCAL,
    "onset": START + pd.Timedelta(days=49, hours=7),  # Mon 2026-04-20 07:00 UTC
    "end": START + pd.Timedelta(days=53),  # Fri 2026-04-24 00:00 UTC
    "gamma_shape": 4.0,
    "gamma_scale_h": 10.0,
    "n_posts": 950,
    "n_influencer_posts": 6,
    "brand_statement_after_h": 37.0,
    "reply_prob_factor": 0.55,
    "reply_delay_factor": 5.0,
    "root_cause": "autopay double charge: payments taken twice, customers' accounts overdrawn",
    "terms": ["autopay", "charged twice", "double charged", "double charge", "overdraft", "refund"],
    "channel_mix": {"twitter": .55, "facebook": .2, "reddit": .1, "instagram": .05, "review": .05, "forum": .05},
    "trait_mix": {"venting": .55, "past": .2, "passive": .1, "none": .15},
}
MACRO = {
    "kind": "macro_issue",
    "brand": FOCAL,
    "start": START + pd.Timedelta(days=14),  # Mon 2026-03-16 00:00 UTC
    "end": START + pd.Timedelta(days=35),  # Mon 2026-04-06 00:00 UTC
    "n_posts": 240,
    "triangular_mode": 0.45,  # share of the window at which daily volume peaks
    "root_cause": "voicemail unavailable for some customers after a system migration",
    "terms": ["voicemail", "visual voicemail", "mailbox"],
    "channel_mix": {"twitter": .45, "facebook": .2, "forum": .2, "reddit": .1, "review": .05},
    "trait_mix": {"venting": .7, "passive": .12, "past": .06, "collaborative": .12},
    "brand_aware_share": 0.6,  # brand replies naming the issue
}
#: After the crisis: people leaving the focal brand ask its competitors (brand = the competitor).
AFTERMATH = {
    "kind": "crisis_aftermath",
    "start": START + pd.Timedelta(days=50, hours=12),  # Tue 2026-04-21 12:00 UTC
    "end": START + pd.Timedelta(days=63),  # Mon 2026-05-04 00:00 UTC
    "n_posts": 110,
    "decay_days": 3.0,
}
CAMPAIGN = {
    "kind": "campaign",
    "brand": FOCAL,
    "start": START + pd.Timedelta(days=85, hours=13),  # Tue 2026-05-26 13:00 UTC
    "end": START + pd.Timedelta(days=99),  # Tue 2026-06-09 00:00 UTC
    "hashtag": "#NimbusUnlimited",
    "url": "https://nimbus-mobile.example/unlimited?utm_campaign=nimbus_unlimited",
    "decay_days": 4.0,
    "n_posts": 620,
    "n_sponsored": 8,
    "brand_channels": ["twitter", "facebook", "instagram", "blog", "forum"],
    "brand_posts_per_day": {"twitter": 2.0, "facebook": 1.0, "instagram": 1.0, "blog": 0.15, "forum": 0.3},
    "channel_mix": {"twitter": .42, "instagram": .25, "facebook": .15, "reddit": .08, "youtube": .05, "blog": .05},
    "trait_mix": {"advocate": .45, "future": .30, "none": .12, "collaborative": .05, "passive": .08},
}

COLUMNS: list[str] = [
    "post_id", "created_at", "channel", "brand", "author_id", "text", "author_followers",
    "likes", "shares", "replies", "in_reply_to", "is_brand", "lang", "url",
    "synthetic_sentiment", "synthetic_trait", "synthetic_topic", "synthetic_event", "synthetic_author_role",
]


#: Growth of a brand account's followers over the 120 days (community growth), per brand.
ACCOUNT_GROWTH: dict[str, float] = {"Nimbus": 0.04, "Kestrel": 0.09, "Voltra": 0.01, "Halcyon": 0.03}


def account_growth(brand: str, channel: str, day: float) -> float:
    """Multiplier of the account's starting followers on (fractional) ``day`` of the period.

    Linear growth at :data:`ACCOUNT_GROWTH`; the focal brand also loses 1% during the crisis and
    gains 2.5% over the campaign (ramping in over its two weeks); its abandoned channel slowly
    loses followers (−3% over the period) instead of growing.

    >>> account_growth("Kestrel", "twitter", N_DAYS / 2)
    1.045
    """
    if brand == ABANDONED["brand"] and channel == ABANDONED["channel"]:
        return 1.0 - 0.03 * day / N_DAYS
    g = 1.0 + ACCOUNT_GROWTH[brand] * day / N_DAYS
    if brand == FOCAL:
        crisis_day = (CRISIS["onset"] - START) / pd.Timedelta(days=1)
        c0 = (CAMPAIGN["start"] - START) / pd.Timedelta(days=1)
        c1 = (CAMPAIGN["end"] - START) / pd.Timedelta(days=1)
        g -= 0.01 * min(max(day - crisis_day, 0.0) / 3.0, 1.0)
        g += 0.025 * min(max(day - c0, 0.0) / (c1 - c0), 1.0)
    return g

