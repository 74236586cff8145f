"""Value chain: the Huizhou cluster (seed 002) and China's EV battery producers.

Everything on this page comes from the seed paper's tables and text (data/*.csv), so it
does not follow the patent filters; every mark opens to the passage it rests on.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, ctx, dcc, html

from app.analysis.valuechain import INTEGRATOR_RULE, LEARNING_CURVE_RULE
from app.i18n import N_
from app.ingest.knowledge_schema import SEGMENTS
from app.pages.value_chain import data, figures
from app.store.knowledge import load_knowledge
from app.ui.blocks import page_header, page_title, passage_panel, prompt
from app.ui.charts import chart, download_name, legend
from app.ui.tables import data_table, table_columns
from app.ui.urlstate import choice_param, decode_query, param_id

dash.register_page(
    __name__,
    path="/value-chain",
    name=N_("Value chain"),
    order=5,
    title=page_title(N_("Value chain")),
)

PAGE = "value-chain"
MATRIX = "vc-matrix"
CELL_PANEL = "vc-cell-panel"
CLASS_TABLE = "value-chain-classes"
FIRM_CARD = "vc-firm-card"
MAP = "vc-province-map"
REGION_TABLE = "value-chain-regions"
PROVINCE_PANEL = "vc-province-panel"
CAPACITY = "vc-capacity"
SHARES = "vc-shares"
LEARNING = "vc-learning-curve"
FIRM_CAPACITY = "vc-firm-capacity"
FACT_TABLE = "value-chain-market-facts"
FACT_PANEL = "vc-fact-panel"
FACT_CHARTS = (CAPACITY, SHARES, LEARNING, FIRM_CAPACITY)

FIRM_PARAM = choice_param("vc_firm", "byd", tuple(figures.FIRM_FACT_GEOGRAPHY))


def _rule(title: str, text: str) -> html.Details:
    return html.Details(
        [html.Summary(title), html.Pre(text, className="rule-text")], className="passage-more"
    )


def layout(**query) -> html.Div:
    kb = load_knowledge()
    firm_id = decode_query("?" + urlencode(query), ["vc_firm"])["vc_firm"]
    return html.Div(
        [
            *page_header(
                "Value chain",
                "How a regional battery cluster covers the value chain, after seed 002 "
                "(Manufacturing Competency: Roots of Competitive Advantage of Chinese EV "
                "Battery Industry): the Huizhou cluster's firms, China's producers by province, "
                "and the market figures the paper gives. This page shows the paper's tables; "
                "the patent filters above do not apply to it.",
            ),
            _matrix_section(kb),
            _classes_section(kb),
            _firms_section(kb, firm_id),
            _map_section(kb),
            _market_section(kb),
        ]
    )


_FIGURES: dict[int, tuple] = {}


def _figures(kb) -> dict[str, dict]:
    """The page's figures (as plotly JSON), built once per version of the knowledge tables.

    They do not follow the filters, and building them costs most of a page load. The
    province outlines come from the shared memo cache, so their simplification runs once
    for every worker and restart.
    """
    cached = _FIGURES.get(id(kb))
    if cached is None or cached[0] is not kb:  # a new version of the tables
        facts = kb.market_facts
        built = {
            MATRIX: figures.chain_matrix_figure(kb.huizhou_value_chain, kb.huizhou_firms),
            MAP: figures.province_map_figure(
                kb.china_producers_by_province, data.province_outlines()
            ),
            CAPACITY: figures.capacity_figure(facts),
            SHARES: figures.shares_figure(facts),
            LEARNING: figures.learning_curve_figure(facts),
            FIRM_CAPACITY: figures.firm_capacity_figure(facts),
        }
        _FIGURES.clear()
        _FIGURES[id(kb)] = cached = (kb, {k: f.to_plotly_json() for k, f in built.items()})
    return cached[1]


def _matrix_section(kb) -> html.Section:
    chain = kb.huizhou_value_chain
    supported = int((chain["status"] == "supported").sum())
    return html.Section(
        [
            html.H2(
                "Huizhou firms across the value chain (Table 2, rebuilt)",
                className="section-title",
            ),
            html.Div(
                [
                    html.B("Table 2 lost its marks in our text copy. "),
                    f"Each of the {supported} marks below was rebuilt from the firm's row in "
                    "Table 3 (main products) or a passage of the text, and opens to that "
                    f"passage. The other {len(chain) - supported} cells say “no evidence in our "
                    "copy”: the paper may have marked some of them, but nothing in our copy "
                    "shows it.",
                ],
                className="message",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            chart(
                                MATRIX,
                                500,
                                figure=_figures(kb)[MATRIX],
                                filename=download_name(PAGE, "huizhou firms x segments"),
                            ),
                            legend(
                                [
                                    ("supported by a passage", figures.CHAIN_COLORS["supported"]),
                                    (
                                        "no evidence in our copy",
                                        figures.CHAIN_COLORS[figures.NO_EVIDENCE],
                                    ),
                                ]
                            ),
                        ]
                    ),
                    html.Div(
                        prompt(
                            "Source passage", "Click a cell to read the passage its mark rests on."
                        ),
                        id=CELL_PANEL,
                        className="panel",
                    ),
                ],
                className="grid-3-1",
            ),
        ],
        id="vc-matrix-section",
    )


CLASS_COLUMNS = table_columns(
    {
        "firm": "Firm",
        "segments": ("Segments marked", None),
        "stages": ("Stages marked", None),
        "makes_cells": "Makes cells",
        "classification": "Our rule",
        "paper_strategy": "The paper",
        "agrees": "Agree",
        "strategy_quote": "The paper's passage (section 4.1)",
        "seed_file": "Seed file",
    }
)


def _classes_section(kb) -> html.Section:
    chain, firms = kb.huizhou_value_chain, kb.huizhou_firms
    return html.Section(
        [
            html.H2("Vertical integrators and segment specialists", className="section-title"),
            html.Div(
                [
                    data_table(
                        CLASS_TABLE,
                        CLASS_COLUMNS,
                        data=figures.classification_rows(chain, firms),
                        page_size=10,
                        filter_action="none",
                        style_cell_conditional=[
                            {"if": {"column_id": "firm"}, "minWidth": 130, "fontWeight": 600},
                            {
                                "if": {"column_id": "strategy_quote"},
                                "fontSize": 12,
                                "fontStyle": "italic",
                                "minWidth": 280,
                            },
                            {
                                "if": {"column_id": "seed_file"},
                                "fontSize": 11.5,
                                "color": "#52606d",
                            },
                        ],
                        style_data_conditional=[
                            {
                                "if": {"filter_query": '{agrees} = "NO"'},
                                "backgroundColor": "#fff1e6",
                            },
                        ],
                    ),
                    html.Div(
                        [
                            html.H3("The rule"),
                            html.P(INTEGRATOR_RULE.split("\n\n")[0].replace("\n", " ")),
                            _rule("Why this rule (with the paper's words)", INTEGRATOR_RULE),
                        ],
                        className="panel",
                    ),
                ],
                className="grid-2-1",
            ),
        ],
        id="vc-classes-section",
    )


def _firms_section(kb, firm_id: str) -> html.Section:
    firms = kb.huizhou_firms
    return html.Section(
        [
            html.H2("Firm profiles (Table 3)", className="section-title"),
            html.Div(
                html.Div(
                    [
                        html.Label("Firm"),
                        dcc.Dropdown(
                            id=param_id("vc_firm"),
                            options=[
                                {"label": name, "value": fid}
                                for fid, name in zip(firms["firm_id"], firms["firm"], strict=True)
                            ],
                            value=firm_id,
                            clearable=False,
                            style={"width": "320px"},
                        ),
                    ]
                ),
                className="controls",
            ),
            html.Div(
                figures.firm_card(firms, kb.huizhou_value_chain, kb.market_facts, firm_id),
                id=FIRM_CARD,
            ),
        ],
        id="vc-firms-section",
    )


REGION_COLUMNS = table_columns(
    {
        "region": "Region",
        "printed_total": ("Printed", None),
        "province_sum": ("Sum of provinces", None),
        "difference": "Diff.",
        "quote": "Passage",
    }
)


def _map_section(kb) -> html.Section:
    producers, regions = kb.china_producers_by_province, kb.china_producer_regions
    rows = figures.region_rows(producers, regions)
    printed = sum(r["printed_total"] for r in rows)
    summed = sum(r["province_sum"] for r in rows)
    differing = [r for r in rows if r["difference"] != "0"]
    where = (
        "Where they differ: "
        + "; ".join(
            f"{r['region']} prints {r['printed_total']}, its provinces add up to "
            f"{r['province_sum']}"
            for r in differing
        )
        + "."
        if differing
        else "Every region agrees with its provinces."
    )
    return html.Section(
        [
            html.H2(
                "China's EV battery producers by province (Table 1)", className="section-title"
            ),
            html.Div(
                [
                    html.Div(
                        [
                            chart(
                                MAP,
                                520,
                                figure=_figures(kb)[MAP],
                                filename=download_name(PAGE, "producers by province"),
                            ),
                            legend(
                                [
                                    ("EV battery producers (count)", figures.MAP_COLORSCALE[-1][1]),
                                    ("raw-material names only, no count", figures.RAW_ONLY_COLOR),
                                    ("not in Table 1", figures.NOT_LISTED_COLOR),
                                ]
                            ),
                            html.P(
                                "Province outlines: cn-atlas (GB/T 2260 codes), simplified; "
                                "no background map is loaded.",
                                className="source-note",
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.H3("Regional totals"),
                            data_table(
                                REGION_TABLE,
                                REGION_COLUMNS,
                                data=rows,
                                page_size=7,
                                filter_action="none",
                                sort_action="none",
                                style_data_conditional=[
                                    {
                                        "if": {"filter_query": '{difference} != "0"'},
                                        "backgroundColor": "#fff1e6",
                                    },
                                ],
                                style_cell_conditional=[
                                    {
                                        "if": {"column_id": "quote"},
                                        "fontSize": 11.5,
                                        "color": "#52606d",
                                    },
                                ],
                            ),
                            html.P(
                                f"Printed totals add up to {printed}, the provinces to {summed}. "
                                + where,
                                className="source-note",
                            ),
                            html.Div(
                                prompt(
                                    "Province",
                                    "Click a province on the map for its row of Table 1.",
                                ),
                                id=PROVINCE_PANEL,
                                className="province-panel",
                            ),
                        ],
                        className="panel",
                    ),
                ],
                className="grid-2-1",
            ),
        ],
        id="vc-map-section",
    )


FACT_COLUMNS = table_columns(
    {
        "subject": "Subject",
        "geography": "Where / firm",
        "year": "Year",
        "value": "Value",
        "quote": "Passage (seed 002)",
        "note": "Note",
    }
)


def _market_section(kb) -> html.Section:
    facts = kb.market_facts
    return html.Section(
        [
            html.H2("Market figures (seed 002)", className="section-title"),
            html.Div(
                [
                    html.Div(
                        [
                            chart(
                                CAPACITY,
                                360,
                                figure=_figures(kb)[CAPACITY],
                                filename=download_name(PAGE, "china and world gwh"),
                            ),
                            chart(
                                SHARES,
                                380,
                                figure=_figures(kb)[SHARES],
                                filename=download_name(PAGE, "shares"),
                            ),
                            chart(
                                LEARNING,
                                440,
                                figure=_figures(kb)[LEARNING],
                                filename=download_name(PAGE, "learning curve"),
                            ),
                            _rule("How the learning curve is drawn", LEARNING_CURVE_RULE),
                            chart(
                                FIRM_CAPACITY,
                                360,
                                figure=_figures(kb)[FIRM_CAPACITY],
                                filename=download_name(PAGE, "firm capacities"),
                            ),
                        ],
                        className="stack",
                    ),
                    passage_panel(
                        FACT_PANEL,
                        "Source passage",
                        "Hover a bar, point or line for its passage; click to keep it here.",
                    ),
                ],
                className="grid-2-1",
            ),
            html.H3("Every figure the paper gives", className="section-title"),
            data_table(
                FACT_TABLE,
                FACT_COLUMNS,
                data=figures.fact_table_rows(facts),
                page_size=10,
                style_cell_conditional=[
                    {"if": {"column_id": "quote"}, "fontSize": 12, "minWidth": 300},
                    {"if": {"column_id": "note"}, "fontSize": 12, "color": "#52606d"},
                ],
            ),
        ],
        id="vc-market-section",
    )


@callback(
    Output(CELL_PANEL, "children"),
    Input(MATRIX, "clickData"),
    prevent_initial_call=True,
)
def show_cell_passage(click):
    # a heatmap's clickData carries no customdata (its point number is [row, column]):
    # the cell is found by its labels
    points = (click or {}).get("points") or []
    if not points:
        raise dash.exceptions.PreventUpdate
    kb = load_knowledge()
    firm_ids = dict(zip(kb.huizhou_firms["firm"], kb.huizhou_firms["firm_id"], strict=True))
    segment_ids = {label: segment for segment, (_stage, label) in SEGMENTS.items()}
    firm_id, segment = firm_ids.get(points[0]["y"]), segment_ids.get(points[0]["x"])
    if firm_id is None or segment is None:
        raise dash.exceptions.PreventUpdate
    return figures.chain_cell_panel(kb.huizhou_value_chain, firm_id, segment)


@callback(
    Output(FIRM_CARD, "children"), Input(param_id("vc_firm"), "value"), prevent_initial_call=True
)
def show_firm(firm_id):
    kb = load_knowledge()
    if firm_id not in set(kb.huizhou_firms["firm_id"]):
        raise dash.exceptions.PreventUpdate
    return figures.firm_card(kb.huizhou_firms, kb.huizhou_value_chain, kb.market_facts, firm_id)


@callback(
    Output(PROVINCE_PANEL, "children"),
    Input(MAP, "clickData"),
    prevent_initial_call=True,
)
def show_province(click):
    point = _first_point(click)
    return figures.province_panel(
        load_knowledge().china_producers_by_province, point["customdata"][0]
    )


@callback(
    Output(FACT_PANEL, "children"),
    *[Input(graph, "clickData") for graph in FACT_CHARTS],
    prevent_initial_call=True,
)
def show_fact(*clicks):
    click = clicks[FACT_CHARTS.index(ctx.triggered_id)]
    point = _first_point(click)
    return figures.fact_panel(load_knowledge().market_facts, point["customdata"][0])


def _first_point(click: dict | None) -> dict:
    points = (click or {}).get("points") or []
    if not points or not points[0].get("customdata"):
        raise dash.exceptions.PreventUpdate
    return points[0]
