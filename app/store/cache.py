"""Parquet persistence keyed by a fingerprint of the source, written atomically.

A cache entry is a folder ``<cache_dir>/<namespace>/<key>/`` holding one Parquet file per
frame and ``fingerprint.json``. It is valid only while the fingerprint it was written with
equals the source's current one, so an edited source invalidates it. Writes go to a
temporary folder that is renamed into place, so a reader never sees half an entry and a
failed write leaves the previous entry untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = ["fingerprint", "read_frames", "read_info", "write_frames"]

_FINGERPRINT = "fingerprint.json"
# Bump when the canonical frames or a reader's output change shape: old caches then miss.
SCHEMA_VERSION = 1


def fingerprint(paths: Iterable[Path], extra: str = "") -> str:
    """A hash of the files' contents (sizes and bytes) plus ``extra`` and the schema version.

    Content, not modification time: a copied or touched file keeps its cache, an edited
    one loses it.
    """
    digest = hashlib.sha256(f"v{SCHEMA_VERSION}|{extra}".encode())
    for path in sorted(Path(p) for p in paths):
        digest.update(str(path.name).encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:32]


def read_frames(entry: Path, expected_fingerprint: str) -> dict[str, pd.DataFrame] | None:
    """The frames cached in ``entry`` if its fingerprint matches, else None."""
    try:
        stored = json.loads((entry / _FINGERPRINT).read_text())
    except (OSError, ValueError):
        return None
    if stored.get("fingerprint") != expected_fingerprint:
        return None
    try:
        return {name: pd.read_parquet(entry / f"{name}.parquet") for name in stored["frames"]}
    except (OSError, ValueError, KeyError):
        return None  # damaged entry: treat as a miss, it will be rewritten


def read_info(entry: Path) -> dict | None:
    """What ``write_frames`` recorded beside the frames (fingerprint, frame names, ``info``)."""
    try:
        return json.loads((entry / _FINGERPRINT).read_text())
    except (OSError, ValueError):
        return None


def write_frames(
    entry: Path, frames: dict[str, pd.DataFrame], fingerprint_value: str, info: dict | None = None
) -> None:
    """Write ``frames`` to ``entry`` atomically (temp folder + rename)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
    try:
        for name, frame in frames.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        record = {"fingerprint": fingerprint_value, "frames": list(frames), **(info or {})}
        (tmp / _FINGERPRINT).write_text(json.dumps(record, indent=1, default=str))
        old = None
        if entry.exists():
            old = entry.with_name(f".{entry.name}.old.{os.getpid()}")
            entry.rename(old)
        tmp.rename(entry)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
