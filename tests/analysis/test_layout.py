"""Server-side layout: spans the box, deterministic, isolates beside the components, no two
labels on top of each other; cytoscape data."""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pytest

from app.analysis.layout import LAYOUTS, cytoscape_elements, label_footprints, preset_positions


def mixed_graph() -> nx.Graph:
    graph = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(4))
    graph.add_nodes_from(["iso-a", "iso-b", "iso-c"])
    return graph


def overlapping_labels(graph: nx.Graph, pos: dict) -> list[tuple]:
    """Pairs of nodes whose footprints (node and label) overlap."""
    nodes = list(pos)
    box = label_footprints(graph, nodes)
    xy = np.array([[pos[n]["x"], pos[n]["y"]] for n in nodes])
    left, right = xy[:, 0] - box[:, 0], xy[:, 0] + box[:, 0]
    top, bottom = xy[:, 1] - box[:, 1], xy[:, 1] + box[:, 2]
    found = []
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if min(right[i], right[j]) - max(left[i], left[j]) > 0.5 and (
                min(bottom[i], bottom[j]) - max(top[i], top[j]) > 0.5
            ):
                found.append((nodes[i], nodes[j]))
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_positions_span_the_box_repeat_and_keep_labels_apart(layout):
    graph = mixed_graph()
    pos = preset_positions(graph, layout=layout, seed=3, width=800, height=600, padding=20)
    assert set(pos) == set(graph)
    xs = [p["x"] for p in pos.values()]
    ys = [p["y"] for p in pos.values()]
    assert min(xs) >= 20 and min(ys) >= 20
    # the drawing spans the box on at least one axis (scaled to fit, not shrunk)
    assert max(xs) - min(xs) > 700 or max(ys) - min(ys) > 500
    assert pos == preset_positions(graph, layout=layout, seed=3, width=800, height=600, padding=20)
    assert overlapping_labels(graph, pos) == []


def test_long_labels_of_a_crowded_network_do_not_collide():
    # 30 applicants with long names, most of them isolates (as "top 30 only" often is)
    graph = nx.Graph()
    for i in range(30):
        graph.add_node(f"n{i}", label=f"CONTEMPORARY AMPEREX TECHNOLOGY {i}", patents=30 - i)
    graph.add_edges_from([("n0", "n1"), ("n1", "n2"), ("n3", "n4")])
    pos = preset_positions(graph, width=1000, height=640)
    assert overlapping_labels(graph, pos) == []


def test_isolates_sit_in_a_grid_beside_the_components():
    graph = mixed_graph()
    pos = preset_positions(graph)
    rightmost_tied = max(pos[n]["x"] for n in graph if graph.degree(n) > 0)
    assert all(pos[n]["x"] > rightmost_tied for n in ["iso-a", "iso-b", "iso-c"])


def test_seed_changes_a_spring_layout_and_node_order_does_not():
    graph = nx.karate_club_graph()
    assert preset_positions(graph, seed=1) != preset_positions(graph, seed=2)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(graph, reverse=True))
    shuffled.add_edges_from(graph.edges(data=True))
    assert preset_positions(shuffled, seed=1) == preset_positions(graph, seed=1)


def test_small_and_bad_inputs():
    assert preset_positions(nx.Graph()) == {}
    # in the middle of the box, moved down just enough for the node disc to clear the padding
    assert preset_positions(nx.empty_graph(["only"]), width=100, height=50, padding=10) == {
        "only": {"x": 50.0, "y": 30.0}
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
