"""Named models on named data sets, side by side: the reports of ``scrm eval``.

These functions take model **names** (``vader``, ``fast``, ``accurate``, ``trait`` or a
``.skops`` path), load them with :func:`scrm_lib.modeling.scoring.load_model` and evaluate them
with the metrics of :mod:`scrm_lib.modeling.evaluate`; the metrics, the protocols
(:mod:`scrm_lib.modeling.trait_real`) and the training code import none of this, so evaluation
never depends on loading or training a model.

- :func:`evaluate_models` — a model and the VADER baseline on a benchmark (``scrm eval --dataset``);
- :func:`identity_report` — identity invariance (``--dataset identity-templates``);
- :func:`sentiment_on_real` and :func:`real_corpus_report` — the hand-labelled real corpus
  (``--dataset trait-real``, ``bench/trait_real.py``).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.labels import SENTIMENT_LABELS, TRAIT_LABELS
from scrm_lib.modeling import data as _data
from scrm_lib.modeling.evaluate import evaluate
from scrm_lib.modeling.fairness import identity_invariance, identity_sentences
from scrm_lib.modeling.predict import sentiment_scores
from scrm_lib.modeling.presets import SENTIMENT_MODELS
from scrm_lib.modeling.realdata import TRAIT_REAL_PATH, load_labelled_posts
from scrm_lib.modeling.scoring import load_model
from scrm_lib.modeling.trait_real import run_evaluation


def evaluate_models(model: str, dataset: str, external_dir: str | None = None,
                    baseline: str = "vader") -> dict[str, Any]:
    """Evaluate ``model`` and the ``baseline`` on one data set in the same run (``scrm eval``).

    Returns ``{"dataset", "n", "labels_from", "models": {name: report + seconds,
    posts_per_second}}`` with the reports of :func:`evaluate`. On ``trait-test`` the
    trait model is scored on the ``trait`` column and sentiment models on the file's
    ``sentiment`` column.
    """
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


def identity_report(model: str, baseline: str = "vader") -> dict[str, Any]:
    """``scrm eval --dataset identity-templates``: identity invariance of ``model`` and the baseline.

    ``{"dataset", "n", "models": {name: {"groups": {group: {pairs, class_changes,
    mean_abs_shift}}, "subgroups": {group: {subgroup: mean_shift}}, "seconds"}}}``
    (:func:`scrm_lib.modeling.fairness.identity_invariance`).
    """
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


def sentiment_on_real(df: pd.DataFrame, models: tuple[str, ...] = ("vader", "fast", "accurate")) -> dict[str, Any]:
    """Macro-recall (and macro-F1) of the sentiment models on the real corpus's hand labels.

    Reported separately for ``twcs+airline`` and ``semeval``: the SemEval tweets are inside
    the learned sentiment models' training pool, so their figure is not a held-out one.
    """
    groups = {"twcs+airline": df["dataset"].isin(["twcs", "airline"]), "semeval (in training pool)": df["dataset"] == "semeval"}
    out: dict[str, Any] = {}
    for name in models:
        est = load_model(name)
        pred, _ = sentiment_scores(est, df["text"].tolist())
        out[name] = {}
        for g, m in groups.items():
            if m.any():
                rep = evaluate(df.loc[m, "sentiment"], np.asarray(pred)[m.to_numpy()], labels=list(SENTIMENT_LABELS))
                out[name][g] = {"macro_recall": rep["macro_recall"], "macro_f1": rep["macro_f1"], "n": rep["n"]}
    return out


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


def real_corpus_report(model: str = "trait", external_dir: str | None = None, grouped_cv: bool = True,
                       n_boot: int = 1000) -> dict[str, Any]:
    """``scrm eval --dataset trait-real``: the figures of issue 11 on the hand-labelled real posts.

    ``model="trait"``: :func:`run_evaluation` of the trait preset (trained with the
    invented posts added, as ``scrm train`` does) beside the baselines, a summary table
    of the source-held-out macro-F1 per rotation, and :func:`sentiment_on_real` for
    vader / fast / accurate. A sentiment model name: its :func:`sentiment_on_real` only.
    """
    df = load_labelled_posts(TRAIT_REAL_PATH, external_dir)
    if model in SENTIMENT_MODELS:
        return _rounded({"dataset": "trait-real", "n": len(df), "sentiment": sentiment_on_real(df, (model,))})
    if model != "trait":
        raise ValueError(f"trait-real evaluates the trait preset (retrained per rotation) or a sentiment "
                         f"model ({', '.join(SENTIMENT_MODELS)}), not {model!r}")
    invented = _data.trait_data()[["text", "trait"]]
    res = run_evaluation(df, grouped_cv=grouped_cv, n_boot=n_boot, extra={"trait": invented})
    table = {name: {"mean_macro_f1": r["source_held_out"]["mean_macro_f1"],
                    **{f"test={s}": v["macro_f1"] for s, v in r["source_held_out"]["rotations"].items()},
                    "none_recall": r["source_held_out"]["pooled"]["per_class"]["none"]["recall"],
                    "venting_precision": r["source_held_out"]["pooled"]["per_class"]["venting"]["precision"]}
             for name, r in res["models"].items()}
    return _rounded({"dataset": "trait-real", "protocol": "source-held-out: train on two sources (+ invented posts "
                     "for the trait model), test on the third; mean over the three rotations",
                     "summary": table, **res, "sentiment": sentiment_on_real(df)})


__all__ = ["evaluate_models", "identity_report", "real_corpus_report", "sentiment_on_real"]
