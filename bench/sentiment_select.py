"""Hyper-parameter selection for the `fast` and `accurate` presets, on TweetEval val only.

Usage: .venv/bin/python bench/sentiment_select.py PRESET '{"C": 1.0}' '{"C": 0.25}' ...

Each candidate = the preset with the given overrides, trained on SemEval 2013-2016 minus
TweetEval val, calibrated and decision-tuned on val. Prints one JSON line per candidate
with its val macro-recall (the selection criterion), the training time and its speed beside
nltk VADER's in the same process (posts per CPU second of ``predict`` on the val texts, BLAS on
one thread; the preset names are speed classes: ``fast`` ≥ 4× VADER, ``accurate`` ≥ 1×). Test
and airline scores are deliberately NOT computed here, so the choice cannot peek at them.
"""

from __future__ import annotations

import json
import sys
import time

from threadpoolctl import threadpool_limits

from scrm_lib.modeling import data as D
from scrm_lib.modeling.evaluate import evaluate
from scrm_lib.modeling.presets import make_model


def cpu_rate(model, texts: list[str], min_cpu: float = 2.0) -> float:
    """Posts per CPU second of ``model.predict`` (repeated until ``min_cpu`` seconds)."""
    model.predict(texts[:200])
    n, cpu = 0, 0.0
    with threadpool_limits(limits=1):
        while cpu < min_cpu:
            c0 = time.process_time()
            model.predict(texts)
            cpu += time.process_time() - c0
            n += len(texts)
    return n / cpu


def main(argv: list[str]) -> None:
    preset, cands = argv[0], [json.loads(a) for a in argv[1:]] or [{}]
    train, val = D.sentiment_train(), D.sentiment_split("val")
    vtexts = val["text"].tolist()
    vader = cpu_rate(make_model("vader").fit([], []), vtexts)
    for over in cands:
        m = make_model(preset, **over)
        t0 = time.perf_counter()
        m.fit(train["text"].tolist(), train["label"].to_numpy())
        fit_s = time.perf_counter() - t0
        m.calibrate(val["text"].tolist(), val["label"].to_numpy())
        m.tune_decision(val["text"].tolist(), val["label"].to_numpy())
        rep = evaluate(val["label"], m.predict(val["text"].tolist()))
        rate = cpu_rate(m, vtexts)
        print(json.dumps({"preset": preset, "overrides": over, "val_macro_recall": round(rep["macro_recall"], 4),
                          "val_macro_f1": round(rep["macro_f1"], 4), "fit_seconds": round(fit_s, 1),
                          "n_iter": int(max(m.lr_.n_iter_)),
                          "posts_per_cpu_s": round(rate), "vader_posts_per_cpu_s": round(vader),
                          "x_vader": round(rate / vader, 2)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
