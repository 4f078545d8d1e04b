"""Reading and writing mentions files in chunks, for scoring files larger than memory.

:func:`iter_mention_chunks` yields validated canonical frames of at most ``chunk_rows``
rows (CSV/TSV, JSON Lines, Parquet; compressed text files too), so memory stays bounded
by the chunk, not the file. Each chunk goes through the same validation as
:func:`scrm_lib.data.adapters.canonical.load_mentions`; line numbers in errors are exact unless a text holds
line breaks before the offending row (then they count records: header = line 1).
Uniqueness of ``post_id`` is checked within a chunk, not across chunks.

:class:`ChunkWriter` appends chunks to a CSV / JSON Lines / Parquet output written to a
temporary name and renamed when complete, so a failed run never leaves a partial file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from scrm_lib.core.errors import ScrmError, display_path
from scrm_lib.data.adapters.canonical import TEXT_COLUMNS
from scrm_lib.data.files import detect_format
from scrm_lib.data.mapping import apply_mapping, load_mapping
from scrm_lib.data.readers import iter_table_chunks
from scrm_lib.data.schemas import mentions as _mentions

CHUNK_ROWS = 50_000


def count_records(path: str | Path) -> int | None:
    """Approximate number of data rows (line count − header) of an uncompressed text file."""
    p = Path(path)
    fmt, comp = detect_format(p)
    if comp or fmt == "parquet":
        if fmt == "parquet":
            try:
                return pq.ParquetFile(p).metadata.num_rows
            except Exception:
                return None
        return None
    n = 0
    with open(p, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            n += block.count(b"\n")
    return max(n - (0 if fmt == "jsonl" else 1), 0)


def iter_mention_chunks(path: str | Path, chunk_rows: int = CHUNK_ROWS, fmt: str | None = None,
                        encoding: str | None = None, mapping: str | Path | dict | None = None) -> Iterator[pd.DataFrame]:
    """Validated canonical mentions frames of at most ``chunk_rows`` rows each.

    Reads through :func:`scrm_lib.data.readers.iter_table_chunks` (the same parser and column
    typing as a whole-file load) and validates each chunk as the ``canonical`` adapter does.

    Raises:
        DataValidationError: the file cannot be read or a chunk does not validate (the
        message names the file, lines, column, what was found and what was expected).
    """
    p = Path(path)
    shown = display_path(p)
    m: dict[str, Any] = {}
    if mapping is not None:
        m = load_mapping(mapping) if not isinstance(mapping, dict) else mapping
    first = True
    for raw, locator in iter_table_chunks(p, "mentions", chunk_rows, fmt=fmt, encoding=encoding or m.get("encoding"),
                                          delimiter=m.get("delimiter"), string_columns=TEXT_COLUMNS,
                                          rename=m.get("rename", {})):
        if m:
            raw = apply_mapping(raw, m, shown)
        yield _mentions.validate_frame(
            raw, source=shown, locator=locator,
            channels=m.get("channels"), timestamp_format=m.get("timestamp_format"),
            timezone=m.get("timezone"), warn=first)
        first = False


#: First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a
#: formula: OWASP's CSV-injection list (``=``, ``+``, ``-``, ``@``, tab, carriage return).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that starts with a :data:`FORMULA_PREFIXES` character prefixed
    by a single quote (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``), as OWASP recommends for CSV
    opened in spreadsheets. Numbers (a negative ``sentiment_score``) are left alone; the text
    is otherwise unchanged, so the quote shows where a post started with such a character."""
    out = df
    for col in df.columns:
        s = df[col]
        if not (pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s)):
            continue
        text = s.astype("string")
        risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
        if risky.any():
            if out is df:
                out = df.copy()
            fixed = s.astype(object).copy()
            fixed[risky] = ("'" + text[risky]).astype(object)
            out[col] = fixed
    return out


class ChunkWriter:
    """Append frames to ``path`` (CSV, JSON Lines or Parquet by its suffix); atomic on close.

    CSV and TSV are meant for spreadsheets: text cells that a spreadsheet would run as a
    formula are neutralised (:func:`neutralise_formulas`). JSON Lines and Parquet keep the text.

    Use as a context manager: the output appears under its name only when the block
    ends without an error.
    """

    def __init__(self, path: str | Path, fmt: str | None = None):
        self.path = Path(path)
        self.fmt, self.compression = detect_format(self.path, fmt)
        if self.fmt == "tsv":
            self.sep = "\t"
        self.tmp = self.path.with_name(f".{self.path.name}.tmp{os.getpid()}")
        self._first = True
        self._pq = None
        self._schema = None
        self.rows = 0

    def __enter__(self) -> ChunkWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self

    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk."""
        out = df.copy()
        if "created_at" in out.columns and pd.api.types.is_datetime64_any_dtype(out["created_at"]):
            if self.fmt != "parquet":
                out["created_at"] = out["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.fmt == "parquet":
            table = pa.Table.from_pandas(out, preserve_index=False, schema=self._schema)
            if self._pq is None:
                self._schema = table.schema
                self._pq = pq.ParquetWriter(self.tmp, self._schema)
            self._pq.write_table(table)
        elif self.fmt == "jsonl":
            out.to_json(self.tmp, orient="records", lines=True, force_ascii=False, mode="a",
                        compression=self.compression if self._first else None)
        else:
            if self.compression:
                raise ScrmError(f"{display_path(self.path)}: compressed CSV output is not supported; "
                                "write .csv, .jsonl or .parquet")
            out = neutralise_formulas(out)
            out.to_csv(self.tmp, mode="w" if self._first else "a", header=self._first, index=False,
                       sep="\t" if self.fmt == "tsv" else ",", lineterminator="\n")
        self._first = False
        self.rows += len(df)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._pq is not None:
            self._pq.close()
        if exc_type is None and self.tmp.exists():
            os.replace(self.tmp, self.path)
        elif self.tmp.exists():
            self.tmp.unlink()


__all__ = ["CHUNK_ROWS", "FORMULA_PREFIXES", "ChunkWriter", "count_records", "iter_mention_chunks", "neutralise_formulas"]
