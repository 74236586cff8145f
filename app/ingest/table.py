"""Reading an export file into a table of strings, whatever its encoding and layout.

The checks every file goes through before a reader sees it live here: size limit, empty
file, binary content, encoding (UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252 for the whole file, with a warning), the delimiter, and the header row found
by its *content* (Espacenet puts seven lines before it). Rows whose number of fields does
not match the header are rejected with their spreadsheet row number instead of stopping
the import. Every cell is read as a string: identifiers such as ``0012345`` must survive.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from app.i18n import _
from app.ingest.schema import Problem

__all__ = [
    "InputError",
    "Table",
    "decode",
    "header_key",
    "read_bytes",
    "read_table",
    "table_from_bytes",
]

_HEADER_SCAN_LINES = 60
_DELIMITERS = (",", ";", "\t", "|")


class InputError(Exception):
    """A problem with the input that stops the import; the message is for the user."""


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

    def __post_init__(self) -> None:
        self._keys = {}
        for name in self.frame.columns:
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
        """The first column whose normalised name is one of ``keys``, or None."""
        name = self.name(*keys)
        return None if name is None else self.frame[name]

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


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes, after the size and emptiness checks."""
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"{path.name} is {size / 2**20:.1f} MB, over the upload limit of "
            f"{max_bytes / 2**20:.0f} MB"
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path.name} is empty")
    return data


def decode(data: bytes, name: str) -> tuple[str, list[Problem]]:
    """Text of a file: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts like UTF-16 but cannot be decoded") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} is not a text export (it holds binary data)")
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


def _parse_text(text: str, path: Path, is_header: HeaderTest | None) -> Table:
    lines = [(o, line) for o, line in _lines(text, _HEADER_SCAN_LINES) if line.strip()]
    if not lines:
        raise InputError(f"{path.name} is empty")
    chosen = None
    if is_header is not None:
        for offset, line in lines:
            delimiter = _delimiter(line)
            if is_header({header_key(c) for c in _cells(line, delimiter)}):
                chosen = offset, line, delimiter
                break
    if chosen is None:
        offset, line = lines[0]
        chosen = offset, line, _delimiter(line)
    offset, line, delimiter = chosen
    header_row = len(re.findall(r"\r\n|\n|\r", text[:offset])) + 1
    names = _unique_names(_cells(line, delimiter))
    bad_rows: list[tuple[int, int, str]] = []

    def invalid(row) -> str:
        bad_rows.append((row.number, row.actual_columns, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(text[offset:].encode("utf-8")),
            read_options=pacsv.ReadOptions(
                # large blocks: a record longer than a block (huge abstracts) fails to parse
                use_threads=False,
                column_names=names,
                skip_rows=1,
                block_size=1 << 24,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        message = str(exc).replace("CSV parse error: ", "")
        raise InputError(f"{path.name}: cannot be parsed as delimited text ({message})") from None
    frame = table.combine_chunks().to_pandas()  # one chunk: later takes stay cheap
    # the parser numbers rows from the header (= 1); shift by the lines above it
    shift = header_row - 1
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
    return Table(frame, rows, path, header_row=header_row, rejected=rejected)


def _parse_xlsx(path: Path, is_header: HeaderTest | None) -> Table:
    try:
        raw = pd.read_excel(path, header=None, dtype="str", sheet_name=0).fillna("")
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise InputError(f"{path.name}: cannot be read as an Excel workbook ({exc})") from None
    raw = raw.astype("str")
    filled = [i for i in range(min(len(raw), _HEADER_SCAN_LINES)) if (raw.iloc[i] != "").sum()]
    if not filled:
        raise InputError(f"{path.name}: the first sheet is empty")
    header = filled[0]
    if is_header is not None:
        for i in filled:
            if is_header({header_key(c) for c in raw.iloc[i]}):
                header = i
                break
    names = _unique_names(raw.iloc[header].tolist())
    frame = raw.iloc[header + 1 :].reset_index(drop=True)
    frame.columns = names
    frame = frame.loc[:, [not n.startswith("column ") for n in names]]
    not_blank = (frame != "").any(axis=1).to_numpy()
    rows = np.arange(len(frame)) + header + 2  # Excel rows are 1-based
    return Table(
        frame[not_blank].reset_index(drop=True), rows[not_blank], path, header_row=header + 1
    )


def table_from_bytes(data: bytes, path: Path, is_header: HeaderTest | None = None) -> Table:
    """A :class:`Table` from the bytes of a delimited text file (``path`` names it)."""
    if not data.strip():
        raise InputError(f"{path.name} is empty")
    text, warnings = decode(data, path.name)
    table = _parse_text(text, path, is_header)
    table.warnings.extend(warnings)
    return table


def read_table(
    path: Path,
    is_header: HeaderTest | None = None,
    max_bytes: int | None = None,
    data: bytes | None = None,
) -> Table:
    """Read a delimited text file or an XLSX workbook (first sheet) as a :class:`Table`.

    ``is_header`` picks the header row among the first lines by its normalised cells;
    without it, or when no line passes, the first non-empty line is the header. ``data``:
    the file's bytes when the caller has read them already.
    """
    if data is None:
        data = read_bytes(path, max_bytes)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                is_workbook = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_workbook = False
        if not is_workbook:
            raise InputError(f"{path.name} is a zip archive but not an Excel workbook")
        return _parse_xlsx(path, is_header)
    return table_from_bytes(data, path, is_header)
