"""Overview: headline figures, filings per year by applicant country, top applicants, shares."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from app import services
from app.analysis import overview
from app.analysis.filters import Filters
from app.i18n import N_
from app.pages.overview import figures
from app.ui import ids
from app.ui.blocks import page_header, page_title
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.tables import data_table, table_columns

dash.register_page(
    __name__, path="/", name=N_("Overview"), order=0, title=page_title(N_("Overview"))
)

PAGE = "overview"
YEARS_CHART = "overview-years"
SHARES_CHART = "overview-shares"
TOP_TABLE = "top-applicants"
TOP_COLUMNS = table_columns(
    {
        "name": "Applicant",
        "country": "Country",
        "kind": "Kind",
        "patents": ("Patents", None),
        "share_pct": ("Share of patents (%)", ".1f"),
    }
)


def layout(**_query) -> html.Div:
    return html.Div(
        [
            *page_header(
                "Overview",
                "Who files battery patents, where, and how fast the field grows. Countries are "
                "counted per applicant (a joint Chinese-Japanese patent counts for both).",
            ),
            html.Div(id="overview-headline", className="headline-row"),
            html.Div(
                [chart(YEARS_CHART, 400), chart(SHARES_CHART, 400)],
                className="grid-2-1",
            ),
            html.H2("Top applicants", className="section-title"),
            data_table(
                TOP_TABLE,
                TOP_COLUMNS,
            ),
        ]
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
    counts = overview.headline_figures(corpus)
    headline = figures.headline(counts)
    years_config = graph_config(download_name(PAGE, "filings per year", key, dataset_id))
    shares_config = graph_config(download_name(PAGE, "share by country", key, dataset_id))
    if counts["patents"] == 0:
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
    years_fig = figures.years_figure(overview.filings_by_year_and_country(corpus), source)
    shares_fig = figures.shares_figure(overview.country_shares(corpus).head(12), source)
    return headline, years_fig, years_config, shares_fig, shares_config, top
