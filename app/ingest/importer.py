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

from app.i18n import _
from app.ingest.assemble import ParsedExport, assemble
from app.ingest.names import AliasFileError, AliasTable, load_aliases
from app.ingest.readers import espacenet, generic, lens, ops_flat, patentsview
from app.ingest.schema import Corpus, CorpusMeta, ImportReport
from app.ingest.table import InputError, Table, header_key, read_table

__all__ = ["ATTRIBUTION", "FORMATS", "detect_format", "import_export", "recognise"]

log = logging.getLogger(__name__)

FORMATS = ("lens", "espacenet", "patentsview", "generic", "ops-flat")
ATTRIBUTION = {
    "lens": "Lens.org",
    "espacenet": "Espacenet (EPO)",
    "patentsview": "PatentsView (USPTO)",
    "ops-flat": "EPO / Espacenet OPS",
    "generic": "",
}
# Header recognisers, most specific first. Lens Scholarly is recognised only to refuse it.
_RECOGNISERS = (
    ("lens-scholarly", lens.is_scholarly),
    ("lens", lens.matches),
    ("espacenet", espacenet.matches),
    ("ops-flat", ops_flat.matches),
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

    A folder, or a zip of ``g_*.tsv`` tables, is PatentsView.
    """
    path = Path(path)
    if patentsview.is_table_set(path):
        return "patentsview"
    try:
        table = read_table(path, lambda keys: _recognise(keys) is not None)
    except InputError:
        return None
    found = _recognise(table.keys)
    return "lens" if found == "lens-scholarly" else found


def _header_test(fmt: str | None, mapping: Mapping[str, str] | None):
    if fmt == "generic":
        if not mapping:
            return None
        wanted = {header_key(c) for c in mapping.values()}
        return lambda keys: wanted <= keys
    if fmt is None:
        return lambda keys: _recognise(keys) is not None
    tests = dict(_RECOGNISERS)
    return tests.get(fmt)


def _parse(
    path: Path, fmt: str | None, mapping, sep: str, max_bytes: int | None, table: Table | None
) -> ParsedExport:
    if fmt == "patentsview" or (fmt is None and patentsview.is_table_set(path)):
        return patentsview.parse_path(path, max_bytes)
    if path.is_dir():
        raise InputError(f"{path.name} is a folder without PatentsView g_*.tsv tables")
    if table is None:
        table = read_table(path, _header_test(fmt, mapping), max_bytes)
    found = _recognise(table.keys)
    if fmt is None:
        if found is None:
            if mapping:
                fmt = "generic"
            else:
                raise InputError(
                    f"{path.name}: the header (row {table.header_row}) matches no known "
                    "export (Lens, Espacenet, PatentsView, OPS); choose the format, or "
                    "import it as generic with a column mapping"
                )
        else:
            fmt = "lens" if found == "lens-scholarly" else found
    if fmt == "lens":
        return lens.parse(table)
    if fmt == "espacenet":
        return espacenet.parse(table)
    if fmt == "ops-flat":
        return ops_flat.parse(table)
    if fmt == "patentsview":
        return patentsview.parse_path(path, max_bytes)
    return generic.parse(table, mapping, sep)


def import_export(
    path: Path | str,
    format: str | None = None,
    *,
    mapping: Mapping[str, str] | None = None,
    sep: str = ";",
    aliases: AliasTable | None = None,
    max_bytes: int | None = None,
    table: Table | None = None,
) -> tuple[Corpus | None, ImportReport]:
    """Read one export into a corpus; the report says what was read, kept and rejected.

    Parameters
    ----------
    path : file or folder (PatentsView tables).
    format : one of FORMATS, or None to recognise it from the header.
    mapping, sep : for ``generic``: canonical field -> source column, and the separator
        of multi-valued cells (see :mod:`app.ingest.readers.generic`).
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
        report.error = f"unknown format {format!r}; choose one of {', '.join(FORMATS)}"
        return None, report
    if not path.exists():
        report.error = _("{file} not found").format(file=path.name)
        return None, report
    try:
        if aliases is None:
            try:
                aliases = load_aliases()
            except AliasFileError as exc:
                aliases = AliasTable.empty(f"alias table not used: {exc}")
        parsed = _parse(path, format, mapping, sep, max_bytes, table)
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
        report.error = (
            f"{path.name}: no patent records could be imported "
            f"({report.rows_read:,} rows read, {len(report.rejected):,} rejected)"
        )
        return None, report
    return corpus, report
