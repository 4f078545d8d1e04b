"""SYNTHETIC social mentions of four fictional mobile carriers (``scrm samples mentions``).

The sample every notebook runs on by default: one focal brand (``Nimbus``) and three
competitors (``Kestrel``, ``Voltra``, ``Halcyon``) — invented names, not real companies —
over 120 days on nine channels (eight social ones and ``news``), about 20,000 posts in the canonical mentions schema of
``docs/architecture.md`` plus ``synthetic_*`` columns holding what the generator intended.

How it is made (all draws from one ``numpy.random.default_rng(seed)`` stream, in a fixed
order, so a rerun with the same seed writes byte-identical files):

* **Authors.** ~9,000 regular customers with log-normal follower counts
  (median 180, σ = 1.5 on the log scale) and Pareto activity weights (capped); 30 *influencers*
  with Pareto follower counts (≥ 40k, tail index 1.1, capped at 3M); 60 *advocates* per
  DOMAIN.md §8 (small reach: log-normal median 250, capped at 2,500) who post repeatedly and
  positively about one brand between a join day and, for some, a leave day.
* **Volume.** Regular posts per brand and day are negative-binomial around a base rate with
  a weekday profile and a slow trend; times of day follow a North-American diurnal curve in
  UTC.
* **Content.** Each post gets a customer trait (DOMAIN.md §2, brand- and channel-specific
  mix), a sentiment given the trait, a topic, and a text from the hand-written phrase bank
  (:mod:`scrm_lib.samples.phrases`), then is perturbed (slang, typos, casing, emoji,
  hashtags). About 8% of authors write in Spanish, French, German or Portuguese (about 4%
  of posts: where the bank has no template in their language they write English).
* **Brand replies.** Each brand answers a share of customer posts that depends on brand,
  channel, trait and author reach, after a log-normal delay (one fast brand, one slow),
  pushed to the brand's support hours; replies falling after the period end are dropped
  (never answered). Some customers answer the reply (resolved / unresolved), and peers
  answer each other (advocates help others).
* **Brand-owned posts.** Per brand and channel at its own cadence; the focal brand's
  YouTube channel is *abandoned* (no brand post or reply in the last ≥ 45 days).
* **Events.** A crisis for the focal brand (autopay double charges: its own vocabulary,
  velocity rising to a peak on day two, mostly negative, amplified by influencers) and a
  campaign (``#NimbusUnlimited`` with one URL across channels, a positive lift); a slow
  *macro issue* (voicemail: many people, one root cause, no velocity); after the crisis, the
  focal brand's customers ask its competitors about switching. Their exact windows are
  written to ``mentions_events.json``.
* **Coverage.** Invented news outlets (channel ``news``) publish headlines about the brands,
  more during the crisis and at the campaign launch.
* **Brand accounts** grow their followers at brand-specific rates (:data:`ACCOUNT_GROWTH`).
* **Engagement.** Likes ~ Poisson-gamma with mean ∝ followers^0.55 × channel factor ×
  sentiment factor; shares and reply counts follow likes, with negative crisis posts shared
  more. ``replies`` is at least the number of replies to the post present in the file.

Everything here is SYNTHETIC: no real company, person or post.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.samples import phrases as PH

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
TRAITS: list[str] = ["venting", "passive", "past", "collaborative", "advocate", "future", "none"]
#: P(sentiment | trait) for regular English posts.
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

_FIRST = [
    "alex", "sam", "jess", "mike", "nina", "raj", "lee", "maria", "omar", "tara", "ben", "chloe",
    "diego", "fatima", "gus", "hana", "ivan", "kai", "liam", "mei", "noah", "olu", "priya", "quinn",
    "rosa", "sven", "tom", "uma", "vic", "wen", "yara", "zoe", "ana", "bruno", "cam", "dee", "eli",
    "finn", "gia", "hugo", "isla", "jon", "kira", "luca", "max", "nora", "oscar", "pia", "rex", "sky",
]
_WORDS = [
    "runner", "coffee", "pixel", "gamer", "mama", "dad", "tech", "travels", "bakes", "art", "fit",
    "music", "books", "dev", "nurse", "chef", "photo", "garden", "hoops", "surf", "film", "ride",
]


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

def _pick(rng: np.random.Generator, items: list | tuple) -> Any:
    return items[int(rng.integers(len(items)))]


def _choice_w(rng: np.random.Generator, mix: dict[str, float]) -> str:
    keys = list(mix)
    p = np.array([mix[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _handles(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        style = int(rng.integers(4))
        a, w = _pick(rng, _FIRST), _pick(rng, _WORDS)
        num = int(rng.integers(1, 999))
        h = [f"{a}_{w}", f"{a}{num}", f"{w}{a}{num % 100}", f"{a}.{w}{num % 10}"][style]
        if h in taken:
            h = f"{h}{len(taken) % 97}"
        if h in taken:
            continue
        taken.add(h)
        out.append(h)
    return out


def _awake(rng: np.random.Generator, ts: pd.Timestamp) -> bool:
    """Thin event arrivals by the diurnal curve: keep ``ts`` with probability weight(hour) / max weight."""
    return bool(rng.random() < HOUR_WEIGHTS[ts.hour] / HOUR_WEIGHTS.max())


def _join(first: str, second: str) -> str:
    """Two sentences as one post: a full stop between them unless the first already ends one."""
    first = first.rstrip()
    return f"{first} {second}" if first.endswith((".", "!", "?")) else f"{first}. {second}"


def _in_hours(ts: pd.Timestamp, brand: Brand) -> bool:
    h0, h1 = brand.support_hours
    hour = ts.hour
    open_hour = (h0 <= hour < h1) if h0 < h1 else (hour >= h0 or hour < h1)
    # a shift that wraps past midnight belongs to the day it started
    day = ts.weekday() if (h0 < h1 or hour >= h0) else (ts.weekday() - 1) % 7
    return open_hour and day in brand.support_days


def _next_open(ts: pd.Timestamp, brand: Brand) -> pd.Timestamp:
    t = ts.floor("h")
    for _ in range(24 * 8):
        t = t + pd.Timedelta(hours=1)
        if _in_hours(t, brand):
            return t
    return ts  # pragma: no cover - every brand works at least one hour a week


# ---------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------

class _Writer:
    """Fills templates from the phrase bank and perturbs them (seeded)."""

    def __init__(self, rng: np.random.Generator, brands: dict[str, Brand]):
        self.rng = rng
        self.brands = brands

    def slots(self, brand: str, channel: str, topic: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        rng = self.rng
        b = self.brands[brand]
        others = [x for x in self.brands if x != brand]
        comp = self.brands[_pick(rng, others)]
        at = channel in ("twitter", "instagram", "youtube")
        d: dict[str, str] = {
            "b": b.name, "h": b.handle if at else b.name, "c": comp.name,
            "ch": comp.handle if at else comp.name,
            "p": _pick(rng, PH.PLANS), "d": _pick(rng, PH.DEVICES), "where": _pick(rng, PH.PLACES),
            "town": _pick(rng, PH.TOWNS),
            "n": str(int(rng.integers(2, 10))), "amt": str(int(rng.choice([15, 20, 25, 30, 35, 40, 45, 60, 80, 120]))),
            "yrs": str(int(rng.integers(2, 16))), "agent": _pick(rng, PH.AGENTS),
            "tag": CAMPAIGN["hashtag"], "link": f"https://{b.domain}/plans",
            "yt": f"https://youtube.example/@{b.account}", "forum": f"https://community.{b.domain}",
            "ig": f"https://instagram.example/{b.account.lower()}", "u": "",
        }
        d["f"] = _pick(rng, PH.FEATURES).format(**d)
        if topic == "crisis":
            d["i"] = _pick(rng, PH.CRISIS_ISSUES).format(**d)
        elif topic:
            d["i"] = _pick(rng, PH.ISSUES[topic]).format(**d)
        else:
            d["i"] = ""
        if extra:
            d.update(extra)
        return d

    def perturb(self, text: str, sentiment: str, channel: str) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            text = _pick(rng, PH.OPENERS[sentiment]).format(n=int(rng.integers(2, 10))) + " " + text
        if rng.random() < 0.30:
            text = text + " " + _pick(rng, PH.CLOSERS[sentiment])
        if rng.random() < 0.35:  # slang
            words = text.split(" ")
            for k, w in enumerate(words):
                core = w.strip(".,!?")
                if core in PH.SLANG and rng.random() < 0.6:
                    words[k] = w.replace(core, _pick(rng, PH.SLANG[core]))
            text = " ".join(words)
        if rng.random() < 0.18:  # typo
            words = text.split(" ")
            idx = [k for k, w in enumerate(words) if len(w) > 4 and w.isalpha()]
            if idx:
                k = idx[int(rng.integers(len(idx)))]
                w = words[k]
                j = int(rng.integers(1, len(w) - 1))
                op = int(rng.integers(3))
                words[k] = (w[:j] + w[j + 1] + w[j] + w[j + 2:]) if op == 0 else (
                    w[:j] + w[j + 1:] if op == 1 else w[:j] + w[j] + w[j:])
                text = " ".join(words)
        r = rng.random()
        if r < 0.15:
            text = text.lower()
        elif r < 0.19 and sentiment == "negative":
            words = text.split(" ")
            k = int(rng.integers(len(words)))
            words[k] = words[k].upper()
            text = " ".join(words)
        if sentiment != "neutral" and rng.random() < 0.1:
            text = text.replace("!", "!!!", 1) if "!" in text else text + "!!"
        p_tag = {"twitter": 0.3, "instagram": 0.6}.get(channel, 0.03)
        if rng.random() < p_tag:
            k = 1 + int(rng.random() < 0.4)
            tags = [_pick(rng, PH.HASHTAGS[sentiment]) for _ in range(k)]
            text = text + " " + " ".join(dict.fromkeys(tags))
        return re.sub(r"\s+", " ", text).strip()

    def customer(self, brand: str, channel: str, trait: str, lang: str, topic: str | None) -> tuple[str, str, str]:
        """Return (text, sentiment, lang) of a regular customer post with the given trait."""
        rng = self.rng
        if lang != "en" and trait in PH.LANG_TEMPLATES.get(lang, {}):
            sentiment, tpl = _pick(rng, PH.LANG_TEMPLATES[lang][trait])
            text = tpl.format(**self.slots(brand, channel, None))
            if rng.random() < 0.2:
                text += " " + _pick(rng, PH.CLOSERS[sentiment])
            return text, sentiment, lang
        mix = SENTIMENT_GIVEN_TRAIT[trait]
        sentiment = _choice_w(rng, mix)
        pool = PH.TEMPLATES[trait].get(sentiment) or PH.TEMPLATES[trait][next(iter(PH.TEMPLATES[trait]))]
        slots = self.slots(brand, channel, topic)
        text = _pick(rng, pool).format(**slots)
        if rng.random() < 0.2:  # a label-neutral aside, before or after
            aside = _pick(rng, PH.CONTEXT).format(**slots)
            text = f"{aside} {text}" if rng.random() < 0.5 else _join(text, aside)
        if channel in ("blog", "forum") and rng.random() < 0.6:  # longer posts
            second = _pick(rng, pool).format(**self.slots(brand, channel, topic))
            if second != text:
                text = _join(text, second)
        text = self.perturb(text, sentiment, channel)
        if channel == "review":
            stars = {"negative": int(rng.integers(1, 3)), "neutral": 3, "positive": int(rng.integers(4, 6))}[sentiment]
            text = "★" * stars + "☆" * (5 - stars) + " " + text
        return text, sentiment, "en"


# ---------------------------------------------------------------------------------------------
# generator
# ---------------------------------------------------------------------------------------------

def _times_in_day(rng: np.random.Generator, day: int, k: int, hour_w: np.ndarray = HOUR_WEIGHTS) -> list[pd.Timestamp]:
    hours = rng.choice(24, size=k, p=hour_w / hour_w.sum())
    secs = rng.integers(0, 3600, size=k)
    base = START + pd.Timedelta(days=day)
    return [base + pd.Timedelta(seconds=int(h) * 3600 + int(s)) for h, s in zip(hours, secs, strict=True)]


def build_mentions(seed: int = 20260302) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Generate the synthetic mentions frame and the events record.

    Returns ``(frame, events)``: the frame has :data:`COLUMNS` in that order, sorted by
    ``created_at`` then ``post_id``; ``events`` is the JSON-serialisable record written to
    ``mentions_events.json`` (period, brands, event windows, abandoned channel, response
    profiles, counts). Deterministic for a given ``seed``.
    """
    rng = np.random.default_rng(seed)
    brands = {b.name: b for b in BRANDS}
    writer = _Writer(rng, brands)
    names = [b.name for b in BRANDS]
    rows: list[dict[str, Any]] = []

    def add(**kw: Any) -> int:
        kw.setdefault("in_reply_to", None)
        kw.setdefault("is_brand", False)
        kw.setdefault("lang", "en")
        kw.setdefault("synthetic_topic", "")
        kw.setdefault("synthetic_event", "")
        rows.append(kw)
        return len(rows) - 1

    # ---- authors ------------------------------------------------------------------------
    taken: set[str] = {b.account for b in BRANDS}
    reg_ids = _handles(rng, N_REGULAR_AUTHORS, taken)
    reg_followers = np.maximum(0, np.round(rng.lognormal(np.log(180), 1.5, N_REGULAR_AUTHORS))).astype(int)
    reg_activity = np.minimum(rng.pareto(1.4, N_REGULAR_AUTHORS) + 1.0, MAX_ACTIVITY)
    reg_primary = rng.choice(len(names), size=N_REGULAR_AUTHORS, p=[b.share for b in BRANDS])
    ch_keys = list(CHANNEL_MIX)
    ch_p = np.array([CHANNEL_MIX[c] for c in ch_keys])
    reg_home = rng.choice(len(ch_keys), size=N_REGULAR_AUTHORS, p=ch_p / ch_p.sum())
    lang_keys = list(LANGS)
    reg_lang = rng.choice(len(lang_keys), size=N_REGULAR_AUTHORS, p=np.array(list(LANGS.values())))

    inf_ids = _handles(rng, N_INFLUENCERS, taken)
    inf_followers = np.minimum(3_000_000, np.round(40_000 * (1 + rng.pareto(1.1, N_INFLUENCERS)))).astype(int)
    inf_home = [_pick(rng, ["instagram", "youtube", "twitter", "twitter"]) for _ in range(N_INFLUENCERS)]

    author_info: dict[str, dict[str, Any]] = {}
    for k, a in enumerate(reg_ids):
        author_info[a] = {"followers": int(reg_followers[k]), "role": "customer"}
    for k, a in enumerate(inf_ids):
        author_info[a] = {"followers": int(inf_followers[k]), "role": "influencer"}

    advocates: list[dict[str, Any]] = []
    for b in BRANDS:
        ids = _handles(rng, b.advocates, taken)
        for a in ids:
            join = int(rng.integers(0, 95))
            leave = int(rng.integers(join + 20, N_DAYS + 40))  # beyond N_DAYS = still active
            advocates.append({
                "id": a, "brand": b.name, "join": join, "leave": min(leave, N_DAYS),
                "rate": float(rng.uniform(0.06, 0.35)), "home": _pick(rng, ["twitter", "instagram", "facebook", "reddit", "forum", "review"]),
                "lang": "es" if rng.random() < 0.08 else "en",
            })
            author_info[a] = {"followers": int(min(2500, round(rng.lognormal(np.log(250), 0.7)))), "role": "advocate"}

    def followers_on(author: str, channel: str) -> int | None:
        return None if channel in NO_FOLLOWERS else author_info[author]["followers"]

    def trait_for(brand: Brand, channel: str) -> str:
        mix = dict(brand.trait_mix)
        for t, m in CHANNEL_TRAIT.get(channel, {}).items():
            mix[t] = mix[t] * m
        return _choice_w(rng, mix)

    def customer_post(ts: pd.Timestamp, brand: str, channel: str, author: str, lang: str,
                      trait: str | None = None, role: str = "customer") -> int:
        b = brands[brand]
        trait = trait or trait_for(b, channel)
        topic = _choice_w(rng, b.topic_mix) if trait in ("venting", "passive", "past") else None
        text, sentiment, used_lang = writer.customer(brand, channel, trait, lang, topic)
        return add(created_at=ts, channel=channel, brand=brand, author_id=author, text=text,
                   lang=used_lang, synthetic_sentiment=sentiment, synthetic_trait=trait,
                   synthetic_topic=topic or "", synthetic_author_role=role)

    # ---- regular customer posts ---------------------------------------------------------
    brand_author_p = []
    for j, _ in enumerate(BRANDS):
        w = reg_activity * np.where(reg_primary == j, 1.0, 0.12)
        brand_author_p.append(w / w.sum())
    trend = np.linspace(0.93, 1.07, N_DAYS)
    for day in range(N_DAYS):
        wd = (START + pd.Timedelta(days=day)).weekday()
        for j, b in enumerate(BRANDS):
            mu = BASE_DAILY * b.share * WEEKDAY_FACTOR[wd] * trend[day]
            k = int(rng.poisson(rng.gamma(25.0, mu / 25.0)))  # negative binomial, mild overdispersion
            if k == 0:
                continue
            authors = rng.choice(N_REGULAR_AUTHORS, size=k, p=brand_author_p[j])
            for ts, ai in zip(_times_in_day(rng, day, k), authors, strict=True):
                channel = ch_keys[reg_home[ai]] if rng.random() < 0.7 else _choice_w(rng, CHANNEL_MIX)
                customer_post(ts, b.name, channel, reg_ids[ai], lang_keys[reg_lang[ai]])

    # ---- spam (none): the same texts again and again --------------------------------------
    spam_ids = _handles(rng, 12, taken)
    for a in spam_ids:
        author_info[a] = {"followers": int(rng.integers(0, 40)), "role": "spam"}
    for _ in range(260):
        day = int(rng.integers(N_DAYS))
        s_k = int(rng.integers(len(spam_ids)))
        a = spam_ids[s_k]
        brand = _choice_w(rng, {b.name: b.share for b in BRANDS})
        channel = _pick(rng, ["twitter", "twitter", "instagram", "facebook", "youtube"])
        text = _pick(rng, PH.SPAM_TEMPLATES[:2] if s_k < 6 else PH.SPAM_TEMPLATES[2:]).format(b=brand)
        add(created_at=_times_in_day(rng, day, 1)[0], channel=channel, brand=brand, author_id=a, text=text,
            synthetic_sentiment="neutral", synthetic_trait="none", synthetic_author_role="spam")

    # ---- advocates ----------------------------------------------------------------------
    for adv in advocates:
        for day in range(adv["join"], adv["leave"]):
            for _ in range(int(rng.poisson(adv["rate"]))):
                channel = adv["home"] if rng.random() < 0.75 else _choice_w(rng, CHANNEL_MIX)
                trait = _choice_w(rng, {"advocate": .80, "collaborative": .12, "future": .03, "passive": .05})
                customer_post(_times_in_day(rng, day, 1)[0], adv["brand"], channel, adv["id"], adv["lang"], trait, "advocate")

    # ---- influencers ----------------------------------------------------------------------
    for k, a in enumerate(inf_ids):
        for _ in range(int(rng.integers(2, 9))):
            day = int(rng.integers(N_DAYS))
            brand = _choice_w(rng, {b.name: b.share for b in BRANDS})
            channel = inf_home[k] if rng.random() < 0.8 else "twitter"
            if rng.random() < 0.3:
                sentiment, tpl = _pick(rng, PH.SPONSORED_TEMPLATES)
                text = tpl.format(**writer.slots(brand, channel, None))
                add(created_at=_times_in_day(rng, day, 1)[0], channel=channel, brand=brand, author_id=a, text=text,
                    synthetic_sentiment=sentiment, synthetic_trait="advocate", synthetic_author_role="influencer")
            else:
                trait = _choice_w(rng, {"advocate": .2, "none": .35, "passive": .2, "venting": .1, "future": .15})
                customer_post(_times_in_day(rng, day, 1)[0], brand, channel, a, "en", trait, "influencer")

    # ---- HTML / script posts (valid data; reports must escape them) -------------------------
    for trait, sentiment, tpl in PH.HTML_TEMPLATES:
        brand = _choice_w(rng, {b.name: b.share for b in BRANDS})
        ai = int(rng.integers(N_REGULAR_AUTHORS))
        channel = _pick(rng, ["twitter", "forum", "reddit", "facebook"])
        add(created_at=_times_in_day(rng, int(rng.integers(N_DAYS)), 1)[0], channel=channel, brand=brand,
            author_id=reg_ids[ai], text=tpl.format(**writer.slots(brand, channel, None)),
            synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_author_role="customer")

    # ---- crisis -------------------------------------------------------------------------
    onset, c_end = CRISIS["onset"], CRISIS["end"]
    span_h = (c_end - onset) / pd.Timedelta(hours=1)
    focal_j = names.index(FOCAL)
    crisis_idx: list[int] = []
    n_c = int(CRISIS["n_posts"])
    offs: list[float] = []
    while len(offs) < n_c:
        x = float(rng.gamma(CRISIS["gamma_shape"], CRISIS["gamma_scale_h"]))
        if x < span_h and _awake(rng, onset + pd.Timedelta(hours=x)):
            offs.append(x)
    fresh = _handles(rng, 250, taken)  # people who never posted about the brand before
    for a in fresh:
        author_info[a] = {"followers": int(max(0, round(rng.lognormal(np.log(150), 1.4)))), "role": "customer"}
    for x in offs:
        ts = (onset + pd.Timedelta(seconds=int(x * 3600))).floor("s")
        if rng.random() < 0.7:
            ai = int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))
            a = reg_ids[ai]
        else:
            a = _pick(rng, fresh)
        channel = _choice_w(rng, CRISIS["channel_mix"])
        trait = _choice_w(rng, CRISIS["trait_mix"])
        sentiment, tpl = _pick(rng, PH.CRISIS_TEMPLATES[trait])
        text = writer.perturb(tpl.format(**writer.slots(FOCAL, channel, "crisis")), sentiment, channel)
        if channel == "review":
            text = "★☆☆☆☆ " + text
        crisis_idx.append(add(created_at=ts, channel=channel, brand=FOCAL, author_id=a, text=text,
                              synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_topic="billing",
                              synthetic_event="crisis", synthetic_author_role=author_info[a]["role"]))
    crisis_influencers = list(rng.choice(N_INFLUENCERS, size=CRISIS["n_influencer_posts"], replace=False))
    for k in crisis_influencers:
        x = float(rng.uniform(14, 40))
        ts = (onset + pd.Timedelta(seconds=int(x * 3600))).floor("s")
        sentiment, tpl = _pick(rng, PH.CRISIS_TEMPLATES["venting"][:6])
        channel = inf_home[int(k)]
        crisis_idx.append(add(created_at=ts, channel=channel, brand=FOCAL, author_id=inf_ids[int(k)],
                              text=tpl.format(**writer.slots(FOCAL, channel, "crisis")),
                              synthetic_sentiment=sentiment, synthetic_trait="venting", synthetic_topic="billing",
                              synthetic_event="crisis", synthetic_author_role="influencer"))

    # ---- crisis aftermath: switchers ask the competitors ----------------------------------
    a0, a1 = AFTERMATH["start"], AFTERMATH["end"]
    span_a = (a1 - a0) / pd.Timedelta(days=1)
    rivals = {b.name: b.share for b in BRANDS if b.name != FOCAL}
    for _ in range(int(AFTERMATH["n_posts"])):
        while True:
            x = float(rng.exponential(AFTERMATH["decay_days"]))
            if x < span_a and _awake(rng, a0 + pd.Timedelta(days=x)):
                break
        ts = (a0 + pd.Timedelta(seconds=int(x * 86400))).floor("s")
        rival = _choice_w(rng, rivals)
        a = reg_ids[int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))]  # a focal-brand customer
        channel = _choice_w(rng, {"twitter": .5, "reddit": .25, "facebook": .15, "forum": .1})
        trait, sentiment, tpl = _pick(rng, PH.SWITCHER_TEMPLATES)
        slots = writer.slots(rival, channel, None, {"x": FOCAL})
        if slots["c"] == FOCAL:
            slots["c"] = _pick(rng, [r for r in rivals if r != rival])
        text = writer.perturb(tpl.format(**slots), sentiment, channel)
        add(created_at=ts, channel=channel, brand=rival, author_id=a, text=text,
            synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_event="crisis_aftermath",
            synthetic_author_role="customer")

    # ---- macro issue (slow burn, one root cause) -------------------------------------------
    ms, me = MACRO["start"], MACRO["end"]
    span_s = (me - ms) / pd.Timedelta(seconds=1)
    macro_idx: list[int] = []
    for _ in range(int(MACRO["n_posts"])):
        while True:
            x = float(rng.triangular(0.0, MACRO["triangular_mode"], 1.0))
            ts = (ms + pd.Timedelta(seconds=int(x * span_s))).floor("s")
            if _awake(rng, ts):
                break
        a = reg_ids[int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))]
        channel = _choice_w(rng, MACRO["channel_mix"])
        trait = _choice_w(rng, MACRO["trait_mix"])
        sentiment, tpl = _pick(rng, PH.MACRO_TEMPLATES[trait])
        text = writer.perturb(tpl.format(**writer.slots(FOCAL, channel, None)), sentiment, channel)
        if channel == "review":
            text = ("★★☆☆☆ " if sentiment == "negative" else "★★★☆☆ ") + text
        macro_idx.append(add(created_at=ts, channel=channel, brand=FOCAL, author_id=a, text=text,
                             synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_topic="voicemail",
                             synthetic_event="macro_issue", synthetic_author_role="customer"))

    # ---- campaign -----------------------------------------------------------------------
    cs, ce = CAMPAIGN["start"], CAMPAIGN["end"]
    span_d = (ce - cs) / pd.Timedelta(days=1)
    for _ in range(int(CAMPAIGN["n_posts"])):
        while True:
            x = float(rng.exponential(CAMPAIGN["decay_days"])) if rng.random() < 0.75 else float(rng.uniform(0, span_d))
            if x < span_d and _awake(rng, cs + pd.Timedelta(days=x)):
                break
        ts = (cs + pd.Timedelta(seconds=int(x * 86400))).floor("s")
        r = rng.random()
        if r < 0.25:
            adv = [v for v in advocates if v["brand"] == FOCAL]
            a, role = _pick(rng, adv)["id"], "advocate"
        else:
            a, role = reg_ids[int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))], "customer"
        channel = _choice_w(rng, CAMPAIGN["channel_mix"])
        trait = _choice_w(rng, CAMPAIGN["trait_mix"])
        sentiment, tpl = _pick(rng, PH.CAMPAIGN_TEMPLATES[trait])
        slots = writer.slots(FOCAL, channel, None, {"link": CAMPAIGN["url"]})
        text = writer.perturb(tpl.format(**slots), sentiment, channel)
        add(created_at=ts, channel=channel, brand=FOCAL, author_id=a, text=text,
            synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_event="campaign",
            synthetic_author_role=role)
    for k in rng.choice(N_INFLUENCERS, size=CAMPAIGN["n_sponsored"], replace=False):
        ts = (cs + pd.Timedelta(seconds=int(rng.uniform(0, 5) * 86400))).floor("s")
        channel = inf_home[int(k)]
        sentiment, tpl = _pick(rng, PH.SPONSORED_TEMPLATES)
        slots = writer.slots(FOCAL, channel, None, {"link": CAMPAIGN["url"]})
        add(created_at=ts, channel=channel, brand=FOCAL, author_id=inf_ids[int(k)],
            text=tpl.format(**slots) + " " + CAMPAIGN["hashtag"],
            synthetic_sentiment=sentiment, synthetic_trait="advocate", synthetic_event="campaign",
            synthetic_author_role="influencer")

    # ---- external coverage (news) ----------------------------------------------------------
    outlet_w = {o: 1.0 / (1 + k) for k, (o, _) in enumerate(PH.OUTLETS)}
    for o, f in PH.OUTLETS:
        author_info[o] = {"followers": f, "role": "media"}

    def article(ts: pd.Timestamp, brand: str, occasion: str, event: str = "") -> None:
        sentiment, tpl = _pick(rng, PH.NEWS_TEMPLATES[occasion])
        add(created_at=ts, channel="news", brand=brand, author_id=_choice_w(rng, outlet_w),
            text=tpl.format(**writer.slots(brand, "news", None)), synthetic_sentiment=sentiment,
            synthetic_trait="none", synthetic_event=event, synthetic_author_role="media")

    for day in range(N_DAYS):
        for b in BRANDS:
            for _ in range(int(rng.poisson(NEWS_PER_WEEK * b.share / 7.0))):
                article(_times_in_day(rng, day, 1)[0], b.name, "routine")
    for _ in range(12):  # the press picks the crisis up on its second day
        x = float(rng.uniform(20, (c_end - onset) / pd.Timedelta(hours=1)))
        article((onset + pd.Timedelta(seconds=int(x * 3600))).floor("s"), FOCAL, "crisis", "crisis")
    for _ in range(5):
        x = float(rng.uniform(0, 3 * 86400))
        article((cs + pd.Timedelta(seconds=int(x))).floor("s"), FOCAL, "campaign", "campaign")

    # ---- brand-owned proactive posts ------------------------------------------------------
    brand_hours = np.array([0.2] * 12 + [1, 3, 4, 4, 4, 4, 3.5, 3, 2.5, 2, 1, 0.5])
    kinds = {"promo": .3, "tip": .25, "announcement": .15, "community": .15, "crosslink": .15}
    for b in BRANDS:
        for channel, per_week in b.cadence.items():
            last_day = ABANDONED["last_day"] if (b.name == ABANDONED["brand"] and channel == ABANDONED["channel"]) else N_DAYS - 1
            for day in range(last_day + 1):
                wd = (START + pd.Timedelta(days=day)).weekday()
                k = int(rng.poisson(per_week / 7.0 * (1.2 if wd < 5 else 0.5)))
                if b.name == ABANDONED["brand"] and channel == ABANDONED["channel"] and day == last_day:
                    k = max(k, 1)  # the last video before the channel went quiet
                for ts in _times_in_day(rng, day, k, brand_hours):
                    kind = _choice_w(rng, kinds)
                    pool = PH.BRAND_POSTS[kind]
                    if kind == "crosslink":  # only to the brand's own *other*, live properties
                        live = {c for c in b.cadence if c != channel}
                        if b.name == ABANDONED["brand"] and ts.normalize() > START + pd.Timedelta(days=ABANDONED["last_day"]):
                            live.discard(ABANDONED["channel"])
                        need = {"{yt}": "youtube", "{ig}": "instagram", "{forum}": "forum"}
                        pool = [x for x in pool if all(c in live for k, c in need.items() if k in x[1])]
                        if not pool:
                            pool = PH.BRAND_POSTS["tip"]
                    sentiment, tpl = _pick(rng, pool)
                    add(created_at=ts, channel=channel, brand=b.name, author_id=b.account,
                        text=tpl.format(**writer.slots(b.name, channel, None)), is_brand=True,
                        synthetic_sentiment=sentiment, synthetic_trait="none", synthetic_author_role="brand")
    for channel, per_day in CAMPAIGN["brand_posts_per_day"].items():
        b = brands[FOCAL]
        for day in range(int((cs - START).days), int((ce - START).days)):
            k = int(rng.poisson(per_day)) + (1 if day == (cs - START).days and channel != "blog" else 0)
            times = _times_in_day(rng, day, k, brand_hours)
            if day == (cs - START).days:
                times = [cs + pd.Timedelta(minutes=int(rng.integers(0, 240))) for _ in times]
            for ts in times:
                sentiment, tpl = _pick(rng, PH.BRAND_POSTS["campaign"])
                slots = writer.slots(FOCAL, channel, None, {"link": CAMPAIGN["url"]})
                add(created_at=ts, channel=channel, brand=FOCAL, author_id=b.account, text=tpl.format(**slots),
                    is_brand=True, synthetic_sentiment=sentiment, synthetic_trait="none",
                    synthetic_event="campaign", synthetic_author_role="brand")
    statement_at = (onset + pd.Timedelta(hours=CRISIS["brand_statement_after_h"])).floor("s")
    for n_st, (channel, delay_h) in enumerate([("twitter", 0), ("facebook", 0.5), ("blog", 2), ("twitter", 30)]):
        _, tpl = PH.BRAND_POSTS["crisis"][0 if n_st < 3 else 1]
        add(created_at=statement_at + pd.Timedelta(minutes=int(delay_h * 60)), channel=channel, brand=FOCAL,
            author_id=brands[FOCAL].account, text=tpl.format(link=f"https://{brands[FOCAL].domain}/autopay-update"),
            is_brand=True, synthetic_sentiment="neutral", synthetic_trait="none", synthetic_event="crisis",
            synthetic_author_role="brand")

    # ---- brand replies, customer follow-ups, peer replies ----------------------------------
    trait_reply = {"venting": 1.0, "past": .7, "future": .6, "collaborative": .4, "advocate": .3, "passive": .2, "none": .03}
    n_customer = len(rows)
    crisis_set = set(crisis_idx)
    macro_set = set(macro_idx)
    abandoned_at = START + pd.Timedelta(days=ABANDONED["last_day"] + 1)
    advocate_by_brand = {n: [v for v in advocates if v["brand"] == n] for n in names}
    for i in range(n_customer):
        r = rows[i]
        if r["is_brand"] or r["synthetic_author_role"] in ("spam", "media"):
            continue
        b = brands[r["brand"]]
        ts: pd.Timestamp = r["created_at"]
        ch_mult = b.reply_channels.get(r["channel"], 0.0)
        if b.name == ABANDONED["brand"] and r["channel"] == ABANDONED["channel"] and ts >= abandoned_at:
            ch_mult = 0.0
        p = b.reply_prob * ch_mult * trait_reply[r["synthetic_trait"]]
        if author_info[r["author_id"]]["followers"] > 20_000:
            p = min(1.0, p * 1.4)
        in_crisis = i in crisis_set
        if in_crisis:
            p *= CRISIS["reply_prob_factor"]
        u = ("@" + r["author_id"]) if r["channel"] != "review" else "Hi there!"
        if rng.random() < p:
            delay = float(rng.lognormal(np.log(b.reply_median_min), b.reply_sigma))
            if in_crisis:
                delay *= CRISIS["reply_delay_factor"]
            rt = ts + pd.Timedelta(seconds=max(30, int(delay * 60)))
            if not _in_hours(rt, b):
                rt = _next_open(rt, b) + pd.Timedelta(seconds=int(rng.lognormal(np.log(15 * 60), 0.8)))
            if rt < END:
                key = "crisis" if in_crisis else r["synthetic_trait"]
                if i in macro_set and rng.random() < MACRO["brand_aware_share"]:
                    key = "macro"
                sentiment, tpl = _pick(rng, PH.BRAND_REPLIES[key])
                reply_lang = "en"
                if r["lang"] == "es" and b.name in ("Kestrel", "Nimbus"):
                    sentiment, tpl = _pick(rng, PH.BRAND_REPLIES_ES)
                    reply_lang = "es"
                text = tpl.format(**writer.slots(b.name, r["channel"], None, {"u": u, "link": f"https://{b.domain}/plans"}))
                j = add(created_at=rt.floor("s"), channel=r["channel"], brand=b.name, author_id=b.account, text=text,
                        in_reply_to=i, is_brand=True, lang=reply_lang, synthetic_sentiment=sentiment, synthetic_trait="none",
                        synthetic_event=r["synthetic_event"], synthetic_author_role="brand")
                if r["synthetic_trait"] in ("venting", "past") and r["lang"] == "en" and rng.random() < 0.3:
                    ok = rng.random() < (b.resolve_rate * (0.6 if in_crisis else 1.0))
                    trait, sentiment, tpl = _pick(rng, PH.FOLLOWUPS["resolved" if ok else "unresolved"])
                    ft = rt + pd.Timedelta(seconds=int(rng.lognormal(np.log(90 * 60), 1.0)))
                    if ft < END:
                        slots = writer.slots(b.name, r["channel"], None)
                        slots["h"] = "@" + b.account if r["channel"] != "review" else b.name
                        add(created_at=ft.floor("s"), channel=r["channel"], brand=b.name, author_id=r["author_id"],
                            text=tpl.format(**slots), in_reply_to=j, lang="en", synthetic_sentiment=sentiment,
                            synthetic_trait=trait, synthetic_event=r["synthetic_event"],
                            synthetic_author_role=author_info[r["author_id"]]["role"])
        # peers answer questions and complaints; advocates are the brand's unpaid army
        if r["synthetic_trait"] in ("venting", "future") and r["lang"] == "en" and rng.random() < 0.06:
            active = [v for v in advocate_by_brand[b.name]
                      if v["join"] <= (ts - START).days < v["leave"]]
            if active and rng.random() < 0.6:
                peer, role = _pick(rng, active)["id"], "advocate"
                pool = [x for x in PH.PEER_REPLIES if x[0] in ("advocate", "collaborative")]
            else:
                peer, role = reg_ids[int(rng.integers(N_REGULAR_AUTHORS))], "customer"
                pool = PH.PEER_REPLIES
            if peer == r["author_id"]:
                continue
            trait, sentiment, tpl = _pick(rng, pool)
            pt = ts + pd.Timedelta(seconds=int(rng.lognormal(np.log(40 * 60), 1.2)))
            if pt < END:
                add(created_at=pt.floor("s"), channel=r["channel"], brand=b.name, author_id=peer,
                    text=tpl.format(**writer.slots(b.name, r["channel"], None, {"u": u})), in_reply_to=i,
                    synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_event=r["synthetic_event"],
                    synthetic_author_role=role)

    # ---- frame: ids, followers, engagement ------------------------------------------------
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
            followers[k] = round(base * _account_growth(df["brand"].iat[k], ch[k], float(day_frac[k])))
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
    df = df[COLUMNS].reset_index(drop=True)

    events = _events_record(df, seed, statement_at)
    return df, events


#: Growth of a brand account's followers over the 120 days (community growth), per brand.
ACCOUNT_GROWTH: dict[str, float] = {"Nimbus": 0.04, "Kestrel": 0.09, "Voltra": 0.01, "Halcyon": 0.03}


def _account_growth(brand: str, channel: str, day: float) -> float:
    """Multiplier of the account's starting followers on (fractional) ``day`` of the period.

    Linear growth at :data:`ACCOUNT_GROWTH`; the focal brand also loses 1% during the crisis and
    gains 2.5% over the campaign (ramping in over its two weeks); its abandoned channel slowly
    loses followers (−3% over the period) instead of growing.
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


def _iso(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _events_record(df: pd.DataFrame, seed: int, statement_at: pd.Timestamp) -> dict[str, Any]:
    crisis = df[df["synthetic_event"] == "crisis"]
    crisis_customers = crisis[~crisis["is_brand"] & crisis["in_reply_to"].isna()]
    daily = crisis_customers.groupby(crisis_customers["created_at"].dt.strftime("%Y-%m-%d")).size()
    camp = df[df["synthetic_event"] == "campaign"]
    camp_roots = camp[~camp["is_brand"] & camp["in_reply_to"].isna()]
    after = df[(df["synthetic_event"] == "crisis_aftermath") & ~df["is_brand"] & df["in_reply_to"].isna()]
    macro = df[(df["synthetic_event"] == "macro_issue") & ~df["is_brand"] & df["in_reply_to"].isna()]
    macro_daily = macro.groupby(macro["created_at"].dt.strftime("%Y-%m-%d")).size()
    focal = df[(df["brand"] == ABANDONED["brand"]) & (df["channel"] == ABANDONED["channel"]) & df["is_brand"]]
    last = focal["created_at"].max()
    return {
        "synthetic": True,
        "description": "SYNTHETIC sample: fictional brands, authors and posts made by scrm_lib.samples.mentions",
        "generator": f"scrm_lib.samples.mentions v{GENERATOR_VERSION}",
        "seed": seed,
        "period": {"start": _iso(START), "end": _iso(END), "end_is_exclusive": True, "days": N_DAYS},
        "focal_brand": FOCAL,
        "competitors": [b.name for b in BRANDS if b.name != FOCAL],
        "brand_accounts": {b.name: b.account for b in BRANDS},
        "channels": CHANNELS,
        "events": [
            {
                "kind": "crisis", "brand": FOCAL,
                "start": _iso(CRISIS["onset"]), "end": _iso(CRISIS["end"]),
                "peak_day": str(daily.idxmax()), "daily_posts": {k: int(v) for k, v in daily.items()},
                "brand_statement_at": _iso(statement_at),
                "root_cause": CRISIS["root_cause"], "terms": CRISIS["terms"],
                "n_posts": int(len(crisis_customers)),
                "negative_share": round(float((crisis_customers["synthetic_sentiment"] == "negative").mean()), 4),
                "column": "synthetic_event == 'crisis'",
            },
            {
                "kind": "campaign", "brand": FOCAL,
                "start": _iso(CAMPAIGN["start"]), "end": _iso(CAMPAIGN["end"]),
                "hashtag": CAMPAIGN["hashtag"], "url": CAMPAIGN["url"],
                "brand_channels": CAMPAIGN["brand_channels"],
                "n_posts": int(len(camp_roots)),
                "positive_share": round(float((camp_roots["synthetic_sentiment"] == "positive").mean()), 4), "n_brand_posts": int((camp["is_brand"] & camp["in_reply_to"].isna()).sum()),
                "column": "synthetic_event == 'campaign'",
            },
            {
                "kind": "macro_issue", "brand": FOCAL,
                "start": _iso(MACRO["start"]), "end": _iso(MACRO["end"]),
                "root_cause": MACRO["root_cause"], "terms": MACRO["terms"],
                "n_posts": int(len(macro)),
                "max_daily_posts": int(macro_daily.max()),
                "negative_share": round(float((macro["synthetic_sentiment"] == "negative").mean()), 4),
                "note": "many people, one root cause, but slow: a macro case (investigate the source), not a crisis",
                "column": "synthetic_event == 'macro_issue'",
            },
        ],
        "crisis_aftermath": {
            "brand_in_crisis": FOCAL,
            "start": _iso(AFTERMATH["start"]), "end": _iso(AFTERMATH["end"]),
            "n_posts": int(len(after)),
            "posts_per_competitor": {k: int(v) for k, v in after["brand"].value_counts().sort_index().items()},
            "note": "people leaving the brand in crisis ask its competitors: these rows have brand = the competitor",
            "column": "synthetic_event == 'crisis_aftermath'",
        },
        "abandoned_channels": [{
            "brand": ABANDONED["brand"], "channel": ABANDONED["channel"],
            "last_brand_post": _iso(last), "days_before_end": int((END - last) / pd.Timedelta(days=1)),
        }],
        "absent_channels": {b.name: [c for c in CHANNELS if c != "news" and c not in b.cadence and c not in b.reply_channels] for b in BRANDS},
        "response_profiles": {
            b.name: {
                "reply_median_minutes": b.reply_median_min, "reply_lognormal_sigma": b.reply_sigma,
                "support_hours_utc": list(b.support_hours), "support_weekdays": list(b.support_days),
                "reply_channels": list(b.reply_channels),
            } for b in BRANDS
        },
        "counts": {
            "rows": int(len(df)),
            "brand_posts": int((df["is_brand"] & df["in_reply_to"].isna()).sum()),
            "brand_replies": int((df["is_brand"] & df["in_reply_to"].notna()).sum()),
            "customer_posts": int((~df["is_brand"]).sum()),
            "advocates": int(df.loc[df["synthetic_author_role"] == "advocate", "author_id"].nunique()),
            "influencers": int(df.loc[df["synthetic_author_role"] == "influencer", "author_id"].nunique()),
        },
    }


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write the frame as UTF-8 CSV with ISO-8601 UTC timestamps (``...Z``) and ``\\n`` line ends."""
    out = df.copy()
    out["created_at"] = out["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    out["is_brand"] = np.where(out["is_brand"].to_numpy(dtype=bool), "true", "false")
    out.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def generate(out_dir: Path, seed: int) -> list[Path]:
    """Write ``mentions.csv`` and ``mentions_events.json`` into ``out_dir``; return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    df, events = build_mentions(seed)
    csv_path = out_dir / "mentions.csv"
    json_path = out_dir / "mentions_events.json"
    write_csv(df, csv_path)
    json_path.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [csv_path, json_path]
