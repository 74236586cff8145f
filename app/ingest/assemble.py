"""From what a reader extracted to the canonical frames: the steps every format shares.

A reader only knows its export's layout. It hands over a :class:`ParsedExport`: one row
per source row (identifier, dates as written, jurisdiction, priority office ...), one row
per applicant and per classification code as written. :func:`assemble` then does the rest
the same way for every format: rejects rows without an identifier or with only unreadable
dates; merges the rows of one record in long exports (several rows per record id, as in
EPO linked data) or rejects repeats of a record in flat ones; derives the years; normalises
names, kinds and countries (:mod:`app.ingest.names`, :mod:`app.ingest.countries`) and codes
(:mod:`app.ingest.ipc`); and fills the :class:`~app.ingest.schema.ImportReport`, including
how much of each date, code and country column could be read.
"""

from __future__ import annotations

import contextvars
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from app.i18n import _
from app.ingest.countries import assign_countries
from app.ingest.ipc import normalize_codes
from app.ingest.names import AliasTable, applicant_kinds, normalize_names
from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Coded,
    ColumnCheck,
    Corpus,
    CorpusMeta,
    ImportReport,
    Problem,
    conform,
    label_ids,
)
from app.ingest.values import parse_years

__all__ = ["RECORD_COLUMNS", "ParsedExport", "assemble"]

# What a reader puts in ``ParsedExport.records`` (missing ones are treated as empty).
RECORD_COLUMNS = (
    "row",  # spreadsheet row number of the source row (header = 1)
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
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")


@dataclass
class ParsedExport:
    """What a reader extracted from one export, before any normalisation.

    ``records``: one row per source row, columns from RECORD_COLUMNS.
    ``applicants``: ``rec`` (index into records), ``position``, ``name_raw``; optionally
    ``country`` (stated by the source) and ``kind_hint`` (``individual``, ``government`` or
    ``organisation`` when the source classifies its applicants).
    ``codes``: ``rec``, ``scheme`` (IPC/CPC), ``value`` (as written), ``field`` (column);
    optionally ``row`` when a code has its own line (PatentsView tables).
    ``inventors``: ``rec``, ``value``, when the export lists them (they tell persons apart).
    ``fields``: the source's column name for ``patent_id``, each ``<basis>_date`` and, when
    a column states applicant countries, ``applicant_countries``.
    ``unit``: what one record is (one of :data:`~app.ingest.schema.UNITS`).
    ``long``: several rows may describe one record (same ``patent_id``); they are merged,
    their applicants and codes accumulated. Otherwise a repeated id is a rejected row.
    """

    format: str
    records: pd.DataFrame
    applicants: pd.DataFrame
    codes: pd.DataFrame
    inventors: pd.DataFrame | None = None
    fields: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    unit: str = "record"
    long: bool = False


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype="str")
    return frame[column].astype("str").fillna("").str.strip()


def _date_field(parsed: ParsedExport, basis: str) -> str:
    return parsed.fields.get(f"{basis}_date") or _("{basis} date").format(basis=basis)


def _read_years(parsed: ParsedExport, report: ImportReport, rows: np.ndarray, keep: np.ndarray):
    """Years per basis, the rows to reject for unreadable dates, and the date warnings."""
    records = parsed.records
    years, bad, raw = {}, {}, {}
    any_year = np.zeros(len(records), dtype=bool)
    any_bad = np.zeros(len(records), dtype=bool)
    for basis in _BASES:
        raw[basis] = _text(records, f"{basis}_date").reset_index(drop=True)
        years[basis], bad[basis] = parse_years(raw[basis])
        any_year |= years[basis].notna().to_numpy()
        any_bad |= bad[basis]
        given = (raw[basis] != "").to_numpy()
        if given.any():
            report.columns.append(
                ColumnCheck(
                    _date_field(parsed, basis),
                    "dates",
                    int((given & keep).sum()),
                    int((bad[basis] & keep).sum()),
                )
            )
    # only unreadable dates and no year at all: most likely a shifted or corrupt row
    unreadable = keep & any_bad & ~any_year
    rejected = []
    for i in np.flatnonzero(unreadable):
        basis = next(b for b in _BASES if bad[b][i])
        rejected.append(
            Problem(
                int(rows[i]),
                _date_field(parsed, basis),
                _("unreadable date, no usable year"),
                raw[basis].iat[i],
            )
        )
    warned = _("unreadable date ignored")
    report.warnings.extend(
        Problem(int(rows[i]), _date_field(parsed, basis), warned, raw[basis].iat[i])
        for basis in _BASES
        for i in np.flatnonzero(bad[basis] & keep & ~unreadable)
    )
    return years, unreadable, any_year, rejected


def _check_records(parsed: ParsedExport, report: ImportReport) -> tuple[pd.DataFrame, dict]:
    """The records that survive (merged per id in long exports), with their years.

    Returns the records frame and ``new_rec``: for each source row, the position of its
    record in that frame (-1: rejected).
    """
    records = parsed.records.reset_index(drop=True)
    rows = records["row"].to_numpy(dtype=np.int64)
    pid = _text(records, "patent_id")
    id_field = parsed.fields.get("patent_id", "patent_id")
    keep = (pid != "").to_numpy(copy=True)
    empty_id = _("empty record identifier")
    rejected = [Problem(int(r), id_field, empty_id) for r in rows[~keep]]
    years, unreadable, _any_year, date_rejected = _read_years(parsed, report, rows, keep)
    rejected += date_rejected
    keep &= ~unreadable

    kept_at = np.flatnonzero(keep)
    kept_ids = pid.iloc[kept_at].reset_index(drop=True)
    if parsed.long:
        # one record per id, in order of first appearance; its rows' years: the earliest
        group, _uniques = pd.factorize(kept_ids)
    else:
        # a repeat of an earlier record that was itself kept (rejected rows claim nothing)
        repeat = ~_first_of_each(pd.factorize(kept_ids, use_na_sentinel=False)[0])
        if repeat.any():
            first_row = pd.Series(rows[kept_at]).groupby(kept_ids.to_numpy()).transform("first")
            for j in np.flatnonzero(repeat):
                rejected.append(
                    Problem(
                        int(rows[kept_at[j]]),
                        id_field,
                        _("duplicate of row {row}").format(row=first_row.iat[j]),
                        kept_ids.iat[j],
                    )
                )
            keep[kept_at[repeat]] = False
            kept_at = kept_at[~repeat]
        group = np.arange(len(kept_at))
    report.rejected.extend(sorted(rejected, key=lambda r: r.row))

    new_rec = np.full(len(records), -1, dtype=np.int64)
    new_rec[kept_at] = group
    kept = records.iloc[kept_at].assign(patent_id=pid.iloc[kept_at]).reset_index(drop=True)
    kept_years = {b: years[b].iloc[kept_at].reset_index(drop=True) for b in _BASES}
    if parsed.long and len(kept):
        kept, kept_years = _merge_rows(kept, kept_years, group)
    no_year = np.flatnonzero(
        ~np.logical_or.reduce([kept_years[b].notna().to_numpy() for b in _BASES])
    )
    no_date = _("no date: the year is unknown")
    report.warnings.extend(
        Problem(int(kept["row"].iat[i]), id_field, no_date, kept["patent_id"].iat[i])
        for i in no_year
    )
    return kept, {"new_rec": new_rec, "years": kept_years}


def _merge_rows(kept: pd.DataFrame, years: dict, group: np.ndarray):
    """One row per record of a long export: each field's first non-empty value (in file
    order), each year the earliest of the record's rows, the row number its first row's."""
    text = kept.drop(columns=["row"]).astype("str").replace("", np.nan)
    merged = text.groupby(group, sort=True).first().fillna("")
    merged.insert(0, "row", kept["row"].groupby(group, sort=True).first().to_numpy())
    merged_years = {
        b: y.groupby(group, sort=True).min().astype("Int16").reset_index(drop=True)
        for b, y in years.items()
    }
    return merged.reset_index(drop=True), merged_years


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


def _first_of_each(key: np.ndarray) -> np.ndarray:
    """True at the first occurrence (in order) of each value of the non-negative integer
    array ``key``.

    Each key is packed with its position into one integer and those are sorted (no
    argsort, no gather): several times faster than a hash table (``Series.duplicated``) on
    millions of mostly distinct keys. Keys too large to pack take a stable argsort."""
    n = len(key)
    first = np.zeros(n, dtype=bool)
    if not n:
        return first
    shift = max(int(n - 1).bit_length(), 1)
    if int(key.max()) < 2 ** (63 - shift):
        packed = np.sort((key.astype(np.int64) << shift) | np.arange(n, dtype=np.int64))
        at, ordered = packed & ((1 << shift) - 1), packed >> shift
    else:
        at = np.argsort(key, kind="stable")  # equal keys keep their order: the first leads
        ordered = key[at]
    leads = np.ones(n, dtype=bool)
    leads[1:] = ordered[1:] != ordered[:-1]
    first[at[leads]] = True
    return first


def _coded(ids: np.ndarray, labels: pd.Series) -> Coded:
    """What :func:`~app.ingest.schema.code_column` gives for ``labels[ids]`` (-1: missing),
    computed from the integer ids: the labels used, sorted, blanks dropped."""
    used = np.bincount(ids[ids >= 0], minlength=len(labels)) > 0
    text = labels.to_numpy(dtype=object)
    used &= np.array([isinstance(t, str) and t.strip() != "" for t in text], dtype=bool)
    chosen = np.flatnonzero(used)
    chosen = chosen[np.argsort(text[chosen].astype(str), kind="stable")]
    remap = np.full(len(labels) + 1, -1, dtype=np.int64)  # and -1 stays -1
    remap[chosen] = np.arange(len(chosen))
    small = np.int16 if len(chosen) < 2**15 else np.int32
    return Coded(remap[ids].astype(small), text[chosen].astype(object))


def _country_check(parsed: ParsedExport, stated: pd.Series | None, report: ImportReport) -> None:
    """How many stated countries are not two-letter codes (a column that states them)."""
    column = parsed.fields.get("applicant_countries")
    if not column or stated is None:
        return
    stated = stated.astype("str").fillna("").str.strip()
    given = stated != ""
    if given.any():
        unreadable = given & ~stated.str.fullmatch(_TWO_LETTERS.pattern).fillna(False)
        report.columns.append(
            ColumnCheck(column, "countries", int(given.sum()), int(unreadable.sum()))
        )


def _empty(columns: dict[str, str]) -> tuple[pd.DataFrame, np.ndarray, dict[str, Coded]]:
    frame = conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), columns)
    return frame, np.array([], dtype=np.int32), {}


def _distinct(values: pd.Series | None, n: int) -> tuple[np.ndarray, pd.Series]:
    """Each row's index into ``texts``: the distinct values, stripped, then "" (missing).

    What :func:`_text` gives per row, as integers: per-row work is then done once per
    distinct value. A missing column (None) is "" for all ``n`` rows.
    """
    if values is None:
        return np.zeros(n, dtype=np.int64), pd.Series([""], dtype="str")
    if isinstance(values.dtype, pd.CategoricalDtype):  # its categories are the factorisation
        codes, uniques = values.cat.codes.to_numpy().astype(np.int64), values.cat.categories
    else:
        codes, uniques = pd.factorize(values.astype("str"), use_na_sentinel=True)
    texts = pd.Series([*uniques, ""], dtype="str").str.strip()
    return np.where(codes < 0, len(uniques), codes), texts


def _combinations(*ids: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each row's combination of the integer ``ids`` (arrays of one length), and the ids
    of each combination (its first row's)."""
    key = np.zeros(len(ids[0]), dtype=np.int64)
    for part in ids:
        key = key * (int(part.max(initial=0)) + 1) + part
    combo, uniques = pd.factorize(key)
    first = np.empty(len(uniques), dtype=np.int64)
    first[combo[::-1]] = np.arange(len(combo) - 1, -1, -1)  # the earliest row wins
    return combo, [part[first] for part in ids]


def _inventors(
    parsed: ParsedExport, new_rec: np.ndarray, keys: pd.Index, rec: np.ndarray, key_id: np.ndarray
) -> np.ndarray:
    """For each applicant row (``rec``, ``key_id`` into ``keys``), whether the same record
    lists the same normalised name as an inventor."""
    inv = parsed.inventors
    if inv is None or not len(inv):
        return np.zeros(len(rec), dtype=bool)
    inv_key = keys.get_indexer(normalize_names(inv["value"]))  # -1: no applicant's name
    inv_rec = new_rec[inv["rec"].to_numpy(dtype=np.int64)]
    known = (inv_key >= 0) & (inv_rec >= 0)
    width = len(keys) + 1
    return np.isin(rec * width + key_id, inv_rec[known] * width + inv_key[known])


def _kinds(
    raw_text: pd.Series, raw_id, inventor, hint_text: pd.Series, hint_id
) -> tuple[np.ndarray, pd.Series]:
    """Each row's index into the kinds, by the rules on its name (and the source's hint),
    and those kinds: once per distinct (name, inventor, hint)."""
    combo, (c_raw, c_inv, c_hint) = _combinations(raw_id, inventor.astype(np.int64), hint_id)
    kind = applicant_kinds(raw_text.take(c_raw).reset_index(drop=True), pd.Series(c_inv == 1))
    hint = hint_text.take(c_hint).reset_index(drop=True)
    kind = kind.mask(hint.isin(["individual", "government"]), hint)
    kind = kind.mask((hint == "organisation") & kind.isin(["individual", "unknown"]), "firm")
    return combo, kind


def _category(labels: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """``labels`` at ``rows`` as ``astype("category")`` gives them (missing stays missing),
    built from integers: millions of rows over a few thousand labels make no string each."""
    return pd.Categorical.from_codes(*label_ids(labels, rows, sort=True))


def _applicants_frame(
    parsed: ParsedExport,
    records: pd.DataFrame,
    new_rec: np.ndarray,
    aliases: AliasTable,
    report: ImportReport,
) -> tuple[pd.DataFrame, np.ndarray, dict[str, Coded]]:
    """The applicants frame, each of its rows' record (position in ``records``) and its
    ``name`` column coded.

    Names, kinds, aliases and countries are worked out once per distinct value (or
    combination of values) and spread to the rows by integer indices: millions of
    applicant rows, a few hundred thousand distinct names.
    """
    apps = parsed.applicants
    n = len(apps)
    rec = new_rec[apps["rec"].to_numpy(dtype=np.int64)] if n else np.array([], int)
    stated = apps["country"][rec >= 0] if "country" in apps.columns else None
    _country_check(parsed, stated, report)
    raw_id, raw_text = _distinct(apps.get("name_raw"), n)
    key_of_raw = normalize_names(raw_text)
    key_of_raw_id, keys = pd.factorize(key_of_raw)
    rows = np.flatnonzero((rec >= 0) & (key_of_raw != "").to_numpy()[raw_id])
    if not len(rows):
        return _empty(APPLICANT_COLUMNS)
    rec, raw_id = rec[rows], raw_id[rows]
    key_id = key_of_raw_id[raw_id]
    keys = pd.Index(keys)

    inventor = _inventors(parsed, new_rec, keys, rec, key_id)
    hint_id, hint_text = _distinct(apps.get("kind_hint"), n)
    kind_id, kinds = _kinds(raw_text, raw_id, inventor, hint_text, hint_id[rows])

    alias = aliases.lookup(pd.Series(keys, dtype="str"))  # per distinct name
    name_of_key = alias["name"].fillna(pd.Series(keys, dtype="str"))
    # a kind the alias table states wins over the rules': ids into both, the aliases' after
    curated = alias["kind"].notna().to_numpy()[key_id]
    kind_id = np.where(curated, len(kinds) + key_id, kind_id)
    kinds = pd.concat([kinds, alias["kind"]], ignore_index=True).astype("str")

    source_id, source_text = _distinct(apps.get("country"), n)
    alias_country_id, alias_countries = pd.factorize(alias["country"], use_na_sentinel=True)
    alias_country_id = np.where(alias_country_id < 0, len(alias_countries), alias_country_id)
    alias_text = pd.Series([*alias_countries, None], dtype="str")
    office_id, office_text = _distinct(records.get("priority_office"), len(records))
    office_id = office_id[rec]
    where_id, where_text = _distinct(records.get("jurisdiction"), len(records))
    where_id = where_id[rec]
    combo, (c_source, c_alias, c_office, c_where) = _combinations(
        source_id[rows], alias_country_id[key_id], office_id, where_id
    )
    country, rule = assign_countries(
        source_text.take(c_source).reset_index(drop=True),
        alias_text.take(c_alias).reset_index(drop=True),
        office_text.take(c_office).reset_index(drop=True),
        where_text.take(c_where).reset_index(drop=True),
    )

    # one row per applicant per record: two spellings of one firm on a record are one firm
    name_id_of_key, names = pd.factorize(name_of_key)
    name_id = name_id_of_key[key_id]
    kept = np.flatnonzero(_first_of_each(rec * (len(names) + 1) + name_id))
    # a long export lists a record's applicants over several rows: keep them together,
    # in the order they first appear
    if (np.diff(rec[kept]) < 0).any():
        kept = kept[np.argsort(rec[kept], kind="stable")]
    kept_rec = rec[kept]
    starts = np.ones(len(kept), dtype=bool)
    starts[1:] = kept_rec[1:] != kept_rec[:-1]
    at = np.arange(len(kept))
    position = at - np.maximum.accumulate(np.where(starts, at, 0))
    frame = pd.DataFrame(
        {
            "patent_id": _take(records["patent_id"], kept_rec),
            "position": position,
            "name_raw": _take(raw_text, raw_id[kept]),
            "name": _take(name_of_key, key_id[kept]),
            "country": _category(country, combo[kept]),
            "country_rule": _category(rule, combo[kept]),
            "kind": _category(kinds, kind_id[kept]),
        }
    )
    coded = {"name": _coded(name_id[kept], pd.Series(names, dtype="str"))}
    return conform(frame, APPLICANT_COLUMNS), kept_rec.astype(np.int32), coded


def _column_checks(fields: pd.Series, rows: np.ndarray | None, bad: np.ndarray, report) -> None:
    """How many codes each source column gave (at ``rows``, None: all) and how many were
    unreadable (columns in order of first appearance)."""
    field_id, field_names = label_ids(fields, rows, sort=False)
    given = np.bincount(field_id, minlength=len(field_names))
    unreadable = np.bincount(field_id, weights=bad, minlength=len(field_names))
    for name, size, count in zip(field_names, given, unreadable, strict=True):
        report.columns.append(ColumnCheck(str(name), "codes", int(size), int(count)))


def _code_parts(values: pd.Series) -> tuple[np.ndarray, pd.DataFrame]:
    """For each value, the index of its normalised code (-1: unreadable), and the codes
    (``code``, ``subclass``, ``main_group``): each distinct spelling is parsed once."""
    spelling, spellings = pd.factorize(values, use_na_sentinel=True)
    parts = normalize_codes(pd.Series(spellings, dtype="str"))
    code_of_spelling, _names = pd.factorize(parts["code"], use_na_sentinel=True)
    ids, first = np.unique(code_of_spelling, return_index=True)  # a code's first spelling
    table = parts.iloc[first[ids >= 0]][["code", "subclass", "main_group"]]
    table = table.reset_index(drop=True)
    # a missing value (-1) takes the appended -1: unreadable
    return np.append(code_of_spelling, -1)[spelling], table


def _ipc_frame(
    parsed: ParsedExport, records: pd.DataFrame, new_rec: np.ndarray, report: ImportReport
) -> tuple[pd.DataFrame, np.ndarray, dict[str, Coded]]:
    """One row per (record, scheme, code), in record order; each row's record; the
    ``code`` column coded.

    Codes are parsed once per spelling and the frame is built from integer indices:
    millions of code rows take seconds, not minutes (no string column is filtered or
    sorted)."""
    codes = parsed.codes
    rec = new_rec[codes["rec"].to_numpy(dtype=np.int64)] if len(codes) else np.array([], int)
    live = np.flatnonzero(rec >= 0)
    if not len(live):
        return _empty(IPC_COLUMNS)
    code_id, table = _code_parts(codes["value"])
    code_id, rec = code_id[live], rec[live]
    ok = code_id >= 0
    every = None if len(live) == len(codes) else live  # label_ids's "every row"
    _column_checks(codes["field"], every, ~ok, report)
    if not ok.all():
        # the code's own line when the reader knows it (long exports, PatentsView tables),
        # else its record's first line; a value repeated on one line is warned about once
        at = live[~ok]
        row_of = (
            codes["row"].to_numpy()[at]
            if "row" in codes.columns
            else records["row"].to_numpy()[rec[~ok]]
        )
        bad = pd.DataFrame(
            {
                "row": row_of,
                "field": codes["field"].take(at).to_numpy(),
                "value": codes["value"].take(at).to_numpy(),
            }
        ).drop_duplicates()
        reason = _("unreadable code dropped")
        report.warnings.extend(
            Problem(int(r), f, reason, str(v)) for r, f, v in bad.itertuples(index=False)
        )
    scheme_id, schemes = label_ids(codes["scheme"], every, sort=True)
    # each (record, scheme, code) once: integer keys, no strings
    key = (rec * len(schemes) + scheme_id) * (len(table) + 1) + code_id
    keep = ok & _first_of_each(key)
    kept = np.flatnonzero(keep)
    if len(kept) and (np.diff(rec[kept]) < 0).any():  # flat exports come in record order
        kept = kept[np.argsort(rec[kept], kind="stable")]
    code_at = code_id[kept]

    frame = pd.DataFrame(
        {
            "patent_id": _take(records["patent_id"], rec[kept]),
            "scheme": pd.Categorical.from_codes(scheme_id[kept], categories=schemes),
            "code": pd.Series(pa.array(table["code"]).take(code_at), dtype="str"),
            "subclass": _category(table["subclass"], code_at),
            # a subclass alone has no main group: missing, as astype("category") leaves it
            "main_group": _category(table["main_group"], code_at),
        }
    )
    coded = {"code": _coded(code_at, table["code"])}
    return conform(frame, IPC_COLUMNS), rec[kept].astype(np.int32), coded


def _fill_counts(report: ImportReport, corpus: Corpus) -> None:
    patents, applicants, ipc = corpus.patents, corpus.applicants, corpus.ipc
    report.patents = len(patents)
    report.applicants = len(applicants)
    report.ipc_codes = len(ipc)
    schemes, codes = corpus.coded("ipc", "scheme"), corpus.coded("ipc", "code")
    pairs = schemes.codes.astype(np.int64) * (len(codes.labels) + 1) + codes.codes
    report.distinct_codes = int(np.count_nonzero(np.bincount(pairs[pairs >= 0])))
    per_record = np.bincount(corpus.applicant_rows[corpus.applicant_rows >= 0])
    report.multi_applicant = int((per_record >= 2).sum())
    rules = applicants["country_rule"].value_counts()
    report.country_rules = {str(k): int(v) for k, v in rules.items() if v}
    years = patents["year"].dropna()
    if len(years):
        report.year_min, report.year_max = int(years.min()), int(years.max())


def assemble(
    parsed: ParsedExport, report: ImportReport, aliases: AliasTable, meta: CorpusMeta
) -> Corpus:
    """The canonical corpus from a reader's output; ``report`` is filled in place.

    Rows are rejected (with row, field and reason) when their identifier is empty, when
    every date they carry is unreadable, or (flat exports only) when they repeat an
    earlier record's identifier. Unreadable codes and single unreadable dates are dropped
    with a warning; the record stays.
    """
    report.format = parsed.format
    report.unit = parsed.unit
    report.rows_read = parsed.rows_read
    report.rejected.extend(parsed.rejected)
    report.warnings.extend(parsed.warnings)
    report.warnings.extend(aliases.warnings)
    records, state = _check_records(parsed, report)
    new_rec = state["new_rec"]
    # the codes in a second thread while this one does the patents and applicants: most is
    # NumPy and Arrow work that releases the GIL, so two cores share it. The codes' checks
    # and warnings go to a report of their own, added after the applicants' (same order
    # as one after the other); the thread runs in this context (language, limits).
    codes_report = ImportReport(file=report.file, format=report.format)
    with ThreadPoolExecutor(max_workers=1) as pool:
        codes = pool.submit(
            contextvars.copy_context().run, _ipc_frame, parsed, records, new_rec, codes_report
        )
        patents = _patents_frame(records, state["years"], parsed.format)
        applicants, applicant_rows, applicant_codes = _applicants_frame(
            parsed, records, new_rec, aliases, report
        )
        ipc, ipc_rows, ipc_codes = codes.result()
    report.columns.extend(codes_report.columns)
    report.warnings.extend(codes_report.warnings)
    report.rejected.sort(key=lambda r: r.row if r.row is not None else -1)
    corpus = Corpus(patents=patents, applicants=applicants, ipc=ipc, meta=meta)
    # each child row's patent, and the codes of the long text columns, are known here: the
    # store need not match millions of ids nor hash millions of strings again
    index, labels = {}, {}
    for frame, rows, coded in (
        ("applicants", applicant_rows, applicant_codes),
        ("ipc", ipc_rows, ipc_codes),
    ):
        index[frame] = {"patent_row": rows} | {c: found.codes for c, found in coded.items()}
        labels |= {(frame, c): found.labels for c, found in coded.items()}
    corpus.seed_index(index, labels)
    _fill_counts(report, corpus)
    return corpus
