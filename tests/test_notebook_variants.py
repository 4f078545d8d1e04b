"""Every variant params file (``params/<area>/*.yaml``) runs its notebook through `scrm run`;
a variant in privacy mode must show no raw author id, handle or post id of its input in any report.

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

from scrm_lib.core.config import EXTERNAL_DATA_DIR, PARAMS_DIR, PROJECT_ROOT, resolve_path

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
    # privacy mode on real data: no raw author id, handle or post id in any report (issue 17)
    check_privacy(params_file, out / "latest")


# --------------------------------------------------------------------------- privacy on real data
def raw_identifiers(params_file: Path) -> dict[str, set[str]]:
    """Every raw author id, ``@handle`` and post id of the input a privacy-mode variant reads,
    except the brand accounts it keeps readable (``is_brand`` authors and its public list).

    Post ids shorter than 6 characters (TWCS numbers them 1, 2, …) are left out: they cannot be
    told apart from any other number in a report."""
    from scrm_lib.metrics import listening as L
    from scrm_lib.params import load_params, notebook_of

    stem = runner_stem(params_file)
    params = load_params(stem, params_file)
    # 01 says data_format; 06 and 07 say mentions_format (07 spells airline "airline_tweets")
    fmt = getattr(params, "data_format", None) or {"airline_tweets": "airline"}.get(params.mentions_format,
                                                                                 params.mentions_format)
    raw = L.load_sources([params.path("mentions_path")], fmt)
    keep = L.brand_handles(raw, getattr(params, "public_handles", []))
    people = raw.loc[~raw["is_brand"].fillna(False).astype(bool)]
    authors = {a for a in people["author_id"].astype(str) if a.lower() not in keep}
    handles = {h for t in raw["text"].dropna().astype(str) for h in L.HANDLE_RE.findall(t) if h.lower() not in keep}
    post_ids = {p for p in raw["post_id"].astype(str) if len(p) >= 6}
    assert notebook_of(params_file)
    return {"author": authors, "handle": handles, "post id": post_ids}


def runner_stem(params_file: Path) -> str:
    from scrm_lib.params import notebook_of
    from scrm_lib.run.runner import resolve_notebook

    return resolve_notebook(notebook_of(params_file) or "").stem


def leaks(page: str, ids: dict[str, set[str]]) -> list[str]:
    """Raw identifiers that a report shows: a handle as ``@handle``, an author id as a table cell
    or a handle, a post id anywhere as a whole number."""
    import html
    import re

    text = html.unescape(page)
    at = {m.lower() for m in re.findall(r"@(\w+(?:\.\w+)*)", text)}
    cells = {m.strip().lower() for m in re.findall(r">([^<>]{1,60})<", page)}
    numbers = set(re.findall(r"(?<![\w.])\d{6,}(?![\w.])", text))
    found = [f"handle @{h}" for h in ids["handle"] if h.lower() in at]
    found += [f"author {a}" for a in ids["author"] if a.lower() in at or a.lower() in cells]
    found += [f"post id {p}" for p in ids["post id"] if p in numbers]
    return sorted(found)


def test_leaks_finds_raw_identifiers() -> None:
    ids = {"author": {"jnardino", "bob.smith"}, "handle": {"UnitedAppeals"}, "post id": {"570306133677760513"}}
    page = "<td>jnardino</td><p>cc @unitedappeals re 570306133677760513</p><p>@u_1234 bob.smith.x</p>"
    assert leaks(page, ids) == ["author jnardino", "handle @UnitedAppeals", "post id 570306133677760513"]
    assert leaks("<td>u_7bffbbd707</td> @u_7bffbbd707 p_0123456789", ids) == []


def _privacy_on(params_file: Path) -> bool:
    data = yaml.safe_load(params_file.read_text(encoding="utf-8")) or {}
    return bool(data.get("privacy_mode") or data.get("pseudonymise"))


def check_privacy(params_file: Path, run_dir: Path) -> None:
    """A privacy-mode variant's reports show no raw author id, handle or post id of its input."""
    if not _privacy_on(params_file):
        return
    ids = raw_identifiers(params_file)
    assert ids["author"], "the check needs identifiers to look for"
    for page in sorted(run_dir.glob("*.html")):
        found = leaks(page.read_text(encoding="utf-8"), ids)
        assert not found, f"{params_file.name}: {page.name} shows {len(found)} raw identifiers: {found[:10]}"
