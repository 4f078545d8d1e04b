"""Quality of candidate (b): full MiniLM sentence embeddings (ONNX, ``bench/minilm_onnx.py``) + lexical features.

Reads ``emb_train.npy`` / ``emb_val.npy`` / ``emb_test.npy`` written by ``bench/minilm_onnx.py`` (in
the order of ``scrm_lib.modeling.data.sentiment_train()`` and the TweetEval files) and fits, by the
protocol, the ``fast`` preset's features concatenated with the embeddings (× ``--weight``) →
balanced logistic regression, temperature calibration and decision weights on val. Prints val
macro-recall (the selection criterion) and, for the report only, test macro-recall; and the same
for the embeddings alone.

Usage: ``.venv/bin/python bench/sentiment_embed_eval.py /tmp/sent_onnx [--weight 1.0]``
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from scrm_lib.modeling import data as D
from scrm_lib.modeling.evaluate import evaluate
from scrm_lib.modeling.presets import make_model


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--weight", type=float, default=1.0)
    args = ap.parse_args()
    d = Path(args.folder)
    train, val, test = D.sentiment_train(), D.sentiment_split("val"), D.sentiment_split("test")
    E = {s: np.load(d / f"emb_{s}.npy") for s in ("train", "val", "test")}
    out = {}
    # embeddings alone
    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(E["train"], train["label"])
    out["embeddings_only"] = {s: round(evaluate(f["label"], lr.predict(E[s]))["macro_recall"], 4)
                              for s, f in (("val", val), ("test", test))}
    # concatenated with the fast preset's lexical features
    m = make_model("fast", mask_identity=True)
    m.fit(train["text"].tolist(), train["label"].to_numpy())  # builds the fitted lexical pipeline
    F = {s: m.pipeline_.transform(f["text"].tolist()) for s, f in (("train", train), ("val", val), ("test", test))}
    X = {s: sp.hstack([F[s], sp.csr_matrix(E[s] * args.weight)]).tocsr() for s in F}
    m.lr_ = LogisticRegression(C=m.C, class_weight="balanced", max_iter=300).fit(X["train"], train["label"])
    z = {s: m.lr_.decision_function(X[s]) for s in X}
    m._fit_calibration(z["val"], val["label"].to_numpy())
    m.decision_weights_ = m._initial_weights()
    from scipy.special import softmax

    def pred(s: str) -> np.ndarray:
        p = softmax(z[s] / m.temperature_ + m.bias_, axis=1)
        return m.classes_[np.argmax(p * m.decision_weights_, axis=1)]

    out["fast_plus_onnx_embeddings"] = {"weight": args.weight, "val": round(evaluate(val["label"], pred("val"))["macro_recall"], 4),
                                        "test": round(evaluate(test["label"], pred("test"))["macro_recall"], 4)}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
