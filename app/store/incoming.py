"""Uploaded files waiting to be imported, under ``<cache_dir>/incoming/<token>/``.

The Data page writes the browser's upload here (never into the repository or the data
folder), imports it with :func:`app.store.corpora.import_file` (which keeps its own copy
of a successful import), then discards it. A file waits longer only while the user fills
in a column mapping; the page keeps nothing but the token, and :func:`purge_stale` removes
what an abandoned mapping left behind.

Tokens come back from the browser, so they are checked against their format before they
name a folder: a crafted token cannot reach outside ``incoming/``.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from app.config import settings

__all__ = ["TABLES_FOLDER", "discard", "purge_stale", "stage", "staged_path"]

TABLES_FOLDER = "patentsview_tables"  # several uploaded files: imported as one folder
_TOKEN = re.compile(r"[0-9a-f]{32}")
_UNSAFE = re.compile(r"[^\w.\- ()+,&]+")


def _root() -> Path:
    return settings().cache_dir / "incoming"


def _folder(token: str | None) -> Path | None:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return _root() / token


def safe_name(name: str) -> str:
    """A file name safe to write: no folders (a dropped folder sends ``a/b.csv``), no odd
    characters, never empty or hidden.

    Examples
    --------
    >>> safe_name("../../etc/passwd"), safe_name("Lens export (2024).csv"), safe_name("..")
    ('passwd', 'Lens export (2024).csv', 'upload')
    """
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base or "upload"


def stage(files: Sequence[tuple[str, bytes]]) -> str:
    """Write uploaded ``(name, bytes)`` files to a new folder; returns its token.

    One file keeps its (sanitised) name; several go into ``TABLES_FOLDER``. A failed write
    removes the folder, so nothing partial is left.
    """
    token = secrets.token_hex(16)
    folder = _root() / token
    target = folder / TABLES_FOLDER if len(files) > 1 else folder
    try:
        target.mkdir(parents=True)
        for name, data in files:
            (target / safe_name(name)).write_bytes(data)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token


def staged_path(token: str | None) -> Path | None:
    """The path to import for ``token`` (the file, or the tables folder); None if gone."""
    folder = _folder(token)
    if folder is None or not folder.is_dir():
        return None
    entries = list(folder.iterdir())
    return entries[0] if len(entries) == 1 else None


def discard(token: str | None) -> None:
    """Remove the files staged under ``token`` (no error if already gone or invalid)."""
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def purge_stale(max_age_seconds: float = 3600) -> int:
    """Remove staged uploads older than ``max_age_seconds``; returns how many."""
    root = _root()
    if not root.exists():
        return 0
    cutoff = time.time() - max_age_seconds
    removed = 0
    for folder in root.iterdir():
        try:
            if _TOKEN.fullmatch(folder.name) and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed
