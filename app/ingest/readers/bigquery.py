"""Query results from Google's ``patents-public-data.patents.publications`` on BigQuery.

Recognised by the publications table's column names (``publication_number`` and two or
more of ``country_code``, ``family_id``, ``priority_date``, ``title``/``title_localized``,
``assignee``/``assignee_harmonized``, ``cpc``, ``ipc`` ..., or the flat names of the
recipe in docs/bigquery.md such as ``assignee_name``, ``cpc_code``).

- **CSV** (BigQuery cannot write nested fields to CSV, so a query flattens them): either
  one row per publication with the lists joined into one cell (``STRING_AGG``; each
  column's separator is read from its cells), or one row per publication and assignee
  and/or code (``UNNEST``). Rows repeating a publication are merged, every assignee and
  code kept.
- **Newline-delimited JSON** (or a JSON array) with the table's nested fields as they
  are: ``title_localized`` ``[{text, language}]`` (English preferred),
  ``assignee_harmonized`` ``[{name, country_code}]`` (else ``assignee`` ``[name]``),
  ``inventor_harmonized`` / ``inventor``, ``cpc`` / ``ipc`` ``[{code, ...}]``. Flat JSON
  rows are read like the CSV.

Dates are ``YYYYMMDD`` integers (0 when unknown) or strings. The applicant country is
``assignee_harmonized.country_code`` (rule ``source``). One record is one publication.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from app.i18n import N_, _
from app.ingest.assemble import ParsedExport
from app.ingest.readers.columns import Layout, empty_codes, find_keys, parse_columns
from app.ingest.table import InputError, Table
from app.ingest.values import extract

__all__ = ["FORMAT", "is_json", "matches", "parse", "parse_json"]

FORMAT = "bigquery"
_SYNONYMS = {
    "patent_id": ("publication_number",),
    "application_number": ("application_number", "application_number_formatted"),
    "jurisdiction": ("country_code",),
    "title": ("title", "title_text", "title_localized_text", "title_localized.text"),
    "priority_date": ("priority_date",),
    "filing_date": ("filing_date",),
    "publication_date": ("publication_date",),
    "applicants": (
        "assignee_harmonized_name",
        "assignee_harmonized.name",
        "assignee_name",
        "harmonized_assignee",
        "assignee_harmonized",
        "assignee",
    ),
    "applicant_countries": (
        "assignee_harmonized_country_code",
        "assignee_harmonized.country_code",
        "assignee_country_code",
        "assignee_country",
    ),
    "inventors": (
        "inventor_harmonized_name",
        "inventor_harmonized.name",
        "inventor_name",
        "inventor_harmonized",
        "inventor",
    ),
    "ipc": ("ipc_code", "ipc_codes", "ipc.code", "ipc"),
    "cpc": ("cpc_code", "cpc_codes", "cpc.code", "cpc"),
}
_TABLE_COLUMNS = {k for name, keys in _SYNONYMS.items() if name != "patent_id" for k in keys} | {
    "family_id",
    "kind_code",
    "grant_date",
    "priority_claim",
    "abstract_localized",
}
_DATES = ("priority_date", "filing_date", "publication_date")
_NOTE = N_(
    "BigQuery patents-public-data: one record per publication; applicant countries are "
    "the harmonised assignees' country codes."
)


def matches(keys: set[str]) -> bool:
    """A publications-table result: ``publication_number`` and two of its other columns.

    Examples
    --------
    >>> matches({"publication_number", "title", "assignee_name", "cpc_code"})
    True
    >>> matches({"publication_number", "notes"})
    False
    """
    return "publication_number" in keys and len(keys & _TABLE_COLUMNS) >= 2


def _without_zero_dates(parsed: ParsedExport) -> ParsedExport:
    """BigQuery writes 0 for an unknown date: that is no date, not an unreadable one."""
    for name in _DATES:
        if name in parsed.records.columns:
            values = parsed.records[name].astype("str").str.strip()
            parsed.records[name] = values.where(values != "0", "")
    return parsed


def _layout(table: Table) -> Layout:
    return Layout(
        format=FORMAT,
        unit="publication",
        keys=find_keys(table, _SYNONYMS),
        long=True,
        notes=(_(_NOTE),),
    )


def _numbers_and_offices(parsed: ParsedExport) -> ParsedExport:
    """The publication number is the record id; its prefix the office where none is given."""
    records = parsed.records
    number = records["patent_id"].astype("str").str.strip()
    records["publication_number"] = number
    office = records["jurisdiction"].astype("str").str.strip()
    records["jurisdiction"] = office.where(office != "", extract(number, r"^([A-Z]{2})-"))
    return parsed


def parse(table: Table) -> ParsedExport:
    """A CSV of query results (flat or one row per assignee/code)."""
    table.require("BigQuery", ("publication_number",))
    return _without_zero_dates(_numbers_and_offices(parse_columns(table, _layout(table))))


def is_json(data: bytes) -> bool:
    """True when the file is JSON (an array, or one object per line).

    Examples
    --------
    >>> is_json(b'{"publication_number": "US-1-A"}\\n'), is_json(b"publication_number\\n")
    (True, False)
    """
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def _read_json(data: bytes, name: str) -> pa.Table:
    text = data.decode("utf-8-sig", errors="strict")
    if text.lstrip().startswith("["):
        rows = json.loads(text)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InputError(_("{file}: a JSON array of objects was expected").format(file=name))
        return pa.Table.from_pylist(rows)
    try:
        return pajson.read_json(
            io.BytesIO(text.encode()), read_options=pajson.ReadOptions(block_size=1 << 24)
        )
    except pa.ArrowInvalid:
        # types that differ between lines (a date as a number here, a string there):
        # Arrow's inference refuses them, Python's reader does not
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        return pa.Table.from_pylist(rows)


def _nested(table: pa.Table, name: str) -> bool:
    return name in table.column_names and pa.types.is_list(table.schema.field(name).type)


def _strings(column: pa.ChunkedArray) -> pd.Series:
    values = pc.cast(column, pa.string()) if not pa.types.is_string(column.type) else column
    return pd.Series(pc.fill_null(values, "").to_pandas(), dtype="str")


def _explode(table: pa.Table, name: str, part: str | None) -> pd.DataFrame:
    """``rec``, ``position`` and ``value`` (plus a struct's other fields) of a list column."""
    lists = table.column(name).combine_chunks()
    flat = pc.list_flatten(lists)
    rec = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    if pa.types.is_struct(flat.type):
        # the struct's scalar fields (a code's "tree" is a list of its own: left out)
        fields = {f.name: flat.field(f.name) for f in flat.type if not pa.types.is_nested(f.type)}
        frame = pd.DataFrame({k: _strings(pa.chunked_array([v])) for k, v in fields.items()})
        frame = frame.rename(columns={part: "value"}) if part in frame else frame
    else:
        frame = pd.DataFrame({"value": _strings(pa.chunked_array([flat]))})
    frame.insert(0, "rec", rec.astype(np.int64))
    frame = frame[frame["value"].str.strip() != ""] if "value" in frame else frame.iloc[0:0]
    frame.insert(1, "position", frame.groupby("rec").cumcount().astype("int16"))
    return frame.reset_index(drop=True)


def _title(table: pa.Table, n: int) -> pd.Series:
    if _nested(table, "title_localized"):
        titles = _explode(table, "title_localized", "text")
        if "language" in titles:  # the English title first
            not_english = titles["language"].ne("en")
            titles = titles.assign(other=not_english).sort_values(["rec", "other"], kind="stable")
        first = titles.drop_duplicates("rec").set_index("rec")["value"]
        return first.reindex(range(n), fill_value="").astype("str")
    if "title" in table.column_names:
        return _strings(table.column("title"))
    return pd.Series("", index=range(n), dtype="str")


def _people(table: pa.Table, harmonized: str, plain: str) -> pd.DataFrame | None:
    if _nested(table, harmonized):
        return _explode(table, harmonized, "name")
    if _nested(table, plain):
        return _explode(table, plain, None)
    return None


def parse_json(data: bytes, path: Path) -> ParsedExport:
    """JSON results, nested fields and all (flat rows go through the CSV layout)."""
    table = _read_json(data, path.name)
    if "publication_number" not in table.column_names:
        raise InputError(
            _("{file}: JSON rows without a publication_number field").format(file=path.name)
        )
    n = table.num_rows
    rows = np.arange(1, n + 1)  # the line (or array element) of each record
    nested = [c for c in table.column_names if _nested(table, c)]
    if not nested:
        frame = pd.DataFrame({c: _strings(table.column(c)) for c in table.column_names})
        return parse(Table(frame, rows, path, header_row=0))
    column = {c: _strings(table.column(c)) for c in table.column_names if c not in nested}
    empty = pd.Series("", index=range(n), dtype="str")
    records = pd.DataFrame(
        {
            "row": rows,
            "patent_id": column["publication_number"],
            "publication_number": column["publication_number"],
            "application_number": column.get("application_number", empty),
            "jurisdiction": column.get("country_code", empty),
            "title": _title(table, n),
            **{d: column.get(d, empty) for d in _DATES},
        }
    )
    assignees = _people(table, "assignee_harmonized", "assignee")
    applicants = (
        pd.DataFrame({"rec": [], "position": [], "name_raw": []})
        if assignees is None
        else assignees.rename(columns={"value": "name_raw", "country_code": "country"})
    )
    inventors = _people(table, "inventor_harmonized", "inventor")
    codes = [
        _explode(table, name, "code").assign(scheme=name.upper(), field=name)
        for name in ("ipc", "cpc")
        if _nested(table, name)
    ]
    fields = {"patent_id": "publication_number", **{d: d for d in _DATES}}
    if "country" in applicants:
        fields["applicant_countries"] = "assignee_harmonized.country_code"
    parsed = ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=pd.concat(codes, ignore_index=True) if codes else empty_codes(),
        inventors=inventors,
        fields=fields,
        rows_read=n,
        notes=(_(_NOTE),),
        unit="publication",
        long=True,
    )
    return _without_zero_dates(_numbers_and_offices(parsed))
