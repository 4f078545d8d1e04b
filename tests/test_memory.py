"""The allocator tuning of :mod:`scrm_lib.core.memory`: freed large arrays are reused, not faulted again."""

from __future__ import annotations

import json
import platform
import subprocess
import sys

import pytest

from scrm_lib.core import memory

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"

# a child process: a 200 MB array allocated, then freed; glibc's mallinfo2 says whether it was a
# separate mapping (returned to the kernel on free, faulted in again next time) or heap memory that
# stays for the next array
CHILD = """
import ctypes, json, sys
import numpy as np
from scrm_lib.core.memory import tune_allocator

class MallInfo2(ctypes.Structure):
    _fields_ = [(k, ctypes.c_size_t) for k in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
applied = tune_allocator() if sys.argv[1] == "tuned" else False
a = np.ones(25_000_000)
mapped = libc.mallinfo2().hblkhd
del a
kept = libc.mallinfo2().fordblks
print(json.dumps({"applied": applied, "mapped": mapped, "kept_after_free": kept}))
"""


def _child(mode: str, env_extra: dict[str, str] | None = None) -> dict:
    import os

    env = {**os.environ, **(env_extra or {})}
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


@pytest.mark.skipif(not GLIBC, reason="the tuning applies to glibc's malloc only")
def test_tuned_allocator_reuses_a_freed_large_array() -> None:
    default, tuned = _child("default"), _child("tuned")
    assert not default["applied"] and tuned["applied"]
    # glibc's defaults: the array is its own mapping, handed back to the kernel when freed
    assert default["mapped"] >= 200_000_000 and default["kept_after_free"] < 200_000_000
    # tuned: heap memory, kept after the free for the next large array
    assert tuned["mapped"] < 200_000_000 and tuned["kept_after_free"] >= 200_000_000


@pytest.mark.skipif(not GLIBC, reason="the tuning applies to glibc's malloc only")
def test_environment_turns_the_tuning_off() -> None:
    assert _child("tuned", {"SCRM_ALLOCATOR": "default"})["applied"] is False


def test_thresholds_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_tuned", None)
    monkeypatch.delenv("SCRM_ALLOCATOR", raising=False)
    with pytest.raises(ValueError, match="between 1 and 2\\*\\*31"):
        memory.tune_allocator(mmap_threshold=2**31)


def test_tuning_is_idempotent() -> None:
    first = memory.tune_allocator()
    assert memory.tune_allocator() is first
