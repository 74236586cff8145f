"""The technology network's figures: node colours and captions, the note, the message when
there are no codes, the co-occurrence heatmap, the code table's columns and the cards."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from app.analysis.network_view import NetworkView, strongest_ties
from app.i18n import N_, _, current_language, format_int, ngettext
from app.pages.technology.data import NetworkKey
from app.ui import badges
from app.ui.charts import legend_items
from app.ui.colors import SECTION_COLORS
from app.ui.network import community_colors, metric_columns
from app.ui.network_explorer import NetworkWords, NodeCard, NodeTable

__all__ = [
    "CODES_LABELS",
    "COLOURS",
    "LABELS",
    "LAYOUT",
    "LEVEL_LABELS",
    "PAPER",
    "SCHEME_LABELS",
    "TABLE",
    "WORDS",
    "compares_with_paper",
    "drawing",
    "heatmap",
    "network_note",
    "node_card",
    "node_columns",
    "tie_text",
]

# Message ids (N_): the controls show them through _()
LEVEL_LABELS = {
    "subclass": N_("Subclass (H01M)"),
    "main_group": N_("Main group (H01M 10/00)"),
    "code": N_("Full code (H01M 10/0525)"),
}
LEVEL_NAMES = {"subclass": N_("subclass"), "main_group": N_("main group"), "code": N_("full code")}
SCHEME_LABELS = {"IPC": "IPC", "CPC": "CPC", "both": N_("IPC and CPC")}
# The IPC sections' titles as the Chinese edition of the IPC (CNIPA) words them
SECTION_TITLES = {
    "A": N_("Human necessities"),
    "B": N_("Performing operations; transporting"),
    "C": N_("Chemistry; metallurgy"),
    "D": N_("Textiles; paper"),
    "E": N_("Fixed constructions"),
    "F": N_("Mechanical engineering; lighting; heating; weapons; blasting"),
    "G": N_("Physics"),
    "H": N_("Electricity"),
    "Y": N_("General tagging of new technological developments (CPC)"),
}
# with an IPC theme active: every code of the theme's patents, or only the theme's codes
CODES_LABELS = {"all": N_("All their codes"), "theme": N_("Only the theme's codes")}

# What the network explorer reads here (app.ui.network_explorer.NetworkFigures).
# Kamada-Kawai spreads one dense component over the picture; spring piles it in the middle.
LAYOUT = "kamada_kawai"
COLOURS = {"section": N_("IPC section"), "community": N_("Community (Louvain)")}
LABELS = {"code": N_("Code"), "title": N_("Code and title")}
PAPER = "ipc"
TABLE = NodeTable(
    "technology-codes",
    N_("Codes"),
    {"style_cell_conditional": [{"if": {"column_id": "title"}, "minWidth": "340px"}]},
)

HINT = N_(
    "Click a code for its title, patents, the codes it occurs with and its centrality; click "
    "a line for the patents classified in both codes."
)
EGO_MEANING = {
    "isolate": N_("never listed together with the other codes drawn"),
    "pendant": N_("listed with one other code only"),
    "chain": N_("a chain: the codes it occurs with do not occur with one another"),
    "partial ring": N_("part of a ring: some of the codes it occurs with also occur together"),
    "ring": N_("a ring: every pair of the codes it occurs with also occurs together"),
}
WORDS = NetworkWords(
    HINT,
    N_("Codes it occurs with"),
    N_("patent"),
    EGO_MEANING,
    N_("Most frequent code pairs"),
    N_("Patents"),
)


def node_columns(_key: NetworkKey | None) -> list[dict]:
    """The code table's columns (the same for every view)."""
    own = [{"name": _("Code"), "id": "label"}, {"name": _("Title (WIPO, English)"), "id": "title"}]
    degrees = (_("Codes it occurs with (degree)"), _("Co-occurrences (weighted degree)"))
    return [*own, *metric_columns(*degrees, closeness=False)]


def drawing(
    view: NetworkView, _key: NetworkKey, color_by: str, labels: str
) -> tuple[dict, list, dict]:
    """Node colours (by IPC section or community), the legend and captions."""
    colors, entries = _colors(view, color_by)
    legend = legend_items(entries[:12], _("Size: patents. Width: patents listing both codes."))
    return colors, legend, _captions(view, labels)


def _colors(view: NetworkView, color_by: str) -> tuple[dict, list[tuple[str, str]]]:
    nodes = view.nodes
    if color_by == "section":
        sections = nodes["section"].astype("str")
        colors = {n: SECTION_COLORS.get(s, "#9aa5b1") for n, s in sections.items()}
        entries = [(section_label(s), SECTION_COLORS.get(s)) for s in sorted(sections.unique())]
        return colors, entries
    return community_colors(nodes, named=2)


def _captions(view: NetworkView, labels: str) -> dict:
    """The code under each node and, if asked for, the start of its title."""
    if labels == "code":
        return {node: node for node in view.nodes.index}
    out = {}
    for node, title in view.nodes["title"].items():
        short = title.split(";")[0].split(",")[0]
        short = short if len(short) <= 28 else short[:26].rstrip() + "…"
        out[node] = f"{node}\n{short}" if short else node
    return out


def compares_with_paper(_key: NetworkKey) -> bool:
    """The seed paper's figures describe a network of IPC codes, as every view here."""
    return True


def section_label(section: str) -> str:
    """ "H Electricity": an IPC section's letter and title in the request's language."""
    title = SECTION_TITLES.get(section)
    return f"{section} {_(title)}" if title else section


def _section_line(section: str) -> str:
    title = SECTION_TITLES.get(section)
    if title is None:
        return _("Section {letter}").format(letter=section)
    return _("Section {letter}: {title}").format(letter=section, title=_(title))


def network_note(
    view: NetworkView, key: NetworkKey, facts: tuple[int, str]
) -> tuple[str, html.Div | None]:
    """The line above the picture (which codes, how many ties, from how many patents), or
    the message that the dataset has no codes to draw."""
    patents, dataset_label = facts
    nodes, ties = view.binary.nodes, view.binary.edges
    if nodes == 0:
        return "", _no_codes_message(
            badges.dataset_label(key.dataset_id, dataset_label), key.scheme
        )
    note = _(
        "{codes} codes ({scheme}, {level}), {ties} ties, from {patents} patents under these "
        "filters. Titles: the WIPO IPC scheme, in English."
    ).format(
        codes=format_int(nodes),
        scheme=_(SCHEME_LABELS[key.scheme or "both"]),
        level=_(LEVEL_NAMES[key.level]),
        ties=format_int(ties),
        patents=format_int(patents),
    )
    if key.scheme_asked:
        note += " " + _("This dataset has no {asked} codes: its {drawn} codes are drawn.").format(
            asked=key.scheme_asked, drawn=key.scheme
        )
    if key.level_asked:
        note += " " + _("All these codes are in one subclass: its main groups are drawn instead.")
    if key.theme_only:
        note += " " + _("Only the codes inside the theme are drawn.")
    return note, None


def _no_codes_message(dataset_label: str, scheme: str | None) -> html.Div:
    """Why there is no network on a dataset without codes, and where to find one."""
    if scheme == "IPC":
        missing = _("{dataset} has no IPC codes under these filters")
    elif scheme == "CPC":
        missing = _("{dataset} has no CPC codes under these filters")
    else:
        missing = _("{dataset} has no classification codes under these filters")
    sample = f"/technology?ds=ops-hydrogen&t=battery&lang={current_language()}"
    where = _(
        "Load an export that lists codes (Lens with IPC or CPC classifications, Espacenet, "
        "PatentsView) on the {data_page}, or open the real {sample}."
    )
    return html.Div(
        [
            html.B(missing.format(dataset=dataset_label)),
            _(": there is no technology network to draw."),
            " ",
            *with_components(
                where,
                data_page=dcc.Link(_("Data page"), href=f"/data?lang={current_language()}"),
                sample=dcc.Link(
                    _("EPO OPS hydrogen and fuel-cell sample, battery codes only"),
                    href=sample,
                    id="tn-try-ops",
                ),
            ),
        ],
        className="message",
    )


def with_components(text: str, **components) -> list:
    """``text`` (a translated message) with each ``{name}`` replaced by component ``name``,
    so a translation can put a link where its language wants it.

    >>> with_components("see the {page}, or {other}.", page="P", other="O")
    ['see the ', 'P', ', or ', 'O', '.']
    """
    parts = re.split(r"\{(\w+)\}", text)
    return [components[part] if index % 2 else part for index, part in enumerate(parts) if part]


# Blues with more of its range spent on the low counts, where most pairs are; the colour
# bar still reads in patents, linearly.
_COLORSCALE = [
    [0.0, "#f7fbff"],
    [0.04, "#deebf7"],
    [0.12, "#9ecae1"],
    [0.3, "#4292c6"],
    [0.6, "#2171b5"],
    [1.0, "#08306b"],
]


def heatmap(view: NetworkView, matrix: pd.DataFrame, order: str) -> dict:
    """The K x K matrix as a heatmap: the pairs in blues, the diagonal (patents per code)
    in grey, each cell carrying what a click on it opens (a pair's patents, a code's card)."""
    codes = list(matrix.index)
    if order == "community":
        nodes = view.nodes.loc[codes]
        codes = list(nodes.sort_values(["community", "patents"], ascending=[True, False]).index)
    counts = matrix.loc[codes, codes].to_numpy()
    diagonal = np.eye(len(codes), dtype=bool)
    pairs = np.where(diagonal, np.nan, counts.astype(float))
    own = np.where(diagonal, counts.astype(float), np.nan)
    pair_hover = _("{first} × {second}: {patents} patents list both. Click for them.").format(
        first="%{y}", second="%{x}", patents="%{z:,}"
    )
    code_hover = _("{code}: {patents} patents. Click for the code's card.").format(
        code="%{y}", patents="%{z:,}"
    )
    fig = go.Figure(
        [
            go.Heatmap(
                z=pairs,
                x=codes,
                y=codes,
                colorscale=_COLORSCALE,
                zmin=0,
                hoverongaps=False,
                colorbar={"title": {"text": _("Patents<br>listing both")}},
                hovertemplate=pair_hover + "<extra></extra>",
            ),
            go.Heatmap(
                z=own,
                x=codes,
                y=codes,
                colorscale=[[0, "#cbd2d9"], [1, "#cbd2d9"]],
                showscale=False,
                hoverongaps=False,
                hovertemplate=code_hover + "<extra></extra>",
            ),
        ]
    )
    explain = _(
        "Cells: patents listing both codes; grey diagonal: the code itself. Click a cell for "
        "its patents, the diagonal for the code's card."
    )
    title = _("Co-occurrence of the top {n} codes").format(n=len(codes))
    fig.update_layout(
        title=f"{title}<br><sup>{explain}</sup>",
        xaxis={"tickangle": -60, "tickfont": {"size": 10}, "showgrid": False, "dtick": 1},
        yaxis={
            "autorange": "reversed",
            "tickfont": {"size": 10},
            "showgrid": False,
            "dtick": 1,
        },
        margin={"l": 110, "b": 110, "t": 80},
    )
    return fig.to_dict()


def clicked_cell(click: dict | None) -> dict[str, str | None] | None:
    """What a click on the heatmap selects: a code's card (``tn_sel``) on the diagonal, the
    pair's patents (``tn_tie``) elsewhere; None for a click that hit no cell.

    >>> clicked_cell({"points": [{"x": "H01M", "y": "H01M", "curveNumber": 1}]})
    {'tn_sel': 'H01M', 'tn_tie': None}
    >>> clicked_cell({"points": [{"x": "H01M", "y": "B60L", "curveNumber": 0}]})
    {'tn_sel': None, 'tn_tie': 'B60L|H01M'}
    """
    points = (click or {}).get("points") or []
    if not points or points[0].get("x") is None or points[0].get("y") is None:
        return None
    first, second = str(points[0]["y"]), str(points[0]["x"])
    if first == second:
        return {"tn_sel": first, "tn_tie": None}
    return {"tn_sel": None, "tn_tie": f"{first}|{second}"}


def node_card(view: NetworkView, _key: NetworkKey, node: str, patents: int) -> NodeCard:
    """The card of code ``node``: its title, section, patents and the codes it occurs with."""
    attrs = view.graph.nodes[node]
    title = attrs.get("title")
    return NodeCard(
        title=node,
        subtitle=[
            html.Div(title, className="code-title data-value", lang="en")
            if title
            else html.Div(_("The scheme has no title for this code."), className="code-title"),
            html.Div(_section_line(attrs["section"]), className="text-muted"),
        ],
        facts=[(_("Patents"), format_int(patents))],
        ties_heading=_("Occurs most with"),
        ties=strongest_ties(view.graph, node),
        no_ties=_("No other code drawn."),
    )


def tie_text(_key: NetworkKey, first: str, second: str, weight: int) -> tuple[html.Span, str]:
    """The title (codes, marked as data) and sentence of the card of a tie between two codes."""
    sentence = ngettext(
        "{n} patent lists both codes under these filters.",
        "{n} patents list both codes under these filters.",
        weight,
    ).format(n=format_int(weight))
    return html.Span(f"{first} × {second}", className="data-value"), sentence
