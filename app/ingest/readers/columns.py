"""Reading a table whose columns are known by name: the engine of the column-mapped readers.

Google Patents, incoPat, Derwent Innovation, BigQuery results and the generic mapping all
come down to the same steps once a format has said which of its columns holds which
canonical field (:class:`Layout`): take the record fields, split the multi-valued cells
(applicants, their countries, inventors, codes, priority numbers) on each column's own
separator (given by the format, else guessed from the column's data), read ``NAME [CC]``
residence tags as countries, and hand a :class:`~app.ingest.assemble.ParsedExport` to
the shared assembly. Long files (several rows per record id) are merged there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.countries import priority_office
from app.ingest.table import InputError, Table
from app.ingest.values import (
    NAME_SEPARATORS,
    VALUE_SEPARATORS,
    guess_separator,
    residence_tags,
    split_multi,
)

__all__ = [
    "MULTI_FIELDS",
    "RECORD_FIELDS",
    "Layout",
    "empty_codes",
    "find_keys",
    "parse_columns",
]

RECORD_FIELDS = (
    "publication_number",
    "application_number",
    "jurisdiction",
    "title",
    "priority_date",
    "filing_date",
    "publication_date",
    "priority_office",
)
MULTI_FIELDS = ("applicants", "applicant_countries", "inventors", "ipc", "cpc", "priority_numbers")
_NAME_FIELDS = ("applicants", "inventors")

Splitter = Callable[[pd.Series], pd.DataFrame]


@dataclass(frozen=True)
class Layout:
    """Which column of a table holds which canonical field, and how to read it.

    ``keys``: field -> the table's normalised column name (:func:`~app.ingest.table.
    header_key`). ``separators``: multi-valued field -> its separator; a field left out is
    guessed from its column's data, among ``name_separators`` for names (commas are part of
    names) and :data:`~app.ingest.values.VALUE_SEPARATORS` for codes. ``splitters``:
    field -> a function splitting that column's cells (Google's comma-joined assignees),
    instead of a separator. ``long``: rows repeating a record id are merged.
    """

    format: str
    unit: str
    keys: dict[str, str]
    separators: dict[str, str] = field(default_factory=dict)
    splitters: dict[str, Splitter] = field(default_factory=dict)
    name_separators: tuple[str, ...] = NAME_SEPARATORS  # candidates between names
    long: bool = False
    notes: tuple[str, ...] = ()


def find_keys(table: Table, synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Field -> the first of its synonyms that the table has (normalised names).

    Examples
    --------
    >>> from pathlib import Path
    >>> t = Table(pd.DataFrame({"ID": ["1"], "Assignee": ["A"]}), [2], Path("x.csv"))
    >>> find_keys(t, {"patent_id": ("patent id", "id"), "applicants": ("assignee",)})
    {'patent_id': 'id', 'applicants': 'assignee'}
    """
    found = {}
    for name, keys in synonyms.items():
        hit = next((k for k in keys if k in table.keys), None)
        if hit is not None and hit not in found.values():
            found[name] = hit
    return found


def empty_codes() -> pd.DataFrame:
    """A codes frame without rows (exports without a classification column)."""
    return pd.DataFrame({"rec": [], "scheme": [], "value": [], "field": []})


def _separator(layout: Layout, name: str, cells: pd.Series) -> str | None:
    if name in layout.separators:
        return layout.separators[name]
    candidates = layout.name_separators if name in _NAME_FIELDS else VALUE_SEPARATORS
    return guess_separator(cells, candidates)


def _split(layout: Layout, name: str, cells: pd.Series, used: dict[str, str]) -> pd.DataFrame:
    if name in layout.splitters:
        return layout.splitters[name](cells)
    sep = _separator(layout, name, cells)
    # countries are matched to applicants by position: an empty one keeps its place
    keep_empty = name == "applicant_countries"
    if sep is None:  # one value per cell
        return split_multi(cells, "\n", keep_empty=keep_empty)
    used[name] = sep
    return split_multi(cells, sep, keep_empty=keep_empty)


def _shown(sep: str) -> str:
    return {"\n": _("line break"), " | ": "' | '"}.get(sep, f"'{sep}'")


def parse_columns(table: Table, layout: Layout) -> ParsedExport:
    """Extract the fields ``layout`` names from ``table``."""
    keys = layout.keys
    if "patent_id" not in keys and "publication_number" not in keys:
        raise InputError(
            _(
                "{file}: no column for the record identifier (header on row {row}); map "
                "patent_id or publication_number to one of the columns"
            ).format(file=table.path.name, row=table.header_row)
        )

    def col(name: str) -> pd.Series:
        if name not in keys:
            return pd.Series("", index=table.frame.index, dtype="str")
        return table.column_or_empty(keys[name])

    used: dict[str, str] = {}
    office = col("priority_office")
    if "priority_numbers" in keys:
        sep = _separator(layout, "priority_numbers", col("priority_numbers")) or "\n"
        derived = priority_office(col("priority_numbers"), sep)
        office = office.where(office.str.strip() != "", derived.fillna(""))
    records = pd.DataFrame(
        {
            "row": table.rows,
            "patent_id": col("patent_id") if "patent_id" in keys else col("publication_number"),
            **{name: col(name) for name in RECORD_FIELDS if name != "priority_office"},
            "priority_office": office,
        }
    )
    applicants = _split(layout, "applicants", col("applicants"), used)
    tags = residence_tags(applicants["value"])
    applicants = pd.DataFrame(
        {
            "rec": applicants["rec"],
            "position": applicants["position"],
            "name_raw": tags["name"],
            "tag": tags["country"],
        }
    )
    if "applicant_countries" in keys:
        countries = _split(layout, "applicant_countries", col("applicant_countries"), used)
        applicants = applicants.merge(
            countries.rename(columns={"value": "country"}), on=["rec", "position"], how="left"
        )
        stated = applicants["country"].fillna("").astype("str")
        applicants["country"] = stated.where(stated != "", applicants["tag"])
    else:
        applicants["country"] = applicants["tag"]
    codes = [
        _split(layout, name, col(name), used).assign(
            scheme=name.upper(), field=table.name(keys[name])
        )
        for name in ("ipc", "cpc")
        if name in keys
    ]
    inventors = _split(layout, "inventors", col("inventors"), used) if "inventors" in keys else None
    fields = {name: table.name(key) for name, key in keys.items()}
    fields["patent_id"] = fields.get("patent_id") or fields["publication_number"]
    notes = list(layout.notes)
    if used:
        notes.append(
            _("Multi-valued cells split on: {separators}.").format(
                separators=", ".join(f"{fields[n]} {_shown(s)}" for n, s in used.items())
            )
        )
    return ParsedExport(
        format=layout.format,
        records=records,
        applicants=applicants.drop(columns="tag"),
        codes=pd.concat(codes, ignore_index=True) if codes else empty_codes(),
        inventors=inventors,
        fields=fields,
        rows_read=len(table.frame) + len(table.rejected),
        rejected=list(table.rejected),
        warnings=list(table.warnings),
        notes=tuple(notes),
        unit=layout.unit,
        long=layout.long,
    )
