"""Any CSV or XLSX patent list, given which column holds what.

The mapping sends canonical fields (:data:`FIELDS`) to the file's column names, e.g.
``{"patent_id": "Publication No.", "applicants": "Assignee", "ipc": "IPC"}``. Without a
mapping, columns named like the fields (or a common synonym, :data:`SYNONYMS`, which knows
the column names of the exports we read) are used.

Each multi-valued column (applicants, their countries, inventors, codes, priority numbers)
is split on the separator its own cells use, guessed from the data (``;;``, `` | ``,
``;``, a line break ...; commas only between codes and country codes), unless one
separator is given for all. Applicant names written ``NAME [CC]`` give their country.
Long files, with several rows per record id (one per applicant or per code), are merged
into one record per id with every applicant and code kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.readers.columns import MULTI_FIELDS, RECORD_FIELDS, Layout, parse_columns
from app.ingest.table import InputError, Table, header_key

__all__ = ["FIELDS", "FORMAT", "SYNONYMS", "guess_mapping", "parse"]

FORMAT = "generic"
FIELDS = (
    "patent_id",
    *RECORD_FIELDS,
    "priority_numbers",
    "applicants",
    "applicant_countries",
    "inventors",
    "ipc",
    "cpc",
)
# Normalised column names (header_key) per field, best first: our own field names, then
# the names the exports we know use for it (Lens, Espacenet in English, German and French,
# Google Patents, BigQuery, incoPat, Derwent Innovation, PatentsView).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "patent_id": ("patent_id", "patent id", "id", "lens id", "pub_number", "record id"),
    "publication_number": (
        "publication_number",
        "publication number",
        "publication no",
        "publication no.",
        "display key",
        "veröffentlichungsnummer",
        "numéro de publication",
        "公开(公告)号",
        "公开号",
    ),
    "application_number": (
        "application_number",
        "application number",
        "application no",
        "application no.",
        "申请号",
    ),
    "jurisdiction": (
        "jurisdiction",
        "office",
        "country code",
        "country_code",
        "publication country code",
        "公开国别",
    ),
    "title": ("title", "title - dwpi", "titel", "titre", "标题", "标题 (中文)", "标题 (英文)"),
    "priority_date": (
        "priority_date",
        "priority date",
        "earliest priority date",
        "earliest priority",
        "früheste priorität",
        "priorité la plus ancienne",
        "最早优先权日",
        "优先权日",
    ),
    "filing_date": (
        "filing_date",
        "filing date",
        "application date",
        "filing/creation date",
        "申请日",
    ),
    "publication_date": (
        "publication_date",
        "publication date",
        "veröffentlichungsdatum",
        "date de publication",
        "公开(公告)日",
    ),
    "priority_office": ("priority_office", "priority office", "earliest_priority_office"),
    "priority_numbers": (
        "priority_numbers",
        "priority numbers",
        "priority number",
        "优先权号",
    ),
    "applicants": (
        "applicants",
        "applicant",
        "assignee",
        "assignees",
        "assignee/applicant",
        "assignee_name",
        "anmelder",
        "demandeurs",
        "申请人",
        "专利权人/申请人",
    ),
    "applicant_countries": (
        "applicant_countries",
        "applicant countries",
        "applicant country",
        "assignee country",
        "assignee_country",
        "申请人国别代码",
    ),
    "inventors": (
        "inventors",
        "inventor",
        "inventor/author",
        "inventor - dwpi",
        "erfinder",
        "inventeurs",
        "发明人",
    ),
    "ipc": (
        "ipc",
        "ipc codes",
        "ipc classifications",
        "ipcr classifications",
        "ipc - current",
        "ipc_code",
        "ipc分类号",
    ),
    "cpc": ("cpc", "cpc codes", "cpc classifications", "cpc - current", "cpc_code"),
}


def guess_mapping(keys: set[str]) -> dict[str, str]:
    """Field -> normalised column name, for columns named like a field or a synonym.

    Examples
    --------
    >>> guess_mapping({"id", "assignee", "ipc", "notes"})
    {'patent_id': 'id', 'applicants': 'assignee', 'ipc': 'ipc'}
    """
    found = {}
    for name in FIELDS:
        hit = next((s for s in SYNONYMS[name] if s in keys), None)
        if hit is not None and hit not in found.values():
            found[name] = hit
    return found


def parse(table: Table, mapping: Mapping[str, str] | None, sep: str | None = None) -> ParsedExport:
    """Extract the mapped fields; unknown fields or columns are an InputError.

    ``sep``: one separator for every multi-valued column; None (or empty) guesses each
    column's own from its cells.
    """
    if mapping:
        unknown = [f for f in mapping if f not in FIELDS]
        if unknown:
            raise InputError(
                _("unknown field(s) in the mapping: {unknown}; known: {known}").format(
                    unknown=", ".join(unknown), known=", ".join(FIELDS)
                )
            )
        absent = [c for c in mapping.values() if table.name(header_key(c)) is None]
        if absent:
            raise InputError(
                _(
                    "{file}: mapped column(s) {absent} not in the header (row {row}); "
                    "columns: {columns}"
                ).format(
                    file=table.path.name,
                    absent=", ".join(repr(c) for c in absent),
                    row=table.header_row,
                    columns=", ".join(str(c) for c in table.frame.columns),
                )
            )
        keys = {f: header_key(c) for f, c in mapping.items()}
    else:
        keys = guess_mapping(table.keys)
    shown = {f: table.name(k) for f, k in sorted(keys.items())}
    layout = Layout(
        format=FORMAT,
        unit="record",
        keys=keys,
        separators={f: sep for f in MULTI_FIELDS} if sep else {},
        long=True,
        notes=(_("Imported with a column mapping: {mapping}.").format(mapping=shown),),
    )
    return parse_columns(table, layout)
