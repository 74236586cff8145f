"""Test-wide setup: caches go to a temporary folder, never the developer's .cache/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before any app module reads the settings.
os.environ.setdefault("EV_CACHE_DIR", tempfile.mkdtemp(prefix="ev-test-cache-"))
os.environ.setdefault("EV_DATA_DIR", str(Path(__file__).resolve().parents[2] / "shared" / "data"))

from app.config import settings
from app.synthetic import synthetic_corpus

SHARED_DATA = settings().data_dir
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def small_synthetic():
    """A 2,000-patent synthetic corpus (labelled synthetic), shared read-only."""
    return synthetic_corpus(2000, seed=7)


def require_shared(*parts: str) -> Path:
    """Path under the shared data folder; skips the test if it is absent on this machine."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path
