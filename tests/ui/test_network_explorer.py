"""The network explorer (All-in-One component) without a browser: what a page must provide,
the ids its layout gets, its cards, and what it sends for a network with nothing to draw."""

from __future__ import annotations

from types import SimpleNamespace

import networkx as nx
import pandas as pd
import pytest
from dash import html
from dash.exceptions import PreventUpdate

from app.analysis.network_view import describe_network
from app.i18n import use_language
from app.ui import urlstate
from app.ui.network_explorer import (
    NetworkDescription,
    NetworkExplorerAIO,
    NetworkWords,
    NodeCard,
    NodeTable,
    drawing,
    node_card,
)
from app.ui.network_explorer import _description as _description_of

WORDS = NetworkWords(
    hint="Click a node.",
    neighbours="Partners",
    tie_unit="joint patent",
    ego_meaning={"isolate": "alone", "pendant": "one partner", "chain": "a chain"},
)


def _graph() -> nx.Graph:
    graph = nx.Graph()
    for name, patents in [("A", 5), ("B", 3), ("C", 1)]:
        graph.add_node(name, label=name, patents=patents)
    graph.add_edge("A", "B", weight=2)
    return graph


def _description(aio_id: str, prefix: str, network: nx.Graph, message=None) -> NetworkDescription:
    """A page's network as the explorer sees it, with a fixed graph for every view."""
    data = SimpleNamespace(
        network_key=lambda view: ("key", view.get("ds")),
        network_view=lambda key: describe_network(network),
        matrix=lambda key: None,
        stem=lambda key: f"{aio_id}_network",
        note_facts=lambda key: 7,
        node_facts=lambda key, node: {},
        tie_patents=lambda key, first, second: pd.DataFrame(),
    )
    figures = SimpleNamespace(
        LAYOUT="circular",
        COLOURS={"plain": "Plain", "community": "Community"},
        LABELS={"name": "Name", "none": "No labels"},
        WORDS=WORDS,
        PAPER="applicants",
        TABLE=NodeTable(f"{aio_id}-nodes", "Nodes"),
        drawing=lambda view, key, colour, labels: ({}, [colour, labels], None),
        network_note=lambda view, key, facts: (f"{facts} patents", message),
        compares_with_paper=lambda key: False,
        node_columns=lambda key: [{"name": "Node", "id": "label"}],
        node_card=lambda view, key, node, facts: NodeCard(node, [], "Ties", [], "None."),
        tie_text=lambda key, first, second, weight: (f"{first} — {second}", f"{weight}"),
    )
    return NetworkDescription(aio_id, prefix, data, figures)


@pytest.fixture
def registered():
    """Register descriptions for one test, then forget them and their URL parameters."""
    made = []

    def register(description: NetworkDescription) -> NetworkDescription:
        made.append(description)
        return NetworkExplorerAIO.register(description)

    yield register
    for description in made:
        for name in (*description.params, *description.selection):
            urlstate.PARAMS.pop(name, None)


def _by_id(component) -> dict:
    """Every component under ``component`` with an id, by its id (dict ids as tuples)."""
    found = {}

    def walk(node):
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "to_plotly_json"):
            return
        node_id = getattr(node, "id", None)
        if node_id is not None:
            key = tuple(sorted(node_id.items())) if isinstance(node_id, dict) else node_id
            found[key] = node
        walk(getattr(node, "children", None))

    walk(component)
    return found


def test_register_refuses_a_page_that_lacks_the_explorers_names():
    description = NetworkDescription("broken", "br", SimpleNamespace(), SimpleNamespace())
    with pytest.raises(TypeError, match="broken"):
        NetworkExplorerAIO.register(description)


def test_a_request_for_an_explorer_nobody_registered_gets_no_answer():
    with pytest.raises(PreventUpdate):
        _description_of("no-such-page")


def test_layout_binds_the_look_controls_to_the_url_and_names_its_parts_by_aio_id(registered):
    description = registered(_description("doc-net", "do", _graph()))
    assert description.params == ("do_lay", "do_col", "do_lab", "do_ties")
    assert description.selection == ("do_sel", "do_tie")
    assert urlstate.PARAMS["do_lay"].default == "circular"
    assert urlstate.PARAMS["do_col"].default == "plain"  # the first colour choice
    assert urlstate.PARAMS["do_ties"].default == "auto"
    # the selection is kept in the URL, but no control sets it
    assert {"do_sel", "do_tie"} <= set(urlstate.detail_names())
    state = {"do_lay": "spring", "do_col": "community", "do_lab": "none", "do_ties": "k3"}
    explorer = NetworkExplorerAIO(
        description, state, controls=[html.Div(id="own-control")], sections=[html.Div(id="own")]
    )
    parts = _by_id(explorer)
    # the shell syncs every {"type": "param"} control with the URL
    for name, value in state.items():
        assert parts[(("name", name), ("type", "param"))].value == value
    ids = NetworkExplorerAIO.ids
    for part in (ids.cyto, ids.card, ids.note, ids.message, ids.body, ids.legend):
        assert tuple(sorted(part("doc-net").items())) in parts
    order = list(parts)
    controls_row = order.index("own-control")
    assert controls_row < order.index((("name", "do_lay"), ("type", "param")))
    table = tuple(sorted(ids.table("doc-net", "nodes").items()))
    assert order.index(tuple(sorted(ids.cyto("doc-net").items()))) < order.index("own")
    assert order.index("own") < order.index(table)


def test_node_card_puts_the_metrics_and_the_ego_structure_after_the_pages_facts():
    view = describe_network(_graph())
    card = NodeCard("A", [("Patents", "5")], "Partners in the network", [("B", 2)], "None.")
    text = str(node_card(WORDS, view, "A", card))
    assert text.index("'Patents'") < text.index("Partners in the network (degree)")
    assert "'B'" in text and "2 joint patents" in text
    assert "one partner" in text  # A's ego structure is "pendant", in the page's words
    lonely = NodeCard("C", [], "Partners in the network", [], "None among the nodes drawn.")
    assert "None among the nodes drawn." in str(node_card(WORDS, view, "C", lonely))


def test_nothing_to_draw_hides_the_body_only_when_the_page_says_why(registered, dash_app):
    registered(_description("doc-empty", "de", nx.Graph()))
    registered(_description("doc-none", "dn", nx.Graph(), message=html.B("No codes here.")))
    with dash_app.server.app_context():
        drawn = drawing("doc-empty", ("k",), "plain", None, "auto", "en")
        elements, legend, stem, note, message, style, *_ = drawn
        assert (elements, legend, stem, note, message, style) == (
            [],
            [],
            "doc-empty_network",
            "7 patents",
            None,
            {},
        )
        none = drawing("doc-none", ("k",), "plain", None, "auto", "en")
    message, style, stats, _help, _notes, rows, columns, ties = none[4:]
    assert message.children == "No codes here." and style == {"display": "none"}
    assert (stats, rows, columns, ties) == ([], [], [{"name": "Node", "id": "label"}], [])


def test_a_drawn_network_carries_the_pages_legend_and_statistics(registered, dash_app):
    registered(_description("doc-drawn", "dd", _graph()))
    with dash_app.server.app_context():
        drawn = drawing("doc-drawn", ("k",), "community", "name", "auto", "en")
    elements, legend, _, note, message, style, stats, helps, _notes, rows, _, ties = drawn
    assert len([e for e in elements if "source" not in e["data"]]) == 3
    assert legend == ["community", "name"]  # what the page's drawing() made of the choices
    assert (note, message, style) == ("7 patents", None, {})
    nodes = {row["figure"]: row for row in stats}["Nodes"]
    assert nodes == {"id": "nodes", "figure": "Nodes", "binary": "3", "valued": "3", "paper": ""}
    assert [row["label"] for row in rows] == ["A", "B", "C"]  # most patents first
    assert [row["id"] for row in rows] == ["A", "B", "C"]  # a click on a row names its node
    # every statistic says what it means on hover
    assert all(h["figure"]["value"] for h in helps) and len(helps) == len(stats)
    assert [(t["rank"], t["first"], t["second"], t["weight"], t["id"]) for t in ties] == [
        (1, "A", "B", 2, "A|B")
    ]


def test_a_drawn_network_is_drawn_in_the_language_asked_for(registered, dash_app):
    registered(_description("doc-zh", "dz", _graph()))
    with dash_app.server.app_context():
        english = drawing("doc-zh", ("k",), "plain", "name", "auto", "en")
        with use_language("zh"):
            chinese = drawing("doc-zh", ("k",), "plain", "name", "auto", "zh")
    assert english[6][0]["figure"] == "Nodes"
    assert chinese[6][0]["figure"] == "节点"  # not the English memo of the same view
