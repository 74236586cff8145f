"""The EPO OPS bibliographic flat table (``hydrogen_ops_biblio_flat.csv``).

One row per publication, made from OPS ``biblio`` records (its SOURCE.md lists the 20
columns). Multi-valued fields are ``;``-separated. ``applicant_countries`` (present where
OPS gave EPODOC ``NAME [CC]`` names) gives the country with rule ``source``; otherwise the
general order applies (alias table, then ``earliest_priority_office``, then the office).

The applicant split is heuristic for rows whose ``applicant_parse`` is
``first_format_block``: the record's full name list stays in the source file's
``applicants_raw`` column, and the corpus notes say so.
"""

from __future__ import annotations

import pandas as pd

from app.ingest.assemble import ParsedExport
from app.ingest.table import Table
from app.ingest.values import split_codes, split_multi

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "ops-flat"
SEP = ";"


def matches(keys: set[str]) -> bool:
    """The OPS flat header: ``pub_number``, ``applicants``, ``earliest_priority_office``.

    Examples
    --------
    >>> matches({"pub_number", "applicants", "earliest_priority_office", "ipc"})
    True
    """
    return {"pub_number", "applicants", "earliest_priority_office"} <= keys


def parse(table: Table) -> ParsedExport:
    """Extract records, applicants (with countries where given) and IPC/CPC codes."""
    table.require("OPS flat", ("pub_number",), ("applicants",), ("earliest_priority_office",))
    col = table.column_or_empty
    number = col("pub_number")
    jurisdiction = col("pub_country")
    jurisdiction = jurisdiction.where(jurisdiction.str.strip() != "", number.str.slice(0, 2))
    priority_date = col("earliest_priority_date")
    priority_date = priority_date.where(priority_date.str.strip() != "", col("priority_year"))
    records = pd.DataFrame(
        {
            "row": table.rows,
            "patent_id": number,
            "publication_number": number,
            "jurisdiction": jurisdiction,
            "title": col("title"),
            "priority_date": priority_date,
            "filing_date": col("app_date"),
            "publication_date": col("pub_date"),
            "priority_office": col("earliest_priority_office"),
        }
    )
    applicants = split_multi(col("applicants"), SEP).rename(columns={"value": "name_raw"})
    countries = split_multi(col("applicant_countries"), SEP).rename(columns={"value": "country"})
    applicants = applicants.merge(countries, on=["rec", "position"], how="left")
    codes = split_codes(
        [
            (scheme, table.name(key), col(key))
            for key, scheme in (("ipc", "IPC"), ("cpc", "CPC"))
            if table.name(key)
        ],
        SEP,
    )
    notes = [
        "Keyword search on hydrogen energy (EPO OPS), not a battery landscape; "
        "battery codes are on a minority of records."
    ]
    parse_rule = col("applicant_parse")
    heuristic = int((parse_rule == "first_format_block").sum())
    if heuristic:
        notes.append(
            f"Applicant names of {heuristic:,} records come from a heuristic split of the "
            "OPS name list (applicant_parse = first_format_block); the full list is in the "
            "source file's applicants_raw column."
        )
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=codes,
        fields={
            "patent_id": table.name("pub_number"),
            "priority_date": table.name("earliest_priority_date", "priority_year") or "",
            "filing_date": table.name("app_date") or "",
            "publication_date": table.name("pub_date") or "",
        },
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=tuple(notes),
        unit="publication",
    )
