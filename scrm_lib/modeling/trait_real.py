"""The trait model on the hand-labelled real corpus: agreement, evaluation, abstention (issue 11).

- :func:`agreement`: Cohen's kappa between the two labelling passes, overall, per trait
  (one-vs-rest) and for sentiment, overall and per source;
- :func:`source_held_out`: train on two sources, test on the third, for each rotation
  (the figure that predicts how the model does on a source nobody has seen);
- :func:`brand_grouped_cv`: within each source, k-fold CV with no brand in both the
  training and the test folds;
- :func:`abstain_table` / :func:`choose_abstain_threshold`: how precision of the answered
  posts and coverage trade off when low-confidence posts become ``uncertain``;
- :func:`run_evaluation`: all of the above for the learned model next to the majority
  and keyword-rule baselines, as one JSON-ready dictionary (``scrm eval --dataset trait-real``).

The estimators are built by a factory (``make``: no arguments → an unfitted estimator)
so every fold starts from the same, fresh parameters.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GroupKFold

from scrm_lib.core.labels import TRAIT_LABELS, UNCERTAIN
from scrm_lib.modeling.evaluate import bootstrap_intervals, cohen_kappa, evaluate
from scrm_lib.modeling.predict import trait_scores
from scrm_lib.modeling.presets import make_model
from scrm_lib.modeling.realdata import REAL_SOURCES, load_labelled_posts
from scrm_lib.modeling.trait_rules import KeywordTraitRules

Factory = Callable[[], Any]

#: The models :func:`run_evaluation` compares, in display order.
BASELINES: dict[str, Factory] = {
    "majority": lambda: DummyClassifier(strategy="most_frequent"),
    "keyword_rules": KeywordTraitRules,
}


def agreement(pass1: pd.DataFrame, pass2: pd.DataFrame) -> dict[str, Any]:
    """Cohen's kappa between two labelling passes on the posts both labelled.

    Both frames have ``dataset, source_id, trait, sentiment``. Returns ``n``, raw
    agreement and kappa for the trait, kappa per trait one-vs-rest (that trait or not),
    sentiment kappa, and the same per source (``by_source``).
    """
    m = pass1.merge(pass2, on=["dataset", "source_id"], suffixes=("_1", "_2"))

    def block(d: pd.DataFrame) -> dict[str, Any]:
        a, b = d["trait_1"].tolist(), d["trait_2"].tolist()
        return {
            "n": len(d),
            "trait_agreement": float(np.mean(np.array(a) == np.array(b))) if len(d) else float("nan"),
            "trait_kappa": cohen_kappa(a, b),
            "sentiment_agreement": float(np.mean(d["sentiment_1"].to_numpy() == d["sentiment_2"].to_numpy()))
            if len(d) else float("nan"),
            "sentiment_kappa": cohen_kappa(d["sentiment_1"], d["sentiment_2"]),
            "per_trait_kappa": {t: cohen_kappa([x == t for x in a], [x == t for x in b]) for t in TRAIT_LABELS},
            "per_trait_n": {t: int(sum(x == t for x in a) + sum(x == t for x in b)) for t in TRAIT_LABELS},
        }

    out = block(m)
    out["by_source"] = {s: block(m[m["dataset"] == s]) for s in REAL_SOURCES if (m["dataset"] == s).any()}
    return out


def disagreements(pass1: pd.DataFrame, pass2: pd.DataFrame) -> pd.DataFrame:
    """The posts whose trait or sentiment differs between the passes (to adjudicate)."""
    m = pass1.merge(pass2, on=["dataset", "source_id"], suffixes=("_1", "_2"))
    diff = (m["trait_1"] != m["trait_2"]) | (m["sentiment_1"] != m["sentiment_2"])
    return m.loc[diff].reset_index(drop=True)


def _fit_predict(make: Factory, train: pd.DataFrame, test: pd.DataFrame,
                 extra: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    if extra is not None and len(extra):
        train = pd.concat([train[["text", "trait"]], extra[["text", "trait"]]], ignore_index=True)
    est = make().fit(train["text"].tolist(), train["trait"].to_numpy())
    texts = test["text"].tolist()
    if hasattr(est, "decision_weights_"):
        pred, conf = trait_scores(est, texts)
        return np.asarray(pred, dtype=object), conf
    return np.asarray(est.predict(texts), dtype=object), None


def _summary(rep: dict[str, Any]) -> dict[str, Any]:
    return {"macro_f1": rep["macro_f1"], "macro_recall": rep["macro_recall"], "accuracy": rep["accuracy"],
            "n": rep["n"], "per_class": rep["per_class"]}


def source_held_out(df: pd.DataFrame, make: Factory, sources: tuple[str, ...] = REAL_SOURCES,
                    extra: pd.DataFrame | None = None, train_df: pd.DataFrame | None = None) -> dict[str, Any]:
    """Train on all sources but one, test on that one, for each; reports and the mean macro-F1.

    ``extra`` (``text``, ``trait``: e.g. the invented posts) is added to every training fold.
    ``train_df`` (default ``df``) is the labelled posts the rotations train on, e.g. an
    earlier snapshot of the labels: the model then trains on ``train_df``'s posts of the
    other sources and is tested on ``df``'s posts of the held-out source, so two label
    sets are compared on the same test posts.

    Returns ``{"rotations": {source: report}, "mean_macro_f1", "mean_macro_recall",
    "pooled": report over every rotation's test posts, "predictions": frame}``.
    The frame has ``dataset, source_id, trait, pred, confidence``.
    """
    rotations, preds = {}, []
    pool = df if train_df is None else train_df
    for s in sources:
        test = df[df["dataset"] == s]
        train = pool[pool["dataset"] != s]
        if test.empty or train.empty:
            continue
        pred, conf = _fit_predict(make, train, test, extra)
        rotations[s] = _summary(evaluate(test["trait"], pred, labels=list(TRAIT_LABELS)))
        preds.append(pd.DataFrame({"dataset": s, "source_id": test["source_id"].to_numpy(),
                                   "trait": test["trait"].to_numpy(), "pred": pred,
                                   "confidence": conf if conf is not None else np.nan}))
    p = pd.concat(preds, ignore_index=True)
    return {"rotations": rotations,
            "mean_macro_f1": float(np.mean([r["macro_f1"] for r in rotations.values()])),
            "mean_macro_recall": float(np.mean([r["macro_recall"] for r in rotations.values()])),
            "pooled": _summary(evaluate(p["trait"], p["pred"], labels=list(TRAIT_LABELS))),
            "predictions": p}


def brand_grouped_cv(df: pd.DataFrame, make: Factory, n_splits: int = 5,
                     sources: tuple[str, ...] = REAL_SOURCES, extra: pd.DataFrame | None = None) -> dict[str, Any]:
    """Within each source, ``GroupKFold`` by ``brand`` (no brand on both sides); reports per source.

    A source with fewer brands than ``n_splits`` uses as many folds as it has brands.
    Returns ``{"by_source": {source: report}, "mean_macro_f1"}``.
    """
    out = {}
    for s in sources:
        d = df[df["dataset"] == s].reset_index(drop=True)
        k = min(n_splits, d["brand"].nunique())
        if k < 2:
            continue
        pred = np.empty(len(d), dtype=object)
        for tr, te in GroupKFold(k).split(d, groups=d["brand"]):
            pred[te], _ = _fit_predict(make, d.iloc[tr], d.iloc[te], extra)
        out[s] = _summary(evaluate(d["trait"], pred, labels=list(TRAIT_LABELS))) | {"folds": k}
    return {"by_source": out, "mean_macro_f1": float(np.mean([r["macro_f1"] for r in out.values()]))}


def apply_abstain(pred: np.ndarray, confidence: np.ndarray, below: float | None) -> np.ndarray:
    """``pred`` with :data:`~scrm_lib.core.labels.UNCERTAIN` where ``confidence < below``."""
    pred = np.asarray(pred, dtype=object).copy()
    if below is not None:
        pred[np.asarray(confidence) < below] = UNCERTAIN
    return pred


def abstain_table(truth: np.ndarray, pred: np.ndarray, confidence: np.ndarray,
                  thresholds: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)) -> list[dict[str, float]]:
    """Coverage, accuracy and macro-F1 of the answered posts for each confidence threshold."""
    rows = []
    truth, pred, confidence = np.asarray(truth), np.asarray(pred), np.asarray(confidence, dtype=float)
    for th in thresholds:
        keep = confidence >= th
        rep = evaluate(truth[keep], pred[keep], labels=list(TRAIT_LABELS)) if keep.any() else None
        rows.append({"threshold": th, "coverage": float(keep.mean()),
                     "accuracy_answered": rep["accuracy"] if rep else float("nan"),
                     "macro_f1_answered": rep["macro_f1"] if rep else float("nan")})
    return rows


def choose_abstain_threshold(table: list[dict[str, float]], min_coverage: float = 0.7) -> float:
    """The threshold with the best accuracy on answered posts among those answering ≥ ``min_coverage``."""
    ok = [r for r in table if r["coverage"] >= min_coverage]
    return float(max(ok, key=lambda r: (r["accuracy_answered"], -r["threshold"]))["threshold"]) if ok else 0.0


def _with_intervals(rep: dict[str, Any], truth: pd.Series, pred: pd.Series, n_boot: int) -> dict[str, Any]:
    ci = bootstrap_intervals(truth.tolist(), pred.tolist(), list(TRAIT_LABELS), n_boot=n_boot)
    rep = dict(rep)
    rep["macro_f1_ci95"] = ci["macro_f1"]
    rep["per_class"] = {c: v | {f"{m}_ci95": ci["per_class"][c][m] for m in ("precision", "recall", "f1")}
                        for c, v in rep["per_class"].items()}
    return rep


def run_evaluation(df: pd.DataFrame, models: dict[str, Factory] | None = None, grouped_cv: bool = True,
                   n_boot: int = 1000, extra: dict[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Source-held-out (and brand-grouped CV) figures of the trait model and the baselines.

    ``models`` defaults to the ``trait`` preset, the majority class and the keyword rules.
    Pooled source-held-out reports carry 95% bootstrap intervals (``n_boot`` resamples);
    the learned model also gets the abstention table and the calibration check
    (expected calibration error of its confidence on the held-out posts). ``extra`` maps a
    model name to posts added to each of its training folds (e.g. the invented posts).
    """
    extra = extra or {}
    models = models or {"trait": lambda: make_model("trait"), **BASELINES}
    out: dict[str, Any] = {"n": len(df), "by_source": df["dataset"].value_counts().reindex(REAL_SOURCES).fillna(0)
                           .astype(int).to_dict(),
                           "trait_counts": df["trait"].value_counts().reindex(TRAIT_LABELS).fillna(0).astype(int).to_dict(),
                           "models": {}}
    for name, make in models.items():
        t0 = time.perf_counter()
        sho = source_held_out(df, make, extra=extra.get(name))
        p = sho.pop("predictions")
        res = {"source_held_out": sho}
        res["source_held_out"]["pooled"] = _with_intervals(sho["pooled"], p["trait"], p["pred"], n_boot)
        if p["confidence"].notna().all():
            tab = abstain_table(p["trait"].to_numpy(), p["pred"].to_numpy(), p["confidence"].to_numpy())
            res["abstain"] = tab
            res["calibration_ece"] = expected_calibration_error(p["trait"].to_numpy() == p["pred"].to_numpy(),
                                                                p["confidence"].to_numpy())
        if grouped_cv:
            res["brand_grouped_cv"] = brand_grouped_cv(df, make, extra=extra.get(name))
        res["seconds"] = round(time.perf_counter() - t0, 1)
        out["models"][name] = res
    return out


def expected_calibration_error(correct: np.ndarray, confidence: np.ndarray, bins: int = 10) -> float:
    """ECE: mean |accuracy − confidence| over equal-width confidence bins, weighted by bin size."""
    correct, confidence = np.asarray(correct, dtype=float), np.asarray(confidence, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - confidence[m].mean())
    return float(ece)


_HANDLE = re.compile(r"(?<![\w@])@\w+")


def real_trait_examples(model: Any, per_trait: int = 3, seed: int = 0, external_dir: str | None = None,
                        max_chars: int = 160) -> pd.DataFrame:
    """Real hand-labelled posts per trait with the model's trait and confidence (notebook 05).

    Draws ``per_trait`` posts of each hand-labelled trait (seeded) from the real corpus,
    scores them with ``model`` and returns ``hand label, model trait, confidence, source,
    text`` (handles replaced by ``@user``, texts cut to ``max_chars``). These posts are in
    the committed model's training data: the table shows what the traits look like in real
    posts and how sure the model is, not how accurate it is (that is the source-held-out
    figure). Raises :class:`~scrm_lib.modeling.data.MissingDataError` without ``../shared``.
    """
    df = load_labelled_posts(external_dir=external_dir)
    rng = np.random.default_rng(seed)
    picks = []
    for t in TRAIT_LABELS:
        d = df[df["trait"] == t]
        if len(d):
            picks.append(d.iloc[np.sort(rng.choice(len(d), size=min(per_trait, len(d)), replace=False))])
    out = pd.concat(picks, ignore_index=True)
    pred, conf = trait_scores(model, out["text"].tolist())
    text = out["text"].map(lambda s: _HANDLE.sub("@user", " ".join(s.split())))
    text = text.map(lambda s: s if len(s) <= max_chars else s[: max_chars - 1] + "…")
    return pd.DataFrame({"hand label": out["trait"], "model trait": pred, "confidence": np.round(conf, 2),
                         "source": out["dataset"], "text": text})


__all__ = [
    "BASELINES", "real_trait_examples", "abstain_table", "agreement", "apply_abstain", "brand_grouped_cv", "choose_abstain_threshold",
    "disagreements", "expected_calibration_error", "run_evaluation", "source_held_out",
]
