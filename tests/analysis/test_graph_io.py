"""Exports read back give the same graph; readers of every format; clear errors."""

from __future__ import annotations

import io

import networkx as nx
import pandas as pd
import pytest

from app.analysis.graph_io import (
    NetworkFileError,
    parse_dl,
    read_edgelist_csv,
    read_network,
    to_edgelist_csv,
    to_gexf,
    to_graphml,
    to_matrix_csv,
    to_pajek,
    to_ucinet_dl,
)
from app.analysis.metrics import network_stats, tie_graph


def sample() -> nx.Graph:
    """Weighted, with an isolate, awkward labels and attributes that are None."""
    graph = nx.Graph()
    graph.add_node("Toyota", label="TOYOTA JIDOSHA", patents=12, country="JP", top=True)
    graph.add_node("catl", label='CATL "Ningde"', patents=9, country=None, kind="firm")
    graph.add_node("byd", label="比亚迪 BYD", patents=5, country="CN", top=False)
    graph.add_node("pucci", label="Pucci, Ltd", patents=1, country="IT")
    graph.add_edge("Toyota", "catl", weight=3)
    graph.add_edge("catl", "byd", weight=1)
    return graph


def by_label(graph: nx.Graph) -> nx.Graph:
    """The sample relabelled by its labels, as the text formats name nodes."""
    return nx.relabel_nodes(graph, {n: graph.nodes[n]["label"] for n in graph})


def weighted_edges(graph: nx.Graph) -> set:
    return {(frozenset((str(u), str(v))), float(w)) for u, v, w in graph.edges(data="weight")}


def test_graphml_round_trip_keeps_attributes():
    back = nx.read_graphml(io.BytesIO(to_graphml(sample())))
    assert set(back) == set(sample())
    assert weighted_edges(back) == weighted_edges(sample())
    assert back.nodes["byd"]["label"] == "比亚迪 BYD" and back.nodes["Toyota"]["top"] is True
    assert "country" not in back.nodes["catl"]  # None is left out, not written as "None"


def test_gexf_round_trip():
    back = nx.read_gexf(io.BytesIO(to_gexf(sample())))
    assert set(back) == set(sample())
    assert weighted_edges(back) == weighted_edges(sample())
    assert back.nodes["Toyota"]["patents"] == 12


def test_pajek_round_trip():
    back = nx.parse_pajek(to_pajek(sample()).splitlines())
    expected = by_label(sample())
    assert set(back) == {label.replace('"', "'") for label in expected}
    assert weighted_edges(back) == {
        (frozenset(x.replace('"', "'") for x in pair), w) for pair, w in weighted_edges(expected)
    }


@pytest.mark.parametrize("fmt", ["fullmatrix", "edgelist1"])
def test_ucinet_dl_round_trip(fmt):
    text = to_ucinet_dl(sample(), fmt=fmt)
    back = tie_graph(parse_dl(text))
    expected = by_label(sample())
    rename = {label: label.replace('"', "'") for label in expected}
    assert set(back) == set(rename.values())  # the isolate survives in both formats
    assert weighted_edges(back) == {
        (frozenset(rename[x] for x in pair), w) for pair, w in weighted_edges(expected)
    }


def test_csv_exports():
    edges = pd.read_csv(io.StringIO(to_edgelist_csv(sample())))
    assert list(edges.columns) == ["source", "target", "weight"]
    assert set(zip(edges["source"], edges["target"], edges["weight"], strict=True)) == {
        ("TOYOTA JIDOSHA", 'CATL "Ningde"', 3),
        ('CATL "Ningde"', "比亚迪 BYD", 1),
    }
    matrix = pd.read_csv(io.StringIO(to_matrix_csv(sample())), index_col=0)
    assert matrix.shape == (4, 4) and (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["TOYOTA JIDOSHA", 'CATL "Ningde"'] == 3
    assert matrix.loc["Pucci, Ltd"].sum() == 0


def test_exports_of_a_builder_graph(small_synthetic):
    from app.analysis.networks import co_applicant_graph

    graph = co_applicant_graph(small_synthetic, top_n=15)
    stats = network_stats(graph, valued=True)
    for payload in (to_graphml(graph), to_gexf(graph)):
        assert payload.startswith(b"<?xml")
    assert network_stats(parse_dl(to_ucinet_dl(graph)), valued=True) == stats


def test_dl_variants_ucinet_writes():
    embedded = parse_dl(
        "dl n=3 format=fullmatrix\nlabels embedded\ndata:\n   a b c\na 0 1 0\nb 1 0 0\nc 0 0 0\n"
    )
    assert set(embedded) == {"a", "b", "c"} and embedded.has_edge("a", "b")
    numbered = parse_dl("DL N = 3 FORMAT = EDGELIST1\nDATA:\n1 2 4\n2 3\n")
    assert sorted(numbered.edges(data="weight")) == [("1", "2", 4.0), ("2", "3", 1.0)]
    named = parse_dl("dl n=2 format=edgelist1 labels embedded\ndata:\nAnn Bob 2\n")
    assert list(named.edges(data="weight")) == [("Ann", "Bob", 2.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "not a UCINET DL file"),
        ("dl format=fullmatrix\ndata:\n0", "no node count"),
        ("dl n=2\ndata:\n0 1 1", "3 cells, expected 2x2"),
        ("dl n=2\ndata:\n0 x\n1 0", "'x' is not a number"),
        ("dl nr=2 nc=3\ndata:\n", "two-mode"),
        ("dl n=2 format=nodelist1\ndata:\n1 2", "not supported"),
        ("dl n=2 format=edgelist1\ndata:\n1 5", "not in 1..2"),
        ("dl n=3\nlabels:\na,b\ndata:\n", "2 labels for n=3"),
    ],
)
def test_dl_errors_say_what_is_wrong(text, message):
    with pytest.raises(NetworkFileError, match=message):
        parse_dl(text, name="net.dl")


def test_edgelist_csv_header_delimiters_and_errors():
    no_header = read_edgelist_csv("a,b\nb,c,2\n")
    assert sorted(no_header.edges(data="weight")) == [("a", "b", 1.0), ("b", "c", 2.0)]
    tabbed = read_edgelist_csv("source\ttarget\na\tb\n")
    assert list(tabbed.edges) == [("a", "b")]
    with pytest.raises(NetworkFileError, match=r"edges.csv, line 3, weight: 'lots'"):
        read_edgelist_csv("source,target,weight\na,b,1\nb,c,lots\n", name="edges.csv")
    with pytest.raises(NetworkFileError, match="line 2: expected source,target"):
        read_edgelist_csv("a,b\nc\n")
    with pytest.raises(NetworkFileError, match="empty"):
        read_edgelist_csv("\n\n")


@pytest.mark.parametrize(
    ("suffix", "write"),
    [
        (".graphml", to_graphml),
        (".gexf", to_gexf),
        (".net", to_pajek),
        (".dl", to_ucinet_dl),
        (".txt", to_ucinet_dl),  # no telling extension: found by content
        (".csv", to_edgelist_csv),
    ],
)
def test_read_network_every_format(tmp_path, suffix, write):
    path = tmp_path / f"net{suffix}"
    payload = write(sample())
    path.write_bytes(payload if isinstance(payload, bytes) else payload.encode())
    back = tie_graph(read_network(path))
    assert back.number_of_edges() == 2
    assert sorted(w for *_, w in back.edges(data="weight")) == [1.0, 3.0]
    # the edge list cannot hold the isolate; every other format keeps all four nodes
    assert back.number_of_nodes() == (3 if suffix == ".csv" else 4)


def test_read_network_errors_name_the_file(tmp_path):
    with pytest.raises(NetworkFileError, match="cannot open"):
        read_network(tmp_path / "missing.graphml")
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml><node id=")
    with pytest.raises(NetworkFileError, match=r"broken\.graphml: not a readable graphml"):
        read_network(broken)
