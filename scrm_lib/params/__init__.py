"""Notebook parameters as data: typed, validated before any notebook runs.

Every notebook ``notebooks/<stem>.ipynb`` has

- a ``parameters`` cell (tagged for papermill) that declares each parameter with
  a type annotation and its default, e.g. ``mentions_path: str = "data/samples/mentions.csv"``;
- a defaults file ``params/<stem>.yaml`` holding the same names and values;
- a pydantic model ``Params`` in ``scrm_lib/params/nb<stem>.py`` (subclass of
  :class:`NotebookParams`) that types and checks them.

:func:`load_params` merges the defaults with a user's params file and validates
the result, reporting *every* problem at once (unknown keys, wrong types, missing
files) as a :class:`~scrm_lib.core.errors.ParamsError`. Inside a notebook,
:func:`notebook_params` validates the values that the parameters cell (and any
cell papermill injected) left in the namespace, so a researcher who edits the
cell by hand gets the same checks.

A params file other than the defaults may name its notebook with a top-level
``notebook: <stem>`` key (so ``scrm run --params params/listening/airline.yaml``
knows what to run); every other key must be a parameter of that notebook.
"""

from __future__ import annotations

import ast
import importlib
import json
import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, ClassVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    ValidationError,
    field_validator,
    model_validator,
)

from scrm_lib.core.config import NOTEBOOKS_DIR, PARAMS_DIR, relative_to_root, resolve_path
from scrm_lib.core.errors import ParamsError, RunError, ScrmError
from scrm_lib.core.memory import tune_allocator
from scrm_lib.core.yamlio import format_validation_error, read_yaml_file
from scrm_lib.reports.viz.tables import install

#: Largest absolute value of any integer parameter (counts, windows, thresholds).
MAX_INT_PARAM = 1_000_000_000
#: Reserved top-level key of a params file naming the notebook it is for.
NOTEBOOK_KEY = "notebook"

class _InputPathMarker:
    """Marks a parameter type as naming an input file: only such parameters are read and
    hashed into the run manifest (free text such as ``data_note: /usr/lib`` never is)."""

    def __repr__(self) -> str:
        return "INPUT_PATH"


#: The marker in ``Annotated[...]`` of every input-path parameter type.
INPUT_PATH = _InputPathMarker()


def _is_dataset_folder(path: Path) -> bool:
    """A folder that holds a data set split in files (a Parquet data set)."""
    try:
        return any(path.glob("*.parquet")) or any(path.glob("*/*.parquet"))
    except OSError:
        return False


def _existing_file(value: str) -> str:
    try:
        path = resolve_path(value)
        exists, is_dir, is_file = path.exists(), path.is_dir(), path.is_file()
    except (OSError, ValueError) as exc:
        raise ValueError(f"not a usable path: {value!r} ({exc})") from None
    if not exists:
        raise ValueError(f"file not found: {value!r} (resolved from the project root to {path})")
    if is_dir and not _is_dataset_folder(path):
        raise ValueError(f"{value!r} is a folder (resolved to {path}); expected a file")
    if not is_dir and not is_file:
        raise ValueError(f"{value!r} is not a regular file (resolved to {path})")
    if not os.access(path, os.R_OK):
        raise ValueError(f"{value!r} cannot be read (permission denied)")
    return value


def yes_no_answers(answers: object) -> object:
    """Questionnaire answers as written: YAML reads unquoted yes/no as booleans, so True is
    taken as ``"yes"`` and False as ``"no"``; anything else is left for validation.

    >>> yes_no_answers({"a": True, "b": False, "c": "partly"})
    {'a': 'yes', 'b': 'no', 'c': 'partly'}
    """
    if isinstance(answers, dict):
        return {k: ("yes" if v is True else "no" if v is False else v) for k, v in answers.items()}
    return answers


def _optional_existing_file(value: str | None) -> str | None:
    return None if value is None else _existing_file(value)


def _model_ref(value: str) -> str:
    # a model name (checked by scrm_lib.modeling.scoring when the notebook runs) or a .skops path
    if not value.strip():
        raise ValueError("expected a model name or a .skops file, got an empty string")
    if value.endswith(".skops") or "/" in value or os.sep in value:
        _existing_file(value)
        check_model_file(value)
    return value


def check_model_file(value: str) -> None:
    """A model file must load (trusted types only) and give probabilities (``predict_proba``),
    which scoring needs for scores and confidences; else a ``ValueError`` saying so."""
    # imported here, not at the top: loading a model needs scikit-learn (seconds), and every
    # notebook imports this module in its first cell; only a .skops path pays for it
    from scrm_lib.modeling.scoring import load_model

    try:
        model = load_model(value)
    except ScrmError as exc:
        raise ValueError(f"cannot load model {value!r}: {exc}") from None
    if not callable(getattr(model, "predict_proba", None)):
        raise ValueError(f"model {value!r} ({type(model).__name__}) has no predict_proba: it cannot give scores "
                         "and confidences; train a probabilistic model (scrm train) or use vader, fast, accurate, trait")


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")


def _iso_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not _ISO_DATE.match(value):
        raise ValueError(f"expected an ISO date like 2024-01-31, got {value!r}")
    import datetime as dt

    try:
        dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a real date: {value!r} ({exc})") from None
    if not 1678 <= int(value[:4]) <= 2261:
        raise ValueError(f"year {value[:4]} is outside the range the workbench handles (1678-2261): {value!r}")
    return value


#: A path (relative to the project root, or absolute) to a readable file that must exist.
InputPath = Annotated[str, AfterValidator(_existing_file), INPUT_PATH]
#: An :data:`InputPath` or None (null in YAML).
OptionalInputPath = Annotated[str | None, AfterValidator(_optional_existing_file), INPUT_PATH]
#: A list of :data:`InputPath` (every file must exist).
InputPaths = Annotated[list[str], AfterValidator(lambda paths: [_existing_file(p) for p in paths]), INPUT_PATH]
#: A model: a name (``vader``, ``fast``, ``accurate``, ``trait``) or a ``.skops`` file that must exist.
ModelRef = Annotated[str, AfterValidator(_model_ref), INPUT_PATH]
#: An optional ISO date (``YYYY-MM-DD``), kept as a string so papermill can inject it.
IsoDate = Annotated[str | None, AfterValidator(_iso_date)]

#: Engines of the ``engine`` parameter (notebooks 01, 05, 07) and of ``--engine`` (:mod:`scrm_lib.engine`).
ENGINES: tuple[str, ...] = ("pandas", "dask")


def _engine(value: str) -> str:
    if value not in ENGINES:
        raise ValueError(f"expected one of {', '.join(ENGINES)}, got {value!r}")
    return value


#: ``pandas`` (one process, the default) or ``dask`` (a Dask LocalCluster; :mod:`scrm_lib.engine`).
Engine = Annotated[str, AfterValidator(_engine)]


def _marked(annotation: Any, metadata: Sequence[Any] = ()) -> bool:
    if any(m is INPUT_PATH for m in metadata):
        return True
    if get_origin(annotation) is Annotated and any(m is INPUT_PATH for m in get_args(annotation)[1:]):
        return True
    return any(_marked(a) for a in get_args(annotation))


def input_path_fields(model: type[BaseModel]) -> list[str]:
    """Names of the fields of ``model`` typed as input paths (:data:`INPUT_PATH`), in order."""
    return [name for name, f in model.model_fields.items() if _marked(f.annotation, f.metadata)]


class DeprecatedParameterWarning(FutureWarning):
    """A params file, an override or a notebook used the old name of a renamed parameter.

    A ``FutureWarning`` (shown by default, in a terminal and in a notebook alike) because the
    people who see it are users editing params files, not developers.
    """


def rename_deprecated(model: type[NotebookParams], values: Mapping[str, Any], source: str) -> dict[str, Any]:
    """``values`` with every old parameter name of ``model.deprecated_aliases`` replaced by its
    new name, warning (:class:`DeprecatedParameterWarning`) once per old name used.

    Raises:
        ParamsError: naming ``source`` when one layer gives both the old and the new name.
    """
    out = dict(values)
    problems = []
    for old, new in model.deprecated_aliases.items():
        if old not in out:
            continue
        if new in out:
            problems.append(f"{old}: the old name of '{new}', which is given too; keep only '{new}'")
            continue
        warnings.warn(f"{source}: parameter '{old}' is deprecated; use '{new}' (the old name will be "
                      "removed in a future release)", DeprecatedParameterWarning, stacklevel=3)
        out[new] = out.pop(old)
    if problems:
        raise ParamsError(source, problems)
    return out


class NotebookParams(BaseModel):
    """Base class of every notebook's parameter model.

    Unknown keys are errors (``extra="forbid"``) and types are strict: ``"5"`` is
    not an int and ``1`` is not a string. Subclasses declare fields with defaults
    equal to ``params/<stem>.yaml``.

    A renamed parameter keeps its old name for one release: list it in
    ``deprecated_aliases = {"old_name": "new_name"}``. Params files, overrides
    (:func:`load_params`), a notebook's namespace (:func:`notebook_params`) and the model
    itself then accept the old name with a :class:`DeprecatedParameterWarning` naming the new
    one; giving both is an error.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    #: Old parameter names still accepted, each mapped to its new name.
    deprecated_aliases: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _deprecated_names(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not cls.deprecated_aliases:
            return data
        try:
            return rename_deprecated(cls, data, cls.__module__.rsplit(".", 1)[-1].removeprefix("nb"))
        except ParamsError as exc:
            raise ValueError("; ".join(exc.problems)) from None

    @field_validator("*", mode="after")
    @classmethod
    def _sane_numbers(cls, value: Any) -> Any:
        # one rule for every notebook: a count, window or threshold is a finite number of a sane
        # size (``spike_window: 100000000000000000000000`` must fail here, not in cell 30)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, bool):
                continue
            if isinstance(v, int) and abs(v) > MAX_INT_PARAM:
                raise ValueError(f"{v} is too large: expected at most {MAX_INT_PARAM:,}")
            if isinstance(v, float) and not math.isfinite(v):
                raise ValueError(f"expected a finite number, got {v}")
        return value

    def to_papermill(self) -> dict[str, Any]:
        """The parameters as plain JSON-able values, ready for papermill injection."""
        return self.model_dump(mode="json")

    def path(self, name: str) -> Path:
        """The parameter ``name`` (a path string) resolved from the project root."""
        value = getattr(self, name)
        if value is None:
            raise ParamsError(type(self).__name__, [f"{name}: no path given"])
        return resolve_path(value)


def notebook_stems() -> list[str]:
    """Stems of the notebooks in ``notebooks/`` (e.g. ``00_quickstart``), sorted."""
    return sorted(p.stem for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def resolve_notebook(name: str, notebooks_dir: Path | None = None) -> Path:
    """The notebook ``name`` refers to.

    ``name`` may be a path to an ``.ipynb`` file, an exact stem (``00_quickstart``), a
    unique prefix of a stem (``00``), a unique prefix of the part after the number
    (``quick``), or a unique substring (``audit``). Ambiguity is an error listing the
    candidates.

    Raises:
        RunError: no notebook or several notebooks match.
    """
    folder = notebooks_dir or NOTEBOOKS_DIR
    if name.endswith(".ipynb") or "/" in name or os.sep in name:
        path = resolve_path(name)
        if not path.is_file():
            raise RunError(f"notebook file not found: {name} (resolved to {path})")
        return path
    stems = sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))
    rules = (
        lambda s: s == name,
        lambda s: s.startswith(name),
        lambda s: s.split("_", 1)[-1].startswith(name),
        lambda s: name in s,
    )
    for rule in rules:
        found = [s for s in stems if rule(s)]
        if len(found) == 1:
            return folder / f"{found[0]}.ipynb"
        if len(found) > 1:
            raise RunError(f"'{name}' matches several notebooks: {', '.join(found)}; say which")
    listing = ", ".join(stems) or "(none)"
    raise RunError(f"no notebook matches '{name}' in {relative_to_root(folder)}/ (available: {listing})")


def params_model(stem: str) -> type[NotebookParams]:
    """The :class:`NotebookParams` subclass for notebook ``stem``.

    It lives in ``scrm_lib.params.nb<stem>`` as the class ``Params``.
    """
    module_name = f"scrm_lib.params.nb{stem}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise ParamsError(stem, [f"no parameter model for notebook '{stem}' ({module_name})"]) from None
        raise
    return module.Params


def read_params_file(path: str | Path) -> dict[str, Any]:
    """Read a params YAML file into a dict, with clear errors for bad YAML or shape."""
    shown = relative_to_root(resolve_path(path))
    data = read_yaml_file(path, "params file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParamsError(shown, [f"expected a mapping of parameter names to values, found {type(data).__name__}"])
    return {str(k): _yaml_scalars_to_json(v) for k, v in data.items()}


def _yaml_scalars_to_json(value: Any) -> Any:
    """YAML turns ``2024-01-31`` into a date; parameters keep dates as ISO strings."""
    import datetime as dt

    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_yaml_scalars_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _yaml_scalars_to_json(v) for k, v in value.items()}
    return value


def notebook_name(value: Any) -> str | None:
    """The ``notebook:`` value of a params file as a name: ``07`` unquoted is read by YAML as
    the number 7 and means notebook ``07``."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:02d}"
    return str(value)


def notebook_of(params_file: str | Path) -> str | None:
    """The notebook name (a stem, or a prefix as the README allows) a params file gives in its
    ``notebook:`` key, if any."""
    return notebook_name(read_params_file(params_file).get(NOTEBOOK_KEY))


def validate_params(stem: str, values: Mapping[str, Any], source: str) -> NotebookParams:
    """Validate ``values`` against the model of notebook ``stem``; list every problem."""
    model = params_model(stem)
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise ParamsError(source, format_validation_error(exc)) from None


def load_params(
    stem: str,
    params_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> NotebookParams:
    """Defaults from ``params/<stem>.yaml``, then ``params_file``, then ``overrides``; validated.

    Raises:
        ParamsError: listing every unknown key, wrong type and missing file at once,
            or when ``params_file`` names a different notebook.
    """
    model = params_model(stem)
    defaults_file = PARAMS_DIR / f"{stem}.yaml"
    values = read_params_file(defaults_file)
    source = relative_to_root(defaults_file)
    if params_file is not None:
        source = relative_to_root(resolve_path(params_file))
        extra = rename_deprecated(model, read_params_file(params_file), source)
        named = notebook_name(extra.pop(NOTEBOOK_KEY, None))
        if named is not None and named != stem:
            try:
                target = resolve_notebook(named).stem
            except RunError as exc:
                raise ParamsError(source, [f"{NOTEBOOK_KEY}: {exc}"]) from None
            if target != stem:
                shown = named if named == target else f"{named}' ('{target}"
                raise ParamsError(source, [f"{NOTEBOOK_KEY}: this file is for '{shown}', not '{stem}'"])
        values.update(extra)
    values.pop(NOTEBOOK_KEY, None)
    if overrides:
        values.update(rename_deprecated(model, overrides, source))
    return validate_params(stem, values, source)


def notebook_params(stem: str, namespace: Mapping[str, Any]) -> NotebookParams:
    """Validate the parameters a notebook's parameters cell defined in ``namespace``.

    Use in the cell after the parameters cell: ``P = notebook_params("01_x", globals())``.
    Only the model's own fields are read from the namespace. In a notebook it also makes every
    ``display(df)`` use the workbench's table format (:func:`scrm_lib.reports.viz.tables.install`),
    and it tunes the kernel's memory allocator for large arrays (:func:`scrm_lib.core.memory.tune_allocator`).
    """
    model = params_model(stem)
    values = {name: namespace[name] for name in model.model_fields if name in namespace}
    # an old name in the namespace was injected after the parameters cell (papermill -p old …):
    # it wins over the cell's value of the new name
    old_names = {old: namespace[old] for old in model.deprecated_aliases if old in namespace}
    for old, new in model.deprecated_aliases.items():
        if old in old_names:
            values.pop(new, None)
    values.update(rename_deprecated(model, old_names, f"notebook {stem} parameters"))
    params = validate_params(stem, values, f"notebook {stem} parameters")
    install()  # every display(df) of the notebook goes through the one table formatter (no-op outside IPython)
    tune_allocator()  # freed large arrays reused, not page-faulted again (issue 13: ~20% of the 1M analysis)
    return params


def parameters_cell(notebook: str | Path) -> dict[str, tuple[str | None, Any]]:
    """Parse a notebook's ``parameters`` cell: ``{name: (type annotation, default)}``.

    Used by tests to check that the cell, the defaults YAML and the model agree.
    """
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"])
            break
    else:
        raise ParamsError(str(notebook), ["no cell tagged 'parameters'"])
    out: dict[str, tuple[str | None, Any]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = (ast.unparse(node.annotation), ast.literal_eval(node.value) if node.value else None)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = (None, ast.literal_eval(node.value))
    return out
