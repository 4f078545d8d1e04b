"""A linear text classifier on hashed n-grams: the learned sentiment models and the trait model.

:class:`LinearTextClassifier` is one scikit-learn estimator whose parameters describe the
whole pipeline, so ``clone``, ``get_params``/``set_params`` and grid searches work on it::

    raw posts ─┬─ word n-grams + lexicon tokens (TweetHasher → used columns → tf-idf)
               ├─ char n-grams (TweetNormalizer → CharHasher → used columns → tf-idf)
               ├─ VADER scores  (optional)
               └─ intent cues   (optional, regex counts)
                                        │
                  LogisticRegression (class_weight="balanced")
                  calibrated: softmax(z / temperature + class bias), fitted on cross-fitted
                  scores (calibration_cv folds) or on a validation split (:meth:`calibrate`)
                                        │
                  decision weights (class-wise multipliers on the probabilities,
                  chosen on a validation split by :meth:`tune_decision`)

Why hashing: the fitted model holds no vocabulary dictionary, so it stays small, loads
fast and persists with skops as a few numpy arrays. The n-grams behind the largest
weights are recorded at fit time (:attr:`top_features_`) and per-post explanations
re-hash the post's own n-grams (:meth:`explain`), so the model stays interpretable.

Probabilities (``predict_proba``) are calibrated on the **training** distribution;
``predict`` takes ``argmax(proba * decision_weights_)``. With
``decision_weights="balanced"`` the weights are the inverse training class shares, the
rule that maximises macro-averaged recall when the calibration is right; with explicit
weights (or after :meth:`tune_decision`) the rule is whatever was chosen on validation data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils import murmurhash3_32
from sklearn.utils.validation import check_is_fitted, column_or_1d
from threadpoolctl import threadpool_limits

from scrm_lib.modeling.embed import StaticEmbeddings
from scrm_lib.modeling.fairness import IdentityMasker
from scrm_lib.modeling.text import (
    ActiveColumns,
    CharHasher,
    CueFeatures,
    TweetHasher,
    TweetNormalizer,
    VaderFeatures,
)


def _as_texts(X: Iterable[str]) -> list[str]:
    if isinstance(X, str):
        raise TypeError("X must be a sequence of texts, not a single string")
    if isinstance(X, pd.DataFrame):
        raise TypeError("X must be a sequence of texts (a column), not a DataFrame")
    return ["" if not isinstance(t, str) else t for t in X]


def _as_labels(y: Iterable[Any]) -> np.ndarray:
    """``y`` as a 1-D array: text labels as objects (as always), numeric labels kept numeric.

    An object array of numbers is an "unknown" target to scikit-learn, so integer class labels
    stay integers; continuous labels then fail in ``fit`` with scikit-learn's own message. A
    column vector is ravelled with scikit-learn's ``DataConversionWarning``.
    """
    if not (hasattr(y, "__array__") or isinstance(y, (list, tuple))):
        y = list(y)
    y = column_or_1d(y, warn=True)
    return y.astype(object) if y.dtype.kind in "USO" else y


def _hash_index(feature: str, n_features: int) -> int:
    """Column of ``feature`` in a ``HashingVectorizer(alternate_sign=False)`` of ``n_features``."""
    return abs(murmurhash3_32(feature, seed=0, positive=False)) % n_features


class LinearTextClassifier(ClassifierMixin, BaseEstimator):
    """Hashed word/char n-grams (+ VADER, intent cues) → calibrated logistic regression.

    Parameters:
        word_ngram_max: longest word n-gram (the word block is a
            :class:`~scrm_lib.modeling.text.TweetHasher`).
        char_ngrams: n-gram range of the character (``char_wb``) features; ``None`` = none.
        word_bits, char_bits: log2 of the number of hashed columns of each block.
        min_df: keep only hashed columns seen in at least this many training texts.
        negation: negation marking of the word tokens (``"regex"``, ``"nltk"``, ``"none"``).
        lexicon: add VADER lexicon valence tokens to the word features.
        emoji_names: add emoji descriptions before the character n-grams.
        vader_weight: weight of the VADER score block; 0 = leave VADER out (faster).
        cue_weight: weight of the intent-cue block; 0 = leave it out.
        C: inverse regularisation strength of the logistic regression.
        class_weight: passed to ``LogisticRegression`` (``"balanced"`` or ``None``).
        calibration: ``"temperature"`` (temperature + per-class bias, fitted by log-loss)
            or ``None`` (the raw logistic-regression probabilities).
        calibration_cv: folds of the cross-fitted calibration in :meth:`fit`; 0 = none in
            ``fit`` (call :meth:`calibrate` on a validation split instead).
        decision_weights: ``"balanced"`` (inverse class shares), ``None`` (argmax of the
            probabilities), or a sequence of multipliers in the order of ``classes_``.
        max_iter: iteration budget of the solver.
        n_top_features: how many top n-grams per class to record in ``top_features_``.
        coef_dtype: ``"float32"`` stores the fitted coefficients in single precision
            (half the file size; calibration and decisions are fitted after the cast, so a
            saved model predicts exactly as the fitted one).
        random_state: seed of the calibration folds (the solver is deterministic).
        embedding_weight: weight of the static MiniLM word-piece embedding block
            (:class:`~scrm_lib.modeling.embed.StaticEmbeddings`); 0 = leave it out.
        embedding_path: another static embedding file (``None`` = the committed
            ``models/minilm_static.npz``).
        mask_identity: replace identity words and Title-case first names by ``person``
            before every block (:class:`~scrm_lib.modeling.fairness.IdentityMasker`).

    Parameters added after models were first saved (``embedding_weight``,
    ``mask_identity``) default to "off", and a model file saved without them loads with
    those defaults, so it predicts exactly as before.

    Attributes:
        classes_: the labels, sorted.
        pipeline_: the fitted feature ``Pipeline`` (normaliser, hashing, tf-idf, extras).
        lr_: the fitted ``LogisticRegression``.
        n_iter_: its solver iterations (models saved before issue 14 lack it).
        temperature_, bias_: the calibration (1 and zeros when uncalibrated).
        class_prior_: training class shares, in the order of ``classes_``.
        decision_weights_: the multipliers ``predict`` applies to the probabilities.
        top_features_: ``{class: [(n-gram, weight), …]}``, largest weights first.
        n_features_in_: always 1 (one text per sample).
    """

    def __init__(self, word_ngram_max: int = 2, char_ngrams: tuple[int, int] | None = None,
                 word_bits: int = 20, char_bits: int = 20, min_df: int = 1, negation: str = "regex",
                 lexicon: bool = True, emoji_names: bool = False, vader_weight: float = 0.0, cue_weight: float = 0.0,
                 C: float = 1.0, class_weight: str | None = "balanced",
                 calibration: str | None = "temperature", calibration_cv: int = 3,
                 decision_weights: str | Sequence[float] | None = "balanced",
                 max_iter: int = 1000, n_top_features: int = 40, coef_dtype: str = "float64",
                 random_state: int = 0, embedding_weight: float = 0.0, mask_identity: bool = False,
                 embedding_path: str | None = None):
        self.word_ngram_max = word_ngram_max
        self.char_ngrams = char_ngrams
        self.word_bits = word_bits
        self.char_bits = char_bits
        self.min_df = min_df
        self.negation = negation
        self.lexicon = lexicon
        self.emoji_names = emoji_names
        self.vader_weight = vader_weight
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.calibration_cv = calibration_cv
        self.decision_weights = decision_weights
        self.max_iter = max_iter
        self.n_top_features = n_top_features
        self.coef_dtype = coef_dtype
        self.random_state = random_state
        self.embedding_weight = embedding_weight
        self.mask_identity = mask_identity
        self.embedding_path = embedding_path

    #: Parameters added later, with the value that reproduces models saved before them.
    _LATER_PARAMS = {"embedding_weight": 0.0, "mask_identity": False, "embedding_path": None}

    def __setstate__(self, state: dict) -> None:  # noqa: D105 - old model files lack later params
        for k, v in self._LATER_PARAMS.items():
            state.setdefault(k, v)
        super().__setstate__(state)

    # -- building -------------------------------------------------------------------

    def _text_blocks(self) -> list[tuple[str, Pipeline]]:
        blocks = [("word", Pipeline([
            ("hash", TweetHasher(ngram_max=self.word_ngram_max, n_bits=self.word_bits,
                                 negation=self.negation, lexicon=self.lexicon)),
            ("select", ActiveColumns(min_df=self.min_df)),
            ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ]))]
        if self.char_ngrams is not None:
            blocks.append(("char", Pipeline([
                ("norm", TweetNormalizer(negation="none", emoji_names=self.emoji_names, caps=False,
                                         elongation=False, emoticons=False)),
                # the columns of HashingVectorizer(analyzer="char_wb", lowercase=False,
                # alternate_sign=False, norm=None), 3-4x faster (models saved with that still load)
                ("hash", CharHasher(ngram_range=tuple(self.char_ngrams), n_features=2 ** self.char_bits)),
                ("select", ActiveColumns(min_df=self.min_df)),
                ("tfidf", TfidfTransformer(sublinear_tf=True)),
            ])))
        return blocks

    def _build(self) -> Pipeline:
        blocks: list = self._text_blocks()
        if self.vader_weight:
            blocks.append(("vader", VaderFeatures(weight=self.vader_weight)))
        if self.cue_weight:
            blocks.append(("cues", CueFeatures(weight=self.cue_weight)))
        if self.embedding_weight:
            blocks.append(("embed", StaticEmbeddings(weight=self.embedding_weight, path=self.embedding_path)))
        steps: list = [("mask", IdentityMasker())] if self.mask_identity else []
        return Pipeline([*steps, ("features", FeatureUnion(blocks))])

    def _prep(self, texts: list[str]) -> list[str]:
        """The texts as the feature blocks see them (identity-masked when the pipeline masks)."""
        mask = self.pipeline_.named_steps.get("mask")
        return mask.transform(texts) if mask is not None else texts

    def _lr(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
                                  solver="lbfgs", tol=1e-4)

    # -- fitting --------------------------------------------------------------------

    def fit(self, X: Iterable[str], y: Iterable[str]) -> LinearTextClassifier:
        """Fit features, logistic regression and (cross-fitted) calibration on ``X``, ``y``."""
        texts = _as_texts(X)
        if y is None:
            raise ValueError(f"{type(self).__name__} requires y to be passed, but the target y is None")
        y = _as_labels(y)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels")
        if len(texts) == 0:
            raise ValueError("cannot fit on zero texts")
        if self.calibration not in (None, "temperature"):
            raise ValueError(f"calibration must be 'temperature' or None, got {self.calibration!r}")
        with threadpool_limits(limits=1):
            self.pipeline_ = self._build()
            F = self.pipeline_.fit_transform(texts, y)
            self.lr_ = self._lr().fit(F, y)
            if self.coef_dtype not in ("float64", "float32"):
                raise ValueError(f"coef_dtype must be 'float64' or 'float32', got {self.coef_dtype!r}")
            if self.coef_dtype == "float32":
                self.lr_.coef_ = self.lr_.coef_.astype(np.float32)
                self.lr_.intercept_ = self.lr_.intercept_.astype(np.float32)
            self.classes_ = np.asarray(self.lr_.classes_)  # objects for text labels (y is object)
            self.n_iter_ = self.lr_.n_iter_
            counts = pd.Series(y).value_counts()
            self.class_prior_ = np.array([counts.get(c, 0) / len(y) for c in self.classes_], dtype=float)
            self.temperature_, self.bias_ = 1.0, np.zeros(len(self.classes_))
            if self.calibration and self.calibration_cv and self.calibration_cv >= 2:
                cv = StratifiedKFold(self.calibration_cv, shuffle=True, random_state=self.random_state)
                z = cross_val_predict(self._lr(), F, y, cv=cv, method="decision_function")
                self._fit_calibration(self._scores_matrix(z), y)
        self.decision_weights_ = self._initial_weights()
        self.n_features_in_ = 1
        self.top_features_ = self._top_features(self._prep(texts))
        return self

    def _scores_matrix(self, z: np.ndarray) -> np.ndarray:
        z = np.asarray(z, dtype=float)
        return np.column_stack([-z, z]) / 2 if z.ndim == 1 else z

    def _fit_calibration(self, z: np.ndarray, y: np.ndarray) -> None:
        """Temperature and per-class bias minimising log-loss of ``softmax(z / T + b)``."""
        from scipy.optimize import minimize
        from scipy.special import log_softmax

        idx = np.searchsorted(self.classes_, y)
        k = len(self.classes_)

        def nll(theta: np.ndarray) -> float:
            t = np.exp(theta[0])
            b = np.concatenate([[0.0], theta[1:]])
            return float(-log_softmax(z / t + b, axis=1)[np.arange(len(idx)), idx].mean())

        res = minimize(nll, np.zeros(k), method="L-BFGS-B")
        self.temperature_ = float(np.exp(res.x[0]))
        self.bias_ = np.concatenate([[0.0], res.x[1:]])

    def calibrate(self, X_val: Iterable[str], y_val: Iterable[str]) -> LinearTextClassifier:
        """Refit the calibration (temperature and class biases) on a held-out split."""
        check_is_fitted(self, "lr_")
        y_val = _as_labels(y_val)
        self._fit_calibration(self._raw_scores(X_val), y_val)
        self.decision_weights_ = self._initial_weights()
        return self

    def _initial_weights(self) -> np.ndarray:
        k = len(self.classes_)
        if self.decision_weights is None:
            return np.ones(k)
        if isinstance(self.decision_weights, str):
            if self.decision_weights != "balanced":
                raise ValueError(f"decision_weights must be 'balanced', None or numbers, got {self.decision_weights!r}")
            if not self.calibration or (self.bias_ == 0).all():
                return np.ones(k)  # balanced class_weight already equalises an uncalibrated LR
            w = 1.0 / np.maximum(self.class_prior_, 1e-12)
            return w / w.max()
        w = np.asarray(self.decision_weights, dtype=float)
        if w.shape != (k,) or (w <= 0).any():
            raise ValueError(f"decision_weights needs {k} positive numbers, got {self.decision_weights!r}")
        return w

    def tune_decision(self, X_val: Iterable[str], y_val: Iterable[str],
                      grid: Sequence[float] | None = None) -> LinearTextClassifier:
        """Choose ``decision_weights_`` maximising macro-recall on a validation split.

        A grid search over multipliers of every class but the first, relative to the
        current weights (the first class stays at its weight; only ratios matter).
        Deterministic: ties keep the smaller change.
        """
        check_is_fitted(self, "pipeline_")
        proba = self.predict_proba(X_val)
        y_val = _as_labels(y_val)
        grid = np.asarray(grid if grid is not None else np.round(np.exp(np.linspace(-1.0, 1.0, 21)), 4))
        base = self.decision_weights_.copy()
        k = len(self.classes_)

        def score(w: np.ndarray) -> float:
            pred = self.classes_[np.argmax(proba * w, axis=1)]
            return recall_score(y_val, pred, average="macro", labels=list(self.classes_), zero_division=0)

        best_w, best = base, score(base)
        # coordinate search, two passes over the non-first classes
        for _ in range(2):
            for j in range(1, k):
                for g in sorted(grid, key=lambda v: abs(np.log(v))):
                    w = best_w.copy()
                    w[j] = base[j] * g
                    s = score(w)
                    if s > best + 1e-12:
                        best, best_w = s, w
        self.decision_weights_ = best_w / best_w.max()
        self.val_macro_recall_ = float(best)
        return self

    # -- prediction -----------------------------------------------------------------

    def _raw_scores(self, X: Iterable[str]) -> np.ndarray:
        F = self.pipeline_.transform(_as_texts(X))
        return self._scores_matrix(self.lr_.decision_function(F))

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Calibrated class probabilities ``softmax(z / temperature_ + bias_)``, columns = ``classes_``."""
        from scipy.special import softmax

        check_is_fitted(self, "lr_")
        z = self._raw_scores(X)
        return softmax(z / self.temperature_ + self.bias_, axis=1)

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Labels: ``argmax(predict_proba(X) * decision_weights_)``."""
        p = self.predict_proba(X)
        return self.classes_[np.argmax(p * self.decision_weights_, axis=1)]

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """Log of the weighted probabilities (higher = more likely chosen), one column per class.

        With two classes, scikit-learn's binary convention: one score per post, positive for
        ``classes_[1]``.
        """
        p = self.predict_proba(X)
        d = np.log(np.clip(p * self.decision_weights_, 1e-300, None))
        return d[:, 1] - d[:, 0] if d.shape[1] == 2 else d

    # -- interpretation -------------------------------------------------------------

    def _linear_model(self) -> LogisticRegression:
        return self.lr_

    def _blocks(self) -> list[tuple[str, object, int]]:
        """(name, fitted block, column offset) of each block of the feature union."""
        union = self.pipeline_.named_steps["features"]
        out, offset = [], 0
        for name, block in union.transformer_list:
            out.append((name, block, offset))
            if name in ("word", "char"):
                offset += len(block.named_steps["select"].columns_)
            else:
                offset += len(block.get_feature_names_out())
        return out

    def _block_ngrams(self, block: Pipeline, texts: list[str]) -> list[list[str]]:
        hasher = block.named_steps["hash"]
        if isinstance(hasher, TweetHasher):
            return [hasher.analyze(t) for t in texts]
        norm = block.named_steps["norm"].transform(texts)
        analyze = hasher.build_analyzer()
        return [analyze(t) for t in norm]

    def _coef(self) -> np.ndarray:
        coef = self._linear_model().coef_
        if coef.shape[0] == 1:  # binary LR: one row for the second class
            coef = np.vstack([-coef[0], coef[0]])
        return coef

    def _top_features(self, texts: list[str], min_count: int = 3) -> dict[str, list[tuple[str, float]]]:
        """The n-grams of the training texts with the largest weight for each class.

        Weight = coefficient × idf (the contribution of one occurrence in a one-feature
        post); only n-grams seen at least ``min_count`` times are ranked.
        """
        coef = self._coef()
        rows: dict[str, list[tuple[str, float]]] = {c: [] for c in self.classes_}
        names, cols = [], []
        for name, block, offset in self._blocks():
            if name == "word":
                counts: Counter[str] = Counter()
                for grams in self._block_ngrams(block, texts):
                    counts.update(set(grams))
                n = block.named_steps["hash"].n_features
                select = block.named_steps["select"]
                idf = block.named_steps["tfidf"].idf_
                for g, cnt in counts.items():
                    if cnt >= min_count:
                        j = select.position(_hash_index(g, n))
                        if j >= 0:
                            names.append(g)
                            cols.append((offset + j, idf[j]))
            elif name not in ("char", "embed"):
                for i, fname in enumerate(block.get_feature_names_out()):
                    names.append(str(fname))
                    cols.append((offset + i, 1.0))
        if not names:
            return rows
        idx = np.array([c for c, _ in cols])
        scale = np.array([s for _, s in cols])
        W = coef[:, idx] * scale
        for k, c in enumerate(self.classes_):
            order = np.argsort(-W[k], kind="stable")[: self.n_top_features]
            rows[c] = [(names[i], float(round(W[k, i], 4))) for i in order]
        return rows

    def explain(self, text: str, top: int = 10) -> pd.DataFrame:
        """Which n-grams pushed one post towards each class.

        Returns one row per word n-gram (and per dense feature: VADER, cues) present in
        the post, with its contribution to the logistic-regression score of every class
        (tf-idf value × coefficient) and ``toward`` = the class it favours most
        relative to the others; the character n-grams are summed into one row
        ``(character n-grams)``. Rows sorted by the contribution to the predicted class.
        """
        check_is_fitted(self, "pipeline_")
        coef = self._coef()
        pred = self.predict([text])[0]
        k_pred = list(self.classes_).index(pred)
        union = self.pipeline_.named_steps["features"]
        text = self._prep([text])[0]
        rows = []
        for name, block, offset in self._blocks():
            X = union.transformer_list[[n for n, _ in union.transformer_list].index(name)][1].transform([text])
            X = X.tocsr()
            if name == "word":
                n = block.named_steps["hash"].n_features
                select = block.named_steps["select"]
                seen = {}
                for g in self._block_ngrams(block, [text])[0]:
                    seen.setdefault(g, select.position(_hash_index(g, n)))
                for g, j in seen.items():
                    v = X[0, j] if j >= 0 else 0.0
                    if v:
                        rows.append((g, *(coef[:, offset + j] * v)))
            elif name in ("char", "embed"):
                contrib = X @ coef[:, offset: offset + X.shape[1]].T
                label = "(character n-grams)" if name == "char" else "(MiniLM embedding)"
                rows.append((label, *np.asarray(contrib).ravel()))
            else:
                dense = X.toarray()[0]
                for i, fname in enumerate(block.get_feature_names_out()):
                    if dense[i]:
                        rows.append((str(fname), *(coef[:, offset + i] * dense[i])))
        df = pd.DataFrame(rows, columns=["feature", *self.classes_])
        if df.empty:
            return df.assign(toward=pd.Series(dtype=object), push_to_predicted=pd.Series(dtype=float))
        vals = df[list(self.classes_)].to_numpy()
        rel = vals - vals.mean(axis=1, keepdims=True)
        df["toward"] = self.classes_[np.argmax(rel, axis=1)]
        df["push_to_predicted"] = rel[:, k_pred]
        df = df.sort_values("push_to_predicted", ascending=False, kind="stable").reset_index(drop=True)
        return df.head(top) if top else df

    def __sklearn_tags__(self):  # noqa: D105 - sklearn protocol
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
