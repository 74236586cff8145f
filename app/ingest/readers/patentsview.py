"""PatentsView bulk download tables (granted US patents; docs/export-formats.md, section 3).

Several tab-separated tables read together, each as ``{table}.tsv`` or its download form
``{table}.tsv.zip``, from a folder (or a zip bundling them):

- ``g_patent`` (required): id, grant date, title, kind;
- ``g_application``: application number and filing date;
- ``g_assignee_disambiguated``: assignees in order, organisation or person name, and
  ``assignee_type`` (USPTO codes: 2/3 company, 4/5 individual, 6-9 government);
- ``g_ipc_at_issue``: IPC codes in parts (section, class, subclass, group, subgroup), which
  are assembled here;
- ``g_cpc_current``: CPC codes (``cpc_group`` is the full symbol);
- ``g_location_disambiguated``: the assignee's country (rule ``source``).

Rejected rows name the table in ``field``; ``row`` is the line in that table's file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.schema import Problem
from app.ingest.table import InputError, Table, table_from_bytes

__all__ = ["FORMAT", "TABLES", "is_table_set", "matches", "parse_path", "source_files"]

FORMAT = "patentsview"
TABLES = (
    "g_patent",
    "g_application",
    "g_assignee_disambiguated",
    "g_ipc_at_issue",
    "g_cpc_current",
    "g_location_disambiguated",
)
_KIND_BY_TYPE = {
    "1": "",  # unassigned: the name decides
    "2": "organisation",
    "3": "organisation",
    "4": "individual",
    "5": "individual",
    "6": "government",
    "7": "government",
    "8": "government",
    "9": "government",
}


def matches(keys: set[str]) -> bool:
    """A ``g_patent`` header.

    Examples
    --------
    >>> matches({"patent_id", "patent_type", "patent_date", "patent_title"})
    True
    """
    return {"patent_id", "patent_date", "patent_title"} <= keys


def _table_name(name: str) -> str | None:
    stem = Path(name).name
    for suffix in (".tsv.zip", ".tsv"):
        if stem.endswith(suffix) and stem[: -len(suffix)] in TABLES:
            return stem[: -len(suffix)]
    return None


def _folder_of(path: Path) -> Path | None:
    if path.is_dir():
        return path
    if path.is_file() and _table_name(path.name):
        return path.parent
    return None


def _bundle_members(path: Path) -> dict[str, str]:
    """Table name -> member name, for a zip holding several ``g_*.tsv`` tables."""
    if not (path.is_file() and zipfile.is_zipfile(path)) or _table_name(path.name):
        return {}
    with zipfile.ZipFile(path) as archive:
        return {t: m for m in archive.namelist() if (t := _table_name(m))}


def is_table_set(path: Path) -> bool:
    """Does ``path`` hold a ``g_patent`` table (folder, one of its tables, or a bundle zip)?"""
    path = Path(path)
    folder = _folder_of(path)
    if folder is not None:
        return any((folder / f"g_patent{s}").exists() for s in (".tsv", ".tsv.zip"))
    return "g_patent" in _bundle_members(path)


def _sources(path: Path) -> dict[str, tuple[Path, str | None]]:
    """Table name -> (file, member in it or None)."""
    folder = _folder_of(path)
    found: dict[str, tuple[Path, str | None]] = {}
    if folder is None:
        found = {t: (path, m) for t, m in _bundle_members(path).items()}
    else:
        for table in TABLES:
            plain, zipped = folder / f"{table}.tsv", folder / f"{table}.tsv.zip"
            if plain.exists():
                found[table] = (plain, None)
            elif zipped.exists():
                with zipfile.ZipFile(zipped) as archive:
                    members = [m for m in archive.namelist() if m.endswith(".tsv")]
                if not members:
                    raise InputError(f"{zipped.name} holds no .tsv file")
                found[table] = (zipped, members[0])
    if "g_patent" not in found:
        raise InputError(f"{path.name}: no g_patent table (g_patent.tsv or g_patent.tsv.zip)")
    return found


def source_files(path: Path) -> list[Path]:
    """The files the tables at ``path`` are read from (to copy or fingerprint them)."""
    return sorted({file for file, _member in _sources(Path(path)).values()})


def _read(table: str, source: tuple[Path, str | None]) -> Table:
    file, member = source
    try:
        if member is None:
            data = file.read_bytes()
        else:
            with zipfile.ZipFile(file) as archive:
                data = archive.read(member)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise InputError(f"{file.name}: damaged zip archive ({exc})") from None
    return table_from_bytes(data, Path(f"{table}.tsv"), None)


def _assemble_ipc(ipc: Table) -> pd.Series:
    """``H01M10/0525`` from the parts PatentsView keeps in separate columns."""
    col = ipc.column_or_empty
    return (
        col("section").str.strip()
        + col("ipc_class").str.strip().str.zfill(2)
        + col("subclass").str.strip()
        + col("main_group").str.strip().str.lstrip("0")
        + "/"
        + col("subgroup").str.strip().str.ljust(2, "0")
    )


def parse_path(path: Path, max_bytes: int | None = None) -> ParsedExport:
    """Read the PatentsView tables found at ``path`` and join them on ``patent_id``."""
    path = Path(path)
    sources = _sources(path)
    size = sum(f.stat().st_size for f in {f for f, _member in sources.values()})
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"{path.name}: the PatentsView tables total {size / 2**20:.1f} MB, over the "
            f"upload limit of {max_bytes / 2**20:.0f} MB"
        )
    tables = {name: _read(name, source) for name, source in sources.items()}
    patent = tables["g_patent"]
    patent.require("PatentsView g_patent", ("patent_id",), ("patent_date",))
    col = patent.column_or_empty
    pid = col("patent_id").str.strip()
    warnings = [w for t in tables.values() for w in t.warnings]
    rejected = [
        Problem(r.row, f"{name}{'' if r.field == '(row)' else '.' + r.field}", r.reason, r.value)
        for name, t in tables.items()
        for r in t.rejected
    ]
    index = pd.Index(pid)
    missing = [t for t in TABLES[1:] if t not in tables]
    if missing:
        reason = _("PatentsView table not found: its fields stay empty")
        warnings += [Problem(None, table, reason) for table in missing]

    records = pd.DataFrame(
        {
            "row": patent.rows,
            "patent_id": pid,
            "publication_number": "US " + pid + " " + col("wipo_kind").str.strip(),
            "jurisdiction": "US",
            "title": col("patent_title"),
            "publication_date": col("patent_date"),
        }
    )
    orphans: list[Problem] = []

    def link(table: str) -> tuple[Table, np.ndarray] | None:
        if table not in tables:
            return None
        found = tables[table]
        found.require(f"PatentsView {table}", ("patent_id",))
        rec = index.get_indexer(found.column_or_empty("patent_id").str.strip())
        reason = _("row for a patent not in g_patent ignored")
        orphans.extend(
            Problem(int(row), f"{table}.patent_id", reason, value)
            for row, value in zip(
                found.rows[rec < 0], found.column_or_empty("patent_id")[rec < 0], strict=True
            )
        )
        return found, rec

    if linked := link("g_application"):
        app, rec = linked
        first = pd.DataFrame({"rec": rec, "number": app.column_or_empty("application_id")})
        first["date"] = app.column_or_empty("filing_date").to_numpy()
        first = first[first["rec"] >= 0].drop_duplicates("rec")
        for source, target in (("number", "application_number"), ("date", "filing_date")):
            values = np.full(len(records), "", dtype=object)
            values[first["rec"].to_numpy()] = first[source].to_numpy(dtype=object)
            records[target] = pd.Series(values, dtype="str")

    applicants = pd.DataFrame({"rec": [], "position": [], "name_raw": []})
    if linked := link("g_assignee_disambiguated"):
        ass, rec = linked
        acol = ass.column_or_empty
        person = (
            acol("disambig_assignee_individual_name_last").str.strip()
            + " "
            + acol("disambig_assignee_individual_name_first").str.strip()
        ).str.strip()
        org = acol("disambig_assignee_organization").str.strip()
        type_code = acol("assignee_type").str.strip().str.lstrip("0").str.slice(-1)
        applicants = pd.DataFrame(
            {
                "rec": rec,
                "sequence": pd.to_numeric(acol("assignee_sequence"), errors="coerce"),
                "name_raw": org.where(org != "", person),
                "kind_hint": type_code.map(_KIND_BY_TYPE).fillna(""),
                "location_id": acol("location_id").str.strip(),
            }
        )
        applicants = applicants[applicants["rec"] >= 0].sort_values(["rec", "sequence"])
        applicants["position"] = applicants.groupby("rec").cumcount()
        if "g_location_disambiguated" in tables:
            loc = tables["g_location_disambiguated"]
            country = pd.Series(
                loc.column_or_empty("disambig_country").str.strip().to_numpy(),
                index=loc.column_or_empty("location_id").str.strip().to_numpy(),
            )
            country = country[~country.index.duplicated()]
            applicants["country"] = applicants["location_id"].map(country).fillna("")

    codes = []
    if linked := link("g_ipc_at_issue"):
        ipc, rec = linked
        frame = pd.DataFrame(
            {
                "rec": rec,
                "sequence": pd.to_numeric(ipc.column_or_empty("ipc_sequence"), errors="coerce"),
                "value": _assemble_ipc(ipc),
                "row": ipc.rows,
            }
        )
        codes.append(frame.assign(scheme="IPC", field="g_ipc_at_issue"))
    if linked := link("g_cpc_current"):
        cpc, rec = linked
        frame = pd.DataFrame(
            {
                "rec": rec,
                "sequence": pd.to_numeric(cpc.column_or_empty("cpc_sequence"), errors="coerce"),
                "value": cpc.column_or_empty("cpc_group"),
                "row": cpc.rows,
            }
        )
        codes.append(frame.assign(scheme="CPC", field="g_cpc_current.cpc_group"))
    codes_frame = (
        pd.concat(codes, ignore_index=True)
        .query("rec >= 0")
        .sort_values(["rec", "scheme", "sequence"], kind="stable")
        if codes
        else pd.DataFrame({"rec": [], "scheme": [], "value": [], "field": []})
    )
    warnings += orphans
    return ParsedExport(
        format=FORMAT,
        records=records,
        applicants=applicants,
        codes=codes_frame,
        fields={
            "patent_id": "g_patent.patent_id",
            "filing_date": "g_application.filing_date",
            "publication_date": "g_patent.patent_date",
        },
        rows_read=len(patent.frame) + len(patent.rejected),
        rejected=rejected,
        warnings=warnings,
        notes=(
            "PatentsView: granted US patents; the year is the filing year (no priority "
            "date in these tables).",
        ),
        unit="patent",
    )
