"""Graph builders on small hand-made corpora with exact expected nodes, edges and weights."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hand_corpus import hand_corpus

from app.analysis import networks
from app.analysis.filters import Filters, apply_filters
from app.analysis.networks import co_applicant_graph, country_graph, ipc_cooccurrence


def edges(graph) -> dict:
    return {tuple(sorted((u, v))): w for u, v, w in graph.edges(data="weight")}


def test_co_applicants_top_n_and_ties():
    # patents: A 3 (P1-P3), B 3 (P1, P2, P5), C 2, D 1, E 1
    graph = co_applicant_graph(hand_corpus(), top_n=3)
    assert list(graph) == ["A", "B", "C"]
    assert {n: graph.nodes[n]["patents"] for n in graph} == {"A": 3, "B": 3, "C": 2}
    assert edges(graph) == {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 1}
    assert all(graph.nodes[n]["top"] for n in graph)


def test_top_n_ties_are_broken_by_name():
    assert list(co_applicant_graph(hand_corpus(), top_n=1)) == ["A"]  # A and B both have 3
    # D and E both have one patent: D comes first
    assert list(co_applicant_graph(hand_corpus(), top_n=4)) == ["A", "B", "C", "D"]


def test_include_partners_adds_partners_and_their_ties():
    graph = co_applicant_graph(hand_corpus(), top_n=1, include_partners=True)
    assert sorted(graph) == ["A", "B", "C"]  # A's partners on P1 and P2
    assert edges(graph) == {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 1}  # B-C kept
    assert [graph.nodes[n]["top"] for n in ["A", "B", "C"]] == [True, False, False]


def test_applicant_attributes():
    graph = co_applicant_graph(hand_corpus(), top_n=None)
    attrs = {n: (graph.nodes[n]["country"], graph.nodes[n]["kind"]) for n in graph}
    assert attrs["A"] == ("CN", "firm")  # CN twice beats unknown once (and would anyway)
    assert attrs["C"] == ("US", "university")
    assert attrs["D"] == ("unknown", "individual")  # nothing known
    # E: KR once, CN once -> alphabetical; kinds tie too -> "firm" before "research..."
    assert attrs["E"] == ("CN", "firm")
    assert edges(graph)[("C", "D")] == 1 and "E" in graph and graph.degree("E") == 0


def test_country_graph_counts_patents_not_applicant_pairs():
    graph = country_graph(hand_corpus())
    assert sorted(graph) == ["CN", "JP", "KR", "US"]  # "unknown" left out
    assert {n: graph.nodes[n]["patents"] for n in graph} == {"CN": 3, "JP": 3, "KR": 1, "US": 2}
    # P1: CN-JP; P2: CN-JP, CN-US, JP-US; P6: CN-KR (E's two countries)
    assert edges(graph) == {("CN", "JP"): 2, ("CN", "US"): 1, ("JP", "US"): 1, ("CN", "KR"): 1}


@pytest.mark.parametrize(
    ("level", "top_k", "nodes", "expected_edges"),
    [
        # subclass: H01M on P1, P2, P3, P5 (4); B60L on P2
        ("subclass", 50, {"H01M": 4, "B60L": 1}, {("B60L", "H01M"): 1}),
        (
            "main_group",
            50,
            {"H01M 10/00": 3, "H01M 4/00": 2, "B60L 53/00": 1},
            {("H01M 10/00", "H01M 4/00"): 1, ("B60L 53/00", "H01M 10/00"): 1},
        ),
        # codes: 10/0525 on 3, 4/13 on 2, 10/052 and B60L on 1 each: top 2
        ("code", 2, {"H01M 10/0525": 3, "H01M 4/13": 2}, {("H01M 10/0525", "H01M 4/13"): 1}),
    ],
)
def test_ipc_cooccurrence_levels(level, top_k, nodes, expected_edges):
    graph, matrix = ipc_cooccurrence(hand_corpus(), level=level, top_k=top_k)
    assert {n: graph.nodes[n]["patents"] for n in graph} == nodes
    assert list(matrix.index) == list(nodes)  # ordered by patents
    assert edges(graph) == expected_edges
    for code, count in nodes.items():
        assert matrix.loc[code, code] == count
    for (a, b), w in expected_edges.items():
        assert matrix.loc[a, b] == matrix.loc[b, a] == w


def test_ipc_top_k_ties_by_code_and_isolated_codes_stay():
    graph, matrix = ipc_cooccurrence(hand_corpus(), level="code", top_k=4)
    # B60L 53/00 and H01M 10/052 both on one patent: alphabetical order
    assert list(matrix.index) == ["H01M 10/0525", "H01M 4/13", "B60L 53/00", "H01M 10/052"]
    assert graph.number_of_nodes() == 4


def test_ipc_schemes():
    graph, _ = ipc_cooccurrence(hand_corpus(), level="code", scheme="CPC")
    assert list(graph) == ["Y02E 60/10"] and graph.number_of_edges() == 0
    both, _ = ipc_cooccurrence(hand_corpus(), level="code", scheme=None)
    assert edges(both)[("H01M 4/13", "Y02E 60/10")] == 1  # P3 links IPC and CPC codes
    with pytest.raises(ValueError, match="unknown IPC level"):
        ipc_cooccurrence(hand_corpus(), level="group")


def test_builders_follow_the_filters():
    us = apply_filters(hand_corpus(), Filters(countries=("US",)))  # P2 and P4
    graph = co_applicant_graph(us, top_n=None)
    assert edges(graph) == {("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1, ("C", "D"): 1}
    assert graph.nodes["C"]["patents"] == 2
    assert ipc_cooccurrence(us, level="subclass")[1].loc["H01M", "B60L"] == 1


def test_empty_corpus_gives_empty_graphs():
    empty = hand_corpus().subset([False] * 6)
    assert co_applicant_graph(empty).number_of_nodes() == 0
    assert country_graph(empty).number_of_nodes() == 0
    graph, matrix = ipc_cooccurrence(empty)
    assert graph.number_of_nodes() == 0 and matrix.empty


def test_sparse_cooccurrence_equals_a_plain_count(small_synthetic):
    graph, matrix = ipc_cooccurrence(small_synthetic, level="main_group", top_k=None)
    per_patent = small_synthetic.ipc.groupby("patent_id")["main_group"].agg(
        lambda s: sorted(set(s.astype(str)))
    )
    pairs = Counter(p for codes in per_patent for p in itertools.combinations(codes, 2))
    assert edges(graph) == {tuple(sorted(p)): n for p, n in pairs.items()}
    totals = Counter(c for codes in per_patent for c in codes)
    assert {c: matrix.loc[c, c] for c in matrix.index} == dict(totals)


@pytest.mark.parametrize(("columns", "chunk"), [(7, 1 << 22), (7, 3), (5000, 64)])
def test_co_occurrence_is_a_transpose_a(monkeypatch, columns, chunk):
    # dense accumulation, several chunks, and the sparse path for K x K > 2^24 cells
    monkeypatch.setattr(networks, "_PAIRS_PER_CHUNK", chunk)
    rng = np.random.default_rng(columns)
    rows, cols = rng.integers(0, 40, 300), rng.integers(0, columns, 300)
    binary = sp.csr_array((np.ones(300), (rows, cols)), shape=(40, columns))
    binary.data[:] = 1  # duplicates summed by the constructor: back to 0/1
    valued = sp.csr_array(
        (rng.integers(1, 5, 300).astype(float), (rows, cols)), shape=(40, columns)
    )
    for a in (binary, valued):
        assert (networks.co_occurrence(a) != (a.T @ a)).nnz == 0
    # an unsorted matrix with a duplicate entry in a row, as a raw CSR can be
    raw = sp.csr_array((np.ones(3), np.array([2, 0, 2]), np.array([0, 3])), shape=(1, 3))
    assert np.array_equal(networks.co_occurrence(raw).toarray(), (raw.T @ raw).toarray())


def test_patents_not_rows_rank_the_entities():
    # x is listed twice on each of two patents (4 rows, 2 patents); y is on three patents
    rows = np.array([0, 0, 1, 1, 2, 3, 4])
    values = pd.Series(["x", "x", "x", "x", "y", "y", "y"])
    a, labels = networks.incidence_matrix(rows, values, 5)
    counts = np.bincount(a.indices, minlength=len(labels))
    assert list(labels[networks._top(counts, labels, 1)]) == ["y"]
    assert counts.tolist() == [2, 3]


@pytest.mark.parametrize("scheme", ["IPC", None])
def test_a_filtered_corpus_takes_its_rows_from_the_unfiltered_matrix(small_synthetic, scheme):
    filtered = apply_filters(small_synthetic, Filters(countries=("JP",), year_min=2012))
    a, labels = networks.corpus_incidence(filtered, "ipc", "subclass", scheme)
    ipc = filtered.ipc
    rows = filtered.ipc_rows
    if scheme:
        rows = np.where((ipc["scheme"] == scheme).to_numpy(), rows, -1)
    direct, direct_labels = networks.incidence_matrix(rows, ipc["subclass"], filtered.n_patents)
    columns = np.searchsorted(labels, direct_labels)
    assert list(labels[columns]) == list(direct_labels)
    assert np.array_equal(a[:, columns].toarray(), direct.toarray())
    assert a.nnz == direct.nnz  # the unfiltered corpus's other codes: empty columns


@pytest.mark.parametrize("columns", [1, 63, 64, 65])
def test_co_occurrence_by_sets_and_by_pairs_agree(monkeypatch, columns):
    # up to 64 columns rows are counted as sets of columns; beyond, pair by pair
    rng = np.random.default_rng(columns)
    rows, cols = rng.integers(0, 500, 2000), rng.integers(0, columns, 2000)
    a = sp.csr_array((np.ones(2000), (rows, cols)), shape=(600, columns))  # empty rows too
    a.data[:] = 1
    expected = (a.T @ a).toarray()
    assert np.array_equal(networks.co_occurrence(a).toarray(), expected)
    monkeypatch.setattr(networks, "_SET_BITS", 0)
    assert np.array_equal(networks.co_occurrence(a).toarray(), expected)


def test_linked_columns_are_those_sharing_a_row_with_a_wanted_one():
    rng = np.random.default_rng(11)
    for trial in range(100):
        rows, cols = int(rng.integers(0, 25)), int(rng.integers(1, 10))
        dense = rng.random((rows, cols)) < rng.uniform(0, 0.6)
        wanted = rng.choice(cols, size=int(rng.integers(0, cols + 1)), replace=False)
        expected = np.zeros(cols, dtype=bool)
        for row in dense:
            if row[wanted].any():
                expected |= row
        found = networks._linked(sp.csr_array(dense.astype(np.int32)), wanted)
        assert found.tolist() == expected.tolist(), trial


def test_most_frequent_values_are_each_names_commonest_known_value(small_synthetic):
    # several columns at once: the applicant rows of the names are picked once for all
    corpus = small_synthetic
    name = corpus.coded("applicants", "name")
    names = np.arange(0, len(name.labels), 3)
    found = networks.most_frequent_values(corpus, names, {"country": "unknown", "kind": "unknown"})
    rows = pd.DataFrame(
        {
            "name": corpus.applicants["name"].astype(str).to_numpy(),
            "country": corpus.applicants["country"].astype(str).to_numpy(),
            "kind": corpus.applicants["kind"].astype(str).to_numpy(),
        }
    )
    for column in ("country", "kind"):
        expected = []
        for label in name.labels[names]:
            values = rows.loc[rows["name"] == label, column]
            known = values[(values != "unknown") & (values != "nan")].value_counts()
            best = known[known == known.max()].index.min() if len(known) else "unknown"
            expected.append(best)
        assert found[column].tolist() == expected, column
        assert networks.most_frequent_value(corpus, names, column, "unknown").tolist() == expected
