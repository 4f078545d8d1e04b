"""Notebook 02_perception_gaps: parameters agree everywhere; it runs on the sample and the class template."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from scrm_lib.config import PROJECT_ROOT
from scrm_lib.params import load_params, parameters_cell, params_model

STEM = "02_perception_gaps"
NB = PROJECT_ROOT / "notebooks" / f"{STEM}.ipynb"


def test_parameters_cell_yaml_and_model_agree():
    cell = parameters_cell(NB)
    defaults = yaml.safe_load((PROJECT_ROOT / "params" / f"{STEM}.yaml").read_text())
    model = params_model(STEM)
    assert set(cell) == set(defaults) == set(model.model_fields)
    for name, (annotation, value) in cell.items():
        assert annotation is not None, f"{name} has no type annotation"
        assert value == defaults[name] == model.model_fields[name].default, name
    load_params(STEM)
    load_params(STEM, PROJECT_ROOT / "params" / "perception" / "class_survey.yaml")


def test_committed_notebook_has_only_checked_outputs():
    nb = json.loads(NB.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        if not src.startswith("# NBVAL_CHECK_OUTPUT"):
            assert cell["outputs"] == [], src[:60]
        assert all(o["output_type"] == "stream" for o in cell["outputs"])
        assert "papermill" not in cell["metadata"] and "execution" not in cell["metadata"]
    assert "papermill" not in nb["metadata"]


def test_bad_params_are_listed_together():
    from scrm_lib.errors import ParamsError

    with pytest.raises(ParamsError) as e:
        load_params(STEM, overrides={"correction": "bonferroni", "top_k": 0, "group_b": "consumer", "colour": 1})
    text = str(e.value)
    assert "correction" in text and "top_k" in text and "colour" in text


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize("params_file", [None, "params/perception/class_survey.yaml"])
def test_notebook_runs_and_labels_its_data(tmp_path, params_file):
    import papermill as pm

    params = load_params(STEM, params_file).to_papermill()
    out = tmp_path / "out.ipynb"
    env = dict(os.environ, SCRM_HEADLESS="1")
    old = os.environ.copy()
    os.environ.update(env)
    try:
        pm.execute_notebook(str(NB), str(out), parameters=params, cwd=str(PROJECT_ROOT / "notebooks"),
                            kernel_name="python3", progress_bar=False)
    finally:
        os.environ.clear()
        os.environ.update(old)
    nb = json.loads(Path(out).read_text())
    text = "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/markdown", ""))
        + "".join(o.get("data", {}).get("text/html", ""))
        for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]
    )
    n_images = sum("image/png" in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])
    if params_file is None:
        assert "SYNTHETIC respondents" in text and "**Synthetic sample**" in text
        assert "**Published figures (IBM Institute for Business Value, 2011):**" in text
        assert "synthetic figures]" in text and "published figures]" in text
        assert n_images >= 6  # dumbbell, slope, Likert, participation, 2 segment plots
    else:
        assert "made-up EXAMPLE" in text and "**Example data**" in text
        assert "Published figures" not in text
        assert n_images >= 4
