"""Scoring posts for the course notebooks (sentiment and trait), cached by content."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from scrm_lib.core.config import (
    PACKAGE_DIR,
    PROJECT_ROOT,
)
from scrm_lib.core.provenance import sha256_file
from scrm_lib.modeling.scoring import add_scores


def score_posts(
    df: pd.DataFrame,
    sentiment_model: str = "vader",
    trait_model: str = "trait",
    text_column: str = "text",
    use_cache: bool = True,
    trait_abstain_below: float | None = None,
) -> pd.DataFrame:
    """Add ``sentiment``, ``sentiment_score``, ``trait``, ``trait_confidence`` and ``lang`` to the posts.

    With ``trait_abstain_below`` (e.g. :data:`scrm_lib.modeling.presets.TRAIT_ABSTAIN_BELOW`),
    posts the trait model is less confident about get the trait ``uncertain``; the ARM
    decision table routes them to a human (rule "trait uncertain").

    The one scoring call of the course notebooks: :func:`scrm_lib.modeling.scoring.add_scores`
    (issue 6) with the named models; ``attrs["scoring"]`` says which.

    Scores are cached in ``.cache/scores/`` under a content hash of the texts, the model names,
    the scoring code and the model files in ``models/`` (``use_cache=False`` to bypass), so the
    course notebooks that share a data set score it once.
    """
    note = scoring_note(sentiment_model, trait_model)
    key = _score_cache_key(df[text_column], sentiment_model, trait_model)
    if trait_abstain_below is not None:
        key = hashlib.sha256(f"{key}\0abstain={trait_abstain_below!r}".encode()).hexdigest()
    cached = _SCORE_CACHE_DIR / f"{key}.parquet"
    if use_cache and cached.is_file():
        scores = pd.read_parquet(cached)
        out = df.drop(columns=[c for c in SCORE_COLUMNS if c in df.columns]).copy()
        for col in SCORE_COLUMNS:
            out[col] = pd.Series(scores[col].to_numpy(), index=out.index)
        out.attrs["scoring"] = note
        return score_dtypes(out)
    out = score_dtypes(add_scores(df, sentiment_model=sentiment_model, trait_model=trait_model, text_column=text_column,
                                   trait_abstain_below=trait_abstain_below))
    out.attrs["scoring"] = note
    if use_cache:
        _SCORE_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        out[list(SCORE_COLUMNS)].reset_index(drop=True).to_parquet(tmp)
        os.replace(tmp, cached)
    return out


SCORE_COLUMNS: tuple[str, ...] = ("sentiment", "sentiment_score", "trait", "trait_confidence", "lang")


def scoring_note(sentiment_model: str, trait_model: str | None) -> str:
    """What ``attrs["scoring"]`` says of scores from these models."""
    return f"sentiment model '{sentiment_model}', trait model '{trait_model}' (scrm_lib.modeling.scoring)"


def score_dtypes(out: pd.DataFrame) -> pd.DataFrame:
    """The same dtypes whether the scores are fresh or cached: strings and float64."""
    for col in ("sentiment", "trait", "lang"):
        out[col] = out[col].astype("string")
    for col in ("sentiment_score", "trait_confidence"):
        out[col] = out[col].astype("float64")
    return out


_SCORE_CACHE_DIR = PROJECT_ROOT / ".cache" / "scores"


def _score_cache_key(texts: pd.Series, sentiment_model: str, trait_model: str) -> str:
    """Content hash of the texts, the model names, the scoring code and the model files."""
    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(texts.fillna("").astype(str), index=False).to_numpy().tobytes())
    h.update(f"{sentiment_model}\0{trait_model}".encode())
    models_dir = PACKAGE_DIR / "modeling"
    for src in sorted([*models_dir.rglob("*.py"), Path(__file__).resolve()]):
        h.update(src.read_bytes())
    for name in (sentiment_model, trait_model):
        artifact = models_dir.parent.parent / "models" / f"{name}.skops"
        path = artifact if artifact.is_file() else Path(name)
        if path.suffix == ".skops" and path.is_file():  # the trained model is part of the key
            h.update(bytes.fromhex(sha256_file(path)))
    return h.hexdigest()[:24]
