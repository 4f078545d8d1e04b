"""Benchmark: the customer-trait classifier — 5-fold CV, brand-grouped CV, test split, speed.

* 5-fold stratified CV on ``data/samples/labeled_posts.csv`` (target macro-F1 ≥ 0.75);
* 5-fold CV grouped by brand (no brand in both training and validation folds: a
  stand-in for new brands and phrasing, as the independent held-out set will have);
* the separately written test split ``labeled_posts_test.csv`` (trained on the whole
  training file; never used for a choice);
* fit time and scoring speed (posts/s, one process).

Usage: ``.venv/bin/python bench/trait_cv.py > bench/out/trait_cv.json``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict  # noqa: E402

from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.evaluate import evaluate  # noqa: E402
from scrm_lib.modeling.presets import TRAIT_LABELS, make_model  # noqa: E402


def summary(rep: dict) -> dict:
    return {"macro_f1": round(rep["macro_f1"], 4), "macro_recall": round(rep["macro_recall"], 4),
            "accuracy": round(rep["accuracy"], 4), "n": rep["n"],
            "f1_per_class": {c: round(v["f1"], 3) for c, v in rep["per_class"].items()}}


def main() -> None:
    out = {"benchmark": "trait_cv", "machine_start": machine()}
    train, test = D.trait_data(), D.trait_data(D.TRAIT_TEST_PATH)
    X, y = train["text"].tolist(), train["trait"].to_numpy()
    labels = list(TRAIT_LABELS)
    t0 = time.perf_counter()
    p = cross_val_predict(make_model("trait"), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
    out["cv5_stratified"] = summary(evaluate(y, p, labels=labels)) | {"seconds": round(time.perf_counter() - t0, 1)}
    t0 = time.perf_counter()
    p = cross_val_predict(make_model("trait"), X, y, cv=GroupKFold(5), groups=train["brand"].to_numpy())
    out["cv5_grouped_by_brand"] = summary(evaluate(y, p, labels=labels)) | {"seconds": round(time.perf_counter() - t0, 1)}
    t0 = time.perf_counter()
    model = make_model("trait").fit(X, y)
    out["fit_seconds"] = round(time.perf_counter() - t0, 1)
    texts = test["text"].tolist()
    t0 = time.perf_counter()
    pred = model.predict(texts)
    dt = time.perf_counter() - t0
    out["test_split"] = summary(evaluate(test["trait"], pred, labels=labels))
    out["posts_per_second"] = round(len(texts) / dt)
    out["machine_end"] = machine()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
