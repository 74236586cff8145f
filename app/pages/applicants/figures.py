"""The applicant network's figures: node colours and captions, the note above the picture,
the node table's columns, and what the node and tie cards say, in the request's language.

Module constants are message ids (``N_``); the network explorer and the controls show them
through ``_()``.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from app.analysis.network_view import MAX_NODES, NetworkView, strongest_ties
from app.i18n import N_, _, format_int, ngettext
from app.pages.applicants.data import NetworkKey
from app.store.knowledge import applicant_display_name
from app.ui.charts import legend_items
from app.ui.colors import KIND_COLORS, country_color
from app.ui.countries import country_label
from app.ui.kinds import kind_label
from app.ui.network import community_colors, metric_columns
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
COLOURS = {
    "country": N_("Country"),
    "community": N_("Community (Louvain)"),
    "kind": N_("Applicant kind"),
}
LABELS = None  # captions: the biggest applicants' names, or country names
PAPER = "applicants"
TABLE = NodeTable("applicants-nodes", N_("Nodes"))
EGO_MEANING = {
    "isolate": N_("no joint patent with the applicants shown"),
    "pendant": N_("one partner: the end of a chain"),
    "chain": N_(
        "a single chain: its partners are not tied to one another, so they reach each other "
        "only through it"
    ),
    "partial ring": N_("part of a ring: some of its partners are tied to one another"),
    "ring": N_("a ring: every pair of its partners is tied, so information can go round"),
}
HINT = N_(
    "Click a node for its patents, partners, years active, centrality and whether it sits in "
    "a chain or a ring; click a line for the joint patents behind it."
)
WORDS = NetworkWords(
    HINT, N_("Partners"), N_("joint patent"), EGO_MEANING, tie_value=N_("Joint patents")
)


def node_columns(key: NetworkKey | None) -> list[dict]:
    """The node table's columns: applicants with their country and kind, or countries."""
    if key is None or key.by == "applicants":
        first = [
            {"name": _("Applicant"), "id": "label"},
            {"name": _("Country"), "id": "country_name"},
            {"name": _("Kind"), "id": "kind_name"},
        ]
    else:
        first = [{"name": _("Country"), "id": "label"}]
    degrees = (_("Partners (degree)"), _("Joint patents (weighted degree)"))
    return [*first, *metric_columns(*degrees)]


def drawing(
    view: NetworkView, key: NetworkKey, color_by: str, _labels: None
) -> tuple[dict, list, dict | None]:
    """Node colours, the legend and captions (country names for the country network)."""
    colors, entries = _colors(view, key.by, color_by)
    countries = key.by == "countries"
    captions = {n: country_label(n) for n in view.nodes.index} if countries else None
    note = _("Size: patents. Width: joint patents.")
    return colors, legend_items(entries[:14], note), captions


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
            (kind_label(k), KIND_COLORS.get(k, KIND_COLORS["unknown"]))
            for k in kinds.value_counts().index
        ]
    return community_colors(nodes)


def compares_with_paper(key: NetworkKey) -> bool:
    """The seed paper's figures describe a network of applicants, not of countries."""
    return key.by == "applicants"


def network_note(view: NetworkView, key: NetworkKey, counts: tuple[int, int]) -> tuple[str, None]:
    """The line above the picture: its size, and why some patents make no tie."""
    nodes, ties = view.binary.nodes, view.binary.edges
    if nodes == 0:
        return _(
            "No patents match these filters. Widen the years or clear the country filter."
        ), None
    joint, patents = counts
    size = {
        "nodes": format_int(nodes),
        "ties": format_int(ties),
        "isolates": format_int(view.binary.isolates),
    }
    if key.by == "countries":
        parts = [_("{nodes} countries, {ties} ties, {isolates} isolates.").format(**size)]
    else:
        parts = [_("{nodes} applicants, {ties} ties, {isolates} isolates.").format(**size)]
    parts.append(
        _(
            "{joint} of {patents} patents under these filters have two or more applicants; "
            "only those make ties."
        ).format(joint=format_int(joint), patents=format_int(patents))
    )
    if view.left_out:
        parts.append(
            _(
                "{left_out} partners with the fewest patents are left out: at most {most} "
                "nodes are drawn (the node table and the files hold the same nodes)."
            ).format(left_out=format_int(view.left_out), most=format_int(MAX_NODES))
        )
    if key.by == "applicants" and ties == 0:
        parts.append(
            _("None of the top {n} filed together: show their direct partners, or raise N.").format(
                n=key.top_n
            )
        )
    return " ".join(part for part in parts if part), None


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
    names = ", ".join(p["raw_names"])
    more = p["raw_name_count"] - len(p["raw_names"])
    extra = []
    hidden = [pair for pair in p["partners"] if pair[0] not in view.graph]
    if hidden:
        extra += [
            html.H4(_("Other co-applicants (not drawn)")),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(applicant_display_name(name), className="data-value"),
                            " — ",
                            _joint_patents(count),
                        ]
                    )
                    for name, count in hidden[:8]
                ],
                className="partner-list",
            ),
        ]
    filed_as = [
        _("Filed as:"),
        " ",
        html.Span(names, className="data-value"),
    ]
    if more > 0:
        filed_as.append(" " + _("(and {n} more spellings)").format(n=format_int(more)))
    title = attrs.get("label", node)
    return NodeCard(
        title=title,
        subtitle=[
            html.Div(
                f"{country_label(attrs.get('country', 'unknown'))} · "
                f"{kind_label(attrs.get('kind', 'unknown'))}",
                className="text-muted",
            ),
            *([html.Div(node, className="data-value text-muted")] if title != node else []),
        ],
        facts=[
            (_("Patents"), format_int(p["patents"])),
            (_("Years active"), _years(p)),
            (_("Joint patents (any partner)"), format_int(p["joint_patents"])),
            (_("Co-applicants in the data"), format_int(p["co_applicants"])),
        ],
        ties_heading=_("Partners in the network"),
        ties=strongest_ties(view.graph, node),
        no_ties=_("None among the nodes drawn."),
        extra=[*extra, html.Div(filed_as, className="source-note")],
        tie_label=applicant_display_name,
    )


def _joint_patents(count: int) -> str:
    return ngettext("{n} joint patent", "{n} joint patents", count).format(n=format_int(count))


def _country_card(node: str, p: dict) -> NodeCard:
    return NodeCard(
        title=country_label(node),
        facts=[
            (_("Patents"), format_int(p["patents"])),
            (_("Years active"), _years(p)),
            (_("Applicants"), format_int(p["applicants"])),
        ],
        ties_heading=_("Partner countries"),
        ties=p["partners"],
        tie_label=country_label,
        no_ties=_("No cross-border joint patent."),
        extra=[
            html.H4(_("Top applicants")),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(applicant_display_name(name), className="data-value"),
                            " — ",
                            ngettext("{n} patent", "{n} patents", count).format(
                                n=format_int(count)
                            ),
                        ]
                    )
                    for name, count in p["top_applicants"]
                ],
                className="partner-list",
            ),
        ],
    )


def tie_text(key: NetworkKey, first: str, second: str, weight: int) -> tuple[html.Span, str]:
    """The title (two names, marked as data) and sentence of the card of a tie between two
    applicants (or countries)."""
    label = country_label if key.by == "countries" else applicant_display_name
    sentence = ngettext(
        "{n} joint patent under these filters.", "{n} joint patents under these filters.", weight
    ).format(n=format_int(weight))
    return html.Span(f"{label(first)} — {label(second)}", className="data-value"), sentence
