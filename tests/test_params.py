"""Notebook parameters: defaults + params file + overrides, validated with every problem listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrm_lib.core.config import PROJECT_ROOT
from scrm_lib.core.errors import ParamsError
from scrm_lib.params import load_params, notebook_of, read_params_file

STEM = "00_quickstart"


def _write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_validate_and_resolve_from_root() -> None:
    p = load_params(STEM)
    assert p.mentions_path == "data/samples/mentions.csv"
    assert p.path("mentions_path") == PROJECT_ROOT / "data" / "samples" / "mentions.csv"


def test_params_file_overrides_defaults(tmp_path: Path) -> None:
    f = _write(tmp_path, f"notebook: {STEM}\ndate_from: 2026-03-01\ndate_to: '2026-03-31'\n")
    p = load_params(STEM, f)
    # YAML reads an unquoted date as a date; parameters keep ISO strings either way
    assert (p.date_from, p.date_to) == ("2026-03-01", "2026-03-31")
    assert p.mentions_path == "data/samples/mentions.csv"  # untouched default
    assert notebook_of(f) == STEM


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    f = _write(tmp_path, "mentions_pth: data/samples/mentions.csv\n")
    with pytest.raises(ParamsError) as info:
        load_params(STEM, f)
    assert any("mentions_pth: unknown parameter" in p for p in info.value.problems)
    assert str(f.name) in info.value.source


def test_wrong_type_is_an_error(tmp_path: Path) -> None:
    f = _write(tmp_path, "data_note: 5\n")
    with pytest.raises(ParamsError) as info:
        load_params(STEM, f)
    (problem,) = info.value.problems
    assert problem.startswith("data_note:") and "string" in problem and "got 5" in problem


def test_bad_date_is_an_error(tmp_path: Path) -> None:
    f = _write(tmp_path, "date_from: 31/01/2026\n")
    with pytest.raises(ParamsError, match="expected an ISO date"):
        load_params(STEM, f)


def test_missing_input_file_is_an_error(tmp_path: Path) -> None:
    f = _write(tmp_path, "mentions_path: data/samples/no_such_file.csv\n")
    with pytest.raises(ParamsError) as info:
        load_params(STEM, f)
    (problem,) = info.value.problems
    assert "file not found" in problem and "no_such_file.csv" in problem
    assert str(PROJECT_ROOT) in problem  # says where it looked


def test_missing_params_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ParamsError, match="params file not found"):
        load_params(STEM, tmp_path / "absent.yaml")


def test_bad_yaml_names_line_and_column(tmp_path: Path) -> None:
    f = _write(tmp_path, "date_from: 2026-03-01\nmentions_path: [unclosed\n")
    with pytest.raises(ParamsError) as info:
        read_params_file(f)
    (problem,) = info.value.problems
    assert "not valid YAML" in problem and problem.startswith("line ")


def test_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    f = _write(tmp_path, "- a\n- b\n")
    with pytest.raises(ParamsError, match="expected a mapping"):
        load_params(STEM, f)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    f = _write(tmp_path, "bogus: 1\ndata_note: 5\nmentions_path: nope.csv\ndate_to: soon\n")
    with pytest.raises(ParamsError) as info:
        load_params(STEM, f)
    problems = info.value.problems
    assert len(problems) == 4, problems
    text = str(info.value)
    for name in ("bogus", "data_note", "mentions_path", "date_to"):
        assert f"- {name}:" in text
    assert "4 problems" in text


def test_file_for_another_notebook_is_rejected(tmp_path: Path) -> None:
    f = _write(tmp_path, "notebook: 01_listening_analysis\n")
    with pytest.raises(ParamsError, match="is for '01_listening_analysis', not '00_quickstart'"):
        load_params(STEM, f)


def test_paths_resolve_from_project_root_in_another_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a params file given relative to the project root, read while the cwd is elsewhere
    rel = Path("params") / f"{STEM}.yaml"
    monkeypatch.chdir(tmp_path)
    assert not (tmp_path / "data").exists()
    p = load_params(STEM, rel)
    assert p.path("mentions_path").is_file()
    assert p.path("mentions_path").is_relative_to(PROJECT_ROOT)


def test_overrides_apply_last_and_are_validated() -> None:
    assert load_params(STEM, overrides={"date_from": "2026-04-01"}).date_from == "2026-04-01"
    with pytest.raises(ParamsError, match="date_from"):
        load_params(STEM, overrides={"date_from": 20260401})
