"""The process's memory allocator, tuned for analyses that build and drop large arrays.

The listening summaries, the term matrix and the loaders create many short-lived arrays of tens
to hundreds of megabytes. glibc's ``malloc`` serves every block above its *mmap threshold*
(128 kB, rising dynamically to at most 32 MB) with a fresh ``mmap`` and returns it to the
kernel on ``free``, so the next array of the same size page-faults and zero-fills every page
again. On 1M mentions that was ~150,000 minor faults and ~2–3 s of system time of the ~10 s the
notebook-01 analysis takes (``docs/benchmarks.md``, issue 13).

:func:`tune_allocator` raises the mmap threshold and the trim threshold (``mallopt``), so freed
blocks stay in the heap and are reused. The cost is memory the process keeps: freed blocks are not
handed back at once (up to ``trim_threshold`` at the top of the heap, and blocks inside it), so a
process's peak can rise by what an earlier step freed — on the 1M benchmark 1.41 GB instead of
1.02 GB, the frame build's freed memory still held when the summaries ran (docs/benchmarks.md). The command line (``scrm``) and every notebook kernel
(:func:`scrm_lib.params.notebook_params`) call it; ``SCRM_ALLOCATOR=default`` in the environment
turns it off. It does nothing where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import os
import platform

#: ``mallopt`` parameter numbers (glibc ``malloc.h``).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3

#: Blocks below this come from the heap and are reused after ``free`` (glibc's default: 128 kB
#: rising to 32 MB).
MMAP_THRESHOLD = 1 << 30
#: Freed memory at the top of the heap kept for reuse before it is returned to the kernel.
TRIM_THRESHOLD = 1 << 30

_tuned: bool | None = None


def tune_allocator(mmap_threshold: int = MMAP_THRESHOLD, trim_threshold: int = TRIM_THRESHOLD) -> bool:
    """Keep freed large blocks in the heap for reuse (glibc ``mallopt``); True when applied.

    Idempotent per process; returns False (and changes nothing) on another C library, or when the
    environment variable ``SCRM_ALLOCATOR`` is ``default``.

    >>> isinstance(tune_allocator(), bool)
    True
    """
    global _tuned
    if os.environ.get("SCRM_ALLOCATOR", "").strip().lower() == "default":
        return False
    if _tuned is not None:
        return _tuned
    if not (0 < mmap_threshold < 2**31 and 0 < trim_threshold < 2**31):
        raise ValueError(f"thresholds must be between 1 and 2**31 - 1 bytes, got {mmap_threshold}, {trim_threshold}")
    _tuned = False
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        try:
            libc = ctypes.CDLL("libc.so.6")
        except OSError:  # pragma: no cover - glibc without the usual soname
            return False
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.mallopt.restype = ctypes.c_int
        _tuned = bool(libc.mallopt(M_MMAP_THRESHOLD, mmap_threshold)) & bool(libc.mallopt(M_TRIM_THRESHOLD, trim_threshold))
    return _tuned


__all__ = ["MMAP_THRESHOLD", "TRIM_THRESHOLD", "tune_allocator"]
