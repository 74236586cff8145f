"""The network explorer: one All-in-One component for every network page.

A page describes its network once (:class:`NetworkDescription`: how to build it for a view,
what a node and a tie are, which cards and columns), registers the description at import
with :meth:`NetworkExplorerAIO.register` and places ``NetworkExplorerAIO(description,
state)`` in its layout. The component holds the layout, colour and tie controls, the
cytoscape picture with its legend and downloads (PNG and SVG pictures composed in the
browser with title, dataset, filters, legend and source; GraphML, GEXF, Pajek, UCINET DL
and CSV written on the server from the same memoised graph, with what the network is), the
node and tie cards, the whole-network statistics card with what every figure means, the
ranked strongest ties and the node table.

It follows Dash's All-in-One convention: every sub-component id is built from the page's
``aio_id`` (:class:`NetworkExplorerAIO.ids`), and the callbacks below are defined once, with
MATCH finding the instance on the page. The URL-bound controls are the exception: like every
control kept in the URL they carry ``{"type": "param", "name": ...}`` ids, so the shell syncs
them; their parameters are ``<prefix>_lay`` (layout), ``<prefix>_col`` (colour), where the
description offers label choices ``<prefix>_lab``, and ``<prefix>_ties`` (which ties the
picture draws). What a click selected is kept in the URL as well (``urlstate.detail_param``):
``<prefix>_sel`` (a node id, e.g. ``an_sel=CATL``) and ``<prefix>_tie`` (``first|second``);
a link carrying them opens the view with that card, so other pages link to a firm or a code
with them.

Words a page gives the explorer (:class:`NetworkWords`, the table title, the colour and
label choices) may be message ids (``N_``): the explorer shows them through ``_()``.
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
from app.i18n import N_, _, current_language, format_int
from app.ui import urlstate
from app.ui.blocks import prompt
from app.ui.charts import FONT
from app.ui.controls import labelled, param_dropdown
from app.ui.ids import DETAIL, REPORT, URL, VIEW
from app.ui.network import (
    BASE_STYLESHEET,
    FILE_FORMATS,
    LAYOUT_LABELS,
    METRIC_HELP,
    STATISTICS,
    TIE_CHOICES,
    ego_line,
    facts_table,
    focus_stylesheet,
    network_elements,
    network_file,
    node_metric_rows,
    node_table_rows,
    paper_figures,
    patent_list,
    ranked_ties,
    statistics_help,
    statistics_notes,
    stats_rows,
    tie_list,
    view_ties_note,
)
from app.ui.report import file_about, page_name
from app.ui.tables import csv_download, data_table, numeric_column

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
STATISTICS_TABLE = "statistics"
NODES = "nodes"
TIES = "ties"
RANKED_TIES = 100  # rows of the strongest-ties table

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
    """How a page speaks of its nodes and ties on the explorer's cards and tables (message
    ids or text; shown through ``_()``)."""

    hint: str  # the node card before anything is clicked
    neighbours: str  # the nodes tied to a node, in its card's degree row ("Partners")
    tie_unit: str  # what a tie counts ("joint patent"), in the lists of ties
    ego_meaning: dict[str, str]  # ego structure -> what it means for such a node
    ties_title: str = N_("Strongest ties")  # heading of the ranked ties table
    tie_value: str = N_("Tie value")  # its value column ("Joint patents")
    # "3 joint patents" in the reader's language (ngettext); default: from tie_unit
    tie_count: Callable[[int], str] | None = None


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
    (``<prefix>_lay``, ``<prefix>_col``, ``<prefix>_lab``, ``<prefix>_ties``, and the
    selection ``<prefix>_sel``, ``<prefix>_tie``), and its data and figures modules, which
    provide what :class:`NetworkData` and :class:`NetworkFigures` name."""

    aio_id: str
    prefix: str
    data: NetworkData
    figures: NetworkFigures

    @property
    def params(self) -> tuple[str, ...]:
        """The explorer's URL parameters set by its controls, in the order of the controls."""
        names = (f"{self.prefix}_lay", f"{self.prefix}_col")
        labels = (f"{self.prefix}_lab",) if self.figures.LABELS else ()
        return (*names, *labels, f"{self.prefix}_ties")

    @property
    def selection(self) -> tuple[str, str]:
        """The URL parameters of the selected node and the selected tie."""
        return f"{self.prefix}_sel", f"{self.prefix}_tie"


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


def _parse_tie(text: str) -> str:
    first, separator, second = text.partition("|")
    if not separator or not first or not second:
        raise ValueError(text)
    return text


class NetworkExplorerAIO(html.Div):
    """The network explorer of the page whose network ``description`` describes.

    ``state`` holds the URL's values of the page's parameters and the explorer's
    (``description.params``); ``controls`` are the page's own controls, put before the
    explorer's in one row; ``sections`` go between the picture and the ranked ties.
    """

    class ids:
        """Component ids of the explorer's parts, from the page's ``aio_id``."""

        cyto = staticmethod(_part("cyto"))
        legend = staticmethod(_part("legend"))
        image = staticmethod(_part("image"))  # with fmt=: a picture download button
        image_status = staticmethod(_part("image-status"))
        file = staticmethod(_part("file"))  # with fmt=: a network file download button
        name = staticmethod(_part("name"))  # dcc.Store: the download file name
        meta = staticmethod(_part("meta"))  # dcc.Store: aio id and URL prefix, for the browser
        download = staticmethod(_part("download"))
        note = staticmethod(_part("note"))
        message = staticmethod(_part("message"))
        body = staticmethod(_part("body"))
        card = staticmethod(_part("card"))
        close = staticmethod(_part("close"))  # the card's close button
        stats_notes = staticmethod(_part("stats-notes"))

        @staticmethod
        def table(aio_id, table: str, part: str = "table") -> dict:
            """A part ("table", "csv-button", "csv-download") of table STATISTICS_TABLE,
            NODES or TIES."""
            return _part(part)(aio_id, table=table)

    @staticmethod
    def register(description: NetworkDescription) -> NetworkDescription:
        """Make ``description`` known to the callbacks and its URL parameters to the shell
        (at import of the page, so every worker knows it before any request)."""
        figures = description.figures
        if not isinstance(description.data, NetworkData) or not isinstance(figures, NetworkFigures):
            raise TypeError(f"{description.aio_id}: data or figures lack the explorer's names")
        lay, col, *lab, ties = description.params
        urlstate.choice_param(lay, figures.LAYOUT, tuple(LAYOUT_LABELS))
        urlstate.choice_param(col, next(iter(figures.COLOURS)), tuple(figures.COLOURS))
        if lab:
            urlstate.choice_param(lab[0], next(iter(figures.LABELS)), tuple(figures.LABELS))
        urlstate.choice_param(ties, "auto", tuple(TIE_CHOICES))
        node, tie = description.selection
        urlstate.detail_param(node)
        urlstate.detail_param(tie, _parse_tie)
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
        lay, col, *lab, ties = description.params
        looks = [
            labelled(N_("Layout"), param_dropdown(lay, LAYOUT_LABELS, state[lay]), "net-select"),
            labelled(
                N_("Colour by"), param_dropdown(col, figures.COLOURS, state[col]), "net-select"
            ),
        ]
        if lab:
            choice = param_dropdown(lab[0], figures.LABELS, state[lab[0]])
            looks.append(labelled(N_("Labels"), choice, "net-select"))
        tie_labels = {key: label for key, (label, _rule) in TIE_CHOICES.items()}
        looks.append(
            labelled(
                N_("Ties drawn"),
                param_dropdown(ties, tie_labels, state[ties]),
                "net-select net-ties",
            )
        )
        statistics = html.Div(
            [
                html.H3(_("Whole-network statistics")),
                _statistics_table(aio_id),
                html.Div(id=ids.stats_notes(aio_id)),
                _statistics_help(),
                paper_figures(figures.PAPER)[1],
            ],
            className="panel",
        )
        card = html.Div(
            prompt(_("Node card"), _(figures.WORDS.hint)),
            id=ids.card(aio_id),
            className="panel node-card",
        )
        words = figures.WORDS
        body = [
            html.Div(id=ids.note(aio_id), className="source-note net-note"),
            html.Div(
                [_picture(aio_id), html.Div([card, statistics], className="stack")],
                className="net-grid",
            ),
            *sections,
            html.H2(_(words.ties_title), className="section-title"),
            data_table(
                f"{aio_id}-{TIES}",
                columns=_ties_columns(words),
                page_size=10,
                part_id=lambda part: ids.table(aio_id, TIES, part),
            ),
            html.H2(_(figures.TABLE.title), className="section-title"),
            data_table(
                figures.TABLE.name,
                columns=figures.node_columns(None),
                page_size=12,
                part_id=lambda part: ids.table(aio_id, NODES, part),
                tooltip_header={key: _(text) for key, text in METRIC_HELP.items()},
                tooltip_delay=300,
                tooltip_duration=None,
                **figures.TABLE.style,
            ),
        ]
        super().__init__(
            [
                html.Div([*controls, *looks], className="controls net-controls"),
                html.Div(id=ids.message(aio_id)),
                html.Div(body, id=ids.body(aio_id)),
                dcc.Store(id=ids.meta(aio_id), data={"aio": aio_id, "prefix": description.prefix}),
            ],
            className="network-explorer",
        )


def _ties_columns(words: NetworkWords) -> list[dict]:
    """The ranked ties table's columns: rank, the two ends, the tie's value."""
    return [
        numeric_column(_("Rank"), "rank", "d"),
        {"name": _("Between"), "id": "first"},
        {"name": _("and"), "id": "second"},
        numeric_column(_(words.tie_value), "weight", ",d"),
    ]


def _picture(aio_id: str, height: int = 620) -> html.Div:
    """The cytoscape picture, its legend and every download."""
    ids = NetworkExplorerAIO.ids
    image_buttons = [
        html.Button(
            label,
            id=ids.image(aio_id, fmt=fmt),
            className="btn btn-outline-secondary btn-sm",
            title=_(
                "Download the picture as {format}: the network with its title, dataset, "
                "filters, legend and source, large enough for a printed page"
            ).format(format=label),
        )
        for fmt, label in (("png", "PNG"), ("svg", "SVG"))
    ]
    file_buttons = [
        html.Button(
            _(label),
            id=ids.file(aio_id, fmt=fmt),
            className="btn btn-outline-primary btn-sm",
            title=_("Download the network as {format}").format(format=_(label))
            + (_(" (ties only: isolates are not listed)") if fmt == "edges" else ""),
        )
        for fmt, (label, *_formats) in FILE_FORMATS.items()
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
                    html.Span(_("Picture:"), className="download-label"),
                    *image_buttons,
                    html.Span(_("Network file:"), className="download-label ms-2"),
                    *file_buttons,
                    html.Span(id=ids.image_status(aio_id)),
                ],
                className="download-row net-downloads",
            ),
            dcc.Store(id=ids.name(aio_id)),
            dcc.Download(id=ids.download(aio_id)),
        ],
        className="chart-card network-card",
    )


def _statistics_table(aio_id: str) -> html.Div:
    """The whole-network statistics as UCINET prints them (rows from ``stats_rows``); a
    figure's name tells what it means on hover."""
    return data_table(
        f"{aio_id}-{STATISTICS_TABLE}",
        columns=[
            {"name": _("Whole network (UCINET)"), "id": "figure"},
            {"name": _("Binary"), "id": "binary"},
            {"name": _("Valued"), "id": "valued"},
            {"name": _("Seed paper"), "id": "paper"},
        ],
        page_size=20,
        part_id=lambda part: NetworkExplorerAIO.ids.table(aio_id, STATISTICS_TABLE, part),
        sort_action="none",
        filter_action="none",
        tooltip_delay=200,
        tooltip_duration=None,
        tooltip_header={
            "binary": _("Every tie counted once, whatever its value."),
            "valued": _("Ties weighed by their value (joint patents, co-occurrences)."),
            "paper": _("What the seed paper printed for its own network."),
        },
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
            {"if": {"column_id": "paper"}, "color": "#52606d", "fontStyle": "italic"},
            {"if": {"column_id": "figure"}, "textDecoration": "underline dotted"},
        ],
    )


def _statistics_help() -> html.Details:
    """What every statistic means, in plain words (also on hover over its name)."""
    items = [
        html.Li([html.B(_(label)), _(": "), _(meaning)]) for label, meaning in STATISTICS.values()
    ]
    return html.Details(
        [
            html.Summary(_("What these figures mean")),
            html.P(
                _(
                    "Binary counts every tie once; valued weighs it by its value. Isolates "
                    "count as nodes, as in UCINET."
                ),
                className="text-muted",
            ),
            html.Ul(items, className="stat-help"),
        ],
        className="passage-more stat-help-box",
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
    Output(_ids.table(MATCH, STATISTICS_TABLE), "data"),
    Output(_ids.table(MATCH, STATISTICS_TABLE), "tooltip_data"),
    Output(_ids.stats_notes(MATCH), "children"),
    Output(_ids.table(MATCH, NODES), "data"),
    Output(_ids.table(MATCH, NODES), "columns"),
    Output(_ids.table(MATCH, TIES), "data"),
    Input(VIEW, "data"),
)
def draw(view):
    """Picture, legend, note, statistics and tables of the network a view asks for."""
    description = _description()
    state = urlstate.view_params(_ready(description, view), description.params)
    _layout, colour, *labels, ties = state.values()
    key = description.data.network_key(view)
    label_choice = labels[0] if labels else None
    return drawing(description.aio_id, key, colour, label_choice, ties, current_language())


@services.cache.memoize()
def drawing(
    aio_id: str, key: Key, colour: str, labels: str | None, ties: str, language: str
) -> tuple:
    """Everything :func:`draw` sends for one view, in ``language`` (memoised across
    workers: a warm view is one cache read, not a walk over the corpus)."""
    data, figures = _DESCRIPTIONS[aio_id].data, _DESCRIPTIONS[aio_id].figures
    network = data.network_view(key)
    stem, columns = data.stem(key), figures.node_columns(key)
    note, message = figures.network_note(network, key, data.note_facts(key))
    if network.nodes.empty:
        body_style = {} if message is None else HIDDEN
        return [], [], stem, note, message, body_style, [], [], [], [], columns, []
    colors, legend, captions = figures.drawing(network, key, colour, labels)
    paper = paper_figures(figures.PAPER)[0] if figures.compares_with_paper(key) else {}
    rows = stats_rows(network.binary, network.valued, paper)
    left_out = view_ties_note(network, ties)
    return (
        network_elements(network, colors, captions, ties),
        legend,
        stem,
        [note, " ", left_out] if left_out else note,
        None,
        {},
        rows,
        statistics_help(rows),
        statistics_notes(network),
        node_table_rows(network, columns),
        columns,
        ranked_ties(network, RANKED_TIES),
    )


def _selected(network: NetworkView, detail: dict | None, description: NetworkDescription):
    """What the URL selects in this network: ("node", id), ("edge", (a, b)), or
    (None, name) when the selected name is not drawn (None: nothing selected)."""
    node_param, tie_param = description.selection
    detail = detail or {}
    tie = detail.get(tie_param)
    if tie:
        first, _bar, second = tie.partition("|")
        if network.graph.has_edge(first, second):
            return "edge", (first, second)
        return None, tie.replace("|", " — ")
    wanted = detail.get(node_param)
    if not wanted:
        return None, None
    if wanted in network.graph:
        return "node", wanted
    folded = str(wanted).casefold()
    for node, label in network.nodes["label"].items() if "label" in network.nodes else ():
        if str(label).casefold() == folded or str(node).casefold() == folded:
            return "node", node
    return None, wanted


def _closable(aio_id: str, children: list) -> list:
    """A card's children with its close button (which clears the selection)."""
    close = html.Button(  # the × is drawn by CSS: the card's text starts with its title
        id=_ids.close(aio_id),
        className="card-close",
        title=_("Close the card"),
        **{"aria-label": _("Close the card")},
    )
    return [close, *children]


@callback(
    Output(_ids.card(MATCH), "children"),
    Output(_ids.cyto(MATCH), "stylesheet"),
    Input(VIEW, "data"),
    Input(DETAIL, "data"),
)
def show_card(view, detail):
    """The selected node's (or tie's) card, and the picture with it brought forward. What
    is selected comes from the URL (a click writes it there: see ``selectInNetwork``)."""
    description = _description()
    data, figures = description.data, description.figures
    key = data.network_key(_ready(description, view))
    network = data.network_view(key)
    hit, target = _selected(network, detail, description)
    aio_id = description.aio_id
    hint = prompt(_("Node card"), _(figures.WORDS.hint))
    if hit == "edge":
        dataset_id = services.view_filters(view)[0]
        card = tie_card(description, key, network, *target, dataset_id)
        return _closable(aio_id, card), focus_stylesheet(network.graph, None, target)
    if hit is None:
        if target:
            missing = _("{name} is not among the nodes drawn under these filters.").format(
                name=target
            )
            hint = [*hint, html.P(missing, className="message")]
        return hint, BASE_STYLESHEET
    card = figures.node_card(network, key, target, data.node_facts(key, target))
    return (
        _closable(aio_id, node_card(figures.WORDS, network, target, card)),
        focus_stylesheet(network.graph, target),
    )


def _tie_count(words: NetworkWords) -> Callable[[int], str] | str:
    return words.tie_count or words.tie_unit


def node_card(words: NetworkWords, network: NetworkView, node: str, card: NodeCard) -> list:
    """A node's card: the page's facts, the node's metrics and ego structure, its ties."""
    return [
        html.H3(card.title, className="data-value"),
        *card.subtitle,
        facts_table([*card.facts, *node_metric_rows(network, node, words.neighbours)]),
        ego_line(network, node, words.ego_meaning),
        html.H4(card.ties_heading),
        tie_list(card.ties, _tie_count(words), card.tie_label)
        if card.ties
        else html.P(card.no_ties, className="text-muted"),
        *card.extra,
    ]


def tie_card(
    description: NetworkDescription,
    key: Key,
    network: NetworkView,
    first: str,
    second: str,
    dataset_id: str | None = None,
) -> list:
    """A tie's card: what it is, and the patents behind it, each linked to its record."""
    found = description.data.tie_patents(key, first, second)
    weight = int(network.graph[first][second].get("weight", len(found)))
    title, sentence = description.figures.tie_text(key, first, second, weight)
    source = services.dataset_summary(dataset_id).meta.format if dataset_id else None
    return [html.H3(title), html.P(sentence), patent_list(found, weight, source)]


dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="networkImage"),
    Output(_ids.image_status(MATCH), "children"),
    Input(_ids.image(MATCH, fmt=ALL), "n_clicks"),
    State(_ids.name(MATCH), "data"),
    State(REPORT, "data"),
    prevent_initial_call=True,
)

# A dense picture moves as a snapshot while it is panned or zoomed (renderer setting).
dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="tuneNetwork"),
    Output(_ids.cyto(MATCH), "className"),
    Input(_ids.cyto(MATCH), "elements"),
    State(_ids.cyto(MATCH), "id"),
    prevent_initial_call=True,
)

# A click on a node, a tie, a row of the node or ties table, or the card's close button
# writes the selection into the URL; the shell passes it on (DETAIL) to show_card.
dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="selectInNetwork"),
    Output(URL, "search", allow_duplicate=True),
    Input(_ids.cyto(ALL), "tapNodeData"),
    Input(_ids.cyto(ALL), "tapEdgeData"),
    Input(_ids.table(ALL, ALL), "active_cell"),
    Input(_ids.close(ALL), "n_clicks"),
    State(_ids.meta(ALL), "data"),
    State(URL, "search"),
    prevent_initial_call=True,
)


@callback(
    Output(_ids.download(MATCH), "data"),
    Input(_ids.file(MATCH, fmt=ALL), "n_clicks"),
    State(VIEW, "data"),
    State(URL, "pathname"),
    prevent_initial_call=True,
)
def download_network(clicks, view, pathname):
    """The network drawn as a file in the format of the button clicked, saying what it is
    (title, dataset, filters, source, export date) where the format can."""
    trigger = dash.ctx.triggered_id
    if not trigger or not any(clicks):
        return dash.no_update
    description = _description(trigger.get("aio_id"))
    data = description.data
    key = data.network_key(view or {})
    fmt = trigger["fmt"]
    suffix, mime = FILE_FORMATS[fmt][1:]
    network = data.network_view(key)
    about = file_about(view or {}, _network_title(network, pathname))
    content = network_file(network.graph, data.matrix(key), fmt, about)
    name = f"{data.stem(key)}.{suffix}"
    if isinstance(content, bytes):
        return dcc.send_bytes(content, name, type=mime)
    return dcc.send_string(content, name, type=mime)


def _network_title(network: NetworkView, pathname: str | None) -> str:
    return _("{page}: {nodes} nodes, {ties} ties").format(
        page=page_name(pathname)[0],
        nodes=format_int(network.graph.number_of_nodes()),
        ties=format_int(network.graph.number_of_edges()),
    )


@callback(
    Output(_ids.table(MATCH, MATCH, "csv-download"), "data"),
    Input(_ids.table(MATCH, MATCH, "csv-button"), "n_clicks"),
    State(_ids.table(MATCH, MATCH), "data"),
    State(_ids.table(MATCH, MATCH), "columns"),
    State(VIEW, "data"),
    prevent_initial_call=True,
)
def download_table(_clicks, rows, columns, view):
    """The statistics, the ranked ties or the node table as CSV, named as the page's
    other tables are."""
    table = dash.ctx.outputs_list["id"]
    nodes = _description(table.get("aio_id")).figures.TABLE.name
    name = nodes if table["table"] == NODES else f"{table['aio_id']}-{table['table']}"
    return csv_download(rows, columns, name, view)
