"""Networks built from a corpus: co-applicants, applicant countries, IPC co-occurrence.

Every builder works the same way: a binary incidence matrix ``A`` (patents x entities,
``scipy.sparse``; 1 when the patent lists the entity, however many times), then

- patents per entity = column sums of ``A``;
- co-occurrence = ``A^T A`` off its diagonal: cell (i, j) is the number of patents that
  list both i and j.

No Python loop runs over patents. The patent axis is ``corpus.applicant_rows`` /
``corpus.ipc_rows`` (each child row's patent position), so the builders work on any
filtered corpus (``app.analysis.filters.apply_filters``).

Node attributes, for the pages: ``label`` (what to print), ``patents`` (patents listing
the entity), and for applicants ``country``, ``kind`` and ``top`` (one of the top N).
Edge attribute ``weight``: joint patents. Node ids are the labels themselves (strings).

Each builder comes in two forms: ``*_network`` returns a :class:`Network` (node attributes
in a frame, tie values in a sparse matrix), which is what the pages compute from, and
``*_graph`` / :func:`ipc_cooccurrence` return the same network as a networkx graph (for
the API, files and tests). Building a networkx graph of 30,000 ties edge by edge costs a
few hundred milliseconds; the arrays cost nothing.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from app.ingest.schema import UNKNOWN_COUNTRY, Coded, Corpus, code_column

__all__ = [
    "IPC_LEVELS",
    "Network",
    "co_applicant_graph",
    "co_applicant_network",
    "co_occurrence",
    "corpus_incidence",
    "country_graph",
    "country_network",
    "distinct_pairs",
    "incidence_matrix",
    "ipc_cooccurrence",
    "ipc_network",
    "most_frequent_value",
    "most_frequent_values",
]

# level name -> column of the canonical ``ipc`` frame
IPC_LEVELS = {"subclass": "subclass", "main_group": "main_group", "code": "code"}


def incidence_matrix(
    rows: np.ndarray, values: pd.Series, n_patents: int
) -> tuple[sp.csr_array, np.ndarray]:
    """Binary patents x entities matrix and the entity labels (its columns).

    ``rows`` gives each value's patent position (-1: none, dropped); missing or empty
    values are dropped. An entity listed twice on one patent still counts once.

    Examples
    --------
    >>> a, labels = incidence_matrix(np.array([0, 0, 1, 1]), pd.Series(["x", "y", "y", "y"]), 2)
    >>> a.toarray().tolist(), list(labels)
    ([[1, 1], [0, 1]], ['x', 'y'])
    """
    rows, codes, labels = _entity_codes(rows, values)
    return _binary_csr(rows, codes, n_patents, np.arange(len(labels))), labels


# per corpus: (frame, column, scheme) -> its incidence matrix (a filtered corpus's goes
# with it, when the services drop it from their few kept filter states)
_INCIDENCE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INCIDENCE_LOCK = threading.Lock()


def corpus_incidence(
    corpus: Corpus, frame: str, column: str, scheme: str | None = None
) -> tuple[sp.csr_array, np.ndarray]:
    """Binary patents x values matrix of coded column ``column`` of ``frame``, and labels.

    ``scheme``: only the code rows of that scheme ("IPC", "CPC"; ``frame="ipc"``). The
    matrix is the unfiltered corpus's :meth:`~app.ingest.schema.Corpus.incidence` (stored
    with it, so mapped, not computed); a filtered corpus selects its rows from it, so a
    new filter state costs a row selection, not a pass over millions of rows. Columns are
    the unfiltered corpus's labels: a filtered corpus may have empty columns. Kept per
    corpus: a view's network, note and cards ask for the same matrix.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> corpus = synthetic_corpus(300, seed=2)
    >>> a, labels = corpus_incidence(corpus, "ipc", "subclass", "IPC")
    >>> a.shape == (300, len(labels)), int(a.max())
    (True, 1)
    """
    root = corpus.root
    key = (frame, column, scheme)
    labels = root.coded(frame, column).labels
    with _INCIDENCE_LOCK:
        found = _INCIDENCE.setdefault(corpus, {}).get(key)
    if found is None:
        if corpus is root:
            indptr, indices = root.incidence(frame, column, scheme)
            ones = np.ones(len(indices), dtype=np.int32)
            found = sp.csr_array((ones, indices, indptr), shape=(root.n_patents, len(labels)))
            found.has_canonical_format = True  # sorted, each value once per patent
        else:
            found = corpus_incidence(root, frame, column, scheme)[0][corpus.root_patents]
        with _INCIDENCE_LOCK:
            _INCIDENCE[corpus][key] = found
    return found, labels


def _entity_codes(rows: np.ndarray, values: pd.Series | Coded) -> tuple[np.ndarray, ...]:
    """(rows, entity codes) of the usable pairs, and the labels the codes index.

    ``values``: the entity of each row as text, or already coded (a corpus's
    :meth:`~app.ingest.schema.Corpus.coded` column: no strings are touched then).
    """
    coded = values if isinstance(values, Coded) else code_column(values)
    codes, labels = coded.codes, coded.labels
    rows = np.asarray(rows)
    keep = (rows >= 0) & (codes >= 0)
    if not keep.all():
        rows, codes = rows[keep], codes[keep]
    return rows, codes.astype(np.int32), labels


def _binary_csr(
    rows: np.ndarray, codes: np.ndarray, n_patents: int, columns: np.ndarray
) -> sp.csr_array:
    """Binary CSR (patents x ``columns``) of the pairs; ``columns``: ascending codes."""
    if len(columns) < (codes.max() + 1 if len(codes) else 0):
        remap = np.full(codes.max() + 1, -1, dtype=np.int32)
        remap[columns] = np.arange(len(columns), dtype=np.int32)
        codes = remap[codes]
        hit = codes >= 0
        rows, codes = rows[hit], codes[hit]
    codes = codes.astype(np.int32)
    ones = np.ones(len(codes), dtype=np.int32)
    if len(rows) and np.all(rows[1:] >= rows[:-1]):  # grouped by patent, as readers write
        indptr = np.zeros(n_patents + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_patents), out=indptr[1:])
        a = sp.csr_array((ones, codes, indptr), shape=(n_patents, len(columns)))
    else:
        a = sp.csr_array((ones, (rows, codes)), shape=(n_patents, len(columns)))
    a.sum_duplicates()
    a.data[:] = 1
    return a


def co_occurrence(a: sp.csr_array) -> sp.csr_array:
    """``A^T A`` of an incidence matrix: diagonal = patents per entity (binary ``a``).

    Evaluated as the sum over rows of each row's outer product: every patent adds its
    value product to each pair of its entities. That is the same matrix as scipy's
    ``a.T @ a`` (the tests check it) in about a third of the time when rows hold a
    handful of entries, as patents do. Rows are taken in chunks of a few million pairs,
    so memory stays bounded; the result is dense-accumulated when K x K is small and
    sparse otherwise.

    Examples
    --------
    >>> a = sp.csr_array(np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1]]))
    >>> co_occurrence(a).toarray().tolist()
    [[2, 2, 1], [2, 2, 1], [1, 1, 2]]
    """
    a = sp.csr_array(a)
    if not a.has_canonical_format:  # a pair (i, i) inside a row would count off-diagonal
        a = a.copy()
        a.sum_duplicates()
    n_rows, k = a.shape
    binary = bool(np.all(a.data == 1))
    if binary and k <= _SET_BITS:
        return _co_occurrence_by_sets(a)
    data = a.data.astype(np.int64 if binary else float)
    diagonal = np.bincount(a.indices, weights=None if binary else data**2, minlength=k)
    a, data = _rows_with_pairs(a, data)
    n_rows = a.shape[0]
    lengths = np.diff(a.indptr)
    cumulative = np.cumsum(lengths * (lengths - 1) // 2)
    dense = k * k <= _DENSE_CELLS
    total = np.zeros(k * k, dtype=data.dtype) if dense else sp.csr_array((k, k), dtype=data.dtype)
    start = 0
    while start < n_rows:
        done = cumulative[start - 1] if start else 0
        stop = int(np.searchsorted(cumulative, done + _PAIRS_PER_CHUNK, side="right"))
        stop = min(max(stop, start + 1), n_rows)
        lo, hi = a.indptr[start], a.indptr[stop]
        first, second = _row_pairs(lengths[start:stop])
        i, j = a.indices[lo:hi][first], a.indices[lo:hi][second]
        w = None if binary else data[lo:hi][first] * data[lo:hi][second]
        if dense:
            total += np.bincount(i * k + j, weights=w, minlength=k * k).astype(total.dtype)
        else:
            ones = np.ones(len(i), dtype=total.dtype) if w is None else w
            total = total + sp.coo_array((ones, (i, j)), shape=(k, k)).tocsr()
        start = stop
    upper = sp.csr_array(total.reshape(k, k)) if dense else total
    return (upper + upper.T + sp.diags_array(diagonal.astype(data.dtype), dtype=None)).tocsr()


def _rows_with_pairs(a: sp.csr_array, data: np.ndarray) -> tuple[sp.csr_array, np.ndarray]:
    """The rows of ``a`` (and their ``data``) holding two entries or more: the only ones
    that add to a co-occurrence off the diagonal (most patents list one applicant)."""
    lengths = np.diff(a.indptr)
    multi = lengths >= 2
    if multi.all():
        return a, data
    entries = np.repeat(multi, lengths)
    indptr = np.zeros(int(multi.sum()) + 1, dtype=np.int64)
    np.cumsum(lengths[multi], out=indptr[1:])
    rows = sp.csr_array(
        (data[entries], a.indices[entries], indptr), shape=(len(indptr) - 1, a.shape[1])
    )
    return rows, rows.data


# co_occurrence: accumulate densely up to this many cells (~128 MB of int64), and
# enumerate at most about this many entity pairs at once.
_DENSE_CELLS = 1 << 24
_PAIRS_PER_CHUNK = 1 << 22
# Up to this many entities, a row's set of entities fits one 64-bit word.
_SET_BITS = 64


def _co_occurrence_by_sets(a: sp.csr_array) -> sp.csr_array:
    """``co_occurrence`` of a binary matrix of at most 64 columns, by counting sets.

    Each row's entities become one 64-bit word; equal words are counted once (a sort),
    and the matrix is the sum over distinct sets of count x (set's outer product), summed
    pair by pair. The top 50 subclasses of 1.5M patents form a few thousand distinct sets,
    the top 50 full codes some 150,000: tens of milliseconds either way, where enumerating
    every pair of every patent took most of a second.

    >>> a = sp.csr_array(np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1], [1, 1, 0]]))
    >>> _co_occurrence_by_sets(a).toarray().tolist()
    [[3, 3, 1], [3, 3, 1], [1, 1, 2]]
    """
    k = a.shape[1]
    starts = a.indptr[:-1][np.diff(a.indptr) > 0]
    if not len(starts):
        return sp.csr_array((k, k), dtype=np.int64)
    bits = np.left_shift(np.uint64(1), a.indices.astype(np.uint64))
    sets = np.sort(np.bitwise_or.reduceat(bits, starts))
    first = np.flatnonzero(np.concatenate(([True], sets[1:] != sets[:-1])))
    counts = np.diff(np.append(first, len(sets))).astype(np.int64)
    words = sets[first].astype("<u8").view(np.uint8).reshape(-1, 8)
    member = np.unpackbits(words, axis=1, bitorder="little")[:, :k]
    which, entity = np.nonzero(member)  # set by set, entities ascending
    one, other = _row_pairs(np.bincount(which, minlength=len(first)))
    cells = np.bincount(
        entity[one] * k + entity[other], weights=counts[which[one]], minlength=k * k
    )
    upper = sp.csr_array(cells.round().astype(np.int64).reshape(k, k))
    diagonal = np.bincount(entity, weights=counts[which], minlength=k).round().astype(np.int64)
    return (upper + upper.T + sp.diags_array(diagonal, dtype=np.int64)).tocsr()


def _row_pairs(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (first, second) of every pair inside each row, rows laid end to end.

    >>> [x.tolist() for x in _row_pairs(np.array([3, 1, 2]))]
    [[0, 0, 1, 4], [1, 2, 2, 5]]
    """
    n = int(lengths.sum())
    row = np.repeat(np.arange(len(lengths)), lengths)
    local = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    later = lengths[row] - 1 - local  # entries after each one in its row
    first = np.repeat(np.arange(n), later)
    step = np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    return first, first + step + 1


def _top(counts: np.ndarray, labels: np.ndarray, n: int | None) -> np.ndarray:
    """Indices of the ``n`` largest counts; equal counts ordered by label (deterministic)."""
    order = np.lexsort((labels.astype(str), -counts))
    order = order[counts[order] > 0]
    return order if n is None else order[:n]


@dataclass(frozen=True)
class Network:
    """A network as arrays: one row of attributes per node, and the tie values.

    ``nodes``: index = node ids (the labels, text), columns = node attributes (``label``,
    ``patents``, ...). ``ties``: node x node tie values in the order of ``nodes``,
    symmetric, zero diagonal, only positive values stored, indices sorted.
    ``left_out``: nodes a size cap left out.

    >>> net = Network.from_cooccurrence(
    ...     sp.csr_array(np.array([[3, 2, 0], [2, 2, 0], [0, 0, 1]])), np.array(["a", "b", "c"])
    ... )
    >>> net.nodes["patents"].tolist(), net.ties.toarray().tolist()
    ([3, 2, 1], [[0, 2, 0], [2, 0, 0], [0, 0, 0]])
    >>> sorted(net.graph().edges(data="weight"))
    [('a', 'b', 2)]
    """

    nodes: pd.DataFrame
    ties: sp.csr_array
    left_out: int = 0

    @classmethod
    def from_cooccurrence(
        cls,
        co: sp.csr_array,
        labels: np.ndarray,
        attrs: dict | None = None,
        left_out: int = 0,
    ) -> Network:
        """The network of a co-occurrence matrix (diagonal: patents per entity) whose rows
        are ``labels``; ``attrs``: more node attributes, column -> one value per node."""
        text = np.asarray(labels).astype(str)
        coo = sp.coo_array(co)
        tied = (coo.row != coo.col) & (coo.data > 0)
        ties = sp.csr_array(
            (coo.data[tied].astype(np.int64), (coo.row[tied], coo.col[tied])),
            shape=(len(text), len(text)),
        )
        ties.sum_duplicates()  # sorted indices: the edge order of the graph below
        columns = {"label": text, "patents": np.asarray(co.diagonal(), dtype=np.int64)}
        nodes = pd.DataFrame(columns | (attrs or {}), index=pd.Index(text, name="node"))
        return cls(nodes, ties, left_out)

    def graph(self) -> nx.Graph:
        """The network as a networkx graph: nodes in order with their attributes (plain
        Python values), one edge per tie with its ``weight``, in row order."""
        graph = nx.Graph()
        values = {column: self.nodes[column].tolist() for column in self.nodes.columns}
        for i, node in enumerate(self.nodes.index.tolist()):
            graph.add_node(node, **{column: found[i] for column, found in values.items()})
        upper = sp.triu(self.ties, k=1, format="csr")
        rows = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))
        text = np.asarray(self.nodes.index.tolist(), dtype=object)
        weights = upper.data.tolist()
        graph.add_weighted_edges_from(
            zip(text[rows].tolist(), text[upper.indices].tolist(), weights, strict=True)
        )
        return graph


def distinct_pairs(corpus: Corpus, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(patent position, value code) of each distinct (patent, applicants' ``column``),
    patent by patent, read off the stored incidence (no sort, no string).

    >>> from app.synthetic import synthetic_corpus
    >>> positions, codes = distinct_pairs(synthetic_corpus(50, seed=1), "country")
    >>> bool((positions[1:] >= positions[:-1]).all()), len(set(positions)) == 50
    (True, True)
    """
    a, _ = corpus_incidence(corpus, "applicants", column)
    return np.repeat(np.arange(a.shape[0]), np.diff(a.indptr)), a.indices


def most_frequent_value(corpus: Corpus, names: np.ndarray, column: str, avoid: str) -> np.ndarray:
    """Per applicant name code in ``names``, its most frequent ``column`` value (text).

    Counted over the applicant rows; ``avoid`` (and a missing value, counted as it) wins
    only when nothing else is there; equal counts go to the alphabetically first value,
    so the result never depends on row order.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> corpus = synthetic_corpus(300, seed=2)
    >>> most_frequent_value(corpus, np.array([0, 1]), "country", "unknown").tolist()
    ['CN', 'JP']
    """
    return most_frequent_values(corpus, names, {column: avoid})[column]


def most_frequent_values(
    corpus: Corpus, names: np.ndarray, columns: dict[str, str]
) -> dict[str, np.ndarray]:
    """:func:`most_frequent_value` of several ``columns`` ({column: avoid}) at once: the
    applicant rows of ``names`` are picked once for all (at 1.5M patents the top 10 and
    their partners hold most of the rows, and picking them took as long as counting).

    >>> from app.synthetic import synthetic_corpus
    >>> found = most_frequent_values(synthetic_corpus(300, seed=2), np.array([0, 1]),
    ...                              {"country": "unknown", "kind": "unknown"})
    >>> found["country"].tolist(), sorted(found)
    (['CN', 'JP'], ['country', 'kind'])
    """
    name = corpus.coded("applicants", "name")
    rank = np.full(len(name.labels) + 1, -1)
    rank[names] = np.arange(len(names))
    owner = rank[name.codes]
    mine = owner >= 0
    owner = owner[mine]
    found = {}
    for column, avoid in columns.items():
        values = corpus.coded("applicants", column)
        labels = np.append(values.labels, avoid)
        value = values.codes[mine].astype(np.int64)
        fallback = np.flatnonzero(labels == avoid)[0]  # the first: a label equal to avoid
        value = np.where(value >= 0, value, fallback)
        width = len(labels)
        counts = np.bincount(owner * width + value, minlength=len(names) * width)
        counts = counts.reshape(len(names), width)
        preferred = counts.copy()
        preferred[:, labels == avoid] = 0
        best = np.where(
            preferred.max(axis=1) > 0, preferred.argmax(axis=1), fallback
        )  # first maximum: alphabetical, as labels are sorted
        found[column] = labels[best].astype(str)
    return found


def co_applicant_network(
    corpus: Corpus,
    top_n: int | None = 10,
    include_partners: bool = False,
    max_nodes: int | None = None,
) -> Network:
    """Co-applicant network of the top ``top_n`` applicants and the ties among them.

    Applicants are the normalised names (``applicants.name``); the top N are those with
    most patents (equal counts: alphabetical order), ``top_n=None`` keeps all. With
    ``include_partners`` the network also holds every direct partner of a top applicant,
    and all ties among the nodes kept (partner-partner ties too, so a partner's ego
    structure stays visible). ``max_nodes`` caps the partners kept (those with most
    patents first; the top N always stay); ``left_out`` counts the others.

    Node attributes: ``label``, ``patents``, ``country`` (the applicant's most frequent
    known country, else "unknown"), ``kind`` (most frequent), ``top`` (True for the top
    N). Tie value: number of joint patents.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> net = co_applicant_network(synthetic_corpus(500, seed=3), top_n=5)
    >>> len(net.nodes), bool(net.nodes["top"].all())
    (5, True)
    """
    a, labels = corpus_incidence(corpus, "applicants", "name")
    counts = np.bincount(a.indices, minlength=len(labels))
    top = _top(counts, labels, top_n)
    keep, left_out = top, 0
    if include_partners and len(top):
        partners = np.setdiff1d(np.flatnonzero(_linked(a, top)), top)
        partners = partners[_top(counts[partners], labels[partners], None)]
        room = len(partners) if max_nodes is None else max(max_nodes - len(top), 0)
        keep, left_out = np.concatenate([top, partners[:room]]), max(len(partners) - room, 0)
    is_top = np.zeros(len(keep), dtype=bool)
    is_top[: len(top)] = True
    attrs = most_frequent_values(corpus, keep, {"country": UNKNOWN_COUNTRY, "kind": "unknown"})
    attrs["top"] = is_top
    return Network.from_cooccurrence(_co_occurrence_of(a, keep), labels[keep], attrs, left_out)


def _linked(a: sp.csr_array, columns: np.ndarray) -> np.ndarray:
    """Boolean over the columns of ``a``: listed in a row together with one of ``columns``
    (those included).

    >>> a = sp.csr_array(np.array([[1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0], [1, 0, 0, 1]]))
    >>> _linked(a, np.array([0])).tolist()
    [True, True, False, True]
    """
    wanted = np.zeros(a.shape[1], dtype=bool)
    wanted[columns] = True
    row = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))  # the row of each entry
    hit = np.zeros(a.shape[0], dtype=bool)
    hit[row[wanted[a.indices]]] = True  # (a boolean scatter: reduceat summing took longer)
    found = np.zeros(a.shape[1], dtype=bool)
    found[a.indices[hit[row]]] = True
    return found


def co_applicant_graph(
    corpus: Corpus,
    top_n: int | None = 10,
    include_partners: bool = False,
    max_nodes: int | None = None,
) -> nx.Graph:
    """:func:`co_applicant_network` as a networkx graph; ``graph.graph["left_out"]`` counts
    the partners the cap left out. Edge ``weight``: number of joint patents.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> g = co_applicant_graph(synthetic_corpus(500, seed=3), top_n=5)
    >>> g.number_of_nodes(), all(g.nodes[n]["top"] for n in g)
    (5, True)
    """
    network = co_applicant_network(corpus, top_n, include_partners, max_nodes)
    graph = network.graph()
    graph.graph["left_out"] = network.left_out
    return graph


def country_network(corpus: Corpus) -> Network:
    """Countries of applicants as nodes; ties count cross-country joint patents.

    A patent with applicants from CN and JP adds 1 to the CN-JP tie, however many
    applicants of each it has. Node attribute ``patents``: patents with at least one
    applicant of that country. "unknown" countries are left out.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> country_network(synthetic_corpus(2000, seed=1)).nodes.index.tolist()
    ['CN', 'DE', 'JP', 'KR', 'US']
    """
    a, labels = corpus_incidence(corpus, "applicants", "country")
    present = np.bincount(a.indices, minlength=len(labels)) > 0  # countries of these patents
    keep = np.flatnonzero(present & (labels != UNKNOWN_COUNTRY))
    return Network.from_cooccurrence(co_occurrence(_columns(a, keep)), labels[keep])


def country_graph(corpus: Corpus) -> nx.Graph:
    """:func:`country_network` as a networkx graph (edge ``weight``: joint patents).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> g = country_graph(synthetic_corpus(2000, seed=1))
    >>> sorted(g)
    ['CN', 'DE', 'JP', 'KR', 'US']
    """
    return country_network(corpus).graph()


def ipc_network(
    corpus: Corpus, level: str = "subclass", top_k: int | None = 50, scheme: str | None = "IPC"
) -> tuple[Network, pd.DataFrame]:
    """Co-occurrence network and matrix of the ``top_k`` classification codes.

    ``level``: "subclass" (H01M), "main_group" (H01M 10/00) or "code" (the full code).
    ``scheme``: "IPC", "CPC" or None for both. The top K codes are those on most patents
    (equal counts: alphabetical). Every top code is a node, tied or not; a tie's value is
    the number of patents listing both codes.

    Returns the network and the K x K matrix (a DataFrame labelled by code, in top-K
    order) whose diagonal holds the patents per code, as the paper's 50 x 50 matrix does.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> net, m = ipc_network(synthetic_corpus(300, seed=2), level="subclass", top_k=4)
    >>> m.shape, len(net.nodes)
    ((4, 4), 4)
    """
    if level not in IPC_LEVELS:
        raise ValueError(f"unknown IPC level {level!r}; known: {', '.join(IPC_LEVELS)}")
    a, labels = corpus_incidence(corpus, "ipc", IPC_LEVELS[level], scheme)
    counts = np.bincount(a.indices, minlength=len(labels))
    top = _top(counts, labels, top_k)
    co = _co_occurrence_of(a, top)
    codes = labels[top].astype(str)
    matrix = pd.DataFrame(co.toarray(), index=pd.Index(codes), columns=pd.Index(codes))
    return Network.from_cooccurrence(co, codes), matrix


def ipc_cooccurrence(
    corpus: Corpus, level: str = "subclass", top_k: int | None = 50, scheme: str | None = "IPC"
) -> tuple[nx.Graph, pd.DataFrame]:
    """:func:`ipc_network` as a networkx graph (edge ``weight``: patents listing both
    codes) and the K x K matrix.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> g, m = ipc_cooccurrence(synthetic_corpus(300, seed=2), level="subclass", top_k=4)
    >>> m.shape, g.number_of_nodes()
    ((4, 4), 4)
    """
    network, matrix = ipc_network(corpus, level, top_k, scheme)
    return network.graph(), matrix


def _co_occurrence_of(a: sp.csr_array, keep: np.ndarray) -> sp.csr_array:
    """``co_occurrence`` of columns ``keep`` of ``a``, rows and columns in ``keep`` order."""
    ascending = np.sort(keep)  # sorted columns stay canonical: no re-sorting of rows
    whole = len(keep) == a.shape[1]
    co = co_occurrence(a if whole else _columns(a, ascending))
    where = np.searchsorted(ascending, keep)
    return co[where][:, where]


def _columns(a: sp.csr_array, keep: np.ndarray) -> sp.csr_array:
    """Columns ``keep`` of CSR ``a`` (in that order), without scipy's slower fancy indexing."""
    remap = np.full(a.shape[1], -1, dtype=np.int32)
    remap[keep] = np.arange(len(keep), dtype=np.int32)
    mapped = remap[a.indices]
    hit = mapped >= 0
    indptr = np.zeros(len(hit) + 1, dtype=np.int64)
    np.cumsum(hit, out=indptr[1:])
    return sp.csr_array(
        (a.data[hit], mapped[hit], indptr[a.indptr]), shape=(a.shape[0], len(keep)), dtype=a.dtype
    )
