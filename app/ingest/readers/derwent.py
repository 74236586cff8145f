"""Derwent: Derwent Innovation's CSV/XLSX export and the Derwent Innovations Index
tagged text (docs/export-formats.md, section 6). Two different things share the name.

**Derwent Innovation** (Clarivate's platform): a table, any subset of ``Publication
Number, Title - DWPI, Assignee/Applicant, Inventor - DWPI, IPC - Current, CPC - Current,
Priority Number, Priority Date, Application Date, Publication Date, Publication Country
Code ...``, possibly below a title row (the header is found by content); multi-valued
cells joined by `` | ``. One row per publication. It states no applicant country: the
office of the earliest priority number stands in for it.

**Derwent Innovations Index** (Web of Science): plain text, two-letter tags (``FN``/``VR``
file header, each record from ``PT`` to ``ER``, continuation lines indented by three
spaces). A record is one DWPI family: ``PN`` lists its publications, ``GA`` is its
accession number, ``AE`` its assignees with their Derwent code (``TOYOTA MOTOR CORP
(TOYT-C)``; ``-I`` marks a person), ``AU`` its inventors, ``IP`` its IPC codes
(``H01M-010/0525``), ``PI`` its priorities and ``PD`` its publication details. Dates in
``PI``/``PD`` are read by their year only, the earliest one (their layout is not
documented).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.readers.columns import Layout, empty_codes, find_keys, parse_columns
from app.ingest.table import Table, decode
from app.ingest.values import extract, split_multi

__all__ = ["FORMAT", "is_tagged", "matches", "parse", "parse_tagged"]

FORMAT = "derwent"
_SYNONYMS = {
    "patent_id": ("publication number", "公开号"),
    "title": ("title - dwpi", "title", "标题 - dwpi", "标题"),
    "applicants": (
        "assignee/applicant",
        "optimized assignee",
        "assignee - original",
        "专利权人/申请人",
    ),
    "inventors": ("inventor - dwpi", "inventor", "发明人 - dwpi", "发明人"),
    "ipc": ("ipc - current", "ipc", "ipc - 现版"),
    "cpc": ("cpc - current", "cpc", "cpc - 现版"),
    "priority_date": ("priority date", "earliest priority date", "最早优先权日", "优先权日"),
    "filing_date": ("application date", "申请日"),
    "publication_date": ("publication date", "公开日"),
    "priority_numbers": ("priority number", "priority numbers", "优先权号"),
    "jurisdiction": ("publication country code", "公开国家/地区代码"),
    "application_number": ("application number", "申请号"),
}
_TAGGED_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:FN|VR|PT) ")
_YEAR = r"\b((?:18|19|20)\d{2})(?:\d{4})?\b"  # 2021, or the year of 20210716


def matches(keys: set[str]) -> bool:
    """A Derwent Innovation header: the publication number and Derwent's own columns.

    Examples
    --------
    >>> matches({"publication number", "title - dwpi", "assignee/applicant"})
    True
    """
    has_number = bool(keys & {"publication number", "公开号"})
    derwent_only = {"assignee/applicant", "title - dwpi", "专利权人/申请人", "标题 - dwpi"}
    return has_number and bool(keys & derwent_only)


def parse(table: Table) -> ParsedExport:
    """Records, assignees, inventors and codes of a Derwent Innovation table."""
    table.require("Derwent Innovation", _SYNONYMS["patent_id"], _SYNONYMS["applicants"])
    layout = Layout(
        format=FORMAT,
        unit="publication",
        keys=find_keys(table, _SYNONYMS),
        notes=(
            _(
                "Derwent Innovation states no applicant country: the office of the earliest "
                "priority number stands in for it where there is one."
            ),
        ),
    )
    parsed = parse_columns(table, layout)
    parsed.records["publication_number"] = parsed.records["patent_id"]
    return parsed


def is_tagged(data: bytes) -> bool:
    """True for Web of Science tagged text (a Derwent Innovations Index export).

    Examples
    --------
    >>> is_tagged(b"FN Clarivate Analytics Derwent Innovations Index\\nVR 1.0\\nPT P\\n")
    True
    >>> is_tagged(b"Publication Number,Title\\n")
    False
    """
    return bool(_TAGGED_START.match(data[:64]))


def _tag_lines(text: str) -> pd.DataFrame:
    """Every line of the records with its tag, record number and line number."""
    lines = pd.Series(text.splitlines(), dtype="str")
    tag = lines.str.slice(0, 2).where(lines.str.match(r"^[A-Z][A-Z0-9](?: |$)"))
    frame = pd.DataFrame(
        {
            "line": np.arange(1, len(lines) + 1),
            "tag": tag.ffill(),
            "value": lines.str.slice(3).str.strip(),
            "starts": tag.notna(),
        }
    )
    frame["rec"] = (frame["tag"].eq("PT") & frame["starts"]).cumsum() - 1
    outside = frame["tag"].isin(["FN", "VR", "ER", "EF"]) | (frame["rec"] < 0)
    return frame[~outside & (frame["value"] != "")]


def _field(lines: pd.DataFrame, tag: str, n: int, joiner: str = " ") -> pd.Series:
    """One text per record: the tag's lines joined (empty where the record lacks it)."""
    found = lines[lines["tag"] == tag].groupby("rec")["value"].agg(joiner.join)
    return found.reindex(range(n), fill_value="").astype("str")


def _earliest_year(cells: pd.Series) -> pd.Series:
    """The earliest year written in each cell (``PI``, ``PD``), as text; empty if none."""
    parts = split_multi(cells, ";")
    years = extract(parts["value"], _YEAR)
    found = pd.DataFrame({"rec": parts["rec"], "year": years}).dropna()
    earliest = found.groupby("rec")["year"].min()
    return earliest.reindex(range(len(cells)), fill_value="").astype("str")


def _values(lines: pd.DataFrame, tag: str, sep: str) -> pd.DataFrame:
    """``rec``, ``position``, ``value`` of a multi-valued tag (one value per line or sep)."""
    cells = _field(lines, tag, int(lines["rec"].max()) + 1 if len(lines) else 0, sep)
    return split_multi(cells, sep)


def parse_tagged(data: bytes, path) -> ParsedExport:
    """Records (DWPI families), assignees, inventors and IPC codes of tagged text."""
    text, warnings = decode(data, path.name)
    lines = _tag_lines(text)
    n = int(lines["rec"].max()) + 1 if len(lines) else 0
    starts = lines[lines["tag"].eq("PT")].groupby("rec")["line"].min()
    numbers = split_multi(_field(lines, "PN", n, "; "), ";")
    first_number = numbers.drop_duplicates("rec").set_index("rec")["value"]
    first_number = first_number.reindex(range(n), fill_value="").astype("str")
    accession = _field(lines, "GA", n)
    priorities = _field(lines, "PI", n, "; ")
    records = pd.DataFrame(
        {
            "row": starts.reindex(range(n)).to_numpy(),
            "patent_id": accession.where(accession != "", first_number),
            "publication_number": first_number.str.replace("-", "", regex=False),
            "jurisdiction": first_number.str.slice(0, 2),
            "title": _field(lines, "TI", n),
            "priority_date": _earliest_year(priorities),
            "publication_date": _earliest_year(_field(lines, "PD", n, "; ")),
            "priority_office": extract(priorities, r"^\s*([A-Z]{2})").fillna(""),
        }
    )
    assignees = _values(lines, "AE", ";")
    code = extract(assignees["value"], r"\(([A-Z0-9]{4}-[A-Z])\)\s*$").fillna("")
    applicants = pd.DataFrame(
        {
            "rec": assignees["rec"],
            "position": assignees["position"],
            "name_raw": assignees["value"].str.replace(
                r"\s*\([A-Z0-9]{4}-[A-Z]\)\s*$", "", regex=True
            ),
            "kind_hint": np.where(code.str.endswith("-I"), "individual", ""),
        }
    )
    ipc = _values(lines, "IP", ";")
    codes = ipc.assign(scheme="IPC", field="IP") if len(ipc) else empty_codes()
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=codes,
        inventors=_values(lines, "AU", ";"),
        fields={
            "patent_id": "GA",
            "priority_date": "PI",
            "publication_date": "PD",
        },
        rows_read=n,
        warnings=warnings,
        notes=(
            _(
                "Derwent Innovations Index: one record per DWPI family. Assignees are "
                "DWPI-standardised names; no applicant country is given, so the office of "
                "the first priority stands in for it. Years come from the PI and PD fields."
            ),
        ),
        unit="family",
    )
