"""Benchmark: the trait model on the hand-labelled real posts (issue 11).

Prints the JSON of ``scrm eval --model trait --dataset trait-real`` (source-held-out per
rotation with per-class P/R/F1, pooled per-class P/R/F1 with 95% bootstrap intervals,
brand-grouped CV within sources, abstention table, calibration error; majority and
keyword-rule baselines in the same run; the sentiment models' macro-recall on the same
posts), plus, in the same run:

- ``before``: the model as it was before a label update (``--before-labels``: an earlier
  snapshot of ``data/labels/trait_real.csv``, e.g. ``git show REV:data/labels/trait_real.csv``),
  trained per rotation on that snapshot's posts of the two other sources and tested on the
  **current** posts of the held-out source: before and after are scored on the same posts;
- the invented-posts **ablation** (the trait preset trained with and without
  ``data/samples/labeled_posts.csv`` added to each training fold);

with the machine (load average) before and after.

Usage: ``SCRM_EXTERNAL_DATA=... .venv/bin/python bench/trait_real.py --before-labels OLD.csv > bench/out/trait_real.json``
(``--quick`` skips the ablation and the grouped CV).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402

from scrm_lib.core.labels import TRAIT_LABELS  # noqa: E402
from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.compare import real_corpus_report  # noqa: E402
from scrm_lib.modeling.evaluate import bootstrap_intervals  # noqa: E402
from scrm_lib.modeling.presets import make_model  # noqa: E402
from scrm_lib.modeling.realdata import load_labelled_posts  # noqa: E402
from scrm_lib.modeling.trait_real import source_held_out  # noqa: E402

#: Preset parameters of the model before the update (``{}``: the preset is unchanged, only the labels differ).
BEFORE_OVERRIDES: dict = {}


def _r(x: float) -> float:
    return round(float(x), 4)


def _short(r: dict) -> dict:
    pc = r["pooled"]["per_class"]
    return {"mean_macro_f1": _r(r["mean_macro_f1"]),
            **{f"test={s}": _r(v["macro_f1"]) for s, v in r["rotations"].items()},
            "none_recall": _r(pc["none"]["recall"]), "venting_precision": _r(pc["venting"]["precision"])}


def _full(r: dict, n_boot: int = 1000) -> dict:
    """Per rotation and pooled per-class P/R/F1 (pooled with 95% bootstrap intervals)."""
    p = r["predictions"]
    ci = bootstrap_intervals(p["trait"].tolist(), p["pred"].tolist(), list(TRAIT_LABELS), n_boot=n_boot)
    per = {s: {"macro_f1": _r(v["macro_f1"]), "n": v["n"],
               "per_class": {c: {m: _r(x[m]) for m in ("precision", "recall", "f1", "support") if m in x}
                             for c, x in v["per_class"].items()}}
           for s, v in r["rotations"].items()}
    pooled = {c: {m: _r(x[m]) for m in ("precision", "recall", "f1")} | {
        f"{m}_ci95": [_r(v) for v in ci["per_class"][c][m]] for m in ("precision", "recall", "f1")}
        for c, x in r["pooled"]["per_class"].items()}
    return {**_short(r), "rotations": per, "pooled_macro_f1": _r(r["pooled"]["macro_f1"]),
            "pooled_macro_f1_ci95": [_r(v) for v in ci["macro_f1"]], "pooled_per_class": pooled}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--before-labels", help="an earlier label file: the 'before' model trains on it")
    args = ap.parse_args()
    out: dict = {"benchmark": "trait_real", "machine_start": machine()}
    t0 = time.perf_counter()
    c0 = time.process_time()
    out["report"] = real_corpus_report("trait", grouped_cv=not args.quick)
    out["report_seconds"] = round(time.perf_counter() - t0, 1)
    out["report_cpu_seconds"] = round(time.process_time() - c0, 1)
    df = load_labelled_posts()
    inv = D.trait_data()[["text", "trait"]]
    if args.before_labels:
        old = load_labelled_posts(args.before_labels)
        before = source_held_out(df, lambda: make_model("trait", **BEFORE_OVERRIDES), extra=inv, train_df=old)
        after = source_held_out(df, lambda: make_model("trait"), extra=inv)
        out["before_after"] = {
            "test_posts": len(df),
            "before": {"labels": args.before_labels, "training_posts": len(old),
                       "preset_overrides": BEFORE_OVERRIDES, **_full(before)},
            "after": {"labels": "data/labels/trait_real.csv", "training_posts": len(df), **_full(after)},
        }
    if not args.quick:
        out["ablation"] = {
            "trait preset, real labels only": _short(source_held_out(df, lambda: make_model("trait"))),
            "trait preset + invented posts (shipped)": out["report"]["summary"]["trait"],
        }
    out["machine_end"] = machine()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
