"""Settings read from the environment, in one place.

Every path the app touches comes from here so a deployment (or a test) can move it with
an environment variable and nothing else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.i18n import N_
from app.ingest.limits import Limits

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_NAME = N_("EV Battery Patents")  # translated where shown
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build one with :func:`settings`."""

    data_dir: Path  # real data brought in from outside (never copied into the repo)
    cache_dir: Path  # parsed corpora (Arrow), uploads, flask-caching files
    repo_data_dir: Path  # tables we wrote ourselves from the seed papers
    max_upload_bytes: int
    publication_lag_months: int
    redis_url: str | None
    # reading one upload (see app.ingest.limits and app.store.jobs)
    max_unpacked_bytes: int = 400 * 2**20
    max_zip_ratio: int = 200
    max_zip_members: int = 1000
    max_rows: int = 2_000_000
    max_columns: int = 1000
    max_cells: int = 20_000_000
    import_memory_bytes: int = 2048 * 2**20
    import_seconds: int = 300
    import_slots: int = 2
    # whose uploads are whose (see app.store.uploads and app.workspace)
    upload_quota: int = 20
    upload_quota_bytes: int = 1000 * 2**20
    shared_uploads: bool = False
    secret_key: str | None = None

    def ingest_limits(self) -> Limits:
        """The limits every upload is read under."""
        return Limits(
            unpacked_bytes=self.max_unpacked_bytes,
            zip_ratio=self.max_zip_ratio,
            zip_members=self.max_zip_members,
            rows=self.max_rows,
            columns=self.max_columns,
            cells=self.max_cells,
        )


def _number(name: str, default: float) -> float:
    """A numeric setting; a value that is not a number is a start-up error naming it."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"setting {name}={raw!r} is not a number") from None
    if value < 0:
        raise SystemExit(f"setting {name}={raw!r} must not be negative")
    return value


def _megabytes(name: str, default: float) -> int:
    return int(_number(name, default) * 2**20)


def settings() -> Settings:
    """Read the settings from the environment (cheap; call freely)."""
    data_dir = Path(os.environ.get("EV_DATA_DIR", REPO_ROOT.parent / "shared" / "data"))
    cache_dir = Path(os.environ.get("EV_CACHE_DIR", REPO_ROOT / ".cache"))
    return Settings(
        data_dir=data_dir.resolve(),
        cache_dir=cache_dir.resolve(),
        repo_data_dir=REPO_ROOT / "data",
        max_upload_bytes=_megabytes("EV_MAX_UPLOAD_MB", 100),
        publication_lag_months=int(_number("EV_PUBLICATION_LAG_MONTHS", 18)),
        redis_url=os.environ.get("CACHE_REDIS_URL") or None,
        max_unpacked_bytes=_megabytes("EV_MAX_UNPACKED_MB", 400),
        max_zip_ratio=int(_number("EV_MAX_ZIP_RATIO", 200)),
        max_zip_members=int(_number("EV_MAX_ZIP_MEMBERS", 1000)),
        max_rows=int(_number("EV_MAX_ROWS", 2_000_000)),
        max_columns=int(_number("EV_MAX_COLUMNS", 1000)),
        max_cells=int(_number("EV_MAX_CELLS", 20_000_000)),
        import_memory_bytes=_megabytes("EV_IMPORT_MEMORY_MB", 2048),
        import_seconds=int(_number("EV_IMPORT_SECONDS", 300)),
        import_slots=max(1, int(_number("EV_IMPORT_SLOTS", 2))),
        upload_quota=int(_number("EV_UPLOAD_QUOTA", 20)),
        upload_quota_bytes=_megabytes("EV_UPLOAD_QUOTA_MB", 1000),
        shared_uploads=os.environ.get("EV_SHARED_UPLOADS", "").strip().lower() in _TRUE,
        secret_key=os.environ.get("EV_SECRET_KEY") or None,
    )
