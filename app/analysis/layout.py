"""Node positions computed on the server, and cytoscape ``elements`` built from them.

The browser shows the network with cytoscape's "preset" layout, so positions are
decided here: seeded (the same graph always looks the same), and fast for a few hundred
nodes. Each connected component is laid out on its own and the components are packed
in rows, largest first, with the isolates in a grid underneath: a disconnected graph no
longer scatters its small pieces and isolates to the edges of the picture.

Everything here is plain data (dicts and lists); nothing imports Dash.
"""

from __future__ import annotations

import math

import igraph
import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from app.analysis.metrics import igraph_seeded
from app.analysis.networks import Network

__all__ = [
    "LAYOUTS",
    "cytoscape_elements",
    "network_elements",
    "network_positions",
    "preset_positions",
]

LAYOUTS = ("spring", "kamada_kawai", "circular")
# Components larger than this get the spring layout even when Kamada-Kawai is asked for.
_KAMADA_KAWAI_MAX = 150


def _unit_layout(nodes: list, edges: np.ndarray, layout: str, seed: int) -> np.ndarray:
    """Positions of ``nodes`` (joined by ``edges``, pairs of positions in ``nodes``)
    scaled into [0, 1]^2."""
    n = len(nodes)
    if n == 1:
        return np.array([[0.5, 0.5]])
    if layout == "circular":
        small = nx.Graph()
        small.add_nodes_from(range(n))
        small.add_edges_from(edges.tolist())
        pos = nx.circular_layout(small)
        xy = np.array([pos[i] for i in range(n)], dtype=float)
    else:  # Kamada-Kawai's O(n^2) optimisation takes seconds on large components
        xy = _forces(n, edges, seed, layout if n <= _KAMADA_KAWAI_MAX else "spring")
    xy -= xy.min(axis=0)
    span = xy.max(axis=0)
    span[span == 0] = 1.0
    xy /= span.max()
    return xy + (1.0 - xy.max(axis=0)) / 2  # centre the shorter side


def _forces(n: int, edges: np.ndarray, seed: int, layout: str) -> np.ndarray:
    """Force-directed positions from seeded starting points: "spring" (Fruchterman-
    Reingold) or "kamada_kawai".

    igraph's C implementations: milliseconds where networkx's took a second and more (500
    nodes spring, 50 nodes Kamada-Kawai). Same seed and graph, same picture. Tie values do
    not pull harder: strong partners would pile onto each other, and edge width shows the
    value anyway.
    """
    start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)).tolist()
    graph = igraph.Graph(n=n, edges=edges.tolist())
    with igraph_seeded(seed):
        if layout == "kamada_kawai":
            found = graph.layout_kamada_kawai(seed=start)
        else:
            found = graph.layout_fruchterman_reingold(seed=start, niter=60)
    return np.array(found.coords)


def preset_positions(
    graph: nx.Graph,
    layout: str = "spring",
    seed: int = 0,
    width: float = 800,
    height: float = 600,
    padding: float = 30,
) -> dict:
    """Pixel positions ``{node: {"x": .., "y": ..}}`` inside a ``width`` x ``height`` box.

    ``layout``: "spring" (seeded force-directed), "kamada_kawai" (components of more than
    150 nodes fall back to spring: Kamada-Kawai takes seconds there) or "circular",
    applied to each component; components are packed largest first, isolates go in a
    grid below.

    Examples
    --------
    >>> g = nx.path_graph(3); g.add_node(9)
    >>> pos = preset_positions(g, width=200, height=100)
    >>> sorted(pos) == [0, 1, 2, 9], all(0 <= p["x"] <= 200 and 0 <= p["y"] <= 100
    ...                                   for p in pos.values())
    (True, True)
    >>> pos == preset_positions(g, width=200, height=100)
    True
    """
    if graph.number_of_nodes() == 0:
        _check(layout)
        return {}
    # nodes in a fixed (sorted) order, so layouts do not depend on history
    nodes = sorted(graph, key=str)
    where = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(where[u], where[v]) for u, v in graph.edges() if u != v], dtype=np.int64)
    return _place(nodes, pairs.reshape(-1, 2), layout, seed, width, height, padding)


def network_positions(
    network: Network,
    layout: str = "spring",
    seed: int = 0,
    width: float = 800,
    height: float = 600,
    padding: float = 30,
) -> dict:
    """:func:`preset_positions` of a :class:`~app.analysis.networks.Network` (the same
    positions as for its graph), read off its tie matrix instead of a graph's edges.

    >>> from app.analysis.networks import Network
    >>> net = Network.from_cooccurrence(sp.csr_array(np.eye(3)), np.array(["a", "b", "c"]))
    >>> network_positions(net, width=200, height=100) == preset_positions(net.graph(), width=200,
    ...                                                                   height=100)
    True
    """
    ids = network.nodes.index.tolist()
    if not ids:
        _check(layout)
        return {}
    order = sorted(range(len(ids)), key=lambda i: str(ids[i]))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    upper = sp.triu(network.ties, k=1).tocoo()
    pairs = np.column_stack([rank[upper.row], rank[upper.col]])
    return _place([ids[i] for i in order], pairs, layout, seed, width, height, padding)


def _check(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")


def _place(
    nodes: list,
    pairs: np.ndarray,
    layout: str,
    seed: int,
    width: float,
    height: float,
    padding: float,
) -> dict:
    """Positions of ``nodes`` (sorted by name) tied by ``pairs`` (positions in ``nodes``):
    each component laid out on its own, packed largest first, isolates in a grid below."""
    _check(layout)
    # undirected, once, in (first, second) order: as one integer each (np.unique with axis=0
    # sorts rows as records, ten times slower)
    ends = np.sort(pairs, axis=1).astype(np.int64)
    keys = np.unique(ends[:, 0] * len(nodes) + ends[:, 1])
    pairs = np.column_stack(np.divmod(keys, len(nodes)))
    adjacency = sp.coo_array(
        (np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(nodes), len(nodes))
    )
    _, component = csgraph.connected_components(adjacency, directed=False)
    sizes = np.bincount(component)
    parts = sorted(
        (np.flatnonzero(component == c) for c in range(len(sizes)) if sizes[c] > 1),
        key=lambda members: (-len(members), str(nodes[members[0]])),
    )
    isolates = [nodes[i] for i in np.flatnonzero(sizes[component] == 1)]

    # boxes: (nodes, unit positions, side); a component's side grows with sqrt(size)
    boxes = []
    for members in parts:
        local = np.full(len(nodes), -1)
        local[members] = np.arange(len(members))
        edges = local[pairs[local[pairs[:, 0]] >= 0]]
        names = [nodes[i] for i in members]
        boxes.append((names, _unit_layout(names, edges, layout, seed), math.sqrt(len(members))))
    placed: dict = {}
    gap = 0.6
    aspect = max(width / height, 0.25)
    stretch = math.sqrt(aspect)  # boxes take the picture's shape: wide pictures, wide boxes
    total_area = sum((side + gap) ** 2 for *_, side in boxes) + len(isolates) * 1.5
    widest = max((side * stretch for *_, side in boxes), default=1.0)
    row_width = max(math.sqrt(total_area * aspect) * 1.25, widest)
    x = y = row_height = used_width = 0.0
    for nodes, xy, side in boxes:
        box_w, box_h = side * stretch, side / stretch
        if x > 0 and x + box_w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, (px, py) in zip(nodes, xy, strict=True):
            placed[node] = (x + px * box_w, y + py * box_h)
        x += box_w + gap
        used_width = max(used_width, x - gap)
        row_height = max(row_height, box_h)
    if isolates:
        # one unit apart, every other column half a unit lower: the labels drawn under
        # neighbouring isolates then sit at different heights instead of running together
        y = y + row_height + (gap if boxes else 0.0)
        step = 1.0
        width_for_grid = used_width if boxes else math.sqrt(len(isolates) * aspect) * step
        cols = max(int(width_for_grid / step) + 1, 1)
        for i, node in enumerate(isolates):
            column, row = i % cols, i // cols
            placed[node] = (column * step, y + row * 1.5 * step + (column % 2) * 0.5 * step)
    return _fit(placed, width, height, padding)


def _fit(placed: dict, width: float, height: float, padding: float) -> dict:
    """Scale positions uniformly into the pixel box (keeping proportions), centred."""
    xy = np.array(list(placed.values()), dtype=float)
    low = xy.min(axis=0)
    span = xy.max(axis=0) - low
    inner = np.array([max(width - 2 * padding, 1.0), max(height - 2 * padding, 1.0)])
    scale = float(np.min(np.where(span > 0, inner / np.where(span > 0, span, 1), np.inf)))
    if not math.isfinite(scale):
        scale = 1.0
    offset = padding + (inner - span * scale) / 2
    out = {}
    for node, (px, py) in placed.items():
        out[node] = {
            "x": round(float((px - low[0]) * scale + offset[0]), 2),
            "y": round(float((py - low[1]) * scale + offset[1]), 2),
        }
    return out


def _scaled(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map values onto [low, high] linearly (all equal: the middle)."""
    if len(values) == 0:
        return values
    span = values.max() - values.min()
    if span == 0:
        return np.full(len(values), (low + high) / 2)
    return low + (values - values.min()) / span * (high - low)


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def cytoscape_elements(
    graph: nx.Graph,
    positions: dict,
    size_attr: str = "patents",
    weight: str = "weight",
    node_size: tuple[float, float] = (12, 60),
    edge_width: tuple[float, float] = (1, 10),
    max_edges: int | None = None,
) -> list[dict]:
    """Cytoscape ``elements``: nodes with ``data`` and ``position``, then edges.

    ``max_edges``: draw only that many edges, the strongest (equal weights: in the
    graph's order); every node is drawn. 500 co-applicants can share 30,000 ties, which
    is megabytes for the browser and a hairball on screen.

    Node ``data`` holds ``id`` (the node as text), ``label`` and every node attribute,
    plus ``size`` in pixels: node area grows with ``size_attr`` (diameter with its square
    root), within ``node_size``. Edge ``data`` holds ``id``, ``source``, ``target``,
    ``weight`` and ``width`` in pixels, linear in the weight within ``edge_width``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", patents=4); g.add_node("b", patents=16); g.add_edge("a", "b", weight=3)
    >>> els = cytoscape_elements(g, {"a": {"x": 0, "y": 0}, "b": {"x": 10, "y": 0}})
    >>> [e["data"]["size"] for e in els[:2]], els[2]["data"]["source"], els[2]["data"]["width"]
    ([12.0, 60.0], 'a', 5.5)
    """
    nodes = [(node, graph.nodes[node]) for node in graph]
    edges = list(graph.edges(data=True))
    weights = np.array([float(d.get(weight, 1) or 0) for *_, d in edges])
    return _elements(nodes, edges, weights, positions, size_attr, node_size, edge_width, max_edges)


def network_elements(
    network: Network,
    positions: dict,
    size_attr: str = "patents",
    node_size: tuple[float, float] = (12, 60),
    edge_width: tuple[float, float] = (1, 10),
    max_edges: int | None = None,
) -> list[dict]:
    """:func:`cytoscape_elements` of a :class:`~app.analysis.networks.Network` (the same
    elements as for its graph, but for which of equally strong ties ``max_edges`` keeps),
    read off its node frame and tie matrix: only the ties drawn become Python objects.
    Ties come in row order (the ties of the network's first nodes first), so of equally
    strong ties those of the first nodes (the top applicants, the top codes) are drawn.

    >>> from app.analysis.networks import Network
    >>> net = Network.from_cooccurrence(sp.csr_array(np.array([[4, 3], [3, 16]])),
    ...                                 np.array(["a", "b"]))
    >>> network_elements(net, {}) == cytoscape_elements(net.graph(), {})
    True
    """
    records = network.nodes.to_dict("records")
    nodes = list(zip(network.nodes.index.tolist(), records, strict=True))
    upper = sp.triu(network.ties, k=1, format="csr")
    weights = upper.data.astype(float)
    chosen = np.arange(len(weights))
    if max_edges is not None and len(weights) > max_edges:
        chosen = np.sort(np.argsort(-weights, kind="stable")[:max_edges])
    rows = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))[chosen]
    ids = np.asarray(network.nodes.index.tolist(), dtype=object)
    values = upper.data[chosen].tolist()
    edges = [
        (u, v, {"weight": w})
        for u, v, w in zip(ids[rows], ids[upper.indices[chosen]], values, strict=True)
    ]
    return _elements(
        nodes, edges, weights[chosen], positions, size_attr, node_size, edge_width, None
    )


def _elements(
    nodes: list[tuple],
    edges: list[tuple],
    weights: np.ndarray,
    positions: dict,
    size_attr: str,
    node_size: tuple[float, float],
    edge_width: tuple[float, float],
    max_edges: int | None,
) -> list[dict]:
    """Elements of ``nodes`` ((node, attributes)) and ``edges`` ((u, v, attributes), with
    their ``weights``): see :func:`cytoscape_elements`."""
    sizes = np.array([float(attrs.get(size_attr) or 0) for _, attrs in nodes])
    diameters = _scaled(np.sqrt(np.maximum(sizes, 0)), *node_size)
    elements = []
    for (node, attrs), diameter in zip(nodes, diameters, strict=True):
        data = {key: _jsonable(value) for key, value in attrs.items()}
        data.update({"id": str(node), "size": round(float(diameter), 2)})
        data.setdefault("label", str(node))
        element = {"data": data}
        if node in positions:
            element["position"] = {"x": positions[node]["x"], "y": positions[node]["y"]}
        elements.append(element)
    if max_edges is not None and len(edges) > max_edges:
        strongest = np.sort(np.argsort(-weights, kind="stable")[:max_edges])
        edges, weights = [edges[i] for i in strongest], weights[strongest]
    widths = _scaled(weights, *edge_width)
    for (u, v, d), w, px in zip(edges, weights, widths, strict=True):
        data = {key: _jsonable(value) for key, value in d.items()}
        data.update(
            {
                "id": f"{u}--{v}",
                "source": str(u),
                "target": str(v),
                "weight": int(w) if float(w).is_integer() else float(w),
                "width": round(float(px), 2),
            }
        )
        elements.append({"data": data})
    return elements
