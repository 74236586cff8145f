"""Overview: the question guide, headline figures, filings per year by applicant country,
shares by country, top applicants (a click opens the firm's card in the applicant network)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis.filters import Filters
from app.i18n import N_, _, current_language
from app.pages.overview import data, figures
from app.ui import ids
from app.ui.blocks import page_header, page_title
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.tables import data_table

dash.register_page(
    __name__, path="/", name=N_("Overview"), order=0, title=page_title(N_("Overview"))
)

PAGE = "overview"
YEARS_CHART = "overview-years"
SHARES_CHART = "overview-shares"
TOP_CHART = "overview-top"
TOP_TABLE = "overview-top-applicants"  # also the CSV file name's start
GUIDE = "overview-guide"
GUIDE_HIDE = "overview-guide-hide"  # named in the clientside callback below too
GUIDE_SHOW = "overview-guide-show"
GUIDE_STORE = "overview-guide-seen"  # {"hidden": bool} in the browser's local storage
GO = "overview-go"  # navigates to the applicant card a click asks for
NOTE = "overview-note"  # what the page says about a dataset of one year


def _guide_link(key: str) -> dict:
    return {"type": "overview-question", "key": key}


def layout(**_query) -> html.Div:
    lead = _(
        "Who files battery patents, where, and how fast the field grows. Countries are counted "
        "per applicant (a joint Chinese-Japanese patent counts for both)."
    )
    return html.Div(
        [
            *page_header(_("Overview"), lead),
            dcc.Store(id=GUIDE_STORE, storage_type="local"),
            html.Button(
                _("Which question do you have?"),
                id=GUIDE_SHOW,
                className="btn btn-sm btn-outline-primary guide-show",
                style={"display": "none"},
            ),
            html.Div(
                figures.guide(GUIDE_HIDE, _guide_link),
                id=GUIDE,
                className="panel overview-guide",
                style={"display": "none"},
            ),
            html.Div(id="overview-headline", className="headline-row"),
            html.Div(id=NOTE),
            html.Div(
                [chart(YEARS_CHART, 400), chart(SHARES_CHART, 400)],
                className="grid-2-1",
            ),
            html.H2(_("Top applicants"), className="section-title"),
            html.P(
                _("Click a firm in the chart or the table for its card in the applicant network."),
                className="text-muted",
            ),
            html.Div(
                [
                    chart(TOP_CHART, 480),
                    data_table(
                        TOP_TABLE,
                        figures.top_columns(),
                        page_size=12,
                        style_data_conditional=[
                            {
                                "if": {"column_id": "applicant"},
                                "color": "#0a58ca",
                                "textDecoration": "underline",
                                "cursor": "pointer",
                            }
                        ],
                        # wide enough to read; a narrow screen scrolls the table in its card
                        style_cell_conditional=[
                            {"if": {"column_id": "applicant"}, "minWidth": "150px"},
                            {"if": {"column_id": "country"}, "minWidth": "110px"},
                            {"if": {"column_id": "kind"}, "minWidth": "80px"},
                        ],
                    ),
                ],
                className="grid-1-1 overview-top",
            ),
            dcc.Location(id=GO, refresh="callback-nav"),
        ],
        className="overview-page",
    )


@callback(
    Output("overview-headline", "children"),
    Output(NOTE, "children"),
    Output(YEARS_CHART, "figure"),
    Output(YEARS_CHART, "config"),
    Output(SHARES_CHART, "figure"),
    Output(SHARES_CHART, "config"),
    Output(TOP_CHART, "figure"),
    Output(TOP_CHART, "config"),
    Output({"type": "table", "name": TOP_TABLE}, "data"),
    Input(ids.VIEW, "data"),
)
def update_overview(view):
    if view is None:
        raise PreventUpdate
    dataset_id, filters = services.view_filters(view)
    return overview_outputs(dataset_id, filters, current_language())


@services.cache.memoize()
def overview_outputs(dataset_id: str, filters: Filters, language: str) -> tuple:
    """Everything the page shows for one filter state, in ``language`` (memoised across
    workers; the language is part of the key because the figures hold text)."""
    found = data.overview_data(dataset_id, filters)
    key = filters.key()
    headline = figures.headline(found.counts)
    configs = [
        graph_config(download_name(PAGE, what, key, dataset_id))
        for what in ("filings per year", "share by country", "top applicants")
    ]
    if found.counts["patents"] == 0:
        empty = empty_figure(
            _("No patents match these filters. Widen the years or clear the country filter.")
        ).to_dict()
        return headline, None, empty, configs[0], empty, configs[1], empty, configs[2], []
    note, years = None, figures.years_figure(found.by_year)
    if found.single_year is not None:  # one year makes no series: the OECD's counts instead
        note = figures.single_year_note(found.single_year)
        years = figures.families_figure(found.families, found.single_year)
        configs[0] = graph_config(
            download_name(PAGE, "OECD battery families per year", key, dataset_id)
        )
    return (
        headline,
        note,
        years,
        configs[0],
        figures.shares_figure(found.shares),
        configs[1],
        figures.top_figure(found.top),
        configs[2],
        figures.top_rows(found.top),
    )


@callback(
    Output(GO, "href"),
    Input({"type": "table", "name": TOP_TABLE}, "active_cell"),
    Input(TOP_CHART, "clickData"),
    State({"type": "table", "name": TOP_TABLE}, "data"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def open_applicant_card(cell, click, rows, view):
    """A firm clicked in the table or the chart: its card in the applicant network, under
    the same dataset, filters and language."""
    if dash.ctx.triggered_id == TOP_CHART:
        if not click or not click.get("points"):
            raise PreventUpdate
        name, rank = click["points"][0]["customdata"]
    else:
        if not cell or cell.get("column_id") != "applicant" or cell.get("row_id") is None:
            raise PreventUpdate
        found = [row for row in rows or [] if row["id"] == cell["row_id"]]
        if not found:
            raise PreventUpdate
        name, rank = found[0]["id"], found[0]["rank"]
    return data.applicant_card_link(view, name, int(rank))


@callback(
    Output(_guide_link(dash.ALL), "href"),
    Input(ids.VIEW, "data"),
)
def question_links(view):
    """Each question's page with its preset view, under the active dataset and filters."""
    if view is None:
        raise PreventUpdate
    keys = [item["id"]["key"] for item in dash.ctx.outputs_list]
    presets = {q.key: q for q in figures.QUESTIONS}
    return [data.view_link(presets[k].path, view, presets[k].params) for k in keys]


# Hide / show the guide; the choice stays in the browser's local storage.
clientside_callback(
    """
    function(hide, show) {
        const trigger = window.dash_clientside.callback_context.triggered_id;
        return {hidden: trigger === 'overview-guide-hide'};
    }
    """,
    Output(GUIDE_STORE, "data"),
    Input(GUIDE_HIDE, "n_clicks"),
    Input(GUIDE_SHOW, "n_clicks"),
    prevent_initial_call=True,
)

clientside_callback(
    """
    function(seen) {
        const hidden = Boolean(seen && seen.hidden);
        return [{display: hidden ? 'none' : 'block'},
                {display: hidden ? 'inline-block' : 'none'}];
    }
    """,
    Output(GUIDE, "style"),
    Output(GUIDE_SHOW, "style"),
    Input(GUIDE_STORE, "data"),
)
