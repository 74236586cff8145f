"""Node positions computed on the server, and cytoscape ``elements`` built from them.

The browser shows the network with cytoscape's "preset" layout, so positions are
decided here: seeded (the same graph always looks the same), and fast for a few hundred
nodes. Each connected component is laid out on its own and the components are packed
in rows, largest first, with the isolates in a grid beside them: a disconnected graph no
longer scatters its small pieces and isolates to the edges of the picture. Last, nodes
are nudged apart until no two of them, with the label cytoscape draws under each, overlap
(:func:`label_footprints`): the picture is then readable at the zoom that fits it.

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
    "LABELLED_NODES",
    "LAYOUTS",
    "cytoscape_elements",
    "label_footprints",
    "network_elements",
    "network_positions",
    "preset_positions",
]

LAYOUTS = ("spring", "kamada_kawai", "circular")
# The layout leaves room for the labels of every node of a picture of ALL_LABELLED nodes or
# fewer (a technology network labels every code), else for the LABELLED_NODES with most
# patents (a large co-applicant network labels those only).
LABELLED_NODES = 40
ALL_LABELLED = 250
# How cytoscape draws a label (app.ui.network.BASE_STYLESHEET): 12 px, wrapped at 140 px,
# 3 px under the node; and the node diameters of cytoscape_elements.
_FONT_PX = 12.0
_LABEL_WRAP_PX = 140.0
_LABEL_GAP_PX = 3.0
_NODE_SIZE = (12.0, 60.0)
# _separate checks again every pair within twice this of overlapping once a node has moved
# this far (pixels) since it last did
_NEAR_MARGIN_PX = 20.0
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
    """Pixel positions ``{node: {"x": .., "y": ..}}`` spanning a ``width`` x ``height`` box.

    ``layout``: "spring" (seeded force-directed), "kamada_kawai" (components of more than
    150 nodes fall back to spring: Kamada-Kawai takes seconds there) or "circular",
    applied to each component; components are packed largest first, isolates go in a
    grid beside them. Where nodes and their labels (``label``, sized by ``patents``:
    :func:`label_footprints`) would overlap, they are pushed apart, so a crowded drawing
    grows beyond the box (the browser fits it to its panel).

    Examples
    --------
    >>> g = nx.path_graph(3); g.add_node(9)
    >>> pos = preset_positions(g, width=200, height=100)
    >>> sorted(pos) == [0, 1, 2, 9], min(p["x"] for p in pos.values()) >= 0
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
    attributes = [graph.nodes[node] for node in nodes]
    texts = [str(attrs.get("label", node)) for node, attrs in zip(nodes, attributes, strict=True)]
    sizes = np.array([float(attrs.get("patents") or 0) for attrs in attributes])
    box = (width, height, padding)
    return _place(nodes, pairs.reshape(-1, 2), texts, sizes, layout, seed, box)


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
    frame = network.nodes.iloc[order]
    texts = (frame["label"] if "label" in frame else frame.index.to_series()).astype(str).tolist()
    sizes = frame["patents"].fillna(0).to_numpy(dtype=float) if "patents" in frame else None
    box = (width, height, padding)
    return _place([ids[i] for i in order], pairs, texts, sizes, layout, seed, box)


def _check(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")


def _place(
    nodes: list,
    pairs: np.ndarray,
    texts: list[str],
    patents: np.ndarray | None,
    layout: str,
    seed: int,
    box: tuple[float, float, float],
) -> dict:
    """Positions of ``nodes`` (sorted by name) tied by ``pairs`` (positions in ``nodes``)
    in a ``box`` (width, height, padding): each component laid out on its own, packed
    largest first, isolates in a grid beside them, then nodes with their labels (``texts``,
    nodes sized by ``patents``) pushed apart where they overlap."""
    _check(layout)
    width, height, padding = box
    where = {node: i for i, node in enumerate(nodes)}
    if patents is None:
        patents = np.zeros(len(nodes))
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
        # beside the components, in a grid with as many rows as make the whole drawing
        # the box's shape; cells wider than tall, as the labels under the nodes are, and
        # every other column half a row lower
        step_x, step_y = 1.8, 1.0
        x0 = used_width + 2 * gap if boxes else 0.0
        block = y + row_height if boxes else 0.0

        def misfit(rows: int) -> float:
            wide = x0 + math.ceil(len(isolates) / rows) * step_x
            return abs(math.log(wide / max(block, rows * step_y) / aspect))

        rows = min(range(1, len(isolates) + 1), key=misfit)
        for i, node in enumerate(isolates):
            column, row = i // rows, i % rows
            placed[node] = (x0 + column * step_x, row * step_y + (column % 2) * 0.5 * step_y)
    fitted = _fit(placed, width, height, padding)
    order = [where[node] for node in fitted]
    footprints = _footprints([texts[i] for i in order], patents[order])
    return _separate(_spread(fitted, footprints, width, height), footprints, padding)


def _spread(positions: dict, footprints: np.ndarray, width: float, height: float) -> dict:
    """``positions`` spread out evenly (about the box's centre) when the nodes and labels
    need more room than the box has: then a local push is enough to part them."""
    need = float((2 * footprints[:, 0] * (footprints[:, 1] + footprints[:, 2])).sum())
    factor = math.sqrt(need * 2.5 / max(width * height, 1.0))
    if factor <= 1:
        return positions
    cx, cy = width / 2, height / 2
    return {
        n: {"x": cx + (p["x"] - cx) * factor, "y": cy + (p["y"] - cy) * factor}
        for n, p in positions.items()
    }


def _text_width(text: str) -> float:
    """The width cytoscape gives ``text`` at the label font, roughly (CJK twice Latin)."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return ((len(text) - wide) * 0.58 + wide * 1.0) * _FONT_PX


def _label_size(text: str) -> tuple[float, float]:
    """Width and height of a label wrapped as cytoscape wraps it (explicit line breaks,
    then at the wrap width).

    >>> _label_size(""), _label_size("CATL")[1], _label_size("H01M\\nSecondary cells")[1]
    ((0.0, 0.0), 15.0, 30.0)
    """
    if not text:
        return 0.0, 0.0
    widths, lines = [], 0
    for line in text.split("\n"):
        width = _text_width(line)
        widths.append(min(width, _LABEL_WRAP_PX))
        lines += max(math.ceil(width / _LABEL_WRAP_PX), 1)
    return max(widths), lines * _FONT_PX * 1.25


def label_footprints(graph: nx.Graph, nodes: list, size_attr: str = "patents") -> np.ndarray:
    """Each node's footprint in the picture: half its width, the extent above and below its
    centre (rows of ``nodes``), the node disc with its label underneath. Labels count for
    the :data:`LABELLED_NODES` nodes with most ``size_attr`` (every node when there are
    :data:`ALL_LABELLED` or fewer), as the pictures label them.
    """
    sizes = np.array([float(graph.nodes[n].get(size_attr) or 0) for n in nodes])
    return _footprints([str(graph.nodes[n].get("label", n)) for n in nodes], sizes)


def _footprints(texts: list[str], sizes: np.ndarray) -> np.ndarray:
    """:func:`label_footprints` of nodes labelled ``texts`` and sized by ``sizes``."""
    diameters = _scaled(np.sqrt(np.maximum(sizes, 0)), *_NODE_SIZE)
    if len(texts) > ALL_LABELLED:
        order = np.argsort(-sizes, kind="stable")
        labelled = set(order[:LABELLED_NODES].tolist())
    else:
        labelled = set(range(len(texts)))
    out = np.zeros((len(texts), 3))
    for i, label in enumerate(texts):
        text = label if i in labelled else ""
        width, height = _label_size(text)
        radius = diameters[i] / 2
        gap = _LABEL_GAP_PX if text else 0.0
        out[i] = (max(radius, width / 2) + 2, radius + 2, radius + gap + height + 2)
    return out


def _sweep(xy: np.ndarray, footprints: np.ndarray, slack: float = 0.0) -> tuple[np.ndarray, ...]:
    """Pairs of nodes whose footprints overlap, or come within ``slack`` of overlapping,
    along x and y: (first, second, overlap along x, along y), ``first`` the one further
    left (the earlier in a stable sort along x).

    A sweep along x: after sorting, each node is compared with the next ones nearer along x
    than its half width, the widest half width and ``slack`` (no pair further apart can
    come that close), all at once.
    """
    half = footprints[:, 0]
    order = np.argsort(xy[:, 0], kind="stable")
    x, half_x = xy[order, 0], half[order]
    reach = half_x + (float(half.max()) if len(half) else 0.0) + slack
    # sorted positions p < q with x[q] < x[p] + reach[p]
    counts = np.maximum(np.searchsorted(x, x + reach, side="left") - np.arange(len(x)) - 1, 0)
    p = np.repeat(np.arange(len(x)), counts)
    q = p + 1 + np.arange(len(p)) - np.repeat(np.cumsum(counts) - counts, counts)
    close = x[q] - x[p] < half_x[p] + half_x[q] + slack  # the others are too far apart
    first, second = order[p[close]], order[q[close]]
    over_x, over_y = _overlap(xy, footprints, first, second)
    near = (over_x > 0.01 - slack) & (over_y > 0.01 - slack)
    return first[near], second[near], over_x[near], over_y[near]


def _overlap(
    xy: np.ndarray, footprints: np.ndarray, first: np.ndarray, second: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How much the footprints of the pairs (``first``, ``second``) overlap along x and y
    (negative: the gap between them); the same figures either way round."""
    return _overlap_of(xy, first, second, *_pair_footprints(footprints, first, second))


def _pair_footprints(footprints: np.ndarray, first: np.ndarray, second: np.ndarray) -> tuple:
    """The footprints of the two ends of each pair: half widths, extents above, below."""
    return tuple(footprints[ends, column] for column in range(3) for ends in (first, second))


def _overlap_of(xy, first, second, half_1, half_2, top_1, top_2, bottom_1, bottom_2):
    """:func:`_overlap` with the pairs' footprints (:func:`_pair_footprints`) at hand."""
    x_1, x_2, y_1, y_2 = xy[first, 0], xy[second, 0], xy[first, 1], xy[second, 1]
    over_x = np.minimum(x_1 + half_1, x_2 + half_2) - np.maximum(x_1 - half_1, x_2 - half_2)
    over_y = np.minimum(y_1 + bottom_1, y_2 + bottom_2) - np.maximum(y_1 - top_1, y_2 - top_2)
    return over_x, over_y


def _overlaps(xy: np.ndarray, footprints: np.ndarray) -> tuple[np.ndarray, ...]:
    """Pairs (i, j) of overlapping footprints and how much they overlap along x and y,
    ordered by how many nodes apart they sit in a stable sort along x, then by the first
    (``i`` the one further left).

    >>> xy = np.array([[0.0, 0.0], [4.0, 0.0], [30.0, 0.0], [8.0, 1.0]])
    >>> [a.tolist() for a in _overlaps(xy, np.full((4, 3), 3.0))]
    [[0, 1], [1, 3], [2.0, 2.0], [6.0, 5.0]]
    """
    first, second, over_x, over_y = _sweep(xy, footprints)
    return _in_sweep_order(xy, first, second, over_x, over_y)


def _in_sweep_order(xy, first, second, over_x, over_y) -> tuple[np.ndarray, ...]:
    """Overlapping pairs with the left one first, ordered as :func:`_overlaps` orders them."""
    rank = np.empty(len(xy), dtype=np.int64)
    rank[np.argsort(xy[:, 0], kind="stable")] = np.arange(len(xy))
    swap = rank[first] > rank[second]
    first, second = np.where(swap, second, first), np.where(swap, first, second)
    p, q = rank[first], rank[second]
    order = np.lexsort((p, q - p))
    return first[order], second[order], over_x[order], over_y[order]


class _NearPairs:
    """The overlapping pairs of nodes as they move, round after round (a Verlet list).

    A sweep over every node (:func:`_sweep`) finds the pairs that overlap or come within
    ``2 * margin`` of it; until some node has moved ``margin`` from where it was then, no
    other pair can overlap, so a round checks those pairs only: the same pairs, in the same
    order, as a sweep of every node each round (:func:`_overlaps`), at a fraction of the
    cost (a crowded picture takes a hundred rounds and more).
    """

    def __init__(self, footprints: np.ndarray, margin: float) -> None:
        self.footprints, self.margin = footprints, margin
        self.anchor: np.ndarray | None = None

    def overlaps(self, xy: np.ndarray) -> tuple[np.ndarray, ...]:
        if self.anchor is None or np.abs(xy - self.anchor).max() >= self.margin:
            self.anchor = xy.copy()
            self.first, self.second, *_ = _sweep(xy, self.footprints, 2 * self.margin)
            self.ends = _pair_footprints(self.footprints, self.first, self.second)
        first, second = self.first, self.second
        over_x, over_y = _overlap_of(xy, first, second, *self.ends)
        hit = np.flatnonzero((over_x > 0.01) & (over_y > 0.01))
        return _in_sweep_order(xy, first[hit], second[hit], over_x[hit], over_y[hit])


def _separate(positions: dict, footprints: np.ndarray, padding: float) -> dict:
    """``positions`` with overlapping footprints pushed apart (along the axis where they
    overlap least, half each way), then shifted back inside ``padding`` where pushed out.

    >>> pos = {"a": {"x": 0.0, "y": 0.0}, "b": {"x": 1.0, "y": 0.0}}
    >>> moved = _separate(pos, np.array([[5, 5, 5], [5, 5, 5]]), 0)
    >>> round(moved["b"]["x"] - moved["a"]["x"]) >= 10
    True
    """
    nodes = list(positions)
    xy = np.array([[positions[n]["x"], positions[n]["y"]] for n in nodes], dtype=float)
    n = len(nodes)
    # footprint centres sit below the node (the label hangs under it)
    below = (footprints[:, 2] - footprints[:, 1]) / 2
    near = _NearPairs(footprints, _NEAR_MARGIN_PX)
    for _round in range(200):
        first, second, over_x, over_y = near.overlaps(xy)
        if len(first) == 0:
            break
        # push the two apart along the line between their centres, just far enough that
        # they part along one of the axes (half each)
        dx = xy[first, 0] - xy[second, 0]
        dy = (xy[first, 1] + below[first]) - (xy[second, 1] + below[second])
        still = (np.abs(dx) < 1e-6) & (np.abs(dy) < 1e-6)
        dx[still] = np.where(first[still] > second[still], 1.0, -1.0)
        length = np.hypot(dx, dy)
        cos, sin = np.abs(dx) / length, np.abs(dy) / length
        with np.errstate(divide="ignore"):
            amount = np.minimum(
                np.where(cos > 0, over_x / cos, np.inf), np.where(sin > 0, over_y / sin, np.inf)
            )
        step = (amount / 2 + 0.5) / length
        # each node's pushes summed in the order of the pairs, firsts then seconds
        ends = np.concatenate([first, second])
        push = np.column_stack(
            [
                np.bincount(ends, np.concatenate([delta * step, -delta * step]), minlength=n)
                for delta in (dx, dy)
            ]
        )
        xy += push * 0.8
    half, top = footprints[:, 0], footprints[:, 1]
    # a drawing pushed past the box's edge comes back to it (never moved otherwise)
    xy[:, 0] += max(padding - (xy[:, 0] - half).min(), 0.0)
    xy[:, 1] += max(padding - (xy[:, 1] - top).min(), 0.0)
    return {
        node: {"x": round(float(px), 2), "y": round(float(py), 2)}
        for node, (px, py) in zip(nodes, xy, strict=True)
    }


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
) -> list[dict]:
    """Cytoscape ``elements``: nodes with ``data`` and ``position``, then edges (which ties
    a picture draws is decided before: ``app.ui.network.drawn_ties``).

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
    return _elements(nodes, edges, weights, positions, size_attr, node_size, edge_width)


def network_elements(
    network: Network,
    positions: dict,
    drawn: np.ndarray | None = None,
    size_attr: str = "patents",
    node_size: tuple[float, float] = (12, 60),
    edge_width: tuple[float, float] = (1, 10),
) -> list[dict]:
    """:func:`cytoscape_elements` of a :class:`~app.analysis.networks.Network`, read off
    its node frame and tie matrix: only the ties drawn become Python objects. ``drawn``:
    the positions of the ties to draw among the upper triangle's entries in row order (the
    graph's edge order); None: every tie.

    >>> from app.analysis.networks import Network
    >>> net = Network.from_cooccurrence(sp.csr_array(np.array([[4, 3], [3, 16]])),
    ...                                 np.array(["a", "b"]))
    >>> network_elements(net, {}) == cytoscape_elements(net.graph(), {})
    True
    """
    records = network.nodes.to_dict("records")
    nodes = list(zip(network.nodes.index.tolist(), records, strict=True))
    upper = sp.triu(network.ties, k=1, format="csr")
    chosen = np.arange(upper.nnz) if drawn is None else drawn
    rows = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))[chosen]
    ids = np.asarray(network.nodes.index.tolist(), dtype=object)
    values = upper.data[chosen].tolist()
    edges = [
        (u, v, {"weight": w})
        for u, v, w in zip(ids[rows], ids[upper.indices[chosen]], values, strict=True)
    ]
    weights = upper.data[chosen].astype(float)
    return _elements(nodes, edges, weights, positions, size_attr, node_size, edge_width)


def _elements(
    nodes: list[tuple],
    edges: list[tuple],
    weights: np.ndarray,
    positions: dict,
    size_attr: str,
    node_size: tuple[float, float],
    edge_width: tuple[float, float],
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
