"""The pieces of a network picture, its statistics and its cards, for the network explorer.

:mod:`app.ui.network_explorer` assembles them into one component; each piece here is a
plain function of a :class:`~app.analysis.network_view.NetworkView` (elements with colours
and captions, the ties drawn, the stylesheet that brings a node forward, the statistics
rows and what they mean, the rows of a node card, the ranked ties, the network files), so
it can be tested without a browser. Texts are in the request's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from dash import ctx, html

from app.analysis import graph_io
from app.analysis.layout import LABELLED_NODES
from app.analysis.layout import network_elements as tie_elements
from app.analysis.metrics import UCINET_LABELS, NetworkStats, ucinet_figures
from app.analysis.network_view import NetworkView
from app.i18n import N_, _, format_int, format_number, ngettext
from app.store.knowledge import load_knowledge, localised
from app.ui.colors import COMMUNITY_COLORS, community_color
from app.ui.links import patent_record_url
from app.ui.quotes import passage
from app.ui.tables import numeric_column, table_rows

__all__ = [
    "BASE_STYLESHEET",
    "EGO_WORDS",
    "FILE_FORMATS",
    "LAYOUT_LABELS",
    "METRIC_HELP",
    "STATISTICS",
    "TIE_CHOICES",
    "clicked",
    "community_colors",
    "drawn_ties",
    "ego_line",
    "facts_table",
    "focus_stylesheet",
    "metric_columns",
    "network_elements",
    "network_file",
    "node_metric_rows",
    "node_table_rows",
    "paper_figures",
    "patent_list",
    "ranked_ties",
    "statistics_help",
    "statistics_notes",
    "stats_rows",
    "tie_list",
    "ties_note",
    "view_ties_note",
]

# the server-side layouts (app.analysis.layout.LAYOUTS) as the layout menus name them
LAYOUT_LABELS = {
    "spring": N_("Force-directed"),
    "kamada_kawai": N_("Kamada-Kawai"),
    "circular": N_("Circle"),
}

# The most ties a picture draws whatever the choice (the strongest): beyond a few thousand
# the browser slows and the view is a hairball; statistics and downloads keep every tie.
MAX_DRAWN_TIES = 2000

# Which ties the picture draws (the statistics, tables and files always hold them all):
# choice -> (label, rule) with rule ("weight", w): weight >= w, ("strongest", k): each
# node's k strongest ties, ("all", 0), ("auto", 0): all up to AUTO_TIES, else the 3
# strongest per node.
TIE_CHOICES: dict[str, tuple[str, tuple[str, int]]] = {
    "auto": (N_("Automatic"), ("auto", 0)),
    "all": (N_("All ties"), ("all", 0)),
    "w2": (N_("Value 2 or more"), ("weight", 2)),
    "w3": (N_("Value 3 or more"), ("weight", 3)),
    "w5": (N_("Value 5 or more"), ("weight", 5)),
    "w10": (N_("Value 10 or more"), ("weight", 10)),
    "k1": (N_("Strongest tie of each node"), ("strongest", 1)),
    "k3": (N_("3 strongest ties of each node"), ("strongest", 3)),
    "k5": (N_("5 strongest ties of each node"), ("strongest", 5)),
}
# Above this many ties "automatic" draws each node's 3 strongest: a denser picture is a
# hairball on screen and pans below 30 frames per second (bench/network_fps.py).
AUTO_TIES = 1000
AUTO_STRONGEST = 3

# fmt id -> (button text, file suffix, MIME type)
FILE_FORMATS: dict[str, tuple[str, str, str]] = {
    "graphml": ("GraphML", "graphml", "application/graphml+xml"),
    "gexf": ("GEXF", "gexf", "application/gexf+xml"),
    "pajek": ("Pajek .net", "net", "text/plain"),
    "dl": ("UCINET DL", "dl", "text/plain"),
    "edges": (N_("Edge list CSV"), "edges.csv", "text/csv"),
    "matrix": (N_("Matrix CSV"), "matrix.csv", "text/csv"),
}

# UCINET's whole-network figures: field -> (label as the Chinese UCINET literature names
# it, what it means in plain words)
STATISTICS: dict[str, tuple[str, str]] = {
    "nodes": (N_("Nodes"), N_("How many nodes are drawn, those without any tie included.")),
    "edges": (
        N_("Edges"),
        N_("How many pairs of nodes are tied (share at least one patent)."),
    ),
    "ties": (
        N_("No. of ties (UCINET counts both directions)"),
        N_("UCINET counts each tie twice, A to B and B to A: twice the edges."),
    ),
    "components": (
        N_("Components"),
        N_(
            "Groups of nodes that reach one another through ties; a node without ties is a "
            "group of its own."
        ),
    ),
    "isolates": (N_("Isolates"), N_("Nodes without any tie to the other nodes drawn.")),
    "density": (
        N_("Density"),
        N_(
            "Binary: the share of all possible pairs that are tied (1 = everybody tied to "
            "everybody). Valued: the average tie value per pair (joint patents per pair), "
            "which can pass 1."
        ),
    ),
    "density_sd": (
        N_("Standard deviation"),
        N_("How much pairs differ from the density: 0 when every pair is alike."),
    ),
    "centralization_pct": (
        N_("Network centralization"),
        N_(
            "How much the ties centre on one node, from 0% (every node equally tied) to 100% "
            "(a star: one hub tied to all, no other ties). Valued, it counts tie values and "
            "can pass 100%."
        ),
    ),
    "heterogeneity_pct": (
        N_("Heterogeneity"),
        N_(
            "How unevenly the ties are spread over the nodes: low when every node holds a "
            "similar share, high when a few nodes hold most of them."
        ),
    ),
    "clustering_overall": (
        N_("Overall graph clustering coefficient"),
        N_(
            "How often two partners of a node are tied to each other as well (closed "
            "triangles), averaged over the nodes: 1 when every circle of partners is closed."
        ),
    ),
    "clustering_weighted": (
        N_("Weighted overall graph clustering coefficient"),
        N_(
            "The same, with nodes that have more partners counting more (the share of "
            "closed triangles in the whole network)."
        ),
    ),
}

# node metrics (node table column ids) -> what they mean
METRIC_HELP: dict[str, str] = {
    "degree": N_("How many other nodes drawn it is tied to."),
    "weighted_degree": N_("The sum of its tie values (joint patents, or co-occurrences)."),
    "betweenness_norm": N_(
        "How often it lies on the shortest path between two other nodes (0 to 1): a broker "
        "between parts of the network."
    ),
    "closeness": N_("How near it is to all other nodes (1 = tied to every one directly)."),
    "eigenvector": N_(
        "How well tied it is to well-tied nodes, as UCINET computes it: unit length within "
        "one component; with several components each is scaled by its eigenvalue squared "
        "so they compare, and values can pass 1."
    ),
    "clustering": N_("The share of its partners' pairs that are tied to each other."),
    "community": N_("The group of densely tied nodes it belongs to (Louvain method)."),
    "ego_structure": N_(
        "Chain: its partners are not tied to one another. Ring: they are. Partial ring: some."
    ),
}

# the ego structures of app.analysis.metrics.EGO_STRUCTURES, as a card names them
EGO_WORDS = {
    "isolate": N_("isolate"),
    "pendant": N_("pendant"),
    "chain": N_("chain"),
    "partial ring": N_("partial ring"),
    "ring": N_("ring"),
}

BASE_STYLESHEET = [
    {
        "selector": "node",
        "style": {
            "width": "data(size)",
            "height": "data(size)",
            "background-color": "data(color)",
            "border-width": 1,
            "border-color": "#ffffff",
            "label": "data(caption)",
            "font-size": 12,
            "color": "#1f2933",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-outline-color": "#ffffff",
            "text-outline-width": 2,
            "text-wrap": "wrap",
            "text-max-width": 140,
            "min-zoomed-font-size": 6,
        },
    },
    {
        "selector": "edge",
        "style": {
            "width": "data(width)",
            "line-color": "#8a96a3",
            "opacity": 0.65,
            "curve-style": "haystack",
        },
    },
    {"selector": "node:selected", "style": {"border-width": 3, "border-color": "#1f2933"}},
]


def _css_string(value: str) -> str:
    return json.dumps(str(value))  # a double-quoted string with quotes and backslashes escaped


def focus_stylesheet(graph: nx.Graph, node: str | None, tie: tuple | None = None) -> list[dict]:
    """The stylesheet with ``node`` and its ties (or the ``tie`` and its two ends) brought
    forward, the rest faded.

    >>> sheet = focus_stylesheet(nx.Graph([("a", "b")]), "a")
    >>> [rule["selector"] for rule in sheet[-3:]]
    ['node, edge', 'node[id = "a"], node[id = "b"]', 'edge[source = "a"], edge[target = "a"]']
    >>> focus_stylesheet(nx.Graph([("a", "b")]), None, ("b", "a"))[-1]["selector"]
    'edge[id = "b--a"], edge[id = "a--b"]'
    """
    if tie is not None and graph.has_edge(*tie):
        first, second = (str(end) for end in tie)
        nodes = f"node[id = {_css_string(first)}], node[id = {_css_string(second)}]"
        edges = (
            f"edge[id = {_css_string(f'{first}--{second}')}], "
            f"edge[id = {_css_string(f'{second}--{first}')}]"
        )
        return [
            *BASE_STYLESHEET,
            {"selector": "node, edge", "style": {"opacity": 0.18}},
            {"selector": nodes, "style": {"opacity": 1, "label": "data(label)"}},
            {"selector": edges, "style": {"opacity": 1, "line-color": "#1f2933"}},
        ]
    if node is None or node not in graph:
        return BASE_STYLESHEET
    members = [node, *(v for v in graph[node] if v != node)]
    nodes = ", ".join(f"node[id = {_css_string(v)}]" for v in members)
    key = _css_string(node)
    return [
        *BASE_STYLESHEET,
        {"selector": "node, edge", "style": {"opacity": 0.18}},
        {"selector": nodes, "style": {"opacity": 1, "label": "data(label)"}},
        {
            "selector": f"edge[source = {key}], edge[target = {key}]",
            "style": {"opacity": 0.95, "line-color": "#1f2933"},
        },
    ]


def drawn_ties(graph: nx.Graph, choice: str) -> nx.Graph:
    """The graph with the ties the picture draws under tie choice ``choice`` (a key of
    :data:`TIE_CHOICES`), at most :data:`MAX_DRAWN_TIES` of them (the strongest); every
    node stays.

    >>> g = nx.Graph([("a", "b", {"weight": 5}), ("a", "c", {"weight": 1}),
    ...               ("b", "c", {"weight": 2}), ("c", "d", {"weight": 1})])
    >>> sorted(drawn_ties(g, "w2").edges()), sorted(drawn_ties(g, "k1").edges())
    ([('a', 'b'), ('b', 'c')], [('a', 'b'), ('b', 'c'), ('c', 'd')])
    >>> drawn_ties(g, "all") is g, drawn_ties(g, "auto") is g
    (True, True)
    """
    edges = list(graph.edges(data="weight", default=1))
    where = {node: i for i, node in enumerate(graph)}
    ends = np.array([(where[u], where[v]) for u, v, _w in edges], dtype=np.int64).reshape(-1, 2)
    keep = _drawn(ends, np.array([float(w or 0) for *_ends, w in edges]), choice)
    if keep is None:
        return graph
    drawn = nx.Graph()
    drawn.add_nodes_from(graph.nodes(data=True))
    drawn.add_edges_from(
        (u, v, graph.edges[u, v]) for (u, v, _w), kept in zip(edges, keep, strict=True) if kept
    )
    return drawn


def drawn_tie_positions(view: NetworkView, choice: str) -> np.ndarray | None:
    """:func:`drawn_ties` of ``view`` read off its tie matrix: the positions of the ties
    drawn among the upper triangle's entries (row order: the graph's edge order), None
    when every tie is drawn."""
    upper = sp.triu(view.network.ties, k=1, format="csr")
    rows = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))
    keep = _drawn(np.column_stack([rows, upper.indices]), upper.data.astype(float), choice)
    return None if keep is None else np.flatnonzero(keep)


def _drawn(ends: np.ndarray, weights: np.ndarray, choice: str) -> np.ndarray | None:
    """Which ties (rows of ``ends``, node numbers, with their ``weights``; in the graph's
    order) the picture draws under ``choice``; None: every one."""
    rule, value = TIE_CHOICES.get(choice, TIE_CHOICES["auto"])[1]
    if rule == "auto" and len(weights) > AUTO_TIES:
        rule, value = "strongest", AUTO_STRONGEST
    if rule in ("auto", "all") and len(weights) <= MAX_DRAWN_TIES:
        return None
    if rule == "weight":
        keep = weights >= value
    elif rule == "strongest":
        keep = _strongest_per_node(ends, weights, value)
    else:
        keep = np.ones(len(weights), dtype=bool)
    if keep.sum() > MAX_DRAWN_TIES:  # the strongest of those chosen (equal: graph order)
        chosen = np.flatnonzero(keep)
        strongest = chosen[np.argsort(-weights[chosen], kind="stable")[:MAX_DRAWN_TIES]]
        keep = np.zeros(len(weights), dtype=bool)
        keep[strongest] = True
    return keep


def _strongest_per_node(ends: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """Which ties are among the ``k`` strongest of at least one of their two ends (ties of
    equal value: the graph's order)."""
    node = np.concatenate([ends[:, 0], ends[:, 1]])
    tie = np.tile(np.arange(len(weights)), 2)
    order = np.lexsort((tie, -np.tile(weights, 2), node))
    node = node[order]
    starts = np.flatnonzero(np.r_[True, node[1:] != node[:-1]])
    rank = np.arange(len(node)) - np.repeat(starts, np.diff(np.r_[starts, len(node)]))
    keep = np.zeros(len(weights), dtype=bool)
    keep[tie[order][rank < k]] = True
    return keep


def ties_note(graph: nx.Graph, drawn: nx.Graph, choice: str) -> str:
    """What the picture leaves out when it does not draw every tie ("" if it does).

    >>> g = nx.Graph([("a", "b", {"weight": 5}), ("a", "c", {"weight": 1})])
    >>> ties_note(g, drawn_ties(g, "w2"), "w2")[:48]
    'The picture draws 1 of the 2 ties (value 2 or mo'
    """
    return _ties_note(graph.number_of_edges(), drawn.number_of_edges(), choice)


def view_ties_note(view: NetworkView, choice: str) -> str:
    """:func:`ties_note` of the picture of ``view`` under ``choice``."""
    drawn = drawn_tie_positions(view, choice)
    ties = view.binary.edges
    return _ties_note(ties, ties if drawn is None else len(drawn), choice)


def _ties_note(ties: int, drawn: int, choice: str) -> str:
    if drawn == ties:
        return ""
    if choice == "all" or (choice == "auto" and ties <= AUTO_TIES):
        rule = N_("the strongest")
    else:
        rule = TIE_CHOICES[f"k{AUTO_STRONGEST}" if choice == "auto" else choice][0]
    return _(
        "The picture draws {drawn} of the {ties} ties ({rule}); the statistics, the tables "
        "and the files hold them all."
    ).format(drawn=format_int(drawn), ties=format_int(ties), rule=_(rule).lower())


def network_elements(
    view: NetworkView,
    colors: dict,
    captions: dict | None = None,
    ties: str = "all",
) -> list[dict]:
    """Cytoscape elements of ``view`` with node ``color`` and ``caption`` in their data,
    the ties chosen by ``ties`` (:func:`drawn_ties`) only.

    ``colors``: node -> CSS colour. ``captions``: node -> text drawn under it; by default
    the label of the :data:`LABELLED_NODES` nodes with most patents, nothing for the rest.
    """
    if captions is None:
        biggest = view.nodes["patents"].sort_values(ascending=False, kind="stable")
        shown = set(biggest.index[:LABELLED_NODES])
        attributes = view.network.nodes
        names = attributes["label"] if "label" in attributes else attributes.index.to_series()
        captions = {n: (label if n in shown else "") for n, label in names.items()}
    drawn = drawn_tie_positions(view, ties)
    elements = tie_elements(view.network, view.positions, drawn)
    for element in elements:
        data = element["data"]
        if "source" not in data:
            data["color"] = colors.get(data["id"], "#9aa5b1")
            data["caption"] = captions.get(data["id"], "")
    return elements


def community_colors(nodes: pd.DataFrame, named: int = 1) -> tuple[dict, list[tuple[str, str]]]:
    """Node colours by Louvain community, and legend entries naming each community by its
    ``named`` members with most patents ("1: CATL + 4"); communities beyond the palette
    share one grey entry.

    >>> frame = pd.DataFrame({"label": ["a", "b", "c"], "patents": [1, 5, 2],
    ...                       "community": [0, 0, 1]}, index=["a", "b", "c"])
    >>> community_colors(frame)[1]
    [('1: b + 1', '#332288'), ('2: c', '#88CCEE')]
    """
    communities = nodes["community"].astype(int)
    colors = {node: community_color(c) for node, c in communities.items()}
    entries = []
    for community in sorted(communities.unique()):
        if community >= len(COMMUNITY_COLORS):
            rest = communities.nunique() - len(COMMUNITY_COLORS)
            label = ngettext("{n} smaller community", "{n} smaller communities", rest)
            entries.append((label.format(n=rest), community_color(community)))
            break
        members = nodes[communities == community].sort_values("patents", ascending=False)
        lead = ", ".join(members["label"].astype(str).iloc[:named])
        more = f" + {len(members) - named}" if len(members) > named else ""
        entries.append((f"{community + 1}: {lead}{more}", community_color(community)))
    return colors, entries


def clicked(node_data: dict | None, edge_data: dict | None, graph: nx.Graph) -> tuple:
    """What the click that fired a card callback hit, if it is in ``graph`` now.

    ``("edge", (source, target))`` after a click on a line, ``("node", id)`` after a click
    on a node (or when the view changed and the last node clicked is still drawn), else
    ``(None, None)``. Call it inside the callback (it reads which input fired).
    """
    prop = ctx.triggered[0]["prop_id"] if ctx.triggered else ""
    if prop.endswith("tapEdgeData"):
        ends = (edge_data or {}).get("source"), (edge_data or {}).get("target")
        return ("edge", ends) if graph.has_edge(*ends) else (None, None)
    node = (node_data or {}).get("id")
    return ("node", node) if node is not None and node in graph else (None, None)


def _figure_text(value: str) -> str:
    """A figure as printed ("0.0322", "12.34%"; "n/a" in the reader's language)."""
    return _("n/a") if value == "n/a" else value


def stats_rows(
    binary: NetworkStats, valued: NetworkStats, paper: dict[str, str] | None = None
) -> list[dict]:
    """The statistics table's rows: each figure as UCINET prints it, binary and valued, and
    what the seed paper printed for its own network (``paper``: field -> text) if given.
    Each row's ``id`` is the figure's field (its explanation: :func:`statistics_help`)."""
    left, right = ucinet_figures(binary, by_field=True), ucinet_figures(valued, by_field=True)
    rows = [
        {
            "id": field,
            "figure": _(STATISTICS[field][0]) if field in STATISTICS else label,
            "binary": _figure_text(left[field]),
            "valued": _figure_text(right[field]),
        }
        for field, label in UCINET_LABELS.items()
    ]
    if paper is not None:
        for row in rows:
            row["paper"] = paper.get(row["id"], "")
    return rows


def statistics_help(rows: list[dict]) -> list[dict]:
    """DataTable ``tooltip_data`` for the statistics rows: what each figure means."""
    return [
        {"figure": {"value": _(STATISTICS[row["id"]][1]), "type": "text"}}
        if row.get("id") in STATISTICS
        else {}
        for row in rows
    ]


def statistics_notes(view: NetworkView) -> list:
    """Plain words where a figure surprises: valued centralization above 100%, and
    eigenvector values above 1 (UCINET's scaling of several components)."""
    notes = []
    centralization = view.valued.centralization_pct
    if centralization is not None and centralization > 100:
        notes.append(
            _(
                "The valued centralization passes 100% ({value}): UCINET compares the tie "
                "values with the most central network of single ties, a star, so where ties "
                "carry several patents the figure passes 100%. Compare it with other valued "
                "figures, not with 100%."
            ).format(value=f"{centralization:.2f}%")
        )
    eigenvector = view.nodes.get("eigenvector")
    if eigenvector is not None and len(eigenvector) and float(eigenvector.max()) > 1:
        notes.append(
            _(
                "Some eigenvector centralities pass 1 (up to {value}): the network has several "
                "components with ties, and UCINET scales each one by its eigenvalue squared so "
                "that nodes of different components compare. Read them as a ranking."
            ).format(value=format_number(float(eigenvector.max()), 2))
        )
    return [html.P(note, className="stat-note") for note in notes]


def paper_figures(network: str) -> tuple[dict[str, str], html.Details]:
    """What seed 000 printed for its ``network`` ("applicants" or "ipc"): field -> text for
    the statistics table, and the passages those figures rest on."""
    table = load_knowledge().paper_network_figures
    rows = table[table["network"] == network]
    shown = localised(rows, "paper_network_figures")
    printed = dict(zip(rows["figure"], rows["printed"], strict=True))
    seen: dict[str, str] = {}
    for quote, translation in zip(shown["quote"], shown["quote_translation"], strict=True):
        seen.setdefault(quote, translation)
    notes = [note for note in shown["note"] if note]
    seed = rows["seed_file"].iloc[0]
    where = _("section {number}").format(number=3)
    passages = [passage(q, seed, where, translation=t) for q, t in seen.items()]
    return printed, html.Details(
        [
            html.Summary(_("Seed paper column: what the paper printed, and where")),
            html.P(
                _(
                    "The paper's figures describe its own patent set, not the data above; "
                    "they are here to compare orders of magnitude."
                ),
                className="text-muted",
            ),
            *passages,
            *[
                html.P(_("Note: {note}.").format(note=note.rstrip(".。")), className="passage-note")
                for note in notes
            ],
        ],
        className="passage-more",
    )


def metric_columns(degree: str, weighted: str, closeness: bool = True) -> list[dict]:
    """The node table's columns of node metrics, after the page's own columns: ``degree``
    and ``weighted`` name the degree and weighted degree in the page's words (message ids
    or translated text).

    >>> [c["id"] for c in metric_columns("Partners", "Joint patents", closeness=False)][:4]
    ['patents', 'degree', 'weighted_degree', 'betweenness_norm']
    """
    specs = [
        (_("Patents"), "patents", ",d"),
        (_(degree), "degree", ",d"),
        (_(weighted), "weighted_degree", ",.0f"),
        (_("Betweenness (normalised)"), "betweenness_norm", ".4f"),
        *([(_("Closeness"), "closeness", ".4f")] if closeness else []),
        (_("Eigenvector (UCINET)"), "eigenvector", ".4f"),
        (_("Clustering"), "clustering", ".3f"),
        (_("Community"), "community", "d"),
    ]
    ego = {"name": _("Ego structure"), "id": "ego_structure"}
    return [*(numeric_column(*spec) for spec in specs), ego]


def node_table_rows(view: NetworkView, columns: list[dict]) -> list[dict]:
    """The node table's rows: most patents first, communities counted from 1 as on the
    cards and legend, only the ``columns`` (DataTable specs) shown, and each row's ``id``
    the node (a click on a row opens its card), ego structures in the reader's words."""
    frame = view.nodes.assign(community=view.nodes["community"] + 1)
    if "ego_structure" in frame:
        words = {key: _(word) for key, word in EGO_WORDS.items()}
        frame = frame.assign(ego_structure=frame["ego_structure"].map(words).fillna("–"))
    frame = frame.sort_values(["patents", "label"], ascending=[False, True])
    rows = table_rows(frame[[c["id"] for c in columns if c["id"] != "id"]])
    for row, node in zip(rows, frame.index, strict=True):
        row["id"] = str(node)
    return rows


def ranked_ties(view: NetworkView, limit: int = 100) -> list[dict]:
    """The strongest ties, most joint patents (co-occurrences) first: rows of the ranked
    ties table, each ``id`` "first|second" (a click opens the tie's card).

    >>> g = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 4})])
    >>> nx.set_node_attributes(g, {"a": "A", "b": "B", "c": "C"}, "label")
    >>> from app.analysis.network_view import describe_network
    >>> view = describe_network(g)
    >>> [(r["rank"], r["first"], r["second"], r["weight"]) for r in ranked_ties(view)]
    [(1, 'B', 'C', 4), (2, 'A', 'B', 1)]
    """
    # read off the tie matrix (upper triangle, row order: the graph's edge order); only
    # ties as strong as the limit-th strongest can be listed, so only those are named
    upper = sp.triu(view.network.ties, k=1, format="csr")
    if upper.nnz == 0:
        return []
    weights = upper.data
    cut = np.partition(weights, -limit)[-limit] if len(weights) > limit else weights.min()
    kept = np.flatnonzero(weights >= cut)
    rows = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))[kept]
    ids = view.network.nodes.index
    labels = view.nodes["label"] if "label" in view.nodes else pd.Series(dtype=object)
    names = np.array([str(label) for label in labels.reindex(ids)], dtype=object)
    unnamed = ~ids.isin(labels.index)
    names[unnamed] = [str(node) for node in ids[unnamed]]
    # strongest first, then by the names (as ranks: many ties can share the cut's weight,
    # and sorting their names as text took tens of milliseconds); a stable sort, so ties
    # equal in all three keep the tie matrix's order
    rank = np.unique(names, return_inverse=True)[1]
    first, second = rows, upper.indices[kept]
    order = np.lexsort((rank[second], rank[first], -weights[kept]))[:limit]
    return [
        {
            "id": f"{u}|{v}",
            "rank": i + 1,
            "first": one,
            "second": other,
            "weight": int(w) if float(w).is_integer() else float(w),
        }
        for i, (u, v, w, one, other) in enumerate(
            zip(
                ids[first[order]],
                ids[second[order]],
                weights[kept][order].tolist(),
                names[first[order]],
                names[second[order]],
                strict=True,
            )
        )
    ]


def facts_table(rows: list[tuple]) -> html.Table:
    """A two-column table of (label, value) rows for a card; a third item is what the label
    means, shown on hover."""
    body = []
    for label, value, *more in rows:
        head = html.Th(label, title=more[0], className="has-help") if more else html.Th(label)
        body.append(html.Tr([head, html.Td(value)]))
    return html.Table(html.Tbody(body), className="stat-table")


def node_metric_rows(view: NetworkView, node: str, partner_word: str) -> list[tuple]:
    """The card rows of ``node``'s metrics in ``view`` (label, value, meaning);
    ``partner_word`` names its ties."""
    m = view.nodes.loc[node]

    def number(value, digits: int) -> str:
        return "–" if pd.isna(value) else format_number(float(value), digits)

    return [
        (
            _("{partners} in the network (degree)").format(partners=_(partner_word)),
            format_int(m["degree"]),
            _(METRIC_HELP["degree"]),
        ),
        (
            _("Sum of tie values (weighted degree)"),
            format_int(m["weighted_degree"]),
            _(METRIC_HELP["weighted_degree"]),
        ),
        (
            _("Betweenness (normalised)"),
            number(m["betweenness_norm"], 4),
            _(METRIC_HELP["betweenness_norm"]),
        ),
        (_("Closeness"), number(m["closeness"], 4), _(METRIC_HELP["closeness"])),
        (_("Eigenvector (UCINET)"), number(m["eigenvector"], 4), _(METRIC_HELP["eigenvector"])),
        (_("Local clustering"), number(m["clustering"], 3), _(METRIC_HELP["clustering"])),
        (_("Community"), format_int(int(m["community"]) + 1), _(METRIC_HELP["community"])),
    ]


def tie_list(pairs: list[tuple[str, int]], unit: str | Callable[[int], str], label=str) -> html.Ul:
    """(name, count) pairs as a list: "name — 3 joint patents". ``unit`` writes the count
    ("3 joint patents"), or is the unit's message id ("joint patent")."""
    count = unit if callable(unit) else _unit_count(unit)
    return html.Ul(
        [
            html.Li([html.Span(label(name), className="data-value"), " — ", count(n)])
            for name, n in pairs
        ],
        className="partner-list",
    )


def _unit_count(unit: str) -> Callable[[int], str]:
    """ "3 joint patents" from the unit's message id: in English the plural adds an s."""

    def count(n: int) -> str:
        word = _(unit)
        if word == unit and n != 1:
            word += "s"
        return _("{n} {unit}").format(n=format_int(n), unit=word)

    return count


def ego_line(view: NetworkView, node: str, meanings: dict[str, str]) -> html.P:
    """``node``'s ego structure (chain, ring, ...) and what it means, from ``meanings``."""
    structure = view.nodes.loc[node, "ego_structure"]
    name = _(EGO_WORDS.get(structure, structure))
    return html.P(
        [
            html.B(_("Ego network: {structure}.").format(structure=name)),
            " ",
            _("{meaning}.").format(meaning=_(meanings[structure]).rstrip(".。")),
        ],
        className="ego-line",
        title=_(METRIC_HELP["ego_structure"]),
    )


def patent_list(found: pd.DataFrame, total: int, source: str | None = None) -> html.Div:
    """Patents (publication_number, year, title) as a scrolling list for a tie's card, each
    number a link to its public record (:func:`app.ui.links.patent_record_url`; ``source``
    is the dataset's format); ``total`` is how many there are (``found`` may hold only the
    newest of them)."""
    ids = found["patent_id"] if "patent_id" in found else found["publication_number"]
    rows = zip(found["publication_number"], ids, found["year"], found["title"], strict=True)
    items = []
    for number, patent_id, year, title in rows:
        url = patent_record_url(number, patent_id, source)
        shown = str(number)
        link = (
            html.A(shown, href=url, target="_blank", rel="noopener noreferrer", className="mono")
            if url
            else html.Span(shown, className="mono")
        )
        year_text = "" if pd.isna(year) else f" ({int(year)})"
        items.append(
            html.Li([html.Span([link, year_text], className="data-value"), " ", _title(title)])
        )
    more = (
        [
            html.Div(
                _("The newest {shown} of {total} are listed.").format(
                    shown=format_int(len(found)), total=format_int(total)
                ),
                className="source-note",
            )
        ]
        if total > len(found)
        else []
    )
    return html.Div([html.Ul(items, className="patent-list"), *more])


def _title(title) -> html.Span:
    text = "" if title is None or (isinstance(title, float) and np.isnan(title)) else str(title)
    return html.Span(text, className="data-value", lang="en")


def network_file(
    graph: nx.Graph, matrix: pd.DataFrame | None, fmt: str, about: dict | None = None
) -> bytes | str:
    """The content of a network download in format ``fmt`` (a key of FILE_FORMATS).

    ``about`` (what the network is: title, dataset, filters, source) goes into the file
    with the export date: GraphML and GEXF as graph attributes, Pajek as comment lines.
    UCINET DL has no comment syntax and CSV readers would take a comment for data: those
    files carry it in their name only. "matrix" writes ``matrix`` when given (the
    co-occurrence matrix, with its diagonal of patents per code), else the graph's
    adjacency matrix.
    """
    if about and fmt in ("graphml", "gexf", "pajek"):
        graph = graph.copy()
        graph.graph.update({**about, "exported": date.today().isoformat()})
    if fmt == "graphml":
        return graph_io.to_graphml(graph)
    if fmt == "gexf":
        return graph_io.to_gexf(graph)
    if fmt == "pajek":
        return graph_io.to_pajek(graph)
    if fmt == "dl":
        return graph_io.to_ucinet_dl(graph)
    if fmt == "edges":
        return graph_io.to_edgelist_csv(graph)
    if matrix is not None:
        return matrix.to_csv(index_label="")
    return graph_io.to_matrix_csv(graph)
