"""The ``usecases`` format: a table of social CRM use cases (:mod:`scrm_lib.data.schemas.usecases`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scrm_lib.data.files import show
from scrm_lib.data.readers import read_table
from scrm_lib.data.registry import Adapter, register
from scrm_lib.data.schemas import usecases as _usecases


def load_usecases(path: str | Path, fmt: str | None = None, encoding: str | None = None) -> pd.DataFrame:
    """Load a use-case table (see :mod:`scrm_lib.data.schemas.usecases`).

    Raises:
        DataValidationError: every problem, with file, lines, column, found and expected.
    """
    df, locator = read_table(path, "use-case", fmt=fmt, encoding=encoding,
                             string_columns=("id", "name", "category", "source"))
    return _usecases.validate_frame(df, source=show(path), locator=locator)


ADAPTER = register(Adapter(
    name="usecases", kind="usecases", description="a table of social CRM use cases to prioritise",
    reader=load_usecases, columns=("id", "name", "category"), options=("encoding", "fmt"), module=__name__,
))

__all__ = ["ADAPTER", "load_usecases"]
