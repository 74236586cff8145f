"""From what a reader extracted to the canonical frames: the steps every format shares.

A reader only knows its export's layout. It hands over a :class:`ParsedExport`: one row
per source record (identifier, dates as written, jurisdiction, priority office ...), one
row per applicant and per classification code as written. :func:`assemble` then does the
rest the same way for every format: rejects records without an identifier, with only
unreadable dates, or repeating an earlier record; derives the years; normalises names,
kinds and countries (:mod:`app.ingest.names`, :mod:`app.ingest.countries`) and codes
(:mod:`app.ingest.ipc`); and fills the :class:`~app.ingest.schema.ImportReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from app.ingest.countries import assign_countries
from app.ingest.ipc import normalize_codes
from app.ingest.names import AliasTable, applicant_kinds, normalize_names
from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    ImportReport,
    Rejection,
    conform,
)
from app.ingest.values import parse_years

__all__ = ["RECORD_COLUMNS", "ParsedExport", "assemble", "capped"]

# What a reader puts in ``ParsedExport.records`` (missing ones are treated as empty).
RECORD_COLUMNS = (
    "row",  # spreadsheet row number of the record (header = 1)
    "patent_id",
    "publication_number",
    "application_number",
    "jurisdiction",
    "title",
    "priority_date",  # any date spelling, or a bare year
    "filing_date",
    "publication_date",
    "priority_office",  # two-letter office of the earliest priority, when known
)
_BASES = ("priority", "filing", "publication")
MAX_LISTED = 20  # problems listed one by one in the report before they are summarised


def capped(messages: list[str], what: str, limit: int = MAX_LISTED) -> list[str]:
    """``messages`` with everything after the first ``limit`` summarised in one line.

    Examples
    --------
    >>> capped(["a", "b", "c"], "problems", limit=2)
    ['a', 'b', '... and 1 more problems']
    """
    if len(messages) <= limit:
        return list(messages)
    return [*messages[:limit], f"... and {len(messages) - limit:,} more {what}"]


@dataclass
class ParsedExport:
    """What a reader extracted from one export, before any normalisation.

    ``records``: one row per source record, columns from RECORD_COLUMNS.
    ``applicants``: ``rec`` (index into records), ``position``, ``name_raw``; optionally
    ``country`` (stated by the source) and ``kind_hint`` (``individual``, ``government`` or
    ``organisation`` when the source classifies its applicants).
    ``codes``: ``rec``, ``scheme`` (IPC/CPC), ``value`` (as written), ``field`` (column);
    optionally ``row`` when a code has its own line (PatentsView tables).
    ``inventors``: ``rec``, ``value``, when the export lists them (they tell persons apart).
    ``fields``: the source's column name for ``patent_id`` and each ``<basis>_date``.
    """

    format: str
    records: pd.DataFrame
    applicants: pd.DataFrame
    codes: pd.DataFrame
    inventors: pd.DataFrame | None = None
    fields: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: tuple[str, ...] = ()


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype="str")
    return frame[column].astype("str").fillna("").str.strip()


def _check_records(parsed: ParsedExport, report: ImportReport) -> tuple[pd.DataFrame, dict]:
    """Records that survive, with their years; rejections and date warnings into report."""
    records = parsed.records.reset_index(drop=True)
    rows = records["row"].to_numpy(dtype=np.int64)
    pid = _text(records, "patent_id")
    id_field = parsed.fields.get("patent_id", "patent_id")
    keep = (pid != "").to_numpy(copy=True)
    rejected = [Rejection(int(r), id_field, "empty record identifier") for r in rows[~keep]]

    years, bad, raw = {}, {}, {}
    for basis in _BASES:
        raw[basis] = _text(records, f"{basis}_date")
        years[basis], bad[basis] = parse_years(raw[basis])
    any_year = np.zeros(len(records), dtype=bool)
    any_bad = np.zeros(len(records), dtype=bool)
    for basis in _BASES:
        any_year |= years[basis].notna().to_numpy()
        any_bad |= bad[basis]
    # only unreadable dates and no year at all: most likely a shifted or corrupt row
    unreadable = keep & any_bad & ~any_year

    def name(basis: str) -> str:
        return parsed.fields.get(f"{basis}_date", f"{basis} date")

    for i in np.flatnonzero(unreadable):
        basis = next(b for b in _BASES if bad[b][i])
        rejected.append(
            Rejection(
                int(rows[i]), name(basis), "unreadable date, no usable year", raw[basis].iat[i]
            )
        )
    date_warnings = [
        f"row {rows[i]}, field {name(basis)}: unreadable date {raw[basis].iat[i]!r} ignored"
        for basis in _BASES
        for i in np.flatnonzero(bad[basis] & keep & ~unreadable)
    ]
    keep &= ~unreadable

    # a repeat of an earlier record that was itself kept (rejected rows claim nothing)
    kept_at = np.flatnonzero(keep)
    kept_ids = pid.iloc[kept_at].reset_index(drop=True)
    repeat = kept_ids.duplicated(keep="first").to_numpy()
    if repeat.any():
        first_row = pd.Series(rows[kept_at]).groupby(kept_ids.to_numpy()).transform("first")
        for j in np.flatnonzero(repeat):
            i = kept_at[j]
            rejected.append(
                Rejection(
                    int(rows[i]), id_field, f"duplicate of row {first_row.iat[j]}", pid.iat[i]
                )
            )
        keep[kept_at[repeat]] = False

    report.rejected.extend(sorted(rejected, key=lambda r: r.row))
    report.warnings.extend(capped(date_warnings, "unreadable dates"))
    no_year = keep & ~any_year
    if no_year.any():
        report.warnings.append(
            f"{int(no_year.sum()):,} records have no date; their year is unknown"
        )
    kept = records.loc[keep].assign(patent_id=pid[keep])
    kept_years = {b: years[b][keep].reset_index(drop=True) for b in _BASES}
    return kept.reset_index(drop=True), {"keep": keep, "years": kept_years}


def _patents_frame(records: pd.DataFrame, years: dict, source: str) -> pd.DataFrame:
    year = years["priority"].fillna(years["filing"]).fillna(years["publication"])
    basis = np.select(
        [years[b].notna().to_numpy() for b in _BASES], list(_BASES), default="unknown"
    )
    frame = pd.DataFrame(
        {
            "patent_id": records["patent_id"],
            "publication_number": _text(records, "publication_number"),
            "application_number": _text(records, "application_number"),
            "jurisdiction": _text(records, "jurisdiction").str.upper(),
            "priority_year": years["priority"],
            "filing_year": years["filing"],
            "publication_year": years["publication"],
            "year": year,
            "year_basis": basis,
            "title": _text(records, "title"),
            "source": source,
        }
    )
    for column in ("publication_number", "application_number", "jurisdiction", "title"):
        frame[column] = frame[column].replace("", pd.NA)
    return conform(frame, PATENT_COLUMNS)


def _take(values: pd.Series, positions: np.ndarray) -> pd.Series:
    """``values`` at ``positions`` with a fresh index (an Arrow take for strings)."""
    return values.take(positions).reset_index(drop=True)


def _first_per_record(rec: np.ndarray, values: pd.Series) -> np.ndarray:
    """True for the first occurrence of each (record, value) pair; integer keys, no strings."""
    codes, uniques = pd.factorize(values)
    key = rec.astype(np.int64) * (len(uniques) + 1) + codes
    return ~pd.Series(key).duplicated().to_numpy()


def _pairs_in(rec: np.ndarray, values: pd.Series, other_rec: np.ndarray, other: pd.Series):
    """For each (rec, value), whether the same pair occurs among (other_rec, other)."""
    codes, uniques = pd.factorize(pd.concat([values, other], ignore_index=True))
    width = len(uniques) + 1
    mine = rec.astype(np.int64) * width + codes[: len(values)]
    theirs = other_rec.astype(np.int64) * width + codes[len(values) :]
    return np.isin(mine, theirs)


def _applicants_frame(
    parsed: ParsedExport, records: pd.DataFrame, new_rec: np.ndarray, aliases: AliasTable
) -> pd.DataFrame:
    apps = parsed.applicants
    rec = new_rec[apps["rec"].to_numpy(dtype=np.int64)] if len(apps) else np.array([], int)
    name_raw = _text(apps, "name_raw").reset_index(drop=True)
    key = normalize_names(name_raw)
    keep = (rec >= 0) & (key != "").to_numpy()
    rec, name_raw, key = rec[keep], name_raw[keep].reset_index(drop=True), key[keep]
    key = key.reset_index(drop=True)
    apps = apps[keep].reset_index(drop=True)
    if apps.empty:
        return conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), APPLICANT_COLUMNS)

    inventor = None
    if parsed.inventors is not None and len(parsed.inventors):
        inv = parsed.inventors
        inventor = pd.Series(
            _pairs_in(
                rec,
                key,
                new_rec[inv["rec"].to_numpy(dtype=np.int64)],
                normalize_names(inv["value"]).reset_index(drop=True),
            )
        )
    kind = applicant_kinds(name_raw, inventor)
    hint = _text(apps, "kind_hint")
    kind = kind.mask(hint.isin(["individual", "government"]), hint)
    kind = kind.mask((hint == "organisation") & kind.isin(["individual", "unknown"]), "firm")

    alias = aliases.lookup(key)
    name = alias["name"].fillna(key)
    kind = alias["kind"].fillna(kind)
    country, rule = assign_countries(
        _text(apps, "country"),
        alias["country"],
        _take(_text(records, "priority_office"), rec),
        _take(_text(records, "jurisdiction"), rec),
    )
    frame = pd.DataFrame(
        {
            "patent_id": _take(records["patent_id"], rec),
            "position": apps["position"].to_numpy(),
            "name_raw": name_raw,
            "name": name,
            "country": country,
            "country_rule": rule,
            "kind": kind,
        }
    )
    # one row per applicant per patent: two spellings of one firm on a record are one firm
    return conform(frame[_first_per_record(rec, name)], APPLICANT_COLUMNS)


def _ipc_frame(
    parsed: ParsedExport, records: pd.DataFrame, new_rec: np.ndarray, report: ImportReport
) -> pd.DataFrame:
    codes = parsed.codes
    rec = new_rec[codes["rec"].to_numpy(dtype=np.int64)] if len(codes) else np.array([], int)
    codes = codes[rec >= 0].reset_index(drop=True)
    rec = rec[rec >= 0]
    if codes.empty:
        return conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), IPC_COLUMNS)
    norm = normalize_codes(codes["value"].astype("str"))
    ok = norm["ok"].to_numpy()
    if not ok.all():
        # the code's own line when the reader knows it (PatentsView tables), else the record's
        row_of = (
            codes["row"].to_numpy() if "row" in codes.columns else records["row"].to_numpy()[rec]
        )
        bad = codes[~ok]
        messages = [
            f"row {r}, field {f}: unreadable code {v!r} dropped"
            for r, f, v in zip(row_of[~ok], bad["field"], bad["value"], strict=True)
        ]
        report.warnings.extend(capped(messages, "unreadable codes"))
    frame = pd.DataFrame(
        {
            "patent_id": _take(records["patent_id"], rec),
            "scheme": codes["scheme"].astype("category"),
            "code": norm["code"],
            "subclass": norm["subclass"],
            "main_group": norm["main_group"],
        }
    )
    scheme_code = codes["scheme"].astype("str") + " " + norm["code"].fillna("")
    keep = ok & _first_per_record(rec, scheme_code)
    return conform(frame[keep], IPC_COLUMNS)


def assemble(
    parsed: ParsedExport, report: ImportReport, aliases: AliasTable, meta: CorpusMeta
) -> Corpus:
    """The canonical corpus from a reader's output; ``report`` is filled in place.

    Records are rejected (with row, field and reason) when their identifier is empty,
    when every date they carry is unreadable, or when they repeat an earlier record's
    identifier. Unreadable codes and single unreadable dates are dropped with a warning;
    the record stays.
    """
    report.format = parsed.format
    report.rows_read = parsed.rows_read
    report.rejected.extend(parsed.rejected)
    report.warnings.extend(parsed.warnings)
    report.warnings.extend(aliases.warnings)
    records, state = _check_records(parsed, report)
    new_rec = np.full(len(parsed.records), -1, dtype=np.int64)
    new_rec[state["keep"]] = np.arange(int(state["keep"].sum()))

    patents = _patents_frame(records, state["years"], parsed.format)
    applicants = _applicants_frame(parsed, records, new_rec, aliases)
    ipc = _ipc_frame(parsed, records, new_rec, report)
    report.rejected.sort(key=lambda r: r.row)
    report.patents = len(patents)
    report.applicants = len(applicants)
    report.ipc_codes = len(ipc)
    return Corpus(patents=patents, applicants=applicants, ipc=ipc, meta=meta)
