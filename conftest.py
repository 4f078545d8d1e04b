"""Root pytest configuration, shared by tests/ and the nbval notebook runs.

Kernels started by nbval (and by `scrm run` inside tests) inherit this process's
environment: ``SCRM_HEADLESS=1`` makes notebooks render their defaults statically and
never wait on a widget. ``MPLBACKEND=Agg`` keeps unit tests that build figures off-screen.
"""

from __future__ import annotations

import os

os.environ["SCRM_HEADLESS"] = "1"
os.environ.setdefault("MPLBACKEND", "Agg")
