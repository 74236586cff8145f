"""Any CSV or XLSX patent list, given which column holds what.

The mapping sends canonical fields (:data:`FIELDS`) to the file's column names, e.g.
``{"patent_id": "Publication No.", "applicants": "Assignee", "ipc": "IPC"}``.
Multi-valued cells (applicants, their countries, codes, priority numbers) are split on
``sep`` (default ``;``). Without a mapping, columns named like the fields (or a few common
synonyms) are used.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from app.ingest.assemble import ParsedExport
from app.ingest.countries import priority_office
from app.ingest.table import InputError, Table, header_key
from app.ingest.values import split_multi

__all__ = ["FIELDS", "FORMAT", "guess_mapping", "parse"]

FORMAT = "generic"
FIELDS = (
    "patent_id",
    "publication_number",
    "application_number",
    "jurisdiction",
    "title",
    "priority_date",
    "filing_date",
    "publication_date",
    "priority_office",
    "priority_numbers",
    "applicants",
    "applicant_countries",
    "inventors",
    "ipc",
    "cpc",
)
_SYNONYMS = {
    "patent_id": ("patent_id", "patent id", "id", "lens id", "pub_number"),
    "publication_number": ("publication_number", "publication number", "publication no"),
    "application_number": ("application_number", "application number", "application no"),
    "jurisdiction": ("jurisdiction", "office", "country code"),
    "title": ("title",),
    "priority_date": ("priority_date", "priority date", "earliest priority date"),
    "filing_date": ("filing_date", "filing date", "application date"),
    "publication_date": ("publication_date", "publication date"),
    "priority_office": ("priority_office", "priority office"),
    "priority_numbers": ("priority_numbers", "priority numbers"),
    "applicants": ("applicants", "applicant", "assignee", "assignees"),
    "applicant_countries": ("applicant_countries", "applicant countries", "applicant country"),
    "inventors": ("inventors", "inventor"),
    "ipc": ("ipc", "ipc codes", "ipc classifications"),
    "cpc": ("cpc", "cpc codes", "cpc classifications"),
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
        hit = next((s for s in _SYNONYMS[name] if s in keys), None)
        if hit is not None and hit not in found.values():
            found[name] = hit
    return found


def parse(table: Table, mapping: Mapping[str, str] | None, sep: str = ";") -> ParsedExport:
    """Extract the mapped fields; unknown fields or columns are an InputError."""
    if mapping:
        unknown = [f for f in mapping if f not in FIELDS]
        if unknown:
            raise InputError(f"unknown field(s) in the mapping: {unknown}; known: {FIELDS}")
        absent = [c for c in mapping.values() if table.name(header_key(c)) is None]
        if absent:
            raise InputError(
                f"{table.path.name}: mapped column(s) {absent} not in the header "
                f"(row {table.header_row}); columns: {list(table.frame.columns)}"
            )
        keys = {f: header_key(c) for f, c in mapping.items()}
    else:
        keys = guess_mapping(table.keys)
    if "patent_id" not in keys and "publication_number" not in keys:
        raise InputError(
            f"{table.path.name}: no column for the record identifier; map patent_id "
            "(or publication_number) to one of the columns"
        )
    if not sep:
        raise InputError("the separator of multi-valued cells cannot be empty")

    def col(name: str) -> pd.Series:
        if name not in keys:
            return pd.Series("", index=table.frame.index, dtype="str")
        return table.column_or_empty(keys[name])

    patent_id = col("patent_id") if "patent_id" in keys else col("publication_number")
    office = col("priority_office")
    if "priority_numbers" in keys:
        derived = priority_office(col("priority_numbers"), sep)
        office = office.where(office.str.strip() != "", derived.fillna(""))
    records = pd.DataFrame(
        {
            "row": table.rows,
            "patent_id": patent_id,
            **{
                f: col(f)
                for f in (
                    "publication_number",
                    "application_number",
                    "jurisdiction",
                    "title",
                    "priority_date",
                    "filing_date",
                    "publication_date",
                )
            },
            "priority_office": office,
        }
    )
    applicants = split_multi(col("applicants"), sep).rename(columns={"value": "name_raw"})
    countries = split_multi(col("applicant_countries"), sep).rename(columns={"value": "country"})
    applicants = applicants.merge(countries, on=["rec", "position"], how="left")
    codes = [
        split_multi(col(f), sep).assign(scheme=f.upper(), field=table.name(keys[f]))
        for f in ("ipc", "cpc")
        if f in keys
    ]
    fields = {f: table.name(keys[f]) for f in keys}
    fields["patent_id"] = fields.get("patent_id") or fields["publication_number"]
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=pd.concat(codes, ignore_index=True)
        if codes
        else pd.DataFrame({"rec": [], "scheme": [], "value": [], "field": []}),
        inventors=split_multi(col("inventors"), sep) if "inventors" in keys else None,
        fields=fields,
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=(f"Imported with a column mapping: {dict(sorted(keys.items()))}.",),
    )
