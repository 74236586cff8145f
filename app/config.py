"""Settings read from the environment, in one place.

Every path the app touches comes from here so a deployment (or a test) can move it with
an environment variable and nothing else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.i18n import N_

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_NAME = N_("EV Battery Patents")  # translated where shown


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build one with :func:`settings`."""

    data_dir: Path  # real data brought in from outside (never copied into the repo)
    cache_dir: Path  # parsed corpora (Arrow), uploads, flask-caching files
    repo_data_dir: Path  # tables we wrote ourselves from the seed papers
    max_upload_bytes: int
    publication_lag_months: int
    redis_url: str | None


def settings() -> Settings:
    """Read the settings from the environment (cheap; call freely)."""
    data_dir = Path(os.environ.get("EV_DATA_DIR", REPO_ROOT.parent / "shared" / "data"))
    cache_dir = Path(os.environ.get("EV_CACHE_DIR", REPO_ROOT / ".cache"))
    return Settings(
        data_dir=data_dir.resolve(),
        cache_dir=cache_dir.resolve(),
        repo_data_dir=REPO_ROOT / "data",
        max_upload_bytes=int(float(os.environ.get("EV_MAX_UPLOAD_MB", "100")) * 1024 * 1024),
        publication_lag_months=int(os.environ.get("EV_PUBLICATION_LAG_MONTHS", "18")),
        redis_url=os.environ.get("CACHE_REDIS_URL") or None,
    )
