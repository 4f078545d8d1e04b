"""Reading tables: one implementation for whole files and for chunks.

:func:`read_table` reads a CSV / TSV / JSON Lines / Parquet file (compressed text files too)
into one frame; :func:`iter_table_chunks` yields the same frames in pieces of at most
``chunk_rows`` rows, for files larger than memory (``scrm score``,
:func:`scrm_lib.modeling.stream.iter_mention_chunks`); :func:`read_frames` reads several files
or a glob into one frame (for engines that read many files, such as the Dask engine). All three
share the header checks, the column typing rule (text columns read verbatim, other columns with
type inference and the usual missing-value markers) and the error diagnostics of
:mod:`scrm_lib.data.files`.

Nothing here knows a schema: the format adapters (:mod:`scrm_lib.data.adapters`) read through
these functions and validate what they read.

Performance: a whole CSV or TSV file goes through one call of pandas' C parser, which splits a
large uncompressed UTF-8 file at line ends and parses the pieces in parallel threads: the parse a
bare ``pandas.read_csv`` gets, at its cost and peak memory (about 2× the final frame). Files whose
first megabyte shows quoted line breaks are parsed in one thread (:func:`records_span_lines`).
Arrow's multi-threaded reader was measured and not used: slower here, and its type inference
differs from pandas' (docs/benchmarks.md, issue 14). Line numbers of records that span several
lines are computed only when a problem has to be reported.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq

from scrm_lib.core.errors import DataValidationError, Problem
from scrm_lib.data.files import (
    csv_record_lines,
    csv_scan_problem,
    decode_problem,
    detect_format,
    fail,
    jsonl_record_lines,
    malformed_json,
    open_text,
    parser_problem,
    read_header,
    show,
    sniff,
)
from scrm_lib.data.schemas._core import STR_DTYPE, RowLocator, shorten

#: Cell values read as missing in columns that are not free text (ids and text keep
#: ``"NA"``, ``"null"`` … literally: a post may say "null").
NA_VALUES: list[str] = ["", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "<NA>"]

#: Rows per call of pandas' C parser when text columns that looked numeric are read again
#: verbatim (:func:`_read_csv`; Arrow string chunks concatenate without copying).
CSV_CHUNK_ROWS = 2_000_000

#: Files from this size on may be parsed by pandas in parallel pieces (pandas 3.1 splits files of
#: 5 MB and more); below it the quoted-line-break sample of :func:`records_span_lines` is skipped.
PARALLEL_MIN_BYTES = 4 * 2**20
#: Bytes :func:`records_span_lines` samples from the start of a file.
SPAN_SAMPLE_BYTES = 2**20


# ---------------------------------------------------------------------------------
# Whole files
# ---------------------------------------------------------------------------------


def read_table(
    path: str | Path,
    kind: str,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    string_columns: Sequence[str] = (),
    rename: dict[str, str] | None = None,
) -> tuple[pd.DataFrame, RowLocator]:
    """Read a CSV / TSV / JSON Lines / Parquet file into a frame, with clear errors.

    Args:
        path: the file.
        kind: the schema name used in messages.
        fmt, encoding, delimiter: override detection (UTF-8 with or without BOM by default).
        string_columns: canonical columns to read as text verbatim (ids keep leading
            zeros, a text ``"null"`` stays ``"null"``); other columns get type inference
            and the usual missing-value markers.
        rename: source → canonical names (a mapping), used to find which source columns
            are ``string_columns``.

    Returns:
        ``(frame, locator)``: the locator turns row positions into file line numbers.

    Raises:
        DataValidationError: empty, binary, undecodable, malformed files, duplicate
        column names, a header without data rows.
    """
    path = Path(path)
    fmt, compression = detect_format(path, fmt)
    enc = _encoding(path, kind, encoding)
    sniff(path, kind, fmt, compression, encoding)
    sep = delimiter or ("\t" if fmt == "tsv" else ",")
    with _explained(path, kind, fmt, compression, enc, sep):
        if fmt in ("csv", "tsv"):
            df = _read_csv(path, kind, enc, compression, sep, string_columns, rename or {})
            locator = RowLocator(offset=2, label="line",
                                 lines=lambda: csv_record_lines(path, enc, compression, sep))
            return df, locator
        if fmt == "jsonl":
            return _read_jsonl(path, kind, enc, compression, string_columns)
        return _read_parquet(path, kind)
    raise AssertionError("unreachable")  # pragma: no cover - _explained always raises on error


def read_frames(
    paths_or_glob: str | Path | Sequence[str | Path],
    fmt: str | None = None,
    *,
    kind: str = "table",
    encoding: str | None = None,
    string_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Read one or more files (a list, or a glob such as ``"exports/*.parquet"``) into one frame.

    Each file is read by :func:`read_table` (same checks, same column typing); the frames are
    stacked in the order given (a glob's matches sorted by name). ``attrs["sources"]`` lists
    the files and their row counts. Used by engines that read many files (the Dask engine reads
    each partition through it); the notebooks' loaders validate what they read through a
    format adapter (:mod:`scrm_lib.data.adapters`).

    Raises:
        DataValidationError: a glob that matches nothing, or a file that cannot be read.
    """
    if isinstance(paths_or_glob, str | Path):
        text = str(paths_or_glob)
        paths: list[str | Path] = (sorted(glob.glob(text)) if glob.has_magic(text) else [paths_or_glob])
        if not paths:
            raise fail(text, kind, "no file matches the pattern", expected="a file name or a glob that matches files")
    else:
        paths = list(paths_or_glob)
    frames = [read_table(p, kind, fmt=fmt, encoding=encoding, string_columns=string_columns)[0] for p in paths]
    out = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    out.attrs["sources"] = [{"path": show(p), "rows": len(f)} for p, f in zip(paths, frames, strict=True)]
    return out


def read_text_lines(path: str | Path, kind: str) -> list[str]:
    """Lines of a UTF-8 text file, split on LF only (a bare CR stays inside its line; a
    trailing CR of a CRLF line is removed). Used by the line-oriented training-set adapters."""
    path = Path(path)
    if not path.is_file():
        raise fail(path, kind, "file not found", expected="an existing file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise decode_problem(path, kind, "utf-8") or fail(path, kind, "cannot decode") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


# ---------------------------------------------------------------------------------
# Chunks
# ---------------------------------------------------------------------------------


def iter_table_chunks(
    path: str | Path,
    kind: str,
    chunk_rows: int,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    string_columns: Sequence[str] = (),
    rename: dict[str, str] | None = None,
) -> Iterator[tuple[pd.DataFrame, RowLocator]]:
    """:func:`read_table` in pieces of at most ``chunk_rows`` rows: ``(frame, locator)`` pairs.

    Same checks and column typing as :func:`read_table`; each chunk's index starts at 0 and its
    locator counts from the chunk's first record (exact line numbers unless a text before it
    holds line breaks: then they count records, header = line 1). JSON Lines arrays
    (``[{…}, …]``) are read whole and cut. Caller: :func:`scrm_lib.modeling.stream.iter_mention_chunks`.

    Raises:
        DataValidationError: as :func:`read_table`, for the chunk where the problem is met.
    """
    path = Path(path)
    fmt, compression = detect_format(path, fmt)
    enc = _encoding(path, kind, encoding)
    sniff(path, kind, fmt, compression, encoding)
    sep = delimiter or ("\t" if fmt == "tsv" else ",")
    start = 0
    with _explained(path, kind, fmt, compression, enc, sep):
        if fmt in ("csv", "tsv"):
            options = _csv_options(path, kind, enc, compression, sep, string_columns, rename or {})
            chunks: Iterator[pd.DataFrame] = _csv_chunks(path, options, chunk_rows)
            offset, label = 2, "line"
        elif fmt == "jsonl":
            chunks = _jsonl_chunks(path, enc, compression, chunk_rows)
            offset, label = 1, "line"
        else:
            chunks = (b.to_pandas() for b in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows))
            offset, label = 0, "row"
        for chunk in chunks:
            chunk = chunk.reset_index(drop=True)
            chunk.columns = [str(c).strip().lstrip("\ufeff") for c in chunk.columns]
            yield chunk, RowLocator(offset=offset + start, label=label)
            start += len(chunk)
    if start == 0:
        raise fail(path, kind, "the file has no data rows", expected="at least one data row after the header")


# ---------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------


def _encoding(path: Path, kind: str, encoding: str | None) -> str:
    enc = encoding or "utf-8"
    try:
        codecs.lookup(enc)
    except LookupError:
        raise fail(path, kind, f"unknown encoding {enc!r}",
                   expected="a Python codec name such as utf-8, cp1252, latin-1, utf-16") from None
    return enc


class _explained:
    """Context manager: a parser's exception becomes a :class:`DataValidationError` that says
    what is wrong and where (the slow diagnostics of :mod:`scrm_lib.data.files`)."""

    def __init__(self, path: Path, kind: str, fmt: str, compression: str | None, enc: str, sep: str):
        self.args = (path, kind, fmt, compression, enc, sep)

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> bool:
        if exc is None or isinstance(exc, DataValidationError) or not isinstance(exc, Exception):
            return False
        path, kind, fmt, compression, enc, sep = self.args
        if isinstance(exc, UnicodeError):
            err = decode_problem(path, kind, enc) if not compression else None
            raise err or fail(path, kind, f"cannot decode the file as {enc}; pass --encoding") from None
        if not isinstance(exc, pd.errors.ParserError | pd.errors.ParserWarning | pd.errors.EmptyDataError
                          | ValueError | OSError | csv.Error | pa.ArrowException):
            return False
        if isinstance(exc, pd.errors.EmptyDataError):
            raise fail(path, kind, "the file is empty (no header line)",
                       expected="a header line and data rows") from None
        if fmt == "jsonl":
            err = decode_problem(path, kind, enc) if not compression else None
            err = err or malformed_json(path, kind, enc, compression)
            if err:
                raise err from None
        if fmt in ("csv", "tsv") and not compression:
            err = csv_scan_problem(path, kind, enc, sep)
            if err:
                raise err from None
        if fmt == "parquet":
            raise fail(show(path), kind, f"not a readable Parquet file ({str(exc).splitlines()[0][:160]})",
                       expected="a Parquet file (or pass --format csv/jsonl)") from None
        raise parser_problem(path, kind, exc, fmt) from None


def _csv_options(
    path: Path, kind: str, enc: str, compression: str | None, delimiter: str,
    string_columns: Sequence[str], rename: dict[str, str],
) -> dict[str, Any]:
    """Check the header (empty, wrong delimiter, duplicate names) and build pandas' options."""
    header = read_header(path, enc, compression, delimiter)
    if not header or all(h == "" for h in header):
        raise fail(path, kind, "the header line is empty", rows=(1,), n_rows=1,
                   expected="column names on line 1")
    if header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if len(header) == 1:
        for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if sep != delimiter and header[0].count(sep) >= 2:
                how = ("name the file .tsv or use --format tsv" if sep == "\t"
                       else f"give a column mapping with  delimiter: \"{sep}\"")
                raise fail(path, kind, f"the header is one column holding {name}s: the file "
                           f"seems to be {name}-separated; {how}", rows=(1,), n_rows=1,
                           found=shorten(header[0], 60),
                           expected=f"columns separated by {delimiter!r}")
    seen: dict[str, list[int]] = {}
    for i, h in enumerate(header, 1):
        if h:
            seen.setdefault(h, []).append(i)
    dups = {h: pos for h, pos in seen.items() if len(pos) > 1}
    if dups:
        problems = [
            Problem(message=f"duplicate column name (appears {len(pos)} times, at positions "
                    f"{', '.join(map(str, pos))} of the header)", column=h, rows=(1,), n_rows=1,
                    expected="each column name once")
            for h, pos in dups.items()
        ]
        raise DataValidationError(path=show(path), kind=kind, problems=problems)
    wanted = set(string_columns)
    text_cols = [src for src in header if rename.get(src, src) in wanted]
    other_cols = [src for src in header if src not in set(text_cols)]
    return dict(sep=delimiter, encoding=enc, compression=compression, keep_default_na=False,
                na_values={c: NA_VALUES for c in other_cols}, header_names=header, text_columns=text_cols)


def _pandas_options(options: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in options.items() if k not in ("header_names", "text_columns")}


def _csv_chunks(path: Path, options: dict[str, Any], chunk_rows: int, *, text_dtype: bool = True,
                usecols: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """pandas' C parser in chunks of ``chunk_rows`` rows.

    ``text_dtype``: read the text columns as text from the start (the chunked path: a chunk
    cannot be re-read). The whole-file path infers every column first and re-reads only the text
    columns that looked numeric (:func:`_read_csv`): giving pandas 3 a ``str`` dtype up front makes
    its parser about five times slower on text columns (measured, docs/benchmarks.md).
    """
    opts = _pandas_options(options)
    text_cols = options["text_columns"]
    extra: dict[str, Any] = {}
    if usecols is not None:
        extra = {"usecols": list(usecols), "dtype": {c: STR_DTYPE for c in usecols}}
    elif text_dtype:
        extra = {"dtype": {c: STR_DTYPE for c in text_cols}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        # index_col=False: a first row with one field too many must not silently become
        # the index; pandas then warns (turned into an error and explained by the caller).
        warnings.simplefilter("error", pd.errors.ParserWarning)
        with pd.read_csv(path, chunksize=chunk_rows, index_col=False, **extra, **opts) as reader:
            yield from reader


def _concat(chunks: list[pd.DataFrame]) -> pd.DataFrame:
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


def records_span_lines(path: Path, sample_bytes: int = SPAN_SAMPLE_BYTES) -> bool:
    """True when the first ``sample_bytes`` of a CSV hold a line break inside a quoted field
    (a line end after an odd number of ``"``; numpy, a few milliseconds per MB). A stray quote
    inside an unquoted field can make this say True wrongly: that only costs speed."""
    with open(path, "rb") as f:
        sample = f.read(sample_bytes)
    if b'"' not in sample:
        return False
    head = np.frombuffer(sample, dtype=np.uint8)
    quotes = np.flatnonzero(head == ord('"'))
    line_ends = np.flatnonzero(head == ord("\n"))
    return bool((np.searchsorted(quotes, line_ends) & 1).any())  # quotes before each line end


def _has_option(name: str) -> bool:
    """pandas knows the option (``mode.max_threads`` came with the parallel parse, pandas 3.1)."""
    try:
        pd.get_option(name)
    except (KeyError, pd.errors.OptionError):
        return False
    return True


def _csv_whole(path: Path, options: dict[str, Any]) -> pd.DataFrame:
    """The whole file in one call of pandas' C parser, which for a large uncompressed UTF-8 file
    splits it at line ends and parses the pieces in parallel threads (pandas ≥ 3.1: the parse a
    bare ``pandas.read_csv`` gets). Text columns are inferred here and fixed by the caller
    (see :func:`_csv_chunks` on why).

    A piece that starts inside a quoted text fails and pandas then parses the whole file again
    in one thread (correct, but the parallel attempt is wasted: +70% CPU measured). Files whose
    first megabyte already shows quoted line breaks (:func:`records_span_lines`) are therefore
    parsed in one thread from the start.
    """
    one_thread = (options["compression"] is None and path.stat().st_size >= PARALLEL_MIN_BYTES
                  and _has_option("mode.max_threads") and records_span_lines(path))
    with warnings.catch_warnings(), (pd.option_context("mode.max_threads", 1) if one_thread
                                     else contextlib.nullcontext()):
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        # index_col=False: a first row with one field too many must not silently become
        # the index; pandas then warns (turned into an error and explained by the caller).
        warnings.simplefilter("error", pd.errors.ParserWarning)
        return pd.read_csv(path, index_col=False, **_pandas_options(options))


def _read_csv(
    path: Path, kind: str, enc: str, compression: str | None, delimiter: str,
    string_columns: Sequence[str], rename: dict[str, str],
) -> pd.DataFrame:
    options = _csv_options(path, kind, enc, compression, delimiter, string_columns, rename)
    df = _csv_whole(path, options)
    # Text columns that looked numeric were inferred as numbers (losing leading zeros,
    # or precision of long ids): read just those again, verbatim.
    redo = [c for c in options["text_columns"] if c in df.columns and not isinstance(df[c].dtype, pd.StringDtype)]
    if redo and len(df):
        again = _concat(list(_csv_chunks(path, options, CSV_CHUNK_ROWS, usecols=redo)))
        df = df.assign(**{c: again[c].set_axis(df.index) for c in redo})
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    if len(df) == 0:
        header = options["header_names"]
        raise fail(path, kind, "the file has a header but no data rows", rows=(1,), n_rows=1,
                   found="columns " + ", ".join(repr(c) for c in header[:12]),
                   expected="at least one data row after the header")
    return df


def _read_jsonl(
    path: Path, kind: str, enc: str, compression: str | None, string_columns: Sequence[str] = ()
) -> tuple[pd.DataFrame, RowLocator]:
    with open_text(path, enc, compression, newline=None) as f:
        first = f.read(4096).lstrip("\ufeff \t\r\n")
    if first.startswith("["):  # a JSON array of records
        df = pd.read_json(path, orient="records", dtype=False, encoding=enc, compression=compression)
        locator = RowLocator(offset=1, label="record")
    else:
        df = _read_jsonl_lines(path, kind, enc, compression, string_columns)
        locator = RowLocator(offset=1, label="line",
                             lines=lambda: jsonl_record_lines(path, enc, compression))
    if len(df) == 0:
        raise fail(path, kind, "the file holds no records", expected="one JSON object per line")
    df.columns = [str(c) for c in df.columns]
    return df, locator


def _read_jsonl_lines(
    path: Path, kind: str, enc: str, compression: str | None, string_columns: Sequence[str] = ()
) -> pd.DataFrame:
    """JSON Lines: Arrow's strict C++ reader first; on failure name the malformed lines
    (Python ``json``, slow path only); lines that are valid JSON but change type between
    rows (a number here, a string there) are read by pandas instead."""
    utf8 = codecs.lookup(enc).name == "utf-8"
    if utf8 and not compression:
        with open(path, "rb") as f:
            bom = f.read(3) == codecs.BOM_UTF8
        if not bom:
            # Text columns stay text (Arrow would turn ISO strings into zone-less timestamps).
            schema = pa.schema([(c, pa.string()) for c in string_columns])
            try:
                return pj.read_json(path, parse_options=pj.ParseOptions(
                    explicit_schema=schema, unexpected_field_behavior="infer")).to_pandas()
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    err = malformed_json(path, kind, enc, compression)
    if err:
        raise err
    return pd.read_json(path, lines=True, dtype=False, encoding=enc, compression=compression)


def _jsonl_chunks(path: Path, enc: str, compression: str | None, chunk_rows: int) -> Iterator[pd.DataFrame]:
    with open_text(path, enc, compression, newline=None) as f:
        first = f.read(4096).lstrip("\ufeff \t\r\n")
    if first.startswith("["):
        df = pd.read_json(path, orient="records", dtype=False, encoding=enc, compression=compression)
        for i in range(0, len(df), chunk_rows):
            yield df.iloc[i : i + chunk_rows]
        return
    with pd.read_json(path, lines=True, chunksize=chunk_rows, dtype=False, encoding=enc,
                      compression=compression) as reader:
        yield from reader


def _read_parquet(path: Path, kind: str) -> tuple[pd.DataFrame, RowLocator]:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError variants
        raise fail(path, kind, f"not a readable Parquet file ({str(exc).splitlines()[0][:160]})",
                   expected="a Parquet file (or pass --format csv/jsonl)") from None
    if len(df) == 0:
        raise fail(path, kind, "the file holds no rows", expected="at least one row")
    df.columns = [str(c) for c in df.columns]
    return df, RowLocator(offset=1, label="row")


__all__ = [
    "CSV_CHUNK_ROWS", "NA_VALUES", "PARALLEL_MIN_BYTES", "SPAN_SAMPLE_BYTES", "iter_table_chunks", "read_frames",
    "read_table", "read_text_lines", "records_span_lines",
]
