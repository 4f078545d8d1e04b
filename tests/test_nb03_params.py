"""Notebook 03: the parameters cell, the defaults YAML and the model agree; profiles validate."""

from __future__ import annotations

import pytest

from scrm_lib.core.errors import ParamsError
from scrm_lib.params import load_params, parameters_cell, read_params_file

STEM = "03_use_case_prioritization"


def test_cell_yaml_and_model_agree(project_root):
    cell = parameters_cell(project_root / "notebooks" / f"{STEM}.ipynb")
    yaml_values = read_params_file(project_root / "params" / f"{STEM}.yaml")
    model = load_params(STEM)
    assert set(cell) == set(yaml_values) == set(type(model).model_fields)
    for name, (annotation, value) in cell.items():
        assert annotation is not None, f"{name} has no type annotation"
        assert value == yaml_values[name] == getattr(model, name), name


@pytest.mark.parametrize("profile", ["regional_bank_initial", "telecom_defined", "retailer_managed"])
def test_profiles_validate(project_root, profile):
    p = load_params(STEM, project_root / "params" / "usecases" / f"{profile}.yaml")
    assert "illustrative" in p.organisation


def test_bad_parameters_are_all_listed():
    with pytest.raises(ParamsError) as info:
        load_params(STEM, overrides={"goals": ["world_peace"], "maturity_cut": 6, "answers": {"foo": "yes"},
                                     "weight_demand": 0, "weight_maturity": 0, "weight_fit": 0, "colour": "red"})
    msg = str(info.value)
    for part in ["goals", "world_peace", "maturity_cut", "answers", "foo", "colour: unknown parameter"]:
        assert part in msg, msg


def test_yaml_booleans_are_read_as_answers():
    p = load_params(STEM, overrides={"answers": {"listening": True, "response_time": False}})
    assert p.answers == {"listening": "yes", "response_time": "no"}


def test_all_zero_weights_rejected():
    with pytest.raises(ParamsError, match="at least one"):
        load_params(STEM, overrides={"weight_demand": 0, "weight_maturity": 0, "weight_fit": 0})


def test_bad_answer_values_and_stage_are_rejected():
    with pytest.raises(ParamsError) as info:
        load_params(STEM, overrides={"answers": {"listening": "maybe"}, "maturity_stage": "expert", "demand_cut": 9.0})
    msg = str(info.value)
    assert "maybe" in msg and "expert" in msg and "demand_cut" in msg
    p = load_params(STEM, overrides={"answers": {"listening": " Yes"}, "maturity_stage": "managed"})
    assert p.answers == {"listening": "yes"} and p.maturity_stage == "managed"
