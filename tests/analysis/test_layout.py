"""Server-side layout: inside the box, deterministic, isolates kept near; cytoscape data."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from app.analysis.layout import LAYOUTS, cytoscape_elements, preset_positions


def mixed_graph() -> nx.Graph:
    graph = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(4))
    graph.add_nodes_from(["iso-a", "iso-b", "iso-c"])
    return graph


@pytest.mark.parametrize("layout", LAYOUTS)
def test_positions_fill_the_box_and_repeat(layout):
    graph = mixed_graph()
    pos = preset_positions(graph, layout=layout, seed=3, width=800, height=600, padding=20)
    assert set(pos) == set(graph)
    xs = [p["x"] for p in pos.values()]
    ys = [p["y"] for p in pos.values()]
    assert min(xs) >= 20 and max(xs) <= 780 and min(ys) >= 20 and max(ys) <= 580
    # the drawing spans the box on at least one axis (scaled to fit, not shrunk)
    assert max(xs) - min(xs) > 700 or max(ys) - min(ys) > 500
    assert pos == preset_positions(graph, layout=layout, seed=3, width=800, height=600, padding=20)
    assert len({(p["x"], p["y"]) for p in pos.values()}) == len(pos)  # no two on one spot


def test_isolates_sit_in_a_grid_below_the_components():
    graph = mixed_graph()
    pos = preset_positions(graph)
    lowest_tied = max(pos[n]["y"] for n in graph if graph.degree(n) > 0)
    assert all(pos[n]["y"] > lowest_tied for n in ["iso-a", "iso-b", "iso-c"])


def test_seed_changes_a_spring_layout_and_node_order_does_not():
    graph = nx.karate_club_graph()
    assert preset_positions(graph, seed=1) != preset_positions(graph, seed=2)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph, reverse=True))
    shuffled.add_edges_from(graph.edges(data=True))
    assert preset_positions(shuffled, seed=1) == preset_positions(graph, seed=1)


def test_small_and_bad_inputs():
    assert preset_positions(nx.Graph()) == {}
    assert preset_positions(nx.empty_graph(["only"]), width=100, height=50, padding=10) == {
        "only": {"x": 50.0, "y": 25.0}
    }
    with pytest.raises(ValueError, match="unknown layout"):
        preset_positions(nx.path_graph(2), layout="random")


def test_cytoscape_elements_are_plain_json():
    graph = nx.Graph()
    graph.add_node("A", label="Alpha", patents=1, country=None)
    graph.add_node("B", label="Beta", patents=100, country="JP")
    graph.add_node("C", label="Gamma", patents=25, country="CN")
    graph.add_edge("A", "B", weight=1)
    graph.add_edge("B", "C", weight=5)
    elements = cytoscape_elements(graph, preset_positions(graph), node_size=(10, 50))
    json.dumps(elements)  # no NumPy scalars, nothing unserialisable
    nodes = {e["data"]["id"]: e for e in elements if "source" not in e["data"]}
    links = [e for e in elements if "source" in e["data"]]
    # diameters linear in sqrt(patents): 1 -> 10, 100 -> 50, 25 -> 10 + 40 * 4/9
    assert nodes["A"]["data"]["size"] == 10 and nodes["B"]["data"]["size"] == 50
    assert nodes["C"]["data"]["size"] == pytest.approx(10 + 40 * 4 / 9, abs=0.01)
    assert nodes["B"]["data"]["label"] == "Beta" and "position" in nodes["A"]
    assert [(e["data"]["source"], e["data"]["weight"], e["data"]["width"]) for e in links] == [
        ("A", 1, 1.0),
        ("B", 5, 10.0),
    ]


def test_only_the_strongest_edges_are_drawn_when_capped():
    graph = nx.Graph()
    graph.add_weighted_edges_from([("a", "b", 1), ("b", "c", 5), ("c", "d", 3), ("d", "a", 5)])
    elements = cytoscape_elements(graph, preset_positions(graph), max_edges=2)
    assert sum("source" not in e["data"] for e in elements) == 4  # every node is drawn
    drawn = {(e["data"]["source"], e["data"]["target"]) for e in elements if "source" in e["data"]}
    assert drawn == {("b", "c"), ("a", "d")}
