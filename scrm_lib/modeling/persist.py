"""Saving and loading models safely: skops files with a model card beside them.

``save_model(model, path, card)`` writes ``path`` (``.skops``, zip-compressed) and
``<stem>.card.json`` (machine-readable) plus ``<stem>.card.md`` (for people): training
data with sha256, parameters, metrics, date, package versions.

``load_model_file(path)`` refuses any type that is neither trusted by skops by default
nor in :data:`TRUSTED_TYPES` (the workbench's own estimators and the few scikit-learn /
numpy helpers their pipelines contain). A file carrying anything else — a bare pickle,
an arbitrary function, another package's class — fails with a clear
:class:`ModelLoadError`, never runs its code.
"""

from __future__ import annotations

import datetime as _dt
import json
import zipfile
from pathlib import Path
from typing import Any

from scrm_lib.core.config import MODELS_DIR
from scrm_lib.core.errors import ScrmError, display_path
from scrm_lib.core.provenance import package_versions, sha256_file

#: Types beyond skops' defaults (which cover scikit-learn, numpy and scipy) that workbench
#: model files may contain: only the workbench's own estimators.
TRUSTED_TYPES: tuple[str, ...] = (
    "scrm_lib.modeling.linear.LinearTextClassifier",
    "scrm_lib.modeling.text.TweetNormalizer",
    "scrm_lib.modeling.text.TweetHasher",
    "scrm_lib.modeling.text.CharHasher",
    "scrm_lib.modeling.text.ActiveColumns",
    "scrm_lib.modeling.text.VaderFeatures",
    "scrm_lib.modeling.text.CueFeatures",
    "scrm_lib.modeling.vader.VaderSentiment",
    "scrm_lib.modeling.embed.StaticEmbeddings",
    "scrm_lib.modeling.fairness.IdentityMasker",
)

#: Packages whose versions a model card records.
CARD_PACKAGES: tuple[str, ...] = ("scikit-learn", "numpy", "scipy", "nltk", "vaderSentiment", "skops", "pandas")


class ModelLoadError(ScrmError):
    """A model file is missing, damaged, or contains types we do not trust."""


def model_path(name: str, models_dir: str | Path | None = None) -> Path:
    """Where preset ``name`` is saved: ``models/<name>.skops`` (or ``<models_dir>/<name>.skops``).

    The one answer for the trainer that writes the artifact (:mod:`scrm_lib.modeling.train`),
    the loader that reads it (:func:`scrm_lib.modeling.scoring.load_model`), notebook 04 and
    the benchmarks that read its card.
    """
    return Path(models_dir or MODELS_DIR) / f"{name}.skops"


def card_paths(path: str | Path) -> tuple[Path, Path]:
    """``(<stem>.card.json, <stem>.card.md)`` beside a model file."""
    p = Path(path)
    stem = p.name[: -len(".skops")] if p.name.endswith(".skops") else p.stem
    return p.with_name(stem + ".card.json"), p.with_name(stem + ".card.md")


def _jsonable(value: Any) -> Any:
    import numpy as np

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float):
        return round(value, 10)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return repr(value)


def card_markdown(card: dict[str, Any]) -> str:
    """A readable Markdown rendering of a model card."""
    lines = [f"# Model card: `{card.get('name', '?')}`", "", card.get("description", ""), ""]
    lines += ["## Training data", ""]
    for d in card.get("training_data", []):
        rows = f"{d['rows']:,} rows, " if isinstance(d.get("rows"), int) else ""
        lines.append(f"- `{d.get('path')}` — {rows}sha256 `{d.get('sha256', '?')}`"
                     + (f" ({d['note']})" if d.get("note") else ""))
    if card.get("training_rows"):
        lines.append(f"- rows used for training: {card['training_rows']:,}"
                     + (f" (pool {card['training_pool_rows']:,}, removed as TweetEval val overlap "
                        f"{card['removed_val_overlap']:,})" if card.get("training_pool_rows") else ""))
    lines += ["", "## Parameters", "", "```json", json.dumps(card.get("parameters", {}), indent=2), "```", ""]
    lines += ["## Metrics", ""]
    for split, m in card.get("metrics", {}).items():
        if isinstance(m, dict):
            shown = ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v:.4f}"
                              for k, v in m.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
            lines.append(f"- **{split}**: {shown}")
    lines += ["", "## Provenance", ""]
    for key in ("created_at", "training_seconds", "git_commit", "file_sha256"):
        if key in card:
            lines.append(f"- {key}: `{card[key]}`")
    lines.append("- packages: " + ", ".join(f"{k} {v}" for k, v in card.get("packages", {}).items()))
    if card.get("notes"):
        lines += ["", "## Notes", "", card["notes"]]
    return "\n".join(lines) + "\n"


def save_model(model: Any, path: str | Path, card: dict[str, Any] | None = None) -> Path:
    """Write ``model`` as a compressed skops file and its card; return the model path.

    The card gets ``created_at`` (UTC), ``packages`` and ``file_sha256`` filled in
    unless given. Both files are written to temporary names and renamed, so an
    interrupted save never leaves a half-written model.
    """
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    sio.dump(model, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    tmp.replace(path)
    card = dict(card or {})
    card.setdefault("name", path.name.removesuffix(".skops"))
    card.setdefault("created_at", _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat())
    card.setdefault("packages", package_versions(CARD_PACKAGES, missing="not installed", with_python=True))
    card.setdefault("format", "skops (load with scrm_lib.modeling.persist.load_model_file)")
    card["file_sha256"] = sha256_file(path)
    card["file_bytes"] = path.stat().st_size
    card = _jsonable(card)
    jpath, mpath = card_paths(path)
    jpath.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    mpath.write_text(card_markdown(card), encoding="utf-8")
    return path


def read_card(path: str | Path) -> dict[str, Any]:
    """The JSON model card beside a model file ({} when there is none)."""
    jpath, _ = card_paths(path)
    return json.loads(jpath.read_text(encoding="utf-8")) if jpath.is_file() else {}


def load_model_file(path: str | Path, extra_trusted: tuple[str, ...] = ()) -> Any:
    """Load a skops model file, refusing types outside skops' defaults and :data:`TRUSTED_TYPES`.

    Raises:
        ModelLoadError: the file is missing, not a skops file, or holds untrusted types
            (they are named in the message).
    """
    import skops.io as sio

    path = Path(path)
    shown = display_path(path)
    if not path.is_file():
        raise ModelLoadError(f"{shown}: model file not found")
    if not zipfile.is_zipfile(path):
        raise ModelLoadError(
            f"{shown}: not a skops model file (a skops file is a zip archive; bare pickles are "
            "refused because loading them can run arbitrary code)")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except Exception as exc:  # damaged archive, foreign zip
        raise ModelLoadError(f"{shown}: cannot read the model file ({type(exc).__name__}: {exc})") from None
    allowed = set(TRUSTED_TYPES) | set(extra_trusted)
    refused = sorted(t for t in untrusted if t not in allowed)
    if refused:
        raise ModelLoadError(
            f"{shown}: refusing to load untrusted types: {', '.join(refused)} "
            "(only the workbench's own estimators and standard scikit-learn parts are trusted)")
    try:
        return sio.load(path, trusted=list(untrusted))
    except Exception as exc:
        raise ModelLoadError(f"{shown}: cannot load the model ({type(exc).__name__}: {exc})") from None


__all__ = [
    "ModelLoadError", "TRUSTED_TYPES", "card_markdown", "card_paths", "load_model_file", "model_path",
    "read_card", "save_model",
]
