"""EPO linked open data extracts (data.epo.org/linked-data): one row per publication x
applicant x CPC code.

The columns are SPARQL variables: ``publn`` (publication URI
``.../publication/EP/2639871/B1/-``), ``application`` (``.../application/EP/13158569``),
``publnDate``, ``kind``, ``cpcCode`` (``.../def/cpc/H01M8-0606``, i.e. ``H01M 8/0606``),
``name`` (the applicant as filed, not harmonised, sometimes over two lines) and
``country`` (the applicant's, ISO alpha-2, on every row). A record is one **application**:
its A and B publications are one record, carrying every applicant and every code of all
its rows, and its earliest publication (number and date). URIs are reduced to their
identifiers.
"""

from __future__ import annotations

import pandas as pd

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.table import Table
from app.ingest.values import extract

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "epo-linked"
_REQUIRED = ("application", "name", "country", "cpccode")


def matches(keys: set[str]) -> bool:
    """An EPO linked-data extract: ``publn``, ``application``, ``cpcCode``, ``name``, ``country``.

    Examples
    --------
    >>> matches({"publn", "applicant", "application", "cpccode", "name", "country"})
    True
    """
    return {"publn", *_REQUIRED} <= keys


def _tail(uris: pd.Series, pattern: str) -> pd.Series:
    """The identifier at the end of each URI (empty where the pattern does not match)."""
    return extract(uris, pattern).fillna("").astype("str")


def _earliest_publication(application: pd.Series, number: pd.Series, date: pd.Series):
    """Each row's application's first publication: its number and date."""
    order = pd.DataFrame({"app": application, "number": number, "date": date})
    order = order[order["number"] != ""].sort_values(["app", "date", "number"], kind="stable")
    first = order.drop_duplicates("app").set_index("app")
    return (
        application.map(first["number"]).fillna("").astype("str"),
        application.map(first["date"]).fillna("").astype("str"),
    )


def parse(table: Table) -> ParsedExport:
    """One record per application, with every applicant (and country) and CPC code."""
    table.require("EPO linked data", ("application",), ("name",), ("country",), ("cpccode",))
    col = table.column_or_empty
    # ".../application/EP/13158569" -> "EP13158569"
    office = _tail(col("application"), r"/application/([A-Z]{2})/[^/]+/?$")
    number = _tail(col("application"), r"/application/[A-Z]{2}/([^/]+)/?$")
    application = (office + number).where(number != "", "")
    # ".../publication/EP/2639871/B1/-" -> "EP2639871B1"
    publication = _tail(col("publn"), r"/publication/([A-Z]{2}/[^/]+/[^/]+)/[^/]*$")
    publication = publication.str.replace("/", "", regex=False)
    first_number, first_date = _earliest_publication(application, publication, col("publndate"))
    records = pd.DataFrame(
        {
            "row": table.rows,
            "patent_id": application,
            "publication_number": first_number,
            "application_number": application,
            "jurisdiction": office,
            "publication_date": first_date,
        }
    )
    index = pd.RangeIndex(len(table.frame))
    names = col("name").str.replace(r"\s*\n\s*", " ", regex=True).str.strip()
    applicants = pd.DataFrame(
        {"rec": index, "position": 0, "name_raw": names, "country": col("country").str.strip()}
    )
    codes = pd.DataFrame(
        {
            "rec": index,
            "row": table.rows,
            "scheme": "CPC",
            "value": _tail(col("cpccode"), r"/([^/]+)$"),
            "field": table.name("cpccode"),
        }
    )
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=codes,
        fields={
            "patent_id": table.name("application"),
            "publication_date": table.name("publndate") or "",
            "applicant_countries": table.name("country"),
        },
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=(
            _(
                "One record per EP application: its A and B publications are one record. "
                "Codes are the inventive CPC codes the EPO lists; applicant countries are "
                "the ones the EPO states."
            ),
        ),
        unit="application",
        long=True,
    )
