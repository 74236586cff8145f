"""Import one patent export: choose the reader, run it, and always return a report.

:func:`import_export` is the single entry point for files (the store, the CLI and the Data
page call it). The format is recognised from the header (or forced by the caller); every
problem ends up in the :class:`~app.ingest.schema.ImportReport` (fatal ones in
``report.error``), never as an exception or a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from app.i18n import _, format_int
from app.ingest import progress
from app.ingest.assemble import ParsedExport, assemble
from app.ingest.names import AliasFileError, AliasTable, load_aliases
from app.ingest.readers import (
    bigquery,
    derwent,
    epo_linked,
    espacenet,
    generic,
    google,
    incopat,
    lens,
    ops_flat,
    patentsview,
)
from app.ingest.schema import Corpus, CorpusMeta, ImportReport
from app.ingest.table import InputError, Table, header_key, read_bytes, read_table

__all__ = [
    "ATTRIBUTION",
    "FORMATS",
    "columns_to_read",
    "detect_format",
    "import_export",
    "recognise",
]

log = logging.getLogger(__name__)

# Readers of one table (a delimited text file or a workbook), by format.
_TABLE_READERS = {
    "lens": lens,
    "espacenet": espacenet,
    "epo-linked": epo_linked,
    "google": google,
    "bigquery": bigquery,
    "incopat": incopat,
    "derwent": derwent,
    "ops-flat": ops_flat,
}
FORMATS = (*_TABLE_READERS, "patentsview", "generic")
ATTRIBUTION = {
    "lens": "Lens.org",
    "espacenet": "Espacenet (EPO)",
    "epo-linked": "European Patent Office, EP bibliographic data (Linked Open Data)",
    "google": "Google Patents",
    "bigquery": "Google Patents Public Data (IFI CLAIMS Patent Services and Google)",
    "incopat": "incoPat",
    "derwent": "Clarivate Derwent",
    "patentsview": "PatentsView (USPTO)",
    "ops-flat": "EPO / Espacenet OPS",
    "generic": "",
}
# Header recognisers, most specific first. Lens Scholarly is recognised only to refuse it.
_RECOGNISERS = (
    ("lens-scholarly", lens.is_scholarly),
    ("lens", lens.matches),
    ("espacenet", espacenet.matches),
    ("epo-linked", epo_linked.matches),
    ("ops-flat", ops_flat.matches),
    ("google", google.matches),
    ("incopat", incopat.matches),
    ("derwent", derwent.matches),
    ("bigquery", bigquery.matches),
    ("patentsview", patentsview.matches),
)


def recognise(keys: set[str]) -> str | None:
    """The export whose header has these normalised column names (None: no known one)."""
    found = next((fmt for fmt, test in _RECOGNISERS if test(keys)), None)
    return "lens" if found == "lens-scholarly" else found


def _recognise(keys: set[str]) -> str | None:
    return next((fmt for fmt, test in _RECOGNISERS if test(keys)), None)


def detect_format(path: Path) -> str | None:
    """The export format of ``path`` judged from its header (None: not recognised).

    A folder, or a zip of ``g_*.tsv`` tables, is PatentsView; JSON is BigQuery results;
    tagged text starting ``FN``/``PT`` is a Derwent Innovations Index export.
    """
    path = Path(path)
    if patentsview.is_table_set(path):
        return "patentsview"
    try:
        data = read_bytes(path)
        if bigquery.is_json(data):
            return "bigquery"
        if derwent.is_tagged(data):
            return "derwent"
        table = read_table(path, lambda keys: _recognise(keys) is not None, data=data)
    except (InputError, OSError):
        return None
    found = _recognise(table.keys)
    return "lens" if found == "lens-scholarly" else found


def _header_test(fmt: str | None, mapping: Mapping[str, str] | None):
    if fmt == "generic":
        if not mapping:
            return lambda keys: bool(generic.guess_mapping(keys))
        wanted = {header_key(c) for c in mapping.values()}
        return lambda keys: wanted <= keys
    if fmt is None:
        return lambda keys: _recognise(keys) is not None
    return dict(_RECOGNISERS).get(fmt)


def _unrecognised(path: Path, table: Table) -> InputError:
    return InputError(
        _(
            "{file}: the header (row {row}) matches no known export (Lens, Espacenet, EPO "
            "linked data, Google Patents, BigQuery, incoPat, Derwent, PatentsView, OPS); "
            "choose the format, or import it as generic with a column mapping"
        ).format(file=path.name, row=table.header_row)
    )


def columns_to_read(fmt: str | None):
    """For :func:`~app.ingest.table.read_table`: given a header's normalised names, the
    columns the reader of ``fmt`` (None: of the export the header is) reads, when it names
    them (``COLUMNS``); None (every column) otherwise, and for ``generic``."""

    def choose(keys: set[str]) -> frozenset[str] | None:
        found = recognise(keys) if fmt is None else fmt
        return getattr(_TABLE_READERS.get(found), "COLUMNS", None)

    return choose


def _parse(
    path: Path,
    fmt: str | None,
    mapping,
    sep: str | None,
    max_bytes: int | None,
    table: Table | None,
) -> ParsedExport:
    if fmt == "patentsview" or (fmt is None and patentsview.is_table_set(path)):
        return patentsview.parse_path(path, max_bytes)
    if path.is_dir():
        raise InputError(
            _("{file} is a folder without PatentsView g_*.tsv tables").format(file=path.name)
        )
    if table is None:
        data = read_bytes(path, max_bytes)
        if fmt in (None, "bigquery") and bigquery.is_json(data):
            return bigquery.parse_json(data, path)
        if fmt in (None, "derwent") and derwent.is_tagged(data):
            return derwent.parse_tagged(data, path)
        is_header, columns = _header_test(fmt, mapping), columns_to_read(fmt)
        table = read_table(path, is_header, data=data, columns=columns)
    if fmt is None:
        found = _recognise(table.keys)
        if found is None and not mapping:
            raise _unrecognised(path, table)
        fmt = "generic" if found is None else "lens" if found == "lens-scholarly" else found
    if fmt == "patentsview":
        return patentsview.parse_path(path, max_bytes)
    if fmt == "generic":
        return generic.parse(table, mapping, sep)
    return _TABLE_READERS[fmt].parse(table)


def import_export(
    path: Path | str,
    format: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    sep: str | None = None,
    aliases: AliasTable | None = None,
    max_bytes: int | None = None,
    table: Table | None = None,
) -> tuple[Corpus | None, ImportReport]:
    """Read one export into a corpus; the report says what was read, kept and rejected.

    Parameters
    ----------
    path : file or folder (PatentsView tables).
    format : one of FORMATS, or None to recognise it from the header.
    mapping, sep : for ``generic``: canonical field -> source column, and one separator
        for every multi-valued column (None: each column's own, read from its cells; see
        :mod:`app.ingest.readers.generic`).
    aliases : the alias table; by default ``data/applicant_aliases.csv``.
    max_bytes : refuse larger inputs (uploads).
    table : ``path`` already read as a table (an upload is read once: see
        :func:`app.ingest.uploads.read_upload`).

    Returns
    -------
    (corpus, report). ``corpus`` is None exactly when ``report.error`` is set.
    """
    path = Path(path)
    report = ImportReport(file=str(path), format=format or "unknown")
    if format is not None and format not in FORMATS:
        report.error = _("unknown format {format}; choose one of {formats}").format(
            format=repr(format), formats=", ".join(FORMATS)
        )
        return None, report
    if not path.exists():
        report.error = _("{file} not found").format(file=path.name)
        return None, report
    try:
        if aliases is None:
            try:
                aliases = load_aliases()
            except AliasFileError as exc:
                aliases = AliasTable.empty(_("alias table not used: {problem}").format(problem=exc))
        parsed = _parse(path, format, mapping, sep, max_bytes, table)
        progress.reached(progress.ASSEMBLING, parsed.rows_read)
        meta = CorpusMeta(
            dataset_id="import",
            label=path.name,
            source=str(path),
            format=parsed.format,
            attribution=ATTRIBUTION.get(parsed.format, ""),
            notes=parsed.notes,
        )
        corpus = assemble(parsed, report, aliases, meta)
    except InputError as exc:
        report.error = str(exc)
        return None, report
    except MemoryError:
        raise  # the caller knows the memory limit it set (the import job names it)
    except OSError as exc:
        log.warning("import of %s: %s", path, exc)
        report.error = _("{file} cannot be read ({reason})").format(
            file=path.name, reason=exc.strerror or _("input/output error")
        )
        return None, report
    except Exception:  # the boundary: a report, never a traceback or exception name
        log.exception("import of %s failed", path)
        report.error = _(
            "{file} could not be imported: its content does not fit the layout of the "
            "export it claims to be (the problem has been logged)"
        ).format(file=path.name)
        return None, report
    if report.patents == 0:
        report.error = _(
            "{file}: no patent records could be imported ({rows} rows read, {rejected} rejected)"
        ).format(
            file=path.name,
            rows=format_int(report.rows_read),
            rejected=format_int(len(report.rejected)),
        )
        return None, report
    return corpus, report
