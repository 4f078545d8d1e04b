"""Seeded draws of the SYNTHETIC mentions generator: picks, handles, times of day, support hours.

Small helpers of :mod:`scrm_lib.samples.mentions`. Each takes the generator's one
``numpy.random.Generator`` and draws from it in a fixed order, so the same seed gives the same
sample.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.samples.world import HOUR_WEIGHTS, START, Brand

#: Parts of invented author handles (``alex_runner``, ``sam412``, ...).
_FIRST = [
    "alex", "sam", "jess", "mike", "nina", "raj", "lee", "maria", "omar", "tara", "ben", "chloe",
    "diego", "fatima", "gus", "hana", "ivan", "kai", "liam", "mei", "noah", "olu", "priya", "quinn",
    "rosa", "sven", "tom", "uma", "vic", "wen", "yara", "zoe", "ana", "bruno", "cam", "dee", "eli",
    "finn", "gia", "hugo", "isla", "jon", "kira", "luca", "max", "nora", "oscar", "pia", "rex", "sky",
]
#: Parts of invented author handles (``alex_runner``, ``sam412``, ...).
_WORDS = [
    "runner", "coffee", "pixel", "gamer", "mama", "dad", "tech", "travels", "bakes", "art", "fit",
    "music", "books", "dev", "nurse", "chef", "photo", "garden", "hoops", "surf", "film", "ride",
]



def pick(rng: np.random.Generator, items: list | tuple) -> Any:
    """One item of ``items``, uniformly (one ``rng.integers`` draw).

    >>> pick(np.random.default_rng(0), ["a", "b", "c"])
    'c'
    """
    return items[int(rng.integers(len(items)))]


def pick_weighted(rng: np.random.Generator, mix: dict[str, float]) -> str:
    """One key of ``mix``, with probability proportional to its weight (weights need not sum to 1).

    >>> pick_weighted(np.random.default_rng(0), {"twitter": 3.0, "forum": 0.0})
    'twitter'
    """
    keys = list(mix)
    p = np.array([mix[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def new_handles(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    """``n`` invented author handles not in ``taken``; each is added to ``taken``.

    >>> taken = {"NimbusMobile"}
    >>> hs = new_handles(np.random.default_rng(1), 3, taken)
    >>> len(set(hs)), set(hs) < taken
    (3, True)
    """
    out: list[str] = []
    while len(out) < n:
        style = int(rng.integers(4))
        a, w = pick(rng, _FIRST), pick(rng, _WORDS)
        num = int(rng.integers(1, 999))
        h = [f"{a}_{w}", f"{a}{num}", f"{w}{a}{num % 100}", f"{a}.{w}{num % 10}"][style]
        if h in taken:
            h = f"{h}{len(taken) % 97}"
        if h in taken:
            continue
        taken.add(h)
        out.append(h)
    return out


def awake(rng: np.random.Generator, ts: pd.Timestamp) -> bool:
    """Thin event arrivals by the diurnal curve: keep ``ts`` with probability weight(hour) / max weight."""
    return bool(rng.random() < HOUR_WEIGHTS[ts.hour] / HOUR_WEIGHTS.max())


def in_support_hours(ts: pd.Timestamp, brand: Brand) -> bool:
    """True when ``brand``'s support desk works at ``ts`` (UTC); a shift past midnight belongs
    to the weekday it started.

    >>> from scrm_lib.samples.world import BRANDS
    >>> voltra = BRANDS[2]  # 13:00-22:00 UTC, Monday to Friday
    >>> in_support_hours(pd.Timestamp("2026-03-02T14:00Z"), voltra), in_support_hours(pd.Timestamp("2026-03-07T14:00Z"), voltra)
    (True, False)
    """
    h0, h1 = brand.support_hours
    hour = ts.hour
    open_hour = (h0 <= hour < h1) if h0 < h1 else (hour >= h0 or hour < h1)
    # a shift that wraps past midnight belongs to the day it started
    day = ts.weekday() if (h0 < h1 or hour >= h0) else (ts.weekday() - 1) % 7
    return open_hour and day in brand.support_days


def next_support_hour(ts: pd.Timestamp, brand: Brand) -> pd.Timestamp:
    """The first whole hour after ``ts`` at which ``brand``'s support desk works.

    >>> from scrm_lib.samples.world import BRANDS
    >>> next_support_hour(pd.Timestamp("2026-03-06T23:10Z"), BRANDS[2])  # Friday night -> Monday
    Timestamp('2026-03-09 13:00:00+0000', tz='UTC')
    """
    t = ts.floor("h")
    for _ in range(24 * 8):
        t = t + pd.Timedelta(hours=1)
        if in_support_hours(t, brand):
            return t
    return ts  # pragma: no cover - every brand works at least one hour a week


def times_in_day(rng: np.random.Generator, day: int, k: int, hour_w: np.ndarray = HOUR_WEIGHTS) -> list[pd.Timestamp]:
    """``k`` times on ``day`` of the period (0 = :data:`~scrm_lib.samples.world.START`), hours drawn
    by the weights ``hour_w``, seconds uniform.

    >>> [t.isoformat() for t in times_in_day(np.random.default_rng(0), 1, 2)]
    ['2026-03-03T18:18:28+00:00', '2026-03-03T11:02:27+00:00']
    """
    hours = rng.choice(24, size=k, p=hour_w / hour_w.sum())
    secs = rng.integers(0, 3600, size=k)
    base = START + pd.Timedelta(days=day)
    return [base + pd.Timedelta(seconds=int(h) * 3600 + int(s)) for h, s in zip(hours, secs, strict=True)]
