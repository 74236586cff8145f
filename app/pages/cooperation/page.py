"""Cooperation modes: seed 000's Table 1 and country comparison, beside the patent data.

Everything the paper says is shown with its passage (hover, click); what the patents of
the active dataset show (joint patents by partner type per applicant country) follows the
global filters.
"""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx, dcc, html

from app import services
from app.i18n import N_
from app.pages.cooperation import data, figures
from app.store import corpora
from app.store.knowledge import load_knowledge
from app.ui import ids
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
MODE_COLUMNS = table_columns(
    {
        "type": "Type",
        "mode": "Mode",
        "connotation": "Connotation",
        "features": "Features",
        "effect": "Effect",
        "source": "Source",
    }
)

LARGER_DATASET = "ops-hydrogen"  # the real corpus with the most joint patents
MAX_COUNTRIES = 12


def layout(**_query) -> html.Div:
    kb = load_knowledge()
    models, modes = kb.innovation_models, kb.cooperation_modes
    silent = figures.silent_countries(models, modes)
    return html.Div(
        [
            *page_header(
                "Cooperation modes",
                "How battery firms cooperate, as seed 000 (patent network analysis of new "
                "energy vehicle batteries) describes it, beside what the co-applications of "
                "the active dataset show. Every statement opens to its passage in the paper.",
            ),
            html.H2(
                "Industry-alliance cooperation modes (seed 000, Table 1)", className="section-title"
            ),
            html.Div(
                [
                    data_table(
                        MODES_TABLE,
                        MODE_COLUMNS,
                        page_size=5,
                        data=figures.mode_table_rows(modes),
                        filter_action="none",
                        style_cell_conditional=[
                            {"if": {"column_id": "source"}, "color": "#52606d", "fontSize": 12},
                            {"if": {"column_id": "type"}, "fontWeight": 600},
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
                            html.H3("The row as printed"),
                            html.Div(
                                figures.mode_passage(modes, modes["mode_id"].iloc[0]),
                                id=MODE_PASSAGE,
                            ),
                            html.P(
                                "Click a row of the table to read its passage.",
                                className="source-note",
                            ),
                        ],
                        className="panel",
                    ),
                ],
                className="grid-2-1",
            ),
            html.H2(
                "How countries cooperate: the paper and the patents", className="section-title"
            ),
            html.Div(
                [
                    html.Div(
                        [
                            chart(
                                MATRIX,
                                340,
                                figure=figures.modes_matrix_figure(models, modes),
                                filename=download_name(PAGE, "countries x modes seed 000"),
                            ),
                            legend(
                                [
                                    ("the paper names the mode", figures.LEVEL_COLORS[2]),
                                    ("names only its type", figures.LEVEL_COLORS[1]),
                                    ("says nothing", figures.LEVEL_COLORS[0]),
                                ]
                            ),
                            html.P(
                                [
                                    html.B("Where the paper is silent: "),
                                    f"it names no cooperation mode for {' or '.join(silent)}. "
                                    "Click a cell of those rows to read what it does say about "
                                    "them.",
                                ]
                                if silent
                                else "",
                                className="source-note",
                            ),
                            html.H3("What the patents show", className="section-title"),
                            chart(PARTNERS, 420),
                            html.Div(id=PARTNER_NOTES, className="partner-notes"),
                            chart(
                                PAPER_PARTNERS,
                                330,
                                figure=figures.paper_partners_figure(models),
                                filename=download_name(PAGE, "partners named seed 000"),
                            ),
                        ],
                        className="stack",
                    ),
                    passage_panel(
                        PASSAGES,
                        "Source passages",
                        "Click a cell of either matrix to read the passages of seed 000 it "
                        "rests on.",
                    ),
                ],
                className="grid-2-1",
            ),
        ]
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
    paper_config = graph_config(download_name(PAGE, "partners named seed 000", filters.key()))
    partners = data.partner_data(dataset_id, filters)
    shares, rules = partners["shares"], partners["rules"]
    paper = figures.paper_partners_figure(
        load_knowledge().innovation_models, partners["shares"], partners["source"]
    )
    if filters.countries:
        # a filtered view keeps the partners' countries too; draw the chosen ones
        shares = shares[shares["country"].isin(filters.countries)]
        rules = rules[rules["country"].isin(filters.countries)]
    countries = list(dict.fromkeys(shares["country"]))
    if not countries:
        message = (
            "No joint patents (two or more applicants) in this view. "
            "Widen the years or the country filter, or choose another dataset."
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
            switch = dcc.Link(known[LARGER_DATASET].label, href=f"/cooperation?ds={LARGER_DATASET}")
    figure = figures.partner_shares_figure(shares, rules, partners["source"], MAX_COUNTRIES)
    notes = figures.partner_notes(
        shares,
        rules,
        partners["joint"],
        partners["patents"],
        switch,
        max(len(countries) - MAX_COUNTRIES, 0),
    )
    return figure, config, notes, paper, paper_config
