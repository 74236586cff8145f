"""Whole-network and node statistics against hand-worked figures and UCINET's own output.

The definitions are docs/network-metrics.md; every expected figure below is worked out in
the comment beside it, or printed by UCINET (tests/ucinet_oracles.py says where).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ucinet_oracles import CAMPNET_NAMES, campnet, g9_disc, g9_iso

from app.analysis.metrics import (
    EGO_FAMILY,
    betweenness,
    eigenvector_ucinet,
    format_ucinet,
    matrix_density,
    network_stats,
    node_metrics,
    tie_graph,
    ucinet_figures,
)

approx = pytest.approx


def figures(graph, **kwargs) -> dict:
    return network_stats(graph, **kwargs).to_dict()


# ----------------------------------------------------------------- hand-worked graphs


def test_star():
    # centre c, leaves 1..4: d = (4,1,1,1,1), S = 8, n = 5
    stats = figures(nx.star_graph(4))
    assert stats["nodes"] == 5 and stats["edges"] == 4
    assert stats["components"] == 1 and stats["isolates"] == 0
    assert stats["density"] == approx(8 / 20)  # 0.4
    assert stats["density_sd"] == approx(math.sqrt(0.4 * 0.6))  # 0.4899
    assert stats["centralization_pct"] == approx(100.0)  # sum(4 - d) = 12 over (4*3)
    assert stats["heterogeneity_pct"] == approx(31.25)  # (4/8)^2 + 4 (1/8)^2 = .3125
    # only the centre has 2+ partners, and none of them are tied
    assert stats["clustering_overall"] == 0.0
    assert stats["clustering_weighted"] == 0.0


def test_path_of_four():
    # a-b-c-d: d = (1,2,2,1), S = 6
    stats = figures(nx.path_graph(["a", "b", "c", "d"]))
    assert stats["density"] == approx(0.5)  # 6 / 12
    assert stats["density_sd"] == approx(0.5)
    assert stats["centralization_pct"] == approx(100 * 2 / 6)  # (1+0+0+1) / (3*2)
    assert stats["heterogeneity_pct"] == approx(100 * 10 / 36)  # (1+4+4+1) / 36
    assert stats["clustering_overall"] == 0.0


def triangle_with_pendant() -> nx.Graph:
    return nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])


def test_triangle_with_pendant():
    # d = (2,2,3,1), S = 8, n = 4
    stats = figures(triangle_with_pendant())
    assert stats["density"] == approx(8 / 12)
    assert stats["density_sd"] == approx(math.sqrt(2 / 3 * 1 / 3))  # 0.4714
    assert stats["centralization_pct"] == approx(100 * 4 / 6)  # (1+1+0+2) / (3*2)
    assert stats["heterogeneity_pct"] == approx(100 * 18 / 64)  # (4+4+9+1) / 64
    # C_a = C_b = 1, C_c = 1/3 (a-b tied, a-d and b-d not); d has one partner: left out
    assert stats["clustering_overall"] == approx(7 / 9)
    # sum C k(k-1) = 2 + 2 + 6/3 = 6 over sum k(k-1) = 2 + 2 + 6 = 10
    assert stats["clustering_weighted"] == approx(0.6)


def test_isolates_count_as_nodes_and_components():
    graph = nx.complete_graph(["a", "b", "c"])
    graph.add_nodes_from(["x", "y"])
    stats = figures(graph)
    assert (stats["nodes"], stats["edges"], stats["components"], stats["isolates"]) == (5, 3, 3, 2)
    assert stats["density"] == approx(6 / 20)
    assert stats["centralization_pct"] == approx(100 * 4 / 12)  # d = (2,2,2,0,0)
    assert stats["heterogeneity_pct"] == approx(100 / 3)  # 3 * (2/6)^2
    assert stats["clustering_overall"] == 1.0  # isolates are not counted as 0
    assert stats["clustering_weighted"] == 1.0


def test_self_loops_never_count():
    plain = triangle_with_pendant()
    looped = triangle_with_pendant()
    looped.add_edges_from([("a", "a"), ("d", "d")])
    assert figures(looped) == figures(plain)
    assert figures(looped, valued=True) == figures(plain, valued=True)


def test_valued_path_can_exceed_100_percent():
    # a-b value 3, b-c value 1: cells 3,3,1,1,0,0; d = (3,4,1), S = 8
    graph = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1})])
    stats = figures(graph, valued=True)
    assert stats["density"] == approx(8 / 6)  # the mean tie value
    # ((3-4/3)^2 * 2 + (1-4/3)^2 * 2 + (4/3)^2 * 2) / 6 = 9.3333 / 6
    assert stats["density_sd"] == approx(math.sqrt(28 / 18))
    assert stats["centralization_pct"] == approx(200.0)  # (1+0+3) / (2*1)
    assert stats["heterogeneity_pct"] == approx(100 * 26 / 64)  # (9+16+1) / 64
    assert stats["clustering_overall"] == 0.0  # binary graph: b's partners are not tied
    binary = figures(graph)
    assert binary["density"] == approx(4 / 6) and binary["centralization_pct"] == approx(100)


def test_edge_cases_are_defined_not_errors():
    empty = figures(nx.Graph())
    assert empty["nodes"] == 0 and empty["density"] is None and empty["components"] == 0
    one = figures(nx.empty_graph(["solo"]))
    assert (one["density"], one["centralization_pct"], one["heterogeneity_pct"]) == (None,) * 3
    pair = figures(nx.Graph([("a", "b")]))
    assert pair["density"] == 1.0 and pair["density_sd"] == 0.0
    assert pair["centralization_pct"] is None  # (n-1)(n-2) = 0
    assert pair["heterogeneity_pct"] == approx(50.0)
    assert pair["clustering_overall"] is None and pair["clustering_weighted"] is None
    no_ties = figures(nx.empty_graph(3))
    assert no_ties["density"] == 0.0 and no_ties["centralization_pct"] == 0.0
    assert no_ties["heterogeneity_pct"] is None  # S = 0
    assert no_ties["isolates"] == 3 and no_ties["components"] == 3


def test_ties_are_positive_values_and_directions_take_the_maximum():
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", weight=2)
    graph.add_edge("a", "b", weight=1)  # parallel arcs add up: a->b = 3
    graph.add_edge("b", "a", weight=5)  # the larger direction wins: 5
    graph.add_edge("b", "c", weight=0)  # a zero value is no tie
    graph.add_edge("c", "d", weight=-1)  # nor is a negative one
    assert sorted(tie_graph(graph).edges(data="weight")) == [("a", "b", 5.0)]
    stats = figures(graph, valued=True)
    assert stats["edges"] == 1 and stats["density"] == approx(10 / 12)
    with pytest.raises(ValueError, match="not a number"):
        tie_graph(nx.Graph([("a", "b", {"weight": "heavy"})]))


# ----------------------------------------------------------------- classic datasets


def florentine_with_pucci() -> nx.Graph:
    """Padgett's marriage network as UCINET ships it (PADGM): 16 families, Pucci isolated."""
    graph = nx.florentine_families_graph()
    graph.add_node("Pucci")
    return graph


def test_florentine_families_padgm():
    stats = figures(florentine_with_pucci())
    assert (stats["nodes"], stats["edges"], stats["components"], stats["isolates"]) == (
        16,
        20,
        2,
        1,
    )
    assert stats["density"] == approx(40 / 240)  # 0.1667
    assert stats["density_sd"] == approx(math.sqrt(1 / 6 * 5 / 6))  # 0.3727
    # Medici has 6 partners: sum(6 - d_i) = 16*6 - 40 = 56 over 15*14
    assert stats["centralization_pct"] == approx(100 * 56 / 210)  # 26.67%
    # sum d^2 = 1+9+4+9+9+1+16+1+36+1+9+9+4+16+9 = 134 (Pucci 0) over 40^2
    assert stats["heterogeneity_pct"] == approx(100 * 134 / 1600)  # 8.38%
    # local C over the 11 families with 2+ partners: Bischeri, Castellani, Ridolfi,
    # Tornabuoni, Strozzi 1/3; Peruzzi 2/3; Medici 1/15 (Ridolfi-Tornabuoni); the rest 0
    assert stats["clustering_overall"] == approx((6 / 3 + 2 / 3 - 1 / 3 + 1 / 15) / 11)
    # 3 triangles (Bischeri-Peruzzi-Strozzi, Castellani-Peruzzi-Strozzi,
    # Medici-Ridolfi-Tornabuoni) over sum k(k-1)/2 = 47 connected triples
    assert stats["clustering_weighted"] == approx(9 / 47)
    printed = ucinet_figures(network_stats(florentine_with_pucci()))
    assert (printed["Density"], printed["Std dev"]) == ("0.1667", "0.3727")
    assert (printed["Network centralization"], printed["Heterogeneity"]) == ("26.67%", "8.38%")
    assert printed["Weighted overall graph clustering coefficient"] == "0.1915"


def test_overall_clustering_is_not_networkx_average_clustering():
    # networkx counts the 5 families with fewer than 2 partners as 0: 2.4 / 16 = 0.15
    graph = florentine_with_pucci()
    assert nx.average_clustering(graph) == approx(0.15)
    assert figures(graph)["clustering_overall"] == approx(2.4 / 11)


def test_karate_club_binary():
    graph = nx.karate_club_graph()
    stats = figures(graph)
    # KONECT's ucidata-zachary page: n = 34, m = 78, fill 0.139037, clustering 0.255682
    # (= 3 x 45 triangles / 528 wedges), maximum degree 17
    assert (stats["nodes"], stats["edges"]) == (34, 78)
    assert stats["density"] == approx(0.139037, abs=1e-6)
    assert stats["clustering_weighted"] == approx(135 / 528)
    assert stats["centralization_pct"] == approx(100 * (34 * 17 - 156) / (33 * 32))
    degrees = [d for _, d in graph.degree()]
    assert stats["heterogeneity_pct"] == approx(100 * sum(d * d for d in degrees) / 156**2)
    # one member (degree 1) is left out of the mean rather than counted as 0
    assert stats["clustering_overall"] == approx(nx.average_clustering(graph) * 34 / 33)


def test_karate_club_valued_matches_a_dense_reference():
    graph = nx.karate_club_graph()  # edge attribute "weight": interaction counts
    stats = figures(graph, valued=True)
    matrix = nx.to_numpy_array(graph, weight="weight")
    assert_matches_dense(stats, matrix)
    assert stats["density"] > figures(graph)["density"]  # values run to 7


def dense_reference(matrix: np.ndarray) -> dict:
    """docs/network-metrics.md transcribed literally on a dense matrix (no shortcuts)."""
    n = len(matrix)
    x = matrix.astype(float).copy()
    np.fill_diagonal(x, 0)
    off = x[~np.eye(n, dtype=bool)]
    d = x.sum(axis=1)
    total = d.sum()
    b = (x > 0).astype(float)
    k = b.sum(axis=1)
    local = [
        b[np.ix_(np.flatnonzero(b[i]), np.flatnonzero(b[i]))].sum() / (k[i] * (k[i] - 1))
        for i in range(n)
        if k[i] >= 2
    ]
    kk = k * (k - 1)
    weights = [kk[i] for i in range(n) if k[i] >= 2]
    return {
        "density": off.mean(),
        "density_sd": np.sqrt(((off - off.mean()) ** 2).mean()),
        "centralization_pct": 100 * (d.max() - d).sum() / ((n - 1) * (n - 2)),
        "heterogeneity_pct": 100 * ((d / total) ** 2).sum() if total else None,
        "clustering_overall": np.mean(local) if local else None,
        "clustering_weighted": np.dot(local, weights) / sum(weights) if weights else None,
    }


def assert_matches_dense(stats: dict, matrix: np.ndarray) -> None:
    for key, value in dense_reference(matrix).items():
        if value is None:
            assert stats[key] is None, key
        else:
            assert stats[key] == approx(value, rel=1e-9, abs=1e-12), key


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=3, max_value=12),
    cells=st.lists(st.integers(min_value=0, max_value=4), min_size=66, max_size=66),
)
def test_sparse_figures_equal_the_literal_definitions(n, cells):
    matrix = np.zeros((n, n))
    matrix[np.triu_indices(n, 1)] = cells[: n * (n - 1) // 2]
    matrix += matrix.T
    graph = nx.from_numpy_array(matrix)
    assert_matches_dense(figures(graph, valued=True), matrix)
    assert_matches_dense(figures(graph), (matrix > 0).astype(float))


# ------------------------------------------------------------------ UCINET's own output


def test_campnet_density_as_ucinet_prints_it():
    # UCINET 6.847, Network | Whole Networks | Density, campnet (directed):
    # Density 0.176, No. of Ties 54, Std Dev 0.381 (xucinet inst/goldens/density/
    # density_menu_log.txt). The sample SD would print 0.382.
    matrix = nx.to_numpy_array(campnet(), nodelist=CAMPNET_NAMES)
    density, sd = matrix_density(matrix)
    assert (f"{density:.3f}", int(matrix.sum()), f"{sd:.3f}") == ("0.176", 54, "0.381")


def test_campnet_symmetrised_degree_and_centralization():
    # UCINET 6.849 CLI degree(campnet), "Degree" column = degree of the graph
    # symmetrised by maximum (inst/goldens/centrality/log_make_goldens.txt)
    ucinet_degree = [5, 3, 3, 5, 4, 3, 5, 3, 5, 3, 3, 4, 3, 4, 4, 5, 4, 4]
    metrics = node_metrics(campnet())
    assert metrics.loc[CAMPNET_NAMES, "degree"].tolist() == ucinet_degree
    # UCINET's cohesion block "Deg Centralization" for campnet: 0.074 (a proportion;
    # xucinet tests/testthat/_snaps/xcohesion.md, checked against UCINET's G_CAMPNET_COH)
    stats = network_stats(campnet())
    assert f"{stats.centralization_pct / 100:.3f}" == "0.074"
    assert stats.centralization_pct == approx(100 * (18 * 5 - 70) / (17 * 16))


def test_campnet_eigenvector_matches_ucinet():
    # UCINET 6.849 eigenvec(campnet): "Data automatically symmetrized by maximum.
    # Principal eigenvalue = 4.078841" (log_make_goldens.txt)
    ucinet = [
        0.37497106, 0.09658572, 0.19614436, 0.29106474, 0.24727418, 0.17577387,
        0.26170275, 0.17861480, 0.35747287, 0.24298777, 0.09658572, 0.31681782,
        0.15434587, 0.31681782, 0.20648053, 0.16901357, 0.12835853, 0.16136900,
    ]  # fmt: skip
    ours = node_metrics(campnet()).loc[CAMPNET_NAMES, "eigenvector"].to_numpy()
    assert ours == approx(ucinet, abs=1e-6)


def test_isolates_and_pendants_match_ucinet():
    # g9_iso: UCINET 6.849 degree, betweenness and eigenvector (log_make_goldens.txt)
    metrics = node_metrics(g9_iso())
    assert metrics["degree"].tolist() == [1, 3, 2, 3, 2, 2, 1, 0, 0, 0]
    assert metrics["betweenness"].tolist() == [0, 5, 0, 9, 8, 5, 0, 0, 0, 0]
    ucinet_eigen = [0.22922900, 0.53706592, 0.46849450, 0.56058067, 0.30783692,
                    0.16065758, 0.06857143, 0, 0, 0]  # fmt: skip
    assert metrics["eigenvector"].to_numpy() == approx(ucinet_eigen, abs=1e-6)
    # UCINET normalises betweenness by (n-1)(n-2)/2 = 36 pairs
    assert metrics.loc["n4", "betweenness_norm"] == approx(9 / 36)
    stats = network_stats(g9_iso())
    assert (stats.nodes, stats.edges, stats.components, stats.isolates) == (10, 7, 4, 3)
    # d = (1,3,2,3,2,2,1,0,0,0): sum(3 - d) = 16 over 9*8; S = 14, sum d^2 = 32
    assert stats.centralization_pct == approx(100 * 16 / 72)
    assert stats.heterogeneity_pct == approx(100 * 32 / 196)
    # n2 (1/3: n3-n4 tied), n3 (1), n4 (1/3), n5 and n6 (0); one triangle, 9 triples
    assert stats.clustering_overall == approx((1 / 3 + 1 + 1 / 3) / 5)
    assert stats.clustering_weighted == approx(3 / 9)


def test_disconnected_closeness_and_eigenvector_match_ucinet():
    # g9_disc, UCINET 6.849 menu Closeness (Freeman, undefined = max distance + 1,
    # divided into N-1) and eigenvec() with "Everett-Borgatti lambda-squared method"
    metrics = node_metrics(g9_disc())
    closeness = [0.344, 0.314, 0.314, 0.314, 0.314, 0.289, 0.306, 0.306, 0.289,
                 0.289, 0.289, 0.289]  # fmt: skip
    assert [f"{x:.3f}" for x in metrics["closeness"]] == [f"{x:.3f}" for x in closeness]
    eigen = [6, 3, 3, 3, 3, 1.89442718, 3.06524754, 3.06524754, 1.89442718, 4, 4, 4]
    assert metrics["eigenvector"].to_numpy() == approx(eigen, abs=1e-6)
    assert metrics["betweenness"].tolist() == [6, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0]


# ------------------------------------------------------------------------ node level


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=25),
    p=st.floats(min_value=0.0, max_value=0.6),
    seed=st.integers(min_value=0, max_value=10_000),
    batch=st.sampled_from([1, 3, 256]),
)
def test_batched_betweenness_equals_networkx(n, p, seed, batch):
    graph = nx.gnp_random_graph(n, p, seed=seed)  # often disconnected, with isolates
    ours = betweenness(nx.to_scipy_sparse_array(graph, format="csr"), batch=batch)
    reference = nx.betweenness_centrality(graph, normalized=False)
    assert ours == approx([reference[v] for v in graph], abs=1e-9)


def test_ego_structures():
    #   ring:  r with partners p, q tied to each other
    #   chain: h with partners x, y, z, none tied;  pendant: x;  isolate: lone
    #   partial ring: s with partners t, u, v where only t-u is tied
    graph = nx.Graph([("r", "p"), ("r", "q"), ("p", "q"), ("h", "x"), ("h", "y"), ("h", "z")])
    graph.add_edges_from([("s", "t"), ("s", "u"), ("s", "v"), ("t", "u")])
    graph.add_node("lone")
    metrics = node_metrics(graph)
    structure = metrics["ego_structure"].to_dict()
    assert structure["r"] == "ring" and structure["h"] == "chain"
    assert structure["x"] == "pendant" and structure["lone"] == "isolate"
    assert structure["s"] == "partial ring" and metrics.loc["s", "partner_ties"] == 1
    assert metrics["ego_family"].to_dict() == {k: EGO_FAMILY[v] for k, v in structure.items()}
    assert not metrics.loc["h", "on_cycle"] and metrics.loc["r", "on_cycle"]


def test_a_square_is_a_chain_locally_but_on_a_cycle():
    metrics = node_metrics(nx.cycle_graph(["a", "b", "c", "d"]))
    assert set(metrics["ego_structure"]) == {"chain"}
    assert metrics["on_cycle"].all()


def test_node_metrics_columns_and_undefined_values():
    metrics = node_metrics(triangle_with_pendant())
    assert metrics.loc["d", "clustering"] != metrics.loc["d", "clustering"]  # NaN: k < 2
    assert metrics.loc["c", "clustering"] == approx(1 / 3)
    assert metrics.loc["c", "betweenness"] == 2.0  # d reaches a and b only through c
    assert metrics.loc["c", "betweenness_norm"] == approx(2 / 3)  # over (3*2)/2 pairs
    no_ties = node_metrics(nx.empty_graph(3))
    assert no_ties["closeness"].isna().all() and (no_ties["eigenvector"] == 0).all()
    assert node_metrics(nx.Graph()).empty


def test_weighted_degree_and_communities():
    graph = nx.karate_club_graph()
    metrics = node_metrics(graph, seed=1)
    assert metrics.loc[0, "weighted_degree"] == sum(
        d["weight"] for *_, d in graph.edges(0, data=True)
    )
    assert metrics["community"].min() == 0
    sizes = metrics["community"].value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True)  # numbered largest first
    assert node_metrics(graph, seed=1)["community"].equals(metrics["community"])


def test_eigenvector_of_a_graph_without_ties():
    scores, converged = eigenvector_ucinet(nx.to_scipy_sparse_array(nx.empty_graph(4)))
    assert converged and scores.tolist() == [0, 0, 0, 0]


def test_eigenvector_of_a_large_component_is_the_same_on_every_run():
    # above 400 nodes ARPACK solves it: started from a random vector, the last digits of
    # the scores changed between runs (a network picture's sizes, a downloaded table)
    values = nx.to_scipy_sparse_array(nx.gnm_random_graph(500, 3000, seed=2))
    runs = [eigenvector_ucinet(values)[0] for _ in range(4)]
    assert all(np.array_equal(runs[0], run) for run in runs[1:])
    dense = np.linalg.eigh(values.toarray().astype(float))[1][:, -1]
    assert np.allclose(runs[0], np.abs(dense) / np.linalg.norm(dense), atol=1e-9)


def test_format_ucinet_prints_ucinet_decimals():
    text = format_ucinet(network_stats(florentine_with_pucci()))
    assert "0.1667" in text and "26.67%" in text and "8.38%" in text
    assert "n/a" in format_ucinet(network_stats(nx.Graph([("a", "b")])))


@pytest.mark.parametrize(
    "graph",
    [
        nx.gnm_random_graph(300, 12000, seed=1),  # dense: counted with dense products
        nx.gnm_random_graph(300, 900, seed=1),  # sparse: with sparse ones
        nx.complete_graph(40),
    ],
)
def test_triangles_through_each_node_are_networkx_counts(graph):
    from app.analysis.metrics import _triangles

    binary = nx.to_scipy_sparse_array(graph, nodelist=sorted(graph), format="csr", dtype=float)
    expected = nx.triangles(graph)
    assert _triangles(binary).tolist() == [float(expected[n]) for n in sorted(graph)]
