"""Canonical data schemas: :mod:`.mentions`, :mod:`.survey`, :mod:`.usecases`.

Each module exposes ``validate_frame(df, source="<DataFrame>", **opts) -> DataFrame``,
which returns the canonical frame or raises :class:`scrm_lib.core.errors.DataValidationError`
listing every problem. Loaders in :mod:`scrm_lib.data.io` read files and call them.
"""

from scrm_lib.data.schemas import mentions, survey, usecases

SCHEMAS = {"mentions": mentions, "survey": survey, "usecases": usecases}

__all__ = ["SCHEMAS", "mentions", "survey", "usecases"]
