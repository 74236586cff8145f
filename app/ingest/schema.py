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

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICANT_KINDS",
    "COUNTRY_RULES",
    "IPC_COLUMNS",
    "PATENT_COLUMNS",
    "UNKNOWN_COUNTRY",
    "YEAR_BASES",
    "Corpus",
    "CorpusMeta",
    "ImportReport",
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
class Rejection:
    """One input row that was not imported, and why.

    ``row`` is the 1-based line number in the file as a spreadsheet shows it (header = 1),
    or the record number when the format has no lines (PatentsView tables name the table in
    ``field``).
    """

    row: int
    field: str
    reason: str
    value: str = ""


@dataclass
class ImportReport:
    """What an import read, kept, rejected and warned about."""

    file: str
    format: str
    rows_read: int = 0
    patents: int = 0
    applicants: int = 0
    ipc_codes: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # a fatal problem: nothing was imported

    @property
    def ok(self) -> bool:
        """True when the import produced a corpus (rejected rows allowed, no fatal error)."""
        return self.error is None

    def to_dict(self) -> dict:
        """Plain JSON-ready form (the CLI's ``--json`` output)."""
        out = asdict(self)
        out["ok"] = self.ok
        return out
