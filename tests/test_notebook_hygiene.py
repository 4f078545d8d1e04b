"""Committed notebooks are clean, and each notebook's parameters cell, defaults file and model agree."""

from __future__ import annotations

import ast
import json
import types
import typing
from pathlib import Path

import pytest
import yaml

from scrm_lib.core.config import NOTEBOOKS_DIR, PARAMS_DIR, PROJECT_ROOT
from scrm_lib.params import NOTEBOOK_KEY, load_params, parameters_cell, params_model
from scrm_lib.run import nbstrip

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_notebook_is_stripped(path: Path) -> None:
    expected = nbstrip.notebook_text(nbstrip.strip_notebook(nbstrip.read_notebook(path)))
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.name} carries outputs, counts or metadata that must not be committed: "
        f"run `scrm notebooks strip {path.relative_to(PROJECT_ROOT)}` "
        f"(or `scrm notebooks refresh {path.stem}` to update its checked outputs)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_outputs_images_widgets_or_papermill_metadata(path: Path) -> None:
    nb = _raw(path)
    meta = nb.get("metadata", {})
    assert "widgets" not in meta, "widget state is committed"
    assert "papermill" not in meta, "papermill metadata is committed"
    for i, cell in enumerate(nb["cells"], start=1):
        cmeta = cell.get("metadata", {})
        assert not {"papermill", "execution"} & set(cmeta), f"cell {i}: papermill/execution metadata"
        assert "injected-parameters" not in cmeta.get("tags", []), f"cell {i}: papermill's injected cell"
        outputs = cell.get("outputs", [])
        if outputs:
            assert nbstrip.is_checked_cell(cell), f"cell {i} has outputs but is not a # NBVAL_CHECK_OUTPUT cell"
        for out in outputs:
            assert not any(k.startswith("image/") for k in out.get("data", {})), f"cell {i}: image output"
            assert out.get("output_type") != "error", f"cell {i}: error output"
        size = sum(len(json.dumps(o)) for o in outputs)
        assert size < 5_000, f"cell {i}: checked output of {size} characters; keep checked outputs small"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_follows_the_pattern(path: Path) -> None:
    nb = _raw(path)
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# "), (
        "the first cell is a markdown title saying what the notebook answers and for whom"
    )
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    after = "".join(cells[tagged[0] + 1]["source"])
    assert f'notebook_params("{path.stem}", globals())' in after, (
        "the cell after the parameters cell validates them: "
        f'P = notebook_params("{path.stem}", globals())'
    )
    assert any(nbstrip.is_checked_cell(c) for c in cells) or path.stem != "00_quickstart"


def _type_text(annotation: typing.Any) -> str:
    """A model field's type written as in a parameters cell (``str | None``, ``list[str]``)."""
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return annotation.__name__
    return repr(annotation).replace("typing.", "").replace("NoneType", "None")


def _norm(text: str) -> str:
    tree = ast.parse(text, mode="eval").body
    text = ast.unparse(tree)
    if text.startswith("Optional[") and text.endswith("]"):
        text = f"{text[9:-1]} | None"
    return text.replace('"', "'")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parameters_cell_yaml_and_model_agree(path: Path) -> None:
    stem = path.stem
    cell = parameters_cell(path)
    defaults_file = PARAMS_DIR / f"{stem}.yaml"
    assert defaults_file.is_file(), f"missing defaults file params/{stem}.yaml"
    defaults = yaml.safe_load(defaults_file.read_text(encoding="utf-8")) or {}
    assert NOTEBOOK_KEY not in defaults, f"params/{stem}.yaml is the defaults file; it needs no '{NOTEBOOK_KEY}:' key"
    model = params_model(stem)
    fields = model.model_fields

    assert set(cell) == set(defaults) == set(fields), (
        f"names differ: cell {sorted(cell)}, params/{stem}.yaml {sorted(defaults)}, model {sorted(fields)}"
    )
    validated = load_params(stem).to_papermill()  # the defaults pass their own model (files exist)
    for name, (annotation, value) in cell.items():
        assert annotation is not None, f"{name}: declare it with a type annotation in the parameters cell"
        assert value == validated[name], f"{name}: cell default {value!r} != params/{stem}.yaml {validated[name]!r}"
        model_default = fields[name].default
        assert model_default == value, f"{name}: model default {model_default!r} != cell default {value!r}"
        assert _norm(annotation) == _norm(_type_text(fields[name].annotation)), (
            f"{name}: cell says `{annotation}`, model says `{_type_text(fields[name].annotation)}`"
        )


def test_every_defaults_file_and_model_has_a_notebook() -> None:
    stems = set(IDS)
    orphans = [p.name for p in PARAMS_DIR.glob("*.yaml") if p.stem not in stems]
    assert not orphans, f"params files without a notebook: {orphans}"
    models = [p.stem.removeprefix("nb") for p in (PROJECT_ROOT / "scrm_lib" / "nbparams").glob("nb*.py")]
    assert not [m for m in models if m not in stems], "parameter models without a notebook"


def test_strip_is_idempotent_and_keeps_checked_text() -> None:
    nb = {
        "cells": [
            {"cell_type": "code", "id": "a", "execution_count": 3, "metadata": {"tags": ["parameters"],
             "papermill": {"duration": 1}, "execution": {}}, "source": "x: int = 1",
             "outputs": [{"output_type": "stream", "name": "stdout", "text": "noise"}]},
            {"cell_type": "code", "id": "b", "execution_count": 7, "metadata": {"tags": []},
             "source": "# NBVAL_CHECK_OUTPUT\nprint(1)",
             "outputs": [{"output_type": "stream", "name": "stdout", "text": "1\n"},
                         {"output_type": "display_data", "metadata": {"x": 1},
                          "data": {"image/png": "AAAA", "text/plain": "<Figure>"}}]},
            {"cell_type": "code", "id": "c", "execution_count": 8, "metadata": {"tags": ["injected-parameters"]},
             "source": "x = 2", "outputs": []},
            {"cell_type": "markdown", "id": "d", "metadata": {}, "source": "text"},
        ],
        "metadata": {"widgets": {"state": {}}, "papermill": {}, "kernelspec": {"name": "python3"},
                     "language_info": {"name": "python", "version": "3.11.7"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    once = nbstrip.strip_notebook(nb)
    assert nbstrip.strip_notebook(once) == once
    a, b, d = once["cells"]
    assert a["outputs"] == [] and a["execution_count"] is None and a["metadata"] == {"tags": ["parameters"]}
    assert b["execution_count"] == 2 and b["metadata"] == {}
    assert b["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "1\n"},
                            {"output_type": "display_data", "data": {"text/plain": "<Figure>"}, "metadata": {}}]
    assert d["cell_type"] == "markdown"
    assert once["metadata"] == {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}}


def test_merge_checked_outputs_takes_outputs_by_cell_id() -> None:
    src = {"cells": [{"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "source": "x: int = 1",
                      "outputs": [], "execution_count": None},
                     {"cell_type": "code", "id": "k", "metadata": {}, "source": "# NBVAL_CHECK_OUTPUT\nprint(x)",
                      "outputs": [], "execution_count": None}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    executed = {"cells": [src["cells"][0] | {"outputs": [{"output_type": "stream", "name": "stdout", "text": "?"}]},
                          {"cell_type": "code", "id": "inj", "metadata": {"tags": ["injected-parameters"]},
                           "source": "x = 1", "outputs": []},
                          src["cells"][1] | {"outputs": [{"output_type": "stream", "name": "stdout", "text": "1\n"}],
                                             "execution_count": 9}]}
    merged = nbstrip.merge_checked_outputs(src, executed)
    assert [c["id"] for c in merged["cells"]] == ["p", "k"]
    assert merged["cells"][0]["outputs"] == []
    assert merged["cells"][1]["outputs"][0]["text"] == "1\n" and merged["cells"][1]["execution_count"] == 2
    assert merged["cells"][1]["source"] == "# NBVAL_CHECK_OUTPUT\nprint(x)"
