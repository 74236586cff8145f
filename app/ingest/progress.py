"""How far an import has got, for whoever watches it (the import job's parent, the CLI).

A reader cannot say how far one CSV parse has got (pyarrow reads the file in one call),
but an import passes through stages, and once the file is read its row count is known.
The import code calls :func:`reached` at each stage; the caller that wants to know sets
a listener with :func:`listening` (the import job writes each stage to a file its parent
polls: see :mod:`app.store.jobs`). Without a listener, :func:`reached` does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["ASSEMBLING", "READING", "STAGES", "STORING", "Listener", "listening", "reached"]

READING, ASSEMBLING, STORING = "reading", "assembling", "storing"
STAGES = (READING, ASSEMBLING, STORING)

Listener = Callable[[str, "int | None"], None]
_listener: ContextVar[Listener | None] = ContextVar("ev_ingest_progress", default=None)


def reached(stage: str, rows: int | None = None) -> None:
    """The import has reached ``stage`` (one of STAGES), with ``rows`` read so far if known."""
    listener = _listener.get()
    if listener is not None:
        listener(stage, rows)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call ``listener(stage, rows)`` for every stage reached inside the block."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
