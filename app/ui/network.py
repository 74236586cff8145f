"""The pieces of a network picture, its statistics and its cards, for the network explorer.

:mod:`app.ui.network_explorer` assembles them into one component; each piece here is a
plain function of a :class:`~app.analysis.network_view.NetworkView` (elements with colours
and captions, the stylesheet that brings a node forward, the statistics rows, the rows of a
node card, the network files), so it can be tested without a browser.
"""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
from dash import ctx, html

from app.analysis import graph_io
from app.analysis.layout import network_elements as tie_elements
from app.analysis.metrics import UCINET_LABELS, NetworkStats, ucinet_figures
from app.analysis.network_view import NetworkView
from app.i18n import _
from app.store.knowledge import load_knowledge
from app.ui.colors import COMMUNITY_COLORS, community_color
from app.ui.quotes import passage
from app.ui.tables import numeric_column, table_rows

__all__ = [
    "BASE_STYLESHEET",
    "FILE_FORMATS",
    "LAYOUT_LABELS",
    "clicked",
    "community_colors",
    "drawn_ties_note",
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
    "stats_rows",
    "tie_list",
]

# the server-side layouts (app.analysis.layout.LAYOUTS) as the layout menus name them
LAYOUT_LABELS = {"spring": "Force-directed", "kamada_kawai": "Kamada-Kawai", "circular": "Circle"}

# Labels are drawn for this many nodes at most (the largest); a click shows any node.
LABELLED_NODES = 40
# The most ties a picture draws (the strongest): beyond a few thousand the browser slows
# and the view is a hairball; statistics and downloads keep every tie.
MAX_DRAWN_TIES = 2000

# fmt id -> (button text, file suffix, MIME type)
FILE_FORMATS: dict[str, tuple[str, str, str]] = {
    "graphml": ("GraphML", "graphml", "application/graphml+xml"),
    "gexf": ("GEXF", "gexf", "application/gexf+xml"),
    "pajek": ("Pajek .net", "net", "text/plain"),
    "dl": ("UCINET DL", "dl", "text/plain"),
    "edges": ("Edge list CSV", "edges.csv", "text/csv"),
    "matrix": ("Matrix CSV", "matrix.csv", "text/csv"),
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
            "font-size": 11,
            "color": "#1f2933",
            "text-valign": "bottom",
            "text-margin-y": 3,
            "text-outline-color": "#ffffff",
            "text-outline-width": 2,
            "text-wrap": "wrap",
            "text-max-width": 140,
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


def focus_stylesheet(graph: nx.Graph, node: str | None) -> list[dict]:
    """The stylesheet with ``node`` and its ties brought forward (the rest faded).

    >>> sheet = focus_stylesheet(nx.Graph([("a", "b")]), "a")
    >>> [rule["selector"] for rule in sheet[-3:]]
    ['node, edge', 'node[id = "a"], node[id = "b"]', 'edge[source = "a"], edge[target = "a"]']
    """
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


def network_elements(view: NetworkView, colors: dict, captions: dict | None = None) -> list[dict]:
    """Cytoscape elements of ``view`` with node ``color`` and ``caption`` in their data.

    ``colors``: node -> CSS colour. ``captions``: node -> text drawn under it; by default
    the label of the :data:`LABELLED_NODES` nodes with most patents, nothing for the rest.
    """
    if captions is None:
        biggest = view.nodes["patents"].sort_values(ascending=False, kind="stable")
        shown = set(biggest.index[:LABELLED_NODES])
        attributes = view.network.nodes
        names = attributes["label"] if "label" in attributes else attributes.index.to_series()
        captions = {n: (label if n in shown else "") for n, label in names.items()}
    elements = tie_elements(view.network, view.positions, max_edges=MAX_DRAWN_TIES)
    for element in elements:
        data = element["data"]
        if "source" not in data:
            data["color"] = colors.get(data["id"], "#9aa5b1")
            data["caption"] = captions.get(data["id"], "")
    return elements


def drawn_ties_note(ties: int) -> str:
    """What the picture leaves out when a network has ``ties`` ties and the picture draws
    fewer ("" if it draws them all)."""
    if ties <= MAX_DRAWN_TIES:
        return ""
    return " " + _(
        "The picture draws the {drawn:,} strongest of the {ties:,} ties; the statistics, "
        "the node table and the files use them all."
    ).format(drawn=MAX_DRAWN_TIES, ties=ties)


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
            entries.append((f"{rest} smaller communities", community_color(community)))
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


def stats_rows(
    binary: NetworkStats, valued: NetworkStats, paper: dict[str, str] | None = None
) -> list[dict]:
    """The statistics table's rows: each figure as UCINET prints it, binary and valued, and
    what the seed paper printed for its own network (``paper``: field -> text) if given."""
    left, right = ucinet_figures(binary, by_field=True), ucinet_figures(valued, by_field=True)
    rows = [
        {"figure": label, "binary": left[field], "valued": right[field]}
        for field, label in UCINET_LABELS.items()
    ]
    if paper is not None:
        for row, field in zip(rows, UCINET_LABELS, strict=True):
            row["paper"] = paper.get(field, "")
    return rows


def paper_figures(network: str) -> tuple[dict[str, str], html.Details]:
    """What seed 000 printed for its ``network`` ("applicants" or "ipc"): field -> text for
    the statistics table, and the passages those figures rest on."""
    table = load_knowledge().paper_network_figures
    rows = table[table["network"] == network]
    printed = dict(zip(rows["figure"], rows["printed"], strict=True))
    seen: list[str] = []
    for quote in rows["quote"]:
        if quote not in seen:
            seen.append(quote)
    notes = [note for note in rows["note"] if note]
    passages = [passage(quote, rows["seed_file"].iloc[0], "section 3") for quote in seen]
    return printed, html.Details(
        [
            html.Summary("Seed paper column: what the paper printed, and where"),
            html.P(
                "The paper's figures describe its own patent set, not the data above; they "
                "are here to compare orders of magnitude.",
                className="text-muted",
            ),
            *passages,
            *[html.P(f"Note: {note}.", className="passage-note") for note in notes],
        ],
        className="passage-more",
    )


def metric_columns(degree: str, weighted: str, closeness: bool = True) -> list[dict]:
    """The node table's columns of node metrics, after the page's own columns: ``degree``
    and ``weighted`` name the degree and weighted degree in the page's words.

    >>> [c["id"] for c in metric_columns("Partners", "Joint patents", closeness=False)][:4]
    ['patents', 'degree', 'weighted_degree', 'betweenness_norm']
    """
    specs = [
        ("Patents", "patents", ",d"),
        (degree, "degree", ",d"),
        (weighted, "weighted_degree", ",.0f"),
        ("Betweenness (normalised)", "betweenness_norm", ".4f"),
        *([("Closeness", "closeness", ".4f")] if closeness else []),
        ("Eigenvector (UCINET)", "eigenvector", ".4f"),
        ("Clustering", "clustering", ".3f"),
        ("Community", "community", "d"),
    ]
    ego = {"name": "Ego structure", "id": "ego_structure"}
    return [*(numeric_column(*spec) for spec in specs), ego]


def node_table_rows(view: NetworkView, columns: list[dict]) -> list[dict]:
    """The node table's rows: most patents first, communities counted from 1 as on the
    cards and legend, only the ``columns`` (DataTable specs) shown."""
    frame = view.nodes.assign(community=view.nodes["community"] + 1)
    frame = frame.sort_values(["patents", "label"], ascending=[False, True])
    return table_rows(frame[[c["id"] for c in columns]])


def facts_table(rows: list[tuple[str, object]]) -> html.Table:
    """A two-column table of (label, value) rows for a card."""
    return html.Table(
        html.Tbody([html.Tr([html.Th(k), html.Td(v)]) for k, v in rows]), className="stat-table"
    )


def node_metric_rows(view: NetworkView, node: str, partner_word: str) -> list[tuple[str, str]]:
    """The card rows of ``node``'s metrics in ``view``; ``partner_word`` names its ties."""
    m = view.nodes.loc[node]
    clustering = "–" if pd.isna(m["clustering"]) else f"{m['clustering']:.3f}"
    closeness = "–" if pd.isna(m["closeness"]) else f"{m['closeness']:.4f}"
    return [
        (f"{partner_word} in the network (degree)", f"{int(m['degree'])}"),
        ("Sum of tie values (weighted degree)", f"{m['weighted_degree']:,.0f}"),
        ("Betweenness (normalised)", f"{m['betweenness_norm']:.4f}"),
        ("Closeness", closeness),
        ("Eigenvector (UCINET)", f"{m['eigenvector']:.4f}"),
        ("Local clustering", clustering),
        ("Community", f"{int(m['community']) + 1}"),
    ]


def tie_list(pairs: list[tuple[str, int]], unit: str, label=str) -> html.Ul:
    """(name, count) pairs as a list: "name — 3 joint patents"."""
    return html.Ul(
        [html.Li(f"{label(name)} — {n} {unit}{'s' if n != 1 else ''}") for name, n in pairs],
        className="partner-list",
    )


def ego_line(view: NetworkView, node: str, meanings: dict[str, str]) -> html.P:
    """``node``'s ego structure (chain, ring, ...) and what it means, from ``meanings``."""
    structure = view.nodes.loc[node, "ego_structure"]
    return html.P(
        [html.B(f"Ego network: {structure}. "), meanings[structure] + "."], className="ego-line"
    )


def patent_list(found: pd.DataFrame, total: int) -> html.Div:
    """Patents (publication_number, year, title) as a scrolling list for a tie's card;
    ``total`` is how many there are (``found`` may hold only the newest of them)."""
    rows = found[["publication_number", "year", "title"]].itertuples(index=False)
    items = [
        html.Li([html.Span(number, className="mono"), f" ({year}) {title}"])
        for number, year, title in rows
    ]
    more = (
        [html.Div(f"The newest {len(found)} of {total} are listed.", className="source-note")]
        if total > len(found)
        else []
    )
    return html.Div([html.Ul(items, className="patent-list"), *more])


def network_file(graph: nx.Graph, matrix: pd.DataFrame | None, fmt: str) -> bytes | str:
    """The content of a network download in format ``fmt`` (a key of FILE_FORMATS).

    "matrix" writes ``matrix`` when given (the co-occurrence matrix, with its diagonal of
    patents per code), else the graph's adjacency matrix.
    """
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
