"""Hyper-parameter selection for the `fast` and `accurate` presets, on TweetEval val only.

Usage: .venv/bin/python bench/sentiment_select.py PRESET '{"C": 1.0}' '{"C": 0.25}' ...

Each candidate = the preset with the given overrides, trained on SemEval 2013-2016 minus
TweetEval val, calibrated and decision-tuned on val. Prints one JSON line per candidate
with its val macro-recall (the selection criterion) and the training time. Test and
airline scores are deliberately NOT computed here, so the choice cannot peek at them.
"""

from __future__ import annotations

import json
import sys
import time

from scrm_lib.models import data as D
from scrm_lib.models.evaluate import evaluate
from scrm_lib.models.presets import make_model


def main(argv: list[str]) -> None:
    preset, cands = argv[0], [json.loads(a) for a in argv[1:]] or [{}]
    train, val = D.sentiment_train(), D.sentiment_split("val")
    for over in cands:
        m = make_model(preset, **over)
        t0 = time.perf_counter()
        m.fit(train["text"].tolist(), train["label"].to_numpy())
        fit_s = time.perf_counter() - t0
        m.calibrate(val["text"].tolist(), val["label"].to_numpy())
        m.tune_decision(val["text"].tolist(), val["label"].to_numpy())
        rep = evaluate(val["label"], m.predict(val["text"].tolist()))
        print(json.dumps({"preset": preset, "overrides": over, "val_macro_recall": round(rep["macro_recall"], 4),
                          "val_macro_f1": round(rep["macro_f1"], 4), "fit_seconds": round(fit_s, 1),
                          "n_iter": int(max(m.lr_.n_iter_))}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
