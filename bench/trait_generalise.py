"""Benchmark: cross-source generalisation candidates for the trait model (issue 11, follow-up).

For each candidate (trait preset variants: + static MiniLM embedding block, embeddings only,
C, source-balanced training, without the invented posts) prints, in one run:

- ``inner``: the **selection** figure: for each outer rotation (test source held out), train
  on one of its two training sources and validate on the other, both ways; the mean over the
  six (train source → validation source) pairs. The test source of a rotation is never used
  to choose anything in that rotation.
- ``outer``: the source-held-out figure of ``scrm eval --dataset trait-real`` (train on two
  sources, test on the third; mean and per rotation macro-F1, pooled none recall and venting
  precision).
- ``cpu_s_per_1k``: CPU seconds to score 1,000 posts (``predict`` on the held-out posts, one thread).

Source balance (``balance``) replicates the posts of the smaller training sources so each
real source carries about the same total weight (the estimator has no ``sample_weight``).

Usage: ``SCRM_EXTERNAL_DATA=... .venv/bin/python bench/trait_generalise.py > bench/out/trait_generalise.json``
"""

from __future__ import annotations

import json
import sys
import time
from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402

from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.evaluate import evaluate  # noqa: E402
from scrm_lib.modeling.linear import LinearTextClassifier  # noqa: E402
from scrm_lib.modeling.presets import TRAIT_LABELS, make_model  # noqa: E402
from scrm_lib.modeling.realdata import REAL_SOURCES, load_labelled_posts  # noqa: E402


class EmbeddingsOnly(LinearTextClassifier):
    """The trait estimator with the static MiniLM block as its only features (no word block)."""

    def _text_blocks(self) -> list:
        return []


CANDIDATES: dict[str, dict] = {
    "trait preset (shipped)": {},
    "+ embeddings w0.5": {"model": {"embedding_weight": 0.5}},
    "+ embeddings w1": {"model": {"embedding_weight": 1.0}},
    "+ embeddings w2": {"model": {"embedding_weight": 2.0}},
    "embeddings only": {"model": {"embedding_weight": 1.0}, "embeddings_only": True},
    "C 0.5": {"model": {"C": 0.5}},
    "C 1": {"model": {"C": 1.0}},
    "C 10": {"model": {"C": 10.0}},
    "source-balanced": {"balance": True},
    "no invented posts": {"invented": False},
}


def _train_frame(train: pd.DataFrame, inv: pd.DataFrame | None, balance: bool) -> pd.DataFrame:
    parts = []
    if balance:
        big = train["dataset"].value_counts().max()
        for _, d in train.groupby("dataset"):
            parts.append(pd.concat([d] * max(1, int(round(big / len(d)))), ignore_index=True))
    else:
        parts.append(train)
    if inv is not None:
        parts.append(inv)
    return pd.concat([p[["text", "trait"]] for p in parts], ignore_index=True)


def _run(df: pd.DataFrame, inv: pd.DataFrame, spec: dict, train_src: list[str], test_src: str):
    tr = _train_frame(df[df["dataset"].isin(train_src)], inv if spec.get("invented", True) else None,
                      spec.get("balance", False))
    est = make_model("trait", **spec.get("model", {}))
    if spec.get("embeddings_only"):
        est = EmbeddingsOnly(**est.get_params())
    est = est.fit(tr["text"].tolist(), tr["trait"].to_numpy())
    te = df[df["dataset"] == test_src]
    t0 = time.process_time()
    pred = est.predict(te["text"].tolist())
    cpu = time.process_time() - t0
    return te["trait"].to_numpy(), np.asarray(pred, dtype=object), cpu, len(te)


def evaluate_candidate(df: pd.DataFrame, inv: pd.DataFrame, spec: dict) -> dict:
    inner = {}
    for a, b in permutations(REAL_SOURCES, 2):
        y, p, _, _ = _run(df, inv, spec, [a], b)
        inner[f"{a}->{b}"] = evaluate(y, p, labels=list(TRAIT_LABELS))["macro_f1"]
    outer, ys, ps, cpu, n = {}, [], [], 0.0, 0
    for s in REAL_SOURCES:
        y, p, c, k = _run(df, inv, spec, [x for x in REAL_SOURCES if x != s], s)
        outer[f"test={s}"] = round(evaluate(y, p, labels=list(TRAIT_LABELS))["macro_f1"], 4)
        ys.append(y), ps.append(p)
        cpu, n = cpu + c, n + k
    pooled = evaluate(np.concatenate(ys), np.concatenate(ps), labels=list(TRAIT_LABELS))["per_class"]
    return {"inner_mean_macro_f1": round(float(np.mean(list(inner.values()))), 4),
            "inner": {k: round(v, 4) for k, v in inner.items()},
            "outer_mean_macro_f1": round(float(np.mean(list(outer.values()))), 4), **outer,
            "none_recall": round(pooled["none"]["recall"], 4),
            "venting_precision": round(pooled["venting"]["precision"], 4),
            "cpu_s_per_1k": round(1000 * cpu / n, 3)}


def main() -> None:
    names = sys.argv[1:] or list(CANDIDATES)
    out: dict = {"benchmark": "trait_generalise", "machine_start": machine(), "candidates": {}}
    df = load_labelled_posts()
    inv = D.trait_data()[["text", "trait"]]
    for name in names:
        t0 = time.perf_counter()
        out["candidates"][name] = evaluate_candidate(df, inv, CANDIDATES[name]) | {
            "seconds": round(time.perf_counter() - t0, 1)}
        print(name, json.dumps(out["candidates"][name]), file=sys.stderr, flush=True)
    out["machine_end"] = machine()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
