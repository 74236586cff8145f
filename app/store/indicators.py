"""The OECD/IEA indicator frame, parsed once and kept: in memory per process, on disk (Arrow).

The stored entry (``<cache_dir>/indicators/oecd-iea/``) is keyed by a content fingerprint of
the four source files, so an edited file is re-read; the in-memory copy is keyed by the files'
sizes and modification times, so repeated calls cost a few ``stat`` calls.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from app.config import settings
from app.ingest.indicators import IndicatorFileError, indicator_files, read_indicators
from app.store.cache import fingerprint, read_frames, write_frames

__all__ = ["clear_memory", "indicators"]

_ENTRY = ("indicators", "oecd-iea")
_memory: dict[tuple, pd.DataFrame] = {}


def _stat_key(paths: list[Path]) -> tuple:
    key = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            raise IndicatorFileError(f"{path}: file not found") from None
        key.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(key)


def indicators() -> pd.DataFrame:
    """The tidy indicator frame (see :mod:`app.ingest.indicators`); do not modify it in place.

    Raises :class:`~app.ingest.indicators.IndicatorFileError` naming the file when a source
    file is missing or malformed.
    """
    cfg = settings()
    paths = indicator_files(cfg.data_dir)
    key = (str(cfg.cache_dir), _stat_key(paths))
    frame = _memory.get(key)
    if frame is not None:
        return frame
    fp = fingerprint(paths)
    entry = cfg.cache_dir.joinpath(*_ENTRY)
    cached = read_frames(entry, fp)
    if cached is not None and "indicators" in cached:
        frame = cached["indicators"]
    else:
        frame = read_indicators(cfg.data_dir)
        write_frames(entry, {"indicators": frame}, fp, {"sources": [str(p) for p in paths]})
    _memory.clear()  # one version per process: a changed source replaces the old frame
    _memory[key] = frame
    return frame


def clear_memory() -> None:
    """Forget the in-memory copy (tests; the stored entry stays)."""
    _memory.clear()
