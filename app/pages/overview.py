"""Overview: headline figures, filings per year by applicant country, top applicants, shares."""

from __future__ import annotations

import dash
import plotly.express as px
from dash import Input, Output, callback, html

from app import services
from app.analysis import overview
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
            empty_figure(message),
            years_config,
            empty_figure(message),
            shares_config,
            [],
        )

    source = corpus.meta.attribution or corpus.meta.label
    by_year = overview.filings_by_year_and_country(corpus)
    by_year["label"] = by_year["country"].map(country_label)
    colors = {country_label(c): country_color(c) for c in by_year["country"].unique()}
    years_fig = px.bar(
        by_year,
        x="year",
        y="patents",
        color="label",
        color_discrete_map=colors,
        labels={"year": "Year", "patents": "Patents", "label": "Applicant country"},
        title=f"Patents per year by applicant country<br><sup>Source: {source}</sup>",
    )
    years_fig.update_layout(barmode="stack", legend_title_text="")

    shares = overview.country_shares(corpus).head(12)
    shares["label"] = shares["country"].map(country_label)
    shares_fig = px.bar(
        shares.iloc[::-1],
        x="share_pct",
        y="label",
        orientation="h",
        color="label",
        color_discrete_map={country_label(c): country_color(c) for c in shares["country"]},
        labels={"share_pct": "Share of patents (%)", "label": ""},
        title=f"Share of patents by applicant country<br><sup>Source: {source}</sup>",
        text=shares.iloc[::-1]["patents"],
    )
    shares_fig.update_layout(showlegend=False)
    top = overview.top_applicants(corpus, 25).to_dict("records")
    return headline, years_fig, years_config, shares_fig, shares_config, top
