"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrm_lib.core.config import EXTERNAL_DATA_DIR, PROJECT_ROOT, SAMPLES_DIR


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """``data/samples``."""
    return SAMPLES_DIR


@pytest.fixture(scope="session")
def external_dir() -> Path:
    """The shared real data sets; skips the test with a clear reason when absent."""
    if not EXTERNAL_DATA_DIR.is_dir():
        pytest.skip(
            f"real data sets not found at {EXTERNAL_DATA_DIR} "
            "(set SCRM_EXTERNAL_DATA or place ../shared/data/external beside the repo)"
        )
    return EXTERNAL_DATA_DIR


def external_file(relative: str) -> Path:
    """Path of one external data file, or skip the calling test with a reason."""
    path = EXTERNAL_DATA_DIR / relative
    if not path.exists():
        pytest.skip(f"external data file {path} not present (CI has ../shared/data/external)")
    return path
