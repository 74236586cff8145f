"""Network files in and out: GraphML, GEXF, Pajek, UCINET DL, CSV edge lists and matrices.

Exports return ``bytes`` (XML formats) or ``str`` (text formats) ready for a download
button; they take undirected graphs whose edges carry a numeric ``weight`` (the builders'
graphs). Node attributes that are ``None`` are left out (the XML writers refuse them),
NumPy scalars become plain numbers and anything else non-scalar becomes text.

:func:`read_network` reads any of these formats back (the metrics command's input),
choosing by extension and, failing that, by the first bytes of the file. Edge-list CSV
rows are ``source,target[,weight]``, comma, semicolon or tab separated, header optional.
Every reader raises :class:`NetworkFileError` with the file (and line, where there is
one) on bad input.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "NetworkFileError",
    "parse_dl",
    "read_edgelist_csv",
    "read_network",
    "to_edgelist_csv",
    "to_gexf",
    "to_graphml",
    "to_matrix_csv",
    "to_pajek",
    "to_ucinet_dl",
]

DL_FORMATS = ("fullmatrix", "edgelist1")


class NetworkFileError(ValueError):
    """A network file that cannot be read; the message names the file and the place."""


# ------------------------------------------------------------------------------ exports


def _plain(value):
    """An attribute value the XML writers accept (None: leave the attribute out)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _attrs(data: dict) -> dict:
    return {key: _plain(value) for key, value in data.items() if _plain(value) is not None}


def _writable(graph: nx.Graph) -> nx.Graph:
    """An undirected copy with string node ids and attributes the XML writers store (the
    graph's own attributes too: what the network is, its dataset and filters)."""
    out = nx.Graph()
    out.graph.update(_attrs(graph.graph))
    for node, data in graph.nodes(data=True):
        out.add_node(str(node), **_attrs(data))
    for u, v, data in graph.edges(data=True):
        out.add_edge(str(u), str(v), **_attrs(data))
    return out


def to_graphml(graph: nx.Graph) -> bytes:
    """GraphML (UTF-8), node and edge attributes kept.

    Examples
    --------
    >>> g = nx.Graph(); g.add_node("a", country=None, patents=3); g.add_edge("a", "b", weight=2)
    >>> sorted(nx.read_graphml(io.BytesIO(to_graphml(g))).edges(data="weight"))
    [('a', 'b', 2)]
    """
    buffer = io.BytesIO()
    nx.write_graphml(_writable(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 (UTF-8), for Gephi; node ``label`` becomes Gephi's label; the graph's own
    attributes are written into the file's ``<meta>`` description ("key: value" lines).

    Examples
    --------
    >>> g = nx.Graph([("a", "b")]); g.graph["dataset"] = "Lens & co"
    >>> b"<description>dataset: Lens &amp; co</description>" in to_gexf(g)
    True
    """
    writable = _writable(graph)
    about = "\n".join(f"{key}: {value}" for key, value in writable.graph.items())
    writable.graph.clear()  # networkx's GEXF writer would take them for its own settings
    buffer = io.BytesIO()
    nx.write_gexf(writable, buffer, encoding="utf-8")
    content = buffer.getvalue()
    if about:
        description = f"<description>{xml_escape(about)}</description>".encode()
        content = content.replace(b"</meta>", description + b"\n  </meta>", 1)
    return content


def _one_line(value) -> str:
    return " ".join(str(value).split())


def _label(graph: nx.Graph, node) -> str:
    return str(graph.nodes[node].get("label", node))


def _quoted(text: str) -> str:
    # Pajek and DL both delimit labels with double quotes and have no escape for them
    return '"' + str(text).replace('"', "'").replace("\n", " ") + '"'


def _weight(data: dict, weight: str | None):
    value = 1 if weight is None else data.get(weight, 1)
    value = _plain(value)
    return 1 if value is None else value


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def to_pajek(graph: nx.Graph, weight: str | None = "weight") -> str:
    """Pajek ``.net``: ``*Vertices`` with quoted labels, ``*Edges`` with values; the graph's
    own attributes (what the network is, its dataset and filters) as ``%`` comment lines.

    Examples
    --------
    >>> print(to_pajek(nx.Graph([("a", "b", {"weight": 2})])), end="")
    *Vertices 2
    1 "a"
    2 "b"
    *Edges
    1 2 2
    """
    index = {node: i for i, node in enumerate(graph, start=1)}
    lines = [f"% {key}: {_one_line(value)}" for key, value in _attrs(graph.graph).items()]
    lines.append(f"*Vertices {len(index)}")
    lines += [f"{i} {_quoted(_label(graph, node))}" for node, i in index.items()]
    lines.append("*Edges")
    lines += [
        f"{index[u]} {index[v]} {_number(_weight(data, weight))}"
        for u, v, data in graph.edges(data=True)
    ]
    return "\n".join(lines) + "\n"


def to_ucinet_dl(graph: nx.Graph, weight: str | None = "weight", fmt: str = "fullmatrix") -> str:
    """UCINET DL, ``fmt`` "fullmatrix" (the default) or "edgelist1", labels quoted.

    Edge lists list each undirected tie in both directions, so UCINET reads back the same
    symmetric matrix as from the full matrix.

    Examples
    --------
    >>> print(to_ucinet_dl(nx.Graph([("a", "b", {"weight": 2})])), end="")
    dl n=2 format=fullmatrix
    labels:
    "a","b"
    data:
    0 2
    2 0
    """
    if fmt not in DL_FORMATS:
        raise ValueError(f"unknown DL format {fmt!r}; known: {', '.join(DL_FORMATS)}")
    nodes = list(graph)
    lines = [
        f"dl n={len(nodes)} format={fmt}",
        "labels:",
        ",".join(_quoted(_label(graph, node)) for node in nodes),
        "data:",
    ]
    if fmt == "fullmatrix":
        matrix = _matrix(graph, weight)
        lines += [" ".join(_number(x) for x in row) for row in matrix]
    else:
        index = {node: i for i, node in enumerate(nodes, start=1)}
        for u, v, data in graph.edges(data=True):
            value = _number(_weight(data, weight))
            lines.append(f"{index[u]} {index[v]} {value}")
            if u != v:
                lines.append(f"{index[v]} {index[u]} {value}")
    return "\n".join(lines) + "\n"


def _matrix(graph: nx.Graph, weight: str | None) -> np.ndarray:
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    matrix = np.zeros((len(nodes), len(nodes)))
    for u, v, data in graph.edges(data=True):
        value = float(_weight(data, weight))
        matrix[index[u], index[v]] = value
        matrix[index[v], index[u]] = value
    return matrix


def to_edgelist_csv(graph: nx.Graph, weight: str | None = "weight") -> str:
    """CSV with header ``source,target,weight``, one row per tie, node labels as names.

    Examples
    --------
    >>> print(to_edgelist_csv(nx.Graph([("a", "b", {"weight": 2})])), end="")
    source,target,weight
    a,b,2
    """
    rows = [
        (_label(graph, u), _label(graph, v), _number(_weight(data, weight)))
        for u, v, data in graph.edges(data=True)
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "weight"])
    writer.writerows(rows)
    return out.getvalue()


def to_matrix_csv(graph: nx.Graph, weight: str | None = "weight") -> str:
    """CSV adjacency matrix labelled on both axes (zero diagonal unless a self-loop).

    Examples
    --------
    >>> print(to_matrix_csv(nx.Graph([("a", "b", {"weight": 2})])), end="")
    ,a,b
    a,0,2
    b,2,0
    """
    labels = [_label(graph, node) for node in graph]
    frame = pd.DataFrame(_matrix(graph, weight), index=labels, columns=labels)
    frame = frame.map(lambda x: int(x) if float(x).is_integer() else x)
    return frame.to_csv(lineterminator="\n")


# ------------------------------------------------------------------------------ readers

_HEADER_NAMES = {"source", "target", "from", "to", "src", "dst", "node1", "node2", "id1", "id2"}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_edgelist_csv(text: str, name: str = "<csv>") -> nx.DiGraph:
    """Arcs from ``source,target[,weight]`` rows; repeated rows add up their weights.

    The first row is a header when its third field is not a number or its first two
    are column names such as source/target or from/to. Rows are directed arcs as
    written; the statistics symmetrise them (by maximum).

    Examples
    --------
    >>> g = read_edgelist_csv("from;to;w\\na;b;2\\na;b;1\\nb;c;0.5\\n")
    >>> sorted(g.edges(data="weight"))
    [('a', 'b', 3.0), ('b', 'c', 0.5)]
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise NetworkFileError(f"{name}: empty file, no edges")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    first = [field.strip() for field in rows[0]]
    header = (len(first) >= 3 and not _is_number(first[2])) or (
        len(first) >= 2 and {first[0].lower(), first[1].lower()} <= _HEADER_NAMES
    )
    graph = nx.DiGraph()
    for number, row in enumerate(rows[1:] if header else rows, start=2 if header else 1):
        fields = [field.strip() for field in row]
        if len(fields) < 2 or not fields[0] or not fields[1]:
            raise NetworkFileError(f"{name}, line {number}: expected source,target[,weight]")
        value = 1.0
        if len(fields) >= 3 and fields[2]:
            if not _is_number(fields[2]):
                raise NetworkFileError(
                    f"{name}, line {number}, weight: {fields[2]!r} is not a number"
                )
            value = float(fields[2])
        u, v = fields[0], fields[1]
        previous = graph.edges[u, v]["weight"] if graph.has_edge(u, v) else 0.0
        graph.add_edge(u, v, weight=previous + value)
    if graph.number_of_edges() == 0:
        raise NetworkFileError(f"{name}: a header and no edges")
    return graph


_DL_TOKEN = re.compile(r'"[^"]*"|[^\s,"]+')


def _dl_labels(text: str) -> list[str]:
    return [token.strip('"').strip() for token in _DL_TOKEN.findall(text)]


def parse_dl(text: str, name: str = "<dl>") -> nx.DiGraph:
    """A UCINET DL file: formats fullmatrix and edgelist1, one-mode, one matrix.

    Labels come from ``labels:`` (or ``row labels:``), or are embedded (``labels
    embedded``); without labels nodes are numbered 1..n. Cells equal to 0 are no tie.

    Examples
    --------
    >>> text = 'DL N=3\\nFORMAT = FULLMATRIX\\nLABELS:\\n"a b",c,d\\nDATA:\\n'
    >>> g = parse_dl(text + '0 1 0\\n1 0 2\\n0 2 0\\n')
    >>> sorted(g.edges(data="weight"))
    [('a b', 'c', 1.0), ('c', 'a b', 1.0), ('c', 'd', 2.0), ('d', 'c', 2.0)]
    """
    match = re.search(r"^\s*data\s*:", text, flags=re.IGNORECASE | re.MULTILINE)
    if not re.match(r"\s*dl\b", text, flags=re.IGNORECASE) or not match:
        raise NetworkFileError(f"{name}: not a UCINET DL file (needs 'dl' ... 'data:')")
    head, data = text[: match.start()], text[match.end() :]
    settings = {
        key.lower(): value.strip('"').lower()
        for key, value in re.findall(r"\b(\w+)\s*=\s*(\"[^\"]*\"|[\w.]+)", head)
    }
    if "nr" in settings or "nc" in settings:
        raise NetworkFileError(f"{name}: two-mode DL data (nr/nc) is not a network of one mode")
    if settings.get("nm", "1") != "1":
        raise NetworkFileError(f"{name}: several matrices (nm={settings['nm']}); give one")
    try:
        n = int(settings["n"])
    except (KeyError, ValueError):
        raise NetworkFileError(f"{name}: the DL header gives no node count n=") from None
    fmt = settings.get("format", "fullmatrix")
    if fmt not in DL_FORMATS:
        raise NetworkFileError(
            f"{name}: DL format {fmt!r} not supported (use fullmatrix or edgelist1)"
        )
    embedded = re.search(r"labels\s+embedded", head, flags=re.IGNORECASE) is not None
    labels = None
    block = re.search(
        r"^\s*(?:row\s+)?labels\s*:\s*(.*?)(?=^\s*(?:col(?:umn)?\s+labels|data)\s*:|\Z)",
        head,
        flags=re.IGNORECASE | re.MULTILINE | re.DOTALL,
    )
    if block:
        labels = _dl_labels(block.group(1))
        if len(labels) != n:
            raise NetworkFileError(f"{name}: {len(labels)} labels for n={n} nodes")
    lines = [line for line in data.splitlines() if line.strip()]
    graph = nx.DiGraph()
    if fmt == "fullmatrix":
        _dl_matrix(graph, lines, n, labels, embedded, name)
    else:
        _dl_edgelist(graph, lines, n, labels, embedded, name)
    return graph


def _dl_matrix(graph, lines, n, labels, embedded, name) -> None:
    if embedded:
        labels = _dl_labels(lines[0]) if lines else []
        lines = lines[1:]
    labels = labels or [str(i) for i in range(1, n + 1)]
    graph.add_nodes_from(labels)
    tokens = []
    for line in lines:
        parts = _DL_TOKEN.findall(line)
        tokens.extend(parts[1:] if embedded else parts)
    if len(tokens) != n * n:
        raise NetworkFileError(f"{name}: the matrix has {len(tokens)} cells, expected {n}x{n}")
    for cell, token in enumerate(tokens):
        if not _is_number(token):
            raise NetworkFileError(f"{name}, data row {cell // n + 1}: {token!r} is not a number")
        value = float(token)
        if value != 0:
            graph.add_edge(labels[cell // n], labels[cell % n], weight=value)


def _dl_edgelist(graph, lines, n, labels, embedded, name) -> None:
    labels = labels or [str(i) for i in range(1, n + 1)]
    if not embedded:
        graph.add_nodes_from(labels)
    for number, line in enumerate(lines, start=1):
        parts = [token.strip('"') for token in _DL_TOKEN.findall(line)]
        if len(parts) < 2:
            raise NetworkFileError(f"{name}, data line {number}: expected 'from to [value]'")
        value = float(parts[2]) if len(parts) > 2 and _is_number(parts[2]) else 1.0
        ends = []
        for part in parts[:2]:
            if embedded:
                ends.append(part)
            elif part.isdigit() and 1 <= int(part) <= n:
                ends.append(labels[int(part) - 1])
            else:
                raise NetworkFileError(f"{name}, data line {number}: node {part!r} not in 1..{n}")
        if value != 0:
            graph.add_edge(ends[0], ends[1], weight=value)


def _sniff(head: str) -> str:
    text = head.lstrip("\ufeff").lstrip().lower()
    if text.startswith("<"):
        if "<graphml" in text:
            return "graphml"
        if "<gexf" in text:
            return "gexf"
        return "xml"
    if text.startswith(("*vertices", "*network", "*arcs", "*edges")):
        return "pajek"
    if re.match(r"dl\b", text):
        return "dl"
    return "csv"


_EXTENSIONS = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".net": "pajek",
    ".paj": "pajek",
    ".dl": "dl",
    ".csv": "csv",
    ".tsv": "csv",
}


def read_network(path: str | Path) -> nx.Graph:
    """Read a network file of any supported format; raise :class:`NetworkFileError`.

    The format comes from the extension (.graphml, .gexf, .net/.paj, .dl, .csv/.tsv),
    else from the content. Directed files come back directed, multigraphs as
    multigraphs: :func:`app.analysis.metrics.tie_graph` decides what a tie is.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NetworkFileError(f"{path}: cannot open ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    kind = _EXTENSIONS.get(path.suffix.lower()) or _sniff(text[:2000])
    if kind == "csv" and _sniff(text[:2000]) != "csv":
        kind = _sniff(text[:2000])
    try:
        if kind == "graphml":
            return nx.read_graphml(io.BytesIO(raw))
        if kind == "gexf":
            return nx.read_gexf(io.BytesIO(raw))
        if kind == "pajek":
            return nx.parse_pajek(text.splitlines())
        if kind == "dl":
            return parse_dl(text, name=str(path))
        if kind == "csv":
            return read_edgelist_csv(text, name=str(path))
    except NetworkFileError:
        raise
    except Exception as exc:  # the parsers' own errors vary by library; name the file
        raise NetworkFileError(f"{path}: not a readable {kind} network ({exc})") from None
    raise NetworkFileError(f"{path}: unknown network format")
