"""Data files: their format, how to open them, and why one cannot be read.

The low level under :mod:`scrm_lib.data.readers`: the file format from the name
(:func:`detect_format`), opening text files (compressed or not, :func:`open_text`), and the
diagnostics that turn a file the parsers refuse into a :class:`DataValidationError` naming the
file, the line and what was expected (:func:`sniff` before parsing; :func:`decode_problem`,
:func:`csv_scan_problem`, :func:`parser_problem`, :func:`malformed_json` after a parser
failed: these slow paths run only when there is an error to explain).
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io as _io
import json
import lzma
import mmap
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from scrm_lib.core.errors import DataValidationError, Problem, display_path

# The csv module (used to find line numbers) must read every field the pandas parser reads: its
# default 131,072-character field limit made a long post an unexplained error.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))

#: File name suffix → file format.
SUFFIX_FORMATS: dict[str, str] = {
    ".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
}
#: The file formats every reader understands (``--format`` of ``scrm validate`` and ``scrm score``).
FILE_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "parquet")
#: Other spellings of a file format accepted by ``fmt=``.
FILE_FORMAT_ALIASES: dict[str, str] = {"json": "jsonl", "ndjson": "jsonl", "pq": "parquet"}
COMPRESSION_SUFFIXES: dict[str, str] = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}


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


def fail(path: str | Path, kind: str, message: str, **kw: Any) -> DataValidationError:
    """A one-problem :class:`DataValidationError` for a file that cannot be read at all."""
    return DataValidationError(path=show(path), kind=kind, problems=[Problem(message=message, **kw)])


def show(path: str | Path) -> str:
    return display_path(path) if not str(path).startswith("<") else str(path)



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
        fmt = FILE_FORMAT_ALIASES.get(fmt, fmt)
        if fmt not in FILE_FORMATS:
            raise fail(path, "input", f"unknown format {fmt!r}", expected="one of " + ", ".join(FILE_FORMATS))
        return fmt, compression
    if suffixes and suffixes[-1] in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffixes[-1]], compression
    return "csv", compression


def is_wide_encoding(encoding: str | None) -> bool:
    return bool(encoding) and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def line_of_offset(path: Path, offset: int) -> int:
    """1-based line number of byte ``offset`` (counts LF bytes before it)."""
    with open(path, "rb") as f:
        return f.read(offset).count(b"\n") + 1

def decode_problem(path: Path, kind: str, encoding: str) -> DataValidationError | None:
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
                line = line_of_offset(path, offset)
                context = around.decode(encoding, errors="replace").replace("\n", "\\n")
                name = codecs.lookup(encoding).name
                hint = (
                    "the file is probably in another encoding: pass it, e.g. "
                    "--encoding cp1252 (Windows), --encoding latin-1 or --encoding utf-16 "
                    "(encoding=... in Python)"
                )
                return fail(
                    path, kind,
                    f"cannot decode byte{'s' if len(bad) > 1 else ''} "
                    f"{' '.join(f'0x{b:02x}' for b in bad)} at byte offset {offset:,} as "
                    f"{name} ({exc.reason}) near {context!r}; {hint}",
                    rows=(line,), n_rows=1, expected=f"text encoded as {name}",
                )
            if not chunk:
                return None
            pos += len(chunk)

def sniff(path: Path, kind: str, fmt: str, compression: str | None, encoding: str | None) -> None:
    """Pre-checks that make unreadable files fail with a clear message.

    Missing file, a folder, an empty file, a binary file under a text name, NUL bytes
    in a text file, a UTF-16 file read as UTF-8. Uses ``mmap`` (no copy of the file).
    """
    if not path.exists():
        raise fail(path, kind, "file not found", expected="an existing file")
    if path.is_dir():
        raise fail(path, kind, "is a folder, not a file", expected="a data file")
    size = path.stat().st_size
    if size == 0:
        raise fail(path, kind, "the file is empty (0 bytes)", expected="a header line and data rows")
    if fmt == "parquet" or compression:
        return
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        head = mm[:4096]
        for magic, what in _MAGIC:
            if head.startswith(magic):
                raise fail(path, kind, f"this is not a text {fmt.upper()} file but {what}",
                            expected=f"a {fmt.upper()} text file")
        if head.startswith(b"\x1f\x8b"):
            raise fail(path, kind, "the file is gzip-compressed but its name does not end in .gz",
                        expected="a name such as mentions.csv.gz, or the uncompressed file")
        if (head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:200:2].count(0) > 50) and not encoding:
            raise fail(path, kind, "the file looks UTF-16 encoded (byte-order mark or NUL bytes "
                        "between characters); pass --encoding utf-16",
                        expected="UTF-8 text, or the encoding given with --encoding")
        if not is_wide_encoding(encoding):
            nul = mm.find(b"\x00")
            if nul >= 0:
                sample = mm[:8192]
                if sample.count(0) > len(sample) // 10 or sum(
                    b < 9 or 13 < b < 32 for b in sample
                ) > len(sample) // 10:
                    raise fail(path, kind, "this is a binary file, not text (many NUL and "
                                "control bytes)", expected=f"a {fmt.upper()} text file")
                data = mm[:]
                offsets = [m.start() for m in re.finditer(b"\x00", data)]
                lines = sorted({data.count(b"\n", 0, o) + 1 for o in offsets})
                raise fail(
                    path, kind,
                    f"NUL byte{'s' if len(offsets) > 1 else ''} (\\x00) in the text "
                    f"({len(offsets):,} in all, first at byte offset {offsets[0]:,}); the file is "
                    "damaged or not plain text — remove them (e.g. tr -d '\\000')",
                    rows=tuple(lines[:5]), n_rows=len(lines), expected="text without NUL bytes",
                )
        if re.search(rb"\S", mm) is None:
            raise fail(path, kind, "the file is empty (only blank lines)",
                        expected="a header line and data rows")


def open_text(path: Path, encoding: str, compression: str | None, newline: str | None = "") -> Any:
    opener: Callable[..., Any] = {
        None: open, "gzip": gzip.open, "bz2": bz2.open, "xz": lzma.open,
    }.get(compression, open)
    if compression == "zstd":  # pragma: no cover - optional codec
        import zstandard

        raw = zstandard.open(path, "rb")
        return _io.TextIOWrapper(raw, encoding=encoding, newline=newline)
    return opener(path, "rt", encoding=encoding, newline=newline)


def read_header(path: Path, encoding: str, compression: str | None, delimiter: str) -> list[str]:
    with open_text(path, encoding, compression) as f:
        reader = csv.reader(f, delimiter=delimiter)
        for row in reader:
            if row:
                return [c.strip() for c in row]
    return []


def csv_record_lines(path: Path, encoding: str, compression: str | None, delimiter: str) -> np.ndarray:
    """First line number of every data record (header excluded), blank lines skipped."""
    starts: list[int] = []
    with open_text(path, encoding, compression) as f:
        reader = csv.reader(f, delimiter=delimiter)
        prev = 0
        for rec in reader:
            start, prev = prev + 1, reader.line_num
            if rec:
                starts.append(start)
    return np.asarray(starts[1:], dtype=np.int64)


def jsonl_record_lines(path: Path, encoding: str, compression: str | None) -> np.ndarray:
    with open_text(path, encoding, compression, newline=None) as f:
        return np.asarray([i for i, line in enumerate(f, 1) if line.strip()], dtype=np.int64)

def csv_scan_problem(path: Path, kind: str, encoding: str, delimiter: str) -> DataValidationError | None:
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
                    return fail(path, kind, f"a row has {len(rec)} fields but the header has "
                                 f"{n_header} (an unquoted delimiter inside a value? quote such values)",
                                 rows=(start,), n_rows=1, found=f"{len(rec)} fields",
                                 expected=f"{n_header} fields")
        except csv.Error as exc:
            start = prev + 1
            what = ("a quoted value is never closed: the '\"' that opens it runs to the end of the file"
                    if "end of data" in str(exc) or "EOF" in str(exc) else f"malformed CSV ({exc})")
            return fail(path, kind, what, rows=(start,), n_rows=1,
                         found="an unmatched double quote" if "never closed" in what else None,
                         expected="every quoted value closed with '\"' (a quote inside it doubled: \"\")")
    return None


def parser_problem(path: Path, kind: str, exc: Exception, fmt: str) -> DataValidationError:
    msg = str(exc).strip()
    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
    if m:
        want, line, saw = (int(g) for g in m.groups())
        return fail(path, kind, f"a row has {saw} fields but the header has {want} "
                     "(an unquoted delimiter inside a value? quote such values)",
                     rows=(line,), n_rows=1, found=f"{saw} fields", expected=f"{want} fields")
    m = re.search(r"EOF inside string starting at row (\d+)", msg)
    if m:
        return fail(path, kind, "a quoted value is never closed: a '\"' opens a value that runs "
                     "to the end of the file", found="an unmatched double quote",
                     expected="every quoted value closed with '\"' (double a quote inside it: \"\")")
    return fail(path, kind, f"cannot parse the file as {fmt.upper()}: {msg.splitlines()[0][:200]}",
                 expected=f"a well-formed {fmt.upper()} file")


def malformed_json(path: Path, kind: str, encoding: str, compression: str | None) -> DataValidationError | None:
    bad: list[tuple[int, str]] = []
    n_bad = 0
    with open_text(path, encoding, compression, newline=None) as f:
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
    return fail(path, kind,
                 f"malformed JSON: {first_msg}" if n_bad == 1
                 else f"{n_bad:,} malformed JSON lines (line {first_line}: {first_msg})",
                 rows=tuple(b[0] for b in bad), n_rows=n_bad,
                 expected="one JSON object per line, such as {\"post_id\": \"1\", \"text\": \"hi\"}")
