"""What the network pages show, on the hand-made corpus and small graphs worked by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from hand_corpus import hand_corpus

from app.analysis.metrics import network_stats
from app.analysis.network_view import (
    applicant_network,
    applicant_profile,
    co_classified_patents,
    country_profile,
    describe_network,
    joint_patent_count,
    joint_patents,
    strongest_ties,
    technology_network,
)


def test_describe_network_joins_attributes_metrics_positions_and_both_statistics():
    graph = nx.Graph()
    graph.add_node("a", label="Alpha", patents=5, country="CN")
    graph.add_node("b", label="Beta", patents=2, country="JP")
    graph.add_node("c", label="Gamma", patents=1, country="US")
    graph.add_node("lone", label="Lone", patents=1, country="KR")
    graph.add_edge("a", "b", weight=3)
    graph.add_edge("a", "c", weight=1)
    view = describe_network(graph)
    assert set(view.positions) == {"a", "b", "c", "lone"}
    assert view.nodes.loc["a", "country"] == "CN" and view.nodes.loc["a", "label"] == "Alpha"
    assert view.nodes.loc["a", "degree"] == 2 and view.nodes.loc["a", "weighted_degree"] == 4
    assert view.nodes.loc["a", "ego_structure"] == "chain"  # b and c are not tied
    assert view.nodes.loc["lone", "ego_structure"] == "isolate"
    assert view.binary == network_stats(graph)
    assert view.valued == network_stats(graph, valued=True)
    assert view.valued.density == pytest.approx(2 * 4 / 12)  # both directions over n(n-1)
    assert view.left_out == 0


def test_applicant_network_cap_keeps_the_top_and_counts_what_it_leaves_out():
    # top 1 = A; its partners B and C; cap of 2 keeps A and the partner with most patents
    graph, left_out = applicant_network(hand_corpus(), 1, include_partners=True, max_nodes=2)
    assert list(graph) == ["A", "B"] and left_out == 1
    assert graph["A"]["B"]["weight"] == 2
    # the cap never cuts the top N themselves
    graph, left_out = applicant_network(hand_corpus(), 4, include_partners=True, max_nodes=2)
    assert len(graph) >= 4


def test_applicant_network_by_country_and_bad_choice():
    graph, left_out = applicant_network(hand_corpus(), by="countries")
    assert sorted(graph) == ["CN", "JP", "KR", "US"] and left_out == 0
    assert graph["CN"]["JP"]["weight"] == 2  # P1, P2
    with pytest.raises(ValueError, match="applicants or countries"):
        applicant_network(hand_corpus(), by="firms")


def test_technology_network_titles_sections_and_matrix():
    graph, matrix = technology_network(hand_corpus(), "main_group", 10, "IPC")
    assert sorted(graph) == ["B60L 53/00", "H01M 10/00", "H01M 4/00"]
    assert graph.nodes["H01M 10/00"]["title"] == "Secondary cells; Manufacture thereof"
    assert graph.nodes["B60L 53/00"]["section"] == "B"
    assert graph.nodes["B60L 53/00"]["section_title"] == "Performing operations; transporting"
    assert matrix.loc["H01M 10/00", "H01M 10/00"] == 3  # P1, P2, P5
    assert matrix.loc["H01M 10/00", "H01M 4/00"] == 1  # P1


def test_applicant_profile_counts_the_whole_corpus():
    profile = applicant_profile(hand_corpus(), "A")
    assert profile["patents"] == 3
    assert (profile["first_year"], profile["last_year"]) == (2010, 2012)
    assert profile["partners"] == [("B", 2), ("C", 1)]
    assert profile["co_applicants"] == 2 and profile["joint_patents"] == 2
    assert profile["raw_names"] == ["A"] and profile["raw_name_count"] == 1
    # B is listed twice on P5: one patent, no self-partnership
    profile = applicant_profile(hand_corpus(), "B")
    assert profile["patents"] == 3 and profile["partners"] == [("A", 2), ("C", 1)]


def test_country_profile():
    profile = country_profile(hand_corpus(), "CN")
    assert profile["patents"] == 3  # P1, P2 (A), P6 (E)
    assert profile["applicants"] == 2
    assert profile["top_applicants"] == [("A", 2), ("E", 1)]
    assert profile["partners"] == [("JP", 2), ("KR", 1), ("US", 1)]  # unknown left out


def test_joint_patents_newest_first_and_counts():
    found = joint_patents(hand_corpus(), "A", "B")
    assert found["publication_number"].tolist() == ["US-2", "US-1"]
    assert joint_patents(hand_corpus(), "A", "D").empty
    assert joint_patents(hand_corpus(), "CN", "US", "country")["publication_number"].tolist() == [
        "US-2"
    ]
    assert joint_patent_count(hand_corpus()) == 3  # P1, P2, P4; P5 and P6 list one name


def test_co_classified_patents_by_level_and_scheme():
    corpus = hand_corpus()
    found = co_classified_patents(corpus, "H01M", "B60L", "subclass")
    assert found["publication_number"].tolist() == ["US-2"]
    assert co_classified_patents(corpus, "H01M", "Y02E", "subclass").empty  # Y02E is CPC
    both = co_classified_patents(corpus, "H01M", "Y02E", "subclass", scheme=None)
    assert both["publication_number"].tolist() == ["US-3"]


def test_strongest_ties_ignores_self_loops():
    graph = nx.Graph([("a", "b", {"weight": 1}), ("a", "c", {"weight": 1})])
    graph.add_edge("a", "a", weight=9)
    assert strongest_ties(graph, "a") == [("b", 1), ("c", 1)]


def test_patents_without_publication_numbers_are_named_by_their_record_id():
    corpus = hand_corpus()
    corpus.patents["publication_number"] = None  # the short Lens form has none
    found = joint_patents(corpus, "A", "B")
    assert found["publication_number"].tolist() == ["P2", "P1"]
