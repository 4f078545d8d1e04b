"""Benchmark: VADER vs `fast` vs `accurate` (and the trait model), quality and speed, one run.

Loads the committed models (``models/*.skops``) and, in this one process:

* quality: macro-recall, macro-F1, accuracy on TweetEval test and the airline tweets
  (de-duplicated by tweet id, never trained on), and the trait model on
  ``labeled_posts_test.csv`` (+ its 5-fold CV with ``--trait-cv``, slow);
* speed: posts per second of ``predict`` on the TweetEval test texts (12,284 tweets,
  repeated until at least ``--min-seconds``), wall-clock and per CPU second
  (``time.process_time``, less sensitive to other jobs on a shared machine), single
  process, BLAS limited to one thread;
* identity invariance (``data/fairness/`` templates, :mod:`scrm_lib.modeling.fairness`): share of
  template pairs whose class changes and mean |score shift|, per group, for every model;
* the error groups of notebook 04 (negation, sarcasm cue, emoji, non-English, very short) on
  each data set, error rate per model;
* ``--retrain NAME``: retrain preset NAME with ``scrm train``'s code and check that it
  predicts exactly like the committed artifact (labels and probabilities on TweetEval test).

Prints one JSON object. Usage:
``.venv/bin/python bench/sentiment_models.py [--trait-cv] [--retrain fast] > bench/out/sentiment_models.json``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.evaluate import evaluate  # noqa: E402
from scrm_lib.modeling.persist import read_card  # noqa: E402
from scrm_lib.modeling.presets import TRAIT_LABELS  # noqa: E402
from scrm_lib.modeling.scoring import load_model  # noqa: E402
from scrm_lib.modeling.train import model_path  # noqa: E402


def throughput(model, texts: list[str], min_seconds: float) -> dict:
    """Posts per wall second and per CPU second of ``model.predict`` (one process)."""
    model.predict(texts[:200])  # warm caches (lexicons, analyzers)
    n, wall, cpu = 0, 0.0, 0.0
    while wall < min_seconds:
        w0, c0 = time.perf_counter(), time.process_time()
        model.predict(texts)
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        n += len(texts)
    return {"posts": n, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
            "posts_per_s_wall": round(n / wall), "posts_per_s_cpu": round(n / cpu)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-seconds", type=float, default=3.0)
    ap.add_argument("--trait-cv", action="store_true")
    ap.add_argument("--retrain", action="append", default=[], choices=("fast", "accurate", "trait"))
    args = ap.parse_args()
    out: dict = {"benchmark": "sentiment_models", "machine_start": machine(), "quality": {}, "speed": {}}
    names = ["vader", "fast", "accurate"]
    models = {m: load_model(m) for m in names}
    data = {ds: D.load_dataset(ds)[0] for ds in ("tweeteval", "airline")}
    for ds, frame in data.items():
        out["quality"][ds] = {}
        for m, est in models.items():
            rep = evaluate(frame["label"], est.predict(frame["text"].tolist()), labels=["negative", "neutral", "positive"])
            out["quality"][ds][m] = {k: round(rep[k], 4) for k in ("macro_recall", "macro_f1", "accuracy")} | {
                "n": rep["n"], "recall_per_class": {c: round(v["recall"], 4) for c, v in rep["per_class"].items()}}
    from scrm_lib.modeling.analysis import error_analysis_by_dataset
    from scrm_lib.modeling.fairness import identity_invariance

    groups, _ = identity_invariance(models)
    out["identity"] = {m: {r.group: {"class_changes": round(float(r.class_changes), 4),
                                     "mean_abs_shift": round(float(r.mean_abs_shift), 4), "pairs": int(r.pairs)}
                           for r in groups[groups["model"] == m].itertuples()} for m in names}
    errs = error_analysis_by_dataset({ds: (f["text"].tolist(), f["label"].tolist(),
                                           {m: est.predict(f["text"].tolist()) for m, est in models.items()})
                                      for ds, f in data.items()})
    out["error_groups"] = json.loads(errs.round(4).to_json(orient="records"))
    texts = data["tweeteval"]["text"].tolist()
    with threadpool_limits(limits=1):
        for m, est in models.items():
            out["speed"][m] = throughput(est, texts, args.min_seconds)
    for m in ("fast", "accurate"):
        out["speed"][m]["x_vader_wall"] = round(out["speed"][m]["posts_per_s_wall"] / out["speed"]["vader"]["posts_per_s_wall"], 2)
        out["speed"][m]["x_vader_cpu"] = round(out["speed"][m]["posts_per_s_cpu"] / out["speed"]["vader"]["posts_per_s_cpu"], 2)
    trait = load_model("trait")
    tt = D.trait_data(D.TRAIT_TEST_PATH)
    rep = evaluate(tt["trait"], trait.predict(tt["text"].tolist()), labels=list(TRAIT_LABELS))
    out["quality"]["trait-test"] = {"trait": {k: round(rep[k], 4) for k in ("macro_f1", "macro_recall", "accuracy")} | {"n": rep["n"]}}
    if args.trait_cv:
        from scrm_lib.modeling.train import trait_cv

        t0 = time.perf_counter()
        out["quality"]["trait-cv5"] = {"trait": {k: round(v, 4) for k, v in trait_cv(D.trait_data()).items()},
                                       "seconds": round(time.perf_counter() - t0, 1)}
    out["training_seconds"] = {m: read_card(model_path(m)).get("training_seconds") for m in ("fast", "accurate", "trait")}
    out["model_bytes"] = {m: model_path(m).stat().st_size for m in ("fast", "accurate", "trait")}
    for name in args.retrain:
        from scrm_lib.modeling.train import train_sentiment, train_trait

        t0 = time.perf_counter()
        fresh = train_trait()[0] if name == "trait" else train_sentiment(name)[0]
        secs = time.perf_counter() - t0
        committed = load_model(name)
        check = texts if name != "trait" else tt["text"].tolist()
        same_labels = bool((fresh.predict(check) == committed.predict(check)).all())
        max_dp = float(np.abs(fresh.predict_proba(check) - committed.predict_proba(check)).max())
        out.setdefault("retrain", {})[name] = {"seconds": round(secs, 1), "identical_labels": same_labels,
                                               "max_abs_proba_diff": max_dp}
    out["machine_end"] = machine()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
