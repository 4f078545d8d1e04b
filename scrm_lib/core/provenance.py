"""Provenance: content hashes, installed package versions and the git state of the checkout.

One home for what a run manifest (:mod:`scrm_lib.run.manifest`) and a model card
(:mod:`scrm_lib.modeling.persist`, :mod:`scrm_lib.modeling.train`) record about where a
result came from. The two records keep their own formats, chosen by arguments here:

- a run manifest lists package versions with ``None`` for a package that is not installed,
  and the git state as ``{"commit", "branch", "dirty"}`` where untracked files count as dirty
  (a run may read them);
- a model card lists package versions with ``"not installed"`` plus the Python version, and
  the commit as one string ``<sha>[+dirty]`` where only tracked changes count
  (:func:`git_commit_label`).
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from collections.abc import Sequence
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from scrm_lib.core.config import PROJECT_ROOT

#: Bytes read at a time when hashing a file.
HASH_CHUNK = 1 << 20
#: Seconds a ``git`` call may take before the state is reported as unknown.
GIT_TIMEOUT_S = 20


def sha256_file(path: str | Path, chunk: int = HASH_CHUNK) -> str:
    """Hex sha256 of a file's bytes, read in chunks (bounded memory).

    Used for run inputs (manifest), model files and training data (model cards).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> sha256_file(f.name)[:16]
    'ba7816bf8f01cfea'
    >>> os.unlink(f.name)
    """
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_tree(folder: str | Path) -> str:
    """Hex sha256 over a folder: every file's relative path and content hash, in sorted order.

    Renaming, adding, removing or changing any file changes it; the folder's own location
    does not. Used for folder inputs of a run (a Parquet data set).
    """
    root = Path(folder)
    h = hashlib.sha256()
    for p in sorted(q for q in root.rglob("*") if q.is_file()):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(sha256_file(p).encode())
        h.update(b"\n")
    return h.hexdigest()


def package_versions(
    names: Sequence[str], *, missing: str | None = None, with_python: bool = False
) -> dict[str, str | None]:
    """Installed versions of ``names``.

    Args:
        names: distribution names (``"scikit-learn"``, ``"vaderSentiment"`` …).
        missing: the value recorded for a package that is not installed (the run manifest
            uses ``None``, model cards ``"not installed"``).
        with_python: put ``"python": <version>`` first (model cards).

    >>> package_versions(["no-such-package-xyz"], missing="not installed")
    {'no-such-package-xyz': 'not installed'}
    >>> list(package_versions([], with_python=True))
    ['python']
    """
    out: dict[str, str | None] = {"python": platform.python_version()} if with_python else {}
    for name in names:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = missing
    return out


def _git(root: Path, *args: str) -> str | None:
    try:
        res = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                             timeout=GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return res.stdout.strip() if res.returncode == 0 else None


def git_state(root: str | Path = PROJECT_ROOT, *, untracked: bool = True) -> dict[str, Any]:
    """``{"commit", "branch", "dirty"}`` of the checkout at ``root`` (all ``None`` outside git).

    Args:
        root: a folder inside the checkout.
        untracked: whether untracked, non-ignored files make the state dirty. The run
            manifest says yes (the run may not be reproducible from ``commit`` alone); a
            model card says no (:func:`git_commit_label`), only tracked changes count.

    ``dirty`` is ``None`` when ``git status`` itself fails.
    """
    root = Path(root)
    commit = _git(root, "rev-parse", "HEAD")
    if not commit:
        return {"commit": None, "branch": None, "dirty": None}
    status = _git(root, "status", "--porcelain", *(() if untracked else ("--untracked-files=no",)))
    return {
        "commit": commit,
        "branch": _git(root, "rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(status) if status is not None else None,
    }


def git_commit_label(state: dict[str, Any]) -> str | None:
    """A git state as the one string a model card records: ``<sha>`` or ``<sha>+dirty``.

    >>> git_commit_label({"commit": "abc", "branch": "main", "dirty": True})
    'abc+dirty'
    >>> git_commit_label({"commit": "abc", "dirty": False}), git_commit_label({"commit": None})
    ('abc', None)
    """
    commit = state.get("commit")
    if not commit:
        return None
    return commit + ("+dirty" if state.get("dirty") else "")


__all__ = ["GIT_TIMEOUT_S", "HASH_CHUNK", "git_commit_label", "git_state", "package_versions",
           "sha256_file", "sha256_tree"]
