"""Cooperation modes: the NEV battery patent-network study's Table 1 and country comparison,
beside the patent data.

Everything the paper says is shown with its passage (hover, click); what the patents of
the active dataset show (joint patents by partner type per applicant country) follows the
global filters. Both in the request's language; the passages stay in English, the source.
"""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx, dcc, html

from app import services
from app.i18n import N_, _, current_language
from app.pages.cooperation import data, figures
from app.store import corpora
from app.store.knowledge import load_knowledge
from app.ui import ids
from app.ui.badges import dataset_label, source_name
from app.ui.blocks import page_header, page_title, passage_panel
from app.ui.charts import chart, download_name, empty_figure, graph_config, legend
from app.ui.tables import data_table, table_columns, table_id

dash.register_page(
    __name__,
    path="/cooperation",
    name=N_("Cooperation"),
    order=4,
    title=page_title(N_("Cooperation")),
)

PAGE = "cooperation"
MODES_TABLE = "cooperation-modes"
MODE_PASSAGE = "co-mode-passage"
MATRIX = "co-mode-matrix"
PAPER_PARTNERS = "co-paper-partners"
PARTNERS = "co-partner-shares"
PARTNER_NOTES = "co-partner-notes"
PASSAGES = "co-passages"
MODE_HEADERS = {
    "type": N_("Type"),
    "mode": N_("Mode"),
    "connotation": N_("Connotation"),
    "features": N_("Features"),
    "effect": N_("Effect"),
    "source": N_("Source"),
}

LARGER_DATASET = "ops-hydrogen"  # the real corpus with the most joint patents
MAX_COUNTRIES = 12


def layout(**_query) -> html.Div:
    kb = load_knowledge()
    models, modes = kb.innovation_models, kb.cooperation_modes
    silent = [figures.country(iso2) for iso2 in figures.silent_countries(models, modes)]
    return html.Div(
        [
            *page_header(
                _("Cooperation modes"),
                _(
                    "How battery firms cooperate, as the patent-network study of new energy "
                    "vehicle batteries describes it, beside what the joint applications of the "
                    "patent dataset show. Every statement opens to its passage in the paper."
                ),
            ),
            html.H2(
                _("Industry-alliance cooperation modes (Table 1 of the study)"),
                className="section-title",
            ),
            html.Div(
                [
                    data_table(
                        MODES_TABLE,
                        table_columns({c: _(h) for c, h in MODE_HEADERS.items()}),
                        page_size=5,
                        data=figures.mode_table_rows(modes),
                        filter_action="none",
                        style_cell_conditional=[
                            {"if": {"column_id": "source"}, "color": "#52606d", "fontSize": 12},
                            {"if": {"column_id": "type"}, "fontWeight": 600},
                            {"if": {"column_id": "mode"}, "minWidth": "90px"},
                            {"if": {"column_id": "connotation"}, "minWidth": "180px"},
                            {"if": {"column_id": "effect"}, "minWidth": "160px"},
                        ],
                        style_data_conditional=[
                            {
                                "if": {"state": "active"},
                                "backgroundColor": "#e8f1fa",
                                "border": "1px solid #0072b2",
                            }
                        ],
                        css=[
                            {"selector": "tr:hover td", "rule": "background:#f3f7fb;cursor:pointer"}
                        ],
                    ),
                    html.Div(
                        [
                            html.H3(_("The row as printed")),
                            html.Div(
                                figures.mode_passage(modes, modes["mode_id"].iloc[0]),
                                id=MODE_PASSAGE,
                            ),
                            html.P(
                                _("Click a row of the table to read its passage."),
                                className="source-note",
                            ),
                        ],
                        className="panel",
                    ),
                ],
                className="grid-2-1",
            ),
            html.H2(
                _("How countries cooperate: the paper and the patents"),
                className="section-title",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            # the matrices keep their cells readable on a phone: they scroll
                            html.Div(
                                chart(
                                    MATRIX,
                                    340,
                                    figure=figures.modes_matrix_figure(models, modes),
                                    filename=download_name(PAGE, "countries x modes"),
                                ),
                                className="co-matrix-scroll",
                            ),
                            legend(
                                [
                                    (_("the paper names the mode"), figures.LEVEL_COLORS[2]),
                                    (_("names only its type"), figures.LEVEL_COLORS[1]),
                                    (_("says nothing"), figures.LEVEL_COLORS[0]),
                                ]
                            ),
                            html.P(
                                [
                                    html.B(_("Where the paper is silent:")),
                                    " ",
                                    _(
                                        "it names no cooperation mode for {countries}. Click a "
                                        "cell of those rows to read what it does say about "
                                        "them."
                                    ).format(countries=_(" or ").join(silent)),
                                ]
                                if silent
                                else "",
                                className="source-note",
                            ),
                            html.H3(_("What the patents show"), className="section-title"),
                            chart(PARTNERS, 420),
                            html.Div(id=PARTNER_NOTES, className="partner-notes"),
                            html.Div(
                                chart(
                                    PAPER_PARTNERS,
                                    330,
                                    figure=figures.paper_partners_figure(models),
                                    filename=download_name(PAGE, "partners named in the study"),
                                ),
                                className="co-matrix-scroll",
                            ),
                        ],
                        className="stack",
                    ),
                    passage_panel(
                        PASSAGES,
                        _("Source passages"),
                        _(
                            "Click a cell of either matrix to read the passages of the paper "
                            "it rests on."
                        ),
                    ),
                ],
                className="grid-2-1",
            ),
        ],
        className="co-page",
    )


@callback(
    Output(MODE_PASSAGE, "children"),
    Input(table_id(MODES_TABLE), "active_cell"),
    prevent_initial_call=True,
)
def show_mode_passage(active_cell):
    if not active_cell or not active_cell.get("row_id"):
        raise dash.exceptions.PreventUpdate
    modes = load_knowledge().cooperation_modes
    if active_cell["row_id"] not in set(modes["mode_id"]):
        raise dash.exceptions.PreventUpdate
    return figures.mode_passage(modes, active_cell["row_id"])


@callback(
    Output(PASSAGES, "children"),
    Input(MATRIX, "clickData"),
    Input(PAPER_PARTNERS, "clickData"),
    prevent_initial_call=True,
)
def show_passages(mode_click, partner_click):
    """The passages behind a clicked cell (its x and y are ids: mode or type, ISO2)."""
    click = mode_click if ctx.triggered_id == MATRIX else partner_click
    if not click or not click.get("points"):
        raise dash.exceptions.PreventUpdate
    point = click["points"][0]
    kb = load_knowledge()
    if ctx.triggered_id == MATRIX:
        return figures.mode_cell_panel(
            kb.innovation_models, kb.cooperation_modes, point["y"], point["x"]
        )
    return figures.partner_cell_panel(kb.innovation_models, point["y"], point["x"])


@callback(
    Output(PARTNERS, "figure"),
    Output(PARTNERS, "config"),
    Output(PARTNER_NOTES, "children"),
    Output(PAPER_PARTNERS, "figure"),
    Output(PAPER_PARTNERS, "config"),
    Input(ids.VIEW, "data"),
)
def update_partners(view):
    if view is None:
        raise dash.exceptions.PreventUpdate
    dataset_id, filters = services.view_filters(view)
    config = graph_config(download_name(PAGE, "joint patents by partner type", filters, dataset_id))
    paper_config = graph_config(
        download_name(PAGE, "partners named in the study", filters, dataset_id)
    )
    partners = data.partner_data(dataset_id, filters)
    shares, rules = partners["shares"], partners["rules"]
    source = source_name(services.dataset_summary(dataset_id).meta)
    paper = figures.paper_partners_figure(load_knowledge().innovation_models, shares, source)
    if filters.countries:
        # a filtered view keeps the partners' countries too; draw the chosen ones
        shares = shares[shares["country"].isin(filters.countries)]
        rules = rules[rules["country"].isin(filters.countries)]
    countries = list(dict.fromkeys(shares["country"]))
    if not countries:
        message = _(
            "No joint patents (two or more applicants) in this view. Widen the years or the "
            "country filter, or choose another dataset."
        )
        return (
            empty_figure(message),
            config,
            [html.P(message, className="message")],
            paper,
            paper_config,
        )
    switch = None
    if dataset_id != LARGER_DATASET:
        known = {d.dataset_id: d for d in corpora.list_datasets() if d.available}
        if LARGER_DATASET in known:
            switch = dcc.Link(
                dataset_label(LARGER_DATASET, known[LARGER_DATASET].label),
                href=f"/cooperation?ds={LARGER_DATASET}&lang={current_language()}",
            )
    figure = figures.partner_shares_figure(shares, rules, source, MAX_COUNTRIES)
    notes = figures.partner_notes(
        shares,
        rules,
        partners["joint"],
        partners["patents"],
        switch,
        max(len(countries) - MAX_COUNTRIES, 0),
    )
    return figure, config, notes, paper, paper_config
