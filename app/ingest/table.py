"""Reading an export file into a table of strings, whatever its encoding and layout.

The checks every file goes through before a reader sees it live here: size limit, empty
file, binary content, encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252 for the whole file, with a warning), the delimiter, and the header row found
by its *content* (Espacenet puts seven lines before it). Rows whose number of fields does
not match the header are rejected with their spreadsheet row number instead of stopping
the import. Every cell is read as a string: identifiers such as ``0012345`` must survive.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import mmap
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from app.i18n import _
from app.ingest import limits
from app.ingest.limits import InputError
from app.ingest.schema import Problem

__all__ = [
    "InputError",
    "MappedFile",
    "Table",
    "decode",
    "header_key",
    "read_bytes",
    "read_table",
    "table_from_bytes",
]

_HEADER_SCAN_LINES = 60
_HEAD_BYTES = 1 << 20  # where the header is looked for
_DELIMITERS = (",", ";", "\t", "|")


def header_key(name: str) -> str:
    """A column name as readers compare it: no BOM, half-width, lower case, single spaces.

    Examples
    --------
    >>> header_key('\\ufeff"#"'), header_key(" NPL Resolved External ID(s) ")
    ('#', 'npl resolved external id(s)')
    >>> header_key("公开（公告）号")
    '公开(公告)号'
    """
    text = unicodedata.normalize("NFKC", name.replace("\ufeff", ""))
    return " ".join(text.strip().strip('"').split()).lower()


@dataclass
class Table:
    """An export read as strings: the frame, each row's spreadsheet row number, and problems.

    ``rows[i]`` is the 1-based row number a spreadsheet shows for ``frame.iloc[i]`` (the
    header row counts, and so do preamble lines above it).
    """

    frame: pd.DataFrame
    rows: np.ndarray
    path: Path
    header_row: int = 1
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # every column name of the header, when the frame holds only the columns a reader reads
    header: list[str] | None = None

    def __post_init__(self) -> None:
        self._keys = {}
        for name in self.header if self.header is not None else self.frame.columns:
            self._keys.setdefault(header_key(str(name)), name)

    @property
    def keys(self) -> set[str]:
        """The normalised column names."""
        return set(self._keys)

    def name(self, *keys: str) -> str | None:
        """The file's own spelling of the first of ``keys`` it has (for messages)."""
        for key in keys:
            if key in self._keys:
                return str(self._keys[key])
        return None

    def column(self, *keys: str) -> pd.Series | None:
        """The first column whose normalised name is one of ``keys``, or None.

        Raises KeyError for a column of the header that was not read (a reader reading a
        column its ``COLUMNS`` does not name: a mistake in the reader, caught by its tests).
        """
        name = self.name(*keys)
        if name is None:
            return None
        if name not in self.frame.columns:
            raise KeyError(f"column {name!r} of {self.path.name} was not read")
        return self.frame[name]

    def column_or_empty(self, *keys: str) -> pd.Series:
        """Like :meth:`column`, but an all-empty column when the file lacks it."""
        found = self.column(*keys)
        if found is None:
            return pd.Series("", index=self.frame.index, dtype="str")
        return found

    def require(self, fmt: str, *groups: tuple[str, ...]) -> None:
        """Raise InputError unless the table has one column out of every group."""
        missing = [" or ".join(repr(k) for k in g) for g in groups if self.name(*g) is None]
        if missing:
            raise InputError(
                f"{self.path.name}: missing required column(s) for a {fmt} export: "
                f"{'; '.join(missing)} (header found on row {self.header_row})"
            )


class MappedFile(mmap.mmap):
    """A file's bytes mapped into memory, offering what the readers use of ``bytes``.

    The CSV parser then reads a 600 MB export from the page cache instead of from a copy
    made first (its memory, and the second it takes). Only decoding a whole file (one not
    in UTF-8, tagged text, JSON) copies it.
    """

    def startswith(self, prefix: bytes | tuple[bytes, ...], /) -> bool:
        prefixes = prefix if isinstance(prefix, tuple) else (prefix,)
        return self[: max(map(len, prefixes))].startswith(prefix)

    def isspace(self) -> bool:
        return len(self) > 0 and _NOT_SPACE.search(self) is None

    def __contains__(self, part: bytes) -> bool:
        return self.find(part) >= 0

    def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return bytes(self).decode(encoding, errors)


_NOT_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # what bytes.isspace() counts as space


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes | MappedFile:
    """The file's bytes (mapped, for a file that is not empty), after the size and
    emptiness checks."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"{path.name} is {size / 2**20:.1f} MB, over the upload limit of "
            f"{max_bytes / 2**20:.0f} MB"
        )
    with path.open("rb") as handle:
        data = MappedFile(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    if not data or data.isspace():
        raise InputError(f"{path.name} is empty")
    return data


def decode(data: bytes, name: str) -> tuple[str, list[Problem]]:
    """Text of a file: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 with a warning.

    A NUL character anywhere (not only near the start) means binary data, not an export.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                _("{file}: starts like UTF-16 text but cannot be decoded").format(file=name)
            ) from None
        if "\x00" in text:
            raise _binary(name)
        return text, []
    if b"\x00" in data:
        raise _binary(name)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: cannot be decoded as UTF-8 (byte {utf8_error.start}) "
            "nor as Windows-1252; save it as UTF-8 CSV and try again"
        ) from None
    reason = _(
        "{file} is not valid UTF-8 (first bad byte at offset {offset}); "
        "read as Windows-1252 (cp1252)"
    ).format(file=name, offset=utf8_error.start)
    return text, [Problem(None, "", reason)]


def _binary(name: str) -> InputError:
    return InputError(
        _("{file} is not a text export (it holds binary data); export it as CSV").format(file=name)
    )


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    """The first ``limit`` physical lines with their character offsets."""
    out = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\n|\r)", text[: 1 << 20] + "\n"):
        out.append((match.start(), match.group().rstrip("\r\n")))
        if len(out) >= limit:
            break
    return out


def _delimiter(line: str) -> str:
    counts = {d: len(_cells(line, d)) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: counts[d])  # ties go to the earlier (comma)


def _cells(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(names):
        name = raw.replace("\ufeff", "").strip() or f"column {i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


HeaderTest = Callable[[set[str]], bool]
# one test, or several tried in order (the first test that any line passes picks the header)
HeaderTests = HeaderTest | tuple[HeaderTest, ...] | None


def _pick_header(candidates: list[list[str]], is_header: HeaderTests) -> int:
    """Index of the header among ``candidates`` (the cells of the first non-empty lines).

    Lines wider than the column limit are never taken for a header (nor normalised: a line of
    a million cells costs nothing here). Default: the first line.
    """
    found = limits.current()
    fits = [found is None or len(cells) <= found.columns for cells in candidates]
    tests = is_header if isinstance(is_header, tuple) else (is_header,) if is_header else ()
    for test in tests:
        for i, cells in enumerate(candidates):
            if fits[i] and test({header_key(c) for c in cells}):
                return i
    return 0


def _read_csv(
    body: pa.Buffer, names: list[str], delimiter: str, threads: bool, read: list[str]
) -> tuple[pa.Table, list[tuple[int | None, int, str]]]:
    bad_rows: list[tuple[int | None, int, str]] = []

    def invalid(row) -> str:
        bad_rows.append((row.number, row.actual_columns, row.text))
        return "skip"

    table = pacsv.read_csv(
        pa.BufferReader(body),
        read_options=pacsv.ReadOptions(
            use_threads=threads,
            column_names=names,
            skip_rows=1,
            # large blocks: a record longer than a block (huge abstracts) fails to parse, and
            # a 600 MB file in ten blocks parses in ~2/3 of the time of forty
            block_size=1 << 26,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter, newlines_in_values=True, invalid_row_handler=invalid
        ),
        # large_string is what pandas' str dtype holds: no conversion of every column later
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.large_string() for n in read},
            strings_can_be_null=False,
            include_columns=read,
        ),
    )
    return table, bad_rows


# Given the normalised names of a header, those of the columns to read (None: all of them).
ColumnChoice = Callable[[set[str]], "frozenset[str] | None"]


def _parse_delimited(
    head: str, body: pa.Buffer, path: Path, is_header: HeaderTests, columns: ColumnChoice | None
) -> Table:
    """The table in ``body`` (UTF-8 bytes, BOM removed) whose text starts with ``head``."""
    lines = [(o, line) for o, line in _lines(head, _HEADER_SCAN_LINES) if line.strip()]
    if not lines:
        raise InputError(f"{path.name} is empty")
    delimiters = [_delimiter(line) for _o, line in lines]
    cells = [_cells(line, d) for (_o, line), d in zip(lines, delimiters, strict=True)]
    chosen = _pick_header(cells, is_header)
    limits.check_columns(path.name, len(cells[chosen]))
    offset, delimiter = lines[chosen][0], delimiters[chosen]
    header_row = len(re.findall(r"\r\n|\n|\r", head[:offset])) + 1
    names = _unique_names(cells[chosen])
    wanted = columns({header_key(n) for n in names}) if columns is not None else None
    # only the columns the reader reads are built (an export has dozens it never reads)
    read = names if wanted is None else [n for n in names if header_key(n) in wanted]
    body = body.slice(len(head[:offset].encode("utf-8")))
    try:
        # threads: twice the speed on two cores, but a skipped row's number is then unknown;
        # a file with such rows is read again in one thread to name them
        table, bad_rows = _read_csv(body, names, delimiter, True, read)
        if bad_rows:
            table, bad_rows = _read_csv(body, names, delimiter, False, read)
    except pa.ArrowInvalid as exc:
        message = str(exc).replace("CSV parse error: ", "")
        if "UTF8" in message or "UTF-8" in message:
            raise _NotUtf8 from None
        raise InputError(f"{path.name}: cannot be parsed as delimited text ({message})") from None
    limits.check_rows(path.name, table.num_rows + len(bad_rows))
    limits.check_cells(path.name, table.num_rows * len(names))
    # the columns stay in the parser's blocks: joining them would copy every column once
    # more (600 MB for a 1.5M-row export), and what is taken from them is copied anyway
    frame = table.to_pandas()
    # the parser numbers rows from the header (= 1); shift by the lines above it
    shift = header_row - 1
    rows = np.arange(2, len(frame) + 2, dtype=np.int64) + shift
    if bad_rows:
        bad_numbers = np.array([b[0] for b in bad_rows], dtype=np.int64)
        total = len(frame) + len(bad_rows)
        rows = np.setdiff1d(np.arange(2, total + 2), bad_numbers) + shift
    rejected = [
        Problem(
            row=number + shift,
            field="(row)",
            reason=_("expected {expected} fields, found {found}").format(
                expected=len(names), found=actual
            ),
            value=line_text[:80],
        )
        for number, actual, line_text in bad_rows
    ]
    header = None if read is names else names
    return Table(frame, rows, path, header_row=header_row, rejected=rejected, header=header)


class _NotUtf8(Exception):
    """The parser met bytes that are not UTF-8 in a file whose start is."""


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV export of it would hold (whole numbers stay whole)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    """(Excel row number, cell values) of the first sheet's non-blank rows, under the limits.

    The workbook is opened read-only and its declared size is ignored (a sheet saying
    A1:XFD1048576 is usually one stray cell): rows are streamed as stored and only the
    cells present are counted, so a 1.5 KB workbook cannot make us fill a billion cells.
    """
    import openpyxl  # heavy; only workbooks need it

    with limits.open_zip(path) as archive:  # members checked: sizes, ratio, encryption
        if "xl/workbook.xml" not in archive.namelist():
            raise InputError(
                _("{file} is a zip archive but not an Excel workbook").format(file=path.name)
            )
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise InputError(_("{file}: the first sheet is empty").format(file=path.name))
        sheet.reset_dimensions()
        cells = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            limits.check_rows(path.name, number - 1)
            width = len(values)
            while width and values[width - 1] is None:
                width -= 1
            if not width:
                continue
            limits.check_columns(path.name, width)
            cells += width
            limits.check_cells(path.name, cells)
            yield number, values[:width]
    finally:
        book.close()


def _parse_xlsx(path: Path, is_header: HeaderTests) -> Table:
    try:
        rows = [(n, [_cell_text(v) for v in values]) for n, values in _sheet_rows(path)]
    except InputError:
        raise
    except MemoryError:
        raise
    except Exception:  # openpyxl raises many types for damaged workbooks and sheets
        raise InputError(
            _("{file} cannot be read as an Excel workbook (it is damaged or not .xlsx)").format(
                file=path.name
            )
        ) from None
    filled = [i for i, (_n, cells) in enumerate(rows[:_HEADER_SCAN_LINES]) if any(cells)]
    if not filled:
        raise InputError(_("{file}: the first sheet is empty").format(file=path.name))
    header = filled[_pick_header([rows[i][1] for i in filled], is_header)]
    names = _unique_names(rows[header][1])
    body = rows[header + 1 :]
    width = len(names)
    frame = pd.DataFrame(
        [(cells + [""] * width)[:width] for _n, cells in body], columns=names, dtype="str"
    )
    if frame.empty:
        frame = pd.DataFrame({name: pd.Series([], dtype="str") for name in names})
    frame = frame.loc[:, [not n.startswith("column ") for n in names]]
    not_blank = (frame != "").any(axis=1).to_numpy()
    numbers = np.array([n for n, _cells in body], dtype=np.int64)
    return Table(
        frame[not_blank].reset_index(drop=True),
        numbers[not_blank],
        path,
        header_row=rows[header][0],
    )


def _utf8_head(data: bytes, start: int) -> str | None:
    """The first MB of ``data`` from ``start`` as text, or None when it is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        return decoder.decode(data[start : start + _HEAD_BYTES], final=False)
    except UnicodeDecodeError:
        return None


def table_from_bytes(
    data: bytes, path: Path, is_header: HeaderTests = None, columns: ColumnChoice | None = None
) -> Table:
    """A :class:`Table` from the bytes of a delimited text file (``path`` names it).

    UTF-8 (the usual case) goes to the parser as it is; any other encoding is decoded in
    full and encoded again (see :func:`decode`).
    """
    if not data or data.isspace():
        raise InputError(f"{path.name} is empty")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data:
        start = 3 if data.startswith(codecs.BOM_UTF8) else 0
        head = _utf8_head(data, start)
        if head is not None:
            with contextlib.suppress(_NotUtf8):
                body = pa.py_buffer(data).slice(start)
                return _parse_delimited(head, body, path, is_header, columns)
    text, warnings = decode(data, path.name)
    table = _parse_delimited(
        text[:_HEAD_BYTES], pa.py_buffer(text.encode("utf-8")), path, is_header, columns
    )
    table.warnings.extend(warnings)
    return table


def read_table(
    path: Path,
    is_header: HeaderTests = None,
    max_bytes: int | None = None,
    data: bytes | None = None,
    columns: ColumnChoice | None = None,
) -> Table:
    """Read a delimited text file or an XLSX workbook (first sheet) as a :class:`Table`.

    ``is_header`` picks the header row among the first lines by its normalised cells (with
    several tests, the first test any line passes decides); without it, or when no line
    passes, the first non-empty line is the header. ``data``: the file's bytes when the
    caller has read them already. ``columns``: given the header's normalised names, those
    of the columns to read from a delimited file (None: every column); the table still
    knows every name of the header.
    """
    if data is None:
        data = read_bytes(path, max_bytes)
    if data.startswith(b"PK\x03\x04"):
        del data  # the workbook is streamed from the file
        return _parse_xlsx(path, is_header)
    return table_from_bytes(data, path, is_header, columns)
