"""Tests of the use-case schema."""

from __future__ import annotations

import pandas as pd
import pytest

from scrm_lib.core.errors import DataValidationError
from scrm_lib.data.schemas import usecases


def table(**overrides) -> pd.DataFrame:
    # DOMAIN.md §6 (Altimeter Group, Wang & Owyang 2010): F1, SP1, CX1.
    data = {
        "id": ["F1", "SP1", "CX1"],
        "name": ["Social Customer Insights", "Social Support Insights", "Seamless Customer Experience"],
        "category": ["foundation", "Support", "customer_experience"],
        "market_demand": [4.5, 4.75, 3.0],
        "tech_maturity": [4.0, 4.25, 2.5],
        "source": ["Altimeter Group 2010"] * 3,
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_valid_table_normalises_categories():
    out = usecases.validate_frame(table())
    assert out["category"].tolist() == ["foundation", "support", "customer experience"]
    assert out["market_demand"].dtype == "float64"
    assert set(usecases.CATEGORIES) == {
        "foundation", "marketing", "sales", "support", "innovation", "collaboration",
        "customer experience",
    }


@pytest.mark.parametrize(
    ("overrides", "column", "message", "rows"),
    [
        ({"id": ["F1", "F1", "CX1"]}, "id", "duplicate id", (1, 2)),
        ({"category": ["foundation", "finance", "sales"]}, "category", "unknown category", (2,)),
        ({"market_demand": [4.5, 5.5, -1]}, "market_demand", "market demand out of range", (2, 3)),
        ({"tech_maturity": [4.0, "high", 2.5]}, "tech_maturity", "tech maturity is not a number", (2,)),
        ({"tech_maturity": [4.0, None, 2.5]}, "tech_maturity", "tech maturity is empty", (2,)),
        ({"name": ["a", " ", "c"]}, "name", "name is empty", (2,)),
    ],
)
def test_errors(overrides, column, message, rows):
    with pytest.raises(DataValidationError) as info:
        usecases.validate_frame(table(**overrides))
    found = {(p.column, p.message): p.rows for p in info.value.problems}
    assert found[(column, message)] == rows


def test_missing_column():
    with pytest.raises(DataValidationError, match="required column is missing: 'source'"):
        usecases.validate_frame(table().drop(columns="source"))
