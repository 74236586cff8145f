"""The network explorer: one All-in-One component for every network page.

A page describes its network once (:class:`NetworkDescription`: how to build it for a view,
what a node and a tie are, which cards and columns), registers the description at import
with :meth:`NetworkExplorerAIO.register` and places ``NetworkExplorerAIO(description,
state)`` in its layout. The component holds the layout and colour controls, the cytoscape
picture with its legend and downloads (PNG and SVG drawn by cytoscape in the browser;
GraphML, GEXF, Pajek, UCINET DL and CSV written on the server from the same memoised graph),
the node and tie cards, the whole-network statistics card and the node table.

It follows Dash's All-in-One convention: every sub-component id is built from the page's
``aio_id`` (:class:`NetworkExplorerAIO.ids`), and the callbacks below are defined once, with
MATCH finding the instance on the page. The URL-bound controls are the exception: like every
control kept in the URL they carry ``{"type": "param", "name": ...}`` ids, so the shell syncs
them; their parameters are ``<prefix>_lay`` (layout), ``<prefix>_col`` (colour) and, where
the description offers label choices, ``<prefix>_lab``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import dash
import dash_cytoscape as cyto
import pandas as pd
from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis.network_view import NetworkView
from app.ui import urlstate
from app.ui.blocks import prompt
from app.ui.charts import FONT
from app.ui.controls import labelled, param_dropdown
from app.ui.ids import VIEW
from app.ui.network import (
    BASE_STYLESHEET,
    FILE_FORMATS,
    LAYOUT_LABELS,
    clicked,
    ego_line,
    facts_table,
    focus_stylesheet,
    network_elements,
    network_file,
    node_metric_rows,
    node_table_rows,
    paper_figures,
    patent_list,
    stats_rows,
    tie_list,
)
from app.ui.tables import csv_download, data_table

__all__ = [
    "NetworkData",
    "NetworkDescription",
    "NetworkExplorerAIO",
    "NetworkFigures",
    "NetworkWords",
    "NodeCard",
    "NodeTable",
]

# SVG export needs cytoscape-svg, which ships in the extra-layouts bundle.
cyto.load_extra_layouts()

HIDDEN = {"display": "none"}
STATISTICS = "statistics"
NODES = "nodes"

Key = Hashable  # a page's memo key of one view: plain values with a stable repr


@dataclass(frozen=True)
class NodeCard:
    """What a page says about one node; the explorer adds its metrics and ego structure."""

    title: str
    facts: list[tuple[str, str]]  # (label, value) rows above the node's metrics
    ties_heading: str
    ties: list[tuple[str, int]]  # (neighbour, count) pairs listed under the heading
    no_ties: str  # what the card says instead when there are none
    subtitle: list = field(default_factory=list)  # components under the title
    extra: list = field(default_factory=list)  # components at the end
    tie_label: Callable[[str], str] = str  # the name shown for a neighbour


@dataclass(frozen=True)
class NodeTable:
    """The node table: its CSV name, its heading and any extra DataTable settings."""

    name: str
    title: str
    style: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkWords:
    """How a page speaks of its nodes and ties on the explorer's cards."""

    hint: str  # the node card before anything is clicked
    neighbours: str  # the nodes tied to a node, in its card's degree row ("Partners")
    tie_unit: str  # what a tie counts ("joint patent"), in the lists of ties
    ego_meaning: dict[str, str]  # ego structure -> what it means for such a node


@runtime_checkable
class NetworkData(Protocol):
    """What a network page's data module provides: the network of a view and the facts
    behind it, each a function of the page's memo key of the view (``network_key``)."""

    def network_key(self, view: dict) -> Key: ...  # the shell's view state -> memo key

    def network_view(self, key: Key) -> NetworkView: ...  # memoised by the page

    def matrix(self, key: Key) -> pd.DataFrame | None: ...  # "Matrix CSV"; None: adjacency

    def stem(self, key: Key) -> str: ...  # download file name, without suffix

    def note_facts(self, key: Key) -> Any: ...  # what the note needs beyond the graph

    def node_facts(self, key: Key, node: str) -> Any: ...  # what a node card needs

    def tie_patents(self, key: Key, first: str, second: str) -> pd.DataFrame: ...


@runtime_checkable
class NetworkFigures(Protocol):
    """What a network page's figures module provides: how the network is drawn, what its
    nodes and ties are called, its cards and its node table."""

    LAYOUT: str  # the default layout, a key of LAYOUT_LABELS
    COLOURS: dict[str, str]  # colour-by choices (value -> label), the first the default
    LABELS: dict[str, str] | None  # label choices, the first the default; None: no choice
    WORDS: NetworkWords
    PAPER: str  # seed 000's network beside the statistics ("applicants" or "ipc")
    TABLE: NodeTable

    def drawing(
        self, view: NetworkView, key: Key, colour: str, labels: str | None
    ) -> tuple[dict, list, dict | None]: ...  # node colours, legend items, captions or None

    # -> the line above the picture, and a message replacing all but the controls (or None)
    def network_note(self, view: NetworkView, key: Key, facts: Any) -> tuple[str, Any]: ...

    def compares_with_paper(self, key: Key) -> bool: ...

    def node_columns(self, key: Key | None) -> list[dict]: ...  # None: before any view

    def node_card(self, view: NetworkView, key: Key, node: str, facts: Any) -> NodeCard: ...

    def tie_text(self, key: Key, first: str, second: str, weight: int) -> tuple[str, str]: ...


@dataclass(frozen=True)
class NetworkDescription:
    """A network page's network: its name, the prefix of its URL parameters
    (``<prefix>_lay``, ``<prefix>_col``, ``<prefix>_lab``), and its data and figures
    modules, which provide what :class:`NetworkData` and :class:`NetworkFigures` name."""

    aio_id: str
    prefix: str
    data: NetworkData
    figures: NetworkFigures

    @property
    def params(self) -> tuple[str, ...]:
        """The explorer's URL parameters, in the order of its controls."""
        names = (f"{self.prefix}_lay", f"{self.prefix}_col")
        return (*names, f"{self.prefix}_lab") if self.figures.LABELS else names


_DESCRIPTIONS: dict[str, NetworkDescription] = {}


def _part(subcomponent: str) -> Callable[..., dict]:
    def make(aio_id, **more) -> dict:
        return {
            "component": "NetworkExplorerAIO",
            "subcomponent": subcomponent,
            "aio_id": aio_id,
            **more,
        }

    return make


class NetworkExplorerAIO(html.Div):
    """The network explorer of the page whose network ``description`` describes.

    ``state`` holds the URL's values of the page's parameters and the explorer's
    (``description.params``); ``controls`` are the page's own controls, put before the
    explorer's in one row; ``sections`` go between the picture and the node table.
    """

    class ids:
        """Component ids of the explorer's parts, from the page's ``aio_id``."""

        cyto = staticmethod(_part("cyto"))
        legend = staticmethod(_part("legend"))
        image = staticmethod(_part("image"))  # with fmt=: a picture download button
        file = staticmethod(_part("file"))  # with fmt=: a network file download button
        name = staticmethod(_part("name"))  # dcc.Store: the download file name
        download = staticmethod(_part("download"))
        note = staticmethod(_part("note"))
        message = staticmethod(_part("message"))
        body = staticmethod(_part("body"))
        card = staticmethod(_part("card"))

        @staticmethod
        def table(aio_id, table: str, part: str = "table") -> dict:
            """A part ("table", "csv-button", "csv-download") of table STATISTICS or NODES."""
            return _part(part)(aio_id, table=table)

    @staticmethod
    def register(description: NetworkDescription) -> NetworkDescription:
        """Make ``description`` known to the callbacks and its URL parameters to the shell
        (at import of the page, so every worker knows it before any request)."""
        figures = description.figures
        if not isinstance(description.data, NetworkData) or not isinstance(figures, NetworkFigures):
            raise TypeError(f"{description.aio_id}: data or figures lack the explorer's names")
        lay, col, *lab = description.params
        urlstate.choice_param(lay, figures.LAYOUT, tuple(LAYOUT_LABELS))
        urlstate.choice_param(col, next(iter(figures.COLOURS)), tuple(figures.COLOURS))
        if lab:
            urlstate.choice_param(lab[0], next(iter(figures.LABELS)), tuple(figures.LABELS))
        _DESCRIPTIONS[description.aio_id] = description
        return description

    def __init__(
        self,
        description: NetworkDescription,
        state: dict,
        controls: list | tuple = (),
        sections: list | tuple = (),
    ):
        aio_id, figures = description.aio_id, description.figures
        ids = self.ids
        lay, col, *lab = description.params
        looks = [
            labelled("Layout", param_dropdown(lay, LAYOUT_LABELS, state[lay]), "net-select"),
            labelled("Colour by", param_dropdown(col, figures.COLOURS, state[col]), "net-select"),
        ]
        if lab:
            choice = param_dropdown(lab[0], figures.LABELS, state[lab[0]])
            looks.append(labelled("Labels", choice, "net-select"))
        statistics = html.Div(
            [
                html.H3("Whole-network statistics"),
                _statistics_table(aio_id),
                paper_figures(figures.PAPER)[1],
            ],
            className="panel",
        )
        card = html.Div(
            prompt("Node card", figures.WORDS.hint),
            id=ids.card(aio_id),
            className="panel node-card",
        )
        body = [
            html.Div(id=ids.note(aio_id), className="source-note net-note"),
            html.Div(
                [_picture(aio_id), html.Div([card, statistics], className="stack")],
                className="net-grid",
            ),
            *sections,
            html.H2(figures.TABLE.title, className="section-title"),
            data_table(
                figures.TABLE.name,
                columns=figures.node_columns(None),
                page_size=12,
                part_id=lambda part: ids.table(aio_id, NODES, part),
                **figures.TABLE.style,
            ),
        ]
        super().__init__(
            [
                html.Div([*controls, *looks], className="controls net-controls"),
                html.Div(id=ids.message(aio_id)),
                html.Div(body, id=ids.body(aio_id)),
            ]
        )


def _picture(aio_id: str, height: int = 620) -> html.Div:
    """The cytoscape picture, its legend and every download."""
    ids = NetworkExplorerAIO.ids
    image_buttons = [
        html.Button(
            label,
            id=ids.image(aio_id, fmt=fmt),
            className="btn btn-outline-secondary btn-sm",
            title=f"Download the picture as {label}",
        )
        for fmt, label in (("png", "PNG"), ("svg", "SVG"))
    ]
    file_buttons = [
        html.Button(
            label,
            id=ids.file(aio_id, fmt=fmt),
            className="btn btn-outline-primary btn-sm",
            title=f"Download the network as {label}"
            + (" (ties only: isolates are not listed)" if fmt == "edges" else ""),
        )
        for fmt, (label, *_) in FILE_FORMATS.items()
    ]
    return html.Div(
        [
            dcc.Loading(
                cyto.Cytoscape(
                    id=ids.cyto(aio_id),
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
            html.Div(id=ids.legend(aio_id), className="chart-legend"),
            html.Div(
                [
                    html.Span("Picture:", className="download-label"),
                    *image_buttons,
                    html.Span("Network file:", className="download-label ms-2"),
                    *file_buttons,
                ],
                className="download-row net-downloads",
            ),
            dcc.Store(id=ids.name(aio_id)),
            dcc.Download(id=ids.download(aio_id)),
        ],
        className="chart-card network-card",
    )


def _statistics_table(aio_id: str) -> html.Div:
    """The whole-network statistics as UCINET prints them (rows from ``stats_rows``)."""
    return data_table(
        f"{aio_id}-{STATISTICS}",
        columns=[
            {"name": "Whole network (UCINET)", "id": "figure"},
            {"name": "Binary", "id": "binary"},
            {"name": "Valued", "id": "valued"},
            {"name": "Seed paper", "id": "paper"},
        ],
        page_size=20,
        part_id=lambda part: NetworkExplorerAIO.ids.table(aio_id, STATISTICS, part),
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


def _description(aio_id: str | None = None) -> NetworkDescription:
    """The description of the explorer a callback serves (its first output's aio_id); a
    request naming no registered explorer gets no answer."""
    if aio_id is None:
        outputs = dash.ctx.outputs_list
        aio_id = (outputs[0] if isinstance(outputs, list) else outputs)["id"].get("aio_id")
    description = _DESCRIPTIONS.get(aio_id) if isinstance(aio_id, str) else None
    if description is None:
        raise PreventUpdate
    return description


def _ready(description: NetworkDescription, view: dict | None) -> dict:
    """``view`` once it holds the explorer's controls (they mount with the page)."""
    if view is None or description.params[0] not in view:
        raise PreventUpdate
    return view


_ids = NetworkExplorerAIO.ids


@callback(
    Output(_ids.cyto(MATCH), "elements"),
    Output(_ids.legend(MATCH), "children"),
    Output(_ids.name(MATCH), "data"),
    Output(_ids.note(MATCH), "children"),
    Output(_ids.message(MATCH), "children"),
    Output(_ids.body(MATCH), "style"),
    Output(_ids.table(MATCH, STATISTICS), "data"),
    Output(_ids.table(MATCH, NODES), "data"),
    Output(_ids.table(MATCH, NODES), "columns"),
    Input(VIEW, "data"),
)
def draw(view):
    """Picture, legend, note, statistics and node table of the network a view asks for."""
    description = _description()
    state = urlstate.view_params(_ready(description, view), description.params)
    _layout, colour, *labels = state.values()
    key = description.data.network_key(view)
    return drawing(description.aio_id, key, colour, *labels or [None])


@services.cache.memoize()
def drawing(aio_id: str, key: Key, colour: str, labels: str | None) -> tuple:
    """Everything :func:`draw` sends for one view (memoised across workers: a warm view is
    one cache read, not a walk over the corpus)."""
    data, figures = _DESCRIPTIONS[aio_id].data, _DESCRIPTIONS[aio_id].figures
    network = data.network_view(key)
    stem, columns = data.stem(key), figures.node_columns(key)
    note, message = figures.network_note(network, key, data.note_facts(key))
    if network.nodes.empty:
        body_style = {} if message is None else HIDDEN
        return [], [], stem, note, message, body_style, [], [], columns
    colors, legend, captions = figures.drawing(network, key, colour, labels)
    paper = paper_figures(figures.PAPER)[0] if figures.compares_with_paper(key) else {}
    return (
        network_elements(network, colors, captions),
        legend,
        stem,
        note,
        None,
        {},
        stats_rows(network.binary, network.valued, paper),
        node_table_rows(network, columns),
        columns,
    )


@callback(
    Output(_ids.card(MATCH), "children"),
    Output(_ids.cyto(MATCH), "stylesheet"),
    Input(_ids.cyto(MATCH), "tapNodeData"),
    Input(_ids.cyto(MATCH), "tapEdgeData"),
    Input(VIEW, "data"),
)
def show_card(node_data, edge_data, view):
    """The clicked node's (or tie's) card, and the picture with it brought forward."""
    description = _description()
    data, figures = description.data, description.figures
    key = data.network_key(_ready(description, view))
    network = data.network_view(key)
    hit, target = clicked(node_data, edge_data, network.graph)
    if hit == "edge":
        return tie_card(description, key, network, *target), focus_stylesheet(network.graph, None)
    if hit is None:
        return prompt("Node card", figures.WORDS.hint), focus_stylesheet(network.graph, None)
    card = figures.node_card(network, key, target, data.node_facts(key, target))
    return node_card(figures.WORDS, network, target, card), focus_stylesheet(network.graph, target)


def node_card(words: NetworkWords, network: NetworkView, node: str, card: NodeCard) -> list:
    """A node's card: the page's facts, the node's metrics and ego structure, its ties."""
    return [
        html.H3(card.title),
        *card.subtitle,
        facts_table([*card.facts, *node_metric_rows(network, node, words.neighbours)]),
        ego_line(network, node, words.ego_meaning),
        html.H4(card.ties_heading),
        tie_list(card.ties, words.tie_unit, card.tie_label)
        if card.ties
        else html.P(card.no_ties, className="text-muted"),
        *card.extra,
    ]


def tie_card(
    description: NetworkDescription, key: Key, network: NetworkView, first: str, second: str
) -> list:
    """A tie's card: what it is, and the patents behind it."""
    found = description.data.tie_patents(key, first, second)
    weight = int(network.graph[first][second].get("weight", len(found)))
    title, sentence = description.figures.tie_text(key, first, second, weight)
    return [html.H3(title), html.P(sentence), patent_list(found, weight)]


dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="networkImage"),
    Output(_ids.cyto(MATCH), "generateImage"),
    Input(_ids.image(MATCH, fmt=ALL), "n_clicks"),
    State(_ids.name(MATCH), "data"),
    prevent_initial_call=True,
)


@callback(
    Output(_ids.download(MATCH), "data"),
    Input(_ids.file(MATCH, fmt=ALL), "n_clicks"),
    State(VIEW, "data"),
    prevent_initial_call=True,
)
def download_network(clicks, view):
    """The network drawn as a file in the format of the button clicked."""
    trigger = dash.ctx.triggered_id
    if not trigger or not any(clicks):
        return dash.no_update
    data = _description(trigger.get("aio_id")).data
    key = data.network_key(view or {})
    _label, suffix, mime = FILE_FORMATS[trigger["fmt"]]
    content = network_file(data.network_view(key).graph, data.matrix(key), trigger["fmt"])
    name = f"{data.stem(key)}.{suffix}"
    if isinstance(content, bytes):
        return dcc.send_bytes(content, name, type=mime)
    return dcc.send_string(content, name, type=mime)


@callback(
    Output(_ids.table(MATCH, MATCH, "csv-download"), "data"),
    Input(_ids.table(MATCH, MATCH, "csv-button"), "n_clicks"),
    State(_ids.table(MATCH, MATCH), "data"),
    State(_ids.table(MATCH, MATCH), "columns"),
    State(VIEW, "data"),
    prevent_initial_call=True,
)
def download_table(_clicks, rows, columns, view):
    """The statistics or the node table as CSV, named as the page's other tables are."""
    table = dash.ctx.outputs_list["id"]
    nodes = _description(table.get("aio_id")).figures.TABLE.name
    name = nodes if table["table"] == NODES else f"{table['aio_id']}-{STATISTICS}"
    return csv_download(rows, columns, name, view)
