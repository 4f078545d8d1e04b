"""Vectorised validation helpers shared by the schema modules.

Every check works on whole columns (numpy / pandas operations, no per-row Python
loop) and, instead of stopping at the first bad value, records a
:class:`~scrm_lib.core.errors.Problem` in a :class:`Collector`. When a schema has run
all its checks it calls :meth:`Collector.raise_if_any`, which raises one
:class:`~scrm_lib.core.errors.DataValidationError` listing every problem.

Row numbers in problems are *file line numbers* (the header is line 1, so the
first data row of a plain CSV is line 2). A :class:`RowLocator` turns the
positions of offending rows in the frame into those numbers; loaders pass an exact
locator for files whose records span several lines (quoted newlines), which is only
computed when a problem is actually reported.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scrm_lib.core.errors import MAX_ROWS_SHOWN, DataValidationError, Problem

#: The string dtype every text-like canonical column is converted to (pandas' default
#: ``str`` dtype: Arrow-backed when pyarrow is installed, missing values are NaN).
STR_DTYPE = "str"

#: Longest example value shown in a message before it is shortened with "…".
MAX_FOUND_CHARS = 40

#: Spellings accepted as true / false in boolean columns (compared lower-cased).
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "1.0"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "0.0", ""})


@dataclass
class RowLocator:
    """Maps 0-based row positions of a frame to the numbers shown to the user.

    Attributes:
        offset: added to a position when no exact ``lines`` are known
            (2 for a CSV with a header: position 0 is line 2; 1 for JSON Lines;
            1 for a DataFrame, whose rows are then reported 1-based).
        label: ``"line"`` for files, ``"row"`` for in-memory frames or Parquet.
        lines: optional callable returning the exact line number of every row
            (called lazily, only when a problem must be reported).
    """

    offset: int = 2
    label: str = "line"
    lines: Callable[[], np.ndarray] | None = None
    _cache: np.ndarray | None = field(default=None, repr=False)
    #: One computation of ``lines`` when two validation threads report problems at once.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __call__(self, positions: np.ndarray) -> tuple[int, ...]:
        """Line numbers of the given 0-based positions."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.lines is not None:
            with self._lock:
                if self._cache is None:
                    self._cache = np.asarray(self.lines(), dtype=np.int64)
            if len(self._cache) and positions.size and positions.max() < len(self._cache):
                return tuple(int(x) for x in self._cache[positions])
        return tuple(int(x) + self.offset for x in positions)


def shorten(value: object, limit: int = MAX_FOUND_CHARS) -> str:
    """``repr``-like display of one offending value, cut to ``limit`` characters."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "an empty value"
    if value is pd.NaT:
        return "an empty value"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


class Collector:
    """Accumulates problems for one input; raises them all at once.

    Args:
        source: the file (already shortened for display) or ``"<DataFrame>"``.
        kind: the schema name used in the message (``"mentions"``, …).
        locator: maps row positions to line numbers.
    """

    def __init__(self, source: str, kind: str, locator: RowLocator | None = None) -> None:
        self.source = source
        self.kind = kind
        self.locator = locator or RowLocator()
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    # -- recording ------------------------------------------------------------------
    def add(
        self,
        message: str,
        *,
        column: str | None = None,
        mask: np.ndarray | pd.Series | None = None,
        positions: np.ndarray | Sequence[int] | None = None,
        values: pd.Series | None = None,
        expected: str | None = None,
        found: str | None = None,
        at: int | None = None,
    ) -> None:
        """Record one problem.

        ``mask`` (boolean, aligned with the frame) or ``positions`` (0-based) say which
        rows offend; the first few are turned into line numbers and, when ``values``
        is given, their values are shown as what was *found*. ``at``: insert at this
        index of :attr:`problems` instead of appending (keeps the column order of a report
        when a check finishes late).
        """
        rows: tuple[int, ...] = ()
        n_rows = 0
        if mask is not None:
            positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if positions is not None:
            positions = np.asarray(positions, dtype=np.int64)
            n_rows = int(positions.size)
            first = positions[:MAX_ROWS_SHOWN]
            rows = self.locator(first)
            if values is not None and found is None and first.size:
                shown = []
                for v in values.iloc[first].tolist():
                    s = shorten(v)
                    if s not in shown:
                        shown.append(s)
                found = ", ".join(shown)
        problem = Problem(
            message=message,
            column=column,
            rows=rows,
            n_rows=n_rows,
            found=found,
            expected=expected,
            row_label=self.locator.label,
        )
        self.problems.insert(len(self.problems) if at is None else at, problem)

    def warn(self, message: str) -> None:
        """Record a warning (shown by the caller, does not make the data invalid)."""
        self.warnings.append(message)

    # -- finishing ------------------------------------------------------------------
    def error(self) -> DataValidationError:
        """The error listing every recorded problem."""
        return DataValidationError(path=self.source, kind=self.kind, problems=list(self.problems))

    def raise_if_any(self) -> None:
        """Raise :class:`DataValidationError` when at least one problem was recorded."""
        if self.problems:
            raise self.error()

    def emit_warnings(self, stacklevel: int = 3) -> None:
        """Issue every recorded warning with :func:`warnings.warn` (``UserWarning``)."""
        import warnings

        for message in self.warnings:
            warnings.warn(f"{self.source}: {message}", UserWarning, stacklevel=stacklevel)


# ---------------------------------------------------------------------------------
# Column-level checks
# ---------------------------------------------------------------------------------


def check_columns(df: pd.DataFrame, required: Sequence[str], col: Collector) -> bool:
    """Record duplicate and missing required columns; return True when all are present.

    Missing columns come with a "did you mean" hint when a column of a similar name
    (case, spaces, underscores) exists.
    """
    import difflib

    ok = True
    columns = [str(c) for c in df.columns]
    dup = pd.Index(columns)[pd.Index(columns).duplicated()].unique().tolist()
    for name in dup:
        where = [i + 1 for i, c in enumerate(columns) if c == name]
        col.add(
            f"duplicate column name (appears {len(where)} times, at positions "
            f"{', '.join(map(str, where))} of the header)",
            column=name,
            expected="each column name once",
        )
        ok = False
    present = set(columns)
    missing = [name for name in required if name not in present]
    if not missing:
        return ok
    norm = {c.strip().lower().replace(" ", "_").replace("-", "_"): c for c in columns}
    hints = []
    for name in missing:
        hint = norm.get(name) or next(iter(difflib.get_close_matches(name, columns, 1, 0.75)), None)
        if hint:
            hints.append(f"{hint!r} for {name!r}")
    found = ("columns " + ", ".join(repr(c) for c in columns[:12]) + (" …" if len(columns) > 12 else "")
             if columns else "no columns")
    names = ", ".join(repr(n) for n in missing)
    col.add(
        f"required column{'s are' if len(missing) > 1 else ' is'} missing: {names}"
        + (f" (did you mean {'; '.join(hints)}?)" if hints else "")
        + "; rename the columns or give a column mapping (--mapping)",
        column=missing[0] if len(missing) == 1 else None,
        found=found,
        expected="a header with " + ", ".join(required),
    )
    return False


def arrow_chunks(s: pd.Series) -> Any:
    """The Arrow ``ChunkedArray`` behind an Arrow-backed string column, else None."""
    return getattr(s.array, "_pa_array", None)


def blank_mask(s: pd.Series) -> np.ndarray:
    """Boolean array: value missing, empty or only whitespace (vectorised).

    Arrow-backed strings are first screened on their first byte (numpy on the Arrow buffers, no
    copy): a non-empty value can only be blank when it starts with an ASCII control or space byte
    (≤ 0x20) or a non-ASCII byte (Unicode spaces). Columns with no such value, the usual case for
    ids, names and reply ids, skip the exact Unicode check: their blanks are their empty values.
    """
    arrow = arrow_chunks(s)
    if arrow is not None:
        parts = [_blank_chunk(chunk) for chunk in arrow.chunks]
        if not parts:
            return np.zeros(0, dtype=bool)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)
    text = s.astype(STR_DTYPE)
    return is_missing(text) | (text.str.strip() == "").to_numpy(dtype=bool, na_value=True)


def _string_buffers(chunk: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """``(offsets, data)`` of an Arrow string array as numpy views (no copy), or None for other
    types, arrays with missing values and arrays without character data."""
    if chunk.null_count or not len(chunk):
        return None
    if pa.types.is_large_string(chunk.type):
        width, dtype = 8, np.int64
    elif pa.types.is_string(chunk.type):
        width, dtype = 4, np.int32
    else:
        return None
    _, offsets_buf, data_buf = chunk.buffers()
    if data_buf is None or data_buf.size == 0:
        return None
    offsets = np.frombuffer(offsets_buf, dtype=dtype, count=len(chunk) + 1, offset=chunk.offset * width)
    return offsets, np.frombuffer(data_buf, dtype=np.uint8)


def _blank_chunk(chunk: Any) -> np.ndarray:
    """:func:`blank_mask` of one Arrow chunk."""
    bufs = _string_buffers(chunk)
    if bufs is not None:
        offsets, data = bufs
        empty = offsets[1:] == offsets[:-1]
        first = data.take(offsets[:-1], mode="clip")  # an empty value's byte is not looked at
        if not (~empty & ((first <= 0x20) | (first >= 0x80))).any():
            return empty  # no value starts like whitespace: blank = empty
    # empty, or non-empty and all whitespace; missing counts as blank
    hit = pc.fill_null(pc.or_(pc.equal(pc.binary_length(chunk), 0), pc.utf8_is_space(chunk)), True)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


def blank_to_missing(s: pd.Series, blank: np.ndarray) -> pd.Series:
    """``s`` with the values where ``blank`` is true made missing.

    Arrow-backed strings get a new validity bitmap over the same offsets and characters (no copy
    of the text); other columns use :meth:`pandas.Series.where`.
    """
    arrow = arrow_chunks(s)
    if arrow is None or not all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type)
                                for c in arrow.chunks):
        return s.where(~blank, np.nan)
    chunks, start = [], 0
    for chunk in arrow.chunks:
        keep = ~blank[start : start + len(chunk)]
        start += len(chunk)
        if chunk.null_count:  # keep the values that were already missing missing
            keep &= chunk.is_valid().to_numpy(zero_copy_only=False)
        bits = np.concatenate([np.ones(chunk.offset, dtype=bool), keep]) if chunk.offset else keep
        validity = pa.py_buffer(np.packbits(bits, bitorder="little"))
        chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), [validity, *chunk.buffers()[1:]],
                                            len(chunk) - int(keep.sum()), chunk.offset))
    merged = pa.chunked_array(chunks, type=arrow.type)
    return pd.Series(pd.array(merged, dtype=STR_DTYPE), index=s.index, name=s.name)


#: Multipliers of :func:`all_distinct`'s 64-bit hash (the golden ratio and MurmurHash3's mix).
_HASH_SEED = np.uint64(0x9E3779B97F4A7C15)
_HASH_MIX = np.uint64(0xFF51AFD7ED558CCD)
#: Longest value (bytes) that :func:`all_distinct` hashes; longer ids go to the exact check.
_HASH_MAX_BYTES = 64


def all_distinct(s: pd.Series) -> bool | None:
    """True when every value of an Arrow-backed string column is different, proved by hashing.

    Each value is padded to a common width (one Arrow kernel), its 8-byte words and its length
    are mixed into a 64-bit hash (numpy, no Python loop) and the hashes are sorted: distinct
    hashes prove distinct values. Returns None when that proof is not available (a repeated
    hash, which may be a real duplicate or a collision; missing values; non-ASCII or very long
    values; other dtypes): the caller then runs the exact check. About four times faster than
    Arrow's hash table on 1M ids (docs/benchmarks.md, issue 14).
    """
    arrow = arrow_chunks(s)
    if arrow is None or arrow.null_count or len(arrow) < 2:
        return None
    hashes = []
    for chunk in arrow.chunks:
        if not len(chunk):
            continue
        lengths = pc.binary_length(chunk)
        longest = pc.max(lengths).as_py()
        if longest is None or longest > _HASH_MAX_BYTES:
            return None
        width = max(8, -(-longest // 8) * 8)
        padded = pc.utf8_rpad(chunk, width=width, padding="\x00")
        bufs = _string_buffers(padded)
        if bufs is None or bufs[0][-1] - bufs[0][0] != len(chunk) * width:
            return None  # a non-ASCII value was padded by characters, not bytes
        offsets, data = bufs
        words = data[offsets[0] : offsets[-1]].view(np.uint64).reshape(len(chunk), width // 8)
        h = np.asarray(lengths.to_numpy(zero_copy_only=False), dtype=np.uint64) * _HASH_SEED
        for j in range(words.shape[1]):
            h ^= words[:, j]
            h *= _HASH_MIX
            h ^= h >> np.uint64(33)
        hashes.append(h)
    h = np.sort(np.concatenate(hashes) if len(hashes) > 1 else hashes[0])
    return None if bool((h[1:] == h[:-1]).any()) else True


def is_missing(s: pd.Series) -> np.ndarray:
    """Boolean array: value is missing (NaN / None / NA)."""
    return s.isna().to_numpy(dtype=bool)


def to_string(s: pd.Series) -> pd.Series:
    """Convert a column to the canonical string dtype, keeping missing values missing.

    Integral floats (ids read as ``3.0`` because the column had gaps) become ``"3"``,
    not ``"3.0"``.
    """
    if s.dtype == STR_DTYPE and isinstance(s.dtype, pd.StringDtype):
        return s
    if pd.api.types.is_float_dtype(s.dtype):
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        finite = np.isfinite(values)
        if finite.any() and np.all(np.mod(values[finite], 1) == 0):
            return s.astype("Int64").astype(STR_DTYPE)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype(STR_DTYPE).str.lower()
    return s.astype(STR_DTYPE)


def string_column(
    df: pd.DataFrame, name: str, col: Collector, *, required: bool, nonempty: bool, what: str
) -> pd.Series:
    """Canonical string column; with ``nonempty``, record rows that are missing or blank."""
    s = to_string(df[name])
    if nonempty:
        bad = blank_mask(s)
        if bad.any():
            col.add(
                f"{what} is empty",
                column=name,
                mask=bad,
                expected="a non-empty value" + ("" if required else " or no column at all"),
            )
    return s


def count_column(s: pd.Series, name: str, col: Collector) -> pd.Series:
    """Non-negative integer counts as ``Int64``; empty cells stay ``<NA>``.

    Records non-numeric values, fractions and negative numbers as problems.
    """
    if pd.api.types.is_bool_dtype(s.dtype):
        col.add("counts must be whole numbers, found true/false values", column=name,
                expected="a non-negative whole number")
        return pd.Series(pd.NA, index=s.index, dtype="Int64")
    if pd.api.types.is_integer_dtype(s.dtype):
        if not s.hasnans and (s.min() if len(s) else 0) >= 0:  # fast path: clean integers
            return s.astype("Int64")
        values = s
    elif pd.api.types.is_float_dtype(s.dtype):
        values = s
    else:
        text = s.astype(STR_DTYPE).str.strip()
        values = pd.to_numeric(text, errors="coerce")
        bad = values.isna().to_numpy(dtype=bool) & ~(text.isna() | (text == "")).to_numpy(
            dtype=bool, na_value=True
        )
        if bad.any():
            col.add("not a number", column=name, mask=bad, values=s,
                    expected="a non-negative whole number or an empty cell")
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    finite = np.isfinite(arr)
    with np.errstate(invalid="ignore"):
        neg = finite & (arr < 0)
        frac = finite & (np.mod(arr, 1) != 0)
    inf = np.isinf(arr)
    if neg.any():
        col.add("negative count", column=name, mask=neg, values=s, expected="a number ≥ 0")
    if frac.any():
        col.add("not a whole number", column=name, mask=frac, values=s,
                expected="a whole number such as 0, 1, 42")
    if inf.any():
        col.add("infinite count", column=name, mask=inf, values=s, expected="a finite number")
    if pd.api.types.is_integer_dtype(values.dtype) and not neg.any():
        return values.astype("Int64")
    arr = np.where(finite & ~neg & ~frac, arr, np.nan)
    return pd.Series(pd.array(arr, dtype="Float64"), index=s.index).round(0).astype("Int64")


def float_column(
    s: pd.Series, name: str, col: Collector, *, low: float | None, high: float | None,
    required_values: bool = False, what: str = "value",
) -> pd.Series:
    """A float64 column within ``[low, high]``; records non-numeric and out-of-range values."""
    if pd.api.types.is_bool_dtype(s.dtype):
        values = pd.Series(np.nan, index=s.index)
        col.add(f"{what} must be a number, found true/false", column=name)
    elif pd.api.types.is_numeric_dtype(s.dtype):
        values = s.astype("float64")
    else:
        text = s.astype(STR_DTYPE).str.strip()
        values = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = values.isna().to_numpy(dtype=bool) & ~(text.isna() | (text == "")).to_numpy(
            dtype=bool, na_value=True
        )
        if bad.any():
            col.add(f"{what} is not a number", column=name, mask=bad, values=s,
                    expected=_range_text(low, high))
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    if required_values:
        miss = np.isnan(arr) & is_missing(s)
        if miss.any():
            col.add(f"{what} is empty", column=name, mask=miss, expected=_range_text(low, high))
    with np.errstate(invalid="ignore"):
        out = np.zeros(arr.shape, dtype=bool)
        if low is not None:
            out |= arr < low
        if high is not None:
            out |= arr > high
        out |= np.isinf(arr) & (low is None or high is None)
    if out.any():
        col.add(f"{what} out of range", column=name, mask=out, values=s, expected=_range_text(low, high))
    return values


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    if low is not None:
        return f"a number ≥ {low:g}"
    if high is not None:
        return f"a number ≤ {high:g}"
    return "a number"


def bool_column(s: pd.Series, name: str, col: Collector, default: bool = False) -> pd.Series:
    """Booleans from bool dtype or words (true/false, yes/no, 1/0, t/f); empty → ``default``."""
    if pd.api.types.is_bool_dtype(s.dtype) and not s.isna().any():
        return s.astype(bool)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        arr = s.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isnan(arr) & (arr != 0) & (arr != 1)
        if bad.any():
            col.add("not a true/false value", column=name, mask=bad, values=s,
                    expected="true/false, yes/no or 1/0")
        return pd.Series(np.where(np.isnan(arr), default, arr == 1), index=s.index, dtype=bool)
    codes, uniques = pd.factorize(s.astype(STR_DTYPE).str.strip().str.lower(), use_na_sentinel=True)
    mapping = np.empty(len(uniques) + 1, dtype=np.int8)  # last slot: missing
    for i, u in enumerate(uniques):
        mapping[i] = 1 if u in TRUE_WORDS else 0 if u in FALSE_WORDS else -1
    mapping[-1] = 1 if default else 0
    coded = mapping[codes]  # codes == -1 picks the last slot
    bad = coded == -1
    if bad.any():
        col.add("not a true/false value", column=name, mask=bad, values=s,
                expected="true/false, yes/no or 1/0")
    return pd.Series(coded == 1, index=s.index, dtype=bool)


def label_column(
    s: pd.Series, name: str, col: Collector, allowed: Sequence[str], *,
    required_values: bool = False, what: str = "label",
) -> pd.Series:
    """A categorical label column: lower-cased, stripped, must be one of ``allowed``."""
    norm = to_string(s).str.strip().str.lower()
    miss = is_missing(norm) | (norm == "").to_numpy(dtype=bool, na_value=True)
    bad = ~miss & ~norm.isin(list(allowed)).to_numpy(dtype=bool)
    if bad.any():
        col.add(f"unknown {what}", column=name, mask=bad, values=s,
                expected="one of " + ", ".join(allowed))
    if required_values and miss.any():
        col.add(f"{what} is empty", column=name, mask=miss, expected="one of " + ", ".join(allowed))
    return norm.where(~miss, np.nan).astype(STR_DTYPE)


def duplicated_key(
    df: pd.DataFrame, keys: Sequence[str], col: Collector, what: str
) -> None:
    """Record rows whose ``keys`` repeat an earlier row (all copies are listed)."""
    dup = df.duplicated(subset=list(keys), keep=False).to_numpy(dtype=bool)
    if dup.any():
        first = int(np.flatnonzero(dup)[0])
        example = ", ".join(f"{k}={shorten(df[k].iloc[first])}" for k in keys)
        n_keys = int(df.loc[dup, list(keys)].drop_duplicates().shape[0])
        col.add(
            f"{what} ({n_keys} repeated value{'s' if n_keys != 1 else ''}, e.g. {example})",
            column=keys[0] if len(keys) == 1 else None,
            mask=dup,
            expected=f"each {'/'.join(keys)} once",
        )


def order_columns(df: pd.DataFrame, canonical: Sequence[str]) -> pd.DataFrame:
    """Canonical columns first (in schema order), then every extra column as found."""
    first = [c for c in canonical if c in df.columns]
    rest = [c for c in df.columns if c not in set(first)]
    return df[first + rest]
