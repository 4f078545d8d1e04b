"""The one home of hashes, package versions and git state (scrm_lib.core.provenance)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from scrm_lib.core.provenance import (
    git_commit_label,
    git_state,
    package_versions,
    sha256_file,
    sha256_tree,
)


def test_sha256_file_matches_hashlib_across_chunks(tmp_path: Path) -> None:
    data = bytes(range(256)) * 5000
    f = tmp_path / "x.bin"
    f.write_bytes(data)
    assert sha256_file(f, chunk=1000) == sha256_file(str(f)) == hashlib.sha256(data).hexdigest()


def test_sha256_tree_changes_with_content_and_names(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    h1 = sha256_tree(tmp_path)
    (tmp_path / "a.txt").write_text("y", encoding="utf-8")
    h2 = sha256_tree(tmp_path)
    assert h2 != h1
    (tmp_path / "a.txt").rename(tmp_path / "b.txt")
    assert sha256_tree(tmp_path) not in {h1, h2}


def test_sha256_tree_ignores_where_the_folder_is(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "p.parquet").write_bytes(b"data")
    assert sha256_tree(tmp_path / "one") == sha256_tree(tmp_path / "two")


def test_package_versions_keeps_both_record_formats() -> None:
    manifest = package_versions(["pandas", "no-such-package-xyz"])
    assert manifest["pandas"] and manifest["no-such-package-xyz"] is None and "python" not in manifest
    card = package_versions(["pandas", "no-such-package-xyz"], missing="not installed", with_python=True)
    assert list(card) == ["python", "pandas", "no-such-package-xyz"]
    assert card["no-such-package-xyz"] == "not installed"


def test_git_state_outside_a_checkout(tmp_path: Path) -> None:
    assert git_state(tmp_path) == {"commit": None, "branch": None, "dirty": None}
    assert git_commit_label(git_state(tmp_path)) is None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_state_dirty_rules(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path,
                       check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    git("add", "a.txt")
    git("commit", "-q", "-m", "one")
    clean = git_state(tmp_path)
    assert len(clean["commit"]) == 40 and clean["branch"] == "main" and clean["dirty"] is False
    assert git_commit_label(clean) == clean["commit"]
    (tmp_path / "new.txt").write_text("untracked", encoding="utf-8")
    # the manifest counts an untracked file as dirty; a model card only tracked changes
    assert git_state(tmp_path)["dirty"] is True
    assert git_commit_label(git_state(tmp_path, untracked=False)) == clean["commit"]
    (tmp_path / "a.txt").write_text("changed", encoding="utf-8")
    assert git_commit_label(git_state(tmp_path, untracked=False)) == clean["commit"] + "+dirty"
