"""Benchmark: VADER vs `fast` vs `accurate` (and the trait model), quality and speed, one run.

Loads the committed models (``models/*.skops``) and, in this one process:

* quality: macro-recall, macro-F1, accuracy on TweetEval test and the airline tweets
  (de-duplicated by tweet id, never trained on), and the trait model on
  ``labeled_posts_test.csv`` (+ its 5-fold CV with ``--trait-cv``, slow);
* speed: posts per second of ``predict`` on the TweetEval test texts (12,284 tweets), best of
  ``--repeats`` passes (the models take turns, so a burst of load hits them alike), wall-clock and
  per CPU second (``time.process_time``, less sensitive to other jobs on a shared machine), single
  process, BLAS limited to one thread; ``--before DIR`` also runs this speed part in a second
  process on another source tree (e.g. ``git archive main``: its code and its ``models/``), so
  one run records before and after, each beside VADER in its own process;
* the real hand-labelled brand posts (``data/labels/trait_real.csv``, twcs + airline held out),
  when their texts are under the external data folder;
* identity invariance (``data/fairness/`` templates, :mod:`scrm_lib.modeling.fairness`): share of
  template pairs whose class changes and mean |score shift|, per group, for every model;
* the error groups of notebook 04 (negation, sarcasm cue, emoji, non-English, very short) on
  each data set, error rate per model;
* ``--retrain NAME``: retrain preset NAME with ``scrm train``'s code and check that it
  predicts exactly like the committed artifact (labels and probabilities on TweetEval test).

Prints one JSON object. Usage:
``.venv/bin/python bench/sentiment_models.py [--repeats 7] [--before DIR] [--trait-cv] [--retrain fast] > bench/out/sentiment_models.json``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from scrm_lib.core.labels import TRAIT_LABELS  # noqa: E402
from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.compare import sentiment_on_real  # noqa: E402
from scrm_lib.modeling.evaluate import evaluate  # noqa: E402
from scrm_lib.modeling.persist import (
    model_path,  # noqa: E402
    read_card,  # noqa: E402
)
from scrm_lib.modeling.realdata import TRAIT_REAL_PATH, load_labelled_posts  # noqa: E402
from scrm_lib.modeling.scoring import load_model  # noqa: E402


def throughput(models: dict, texts: list[str], repeats: int) -> dict:
    """Posts per wall second and per CPU second of each model's ``predict`` (one process).

    Best of ``repeats`` passes over ``texts``; the models take turns in every round.
    """
    for m in models.values():
        m.predict(texts[:200])  # warm caches (lexicons, analyzers)
    wall = {n: [] for n in models}
    cpu = {n: [] for n in models}
    with threadpool_limits(limits=1):
        for _ in range(repeats):
            for n, m in models.items():
                w0, c0 = time.perf_counter(), time.process_time()
                m.predict(texts)
                wall[n].append(time.perf_counter() - w0)
                cpu[n].append(time.process_time() - c0)
    out = {n: {"posts": len(texts), "repeats": repeats, "best_wall_s": round(min(wall[n]), 4),
               "best_cpu_s": round(min(cpu[n]), 4), "posts_per_s_wall": round(len(texts) / min(wall[n])),
               "posts_per_s_cpu": round(len(texts) / min(cpu[n]))} for n in models}
    for n in models:
        if n != "vader" and "vader" in out:
            out[n]["x_vader_wall"] = round(out[n]["posts_per_s_wall"] / out["vader"]["posts_per_s_wall"], 2)
            out[n]["x_vader_cpu"] = round(out[n]["posts_per_s_cpu"] / out["vader"]["posts_per_s_cpu"], 2)
    return out


def speed_run(repeats: int) -> dict:
    """The speed part alone: VADER, ``fast``, ``accurate`` on the TweetEval test texts."""
    models = {m: load_model(m) for m in ("vader", "fast", "accurate")}
    texts = D.load_dataset("tweeteval")[0]["text"].tolist()
    from scrm_lib.modeling.train import predictions_digest

    return {"machine_start": machine(), "speed": throughput(models, texts, repeats),
            "predictions_sha256": {m: predictions_digest(models[m], texts) for m in ("fast", "accurate")},
            "machine_end": machine()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7, help="speed: best of this many passes")
    ap.add_argument("--speed-only", action="store_true", help="only the speed part (used by --before)")
    ap.add_argument("--before", default=None, help="source tree of the 'before' code and models (speed only)")
    ap.add_argument("--trait-cv", action="store_true")
    ap.add_argument("--retrain", action="append", default=[], choices=("fast", "accurate", "trait"))
    args = ap.parse_args()
    if args.speed_only:
        print(json.dumps(speed_run(args.repeats), indent=2))
        return
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
    try:
        real = load_labelled_posts(TRAIT_REAL_PATH)
        out["quality"]["trait-real"] = json.loads(json.dumps(sentiment_on_real(real, tuple(names)), default=float))
    except D.MissingDataError as e:
        out["quality"]["trait-real"] = {"skipped": str(e)}
    texts = data["tweeteval"]["text"].tolist()
    out["speed"] = throughput(models, texts, args.repeats)
    from scrm_lib.modeling.train import predictions_digest

    out["predictions_sha256"] = {m: predictions_digest(models[m], texts) for m in ("fast", "accurate")}
    if args.before:
        src = Path(args.before).resolve()
        env = {**os.environ, "PYTHONPATH": str(src)}
        res = subprocess.run([sys.executable, str(Path(__file__).resolve()),
                              "--speed-only", "--repeats", str(args.repeats)], env=env, cwd=src,
                             capture_output=True, text=True, check=True)
        out["speed_before"] = {"source": str(src), **json.loads(res.stdout)}
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
