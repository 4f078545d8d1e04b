"""The hand-written phrase bank of the SYNTHETIC mentions sample, read from ``phrases.yaml``.

Every sentence in ``scrm_lib/samples/phrases.yaml`` was written by hand for this project; none
is copied from a real data set. The generator (:mod:`scrm_lib.samples.mentions`) fills the
slots, mixes openers/closers, and perturbs the text (typos, slang, emoji, hashtags, casing) with
a seeded random generator. The labels it keeps (``synthetic_trait``, ``synthetic_sentiment``)
are the labels *intended* by the template a text came from.

Each top-level key of the YAML file is a constant here, upper-cased (``issues`` →
:data:`ISSUES`); a flow list ``[sentiment, template]`` becomes a tuple. The second and third
batches of customer templates (``more_templates``, ``short_and_tricky``) are appended to
:data:`TEMPLATES`, trait by trait and sentiment by sentiment, in that order.

Template syntax: :meth:`str.format` fields.

=========  ===========================================================
field      filled with
=========  ===========================================================
``{b}``    the brand the post is about (display name, e.g. ``Nimbus``)
``{h}``    the brand's handle on the channel (e.g. ``@NimbusMobile``)
``{c}``    a competitor's name;  ``{ch}`` its handle
``{i}``    an issue of the post's topic (:data:`ISSUES`)
``{f}``    a feature people praise (:data:`FEATURES`)
``{p}``    a plan name; ``{d}`` a device; ``{where}`` where coverage fails or shines;
           ``{town}`` where a store is
``{n}``    a small number (2-9); ``{amt}`` a dollar amount; ``{yrs}`` years as a customer
``{u}``    the @handle of the customer a reply answers
``{agent}`` an agent's initials signing a brand reply (``^KM``)
``{tag}``  the campaign hashtag; ``{link}`` the campaign URL
=========  ===========================================================

The six customer traits follow DOMAIN.md §2 (venting, passive, past, collaborative,
advocate, future) plus ``none``. Sentiment is a separate axis; a template's sentiment is
the key it is filed under.

>>> list(TEMPLATES)
['venting', 'passive', 'past', 'collaborative', 'advocate', 'future', 'none']
>>> NEWS_TEMPLATES["crisis"][0]
('negative', '{b} customers report being charged twice by autopay')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrm_lib.core.yamlio import read_yaml_file

#: The phrase bank file, shipped with the package (``*.yaml`` package data).
PHRASES_PATH = Path(__file__).with_name("phrases.yaml")


def _tuples(value: Any) -> Any:
    """``value`` with every list that sits inside a list turned into a tuple (the YAML pairs)."""
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tuple(v) if isinstance(v, list) else _tuples(v) for v in value]
    return value


def load_phrases(path: Path = PHRASES_PATH) -> dict[str, Any]:
    """The phrase bank in ``path`` as ``{key: value}``, pairs as tuples, the template batches merged.

    Read with the workbench's one YAML loader (:func:`~scrm_lib.core.yamlio.read_yaml_file`):
    a syntax error names the file, line and column.

    >>> bank = load_phrases()
    >>> bank["outlets"][0]
    ('MetroTechDaily', 1240000)
    >>> "more_templates" in bank
    False
    """
    bank: dict[str, Any] = _tuples(read_yaml_file(path, "phrase bank"))
    templates = bank["templates"]
    for batch in ("more_templates", "short_and_tricky"):
        for trait, by_sentiment in bank.pop(batch).items():
            for sentiment, texts in by_sentiment.items():
                templates.setdefault(trait, {}).setdefault(sentiment, []).extend(texts)
    return bank


_BANK = load_phrases()

# Slot vocabularies
#: Issues per topic; the topic is kept in ``synthetic_topic``.
ISSUES: dict[str, list[str]] = _BANK["issues"]
#: Vocabulary of the injected crisis (one root cause: the autopay double charge).
CRISIS_ISSUES: list[str] = _BANK["crisis_issues"]
FEATURES: list[str] = _BANK["features"]
PLANS: list[str] = _BANK["plans"]
DEVICES: list[str] = _BANK["devices"]
PLACES: list[str] = _BANK["places"]
TOWNS: list[str] = _BANK["towns"]
AGENTS: list[str] = _BANK["agents"]

# Customer posts
#: English customer posts: ``TEMPLATES[trait][sentiment]`` -> templates (the three batches).
TEMPLATES: dict[str, dict[str, list[str]]] = _BANK["templates"]
#: Label-neutral context sentences shared by every trait (real posts carry such asides).
CONTEXT: list[str] = _BANK["context"]
#: Openers and closers mixed into customer posts; they never change the intended labels.
OPENERS: dict[str, list[str]] = _BANK["openers"]
CLOSERS: dict[str, list[str]] = _BANK["closers"]
#: Other languages: ``LANG_TEMPLATES[lang][trait]`` -> ``[(sentiment, template)]``.
LANG_TEMPLATES: dict[str, dict[str, list[tuple[str, str]]]] = _BANK["lang_templates"]

# Event-specific customer posts
#: The crisis: many people, one root cause (a macro case in ARM terms).
CRISIS_TEMPLATES: dict[str, list[tuple[str, str]]] = _BANK["crisis_templates"]
#: A slow-burning macro issue: many people, one root cause, but no velocity (not a crisis).
MACRO_TEMPLATES: dict[str, list[tuple[str, str]]] = _BANK["macro_templates"]
#: The campaign: a positive lift carrying ``{tag}`` (and sometimes ``{link}``).
CAMPAIGN_TEMPLATES: dict[str, list[tuple[str, str]]] = _BANK["campaign_templates"]
#: Switchers after the crisis ask the competitors: ``(trait, sentiment, template)``; ``{x}`` is
#: the brand in crisis, ``{b}``/``{h}`` the competitor asked about.
SWITCHER_TEMPLATES: list[tuple[str, str, str]] = _BANK["switcher_templates"]
#: Sponsored influencer posts: ``(sentiment, template)``.
SPONSORED_TEMPLATES: list[tuple[str, str]] = _BANK["sponsored_templates"]
#: Spam and bots (``none``); the same text repeats, as real spam does.
SPAM_TEMPLATES: list[str] = _BANK["spam_templates"]
#: Valid posts that contain HTML or script (reports must escape them): ``(trait, sentiment, template)``.
HTML_TEMPLATES: list[tuple[str, str, str]] = _BANK["html_templates"]

# Replies between customers (peer support) and brand-owned posts
#: A peer answering a customer: ``(trait, sentiment, template)``.
PEER_REPLIES: list[tuple[str, str, str]] = _BANK["peer_replies"]
#: Brand replies to customers by the trait of the post they answer: ``(sentiment, template)``.
BRAND_REPLIES: dict[str, list[tuple[str, str]]] = _BANK["brand_replies"]
#: Brand replies to posts in Spanish.
BRAND_REPLIES_ES: list[tuple[str, str]] = _BANK["brand_replies_es"]
#: Brand-owned proactive posts (``none`` trait), by kind: ``(sentiment, template)``.
BRAND_POSTS: dict[str, list[tuple[str, str]]] = _BANK["brand_posts"]
#: Slang and typo substitutions applied by the perturbation step (word -> variants).
SLANG: dict[str, list[str]] = _BANK["slang"]
#: Hashtags that customers add on hashtag-heavy channels, by sentiment.
HASHTAGS: dict[str, list[str]] = _BANK["hashtags"]
#: A customer answering the brand's reply, by outcome: ``(trait, sentiment, template)``.
FOLLOWUPS: dict[str, list[tuple[str, str, str]]] = _BANK["followups"]

# External coverage (channel ``news``)
#: Invented outlets: ``(author_id, followers)``.
OUTLETS: list[tuple[str, int]] = _BANK["outlets"]
#: Headlines by occasion: ``(sentiment, template)``.
NEWS_TEMPLATES: dict[str, list[tuple[str, str]]] = _BANK["news_templates"]
