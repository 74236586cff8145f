"""Early warning: new entrants, rising and bursting technologies, concentration, a firm's
moves and new ties, each row opening the patents behind it.

URL parameters (besides the global filters): ``ew_recent`` and ``ew_base`` (window
lengths in years), ``ew_min`` (patents that make a new entrant), ``ew_alpha`` (family-wise
significance of rising codes and bursts), ``ew_s`` and ``ew_gamma`` (Kleinberg's burst
parameters) and ``ew_firm`` (the applicant whose moves are shown).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis.early_warning import DEFAULT_BASELINE, DEFAULT_RECENT, Thresholds
from app.i18n import N_, _, format_int
from app.pages.early_warning import data, figures
from app.store import corpora
from app.ui import ids, urlstate
from app.ui.blocks import explanation, page_header, page_title
from app.ui.charts import chart, download_name, graph_config
from app.ui.controls import labelled, param_dropdown, param_number
from app.ui.tables import csv_safe, data_table, table_columns, table_id
from app.ui.urlstate import Param, param_id

dash.register_page(
    __name__,
    path="/early-warning",
    name=N_("Early warning"),
    order=7,
    title=page_title(N_("Early warning")),
)

PAGE = "early-warning"
PATH = "/early-warning"
WINDOWS_NOTE = "ew-windows-note"
CODES_NOTE = "ew-codes-note"
CHANGE_CARDS = "ew-change"
FIRM_NOTE = "ew-firm-note"
PATENTS_PANEL = "ew-patents"
SELECTED = "ew-selected"  # dcc.Store: {"signal": ..., "position": ...} of the row clicked
PATENTS_CSV = "ew-patents-csv"
PATENTS_CSV_BUTTON = "ew-patents-csv-button"
CHARTS = {
    "new_entrants": "ew-entrants-chart",
    "rising_codes": "ew-rising-chart",
    "bursts": "ew-bursts-chart",
    "concentration": "ew-concentration-chart",
}
TABLES = {signal: f"ew-{signal.replace('_', '-')}" for signal in data.SIGNALS}
PATENTS_SHOWN = 50
ALPHAS = {"0.001": "0.1%", "0.01": "1%", "0.05": "5%"}
RATES = {"1.5": "1.5", "2": "2", "3": "3"}
GAMMAS = {"0.5": "0.5", "1": "1", "2": "2"}
urlstate.int_param("ew_recent", DEFAULT_RECENT, 1, 10)
urlstate.int_param("ew_base", DEFAULT_BASELINE, 1, 30)
urlstate.int_param("ew_min", Thresholds.entrant_min_patents, 1, 100)
urlstate.choice_param("ew_alpha", "0.01", tuple(ALPHAS))
urlstate.choice_param("ew_s", "2", tuple(RATES))
urlstate.choice_param("ew_gamma", "1", tuple(GAMMAS))
urlstate.register_param(Param("ew_firm", "", str))
PAGE_PARAMS = ("ew_recent", "ew_base", "ew_min", "ew_alpha", "ew_s", "ew_gamma", "ew_firm")


def _columns() -> dict[str, list[dict]]:
    """Every table's columns, headers in the request's language."""
    patents = _("Patents")
    first_year = _("First year")
    return {
        "new_entrants": table_columns(
            {
                "name": _("Applicant"),
                "country": _("Country"),
                "kind": _("Kind"),
                "first_year": (first_year, None),
                "patents": (_("Patents in the recent window"), ",d"),
            }
        ),
        "foreign_entrants": table_columns(
            {
                "office": _("Office"),
                "name": _("Applicant"),
                "country": _("Applicant country"),
                "first_year": (_("First filing there"), None),
                "patents": (_("Filings there, recent window"), ",d"),
            }
        ),
        "rising_codes": table_columns(
            {
                "code": _("Code"),
                "title": _("Title"),
                "baseline_pct": (_("Baseline share (%)"), ".2f"),
                "recent_pct": (_("Recent share (%)"), ".2f"),
                "growth_points": (_("Change (points)"), "+.2f"),
                "g2": ("G²", ".1f"),
                "p_value": (_("p (family-wise)"), ".2g"),
                "patents": (_("Recent patents"), ",d"),
            }
        ),
        "bursts": table_columns(
            {
                "name": _("Code or applicant"),
                "kind": _("Kind"),
                "start": (_("From"), None),
                "end": (_("To"), None),
                "strength": (_("Strength"), ".2f"),
                "patents": (patents, ",d"),
                "expected": (_("Expected at the base rate"), ".1f"),
                "p_value": (_("p (corrected)"), ".2g"),
                "ongoing": _("Ongoing"),
            }
        ),
        "concentration": table_columns(
            {
                "year": _("Year"),
                "patents": (patents, ",d"),
                "applicants": (_("Applicants"), ",d"),
                "cr4_pct": (_("CR4 (%)"), ".1f"),
                "cr8_pct": (_("CR8 (%)"), ".1f"),
                "hhi": ("HHI", ",.0f"),
                "band": _("Band"),
                "top": _("Four largest"),
            }
        ),
        "new_ties": table_columns(
            {
                "pair": _("Pair"),
                "kind": _("Kind"),
                "status": _("Status"),
                "first_year": (_("First joint patent"), None),
                "baseline_patents": (_("Joint patents, baseline"), ",d"),
                "recent_patents": (_("Joint patents, recent"), ",d"),
                "growth": (_("Growth of the yearly rate"), ".1f"),
            }
        ),
        "firm_codes": table_columns(
            {
                "code": _("Code"),
                "title": _("Title"),
                "first_year": (first_year, None),
                "patents": (_("Recent patents"), ",d"),
            }
        ),
        "firm_partners": table_columns(
            {
                "name": _("Partner"),
                "country": _("Country"),
                "first_year": (_("First joint patent"), None),
                "patents": (_("Joint patents, recent"), ",d"),
            }
        ),
    }


def _table(signal: str, columns: dict[str, list[dict]], page_size: int = 10) -> html.Div:
    return data_table(TABLES[signal], columns[signal], page_size=page_size)


def _controls(state: dict) -> html.Div:
    return html.Div(
        [
            labelled(
                _("Recent window (years)"), param_number("ew_recent", state["ew_recent"], 1, 10)
            ),
            labelled(
                _("Baseline window (years)"), param_number("ew_base", state["ew_base"], 1, 30)
            ),
            labelled(
                _("New entrant: at least (patents)"),
                param_number("ew_min", state["ew_min"], 1, 100),
            ),
            labelled(
                _("Significance level"), param_dropdown("ew_alpha", ALPHAS, state["ew_alpha"])
            ),
            labelled(_("Burst rate s"), param_dropdown("ew_s", RATES, state["ew_s"])),
            labelled(
                _("Burst entry cost γ"), param_dropdown("ew_gamma", GAMMAS, state["ew_gamma"])
            ),
        ],
        className="controls ew-controls",
    )


def layout(**query) -> html.Div:
    state = urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS))
    columns = _columns()
    sections = [
        html.H2(_("New entrants"), className="section-title"),
        html.P(
            _(
                "Applicants whose first patent in this selection falls in the recent window, "
                "ranked by their patents there. Below: foreign entrants, applicants from "
                "another country filing at an office for the first time (at the EPO: from "
                "outside the European Patent Convention states)."
            ),
            className="panel-lead",
        ),
        html.Div(
            [chart(CHARTS["new_entrants"], 380), _table("new_entrants", columns)],
            className="grid-1-1",
        ),
        html.H3(_("Foreign entrants by office"), className="subsection-title"),
        _table("foreign_entrants", columns),
        html.H2(_("Rising and bursting technologies"), className="section-title"),
        html.Div(id=CODES_NOTE),
        html.Div(
            [chart(CHARTS["rising_codes"], 380), _table("rising_codes", columns)],
            className="grid-1-1",
        ),
        html.H3(_("Bursts"), className="subsection-title"),
        chart(CHARTS["bursts"], 420),
        _table("bursts", columns),
        html.H2(_("Concentration"), className="section-title"),
        html.Div(id=CHANGE_CARDS, className="headline-row"),
        chart(CHARTS["concentration"], 400),
        _table("concentration", columns, page_size=12),
        html.H2(_("A firm's moves"), className="section-title"),
        html.Div(
            labelled(
                _("Applicant"),
                param_dropdown(
                    "ew_firm",
                    {},
                    state["ew_firm"] or None,
                    # the linked firm among the options from the start, or the dropdown
                    # would drop it (and the URL with it) before update_firm fills them
                    options=[state["ew_firm"]] if state["ew_firm"] else [],
                    searchable=True,
                    clearable=True,
                    placeholder=_("Choose an applicant"),
                ),
                "ew-firm",
            ),
            className="controls",
        ),
        html.Div(id=FIRM_NOTE),
        html.Div(
            [
                html.Div(
                    [
                        html.H3(_("Codes entered"), className="subsection-title"),
                        _table("firm_codes", columns),
                    ]
                ),
                html.Div(
                    [
                        html.H3(_("Partners gained"), className="subsection-title"),
                        _table("firm_partners", columns),
                    ]
                ),
            ],
            className="grid-1-1",
        ),
        html.H2(_("New and strengthening ties"), className="section-title"),
        _table("new_ties", columns),
        html.H2(_("How the signals are found"), className="section-title"),
        _explanation(),
    ]
    panel = html.Div(
        [
            html.Div(_prompt(), id=PATENTS_PANEL),
            html.Button(
                _("Download these patents (CSV)"),
                id=PATENTS_CSV_BUTTON,
                className="btn btn-outline-primary btn-sm mt-2",
                disabled=True,
            ),
            dcc.Download(id=PATENTS_CSV),
        ],
        className="panel sticky-panel",
    )
    return html.Div(
        [
            *page_header(
                _("Early warning"),
                _(
                    "What moved in the last few years of the data in front of you: who "
                    "entered, which technologies rise or burst, whether patenting "
                    "concentrates, which ties are new. The seed paper ends by recommending "
                    "“a patent early warning mechanism”; these are its signals, each with the "
                    "patents behind it. Click a row to list them."
                ),
            ),
            _controls(state),
            html.Div(id=WINDOWS_NOTE),
            dcc.Store(id=SELECTED),
            html.Div([html.Div(sections), html.Div(panel)], className="grid-3-1"),
        ]
    )


def _prompt() -> list:
    return [
        html.H3(_("Patents behind a signal")),
        html.P(_("Click a row in any list to see its patents here."), className="text-muted"),
    ]


def _explanation() -> html.Div:
    return explanation(
        [
            (
                _("Windows"),
                [
                    _(
                        "The recent window is the last complete years of the data; the "
                        "baseline the years before it. Counts by priority or filing year lose "
                        "their last years to the publication lag (about 18 months), so those "
                        "years are left out; counts by publication year (the Lens sample) "
                        "keep them. An upper year filter moves the windows back: the page "
                        "then shows what the signals said at that time."
                    )
                ],
            ),
            (
                _("Tests and thresholds"),
                [
                    _(
                        "A code rises when its share of the window's coded patents grows at "
                        "least 1.5 times, it has at least 5 recent patents, and Dunning's "
                        "log-likelihood G² is significant at the chosen level after a "
                        "Bonferroni correction over every code tested."
                    ),
                    _(
                        "Bursts follow Kleinberg's two-state automaton on yearly counts, as "
                        "CiteSpace runs it: the burst rate is s times the base rate, entering "
                        "a burst costs γ·ln(years). A burst is kept when its rate beats the "
                        "rate outside it at the chosen level, corrected for every entity and "
                        "every period that could have been chosen. Strength is the "
                        "automaton's weight."
                    ),
                ],
            ),
            (
                _("Concentration and ties"),
                [
                    _(
                        "CR4 and CR8 are the shares of patents held by the four and eight "
                        "largest applicants, HHI the sum of squared shares (0 to 10,000; "
                        "above 1,800 highly concentrated, U.S. merger guidelines 2023). A "
                        "joint patent is split equally among its applicants."
                    ),
                    _(
                        "A tie is new when a pair's first joint patent falls in the recent "
                        "window, renewed when it had joint patents only before the baseline, "
                        "strengthening when its yearly rate at least doubles."
                    ),
                ],
            ),
        ]
    )


def _settings(view: dict) -> tuple[int, int, Thresholds, str]:
    """(recent, baseline, thresholds, firm) from the view state."""
    state = urlstate.view_params(view, PAGE_PARAMS)
    thresholds = Thresholds(
        entrant_min_patents=state["ew_min"],
        alpha=float(state["ew_alpha"]),
        burst_s=float(state["ew_s"]),
        burst_gamma=float(state["ew_gamma"]),
    )
    return state["ew_recent"], state["ew_base"], thresholds, state["ew_firm"] or ""


def _fix_href(view: dict, baseline: int) -> str:
    """This view with a ``baseline``-year baseline window."""
    state = {**view, "ew_base": baseline}
    if state.get("ds") == corpora.DEFAULT_DATASET:
        state["ds"] = None
    return PATH + urlstate.encode_query(state)


def _source(dataset_id: str) -> str:
    meta = services.dataset_summary(dataset_id).meta
    source = meta.attribution or meta.label
    return _("SYNTHETIC data — {source}").format(source=source) if meta.synthetic else source


SIGNAL_OUTPUTS = [
    Output(WINDOWS_NOTE, "children"),
    Output(CODES_NOTE, "children"),
    Output(CHANGE_CARDS, "children"),
    *[
        Output(CHARTS[name], prop)
        for name in ("new_entrants", "rising_codes", "bursts", "concentration")
        for prop in ("figure", "config")
    ],
    *[
        Output(table_id(TABLES[name]), prop)
        for name in data.MAIN_SIGNALS
        for prop in ("data", "active_cell")
    ],
]


@callback(*SIGNAL_OUTPUTS, Input(ids.VIEW, "data"))
def update_signals(view):
    """Every list, chart and note of the page for the view's dataset, filters and settings."""
    if view is None or "ew_recent" not in view:
        raise PreventUpdate
    dataset_id, filters = services.view_filters(view)
    recent, baseline, thresholds, _firm = _settings(view)
    result = data.signals(dataset_id, filters, recent, baseline, thresholds)
    windows = result.windows
    source = _source(dataset_id)
    fix = _fix_href(view, windows.shortfall.max_baseline) if windows.shortfall else None
    codes_note = (
        None
        if result.has_codes
        else html.Div(
            _(
                "This dataset has no IPC or CPC codes, so no technology can rise or burst "
                "here; bursts below are of applicants. Load an export with codes on the Data "
                "page, or choose the EPO OPS sample."
            ),
            className="source-note",
        )
    )
    key = filters.key()

    def config(what: str) -> dict:
        return graph_config(download_name(PAGE, what, key))

    charts = [
        figures.entrants_figure(result.new_entrants, source),
        config("new entrants"),
        figures.rising_figure(result.rising_codes, source),
        config("rising technologies"),
        figures.bursts_figure(result.bursts, windows, source),
        config("bursts"),
        figures.concentration_figure(result.concentration, windows, source),
        config("concentration"),
    ]
    tables = [
        figures.entrant_rows(result.new_entrants),
        None,
        figures.foreign_rows(result.foreign_entrants),
        None,
        figures.rising_rows(result.rising_codes),
        None,
        figures.burst_rows(result.bursts),
        None,
        figures.concentration_rows(result.concentration),
        None,
        figures.tie_rows(result.new_ties),
        None,
    ]
    cards = figures.change_cards(result.concentration_change, windows)
    return figures.windows_note(windows, fix), codes_note, cards, *charts, *tables


@callback(
    Output(param_id("ew_firm"), "options"),
    Output(FIRM_NOTE, "children"),
    Output(table_id(TABLES["firm_codes"]), "data"),
    Output(table_id(TABLES["firm_codes"]), "active_cell"),
    Output(table_id(TABLES["firm_partners"]), "data"),
    Output(table_id(TABLES["firm_partners"]), "active_cell"),
    Input(ids.VIEW, "data"),
)
def update_firm(view):
    """The applicants to choose from and the chosen one's new codes and partners."""
    if view is None or "ew_recent" not in view:
        raise PreventUpdate
    dataset_id, filters = services.view_filters(view)
    recent, baseline, _thresholds, firm = _settings(view)
    choices = data.applicant_choices(dataset_id, filters)
    options = [{"label": f"{name} ({format_int(n)})", "value": name} for name, n in choices]
    if firm and firm not in dict(choices):
        options.append({"label": firm, "value": firm})
    if not firm:
        note = html.P(
            _(
                "Choose an applicant to see the codes it entered and the partners it gained "
                "in the recent window."
            ),
            className="text-muted",
        )
        return options, note, [], None, [], None
    moves = data.firm_signal(dataset_id, filters, recent, baseline, firm)
    if not moves.found:
        note = html.P(
            _("{firm} has no patents in this selection.").format(firm=firm), className="message"
        )
    else:
        note = html.P(
            _("{firm}: {n} patents in the recent window.").format(
                firm=firm, n=format_int(moves.recent_patents)
            ),
            className="source-note",
        )
    return (
        options,
        note,
        figures.firm_code_rows(moves),
        None,
        figures.firm_partner_rows(moves),
        None,
    )


@callback(
    Output(PATENTS_PANEL, "children"),
    Output(SELECTED, "data"),
    Output(PATENTS_CSV_BUTTON, "disabled"),
    *[Input(table_id(TABLES[name]), "active_cell") for name in data.SIGNALS],
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def open_patents(*args):
    """The patents behind the row clicked last (the lists' rows carry their position)."""
    view = args[-1]
    cells = dict(zip(data.SIGNALS, args[:-1], strict=True))
    trigger = ctx.triggered_id
    signal = next((s for s in data.SIGNALS if trigger == table_id(TABLES[s])), None)
    cell = cells.get(signal) if signal else None
    if view is None or not cell or cell.get("row_id") is None:
        return _prompt(), None, True
    selected = {"signal": signal, "position": int(cell["row_id"])}
    found = _selected_patents(view, selected)
    return figures.patents_panel(found, PATENTS_SHOWN), selected, False


def _selected_patents(view: dict, selected: dict):
    dataset_id, filters = services.view_filters(view)
    recent, baseline, thresholds, firm = _settings(view)
    result = data.signals(dataset_id, filters, recent, baseline, thresholds)
    moves = data.firm_signal(dataset_id, filters, recent, baseline, firm) if firm else None
    ids_ = data.row_patent_ids(result, moves, selected["signal"], selected["position"])
    return data.patents_behind(dataset_id, filters, ids_)


@callback(
    Output(PATENTS_CSV, "data"),
    Input(PATENTS_CSV_BUTTON, "n_clicks"),
    State(SELECTED, "data"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def download_patents(_clicks, selected, view):
    """The patents behind the selected row as CSV (every one, not only those listed)."""
    if not selected or view is None:
        raise PreventUpdate
    found = _selected_patents(view, selected)
    found.columns = [_("Number"), _("Year"), _("Office"), _("Title"), _("Applicants")]
    name = download_name(
        PAGE,
        f"patents {selected['signal']} {selected['position'] + 1}",
        services.view_filters(view)[1].key(),
    )
    return dcc.send_data_frame(csv_safe(found).to_csv, name + ".csv", index=False)
