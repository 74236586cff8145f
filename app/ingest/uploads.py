"""Checks on uploaded files before any parsing, and the column choices for a generic import.

:func:`check_upload` looks at names, sizes and bytes only, so a wrong or oversized file
is refused in one clear line before a reader spends time on it (and before anything is
written to disk). :func:`read_upload` imports an upload reading it once, and gives the
Data page's column-mapping form its choices from that same read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.i18n import N_, _, format_number
from app.ingest.importer import columns_to_read, import_export, recognise
from app.ingest.names import AliasTable
from app.ingest.readers import bigquery, derwent, generic, patentsview
from app.ingest.schema import Corpus, ImportReport
from app.ingest.table import InputError, Table, read_bytes, read_table

__all__ = [
    "ACCEPTED_SUFFIXES",
    "MAPPING_COLUMNS",
    "MappingChoices",
    "check_upload",
    "read_upload",
    "safe_file_name",
    "shown_name",
    "upload_suffix",
]

ACCEPTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".zip")
_ZIP = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Files people pick by mistake, recognised by their first bytes.
_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", N_("an old Excel 97-2003 (.xls) or other Office file")),
    (b"%PDF", N_("a PDF document")),
    (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf", N_("a 7-Zip archive")),
    (b"{\\rtf", N_("an RTF document")),
)


_UNSAFE = re.compile(r"[^\w.\- ()+,&]+")
_NAME_BYTES = 150  # file systems allow 255 bytes per name; leave room for our own suffixes
_SHOWN_CHARS = 100


def safe_file_name(name: str) -> str:
    """A file name safe to write: no folders (a dropped folder sends ``a/b.csv``), no odd
    characters, never empty or hidden, at most 150 bytes (suffixes kept: ``g_patent.tsv.zip``
    names a PatentsView table).

    Examples
    --------
    >>> safe_file_name("../../etc/passwd"), safe_file_name("Lens export (2024).csv")
    ('passwd', 'Lens export (2024).csv')
    >>> safe_file_name(".."), len(safe_file_name("专利" * 200 + ".csv").encode())
    ('upload', 148)
    >>> safe_file_name("x" * 300 + ".tsv.zip")[-12:]
    'xxxx.tsv.zip'
    """
    base = _UNSAFE.sub("_", Path(str(name).replace("\\", "/")).name).strip(" .") or "upload"
    if len(base.encode()) <= _NAME_BYTES:
        return base
    suffix = "".join(Path(base).suffixes[-2:])[-20:]
    stem = base[: len(base) - len(suffix)]
    while len((stem + suffix).encode()) > _NAME_BYTES:
        stem = stem[:-1]
    return stem + suffix


def shown_name(name: str) -> str:
    """A file name short enough for a message: long names lose their middle.

    Examples
    --------
    >>> shown_name("a.csv"), len(shown_name("x" * 1000 + ".csv"))
    ('a.csv', 100)
    """
    name = str(name)
    if len(name) <= _SHOWN_CHARS:
        return name
    half = (_SHOWN_CHARS - 1) // 2
    return name[:half] + "…" + name[-(_SHOWN_CHARS - 1 - half) :]


def upload_suffix(name: str) -> str:
    """The lower-case suffix that decides how a file is read (``.tsv.zip`` counts as .zip).

    Examples
    --------
    >>> upload_suffix("Lens-Export.CSV"), upload_suffix("g_patent.tsv.zip"), upload_suffix("x")
    ('.csv', '.zip', '')
    """
    return Path(name).suffix.lower()


def _is_patentsview_table(name: str) -> bool:
    """
    Examples
    --------
    >>> _is_patentsview_table("g_patent.tsv.zip"), _is_patentsview_table("g_other.tsv")
    (True, False)
    """
    base = Path(name).name
    for suffix in (".tsv.zip", ".tsv"):
        if base.endswith(suffix):
            return base[: -len(suffix)] in patentsview.TABLES
    return False


def _check_one(name: str, data: bytes) -> str | None:
    suffix = upload_suffix(name)
    head = data[:4096]
    if suffix == ".xls":
        return _("{file} is an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV").format(
            file=name
        )
    if suffix not in ACCEPTED_SUFFIXES:
        shown = suffix or _("no extension")
        return _("{file} ({suffix}): not a type we read; upload CSV, TSV, TXT, XLSX or ZIP").format(
            file=name, suffix=shown
        )
    if not data.strip():
        return _("{file} is empty").format(file=name)
    found = next((what for sig, what in _SIGNATURES if head.startswith(sig)), None)
    if found:
        return _("{file} is {what}, not a patent export; export CSV or XLSX").format(
            file=name, what=_(found)
        )
    if suffix in (".xlsx", ".zip"):
        if not head.startswith(_ZIP):
            if suffix == ".xlsx":
                problem = _("{file} is not an Excel workbook (it does not start like one)")
            else:
                problem = _("{file} is not a zip archive (it does not start like one)")
            return problem.format(file=name) + _("; check the file")
        return None
    if head.startswith(_ZIP):
        return _(
            "{file} is a zip archive or Excel workbook with a {suffix} name; rename it "
            ".xlsx (workbook) or .zip (PatentsView tables)"
        ).format(file=name, suffix=suffix)
    if not head.startswith(_UTF16_BOMS) and b"\x00" in data:  # anywhere, not only the head
        return _("{file} holds binary data, not text; export the list as CSV and try again").format(
            file=name
        )
    return None


def check_upload(files: Sequence[tuple[str, bytes]], max_bytes: int) -> str | None:
    """One line saying why these uploaded files cannot be imported, or None if they may be.

    Judged from names, sizes and first bytes only (no parsing). Several files are accepted
    only as a set of PatentsView ``g_*.tsv`` / ``g_*.tsv.zip`` tables.

    Examples
    --------
    >>> check_upload([("lens.csv", b'"#",Jurisdiction\\r\\n1,US\\r\\n')], 1000) is None
    True
    >>> check_upload([("scan.pdf", b"%PDF-1.7")], 1000)
    'scan.pdf (.pdf): not a type we read; upload CSV, TSV, TXT, XLSX or ZIP'
    >>> check_upload([("list.csv", b"%PDF-1.7")], 1000)
    'list.csv is a PDF document, not a patent export; export CSV or XLSX'
    >>> check_upload([("big.csv", b"a,b\\n" * 400)], 1000)
    'big.csv is 1.6 KB, over the upload limit of 1.0 KB'
    """
    if not files:
        return _("no file received")
    names = [name for name, _data in files]
    if len(files) > 1:
        not_tables = [n for n in names if not _is_patentsview_table(n)]
        if not_tables:
            listed = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
            return _(
                "{count} files received ({files}); upload one export at a time (several "
                "files only for PatentsView g_*.tsv tables)"
            ).format(count=len(files), files=listed)
    size = sum(len(data) for _name, data in files)
    if size > max_bytes:
        if len(files) == 1:
            problem = _("{file} is {size}, over the upload limit of {limit}")
        else:
            problem = _("the {count} files are {size}, over the upload limit of {limit}")
        return problem.format(
            file=names[0], count=len(files), size=_size(size), limit=_size(max_bytes)
        )
    for name, data in files:
        problem = _check_one(name, data)
        if problem:
            return problem
    return None


def _size(n: int) -> str:
    """
    Examples
    --------
    >>> _size(512), _size(3 * 2**20)
    ('0.5 KB', '3.0 MB')
    """
    if n >= 2**20:
        return _("{size} MB").format(size=format_number(n / 2**20, 1))
    return _("{size} KB").format(size=format_number(n / 2**10, 1))


# Looser spellings than generic.guess_mapping knows, compared with letters and digits only.
_LOOSE_SYNONYMS = {
    "patent_id": ("pubno", "pubnumber", "patentno", "patentnumber", "recordid", "documentid"),
    "publication_number": ("publicationno", "publicationnumber", "publicationnumbers"),
    "application_number": ("applicationno", "applicationnumber", "appno"),
    "applicants": ("assignees", "applicants", "assignee", "applicant", "owners", "patentee"),
    "applicant_countries": (
        "assigneecountry",
        "assigneecountries",
        "applicantcountry",
        "applicantcountries",
    ),
    "priority_date": ("prioritydate", "earliestpriority", "earliestprioritydate"),
    "filing_date": ("filingdate", "applicationdate", "appdate"),
    "publication_date": ("publicationdate", "pubdate"),
    "jurisdiction": ("jurisdiction", "office", "countrycode", "publicationcountry"),
    "title": ("title", "titleen", "englishtitle"),
    "inventors": ("inventors", "inventor"),
    "ipc": ("ipccodes", "ipcclassifications", "ipcrclassifications", "ipcr", "ipc"),
    "cpc": ("cpccodes", "cpcclassification", "cpcclassifications", "cpc"),
}


def _loose(name: str) -> str:
    """
    Examples
    --------
    >>> _loose("Assignee(s)"), _loose("Pub No.")
    ('assignees', 'pubno')
    """
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _looks_like_header(keys: set[str]) -> bool:
    """Two or more cells named like a field: the header row of a generic table.

    Examples
    --------
    >>> _looks_like_header({"patent list exported for review"})
    False
    >>> _looks_like_header({"pub no.", "title", "notes"})
    True
    """
    known = {_loose(f) for f in generic.FIELDS} | {
        n for names in _LOOSE_SYNONYMS.values() for n in names
    }
    exact = {n for names in generic.SYNONYMS.values() for n in names}
    return sum(_loose(key) in known or key in exact for key in keys) >= 2


# The mapping form offers at most this many columns, and no column whose name is longer
# (a 1 MB header cell, a million columns: the form stays small whatever the file holds).
MAPPING_COLUMNS = 300
MAPPING_NAME_CHARS = 200


@dataclass(frozen=True)
class MappingChoices:
    """What the column-mapping form offers for one table.

    ``columns`` are the file's own column names (at most :data:`MAPPING_COLUMNS`, none longer
    than :data:`MAPPING_NAME_CHARS`); ``left_out`` counts the columns not offered.
    """

    columns: list[str]
    guess: dict[str, str]
    sep: str
    left_out: int = 0


def _choices(table: Table) -> MappingChoices:
    named = [str(c) for c in table.frame.columns]
    columns = [c for c in named if len(c) <= MAPPING_NAME_CHARS][:MAPPING_COLUMNS]
    offered = set(columns)
    guess = {field: table.name(key) for field, key in generic.guess_mapping(table.keys).items()}
    guess = {field: column for field, column in guess.items() if column in offered}
    by_loose = {}
    for column in columns:
        by_loose.setdefault(_loose(column), column)
    for field, names in _LOOSE_SYNONYMS.items():
        if field in guess:
            continue
        hit = next((by_loose[n] for n in names if n in by_loose), None)
        if hit is not None and hit not in guess.values():
            guess[field] = hit
    return MappingChoices(columns, guess, "", len(named) - len(columns))


def _recognised(keys: set[str]) -> bool:
    return recognise(keys) is not None


def read_upload(
    path: Path,
    fmt: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    sep: str | None = None,
    aliases: AliasTable | None = None,
    max_bytes: int | None = None,
) -> tuple[Corpus | None, ImportReport, MappingChoices | None]:
    """Import an uploaded file, reading it once: the corpus and report, and for a table in
    no known export format (or when ``fmt`` is ``generic`` without a mapping) the column
    choices for a mapping, taken from the same read.

    The header is the first line that names a known export, else the first that looks like
    a table's header (two or more column names we know), else the first line. BigQuery
    JSON and Derwent tagged text are not tables: they go to their readers as they are.
    """
    path = Path(path)
    wants_choices = fmt is None or (fmt == "generic" and not mapping)
    try:
        if not wants_choices or path.is_dir() or patentsview.is_table_set(path):
            corpus, report = import_export(
                path, fmt, mapping=mapping, sep=sep, aliases=aliases, max_bytes=max_bytes
            )
            return corpus, report, None
        data = read_bytes(path, max_bytes)
        if fmt is None and (bigquery.is_json(data) or derwent.is_tagged(data)):
            del data  # the reader is given the file
            corpus, report = import_export(path, None, aliases=aliases, max_bytes=max_bytes)
            return corpus, report, None
        # an export in no known format is offered for a mapping: it needs every column
        columns = None if fmt == "generic" else columns_to_read(None)
        table = read_table(path, (_recognised, _looks_like_header), data=data, columns=columns)
        del data
    except InputError as exc:
        return None, ImportReport(file=str(path), format=fmt or "unknown", error=str(exc)), None
    if fmt == "generic" or recognise(table.keys) is None:
        choices = _choices(table)
        report = ImportReport(file=str(path), format="generic", rows_read=len(table.frame))
        report.error = _(
            "{file}: the header (row {row}) matches no known export (Lens, Espacenet, EPO "
            "linked data, Google Patents, BigQuery, incoPat, Derwent, PatentsView, OPS); say "
            "which column holds what to import it"
        ).format(file=path.name, row=table.header_row)
        return None, report, choices
    corpus, report = import_export(
        path, None, mapping=mapping, sep=sep, aliases=aliases, max_bytes=max_bytes, table=table
    )
    return corpus, report, None
