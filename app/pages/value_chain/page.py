"""Value chain: the Huizhou cluster (the study of the Chinese EV battery industry's
manufacturing competency) and China's EV battery producers.

Everything on this page comes from the paper's tables and text (data/*.csv), so it does not
follow the patent filters; every mark opens to the passage it rests on. A cell clicked in
the matrix opens its passage and its firm's card; both are kept in the URL (``vc_cell``,
``vc_firm``), so a copied link opens them again.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
from dash import Input, Output, State, callback, ctx, html

from app.analysis.valuechain import INTEGRATOR_RULE, LEARNING_CURVE_RULE
from app.i18n import N_, _, current_language
from app.ingest.knowledge_schema import SEGMENTS
from app.pages.value_chain import data, figures
from app.store.knowledge import TRANSLATION_SUFFIX, load_knowledge
from app.ui import ids
from app.ui.blocks import page_header, page_title, passage_panel, prompt
from app.ui.charts import chart, download_name, legend
from app.ui.controls import param_dropdown
from app.ui.tables import data_table, table_columns
from app.ui.urlstate import choice_param, decode_query, detail_param, param_id, with_detail

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
TRANSLATION = "quote" + TRANSLATION_SUFFIX

FIRM_PARAM = choice_param("vc_firm", "byd", tuple(figures.FIRM_FACT_GEOGRAPHY))
# the matrix cell clicked, "firm_id:segment" (its passage is shown; a link restores it)
CELL_PARAM = detail_param("vc_cell")


def _rule(title: str, text: str) -> html.Details:
    return html.Details(
        [html.Summary(title), html.Pre(text, className="rule-text")], className="passage-more"
    )


def _translated(columns: dict, translation: str, header: str) -> dict:
    """``columns`` with a column for the passages' rendering after ``quote`` (in Chinese)."""
    if current_language() != "zh":
        return columns
    out = {}
    for column, spec in columns.items():
        out[column] = spec
        if column in ("quote", "strategy_quote"):
            out[translation] = header
    return out


def layout(**query) -> html.Div:
    kb = load_knowledge()
    firm_id = decode_query("?" + urlencode(query), ["vc_firm"])["vc_firm"]
    return html.Div(
        [
            *page_header(
                _("Value chain"),
                _(
                    "How a regional battery cluster covers the value chain, after the study "
                    "“Manufacturing Competency: Roots of Competitive Advantage of Chinese EV "
                    "Battery Industry”: the Huizhou cluster's firms, China's producers by "
                    "province, and the market figures the paper gives. This page shows the "
                    "paper's tables; the patent filters above do not apply to it."
                ),
            ),
            _matrix_section(kb),
            _classes_section(kb),
            _firms_section(kb, firm_id),
            _map_section(kb),
            _market_section(kb),
        ],
        className="vc-page",
    )


_FIGURES: dict[tuple, tuple] = {}


def _figures(kb) -> dict[str, dict]:
    """The page's figures (as plotly JSON), built once per version of the knowledge tables
    and per language.

    They do not follow the filters, and building them costs most of a page load. The
    province outlines come from the shared memo cache, so their simplification runs once
    for every worker and restart.
    """
    key = (id(kb), current_language())
    cached = _FIGURES.get(key)
    if cached is None or cached[0] is not kb:  # a new version of the tables
        facts = kb.market_facts
        built = {
            MATRIX: figures.chain_matrix_figure(kb.huizhou_value_chain, kb.huizhou_firms),
            MAP: figures.province_map_figure(
                kb.china_producers_by_province,
                data.province_outlines(),
                data.province_chinese_names(),
            ),
            CAPACITY: figures.capacity_figure(facts),
            SHARES: figures.shares_figure(facts),
            LEARNING: figures.learning_curve_figure(facts),
            FIRM_CAPACITY: figures.firm_capacity_figure(facts, kb.huizhou_firms),
        }
        if any(k[0] != id(kb) for k in _FIGURES):
            _FIGURES.clear()
        _FIGURES[key] = cached = (kb, {k: f.to_plotly_json() for k, f in built.items()})
    return cached[1]


def _matrix_section(kb) -> html.Section:
    chain = kb.huizhou_value_chain
    supported = int((chain["status"] == "supported").sum())
    return html.Section(
        [
            html.H2(
                _("Huizhou firms across the value chain (Table 2, rebuilt)"),
                className="section-title",
            ),
            html.Div(
                [
                    html.B(_("Table 2 lost its marks in our text copy.")),
                    " ",
                    _(
                        "Each of the {supported} marks below was rebuilt from the firm's row in "
                        "Table 3 (main products) or a passage of the text, and opens to that "
                        "passage. The other {empty} cells say “no evidence in our copy”: the "
                        "paper may have marked some of them, but nothing in our copy shows it."
                    ).format(supported=supported, empty=len(chain) - supported),
                ],
                className="message",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            # the matrix keeps its columns readable on a phone: it scrolls
                            html.Div(
                                chart(
                                    MATRIX,
                                    500,
                                    figure=_figures(kb)[MATRIX],
                                    filename=download_name(PAGE, "huizhou firms x segments"),
                                ),
                                className="vc-matrix-scroll",
                            ),
                            legend(
                                [
                                    (
                                        _("supported by a passage"),
                                        figures.CHAIN_COLORS["supported"],
                                    ),
                                    (
                                        _("no evidence in our copy"),
                                        figures.CHAIN_COLORS[figures.NO_EVIDENCE],
                                    ),
                                ]
                            ),
                        ],
                        className="vc-matrix-card",
                    ),
                    html.Div(_cell_prompt(), id=CELL_PANEL, className="panel"),
                ],
                className="grid-3-1",
            ),
        ],
        id="vc-matrix-section",
    )


def _cell_prompt() -> list:
    return prompt(
        _("Source passage"),
        _("Click a cell to read the passage its mark rests on; the firm's profile opens below."),
    )


CLASS_HEADERS = {
    "firm": N_("Firm"),
    "segments": (N_("Segments marked"), None),
    "stages": (N_("Stages marked"), None),
    "makes_cells": N_("Makes cells"),
    "classification": N_("Our rule"),
    "paper_strategy": N_("The paper"),
    "agrees": N_("Agree"),
    "strategy_quote": N_("The paper's passage (section 4.1)"),
}


def _headers(headers: dict) -> dict:
    return {c: _(h) if isinstance(h, str) else (_(h[0]), h[1]) for c, h in headers.items()}


def _classes_section(kb) -> html.Section:
    chain, firms = kb.huizhou_value_chain, kb.huizhou_firms
    columns = _translated(_headers(CLASS_HEADERS), "strategy_translation", _("Translation"))
    return html.Section(
        [
            html.H2(_("Vertical integrators and segment specialists"), className="section-title"),
            html.Div(
                [
                    data_table(
                        CLASS_TABLE,
                        table_columns(columns),
                        data=figures.classification_rows(chain, firms),
                        page_size=10,
                        filter_action="none",
                        style_cell_conditional=[
                            {"if": {"column_id": "firm"}, "minWidth": 110, "fontWeight": 600},
                            {"if": {"column_id": "classification"}, "minWidth": 110},
                            {"if": {"column_id": "paper_strategy"}, "minWidth": 110},
                            {
                                "if": {"column_id": "strategy_quote"},
                                "fontSize": 12,
                                "fontStyle": "italic",
                                "minWidth": 260,
                            },
                            {
                                "if": {"column_id": "strategy_translation"},
                                "fontSize": 12,
                                "minWidth": 200,
                            },
                        ],
                        style_data_conditional=[
                            {
                                "if": {"filter_query": "{{agrees}} = {}".format(_("NO"))},
                                "backgroundColor": "#fff1e6",
                            },
                        ],
                    ),
                    html.Div(
                        [
                            html.H3(_("The rule")),
                            html.P(_(INTEGRATOR_RULE).split("\n\n")[0].replace("\n", " ")),
                            _rule(_("Why this rule (with the paper's words)"), _(INTEGRATOR_RULE)),
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
    names = figures.firm_names(kb.huizhou_firms)
    return html.Section(
        [
            html.H2(_("Firm profiles (Table 3)"), className="section-title"),
            html.Div(
                html.Div(
                    [
                        html.Label(_("Firm")),
                        param_dropdown(
                            "vc_firm",
                            {},
                            firm_id,
                            options=[{"label": name, "value": fid} for fid, name in names.items()],
                            className="vc-firm-select",
                        ),
                    ]
                ),
                className="controls",
            ),
            html.Div(
                figures.firm_card(
                    kb.huizhou_firms, kb.huizhou_value_chain, kb.market_facts, firm_id
                ),
                id=FIRM_CARD,
            ),
        ],
        id="vc-firms-section",
    )


REGION_HEADERS = {
    "region": N_("Region"),
    "printed_total": (N_("Printed"), None),
    "province_sum": (N_("Sum of provinces"), None),
    "difference": N_("Diff."),
    "quote": N_("Passage"),
}


def _map_section(kb) -> html.Section:
    producers, regions = kb.china_producers_by_province, kb.china_producer_regions
    rows = figures.region_rows(producers, regions)
    printed = sum(r["printed_total"] for r in rows)
    summed = sum(r["province_sum"] for r in rows)
    differing = [r for r in rows if r["difference"] != "0"]
    where = (
        _("Where they differ: {regions}.").format(
            regions=_("; ").join(
                _("{region} prints {printed}, its provinces add up to {summed}").format(
                    region=r["region"], printed=r["printed_total"], summed=r["province_sum"]
                )
                for r in differing
            )
        )
        if differing
        else _("Every region agrees with its provinces.")
    )
    columns = _translated(_headers(REGION_HEADERS), TRANSLATION, _("Translation"))
    return html.Section(
        [
            html.H2(
                _("China's EV battery producers by province (Table 1)"), className="section-title"
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
                                    (
                                        _("EV battery producers (count)"),
                                        figures.MAP_COLORSCALE[-1][1],
                                    ),
                                    (
                                        _("raw-material names only, no count"),
                                        figures.RAW_ONLY_COLOR,
                                    ),
                                    (_("not in Table 1"), figures.NOT_LISTED_COLOR),
                                ]
                            ),
                            html.P(
                                [
                                    _(
                                        "Province outlines with national standard GB/T 2260 "
                                        "codes, simplified; no background map is loaded. Map "
                                        "data:"
                                    ),
                                    " ",
                                    html.Span("cn-atlas", className="data-value"),
                                ],
                                className="source-note",
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            html.H3(_("Regional totals")),
                            data_table(
                                REGION_TABLE,
                                table_columns(columns),
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
                                _(
                                    "Printed totals add up to {printed}, the provinces to {summed}."
                                ).format(printed=printed, summed=summed)
                                + " "
                                + where,
                                className="source-note",
                            ),
                            html.Div(
                                prompt(
                                    _("Province"),
                                    _("Click a province on the map for its row of Table 1."),
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


FACT_HEADERS = {
    "subject": N_("Subject"),
    "geography": N_("Where / firm"),
    "year": N_("Year"),
    "value": N_("Value"),
    "quote": N_("Passage (the study)"),
    "note": N_("Note"),
}


def _market_section(kb) -> html.Section:
    facts = kb.market_facts
    columns = _translated(_headers(FACT_HEADERS), TRANSLATION, _("Translation"))
    return html.Section(
        [
            html.H2(_("Market figures (from the study)"), className="section-title"),
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
                            _rule(_("How the learning curve is drawn"), _(LEARNING_CURVE_RULE)),
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
                        _("Source passage"),
                        _("Hover a bar, point or line for its passage; click to keep it here."),
                    ),
                ],
                className="grid-2-1",
            ),
            html.H3(_("Every figure the paper gives"), className="section-title"),
            data_table(
                FACT_TABLE,
                table_columns(columns),
                data=figures.fact_table_rows(facts),
                page_size=10,
                style_cell_conditional=[
                    {"if": {"column_id": "subject"}, "minWidth": 140},
                    {"if": {"column_id": "quote"}, "fontSize": 12, "minWidth": 260},
                    {"if": {"column_id": TRANSLATION}, "fontSize": 12, "minWidth": 200},
                    {"if": {"column_id": "note"}, "fontSize": 12, "color": "#52606d"},
                ],
            ),
        ],
        id="vc-market-section",
    )


def _cell(value: str | None) -> tuple[str, str] | None:
    """(firm id, segment) of a ``vc_cell`` value ("byd:cells_modules"), None if not a cell."""
    firm_id, _sep, segment = (value or "").partition(":")
    if firm_id not in figures.FIRM_FACT_GEOGRAPHY or segment not in SEGMENTS:
        return None
    return firm_id, segment


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(MATRIX, "clickData"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def select_cell(click, search):
    """A clicked cell goes into the URL with its firm (``vc_cell``, ``vc_firm``): the cell's
    passage and the firm's card open from there, and a copied link opens them again.

    The matrix is drawn on ids: the point's x is the segment, y the firm."""
    points = (click or {}).get("points") or []
    cell = _cell(f"{points[0].get('y')}:{points[0].get('x')}") if points else None
    if cell is None:
        raise dash.exceptions.PreventUpdate
    query = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "vc_firm"]
    query.append(("vc_firm", cell[0]))
    return with_detail("?" + urlencode(query), {"vc_cell": ":".join(cell)})


@callback(
    Output(CELL_PANEL, "children"),
    Input(ids.DETAIL, "data"),
    # an input of the page's own, so that the panel is drawn when the page mounts, with the
    # cell the URL already named (DETAIL itself is the shell's and may not change then)
    Input(MATRIX, "id"),
)
def show_cell(detail, _matrix):
    """The passage behind the cell the URL names (``vc_cell``), else what to do."""
    cell = _cell((detail or {}).get("vc_cell"))
    if cell is None:
        return _cell_prompt()
    kb = load_knowledge()
    return figures.chain_cell_panel(kb.huizhou_value_chain, kb.huizhou_firms, *cell)


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
