"""Evaluation metrics for sentiment and trait models, as plain JSON-ready dictionaries.

:func:`evaluate` computes everything from the confusion matrix (counts that add up
across partitions: evaluate chunks, sum their ``confusion`` matrices, and
:func:`report_from_confusion` gives the metrics of the whole), and the tests check that
the numbers equal scikit-learn's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np


def confusion(y_true: Iterable[str], y_pred: Iterable[str], labels: Sequence[str]) -> np.ndarray:
    """Counts ``C[i, j]`` = posts of true class ``labels[i]`` predicted ``labels[j]``.

    Labels outside ``labels`` are ignored (neither row nor column).
    """
    index = {lab: i for i, lab in enumerate(labels)}
    k = len(labels)
    t = np.fromiter((index.get(v, -1) for v in y_true), dtype=np.int64)
    p = np.fromiter((index.get(v, -1) for v in y_pred), dtype=np.int64)
    if len(t) != len(p):
        raise ValueError(f"y_true has {len(t)} labels but y_pred has {len(p)}")
    ok = (t >= 0) & (p >= 0)
    return np.bincount(t[ok] * k + p[ok], minlength=k * k).reshape(k, k)


def report_from_confusion(cm: np.ndarray, labels: Sequence[str]) -> dict[str, Any]:
    """Macro-recall, macro-F1, accuracy, per-class P/R/F1/support and N from a confusion matrix.

    A class that is never predicted has precision 0 (scikit-learn's ``zero_division=0``);
    classes with no true posts are left out of the macro averages.
    """
    cm = np.asarray(cm, dtype=np.int64)
    tp = np.diag(cm).astype(float)
    support = cm.sum(axis=1).astype(float)
    predicted = cm.sum(axis=0).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    present = support > 0
    n = int(cm.sum())
    return {
        "n": n,
        "macro_recall": float(recall[present].mean()) if present.any() else 0.0,
        "macro_f1": float(f1[present].mean()) if present.any() else 0.0,
        "accuracy": float(tp.sum() / n) if n else 0.0,
        "per_class": {
            lab: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
                  "support": int(support[i])}
            for i, lab in enumerate(labels)
        },
        "labels": list(labels),
        "confusion": cm.tolist(),
    }


def evaluate(y_true: Iterable[str], y_pred: Iterable[str], labels: Sequence[str] | None = None) -> dict[str, Any]:
    """All metrics of :func:`report_from_confusion` for two label sequences.

    ``labels`` defaults to the sorted union of the true and predicted labels.
    """
    y_true = [str(v) for v in y_true]
    y_pred = [str(v) for v in y_pred]
    if labels is None:
        labels = sorted(set(y_true) | set(y_pred))
    return report_from_confusion(confusion(y_true, y_pred, labels), labels)


def evaluate_models(model: str, dataset: str, external_dir: str | None = None,
                    baseline: str = "vader") -> dict[str, Any]:
    """Evaluate ``model`` and the ``baseline`` on one data set in the same run (``scrm eval``).

    Returns ``{"dataset", "n", "labels_from", "models": {name: report + seconds,
    posts_per_second}}`` with the reports of :func:`evaluate`. On ``trait-test`` the
    trait model is scored on the ``trait`` column and sentiment models on the file's
    ``sentiment`` column.
    """
    import time

    from scrm_lib.modeling import data as _data
    from scrm_lib.modeling.presets import SENTIMENT_LABELS, TRAIT_LABELS
    from scrm_lib.modeling.scoring import load_model

    if dataset == "identity-templates":
        return identity_report(model, baseline)
    frame, kind = _data.load_dataset(dataset, external_dir)
    texts = frame["text"].tolist()
    names = [model] + ([baseline] if baseline and baseline != model else [])
    out: dict[str, Any] = {"dataset": dataset, "n": len(frame), "models": {}}
    for name in names:
        est = load_model(name)
        classes = [str(c) for c in getattr(est, "classes_", SENTIMENT_LABELS)]
        is_trait = set(classes) <= set(TRAIT_LABELS) and not set(classes) <= set(SENTIMENT_LABELS)
        if is_trait and kind != "trait":
            raise ValueError(f"{name} predicts traits; dataset {dataset} has sentiment labels only")
        if kind == "trait" and not is_trait:
            truth = _data.trait_data(_data.TRAIT_TEST_PATH)["sentiment"].tolist()
            labels, column = list(SENTIMENT_LABELS), "sentiment"
        else:
            truth = frame["label"].tolist()
            labels = list(TRAIT_LABELS) if is_trait else list(SENTIMENT_LABELS)
            column = "trait" if is_trait else ("label" if kind == "sentiment" else "trait")
        t0 = time.perf_counter()
        pred = est.predict(texts)
        dt = time.perf_counter() - t0
        rep = evaluate(truth, pred, labels=labels)
        rep["labels_from"] = column
        rep["seconds"] = round(dt, 3)
        rep["posts_per_second"] = round(len(texts) / dt) if dt > 0 else None
        out["models"][name] = rep
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two label sequences on the same items (1 = perfect, 0 = chance).

    ``nan`` when chance agreement is 1 (both raters used a single, identical label).
    """
    a = [str(v) for v in a]
    b = [str(v) for v in b]
    if len(a) != len(b):
        raise ValueError(f"the two raters have {len(a)} and {len(b)} labels")
    labels = sorted(set(a) | set(b))
    cm = confusion(a, b, labels).astype(float)
    n = cm.sum()
    if n == 0:
        return float("nan")
    po = np.trace(cm) / n
    pe = float((cm.sum(axis=0) * cm.sum(axis=1)).sum() / n**2)
    return float("nan") if pe >= 1 else float((po - pe) / (1 - pe))


def bootstrap_intervals(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str],
                        n_boot: int = 1000, level: float = 0.95, random_state: int = 0) -> dict[str, Any]:
    """Percentile bootstrap intervals of macro-F1 and per-class precision / recall / F1.

    Posts are resampled with replacement ``n_boot`` times (seeded); each resample's
    confusion matrix gives the metrics (:func:`report_from_confusion`). Returns
    ``{"macro_f1": (lo, hi), "macro_recall": (lo, hi), "per_class": {label: {"precision":
    (lo, hi), "recall": …, "f1": …}}}``.
    """
    labels = list(labels)
    index = {lab: i for i, lab in enumerate(labels)}
    t = np.array([index.get(str(v), -1) for v in y_true])
    p = np.array([index.get(str(v), -1) for v in y_pred])
    ok = (t >= 0) & (p >= 0)
    t, p = t[ok], p[ok]
    k, n = len(labels), len(t)
    rng = np.random.default_rng(random_state)
    macro_f1, macro_rec = np.empty(n_boot), np.empty(n_boot)
    per = np.empty((n_boot, 3, k))
    for i in range(n_boot):
        j = rng.integers(0, n, n)
        cm = np.bincount(t[j] * k + p[j], minlength=k * k).reshape(k, k)
        rep = report_from_confusion(cm, labels)
        macro_f1[i], macro_rec[i] = rep["macro_f1"], rep["macro_recall"]
        per[i] = [[rep["per_class"][lab][m] for lab in labels] for m in ("precision", "recall", "f1")]
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100

    def ci(x: np.ndarray) -> tuple[float, float]:
        return (float(np.percentile(x, lo)), float(np.percentile(x, hi)))

    return {"macro_f1": ci(macro_f1), "macro_recall": ci(macro_rec), "n_boot": n_boot, "level": level,
            "per_class": {lab: {m: ci(per[:, mi, li]) for mi, m in enumerate(("precision", "recall", "f1"))}
                          for li, lab in enumerate(labels)}}


def identity_report(model: str, baseline: str = "vader") -> dict[str, Any]:
    """``scrm eval --dataset identity-templates``: identity invariance of ``model`` and the baseline.

    ``{"dataset", "n", "models": {name: {"groups": {group: {pairs, class_changes,
    mean_abs_shift}}, "subgroups": {group: {subgroup: mean_shift}}, "seconds"}}}``
    (:func:`scrm_lib.modeling.fairness.identity_invariance`).
    """
    import time

    from scrm_lib.modeling.fairness import identity_invariance, identity_sentences
    from scrm_lib.modeling.scoring import load_model

    sentences = identity_sentences()
    names = [model] + ([baseline] if baseline and baseline != model else [])
    out: dict[str, Any] = {"dataset": "identity-templates", "n": len(sentences), "models": {}}
    for name in names:
        t0 = time.perf_counter()
        groups, subs = identity_invariance({name: load_model(name)}, sentences)
        out["models"][name] = {
            "groups": {r.group: {"pairs": int(r.pairs), "class_changes": round(float(r.class_changes), 4),
                                 "mean_abs_shift": round(float(r.mean_abs_shift), 4)} for r in groups.itertuples()},
            "subgroups": {g: {r.subgroup: round(float(r.mean_shift), 4) for r in part.itertuples()}
                          for g, part in subs.groupby("group", sort=False)},
            "seconds": round(time.perf_counter() - t0, 3)}
    return out


__all__ = ["bootstrap_intervals", "cohen_kappa", "confusion", "evaluate", "evaluate_models", "identity_report",
           "report_from_confusion"]
