"""Loaders: CSV / JSON Lines / Parquet with column mappings, and adapters for real data.

Every loader returns a validated, canonical frame (see :mod:`scrm_lib.data.schemas`) or
raises :class:`~scrm_lib.core.errors.DataValidationError` naming the file, the line numbers
(header = line 1), the column, what was found and what was expected.

Generic loaders
    :func:`load_mentions`, :func:`load_survey`, :func:`load_usecases`. The format comes
    from the file name (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``/``.json``,
    ``.parquet``/``.pq``, optionally compressed ``.gz``/``.bz2``/``.xz``/``.zst``) or
    ``fmt=``. Text files are UTF-8 with or without a byte-order mark unless ``encoding=``
    says otherwise; a file that does not decode gets an error naming the line and byte
    and suggesting ``--encoding``.

Column mapping (mentions)
    A YAML file that turns any platform export into the canonical schema::

        # mapping for a Brandwatch-style export
        rename:            # export column: canonical column
          Mention Id: post_id
          Date: created_at
          Page Type: channel
          Author: author_id
          Full Text: text
        constants:         # columns the export lacks, the same on every row
          brand: Acme
        values:            # value maps applied after renaming (unmapped values kept)
          channel: {news: news, forums: forum}
          is_brand: {Page: true, User: false}
        drop: [Sentiment Score]   # export columns to leave out
        timestamp_format: "%d/%m/%Y %H:%M"   # optional strftime format of created_at
        timezone: Europe/Berlin   # optional: zone of naive timestamps (default UTC + warning)
        delimiter: ";"            # optional CSV delimiter (default "," or tab for .tsv)
        encoding: cp1252          # optional, overridden by encoding=
        channels: [twitter, facebook, news, forum]  # optional allow-list

Adapters for the public data sets in ``../shared/data/external`` (read from where they
are, never copied): :func:`load_airline_tweets`, :func:`load_twcs`,
:func:`load_tweeteval`, :func:`load_semeval`.

Performance: files are parsed by pandas' C parser and checked with vectorised
operations; the exact line numbers of records that span several lines are computed only
when a problem has to be reported.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io as _io
import lzma
import mmap
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.core.errors import DataValidationError, Problem, display_path
from scrm_lib.data.schemas import mentions as _mentions
from scrm_lib.data.schemas import survey as _survey
from scrm_lib.data.schemas import usecases as _usecases
from scrm_lib.data.schemas._core import STR_DTYPE, RowLocator, shorten, to_string

# The csv module (used to find line numbers) must read every field the pandas parser reads: its
# default 131,072-character field limit made a long post an unexplained error.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))

#: File name suffix → format.
SUFFIX_FORMATS: dict[str, str] = {
    ".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
}
FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet")
COMPRESSION_SUFFIXES: dict[str, str] = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}

#: Cell values read as missing in columns that are not free text (ids and text keep
#: ``"NA"``, ``"null"`` … literally: a post may say "null").
NA_VALUES: list[str] = ["", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "<NA>"]

_MAGIC: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook or zipped folder?); export it as CSV"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (an Excel .xls workbook?); export it as CSV"),
    (b"PAR1", "a Parquet file; use --format parquet or name it .parquet"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\x7fELF", "an executable program"),
]


# ---------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------


def _fail(path: str | Path, kind: str, message: str, **kw: Any) -> DataValidationError:
    """A one-problem :class:`DataValidationError` for a file that cannot be read at all."""
    return DataValidationError(path=_show(path), kind=kind, problems=[Problem(message=message, **kw)])


def _show(path: str | Path) -> str:
    return display_path(path) if not str(path).startswith("<") else str(path)


# ---------------------------------------------------------------------------------
# Format and encoding
# ---------------------------------------------------------------------------------


def detect_format(path: str | Path, fmt: str | None = None) -> tuple[str, str | None]:
    """``(format, compression)`` from ``fmt`` or the file name.

    >>> detect_format("x/mentions.csv.gz")
    ('csv', 'gzip')
    """
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    compression = None
    if suffixes and suffixes[-1] in COMPRESSION_SUFFIXES:
        compression = COMPRESSION_SUFFIXES[suffixes.pop()]
    if fmt is not None:
        fmt = fmt.lower().lstrip(".")
        fmt = {"json": "jsonl", "ndjson": "jsonl", "pq": "parquet"}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise _fail(path, "input", f"unknown format {fmt!r}", expected="one of " + ", ".join(FORMATS))
        return fmt, compression
    if suffixes and suffixes[-1] in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffixes[-1]], compression
    return "csv", compression


def _is_wide_encoding(encoding: str | None) -> bool:
    return bool(encoding) and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _line_of_offset(path: Path, offset: int) -> int:
    """1-based line number of byte ``offset`` (counts LF bytes before it)."""
    with open(path, "rb") as f:
        return f.read(offset).count(b"\n") + 1


def _decode_problem(path: Path, kind: str, encoding: str) -> DataValidationError | None:
    """Find the first byte that does not decode; a clear error, or None if all decodes."""
    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    pos = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            try:
                dec.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                pending = len(dec.getstate()[0]) if hasattr(dec, "getstate") else 0
                offset = max(pos - pending, 0) + exc.start
                with open(path, "rb") as g:
                    g.seek(max(offset - 20, 0))
                    around = g.read(min(offset, 20) + 21)
                bad = exc.object[exc.start : exc.end]
                line = _line_of_offset(path, offset)
                context = around.decode(encoding, errors="replace").replace("\n", "\\n")
                name = codecs.lookup(encoding).name
                hint = (
                    "the file is probably in another encoding: pass it, e.g. "
                    "--encoding cp1252 (Windows), --encoding latin-1 or --encoding utf-16 "
                    "(encoding=... in Python)"
                )
                return _fail(
                    path, kind,
                    f"cannot decode byte{'s' if len(bad) > 1 else ''} "
                    f"{' '.join(f'0x{b:02x}' for b in bad)} at byte offset {offset:,} as "
                    f"{name} ({exc.reason}) near {context!r}; {hint}",
                    rows=(line,), n_rows=1, expected=f"text encoded as {name}",
                )
            if not chunk:
                return None
            pos += len(chunk)


def _sniff(path: Path, kind: str, fmt: str, compression: str | None, encoding: str | None) -> None:
    """Pre-checks that make unreadable files fail with a clear message.

    Missing file, a folder, an empty file, a binary file under a text name, NUL bytes
    in a text file, a UTF-16 file read as UTF-8. Uses ``mmap`` (no copy of the file).
    """
    if not path.exists():
        raise _fail(path, kind, "file not found", expected="an existing file")
    if path.is_dir():
        raise _fail(path, kind, "is a folder, not a file", expected="a data file")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, kind, "the file is empty (0 bytes)", expected="a header line and data rows")
    if fmt == "parquet" or compression:
        return
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        head = mm[:4096]
        for magic, what in _MAGIC:
            if head.startswith(magic):
                raise _fail(path, kind, f"this is not a text {fmt.upper()} file but {what}",
                            expected=f"a {fmt.upper()} text file")
        if head.startswith(b"\x1f\x8b"):
            raise _fail(path, kind, "the file is gzip-compressed but its name does not end in .gz",
                        expected="a name such as mentions.csv.gz, or the uncompressed file")
        if (head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:200:2].count(0) > 50) and not encoding:
            raise _fail(path, kind, "the file looks UTF-16 encoded (byte-order mark or NUL bytes "
                        "between characters); pass --encoding utf-16",
                        expected="UTF-8 text, or the encoding given with --encoding")
        if not _is_wide_encoding(encoding):
            nul = mm.find(b"\x00")
            if nul >= 0:
                sample = mm[:8192]
                if sample.count(0) > len(sample) // 10 or sum(
                    b < 9 or 13 < b < 32 for b in sample
                ) > len(sample) // 10:
                    raise _fail(path, kind, "this is a binary file, not text (many NUL and "
                                "control bytes)", expected=f"a {fmt.upper()} text file")
                data = mm[:]
                offsets = [m.start() for m in re.finditer(b"\x00", data)]
                lines = sorted({data.count(b"\n", 0, o) + 1 for o in offsets})
                raise _fail(
                    path, kind,
                    f"NUL byte{'s' if len(offsets) > 1 else ''} (\\x00) in the text "
                    f"({len(offsets):,} in all, first at byte offset {offsets[0]:,}); the file is "
                    "damaged or not plain text — remove them (e.g. tr -d '\\000')",
                    rows=tuple(lines[:5]), n_rows=len(lines), expected="text without NUL bytes",
                )
        if re.search(rb"\S", mm) is None:
            raise _fail(path, kind, "the file is empty (only blank lines)",
                        expected="a header line and data rows")


def _open_text(path: Path, encoding: str, compression: str | None, newline: str | None = "") -> Any:
    opener: Callable[..., Any] = {
        None: open, "gzip": gzip.open, "bz2": bz2.open, "xz": lzma.open,
    }.get(compression, open)
    if compression == "zstd":  # pragma: no cover - optional codec
        import zstandard

        raw = zstandard.open(path, "rb")
        return _io.TextIOWrapper(raw, encoding=encoding, newline=newline)
    return opener(path, "rt", encoding=encoding, newline=newline)


def _read_header(path: Path, encoding: str, compression: str | None, delimiter: str) -> list[str]:
    with _open_text(path, encoding, compression) as f:
        reader = csv.reader(f, delimiter=delimiter)
        for row in reader:
            if row:
                return [c.strip() for c in row]
    return []


def _csv_record_lines(path: Path, encoding: str, compression: str | None, delimiter: str) -> np.ndarray:
    """First line number of every data record (header excluded), blank lines skipped."""
    starts: list[int] = []
    with _open_text(path, encoding, compression) as f:
        reader = csv.reader(f, delimiter=delimiter)
        prev = 0
        for rec in reader:
            start, prev = prev + 1, reader.line_num
            if rec:
                starts.append(start)
    return np.asarray(starts[1:], dtype=np.int64)


def _jsonl_record_lines(path: Path, encoding: str, compression: str | None) -> np.ndarray:
    with _open_text(path, encoding, compression, newline=None) as f:
        return np.asarray([i for i, line in enumerate(f, 1) if line.strip()], dtype=np.int64)


# ---------------------------------------------------------------------------------
# Reading a table
# ---------------------------------------------------------------------------------


def _csv_scan_problem(path: Path, kind: str, encoding: str, delimiter: str) -> DataValidationError | None:
    """Slow path, only after the fast parser failed: find the record at fault with ``csv``."""
    n_header = None
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=delimiter, strict=True)
        prev = 0
        try:
            for rec in reader:
                start, prev = prev + 1, reader.line_num
                if not rec:
                    continue
                if n_header is None:
                    n_header = len(rec)
                elif len(rec) != n_header:
                    return _fail(path, kind, f"a row has {len(rec)} fields but the header has "
                                 f"{n_header} (an unquoted delimiter inside a value? quote such values)",
                                 rows=(start,), n_rows=1, found=f"{len(rec)} fields",
                                 expected=f"{n_header} fields")
        except csv.Error as exc:
            start = prev + 1
            what = ("a quoted value is never closed: the '\"' that opens it runs to the end of the file"
                    if "end of data" in str(exc) or "EOF" in str(exc) else f"malformed CSV ({exc})")
            return _fail(path, kind, what, rows=(start,), n_rows=1,
                         found="an unmatched double quote" if "never closed" in what else None,
                         expected="every quoted value closed with '\"' (a quote inside it doubled: \"\")")
    return None


def _parser_problem(path: Path, kind: str, exc: Exception, fmt: str) -> DataValidationError:
    msg = str(exc).strip()
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
    if m:
        want, line, saw = (int(g) for g in m.groups())
        return _fail(path, kind, f"a row has {saw} fields but the header has {want} "
                     "(an unquoted delimiter inside a value? quote such values)",
                     rows=(line,), n_rows=1, found=f"{saw} fields", expected=f"{want} fields")
    m = re.search(r"EOF inside string starting at row (\d+)", msg)
    if m:
        return _fail(path, kind, "a quoted value is never closed: a '\"' opens a value that runs "
                     "to the end of the file", found="an unmatched double quote",
                     expected="every quoted value closed with '\"' (double a quote inside it: \"\")")
    return _fail(path, kind, f"cannot parse the file as {fmt.upper()}: {msg.splitlines()[0][:200]}",
                 expected=f"a well-formed {fmt.upper()} file")


def _malformed_json(path: Path, kind: str, encoding: str, compression: str | None) -> DataValidationError | None:
    import json

    bad: list[tuple[int, str]] = []
    n_bad = 0
    with _open_text(path, encoding, compression, newline=None) as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line.strip())
            except ValueError as exc:
                n_bad += 1
                if len(bad) < 5:
                    bad.append((i, f"{exc.msg} at column {exc.colno}" if hasattr(exc, "colno") else str(exc)))
                continue
            if not isinstance(obj, dict):
                n_bad += 1
                if len(bad) < 5:
                    bad.append((i, f"a JSON {type(obj).__name__}, not an object"))
    if not n_bad:
        return None
    first_line, first_msg = bad[0]
    return _fail(path, kind,
                 f"malformed JSON: {first_msg}" if n_bad == 1
                 else f"{n_bad:,} malformed JSON lines (line {first_line}: {first_msg})",
                 rows=tuple(b[0] for b in bad), n_rows=n_bad,
                 expected="one JSON object per line, such as {\"post_id\": \"1\", \"text\": \"hi\"}")


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
    enc = encoding or "utf-8"
    try:
        codecs.lookup(enc)
    except LookupError:
        raise _fail(path, kind, f"unknown encoding {enc!r}",
                    expected="a Python codec name such as utf-8, cp1252, latin-1, utf-16") from None
    _sniff(path, kind, fmt, compression, encoding)
    shown = _show(path)
    try:
        if fmt in ("csv", "tsv"):
            return _read_csv(path, kind, enc, compression, delimiter or ("\t" if fmt == "tsv" else ","),
                             string_columns, rename or {})
        if fmt == "jsonl":
            return _read_jsonl(path, kind, enc, compression, string_columns)
        return _read_parquet(path, kind)
    except UnicodeError:
        err = _decode_problem(path, kind, enc) if not compression else None
        raise err or _fail(path, kind, f"cannot decode the file as {enc}; pass --encoding") from None
    except DataValidationError:
        raise
    except (pd.errors.ParserError, pd.errors.ParserWarning, pd.errors.EmptyDataError, ValueError,
            OSError, csv.Error) as exc:
        if isinstance(exc, pd.errors.EmptyDataError):
            raise _fail(path, kind, "the file is empty (no header line)",
                        expected="a header line and data rows") from None
        if fmt == "jsonl":
            err = _decode_problem(path, kind, enc) if not compression else None
            err = err or _malformed_json(path, kind, enc, compression)
            if err:
                raise err from None
        if fmt in ("csv", "tsv") and not compression:
            err = _csv_scan_problem(path, kind, enc, delimiter or ("\t" if fmt == "tsv" else ","))
            if err:
                raise err from None
        if fmt == "parquet":
            raise _fail(shown, kind, f"not a readable Parquet file ({str(exc).splitlines()[0][:160]})",
                        expected="a Parquet file (or pass --format csv/jsonl)") from None
        raise _parser_problem(path, kind, exc, fmt) from None


def _read_csv(
    path: Path, kind: str, enc: str, compression: str | None, delimiter: str,
    string_columns: Sequence[str], rename: dict[str, str],
) -> tuple[pd.DataFrame, RowLocator]:
    header = _read_header(path, enc, compression, delimiter)
    if not header or all(h == "" for h in header):
        raise _fail(path, kind, "the header line is empty", rows=(1,), n_rows=1,
                    expected="column names on line 1")
    if header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if len(header) == 1:
        for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if sep != delimiter and header[0].count(sep) >= 2:
                how = ("name the file .tsv or use --format tsv" if sep == "\t"
                       else f"give a column mapping with  delimiter: \"{sep}\"")
                raise _fail(path, kind, f"the header is one column holding {name}s: the file "
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
        raise DataValidationError(path=_show(path), kind=kind, problems=problems)
    canonical_of = {src: rename.get(src, src) for src in header}
    text_cols = [src for src in header if canonical_of[src] in set(string_columns)]
    other_cols = [src for src in header if src not in set(text_cols)]
    options: dict[str, Any] = dict(
        sep=delimiter, encoding=enc, compression=compression, keep_default_na=False,
        na_values={c: NA_VALUES for c in other_cols},
    )
    df = _read_csv_chunked(path, options)
    # Text columns that looked numeric were inferred as numbers (losing leading zeros,
    # or precision of long ids): read just those again, verbatim.
    redo = [c for c in text_cols if c in df.columns and not isinstance(df[c].dtype, pd.StringDtype)]
    if redo:
        again = _read_csv_chunked(path, {**options, "usecols": redo, "dtype": STR_DTYPE})
        df = df.assign(**{c: again[c].set_axis(df.index) for c in redo})
    df.columns = [str(c).strip() for c in df.columns]
    if len(df) == 0:
        raise _fail(path, kind, "the file has a header but no data rows", rows=(1,), n_rows=1,
                    found="columns " + ", ".join(repr(c) for c in header[:12]),
                    expected="at least one data row after the header")
    locator = RowLocator(offset=2, label="line",
                         lines=lambda: _csv_record_lines(path, enc, compression, delimiter))
    return df, locator


#: Rows per chunk of the CSV parser: bounds the parser's temporary Python objects, so
#: peak memory stays near the final frame's size (Arrow string chunks concatenate
#: without copying).
CSV_CHUNK_ROWS = 250_000


def _read_csv_chunked(path: Path, options: dict[str, Any]) -> pd.DataFrame:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        # index_col=False: a first row with one field too many must not silently become
        # the index; pandas then warns (turned into an error and explained by the caller).
        warnings.simplefilter("error", pd.errors.ParserWarning)
        with pd.read_csv(path, chunksize=CSV_CHUNK_ROWS, index_col=False, **options) as reader:
            chunks = list(reader)
    if not chunks:
        return pd.read_csv(path, nrows=0, index_col=False, **options)
    if len(chunks) == 1:
        return chunks[0]
    return pd.concat(chunks, ignore_index=True, copy=False)


def _read_jsonl(
    path: Path, kind: str, enc: str, compression: str | None, string_columns: Sequence[str] = ()
) -> tuple[pd.DataFrame, RowLocator]:
    with _open_text(path, enc, compression, newline=None) as f:
        first = f.read(4096).lstrip("\ufeff \t\r\n")
    if first.startswith("["):  # a JSON array of records
        df = pd.read_json(path, orient="records", dtype=False, encoding=enc, compression=compression)
        locator = RowLocator(offset=1, label="record")
    else:
        df = _read_jsonl_lines(path, kind, enc, compression, string_columns)
        locator = RowLocator(offset=1, label="line",
                             lines=lambda: _jsonl_record_lines(path, enc, compression))
    if len(df) == 0:
        raise _fail(path, kind, "the file holds no records", expected="one JSON object per line")
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
            import pyarrow as pa
            import pyarrow.json as pj

            # Text columns stay text (Arrow would turn ISO strings into zone-less timestamps).
            schema = pa.schema([(c, pa.string()) for c in string_columns])
            try:
                return pj.read_json(path, parse_options=pj.ParseOptions(
                    explicit_schema=schema, unexpected_field_behavior="infer")).to_pandas()
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    err = _malformed_json(path, kind, enc, compression)
    if err:
        raise err
    return pd.read_json(path, lines=True, dtype=False, encoding=enc, compression=compression)


def _read_parquet(path: Path, kind: str) -> tuple[pd.DataFrame, RowLocator]:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError variants
        raise _fail(path, kind, f"not a readable Parquet file ({str(exc).splitlines()[0][:160]})",
                    expected="a Parquet file (or pass --format csv/jsonl)") from None
    if len(df) == 0:
        raise _fail(path, kind, "the file holds no rows", expected="at least one row")
    df.columns = [str(c) for c in df.columns]
    return df, RowLocator(offset=1, label="row")


# ---------------------------------------------------------------------------------
# Column mappings
# ---------------------------------------------------------------------------------


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read and check a column-mapping YAML (see the module docstring for its keys)."""
    import yaml
    from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

    class Mapping(BaseModel):
        model_config = ConfigDict(extra="forbid")
        rename: dict[str, str] = {}
        constants: dict[str, str | int | float | bool] = {}
        values: dict[str, dict[str, str | int | float | bool | None]] = {}
        drop: list[str] = []
        timestamp_format: str | None = None
        timezone: str | None = None
        delimiter: str | None = None
        encoding: str | None = None
        channels: list[str] | None = None

        @field_validator("timezone")
        @classmethod
        def _zone(cls, v: str | None) -> str | None:
            if v is not None:
                import zoneinfo

                try:
                    zoneinfo.ZoneInfo(v)
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    raise ValueError(f"unknown time zone {v!r}; expected an IANA name such as Europe/Berlin") from None
            return v

    p = Path(path)
    if not p.is_file():
        raise _fail(p, "column mapping", "file not found", expected="a YAML column-mapping file")
    from scrm_lib.params import load_yaml, yaml_error_text

    try:
        raw = load_yaml(p.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as exc:
        raise _fail(p, "column mapping", f"not valid YAML: {yaml_error_text(exc)}",
                    expected="a YAML mapping with keys rename, constants, values, …") from None
    except UnicodeDecodeError as exc:
        raise _fail(p, "column mapping", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                    expected="a UTF-8 YAML file") from None
    if not isinstance(raw, dict):
        raise _fail(p, "column mapping", "the file is not a YAML mapping",
                    expected="keys such as rename:, constants:, values:")
    raw = {k: v for k, v in raw.items()}
    for key in ("rename", "values"):  # YAML reads yes/no/on/off keys as booleans
        if isinstance(raw.get(key), dict):
            raw[key] = {str(k) if not isinstance(k, bool) else str(k).lower(): v
                        for k, v in raw[key].items()}
    if isinstance(raw.get("values"), dict):
        raw["values"] = {c: ({(str(k).lower() if isinstance(k, bool) else str(k)): v for k, v in m.items()}
                             if isinstance(m, dict) else m) for c, m in raw["values"].items()}
    try:
        model = Mapping.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(message=f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg'].removeprefix('Value error, ')}")
            for e in exc.errors()
        ]
        raise DataValidationError(path=_show(p), kind="column mapping", problems=problems) from None
    return model.model_dump()


def apply_mapping(df: pd.DataFrame, mapping: dict[str, Any], source: str) -> pd.DataFrame:
    """Rename, drop, add constants and map values as a column mapping says."""
    problems = []
    missing = [c for c in list(mapping.get("rename", {})) + list(mapping.get("drop", []))
               if c not in df.columns]
    if missing:
        problems.append(Problem(
            message="the column mapping names columns that are not in the file",
            found=", ".join(repr(c) for c in missing),
            expected="columns of the file: " + ", ".join(repr(c) for c in df.columns[:15]),
        ))
    clash = [c for c in mapping.get("constants", {}) if c in df.columns
             or c in mapping.get("rename", {}).values()]
    if clash:
        problems.append(Problem(
            message="the column mapping gives a constant for columns the file already has",
            found=", ".join(repr(c) for c in clash),
            expected="constants only for columns the file lacks (or drop the file's column)"))
    if problems:
        raise DataValidationError(path=source, kind="mentions", problems=problems)
    out = df.drop(columns=list(mapping.get("drop", [])))
    out = out.rename(columns=mapping.get("rename", {}))
    for name, value in mapping.get("constants", {}).items():
        out[name] = value if not isinstance(value, str) else pd.Series(value, index=out.index, dtype=STR_DTYPE)
    for name, table in mapping.get("values", {}).items():
        if name in out.columns:
            s = out[name]
            codes, uniques = pd.factorize(to_string(s))
            mapped = np.array([table.get(u, u) for u in uniques] + [np.nan], dtype=object)
            out[name] = pd.Series(mapped[codes], index=out.index)
    return out


# ---------------------------------------------------------------------------------
# Public loaders
# ---------------------------------------------------------------------------------


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
            exports; see the module docstring.
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
    shown = _show(path)
    df, locator = read_table(
        path, "mentions", fmt=fmt, encoding=encoding or m.get("encoding"),
        delimiter=m.get("delimiter"), string_columns=(*_mentions.STRING_COLUMNS, "channel", "created_at"),
        rename=m.get("rename", {}),
    )
    if m:
        df = apply_mapping(df, m, shown)
    return _mentions.validate_frame(
        df, source=shown, locator=locator,
        channels=channels if channels is not None else m.get("channels"),
        timestamp_format=timestamp_format or m.get("timestamp_format"),
        timezone=timezone or m.get("timezone"),
    )


def load_survey(
    path: str | Path, fmt: str | None = None, encoding: str | None = None, *,
    form: str = "auto", groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Load a survey file (respondent-level or aggregated; see :mod:`scrm_lib.data.schemas.survey`)."""
    df, locator = read_table(path, "survey", fmt=fmt, encoding=encoding,
                             string_columns=("respondent_id", "group", "item", "source"))
    return _survey.validate_frame(df, source=_show(path), locator=locator, form=form, groups=groups)


def load_usecases(path: str | Path, fmt: str | None = None, encoding: str | None = None) -> pd.DataFrame:
    """Load a use-case table (see :mod:`scrm_lib.data.schemas.usecases`)."""
    df, locator = read_table(path, "use-case", fmt=fmt, encoding=encoding,
                             string_columns=("id", "name", "category", "source"))
    return _usecases.validate_frame(df, source=_show(path), locator=locator)


# ---------------------------------------------------------------------------------
# Adapters for the real public data sets
# ---------------------------------------------------------------------------------


def _subset_locator(base: RowLocator, kept: np.ndarray) -> RowLocator:
    """A locator for a frame made of rows ``kept`` (positions) of the frame ``base`` located."""
    return RowLocator(offset=base.offset, label=base.label,
                      lines=lambda: np.asarray(base(kept), dtype=np.int64))


AIRLINE_RENAME = {
    "tweet_id": "post_id", "tweet_created": "created_at", "airline": "brand", "name": "author_id",
    "airline_sentiment": "sentiment", "retweet_count": "shares",
}


def load_airline_tweets(path: str | Path) -> pd.DataFrame:
    """The CrowdFlower/Kaggle *Twitter US Airline Sentiment* ``Tweets.csv`` as mentions.

    Mapping: ``tweet_id`` → ``post_id`` (kept as text), ``tweet_created`` →
    ``created_at`` (offsets such as ``-0800`` converted to UTC), ``airline`` → ``brand``,
    ``name`` → ``author_id``, ``airline_sentiment`` → ``sentiment`` (the crowd label),
    ``retweet_count`` → ``shares``; ``channel`` = ``twitter``; ``is_brand`` = False
    (customer tweets). Every other column (``negativereason``,
    ``airline_sentiment_confidence``, ``tweet_location`` …) is kept as an extra column.
    The 155 repeated ``tweet_id`` rows of the public file are dropped (first kept); how
    many is in ``attrs["duplicates_dropped"]``.
    """
    path = Path(path)
    df, locator = read_table(path, "mentions", fmt="csv",
                             string_columns=_mentions.STRING_COLUMNS + ("created_at",),
                             rename=AIRLINE_RENAME)
    missing = [c for c in AIRLINE_RENAME if c not in df.columns]
    if missing:
        raise _fail(path, "airline tweets", "not the Tweets.csv layout: columns missing",
                    found=", ".join(missing), expected="the Kaggle Tweets.csv columns")
    keep = ~df["tweet_id"].duplicated(keep="first").to_numpy(dtype=bool)
    n_dup = int((~keep).sum())
    kept = np.flatnonzero(keep)
    df = df.iloc[kept].rename(columns=AIRLINE_RENAME)
    df["channel"] = pd.Series("twitter", index=df.index, dtype=STR_DTYPE)
    df["is_brand"] = False
    df = df.reset_index(drop=True)
    out = _mentions.validate_frame(df, source=_show(path), locator=_subset_locator(locator, kept),
                                   timestamp_format="%Y-%m-%d %H:%M:%S %z")
    out.attrs["duplicates_dropped"] = n_dup
    out.attrs["dataset"] = "twitter-us-airline-sentiment"
    return out


TWCS_TIME_FORMAT = "%a %b %d %H:%M:%S %z %Y"


def _thread_components(ids: np.ndarray, parents: np.ndarray, children: pd.Series) -> np.ndarray:
    """Connected component label of every tweet, linking replies both ways (scipy)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    child_pairs = children.dropna().astype(str).str.split(",").explode().str.strip()
    child_pairs = child_pairs[child_pairs != ""]
    src_all = np.concatenate([ids, ids[np.flatnonzero(pd.notna(parents))],
                              ids[child_pairs.index.to_numpy()]])
    dst_all = np.concatenate([ids, parents[pd.notna(parents)].astype(object),
                              child_pairs.to_numpy(dtype=object)])
    codes, uniques = pd.factorize(pd.Series(np.concatenate([src_all, dst_all]).astype(str)))
    n = len(uniques)
    half = len(src_all)
    graph = coo_matrix((np.ones(half, dtype=np.int8), (codes[:half], codes[half:])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels[codes[: len(ids)]]


def load_twcs(path: str | Path) -> pd.DataFrame:
    """A *Customer Support on Twitter* (TWCS) file as mentions, threads resolved.

    ``tweet_id`` → ``post_id``, ``author_id`` kept, ``inbound`` → ``is_brand`` = not
    inbound (outbound tweets are the support account's), ``in_response_to_tweet_id`` →
    ``in_reply_to`` (``3.0`` → ``"3"``), ``created_at`` (``Tue Oct 31 22:10:47 +0000
    2017``) → UTC, ``channel`` = ``twitter``. ``response_tweet_id`` (comma-separated
    ids) is kept as an extra column; a leading unnamed pandas index column is dropped.

    ``brand`` = the support account the thread talks to: tweets are linked into
    conversations through both reply columns (connected components), and each
    conversation's brand is its most frequent outbound author. A customer tweet whose
    conversation has no brand tweet in the file gets the first support account of the
    file it ``@``-mentions, else its first non-numeric ``@`` handle (TWCS anonymises
    customers to digits, not brands); failing that, ``"unknown"`` (counted in
    ``attrs["brand_unknown"]``).

    Records are split on LF only: the public files hold bare carriage returns inside
    unquoted text, which the default parser would treat as line breaks.
    """
    path = Path(path)
    fmt, compression = detect_format(path, "csv")
    _sniff(path, "mentions", fmt, compression, None)
    try:
        df = pd.read_csv(path, dtype=STR_DTYPE, keep_default_na=False, lineterminator="\n",
                         encoding="utf-8")
    except UnicodeError:
        raise _decode_problem(path, "mentions", "utf-8") or _fail(path, "mentions", "cannot decode") from None
    except pd.errors.ParserError as exc:
        raise _parser_problem(path, "mentions", exc, "csv") from None
    df.columns = [str(c).strip() for c in df.columns]
    # CRLF files: with LF-only splitting the last field keeps its CR.
    last = df.columns[-1]
    df[last] = df[last].str.removesuffix("\r")
    df.columns = [c.removesuffix("\r") for c in df.columns]
    need = ["tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise _fail(path, "TWCS", "not the twcs.csv layout: columns missing",
                    found=", ".join(missing), expected=", ".join(need))
    df = df.drop(columns=[c for c in df.columns if c == "" or c.startswith("Unnamed")])
    inbound = df["inbound"].str.strip().str.lower()
    parents = pd.to_numeric(df["in_response_to_tweet_id"].replace("", np.nan), errors="coerce")
    parent_str = parents.astype("Int64").astype(STR_DTYPE)
    ids = df["tweet_id"].str.strip().to_numpy(dtype=object)
    responses = df.get("response_tweet_id", pd.Series(np.nan, index=df.index)).replace("", np.nan)
    labels = _thread_components(ids, parent_str.to_numpy(dtype=object, na_value=np.nan), responses)
    is_brand = (inbound == "false").to_numpy(dtype=bool)
    brand_rows = pd.DataFrame({"thread": labels[is_brand], "author": df["author_id"].to_numpy()[is_brand]})
    thread_brand = (brand_rows.groupby(["thread", "author"]).size().reset_index(name="n")
                    .sort_values(["thread", "n"], ascending=[True, False])
                    .drop_duplicates("thread").set_index("thread")["author"])
    brand = pd.Series(labels, index=df.index).map(thread_brand).astype(object)
    accounts = set(brand_rows["author"].unique().tolist())
    lacking = brand.isna()
    if lacking.any():
        # Customer handles are anonymised to digits in TWCS; brand handles are not.
        mentioned = df.loc[lacking, "text"].str.findall(r"@(\w+)")
        brand.loc[lacking] = mentioned.map(
            lambda ms: next((m for m in ms if m in accounts),
                            next((m for m in ms if not m.isdigit()), np.nan)))
    n_unknown = int(brand.isna().sum())
    out = pd.DataFrame({
        "post_id": df["tweet_id"].str.strip(),
        "created_at": df["created_at"],
        "channel": pd.Series("twitter", index=df.index, dtype=STR_DTYPE),
        "brand": brand.fillna("unknown").astype(STR_DTYPE),
        "author_id": df["author_id"],
        "text": df["text"],
        "in_reply_to": parent_str,
        "is_brand": is_brand,
        "thread_id": pd.Series(labels, index=df.index).astype("int64"),
    })
    if "response_tweet_id" in df.columns:
        out["response_tweet_id"] = df["response_tweet_id"].replace("", np.nan)
    # Lines: one record per LF-terminated line after the header.
    locator = RowLocator(offset=2, label="line")
    result = _mentions.validate_frame(out, source=_show(path), locator=locator,
                                      timestamp_format=TWCS_TIME_FORMAT)
    result.attrs["brand_unknown"] = n_unknown
    result.attrs["dataset"] = "customer-support-on-twitter"
    return result


#: TweetEval / SemEval-2017 sentiment labels.
SENTIMENT_LABELS = ("negative", "neutral", "positive")


def _read_lines(path: Path, kind: str) -> list[str]:
    """Lines of a UTF-8 text file, split on LF only (a bare CR stays inside its line)."""
    if not path.is_file():
        raise _fail(path, kind, "file not found", expected="an existing file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _decode_problem(path, kind, "utf-8") or _fail(path, kind, "cannot decode") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


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
        raise _fail(text_path, "TweetEval", "file not found" + hint, expected="an existing file")
    mapping = {0: "negative", 1: "neutral", 2: "positive"}
    if (folder / "mapping.txt").is_file():
        rows = [r.split("\t") for r in _read_lines(folder / "mapping.txt", "TweetEval") if r.strip()]
        mapping = {int(r[0]): r[1].strip() for r in rows if len(r) >= 2}
    texts = _read_lines(text_path, "TweetEval")
    labels = _read_lines(label_path, "TweetEval")
    if len(texts) != len(labels):
        raise _fail(text_path, "TweetEval",
                    f"{len(texts):,} text lines but {len(labels):,} labels in {label_path.name}",
                    expected="one label per text line")
    ids = pd.to_numeric(pd.Series(labels, dtype=STR_DTYPE).str.strip(), errors="coerce")
    bad = ~ids.isin(list(mapping)).to_numpy(dtype=bool)
    if bad.any():
        pos = np.flatnonzero(bad)
        raise _fail(label_path, "TweetEval", "label not in mapping.txt",
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
        lines = pd.Series(_read_lines(p, "SemEval"), dtype=STR_DTYPE)
        # A line that does not start a record (id TAB label TAB) continues the previous
        # text: the release keeps a few line breaks inside quoted texts.
        starts = lines.str.contains(r"^\d+\t[A-Za-z-]*\t", regex=True).to_numpy(dtype=bool)
        if len(lines) and not starts[0]:
            raise _fail(p, "SemEval", "the first line is not tweet_id<TAB>label<TAB>text",
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
            raise _fail(p, "SemEval", "unknown label", column="label",
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


__all__ = [
    "FORMATS", "SEMEVAL_TRAIN_FILES", "apply_mapping", "detect_format", "load_airline_tweets",
    "load_mapping", "load_mentions", "load_semeval", "load_survey", "load_tweeteval", "load_twcs",
    "load_usecases", "read_table",
]
