"""Networks with figures printed by UCINET itself, used as test oracles.

Sources (public UCINET 6.847/6.849 logs and fixtures kept by UCINET's author in
github.com/StephenBorgatti/xucinet, inst/goldens/):

- campnet: the arcs are read off the adjacency matrix printed in
  tests/testthat/_snaps/xblockoptimize.md (18 campers, each names 3: 54 arcs).
- g9_iso (7 ties and 3 isolates) and g9_disc (star, path, triangle) are built by
  inst/goldens/centrality/make_inputs.R; UCINET's outputs for them are in
  inst/goldens/centrality/log_make_goldens.txt and log_menu.txt.
"""

from __future__ import annotations

import networkx as nx

CAMPNET_NAMES = [
    "HOLLY", "BRAZEY", "CAROL", "PAM", "PAT", "JENNIE", "PAULINE", "ANN", "MICHAEL",
    "BILL", "LEE", "DON", "JOHN", "HARRY", "GERY", "STEVE", "BERT", "RUSS",
]  # fmt: skip
# (chooser, chosen), 1-based positions in CAMPNET_NAMES
CAMPNET_ARCS = [
    (1, 4), (1, 5), (1, 12), (2, 11), (2, 16), (2, 17), (3, 4), (3, 5), (3, 7),
    (4, 6), (4, 7), (4, 8), (5, 1), (5, 3), (5, 6), (6, 4), (6, 5), (6, 8),
    (7, 3), (7, 4), (7, 5), (8, 4), (8, 6), (8, 7), (9, 1), (9, 12), (9, 14),
    (10, 9), (10, 12), (10, 14), (11, 2), (11, 16), (11, 17), (12, 1), (12, 9), (12, 14),
    (13, 7), (13, 15), (13, 18), (14, 1), (14, 9), (14, 12), (15, 9), (15, 16), (15, 18),
    (16, 11), (16, 17), (16, 18), (17, 11), (17, 16), (17, 18), (18, 15), (18, 16), (18, 17),
]  # fmt: skip


def campnet() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(CAMPNET_NAMES)
    graph.add_edges_from((CAMPNET_NAMES[a - 1], CAMPNET_NAMES[b - 1]) for a, b in CAMPNET_ARCS)
    return graph


def numbered(n: int, edges: list[tuple[int, int]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(f"n{i}" for i in range(1, n + 1))
    graph.add_edges_from((f"n{a}", f"n{b}") for a, b in edges)
    return graph


def g9_iso() -> nx.Graph:
    """A core of seven with a chord (n2-n4) plus three isolates (make_inputs.R)."""
    return numbered(10, [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (2, 4)])


def g9_disc() -> nx.Graph:
    """Star n1-(n2..n5), path n6-n7-n8-n9, triangle n10-n11-n12 (make_inputs.R)."""
    return numbered(
        12, [(1, 2), (1, 3), (1, 4), (1, 5), (6, 7), (7, 8), (8, 9), (10, 11), (11, 12), (10, 12)]
    )
