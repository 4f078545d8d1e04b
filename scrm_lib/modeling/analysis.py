"""Analysis helpers for notebook 04: benchmark tables, calibration, error groups, VADER failures.

Everything here is a pure function of predictions and texts, so the notebook only
calls and displays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.modeling.text import NEGATION_WORDS

#: Published TweetEval sentiment test macro-recall (Barbieri et al., Findings of EMNLP 2020,
#: TweetEval README leaderboard; ../shared/data/external/tweeteval-sentiment/README.md).
PUBLISHED_TWEETEVAL: tuple[tuple[str, float, str], ...] = (
    ("SVM (published)", 0.629, "Barbieri et al. 2020, TweetEval"),
    ("FastText (published)", 0.629, "Barbieri et al. 2020, TweetEval"),
    ("RoBERTa-base (published)", 0.713, "Barbieri et al. 2020, TweetEval"),
    ("RoBERTa-retrained, best (published)", 0.728, "Barbieri et al. 2020, TweetEval"),
)

#: Targets of issue 6 (macro-recall), by model and data set.
TARGETS: dict[tuple[str, str], float] = {
    ("fast", "tweeteval"): 0.62, ("accurate", "tweeteval"): 0.66, ("accurate", "airline"): 0.70,
}

#: Posts that show VADER's known weaknesses, written for this notebook (illustrative,
#: not a benchmark): the intended label and why a lexicon struggles.
VADER_FAILURE_CASES: tuple[tuple[str, str, str], ...] = (
    ("Great, another 3 hour delay. Just what I needed today.", "negative", "sarcasm: positive words, negative meaning"),
    ("Thanks for nothing @AeroNova, lost my bag again", "negative", "sarcastic thanks"),
    ("not bad at all, honestly impressed", "positive", "negation of a negative word"),
    ("I can't say I'm impressed with the new app", "negative", "negation far from the sentiment word"),
    ("this phone is sick, best camera I've owned", "positive", "slang: 'sick' = great"),
    ("my package still hasn't arrived and nobody answers", "negative", "complaint without sentiment words"),
    ("been on hold for 45 minutes", "negative", "facts that imply a bad experience"),
    ("la señal es malísima desde ayer", "negative", "non-English (the models are English models)"),
    ("👍", "positive", "emoji only"),
    ("The battery died after a day. Fantastic.", "negative", "sarcasm at the end"),
    ("I was worried it would break but it survived the drop!", "positive", "negative word, positive outcome"),
    ("honestly cannot wait for the new season", "positive", "negation that is positive"),
)


def benchmark_table(results: Mapping[str, Mapping[str, Mapping[str, Any]]],
                    published: bool = True) -> pd.DataFrame:
    """Long table: one row per (dataset, model) with the headline metrics.

    ``results[dataset][model]`` is a report of :func:`~scrm_lib.modeling.evaluate.evaluate`
    (optionally with ``posts_per_second``). Published TweetEval anchors are appended as
    rows with their ``source`` when ``published`` and TweetEval is among the data sets;
    measured rows have ``source = "measured"``. ``target`` holds the issue's target.
    """
    rows = []
    for ds, by_model in results.items():
        for model, rep in by_model.items():
            rows.append({"dataset": ds, "model": model, "n": rep["n"],
                         "macro_recall": rep["macro_recall"], "macro_f1": rep["macro_f1"],
                         "accuracy": rep["accuracy"], "posts_per_second": rep.get("posts_per_second"),
                         "target": TARGETS.get((model, ds)), "source": "measured"})
        if published and ds == "tweeteval":
            for name, value, source in PUBLISHED_TWEETEVAL:
                rows.append({"dataset": ds, "model": name, "n": None, "macro_recall": value, "macro_f1": None,
                             "accuracy": None, "posts_per_second": None, "target": None, "source": source})
    return pd.DataFrame(rows)


def calibration_table(y_true: Sequence[str], proba: np.ndarray, classes: Sequence[str],
                      n_bins: int = 10, model: str = "") -> pd.DataFrame:
    """Reliability-diagram data: per class and probability bin, mean predicted vs observed share.

    Bins are equal-width on [0, 1]; empty bins are left out. Columns: ``model``,
    ``class``, ``bin``, ``mean_predicted``, ``observed``, ``count``.
    """
    y = np.asarray(list(y_true), dtype=object)
    proba = np.asarray(proba, dtype=float)
    edges = np.linspace(0, 1, n_bins + 1)
    rows = []
    for k, c in enumerate(classes):
        p = proba[:, k]
        b = np.clip(np.digitize(p, edges[1:-1]), 0, n_bins - 1)
        hit = (y == c).astype(float)
        for i in range(n_bins):
            mask = b == i
            if mask.any():
                rows.append({"model": model, "class": c, "bin": i, "mean_predicted": float(p[mask].mean()),
                             "observed": float(hit[mask].mean()), "count": int(mask.sum())})
    return pd.DataFrame(rows)


def expected_calibration_error(table: pd.DataFrame) -> float:
    """Count-weighted mean |predicted − observed| over the bins of a :func:`calibration_table`."""
    if table.empty:
        return float("nan")
    w = table["count"] / table.groupby("class")["count"].transform("sum")
    per_class = (w * (table["mean_predicted"] - table["observed"]).abs()).groupby(table["class"]).sum()
    return float(per_class.mean())


_NEG = re.compile(r"\b(?:" + NEGATION_WORDS + r")\b|\w+n't\b", re.IGNORECASE)
_SARCASM = re.compile(r"\b(?:yeah\s+right|just\s+what\s+i\s+needed|thanks\s+for\s+nothing|great\s+job|"
                      r"love\s+(?:it\s+)?when|so\s+much\s+fun|wonderful|fantastic|brilliant|awesome|great)\b.*"
                      r"|#sarcasm|/s\b|🙄|🙃", re.IGNORECASE)
_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]")
def error_groups(texts: Sequence[str]) -> pd.DataFrame:
    """Boolean flags per post: ``negation``, ``sarcasm_cue``, ``emoji``, ``non_english``, ``very_short``.

    ``sarcasm_cue`` flags posts with a positive-sounding cue often used sarcastically
    (a heuristic: most such posts are sincere; look at its error rate, not its size).
    ``very_short`` = at most 4 words. ``non_english``: the post's language, detected by
    :func:`scrm_lib.text.language.detect_language`, is neither English nor undetermined.
    """
    from scrm_lib.text.language import detect_language, english_mask

    texts = [t if isinstance(t, str) else "" for t in texts]
    non_en = ~english_mask(detect_language(texts)["lang"]).to_numpy(dtype=bool)
    rows = []
    for t, ne in zip(texts, non_en, strict=True):
        rows.append({"negation": bool(_NEG.search(t)), "sarcasm_cue": bool(_SARCASM.search(t)),
                     "emoji": bool(_EMOJI.search(t)), "non_english": bool(ne),
                     "very_short": len(t.split()) <= 4})
    return pd.DataFrame(rows, columns=["negation", "sarcasm_cue", "emoji", "non_english", "very_short"])


def error_analysis(texts: Sequence[str], y_true: Sequence[str], predictions: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Error rate of each model within each group of :func:`error_groups` (and overall).

    Columns: ``group``, ``n`` (posts in the group), then ``error_<model>`` per model.
    """
    flags = error_groups(texts)
    y = np.asarray(list(y_true), dtype=object)
    wrong = {m: np.asarray(list(p), dtype=object) != y for m, p in predictions.items()}
    rows = [{"group": "all posts", "n": len(y), **{f"error_{m}": float(w.mean()) for m, w in wrong.items()}}]
    for g in flags.columns:
        mask = flags[g].to_numpy()
        rows.append({"group": g, "n": int(mask.sum()),
                     **{f"error_{m}": float(w[mask].mean()) if mask.any() else float("nan") for m, w in wrong.items()}})
    return pd.DataFrame(rows)


def error_analysis_by_dataset(data: Mapping[str, tuple[Sequence[str], Sequence[str], Mapping[str, Sequence[str]]]]
                              ) -> pd.DataFrame:
    """:func:`error_analysis` of several labelled data sets, stacked with a ``dataset`` column.

    ``data[name] = (texts, true labels, {model: predictions})``.
    """
    parts = [error_analysis(t, y, p).assign(dataset=name) for name, (t, y, p) in data.items()]
    out = pd.concat(parts, ignore_index=True)
    return out[["dataset", *[c for c in out.columns if c != "dataset"]]]


def misclassified_examples(texts: Sequence[str], y_true: Sequence[str], y_pred: Sequence[str],
                           group: str, n: int = 5, seed: int = 0) -> pd.DataFrame:
    """Up to ``n`` misclassified posts of one :func:`error_groups` group, drawn with ``seed``."""
    flags = error_groups(texts)
    y, p = np.asarray(list(y_true), dtype=object), np.asarray(list(y_pred), dtype=object)
    idx = np.flatnonzero(flags[group].to_numpy() & (y != p))
    rng = np.random.default_rng(seed)
    pick = np.sort(rng.choice(idx, size=min(n, len(idx)), replace=False)) if len(idx) else idx
    return pd.DataFrame({"text": [texts[i] for i in pick], "true": y[pick], "predicted": p[pick]})


def failure_cases(models: Mapping[str, Any]) -> pd.DataFrame:
    """:data:`VADER_FAILURE_CASES` with each model's prediction (``✓`` when right)."""
    texts = [t for t, _, _ in VADER_FAILURE_CASES]
    df = pd.DataFrame({"post": texts, "intended": [lab for _, lab, _ in VADER_FAILURE_CASES],
                       "why it is hard": [w for _, _, w in VADER_FAILURE_CASES]})
    for name, est in models.items():
        pred = np.asarray(est.predict(texts), dtype=object)
        df[name] = [f"{p} ✓" if p == t else str(p) for p, t in zip(pred, df["intended"], strict=True)]
    return df


__all__ = [
    "PUBLISHED_TWEETEVAL", "TARGETS", "VADER_FAILURE_CASES", "benchmark_table", "calibration_table",
    "error_analysis", "error_analysis_by_dataset", "error_groups", "expected_calibration_error", "failure_cases",
    "misclassified_examples",
]


def predict_with_proba(model: Any, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
    """``(labels, probabilities or None)`` computing the features once.

    Learned models (with ``decision_weights_``) give both; VADER gives labels only
    (its neg/neu/pos proportions are not probabilities).
    """
    texts = list(texts)
    if hasattr(model, "decision_weights_"):
        proba = model.predict_proba(texts)
        return np.asarray(model.classes_, dtype=object)[np.argmax(proba * model.decision_weights_, axis=1)], proba
    return np.asarray(model.predict(texts), dtype=object), None


def describe_post(text: str, sentiment_models: Mapping[str, Any], trait_model: Any | None = None) -> pd.DataFrame:
    """One row per model: its label for ``text``, score or probability, and the top pushing features."""
    from scrm_lib.modeling.scoring import sentiment_scores, trait_scores

    rows = []
    for name, est in sentiment_models.items():
        label, score = sentiment_scores(est, [text])
        why = ""
        if hasattr(est, "explain"):
            ex = est.explain(text, top=4)
            why = ", ".join(f"{f} ({v:+.2f})" for f, v in zip(ex["feature"], ex["push_to_predicted"], strict=True) if v > 0)
        rows.append({"model": name, "task": "sentiment", "label": label[0], "score": round(float(score[0]), 3),
                     "pushed by": why})
    if trait_model is not None:
        label, conf = trait_scores(trait_model, [text])
        ex = trait_model.explain(text, top=4)
        why = ", ".join(f"{f} ({v:+.2f})" for f, v in zip(ex["feature"], ex["push_to_predicted"], strict=True) if v > 0)
        rows.append({"model": "trait", "task": "customer trait", "label": label[0], "score": round(float(conf[0]), 3),
                     "pushed by": why})
    return pd.DataFrame(rows)


__all__ += ["describe_post", "predict_with_proba"]
