"""What a network page shows: the graph under the filters, its layout, statistics and cards.

The builders in :mod:`app.analysis.networks` make graphs; this module turns one into
everything a network page (or a report) needs, in plain data:

- :func:`applicant_network`, :func:`technology_network`: the graph the page draws, with
  a cap on its size (a page never ships thousands of nodes to the browser), and
  :func:`applicant_ties`, :func:`technology_ties`: the same network as arrays
  (:class:`~app.analysis.networks.Network`), which the pages compute from;
- :func:`describe`, :func:`describe_network`: preset positions, per-node metrics and the
  whole-network statistics, binary and valued, as UCINET reports them;
- :func:`applicant_profile`, :func:`country_profile`: what a node card says beyond the
  graph (years active, the names the applicant was filed under, every co-applicant in
  the filtered corpus, not only those drawn).

Nothing here imports Dash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import numpy as np
import pandas as pd

from app.analysis.layout import network_positions, preset_positions
from app.analysis.metrics import NetworkStats, tie_matrices, tie_node_metrics, tie_stats
from app.analysis.networks import (
    Network,
    co_applicant_network,
    corpus_incidence,
    country_network,
    ipc_network,
)
from app.ingest.ipc import IPC_SECTIONS, ipc_titles
from app.ingest.schema import UNKNOWN_COUNTRY, Corpus

__all__ = [
    "MAX_NODES",
    "NetworkView",
    "applicant_network",
    "applicant_profile",
    "applicant_ties",
    "co_classified_patents",
    "country_profile",
    "describe",
    "describe_network",
    "joint_patent_count",
    "joint_patents",
    "readable_title",
    "strongest_ties",
    "technology_network",
    "technology_ties",
]

# The most nodes a page draws: beyond a few hundred a co-applicant picture is a hairball
# and the browser slows down; the node table and the file downloads carry the same graph.
MAX_NODES = 500
# The picture's box in cytoscape pixels: the page fits it to the panel.
_BOX = (1000, 640)


@dataclass(frozen=True)
class NetworkView:
    """A network and what is computed from it, ready for a page or a file.

    ``network`` holds the node attributes and the tie matrix (what the picture, the
    statistics and the cards read); :attr:`graph` is the same network as a networkx graph,
    built when first asked for (the files, a card): it is not computed for a picture.
    """

    network: Network
    positions: dict  # node -> {"x": .., "y": ..} (cytoscape preset layout)
    nodes: pd.DataFrame  # node attributes and node metrics, index = node id
    binary: NetworkStats
    valued: NetworkStats

    @property
    def left_out(self) -> int:
        """Nodes the cap left out (partners with the fewest patents)."""
        return self.network.left_out

    @cached_property
    def graph(self) -> nx.Graph:
        """The network as a networkx graph (node attributes, edge ``weight``)."""
        return self.network.graph()


def describe(network: Network, layout: str = "spring", seed: int = 0) -> NetworkView:
    """Positions, node metrics (with the network's node attributes) and both statistics.

    The same figures as :func:`describe_network` of ``network.graph()``, computed from
    the tie matrix without building the graph.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> co = sp.csr_array(np.array([[1, 2, 0], [2, 3, 1], [0, 1, 1]]))
    >>> view = describe(Network.from_cooccurrence(co, np.array(["a", "b", "c"])))
    >>> view.binary.edges, view.valued.density, view.nodes.loc["b", "ego_structure"]
    (2, 1.0, 'chain')
    """
    values = network.ties.astype(float)
    binary = values.copy()
    binary.data[:] = 1.0
    return _view(network, values, binary, layout, seed)


def _view(
    network: Network, values, binary, layout: str, seed: int, positions: dict | None = None
) -> NetworkView:
    ids = network.nodes.index.tolist()
    labels = network.nodes["label"].astype(str).tolist() if "label" in network.nodes else None
    metrics = tie_node_metrics(ids, labels or [str(node) for node in ids], values, binary, seed)
    triangles = metrics["partner_ties"].to_numpy(dtype=float)  # ties among partners
    attributes = network.nodes.drop(columns=["label"], errors="ignore")
    if positions is None:
        positions = network_positions(
            network, layout=layout, seed=seed, width=_BOX[0], height=_BOX[1]
        )
    return NetworkView(
        network=network,
        positions=positions,
        nodes=attributes.join(metrics, how="right"),
        binary=tie_stats(values, binary, valued=False, triangles=triangles),
        valued=tie_stats(values, binary, valued=True, triangles=triangles),
    )


def describe_network(
    graph: nx.Graph, layout: str = "spring", seed: int = 0, left_out: int = 0
) -> NetworkView:
    """Positions, node metrics (with the graph's node attributes) and both statistics.

    Examples
    --------
    >>> g = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})])
    >>> view = describe_network(g)
    >>> view.binary.edges, view.valued.density, view.nodes.loc["b", "ego_structure"]
    (2, 1.0, 'chain')
    """
    nodes, values, binary = tie_matrices(graph, "weight")  # once for the three
    attributes = pd.DataFrame.from_dict(dict(graph.nodes(data=True)), orient="index")
    attributes = attributes.reindex(pd.Index(nodes, name="node"))
    network = Network(attributes, values, left_out)
    positions = preset_positions(graph, layout=layout, seed=seed, width=_BOX[0], height=_BOX[1])
    view = _view(network, values, binary, layout, seed, positions)
    object.__setattr__(view, "graph", graph)  # the caller's graph, as given, is the graph
    return view


def applicant_ties(
    corpus: Corpus,
    top_n: int = 10,
    include_partners: bool = False,
    by: str = "applicants",
    max_nodes: int = MAX_NODES,
) -> Network:
    """The co-applicant network a page draws (``left_out``: nodes the cap left out).

    ``by="applicants"``: the top ``top_n`` applicants (and, with ``include_partners``,
    their direct partners, those with most patents first, up to ``max_nodes`` in all).
    ``by="countries"``: every applicant country, ties = cross-country joint patents.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> net = applicant_ties(synthetic_corpus(800, seed=5), 6, True, max_nodes=8)
    >>> len(net.nodes), net.left_out > 0
    (8, True)
    """
    if by == "countries":
        return country_network(corpus)
    if by != "applicants":
        raise ValueError(f"unknown network {by!r}: applicants or countries")
    return co_applicant_network(corpus, top_n, include_partners, max(max_nodes, top_n))


def applicant_network(
    corpus: Corpus,
    top_n: int = 10,
    include_partners: bool = False,
    by: str = "applicants",
    max_nodes: int = MAX_NODES,
) -> tuple[nx.Graph, int]:
    """:func:`applicant_ties` as a networkx graph, and how many nodes the cap left out.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> g, left_out = applicant_network(synthetic_corpus(800, seed=5), 6, True, max_nodes=8)
    >>> g.number_of_nodes(), left_out > 0
    (8, True)
    """
    network = applicant_ties(corpus, top_n, include_partners, by, max_nodes)
    return network.graph(), network.left_out


def technology_ties(
    corpus: Corpus, level: str = "subclass", top_k: int = 50, scheme: str | None = "IPC"
) -> tuple[Network, pd.DataFrame]:
    """The IPC (or CPC) co-occurrence network of the top ``top_k`` codes, with titles.

    Node attributes added to the builder's: ``title`` (the code's title at ``level``,
    readable case, "" when the scheme does not know it), ``section`` (its first letter)
    and ``section_title``. Returns the network and the K x K matrix (diagonal: patents).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> net, m = technology_ties(synthetic_corpus(300, seed=2), "subclass", 3)
    >>> net.nodes.columns.tolist()
    ['label', 'patents', 'title', 'section', 'section_title']
    """
    network, matrix = ipc_network(corpus, level=level, top_k=top_k, scheme=scheme)
    codes = pd.Series(network.nodes.index, dtype="str")
    sections = codes.str[:1]
    nodes = network.nodes.assign(
        title=ipc_titles(codes, level).fillna("").map(readable_title).to_numpy(dtype=object),
        section=sections.to_numpy(dtype=object),
        section_title=sections.map(lambda s: IPC_SECTIONS.get(s, "")).to_numpy(dtype=object),
    )
    return Network(nodes, network.ties, network.left_out), matrix


def technology_network(
    corpus: Corpus, level: str = "subclass", top_k: int = 50, scheme: str | None = "IPC"
) -> tuple[nx.Graph, pd.DataFrame]:
    """:func:`technology_ties` as a networkx graph, and the K x K matrix.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> g, m = technology_network(synthetic_corpus(300, seed=2), "subclass", 3)
    >>> sorted(g.nodes["H01M"]) == ['label', 'patents', 'section', 'section_title', 'title']
    True
    >>> g.nodes["H01M"]["title"][:30]
    'Processes or means, e.g. batte'
    """
    network, matrix = technology_ties(corpus, level, top_k, scheme)
    return network.graph(), matrix


def readable_title(title: str) -> str:
    """A scheme title for display: references in parentheses dropped, capitals lowered.

    Subclass titles carry cross-references ("(dynamo-electric machines H02K)") and are
    printed in capitals; a node card wants the plain title.

    Examples
    --------
    >>> readable_title("SECONDARY CELLS (fuel cells H01M 8/00); MANUFACTURE THEREOF")
    'Secondary cells; manufacture thereof'
    >>> readable_title("Electrodes (of (nested) kinds)")
    'Electrodes'
    >>> readable_title("COMPOUNDS NOT COVERED BY SUBCLASSES C01D OR C01F")
    'Compounds not covered by subclasses C01D or C01F'
    """
    previous = None
    while previous != title:  # innermost parentheses first, so nested ones go too
        previous, title = title, _PARENTHESES.sub("", title)
    title = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(title.split()))
    letters = [ch for ch in title if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters)
    if letters and capitals / len(letters) > 0.8:
        lowered = title[:1].upper() + title[1:].lower()
        return _LOWERED_CODE.sub(lambda m: m.group().upper(), lowered)  # "c01d" -> "C01D"
    return title


_LOWERED_CODE = re.compile(r"\b[a-hy]\d{2}[a-z]\b")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([;,.])")


def strongest_ties(graph: nx.Graph, node, limit: int = 10) -> list[tuple[str, int]]:
    """``node``'s partners in ``graph``, most joint patents first (then by name).

    >>> strongest_ties(nx.Graph([("a", "b", {"weight": 1}), ("a", "c", {"weight": 3})]), "a")
    [('c', 3), ('b', 1)]
    """
    ties = [(str(v), int(d.get("weight", 1))) for v, d in graph[node].items() if v != node]
    return sorted(ties, key=lambda t: (-t[1], t[0]))[:limit]


def _years(corpus: Corpus, positions: np.ndarray) -> tuple[int | None, int | None]:
    years = corpus.patents["year"].iloc[positions].dropna()
    if years.empty:
        return None, None
    return int(years.min()), int(years.max())


def _partners_of(corpus: Corpus, column: str, value: str) -> tuple[np.ndarray, pd.Series]:
    """Patent positions listing ``value`` in applicants' ``column``, and the other values
    on those patents with their joint-patent counts (most first, then alphabetical)."""
    apps = corpus.applicants
    rows = corpus.applicant_rows
    values = apps[column].astype("str")
    mine = np.unique(rows[(values == value).to_numpy() & (rows >= 0)])
    on_mine = np.isin(rows, mine) & (values != value).to_numpy()
    if column == "country":
        on_mine &= (values != UNKNOWN_COUNTRY).to_numpy()
    pairs = pd.DataFrame({"row": rows[on_mine], "partner": values[on_mine].to_numpy()})
    counts = pairs.drop_duplicates().groupby("partner").size()
    counts = counts.reset_index(name="joint").sort_values(["joint", "partner"], ascending=[0, 1])
    return mine, counts.set_index("partner")["joint"]


def applicant_profile(corpus: Corpus, name: str, limit: int = 12) -> dict:
    """What the card of applicant ``name`` says, from the (filtered) corpus.

    Keys: ``patents``, ``first_year``, ``last_year``, ``raw_names`` (the spellings filed
    under, most used first, at most 5), ``raw_name_count``, ``co_applicants`` (distinct
    partners in the corpus), ``partners`` ([(name, joint patents)], at most ``limit``),
    ``joint_patents`` (patents with at least one other applicant).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> corpus = synthetic_corpus(500, seed=3)
    >>> name = corpus.applicants["name"].value_counts().index[0]
    >>> p = applicant_profile(corpus, name)
    >>> p["patents"] > 0 and p["first_year"] <= p["last_year"]
    True
    """
    mine, partners = _partners_of(corpus, "name", name)
    apps = corpus.applicants
    raw = apps.loc[(apps["name"] == name).to_numpy(), "name_raw"].astype("str").value_counts()
    first, last = _years(corpus, mine)
    rows = corpus.applicant_rows
    others = np.isin(rows, mine) & (apps["name"] != name).to_numpy()
    return {
        "patents": len(mine),
        "first_year": first,
        "last_year": last,
        "raw_names": raw.index[:5].tolist(),
        "raw_name_count": len(raw),
        "co_applicants": len(partners),
        "partners": [(str(p), int(n)) for p, n in partners.iloc[:limit].items()],
        "joint_patents": len(np.unique(rows[others])),
    }


def country_profile(corpus: Corpus, country: str, limit: int = 12) -> dict:
    """What the card of applicant country ``country`` (ISO2) says.

    Keys: ``patents``, ``first_year``, ``last_year``, ``applicants`` (distinct, of that
    country), ``top_applicants`` ([(name, patents)], at most 5), ``partners``
    ([(country, joint patents)], at most ``limit``).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> p = country_profile(synthetic_corpus(500, seed=3), "CN")
    >>> p["patents"] > 0 and len(p["top_applicants"]) <= 5
    True
    """
    mine, partners = _partners_of(corpus, "country", country)
    apps = corpus.applicants
    own = apps.loc[(apps["country"].astype("str") == country).to_numpy()]
    per_name = own.drop_duplicates(["patent_id", "name"])["name"].astype("str").value_counts()
    per_name = per_name.reset_index().sort_values(["count", "name"], ascending=[0, 1])
    first, last = _years(corpus, mine)
    return {
        "patents": len(mine),
        "first_year": first,
        "last_year": last,
        "applicants": len(per_name),
        "top_applicants": [(str(n), int(c)) for n, c in per_name.head(5).to_numpy()],
        "partners": [(str(p), int(n)) for p, n in partners.iloc[:limit].items()],
    }


def joint_patent_count(corpus: Corpus) -> int:
    """Patents with two or more distinct applicants (the only ones that make ties).

    >>> from app.synthetic import synthetic_corpus
    >>> 0 < joint_patent_count(synthetic_corpus(300, seed=1)) < 300
    True
    """
    a, _ = corpus_incidence(corpus, "applicants", "name")  # a row per patent, a name once
    return int(np.count_nonzero(np.diff(a.indptr) >= 2))


def joint_patents(
    corpus: Corpus, first: str, second: str, column: str = "name", limit: int = 50
) -> pd.DataFrame:
    """The patents listing both ``first`` and ``second`` in applicants' ``column``.

    ``column``: "name" (two applicants) or "country" (two applicant countries). Columns:
    publication_number (the record id, e.g. the Lens ID, where the export has none), year,
    title; newest first, at most ``limit`` rows.

    >>> from app.synthetic import synthetic_corpus
    >>> corpus = synthetic_corpus(400, seed=4)
    >>> list(joint_patents(corpus, "CN", "JP", "country").columns)
    ['publication_number', 'year', 'title']
    """
    values = corpus.applicants[column].astype("str").to_numpy()
    rows = corpus.applicant_rows
    return _patents_listing_both(corpus, rows, values, first, second, limit)


def co_classified_patents(
    corpus: Corpus,
    first: str,
    second: str,
    level: str = "subclass",
    scheme: str | None = "IPC",
    limit: int = 50,
) -> pd.DataFrame:
    """The patents classified in both ``first`` and ``second`` (codes at ``level``).

    Same columns and order as :func:`joint_patents`.

    >>> from app.synthetic import synthetic_corpus
    >>> found = co_classified_patents(synthetic_corpus(400, seed=4), "H01M", "B60L")
    >>> list(found.columns), bool(found["year"].is_monotonic_decreasing)
    (['publication_number', 'year', 'title'], True)
    """
    ipc = corpus.ipc
    values = ipc[level].astype("str").to_numpy()
    rows = corpus.ipc_rows
    if scheme is not None:
        rows = np.where((ipc["scheme"] == scheme).to_numpy(dtype=bool, na_value=False), rows, -1)
    return _patents_listing_both(corpus, rows, values, first, second, limit)


def _patents_listing_both(
    corpus: Corpus, rows: np.ndarray, values: np.ndarray, first: str, second: str, limit: int
) -> pd.DataFrame:
    """Patents (newest first) whose child rows (``rows``, ``values``) hold both values."""
    both = np.intersect1d(rows[values == first], rows[values == second])
    found = corpus.patents.iloc[both[both >= 0]]
    # an export without publication numbers (the short Lens form) still names its records
    number = found["publication_number"].fillna(found["patent_id"])
    found = pd.DataFrame(
        {"publication_number": number, "year": found["year"], "title": found["title"]}
    )
    return found.sort_values(["year", "publication_number"], ascending=[False, True]).head(limit)
