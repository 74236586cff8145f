"""The technology network's figures: node colours and captions, the note, the message when
there are no codes, the co-occurrence heatmap, the code table's columns and the cards."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from app.analysis.network_view import NetworkView, strongest_ties
from app.pages.technology.data import NetworkKey
from app.ui.charts import legend_items
from app.ui.colors import SECTION_COLORS
from app.ui.network import community_colors, drawn_ties_note, metric_columns
from app.ui.network_explorer import NetworkWords, NodeCard, NodeTable

__all__ = [
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

LEVEL_LABELS = {
    "subclass": "Subclass (H01M)",
    "main_group": "Main group (H01M 10/00)",
    "code": "Full code (H01M 10/0525)",
}
SCHEME_LABELS = {"IPC": "IPC", "CPC": "CPC", "both": "IPC and CPC"}

# What the network explorer reads here (app.ui.network_explorer.NetworkFigures).
# Kamada-Kawai spreads one dense component over the picture; spring piles it in the middle.
LAYOUT = "kamada_kawai"
COLOURS = {"section": "IPC section", "community": "Community (Louvain)"}
LABELS = {"code": "Code", "title": "Code and title"}
PAPER = "ipc"
TABLE = NodeTable(
    "technology-codes",
    "Codes",
    {"style_cell_conditional": [{"if": {"column_id": "title"}, "minWidth": "340px"}]},
)

HINT = (
    "Click a code for its title, patents, the codes it occurs with and its centrality; click "
    "a line for the patents classified in both codes."
)
EGO_MEANING = {
    "isolate": "never listed together with the other codes drawn",
    "pendant": "listed with one other code only",
    "chain": "a chain: the codes it occurs with do not occur with one another",
    "partial ring": "part of a ring: some of the codes it occurs with also occur together",
    "ring": "a ring: every pair of the codes it occurs with also occurs together",
}
WORDS = NetworkWords(HINT, "Codes it occurs with", "patent", EGO_MEANING)


def node_columns(_key: NetworkKey | None) -> list[dict]:
    """The code table's columns (the same for every view)."""
    own = [{"name": "Code", "id": "label"}, {"name": "Title", "id": "title"}]
    degrees = ("Codes it occurs with (degree)", "Co-occurrences (weighted degree)")
    return [*own, *metric_columns(*degrees, closeness=False)]


def drawing(
    view: NetworkView, _key: NetworkKey, color_by: str, labels: str
) -> tuple[dict, list, dict]:
    """Node colours (by IPC section or community), the legend and captions."""
    colors, entries = _colors(view, color_by)
    legend = legend_items(entries[:12], "Size: patents. Width: patents listing both codes.")
    return colors, legend, _captions(view, labels)


def _colors(view: NetworkView, color_by: str) -> tuple[dict, list[tuple[str, str]]]:
    nodes = view.nodes
    if color_by == "section":
        sections = nodes["section"].astype("str")
        colors = {n: SECTION_COLORS.get(s, "#9aa5b1") for n, s in sections.items()}
        entries = [
            (f"{s} {nodes.loc[sections == s, 'section_title'].iloc[0]}", SECTION_COLORS.get(s))
            for s in sorted(sections.unique())
        ]
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


def network_note(
    view: NetworkView, key: NetworkKey, facts: tuple[int, str]
) -> tuple[str, html.Div | None]:
    """The line above the picture (which codes, how many ties, from how many patents), or
    the message that the dataset has no codes to draw."""
    patents, dataset_label = facts
    nodes, ties = view.binary.nodes, view.binary.edges
    if nodes == 0:
        return "", _no_codes_message(dataset_label, key.scheme)
    note = (
        f"{nodes} codes ({SCHEME_LABELS[key.scheme or 'both']}, "
        f"{LEVEL_LABELS[key.level].split(' (')[0].lower()}), {ties:,} ties, "
        f"from {patents:,} patents under these filters. Titles: WIPO IPC scheme."
    ) + drawn_ties_note(ties)
    return note, None


def _no_codes_message(dataset_label: str, scheme: str | None) -> html.Div:
    """Why there is no network on a dataset without codes, and where to find one."""
    scheme_text = {"IPC": "IPC codes", "CPC": "CPC codes", None: "classification codes"}[scheme]
    return html.Div(
        [
            html.B(f"{dataset_label} has no {scheme_text}"),
            " under these filters, so there is no technology network to draw. ",
            "Load an export that lists codes (Lens with IPCR or CPC, Espacenet, PatentsView) "
            "on the ",
            dcc.Link("Data page", href="/data"),
            ", or open the real ",
            dcc.Link(
                "EPO OPS hydrogen and fuel-cell sample, battery codes only",
                href="/technology?ds=ops-hydrogen&t=battery",
                id="tn-try-ops",
            ),
            ".",
        ],
        className="message",
    )


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


def heatmap(view: NetworkView, matrix: pd.DataFrame, order: str, source: str) -> dict:
    """The K x K matrix as a heatmap; the diagonal (patents per code) only in the hover."""
    codes = list(matrix.index)
    if order == "community":
        nodes = view.nodes.loc[codes]
        codes = list(nodes.sort_values(["community", "patents"], ascending=[True, False]).index)
    ordered = matrix.loc[codes, codes]
    off = ordered.to_numpy(dtype=float).copy()
    counts = ordered.to_numpy()
    off[range(len(codes)), range(len(codes))] = float("nan")
    fig = go.Figure(
        go.Heatmap(
            z=off,
            x=codes,
            y=codes,
            customdata=counts,
            colorscale=_COLORSCALE,
            zmin=0,
            hoverongaps=False,
            colorbar={"title": {"text": "Patents<br>listing both"}},
            hovertemplate="%{y} × %{x}: %{customdata} patents<extra></extra>",
        )
    )
    fig.update_layout(
        title=(
            f"Co-occurrence of the top {len(codes)} codes (patents listing both; the diagonal, "
            f"patents per code, is left blank)<br><sup>Source: {source}</sup>"
        ),
        xaxis={"tickangle": -60, "tickfont": {"size": 10}, "showgrid": False, "dtick": 1},
        yaxis={
            "autorange": "reversed",
            "tickfont": {"size": 10},
            "showgrid": False,
            "dtick": 1,
        },
        margin={"l": 110, "b": 110},
    )
    return fig.to_dict()


def node_card(view: NetworkView, _key: NetworkKey, node: str, patents: int) -> NodeCard:
    """The card of code ``node``: its title, section, patents and the codes it occurs with."""
    attrs = view.graph.nodes[node]
    return NodeCard(
        title=node,
        subtitle=[
            html.Div(attrs.get("title") or "Title not in the scheme file.", className="code-title"),
            html.Div(
                f"Section {attrs['section']}: {attrs['section_title']}", className="text-muted"
            ),
        ],
        facts=[("Patents", f"{patents:,}")],
        ties_heading="Occurs most with",
        ties=strongest_ties(view.graph, node),
        no_ties="No other code drawn.",
    )


def tie_text(_key: NetworkKey, first: str, second: str, weight: int) -> tuple[str, str]:
    """The title and sentence of the card of a tie between two codes."""
    return (
        f"{first} × {second}",
        f"{weight} patent{'s' if weight != 1 else ''} list both codes under these filters.",
    )
