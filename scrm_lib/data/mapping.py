"""Column mappings: a YAML file that turns any platform export into the canonical mentions schema.

Keys (all optional)::

    # mapping for a Brandwatch-style export
    rename:            # export column: canonical column
      Mention Id: post_id
      Date: created_at
      Page Type: channel
      Author: author_id
      Full Text: text
    constants:         # columns the export lacks, the same on every row
      brand: Acme
    values:            # value maps applied after renaming (unmapped values kept)
      channel: {news: news, forums: forum}
      is_brand: {Page: true, User: false}
    drop: [Sentiment Score]   # export columns to leave out
    timestamp_format: "%d/%m/%Y %H:%M"   # optional strftime format of created_at
    timezone: Europe/Berlin   # optional: zone of naive timestamps (default UTC + warning)
    delimiter: ";"            # optional CSV delimiter (default "," or tab for .tsv)
    encoding: cp1252          # optional, overridden by encoding=
    channels: [twitter, facebook, news, forum]  # optional allow-list

Used by the ``canonical`` adapter (:func:`scrm_lib.data.adapters.canonical.load_mentions`) and the
chunked reader of ``scrm score`` (:func:`scrm_lib.modeling.stream.iter_mention_chunks`).
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from scrm_lib.core.errors import DataValidationError, Problem
from scrm_lib.core.yamlio import load_yaml, yaml_error_text
from scrm_lib.data.files import fail, show
from scrm_lib.data.schemas._core import STR_DTYPE, to_string


class ColumnMapping(BaseModel):
    """The keys of a column-mapping file (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")
    rename: dict[str, str] = {}
    constants: dict[str, str | int | float | bool] = {}
    values: dict[str, dict[str, str | int | float | bool | None]] = {}
    drop: list[str] = []
    timestamp_format: str | None = None
    timezone: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    channels: list[str] | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                zoneinfo.ZoneInfo(v)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {v!r}; expected an IANA name such as Europe/Berlin") from None
        return v


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read and check a column-mapping YAML (see the module docstring for its keys)."""
    p = Path(path)
    if not p.is_file():
        raise fail(p, "column mapping", "file not found", expected="a YAML column-mapping file")
    try:
        raw = load_yaml(p.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as exc:
        raise fail(p, "column mapping", f"not valid YAML: {yaml_error_text(exc)}",
                    expected="a YAML mapping with keys rename, constants, values, …") from None
    except UnicodeDecodeError as exc:
        raise fail(p, "column mapping", f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                    expected="a UTF-8 YAML file") from None
    if not isinstance(raw, dict):
        raise fail(p, "column mapping", "the file is not a YAML mapping",
                    expected="keys such as rename:, constants:, values:")
    raw = {k: v for k, v in raw.items()}
    for key in ("rename", "values"):  # YAML reads yes/no/on/off keys as booleans
        if isinstance(raw.get(key), dict):
            raw[key] = {str(k) if not isinstance(k, bool) else str(k).lower(): v
                        for k, v in raw[key].items()}
    if isinstance(raw.get("values"), dict):
        raw["values"] = {c: ({(str(k).lower() if isinstance(k, bool) else str(k)): v for k, v in m.items()}
                             if isinstance(m, dict) else m) for c, m in raw["values"].items()}
    try:
        model = ColumnMapping.model_validate(raw)
    except ValidationError as exc:
        problems = [
            Problem(message=f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg'].removeprefix('Value error, ')}")
            for e in exc.errors()
        ]
        raise DataValidationError(path=show(p), kind="column mapping", problems=problems) from None
    return model.model_dump()


def apply_mapping(df: pd.DataFrame, mapping: dict[str, Any], source: str) -> pd.DataFrame:
    """Rename, drop, add constants and map values as a column mapping says."""
    problems = []
    missing = [c for c in list(mapping.get("rename", {})) + list(mapping.get("drop", []))
               if c not in df.columns]
    if missing:
        problems.append(Problem(
            message="the column mapping names columns that are not in the file",
            found=", ".join(repr(c) for c in missing),
            expected="columns of the file: " + ", ".join(repr(c) for c in df.columns[:15]),
        ))
    clash = [c for c in mapping.get("constants", {}) if c in df.columns
             or c in mapping.get("rename", {}).values()]
    if clash:
        problems.append(Problem(
            message="the column mapping gives a constant for columns the file already has",
            found=", ".join(repr(c) for c in clash),
            expected="constants only for columns the file lacks (or drop the file's column)"))
    if problems:
        raise DataValidationError(path=source, kind="mentions", problems=problems)
    out = df.drop(columns=list(mapping.get("drop", [])))
    out = out.rename(columns=mapping.get("rename", {}))
    for name, value in mapping.get("constants", {}).items():
        out[name] = value if not isinstance(value, str) else pd.Series(value, index=out.index, dtype=STR_DTYPE)
    for name, table in mapping.get("values", {}).items():
        if name in out.columns:
            s = out[name]
            codes, uniques = pd.factorize(to_string(s))
            mapped = np.array([table.get(u, u) for u in uniques] + [np.nan], dtype=object)
            out[name] = pd.Series(mapped[codes], index=out.index)
    return out


# ---------------------------------------------------------------------------------

__all__ = ["ColumnMapping", "apply_mapping", "load_mapping"]
