"""The canonical patent corpus: three frames every reader produces and every page reads.

``patents``     one row per patent record
``applicants``  one row per (patent, applicant) in the order the source lists them
``ipc``         one row per (patent, classification code), IPC and CPC kept apart by ``scheme``

Readers build plain frames and pass them through :func:`conform`, which fixes column
order and dtypes (categoricals where values repeat a lot), so the rest of the code can
rely on the columns below and nothing else.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from app.i18n import N_, _, format_int, format_percent_value

__all__ = [
    "APPLICANT_COLUMNS",
    "APPLICANT_KINDS",
    "CODED_COLUMNS",
    "COUNTRY_RULES",
    "INCIDENCE_COLUMNS",
    "IPC_COLUMNS",
    "PATENT_COLUMNS",
    "PREFIX_COLUMNS",
    "UNITS",
    "UNKNOWN_COUNTRY",
    "VERDICTS",
    "YEAR_BASES",
    "Coded",
    "ColumnCheck",
    "Corpus",
    "CorpusMeta",
    "ImportReport",
    "Problem",
    "Rejection",
    "code_column",
    "conform",
    "empty_corpus_frames",
    "label_ids",
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


# Columns kept integer-coded beside the frames (see :meth:`Corpus.coded`): the ones filters,
# counts and network builders group by. Values that repeat a lot, so codes are small.
CODED_COLUMNS: dict[str, tuple[str, ...]] = {
    "applicants": ("name", "country", "kind"),
    "ipc": ("scheme", "code", "subclass", "main_group"),
}


# Coded columns whose patents x values layout (:meth:`Corpus.incidence`) is kept too: what
# the network builders and counts read per patent.
INCIDENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "applicants": ("name", "country"),
    "ipc": ("code", "subclass", "main_group"),  # the codes first: the others derive from them
}

# Coded columns whose values are prefixes of another column's (a code's subclass and main
# group): sorted labels keep a code's prefix in the code's order, so their incidence is the
# other's mapped and deduplicated, with no sort (checked; else it is sorted as any other).
PREFIX_COLUMNS: dict[tuple[str, str], str] = {
    ("ipc", "subclass"): "code",
    ("ipc", "main_group"): "code",
}


@dataclass(frozen=True)
class Coded:
    """A column as integer codes into its distinct values (``labels``, sorted; -1: missing)."""

    codes: np.ndarray
    labels: np.ndarray  # object array of str

    def take(self, rows: np.ndarray) -> Coded:
        """The codes of some rows (a boolean mask or positions); labels stay shared."""
        return Coded(self.codes[rows], self.labels)


def code_column(values: pd.Series) -> Coded:
    """Factorise a column into :class:`Coded` (sorted labels, blank text counts as missing).

    Examples
    --------
    >>> c = code_column(pd.Series(["b", "a", None, "b", " "]))
    >>> c.codes.tolist(), c.labels.tolist()
    ([1, 0, -1, 1, -1], ['a', 'b'])
    """
    codes, labels = label_ids(pd.Series(values).reset_index(drop=True))
    labels = np.asarray(pd.Index(labels).astype("str"), dtype=object)
    blank = np.array([label.strip() == "" for label in labels], dtype=bool)
    if blank.any():  # an empty name is no value: drop it like a missing one
        remap = np.where(blank, -1, np.cumsum(~blank) - 1)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
        labels = labels[~blank]
    small = np.int16 if len(labels) < 2**15 else np.int32
    return Coded(codes.astype(small), labels)


def label_ids(
    values: pd.Series, rows: np.ndarray | None = None, sort: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Integer ids of ``values`` at ``rows`` (None: every row, in order; -1: missing), and
    the labels those rows use: sorted (what ``astype("category")`` gives; a categorical's
    in the order of its categories), or in order of first appearance among them.

    For millions of rows over few distinct values: a column of them (a categorical's codes
    are its ids), or a small table the rows index. What the rows use is found from the
    distinct values where the order allows; the ids come in the smallest integer type
    that holds them.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):  # no hash table over its rows
        ids, labels = values.cat.codes.to_numpy(), values.cat.categories
    else:
        ids, labels = pd.factorize(values, sort=sort)
    if sort:
        hit = slice(None) if rows is None else np.bincount(rows, minlength=len(ids)) > 0
        shifted = np.add(ids[hit], 1, dtype=np.int64)  # -1 (missing) counts at 0
        used = np.flatnonzero(np.bincount(shifted, minlength=len(labels) + 1)[1:])
    else:
        used = pd.unique(ids if rows is None else ids[rows])
        used = used[used >= 0]
    remap = np.full(len(labels) + 1, -1, dtype=_smallest_int(len(used)))
    remap[used] = np.arange(len(used))  # and -1 (missing) stays -1
    at = remap[ids]
    return (at if rows is None else at[rows]), np.asarray(labels)[used]


def _smallest_int(n: int) -> type:
    """The smallest signed integer type holding -1 to ``n``."""
    return (
        next(t for t in (np.int8, np.int16, np.int32) if n < np.iinfo(t).max)
        if n < 2**31
        else np.int64
    )


class Corpus:
    """One normalised patent corpus: the three canonical frames plus what it is.

    Besides the frames, a corpus holds integer views of them that filters, counts and
    network builders use instead of strings: each child row's patent position
    (:attr:`applicant_rows`, :attr:`ipc_rows`) and the coded columns of
    :data:`CODED_COLUMNS` (:meth:`coded`). The store persists these with the frames, so a
    worker maps them instead of recomputing them.

    A filtered corpus (:meth:`subset`) keeps only boolean masks over its parent: its
    frames are cut from the parent's the first time something reads them, and its integer
    views are cut from the parent's (cheap arrays), so counting never copies text columns.
    :meth:`with_rows` (some code rows of every patent) is cut the same way, but is a
    corpus of its own.
    """

    def __init__(
        self,
        patents: pd.DataFrame,
        applicants: pd.DataFrame,
        ipc: pd.DataFrame,
        meta: CorpusMeta,
    ):
        self.meta = meta
        self._frames = {"patents": patents, "applicants": applicants, "ipc": ipc}
        self._coded: dict[tuple[str, str], Coded] = {}
        self._rows: dict[str, np.ndarray] = {}
        self._parent: Corpus | None = None
        self._keep: dict[str, np.ndarray] = {}  # frame -> rows of the parent kept
        self._incidence: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._prefix_of: dict[tuple[str, str], np.ndarray | None] = {}
        # (corpus, child frame, boolean over its rows): see with_rows
        self._source: tuple[Corpus, str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Corpus({self.meta.dataset_id!r}, {self.n_patents:,} patents)"

    @property
    def patents(self) -> pd.DataFrame:
        """One row per patent record (``PATENT_COLUMNS``)."""
        return self._frame("patents")

    @property
    def applicants(self) -> pd.DataFrame:
        """One row per (patent, applicant) (``APPLICANT_COLUMNS``)."""
        return self._frame("applicants")

    @property
    def ipc(self) -> pd.DataFrame:
        """One row per (patent, code) (``IPC_COLUMNS``)."""
        return self._frame("ipc")

    @property
    def n_patents(self) -> int:
        """Number of patents (without materialising a filtered corpus's frames)."""
        if self._parent is not None or self._source is not None:
            return self._n_kept
        return len(self._frames["patents"])

    def _frame(self, name: str) -> pd.DataFrame:
        frame = self._frames.get(name)
        if frame is None:
            with self._lock:
                frame = self._frames.get(name)
                if frame is None and self._source is not None:
                    source, cut, keep = self._source
                    frame = source._frame(name)
                    if name == cut:
                        frame = frame[keep].reset_index(drop=True)
                    self._frames[name] = frame
                elif frame is None:
                    parent = self._parent._frame(name)
                    frame = parent[self._kept(name)].reset_index(drop=True)
                    self._frames[name] = frame
        return frame

    @property
    def has_ipc(self) -> bool:
        """True when at least one IPC code is present (the IPC pages need them)."""
        scheme = self.coded("ipc", "scheme")
        hit = np.flatnonzero(scheme.labels == "IPC")
        return bool(len(hit)) and bool((scheme.codes == hit[0]).any())

    @property
    def applicant_rows(self) -> np.ndarray:
        """For each applicant row, the position of its patent in ``patents`` (-1: none).

        Computed once per corpus; lets filters select rows with integer indexing instead
        of string matching over millions of ids.
        """
        return self._child_rows("applicants")

    @property
    def ipc_rows(self) -> np.ndarray:
        """For each code row, the position of its patent in ``patents`` (-1: none)."""
        return self._child_rows("ipc")

    def _child_rows(self, name: str) -> np.ndarray:
        rows = self._rows.get(name)
        if rows is None:
            if self._source is not None:
                source, cut, keep = self._source
                rows = source._child_rows(name)
                rows = rows[keep] if name == cut else rows
            elif self._parent is None:
                ids = pd.Index(self.patents["patent_id"])
                rows = ids.get_indexer(self._frame(name)["patent_id"]).astype(np.int32)
            else:
                keep = self._keep["patents"]
                remap = (np.cumsum(keep, dtype=np.int32) - 1).astype(np.int32)
                rows = remap[self._parent._child_rows(name)[self._kept(name)]]
            self._rows[name] = rows
        return rows

    @property
    def root(self) -> Corpus:
        """The unfiltered corpus this one was cut from (itself when it is one)."""
        return self if self._parent is None else self._parent.root

    @property
    def root_patents(self) -> np.ndarray:
        """Positions of this corpus's patents among :attr:`root`'s patents."""
        found = self._rows.get("root_patents")
        if found is None:
            if self._parent is None:
                found = np.arange(self.n_patents)
            else:
                found = self._parent.root_patents[self._keep["patents"]]
            self._rows["root_patents"] = found
        return found

    @property
    def years(self) -> np.ndarray:
        """``patents.year`` as int16, 0 where unknown (filters and counts read this)."""
        years = self._rows.get("years")
        if years is None:
            if self._source is not None:
                years = self._source[0].years
            elif self._parent is None:
                years = self.patents["year"].to_numpy(dtype=np.int16, na_value=0)
            else:
                years = self._parent.years[self._keep["patents"]]
            self._rows["years"] = years
        return years

    def coded(self, frame: str, column: str) -> Coded:
        """Column ``column`` of ``frame`` as integer codes (one of :data:`CODED_COLUMNS`)."""
        key = (frame, column)
        found = self._coded.get(key)
        if found is None:
            if self._source is not None:
                found = self._source[0].coded(frame, column)
                if frame == self._source[1]:
                    found = found.take(self._source[2])
            elif self._parent is None:
                found = code_column(self._frame(frame)[column])
            else:
                found = self._parent.coded(frame, column).take(self._kept(frame))
            self._coded[key] = found
        return found

    def incidence(
        self, frame: str, column: str, scheme: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each patent's distinct values of ``column``, as ``(indptr, indices)``.

        The compressed-sparse-row layout of the binary patents x values matrix: patent
        ``i``'s value codes are ``indices[indptr[i]:indptr[i + 1]]``, ascending, each once.
        ``scheme``: only the code rows of that scheme (``frame="ipc"``). Kept per corpus
        (the store persists those of :data:`INCIDENCE_COLUMNS`).

        >>> c = Corpus(
        ...     pd.DataFrame({"patent_id": ["p", "q"]}),
        ...     pd.DataFrame({"patent_id": ["q", "p", "q", "q"], "name": ["b", "a", "a", "b"]}),
        ...     pd.DataFrame({"patent_id": pd.Series([], dtype="str")}),
        ...     CorpusMeta("t", "t", "t", "t"),
        ... )
        >>> [x.tolist() for x in c.incidence("applicants", "name")]
        [[0, 1, 3], [0, 0, 1]]
        """
        key = (frame, column, scheme)
        found = self._incidence.get(key)
        if found is None and (frame, column) in PREFIX_COLUMNS:
            found = self._prefix_incidence(frame, column, scheme)
            if found is not None:
                self._incidence[key] = found
        if found is None:
            rows = self._child_rows(frame)
            codes = self.coded(frame, column).codes
            keep = (rows >= 0) & (codes >= 0)
            if scheme is not None:
                schemes = self.coded(frame, "scheme")
                (wanted,) = np.flatnonzero(schemes.labels == scheme)[:1].tolist() or [-2]
                keep &= schemes.codes == wanted
            width = len(self.coded(frame, column).labels) + 1
            # child rows come in patent order: a stable sort (timsort) takes the runs as
            # they are, several times faster than the default on millions of pairs
            pairs = np.sort(rows[keep].astype(np.int64) * width + codes[keep], kind="stable")
            first = np.ones(len(pairs), dtype=bool)
            first[1:] = pairs[1:] != pairs[:-1]  # np.unique, without its slow hashing
            patent, value = np.divmod(pairs[first], width)
            indptr = np.zeros(self.n_patents + 1, dtype=np.int64)
            np.cumsum(np.bincount(patent, minlength=self.n_patents), out=indptr[1:])
            found = (indptr, value.astype(np.int32))
            self._incidence[key] = found
        return found

    def _prefix_incidence(
        self, frame: str, column: str, scheme: str | None
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """The incidence of a column whose values are prefixes of another's (see
        :data:`PREFIX_COLUMNS`), from that one's: mapped, and deduplicated within each
        patent without a sort. None when the data do not allow it (a value with two
        prefixes, a prefix without a value, prefixes out of their values' order)."""
        prefix_of = self._prefixes(frame, column)
        if prefix_of is None:
            return None
        indptr, indices = self.incidence(frame, PREFIX_COLUMNS[(frame, column)], scheme)
        mapped = prefix_of[indices]
        patent = np.repeat(np.arange(self.n_patents, dtype=np.int32), np.diff(indptr))
        patent, mapped = patent[mapped >= 0], mapped[mapped >= 0]
        same = patent[1:] == patent[:-1]
        step = mapped[1:] - mapped[:-1]
        if (same & (step < 0)).any():  # not ascending within a patent: sort instead
            return None
        first = np.ones(len(mapped), dtype=bool)
        first[1:] = ~(same & (step == 0))
        found = np.zeros(self.n_patents + 1, dtype=np.int64)
        np.cumsum(np.bincount(patent[first], minlength=self.n_patents), out=found[1:])
        return found, mapped[first]

    def _prefixes(self, frame: str, column: str) -> np.ndarray | None:
        """For each value of the column ``column`` is a prefix of, its prefix's code (-1:
        none); None when a value has two prefixes, or a row a prefix without a value."""
        if (frame, column) not in self._prefix_of:
            full = self.coded(frame, PREFIX_COLUMNS[(frame, column)])
            prefix = self.coded(frame, column).codes
            rows = self._child_rows(frame) >= 0
            given = rows & (full.codes >= 0)
            prefix_of = np.full(len(full.labels), -1, dtype=np.int32)
            prefix_of[full.codes[given]] = prefix[given]
            lost = (full.codes < 0) & (prefix >= 0) & rows
            mixed = prefix_of[full.codes[given]] != prefix[given]
            self._prefix_of[(frame, column)] = None if lost.any() or mixed.any() else prefix_of
        return self._prefix_of[(frame, column)]

    def incidence_keys(self) -> list[tuple[str, str, str | None]]:
        """The (frame, column, scheme) of every incidence the store keeps for this corpus:
        :data:`INCIDENCE_COLUMNS`, code columns for both schemes together and each one."""
        schemes = [None, *self.coded("ipc", "scheme").labels.tolist()]
        return [
            (frame, column, scheme)
            for frame, columns in INCIDENCE_COLUMNS.items()
            for column in columns
            for scheme in (schemes if frame == "ipc" else [None])
        ]

    def seed_incidence(self, key: tuple, indptr: np.ndarray, indices: np.ndarray) -> None:
        """Adopt an incidence computed earlier (by :meth:`incidence`, read back)."""
        self._incidence[key] = (indptr, indices)

    def index_arrays(self) -> dict[str, dict[str, np.ndarray]]:
        """The integer views, per child frame: what the store persists beside the frames.

        ``{"applicants": {"patent_row": .., "name": codes, ...}, "ipc": {...}}``; labels
        come from :meth:`index_labels`.
        """
        return {
            frame: {"patent_row": self._child_rows(frame)}
            | {column: self.coded(frame, column).codes for column in columns}
            for frame, columns in CODED_COLUMNS.items()
        }

    def index_labels(self) -> dict[tuple[str, str], np.ndarray]:
        """The labels of every coded column (small: distinct values)."""
        return {
            (frame, column): self.coded(frame, column).labels
            for frame, columns in CODED_COLUMNS.items()
            for column in columns
        }

    def seed_index(
        self, arrays: dict[str, dict[str, np.ndarray]], labels: dict[tuple[str, str], np.ndarray]
    ) -> None:
        """Adopt integer views computed earlier (by :meth:`index_arrays`, read back)."""
        for frame, columns in arrays.items():
            self._rows[frame] = columns["patent_row"]
            for column, codes in columns.items():
                if column != "patent_row":
                    found = labels.get((frame, column), np.array([], dtype=object))
                    self._coded[(frame, column)] = Coded(codes, found)

    def subset(self, keep: np.ndarray) -> Corpus:
        """The corpus restricted to the patents where boolean array ``keep`` is True.

        Only masks are computed here; frames are cut when first read (class docstring).
        """
        keep = np.asarray(keep, dtype=bool)
        child = Corpus(None, None, None, self.meta)
        child._frames = {}
        child._parent = self
        child._keep["patents"] = keep
        child._n_kept = int(np.count_nonzero(keep))
        return child

    def with_rows(self, frame: str, keep: np.ndarray) -> Corpus:
        """This corpus with only the rows of child frame ``frame`` where boolean array
        ``keep`` is True; every patent stays.

        A corpus of its own, not a filtered view: it is its own :attr:`root`, so its
        incidences are built from its rows, not selected from this corpus's. Like a
        filtered corpus, it copies no text: its integer views are cut from this corpus's
        when first read (arrays), its frames when something reads them.

        >>> c = Corpus(
        ...     pd.DataFrame({"patent_id": ["p", "q"]}),
        ...     pd.DataFrame({"patent_id": ["p"], "name": ["a"]}),
        ...     pd.DataFrame({"patent_id": ["p", "q", "q"], "code": ["x", "y", "z"]}),
        ...     CorpusMeta("t", "t", "t", "t"),
        ... )
        >>> only = c.with_rows("ipc", np.array([True, False, True]))
        >>> only.n_patents, only.ipc["code"].tolist(), only.ipc_rows.tolist()
        (2, ['x', 'z'], [0, 1])
        """
        child = Corpus(None, None, None, self.meta)
        child._frames = {}
        child._source = (self, frame, np.asarray(keep, dtype=bool))
        child._n_kept = self.n_patents
        return child

    def _kept(self, name: str) -> np.ndarray:
        """Which rows of the parent's frame ``name`` this filtered corpus keeps (computed
        when first needed: a page that counts applicants never touches the code rows)."""
        kept = self._keep.get(name)
        if kept is None:
            rows = self._parent._child_rows(name)
            kept = (rows >= 0) & self._keep["patents"][np.maximum(rows, 0)]
            self._keep[name] = kept
        return kept


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
    # A stored report keeps only its first problems (all are in a file beside it): how many
    # there were. None: the lists above are complete.
    rejected_total: int | None = None
    warnings_total: int | None = None

    @property
    def rejected_count(self) -> int:
        """Rejected rows, all of them (also when ``rejected`` holds only the first)."""
        return len(self.rejected) if self.rejected_total is None else self.rejected_total

    @property
    def warning_count(self) -> int:
        """Warnings, all of them (also when ``warnings`` holds only the first)."""
        return len(self.warnings) if self.warnings_total is None else self.warnings_total

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
        rejected = self.rejected_count
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
