"""Parameters from one source: where a notebook's parameters cell, its defaults file or a library
default has drifted from the notebook's pydantic model.

The model (``scrm_lib/params/nbNN_name.py``) defines every parameter's name, type and default.
The papermill parameters cell and ``params/NN_name.yaml`` repeat them (papermill needs the cell,
people copy the commented YAML), so they are checked against it: :func:`parameter_drift` lists
every difference, ``scrm notebooks params`` prints them (exit 1), and
``tests/test_params_drift.py`` fails on any.
"""

from __future__ import annotations

import ast
import inspect
import json
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrm_lib.core.config import NOTEBOOKS_DIR, PARAMS_DIR, relative_to_root
from scrm_lib.core.errors import ScrmError
from scrm_lib.metrics import spikes
from scrm_lib.params import NOTEBOOK_KEY, parameters_cell, params_model, read_params_file

#: Library defaults that a notebook parameter stands for: ``(notebook, parameter, function,
#: argument)``. A library default that differs from the model's makes a script or a benchmark
#: calling the function with its defaults compute something else than the notebook does.
LIBRARY_DEFAULTS: list[tuple[str, str, Callable[..., Any], str]] = [
    ("01_listening_analysis", f"spike_{arg}", fn, arg)
    for fn in (spikes.spike_scan, spikes.detect_spikes, spikes.detect_spikes_by)
    for arg in ("window", "sensitivity", "min_periods", "min_excess", "dispersion")
    if arg in inspect.signature(fn).parameters
]


def type_text(annotation: Any) -> str:
    """A model field's type written as in a parameters cell (``str | None``, ``list[str]``).

    >>> type_text(int), type_text(list[str]), type_text(str | None)
    ('int', 'list[str]', 'str | None')
    """
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return annotation.__name__
    return repr(annotation).replace("typing.", "").replace("NoneType", "None")


def _norm(text: str) -> str:
    text = ast.unparse(ast.parse(text, mode="eval").body)
    if text.startswith("Optional[") and text.endswith("]"):
        text = f"{text[9:-1]} | None"
    return text.replace('"', "'")


def model_defaults(stem: str) -> dict[str, Any]:
    """The defaults of notebook ``stem``'s model as papermill injects them (JSON values)."""
    fields = params_model(stem).model_fields
    return {name: json.loads(json.dumps(f.default, default=str)) for name, f in fields.items()}


def parameter_drift(stem: str, notebook: str | Path | None = None,
                    defaults_file: str | Path | None = None) -> list[str]:
    """Every way notebook ``stem``'s parameters cell, defaults file and library defaults differ
    from its model, one readable line each (``[]`` when they agree).

    Args:
        stem: the notebook (``01_listening_analysis``).
        notebook: the notebook file (default ``notebooks/<stem>.ipynb``).
        defaults_file: its defaults (default ``params/<stem>.yaml``).
    """
    model = params_model(stem)
    fields = model.model_fields
    defaults = model_defaults(stem)
    nb_path = Path(notebook) if notebook else NOTEBOOKS_DIR / f"{stem}.ipynb"
    yaml_path = Path(defaults_file) if defaults_file else PARAMS_DIR / f"{stem}.yaml"
    nb_name, yaml_name = nb_path.name, relative_to_root(yaml_path)
    problems: list[str] = []
    try:
        cell = parameters_cell(nb_path)
    except (ScrmError, OSError, ValueError, SyntaxError) as exc:
        cell = {}
        problems.append(f"{nb_name}: cannot read its parameters cell ({exc})")
    try:
        in_yaml = read_params_file(yaml_path)
    except ScrmError as exc:
        in_yaml = {}
        problems.append(f"{yaml_name}: {exc}")
    if NOTEBOOK_KEY in in_yaml:
        problems.append(f"{yaml_name}: the defaults file needs no '{NOTEBOOK_KEY}:' key")
        in_yaml.pop(NOTEBOOK_KEY)
    for where, names in ((f"{nb_name} parameters cell", set(cell)), (yaml_name, set(in_yaml))):
        for name in sorted(set(fields) - names):
            problems.append(f"{where}: {name} is missing (the model declares it)")
        for name in sorted(names - set(fields)):
            renamed = model.deprecated_aliases.get(name)
            hint = f"; it was renamed to {renamed}" if renamed else ""
            problems.append(f"{where}: {name} is not a parameter of the model{hint}")
    for name, (annotation, value) in cell.items():
        if name not in fields:
            continue
        model_type = type_text(fields[name].annotation)
        if annotation is None:
            problems.append(f"{nb_name}: {name} has no type annotation (the model says {model_type})")
        elif _norm(annotation) != _norm(model_type):
            problems.append(f"{nb_name}: {name} is `{annotation}` in the parameters cell, `{model_type}` in the model")
        if value != defaults[name]:
            problems.append(f"{nb_name}: {name} = {value!r} in the parameters cell, {defaults[name]!r} in the model")
    for name, value in in_yaml.items():
        if name in fields and value != defaults[name]:
            problems.append(f"{yaml_name}: {name} = {value!r}, {defaults[name]!r} in the model")
    for old, new in model.deprecated_aliases.items():
        if old in fields or new not in fields:
            problems.append(f"{stem} model: deprecated name {old} must not be a field and must point at one ({new})")
    for lib_stem, param, fn, arg in LIBRARY_DEFAULTS:
        if lib_stem == stem and param in defaults:
            lib = inspect.signature(fn).parameters[arg].default
            if lib != defaults[param]:
                problems.append(f"{fn.__module__}.{fn.__name__}: {arg}={lib!r} by default, "
                                f"{param} = {defaults[param]!r} in the model")
    return problems


__all__ = ["LIBRARY_DEFAULTS", "model_defaults", "parameter_drift", "type_text"]
