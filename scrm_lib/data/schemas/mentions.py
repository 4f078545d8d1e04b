"""The canonical mentions schema: one row per social-media post.

================  ======================  ===============================================
column            dtype                   rule
================  ======================  ===============================================
post_id           str                     required, unique, non-empty
created_at        datetime64[ns, UTC]     required; converted to UTC (see below)
channel           str                     required; normalised (see below)
brand             str                     required, non-empty: the brand the post is about
author_id         str                     required, non-empty
text              str                     column required; may be ``""``; never NaN
author_followers  Int64                   optional, whole numbers ≥ 0 (empty = <NA>)
likes             Int64                   optional, whole numbers ≥ 0
shares            Int64                   optional, whole numbers ≥ 0
replies           Int64                   optional, whole numbers ≥ 0
in_reply_to       str                     optional, a post_id (which may lie outside the
                                          file: exports often hold partial threads)
is_brand          bool                    optional; added as all-False when absent;
                                          true/false, yes/no, 1/0 accepted; empty = False
lang, url         str                     optional
sentiment         str                     optional label: negative / neutral / positive
sentiment_score   float64                 optional, in [-1, 1]
trait             str                     optional label: venting passive past
                                          collaborative advocate future none
trait_confidence  float64                 optional, in [0, 1]
(anything else)   as read                 extra columns are kept, after the canonical ones
================  ======================  ===============================================

Timestamps
    ISO 8601 (``2024-03-01T12:00:00Z``, ``2024-03-01 12:00:00+01:00``, a date alone) is
    parsed by pandas' fast path; other spellings pandas recognises (e.g. Twitter's
    ``Tue Oct 31 22:10:47 +0000 2017``) are parsed row by row, or quickly with an
    explicit ``timestamp_format``. Values with an offset are converted to UTC. **Naive
    values (no offset) are taken as UTC**, and a ``UserWarning`` says how many there
    were — unless ``timezone`` names the zone they are in (e.g. ``"Europe/Berlin"``).
    A value that cannot be parsed is an error naming its line.

Channels
    Values are stripped, lower-cased and inner runs of whitespace collapsed to one space.
    Known aliases are mapped to one name (:data:`CHANNEL_ALIASES`, e.g. ``X`` →
    ``twitter``, ``FB`` → ``facebook``, ``IG`` → ``instagram``, ``YT`` → ``youtube``).
    **Rule for unknown channels:** a value that is neither a canonical channel
    (:data:`KNOWN_CHANNELS`) nor an alias is *kept* in its normalised form (``"Mastodon "``
    → ``"mastodon"``), so new platforms need no code change, and is reported in
    ``df.attrs["unknown_channels"]``. Pass ``channels=[...]`` to make any channel outside
    that list an error instead. An empty channel is always an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scrm_lib.core.labels import SENTIMENT_LABELS, TRAIT_LABELS
from scrm_lib.data.schemas._core import (
    STR_DTYPE,
    Collector,
    RowLocator,
    all_distinct,
    arrow_chunks,
    blank_mask,
    blank_to_missing,
    bool_column,
    check_columns,
    count_column,
    float_column,
    is_missing,
    label_column,
    order_columns,
    string_column,
    to_string,
)

KIND = "mentions"

REQUIRED: tuple[str, ...] = ("post_id", "created_at", "channel", "brand", "author_id", "text")
COUNT_COLUMNS: tuple[str, ...] = ("author_followers", "likes", "shares", "replies")
OPTIONAL_STRINGS: tuple[str, ...] = ("in_reply_to", "lang", "url")
#: Canonical column order (extra columns follow in the order they were read).
CANONICAL: tuple[str, ...] = (
    *REQUIRED, *COUNT_COLUMNS, "in_reply_to", "is_brand", "lang", "url",
    "sentiment", "sentiment_score", "trait", "trait_confidence",
)
#: Columns that are strings in the canonical frame (loaders read them as text so that
#: ids such as ``00123`` keep their leading zeros).
STRING_COLUMNS: tuple[str, ...] = ("post_id", "brand", "author_id", "text", "in_reply_to", "lang", "url")

#: Channel names the workbench knows (others are kept under the documented rule).
KNOWN_CHANNELS: tuple[str, ...] = (
    "twitter", "facebook", "instagram", "youtube", "linkedin", "tiktok", "reddit",
    "forum", "blog", "news", "review", "pinterest", "threads", "mastodon", "bluesky",
    "whatsapp", "email", "other",
)
#: Alias (normalised: lower-case, single spaces) → canonical channel.
CHANNEL_ALIASES: dict[str, str] = {
    "x": "twitter", "x.com": "twitter", "twitter.com": "twitter", "tw": "twitter",
    "tweet": "twitter", "tweets": "twitter", "x (twitter)": "twitter", "twitter/x": "twitter",
    "x/twitter": "twitter",
    "fb": "facebook", "facebook.com": "facebook", "meta": "facebook", "fb.com": "facebook",
    "ig": "instagram", "insta": "instagram", "instagram.com": "instagram",
    "yt": "youtube", "youtube.com": "youtube", "you tube": "youtube",
    "li": "linkedin", "linked in": "linkedin", "linkedin.com": "linkedin",
    "tt": "tiktok", "tik tok": "tiktok", "tiktok.com": "tiktok",
    "reddit.com": "reddit",
    "forums": "forum", "message board": "forum", "community": "forum",
    "blogs": "blog", "weblog": "blog",
    "online news": "news", "news site": "news", "press": "news",
    "reviews": "review", "review site": "review", "reviews site": "review",
    "trustpilot": "review", "yelp": "review",
    "bsky": "bluesky", "threads.net": "threads", "e-mail": "email", "mail": "email",
}

#: A timestamp string that carries a zone: Z / UTC / GMT or a ±hh[:mm] offset after a time.
_TZ_PATTERN = r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:[zZ]|UTC|GMT|[+-]\d\d(?::?\d\d)?)(?:\s|$|\))"
_TZ_RE = re.compile(_TZ_PATTERN)

#: Frames of at least this many rows check timestamps and post_id uniqueness in a second thread,
#: when a core is free (:func:`spare_core`).
THREADED_ROWS = 100_000


def spare_core() -> bool:
    """True when this process may use a second core: more than one core is allowed and the
    1-minute load average is below the number of cores. On a saturated machine a second thread
    only adds switching (load 10 on 2 cores: slower); with one other busy process (load 1.0 on
    2 cores) it still pays (validation of 1M rows 0.08 s instead of 0.12-0.14 s; docs/benchmarks.md,
    issue 14)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return cores > 1 and load < cores


def _has_zone(text: pd.Series) -> np.ndarray:
    """Boolean array: the timestamp string carries a zone designator (vectorised)."""
    arrow = getattr(text.array, "_pa_array", None)
    if arrow is not None:  # Arrow-backed strings: RE2 in C++, ~15x faster than re
        hit = pc.fill_null(pc.match_substring_regex(arrow, _TZ_PATTERN), False)
        return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
    return text.str.contains(_TZ_PATTERN, regex=True, na=False).to_numpy(dtype=bool)


def normalise_channel(value: str) -> str:
    """One channel value normalised: stripped, lower-cased, spaces collapsed, alias applied.

    >>> normalise_channel("  X ")
    'twitter'
    >>> normalise_channel("Mastodon")
    'mastodon'
    """
    key = " ".join(str(value).split()).lower()
    return CHANNEL_ALIASES.get(key, key)


def _channel_column(
    s: pd.Series, col: Collector, channels: Sequence[str] | None
) -> tuple[pd.Series, list[str]]:
    s = to_string(s)
    arrow = arrow_chunks(s)
    if arrow is not None:
        # One hash pass: codes and the few distinct spellings; aliases are resolved on those and
        # mapped back with one take.
        encoded = pc.dictionary_encode(arrow)
        dicts = [chunk.dictionary for chunk in encoded.chunks]
        if dicts and all(d.equals(dicts[-1]) for d in dicts[:-1]):
            distinct = dicts[-1].to_pylist()
            codes = pa.chunked_array([chunk.indices for chunk in encoded.chunks], type=encoded.type.index_type)
        else:  # pragma: no cover - Arrow gives every chunk the whole dictionary
            distinct = [u for u in pc.unique(arrow).to_pylist() if u is not None]
            codes = pc.index_in(arrow, value_set=pa.array(distinct, type=arrow.type))
        norm_of = {u: normalise_channel(u) for u in distinct}
        if arrow.null_count or any(v == "" for v in norm_of.values()):
            empty = blank_mask(s)
        else:
            empty = np.zeros(len(s), dtype=bool)
        if all(k == v for k, v in norm_of.items()):
            out = s  # already canonical: no copy
        else:
            table = pa.array([norm_of[u] for u in distinct], type=arrow.type)
            out = pd.Series(pd.array(pc.take(table, codes), dtype=STR_DTYPE), index=s.index)
        normalised = set(norm_of.values()) - {""}
    else:
        codes, uniq = pd.factorize(s, use_na_sentinel=True)
        norm = np.array([normalise_channel(u) for u in uniq] + [""], dtype=object)
        values = norm[codes]  # code -1 → "" (missing)
        empty = values == ""
        out = pd.Series(pd.array(values, dtype=STR_DTYPE), index=s.index)
        normalised = set(norm[:-1]) - {""}
    if empty.any():
        col.add("channel is empty", column="channel", mask=empty,
                expected="a channel name such as twitter, facebook, instagram")
        out = out.where(~empty, np.nan)
    allowed = set(channels) if channels is not None else set(KNOWN_CHANNELS)
    unknown = sorted(v for v in normalised if v not in allowed)
    if channels is not None and unknown:
        bad = out.isin(unknown).to_numpy(dtype=bool)
        col.add("channel not in the allowed list", column="channel", mask=bad, values=s,
                expected="one of " + ", ".join(channels))
    return out, unknown


def _arrow_timestamps(
    s: pd.Series, col: Collector, timezone: str | None
) -> tuple[pd.Series, np.ndarray] | None:
    """Fast path: Arrow's C++ ISO 8601 cast, when *every* value parses one way.

    All values with a zone → converted to UTC; all values naive → taken as UTC (with
    the warning) or localised to ``timezone``. Anything else (mixed, empty, other
    spellings, bad values) returns None and the general path reports row by row.
    """
    arrow = arrow_chunks(s) if isinstance(s.dtype, pd.StringDtype) else None
    if arrow is None or arrow.null_count:
        return None
    n = len(s)
    try:
        ts = arrow.cast(pa.timestamp("ns", "UTC"))
        naive = False
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        try:
            ts = arrow.cast(pa.timestamp("ns"))
            naive = True
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    out = pd.Series(ts.to_numpy(), index=s.index)
    if naive:
        if timezone:
            localised = out.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
            if localised.isna().any():
                return None  # let the general path name the bad local times
            out = localised.dt.tz_convert("UTC")
        else:
            out = out.dt.tz_localize("UTC")
            col.warn(f"{n:,} naive created_at value{'s' if n != 1 else ''} (no time zone) taken as UTC")
    else:
        out = out.dt.tz_localize("UTC") if out.dt.tz is None else out.dt.tz_convert("UTC")
    return out, np.zeros(n, dtype=bool)


def _timestamp_column(
    s: pd.Series,
    col: Collector,
    timestamp_format: str | None,
    timezone: str | None,
) -> pd.Series:
    """Parse ``created_at`` to ``datetime64[ns, UTC]``, recording problems and warnings."""
    name = "created_at"
    expected = "a date-time such as 2024-03-01T12:00:00Z or 2024-03-01 12:00:00+01:00"
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        out = s.dt.tz_convert("UTC")
        missing = out.isna().to_numpy(dtype=bool)
    elif pd.api.types.is_datetime64_dtype(s.dtype):
        n = int(s.notna().sum())
        if timezone:
            out = s.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
        else:
            out = s.dt.tz_localize("UTC")
            if n:
                col.warn(f"{n:,} naive created_at value{'s' if n != 1 else ''} (no time zone) taken as UTC")
        missing = s.isna().to_numpy(dtype=bool)
        bad = out.isna().to_numpy(dtype=bool) & ~missing
        if bad.any():
            col.add(f"local time does not exist or is ambiguous in {timezone}", column=name,
                    mask=bad, values=s, expected=expected)
    elif pd.api.types.is_numeric_dtype(s.dtype) and timestamp_format not in ("unix", "unix_ms"):
        col.add("numbers are not timestamps unless the mapping says timestamp_format: unix "
                "(seconds) or unix_ms (milliseconds)", column=name, expected=expected,
                found=f"numbers such as {s.dropna().iloc[0] if s.notna().any() else ''}")
        return pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    elif timestamp_format in ("unix", "unix_ms"):
        unit = "s" if timestamp_format == "unix" else "ms"
        num = pd.to_numeric(s, errors="coerce")
        missing = is_missing(s)
        out = pd.to_datetime(num, unit=unit, utc=True, errors="coerce")
        bad = out.isna().to_numpy(dtype=bool) & ~missing
        if bad.any():
            col.add(f"not a Unix time in {'seconds' if unit == 's' else 'milliseconds'}",
                    column=name, mask=bad, values=s, expected="a number of seconds since 1970")
    elif (fast := _arrow_timestamps(s, col, timezone)) is not None:
        out, missing = fast
    else:
        text = to_string(s).str.strip()
        missing = is_missing(text) | (text == "").to_numpy(dtype=bool, na_value=True)
        fmt = timestamp_format or "ISO8601"
        out = pd.to_datetime(text, utc=True, errors="coerce", format=fmt)
        failed = out.isna().to_numpy(dtype=bool) & ~missing
        if failed.any() and timestamp_format is None:
            import warnings

            from pandas.tseries.api import guess_datetime_format

            out = out.copy()
            # Not ISO 8601: guess one format from the first failing value and parse every
            # failing value with it (C speed) ...
            idx = np.flatnonzero(failed)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                guessed = guess_datetime_format(str(text.iloc[idx[0]]))
            if guessed:
                retry = pd.to_datetime(text.iloc[idx], utc=True, errors="coerce", format=guessed)
                out.iloc[idx] = retry.to_numpy()
                failed = out.isna().to_numpy(dtype=bool) & ~missing
                idx = np.flatnonzero(failed)
            # ... then let pandas/dateutil try what is left, value by value.
            if idx.size:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    retry = pd.to_datetime(text.iloc[idx], utc=True, errors="coerce", format="mixed")
                out.iloc[idx] = retry.to_numpy()
                failed = out.isna().to_numpy(dtype=bool) & ~missing
        if failed.any():
            col.add("unparseable timestamp", column=name, mask=failed, values=s,
                    expected=(f"the format {timestamp_format!r}" if timestamp_format else expected))
        # Naive values: no zone designator after the time part.
        parsed = ~missing & ~failed
        if parsed.any():
            has_tz = _has_zone(text)
            naive = parsed & ~has_tz
            n = int(naive.sum())
            if n and timezone:
                idx = np.flatnonzero(naive)
                local = pd.to_datetime(text.iloc[idx], errors="coerce",
                                       format=timestamp_format or "mixed")
                local = local.dt.tz_localize(None) if isinstance(local.dtype, pd.DatetimeTZDtype) else local
                conv = local.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
                out = out.copy()
                out.iloc[idx] = conv.to_numpy()
                bad = np.zeros(len(s), dtype=bool)
                bad[idx] = conv.isna().to_numpy(dtype=bool)
                if bad.any():
                    col.add(f"local time does not exist or is ambiguous in {timezone}",
                            column=name, mask=bad, values=s, expected=expected)
            elif n:
                col.warn(f"{n:,} naive created_at value{'s' if n != 1 else ''} "
                         "(no time zone) taken as UTC")
    if missing.any():
        col.add("timestamp is empty", column=name, mask=missing, expected=expected)
    if out.dt.unit != "ns":
        # dates before 1677-09-22 or after 2262-04-11 parse, but cannot be held as pandas timestamps
        lo, hi = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
        outside = ((out < lo) | (out > hi)).to_numpy(dtype=bool)
        if outside.any():
            col.add("timestamp outside the range the workbench handles", column=name, mask=outside, values=s,
                    expected="a date between 1677-09-22 and 2262-04-11")
            out = out.mask(outside)
        out = out.dt.as_unit("ns")
    return out


def duplicate_ids(post_id: pd.Series) -> np.ndarray:
    """Boolean array: the id repeats another row's (every copy marked; missing ids never match).

    >>> duplicate_ids(pd.Series(["a", "b", "a"], dtype="str")).tolist()
    [True, False, True]
    """
    if all_distinct(post_id) or post_id.is_unique:  # a fast proof by hashing, else Arrow's hash table
        return np.zeros(len(post_id), dtype=bool)
    return post_id.duplicated(keep=False).to_numpy(dtype=bool) & ~is_missing(post_id)


def _other_columns(
    df: pd.DataFrame, col: Collector, channels: Sequence[str] | None,
    timestamp_format: str | None, timezone: str | None, *, timestamps: bool = True,
) -> tuple[dict[str, pd.Series], list[str]]:
    """Every canonical column but ``post_id`` (and ``created_at`` unless ``timestamps``), checked
    and converted: ``(columns, unknown channels)``."""
    out: dict[str, pd.Series] = {}
    if timestamps:
        out["created_at"] = _timestamp_column(df["created_at"], col, timestamp_format, timezone)
    out["channel"], unknown = _channel_column(df["channel"], col, channels)
    out["brand"] = string_column(df, "brand", col, required=True, nonempty=True, what="brand")
    out["author_id"] = string_column(df, "author_id", col, required=True, nonempty=True, what="author_id")
    text = to_string(df["text"])
    out["text"] = text.fillna("") if text.hasnans else text
    for name in COUNT_COLUMNS:
        if name in df.columns:
            out[name] = count_column(df[name], name, col)
    for name in OPTIONAL_STRINGS:
        if name in df.columns:
            s = to_string(df[name])
            blank = blank_mask(s)
            out[name] = blank_to_missing(s, blank) if blank.any() else s
    out["is_brand"] = (
        bool_column(df["is_brand"], "is_brand", col) if "is_brand" in df.columns
        else pd.Series(False, index=df.index, dtype=bool)
    )
    if "sentiment" in df.columns:
        out["sentiment"] = label_column(df["sentiment"], "sentiment", col, SENTIMENT_LABELS,
                                         what="sentiment label")
    if "sentiment_score" in df.columns:
        out["sentiment_score"] = float_column(df["sentiment_score"], "sentiment_score", col,
                                              low=-1.0, high=1.0, what="sentiment score")
    if "trait" in df.columns:
        out["trait"] = label_column(df["trait"], "trait", col, TRAIT_LABELS, what="trait")
    if "trait_confidence" in df.columns:
        out["trait_confidence"] = float_column(df["trait_confidence"], "trait_confidence", col,
                                               low=0.0, high=1.0, what="trait confidence")
    return out, unknown


def validate_frame(
    df: pd.DataFrame,
    source: str = "<DataFrame>",
    *,
    locator: RowLocator | None = None,
    channels: Sequence[str] | None = None,
    timestamp_format: str | None = None,
    timezone: str | None = None,
    warn: bool = True,
) -> pd.DataFrame:
    """Validate a mentions frame and return it in canonical form.

    Args:
        df: the frame as read (column names already canonical; see
            :func:`scrm_lib.data.load_mentions` for renaming platform exports).
        source: how the input is named in messages (a file path or ``"<DataFrame>"``).
        locator: maps row positions to file line numbers (loaders pass one; a bare
            frame reports 1-based row numbers).
        channels: when given, the only channels allowed (after normalisation).
        timestamp_format: a ``strftime`` format for ``created_at`` (faster and stricter
            than guessing), or ``"unix"`` / ``"unix_ms"`` for epoch numbers.
        timezone: the zone naive timestamps are in (default: UTC, with a warning).
        warn: issue recorded warnings with :func:`warnings.warn`.

    Returns:
        A new frame: canonical columns in schema order with canonical dtypes, then
        the extra columns. ``attrs["unknown_channels"]`` lists channel names kept under
        the unknown-channel rule; ``attrs["warnings"]`` the warning texts.

    Raises:
        DataValidationError: listing every problem (line numbers, column, found, expected).
    """
    col = Collector(source, KIND, locator or RowLocator(offset=1, label="row"))
    if not check_columns(df, REQUIRED, col):
        col.raise_if_any()
    if len(df) == 0:
        col.add("no data rows (only a header)", expected="at least one post")
        col.raise_if_any()
    post_id = string_column(df, "post_id", col, required=True, nonempty=True, what="post_id")
    # The timestamps and the uniqueness check (Arrow and numpy kernels, which release the GIL) run
    # in a second thread while this one checks the other columns; their problems and warnings keep
    # their places after post_id's, as in one thread.
    at, warned = len(col.problems), len(col.warnings)
    if len(post_id) >= THREADED_ROWS and spare_core():
        stamps = Collector(source, KIND, col.locator)
        with ThreadPoolExecutor(1, thread_name_prefix="mentions") as pool:
            ts_job = pool.submit(_timestamp_column, df["created_at"], stamps, timestamp_format, timezone)
            dup_job = pool.submit(duplicate_ids, post_id)
            out, unknown = _other_columns(df, col, channels, timestamp_format, timezone, timestamps=False)
            out["created_at"] = ts_job.result()
            dup = dup_job.result()
        col.problems[at:at] = stamps.problems
        col.warnings[warned:warned] = stamps.warnings
    else:
        dup = duplicate_ids(post_id)
        out, unknown = _other_columns(df, col, channels, timestamp_format, timezone)
    if dup.any():
        n_ids = int(post_id[dup].nunique())
        col.add(f"duplicate post_id ({n_ids:,} value{'s' if n_ids != 1 else ''} repeated)",
                column="post_id", mask=dup, values=post_id, expected="each post_id once", at=at)
    out["post_id"] = post_id
    col.raise_if_any()
    if warn:
        col.emit_warnings(stacklevel=3)
    result = df.assign(**out)
    result = order_columns(result, CANONICAL)
    result.attrs = {"unknown_channels": unknown, "warnings": list(col.warnings), "kind": KIND}
    return result


__all__ = [
    "CANONICAL", "CHANNEL_ALIASES", "COUNT_COLUMNS", "KNOWN_CHANNELS", "REQUIRED",
    "STRING_COLUMNS", "THREADED_ROWS", "duplicate_ids", "normalise_channel", "validate_frame",
]
