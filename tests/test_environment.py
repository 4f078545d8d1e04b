"""environment.yml (conda users) and pyproject.toml (pip/make users) must list the same packages."""

from __future__ import annotations

import re
import tomllib

import yaml

from scrm_lib.core.config import PROJECT_ROOT

_NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)")


def _norm(spec: str) -> str:
    m = _NAME.match(spec)
    assert m, f"cannot read a package name from {spec!r}"
    return re.sub(r"[-_.]+", "-", m.group(1)).lower()


def _pyproject_packages() -> set[str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = list(data["project"]["dependencies"])
    for extra in data["project"].get("optional-dependencies", {}).values():
        specs += extra
    return {_norm(s) for s in specs}


def _environment_packages() -> set[str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    names = set()
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            names.add(_norm(dep))
    return names - {"python", "pip"}


def test_environment_yml_matches_pyproject() -> None:
    py, conda = _pyproject_packages(), _environment_packages()
    assert not py - conda, f"in pyproject.toml but not environment.yml: {sorted(py - conda)}"
    assert not conda - py, f"in environment.yml but not pyproject.toml: {sorted(conda - py)}"


def test_every_environment_line_says_why() -> None:
    """handson-ml3 style: each package line carries a comment saying why it is there."""
    for line in (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("- ") and not stripped.startswith("- pip:"):
            assert "#" in stripped, f"environment.yml line without a reason: {line!r}"


def test_environment_installs_project_editable() -> None:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_sections and "-e ." in pip_sections[0]


def test_constraints_pin_every_dependency() -> None:
    """constraints.txt pins what `make` installs, so runs are reproducible across machines."""
    pins = {
        _norm(line) for line in (PROJECT_ROOT / "constraints.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    missing = _pyproject_packages() - pins
    assert not missing, f"not pinned in constraints.txt: {sorted(missing)}"
