"""Applicant network: who patents with whom (seed 000, section 3), with UCINET's figures.

URL parameters (besides the global filters): ``an_by`` (applicants / countries), ``an_n``
(top N applicants), ``an_inc`` (top N only / with their direct partners), ``an_lay``
(layout) and ``an_col`` (colour by country, community or applicant kind).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import dash
import networkx as nx
import pandas as pd
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis.filters import Filters
from app.analysis.network_view import (
    MAX_NODES,
    NetworkView,
    applicant_network,
    applicant_profile,
    country_profile,
    describe_network,
    joint_patent_count,
    joint_patents,
    strongest_ties,
)
from app.ui import ids, urlstate
from app.ui.charts import download_name
from app.ui.colors import KIND_COLORS, country_color
from app.ui.controls import choice_options, labelled, param_dropdown, param_number, param_radio
from app.ui.countries import country_label
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
from app.ui.urlstate import param_id

dash.register_page(
    __name__,
    path="/applicants",
    name="Applicant network",
    order=1,
    title="Applicant network — EV Battery Patents",
)

PAGE = "applicants"
NOTE = "an-note"
CARD = "an-card"
NODE_TABLE = "applicants-nodes"

BY_LABELS = {"applicants": "Applicants", "countries": "Countries"}
INCLUDE_LABELS = {"top": "Top N only", "partners": "Top N and their direct partners"}
COLOR_LABELS = {"country": "Country", "community": "Community (Louvain)", "kind": "Applicant kind"}
EGO_MEANING = {
    "isolate": "no joint patent with the applicants shown",
    "pendant": "one partner: the end of a chain",
    "chain": "a single chain: its partners are not tied to one another, so they reach each "
    "other only through it",
    "partial ring": "part of a ring: some of its partners are tied to one another",
    "ring": "a ring: every pair of its partners is tied, so information can go round",
}

urlstate.choice_param("an_by", "applicants", tuple(BY_LABELS))
urlstate.int_param("an_n", 10, 2, MAX_NODES)
urlstate.choice_param("an_inc", "top", tuple(INCLUDE_LABELS))
urlstate.choice_param("an_lay", "spring", tuple(LAYOUT_LABELS))
urlstate.choice_param("an_col", "country", tuple(COLOR_LABELS))
PAGE_PARAMS = ("an_by", "an_n", "an_inc", "an_lay", "an_col")


def layout(**query) -> html.Div:
    state = urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS))
    controls = html.Div(
        [
            labelled("Nodes", param_radio("an_by", BY_LABELS, state["an_by"])),
            labelled(
                "Top N applicants", param_number("an_n", state["an_n"], 2, MAX_NODES), "net-topn"
            ),
            labelled("Show", param_radio("an_inc", INCLUDE_LABELS, state["an_inc"])),
            labelled(
                "Layout", param_dropdown("an_lay", LAYOUT_LABELS, state["an_lay"]), "net-select"
            ),
            labelled(
                "Colour by", param_dropdown("an_col", COLOR_LABELS, state["an_col"]), "net-select"
            ),
        ],
        className="controls net-controls",
    )
    return html.Div(
        [
            html.H1("Applicant network", className="page-title"),
            html.P(
                "Who patents with whom. The top N applicants by number of patents and the "
                "joint applications among them, as the seed paper analyses its top 10 in "
                "UCINET; or the applicant countries and their cross-border joint patents. "
                "Node size: patents; line width: joint patents. Click a node for its card, "
                "a line for the patents behind it.",
                className="page-lead",
            ),
            controls,
            html.Div(id=NOTE, className="source-note net-note"),
            html.Div(
                [
                    network_panel(PAGE),
                    html.Div(
                        [
                            html.Div(id=CARD, className="panel node-card"),
                            html.Div(
                                [
                                    html.H3("Whole-network statistics"),
                                    stats_table(PAGE),
                                    paper_figures("applicants")[1],
                                ],
                                className="panel",
                            ),
                        ],
                        className="stack",
                    ),
                ],
                className="net-grid",
            ),
            html.H2("Nodes", className="section-title"),
            data_table(NODE_TABLE, columns=_node_columns("applicants"), page_size=12),
            html.H2("How to read it", className="section-title"),
            _explanation(),
        ]
    )


def _node_columns(by: str) -> list[dict]:
    if by == "applicants":
        first = [
            {"name": "Applicant", "id": "label"},
            {"name": "Country", "id": "country"},
            {"name": "Kind", "id": "kind"},
        ]
    else:
        first = [{"name": "Country", "id": "label"}]
    return [
        *first,
        numeric_column("Patents", "patents", ",d"),
        numeric_column("Partners (degree)", "degree", ",d"),
        numeric_column("Joint patents (weighted degree)", "weighted_degree", ",.0f"),
        numeric_column("Betweenness (normalised)", "betweenness_norm", ".4f"),
        numeric_column("Closeness", "closeness", ".4f"),
        numeric_column("Eigenvector (UCINET)", "eigenvector", ".4f"),
        numeric_column("Clustering", "clustering", ".3f"),
        numeric_column("Community", "community", "d"),
        {"name": "Ego structure", "id": "ego_structure"},
    ]


def _explanation() -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.H3("The statistics"),
                    html.P(
                        "Computed as UCINET computes them, for the network drawn: density "
                        "(share of possible ties present; valued: mean joint patents per pair) "
                        "and its standard deviation, Freeman degree centralization, "
                        "heterogeneity (concentration of ties), the overall and the weighted "
                        "overall clustering coefficient. Binary counts every tie once; valued "
                        "weighs it by joint patents. Isolates count as nodes, as in UCINET. Node "
                        "eigenvector centrality is UCINET's too: where several components have "
                        "ties, each is scaled by its eigenvalue squared so they compare, and "
                        "values can pass 1."
                    ),
                ],
                className="panel",
            ),
            html.Div(
                [
                    html.H3("Chains and rings"),
                    html.P(
                        "The seed paper contrasts BYD's “single-chain structure” (its partners "
                        "are not linked to each other, information spreads slowly) with the "
                        "“ring-shaped structure” of Nissan, Toyota, Sanyo and Suzuki. The node "
                        "card says which an applicant has here: chain, ring or partial ring, "
                        "from the ties among its partners in the network drawn."
                    ),
                ],
                className="panel",
            ),
            html.Div(
                [
                    html.H3("Names and countries"),
                    html.P(
                        "Applicants are unified names: legal forms, case and known aliases "
                        "folded together (the Data page has the alias table). A country is "
                        "the applicant's own when the export or the curated alias table "
                        "gives it, otherwise a proxy (priority or publication office), as the "
                        "dataset note above says. Communities: Louvain, fixed seed."
                    ),
                ],
                className="panel",
            ),
        ],
        className="lc-explain",
    )


# ------------------------------------------------------------------------- computation


def _network_args(view: dict) -> tuple[str, Filters, str, int, bool, str]:
    """The memo key of a view: countries ignore N and partners (one graph for all)."""
    dataset_id, filters = services.view_filters(view)
    state = urlstate.view_params(view, PAGE_PARAMS)
    by = state["an_by"]
    if by == "countries":
        return dataset_id, filters, by, 0, False, state["an_lay"]
    return dataset_id, filters, by, state["an_n"], state["an_inc"] == "partners", state["an_lay"]


@services.cache.memoize()
def network_view(
    dataset_id: str, filters: Filters, by: str, top_n: int, partners: bool, layout_name: str
) -> NetworkView:
    """The network drawn for one view (memoised across workers)."""
    corpus = services.filtered_corpus(dataset_id, filters)
    graph, left_out = applicant_network(corpus, top_n, partners, by)
    return describe_network(graph, layout_name, left_out=left_out)


def _stem(filters: Filters, by: str, top_n: int, partners: bool) -> str:
    """The download file name (without suffix) of a view's network."""
    what = (
        "countries" if by == "countries" else f"top {top_n}" + (" and partners" if partners else "")
    )
    return download_name(PAGE, f"network {what}", filters.key())


def _graph_for_download(view: dict) -> tuple[nx.Graph, None, str]:
    dataset_id, filters, by, top_n, partners, layout_name = _network_args(view)
    graph = network_view(dataset_id, filters, by, top_n, partners, layout_name).graph
    return graph, None, _stem(filters, by, top_n, partners)


register_graph_source(PAGE, _graph_for_download)


def _colors(view_: NetworkView, by: str, color_by: str) -> tuple[dict, list[tuple[str, str]]]:
    """Node colours and the legend entries for them."""
    nodes = view_.nodes
    if by == "countries":
        color_by = "country"
        countries = pd.Series(nodes.index, index=nodes.index)
    else:
        countries = nodes["country"].astype("str")
    if color_by == "country":
        colors = {n: country_color(c) for n, c in countries.items()}
        order = countries.value_counts().index
        return colors, [(country_label(c), country_color(c)) for c in order]
    if color_by == "kind":
        kinds = nodes["kind"].astype("str")
        colors = {n: KIND_COLORS.get(k, KIND_COLORS["unknown"]) for n, k in kinds.items()}
        return colors, [
            (k, KIND_COLORS.get(k, KIND_COLORS["unknown"])) for k in kinds.value_counts().index
        ]
    return community_colors(nodes)


def _with_country_names(view_: NetworkView) -> NetworkView:
    """The country view with country names as labels (its nodes are ISO codes)."""
    labels = [country_label(code) for code in view_.nodes.index]
    return replace(view_, nodes=view_.nodes.assign(label=labels))


def _note(view_: NetworkView, dataset_id: str, filters: Filters, by: str, top_n: int) -> str:
    corpus = services.filtered_corpus(dataset_id, filters)
    joint = joint_patent_count(corpus)
    g = view_.graph
    what = "countries" if by == "countries" else "applicants"
    parts = [
        f"{g.number_of_nodes():,} {what}, {g.number_of_edges():,} ties, "
        f"{view_.binary.isolates:,} isolates. {joint:,} of {corpus.n_patents:,} patents under "
        "these filters have two or more applicants; only those make ties."
    ]
    if view_.left_out:
        parts.append(
            f" {view_.left_out:,} partners with the fewest patents are left out: at most "
            f"{MAX_NODES} nodes are drawn (the node table and the files hold the same nodes)."
        )
    if by == "applicants" and g.number_of_edges() == 0 and g.number_of_nodes():
        parts.append(
            f" None of the top {top_n} filed together: show their direct partners, or raise N."
        )
    parts.append(drawn_ties_note(g))
    return "".join(parts)


@callback(
    Output({"type": "cyto", "page": PAGE}, "elements"),
    Output({"type": "net-legend", "page": PAGE}, "children"),
    Output({"type": "net-name", "page": PAGE}, "data"),
    Output(NOTE, "children"),
    Output(table_id(f"{PAGE}-statistics"), "data"),
    Output(table_id(NODE_TABLE), "data"),
    Output(table_id(NODE_TABLE), "columns"),
    Output(param_id("an_n"), "disabled"),
    Output(param_id("an_inc"), "options"),
    Output(param_id("an_col"), "disabled"),
    Input(ids.VIEW, "data"),
)
def update_network(view):
    """Picture, legend, statistics and node table of the applicant (or country) network."""
    if view is None or "an_by" not in view:
        raise PreventUpdate
    color_by = urlstate.view_params(view, PAGE_PARAMS)["an_col"]
    return network_outputs(*_network_args(view), color_by)


@services.cache.memoize()
def network_outputs(
    dataset_id: str,
    filters: Filters,
    by: str,
    top_n: int,
    partners: bool,
    layout_name: str,
    color_by: str,
) -> tuple:
    """Everything :func:`update_network` sends for one view (memoised across workers: a
    warm view is one cache read, not a walk over the corpus)."""
    view_ = network_view(dataset_id, filters, by, top_n, partners, layout_name)
    countries = by == "countries"
    include_options = choice_options(INCLUDE_LABELS, tuple(INCLUDE_LABELS) if countries else ())
    controls = (countries, include_options, countries)
    stem = _stem(filters, by, top_n, partners)
    if view_.graph.number_of_nodes() == 0:
        message = "No patents match these filters. Widen the years or clear the country filter."
        return [], [], stem, message, [], [], _node_columns(by), *controls
    colors, entries = _colors(view_, by, color_by)
    captions = {n: country_label(n) for n in view_.graph} if countries else None
    paper = paper_figures("applicants")[0] if by == "applicants" else {}
    return (
        network_elements(view_, colors, captions),
        legend(entries[:14], "Size: patents. Width: joint patents."),
        stem,
        _note(view_, dataset_id, filters, by, top_n),
        stats_rows(view_.binary, view_.valued, paper),
        node_table_rows(_with_country_names(view_) if countries else view_, _node_columns(by)),
        _node_columns(by),
        *controls,
    )


# ------------------------------------------------------------------------------ cards


def _years(profile: dict) -> str:
    if profile["first_year"] is None:
        return "–"
    return f"{profile['first_year']}–{profile['last_year']}"


HINT = (
    "Click a node for its patents, partners, years active, centrality and whether it sits in "
    "a chain or a ring; click a line for the joint patents behind it."
)


def applicant_card(view_: NetworkView, corpus, node: str) -> list:
    """The card of applicant ``node``: figures from the graph and from the corpus."""
    p = applicant_profile(corpus, node)
    attrs = view_.graph.nodes[node]
    drawn = strongest_ties(view_.graph, node)
    names = ", ".join(p["raw_names"]) + (
        f" (+{p['raw_name_count'] - len(p['raw_names'])} more)"
        if p["raw_name_count"] > len(p["raw_names"])
        else ""
    )
    children = [
        html.H3(attrs.get("label", node)),
        html.Div(
            f"{country_label(attrs.get('country', 'unknown'))} · {attrs.get('kind', 'unknown')}",
            className="text-muted",
        ),
        facts_table(
            [
                ("Patents", f"{p['patents']:,}"),
                ("Years active", _years(p)),
                ("Joint patents (any partner)", f"{p['joint_patents']:,}"),
                ("Co-applicants in the data", f"{p['co_applicants']:,}"),
                *node_metric_rows(view_, node, "Partners"),
            ]
        ),
        ego_line(view_, node, EGO_MEANING),
        html.H4("Partners in the network"),
        tie_list(drawn, "joint patent")
        if drawn
        else html.P("None among the nodes drawn.", className="text-muted"),
    ]
    hidden = [pair for pair in p["partners"] if pair[0] not in view_.graph]
    if hidden:
        children += [
            html.H4("Other co-applicants (not drawn)"),
            tie_list(hidden[:8], "joint patent"),
        ]
    children += [html.Div(f"Filed as: {names}", className="source-note")]
    return children


def country_card(view_: NetworkView, corpus, node: str) -> list:
    """The card of applicant country ``node``."""
    p = country_profile(corpus, node)
    return [
        html.H3(country_label(node)),
        facts_table(
            [
                ("Patents", f"{p['patents']:,}"),
                ("Years active", _years(p)),
                ("Applicants", f"{p['applicants']:,}"),
                *node_metric_rows(view_, node, "Partners"),
            ]
        ),
        ego_line(view_, node, EGO_MEANING),
        html.H4("Partner countries"),
        tie_list(p["partners"], "joint patent", country_label)
        if p["partners"]
        else html.P("No cross-border joint patent.", className="text-muted"),
        html.H4("Top applicants"),
        html.Ul(
            [html.Li(f"{n} — {c} patents") for n, c in p["top_applicants"]],
            className="partner-list",
        ),
    ]


def tie_card(corpus, view_: NetworkView, first: str, second: str, by: str) -> list:
    """The card of a tie: the joint patents of two applicants (or countries)."""
    column = "country" if by == "countries" else "name"
    label = country_label if by == "countries" else str
    found = joint_patents(corpus, first, second, column)
    weight = int(view_.graph[first][second].get("weight", len(found)))
    return [
        html.H3(f"{label(first)} — {label(second)}"),
        html.P(f"{weight} joint patent{'s' if weight != 1 else ''} under these filters."),
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
    """The clicked node's (or tie's) card, and the picture with it brought forward."""
    if view is None or "an_by" not in view:
        raise PreventUpdate
    args = _network_args(view)
    view_ = network_view(*args)
    corpus = services.filtered_corpus(args[0], args[1])
    by = args[2]
    hit, target = clicked(node_data, edge_data, view_.graph)
    if hit == "edge":
        return tie_card(corpus, view_, *target, by), focus_stylesheet(view_.graph, None)
    if hit is None:
        return card_hint(HINT), focus_stylesheet(view_.graph, None)
    if by == "countries":
        return country_card(view_, corpus, target), focus_stylesheet(view_.graph, target)
    return applicant_card(view_, corpus, target), focus_stylesheet(view_.graph, target)
