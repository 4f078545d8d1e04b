"""Seeded generator of the survey sample files (SYNTHETIC respondents, published marginals).

What it writes (``generate(out_dir, seed)``):

``survey_ibm2011_synthetic.csv``
    SYNTHETIC respondent-level answers of 1,056 consumers and 351 executives to the
    twelve "why do consumers interact with brands via social sites" items of the
    IBM Institute for Business Value (2011) study (DOMAIN.md section 5), plus one
    three-point Likert item (``advocacy``). Columns ``respondent_id``, ``group``,
    ``item``, ``response`` (``yes``/``no`` for the twelve items; ``1``/``2``/``3`` =
    disagree/neutral/agree for ``advocacy``),
    ``generation``, ``country``, ``provenance`` (always ``synthetic``). No row is a
    real respondent.
``survey_ibm2011_synthetic_targets.csv``
    The per-group, per-item counts the sample is fitted to (``group``, ``item``,
    ``n``, ``k``, ``pct``, ``source``). ``source`` starts with ``published:`` and the
    row id of ``ibm2011_published.csv`` for a published figure, and with
    ``synthetic:`` for a value chosen here. The counts in the respondent file equal
    these targets exactly.
``class_survey_template.csv``
    A tiny, made-up example of a class survey in the same respondent-level format
    (``provenance`` = ``example``) to copy and fill in: yes/no for "select all that
    apply" items, 1/2/3 (disagree/neutral/agree) for the Likert item.

Calibration method (documented in data/samples/README.md, section "Survey"):

1. Sample sizes: 1,056 consumers and 351 executives (published). Each executive
   answers item *i* with the published per-item N (e.g. ``learn`` 333); which
   executives skip an item is drawn at random. Consumers answer every item (the
   report gives no per-item consumer N: an assumption, stated in the README).
2. Targets: the published percentages where DOMAIN.md section 5 gives them
   (consumers: discounts 61, purchase 55, feel connected 33, community 20;
   executives: feel connected 64, community 61; advocacy: consumers 38/28/33,
   executives 70 agree). Every other cell is a SYNTHETIC value chosen to respect
   the published ranks: consumers rank discounts 1st, purchase 2nd, reviews 3rd;
   executives rank discounts and purchase in the bottom two. ``k = round(pct * n / 100)``
   and the rounding is checked to give back the published integer.
3. Respondents: segments drawn with synthetic shares (generation Gen Y / Gen X /
   Boomers; consumers in the nine published countries, executives in the same
   minus Canada). Each respondent gets a latent propensity ``f ~ N(0, 1)``; each
   answer a score ``0.7 f + generation effect + country effect + e``, ``e ~ N(0, 1)``,
   with small synthetic segment effects (listed in :data:`GENERATION_EFFECTS`,
   country effects ``N(0, 0.25^2)`` per country, item and group).
4. Exact calibration: for each group and item the ``k`` answerers with the highest
   scores answer ``yes``, the rest ``no``; for the Likert item the top scores
   ``agree`` (3), the next ``neutral`` (2), the rest ``disagree`` (1) in the target counts. So
   every marginal equals its target exactly while the segment differences and the
   correlation between items (through ``f``) stay those of the latent model.

Everything is drawn from ``numpy.random.default_rng(seed)``: the same seed gives
byte-identical files.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.samples import DEFAULT_SEED

#: Items of the "why interact" question, in the order of DOMAIN.md section 5.
ITEMS: tuple[str, ...] = (
    "learn", "general_info", "submit_opinion", "exclusive_info", "reviews", "feel_connected",
    "customer_service", "submit_ideas", "community", "event", "purchase", "discounts",
)

#: Display names of the items (for charts and prose).
ITEM_LABELS: dict[str, str] = {
    "learn": "Learn about new products",
    "general_info": "Get general information",
    "submit_opinion": "Submit opinion on products/services",
    "exclusive_info": "Access exclusive information",
    "reviews": "Read reviews and product rankings",
    "feel_connected": "Feel connected",
    "customer_service": "Customer service",
    "submit_ideas": "Submit ideas for new products/services",
    "community": "Be part of a community",
    "event": "Participate in an event",
    "purchase": "Purchase products/services",
    "discounts": "Get discounts or coupons",
    "advocacy": "Social media interaction raises advocacy",
}

N_CONSUMERS = 1056  # published
N_EXECUTIVES = 351  # published
#: Published executive N per item (DOMAIN.md section 5).
EXEC_ITEM_N: dict[str, int] = {
    "learn": 333, "general_info": 336, "submit_opinion": 334, "exclusive_info": 333,
    "reviews": 333, "feel_connected": 331, "customer_service": 331, "submit_ideas": 332,
    "community": 329, "event": 332, "purchase": 334, "discounts": 331,
}

_SRC = "published: {id} (IBM IBV 2011 via DOMAIN.md section 5)"
_SYN = "synthetic: chosen to keep the published ranks; not a published number"

#: Target percentage and its source per (group, item). Published values carry the
#: id of their row in ibm2011_published.csv; every other value is synthetic.
TARGETS: dict[tuple[str, str], tuple[int, str]] = {
    ("consumer", "discounts"): (61, _SRC.format(id="pct_con_discounts")),
    ("consumer", "purchase"): (55, _SRC.format(id="pct_con_purchase")),
    ("consumer", "reviews"): (53, _SYN + " (must rank 3rd, published rank)"),
    ("consumer", "general_info"): (50, _SYN),
    ("consumer", "learn"): (48, _SYN),
    ("consumer", "exclusive_info"): (46, _SYN),
    ("consumer", "submit_opinion"): (41, _SYN),
    ("consumer", "customer_service"): (38, _SYN),
    ("consumer", "event"): (35, _SYN),
    ("consumer", "feel_connected"): (33, _SRC.format(id="pct_con_feel_connected")),
    ("consumer", "submit_ideas"): (28, _SYN),
    ("consumer", "community"): (20, _SRC.format(id="pct_con_community") + "; reported as 'about 20%'"),
    ("executive", "learn"): (73, _SYN),
    ("executive", "general_info"): (70, _SYN),
    ("executive", "submit_opinion"): (68, _SYN),
    ("executive", "exclusive_info"): (66, _SYN),
    ("executive", "feel_connected"): (64, _SRC.format(id="pct_exec_feel_connected")),
    ("executive", "customer_service"): (62, _SYN),
    ("executive", "community"): (61, _SRC.format(id="pct_exec_community")),
    ("executive", "reviews"): (59, _SYN),
    ("executive", "submit_ideas"): (57, _SYN),
    ("executive", "event"): (52, _SYN),
    ("executive", "purchase"): (38, _SYN + " (must be in the bottom two, published rank)"),
    ("executive", "discounts"): (36, _SYN + " (must be in the bottom two, published rank)"),
}

LIKERT_ITEM = "advocacy"
#: Likert targets (agree, neutral, disagree) in percent, with their sources.
LIKERT_TARGETS: dict[str, tuple[tuple[int, int, int], str]] = {
    "consumer": ((38, 28, 33), _SRC.format(id="pct_con_advocacy_agree/neutral/disagree")),
    "executive": ((70, 19, 11), _SRC.format(id="pct_exec_advocacy_agree") + " for agree = 70; neutral 19 and disagree 11 are synthetic"),
}

GENERATIONS = ("Gen Y", "Gen X", "Boomers")
#: Synthetic generation shares per group (not published).
GENERATION_SHARES = {"consumer": (0.36, 0.34, 0.30), "executive": (0.08, 0.52, 0.40)}
CONSUMER_COUNTRIES = ("US", "Canada", "UK", "France", "Germany", "India", "China", "Australia", "Brazil")
EXECUTIVE_COUNTRIES = tuple(c for c in CONSUMER_COUNTRIES if c != "Canada")
#: Synthetic latent-score shifts by generation (Gen X is the reference, 0).
GENERATION_EFFECTS: dict[str, dict[str, float]] = {
    "Gen Y": {"discounts": 0.35, "community": 0.30, "feel_connected": 0.25, "event": 0.30, "customer_service": -0.20},
    "Boomers": {"discounts": -0.15, "community": -0.25, "customer_service": 0.30, "general_info": 0.20},
}
LOADING = 0.7
COUNTRY_SD = 0.25

PROVENANCE = "synthetic"

CLASS_TEMPLATE = """\
respondent_id,group,item,response,generation,provenance
s01,consumer,discounts,yes,Gen Z,example
s01,consumer,purchase,yes,Gen Z,example
s01,consumer,feel_connected,no,Gen Z,example
s01,consumer,community,no,Gen Z,example
s01,consumer,advocacy,2,Gen Z,example
s02,consumer,discounts,yes,Gen Z,example
s02,consumer,purchase,no,Gen Z,example
s02,consumer,feel_connected,no,Gen Z,example
s02,consumer,community,yes,Gen Z,example
s02,consumer,advocacy,3,Gen Z,example
s03,consumer,discounts,yes,Gen Y,example
s03,consumer,purchase,yes,Gen Y,example
s03,consumer,feel_connected,yes,Gen Y,example
s03,consumer,community,no,Gen Y,example
s03,consumer,advocacy,1,Gen Y,example
s04,consumer,discounts,no,Gen Z,example
s04,consumer,purchase,yes,Gen Z,example
s04,consumer,feel_connected,no,Gen Z,example
s04,consumer,community,no,Gen Z,example
s04,consumer,advocacy,2,Gen Z,example
s05,consumer,discounts,yes,Gen Y,example
s05,consumer,purchase,no,Gen Y,example
s05,consumer,feel_connected,no,Gen Y,example
s05,consumer,community,no,Gen Y,example
s05,consumer,advocacy,1,Gen Y,example
s06,consumer,discounts,yes,Gen Z,example
s06,consumer,purchase,yes,Gen Z,example
s06,consumer,feel_connected,no,Gen Z,example
s06,consumer,community,no,Gen Z,example
s06,consumer,advocacy,3,Gen Z,example
s07,consumer,discounts,yes,Gen Z,example
s07,consumer,purchase,no,Gen Z,example
s07,consumer,feel_connected,yes,Gen Z,example
s07,consumer,community,no,Gen Z,example
s07,consumer,advocacy,2,Gen Z,example
s08,consumer,discounts,no,Gen Y,example
s08,consumer,purchase,yes,Gen Y,example
s08,consumer,feel_connected,no,Gen Y,example
s08,consumer,community,yes,Gen Y,example
s08,consumer,advocacy,1,Gen Y,example
m01,executive,discounts,no,Gen X,example
m01,executive,purchase,no,Gen X,example
m01,executive,feel_connected,yes,Gen X,example
m01,executive,community,yes,Gen X,example
m01,executive,advocacy,3,Gen X,example
m02,executive,discounts,yes,Gen Y,example
m02,executive,purchase,no,Gen Y,example
m02,executive,feel_connected,yes,Gen Y,example
m02,executive,community,no,Gen Y,example
m02,executive,advocacy,3,Gen Y,example
m03,executive,discounts,no,Gen X,example
m03,executive,purchase,yes,Gen X,example
m03,executive,feel_connected,yes,Gen X,example
m03,executive,community,yes,Gen X,example
m03,executive,advocacy,2,Gen X,example
m04,executive,discounts,no,Gen Y,example
m04,executive,purchase,no,Gen Y,example
m04,executive,feel_connected,yes,Gen Y,example
m04,executive,community,yes,Gen Y,example
m04,executive,advocacy,3,Gen Y,example
m05,executive,discounts,no,Gen X,example
m05,executive,purchase,no,Gen X,example
m05,executive,feel_connected,no,Gen X,example
m05,executive,community,yes,Gen X,example
m05,executive,advocacy,3,Gen X,example
m06,executive,discounts,yes,Gen X,example
m06,executive,purchase,no,Gen X,example
m06,executive,feel_connected,yes,Gen X,example
m06,executive,community,no,Gen X,example
"""
# m06 left the advocacy question blank on purpose: an unanswered item has no row.


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def target_count(pct: float, n: int) -> int:
    """``k = round(pct * n / 100)`` (half up), checked to round back to ``pct`` percent."""
    k = _round_half_up(pct * n / 100)
    if _round_half_up(100 * k / n) != pct:  # pragma: no cover - guarded by the targets above
        raise ValueError(f"no count of {n} rounds to {pct}%")
    return k


def likert_counts(pcts: tuple[int, ...], n: int) -> tuple[int, ...]:
    """Integer counts summing to ``n`` whose percentages each round to ``pcts``.

    Published percentages may not sum to 100 (e.g. 38 + 28 + 33 = 99). Starts from
    ``round(pct * n / 100)`` and moves one respondent at a time into the category
    that stays within its rounding interval.
    """
    counts = [_round_half_up(p * n / 100) for p in pcts]
    lo = [math.ceil((p - 0.5) * n / 100) for p in pcts]
    hi = [math.floor((p + 0.5) * n / 100 - 1e-9) for p in pcts]
    while sum(counts) != n:
        step = 1 if sum(counts) < n else -1
        room = [(hi[i] - counts[i]) if step > 0 else (counts[i] - lo[i]) for i in range(len(pcts))]
        i = int(np.argmax(room))
        if room[i] <= 0:
            raise ValueError(f"no counts of {n} round to {pcts}")
        counts[i] += step
    return tuple(counts)


def _respondents(rng: np.random.Generator, group: str, n: int, prefix: str, countries: tuple[str, ...]) -> pd.DataFrame:
    gen = rng.choice(len(GENERATIONS), size=n, p=GENERATION_SHARES[group])
    country = rng.choice(len(countries), size=n)
    return pd.DataFrame({
        "respondent_id": [f"{prefix}{i + 1:04d}" for i in range(n)],
        "group": group,
        "generation": [GENERATIONS[g] for g in gen],
        "country": [countries[c] for c in country],
        "f": rng.standard_normal(n),
    })


def build_sample(seed: int = DEFAULT_SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic respondent-level sample and its targets table (see module doc)."""
    rng = np.random.default_rng(seed)
    people = {
        "consumer": _respondents(rng, "consumer", N_CONSUMERS, "C", CONSUMER_COUNTRIES),
        "executive": _respondents(rng, "executive", N_EXECUTIVES, "E", EXECUTIVE_COUNTRIES),
    }
    country_eff = {
        (g, c, i): float(rng.normal(0, COUNTRY_SD))
        for g in ("consumer", "executive") for c in CONSUMER_COUNTRIES for i in ITEMS
    }
    rows, targets = [], []
    for group, ppl in people.items():
        n_all = len(ppl)
        for item in ITEMS:
            if group == "executive":
                n = EXEC_ITEM_N[item]
                answer_idx = np.sort(rng.choice(n_all, size=n, replace=False))
            else:
                n = n_all
                answer_idx = np.arange(n_all)
            pct, source = TARGETS[(group, item)]
            k = target_count(pct, n)
            sub = ppl.iloc[answer_idx]
            shift = np.array([GENERATION_EFFECTS.get(g, {}).get(item, 0.0) for g in sub["generation"]])
            ceff = np.array([country_eff[(group, c, item)] for c in sub["country"]])
            score = LOADING * sub["f"].to_numpy() + shift + ceff + rng.standard_normal(n)
            order = np.argsort(-score, kind="stable")
            yes = np.zeros(n, dtype=bool)
            yes[order[:k]] = True
            rows.append(pd.DataFrame({
                "respondent_id": sub["respondent_id"].to_numpy(), "group": group, "item": item,
                "response": np.where(yes, "yes", "no"),
                "generation": sub["generation"].to_numpy(), "country": sub["country"].to_numpy(),
            }))
            targets.append(dict(group=group, item=item, n=n, k=k, pct=pct, source=source))
        # Likert item: everyone answers
        pcts, source = LIKERT_TARGETS[group]
        c_agree, c_neutral, c_disagree = likert_counts(pcts, n_all)
        score = 0.5 * ppl["f"].to_numpy() + rng.standard_normal(n_all)
        order = np.argsort(-score, kind="stable")
        resp = np.empty(n_all, dtype=np.int64)  # Likert codes: 1 disagree, 2 neutral, 3 agree
        resp[order[:c_agree]] = 3
        resp[order[c_agree:c_agree + c_neutral]] = 2
        resp[order[c_agree + c_neutral:]] = 1
        rows.append(pd.DataFrame({
            "respondent_id": ppl["respondent_id"].to_numpy(), "group": group, "item": LIKERT_ITEM,
            "response": resp.astype(str), "generation": ppl["generation"].to_numpy(), "country": ppl["country"].to_numpy(),
        }))
        for level, cnt, p in zip(("agree", "neutral", "disagree"), (c_agree, c_neutral, c_disagree), pcts, strict=True):
            targets.append(dict(group=group, item=f"{LIKERT_ITEM}:{level}", n=n_all, k=cnt, pct=p,
                                source=source if (group == "consumer" or level == "agree") else _SYN))
    sample = pd.concat(rows, ignore_index=True)
    sample["provenance"] = PROVENANCE
    sample = sample.sort_values(["group", "respondent_id", "item"], kind="stable").reset_index(drop=True)
    return sample, pd.DataFrame(targets)


def _write(df: pd.DataFrame, path: Path) -> Path:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the survey sample files into ``out_dir``; return their paths.

    Byte-identical for the same ``seed``. See the module docstring for the method.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sample, targets = build_sample(seed)
    paths = [
        _write(sample, out_dir / "survey_ibm2011_synthetic.csv"),
        _write(targets, out_dir / "survey_ibm2011_synthetic_targets.csv"),
    ]
    template = out_dir / "class_survey_template.csv"
    template.write_text(CLASS_TEMPLATE, encoding="utf-8", newline="")
    paths.append(template)
    return paths
