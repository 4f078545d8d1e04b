"""The scoring interface the notebooks and ``scrm score`` use.

``load_model(name)`` gives a fitted estimator with the scikit-learn API:

- ``"vader"``: the NLTK VADER baseline (no training);
- ``"fast"``, ``"accurate"``: the committed sentiment artifacts ``models/<name>.skops``
  (retrain with ``scrm train --model NAME``, which needs ``../shared/data/external``);
- ``"trait"``: the customer-trait classifier ``models/trait.skops`` (committed). If the
  file is missing it is retrained (:func:`scrm_lib.modeling.train.train_trait`: the real
  labels + invented posts when ``../shared`` is present, else the invented posts alone —
  so a fresh clone still works, with a weaker model whose card says so) and cached there;
- a path to a saved ``.skops`` model (types checked before loading).

``add_scores(df)`` returns a copy of a mentions frame with the columns of the canonical
schema (``docs/architecture.md``): ``sentiment`` (negative/neutral/positive),
``sentiment_score`` (in [−1, 1]: VADER's compound, or P(positive) − P(negative) for the
learned models), ``trait`` (venting … none) and ``trait_confidence`` (the trait model's
probability of its answer, in [0, 1]).

**Non-English posts.** The models are English models. ``add_scores`` never scores a post as
English without saying so: it fills a ``lang`` column (ISO 639-1 or ``und``; values already in
the frame are kept, missing ones detected with :func:`scrm_lib.text.language.detect_language`), and

- ``non_english="flag"`` (default): every post is scored; ``lang`` marks the ones outside
  :func:`scrm_lib.text.language.english_mask` (English or undetermined), so a summary can exclude
  or report them;
- ``non_english="skip"``: posts in another language are not scored — ``sentiment`` and
  ``trait`` are missing (``<NA>``), their scores NaN;
- ``non_english="ignore"``: no language column, everything scored (the behaviour before
  language detection; fastest).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.errors import ScrmError
from scrm_lib.modeling.persist import ModelLoadError, load_model_file, save_model
from scrm_lib.modeling.presets import SENTIMENT_MODELS, TRAIT_LABELS, TRAIT_MODELS, UNCERTAIN
from scrm_lib.modeling.vader import SENTIMENT_LABELS, VaderSentiment
from scrm_lib.text.language import detect_language, english_mask

#: Every name ``load_model`` accepts besides a path.
MODEL_NAMES: tuple[str, ...] = SENTIMENT_MODELS + TRAIT_MODELS

_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()


def _models_dir() -> Path:
    from scrm_lib.core.config import MODELS_DIR

    return MODELS_DIR


def load_model(name: str) -> Any:
    """A fitted estimator by name (``vader``, ``fast``, ``accurate``, ``trait``) or path.

    Loaded models are cached per process (they are not modified by scoring).

    Raises:
        ModelLoadError: unknown name, missing artifact, or a file with untrusted types.
    """
    if not isinstance(name, str) or not name:
        raise ModelLoadError(f"model must be a name ({', '.join(MODEL_NAMES)}) or a path, got {name!r}")
    with _LOCK:
        if name in _CACHE:
            return _CACHE[name]
        model = _load_uncached(name)
        _CACHE[name] = model
        return model


def _load_uncached(name: str) -> Any:
    from scrm_lib.modeling.train import model_path

    if name == "vader":
        return VaderSentiment().fit([], [])
    if name in ("fast", "accurate", "trait"):
        path = model_path(name, _models_dir())
        if path.is_file():
            return load_model_file(path)
        if name == "trait":
            from scrm_lib.modeling.train import train_trait

            model, card = train_trait()
            try:
                save_model(model, path, card)
            except OSError:  # read-only checkout: still usable, just not cached
                pass
            return model
        raise ModelLoadError(
            f"models/{name}.skops is missing: it is a committed artifact (git checkout models/), "
            f"or retrain it with `scrm train --model {name}` (needs ../shared/data/external)")
    p = Path(name).expanduser()
    if p.suffix == ".skops" or p.exists() or "/" in name:
        from scrm_lib.core.config import resolve_path

        return load_model_file(resolve_path(name))
    raise ModelLoadError(f"unknown model {name!r}: expected one of {', '.join(MODEL_NAMES)} or a .skops path")


def _resolve(model: str | Any) -> Any:
    return load_model(model) if isinstance(model, str) else model


def sentiment_scores(model: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(labels, scores in [-1, 1])`` of a sentiment model on ``texts``.

    VADER's score is its compound; a probabilistic model's is P(positive) − P(negative).
    """
    if isinstance(model, VaderSentiment):
        score = model.compound(texts)
        labels = np.full(score.shape, "neutral", dtype=object)
        labels[score >= model.pos_threshold] = "positive"
        labels[score <= model.neg_threshold] = "negative"
        return labels, score
    proba = model.predict_proba(texts)
    classes = list(model.classes_)
    labels = model.predict(texts) if not hasattr(model, "decision_weights_") else \
        np.asarray(model.classes_)[np.argmax(proba * model.decision_weights_, axis=1)]
    pos = proba[:, classes.index("positive")] if "positive" in classes else 0.0
    neg = proba[:, classes.index("negative")] if "negative" in classes else 0.0
    return np.asarray(labels, dtype=object), np.clip(np.asarray(pos - neg, dtype=float), -1.0, 1.0)


def trait_scores(model: Any, texts: list[str], abstain_below: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(traits, confidence in [0, 1])``: the predicted trait and its probability.

    With ``abstain_below`` (e.g. :data:`~scrm_lib.modeling.presets.TRAIT_ABSTAIN_BELOW`),
    posts whose confidence is below it get the trait ``uncertain`` (a human should read
    them; the ARM decision table routes them to review). The confidence stays as computed.
    """
    proba = model.predict_proba(texts)
    if hasattr(model, "decision_weights_"):
        idx = np.argmax(proba * model.decision_weights_, axis=1)
    else:
        idx = np.argmax(proba, axis=1)
    labels = np.asarray(model.classes_, dtype=object)[idx]
    conf = np.clip(proba[np.arange(len(idx)), idx].astype(float), 0.0, 1.0)
    if abstain_below is not None:
        labels = labels.copy()
        labels[conf < abstain_below] = UNCERTAIN
    return labels, conf


#: Values of ``add_scores(non_english=...)``.
NON_ENGLISH_MODES: tuple[str, ...] = ("flag", "skip", "ignore")


def post_languages(df: pd.DataFrame, text_column: str = "text") -> pd.Series:
    """The ``lang`` of each row: the frame's own ``lang`` where filled, else detected from the text."""
    have = df["lang"].astype("string") if "lang" in df.columns else pd.Series(pd.NA, index=df.index, dtype="string")
    missing = have.isna() | (have.str.strip() == "")
    if missing.any():
        found = detect_language(df.loc[missing.to_numpy(), text_column].tolist())["lang"]
        have = have.copy()
        have[missing.to_numpy()] = found.to_numpy()
    return have.str.lower()


def add_scores(df: pd.DataFrame, sentiment_model: str | Any = "vader", trait_model: str | Any | None = "trait",
               text_column: str = "text", trait_abstain_below: float | None = None,
               non_english: str = "flag") -> pd.DataFrame:
    """A copy of ``df`` with ``sentiment``, ``sentiment_score``, ``trait``, ``trait_confidence``
    (and ``lang``).

    Args:
        df: posts, e.g. a canonical mentions frame.
        sentiment_model: a name for :func:`load_model` or a fitted estimator.
        trait_model: the same for the trait model; ``None`` adds no trait columns.
        text_column: the column holding the post text (missing values score as empty).
        trait_abstain_below: when given, traits whose confidence is below it are
            ``uncertain`` (see :func:`trait_scores`).
        non_english: ``"flag"``, ``"skip"`` or ``"ignore"`` (module docstring).

    Existing columns of those names are replaced (``lang`` values already present are kept).
    Row order and index are kept.
    """
    if text_column not in df.columns:
        raise ScrmError(f"no column {text_column!r} to score (columns: {', '.join(map(str, df.columns[:12]))})")
    if non_english not in NON_ENGLISH_MODES:
        raise ScrmError(f"non_english must be one of {', '.join(NON_ENGLISH_MODES)}, got {non_english!r}")
    texts = ["" if not isinstance(t, str) else t for t in df[text_column].tolist()]
    out = df.copy()
    skip = np.zeros(len(df), dtype=bool)
    if non_english != "ignore":
        out["lang"] = post_languages(df, text_column)
        if non_english == "skip":
            skip = ~english_mask(out["lang"]).to_numpy(dtype=bool)
            texts = ["" if s else t for t, s in zip(texts, skip, strict=True)]
    labels, score = sentiment_scores(_resolve(sentiment_model), texts)
    bad = set(labels) - set(SENTIMENT_LABELS)
    if bad:
        raise ScrmError(f"sentiment model returned labels outside {SENTIMENT_LABELS}: {sorted(bad)}")
    out["sentiment"] = pd.Series(labels, index=df.index, dtype="string")
    out["sentiment_score"] = pd.Series(score, index=df.index, dtype="float64")
    if skip.any():
        out.loc[skip, "sentiment"] = pd.NA
        out.loc[skip, "sentiment_score"] = np.nan
    if trait_model is not None:
        traits, conf = trait_scores(_resolve(trait_model), texts, abstain_below=trait_abstain_below)
        bad = set(traits) - set(TRAIT_LABELS) - {UNCERTAIN}
        if bad:
            raise ScrmError(f"trait model returned labels outside {TRAIT_LABELS}: {sorted(bad)}")
        out["trait"] = pd.Series(traits, index=df.index, dtype="string")
        out["trait_confidence"] = pd.Series(conf, index=df.index, dtype="float64")
        if skip.any():
            out.loc[skip, "trait"] = pd.NA
            out.loc[skip, "trait_confidence"] = np.nan
    return out


def clear_cache() -> None:
    """Forget the models loaded so far (after retraining in the same process)."""
    with _LOCK:
        _CACHE.clear()


__all__ = ["MODEL_NAMES", "NON_ENGLISH_MODES", "add_scores", "post_languages", "clear_cache", "load_model", "sentiment_scores", "trait_scores"]
