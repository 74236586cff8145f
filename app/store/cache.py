"""Frame persistence keyed by a fingerprint of the source, written atomically, read mapped.

A cache entry is a folder ``<cache_dir>/<namespace>/<key>/`` holding one Arrow IPC file
(Feather v2, uncompressed) per frame and ``fingerprint.json``. Readers memory-map the
files and convert them without copying (numbers and pandas' Arrow-backed strings point
into the mapping), so every process that reads an entry shares one copy of it in the
operating system's page cache: gunicorn workers do not each hold the corpus.

An entry is valid only while the fingerprint it was written with equals the source's
current one, so an edited source invalidates it. Writes go to a temporary folder that is
renamed into place, so a reader never sees half an entry and a failed write leaves the
previous entry untouched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

__all__ = [
    "file_lock",
    "fingerprint",
    "mapped_frame",
    "read_frame",
    "read_frames",
    "read_info",
    "replace_folder",
    "write_frames",
]

_FINGERPRINT = "fingerprint.json"
# Bump when the canonical frames or a reader's output change shape: old caches then miss.
SCHEMA_VERSION = 2  # 2: Arrow IPC files instead of Parquet


def fingerprint(
    paths: Iterable[Path], extra: str = "", digests: Mapping[Path, bytes] | None = None
) -> str:
    """A hash of the files' contents (names and bytes) plus ``extra`` and the schema version.

    Content, not modification time: a copied or touched file keeps its cache, an edited
    one loses it. ``digests``: :func:`content_digests` of some of the files, when the
    caller has them (an import asks for two fingerprints of the same 600 MB file).
    """
    digest = hashlib.sha256(f"v{SCHEMA_VERSION}|{extra}".encode())
    for path in sorted(Path(p) for p in paths):
        digest.update(str(path.name).encode())
        found = (digests or {}).get(path)
        digest.update(found if found is not None else _content_digest(path))
    return digest.hexdigest()[:32]


def content_digests(paths: Iterable[Path]) -> dict[Path, bytes]:
    """Each file's content digest, as :func:`fingerprint` uses it."""
    return {Path(p): _content_digest(Path(p)) for p in paths}


def _content_digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


def read_frames(entry: Path, expected_fingerprint: str) -> dict[str, pd.DataFrame] | None:
    """The frames cached in ``entry`` if its fingerprint matches, else None."""
    try:
        stored = json.loads((entry / _FINGERPRINT).read_text())
    except (OSError, ValueError):
        return None
    if stored.get("fingerprint") != expected_fingerprint:
        return None
    try:
        return {name: mapped_frame(entry / f"{name}.arrow") for name in stored["frames"]}
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return None  # damaged entry: treat as a miss, it will be rewritten


def read_frame(entry: Path, name: str) -> pd.DataFrame | None:
    """One frame of an entry, whatever its fingerprint (None: the entry has no such frame)."""
    try:
        return mapped_frame(entry / f"{name}.arrow")
    except (OSError, ValueError, pa.ArrowException):
        return None


def mapped_frame(path: Path) -> pd.DataFrame:
    """The frame in Arrow IPC file ``path``, memory-mapped, converted without copying.

    ``split_blocks`` keeps each column its own array (no consolidation copy); columns
    without nulls then stay views of the mapping, strings stay Arrow-backed. The mapping
    lives as long as the frame. Replacing the file (``write_frames`` renames a new folder
    into place) leaves a reader's mapping on the old, still valid, file.
    """
    table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    return table.to_pandas(split_blocks=True)


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
            feather.write_feather(frame, tmp / f"{name}.arrow", compression="uncompressed")
        record = {"fingerprint": fingerprint_value, "frames": list(frames), **(info or {})}
        (tmp / _FINGERPRINT).write_text(json.dumps(record, indent=1, default=str))
        replace_folder(tmp, entry)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def replace_folder(new: Path, target: Path) -> None:
    """Move folder ``new`` to ``target``, replacing what is there, never leaving half of either.

    A reader sees the old folder or the new one (for an instant, none: a cache miss). Several
    writers may replace the same target at once (two workers importing the same file): each
    retries until its own folder is in place, the last one wins, and nothing is left behind.
    ``new`` and ``target`` must be on the same file system.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(50):
        try:
            new.rename(target)
            return
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
        # a folder is in the way: move it aside under a name of its own, then remove it
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        with contextlib.suppress(FileNotFoundError):  # another writer moved it first
            target.rename(aside / "entry")
        shutil.rmtree(aside, ignore_errors=True)
    raise OSError(errno.EBUSY, f"{target.name} kept changing while it was replaced")


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the block.

    The lock is shared by every thread, process and (on a shared file system that supports
    flock) instance using the same file; it is released when the block ends or the holder
    dies, so a killed worker never leaves it taken.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
