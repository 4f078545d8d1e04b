"""Post texts of the SYNTHETIC mentions sample: templates from the phrase bank, filled and perturbed.

:class:`PostWriter` fills the slots of a template of :mod:`scrm_lib.samples.phrases` (brand,
handle, competitor, plan, issue, ...) and perturbs the text (openers, closers, slang, typos,
casing, hashtags), drawing from the generator's one random stream.
"""

from __future__ import annotations

import re

import numpy as np

from scrm_lib.samples import phrases as PH
from scrm_lib.samples.draws import pick, pick_weighted
from scrm_lib.samples.world import CAMPAIGN, SENTIMENT_GIVEN_TRAIT, Brand


def join_sentences(first: str, second: str) -> str:
    """Two sentences as one post: a full stop between them unless the first already ends one.

    >>> join_sentences("no signal", "Been with Nimbus 4 years."), join_sentences("why?? ", "ok")
    ('no signal. Been with Nimbus 4 years.', 'why?? ok')
    """
    first = first.rstrip()
    return f"{first} {second}" if first.endswith((".", "!", "?")) else f"{first}. {second}"


class PostWriter:
    """Fills templates from the phrase bank and perturbs them, drawing from ``rng``.

    ``brands`` maps each brand name to its :class:`~scrm_lib.samples.world.Brand` (the post's
    brand, and the competitors a template may name).

    >>> from scrm_lib.samples.world import BRANDS
    >>> w = PostWriter(np.random.default_rng(0), {b.name: b for b in BRANDS})
    >>> "{h} {i}".format(**w.slots("Nimbus", "twitter", "billing")).startswith("@NimbusMobile ")
    True
    """

    def __init__(self, rng: np.random.Generator, brands: dict[str, Brand]) -> None:
        self.rng = rng
        self.brands = brands

    def slots(self, brand: str, channel: str, topic: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        """Values of every template field for a post about ``brand`` on ``channel``.

        ``{i}`` is an issue of ``topic`` (``"crisis"`` for the crisis vocabulary; empty when
        ``topic`` is None); handles are ``@handles`` only on twitter, instagram and youtube;
        ``extra`` overrides fields.
        """
        rng = self.rng
        b = self.brands[brand]
        others = [x for x in self.brands if x != brand]
        comp = self.brands[pick(rng, others)]
        at = channel in ("twitter", "instagram", "youtube")
        d: dict[str, str] = {
            "b": b.name, "h": b.handle if at else b.name, "c": comp.name,
            "ch": comp.handle if at else comp.name,
            "p": pick(rng, PH.PLANS), "d": pick(rng, PH.DEVICES), "where": pick(rng, PH.PLACES),
            "town": pick(rng, PH.TOWNS),
            "n": str(int(rng.integers(2, 10))), "amt": str(int(rng.choice([15, 20, 25, 30, 35, 40, 45, 60, 80, 120]))),
            "yrs": str(int(rng.integers(2, 16))), "agent": pick(rng, PH.AGENTS),
            "tag": CAMPAIGN["hashtag"], "link": f"https://{b.domain}/plans",
            "yt": f"https://youtube.example/@{b.account}", "forum": f"https://community.{b.domain}",
            "ig": f"https://instagram.example/{b.account.lower()}", "u": "",
        }
        d["f"] = pick(rng, PH.FEATURES).format(**d)
        if topic == "crisis":
            d["i"] = pick(rng, PH.CRISIS_ISSUES).format(**d)
        elif topic:
            d["i"] = pick(rng, PH.ISSUES[topic]).format(**d)
        else:
            d["i"] = ""
        if extra:
            d.update(extra)
        return d

    def perturb(self, text: str, sentiment: str, channel: str) -> str:
        """``text`` with seeded noise that keeps its intended labels: an opener or closer of its
        ``sentiment``, slang, a typo, casing, extra ``!``, hashtags (more on twitter and instagram).
        """
        rng = self.rng
        if rng.random() < 0.15:
            text = pick(rng, PH.OPENERS[sentiment]).format(n=int(rng.integers(2, 10))) + " " + text
        if rng.random() < 0.30:
            text = text + " " + pick(rng, PH.CLOSERS[sentiment])
        if rng.random() < 0.35:  # slang
            words = text.split(" ")
            for k, w in enumerate(words):
                core = w.strip(".,!?")
                if core in PH.SLANG and rng.random() < 0.6:
                    words[k] = w.replace(core, pick(rng, PH.SLANG[core]))
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
            tags = [pick(rng, PH.HASHTAGS[sentiment]) for _ in range(k)]
            text = text + " " + " ".join(dict.fromkeys(tags))
        return re.sub(r"\s+", " ", text).strip()

    def customer(self, brand: str, channel: str, trait: str, lang: str, topic: str | None) -> tuple[str, str, str]:
        """Return (text, sentiment, lang) of a regular customer post with the given trait."""
        rng = self.rng
        if lang != "en" and trait in PH.LANG_TEMPLATES.get(lang, {}):
            sentiment, tpl = pick(rng, PH.LANG_TEMPLATES[lang][trait])
            text = tpl.format(**self.slots(brand, channel, None))
            if rng.random() < 0.2:
                text += " " + pick(rng, PH.CLOSERS[sentiment])
            return text, sentiment, lang
        mix = SENTIMENT_GIVEN_TRAIT[trait]
        sentiment = pick_weighted(rng, mix)
        pool = PH.TEMPLATES[trait].get(sentiment) or PH.TEMPLATES[trait][next(iter(PH.TEMPLATES[trait]))]
        slots = self.slots(brand, channel, topic)
        text = pick(rng, pool).format(**slots)
        if rng.random() < 0.2:  # a label-neutral aside, before or after
            aside = pick(rng, PH.CONTEXT).format(**slots)
            text = f"{aside} {text}" if rng.random() < 0.5 else join_sentences(text, aside)
        if channel in ("blog", "forum") and rng.random() < 0.6:  # longer posts
            second = pick(rng, pool).format(**self.slots(brand, channel, topic))
            if second != text:
                text = join_sentences(text, second)
        text = self.perturb(text, sentiment, channel)
        if channel == "review":
            stars = {"negative": int(rng.integers(1, 3)), "neutral": 3, "positive": int(rng.integers(4, 6))}[sentiment]
            text = "★" * stars + "☆" * (5 - stars) + " " + text
        return text, sentiment, "en"
