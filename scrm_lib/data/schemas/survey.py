"""The survey schema, in two forms (the form is detected from the columns).

**Respondent level** — one row per respondent and item:

================  ========  ====================================================
column            dtype     rule
================  ========  ====================================================
respondent_id     str       required, non-empty; one group per respondent
group             str       required, non-empty (e.g. ``consumer``, ``executive``)
item              str       required, non-empty (the question or answer option)
response          float64   required; numbers (Likert 1–5, 0/1 selected, …);
                            the words yes/no/true/false are read as 1/0
(anything else)   str       segment columns (country, age band, …), kept as text
================  ========  ====================================================

Errors: duplicate respondent-item rows, a respondent in two groups, items that differ
between groups, an empty or non-numeric response, a group outside ``groups=``.

**Aggregated** — one row per group and item:

================  ========  ====================================================
column            dtype     rule
================  ========  ====================================================
group             str       required, non-empty
item              str       required, non-empty
n                 Int64     required, whole number > 0 (respondents asked)
k                 Int64     ``k`` or ``pct`` required; whole number, 0 ≤ k ≤ n
pct               float64   0–100; filled as ``100·k/n`` when only ``k`` is given
source            str       required, non-empty: where the figure comes from
                            (a citation, or ``synthetic``)
(anything else)   as read   kept
================  ========  ====================================================

Errors: ``n = 0`` or negative, ``k > n``, ``pct`` outside 0–100, ``k`` and ``pct``
disagreeing by more than one percentage point beyond rounding, duplicate group-item
rows, items that differ between groups, a group outside ``groups=``.

The validated frame carries ``attrs["form"]`` = ``"respondent"`` or ``"aggregated"``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scrm_lib.data.schemas._core import (
    STR_DTYPE,
    Collector,
    RowLocator,
    check_columns,
    count_column,
    duplicated_key,
    float_column,
    is_missing,
    order_columns,
    string_column,
    to_string,
)

KIND = "survey"
RESPONDENT_REQUIRED: tuple[str, ...] = ("respondent_id", "group", "item", "response")
AGGREGATED_REQUIRED: tuple[str, ...] = ("group", "item", "n", "source")
AGGREGATED_CANONICAL: tuple[str, ...] = ("group", "item", "n", "k", "pct", "source")
FORMS = ("respondent", "aggregated")

_RESPONSE_WORDS = {"yes": 1.0, "y": 1.0, "true": 1.0, "no": 0.0, "n": 0.0, "false": 0.0}


def detect_form(columns: Sequence[str]) -> str | None:
    """``"respondent"`` when there is a ``respondent_id`` or ``response`` column,
    ``"aggregated"`` when there is an ``n`` column, else ``None``."""
    cols = set(columns)
    if "respondent_id" in cols or "response" in cols:
        return "respondent"
    if "n" in cols or "pct" in cols or "k" in cols:
        return "aggregated"
    return None


def _items_by_group(df: pd.DataFrame, col: Collector, items_col: str = "item") -> None:
    """Every group must ask the same items: name the item and the groups lacking it."""
    pairs = df[["group", items_col]].dropna().drop_duplicates()
    groups = sorted(pairs["group"].unique().tolist())
    if len(groups) < 2:
        return
    per_item = pairs.groupby(items_col, sort=True)["group"].agg(lambda g: set(g))
    for item, have in per_item.items():
        lacking = [g for g in groups if g not in have]
        if lacking:
            rows = np.flatnonzero((df[items_col] == item).to_numpy(dtype=bool, na_value=False))
            col.add(
                f"item {item!r} is asked in group{'s' if len(have) > 1 else ''} "
                f"{', '.join(sorted(map(str, have)))} but not in {', '.join(map(str, lacking))}",
                column=items_col,
                positions=rows,
                expected="the same items in every group",
            )


def _check_groups(group: pd.Series, col: Collector, groups: Sequence[str] | None) -> None:
    if groups is None:
        return
    bad = ~group.isin(list(groups)).to_numpy(dtype=bool) & ~is_missing(group)
    if bad.any():
        col.add("unknown group", column="group", mask=bad, values=group,
                expected="one of " + ", ".join(groups))


def _validate_respondent(df: pd.DataFrame, col: Collector, groups: Sequence[str] | None) -> pd.DataFrame:
    if not check_columns(df, RESPONDENT_REQUIRED, col):
        col.raise_if_any()
    out: dict[str, pd.Series] = {}
    for name in ("respondent_id", "group", "item"):
        out[name] = string_column(df, name, col, required=True, nonempty=True, what=name).str.strip()
    resp = df["response"]
    if pd.api.types.is_numeric_dtype(resp.dtype) and not pd.api.types.is_bool_dtype(resp.dtype):
        values = resp.astype("float64")
        empty = is_missing(resp)
    else:
        text = to_string(resp).str.strip()
        words = text.str.lower().map(_RESPONSE_WORDS)
        values = pd.to_numeric(text, errors="coerce").astype("float64")
        values = values.fillna(words.astype("float64"))
        empty = is_missing(text) | (text == "").to_numpy(dtype=bool, na_value=True)
        bad = values.isna().to_numpy(dtype=bool) & ~empty
        if bad.any():
            col.add("response is not a number", column="response", mask=bad, values=resp,
                    expected="a number (e.g. 1–5, or 0/1 for selected) or yes/no")
    if empty.any():
        col.add("response is empty", column="response", mask=empty,
                expected="a response for every respondent-item row (drop unanswered items)")
    out["response"] = values
    frame = df.assign(**out)
    _check_groups(frame["group"], col, groups)
    duplicated_key(frame, ["respondent_id", "item"], col, "duplicate respondent-item rows")
    per_resp = frame[["respondent_id", "group"]].dropna().drop_duplicates()
    multi = per_resp["respondent_id"].duplicated(keep=False)
    if multi.any():
        ids = per_resp.loc[multi, "respondent_id"].unique().tolist()
        mask = frame["respondent_id"].isin(ids).to_numpy(dtype=bool)
        col.add(f"respondent in more than one group ({len(ids)} respondents, e.g. {ids[0]!r})",
                column="group", mask=mask, expected="one group per respondent")
    _items_by_group(frame, col)
    col.raise_if_any()
    segments = [c for c in frame.columns if c not in RESPONDENT_REQUIRED]
    frame = frame.assign(**{c: to_string(frame[c]) for c in segments})
    return order_columns(frame, RESPONDENT_REQUIRED)


def _validate_aggregated(df: pd.DataFrame, col: Collector, groups: Sequence[str] | None) -> pd.DataFrame:
    ok = check_columns(df, AGGREGATED_REQUIRED, col)
    if "k" not in df.columns and "pct" not in df.columns:
        col.add("needs a 'k' column (respondents who chose the item) or a 'pct' column (their "
                "share in percent)", column="k", expected="a column named 'k' or 'pct'")
        ok = False
    if not ok:
        col.raise_if_any()
    out: dict[str, pd.Series] = {}
    for name in ("group", "item", "source"):
        out[name] = string_column(df, name, col, required=True, nonempty=True, what=name).str.strip()
    n = count_column(df["n"], "n", col)
    n_missing = n.isna().to_numpy(dtype=bool) & is_missing(df["n"])
    if n_missing.any():
        col.add("n is empty", column="n", mask=n_missing, expected="the number of respondents asked (> 0)")
    zero = (n == 0).to_numpy(dtype=bool, na_value=False)
    if zero.any():
        col.add("n = 0: no respondents, so no share can be computed", column="n", mask=zero,
                values=df["n"], expected="n > 0")
    out["n"] = n
    n_f = n.to_numpy(dtype="float64", na_value=np.nan)
    k_f = None
    if "k" in df.columns:
        k = count_column(df["k"], "k", col)
        out["k"] = k
        k_f = k.to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            over = k_f > n_f
        if over.any():
            col.add("k > n: more respondents chose the item than were asked", column="k",
                    mask=over, values=df["k"], expected="0 ≤ k ≤ n")
    else:
        out["k"] = pd.Series(pd.NA, index=df.index, dtype="Int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        derived = np.where(n_f > 0, 100.0 * (k_f if k_f is not None else np.nan) / n_f, np.nan)
    if "pct" in df.columns:
        pct = float_column(df["pct"], "pct", col, low=0.0, high=100.0, what="percentage")
        p = pct.to_numpy(dtype="float64", na_value=np.nan)
        if k_f is not None:
            tol = 1.0 + np.where(n_f > 0, 50.0 / np.where(n_f > 0, n_f, 1.0), 0.0)
            with np.errstate(invalid="ignore"):
                clash = np.abs(p - derived) > tol
            if clash.any():
                col.add("pct disagrees with 100·k/n", column="pct", mask=clash, values=df["pct"],
                        expected="pct ≈ 100·k/n (within 1 point plus rounding)")
        p = np.where(np.isnan(p), derived, p)
        none = np.isnan(p) & ~np.isnan(n_f)
        if none.any():
            col.add("neither k nor pct is given", column="pct", mask=none,
                    expected="a value in k or in pct")
        out["pct"] = pd.Series(p, index=df.index, dtype="float64")
    else:
        miss = np.isnan(k_f) & ~np.isnan(n_f)
        if miss.any():
            col.add("k is empty", column="k", mask=miss, expected="a whole number 0 ≤ k ≤ n")
        out["pct"] = pd.Series(derived, index=df.index, dtype="float64")
    frame = df.assign(**out)
    _check_groups(frame["group"], col, groups)
    duplicated_key(frame, ["group", "item"], col, "duplicate group-item rows")
    _items_by_group(frame, col)
    col.raise_if_any()
    return order_columns(frame, AGGREGATED_CANONICAL)


def validate_frame(
    df: pd.DataFrame,
    source: str = "<DataFrame>",
    *,
    locator: RowLocator | None = None,
    form: str = "auto",
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Validate a survey frame (respondent-level or aggregated) and return it canonical.

    Args:
        df: the frame as read.
        source: how the input is named in messages.
        locator: maps row positions to file line numbers.
        form: ``"respondent"``, ``"aggregated"`` or ``"auto"`` (detect from the columns).
        groups: when given, the only allowed values of ``group``
            (e.g. ``["consumer", "executive"]``).

    Returns:
        The canonical frame with ``attrs["form"]`` set. For the aggregated form
        ``pct = 100·k/n`` is filled where only ``k`` was given.

    Raises:
        DataValidationError: listing every problem.
    """
    col = Collector(source, KIND, locator or RowLocator(offset=1, label="row"))
    if form == "auto":
        detected = detect_form([str(c) for c in df.columns])
        if detected is None:
            col.add(
                "cannot tell the survey form from the columns",
                found="columns " + ", ".join(repr(str(c)) for c in df.columns[:12]),
                expected="respondent level (respondent_id, group, item, response) or "
                "aggregated (group, item, n, k or pct, source)",
            )
            col.raise_if_any()
        form = detected  # type: ignore[assignment]
    if form not in FORMS:
        raise ValueError(f"form must be 'auto' or one of {FORMS}, got {form!r}")
    if len(df) == 0:
        check_columns(df, RESPONDENT_REQUIRED if form == "respondent" else AGGREGATED_REQUIRED, col)
        col.add("no data rows (only a header)", expected="at least one row")
        col.raise_if_any()
    result = (_validate_respondent if form == "respondent" else _validate_aggregated)(df, col, groups)
    result.attrs = {"form": form, "kind": KIND}
    return result


__all__ = [
    "AGGREGATED_CANONICAL", "AGGREGATED_REQUIRED", "FORMS", "RESPONDENT_REQUIRED",
    "STR_DTYPE", "detect_form", "validate_frame",
]
