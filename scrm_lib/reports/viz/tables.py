"""The one table formatter of the workbench: every table a notebook or report shows goes through
:func:`format_table` (directly, or through the DataFrame display hook :func:`install`).

What a reader gets, whatever the frame:

- **no 0..N index**: a default integer index is dropped; a named index (``set_index("brand")``)
  becomes ordinary leading columns;
- **counts** with thousands separators (``12,284``, never ``12284.0``), including float columns
  that only hold whole numbers (pandas turns an integer column with a gap into floats);
- **rates and shares** as percentages (columns named ``share``, ``rate``, ``pct_…``, ``…_share``,
  … or listed in ``percent=``), with enough decimals that a small share is not shown as 0%, and
  never ``-0%``;
- **other numbers** with 0–3 decimals depending on their size, never ``-0.00``;
- **dates and times** in the data's time zone (``tz=``, else the column's own zone) without the
  ``+00:00`` offset; the zone is named in a footnote; a column of midnights shows dates only;
- **empty cells** (NaN, NaT, None) as "—", with a footnote saying why (``missing=``);
- **text** HTML-escaped (user text is data, never markup) and wrapped, never cut; headers read as
  words (``brand_posts`` → "brand posts").

Formats given per column (``formats={"gap": "{:+.0f} pts"}`` or a function) win over the rules.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: What an empty cell shows.
MISSING = "—"
#: Footnote used when the caller does not say why cells are empty.
DEFAULT_MISSING_REASON = "no value: nothing to measure for this cell in the data (e.g. no posts, no answers, or a rate without a denominator)"
#: Column names read as rates/shares (shown as percentages) when every value lies in [-1, 1].
PERCENT_NAME = re.compile(
    r"(^|_| )(share|shares|rate|pct|percent|proportion|ratio_pct|within_sla_share|sla_share)($|_| )|%",
    re.IGNORECASE,
)
#: Rows shown by the display hook before a table is cut (the footnote says how many were left out).
MAX_ROWS = 60
#: CSS that makes long text wrap inside a cell (also added to every HTML report).
WRAP_CSS = "white-space: normal; overflow-wrap: break-word; max-width: 38em; vertical-align: top;"

_NEG_ZERO = re.compile(r"^([^0-9-]*)-(0(?:[.,]0+)?)(\D*)$")

Formatter = str | Callable[[Any], str]


def fix_negative_zero(text: str) -> str:
    """``"-0%"`` → ``"0%"``, ``"-0.00"`` → ``"0.00"`` (a value that rounds to zero has no sign)."""
    return _NEG_ZERO.sub(r"\1\2\3", text)


def _is_missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict, set, np.ndarray)) else False
    except (TypeError, ValueError):
        return False


def format_number(v: float, decimals: int | None = None) -> str:
    """A number with thousands separators: whole numbers without decimals, others with
    ``decimals`` (default: 0 from 1,000, 1 from 10, 2 from 1, else 3 significant digits)."""
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if decimals is None:
        if v == int(v) and abs(v) < 1e15:
            return fix_negative_zero(f"{int(v):,}")
        a = abs(v)
        decimals = 0 if a >= 1000 else 1 if a >= 10 else 2 if a >= 1 else None
        if decimals is None:  # small values: two significant digits, no scientific notation
            decimals = min(6, max(2, 1 - int(math.floor(math.log10(a)))) if a else 2)
    return fix_negative_zero(f"{v:,.{decimals}f}")


def format_percent(v: float, decimals: int = 0) -> str:
    """``0.213`` → ``"21%"`` (``decimals`` after the point), never ``"-0%"``."""
    return fix_negative_zero(f"{float(v) * 100:,.{decimals}f}%")


def percent_decimals(values: Iterable[float]) -> int:
    """Decimals a column of shares needs so that no non-zero share shows as 0% (0, 1 or 2)."""
    nonzero = [abs(float(v)) for v in values if not _is_missing(v) and float(v) != 0]
    if not nonzero:
        return 0
    smallest = min(nonzero)
    return 0 if smallest >= 0.095 else 1 if smallest >= 0.00095 else 2


def _zone_name(tz: Any) -> str:
    name = str(tz)
    return "UTC" if name in ("UTC", "utc", "Etc/UTC", "tzutc()", "datetime.timezone.utc") else name


def _datetime_formatter(values: pd.Series, tz: Any) -> tuple[Callable[[Any], str], str | None]:
    stamps = pd.to_datetime(values[~values.map(_is_missing)], utc=False, errors="coerce")
    zone = None
    if len(stamps) and getattr(stamps.dt, "tz", None) is not None:
        zone = tz or stamps.dt.tz
        stamps = stamps.dt.tz_convert(zone)
    date_only = len(stamps) > 0 and bool((stamps.dt.normalize() == stamps).all())
    pattern = "%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M"

    def fmt(v: Any) -> str:
        t = pd.Timestamp(v)
        if t.tzinfo is not None and zone is not None:
            t = t.tz_convert(zone)
        return t.strftime(pattern)

    return fmt, (None if zone is None or date_only else _zone_name(zone))


def _column_formatter(name: str, values: pd.Series, percent: bool, tz: Any) -> tuple[Callable[[Any], str], str | None]:
    """(formatter for the non-missing values of a column, time zone named for the footnote)."""
    present = values[~values.map(_is_missing)]
    if pd.api.types.is_bool_dtype(values) or (len(present) and present.map(lambda v: isinstance(v, (bool, np.bool_))).all()):
        return (lambda v: "yes" if bool(v) else "no"), None
    if pd.api.types.is_datetime64_any_dtype(values) or (
        len(present) and present.map(lambda v: isinstance(v, (pd.Timestamp, dt.datetime))).all()
    ):
        return _datetime_formatter(values, tz)
    if len(present) and present.map(lambda v: isinstance(v, dt.date)).all():
        return (lambda v: v.isoformat()), None
    if pd.api.types.is_timedelta64_dtype(values):
        return (lambda v: str(pd.Timedelta(v)).replace("0 days ", "")), None
    numeric = len(present) > 0 and present.map(lambda v: isinstance(v, numbers.Number)).all()
    if numeric:
        nums = present.astype(float)
        if percent:
            d = percent_decimals(nums)
            return (lambda v: format_percent(v, d)), None
        if (nums == nums.round()).all():
            return (lambda v: format_number(v)), None
        biggest = float(nums.abs().max())
        decimals = 0 if biggest >= 1000 else 1 if biggest >= 10 else 2 if biggest >= 1 else None
        return (lambda v: format_number(v, decimals)), None
    return _mixed_cell, None


def _mixed_cell(v: Any) -> str:
    """A cell of a column of mixed types: numbers as numbers (``20,631``), anything else as text."""
    if isinstance(v, numbers.Number) and not isinstance(v, (bool, np.bool_)):
        return format_number(v)
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
    return str(v)


def _is_percent_column(name: Any, values: pd.Series) -> bool:
    if not PERCENT_NAME.search(str(name)):
        return False
    present = values[~values.map(_is_missing)]
    try:
        nums = present.astype(float)
    except (TypeError, ValueError):
        return False
    return len(nums) > 0 and bool((nums.abs() <= 1.0 + 1e-9).all())


def _flat_name(col: Any) -> str:
    if isinstance(col, tuple):
        return " · ".join(str(c) for c in col if str(c) != "")
    return str(col)


def _reader_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without a 0..N index (a named or labelled index becomes leading columns)."""
    out = df.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [_flat_name(c) for c in out.columns]
    idx = out.index
    default_range = (
        not isinstance(idx, pd.MultiIndex)
        and idx.name is None
        and pd.api.types.is_integer_dtype(idx.dtype)
        and len(idx) > 0
        and (np.asarray(idx) == np.arange(idx[0], idx[0] + len(idx))).all()
    ) or len(idx) == 0
    if default_range:
        return out.reset_index(drop=True)
    names = [n if n is not None else "" for n in (idx.names if isinstance(idx, pd.MultiIndex) else [idx.name])]
    names = [n if n not in out.columns else f"{n} " for n in names]
    if isinstance(idx, pd.MultiIndex):
        out.index = idx.set_names(names)
    else:
        out.index = idx.rename(names[0])
    return out.reset_index()


@dataclass
class Table:
    """A formatted table: ``styler`` (escaped cells, hidden index), the formatted text of every cell
    (``text``), and footnotes (``notes``). Displays as HTML in notebooks and reports."""

    styler: Any
    text: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def to_html(self) -> str:
        """The table and its footnotes as HTML (every value escaped)."""
        foot = "".join(f'<p class="scrm-table-note"><small>{html.escape(n)}</small></p>' for n in self.notes)
        return f'<div class="scrm-table">{self.styler.to_html()}{foot}</div>'

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        body = self.text.to_string(index=False) if len(self.text.columns) else "(empty table)"
        return body + "".join(f"\n{n}" for n in self.notes)


def format_table(
    df: pd.DataFrame | pd.Series,
    formats: Mapping[Any, Formatter] | None = None,
    *,
    caption: str | None = None,
    percent: Iterable[Any] | None = None,
    missing: str | Mapping[Any, str] | None = None,
    tz: Any = None,
    notes: Iterable[str] = (),
    max_rows: int | None = None,
    index: bool | None = None,
) -> Table:
    """Format ``df`` for a reader (see the module docstring for the rules).

    Args:
        formats: column → format string (``"{:+.0f}"``) or function, for the non-empty cells.
        caption: shown above the table (escaped).
        percent: columns shown as percentages (``None``: the columns whose names say share/rate/pct
            and whose values all lie in [-1, 1]; ``[]``: none).
        missing: why cells are empty: one reason, or column → reason (said in a footnote).
        tz: time zone for date-time columns (default: each column's own zone, e.g. UTC).
        notes: more footnotes (escaped).
        max_rows: show the first ``max_rows`` rows and say how many were left out.
        index: ``True`` keeps even a 0..N index as a column (default: a 0..N index is dropped).
    """
    frame = df.to_frame() if isinstance(df, pd.Series) else df
    frame = frame.reset_index() if index else _reader_frame(frame)
    frame.columns = [_flat_name(c) for c in frame.columns]
    formats = {str(k): v for k, v in (formats or {}).items()}
    explicit_pct = None if percent is None else {str(c) for c in percent}
    footnotes: list[str] = []
    total = len(frame)
    if max_rows is not None and total > max_rows:
        frame = frame.head(max_rows)
        footnotes.append(f"First {max_rows:,} of {total:,} rows shown.")
    text = pd.DataFrame(index=frame.index)
    zones: set[str] = set()
    empty_cols: list[str] = []
    for i, col in enumerate(frame.columns):
        values = frame.iloc[:, i]
        # a plain bool array: Series.map keeps a datetime dtype on an empty column, whose .any() fails
        miss = np.fromiter((_is_missing(v) for v in values), dtype=bool, count=len(values))
        if col in formats:
            f = formats[col]

            def fmt(v: Any, f: Formatter = f) -> str:
                return fix_negative_zero(f.format(v) if isinstance(f, str) else str(f(v)))
        else:
            is_pct = _is_percent_column(col, values) if explicit_pct is None else col in explicit_pct
            fmt, zone = _column_formatter(col, values, is_pct, tz)
            if zone:
                zones.add(zone)
        text[i] = [MISSING if m else fmt(v) for v, m in zip(values, miss, strict=True)]
        if miss.any():
            empty_cols.append(col)
    text.columns = list(frame.columns)
    if zones:
        footnotes.append("Times in " + " / ".join(sorted(zones)) + ".")
    if empty_cols:
        if isinstance(missing, Mapping):
            reasons = {c: missing.get(c, DEFAULT_MISSING_REASON) for c in empty_cols}
            for reason in dict.fromkeys(reasons.values()):
                cols = [c for c, r in reasons.items() if r == reason]
                footnotes.append(f"{MISSING} in {', '.join(cols)}: {reason}.")
        else:
            footnotes.append(f"{MISSING} = {(missing or DEFAULT_MISSING_REASON).rstrip('.')}.")
    footnotes += list(notes)
    # headers read as words ("brand_posts" -> "brand posts"), escaped: column names can come from user files
    styler = text.style.format(escape="html").format_index(lambda c: html.escape(str(c).replace("_", " ")), axis=1)
    styler = styler.hide(axis="index")
    styler = styler.set_table_styles([{"selector": "td", "props": WRAP_CSS}], overwrite=False)
    numeric_cols = [c for c in frame.columns
                    if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    if numeric_cols:
        styler = styler.set_properties(subset=numeric_cols, **{"text-align": "right"})
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return Table(styler=styler, text=text, notes=footnotes)


def _display_hook(df: pd.DataFrame) -> str:
    return format_table(df, max_rows=MAX_ROWS).to_html()


def install() -> bool:
    """Make every ``display(df)`` of the running IPython kernel use :func:`format_table`.

    Returns False (and does nothing) outside IPython. Idempotent.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    ip = get_ipython()
    if ip is None:
        return False
    ip.display_formatter.formatters["text/html"].for_type(pd.DataFrame, _display_hook)
    return True


__all__ = ["MISSING", "Table", "fix_negative_zero", "format_number", "format_percent", "format_table", "install",
           "percent_decimals"]
