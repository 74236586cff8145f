"""The applicant network's figures: node colours and captions, the note above the picture,
the node table's columns, and what the node and tie cards say."""

from __future__ import annotations

import pandas as pd
from dash import html

from app.analysis.network_view import MAX_NODES, NetworkView, strongest_ties
from app.pages.applicants.data import NetworkKey
from app.ui.charts import legend_items
from app.ui.colors import KIND_COLORS, country_color
from app.ui.countries import country_label
from app.ui.network import community_colors, drawn_ties_note, metric_columns, tie_list
from app.ui.network_explorer import NetworkWords, NodeCard, NodeTable

__all__ = [
    "COLOURS",
    "LABELS",
    "LAYOUT",
    "PAPER",
    "TABLE",
    "WORDS",
    "compares_with_paper",
    "drawing",
    "network_note",
    "node_card",
    "node_columns",
    "tie_text",
]

# What the network explorer reads here (app.ui.network_explorer.NetworkFigures).
LAYOUT = "spring"
COLOURS = {"country": "Country", "community": "Community (Louvain)", "kind": "Applicant kind"}
LABELS = None  # captions: the biggest applicants' names, or country names
PAPER = "applicants"
TABLE = NodeTable("applicants-nodes", "Nodes")
EGO_MEANING = {
    "isolate": "no joint patent with the applicants shown",
    "pendant": "one partner: the end of a chain",
    "chain": "a single chain: its partners are not tied to one another, so they reach each "
    "other only through it",
    "partial ring": "part of a ring: some of its partners are tied to one another",
    "ring": "a ring: every pair of its partners is tied, so information can go round",
}
HINT = (
    "Click a node for its patents, partners, years active, centrality and whether it sits in "
    "a chain or a ring; click a line for the joint patents behind it."
)
WORDS = NetworkWords(HINT, "Partners", "joint patent", EGO_MEANING)


def node_columns(key: NetworkKey | None) -> list[dict]:
    """The node table's columns: applicants with their country and kind, or countries."""
    if key is None or key.by == "applicants":
        first = [
            {"name": "Applicant", "id": "label"},
            {"name": "Country", "id": "country"},
            {"name": "Kind", "id": "kind"},
        ]
    else:
        first = [{"name": "Country", "id": "label"}]
    return [*first, *metric_columns("Partners (degree)", "Joint patents (weighted degree)")]


def drawing(
    view: NetworkView, key: NetworkKey, color_by: str, _labels: None
) -> tuple[dict, list, dict | None]:
    """Node colours, the legend and captions (country names for the country network)."""
    colors, entries = _colors(view, key.by, color_by)
    countries = key.by == "countries"
    captions = {n: country_label(n) for n in view.nodes.index} if countries else None
    return colors, legend_items(entries[:14], "Size: patents. Width: joint patents."), captions


def _colors(view: NetworkView, by: str, color_by: str) -> tuple[dict, list[tuple[str, str]]]:
    """Node colours and the legend entries for them."""
    nodes = view.nodes
    if by == "countries":
        color_by = "country"
        countries = pd.Series(nodes.index, index=nodes.index)
    else:
        countries = nodes["country"].astype("str")
    if color_by == "country":
        colors = {n: country_color(c) for n, c in countries.items()}
        order = countries.value_counts().index
        return colors, [(country_label(c), country_color(c)) for c in order]
    if color_by == "kind":
        kinds = nodes["kind"].astype("str")
        colors = {n: KIND_COLORS.get(k, KIND_COLORS["unknown"]) for n, k in kinds.items()}
        return colors, [
            (k, KIND_COLORS.get(k, KIND_COLORS["unknown"])) for k in kinds.value_counts().index
        ]
    return community_colors(nodes)


def compares_with_paper(key: NetworkKey) -> bool:
    """The seed paper's figures describe a network of applicants, not of countries."""
    return key.by == "applicants"


def network_note(view: NetworkView, key: NetworkKey, counts: tuple[int, int]) -> tuple[str, None]:
    """The line above the picture: its size, and why some patents make no tie."""
    nodes, ties = view.binary.nodes, view.binary.edges
    if nodes == 0:
        return "No patents match these filters. Widen the years or clear the country filter.", None
    joint, patents = counts
    what = "countries" if key.by == "countries" else "applicants"
    parts = [
        f"{nodes:,} {what}, {ties:,} ties, "
        f"{view.binary.isolates:,} isolates. {joint:,} of {patents:,} patents under "
        "these filters have two or more applicants; only those make ties."
    ]
    if view.left_out:
        parts.append(
            f" {view.left_out:,} partners with the fewest patents are left out: at most "
            f"{MAX_NODES} nodes are drawn (the node table and the files hold the same nodes)."
        )
    if key.by == "applicants" and ties == 0:
        parts.append(
            f" None of the top {key.top_n} filed together: show their direct partners, or raise N."
        )
    parts.append(drawn_ties_note(ties))
    return "".join(parts), None


def _years(profile: dict) -> str:
    if profile["first_year"] is None:
        return "–"
    return f"{profile['first_year']}–{profile['last_year']}"


def node_card(view: NetworkView, key: NetworkKey, node: str, profile: dict) -> NodeCard:
    """The card of applicant (or country) ``node``, from the graph and its ``profile``."""
    if key.by == "countries":
        return _country_card(node, profile)
    return _applicant_card(view, node, profile)


def _applicant_card(view: NetworkView, node: str, p: dict) -> NodeCard:
    attrs = view.graph.nodes[node]
    names = ", ".join(p["raw_names"]) + (
        f" (+{p['raw_name_count'] - len(p['raw_names'])} more)"
        if p["raw_name_count"] > len(p["raw_names"])
        else ""
    )
    extra = []
    hidden = [pair for pair in p["partners"] if pair[0] not in view.graph]
    if hidden:
        extra += [
            html.H4("Other co-applicants (not drawn)"),
            tie_list(hidden[:8], WORDS.tie_unit),
        ]
    return NodeCard(
        title=attrs.get("label", node),
        subtitle=[
            html.Div(
                f"{country_label(attrs.get('country', 'unknown'))} · "
                f"{attrs.get('kind', 'unknown')}",
                className="text-muted",
            )
        ],
        facts=[
            ("Patents", f"{p['patents']:,}"),
            ("Years active", _years(p)),
            ("Joint patents (any partner)", f"{p['joint_patents']:,}"),
            ("Co-applicants in the data", f"{p['co_applicants']:,}"),
        ],
        ties_heading="Partners in the network",
        ties=strongest_ties(view.graph, node),
        no_ties="None among the nodes drawn.",
        extra=[*extra, html.Div(f"Filed as: {names}", className="source-note")],
    )


def _country_card(node: str, p: dict) -> NodeCard:
    return NodeCard(
        title=country_label(node),
        facts=[
            ("Patents", f"{p['patents']:,}"),
            ("Years active", _years(p)),
            ("Applicants", f"{p['applicants']:,}"),
        ],
        ties_heading="Partner countries",
        ties=p["partners"],
        tie_label=country_label,
        no_ties="No cross-border joint patent.",
        extra=[
            html.H4("Top applicants"),
            html.Ul(
                [html.Li(f"{n} — {c} patents") for n, c in p["top_applicants"]],
                className="partner-list",
            ),
        ],
    )


def tie_text(key: NetworkKey, first: str, second: str, weight: int) -> tuple[str, str]:
    """The title and sentence of the card of a tie between two applicants (or countries)."""
    label = country_label if key.by == "countries" else str
    return (
        f"{label(first)} — {label(second)}",
        f"{weight} joint patent{'s' if weight != 1 else ''} under these filters.",
    )
