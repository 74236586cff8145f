"""Espacenet result-list CSV export (docs/export-formats.md, section 2).

Seven preamble lines (found by content, not counted), then ``No;Title;Abstract;Inventors;
Applicants;Publication number;Earliest priority;IPC;CPC;Publication date;Earliest
publication;Family number``; ``;``-separated. Multi-valued cells hold one value per line
(space + CRLF inside the quoted cell). Applicants are ``NAME [CC]``: the only export here
that states every applicant's country (rule ``source``). CPC codes carry their allocating
offices, ``Y02E60/10 (EP,US)``. Dates are ``DD.MM.YYYY`` or ISO. The file may be cp1252.
"""

from __future__ import annotations

import pandas as pd

from app.ingest.assemble import ParsedExport
from app.ingest.table import Table
from app.ingest.values import split_multi

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "espacenet"
LINES = r"\s*(?:\r\n|\n|\r)\s*"  # one value per line inside a cell
_RESIDENCE = r"^(?P<name>.*?)\s*\[(?P<cc>[A-Za-z]{2})\]\s*$"


def matches(keys: set[str]) -> bool:
    """An Espacenet header: Title, Applicants, Publication number and Earliest priority.

    Examples
    --------
    >>> matches({"no", "title", "applicants", "publication number", "earliest priority"})
    True
    """
    return {"title", "applicants", "publication number"} <= keys and bool(
        keys & {"earliest priority", "family number"}
    )


def _names_and_countries(cells: pd.Series) -> pd.DataFrame:
    parts = split_multi(cells, LINES, regex=True)
    split = parts["value"].str.extract(_RESIDENCE)
    has_cc = split["name"].notna()
    return pd.DataFrame(
        {
            "rec": parts["rec"],
            "position": parts["position"],
            "name_raw": split["name"].where(has_cc, parts["value"]).astype("str"),
            "country": split["cc"].str.upper().astype("str"),
        }
    )


def _first_line(cells: pd.Series) -> pd.Series:
    parts = split_multi(cells, LINES, regex=True).drop_duplicates("rec")
    out = pd.Series("", index=cells.index, dtype="str")
    out.iloc[parts["rec"].to_numpy()] = parts["value"].to_numpy()
    return out


def parse(table: Table) -> ParsedExport:
    """Extract records, applicants (with country), inventors and codes."""
    table.require("Espacenet", ("publication number",), ("applicants",), ("title",))
    col = table.column_or_empty
    first_number = _first_line(col("publication number"))
    publication_date = col("earliest publication")
    publication_date = publication_date.where(
        publication_date.str.strip() != "", _first_line(col("publication date"))
    )
    records = pd.DataFrame(
        {
            "row": table.rows,
            "patent_id": first_number,
            "publication_number": first_number,
            "jurisdiction": first_number.str.slice(0, 2),
            "title": col("title"),
            "priority_date": col("earliest priority"),
            "publication_date": publication_date,
        }
    )
    applicants = _names_and_countries(col("applicants"))
    inventors = _names_and_countries(col("inventors")).rename(columns={"name_raw": "value"})
    codes = [
        split_multi(col(key), LINES, regex=True).assign(scheme=scheme, field=table.name(key))
        for key, scheme in (("ipc", "IPC"), ("cpc", "CPC"))
        if table.name(key)
    ]
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=pd.concat(codes, ignore_index=True)
        if codes
        else pd.DataFrame({"rec": [], "scheme": [], "value": [], "field": []}),
        inventors=inventors[["rec", "value"]],
        fields={
            "patent_id": table.name("publication number"),
            "priority_date": table.name("earliest priority") or "",
            "publication_date": table.name("earliest publication", "publication date") or "",
        },
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=("Applicant countries are the residence codes Espacenet gives as NAME [CC].",),
    )
