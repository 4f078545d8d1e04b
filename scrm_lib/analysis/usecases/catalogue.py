"""The use-case catalogue: Altimeter's 18 published use cases, and loading a user's own list."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scrm_lib.data.adapters.usecases import load_usecases
from scrm_lib.data.schemas.usecases import validate_frame

#: Where the 18 use cases and their scores come from.
ALTIMETER_SOURCE = "Altimeter Group, Wang & Owyang (2010): social CRM use cases scored on market demand and technology maturity"

#: The 18 use cases exactly as published: (id, name, category, market demand, technology maturity).
ALTIMETER_USE_CASES: tuple[tuple[str, str, str, float, float], ...] = (
    ("F1", "Social Customer Insights", "foundation", 4.50, 4.00),
    ("M1", "Social Marketing Insights", "marketing", 4.00, 4.00),
    ("M2", "Rapid Social Marketing Response", "marketing", 3.50, 1.75),
    ("M3", "Social Campaign Tracking", "marketing", 1.00, 1.00),
    ("M4", "Social Event Management", "marketing", 1.00, 2.50),
    ("S1", "Social Sales Insights", "sales", 3.30, 2.60),
    ("S2", "Rapid Social Sales Response", "sales", 2.40, 3.10),
    ("S3", "Proactive Social Lead Generation", "sales", 4.25, 3.00),
    ("SP1", "Social Support Insights", "support", 4.75, 4.25),
    ("SP2", "Rapid Social Response", "support", 4.75, 4.00),
    ("SP3", "Peer-to-Peer Unpaid Armies", "support", 4.65, 3.80),
    ("I1", "Innovation Insights", "innovation", 0.75, 1.25),
    ("I2", "Crowdsourced R&D", "innovation", 2.00, 3.50),
    ("C1", "Collaboration Insights", "collaboration", 2.00, 2.00),
    ("C2", "Enterprise Collaboration", "collaboration", 3.50, 4.80),
    ("C3", "Extended Collaboration", "collaboration", 2.25, 4.00),
    ("CX1", "Seamless Customer Experience", "customer experience", 3.00, 2.50),
    ("CX2", "VIP Experience", "customer experience", 2.25, 2.25),
)

#: Column order of a use-case frame.
USECASE_COLUMNS = ["id", "name", "category", "market_demand", "tech_maturity", "source"]


def published_table() -> pd.DataFrame:
    """The 18 Altimeter (2010) use cases as a plain frame (not yet validated).

    Used by the sample generator to write ``data/samples/usecases.csv``.
    """
    df = pd.DataFrame(ALTIMETER_USE_CASES, columns=USECASE_COLUMNS[:5])
    df["source"] = ALTIMETER_SOURCE
    return df


def published_use_cases() -> pd.DataFrame:
    """The 18 published use cases, validated through the use-case schema."""
    return validate_frame(published_table(), source="Altimeter (2010) published table")


def load_use_cases(path: str | Path) -> pd.DataFrame:
    """Load and validate a use-case file (CSV in the use-case schema).

    Thin wrapper over :func:`scrm_lib.data.adapters.usecases.load_usecases`; raises
    :class:`~scrm_lib.core.errors.DataValidationError` naming file, line, column, found and
    expected for a score outside 0–5, a duplicate id, a missing column or an unknown
    category.
    """
    return load_usecases(path)
