"""The ``tweeteval`` format: a TweetEval sentiment split (``<split>_text.txt`` + ``<split>_labels.txt``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.data.files import fail
from scrm_lib.data.readers import read_text_lines
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas._core import STR_DTYPE


def load_tweeteval(folder: str | Path, split: str) -> pd.DataFrame:
    """A TweetEval sentiment split: columns ``text``, ``label`` (negative/neutral/positive),
    ``label_id`` (0/1/2 as in ``mapping.txt``).

    ``split`` is ``"train"``, ``"val"`` or ``"test"``. The trailing space every text line
    carries is stripped; literal escape sequences such as ``\\u2019`` are left as they
    are (they are in the source). The public folder has no ``train_text.txt``: train on
    :func:`load_semeval` instead (the README of the data set explains).
    """
    folder = Path(folder)
    if split not in ("train", "val", "test"):
        raise ValueError(f"split must be train, val or test, got {split!r}")
    text_path, label_path = folder / f"{split}_text.txt", folder / f"{split}_labels.txt"
    if not text_path.is_file():
        hint = " (TweetEval's train text is not distributed here: use load_semeval)" if split == "train" else ""
        raise fail(text_path, "TweetEval", "file not found" + hint, expected="an existing file")
    mapping = {0: "negative", 1: "neutral", 2: "positive"}
    if (folder / "mapping.txt").is_file():
        rows = [r.split("\t") for r in read_text_lines(folder / "mapping.txt", "TweetEval") if r.strip()]
        mapping = {int(r[0]): r[1].strip() for r in rows if len(r) >= 2}
    texts = read_text_lines(text_path, "TweetEval")
    labels = read_text_lines(label_path, "TweetEval")
    if len(texts) != len(labels):
        raise fail(text_path, "TweetEval",
                    f"{len(texts):,} text lines but {len(labels):,} labels in {label_path.name}",
                    expected="one label per text line")
    ids = pd.to_numeric(pd.Series(labels, dtype=STR_DTYPE).str.strip(), errors="coerce")
    bad = ~ids.isin(list(mapping)).to_numpy(dtype=bool)
    if bad.any():
        pos = np.flatnonzero(bad)
        raise fail(label_path, "TweetEval", "label not in mapping.txt",
                    rows=tuple(int(p) + 1 for p in pos[:5]), n_rows=len(pos),
                    found=repr(labels[pos[0]]), expected="one of " + ", ".join(map(str, mapping)))
    ids = ids.astype("int64")
    out = pd.DataFrame({
        "text": pd.Series(texts, dtype=STR_DTYPE).str.removesuffix(" "),
        "label": ids.map(mapping).astype(STR_DTYPE),
        "label_id": ids,
    })
    out.attrs.update({"dataset": "tweeteval-sentiment", "split": split})
    return out


def _read(folder: str | Path, split: str = "test") -> pd.DataFrame:
    return load_tweeteval(folder, split)


ADAPTER = register(Adapter(
    name="tweeteval", kind="labelled", source="folder",
    description="TweetEval sentiment (val and test splits; a folder with <split>_text.txt, <split>_labels.txt)",
    reader=_read, columns=("text", "label", "label_id"), options=("split",), module=__name__,
))

__all__ = ["ADAPTER", "load_tweeteval"]
