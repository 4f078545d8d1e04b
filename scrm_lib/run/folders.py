"""Run folders and the files in them: a new ``runs/<YYYYmmdd-HHMMSS>[-N]/`` per run (never
reused), the ``runs/latest`` link replaced atomically, a writable-folder check, and atomic
text/JSON writes (temporary name + rename, removed on failure)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from scrm_lib.core.errors import RunError

#: Name of the symlink (inside the runs root) that points to the newest run folder.
LATEST_LINK = "latest"


def new_run_dir(out_root: Path, now: dt.datetime | None = None) -> Path:
    """Create and return a new, empty ``<out_root>/<YYYYmmdd-HHMMSS>[-N]`` folder.

    The name uses local time; a folder that already exists is never reused (``-2``,
    ``-3``, … are appended), even when two runs start in the same second.
    """
    out_root.mkdir(parents=True, exist_ok=True)
    base = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    for n in range(1, 10_000):
        candidate = out_root / (base if n == 1 else f"{base}-{n}")
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise RunError(f"could not create a new run folder in {out_root}")  # pragma: no cover


def update_latest_link(out_root: Path, run_dir: Path) -> Path:
    """Point ``<out_root>/latest`` at ``run_dir`` (relative link), replacing it atomically.

    A temporary symlink is created and renamed over the old one, so readers never see
    a missing or half-written link.
    """
    link = out_root / LATEST_LINK
    if link.exists() and not link.is_symlink():
        raise RunError(f"{link} exists and is not a symlink; remove it so runs can point 'latest' at the newest run")
    tmp = out_root / f".{LATEST_LINK}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(run_dir.name, tmp, target_is_directory=True)
    os.replace(tmp, link)
    return link


def check_out_root(root: Path) -> None:
    """A usable runs folder: a folder (or creatable), writable; else a :class:`RunError`."""
    if root.exists() and not root.is_dir():
        raise RunError(f"--out {root}: is a file, not a folder; give a folder for the runs")
    probe = root
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise RunError(f"--out {root}: cannot write there ({probe} is not a writable folder)")
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".scrm-write-test-"):
            pass
    except OSError as exc:
        raise RunError(f"--out {root}: cannot write there ({exc.strerror or exc})") from None


def write_text_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` via a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never a half-written one; when the write fails
    (a full disk), the temporary file is removed and the error raised.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to ``path`` atomically (:func:`write_text_atomic`)."""
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
