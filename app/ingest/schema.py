"""The canonical patent corpus: three frames every reader produces and every page reads.

``patents``     one row per patent record
``applicants``  one row per (patent, applicant) in the order the source lists them
``ipc``         one row per (patent, classification code), IPC and CPC kept apart by ``scheme``

Readers build plain frames and pass them through :func:`conform`, which fixes column
order and dtypes (categoricals where values repeat a lot), so the rest of the code can
rely on the columns below and nothing else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd

from app.i18n import N_, _, format_int, format_percent_value

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICANT_KINDS",
    "COUNTRY_RULES",
    "IPC_COLUMNS",
    "PATENT_COLUMNS",
    "UNITS",
    "UNKNOWN_COUNTRY",
    "VERDICTS",
    "YEAR_BASES",
    "ColumnCheck",
    "Corpus",
    "CorpusMeta",
    "ImportReport",
    "Problem",
    "Rejection",
    "conform",
    "empty_corpus_frames",
]

UNKNOWN_COUNTRY = "unknown"

# How an applicant's country was known, best first.
COUNTRY_RULES = (
    "source",  # the export states it (Espacenet "[CC]", PatentsView location, incoPat)
    "alias_table",  # curated in data/applicant_aliases.csv from public knowledge of the firm
    "priority_office",  # office of the earliest priority filing (a proxy)
    "jurisdiction",  # office of a national publication (a weak proxy)
    "unknown",
)

APPLICANT_KINDS = (
    "firm",
    "university",
    "research institute",
    "government",
    "individual",
    "unknown",
)

# Which date the analysis year (``patents.year``) was taken from, best first.
YEAR_BASES = ("priority", "filing", "publication", "unknown")

# column -> dtype. "str" is pandas' string dtype; "Int16" the nullable integer.
PATENT_COLUMNS: dict[str, str] = {
    "patent_id": "str",
    "publication_number": "str",
    "application_number": "str",
    "jurisdiction": "category",
    "priority_year": "Int16",
    "filing_year": "Int16",
    "publication_year": "Int16",
    "year": "Int16",  # priority year, else filing year, else publication year
    "year_basis": "category",  # which of the three ``year`` is (see YEAR_BASES)
    "title": "str",
    "source": "category",  # reader that produced the row: lens, espacenet, patentsview, ...
}

APPLICANT_COLUMNS: dict[str, str] = {
    "patent_id": "str",
    "position": "int16",  # 0-based order in the source record
    "name_raw": "str",
    "name": "str",  # normalised (legal forms, case, punctuation, aliases)
    "country": "category",  # ISO 3166-1 alpha-2, or UNKNOWN_COUNTRY
    "country_rule": "category",  # one of COUNTRY_RULES
    "kind": "category",  # one of APPLICANT_KINDS
}

IPC_COLUMNS: dict[str, str] = {
    "patent_id": "str",
    "scheme": "category",  # "IPC" or "CPC"
    "code": "str",  # normalised full code, "H01M 10/0525"
    "subclass": "category",  # "H01M"
    "main_group": "category",  # "H01M 10/00"
}


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly ``columns``, in order, cast to their dtypes.

    Missing columns are added empty; extra columns are dropped. Raises ``KeyError`` only
    for ``patent_id``, which no frame may lack.

    Examples
    --------
    >>> df = conform(pd.DataFrame({"patent_id": ["1"], "code": ["H01M 4/00"]}), IPC_COLUMNS)
    >>> list(df.columns)
    ['patent_id', 'scheme', 'code', 'subclass', 'main_group']
    """
    if "patent_id" not in frame.columns:
        raise KeyError("patent_id")
    out = pd.DataFrame(index=frame.index)
    for name, dtype in columns.items():
        values = frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index)
        out[name] = values.astype(dtype)
    return out.reset_index(drop=True)


def empty_corpus_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Empty ``patents``, ``applicants``, ``ipc`` frames with the canonical dtypes."""
    return tuple(
        conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), cols)
        for cols in (PATENT_COLUMNS, APPLICANT_COLUMNS, IPC_COLUMNS)
    )


@dataclass(frozen=True)
class CorpusMeta:
    """What a corpus is, for the UI and the cache."""

    dataset_id: str  # stable key: "lens-battery", "ops-hydrogen", "upload-<hash>", ...
    label: str  # what the dataset selector shows
    source: str  # path or description of where the records came from
    format: str  # reader used: lens, espacenet, patentsview, generic, ops-flat, synthetic
    synthetic: bool = False  # generated data: never to be presented as real
    attribution: str = ""  # e.g. "Lens.org", "EPO / Espacenet OPS"
    notes: tuple[str, ...] = ()  # caveats shown beside the charts


@dataclass(frozen=True)
class Corpus:
    """One normalised patent corpus: the three canonical frames plus what it is."""

    patents: pd.DataFrame
    applicants: pd.DataFrame
    ipc: pd.DataFrame
    meta: CorpusMeta

    @property
    def has_ipc(self) -> bool:
        """True when at least one IPC code is present (the IPC pages need them)."""
        return bool((self.ipc["scheme"] == "IPC").any())

    @cached_property
    def applicant_rows(self) -> np.ndarray:
        """For each applicant row, the position of its patent in ``patents`` (-1: none).

        Computed once per corpus; lets filters select rows with integer indexing instead
        of string matching over millions of ids.
        """
        return pd.Index(self.patents["patent_id"]).get_indexer(self.applicants["patent_id"])

    @cached_property
    def ipc_rows(self) -> np.ndarray:
        """For each code row, the position of its patent in ``patents`` (-1: none)."""
        return pd.Index(self.patents["patent_id"]).get_indexer(self.ipc["patent_id"])

    def subset(self, keep: np.ndarray) -> Corpus:
        """The corpus restricted to the patents where boolean array ``keep`` is True."""
        keep = np.asarray(keep, dtype=bool)
        remap = np.cumsum(keep) - 1  # old patent position -> new position
        parts = {}
        for frame_name, rows_name in (("applicants", "applicant_rows"), ("ipc", "ipc_rows")):
            rows = getattr(self, rows_name)
            hit = (rows >= 0) & keep[np.maximum(rows, 0)]
            parts[frame_name] = getattr(self, frame_name)[hit].reset_index(drop=True)
            parts[rows_name] = remap[rows[hit]]
        child = replace(
            self,
            patents=self.patents[keep].reset_index(drop=True),
            applicants=parts["applicants"],
            ipc=parts["ipc"],
        )
        # cached_property stores in the instance dict; seed it so the child never re-hashes
        child.__dict__["applicant_rows"] = parts["applicant_rows"]
        child.__dict__["ipc_rows"] = parts["ipc_rows"]
        return child


@dataclass(frozen=True)
class Problem:
    """One input row, cell or value an import could not take as it was, and why.

    Rejected rows and warnings have this one shape. ``row`` is the 1-based line number in
    the file as a spreadsheet shows it (header = 1), or the record number when the format
    has no lines (PatentsView tables name the table in ``field``); None for a problem of
    the whole file (its encoding, a missing table).
    """

    row: int | None
    field: str
    reason: str
    value: str = ""


Rejection = Problem  # a row that was not imported (its row is always known)

# What one record of a corpus is, by reader (the report says it: counts mean different
# things for an application, a publication and a family).
UNITS = ("application", "publication", "family", "patent", "record")

VERDICTS = ("green", "amber", "red")
MAX_REJECTED_SHARE = 0.01  # more rejected rows than this: amber
MAX_UNREADABLE_SHARE = 0.05  # a column unreadable in more of its values than this: amber


@dataclass(frozen=True)
class ColumnCheck:
    """How much of one source column could be read (dates, codes or countries)."""

    field: str  # the column as the file names it
    kind: str  # "dates", "codes" or "countries"
    values: int  # non-empty values checked
    unreadable: int

    @property
    def share(self) -> float:
        return self.unreadable / self.values if self.values else 0.0


@dataclass
class ImportReport:
    """What an import read, kept, rejected and warned about, and the verdict on it.

    ``patents`` counts records (``unit`` says what one is), ``applicants`` the
    record-applicant links and ``ipc_codes`` the record-code links (IPC and CPC).
    """

    file: str
    format: str
    unit: str = "record"
    rows_read: int = 0
    patents: int = 0
    applicants: int = 0
    ipc_codes: int = 0
    distinct_codes: int = 0
    multi_applicant: int = 0  # records with two or more applicants
    country_rules: dict[str, int] = field(default_factory=dict)  # applicant links per rule
    year_min: int | None = None
    year_max: int | None = None
    columns: list[ColumnCheck] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: str | None = None  # a fatal problem: nothing was imported

    @property
    def ok(self) -> bool:
        """True when the import produced a corpus (rejected rows allowed, no fatal error)."""
        return self.error is None

    @property
    def records(self) -> int:
        """The records read (``patents``; ``unit`` says what one is)."""
        return self.patents

    @property
    def applicants_with_country(self) -> int:
        """Applicant links whose country is known, by any rule."""
        return sum(n for rule, n in self.country_rules.items() if rule != "unknown")

    @property
    def verdict(self) -> str:
        """``green`` clean, ``amber`` kept with problems, ``red`` refused (nothing changes)."""
        if not self.ok:
            return "red"
        return "amber" if self.verdict_reasons else "green"

    @property
    def verdict_reasons(self) -> list[str]:
        """Why the verdict is not green, in plain words (empty when it is green)."""
        if not self.ok:
            return [self.error or ""]
        reasons = []
        rejected = len(self.rejected)
        if self.rows_read and rejected / self.rows_read > MAX_REJECTED_SHARE:
            reasons.append(
                _("{rejected} of {rows} rows ({share}) were rejected: more than {limit}.").format(
                    rejected=format_int(rejected),
                    rows=format_int(self.rows_read),
                    share=format_percent_value(rejected / self.rows_read),
                    limit=format_percent_value(MAX_REJECTED_SHARE, 0),
                )
            )
        for check in self.columns:
            if check.share > MAX_UNREADABLE_SHARE:
                reasons.append(
                    _(
                        "Column {field}: {unreadable} of {values} {kind} ({share}) could not "
                        "be read: more than {limit}."
                    ).format(
                        field=check.field,
                        unreadable=format_int(check.unreadable),
                        values=format_int(check.values),
                        kind=_(COLUMN_KINDS.get(check.kind, check.kind)),
                        share=format_percent_value(check.share),
                        limit=format_percent_value(MAX_UNREADABLE_SHARE, 0),
                    )
                )
        if self.patents and self.applicants == 0:
            reasons.append(_("No applicant names were found: the networks will be empty."))
        if self.patents and self.year_min is None:
            reasons.append(_("No record has a usable date: no year-based figure can be drawn."))
        return reasons

    def to_dict(self) -> dict:
        """Plain JSON-ready form (the CLI's ``--json`` output, the cache's report)."""
        out = asdict(self)
        out["ok"] = self.ok
        out["verdict"] = self.verdict
        out["verdict_reasons"] = self.verdict_reasons
        out["applicants_with_country"] = self.applicants_with_country
        out["records"] = self.records
        return out

    @classmethod
    def from_dict(cls, raw: dict) -> ImportReport:
        """The report :meth:`to_dict` wrote (derived keys are recomputed, not read)."""
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in raw.items() if k in known}
        data["rejected"] = [_problem(p) for p in data.get("rejected", [])]
        data["warnings"] = [_problem(p) for p in data.get("warnings", [])]
        data["columns"] = [ColumnCheck(**c) for c in data.get("columns", [])]
        return cls(**data)


COLUMN_KINDS = {"dates": N_("dates"), "codes": N_("codes"), "countries": N_("country codes")}


def _problem(raw: dict | str) -> Problem:
    # reports cached before warnings had a row and field are plain sentences
    return Problem(None, "", raw) if isinstance(raw, str) else Problem(**raw)
