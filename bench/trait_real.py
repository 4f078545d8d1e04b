"""Benchmark: the trait model on the hand-labelled real posts (issue 11).

Prints the JSON of ``scrm eval --model trait --dataset trait-real`` (source-held-out per
rotation, pooled per-class P/R/F1 with 95% bootstrap intervals, brand-grouped CV within
sources, abstention table, calibration error; majority and keyword-rule baselines in
the same run; the sentiment models' macro-recall on the same posts), plus the
invented-posts **ablation** (the trait preset trained with and without
``data/samples/labeled_posts.csv`` added to each training fold) and the char-n-gram
ablation (the previous preset's features), with the machine before and after.

Usage: ``SCRM_EXTERNAL_DATA=... .venv/bin/python bench/trait_real.py > bench/out/trait_real.json``
(``--quick`` skips the ablations and the grouped CV).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402

from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.presets import make_model  # noqa: E402
from scrm_lib.modeling.realdata import load_labelled_posts  # noqa: E402
from scrm_lib.modeling.trait_real import real_corpus_report, source_held_out  # noqa: E402


def _short(r: dict) -> dict:
    pc = r["pooled"]["per_class"]
    return {"mean_macro_f1": round(r["mean_macro_f1"], 4),
            **{f"test={s}": round(v["macro_f1"], 4) for s, v in r["rotations"].items()},
            "none_recall": round(pc["none"]["recall"], 4), "venting_precision": round(pc["venting"]["precision"], 4)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    out: dict = {"benchmark": "trait_real", "machine_start": machine()}
    t0 = time.perf_counter()
    out["report"] = real_corpus_report("trait", grouped_cv=not args.quick)
    out["report_seconds"] = round(time.perf_counter() - t0, 1)
    if not args.quick:
        df = load_labelled_posts()
        inv = D.trait_data()[["text", "trait"]]
        ab = {}
        ab["trait preset, real labels only"] = _short(source_held_out(df, lambda: make_model("trait")))
        ab["trait preset + invented posts (shipped)"] = {
            k: v for k, v in out["report"]["summary"]["trait"].items()}
        ab["+ char 2-5-grams (previous features) + invented"] = _short(source_held_out(
            df, lambda: make_model("trait", char_ngrams=(2, 5), char_bits=20, emoji_names=True), extra=inv))
        out["ablation"] = ab
    out["machine_end"] = machine()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
