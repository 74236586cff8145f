"""The network panel shared by the Applicant and Technology pages.

One dash-cytoscape picture (preset positions from the server), a legend, the downloads
(PNG and SVG drawn by cytoscape in the browser; GraphML, GEXF, Pajek, UCINET DL and CSV
built on the server from the same memoised graph), and the UCINET statistics table.

Component ids are pattern-matched on ``page`` so one set of callbacks serves every
network page; a page says where its graph comes from with :func:`register_graph_source`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import dash_cytoscape as cyto
import networkx as nx
import pandas as pd
from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)

from app.analysis import graph_io
from app.analysis.layout import cytoscape_elements
from app.analysis.metrics import UCINET_LABELS, NetworkStats, ucinet_figures
from app.analysis.network_view import NetworkView
from app.i18n import _
from app.store.knowledge import load_knowledge
from app.ui import ids
from app.ui.charts import FONT
from app.ui.colors import COMMUNITY_COLORS, community_color
from app.ui.quotes import passage
from app.ui.tables import data_table, table_rows

__all__ = [
    "FILE_FORMATS",
    "LAYOUT_LABELS",
    "GraphSource",
    "card_hint",
    "clicked",
    "community_colors",
    "drawn_ties_note",
    "ego_line",
    "facts_table",
    "focus_stylesheet",
    "legend",
    "network_elements",
    "network_file",
    "network_panel",
    "node_metric_rows",
    "node_table_rows",
    "paper_figures",
    "patent_list",
    "register_graph_source",
    "stats_rows",
    "stats_table",
    "tie_list",
]

# SVG export needs cytoscape-svg, which ships in the extra-layouts bundle.
cyto.load_extra_layouts()

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

# view -> (graph, matrix to write for "matrix" or None for the adjacency, file stem)
GraphSource = Callable[[dict], tuple[nx.Graph, pd.DataFrame | None, str]]
_SOURCES: dict[str, GraphSource] = {}

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


def register_graph_source(page: str, source: GraphSource) -> None:
    """Say how the file downloads of ``page``'s network get the graph for a view."""
    _SOURCES[page] = source


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
        captions = {
            n: (view.graph.nodes[n].get("label", n) if n in shown else "") for n in view.graph
        }
    elements = cytoscape_elements(view.graph, view.positions, max_edges=MAX_DRAWN_TIES)
    for element in elements:
        data = element["data"]
        if "source" not in data:
            data["color"] = colors.get(data["id"], "#9aa5b1")
            data["caption"] = captions.get(data["id"], "")
    return elements


def drawn_ties_note(graph: nx.Graph) -> str:
    """What the picture leaves out when a network has more ties than are drawn ("" if none)."""
    ties = graph.number_of_edges()
    if ties <= MAX_DRAWN_TIES:
        return ""
    return " " + _(
        "The picture draws the {drawn:,} strongest of the {ties:,} ties; the statistics, "
        "the node table and the files use them all."
    ).format(drawn=MAX_DRAWN_TIES, ties=ties)


def network_panel(page: str, height: int = 620) -> html.Div:
    """The picture, its legend and every download, for network page ``page``."""
    image_buttons = [
        html.Button(
            label,
            id={"type": "net-image", "page": page, "fmt": fmt},
            className="btn btn-outline-secondary btn-sm",
            title=f"Download the picture as {label}",
        )
        for fmt, label in (("png", "PNG"), ("svg", "SVG"))
    ]
    file_buttons = [
        html.Button(
            label,
            id={"type": "net-file", "page": page, "fmt": fmt},
            className="btn btn-outline-primary btn-sm",
            title=f"Download the network as {label}"
            + (" (ties only: isolates are not listed)" if fmt == "edges" else ""),
        )
        for fmt, (label, *_formats) in FILE_FORMATS.items()
    ]
    return html.Div(
        [
            dcc.Loading(
                cyto.Cytoscape(
                    id={"type": "cyto", "page": page},
                    elements=[],
                    layout={"name": "preset", "fit": True, "padding": 24},
                    stylesheet=BASE_STYLESHEET,
                    style={"width": "100%", "height": f"{height}px"},
                    minZoom=0.2,
                    maxZoom=4,
                    wheelSensitivity=0.2,
                    boxSelectionEnabled=False,
                ),
                type="dot",
                delay_show=300,
            ),
            html.Div(id={"type": "net-legend", "page": page}, className="chart-legend"),
            html.Div(
                [
                    html.Span("Picture:", className="download-label"),
                    *image_buttons,
                    html.Span("Network file:", className="download-label ms-2"),
                    *file_buttons,
                ],
                className="download-row net-downloads",
            ),
            dcc.Store(id={"type": "net-name", "page": page}),
            dcc.Download(id={"type": "net-download", "page": page}),
        ],
        className="chart-card network-card",
    )


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


def legend(entries: list[tuple[str, str]], note: str = "") -> list:
    """Legend items: (label, colour) swatches, then a note on sizes and widths."""
    items = [
        html.Span([html.Span(className="swatch", style={"background": color}), label])
        for label, color in entries
    ]
    if note:
        items.append(html.Span(note, className="legend-note"))
    return items


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


def stats_table(page: str) -> html.Div:
    """The whole-network statistics table (rows from :func:`stats_rows`), with CSV."""
    return data_table(
        f"{page}-statistics",
        columns=[
            {"name": "Whole network (UCINET)", "id": "figure"},
            {"name": "Binary", "id": "binary"},
            {"name": "Valued", "id": "valued"},
            {"name": "Seed paper", "id": "paper"},
        ],
        page_size=20,
        sort_action="none",
        filter_action="none",
        style_cell={
            "fontFamily": FONT,
            "fontSize": 13,
            "padding": "3px 6px",
            "textAlign": "left",
            "whiteSpace": "normal",
        },
        style_cell_conditional=[
            {"if": {"column_id": c}, "textAlign": "right", "width": "17%"}
            for c in ("binary", "valued", "paper")
        ],
        style_data_conditional=[
            {"if": {"column_id": "paper"}, "color": "#52606d", "fontStyle": "italic"}
        ],
    )


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


def card_hint(text: str) -> list:
    """What the node card says before anything is clicked."""
    return [html.H3("Node card"), html.P(text, className="text-muted")]


clientside_callback(
    ClientsideFunction(namespace="ev", function_name="networkImage"),
    Output({"type": "cyto", "page": MATCH}, "generateImage"),
    Input({"type": "net-image", "page": MATCH, "fmt": ALL}, "n_clicks"),
    State({"type": "net-name", "page": MATCH}, "data"),
    prevent_initial_call=True,
)


@callback(
    Output({"type": "net-download", "page": MATCH}, "data"),
    Input({"type": "net-file", "page": MATCH, "fmt": ALL}, "n_clicks"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def download_network(clicks, view):
    """The shown network as a file in the format of the button clicked."""
    trigger = ctx.triggered_id
    if not trigger or not any(clicks):
        return no_update
    graph, matrix, stem = _SOURCES[trigger["page"]](view or {})
    fmt = trigger["fmt"]
    suffix, mime = FILE_FORMATS[fmt][1:]
    content = network_file(graph, matrix, fmt)
    name = f"{stem}.{suffix}"
    if isinstance(content, bytes):
        return dcc.send_bytes(content, name, type=mime)
    return dcc.send_string(content, name, type=mime)


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
