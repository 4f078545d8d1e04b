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
* **Brand accounts** grow their followers at brand-specific rates
  (:data:`~scrm_lib.samples.world.ACCOUNT_GROWTH`).
* **Engagement.** Likes ~ Poisson-gamma with mean ∝ followers^0.55 × channel factor ×
  sentiment factor; shares and reply counts follow likes, with negative crisis posts shared
  more. ``replies`` is at least the number of replies to the post present in the file.

The code, by job: :mod:`~scrm_lib.samples.world` (every number above), :mod:`~scrm_lib.samples.draws`
(seeded picks, handles, times, support hours), :mod:`~scrm_lib.samples.writer` (texts),
this module (the stages, in draw order), :mod:`~scrm_lib.samples.engagement` (ids, followers,
engagement) and :mod:`~scrm_lib.samples.mentions_events` (the events record).

Everything here is SYNTHETIC: no real company, person or post.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.samples import phrases as PH
from scrm_lib.samples.draws import (
    awake,
    in_support_hours,
    new_handles,
    next_support_hour,
    pick,
    pick_weighted,
    times_in_day,
)
from scrm_lib.samples.engagement import mentions_frame
from scrm_lib.samples.mentions_events import events_record
from scrm_lib.samples.world import (
    ABANDONED,
    AFTERMATH,
    BASE_DAILY,
    BRANDS,
    CAMPAIGN,
    CHANNEL_MIX,
    CHANNEL_TRAIT,
    CRISIS,
    END,
    FOCAL,
    LANGS,
    MACRO,
    MAX_ACTIVITY,
    N_DAYS,
    N_INFLUENCERS,
    N_REGULAR_AUTHORS,
    NEWS_PER_WEEK,
    START,
    WEEKDAY_FACTOR,
    Brand,
)
from scrm_lib.samples.writer import PostWriter


class _Build:
    """One run of the generator: its random stream, the rows written so far and the authors.

    The stages run in a fixed order (:func:`build_mentions`), each drawing from the same
    ``rng``, so the same seed writes the same bytes.
    """

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.brands = {b.name: b for b in BRANDS}
        self.writer = PostWriter(self.rng, self.brands)
        self.names = [b.name for b in BRANDS]
        self.rows: list[dict[str, Any]] = []

    def add(self, **kw: Any) -> int:
        """Append one row (defaults for the optional columns); return its index."""
        kw.setdefault("in_reply_to", None)
        kw.setdefault("is_brand", False)
        kw.setdefault("lang", "en")
        kw.setdefault("synthetic_topic", "")
        kw.setdefault("synthetic_event", "")
        self.rows.append(kw)
        return len(self.rows) - 1

    def trait_for(self, brand: Brand, channel: str) -> str:
        """A customer trait from the brand's mix, reweighted for the channel."""
        mix = dict(brand.trait_mix)
        for t, m in CHANNEL_TRAIT.get(channel, {}).items():
            mix[t] = mix[t] * m
        return pick_weighted(self.rng, mix)

    def customer_post(self, ts: pd.Timestamp, brand: str, channel: str, author: str, lang: str,
                      trait: str | None = None, role: str = "customer") -> int:
        """Add one customer post: trait, topic, text and sentiment from the writer."""
        b = self.brands[brand]
        trait = trait or self.trait_for(b, channel)
        topic = pick_weighted(self.rng, b.topic_mix) if trait in ("venting", "passive", "past") else None
        text, sentiment, used_lang = self.writer.customer(brand, channel, trait, lang, topic)
        return self.add(created_at=ts, channel=channel, brand=brand, author_id=author, text=text,
                        lang=used_lang, synthetic_sentiment=sentiment, synthetic_trait=trait,
                        synthetic_topic=topic or "", synthetic_author_role=role)

    def authors(self) -> None:
        """Regular customers, influencers and advocates: handles, followers, activity, homes."""
        names, rng = self.names, self.rng
        taken: set[str] = {b.account for b in BRANDS}
        reg_ids = new_handles(rng, N_REGULAR_AUTHORS, taken)
        reg_followers = np.maximum(0, np.round(rng.lognormal(np.log(180), 1.5, N_REGULAR_AUTHORS))).astype(int)
        reg_activity = np.minimum(rng.pareto(1.4, N_REGULAR_AUTHORS) + 1.0, MAX_ACTIVITY)
        reg_primary = rng.choice(len(names), size=N_REGULAR_AUTHORS, p=[b.share for b in BRANDS])
        ch_keys = list(CHANNEL_MIX)
        ch_p = np.array([CHANNEL_MIX[c] for c in ch_keys])
        reg_home = rng.choice(len(ch_keys), size=N_REGULAR_AUTHORS, p=ch_p / ch_p.sum())
        lang_keys = list(LANGS)
        reg_lang = rng.choice(len(lang_keys), size=N_REGULAR_AUTHORS, p=np.array(list(LANGS.values())))

        inf_ids = new_handles(rng, N_INFLUENCERS, taken)
        inf_followers = np.minimum(3_000_000, np.round(40_000 * (1 + rng.pareto(1.1, N_INFLUENCERS)))).astype(int)
        inf_home = [pick(rng, ["instagram", "youtube", "twitter", "twitter"]) for _ in range(N_INFLUENCERS)]

        author_info: dict[str, dict[str, Any]] = {}
        for k, a in enumerate(reg_ids):
            author_info[a] = {"followers": int(reg_followers[k]), "role": "customer"}
        for k, a in enumerate(inf_ids):
            author_info[a] = {"followers": int(inf_followers[k]), "role": "influencer"}

        advocates: list[dict[str, Any]] = []
        for b in BRANDS:
            ids = new_handles(rng, b.advocates, taken)
            for a in ids:
                join = int(rng.integers(0, 95))
                leave = int(rng.integers(join + 20, N_DAYS + 40))  # beyond N_DAYS = still active
                advocates.append({
                    "id": a, "brand": b.name, "join": join, "leave": min(leave, N_DAYS),
                    "rate": float(rng.uniform(0.06, 0.35)), "home": pick(rng, ["twitter", "instagram", "facebook", "reddit", "forum", "review"]),
                    "lang": "es" if rng.random() < 0.08 else "en",
                })
                author_info[a] = {"followers": int(min(2500, round(rng.lognormal(np.log(250), 0.7)))), "role": "advocate"}
        self.advocates, self.author_info, self.ch_keys, self.inf_home = advocates, author_info, ch_keys, inf_home
        self.inf_ids, self.lang_keys, self.reg_activity, self.reg_home = inf_ids, lang_keys, reg_activity, reg_home
        self.reg_ids, self.reg_lang, self.reg_primary, self.taken = reg_ids, reg_lang, reg_primary, taken

    def regular_posts(self) -> None:
        """Regular customer posts per brand and day: negative binomial, weekday profile, trend."""
        ch_keys, customer_post, lang_keys, reg_activity = self.ch_keys, self.customer_post, self.lang_keys, self.reg_activity
        reg_home, reg_ids, reg_lang, reg_primary = self.reg_home, self.reg_ids, self.reg_lang, self.reg_primary
        rng = self.rng
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
                for ts, ai in zip(times_in_day(rng, day, k), authors, strict=True):
                    channel = ch_keys[reg_home[ai]] if rng.random() < 0.7 else pick_weighted(rng, CHANNEL_MIX)
                    customer_post(ts, b.name, channel, reg_ids[ai], lang_keys[reg_lang[ai]])
        self.brand_author_p = brand_author_p

    def spam(self) -> None:
        """Spam accounts (trait ``none``) repeating the same texts."""
        add, author_info, rng, taken = self.add, self.author_info, self.rng, self.taken
        spam_ids = new_handles(rng, 12, taken)
        for a in spam_ids:
            author_info[a] = {"followers": int(rng.integers(0, 40)), "role": "spam"}
        for _ in range(260):
            day = int(rng.integers(N_DAYS))
            s_k = int(rng.integers(len(spam_ids)))
            a = spam_ids[s_k]
            brand = pick_weighted(rng, {b.name: b.share for b in BRANDS})
            channel = pick(rng, ["twitter", "twitter", "instagram", "facebook", "youtube"])
            text = pick(rng, PH.SPAM_TEMPLATES[:2] if s_k < 6 else PH.SPAM_TEMPLATES[2:]).format(b=brand)
            add(created_at=times_in_day(rng, day, 1)[0], channel=channel, brand=brand, author_id=a, text=text,
                synthetic_sentiment="neutral", synthetic_trait="none", synthetic_author_role="spam")

    def advocate_posts(self) -> None:
        """Advocates post about their brand between their join and leave days."""
        advocates, customer_post, rng = self.advocates, self.customer_post, self.rng
        for adv in advocates:
            for day in range(adv["join"], adv["leave"]):
                for _ in range(int(rng.poisson(adv["rate"]))):
                    channel = adv["home"] if rng.random() < 0.75 else pick_weighted(rng, CHANNEL_MIX)
                    trait = pick_weighted(rng, {"advocate": .80, "collaborative": .12, "future": .03, "passive": .05})
                    customer_post(times_in_day(rng, day, 1)[0], adv["brand"], channel, adv["id"], adv["lang"], trait, "advocate")

    def influencer_posts(self) -> None:
        """Influencers: a few posts each, some sponsored."""
        add, customer_post, inf_home, inf_ids = self.add, self.customer_post, self.inf_home, self.inf_ids
        rng, writer = self.rng, self.writer
        for k, a in enumerate(inf_ids):
            for _ in range(int(rng.integers(2, 9))):
                day = int(rng.integers(N_DAYS))
                brand = pick_weighted(rng, {b.name: b.share for b in BRANDS})
                channel = inf_home[k] if rng.random() < 0.8 else "twitter"
                if rng.random() < 0.3:
                    sentiment, tpl = pick(rng, PH.SPONSORED_TEMPLATES)
                    text = tpl.format(**writer.slots(brand, channel, None))
                    add(created_at=times_in_day(rng, day, 1)[0], channel=channel, brand=brand, author_id=a, text=text,
                        synthetic_sentiment=sentiment, synthetic_trait="advocate", synthetic_author_role="influencer")
                else:
                    trait = pick_weighted(rng, {"advocate": .2, "none": .35, "passive": .2, "venting": .1, "future": .15})
                    customer_post(times_in_day(rng, day, 1)[0], brand, channel, a, "en", trait, "influencer")

    def html_posts(self) -> None:
        """Valid posts holding HTML or script (reports must escape them)."""
        add, reg_ids, rng, writer = self.add, self.reg_ids, self.rng, self.writer
        for trait, sentiment, tpl in PH.HTML_TEMPLATES:
            brand = pick_weighted(rng, {b.name: b.share for b in BRANDS})
            ai = int(rng.integers(N_REGULAR_AUTHORS))
            channel = pick(rng, ["twitter", "forum", "reddit", "facebook"])
            add(created_at=times_in_day(rng, int(rng.integers(N_DAYS)), 1)[0], channel=channel, brand=brand,
                author_id=reg_ids[ai], text=tpl.format(**writer.slots(brand, channel, None)),
                synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_author_role="customer")

    def crisis(self) -> None:
        """The focal brand's crisis: gamma-shaped velocity, fresh authors, influencers amplifying."""
        add, author_info, brand_author_p, inf_home = self.add, self.author_info, self.brand_author_p, self.inf_home
        inf_ids, names, reg_ids, rng = self.inf_ids, self.names, self.reg_ids, self.rng
        taken, writer = self.taken, self.writer
        onset, c_end = CRISIS["onset"], CRISIS["end"]
        span_h = (c_end - onset) / pd.Timedelta(hours=1)
        focal_j = names.index(FOCAL)
        crisis_idx: list[int] = []
        n_c = int(CRISIS["n_posts"])
        offs: list[float] = []
        while len(offs) < n_c:
            x = float(rng.gamma(CRISIS["gamma_shape"], CRISIS["gamma_scale_h"]))
            if x < span_h and awake(rng, onset + pd.Timedelta(hours=x)):
                offs.append(x)
        fresh = new_handles(rng, 250, taken)  # people who never posted about the brand before
        for a in fresh:
            author_info[a] = {"followers": int(max(0, round(rng.lognormal(np.log(150), 1.4)))), "role": "customer"}
        for x in offs:
            ts = (onset + pd.Timedelta(seconds=int(x * 3600))).floor("s")
            if rng.random() < 0.7:
                ai = int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))
                a = reg_ids[ai]
            else:
                a = pick(rng, fresh)
            channel = pick_weighted(rng, CRISIS["channel_mix"])
            trait = pick_weighted(rng, CRISIS["trait_mix"])
            sentiment, tpl = pick(rng, PH.CRISIS_TEMPLATES[trait])
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
            sentiment, tpl = pick(rng, PH.CRISIS_TEMPLATES["venting"][:6])
            channel = inf_home[int(k)]
            crisis_idx.append(add(created_at=ts, channel=channel, brand=FOCAL, author_id=inf_ids[int(k)],
                                  text=tpl.format(**writer.slots(FOCAL, channel, "crisis")),
                                  synthetic_sentiment=sentiment, synthetic_trait="venting", synthetic_topic="billing",
                                  synthetic_event="crisis", synthetic_author_role="influencer"))
        self.c_end, self.crisis_idx, self.focal_j, self.onset = c_end, crisis_idx, focal_j, onset

    def aftermath(self) -> None:
        """After the crisis, focal-brand customers ask the competitors about switching."""
        add, brand_author_p, focal_j, reg_ids = self.add, self.brand_author_p, self.focal_j, self.reg_ids
        rng, writer = self.rng, self.writer
        a0, a1 = AFTERMATH["start"], AFTERMATH["end"]
        span_a = (a1 - a0) / pd.Timedelta(days=1)
        rivals = {b.name: b.share for b in BRANDS if b.name != FOCAL}
        for _ in range(int(AFTERMATH["n_posts"])):
            while True:
                x = float(rng.exponential(AFTERMATH["decay_days"]))
                if x < span_a and awake(rng, a0 + pd.Timedelta(days=x)):
                    break
            ts = (a0 + pd.Timedelta(seconds=int(x * 86400))).floor("s")
            rival = pick_weighted(rng, rivals)
            a = reg_ids[int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))]  # a focal-brand customer
            channel = pick_weighted(rng, {"twitter": .5, "reddit": .25, "facebook": .15, "forum": .1})
            trait, sentiment, tpl = pick(rng, PH.SWITCHER_TEMPLATES)
            slots = writer.slots(rival, channel, None, {"x": FOCAL})
            if slots["c"] == FOCAL:
                slots["c"] = pick(rng, [r for r in rivals if r != rival])
            text = writer.perturb(tpl.format(**slots), sentiment, channel)
            add(created_at=ts, channel=channel, brand=rival, author_id=a, text=text,
                synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_event="crisis_aftermath",
                synthetic_author_role="customer")

    def macro_issue(self) -> None:
        """The slow macro issue: triangular daily volume, one root cause."""
        add, brand_author_p, focal_j, reg_ids = self.add, self.brand_author_p, self.focal_j, self.reg_ids
        rng, writer = self.rng, self.writer
        ms, me = MACRO["start"], MACRO["end"]
        span_s = (me - ms) / pd.Timedelta(seconds=1)
        macro_idx: list[int] = []
        for _ in range(int(MACRO["n_posts"])):
            while True:
                x = float(rng.triangular(0.0, MACRO["triangular_mode"], 1.0))
                ts = (ms + pd.Timedelta(seconds=int(x * span_s))).floor("s")
                if awake(rng, ts):
                    break
            a = reg_ids[int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))]
            channel = pick_weighted(rng, MACRO["channel_mix"])
            trait = pick_weighted(rng, MACRO["trait_mix"])
            sentiment, tpl = pick(rng, PH.MACRO_TEMPLATES[trait])
            text = writer.perturb(tpl.format(**writer.slots(FOCAL, channel, None)), sentiment, channel)
            if channel == "review":
                text = ("★★☆☆☆ " if sentiment == "negative" else "★★★☆☆ ") + text
            macro_idx.append(add(created_at=ts, channel=channel, brand=FOCAL, author_id=a, text=text,
                                 synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_topic="voicemail",
                                 synthetic_event="macro_issue", synthetic_author_role="customer"))
        self.macro_idx = macro_idx

    def campaign(self) -> None:
        """The campaign: exponential decay after launch, advocates and sponsored influencers."""
        add, advocates, brand_author_p, focal_j = self.add, self.advocates, self.brand_author_p, self.focal_j
        inf_home, inf_ids, reg_ids, rng = self.inf_home, self.inf_ids, self.reg_ids, self.rng
        writer = self.writer
        cs, ce = CAMPAIGN["start"], CAMPAIGN["end"]
        span_d = (ce - cs) / pd.Timedelta(days=1)
        for _ in range(int(CAMPAIGN["n_posts"])):
            while True:
                x = float(rng.exponential(CAMPAIGN["decay_days"])) if rng.random() < 0.75 else float(rng.uniform(0, span_d))
                if x < span_d and awake(rng, cs + pd.Timedelta(days=x)):
                    break
            ts = (cs + pd.Timedelta(seconds=int(x * 86400))).floor("s")
            r = rng.random()
            if r < 0.25:
                adv = [v for v in advocates if v["brand"] == FOCAL]
                a, role = pick(rng, adv)["id"], "advocate"
            else:
                a, role = reg_ids[int(rng.choice(N_REGULAR_AUTHORS, p=brand_author_p[focal_j]))], "customer"
            channel = pick_weighted(rng, CAMPAIGN["channel_mix"])
            trait = pick_weighted(rng, CAMPAIGN["trait_mix"])
            sentiment, tpl = pick(rng, PH.CAMPAIGN_TEMPLATES[trait])
            slots = writer.slots(FOCAL, channel, None, {"link": CAMPAIGN["url"]})
            text = writer.perturb(tpl.format(**slots), sentiment, channel)
            add(created_at=ts, channel=channel, brand=FOCAL, author_id=a, text=text,
                synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_event="campaign",
                synthetic_author_role=role)
        for k in rng.choice(N_INFLUENCERS, size=CAMPAIGN["n_sponsored"], replace=False):
            ts = (cs + pd.Timedelta(seconds=int(rng.uniform(0, 5) * 86400))).floor("s")
            channel = inf_home[int(k)]
            sentiment, tpl = pick(rng, PH.SPONSORED_TEMPLATES)
            slots = writer.slots(FOCAL, channel, None, {"link": CAMPAIGN["url"]})
            add(created_at=ts, channel=channel, brand=FOCAL, author_id=inf_ids[int(k)],
                text=tpl.format(**slots) + " " + CAMPAIGN["hashtag"],
                synthetic_sentiment=sentiment, synthetic_trait="advocate", synthetic_event="campaign",
                synthetic_author_role="influencer")
        self.ce, self.cs = ce, cs

    def news(self) -> None:
        """Invented outlets' headlines: routine, the crisis on its second day, the campaign launch."""
        add, author_info, c_end, cs = self.add, self.author_info, self.c_end, self.cs
        onset, rng, writer = self.onset, self.rng, self.writer
        outlet_w = {o: 1.0 / (1 + k) for k, (o, _) in enumerate(PH.OUTLETS)}
        for o, f in PH.OUTLETS:
            author_info[o] = {"followers": f, "role": "media"}

        def article(ts: pd.Timestamp, brand: str, occasion: str, event: str = "") -> None:
            sentiment, tpl = pick(rng, PH.NEWS_TEMPLATES[occasion])
            add(created_at=ts, channel="news", brand=brand, author_id=pick_weighted(rng, outlet_w),
                text=tpl.format(**writer.slots(brand, "news", None)), synthetic_sentiment=sentiment,
                synthetic_trait="none", synthetic_event=event, synthetic_author_role="media")

        for day in range(N_DAYS):
            for b in BRANDS:
                for _ in range(int(rng.poisson(NEWS_PER_WEEK * b.share / 7.0))):
                    article(times_in_day(rng, day, 1)[0], b.name, "routine")
        for _ in range(12):  # the press picks the crisis up on its second day
            x = float(rng.uniform(20, (c_end - onset) / pd.Timedelta(hours=1)))
            article((onset + pd.Timedelta(seconds=int(x * 3600))).floor("s"), FOCAL, "crisis", "crisis")
        for _ in range(5):
            x = float(rng.uniform(0, 3 * 86400))
            article((cs + pd.Timedelta(seconds=int(x))).floor("s"), FOCAL, "campaign", "campaign")

    def brand_posts(self) -> None:
        """Brand-owned posts at each brand's cadence, the campaign's posts, the crisis statement."""
        add, brands, ce, cs = self.add, self.brands, self.ce, self.cs
        onset, rng, writer = self.onset, self.rng, self.writer
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
                    for ts in times_in_day(rng, day, k, brand_hours):
                        kind = pick_weighted(rng, kinds)
                        pool = PH.BRAND_POSTS[kind]
                        if kind == "crosslink":  # only to the brand's own *other*, live properties
                            live = {c for c in b.cadence if c != channel}
                            if b.name == ABANDONED["brand"] and ts.normalize() > START + pd.Timedelta(days=ABANDONED["last_day"]):
                                live.discard(ABANDONED["channel"])
                            need = {"{yt}": "youtube", "{ig}": "instagram", "{forum}": "forum"}
                            pool = [x for x in pool if all(c in live for k, c in need.items() if k in x[1])]
                            if not pool:
                                pool = PH.BRAND_POSTS["tip"]
                        sentiment, tpl = pick(rng, pool)
                        add(created_at=ts, channel=channel, brand=b.name, author_id=b.account,
                            text=tpl.format(**writer.slots(b.name, channel, None)), is_brand=True,
                            synthetic_sentiment=sentiment, synthetic_trait="none", synthetic_author_role="brand")
        for channel, per_day in CAMPAIGN["brand_posts_per_day"].items():
            b = brands[FOCAL]
            for day in range(int((cs - START).days), int((ce - START).days)):
                k = int(rng.poisson(per_day)) + (1 if day == (cs - START).days and channel != "blog" else 0)
                times = times_in_day(rng, day, k, brand_hours)
                if day == (cs - START).days:
                    times = [cs + pd.Timedelta(minutes=int(rng.integers(0, 240))) for _ in times]
                for ts in times:
                    sentiment, tpl = pick(rng, PH.BRAND_POSTS["campaign"])
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
        self.statement_at = statement_at

    def replies(self) -> None:
        """Brand replies (support hours, delays), customer follow-ups, peer replies."""
        add, advocates, author_info, brands = self.add, self.advocates, self.author_info, self.brands
        crisis_idx, macro_idx, names, reg_ids = self.crisis_idx, self.macro_idx, self.names, self.reg_ids
        rng, rows, writer = self.rng, self.rows, self.writer
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
                if not in_support_hours(rt, b):
                    rt = next_support_hour(rt, b) + pd.Timedelta(seconds=int(rng.lognormal(np.log(15 * 60), 0.8)))
                if rt < END:
                    key = "crisis" if in_crisis else r["synthetic_trait"]
                    if i in macro_set and rng.random() < MACRO["brand_aware_share"]:
                        key = "macro"
                    sentiment, tpl = pick(rng, PH.BRAND_REPLIES[key])
                    reply_lang = "en"
                    if r["lang"] == "es" and b.name in ("Kestrel", "Nimbus"):
                        sentiment, tpl = pick(rng, PH.BRAND_REPLIES_ES)
                        reply_lang = "es"
                    text = tpl.format(**writer.slots(b.name, r["channel"], None, {"u": u, "link": f"https://{b.domain}/plans"}))
                    j = add(created_at=rt.floor("s"), channel=r["channel"], brand=b.name, author_id=b.account, text=text,
                            in_reply_to=i, is_brand=True, lang=reply_lang, synthetic_sentiment=sentiment, synthetic_trait="none",
                            synthetic_event=r["synthetic_event"], synthetic_author_role="brand")
                    if r["synthetic_trait"] in ("venting", "past") and r["lang"] == "en" and rng.random() < 0.3:
                        ok = rng.random() < (b.resolve_rate * (0.6 if in_crisis else 1.0))
                        trait, sentiment, tpl = pick(rng, PH.FOLLOWUPS["resolved" if ok else "unresolved"])
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
                    peer, role = pick(rng, active)["id"], "advocate"
                    pool = [x for x in PH.PEER_REPLIES if x[0] in ("advocate", "collaborative")]
                else:
                    peer, role = reg_ids[int(rng.integers(N_REGULAR_AUTHORS))], "customer"
                    pool = PH.PEER_REPLIES
                if peer == r["author_id"]:
                    continue
                trait, sentiment, tpl = pick(rng, pool)
                pt = ts + pd.Timedelta(seconds=int(rng.lognormal(np.log(40 * 60), 1.2)))
                if pt < END:
                    add(created_at=pt.floor("s"), channel=r["channel"], brand=b.name, author_id=peer,
                        text=tpl.format(**writer.slots(b.name, r["channel"], None, {"u": u})), in_reply_to=i,
                        synthetic_sentiment=sentiment, synthetic_trait=trait, synthetic_event=r["synthetic_event"],
                        synthetic_author_role=role)


def build_mentions(seed: int = 20260302) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Generate the synthetic mentions frame and the events record.

    Returns ``(frame, events)``: the frame has :data:`COLUMNS` in that order, sorted by
    ``created_at`` then ``post_id``; ``events`` is the JSON-serialisable record written to
    ``mentions_events.json`` (period, brands, event windows, abandoned channel, response
    profiles, counts). Deterministic for a given ``seed``.
    """
    build = _Build(seed)
    build.authors()
    build.regular_posts()
    build.spam()
    build.advocate_posts()
    build.influencer_posts()
    build.html_posts()
    build.crisis()
    build.aftermath()
    build.macro_issue()
    build.campaign()
    build.news()
    build.brand_posts()
    build.replies()
    df = mentions_frame(build.rows, build.rng, build.brands, build.author_info)
    return df, events_record(df, seed, build.statement_at)


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
