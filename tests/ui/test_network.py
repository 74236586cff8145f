"""The network panel's server side: files read back, stylesheet selectors, elements."""

from __future__ import annotations

import io
import json

import networkx as nx
import pandas as pd
import pytest
import scipy.sparse as sp

from app.analysis.graph_io import parse_dl, read_edgelist_csv
from app.analysis.layout import LAYOUTS
from app.analysis.metrics import network_stats
from app.analysis.network_view import describe_network
from app.i18n import use_language
from app.ui.network import (
    FILE_FORMATS,
    LAYOUT_LABELS,
    focus_stylesheet,
    network_elements,
    network_file,
    ranked_ties,
    statistics_help,
    statistics_notes,
    stats_rows,
)


def _graph() -> nx.Graph:
    graph = nx.Graph()
    for name, patents, country in [("CATL", 41, "CN"), ("Toyota", 25, "JP"), ("Lone", 3, "US")]:
        graph.add_node(name, label=name, patents=patents, country=country)
    graph.add_edge("CATL", "Toyota", weight=4)
    return graph


def _same(read: nx.Graph, graph: nx.Graph, isolates: bool = True) -> None:
    nodes = sorted(graph) if isolates else sorted(n for n in graph if graph.degree(n))
    assert sorted(map(str, read)) == nodes
    ties = {tuple(sorted(map(str, (u, v)))): float(w) for u, v, w in read.edges(data="weight")}
    assert ties == {("CATL", "Toyota"): 4.0}


@pytest.mark.parametrize("fmt", sorted(FILE_FORMATS))
def test_every_download_reads_back_as_the_same_network(fmt, tmp_path):
    graph = _graph()
    content = network_file(graph, None, fmt)
    if fmt == "graphml":
        _same(nx.read_graphml(io.BytesIO(content)), graph)
    elif fmt == "gexf":
        _same(nx.read_gexf(io.BytesIO(content)), graph)
    elif fmt == "pajek":
        path = tmp_path / "g.net"
        path.write_text(content)
        read = nx.Graph(nx.read_pajek(path))
        _same(nx.relabel_nodes(read, str), graph)
    elif fmt == "dl":
        _same(nx.Graph(parse_dl(content)), graph)
    elif fmt == "edges":
        _same(nx.Graph(read_edgelist_csv(content)), graph, isolates=False)  # ties only
    else:
        matrix = pd.read_csv(io.StringIO(content), index_col=0)
        assert matrix.loc["CATL", "Toyota"] == 4 and matrix.loc["Lone"].sum() == 0


def test_matrix_download_writes_the_cooccurrence_matrix_when_given():
    matrix = pd.DataFrame([[5, 2], [2, 3]], index=["H01M", "B60L"], columns=["H01M", "B60L"])
    read = pd.read_csv(io.StringIO(network_file(nx.Graph(), matrix, "matrix")), index_col=0)
    assert read.loc["H01M", "H01M"] == 5 and read.loc["B60L", "H01M"] == 2


def test_focus_stylesheet_quotes_names_safely():
    graph = nx.Graph([('Say "hi" Ltd', "B\\C")])
    sheet = focus_stylesheet(graph, 'Say "hi" Ltd')
    node_rule = sheet[-2]["selector"]
    assert node_rule == 'node[id = "Say \\"hi\\" Ltd"], node[id = "B\\\\C"]'
    assert focus_stylesheet(graph, "not there") == focus_stylesheet(graph, None)


def test_elements_carry_colour_and_captions_for_the_biggest_nodes_only(monkeypatch):
    monkeypatch.setattr("app.ui.network.LABELLED_NODES", 2)
    view = describe_network(_graph())
    elements = network_elements(view, {"CATL": "#D55E00"})
    json.dumps(elements)
    nodes = {e["data"]["id"]: e["data"] for e in elements if "source" not in e["data"]}
    assert nodes["CATL"]["color"] == "#D55E00" and nodes["Toyota"]["color"] == "#9aa5b1"
    assert [nodes[n]["caption"] for n in ("CATL", "Toyota", "Lone")] == ["CATL", "Toyota", ""]
    assert all("position" in e for e in elements if "source" not in e["data"])


def test_stats_rows_pair_binary_and_valued_figures():
    graph = _graph()
    rows = {
        r["figure"]: r for r in stats_rows(network_stats(graph), network_stats(graph, valued=True))
    }
    assert rows["Nodes"] == {"id": "nodes", "figure": "Nodes", "binary": "3", "valued": "3"}
    assert rows["Density"]["binary"] == "0.3333"  # 2 of 6 cells
    assert rows["Density"]["valued"] == "1.3333"  # 8 / 6
    assert rows["Isolates"]["binary"] == "1"


def test_every_server_layout_has_a_menu_label():
    assert tuple(LAYOUT_LABELS) == LAYOUTS


def test_a_picture_draws_at_most_the_cap_of_ties_the_strongest(monkeypatch):
    from app.ui import network

    graph = nx.Graph()
    graph.add_weighted_edges_from([("a", "b", 1), ("b", "c", 5), ("c", "d", 3), ("d", "a", 5)])
    monkeypatch.setattr(network, "MAX_DRAWN_TIES", 2)
    for choice in ("all", "auto", "k3"):  # whatever the choice, the cap holds
        drawn = network.drawn_ties(graph, choice)
        assert sorted(drawn.edges()) == [("a", "d"), ("b", "c")], choice
        assert set(drawn) == set(graph)  # every node is drawn
    assert "2 of the 4 ties (the strongest)" in network.ties_note(
        graph, network.drawn_ties(graph, "all"), "all"
    )


def test_automatic_ties_draw_each_nodes_strongest_in_dense_networks(monkeypatch):
    from app.ui import network

    graph = nx.complete_graph(8)
    for u, v in graph.edges():
        graph.edges[u, v]["weight"] = u + v
    assert network.drawn_ties(graph, "auto") is graph  # 28 ties: all drawn
    monkeypatch.setattr(network, "AUTO_TIES", 10)
    drawn = network.drawn_ties(graph, "auto")
    assert 0 < drawn.number_of_edges() <= 8 * network.AUTO_STRONGEST
    # every node keeps its strongest tie
    assert all(drawn.has_edge(n, max(graph[n], key=lambda m: graph[n][m]["weight"])) for n in graph)


def test_surprising_figures_are_explained_where_they_are_shown():
    star = nx.star_graph(4)
    for u, v in star.edges():
        star.edges[u, v]["weight"] = 5  # ties of five joint patents each
    two_parts = nx.disjoint_union(nx.complete_graph(3), nx.path_graph(4))
    for u, v in two_parts.edges():
        two_parts.edges[u, v]["weight"] = 3
    notes = " ".join(str(n.children) for n in statistics_notes(describe_network(star)))
    assert "passes 100%" in notes  # valued centralization of a star with heavy ties: 500%
    notes = " ".join(str(n.children) for n in statistics_notes(describe_network(two_parts)))
    assert "eigenvalue squared" in notes
    assert statistics_notes(describe_network(nx.path_graph(3))) == []


def test_every_statistic_says_what_it_means():
    graph = nx.path_graph(4)
    rows = stats_rows(network_stats(graph), network_stats(graph, valued=True))
    helps = statistics_help(rows)
    assert len(helps) == len(rows) and all(h["figure"]["value"] for h in helps)
    with use_language("zh"):
        chinese = {
            r["id"]: r["figure"] for r in stats_rows(network_stats(graph), network_stats(graph))
        }
    assert chinese["density"] == "网络密度" and chinese["centralization_pct"] == "网络中心势"
    assert chinese["clustering_weighted"] == "加权整体聚类系数"


def test_ranked_ties_sort_many_equal_ties_by_name_as_a_table_sort_would():
    # most ties share the weight of the 100th strongest: which of them are listed is
    # decided by the names (two nodes share one display name)
    graph = nx.gnm_random_graph(60, 700, seed=4)
    for k, (u, v) in enumerate(graph.edges()):
        graph.edges[u, v]["weight"] = 5 if k % 50 == 0 else 1
    labels = {n: f"Applicant {n % 23:02d}" for n in graph}
    nx.set_node_attributes(graph, labels, "label")
    view = describe_network(graph)
    rows = ranked_ties(view, limit=100)
    # the ties in the tie matrix's order (upper triangle, row by row), sorted stably
    upper = sp.triu(view.network.ties, k=1).tocsr()
    ids = view.network.nodes.index
    table = pd.DataFrame(
        [
            {"u": ids[i], "v": ids[j], "weight": upper[i, j]}
            for i in range(upper.shape[0])
            for j in upper.indices[upper.indptr[i] : upper.indptr[i + 1]]
        ]
    )
    table = table.assign(first=table.u.map(labels), second=table.v.map(labels))
    expected = table.sort_values(["weight", "first", "second"], ascending=[False, True, True])
    expected = expected.head(100)
    assert [r["id"] for r in rows] == [
        f"{u}|{v}" for u, v in zip(expected.u, expected.v, strict=True)
    ]
    assert [(r["first"], r["second"], r["weight"]) for r in rows] == list(
        zip(expected["first"], expected["second"], expected["weight"], strict=True)
    )
