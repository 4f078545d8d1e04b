"""Reading a perception survey: yes/no coding, counts per group and item, provenance.

Input is a respondent-level frame (``respondent_id``, ``group``, ``item``, ``response``
and optional segment columns) or an aggregated one (``group``, ``item``, ``n`` and ``k`` or
``pct``); see :mod:`scrm_lib.analysis.perception`. Everything downstream works on the counts
``n`` and ``k`` that :func:`item_counts` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.core.errors import DataValidationError, Problem
from scrm_lib.data.adapters.survey import load_survey

#: Response labels read as "yes" (selected) for binary items (compared lower-cased).
YES_VALUES = frozenset({"1", "yes", "y", "true", "selected", "checked", "x"})
#: Response labels read as "no" (not selected) for binary items.
NO_VALUES = frozenset({"0", "no", "n", "false", "not selected", "unchecked", ""})


def is_aggregated(df: pd.DataFrame) -> bool:
    """True when ``df`` is an aggregated survey frame (has ``n`` and ``k`` or ``pct``)."""
    return "n" in df.columns and ("k" in df.columns or "pct" in df.columns)


def binary_response(values: pd.Series, source: str = "<DataFrame>") -> pd.Series:
    """Code yes/no answers as 1/0 (``Int64``); raise naming the rows that are neither.

    Accepted (case-insensitive): :data:`YES_VALUES` and :data:`NO_VALUES`;
    numbers 1 and 0; booleans. Missing values stay missing (item not answered).
    """
    text = values.astype("string").str.strip().str.lower()
    # "1.0" and "0.0" come from numeric columns read with NaNs
    text = text.replace({"1.0": "1", "0.0": "0"})
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    yes = text.isin(YES_VALUES).fillna(False).astype(bool)
    no = text.isin(NO_VALUES).fillna(False).astype(bool)
    out[yes] = 1
    out[no] = 0
    bad = ~(yes | no) & values.notna()
    if bad.any():
        # a frame read from a file keeps its row labels: label + 2 is the file line
        labels = values.index[bad.to_numpy()]
        positions = (
            np.asarray(labels, dtype=np.int64)
            if pd.api.types.is_integer_dtype(values.index)
            else np.flatnonzero(bad.to_numpy())
        )
        raise DataValidationError(
            source,
            "survey",
            [
                Problem(
                    "response is not a yes/no answer for a binary item",
                    column="response",
                    rows=tuple(int(p) + 2 for p in positions[:5]),
                    n_rows=len(positions),
                    found=", ".join(repr(v) for v in values[bad].astype(str).unique()[:3]),
                    expected="yes/no, 1/0 or true/false (list Likert items separately)",
                )
            ],
        )
    return out


def _check_groups(df: pd.DataFrame, groups: Sequence[str], source: str) -> None:
    present = set(df["group"].astype(str).unique())
    missing = [g for g in groups if g not in present]
    if len(groups) != 2 or groups[0] == groups[1]:
        raise DataValidationError(
            source,
            "survey",
            [Problem("two different groups are needed", column="group", found=repr(list(groups)))],
        )
    if missing:
        raise DataValidationError(
            source,
            "survey",
            [
                Problem(
                    f"group {m!r} not found in the data",
                    column="group",
                    found=", ".join(sorted(present)),
                    expected=f"the groups {list(groups)}",
                )
                for m in missing
            ],
        )


def item_counts(
    df: pd.DataFrame,
    groups: Sequence[str],
    items: Sequence[str] | None = None,
    segment: str | None = None,
    source: str = "<DataFrame>",
) -> pd.DataFrame:
    """Counts ``n`` (answered) and ``k`` (yes) per group, item (and segment).

    Works on respondent-level frames (``response`` coded with :func:`binary_response`)
    and on aggregated frames (``k`` given, or ``k = round(pct * n / 100)``).

    Args:
        df: a survey frame (validated by ``scrm_lib.data.schemas.survey.validate_frame``).
        groups: the two groups to compare, ``(a, b)``; the gap is ``b - a``.
        items: items to keep, in this order; ``None`` keeps every item present in
            both groups (in order of first appearance).
        segment: optional segment column (respondent-level frames, or aggregated
            frames carrying that column).
        source: file name for error messages.

    Returns:
        Columns ``group``, ``item``, [``segment``,] ``n``, ``k`` (int64), one row per
        combination, groups in the order given.
    """
    _check_groups(df, groups, source)
    data = df[df["group"].astype(str).isin(list(groups))].copy()
    data["group"] = data["group"].astype(str)
    data["item"] = data["item"].astype(str)
    if items is not None and len(items) > 0:
        unknown = [i for i in items if i not in set(data["item"])]
        if unknown:
            raise DataValidationError(
                source,
                "survey",
                [
                    Problem(
                        "item not found in the data",
                        column="item",
                        found=", ".join(repr(i) for i in unknown),
                        expected="one of " + ", ".join(sorted(set(data["item"]))),
                    )
                ],
            )
        data = data[data["item"].isin(list(items))]
    keys = ["group", "item"] + ([segment] if segment else [])
    if segment and segment not in data.columns:
        raise DataValidationError(
            source,
            "survey",
            [Problem("segment column not found", column=segment, expected="one of " + ", ".join(map(str, df.columns)))],
        )
    if is_aggregated(data):
        n = pd.to_numeric(data["n"]).astype("int64")
        if "k" in data.columns and data["k"].notna().all():
            k = pd.to_numeric(data["k"]).astype("int64")
        else:
            pct = pd.to_numeric(data["pct"]).astype(float)
            k_given = pd.to_numeric(data["k"], errors="coerce") if "k" in data.columns else pd.Series(np.nan, index=data.index)
            k = k_given.fillna((pct * n / 100.0).round()).astype("int64")
        counts = data[keys].assign(n=n.to_numpy(), k=k.to_numpy())
        counts = counts.groupby(keys, sort=False, as_index=False)[["n", "k"]].sum()
    else:
        coded = binary_response(data["response"], source)
        data = data.assign(_y=coded).dropna(subset=["_y"])
        if segment:
            data = data.dropna(subset=[segment])
            data[segment] = data[segment].astype(str)
        counts = (
            data.groupby(keys, sort=False)["_y"]
            .agg(n="count", k="sum")
            .reset_index()
            .astype({"n": "int64", "k": "int64"})
        )
    # keep only items both groups answered
    per_group = counts.groupby("item")["group"].nunique()
    both = per_group[per_group == 2].index
    counts = counts[counts["item"].isin(both)]
    order = list(items) if items else list(dict.fromkeys(counts["item"]))
    counts["item"] = pd.Categorical(counts["item"], categories=order, ordered=True)
    counts["group"] = pd.Categorical(counts["group"], categories=list(groups), ordered=True)
    counts = counts.sort_values(["item", "group"] + ([segment] if segment else []), kind="stable")
    counts["item"] = counts["item"].astype(str)
    counts["group"] = counts["group"].astype(str)
    return counts.reset_index(drop=True)


def read_survey(path: str | Path, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Load and validate a survey file (respondent-level or aggregated).

    Uses :func:`scrm_lib.data.adapters.survey.load_survey` (schema :mod:`scrm_lib.data.schemas.survey`):
    any problem raises :class:`~scrm_lib.core.errors.DataValidationError` naming the
    file, lines, column, what was found and what was expected.
    """
    return load_survey(path, groups=groups)


def describe_provenance(df: pd.DataFrame) -> str:
    """What a survey frame says about where its rows come from.

    Reads the optional ``provenance`` column (sample files write ``synthetic``, the
    class template ``example``; your own data might say ``collected``). Returns
    ``"synthetic"`` if any row is synthetic, else ``"example"`` if any is an
    example, else the single stated value, else ``"not stated"``.
    """
    if "provenance" not in df.columns:
        return "not stated"
    values = {str(v).strip().lower() for v in df["provenance"].dropna().unique()}
    for key in ("synthetic", "example"):
        if key in values:
            return key
    if len(values) == 1:
        return values.pop()
    return "mixed: " + ", ".join(sorted(values)) if values else "not stated"


def split_items(
    survey: pd.DataFrame, items: Sequence[str] = (), likert_items: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """The yes/no items and the Likert items of a survey, as notebook 02 analyses them.

    Rule: the Likert items are those of ``likert_items`` present in the survey (in the order
    given); the yes/no items are ``items`` when given, else every item of the survey that is
    not listed in ``likert_items`` (in order of first appearance).

    Returns:
        ``(binary_items, likert_items)``.
    """
    present = list(dict.fromkeys(survey["item"].astype(str)))
    likert = [i for i in likert_items if i in set(present)]
    binary = list(items) or [i for i in present if i not in set(likert_items)]
    return binary, likert
