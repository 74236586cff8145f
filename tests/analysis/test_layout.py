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


def test_the_near_pairs_kept_between_sweeps_are_the_pairs_a_full_sweep_finds():
    # _separate checks only the pairs found near each other at the last full sweep until a
    # node has moved the margin: round after round, with small and large moves, it must
    # find the same overlapping pairs, in the same order, as sweeping every node each time
    from app.analysis.layout import _NEAR_MARGIN_PX, _NearPairs, _overlaps

    rng = np.random.default_rng(5)
    footprints = np.column_stack(
        [rng.uniform(4, 70, 300), rng.uniform(4, 30, 300), rng.uniform(4, 60, 300)]
    )
    xy = rng.uniform(0, 900, size=(300, 2))
    xy[:20, 0] = 450.0  # equal x: the stable order along x decides which comes first
    near = _NearPairs(footprints, _NEAR_MARGIN_PX)
    rebuilt = 0
    for step in range(60):
        before = near.anchor
        found = near.overlaps(xy)
        rebuilt += near.anchor is not before
        expected = _overlaps(xy, footprints)
        for got, want in zip(found, expected, strict=True):
            np.testing.assert_array_equal(got, want)
        scale = _NEAR_MARGIN_PX * (3.0 if step % 7 == 0 else 0.2)
        xy = xy + rng.normal(0, scale, size=xy.shape)
    assert 1 < rebuilt < 60  # both paths taken: a new sweep, and the kept pairs


def test_a_crowded_picture_is_the_one_a_full_sweep_every_round_draws(monkeypatch):
    # the size a co-applicant view draws (500 nodes, crowded): keeping the near pairs
    # between sweeps changes the time taken, not one position (a margin of nothing sweeps
    # every node every round, as the layout did before)
    from app.analysis import layout

    rng = np.random.default_rng(2)
    graph = nx.gnm_random_graph(500, 4000, seed=3)
    for node in graph:
        graph.nodes[node].update(label=f"APPLICANT {node} CO LTD", patents=int(rng.pareto(1.2) * 9))
    pos = preset_positions(graph, width=1000, height=640)
    monkeypatch.setattr(layout, "_NEAR_MARGIN_PX", 1e-12)
    assert preset_positions(graph, width=1000, height=640) == pos
