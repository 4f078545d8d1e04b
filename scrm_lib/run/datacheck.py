"""Cheap checks of a job's parameters against its data, before any run folder exists.

A brand parameter naming a brand that is not in the mentions file, a date window that misses
the data, or a period that would make too many periods is found here in a second (two columns
of the file are read), not in cell 30 of a notebook after minutes of work.
"""

from __future__ import annotations

import difflib
import functools
from typing import Any

import pandas as pd

from scrm_lib.core.config import relative_to_root, resolve_path
from scrm_lib.core.errors import ScrmError
from scrm_lib.data.adapters.canonical import load_mentions
from scrm_lib.data.registry import get_adapter
from scrm_lib.metrics.overview import (
    MAX_PERIODS,
    PeriodLimitError,
    check_period_count,
    outlying_dates,
    spike_period_for,
)
from scrm_lib.params import NotebookParams

#: Parameters naming brands that must occur in the data's ``brand`` column (canonical files).
BRAND_PARAMS: tuple[str, ...] = ("focal_brand", "brand", "competitors")
#: Files larger than this are not read before the run (the notebook checks them itself).
DATA_CHECK_MAX_BYTES = 200 * 1024**2


@functools.lru_cache(maxsize=8)
def _brands_and_times(path: str, mtime_ns: int, size: int, columns: tuple[str, str]) -> tuple[frozenset[str], Any]:
    """The brands and the parsed timestamps of a mentions file (cached per file version)."""
    df = pd.read_csv(path, sep="\t" if path.lower().endswith(".tsv") else ",", usecols=list(columns),
                     dtype=str, keep_default_na=False, encoding="utf-8-sig")
    text = df[columns[1]]
    ts = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    if ts.isna().any():
        ts = pd.to_datetime(text, utc=True, errors="coerce", format="mixed")
    return frozenset(df[columns[0]]), ts.dropna()


def check_against_data(params: NotebookParams) -> list[str]:
    """Problems of ``params`` that the data show cheaply, before any run folder exists: a brand
    parameter (:data:`BRAND_PARAMS`) naming a brand that is not in the mentions file, and a
    ``date_from``/``date_to`` window that does not overlap the file's dates.

    Only canonical CSV/TSV mentions files up to :data:`DATA_CHECK_MAX_BYTES` are read (two
    columns); anything else, or a file that cannot be read, is left to the notebook's own
    validation (which names file, line and column).
    """
    values = params.to_papermill()
    path_text = values.get("mentions_path")
    fmt = values.get("mentions_format", "canonical")
    try:  # which columns to read is the adapter's to say (Adapter.brand_time_columns)
        columns = get_adapter(fmt, "mentions", warn=False).brand_time_columns
    except ValueError:  # an unknown format: the params validation says so
        return []
    if not path_text or columns is None or values.get("mapping_path") or values.get("more_mentions_paths"):
        return []
    path = resolve_path(path_text)
    if path.suffix.lower() not in (".csv", ".tsv") or not path.is_file() or path.stat().st_size > DATA_CHECK_MAX_BYTES:
        return []
    try:
        stat = path.stat()
        brands, ts = _brands_and_times(str(path), stat.st_mtime_ns, stat.st_size, columns)
    except Exception:  # noqa: BLE001 - unreadable or malformed: the loader says where, before the run
        if fmt != "canonical":
            return []
        try:
            load_mentions(path)
        except ScrmError as exc:
            return [f"mentions_path: {exc}"]
        except Exception:  # noqa: BLE001 - the notebook's loader reports it
            return []
        return []
    problems = []
    for name in BRAND_PARAMS:
        given = values.get(name)
        for b in [given] if isinstance(given, str) else (given or []):
            if isinstance(b, str) and b not in brands:
                close = difflib.get_close_matches(b, sorted(brands), n=3)
                hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
                problems.append(f"{name}: {b!r} is not a brand in {relative_to_root(path)} "
                                f"({len(brands)} brands){hint}")
    lo_given, hi_given = values.get("date_from"), values.get("date_to")
    freqs = [f for f in (values.get("period"), values.get("spike_period")) if isinstance(f, str)]
    if lo_given or hi_given or freqs:
        if len(ts):
            first, last = ts.min(), ts.max()
            if freqs:
                kept = ts
                if lo_given:
                    kept = kept[kept >= pd.Timestamp(lo_given, tz="UTC")]
                if hi_given:
                    kept = kept[kept < pd.Timestamp(hi_given, tz="UTC") + pd.Timedelta(days=1)]
                for freq in dict.fromkeys(freqs):
                    try:
                        if len(kept):
                            # "auto" is the period the notebook will choose for these dates
                            resolved = spike_period_for(kept) if freq == "auto" else freq
                            check_period_count(kept.min(), kept.max(), resolved)
                    except PeriodLimitError as exc:
                        far = outlying_dates(kept)
                        note = (f" {int(far.sum()):,} post(s) are dated far from the rest "
                                f"({kept[far].min():%Y-%m-%d} to {kept[far].max():%Y-%m-%d})." if far.any() else "")
                        problems.append(f"period {freq!r}: {exc}{note} (at most {MAX_PERIODS:,} periods)")
                        break
            lo = pd.Timestamp(lo_given, tz="UTC") if lo_given else first
            hi = pd.Timestamp(hi_given, tz="UTC") + pd.Timedelta(days=1) if hi_given else last
            if lo > hi:
                problems.append(f"date_from {lo_given} is after date_to {hi_given}")
            elif hi < first or lo > last:
                problems.append(f"date_from/date_to: {lo_given or '…'} to {hi_given or '…'} does not overlap the "
                                f"data ({first:%Y-%m-%d} to {last:%Y-%m-%d})")
    return problems
