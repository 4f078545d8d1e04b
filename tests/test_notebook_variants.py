"""Every variant params file (``params/<area>/*.yaml``) runs its notebook through `scrm run`.

A variant that reads the shared real data sets (``{external}/...``) is skipped, with the
missing path as the reason, when those files are absent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scrm_lib.config import EXTERNAL_DATA_DIR, PARAMS_DIR, PROJECT_ROOT, resolve_path

VARIANTS = sorted(PARAMS_DIR.glob("*/*.yaml"))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def missing_external(params_file: Path) -> list[str]:
    """The ``{external}/...`` paths a params file names that do not exist here."""
    data = yaml.safe_load(params_file.read_text(encoding="utf-8")) or {}
    return [s for s in _strings(data) if "{external}" in s and not resolve_path(s).exists()]


def test_missing_external_detects_absent_files(tmp_path: Path) -> None:
    f = tmp_path / "v.yaml"
    f.write_text("notebook: 00_quickstart\nmentions_path: '{external}/no/such/file.csv'\nx: [a, '{root}/b']\n",
                 encoding="utf-8")
    assert missing_external(f) == ["{external}/no/such/file.csv"]


_params = [pytest.param(p, id=p.relative_to(PARAMS_DIR).as_posix()) for p in VARIANTS] or [
    pytest.param(None, marks=pytest.mark.skip(reason="no variant params files (params/<area>/*.yaml) yet"))
]


@pytest.mark.notebook
@pytest.mark.parametrize("params_file", _params)
def test_variant_runs_through_scrm_run(params_file: Path, tmp_path: Path) -> None:
    missing = missing_external(params_file)
    if missing:
        pytest.skip(f"external data absent: {', '.join(missing)} (looked in {EXTERNAL_DATA_DIR}; "
                    "set SCRM_EXTERNAL_DATA to run this variant)")
    out = tmp_path / "runs"
    proc = subprocess.run(
        [sys.executable, "-m", "scrm_lib.cli", "run", "--params", str(params_file), "--out", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1800, check=False,
        env={**os.environ, "SCRM_HEADLESS": "1"},
    )
    assert proc.returncode == 0, f"{params_file.name}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    for nb in manifest["notebooks"]:
        assert (out / "latest" / nb["html"]).is_file()
