"""Would a blend of the two sentiment presets be chosen on TweetEval val? (issue 12)

Blends the committed ``fast`` and ``accurate`` models log-linearly: ``w · log p_fast + (1 − w) ·
log p_accurate`` of their decision-weighted, renormalised probabilities, for a grid of ``w``. Prints one
JSON object: macro-recall per ``w`` on TweetEval val (the selection criterion: both models were calibrated
on val, so val is where a blend weight would be chosen) and, for the record only, on TweetEval test and
the airline tweets. Usage: ``.venv/bin/python bench/sentiment_blend.py > bench/out/sentiment_blend.json``
"""

from __future__ import annotations

import json

import numpy as np

from scrm_lib.modeling import data as D
from scrm_lib.modeling.evaluate import evaluate
from scrm_lib.modeling.scoring import load_model

WEIGHTS = (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0)


def weighted_proba(model, texts: list[str]) -> np.ndarray:
    """The probabilities ``predict`` ranks (times the decision weights), renormalised."""
    p = model.predict_proba(texts) * model.decision_weights_
    return p / p.sum(axis=1, keepdims=True)


def main() -> None:
    fast, accurate = load_model("fast"), load_model("accurate")
    sets = {"tweeteval-val": D.sentiment_split("val"), "tweeteval-test": D.sentiment_split("test"),
            "airline": D.airline()}
    probs = {n: (weighted_proba(fast, d["text"].tolist()), weighted_proba(accurate, d["text"].tolist()), d["label"])
             for n, d in sets.items()}
    out: dict = {"benchmark": "sentiment_blend", "blend": "w * log p_fast + (1 - w) * log p_accurate", "by_weight": {}}
    for w in WEIGHTS:
        row = {}
        for n, (pf, pa, y) in probs.items():
            pred = fast.classes_[np.argmax(w * np.log(pf) + (1 - w) * np.log(pa), axis=1)]
            row[n] = round(evaluate(y, pred)["macro_recall"], 4)
        out["by_weight"][str(w)] = row
    best = max(WEIGHTS, key=lambda w: (out["by_weight"][str(w)]["tweeteval-val"], -w))
    out["chosen_on_val"] = best
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
