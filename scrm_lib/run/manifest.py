"""The run manifest (``manifest.json``, schema ``scrm-run/1``): what ran, with which parameters
and inputs (sha256 of every input file or folder), on which code (git state) and environment
(Python, platform, package versions), when, and how it ended.

Hashes, versions and the git state come from :mod:`scrm_lib.core.provenance` (the one home
the model cards use too); this module decides what a run records.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scrm_lib.core.config import PROJECT_ROOT, relative_to_root, resolve_path
from scrm_lib.core.provenance import package_versions, sha256_file, sha256_tree
from scrm_lib.params import NotebookParams, input_path_fields

#: Packages whose versions every manifest records.
KEY_PACKAGES: tuple[str, ...] = (
    "scrm-workbench",
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "statsmodels",
    "nltk",
    "vaderSentiment",
    "matplotlib",
    "seaborn",
    "pydantic",
    "pyarrow",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
)
STATUS_OK = "ok"
STATUS_FAILED = "failed"
STATUS_RUNNING = "running"
STATUS_PENDING = "pending"
STATUS_INTERRUPTED = "interrupted"
#: Inputs larger than this (bytes, file or folder) are recorded in the manifest but not hashed,
#: with a warning: hashing must not hold a run up for minutes. ``SCRM_MAX_HASH_BYTES`` overrides it.
MAX_HASH_BYTES = 4 * 1024**3


def _max_hash_bytes() -> int:
    try:
        return int(os.environ.get("SCRM_MAX_HASH_BYTES", MAX_HASH_BYTES))
    except ValueError:
        return MAX_HASH_BYTES


def _path_values(name: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _path_values(f"{name}[{i}]", v)


def _folder_size(folder: Path, cap: int) -> int:
    total = 0
    for p in folder.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            if total > cap:
                break
    return total


def input_files(params: NotebookParams) -> list[dict[str, Any]]:
    """Every input file or folder of a job, with its sha256, for the manifest.

    Only parameters typed as input paths (:data:`scrm_lib.params.INPUT_PATH`: ``InputPath``,
    ``OptionalInputPath``, ``ModelRef`` …) are read; free text such as ``data_note`` never is,
    whatever it says. An input larger than :data:`MAX_HASH_BYTES` is listed with
    ``sha256: null`` and a ``note`` (and a warning on stderr) instead of being hashed.

    Returns:
        ``[{"param", "path", "kind", "bytes", "sha256"}]``; ``path`` is relative to the
        project root when inside it.
    """
    cap = _max_hash_bytes()
    values = params.to_papermill()
    out = []
    for name in input_path_fields(type(params)):
        for pname, text in _path_values(name, values.get(name)):
            try:
                path = resolve_path(text)
                is_file, is_dir = path.is_file(), path.is_dir()
            except (OSError, ValueError):
                continue
            if not (is_file or (is_dir and path != PROJECT_ROOT)):
                continue  # a model name such as "vader", not a file
            entry: dict[str, Any] = {"param": pname, "path": relative_to_root(path),
                                     "kind": "file" if is_file else "folder"}
            try:
                size = path.stat().st_size if is_file else _folder_size(path, cap)
                entry["bytes"] = size
                if size > cap:
                    entry["sha256"] = None
                    entry["note"] = f"not hashed: larger than {cap:,} bytes (SCRM_MAX_HASH_BYTES)"
                    print(f"warning: {pname}: {entry['path']} is larger than {cap:,} bytes; "
                          "recorded without a sha256", file=sys.stderr)
                else:
                    entry["sha256"] = sha256_file(path) if is_file else sha256_tree(path)
            except OSError as exc:
                entry["sha256"] = None
                entry["note"] = f"not hashed: {exc.strerror or exc}"
            out.append(entry)
    return out


def environment_info() -> dict[str, Any]:
    """Python version, platform and key package versions for the manifest."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": package_versions(KEY_PACKAGES),
    }


@dataclass
class NotebookResult:
    """What happened to one job; serialised into ``manifest.json``."""

    label: str
    notebook: str
    params_file: str | None
    parameters: dict[str, Any]
    inputs: list[dict[str, Any]]
    output: str
    html: str | None = None
    status: str = STATUS_PENDING
    started_at: str | None = None
    finished_at: str | None = None
    duration_s: float | None = None
    error: dict[str, Any] | None = None

    def describe_failure(self) -> str:
        """One line naming the notebook, the cell and the error, for the terminal."""
        err = self.error or {}
        if err.get("cell"):
            where = f"in cell {err['cell']}"
        elif err.get("output"):
            where = "writing its executed notebook"
        else:
            where = "before any cell ran"
        count = f" (In [{err['execution_count']}])" if err.get("execution_count") else ""
        return f"{self.label} failed {where}{count}: {err.get('ename', 'Error')}: {err.get('evalue', '')}".rstrip(": ")


def _overall_status(results: Sequence[NotebookResult]) -> str:
    if any(r.status == STATUS_INTERRUPTED for r in results):
        return STATUS_INTERRUPTED
    if any(r.status == STATUS_FAILED for r in results):
        return STATUS_FAILED
    if all(r.status == STATUS_OK for r in results):
        return STATUS_OK
    return STATUS_RUNNING


def build_manifest(
    run_dir: Path,
    results: Sequence[NotebookResult],
    started: dt.datetime,
    finished: dt.datetime | None,
    command: Sequence[str] | None,
    git: Mapping[str, Any],
    env: Mapping[str, Any],
) -> dict[str, Any]:
    """The ``manifest.json`` content for a run (see the module docstring)."""
    return {
        "schema": "scrm-run/1",
        "run_id": run_dir.name,
        "status": _overall_status(results) if finished else STATUS_RUNNING,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds") if finished else None,
        "duration_s": round((finished - started).total_seconds(), 3) if finished else None,
        "command": list(command) if command is not None else None,
        "project_root": relative_to_root(PROJECT_ROOT),
        "git": dict(git),
        "environment": dict(env),
        "notebooks": [asdict(r) for r in results],
    }
