"""The ``semeval`` format: SemEval-2017 Task 4A (English) files, ``tweet_id <TAB> label <TAB> text``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.data.files import fail
from scrm_lib.data.readers import read_text_lines
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas._core import STR_DTYPE, shorten

#: TweetEval / SemEval-2017 sentiment labels.
SENTIMENT_LABELS = ("negative", "neutral", "positive")

#: The eight SemEval-2017 Task 4A training-pool files (2013–2016), in release order.
SEMEVAL_TRAIN_FILES: tuple[str, ...] = (
    "twitter-2013train-A.txt", "twitter-2013test-A.txt", "twitter-2015train-A.txt",
    "twitter-2015test-A.txt", "twitter-2016train-A.txt", "twitter-2016dev-A.txt",
    "twitter-2016devtest-A.txt", "twitter-2016test-A.txt",
)


def load_semeval(folder: str | Path, files: Sequence[str] | None = None, dedupe: bool = True) -> pd.DataFrame:
    """SemEval-2017 Task 4A (English) files: columns ``tweet_id``, ``text``, ``label``, ``file``.

    Args:
        folder: the folder with the ``twitter-20*-A.txt`` files.
        files: which files (default :data:`SEMEVAL_TRAIN_FILES`, the 2013–2016 pool;
            add ``"SemEval2017-task4-test.subtask-A.english.txt"`` for the 2017 test).
        dedupe: keep the first row of each ``tweet_id`` (the pool repeats some).

    Records are ``tweet_id <TAB> label <TAB> text`` split on LF only (a bare CR stays in
    the text); a line that does not start with ``id<TAB>label<TAB>`` continues the
    previous text (one such line break exists in the 2016 test file). A text that the
    release wrapped CSV-style (``"…"`` with ``""`` for a quote, and no other lone quote
    inside) is unwrapped.
    """
    folder = Path(folder)
    names = list(files or SEMEVAL_TRAIN_FILES)
    frames = []
    for name in names:
        p = folder / name
        lines = pd.Series(read_text_lines(p, "SemEval"), dtype=STR_DTYPE)
        # A line that does not start a record (id TAB label TAB) continues the previous
        # text: the release keeps a few line breaks inside quoted texts.
        starts = lines.str.contains(r"^\d+\t[A-Za-z-]*\t", regex=True).to_numpy(dtype=bool)
        if len(lines) and not starts[0]:
            raise fail(p, "SemEval", "the first line is not tweet_id<TAB>label<TAB>text",
                        rows=(1,), n_rows=1, found=shorten(lines.iloc[0]),
                        expected="three tab-separated fields")
        if not starts.all():
            record = np.cumsum(starts) - 1
            lines = lines.groupby(record).agg("\n".join).astype(STR_DTYPE)
        parts = lines.str.split("\t", n=2, expand=True)
        text = parts[2].fillna("").str.removesuffix("\r").str.rstrip("\t")
        inner = text.str.slice(1, -1)
        wrapped = (text.str.startswith('"') & text.str.endswith('"') & (text.str.len() >= 2)
                   & ~inner.str.replace('""', "", regex=False).str.contains('"', regex=False))
        text = text.where(~wrapped, inner.str.replace('""', '"', regex=False))
        label = parts[1].str.strip().str.lower()
        bad = ~label.isin(SENTIMENT_LABELS).to_numpy(dtype=bool)
        if bad.any():
            pos = np.flatnonzero(bad)
            raise fail(p, "SemEval", "unknown label", column="label",
                        rows=tuple(int(i) + 1 for i in pos[:5]), n_rows=len(pos),
                        found=repr(str(label.iloc[pos[0]])), expected="negative, neutral or positive")
        frames.append(pd.DataFrame({"tweet_id": parts[0].str.strip(), "text": text,
                                    "label": label, "file": name}))
    out = pd.concat(frames, ignore_index=True)
    n_before = len(out)
    if dedupe:
        out = out.drop_duplicates("tweet_id", keep="first").reset_index(drop=True)
    out = out.astype({"tweet_id": STR_DTYPE, "text": STR_DTYPE, "label": STR_DTYPE, "file": STR_DTYPE})
    out.attrs.update({"dataset": "semeval2017-task4a-english", "duplicates_dropped": n_before - len(out)})
    return out


ADAPTER = register(Adapter(
    name="semeval", kind="labelled", source="folder",
    description="SemEval-2017 Task 4A English sentiment (a folder of twitter-20*-A.txt files; the 2013-2016 pool by default)",
    reader=load_semeval, columns=("tweet_id", "text", "label", "file"), options=("files", "dedupe"), module=__name__,
))

__all__ = ["ADAPTER", "SEMEVAL_TRAIN_FILES", "SENTIMENT_LABELS", "load_semeval"]
