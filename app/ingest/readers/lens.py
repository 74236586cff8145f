"""Lens.org patent CSV export, every header variant seen (docs/export-formats.md, section 1).

- Variant C (current, 37 columns): ``Display Key``, ``Earliest Priority Date``, priority
  numbers without dates (``US 201715458258 A;;US 201462030942 P``).
- Variant B (2020/21, 31 columns): ``Publication Number``, priority numbers with their
  date (``US 83547206 P 20060804``).
- Variant A (2017, 26 columns): no earliest priority date.
- The short form some API pulls produce (``#, Lens ID, Jurisdiction, Publication Date,
  Publication Year, Title, Abstract, Applicants, Inventors, URL``): no codes, no priority.

Multi-valued cells are split on ``;;`` only: single ``;`` occurs inside names
(``BACON; RICHARD J.``). A Lens *Scholarly* export (literature, not patents) is refused.
Lens states no applicant country: it is derived (see :mod:`app.ingest.countries`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from app.ingest.assemble import ParsedExport
from app.ingest.countries import priority_office, priority_parts
from app.ingest.table import InputError, Table
from app.ingest.values import split_codes, split_multi

__all__ = ["FORMAT", "is_scholarly", "matches", "parse"]

FORMAT = "lens"
SEP = ";;"
_SCHOLARLY_KEYS = {"source title", "publication type", "date published", "doi"}


# The columns parse reads (normalised names): only these are built from the file (a Lens
# export has 37; the others, URLs, family members, citations, take a third of the reading).
COLUMNS = frozenset(
    {
        "lens id",
        "display key",
        "publication number",
        "jurisdiction",
        "title",
        "priority numbers",
        "earliest priority date",
        "publication date",
        "publication year",
        "application number",
        "application date",
        "applicants",
        "inventors",
        "ipcr classifications",
        "cpc classifications",
    }
)


def matches(keys: set[str]) -> bool:
    """A Lens patent export header: it has ``Lens ID`` and ``Jurisdiction``.

    Examples
    --------
    >>> matches({"#", "lens id", "jurisdiction", "applicants"})
    True
    """
    return {"lens id", "jurisdiction"} <= keys


def is_scholarly(keys: set[str]) -> bool:
    """A Lens Scholarly (literature) export: ``Lens ID`` but no ``Jurisdiction``."""
    return "lens id" in keys and "jurisdiction" not in keys and bool(keys & _SCHOLARLY_KEYS)


def _earliest_dated_priority(parts: pd.DataFrame, index: pd.Index) -> pd.Series:
    """``YYYYMMDD`` of the earliest priority whose number carries its date (variant B);
    ``parts``: :func:`~app.ingest.countries.priority_parts` of the numbers."""
    out = pd.Series("", index=index, dtype="str")
    parts = parts.dropna(subset=["date"])
    if len(parts):
        earliest = parts.groupby("rec")["date"].min()
        out.iloc[earliest.index.to_numpy()] = earliest.to_numpy()
    return out


def _codes(table: Table) -> pd.DataFrame:
    """One row per IPCR and CPC code as written: ``rec``, ``value``, ``scheme``, ``field``."""
    columns = [
        (scheme, table.name(key), table.column_or_empty(key))
        for key, scheme in (("ipcr classifications", "IPC"), ("cpc classifications", "CPC"))
        if table.name(key)
    ]
    return split_codes(columns, SEP)


def parse(table: Table) -> ParsedExport:
    """Extract records, applicants, inventors and IPCR/CPC codes from a Lens export."""
    keys = table.keys
    if is_scholarly(keys):
        raise InputError(
            f"{table.path.name} is a Lens Scholarly (literature) export, not a patent "
            "export; export from Lens Patent search instead"
        )
    table.require(
        "Lens", ("lens id", "display key", "publication number"), ("jurisdiction",), ("applicants",)
    )
    col = table.column_or_empty
    # the code columns (the largest: millions of codes) are split in a second thread while
    # this one reads the rest; Arrow's string kernels release the GIL
    pool = ThreadPoolExecutor(max_workers=1)
    codes = pool.submit(_codes, table)
    pool.shutdown(wait=False)
    number_key = ("display key", "publication number")
    id_key = ("lens id",) if table.name("lens id") else number_key

    priority_numbers = col("priority numbers")
    priority_date = col("earliest priority date")
    priorities = priority_parts(priority_numbers, SEP)  # split once for the date and office
    dated = _earliest_dated_priority(priorities, priority_numbers.index)
    priority_date = priority_date.where(priority_date.str.strip() != "", dated)
    publication_date = col("publication date")
    publication_date = publication_date.where(
        publication_date.str.strip() != "", col("publication year")
    )
    records = pd.DataFrame(
        {
            "row": table.rows,
            "patent_id": col(*id_key),
            "publication_number": col(*number_key),
            "application_number": col("application number"),
            "jurisdiction": col("jurisdiction"),
            "title": col("title"),
            "priority_date": priority_date,
            "filing_date": col("application date"),
            "publication_date": publication_date,
            "priority_office": priority_office(priority_numbers, SEP, priorities),
        }
    )
    # a categorical: two million names, a few hundred thousand distinct (see assemble)
    applicants = split_multi(col("applicants"), SEP, encoded=True)
    applicants = applicants.rename(columns={"value": "name_raw"})
    inventors = split_multi(col("inventors"), SEP)
    codes_frame = codes.result()
    notes = []
    if not table.name("ipcr classifications", "cpc classifications"):
        notes.append("This Lens export has no IPC or CPC column: the technology pages are empty.")
    if not table.name("priority numbers"):
        notes.append(
            "No priority numbers: applicant country comes from the alias table where "
            "curated, else from the office of national publications (a weak proxy)."
        )
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=codes_frame,
        inventors=inventors,
        fields={
            "patent_id": table.name(*id_key),
            "priority_date": table.name("earliest priority date", "priority numbers") or "",
            "filing_date": table.name("application date") or "",
            "publication_date": table.name("publication date", "publication year") or "",
        },
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=tuple(notes),
        unit="publication",
    )
