"""Loading glue (layer 2): one or more mentions files of one format stacked into one validated frame."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from scrm_lib.core.errors import DataValidationError, ParamsError, Problem, display_path
from scrm_lib.data.registry import format_names, get_adapter
from scrm_lib.data.schemas import mentions as schema

#: The mentions formats (:mod:`scrm_lib.data.registry`): canonical, airline, twcs, and any adapter added.
DATA_FORMATS: tuple[str, ...] = format_names("mentions")


def load_sources(paths: Sequence[str | Any], data_format: str = "canonical", mapping: Any = None) -> pd.DataFrame:
    """Load one or more mentions files of one format and stack them into one validated frame.

    ``data_format``: a mentions format of :mod:`scrm_lib.data.registry`: ``canonical``
    (:func:`scrm_lib.data.adapters.canonical.load_mentions`, with an optional column ``mapping``),
    ``airline``, ``twcs``, … (an old name such as ``airline_tweets`` warns). Each file is validated on its own (errors name the file and
    line); a ``post_id`` present in two files is an error naming both files — several exports of
    the same platform often overlap, and a post counted twice would inflate every metric.
    ``attrs["sources"]`` lists the files and their row counts.
    """
    try:
        adapter = get_adapter(data_format, "mentions")
    except ValueError as exc:
        raise ParamsError("data_format", [f"data_format: {exc}"]) from None
    frames = [adapter.read(p, mapping=mapping) for p in paths]
    if len(frames) == 1:
        out = frames[0]
    else:
        seen: dict[str, str] = {}
        clashes = []
        for p, f in zip(paths, frames, strict=True):
            name = display_path(p)
            for pid in f["post_id"].tolist():
                if pid in seen and seen[pid] != name:
                    clashes.append((pid, seen[pid], name))
                else:
                    seen.setdefault(pid, name)
        if clashes:
            pid, a, b = clashes[0]
            raise DataValidationError(path=" + ".join(display_path(p) for p in paths), kind="mentions", problems=[Problem(
                message=f"{len(clashes):,} post_id value(s) appear in more than one file (first: {pid!r} in {a} and {b})",
                column="post_id", expected="each post in one file only (remove the overlap between the exports)")])
        attrs = {k: v for k, v in frames[0].attrs.items() if not isinstance(v, (pd.DataFrame, pd.Series))}
        out = schema.validate_frame(pd.concat(frames, ignore_index=True), source=" + ".join(display_path(p) for p in paths))
        out.attrs = {**attrs, **out.attrs}
    out.attrs["sources"] = [{"path": display_path(p), "rows": len(f)} for p, f in zip(paths, frames, strict=True)]
    return out
