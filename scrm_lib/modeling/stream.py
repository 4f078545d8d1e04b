"""Reading and writing mentions files in chunks, for scoring files larger than memory.

:func:`iter_mention_chunks` yields validated canonical frames of at most ``chunk_rows``
rows (CSV/TSV, JSON Lines, Parquet; compressed text files too), so memory stays bounded
by the chunk, not the file. Each chunk goes through the same validation as
:func:`scrm_lib.data.io.load_mentions`; line numbers in errors are exact unless a text holds
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

from scrm_lib.core.errors import DataValidationError, Problem, ScrmError, display_path
from scrm_lib.data import io as _io
from scrm_lib.data.schemas import mentions as _mentions
from scrm_lib.data.schemas._core import STR_DTYPE, RowLocator

CHUNK_ROWS = 50_000


def count_records(path: str | Path) -> int | None:
    """Approximate number of data rows (line count − header) of an uncompressed text file."""
    p = Path(path)
    fmt, comp = _io.detect_format(p)
    if comp or fmt == "parquet":
        if fmt == "parquet":
            try:
                import pyarrow.parquet as pq

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

    Raises:
        DataValidationError: the file cannot be read or a chunk does not validate (the
        message names the file, lines, column, what was found and what was expected).
    """
    p = Path(path)
    shown = display_path(p)
    m: dict[str, Any] = {}
    if mapping is not None:
        m = _io.load_mapping(mapping) if not isinstance(mapping, dict) else mapping
    fmt, compression = _io.detect_format(p, fmt)
    enc = encoding or m.get("encoding") or "utf-8"
    _io._sniff(p, "mentions", fmt, compression, encoding)
    start = 0
    try:
        for raw, offset, label in _raw_chunks(p, fmt, compression, enc, m, chunk_rows):
            raw = raw.reset_index(drop=True)
            if m:
                raw = _io.apply_mapping(raw, m, shown)
            yield _mentions.validate_frame(
                raw, source=shown, locator=RowLocator(offset=offset + start, label=label),
                channels=m.get("channels"), timestamp_format=m.get("timestamp_format"),
                timezone=m.get("timezone"), warn=start == 0)
            start += len(raw)
    except (DataValidationError, ScrmError):
        raise
    except UnicodeDecodeError:
        err = _io._decode_problem(p, "mentions", enc) if not compression else None
        raise err or DataValidationError(path=shown, kind="mentions", problems=[
            Problem(message=f"cannot decode the file as {enc}; pass --encoding")]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, OSError) as exc:
        if isinstance(exc, pd.errors.EmptyDataError):
            raise DataValidationError(path=shown, kind="mentions", problems=[
                Problem(message="the file is empty (no header line)", expected="a header line and data rows")]) from None
        if fmt in ("csv", "tsv") and not compression:
            err = _io._csv_scan_problem(p, "mentions", enc, m.get("delimiter") or ("\t" if fmt == "tsv" else ","))
            if err:
                raise err from None
        if fmt == "jsonl":
            err = _io._malformed_json(p, "mentions", enc, compression)
            if err:
                raise err from None
        raise DataValidationError(path=shown, kind="mentions", problems=[
            Problem(message=f"could not read the file ({type(exc).__name__}: "
                    f"{str(exc).splitlines()[0][:200] if str(exc) else ''})")]) from None
    if start == 0:
        raise DataValidationError(path=shown, kind="mentions", problems=[
            Problem(message="the file has no data rows", expected="at least one post")])


def _raw_chunks(p: Path, fmt: str, compression: str | None, enc: str, m: dict, chunk_rows: int):
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(p).iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas(), 0, "row"
        return
    if fmt == "jsonl":
        with pd.read_json(p, lines=True, chunksize=chunk_rows, dtype=False, encoding=enc,
                          compression=compression) as reader:
            for chunk in reader:
                yield chunk, 1, "line"
        return
    delimiter = m.get("delimiter") or ("\t" if fmt == "tsv" else ",")
    header = _io._read_header(p, enc, compression, delimiter)
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    rename = m.get("rename", {})
    text_like = set(_mentions.STRING_COLUMNS) | {"channel", "created_at"}
    text_cols = [h for h in header if rename.get(h, h) in text_like]
    other = [h for h in header if h not in text_cols]
    with pd.read_csv(p, sep=delimiter, encoding="utf-8-sig" if enc.lower().replace("-", "") == "utf8" else enc,
                     compression=compression, chunksize=chunk_rows, keep_default_na=False,
                     na_values={c: _io.NA_VALUES for c in other}, dtype={c: STR_DTYPE for c in text_cols},
                     index_col=False) as reader:
        for chunk in reader:
            chunk.columns = [str(c).strip().lstrip("\ufeff") for c in chunk.columns]
            yield chunk, 2, "line"


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
        self.fmt, self.compression = _io.detect_format(self.path, fmt)
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
            import pyarrow as pa
            import pyarrow.parquet as pq

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
