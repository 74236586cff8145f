"""Espacenet result-list CSV export, in any interface language (docs/export-formats.md, 2).

Preamble lines (``Espacenet``, ``Patent search`` / ``Patentsuche``, the query, ...; found
by content, not counted), then the column row in the interface language, e.g. ``No;Title;
Abstract;Inventors;Applicants;Publication number;Earliest priority;IPC;CPC;Publication
date;Earliest publication;Family number`` (English) or ``"No";"Titel";"Erfinder";
"Anmelder";"Veröffentlichungsnummer";"Früheste Priorität";...;"Familiennummer";`` (German,
every cell quoted, a trailing ``;``); ``;``-separated. Column names are read in English,
German and French (:data:`COLUMN_NAMES`). Multi-valued cells hold one value per line
(space + CRLF inside the quoted cell). Applicants are ``NAME [CC]``: the residence country
(rule ``source``); not every name carries one. CPC codes carry their allocating offices,
``Y02E60/10 (EP,US)``. Dates are ``DD.MM.YYYY`` or ISO. The file may be cp1252.

One row is one patent family (``Family number``); its id is the first publication number.
"""

from __future__ import annotations

import pandas as pd

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.table import Table
from app.ingest.values import residence_tags, split_codes, split_multi

__all__ = ["COLUMN_NAMES", "FORMAT", "matches", "parse"]

FORMAT = "espacenet"
LINES = r"\s*(?:\r\n|\n|\r)\s*"  # one value per line inside a cell

# English column name -> its names in the interface languages (normalised: lower case).
# English and German are confirmed from real exports; French follows Espacenet's French
# interface labels (not confirmed from an export).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "titre"),
    "abstract": ("abstract", "zusammenfassung", "abrégé"),
    "inventors": ("inventors", "erfinder", "inventeurs"),
    "applicants": ("applicants", "anmelder", "demandeurs"),
    "publication number": (
        "publication number",
        "veröffentlichungsnummer",
        "numéro de publication",
    ),
    "earliest priority": (
        "earliest priority",
        "früheste priorität",
        "priorité la plus ancienne",
    ),
    "ipc": ("ipc", "cib"),
    "cpc": ("cpc",),
    "publication date": ("publication date", "veröffentlichungsdatum", "date de publication"),
    "earliest publication": (
        "earliest publication",
        "früheste veröffentlichung",
        "publication la plus ancienne",
    ),
    "family number": ("family number", "familiennummer", "numéro de famille"),
}


def _english(keys: set[str]) -> dict[str, str]:
    """English column name -> the file's (normalised) name, for the columns it has."""
    found = {}
    for english, names in COLUMN_NAMES.items():
        hit = next((n for n in names if n in keys), None)
        if hit is not None:
            found[english] = hit
    return found


def matches(keys: set[str]) -> bool:
    """An Espacenet header in any known language: title, applicants, publication number
    and the earliest priority or the family number.

    Examples
    --------
    >>> matches({"no", "title", "applicants", "publication number", "earliest priority"})
    True
    >>> matches({"no", "titel", "anmelder", "veröffentlichungsnummer", "familiennummer"})
    True
    """
    found = _english(keys)
    return {"title", "applicants", "publication number"} <= set(found) and bool(
        {"earliest priority", "family number"} & set(found)
    )


def _names_and_countries(cells: pd.Series) -> pd.DataFrame:
    parts = split_multi(cells, LINES, regex=True)
    tags = residence_tags(parts["value"])
    return pd.DataFrame(
        {
            "rec": parts["rec"],
            "position": parts["position"],
            "name_raw": tags["name"],
            "country": tags["country"],
        }
    )


def _first_line(cells: pd.Series) -> pd.Series:
    parts = split_multi(cells, LINES, regex=True).drop_duplicates("rec")
    out = pd.Series("", index=cells.index, dtype="str")
    out.iloc[parts["rec"].to_numpy()] = parts["value"].to_numpy()
    return out


def parse(table: Table) -> ParsedExport:
    """Extract records, applicants (with country), inventors and codes."""
    english = _english(table.keys)
    file_key = {e: english.get(e, e) for e in COLUMN_NAMES}
    table.require(
        "Espacenet",
        COLUMN_NAMES["publication number"],
        COLUMN_NAMES["applicants"],
        COLUMN_NAMES["title"],
    )

    def col(name: str) -> pd.Series:
        return table.column_or_empty(file_key[name])

    def name(english_name: str) -> str:
        return table.name(file_key[english_name]) or ""

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
    codes = split_codes(
        [
            (scheme, name(key), col(key))
            for key, scheme in (("ipc", "IPC"), ("cpc", "CPC"))
            if key in english
        ],
        LINES,
        regex=True,
    )
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=codes,
        inventors=inventors[["rec", "value"]],
        fields={
            "patent_id": name("publication number"),
            "priority_date": name("earliest priority"),
            "publication_date": name("earliest publication") or name("publication date"),
        },
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=(_("Applicant countries are the residence codes Espacenet gives as NAME [CC]."),),
        unit="family",
    )
