"""Parameters from one source: each notebook's pydantic model (``scrm_lib/params/nbNN_name.py``) is
the definition of its parameters' names, types and defaults; the notebook's papermill parameters
cell, its defaults file ``params/NN_name.yaml`` and the library defaults a notebook relies on must
not drift from it (scrm_lib.params.drift; docs/architecture.md, Parameters).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrm_lib import cli
from scrm_lib.core.config import NOTEBOOKS_DIR, PACKAGE_DIR, PARAMS_DIR
from scrm_lib.params import load_params
from scrm_lib.params.drift import LIBRARY_DEFAULTS, model_defaults, parameter_drift

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("stem", IDS)
def test_cell_yaml_and_library_defaults_are_the_models(stem: str) -> None:
    assert parameter_drift(stem) == []
    load_params(stem)  # and the defaults pass their own model (files exist, cross-field rules hold)


def test_every_defaults_file_and_model_has_a_notebook() -> None:
    stems = set(IDS)
    orphans = [p.name for p in PARAMS_DIR.glob("*.yaml") if p.stem not in stems]
    assert not orphans, f"params files without a notebook: {orphans}"
    models = [p.stem.removeprefix("nb") for p in (PACKAGE_DIR / "params").glob("nb*.py")]
    assert models, "no parameter models found"
    assert not [m for m in models if m not in stems], "parameter models without a notebook"


def test_the_spike_defaults_are_checked() -> None:
    checked = {(p, fn.__name__) for stem, p, fn, _ in LIBRARY_DEFAULTS if stem == "01_listening_analysis"}
    assert ("spike_min_periods", "detect_spikes_by") in checked and ("spike_window", "spike_scan") in checked


STEM = "00_quickstart"


def _drifted_copy(tmp_path: Path, cell_edit: tuple[str, str] | None = None, yaml_edit: tuple[str, str] | None = None
                  ) -> tuple[Path, Path]:
    nb = json.loads((NOTEBOOKS_DIR / f"{STEM}.ipynb").read_text(encoding="utf-8"))
    for c in nb["cells"]:
        if "parameters" in c.get("metadata", {}).get("tags", []) and cell_edit:
            c["source"] = "".join(c["source"]).replace(*cell_edit)
    nb_path = tmp_path / f"{STEM}.ipynb"
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    text = (PARAMS_DIR / f"{STEM}.yaml").read_text(encoding="utf-8")
    yaml_path = tmp_path / f"{STEM}.yaml"
    yaml_path.write_text(text.replace(*yaml_edit) if yaml_edit else text, encoding="utf-8")
    return nb_path, yaml_path


@pytest.mark.parametrize(("cell_edit", "yaml_edit", "needle"), [
    (("show_solutions: bool = False", "show_solutions: bool = True"), None,
     "show_solutions = True in the parameters cell, False in the model"),
    (("show_solutions: bool = False", "show_solutions: int = 0"), None,
     "show_solutions is `int` in the parameters cell, `bool` in the model"),
    (("show_solutions: bool = False", "show_answers: bool = False"), None,
     "show_solutions is missing (the model declares it)"),
    (("show_solutions: bool = False", "show_solutions = False"), None, "show_solutions has no type annotation"),
    (None, ("show_solutions: false", "show_solutions: true"), "show_solutions = True, False in the model"),
    (None, ("show_solutions: false", "show_solutionz: false"), "show_solutionz is not a parameter of the model"),
])
def test_drift_is_named(tmp_path: Path, cell_edit: tuple[str, str] | None, yaml_edit: tuple[str, str] | None,
                        needle: str) -> None:
    nb_path, yaml_path = _drifted_copy(tmp_path, cell_edit, yaml_edit)
    problems = parameter_drift(STEM, nb_path, yaml_path)
    assert any(needle in p for p in problems), problems


def test_renamed_parameter_left_in_a_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scrm_lib.params.nb00_quickstart import Params

    monkeypatch.setattr(Params, "deprecated_aliases", {"note": "data_note"})
    nb_path, yaml_path = _drifted_copy(tmp_path, None, ("data_note:", "note:"))
    problems = parameter_drift(STEM, nb_path, yaml_path)
    assert any("note is not a parameter of the model; it was renamed to data_note" in p for p in problems), problems


def test_library_default_drift_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrm_lib.params import drift

    def spikes(window: int = 28, min_periods: int = 7) -> None: ...

    monkeypatch.setattr(drift, "LIBRARY_DEFAULTS", [("01_listening_analysis", "spike_min_periods", spikes, "min_periods")])
    assert model_defaults("01_listening_analysis")["spike_min_periods"] == 14
    (problem,) = parameter_drift("01_listening_analysis")
    assert "spikes: min_periods=7 by default, spike_min_periods = 14 in the model" in problem


def test_scrm_notebooks_params(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["notebooks", "params"]) == 0
    assert "agree" in capsys.readouterr().out
    assert cli.main(["notebooks", "params", "quickstart"]) == 0
