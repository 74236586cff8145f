"""incoPat (合享) exports: XLSX (header in row 1) or CSV with Chinese column names
(docs/export-formats.md, section 5).

Recognised by ``链接到incoPat`` or ``合享价值度``, or by ``申请人`` beside
``公开（公告）号`` (full-width and half-width brackets alike). The applicant country is
``申请人国别代码``, one code per applicant in the order of ``申请人`` (rule ``source``).
Separators inside cells are not documented: each column's own is read from its cells
(``;``, ``；``, ``,``, ``，``, ``|``, line breaks; no half-width comma between names, which
English names contain). One row is one publication (``公开（公告）号``).
"""

from __future__ import annotations

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.readers.columns import Layout, find_keys, parse_columns
from app.ingest.table import Table
from app.ingest.values import NAME_SEPARATORS, extract

__all__ = ["FORMAT", "matches", "parse"]

FORMAT = "incopat"
# normalised names (header_key turns full-width brackets half-width, upper case lower)
_SYNONYMS = {
    "patent_id": ("公开(公告)号", "公开号"),
    "application_number": ("申请号",),
    "jurisdiction": ("公开国别",),
    "title": ("标题 (中文)", "标题(中文)", "标题", "标题 (英文)", "标题(英文)", "标题(翻译)"),
    "priority_date": ("最早优先权日", "优先权日"),
    "filing_date": ("申请日",),
    "publication_date": ("公开(公告)日", "首次公开日"),
    "priority_numbers": ("优先权号",),
    "applicants": ("申请人", "标准化申请人"),
    "applicant_countries": ("申请人国别代码",),
    "inventors": ("发明人",),
    "ipc": ("ipc", "ipc主分类号", "ipc主分类"),
    "cpc": ("cpc",),
}
_MARKERS = {"链接到incopat", "合享价值度"}


def matches(keys: set[str]) -> bool:
    """An incoPat header (its own columns, or 申请人 beside 公开（公告）号).

    Examples
    --------
    >>> matches({"序号", "标题 (中文)", "申请人", "公开(公告)号", "申请人国别代码"})
    True
    """
    return bool(keys & _MARKERS) or {"申请人", "公开(公告)号"} <= keys


def parse(table: Table) -> ParsedExport:
    """Records, applicants with their country codes, inventors and IPC/CPC codes."""
    table.require("incoPat", ("公开(公告)号", "公开号"), ("申请人", "标准化申请人"))
    layout = Layout(
        format=FORMAT,
        unit="publication",
        keys=find_keys(table, _SYNONYMS),
        name_separators=(*NAME_SEPARATORS, "\uff0c"),  # a full-width comma is never in a name
        notes=(_("Applicant countries are incoPat's 申请人国别代码 (applicant country code)."),),
    )
    parsed = parse_columns(table, layout)
    office = parsed.records["jurisdiction"].str.strip()
    prefix = extract(parsed.records["patent_id"].str.strip(), r"^([A-Za-z]{2})").fillna("")
    parsed.records["jurisdiction"] = office.where(office != "", prefix)
    parsed.records["publication_number"] = parsed.records["patent_id"]
    return parsed
