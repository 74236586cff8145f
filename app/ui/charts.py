"""Plotly figures with one look, their downloads (PNG and SVG pictures that stand alone in a
report) and the download names."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import plotly.io as pio
from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    clientside_callback,
    dcc,
    html,
)

from app.analysis.filters import Filters
from app.i18n import _
from app.ui.ids import REPORT

__all__ = [
    "chart",
    "discrete_scale",
    "download_name",
    "empty_figure",
    "filter_parts",
    "graph_config",
    "label_column_groups",
    "legend",
    "legend_items",
    "mark_matrix",
    "matrix_layout",
    "report_meta",
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


def _slug(text: str) -> str:
    """``text`` as part of a file name: lower case, words joined by hyphens.

    >>> _slug("Network top 10 and partners"), _slug("H01M 10/0525")
    ('network-top-10-and-partners', 'h01m-10-0525')
    """
    return re.sub(r"[^\w+]+", "-", str(text).strip().lower(), flags=re.ASCII).strip("-")


def filter_parts(filters: Filters | str | None) -> list[str]:
    """The filters that are set, as parts of a file name: countries, years, IPC theme.

    ``filters``: a :class:`~app.analysis.filters.Filters` or its ``key()``.

    >>> filter_parts(Filters(countries=("JP", "CN"), year_min=2018, year_max=2022))
    ['CN+JP', '2018-2022']
    >>> filter_parts("c=_y=-_t="), filter_parts("c=_y=2015-_t=battery")
    ([], ['from-2015', 'battery'])
    """
    if filters is None:
        return []
    if isinstance(filters, str):
        fields = dict(part.split("=", 1) for part in filters.split("_") if "=" in part)
        low, _dash, high = fields.get("y", "").partition("-")
        countries, theme = fields.get("c", "").split("+"), fields.get("t") or None
    else:
        low, high = filters.year_min or "", filters.year_max or ""
        countries, theme = list(filters.countries), filters.ipc_theme
    parts = []
    if any(countries):
        parts.append("+".join(sorted(c for c in countries if c)))
    if low and high:
        parts.append(f"{low}-{high}")
    elif low or high:
        parts.append(f"from-{low}" if low else f"to-{high}")
    if theme:
        parts.append(_slug(theme))
    return parts


def download_name(
    page: str, what: str, filters: Filters | str | None = None, dataset: str | None = None
) -> str:
    """A file name naming the page, the subject, the dataset and the filters that are set,
    safe on every OS (ASCII, no spaces, nothing empty).

    ``filters``: a :class:`~app.analysis.filters.Filters` or its ``key()``; ``dataset``: the
    dataset id (the view's ``ds``), left out when None.

    Examples
    --------
    >>> download_name("overview", "filings per year", "c=CN+JP_y=2010-2020_t=", "lens-battery")
    'overview_filings-per-year_lens-battery_CN+JP_2010-2020'
    >>> download_name("technology", "network", Filters(), "ops-hydrogen")
    'technology_network_ops-hydrogen'
    """
    parts = [_slug(page), _slug(what), _slug(dataset or ""), *filter_parts(filters)]
    return "_".join(p for p in parts if p)


def graph_config(filename: str) -> dict:
    """dcc.Graph config: the picture downloads (the PNG and SVG buttons under the chart,
    which add title, dataset, filters, legend and source) are named ``filename``.

    The modebar keeps zoom, pan and reset only; nothing in it sends the chart anywhere
    (no cloud "share", "edit in Chart Studio" or link to plotly.com), and its own camera
    is gone: its pictures carry none of what a report needs.
    """
    return {
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showTips": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": [
            "toImage",
            "sendDataToCloud",
            "editInChartStudio",
            "lasso2d",
            "select2d",
        ],
    }


def report_meta(
    figure: go.Figure, source: str | None = None, depends_on_filters: bool = True
) -> go.Figure:
    """Say what a downloaded picture of ``figure`` should name: its own ``source`` line
    (when it is not the dataset: OECD counts, a seed paper's table) and whether the view's
    dataset and filters apply to it (``depends_on_filters=False``: they are left off).
    Texts in the reader's language; the browser adds the date where ``{date}`` stands."""
    meta = dict(figure.layout.meta or {}) if isinstance(figure.layout.meta, dict) else {}
    if source is not None:
        meta["source"] = source
    if not depends_on_filters:
        meta["filters"] = False
    figure.update_layout(meta=meta)
    return figure


def chart(
    graph_id: str,
    height: int = 380,
    figure: go.Figure | None = None,
    config: dict | None = None,
    filename: str = "",
) -> html.Div:
    """A dcc.Graph in a card with a loading spinner and PNG and SVG download buttons.

    The downloads are drawn in the browser from the chart as shown, with its title, the
    dataset, the filters, the legend (plotly's, or the HTML legend in the same card) and
    the source line added (see :func:`report_meta`), under the file name set by the page
    callback through :func:`graph_config`. A chart that does not depend on the filters
    (e.g. drawn from the seed papers' tables) can get its ``figure`` and download
    ``filename`` here, in the layout, and needs no callback; a callback that builds charts
    on the fly (one per country, say) passes their ``figure`` and ``config``.
    """
    extra = {"figure": figure} if figure is not None else {}
    buttons = [
        html.Button(
            label,
            id={"type": "chart-download", "graph": graph_id, "fmt": fmt},
            className="btn btn-link btn-sm",
            title=_("Download this chart as {format}, with its title, filters and source").format(
                format=label
            ),
        )
        for fmt, label in (("png", "PNG"), ("svg", "SVG"))
    ]
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
            html.Div(
                [
                    html.Span(_("Download:"), className="download-label"),
                    *buttons,
                    html.Span(id={"type": "chart-status", "graph": graph_id}),
                ],
                className="chart-downloads",
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
    ClientsideFunction(namespace="ev", function_name="chartDownload"),
    Output({"type": "chart-status", "graph": MATCH}, "children"),
    Input({"type": "chart-download", "graph": MATCH, "fmt": ALL}, "n_clicks"),
    State(REPORT, "data"),
    prevent_initial_call=True,
)
