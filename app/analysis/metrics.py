"""Whole-network and node statistics, computed as UCINET computes them.

The whole-network figures follow ``docs/network-metrics.md`` exactly (n nodes, isolates
included; x_ij the tie value; diagonal ignored; d_i = sum_j x_ij; S = sum_i d_i;
k_i = distinct neighbours):

=====================  ==========================================================
density                S / (n(n-1)); binary: share of present ties, valued: mean value
density_sd             population SD of the n(n-1) off-diagonal cells
centralization_pct     100 * sum_i (d_max - d_i) / ((n-1)(n-2))  (valued may pass 100)
heterogeneity_pct      100 * sum_i (d_i / S)^2  (Herfindahl of degree shares)
clustering_overall     mean local clustering C_i over the nodes with k_i >= 2
clustering_weighted    sum C_i k_i(k_i-1) / sum k_i(k_i-1)  (= transitivity)
=====================  ==========================================================

What a tie is (:func:`tie_graph`): an edge whose value (the ``weight`` attribute, 1 when
absent) is positive. Zero or negative values are no tie, as a 0 cell is none in a
UCINET matrix. Self-loops never count. Parallel edges (multigraphs) add up their values;
a directed graph is symmetrised by taking the larger of the two directions, which is what
UCINET does by default ("Data automatically symmetrized by maximum" in its logs).
Clustering always uses the binary graph.

Where a figure is undefined it is ``None`` rather than an error:

- density and SD need n >= 2;
- centralization needs n >= 3 (its denominator (n-1)(n-2) is 0 below);
- heterogeneity needs S > 0 (at least one tie);
- clustering needs a node with k >= 2 (overall) or a connected triple (weighted).

Node metrics (:func:`node_metrics`) follow UCINET's conventions too: betweenness counts
each unordered pair once (normalised by (n-1)(n-2)/2); closeness is Freeman's (n-1) /
farness with an unreachable node put at the largest observed distance plus one (UCINET's
default); eigenvector centrality is the unit-length principal eigenvector, and when
several components have ties UCINET's Everett-Borgatti "lambda-squared" scaling is used
(each component's unit eigenvector times lambda^2 times its sum), so components can be
compared. Communities come from Louvain (igraph's multilevel, fixed seed).

Ego structure (the paper's "single chain" vs "ring"), from each node's partners:

=============  =================================================================
isolate        no partner
pendant        exactly one partner (the end of a chain)
chain          2+ partners, no two of them tied: they reach each other only through ego
partial ring   2+ partners, some pairs tied, not all
ring           2+ partners, every pair tied: ego's neighbourhood is closed
=============  =================================================================

``ego_family`` folds these into the paper's two words: pendant and chain are "chain",
partial ring and ring are "ring" (isolates stay "isolate"). ``on_cycle`` adds whether the
node lies on any cycle (two of its partners are linked without it, possibly through
others), which catches larger rings whose partners are not directly tied.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, eigsh

__all__ = [
    "EGO_FAMILY",
    "EGO_STRUCTURES",
    "UCINET_LABELS",
    "NetworkStats",
    "betweenness",
    "eigenvector_ucinet",
    "format_ucinet",
    "freeman_closeness",
    "igraph_seeded",
    "matrix_density",
    "network_stats",
    "node_metrics",
    "tie_graph",
    "tie_matrices",
    "tie_node_metrics",
    "tie_stats",
    "ucinet_figures",
]

EGO_STRUCTURES = ("isolate", "pendant", "chain", "partial ring", "ring")
EGO_FAMILY = {
    "isolate": "isolate",
    "pendant": "chain",
    "chain": "chain",
    "partial ring": "ring",
    "ring": "ring",
}

# Up to this many nodes, a tie matrix an eighth full or more has its triangles counted with
# dense matrix products: about half the time of the sparse product for a 500-node network
# with tens of thousands of ties (a co-applicant view of 1.5M patents)
_DENSE_TRIANGLES_MAX = 600
# Below this size a component's eigenvector comes from a dense solver (exact, and ARPACK
# needs k < n anyway); above it from ARPACK, falling back to dense if it fails.
_DENSE_EIGEN_MAX = 400


@dataclass(frozen=True)
class NetworkStats:
    """Whole-network figures as UCINET reports them (see the module docstring)."""

    nodes: int
    edges: int
    components: int
    isolates: int
    density: float | None
    density_sd: float | None
    centralization_pct: float | None
    heterogeneity_pct: float | None
    clustering_overall: float | None
    clustering_weighted: float | None
    valued: bool = False

    def to_dict(self) -> dict:
        """The ten figures (full precision), without the ``valued`` flag."""
        out = asdict(self)
        out.pop("valued")
        return out


def _value(data: dict, weight: str | None, edge: tuple) -> float:
    if weight is None or weight not in data or data[weight] is None:
        return 1.0
    value = data[weight]
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"edge {edge[0]!r}-{edge[1]!r}: {weight} {value!r} is not a number"
        ) from None
    if math.isnan(value):
        raise ValueError(f"edge {edge[0]!r}-{edge[1]!r}: {weight} is NaN")
    return value


def tie_graph(graph: nx.Graph, weight: str | None = "weight") -> nx.Graph:
    """The simple undirected graph of ties behind every statistic here.

    Same nodes (and node attributes); one edge per tied pair with attribute ``weight``
    holding the tie value (read from ``weight``, 1 when absent or ``weight=None``).
    Parallel edges add up, directions are symmetrised by maximum, self-loops and
    non-positive values are dropped (module docstring).

    Examples
    --------
    >>> d = nx.MultiDiGraph([("a", "b", {"weight": 2}), ("a", "b", {"weight": 1}),
    ...                      ("b", "a", {"weight": 2}), ("a", "a"), ("b", "c", {"weight": 0})])
    >>> sorted(tie_graph(d).edges(data="weight"))
    [('a', 'b', 3.0)]
    """
    arcs: dict[tuple, float] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        key = (u, v) if graph.is_directed() else _pair(u, v)
        arcs[key] = arcs.get(key, 0.0) + _value(data, weight, (u, v))
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    ties: dict[tuple, float] = {}
    for (u, v), value in arcs.items():
        key = _pair(u, v)
        ties[key] = max(ties.get(key, -math.inf), value)
    out.add_weighted_edges_from((u, v, w) for (u, v), w in ties.items() if w > 0)
    return out


def _pair(u, v) -> tuple:
    """An order-free key for an undirected pair (works for mixed node types)."""
    return (u, v) if (type(u).__name__, str(u)) <= (type(v).__name__, str(v)) else (v, u)


def _matrices(ties: nx.Graph) -> tuple[list, sp.csr_array, sp.csr_array]:
    """Node list, valued and binary adjacency (CSR, symmetric, zero diagonal)."""
    nodes = list(ties)
    if not nodes:
        empty = sp.csr_array((0, 0))
        return nodes, empty, empty
    values = nx.to_scipy_sparse_array(ties, nodelist=nodes, weight="weight", format="csr")
    values = values.astype(float)
    binary = values.copy()
    binary.data[:] = 1.0
    return nodes, values, binary


def tie_matrices(graph: nx.Graph, weight: str | None) -> tuple[list, sp.csr_array, sp.csr_array]:
    """:func:`_matrices` of :func:`tie_graph`, straight from a simple undirected graph.

    Same result, without rebuilding a networkx graph edge by edge: the common case (the
    builders' graphs, most files) then costs a sparse conversion only.
    """
    if graph.is_directed() or graph.is_multigraph() or graph.number_of_nodes() == 0:
        return _matrices(tie_graph(graph, weight))
    nodes = list(graph)
    try:
        values = nx.to_scipy_sparse_array(
            graph, nodelist=nodes, weight=weight, dtype=float, format="csr"
        )
    except (TypeError, ValueError):
        return _matrices(tie_graph(graph, weight))  # names the offending edge
    if np.isnan(values.data).any():
        return _matrices(tie_graph(graph, weight))
    values.setdiag(0)
    values.data[values.data < 0] = 0  # no tie, as in tie_graph
    values.eliminate_zeros()
    binary = values.copy()
    binary.data[:] = 1.0
    return nodes, values, binary


def _triangles(binary: sp.csr_array) -> np.ndarray:
    """Triangles through each node (= ties among its partners)."""
    n = binary.shape[0]
    if n == 0:
        return np.zeros(0)
    if n <= _DENSE_TRIANGLES_MAX and binary.nnz * 8 >= n * n:  # the same whole numbers
        dense = binary.toarray()
        return ((dense @ dense) * dense).sum(axis=1) / 2.0
    return np.asarray((binary @ binary).multiply(binary).sum(axis=1)).ravel() / 2.0


def matrix_density(matrix) -> tuple[float, float]:
    """Density and its population SD over the off-diagonal cells of a square matrix.

    UCINET's Density routine on any one-mode matrix, directed (asymmetric) included: the
    mean of the n(n-1) cells off the diagonal, and sqrt(mean (x - density)^2).

    Examples
    --------
    >>> d, sd = matrix_density([[5, 1, 0], [0, 0, 1], [1, 0, 0]])  # the diagonal 5 is ignored
    >>> round(d, 4), round(sd, 4)
    (0.5, 0.5)
    """
    cells = np.asarray(matrix, dtype=float)
    if cells.ndim != 2 or cells.shape[0] != cells.shape[1] or cells.shape[0] < 2:
        raise ValueError(f"need a square matrix of 2+ nodes, got shape {cells.shape}")
    off = cells[~np.eye(cells.shape[0], dtype=bool)]
    density = float(off.mean())
    return density, float(np.sqrt(((off - density) ** 2).mean()))


def network_stats(
    graph: nx.Graph, weight: str | None = "weight", valued: bool = False, matrices=None
) -> NetworkStats:
    """UCINET's whole-network figures for ``graph`` (binary, or ``valued`` by ``weight``).

    ``matrices``: ``tie_matrices(graph, weight)`` when the caller has it already.

    Examples
    --------
    A star of four leaves: density 8/20, every leaf 0 and the centre 4.

    >>> s = network_stats(nx.star_graph(4))
    >>> s.density, round(s.density_sd, 4), s.centralization_pct, s.heterogeneity_pct
    (0.4, 0.4899, 100.0, 31.25)
    >>> s.clustering_overall, s.clustering_weighted
    (0.0, 0.0)
    """
    _, values, binary = matrices or tie_matrices(graph, weight)
    return tie_stats(values, binary, valued)


def tie_stats(
    values: sp.csr_array,
    binary: sp.csr_array,
    valued: bool = False,
    triangles: np.ndarray | None = None,
) -> NetworkStats:
    """:func:`network_stats` of the tie matrices (:func:`tie_matrices`' valued and binary
    adjacency): what a caller holding the matrices, not a graph, asks for. ``triangles``:
    the triangles through each node when known (:func:`node_metrics`' ``partner_ties``),
    saving a sparse product.

    >>> _, values, binary = tie_matrices(nx.star_graph(4), "weight")
    >>> tie_stats(values, binary) == network_stats(nx.star_graph(4))
    True
    """
    n = values.shape[0]
    cells = values if valued else binary
    degree = np.asarray(cells.sum(axis=1)).ravel() if n else np.zeros(0)
    k = np.asarray(binary.sum(axis=1)).ravel() if n else np.zeros(0)
    total = float(degree.sum())
    density = density_sd = centralization = heterogeneity = None
    if n >= 2:
        pairs = n * (n - 1)
        density = total / pairs
        # sum over cells of (x - mean)^2 = sum x^2 - S * mean; x^2 sums over both triangles
        variance = (float((cells.data**2).sum()) - total * density) / pairs
        density_sd = math.sqrt(max(variance, 0.0))
    if n >= 3:
        centralization = 100.0 * float((degree.max() - degree).sum()) / ((n - 1) * (n - 2))
    if total > 0:
        heterogeneity = 100.0 * float(((degree / total) ** 2).sum())
    if triangles is None:
        triangles = _triangles(binary)
    overall, weighted = _clustering_summary(np.asarray(triangles, dtype=float), k)
    components = csgraph.connected_components(binary, directed=False)[0] if n else 0
    return NetworkStats(
        nodes=n,
        edges=int(binary.nnz // 2),
        components=int(components),
        isolates=int((k == 0).sum()),
        density=density,
        density_sd=density_sd,
        centralization_pct=centralization,
        heterogeneity_pct=heterogeneity,
        clustering_overall=overall,
        clustering_weighted=weighted,
        valued=valued,
    )


def _clustering_summary(triangles: np.ndarray, k: np.ndarray) -> tuple[float | None, ...]:
    triples = k * (k - 1)  # twice the connected triples centred on each node
    eligible = k >= 2
    overall = (
        float((2 * triangles[eligible] / triples[eligible]).mean()) if eligible.any() else None
    )
    weighted = float(2 * triangles.sum() / triples.sum()) if triples.sum() > 0 else None
    return overall, weighted


# NetworkStats field -> the label UCINET prints it under (the ties line is derived)
UCINET_LABELS: dict[str, str] = {
    "nodes": "Nodes",
    "edges": "Edges",
    "ties": "No. of ties (UCINET counts both directions)",
    "components": "Components",
    "isolates": "Isolates",
    "density": "Density",
    "density_sd": "Std dev",
    "centralization_pct": "Network centralization",
    "heterogeneity_pct": "Heterogeneity",
    "clustering_overall": "Overall graph clustering coefficient",
    "clustering_weighted": "Weighted overall graph clustering coefficient",
}


def ucinet_figures(stats: NetworkStats, by_field: bool = False) -> dict[str, str]:
    """The figures printed as UCINET prints them: 4 decimals, percentages with 2.

    Keys are UCINET's labels, or with ``by_field`` the names of :data:`UCINET_LABELS`
    (``"ties"`` for the both-directions count). Undefined figures print as "n/a".

    Examples
    --------
    >>> ucinet_figures(network_stats(nx.star_graph(4)))["Network centralization"]
    '100.00%'
    >>> ucinet_figures(network_stats(nx.star_graph(4)), by_field=True)["density"]
    '0.4000'
    """

    def dec(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.4f}"

    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.2f}%"

    values = {
        "nodes": str(stats.nodes),
        "edges": str(stats.edges),
        "ties": str(2 * stats.edges),
        "components": str(stats.components),
        "isolates": str(stats.isolates),
        "density": dec(stats.density),
        "density_sd": dec(stats.density_sd),
        "centralization_pct": pct(stats.centralization_pct),
        "heterogeneity_pct": pct(stats.heterogeneity_pct),
        "clustering_overall": dec(stats.clustering_overall),
        "clustering_weighted": dec(stats.clustering_weighted),
    }
    if by_field:
        return values
    labels = dict(UCINET_LABELS)
    if stats.valued:
        labels["density"] += " (average tie value)"
    return {labels[field]: value for field, value in values.items()}


def format_ucinet(stats: NetworkStats) -> str:
    """The figures as a plain-text block, one per line, UCINET's decimals.

    Examples
    --------
    >>> print(format_ucinet(network_stats(nx.path_graph(3))))  # doctest: +NORMALIZE_WHITESPACE
    Nodes                                          3
    Edges                                          2
    No. of ties (UCINET counts both directions)    4
    Components                                     1
    Isolates                                       0
    Density                                        0.6667
    Std dev                                        0.4714
    Network centralization                         100.00%
    Heterogeneity                                  37.50%
    Overall graph clustering coefficient           0.0000
    Weighted overall graph clustering coefficient  0.0000
    """
    figures = ucinet_figures(stats)
    width = max(len(label) for label in figures) + 2
    return "\n".join(f"{label:<{width}}{value}" for label, value in figures.items())


# --------------------------------------------------------------------------- node level


def freeman_closeness(binary: sp.csr_array) -> np.ndarray:
    """UCINET's Freeman closeness: (n-1) / farness, unreachable = max distance + 1.

    "Max observed distance plus 1" and "divide totals into N-1" are UCINET's defaults.
    A graph with no tie has no observed distance: closeness is NaN (undefined) there.

    Examples
    --------
    A path a-b-c plus an isolate d: the largest distance is 2, so d is put at 3 from
    everyone; a's farness is 1 + 2 + 3 = 6, closeness 3/6.

    >>> g = nx.Graph([("a", "b"), ("b", "c")]); g.add_node("d")
    >>> freeman_closeness(nx.to_scipy_sparse_array(g, format="csr")).round(4).tolist()
    [0.5, 0.6, 0.5, 0.3333]
    """
    n = binary.shape[0]
    if n < 2 or binary.nnz == 0:
        return np.full(n, np.nan)
    dist = _hop_distances(binary)
    finite = np.isfinite(dist)
    dist[~finite] = dist[finite].max() + 1
    np.fill_diagonal(dist, 0)
    return (n - 1) / dist.sum(axis=1)


def _hop_distances(binary: sp.csr_array) -> np.ndarray:
    """All-pairs shortest path lengths in ties (inf: unreachable), breadth-first from every
    node at once: one sparse-times-dense product per level, a few milliseconds where
    scipy's per-source search took a quarter of a second on 500 nodes.

    >>> _hop_distances(nx.to_scipy_sparse_array(nx.path_graph(3), format="csr")).tolist()
    [[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]]
    """
    n = binary.shape[0]
    adjacency = sp.csr_array(binary, dtype=np.float32)
    dist = np.full((n, n), np.inf)
    np.fill_diagonal(dist, 0)
    seen = np.eye(n, dtype=bool)
    frontier, level = seen.copy(), 0
    while frontier.any():
        level += 1
        frontier = ((adjacency @ frontier.astype(np.float32)) > 0) & ~seen
        dist[frontier] = level
        seen |= frontier
    return dist


def betweenness(binary: sp.csr_array, batch: int = 256) -> np.ndarray:
    """Freeman betweenness of an undirected binary graph, each unordered pair once.

    Brandes' algorithm run level by level for a batch of sources at a time, with sparse
    matrix products instead of a Python queue: the same figures as networkx's
    ``betweenness_centrality(normalized=False)`` (and UCINET's), tens of times faster on
    a few thousand nodes. Memory: a few ``n x batch`` arrays.

    Examples
    --------
    A path a-b-c-d: b lies on a-c and a-d, c on a-d and b-d.

    >>> betweenness(nx.to_scipy_sparse_array(nx.path_graph(4), format="csr")).tolist()
    [0.0, 2.0, 2.0, 0.0]
    """
    n = binary.shape[0]
    adjacency = sp.csr_array(binary, dtype=float)
    adjacency.data[:] = 1.0
    total = np.zeros(n)
    for start in range(0, n, batch):
        sources = np.arange(start, min(start + batch, n))
        cols = np.arange(len(sources))
        sigma = np.zeros((n, len(sources)))  # shortest paths from each source
        sigma[sources, cols] = 1.0
        depth = np.full((n, len(sources)), -1, dtype=np.int32)
        depth[sources, cols] = 0
        frontier, level = sigma.copy(), 0
        while True:  # breadth-first, all sources at once
            reached = adjacency @ frontier
            reached[depth >= 0] = 0.0
            if not reached.any():
                break
            level += 1
            depth[reached > 0] = level
            sigma += reached
            frontier = reached
        delta = np.zeros_like(sigma)  # dependency of each source on each node
        safe_sigma = np.where(sigma > 0, sigma, 1.0)
        for lvl in range(level, 0, -1):
            share = np.where(depth == lvl, (1.0 + delta) / safe_sigma, 0.0)
            delta += np.where(depth == lvl - 1, sigma * (adjacency @ share), 0.0)
        delta[sources, cols] = 0.0
        total += delta.sum(axis=1)
    return total / 2.0  # every pair was counted from both of its ends


def eigenvector_ucinet(values: sp.csr_array) -> tuple[np.ndarray, bool]:
    """Eigenvector centrality as UCINET reports it, and whether it converged.

    One component with ties: the unit-length principal eigenvector (zeros elsewhere).
    Several: each component's unit principal eigenvector scaled by lambda^2 times its
    sum (Everett-Borgatti, UCINET's method for disconnected graphs), so that values are
    comparable across components. No tie at all: zeros. If the iterative solver fails,
    the dense one is used; if that fails too the scores are NaN and the flag False.

    Examples
    --------
    A path 1-0-2 (lambda^2 = 2; unit vector .7071, .5, .5; sum 1.7071) beside a
    triangle (lambda^2 = 4; unit vector .5774 each; sum 1.7321):

    >>> g = nx.disjoint_union(nx.star_graph(2), nx.complete_graph(3))
    >>> eigenvector_ucinet(nx.to_scipy_sparse_array(g, format="csr"))[0].round(4).tolist()
    [2.4142, 1.7071, 1.7071, 4.0, 4.0, 4.0]
    """
    n = values.shape[0]
    scores = np.zeros(n)
    if n == 0 or values.nnz == 0:
        return scores, True
    _, labels = csgraph.connected_components(values, directed=False)
    sizes = np.bincount(labels)
    tied = [c for c in range(len(sizes)) if sizes[c] >= 2]
    converged = True
    for comp in tied:
        members = np.flatnonzero(labels == comp)
        block = values[members][:, members]
        lam, vec = _principal(block)
        if vec is None:
            scores[members] = np.nan
            converged = False
            continue
        vec = np.abs(vec) / np.linalg.norm(vec)
        scores[members] = vec if len(tied) == 1 else vec * lam**2 * vec.sum()
    return scores, converged


def _principal(block: sp.csr_array) -> tuple[float, np.ndarray | None]:
    size = block.shape[0]
    if size > _DENSE_EIGEN_MAX:
        try:
            # a fixed start: ARPACK's default is random, which changed the last digits of
            # the scores from one run to the next (the Perron vector is positive, so a
            # vector of ones is never orthogonal to it)
            lam, vec = eigsh(block.astype(float), k=1, which="LA", v0=np.ones(size))
            return float(lam[0]), vec[:, 0]
        except (ArpackNoConvergence, ArpackError):
            pass  # fall back to the dense solver below
    try:
        lam, vec = np.linalg.eigh(block.toarray().astype(float))
    except np.linalg.LinAlgError:
        return math.nan, None
    return float(lam[-1]), vec[:, -1]


def _communities(nodes: list, values: sp.csr_array, seed: int) -> np.ndarray:
    """Louvain communities (igraph's multilevel, C: milliseconds where networkx's took
    seconds on a few hundred nodes), on the tie values, seeded; numbered 0, 1, ... by size
    (largest first), then by the smallest node name. Isolates are communities of one."""
    n = len(nodes)
    if n == 0:
        return np.zeros(0, dtype=int)
    upper = sp.triu(values, k=1).tocoo()
    graph = igraph.Graph(n=n, edges=np.column_stack([upper.row, upper.col]).tolist())
    with igraph_seeded(seed):
        found = np.asarray(graph.community_multilevel(weights=upper.data.tolist()).membership)
    # rank of each node's name, then each group's size and smallest rank (numpy: a pandas
    # group-by on text loads pyarrow's query engine, a second on a worker's first network)
    by_name = np.argsort(np.array([str(node) for node in nodes], dtype=object), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[by_name] = np.arange(n)
    sizes = np.bincount(found)
    smallest = np.full(len(sizes), n, dtype=np.int64)
    np.minimum.at(smallest, found, rank)
    order = np.lexsort((smallest, -sizes))
    number = np.empty(len(order), dtype=int)
    number[order] = np.arange(len(order))
    return number[found]


_IGRAPH_RANDOM = threading.Lock()


@contextmanager
def igraph_seeded(seed: int) -> Iterator[None]:
    """Run igraph with its random generator seeded (and no other thread using it).

    igraph draws from one process-wide generator; gunicorn runs threads, so the seeding
    and the call happen under one lock, and the generator is put back afterwards.
    """
    with _IGRAPH_RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


def _bridge_degree(binary: sp.csr_array) -> np.ndarray:
    """Per node, how many of its ties are bridges (ties on no cycle)."""
    n = binary.shape[0]
    upper = sp.triu(binary, k=1).tocoo()
    graph = igraph.Graph(n=n, edges=np.column_stack([upper.row, upper.col]).tolist())
    bridges = np.asarray(graph.bridges(), dtype=np.int64)
    ends = np.concatenate([upper.row[bridges], upper.col[bridges]])
    return np.bincount(ends, minlength=n)


def _ego_structure(k: np.ndarray, tied_pairs: np.ndarray) -> list[str]:
    out = []
    for ki, ti in zip(k, tied_pairs, strict=True):
        if ki == 0:
            out.append("isolate")
        elif ki == 1:
            out.append("pendant")
        elif ti == 0:
            out.append("chain")
        elif ti >= ki * (ki - 1) / 2:
            out.append("ring")
        else:
            out.append("partial ring")
    return out


def node_metrics(
    graph: nx.Graph, weight: str | None = "weight", seed: int = 0, matrices=None
) -> pd.DataFrame:
    """Per-node figures for the node card, one row per node (index: node id).

    Columns: ``label``; ``degree`` (partners); ``weighted_degree`` (sum of tie values);
    ``betweenness`` (raw, each unordered pair once) and ``betweenness_norm`` (divided by
    (n-1)(n-2)/2, UCINET's nBetweenness as a proportion); ``closeness`` (Freeman, UCINET's
    defaults); ``eigenvector`` (UCINET's, on tie values); ``clustering`` (local, NaN below
    two partners); ``community`` (Louvain, seeded); ``ego_structure``, ``ego_family``,
    ``partner_ties`` (tied pairs among the partners) and ``on_cycle`` (module docstring).
    Betweenness, closeness and clustering use the binary graph, as UCINET does.
    ``matrices``: ``tie_matrices(graph, weight)`` when the caller has it already.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> m = node_metrics(g)
    >>> m.loc[["a", "c", "d"], ["degree", "betweenness", "ego_structure", "on_cycle"]]
    ... # doctest: +NORMALIZE_WHITESPACE
          degree  betweenness ego_structure  on_cycle
    node
    a          2          0.0          ring      True
    c          3          2.0  partial ring      True
    d          1          0.0       pendant     False
    """
    nodes, values, binary = matrices or tie_matrices(graph, weight)
    labels = [str(graph.nodes[node].get("label", node)) for node in nodes]
    return tie_node_metrics(nodes, labels, values, binary, seed)


def tie_node_metrics(
    nodes: list, labels: list[str], values: sp.csr_array, binary: sp.csr_array, seed: int = 0
) -> pd.DataFrame:
    """:func:`node_metrics` of the tie matrices (:func:`tie_matrices`) of ``nodes``, whose
    ``label`` column is ``labels``: what a caller holding the matrices asks for.

    >>> matrices = tie_matrices(nx.path_graph(3), "weight")
    >>> tie_node_metrics(*matrices[:1], ["a", "b", "c"], *matrices[1:])["degree"].tolist()
    [1, 2, 1]
    """
    n = len(nodes)
    k = np.asarray(binary.sum(axis=1)).ravel().astype(int) if n else np.zeros(0, dtype=int)
    strength = np.asarray(values.sum(axis=1)).ravel() if n else np.zeros(0)
    triangles = _triangles(binary)
    with np.errstate(divide="ignore", invalid="ignore"):
        clustering = np.where(k >= 2, 2 * triangles / (k * (k - 1)), np.nan)
    between = betweenness(binary)
    norm = between / ((n - 1) * (n - 2) / 2) if n >= 3 else np.zeros(n)
    eigen, _ = eigenvector_ucinet(values)
    structure = _ego_structure(k, triangles)
    return pd.DataFrame(
        {
            "label": labels,
            "degree": k,
            "weighted_degree": strength,
            "betweenness": between,
            "betweenness_norm": norm,
            "closeness": freeman_closeness(binary),
            "eigenvector": eigen,
            "clustering": clustering,
            "community": _communities(nodes, values, seed),
            "ego_structure": structure,
            "ego_family": [EGO_FAMILY[s] for s in structure],
            "partner_ties": triangles.astype(int),
            "on_cycle": k > _bridge_degree(binary),
        },
        index=pd.Index(nodes, name="node"),
    )
