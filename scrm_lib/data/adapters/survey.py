"""The ``survey`` format: survey answers, respondent-level or aggregated (:mod:`scrm_lib.data.schemas.survey`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from scrm_lib.data.files import show
from scrm_lib.data.readers import read_table
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas import survey as _survey


def load_survey(
    path: str | Path, fmt: str | None = None, encoding: str | None = None, *,
    form: str = "auto", groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Load a survey file (respondent-level or aggregated; see :mod:`scrm_lib.data.schemas.survey`).

    Raises:
        DataValidationError: every problem, with file, lines, column, found and expected.
    """
    df, locator = read_table(path, "survey", fmt=fmt, encoding=encoding,
                             string_columns=("respondent_id", "group", "item", "source"))
    return _survey.validate_frame(df, source=show(path), locator=locator, form=form, groups=groups)


ADAPTER = register(Adapter(
    name="survey", kind="survey",
    description="survey answers: one row per respondent and item, or aggregated figures per group and item",
    reader=load_survey, columns=("group", "item"), options=("encoding", "fmt"), module=__name__,
))

__all__ = ["ADAPTER", "load_survey"]
