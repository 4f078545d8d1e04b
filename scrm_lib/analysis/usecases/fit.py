"""Organisational fit of a use case: the business goals it serves and the maturity stage it needs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from scrm_lib.analysis.maturity import STAGES, recommended_stage_of
from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import ParamsError
from scrm_lib.core.yamlio import read_yaml_file

_FIT_TABLE = PACKAGE_DIR / "usecase_fit.yaml"


@cache
def fit_table() -> dict[str, dict[str, Any]]:
    """The goals → category relevance table (``scrm_lib/usecase_fit.yaml``)."""
    data = read_yaml_file(_FIT_TABLE, "use-case fit table")
    return data["goals"]


def business_goals() -> list[str]:
    """The goal names a notebook may choose from (keys of the fit table)."""
    return list(fit_table())


def goal_fit(usecases: pd.DataFrame, goals: Sequence[str]) -> pd.Series:
    """How directly each use case serves the chosen business goals, in [0, 1].

    ``goal_fit = max over goals g of relevance[g][category]`` (0 for a category the
    goal's row does not list). The table is ``scrm_lib/usecase_fit.yaml``.

    Raises:
        ParamsError: for a goal not in the table (naming the known goals).
    """
    table = fit_table()
    unknown = [g for g in goals if g not in table]
    if unknown:
        raise ParamsError("goals", [f"unknown business goal {g!r}; expected one of {sorted(table)}" for g in unknown])
    if not goals:
        return pd.Series(np.nan, index=usecases.index, name="goal_fit")
    cats = usecases["category"].astype(str)
    values = np.column_stack([cats.map(table[g]["relevance"]).fillna(0.0).to_numpy(float) for g in goals])
    return pd.Series(values.max(axis=1), index=usecases.index, name="goal_fit")


#: Stage fit of a use case recommended at the organisation's stage or an earlier one,
#: at the next stage, and further ahead; and of an id no stage recommends.
STAGE_FIT_NOW, STAGE_FIT_NEXT, STAGE_FIT_LATER, STAGE_FIT_UNKNOWN = 1.0, 0.5, 0.0, 0.5


def stage_fit(usecases: pd.DataFrame, stage: str) -> pd.Series:
    """How ready an organisation at maturity ``stage`` is for each use case, in [0, 1].

    From the stages' ``recommended_use_cases`` in ``scrm_lib/maturity.yaml``: 1.0 when
    the use case is recommended at ``stage`` or an earlier stage, 0.5 at the next stage,
    0.0 two or more stages ahead, and 0.5 (neutral) for an id no stage lists (a user's
    own use cases).
    """
    if stage not in STAGES:
        raise ParamsError("maturity stage", [f"unknown stage {stage!r}; expected one of {list(STAGES)}"])
    here = STAGES.index(stage)
    where = recommended_stage_of()
    out = []
    for uid in usecases["id"].astype(str):
        s = where.get(uid)
        if s is None:
            out.append(STAGE_FIT_UNKNOWN)
            continue
        ahead = STAGES.index(s) - here
        out.append(STAGE_FIT_NOW if ahead <= 0 else STAGE_FIT_NEXT if ahead == 1 else STAGE_FIT_LATER)
    return pd.Series(out, index=usecases.index, name="stage_fit", dtype=float)


def organisational_fit(
    usecases: pd.DataFrame, stage: str, goals: Sequence[str], goal_share: float = 0.5
) -> pd.Series:
    """Organisational fit in [0, 1]: ``goal_share * goal_fit + (1 - goal_share) * stage_fit``.

    With no goals chosen the fit is the stage fit alone.
    """
    if not 0.0 <= goal_share <= 1.0:
        raise ParamsError("fit", [f"goal_share: expected a number in [0, 1], got {goal_share!r}"])
    s = stage_fit(usecases, stage)
    if not goals:
        return s.rename("fit")
    g = goal_fit(usecases, goals)
    return (goal_share * g + (1.0 - goal_share) * s).rename("fit")
