"""Technology (IPC) network: which classification codes occur together (seed 000, section 3).

URL parameters (besides the global filters): ``tn_lvl`` (subclass / main group / full
code), ``tn_k`` (top K codes), ``tn_sch`` (IPC / CPC / both), ``tn_lay`` (layout),
``tn_col`` (colour by IPC section or community) and ``tn_ord`` (matrix order).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
import networkx as nx
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis.filters import Filters
from app.analysis.network_view import (
    NetworkView,
    co_classified_patents,
    describe_network,
    strongest_ties,
    technology_network,
)
from app.ui import ids, urlstate
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.colors import SECTION_COLORS
from app.ui.controls import labelled, param_dropdown, param_number, param_radio
from app.ui.network import (
    LAYOUT_LABELS,
    card_hint,
    clicked,
    community_colors,
    drawn_ties_note,
    ego_line,
    facts_table,
    focus_stylesheet,
    legend,
    network_elements,
    network_panel,
    node_metric_rows,
    node_table_rows,
    paper_figures,
    patent_list,
    register_graph_source,
    stats_rows,
    stats_table,
    tie_list,
)
from app.ui.tables import data_table, numeric_column, table_id

dash.register_page(
    __name__,
    path="/technology",
    name="Technology network",
    order=2,
    title="Technology network — EV Battery Patents",
)

PAGE = "technology"
NOTE = "tn-note"
MESSAGE = "tn-message"
BODY = "tn-body"
CARD = "tn-card"
HEATMAP = "tn-heatmap"
CODE_TABLE = "technology-codes"
MAX_K = 200

LEVEL_LABELS = {
    "subclass": "Subclass (H01M)",
    "main_group": "Main group (H01M 10/00)",
    "code": "Full code (H01M 10/0525)",
}
SCHEME_LABELS = {"IPC": "IPC", "CPC": "CPC", "both": "IPC and CPC"}
COLOR_LABELS = {"section": "IPC section", "community": "Community (Louvain)"}
LABEL_LABELS = {"code": "Code", "title": "Code and title"}
ORDER_LABELS = {"patents": "Most patents first", "community": "Grouped by community"}
EGO_MEANING = {
    "isolate": "never listed together with the other codes drawn",
    "pendant": "listed with one other code only",
    "chain": "a chain: the codes it occurs with do not occur with one another",
    "partial ring": "part of a ring: some of the codes it occurs with also occur together",
    "ring": "a ring: every pair of the codes it occurs with also occurs together",
}
HINT = (
    "Click a code for its title, patents, the codes it occurs with and its centrality; click "
    "a line for the patents classified in both codes."
)

urlstate.choice_param("tn_lvl", "subclass", tuple(LEVEL_LABELS))
urlstate.int_param("tn_k", 50, 2, MAX_K)
urlstate.choice_param("tn_sch", "IPC", tuple(SCHEME_LABELS))
# Kamada-Kawai spreads one dense component over the picture; spring piles it in the middle.
urlstate.choice_param("tn_lay", "kamada_kawai", tuple(LAYOUT_LABELS))
urlstate.choice_param("tn_col", "section", tuple(COLOR_LABELS))
urlstate.choice_param("tn_ord", "patents", tuple(ORDER_LABELS))
urlstate.choice_param("tn_lab", "code", tuple(LABEL_LABELS))
PAGE_PARAMS = ("tn_lvl", "tn_k", "tn_sch", "tn_lay", "tn_col", "tn_ord", "tn_lab")


def layout(**query) -> html.Div:
    state = urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS))
    controls = html.Div(
        [
            labelled("Level", param_radio("tn_lvl", LEVEL_LABELS, state["tn_lvl"])),
            labelled("Top K codes", param_number("tn_k", state["tn_k"], 2, MAX_K), "net-topn"),
            labelled("Scheme", param_radio("tn_sch", SCHEME_LABELS, state["tn_sch"])),
            labelled(
                "Layout", param_dropdown("tn_lay", LAYOUT_LABELS, state["tn_lay"]), "net-select"
            ),
            labelled(
                "Colour by", param_dropdown("tn_col", COLOR_LABELS, state["tn_col"]), "net-select"
            ),
            labelled(
                "Labels", param_dropdown("tn_lab", LABEL_LABELS, state["tn_lab"]), "net-select"
            ),
        ],
        className="controls net-controls",
    )
    return html.Div(
        [
            html.H1("Technology network", className="page-title"),
            html.P(
                "Which technologies are patented together. The top K classification codes by "
                "number of patents, tied when a patent lists both; the seed paper builds this "
                "network for the top 50 IPC codes and reads its cohesion in UCINET. Node "
                "size: patents; line width: patents listing both codes. Click a code for its "
                "title and card.",
                className="page-lead",
            ),
            controls,
            html.Div(id=MESSAGE),
            html.Div(
                [
                    html.Div(id=NOTE, className="source-note net-note"),
                    html.Div(
                        [
                            network_panel(PAGE),
                            html.Div(
                                [
                                    html.Div(card_hint(HINT), id=CARD, className="panel node-card"),
                                    html.Div(
                                        [
                                            html.H3("Whole-network statistics"),
                                            stats_table(PAGE),
                                            paper_figures("ipc")[1],
                                        ],
                                        className="panel",
                                    ),
                                ],
                                className="stack",
                            ),
                        ],
                        className="net-grid",
                    ),
                    html.H2("Co-occurrence matrix", className="section-title"),
                    html.Div(
                        labelled(
                            "Order",
                            param_radio("tn_ord", ORDER_LABELS, state["tn_ord"]),
                        ),
                        className="controls",
                    ),
                    chart(HEATMAP, 720),
                    html.H2("Codes", className="section-title"),
                    data_table(
                        CODE_TABLE,
                        columns=_code_columns(),
                        page_size=12,
                        style_cell_conditional=[
                            {"if": {"column_id": "title"}, "minWidth": "340px"}
                        ],
                    ),
                ],
                id=BODY,
            ),
        ]
    )


def _code_columns() -> list[dict]:
    return [
        {"name": "Code", "id": "label"},
        {"name": "Title", "id": "title"},
        numeric_column("Patents", "patents", ",d"),
        numeric_column("Codes it occurs with (degree)", "degree", ",d"),
        numeric_column("Co-occurrences (weighted degree)", "weighted_degree", ",.0f"),
        numeric_column("Betweenness (normalised)", "betweenness_norm", ".4f"),
        numeric_column("Eigenvector (UCINET)", "eigenvector", ".4f"),
        numeric_column("Clustering", "clustering", ".3f"),
        numeric_column("Community", "community", "d"),
        {"name": "Ego structure", "id": "ego_structure"},
    ]


# ------------------------------------------------------------------------- computation


def _network_args(view: dict) -> tuple[str, Filters, str, int, str | None, str]:
    dataset_id, filters = services.view_filters(view)
    state = urlstate.view_params(view, PAGE_PARAMS)
    scheme = None if state["tn_sch"] == "both" else state["tn_sch"]
    return dataset_id, filters, state["tn_lvl"], state["tn_k"], scheme, state["tn_lay"]


@services.cache.memoize()
def network_view(
    dataset_id: str, filters: Filters, level: str, top_k: int, scheme: str | None, layout: str
) -> tuple[NetworkView, pd.DataFrame]:
    """The network drawn for one view, and its K x K matrix (memoised across workers)."""
    corpus = services.filtered_corpus(dataset_id, filters)
    graph, matrix = technology_network(corpus, level, top_k, scheme)
    return describe_network(graph, layout), matrix


def _stem(filters: Filters, level: str, top_k: int, scheme: str | None) -> str:
    """The download file name (without suffix) of a view's network."""
    what = f"{scheme or 'IPC+CPC'} {level.replace('_', ' ')} top {top_k}"
    return download_name(PAGE, what, filters.key())


def _graph_for_download(view: dict) -> tuple[nx.Graph, pd.DataFrame, str]:
    dataset_id, filters, level, top_k, scheme, layout_name = _network_args(view)
    view_, matrix = network_view(dataset_id, filters, level, top_k, scheme, layout_name)
    return view_.graph, matrix, _stem(filters, level, top_k, scheme)


register_graph_source(PAGE, _graph_for_download)


def _colors(view_: NetworkView, color_by: str) -> tuple[dict, list[tuple[str, str]]]:
    nodes = view_.nodes
    if color_by == "section":
        sections = nodes["section"].astype("str")
        colors = {n: SECTION_COLORS.get(s, "#9aa5b1") for n, s in sections.items()}
        entries = [
            (f"{s} {nodes.loc[sections == s, 'section_title'].iloc[0]}", SECTION_COLORS.get(s))
            for s in sorted(sections.unique())
        ]
        return colors, entries
    return community_colors(nodes, named=2)


def _captions(view_: NetworkView, labels: str) -> dict:
    """The code under each node and, if asked for, the start of its title."""
    if labels == "code":
        return {node: node for node in view_.graph}
    out = {}
    for node, title in view_.nodes["title"].items():
        short = title.split(";")[0].split(",")[0]
        short = short if len(short) <= 28 else short[:26].rstrip() + "…"
        out[node] = f"{node}\n{short}" if short else node
    return out


def _no_codes_message(dataset_id: str, scheme: str | None) -> html.Div:
    summary = services.dataset_summary(dataset_id)
    scheme_text = {"IPC": "IPC codes", "CPC": "CPC codes", None: "classification codes"}[scheme]
    return html.Div(
        [
            html.B(f"{summary.meta.label} has no {scheme_text}"),
            " under these filters, so there is no technology network to draw. ",
            "Load an export that lists codes (Lens with IPCR or CPC, Espacenet, PatentsView) "
            "on the ",
            dcc.Link("Data page", href="/data"),
            ", or open the real ",
            dcc.Link(
                "EPO OPS hydrogen and fuel-cell sample, battery codes only",
                href="/technology?ds=ops-hydrogen&t=battery",
                id="tn-try-ops",
            ),
            ".",
        ],
        className="message",
    )


# Blues with more of its range spent on the low counts, where most pairs are; the colour
# bar still reads in patents, linearly.
_COLORSCALE = [
    [0.0, "#f7fbff"],
    [0.04, "#deebf7"],
    [0.12, "#9ecae1"],
    [0.3, "#4292c6"],
    [0.6, "#2171b5"],
    [1.0, "#08306b"],
]


def _heatmap(view_: NetworkView, matrix: pd.DataFrame, order: str, source: str) -> dict:
    """The K x K matrix as a heatmap; the diagonal (patents per code) only in the hover."""
    codes = list(matrix.index)
    if order == "community":
        nodes = view_.nodes.loc[codes]
        codes = list(nodes.sort_values(["community", "patents"], ascending=[True, False]).index)
    ordered = matrix.loc[codes, codes]
    off = ordered.to_numpy(dtype=float).copy()
    counts = ordered.to_numpy()
    off[range(len(codes)), range(len(codes))] = float("nan")
    fig = go.Figure(
        go.Heatmap(
            z=off,
            x=codes,
            y=codes,
            customdata=counts,
            colorscale=_COLORSCALE,
            zmin=0,
            hoverongaps=False,
            colorbar={"title": {"text": "Patents<br>listing both"}},
            hovertemplate="%{y} × %{x}: %{customdata} patents<extra></extra>",
        )
    )
    fig.update_layout(
        title=(
            f"Co-occurrence of the top {len(codes)} codes (patents listing both; the diagonal, "
            f"patents per code, is left blank)<br><sup>Source: {source}</sup>"
        ),
        xaxis={"tickangle": -60, "tickfont": {"size": 10}, "showgrid": False, "dtick": 1},
        yaxis={
            "autorange": "reversed",
            "tickfont": {"size": 10},
            "showgrid": False,
            "dtick": 1,
        },
        margin={"l": 110, "b": 110},
    )
    return fig.to_dict()


@callback(
    Output({"type": "cyto", "page": PAGE}, "elements"),
    Output({"type": "net-legend", "page": PAGE}, "children"),
    Output({"type": "net-name", "page": PAGE}, "data"),
    Output(NOTE, "children"),
    Output(MESSAGE, "children"),
    Output(BODY, "style"),
    Output(table_id(f"{PAGE}-statistics"), "data"),
    Output(table_id(CODE_TABLE), "data"),
    Output(HEATMAP, "figure"),
    Output(HEATMAP, "config"),
    Input(ids.VIEW, "data"),
)
def update_network(view):
    """Picture, statistics, matrix and code table of the technology network."""
    if view is None or "tn_lvl" not in view:
        raise PreventUpdate
    state = urlstate.view_params(view, PAGE_PARAMS)
    looks = (state["tn_col"], state["tn_lab"], state["tn_ord"])
    return network_outputs(*_network_args(view), *looks)


@services.cache.memoize()
def network_outputs(
    dataset_id: str,
    filters: Filters,
    level: str,
    top_k: int,
    scheme: str | None,
    layout_name: str,
    color_by: str,
    labels: str,
    order: str,
) -> tuple:
    """Everything :func:`update_network` sends for one view (memoised across workers)."""
    stem = _stem(filters, level, top_k, scheme)
    config = graph_config(download_name(PAGE, f"matrix {level} top {top_k}", filters.key()))
    view_, matrix = network_view(dataset_id, filters, level, top_k, scheme, layout_name)
    if view_.graph.number_of_nodes() == 0:
        hidden = {"display": "none"}
        message = _no_codes_message(dataset_id, scheme)
        empty = empty_figure("No codes to draw.").to_dict()
        return [], [], stem, "", message, hidden, [], [], empty, config
    meta = services.dataset_summary(dataset_id).meta
    source = ("SYNTHETIC data — " if meta.synthetic else "") + (meta.attribution or meta.label)
    colors, entries = _colors(view_, color_by)
    patents = services.filtered_corpus(dataset_id, filters).n_patents
    g = view_.graph
    note = (
        f"{g.number_of_nodes()} codes ({SCHEME_LABELS[scheme or 'both']}, "
        f"{LEVEL_LABELS[level].split(' (')[0].lower()}), {g.number_of_edges():,} ties, from "
        f"{patents:,} patents under these filters. Titles: WIPO IPC scheme."
    ) + drawn_ties_note(g)
    return (
        network_elements(view_, colors, _captions(view_, labels)),
        legend(entries[:12], "Size: patents. Width: patents listing both codes."),
        stem,
        note,
        None,
        {},
        stats_rows(view_.binary, view_.valued, paper_figures("ipc")[0]),
        node_table_rows(view_, _code_columns()),
        _heatmap(view_, matrix, order, source),
        config,
    )


# ------------------------------------------------------------------------------ cards


def code_card(view_: NetworkView, matrix: pd.DataFrame, node: str) -> list:
    """The card of code ``node``: its title, patents, co-occurring codes and metrics."""
    attrs = view_.graph.nodes[node]
    ties = strongest_ties(view_.graph, node)
    return [
        html.H3(node),
        html.Div(attrs.get("title") or "Title not in the scheme file.", className="code-title"),
        html.Div(f"Section {attrs['section']}: {attrs['section_title']}", className="text-muted"),
        facts_table(
            [
                ("Patents", f"{int(matrix.loc[node, node]):,}"),
                *node_metric_rows(view_, node, "Codes it occurs with"),
            ]
        ),
        ego_line(view_, node, EGO_MEANING),
        html.H4("Occurs most with"),
        tie_list(ties, "patent")
        if ties
        else html.P("No other code drawn.", className="text-muted"),
    ]


def tie_card(corpus, view_: NetworkView, first: str, second: str, level: str, scheme) -> list:
    """The patents classified in both codes of a tie."""
    found = co_classified_patents(corpus, first, second, level, scheme)
    weight = int(view_.graph[first][second].get("weight", len(found)))
    return [
        html.H3(f"{first} × {second}"),
        html.P(f"{weight} patent{'s' if weight != 1 else ''} list both codes under these filters."),
        patent_list(found, weight),
    ]


@callback(
    Output(CARD, "children"),
    Output({"type": "cyto", "page": PAGE}, "stylesheet"),
    Input({"type": "cyto", "page": PAGE}, "tapNodeData"),
    Input({"type": "cyto", "page": PAGE}, "tapEdgeData"),
    Input(ids.VIEW, "data"),
)
def show_card(node_data, edge_data, view):
    """The clicked code's (or tie's) card, and the picture with it brought forward."""
    if view is None or "tn_lvl" not in view:
        raise PreventUpdate
    args = _network_args(view)
    view_, matrix = network_view(*args)
    hit, target = clicked(node_data, edge_data, view_.graph)
    if hit == "edge":
        corpus = services.filtered_corpus(args[0], args[1])
        card = tie_card(corpus, view_, *target, args[2], args[4])
        return card, focus_stylesheet(view_.graph, None)
    if hit is None:
        return card_hint(HINT), focus_stylesheet(view_.graph, None)
    return code_card(view_, matrix, target), focus_stylesheet(view_.graph, target)
