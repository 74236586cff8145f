"""Checks on uploaded files before any parsing, and the column choices for a generic import.

:func:`check_upload` looks only at names, sizes and the first bytes, so a wrong or
oversized file is refused in one clear line before a reader spends time on it (and before
anything is written to disk). :func:`mapping_choices` reads a table's header for the
Data page's column-mapping form.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.ingest.readers import generic, patentsview
from app.ingest.table import read_table

__all__ = [
    "ACCEPTED_SUFFIXES",
    "check_upload",
    "mapping_choices",
    "upload_suffix",
]

ACCEPTED_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".zip")
_ZIP = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Files people pick by mistake, recognised by their first bytes.
_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) or other Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)


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
        return f"{name} is an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV"
    if suffix not in ACCEPTED_SUFFIXES:
        shown = suffix or "no extension"
        return f"{name} ({shown}): not a type we read; upload CSV, TSV, TXT, XLSX or ZIP"
    if not data.strip():
        return f"{name} is empty"
    found = next((what for sig, what in _SIGNATURES if head.startswith(sig)), None)
    if found:
        return f"{name} is {found}, not a patent export; export CSV or XLSX"
    if suffix in (".xlsx", ".zip"):
        if not head.startswith(_ZIP):
            kind = "an Excel workbook" if suffix == ".xlsx" else "a zip archive"
            return f"{name} is not {kind} (it does not start like one); check the file"
        return None
    if head.startswith(_ZIP):
        return (
            f"{name} is a zip archive or Excel workbook with a {suffix} name; rename it "
            ".xlsx (workbook) or .zip (PatentsView tables)"
        )
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        return f"{name} holds binary data, not text; export the list as CSV and try again"
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
        return "no file received"
    names = [name for name, _ in files]
    if len(files) > 1:
        not_tables = [n for n in names if not _is_patentsview_table(n)]
        if not_tables:
            return (
                f"{len(files)} files received ({', '.join(names[:4])}"
                f"{', ...' if len(names) > 4 else ''}); upload one export at a time "
                "(several files only for PatentsView g_*.tsv tables)"
            )
    size = sum(len(data) for _, data in files)
    if size > max_bytes:
        what = f"{names[0]} is" if len(files) == 1 else f"the {len(files)} files are"
        return f"{what} {_size(size)}, over the upload limit of {_size(max_bytes)}"
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
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.1f} KB"


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


def mapping_choices(
    path: Path, max_bytes: int | None = None
) -> tuple[list[str], dict[str, str], str]:
    """The file's column names, a guessed field -> column mapping, and a separator.

    Every field the file has a column for is guessed: by the names the exports we know
    use (:data:`~app.ingest.readers.generic.SYNONYMS`), then by looser spellings. Columns
    are given in the file's own spelling. The separator is empty: each multi-valued column
    is split on the separator its own cells use (a user may still type one for all).
    Raises :class:`~app.ingest.table.InputError` when the file cannot be read as a table.
    """
    table = read_table(Path(path), _looks_like_header, max_bytes)
    columns = [str(c) for c in table.frame.columns]
    guess = {field: table.name(key) for field, key in generic.guess_mapping(table.keys).items()}
    guess = {field: column for field, column in guess.items() if column}
    by_loose = {}
    for column in columns:
        by_loose.setdefault(_loose(column), column)
    for field, names in _LOOSE_SYNONYMS.items():
        if field in guess:
            continue
        hit = next((by_loose[n] for n in names if n in by_loose), None)
        if hit is not None and hit not in guess.values():
            guess[field] = hit
    return columns, guess, ""
