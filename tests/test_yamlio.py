"""The one YAML loader (scrm_lib.core.yamlio): every file names its line, column and problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from scrm_lib.core.errors import ParamsError
from scrm_lib.core.yamlio import (
    format_validation_error,
    load_yaml,
    read_yaml_file,
    read_yaml_model,
    yaml_error_text,
)


class _Thing(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str
    size: int = 1


def test_load_yaml_keeps_safe_loader_results() -> None:
    assert load_yaml("a: 2024-01-31\nb: yes\n") == yaml.safe_load("a: 2024-01-31\nb: yes\n")


def test_impossible_date_is_a_yaml_error_with_a_place() -> None:
    with pytest.raises(yaml.YAMLError) as info:
        load_yaml("x: 1\nas_of: 2024-02-30\n")
    assert yaml_error_text(info.value).startswith("line 2, column 8: '2024-02-30' is not a real date")


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system [echo hi]\n")


def test_read_yaml_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ParamsError, match="widget file not found") as info:
        read_yaml_file(tmp_path / "absent.yaml", "widget file")
    assert info.value.source.endswith("absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\nb: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        read_yaml_file(bad)
    (problem,) = info.value.problems
    assert problem.startswith("line ") and ", column " in problem and "not valid YAML" in problem
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ParamsError, match="not UTF-8 text"):
        read_yaml_file(latin)


def test_read_yaml_file_accepts_a_bom_and_empty_files(tmp_path: Path) -> None:
    f = tmp_path / "bom.yaml"
    f.write_text("\ufeffa: 1\n", encoding="utf-8")
    assert read_yaml_file(f) == {"a": 1}
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert read_yaml_file(tmp_path / "empty.yaml") is None


def test_read_yaml_model_lists_every_problem_with_its_location(tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    f.write_text("size: '3'\nbogus: 1\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        read_yaml_model(f, _Thing, "thing file")
    assert sorted(info.value.problems) == [
        "bogus: unknown parameter (got 1)",
        "name: required parameter is missing",
        'size: Input should be a valid integer (got "3")',
    ]
    f.write_text("name: x\n", encoding="utf-8")
    assert read_yaml_model(f, _Thing) == _Thing(name="x")


def test_format_validation_error_drops_value_error_prefix() -> None:
    class V(BaseModel):
        n: int

        @field_validator("n")
        @classmethod
        def _pos(cls, v: int) -> int:
            if v < 0:
                raise ValueError("must be >= 0")
            return v

    with pytest.raises(ValidationError) as info:
        V.model_validate({"n": -1})
    assert format_validation_error(info.value) == ["n: must be >= 0 (got -1)"]
