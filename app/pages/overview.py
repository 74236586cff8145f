"""Overview: headline figures, filings per year by applicant country, top applicants, shares."""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import Input, Output, callback, html

from app import services
from app.analysis import overview
from app.analysis.filters import Filters
from app.ui import ids
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.colors import country_color
from app.ui.countries import country_label
from app.ui.tables import data_table

dash.register_page(
    __name__, path="/", name="Overview", order=0, title="Overview — EV Battery Patents"
)

PAGE = "overview"
YEARS_CHART = "overview-years"
SHARES_CHART = "overview-shares"
TOP_TABLE = "top-applicants"


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Overview", className="page-title"),
            html.P(
                "Who files battery patents, where, and how fast the field grows. Countries are "
                "counted per applicant (a joint Chinese-Japanese patent counts for both).",
                className="page-lead",
            ),
            html.Div(id="overview-headline", className="headline-row"),
            html.Div(
                [chart(YEARS_CHART, 400), chart(SHARES_CHART, 400)],
                className="grid-2-1",
            ),
            html.H2("Top applicants", className="section-title"),
            data_table(
                TOP_TABLE,
                columns=[
                    {"name": "Applicant", "id": "name"},
                    {"name": "Country", "id": "country"},
                    {"name": "Kind", "id": "kind"},
                    {"name": "Patents", "id": "patents", "type": "numeric"},
                    {
                        "name": "Share of patents (%)",
                        "id": "share_pct",
                        "type": "numeric",
                        "format": {"specifier": ".1f"},
                    },
                ],
            ),
        ]
    )


def _headline_card(label: str, value: str) -> html.Div:
    return html.Div(
        [html.Div(value, className="headline-value"), html.Div(label)], className="headline-card"
    )


@callback(
    Output("overview-headline", "children"),
    Output(YEARS_CHART, "figure"),
    Output(YEARS_CHART, "config"),
    Output(SHARES_CHART, "figure"),
    Output(SHARES_CHART, "config"),
    Output({"type": "table", "name": TOP_TABLE}, "data"),
    Input(ids.VIEW, "data"),
)
def update_overview(view):
    if view is None:
        raise dash.exceptions.PreventUpdate
    dataset_id, filters = services.view_filters(view)
    return overview_outputs(dataset_id, filters)


@services.cache.memoize()
def overview_outputs(dataset_id: str, filters: Filters) -> tuple:
    """Everything the page shows for one filter state (memoised across workers)."""
    corpus = services.filtered_corpus(dataset_id, filters)
    key = filters.key()
    figures = overview.headline_figures(corpus)
    span = f"{figures['year_min']}–{figures['year_max']}" if figures["year_min"] else "–"
    headline = [
        _headline_card("patents", f"{figures['patents']:,}"),
        _headline_card("applicants", f"{figures['applicants']:,}"),
        _headline_card("applicant countries", f"{figures['countries']:,}"),
        _headline_card("years", span),
    ]
    years_config = graph_config(download_name(PAGE, "filings per year", key))
    shares_config = graph_config(download_name(PAGE, "share by country", key))
    if figures["patents"] == 0:
        message = "No patents match these filters. Widen the years or clear the country filter."
        return (
            headline,
            empty_figure(message).to_dict(),
            years_config,
            empty_figure(message).to_dict(),
            shares_config,
            [],
        )

    source = corpus.meta.attribution or corpus.meta.label
    top = overview.top_applicants(corpus, 25).to_dict("records")
    years_fig = _years_figure(overview.filings_by_year_and_country(corpus), source)
    shares_fig = _shares_figure(overview.country_shares(corpus).head(12), source)
    return headline, years_fig, years_config, shares_fig, shares_config, top


# Figures leave as plain dicts: a memoised plotly Figure re-validates every property when it
# is unpickled (~0.15 s per hit), a dict does not.
def _years_figure(by_year, source: str) -> dict:
    order = sorted(by_year["country"].unique(), key=lambda c: (c in ("other", "unknown"), c))
    fig = go.Figure(
        [
            go.Bar(
                x=part["year"],
                y=part["patents"],
                name=country_label(code),
                marker_color=country_color(code),
                hovertemplate="%{x}: %{y} patents<extra>" + country_label(code) + "</extra>",
            )
            for code in order
            for part in [by_year[by_year["country"] == code]]
        ]
    )
    fig.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        title=f"Patents per year by applicant country<br><sup>Source: {source}</sup>",
        xaxis_title="Year",
        yaxis_title="Patents",
    )
    return fig.to_dict()


def _shares_figure(shares, source: str) -> dict:
    shares = shares.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=shares["share_pct"],
            y=[country_label(c) for c in shares["country"]],
            orientation="h",
            marker_color=[country_color(c) for c in shares["country"]],
            text=shares["patents"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} patents, %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"Share of patents by country<br><sup>Source: {source}</sup>",
        xaxis_title="Share of patents (%)",
        showlegend=False,
    )
    return fig.to_dict()
