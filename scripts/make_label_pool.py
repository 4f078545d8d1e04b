"""Draw the real posts to be hand-labelled for the trait corpus (issue 11), reproducibly.

Usage: ``python scripts/make_label_pool.py OUT_DIR [--external DIR] [--round random2|random3|random4]
[--cross-check] [--cross-check-labels FILE]``

Writes, per source, ``OUT_DIR/pool_<source>.tsv`` with ``dataset, source_id, text_sha256,
stratum, text`` (texts with line breaks shown as ``⏎``; the files hold the public data
sets' texts, so OUT_DIR must be outside the repository), and ``OUT_DIR/pass2_ids.tsv``:
the posts of the independent second labelling pass.

Strata (the ``stratum`` column, kept with every label):

- ``random``: a seeded uniform draw from the source's posts (for ``twcs``: customers'
  first tweets, their follow-ups, brand replies and SpotifyCares requests, each drawn on
  its own so that both directions of the threads are present; for ``semeval``: tweets that
  name a brand or product). Prevalence figures (how common ``none`` is) use only this stratum.
- ``topup``: a second round drawn after the first pass, among posts matching narrower cues
  of the three traits still under 150 (``past``, ``future``, ``collaborative``) and in no
  first-round pool (file ``pool_topup.tsv``); like ``keyword``, never used for prevalence.
- ``keyword``: a seeded draw among posts matching cue phrases of the rare traits
  (``future``, ``collaborative``, ``past``, ``advocate``) so that every trait reaches 150
  examples; these rows are never used to estimate prevalence.
- ``random2``: a third round (``--round random2``, file ``pool_random2.tsv``), drawn after the
  first 3,830 labels to add real ``none`` posts and the under-represented sources: a
  seeded uniform draw within each subset of :data:`RANDOM2_PLAN` (no trait cue words; for
  ``semeval`` the same brand/product pre-filter as ``random``), among posts that are not
  labelled in an earlier round (by ``(dataset, source_id)``) and whose text's sha256 is not
  already labelled; exact duplicate texts inside the draw are kept once. The pool is
  shuffled across sources, and annotators label it in file order, so any labelled prefix
  is itself a stratified random sample. Uniform within each subset, so usable for
  prevalence per subset (the subsets' shares differ from ``random``'s: weight by subset).
- ``random3``: a fourth round (``--round random3``), the same procedure (no cue words, none of
  the earlier rounds' posts or texts) with :data:`RANDOM3_PLAN`: the allocation favours the
  subsets where the first ``random`` round found the most ``passive``, ``future``, ``past`` and
  ``collaborative`` posts (airline tweets, TWCS customers' first tweets, SpotifyCares requests,
  SemEval brand mentions), because those traits have the fewest real examples and the worst
  held-out recall. Allocation only: inside a subset every post has the same chance.
- ``random4``: a fifth round (``--round random4``), the same procedure with :data:`RANDOM4_PLAN`:
  more of the two subsets richest in ``passive`` (the trait with the worst held-out recall:
  airline tweets, TWCS customers' first tweets) and more SemEval brand mentions (``future``
  and news/fan ``none``).

``--cross-check`` writes ``crosscheck_pool.tsv``: a seeded sample of first-round ``random``
posts (:data:`CROSS_CHECK_PER_SOURCE` per source, none of the 450 already double-labelled)
for the later rounds' annotator to label *blind* (texts only, no labels shown), so that the
agreement between that annotator and the first-round annotators can be measured.
``--cross-check-labels FILE`` (``source_id, trait, sentiment, notes``) stores those labels as
``data/labels/trait_real_crosscheck.csv`` and prints the agreement with ``trait_real.csv``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.core.labels import SENTIMENT_LABELS, TRAIT_LABELS
from scrm_lib.modeling.realdata import (
    BRANDS,
    LABEL_COLUMNS,
    REAL_SOURCES,
    TRAIT_REAL_PASS2_PATH,
    TRAIT_REAL_PATH,
    read_labels,
    read_source,
    text_hash,
    write_labels,
)
from scrm_lib.modeling.trait_real import agreement

SEED = 20261207

#: Cue phrases of the rare traits (recall-oriented: the labeller decides).
RARE_TRAIT_CUES = re.compile(
    r"thinking (?:of|about)|should i (?:get|buy|switch|try)|worth it|anyone (?:use|tried|have|know)|"
    r"recommend|which (?:one|is better)|looking (?:for|at) (?:a|an|new)|considering|planning (?:to|on)|"
    r"switch(?:ed|ing)? (?:to|from)|buy(?:ing)? (?:a|an|the) new|please (?:add|make|bring)|you (?:should|guys should)|"
    r"should (?:add|make|have|offer|let)|would be (?:great|nice|awesome|cool) if|feature request|suggestion|"
    r"idea|why not|how about|wish (?:you|there|it|they)|cancel+(?:ed|ing)?|never (?:again|flying|using|buying)|"
    r"done with|delet(?:e|ed|ing) (?:my|the)|goodbye|unsubscrib|closing my|leaving|left (?:for|you)|"
    r"don'?t (?:use|buy|fly|bother)|avoid|kudos|shout ?out|best (?:airline|service|customer)|"
    r"thank(?:s| you) (?:so much|for)|love (?:you|my|the)",
    re.IGNORECASE)

#: Narrower cues of the three traits that the first draw left under 150 examples
#: (``past``, ``future``, ``collaborative``): the ``topup`` stratum.
TOPUP_CUES = re.compile(
    r"cancel+(?:ed|ing)? (?:my|our|the)|switch(?:ed|ing) (?:to|from|over)|never (?:again|flying|using|buying)|"
    r"done with|goodbye|unsubscrib|delet(?:ed|ing) (?:my|the|your)|closing my|no longer|won'?t be (?:flying|using|back)|"
    r"last time i|lost a (?:loyal )?customer|taking my business|dontfly|avoid|"
    r"thinking (?:of|about)|should i (?:get|buy|switch|try|book)|worth it\?|anyone (?:use|tried|recommend)|"
    r"which (?:one|is better)|looking (?:for|at) (?:a|an|new)|considering|planning (?:to|on)|want to (?:buy|get|switch)|"
    r"before i (?:buy|book)|how much (?:is|does|for)|do you (?:have|offer|fly|sell|ship)|"
    r"please (?:add|make|bring|consider)|you (?:should|guys should|need to) (?:add|make|have|offer|let|bring|consider)|"
    r"would be (?:great|nice|awesome|cool) if|feature request|suggestion|why not|how about|wish (?:you|there|it|they)|"
    r"bring back",
    re.IGNORECASE)

#: How many posts each source contributes: (stratum, subset, n).
PLAN: dict[str, list[tuple[str, str, int]]] = {
    "twcs": [("random", "first", 330), ("random", "followup", 170), ("random", "brand", 120),
             ("random", "spotify", 180), ("keyword", "customer", 350)],
    "airline": [("random", "all", 650), ("keyword", "all", 350)],
    "semeval": [("random", "brand", 900), ("keyword", "brand", 350)],
}
PASS2_PER_SOURCE = 150

#: The top-up draw (a second round, after the first pass fell short of 150 ``past``,
#: ``future`` and ``collaborative`` posts): (source, subset, n), never overlapping the first.
TOPUP: list[tuple[str, str, int]] = [("twcs", "customer", 400), ("airline", "all", 300),
                                     ("semeval", "brand", 100)]


#: The ``random2`` draw: per source, (subset, n) drawn uniformly (no cue words). Weighted
#: towards the posts that are mostly ``none`` in real streams (SemEval brand mentions,
#: brand-side replies) and towards what the first rounds left out (``sample.csv``).
RANDOM2_PLAN: dict[str, list[tuple[str, int]]] = {
    "twcs": [("first", 100), ("followup", 70), ("brand", 60), ("spotify", 60), ("sample", 100)],
    "airline": [("all", 200)],
    "semeval": [("brand", 380)],
}
#: The ``random3`` draw (same procedure, fourth round): airline passive 20%, past 3%; TWCS
#: first tweets passive 15%, past 5%; SpotifyCares collaborative 8%; SemEval future 6%
#: (shares in the first ``random`` round).
RANDOM3_PLAN: dict[str, list[tuple[str, int]]] = {
    "twcs": [("first", 150), ("spotify", 120)],
    "airline": [("all", 280)],
    "semeval": [("brand", 250)],
}
#: The ``random4`` draw (same procedure, fifth round): passive-rich subsets and SemEval.
RANDOM4_PLAN: dict[str, list[tuple[str, int]]] = {
    "twcs": [("first", 200)],
    "airline": [("all", 300)],
    "semeval": [("brand", 200)],
}
#: Strata of the rounds before ``random2`` (their posts are excluded from it).
EARLIER_STRATA: tuple[str, ...] = ("random", "keyword", "topup")
#: The uniform later rounds: name -> (seed key, plan, strata whose posts are excluded).
RANDOM_ROUNDS: dict[str, tuple[int, dict[str, list[tuple[str, int]]], tuple[str, ...]]] = {
    "random2": (4, RANDOM2_PLAN, EARLIER_STRATA),
    "random3": (5, RANDOM3_PLAN, (*EARLIER_STRATA, "random2")),
    "random4": (6, RANDOM4_PLAN, (*EARLIER_STRATA, "random2", "random3")),
}


def _subsets(source: str, df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The named subsets of one source that :data:`PLAN` draws from."""
    if source == "twcs":
        main = df[df["file"] == "twcs_first5000.csv"]
        customer = df[df["inbound"]]
        return {"first": main[main["inbound"] & (main["in_reply_to"] == "")],
                "followup": main[main["inbound"] & (main["in_reply_to"] != "")],
                "brand": main[~main["inbound"]],
                "spotify": df[df["file"] == "spotifycares_support_requests.csv"],
                "sample": df[df["file"] == "sample.csv"],
                "customer": customer}
    if source == "semeval":
        return {"brand": df[df["text"].str.contains(BRANDS)]}
    return {"all": df}


def draw(source: str, external_dir: str | Path | None = None) -> pd.DataFrame:
    """The labelling pool of one source (seeded; the same files give the same pool)."""
    df = read_source(source, external_dir)
    df = df[df["text"].str.strip() != ""]
    subsets = _subsets(source, df)
    rng = np.random.default_rng([SEED, REAL_SOURCES.index(source)])
    taken: set[str] = set()
    rows = []
    for stratum, subset, n in PLAN[source]:
        cand = subsets[subset]
        cand = cand[~cand["source_id"].isin(taken)]
        if stratum == "keyword":
            cand = cand[cand["text"].str.contains(RARE_TRAIT_CUES)]
        pick = cand.iloc[np.sort(rng.choice(len(cand), size=min(n, len(cand)), replace=False))]
        taken.update(pick["source_id"])
        rows.append(pick.assign(stratum=stratum))
    out = pd.concat(rows, ignore_index=True)
    out["text_sha256"] = out["text"].map(text_hash)
    out = out.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    return out[["dataset", "source_id", "text_sha256", "stratum", "text"]]


def draw_topup(external_dir: str | Path | None = None) -> pd.DataFrame:
    """The ``topup`` stratum: posts matching :data:`TOPUP_CUES`, none already in a pool."""
    rows = []
    for source, subset, n in TOPUP:
        first = draw(source, external_dir)
        df = read_source(source, external_dir)
        df = df[df["text"].str.strip() != ""]
        cand = _subsets(source, df)[subset]
        cand = cand[~cand["source_id"].isin(set(first["source_id"])) & cand["text"].str.contains(TOPUP_CUES)]
        rng = np.random.default_rng([SEED, 3, REAL_SOURCES.index(source)])
        rows.append(cand.iloc[np.sort(rng.choice(len(cand), size=min(n, len(cand)), replace=False))])
    out = pd.concat(rows, ignore_index=True).assign(stratum="topup")
    out["text_sha256"] = out["text"].map(text_hash)
    out = out.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    return out[["dataset", "source_id", "text_sha256", "stratum", "text"]]


def draw_round(name: str, labels: pd.DataFrame, external_dir: str | Path | None = None) -> pd.DataFrame:
    """A uniform later round (:data:`RANDOM_ROUNDS`): uniform per subset, none already labelled.

    ``labels`` are the stored labels (``data/labels/trait_real.csv``); only the rows of the
    rounds before ``name`` are excluded, so the draw is the same before and after its own
    labels (and any later round's) are imported.
    """
    key, plans, before = RANDOM_ROUNDS[name]
    earlier = labels[labels["stratum"].isin(before)]
    seen_hash = set(earlier["text_sha256"])
    rows = []
    for source, plan in plans.items():
        df = read_source(source, external_dir)
        df = df[df["text"].str.strip() != ""]
        df = df.assign(text_sha256=df["text"].map(text_hash))
        seen_ids = set(earlier.loc[earlier["dataset"] == source, "source_id"])
        df = df[~df["source_id"].isin(seen_ids) & ~df["text_sha256"].isin(seen_hash)]
        subsets = _subsets(source, df)
        rng = np.random.default_rng([SEED, key, REAL_SOURCES.index(source)])
        for subset, n in plan:
            cand = subsets[subset]
            cand = cand[~cand["text_sha256"].isin(seen_hash)].drop_duplicates("text_sha256")
            pick = cand.iloc[np.sort(rng.choice(len(cand), size=min(n, len(cand)), replace=False))]
            seen_hash.update(pick["text_sha256"])
            rows.append(pick)
    out = pd.concat(rows, ignore_index=True).assign(stratum=name)
    out = out.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    return out[["dataset", "source_id", "text_sha256", "stratum", "text"]]


#: Posts per source in the cross-check sample of the later rounds' annotator.
CROSS_CHECK_PER_SOURCE = 70
#: The stored cross-check labels (agreement only; never trained on).
CROSS_CHECK_PATH: Path = TRAIT_REAL_PATH.with_name("trait_real_crosscheck.csv")


def draw_cross_check(labels: pd.DataFrame, pass2: pd.DataFrame,
                     external_dir: str | Path | None = None) -> pd.DataFrame:
    """First-round ``random`` posts to re-label blind (seeded; none already in ``pass2``)."""
    rows = []
    for i, source in enumerate(REAL_SOURCES):
        lab = labels[(labels["dataset"] == source) & (labels["stratum"] == "random")]
        lab = lab[~lab["source_id"].isin(set(pass2.loc[pass2["dataset"] == source, "source_id"]))]
        rng = np.random.default_rng([SEED, 7, i])
        pick = lab.iloc[np.sort(rng.choice(len(lab), size=min(CROSS_CHECK_PER_SOURCE, len(lab)), replace=False))]
        text = read_source(source, external_dir).set_index("source_id")["text"]
        rows.append(pick[["dataset", "source_id", "text_sha256", "stratum"]].assign(
            text=text.loc[pick["source_id"]].to_numpy()))
    out = pd.concat(rows, ignore_index=True).sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    return out[["dataset", "source_id", "text_sha256", "stratum", "text"]]


def store_cross_check(pool: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """The cross-check labels in the stored label format (:data:`LABEL_COLUMNS`), pool order.

    Raises ``ValueError`` when an answer's id is not in the pool, a label is unknown or an
    id is answered twice.
    """
    if pool["source_id"].duplicated().any():
        raise ValueError("cross-check pool: a source_id occurs twice (ids must be unique across sources)")
    answers = answers.assign(trait=answers["trait"].str.strip().str.lower(),
                             sentiment=answers["sentiment"].str.strip().str.lower())
    bad = (~answers["source_id"].isin(pool["source_id"]) | ~answers["trait"].isin(TRAIT_LABELS)
           | ~answers["sentiment"].isin(SENTIMENT_LABELS) | answers["source_id"].duplicated())
    if bad.any():
        raise ValueError(f"cross-check row {int(np.flatnonzero(bad)[0]) + 2}: unknown or repeated id, or a label "
                         f"outside {TRAIT_LABELS} / {SENTIMENT_LABELS}")
    out = pool.drop(columns="text").merge(answers, on="source_id")
    return out[list(LABEL_COLUMNS)]


def _shown(pool: pd.DataFrame) -> pd.DataFrame:
    """The pool as written to TSV: line breaks shown as ⏎, tabs as spaces."""
    return pool.assign(text=pool["text"].str.replace("\r\n", "⏎").str.replace("\n", "⏎")
                       .str.replace("\r", "⏎").str.replace("\t", " "))


def main(argv: list[str] | None = None) -> int:
    """Write the pools and the second-pass id list to OUT_DIR."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--external", default=None)
    ap.add_argument("--cross-check", action="store_true", help="write crosscheck_pool.tsv (blind re-label sample)")
    ap.add_argument("--cross-check-labels", type=Path, default=None,
                    help="store these answers to crosscheck_pool.tsv as data/labels/trait_real_crosscheck.csv")
    ap.add_argument("--round", choices=sorted(RANDOM_ROUNDS), default=None,
                    help="write only this later uniform round, pool_<round>.tsv (excludes the stored labels' earlier rounds)")
    args = ap.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if args.cross_check or args.cross_check_labels:
        path = args.out_dir / "crosscheck_pool.tsv"
        if args.cross_check:
            pool = draw_cross_check(read_labels(TRAIT_REAL_PATH), read_labels(TRAIT_REAL_PASS2_PATH), args.external)
            _shown(pool).to_csv(path, sep="\t", index=False)
            print("crosscheck", len(pool), pool["dataset"].value_counts().to_dict())
        if args.cross_check_labels:
            pool = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3)
            answers = pd.read_csv(args.cross_check_labels, sep="\t", dtype=str, keep_default_na=False, quoting=3)
            stored = store_cross_check(pool, answers)
            write_labels(stored, CROSS_CHECK_PATH)
            report = agreement(read_labels(TRAIT_REAL_PATH), stored)
            print(json.dumps(report, indent=1, default=float))
        return 0
    if args.round:
        pool = draw_round(args.round, read_labels(TRAIT_REAL_PATH), args.external)
        _shown(pool).to_csv(args.out_dir / f"pool_{args.round}.tsv", sep="\t", index=False)
        print(args.round, len(pool), pool["dataset"].value_counts().to_dict())
        return 0
    pass2 = []
    for source in REAL_SOURCES:
        pool = draw(source, args.external)
        shown = _shown(pool)
        shown.to_csv(args.out_dir / f"pool_{source}.tsv", sep="\t", index=False)
        rng = np.random.default_rng([SEED, 2, REAL_SOURCES.index(source)])
        pass2.append(shown.iloc[np.sort(rng.choice(len(shown), PASS2_PER_SOURCE, replace=False))])
        print(source, len(pool), pool["stratum"].value_counts().to_dict())
    pd.concat(pass2).to_csv(args.out_dir / "pass2_pool.tsv", sep="\t", index=False)
    topup = draw_topup(args.external)
    _shown(topup).to_csv(args.out_dir / "pool_topup.tsv", sep="\t", index=False)
    print("topup", len(topup), topup["dataset"].value_counts().to_dict())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
