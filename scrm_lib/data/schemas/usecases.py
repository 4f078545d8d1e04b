"""The use-case schema (Altimeter's 18 social CRM use cases, or your own list).

==============  ========  ==========================================================
column          dtype     rule
==============  ========  ==========================================================
id              str       required, unique, non-empty (``F1``, ``SP2``, …)
name            str       required, non-empty
category        str       required; one of :data:`CATEGORIES` (case-insensitive,
                          stored lower-case)
market_demand   float64   required, 0–5 (5 = wanted within 6 months, 0 = > 2 years)
tech_maturity   float64   required, 0–5 (5 = critical mass of customers, 0 = vaporware)
source          str       required, non-empty: where the scores come from
(anything else) as read   kept
==============  ========  ==========================================================
"""

from __future__ import annotations

import pandas as pd

from scrm_lib.data.schemas._core import (
    Collector,
    RowLocator,
    check_columns,
    float_column,
    is_missing,
    label_column,
    order_columns,
    string_column,
)

KIND = "use-case"
REQUIRED: tuple[str, ...] = ("id", "name", "category", "market_demand", "tech_maturity", "source")
#: The categories of Wang & Owyang (Altimeter Group, 2010), DOMAIN.md §6.
CATEGORIES: tuple[str, ...] = (
    "foundation", "marketing", "sales", "support", "innovation", "collaboration",
    "customer experience",
)


def validate_frame(
    df: pd.DataFrame, source: str = "<DataFrame>", *, locator: RowLocator | None = None
) -> pd.DataFrame:
    """Validate a use-case table and return it canonical.

    Raises:
        DataValidationError: missing columns, duplicate ids, unknown categories, scores
        that are empty, non-numeric or outside 0–5, empty names or sources.
    """
    col = Collector(source, KIND, locator or RowLocator(offset=1, label="row"))
    if not check_columns(df, REQUIRED, col):
        col.raise_if_any()
    if len(df) == 0:
        col.add("no data rows (only a header)", expected="at least one use case")
        col.raise_if_any()
    out: dict[str, pd.Series] = {}
    ids = string_column(df, "id", col, required=True, nonempty=True, what="id").str.strip()
    dup = ids.duplicated(keep=False).to_numpy(dtype=bool) & ~is_missing(ids)
    if dup.any():
        col.add("duplicate id", column="id", mask=dup, values=ids, expected="each id once")
    out["id"] = ids
    out["name"] = string_column(df, "name", col, required=True, nonempty=True, what="name").str.strip()
    cat = df["category"].astype("str").str.replace(r"[\s_-]+", " ", regex=True)
    out["category"] = label_column(cat.where(df["category"].notna()), "category", col, CATEGORIES,
                                   required_values=True, what="category")
    for name in ("market_demand", "tech_maturity"):
        out[name] = float_column(df[name], name, col, low=0.0, high=5.0, required_values=True,
                                 what=name.replace("_", " "))
    out["source"] = string_column(df, "source", col, required=True, nonempty=True, what="source")
    col.raise_if_any()
    result = order_columns(df.assign(**out), REQUIRED)
    result.attrs = {"kind": KIND}
    return result


__all__ = ["CATEGORIES", "REQUIRED", "validate_frame"]
