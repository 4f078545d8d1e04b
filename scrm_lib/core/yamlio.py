"""The one YAML loader of the workbench, and its error messages.

Every YAML file a user can give or edit goes through here: params files
(:mod:`scrm_lib.params`), the ARM decision table (:mod:`scrm_lib.metrics.triage`), the audit
thresholds (:mod:`scrm_lib.metrics.audit`), column mappings (:mod:`scrm_lib.data.mapping`) and the
framework crosswalk (:mod:`scrm_lib.analysis.readiness`). So every one of them

- is read with a safe loader whose impossible dates (``2024-02-30`` unquoted) are YAML errors
  with a line and column (:func:`load_yaml`), not a bare ``ValueError``;
- names the file and the 1-based line and column of a syntax error (:func:`yaml_error_text`,
  :func:`read_yaml_file`);
- reports every pydantic problem at once, each with its location, as ``name: message (got
  value)`` (:func:`format_validation_error`, :func:`read_yaml_model`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scrm_lib.core.config import relative_to_root, resolve_path
from scrm_lib.core.errors import ParamsError

M = TypeVar("M", bound=BaseModel)


class _MarkedSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose bad dates (``2024-02-30`` unquoted) are YAML errors with a line
    and column, instead of a bare ``ValueError`` from the date constructor."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark) from None


_MarkedSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` for every YAML the workbench reads: any problem, an impossible date
    included, is a ``yaml.YAMLError`` with ``problem_mark``.

    >>> load_yaml("a: 1\\nb: [x, y]\\n")
    {'a': 1, 'b': ['x', 'y']}
    >>> try:
    ...     load_yaml("as_of: 2024-02-30\\n")
    ... except yaml.YAMLError as exc:
    ...     print(yaml_error_text(exc))
    line 1, column 8: '2024-02-30' is not a real date (day is out of range for month)
    """
    return yaml.load(text, Loader=_MarkedSafeLoader)  # noqa: S506 - a SafeLoader subclass


def yaml_error_text(exc: yaml.YAMLError) -> str:
    """``line L, column C: problem`` of a YAML error (1-based, as editors count)."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}{getattr(exc, 'problem', None) or exc}"


def read_yaml_file(path: str | Path, what: str = "file") -> Any:
    """Read a YAML file (UTF-8, a BOM allowed) and return what it holds (``None`` when empty).

    ``path`` is resolved from the project root (:func:`~scrm_lib.core.config.resolve_path`).

    Args:
        path: the file.
        what: what the file is, for the "not found" message (``"params file"``,
            ``"decision table file"`` …).

    Raises:
        ParamsError: naming the file (relative to the project root) with one problem:
            ``<what> not found``, ``line L, column C: not valid YAML (<problem>)``,
            ``not UTF-8 text (…)`` or ``cannot be read (…)``.
    """
    p = resolve_path(path)
    shown = relative_to_root(p)
    if not p.is_file():
        raise ParamsError(shown, [f"{what} not found"])
    try:
        return load_yaml(p.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ParamsError(shown, [f"{where}not valid YAML ({getattr(exc, 'problem', None) or exc})"]) from None
    except UnicodeDecodeError as exc:
        raise ParamsError(shown, [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except OSError as exc:
        raise ParamsError(shown, [f"cannot be read ({exc.strerror or exc})"]) from None


def format_validation_error(exc: ValidationError) -> list[str]:
    """One readable line per pydantic error: ``location: message (got value)``.

    The location joins the error's path with dots (``dimensions.sla.thresholds``); an unknown
    key says ``unknown parameter`` and a missing one ``required parameter is missing``.
    """
    lines = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown parameter"
        elif err["type"] == "missing":
            msg = "required parameter is missing"
        got = err.get("input")
        got_text = "" if err["type"] == "missing" else f" (got {json.dumps(got, default=str)[:80]})"
        lines.append(f"{loc}: {msg}{got_text}")
    return lines


def read_yaml_model(path: str | Path, model: type[M], what: str = "file") -> M:
    """Read a YAML file (:func:`read_yaml_file`) and validate it with the pydantic ``model``.

    Raises:
        ParamsError: naming the file; a YAML problem as in :func:`read_yaml_file`, or every
            validation problem with its location (:func:`format_validation_error`).
    """
    data = read_yaml_file(path, what)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ParamsError(relative_to_root(resolve_path(path)), format_validation_error(exc)) from None


__all__ = ["format_validation_error", "load_yaml", "read_yaml_file", "read_yaml_model", "yaml_error_text"]
