"""Hard limits on what reading one untrusted file may cost, and safe zip handling.

An uploaded file is small on the wire but may be large once read: a zip member that
expands a thousandfold, a workbook whose one cell sits at XFD1048576, a header line with a
million columns. The readers check the limits in force while they read (decompressed size,
rows, columns, cells) and stop with a :class:`LimitError` that names the limit, before the
cost is paid. Uploads are read under :func:`enforced` limits (the store's import job sets
them, in a child process that also has memory and time limits); the built-in datasets,
which we trust, are read without.

Every zip archive is opened through :func:`open_zip`, which refuses encrypted members and
compression methods Python cannot read with one plain sentence (instead of a RuntimeError or
NotImplementedError), and, under limits, members whose declared size is too large or too
far above their compressed size. The declared size is a real bound: Python's zipfile never
returns more bytes than a member declares (a lying member fails its CRC check).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _, format_int

__all__ = [
    "InputError",
    "LimitError",
    "Limits",
    "check_cells",
    "check_columns",
    "check_rows",
    "current",
    "enforced",
    "open_zip",
    "read_member",
]

# Methods Python's zipfile decompresses (Deflate64, PPMd, zstd in older Pythons are not).
_READABLE_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "Deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "LZMA",
}
_METHOD_NAMES = {9: "Deflate64", 98: "PPMd", 93: "Zstandard", 95: "XZ", 12: "bzip2"}
# Below this size a member is not judged by its compression ratio (small files vary a lot).
_RATIO_FLOOR_BYTES = 1 << 20


class InputError(Exception):
    """A problem with the input that stops the import; the message is for the user.

    (Defined here, below every reader; :mod:`app.ingest.table` re-exports it.)
    """


class LimitError(InputError):
    """Reading would pass a limit; the message names the file and the limit."""


@dataclass(frozen=True)
class Limits:
    """What one untrusted file may cost to read (settings: see README, "Settings")."""

    unpacked_bytes: int  # all members of a zip or workbook together, decompressed
    zip_ratio: int  # a member's decompressed size / compressed size (above 1 MB)
    zip_members: int  # members in one archive
    rows: int  # data rows of one table
    columns: int  # columns of one table
    cells: int  # rows x columns of one table


_current: ContextVar[Limits | None] = ContextVar("ev_ingest_limits", default=None)
# archive path -> its unpacked size, for every archive opened under the current limits: the
# unpacked limit holds for one upload however many archives it has (PatentsView tables)
_unpacked: ContextVar[dict[str, int] | None] = ContextVar("ev_ingest_unpacked", default=None)


def current() -> Limits | None:
    """The limits in force (None: a trusted file, read without limits)."""
    return _current.get()


@contextmanager
def enforced(limits: Limits) -> Iterator[Limits]:
    """Read under ``limits`` inside the block."""
    token = _current.set(limits)
    seen = _unpacked.set({})
    try:
        yield limits
    finally:
        _unpacked.reset(seen)
        _current.reset(token)


def _mb(n: int) -> str:
    return format_int(n / 2**20) if n >= 2**20 else f"{n / 2**20:.2f}"


def check_rows(name: str, rows: int) -> None:
    """Refuse a table of more than the row limit."""
    limits = current()
    if limits is not None and rows > limits.rows:
        raise LimitError(
            _(
                "{file} has more than {limit} rows, the most one import may hold; "
                "split it into smaller files"
            ).format(file=name, limit=format_int(limits.rows))
        )


def check_columns(name: str, columns: int) -> None:
    """Refuse a table of more than the column limit."""
    limits = current()
    if limits is not None and columns > limits.columns:
        raise LimitError(
            _(
                "{file} has {columns} columns, more than the {limit} one import may hold; "
                "remove the columns you do not need"
            ).format(file=name, columns=format_int(columns), limit=format_int(limits.columns))
        )


def check_cells(name: str, cells: int) -> None:
    """Refuse a table of more than the cell limit (rows x columns)."""
    limits = current()
    if limits is not None and cells > limits.cells:
        raise LimitError(
            _(
                "{file} has more than {limit} cells (rows x columns), the most one import "
                "may hold; split it or remove columns"
            ).format(file=name, limit=format_int(limits.cells))
        )


def _method(info: zipfile.ZipInfo) -> str:
    return _METHOD_NAMES.get(info.compress_type, str(info.compress_type))


def _check_members(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    name = path.name
    limits = current()
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(
                _(
                    "{file} is password-protected (encrypted); save or zip it again "
                    "without a password"
                ).format(file=name)
            )
        if info.compress_type not in _READABLE_METHODS:
            raise InputError(
                _(
                    "{file} is compressed with {method}, which cannot be read here; zip it "
                    "again with standard compression (Deflate)"
                ).format(file=name, method=_method(info))
            )
    if limits is None:
        return
    if len(infos) > limits.zip_members:
        raise LimitError(
            _("{file} holds {members} files, more than the {limit} one archive may hold").format(
                file=name, members=format_int(len(infos)), limit=format_int(limits.zip_members)
            )
        )
    opened = _unpacked.get()
    if opened is not None:
        opened[str(path)] = sum(info.file_size for info in infos)
    total = sum(opened.values()) if opened else sum(info.file_size for info in infos)
    if total > limits.unpacked_bytes:
        raise LimitError(
            _(
                "{file} expands to {size} MB, over the limit of {limit} MB for the "
                "unpacked contents of one upload"
            ).format(file=name, size=_mb(total), limit=_mb(limits.unpacked_bytes))
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR_BYTES and ratio > limits.zip_ratio:
            raise LimitError(
                _(
                    "{file}: {member} expands {ratio} times (limit {limit} times), as a zip "
                    "bomb does; it is not read"
                ).format(
                    file=name,
                    member=info.filename[-80:],
                    ratio=format_int(ratio),
                    limit=format_int(limits.zip_ratio),
                )
            )


def open_zip(path: Path) -> zipfile.ZipFile:
    """``path`` opened as a zip archive whose members passed the checks (see module doc).

    Raises :class:`InputError` (or :class:`LimitError`) with a message for the user.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(
            _("{file} is damaged: it cannot be opened as a zip archive").format(file=path.name)
        ) from None
    try:
        _check_members(path, archive.infolist())
    except BaseException:
        archive.close()
        raise
    return archive


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """The bytes of ``member`` (of the archive shown to the user as ``name``)."""
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, OSError):
        raise InputError(
            _("{file}: {member} is damaged and cannot be unpacked").format(
                file=name, member=member[-80:]
            )
        ) from None
    except (NotImplementedError, RuntimeError):  # methods and encryption checked, but be sure
        raise InputError(
            _("{file}: {member} cannot be unpacked here; zip it again without a password").format(
                file=name, member=member[-80:]
            )
        ) from None
