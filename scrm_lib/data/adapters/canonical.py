"""The ``canonical`` format: a mentions file in the canonical schema, or a platform export through a column mapping.

The format of the file comes from its name (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``/``.json``,
``.parquet``/``.pq``, optionally compressed ``.gz``/``.bz2``/``.xz``/``.zst``) or ``fmt=``. Text
files are UTF-8 with or without a byte-order mark unless ``encoding=`` says otherwise; a file that
does not decode gets an error naming the line and byte and suggesting ``--encoding``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from scrm_lib.data.files import show
from scrm_lib.data.mapping import apply_mapping, load_mapping
from scrm_lib.data.readers import read_table
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas import mentions as _mentions

#: Columns read verbatim as text (the schema's text columns, and two that the schema parses itself).
TEXT_COLUMNS: tuple[str, ...] = (*_mentions.STRING_COLUMNS, "channel", "created_at")


def load_mentions(
    path: str | Path,
    fmt: str | None = None,
    mapping: str | Path | dict[str, Any] | None = None,
    encoding: str | None = None,
    *,
    channels: Sequence[str] | None = None,
    timestamp_format: str | None = None,
    timezone: str | None = None,
) -> pd.DataFrame:
    """Load a mentions file and return the validated canonical frame.

    Args:
        path: CSV / TSV / JSON Lines / Parquet file (format from the name or ``fmt``).
        fmt: ``"csv"``, ``"tsv"``, ``"jsonl"`` or ``"parquet"`` to override the name.
        mapping: a column-mapping YAML file (or an already-loaded dict) for platform
            exports; see :mod:`scrm_lib.data.mapping`.
        encoding: text encoding (default UTF-8, with or without byte-order mark).
        channels, timestamp_format, timezone: see
            :func:`scrm_lib.data.schemas.mentions.validate_frame` (a mapping may set them too).

    Returns:
        The canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`).

    Raises:
        DataValidationError: every problem, with file, lines, column, found and expected.
    """
    m: dict[str, Any] = {}
    if mapping is not None:
        m = load_mapping(mapping) if not isinstance(mapping, dict) else mapping
    shown = show(path)
    df, locator = read_table(
        path, "mentions", fmt=fmt, encoding=encoding or m.get("encoding"),
        delimiter=m.get("delimiter"), string_columns=TEXT_COLUMNS, rename=m.get("rename", {}),
    )
    if m:
        df = apply_mapping(df, m, shown)
    return _mentions.validate_frame(
        df, source=shown, locator=locator,
        channels=channels if channels is not None else m.get("channels"),
        timestamp_format=timestamp_format or m.get("timestamp_format"),
        timezone=timezone or m.get("timezone"),
    )


ADAPTER = register(Adapter(
    name="canonical", kind="mentions",
    description="any mentions file in the canonical schema (CSV, TSV, JSON Lines, Parquet), "
                "or a platform export with a column mapping",
    reader=load_mentions, columns=_mentions.CANONICAL, options=("mapping", "encoding", "fmt"),
    brand_time_columns=("brand", "created_at"), module=__name__,
))

__all__ = ["ADAPTER", "TEXT_COLUMNS", "load_mentions"]
