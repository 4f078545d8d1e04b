"""Parameters from one source: each notebook's pydantic model (``scrm_lib/params/nbNN_name.py``) is
the definition of its parameters' names, types and defaults; the notebook's papermill parameters
cell, its defaults file ``params/NN_name.yaml`` and the library defaults a notebook relies on are
checked against it here, for every notebook, so any drift fails (docs/architecture.md, Parameters).
"""

from __future__ import annotations

import ast
import inspect
import json
import types
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from scrm_lib.core.config import NOTEBOOKS_DIR, PACKAGE_DIR, PARAMS_DIR
from scrm_lib.metrics import listening
from scrm_lib.params import (
    NOTEBOOK_KEY,
    load_params,
    parameters_cell,
    params_model,
    read_params_file,
)

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _type_text(annotation: typing.Any) -> str:
    """A model field's type written as in a parameters cell (``str | None``, ``list[str]``)."""
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return annotation.__name__
    return repr(annotation).replace("typing.", "").replace("NoneType", "None")


def _norm(text: str) -> str:
    text = ast.unparse(ast.parse(text, mode="eval").body)
    if text.startswith("Optional[") and text.endswith("]"):
        text = f"{text[9:-1]} | None"
    return text.replace('"', "'")


def _model_defaults(stem: str) -> dict[str, typing.Any]:
    """The model's defaults as papermill would inject them (JSON values)."""
    model = params_model(stem)
    return {name: json.loads(json.dumps(f.default, default=str)) for name, f in model.model_fields.items()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_names_are_the_models(path: Path) -> None:
    stem = path.stem
    model = params_model(stem)
    fields = set(model.model_fields)
    cell = set(parameters_cell(path))
    defaults_file = PARAMS_DIR / f"{stem}.yaml"
    assert defaults_file.is_file(), f"missing defaults file params/{stem}.yaml"
    yaml_names = set(read_params_file(defaults_file))
    assert NOTEBOOK_KEY not in yaml_names, f"params/{stem}.yaml is the defaults file; it needs no '{NOTEBOOK_KEY}:' key"
    assert cell == fields, f"{path.name} parameters cell: missing {sorted(fields - cell)}, not in the model {sorted(cell - fields)}"
    assert yaml_names == fields, (f"params/{stem}.yaml: missing {sorted(fields - yaml_names)}, "
                                  f"not in the model {sorted(yaml_names - fields)}")
    old = set(model.deprecated_aliases)
    assert not old & (fields | cell | yaml_names), f"deprecated names still declared: {sorted(old & (fields | cell | yaml_names))}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cell_types_and_defaults_are_the_models(path: Path) -> None:
    stem = path.stem
    fields = params_model(stem).model_fields
    defaults = _model_defaults(stem)
    for name, (annotation, value) in parameters_cell(path).items():
        assert annotation is not None, f"{path.name}: declare {name} with a type annotation in the parameters cell"
        assert _norm(annotation) == _norm(_type_text(fields[name].annotation)), (
            f"{path.name}: {name} is `{annotation}` in the cell, `{_type_text(fields[name].annotation)}` in the model"
        )
        assert value == defaults[name], f"{path.name}: {name} = {value!r} in the cell, {defaults[name]!r} in the model"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_yaml_defaults_are_the_models(path: Path) -> None:
    stem = path.stem
    defaults = _model_defaults(stem)
    for name, value in read_params_file(PARAMS_DIR / f"{stem}.yaml").items():
        assert value == defaults.get(name), f"params/{stem}.yaml: {name} = {value!r}, the model says {defaults.get(name)!r}"
    load_params(stem)  # and the defaults pass their own model (files exist, cross-field rules hold)


def test_every_defaults_file_and_model_has_a_notebook() -> None:
    stems = set(IDS)
    orphans = [p.name for p in PARAMS_DIR.glob("*.yaml") if p.stem not in stems]
    assert not orphans, f"params files without a notebook: {orphans}"
    models = [p.stem.removeprefix("nb") for p in (PACKAGE_DIR / "params").glob("nb*.py")]
    assert models, "no parameter models found"
    assert not [m for m in models if m not in stems], "parameter models without a notebook"


#: Library defaults that a notebook parameter stands for: (notebook, parameter, function, argument).
#: A library default that differs from the model's makes a script or a bench calling the function
#: with its defaults compute something else than the notebook does.
LIBRARY_DEFAULTS: list[tuple[str, str, Callable[..., typing.Any], str]] = [
    ("01_listening_analysis", f"spike_{arg}", fn, arg)
    for fn in (listening.spike_scan, listening.detect_spikes, listening.detect_spikes_by)
    for arg in ("window", "sensitivity", "min_periods", "min_excess", "dispersion")
    if arg in inspect.signature(fn).parameters
]


@pytest.mark.parametrize(("stem", "param", "fn", "arg"), LIBRARY_DEFAULTS,
                         ids=[f"{fn.__name__}:{arg}" for _, _, fn, arg in LIBRARY_DEFAULTS])
def test_library_defaults_are_the_models(stem: str, param: str, fn: Callable[..., typing.Any], arg: str) -> None:
    library = inspect.signature(fn).parameters[arg].default
    model = _model_defaults(stem)[param]
    assert library == model, f"{fn.__module__}.{fn.__name__}({arg}={library!r}) but {stem}'s model says {param} = {model!r}"
