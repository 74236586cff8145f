"""Plotly figures with one look, and their download names (PNG in the modebar, SVG button)."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import plotly.io as pio
from dash import MATCH, ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

__all__ = [
    "chart",
    "discrete_scale",
    "download_name",
    "empty_figure",
    "graph_config",
    "label_column_groups",
    "legend",
    "legend_items",
    "mark_matrix",
    "matrix_layout",
]

FONT = "Inter, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

pio.templates["ev"] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#1f2933"},
        title={"font": {"size": 15}, "x": 0.01, "xanchor": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        xaxis={"gridcolor": "#e6e9ee", "zeroline": False, "linecolor": "#9aa5b1"},
        yaxis={"gridcolor": "#e6e9ee", "zeroline": False, "linecolor": "#9aa5b1"},
        legend={"bgcolor": "rgba(255,255,255,0.8)"},
        colorway=["#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442"],
    )
)
# Merged once under a name of its own: with "plotly_white+ev" as the default, plotly merges
# the two templates again for every figure (about 0.1 s each).
pio.templates["ev_white"] = pio.templates["plotly_white+ev"]
pio.templates.default = "ev_white"


def download_name(page: str, what: str, filter_key: str = "") -> str:
    """A file name naming the page, the chart and the filters, safe on every OS.

    Examples
    --------
    >>> download_name("overview", "filings per year", "c=CN+JP_y=2010-2020_t=")
    'overview_filings-per-year_c=CN+JP_y=2010-2020'
    """
    key = re.sub(r"_t=$", "", filter_key)
    parts = [page, re.sub(r"\W+", "-", what.strip().lower()).strip("-"), key]
    return "_".join(p for p in parts if p and p != "c=_y=-")


def graph_config(filename: str) -> dict:
    """dcc.Graph config: PNG download from the modebar under ``filename``."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def chart(
    graph_id: str,
    height: int = 380,
    figure: go.Figure | None = None,
    config: dict | None = None,
    filename: str = "",
) -> html.Div:
    """A dcc.Graph in a card with a loading spinner and an SVG download button.

    The PNG download is the modebar's camera button; both use the file name set by the
    page callback through :func:`graph_config`. A chart that does not depend on the
    filters (e.g. drawn from the seed papers' tables) can get its ``figure`` and
    download ``filename`` here, in the layout, and needs no callback; a callback that
    builds charts on the fly (one per country, say) passes their ``figure`` and ``config``.
    """
    extra = {"figure": figure} if figure is not None else {}
    return html.Div(
        [
            dcc.Loading(
                dcc.Graph(
                    id=graph_id,
                    config=config or graph_config(filename or graph_id),
                    style={"height": f"{height}px"},
                    **extra,
                ),
                type="dot",
                delay_show=300,
            ),
            html.Button(
                "SVG",
                id={"type": "svg-download", "graph": graph_id},
                className="btn btn-link btn-sm download-svg",
                title="Download this chart as SVG",
            ),
        ],
        className="chart-card",
    )


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why there is nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(
        text=message,
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 14, "color": "#52606d"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def legend_items(entries: list[tuple[str, str]], note: str = "") -> list:
    """Legend items: a colour swatch before each (label, colour) entry, then ``note``."""
    items = [
        html.Span([html.Span(className="swatch", style={"background": color}), label])
        for label, color in entries
    ]
    if note:
        items.append(html.Span(note, className="legend-note"))
    return items


def legend(entries: list[tuple[str, str]]) -> html.Div:
    """A legend under a chart whose colours plotly does not explain itself."""
    return html.Div(legend_items(entries), className="chart-legend")


def discrete_scale(colors: list[str]) -> list[list]:
    """A plotly colorscale with one flat band per colour (z from 0 to len-1).

    >>> discrete_scale(["#fff", "#000"])
    [[0.0, '#fff'], [0.5, '#fff'], [0.5, '#000'], [1.0, '#000']]
    """
    n = len(colors)
    scale = []
    for i, color in enumerate(colors):
        scale += [[i / n, color], [(i + 1) / n, color]]
    return scale


def mark_matrix(
    z: list, x: list, y: list, customdata: list, text: list, colors: list[str], **style
) -> go.Figure:
    """A table drawn as a matrix of marks: one flat colour per level of ``z`` (0 to
    len(colors) - 1), a mark (``text``) in each cell, ``customdata`` for the hover and the
    click. ``style`` (hovertemplate, textfont, gap between cells) goes to the heatmap."""
    gap = style.pop("gap", 3)
    trace = go.Heatmap(z=z, x=x, y=y, customdata=customdata, text=text, texttemplate="%{text}")
    trace.update(zmin=0, zmax=len(colors) - 1, colorscale=discrete_scale(colors), **style)
    trace.update(showscale=False, xgap=gap, ygap=gap)
    return go.Figure(trace)


def label_column_groups(
    fig: go.Figure,
    groups: list[tuple[int, int, str]],
    heights: tuple[float, float],
    font_size: float,
    separate: bool = False,
) -> None:
    """Name groups of adjacent columns of a matrix above it: a line over columns ``first``
    to ``last`` at the first of ``heights`` (paper units), the name at the second; with
    ``separate``, a rule between one group and the next."""
    line_y, label_y = heights
    for first, last, name in groups:
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=first - 0.45,
            x1=last + 0.45,
            y0=line_y,
            y1=line_y,
            line={"color": "#9aa5b1", "width": 1},
        )
        fig.add_annotation(
            x=(first + last) / 2,
            y=label_y,
            xref="x",
            yref="paper",
            yanchor="bottom",
            text=f"<b>{name}</b>",
            showarrow=False,
            font={"size": font_size, "color": "#52606d"},
        )
        if separate and first > 0:
            rule = {"color": "#52606d", "width": 1.5}
            fig.add_shape(
                type="line",
                xref="x",
                yref="paper",
                x0=first - 0.5,
                x1=first - 0.5,
                y0=0,
                y1=1.0,
                line=rule,
            )


def matrix_layout(fig: go.Figure, title: str, title_y: float, margins: tuple[int, int]) -> None:
    """A matrix's title at the top, ``margins`` (left, top) for its row and column labels,
    and hover text aligned left (it quotes passages)."""
    left, top = margins
    fig.update_layout(
        title={"text": title, "y": title_y, "yanchor": "top"},
        margin={"l": left, "r": 10, "t": top, "b": 10},
        hoverlabel={"align": "left"},
    )


clientside_callback(
    ClientsideFunction(namespace="ev", function_name="downloadSvg"),
    Output({"type": "svg-download", "graph": MATCH}, "title"),
    Input({"type": "svg-download", "graph": MATCH}, "n_clicks"),
    State({"type": "svg-download", "graph": MATCH}, "id"),
    prevent_initial_call=True,
)
