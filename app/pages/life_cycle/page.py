"""Life cycle: S-curves on cumulative patent counts, stages, and the stage diagram, per country.

URL parameters (besides the global filters): ``lc_src`` (oecd / iea / corpus), ``lc_dom``
(the OECD or IEA domain), ``lc_model`` (best / logistic / gompertz / both), ``lc_cty`` (ISO3
countries for OECD/IEA) and ``lc_by`` (stage diagram by applicant country or IPC theme).
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, dcc, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.analysis.filters import Filters
from app.config import settings
from app.i18n import N_
from app.ingest.indicators import IndicatorFileError
from app.pages.life_cycle import data
from app.pages.life_cycle.figures import (
    diagram_height,
    diagram_message,
    fit_card,
    lifecycle_figure,
    panel_key,
    stage_diagram_figure,
)
from app.ui import ids, urlstate
from app.ui.blocks import explanation, page_header, page_title
from app.ui.charts import chart, download_name, graph_config
from app.ui.controls import labelled, param_dropdown, param_radio
from app.ui.tables import data_table, table_columns, table_id, table_rows
from app.ui.urlstate import Param, param_id

dash.register_page(
    __name__,
    path="/life-cycle",
    name=N_("Life cycle"),
    order=3,
    title=page_title(N_("Life cycle")),
)

PAGE = "life-cycle"
PANELS = "lc-panels"
SOURCE_NOTE = "lc-source-note"
COUNTRY_HINT = "lc-country-hint"
TABLE = "lc-comparison"
DIAGRAM = "lc-diagram"
DIAGRAM_NOTE = "lc-diagram-note"
TABLE_COLUMNS = table_columns(
    {
        "group": "Country / group",
        "model": "Model",
        "stage": "Stage",
        "stage_range": "Stage range",
        "share_of_K_pct": ("Share of K (%)", ".0f"),
        "K": ("Saturation K", ",.0f"),
        "K_low": ("K 95% low", ",.0f"),
        "K_high": ("K 95% high", ",.0f"),
        "inflection_year": ("Inflection year", ".1f"),
        "growth_time": ("Growth time 10→90% (years)", ".1f"),
        "r2": ("R²", ".3f"),
        "aic": ("AIC", ".1f"),
        "years": "Years fitted",
        "note": "Note",
    }
)

SOURCE_LABELS = {"oecd": "OECD PAT_DEV", "iea": "IEA", "corpus": "Active dataset"}
MODEL_LABELS = {
    "best": "Best by AIC",
    "logistic": "Logistic",
    "gompertz": "Gompertz",
    "both": "Both curves",
}
BY_LABELS = {"country": "applicant country", "theme": "IPC theme"}
ATTRIBUTION = {
    "oecd": "OECD, Patents – technology development (PAT_DEV)",
    "iea": "IEA energy-technology patents (CC BY 4.0)",
}


def _parse_codes(text: str) -> list[str]:
    """Country codes in the order given, upper case, without repeats."""
    return list(dict.fromkeys(p.strip().upper() for p in text.split(",") if p.strip()))


urlstate.choice_param("lc_src", "oecd", tuple(SOURCE_LABELS))
# "" stands for the source's own default domain (batteries, e-Mobility), so that a link
# naming only the source is already canonical and opening it does not rewrite the URL.
urlstate.register_param(Param("lc_dom", "", str))
urlstate.choice_param("lc_model", "best", tuple(MODEL_LABELS))
urlstate.register_param(
    Param("lc_cty", list(lcv.SEED_COUNTRIES_ISO3), _parse_codes, lambda v: ",".join(v))
)
urlstate.choice_param("lc_by", "country", tuple(BY_LABELS))
PAGE_PARAMS = ("lc_src", "lc_dom", "lc_model", "lc_cty", "lc_by")


def _consistent(state: dict) -> dict:
    """An OECD/IEA source always comes with one of its own domains ("" for its default)."""
    if "lc_src" in state:
        state["lc_dom"] = lcv.canonical_domain(state["lc_src"], state.get("lc_dom"))
    return state


def _domain(source: str, value: str) -> str:
    """The domain id a control value stands for."""
    return value or lcv.default_domain(source)


urlstate.register_normaliser("life-cycle", _consistent)


def _domain_info(source: str, domain: str) -> tuple[str, bool]:
    """(label, annual) of an OECD/IEA domain; annual OECD domains count families in 2+ offices."""
    for d, label, annual in lcv.domain_choices(source):
        if d == domain:
            return label, annual
    return domain, True


def _domain_options(source: str) -> list[dict]:
    """The source's domains, its default as "". For the corpus (the control is disabled)
    every domain, so the value kept for a switch back stays among the options and the
    dropdown does not clear it."""
    if source not in lcv.SOURCES:
        options = {"": {"label": "Batteries (OECD) / e-Mobility (IEA)", "value": ""}}
        for src in lcv.SOURCES:
            for domain, label, _ in lcv.domain_choices(src):
                if domain != lcv.default_domain(src):
                    options.setdefault(domain, {"label": label, "value": domain})
        return list(options.values())
    default = lcv.default_domain(source)
    return [
        {
            "label": label if annual else f"{label} (sample years: no curve)",
            "value": "" if domain == default else domain,
        }
        for domain, label, annual in lcv.domain_choices(source)
    ]


def _country_options() -> list[dict]:
    try:
        return [{"label": label, "value": code} for code, label in data.indicator_country_options()]
    except IndicatorFileError:
        return []


def layout(**query) -> html.Div:
    state = _consistent(urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS)))
    source = state["lc_src"]
    lag = settings().publication_lag_months
    controls = html.Div(
        [
            labelled("Counts from", param_radio("lc_src", SOURCE_LABELS, source), "lc-source"),
            labelled(
                "Technology domain",
                param_dropdown(
                    "lc_dom",
                    {},
                    state["lc_dom"],
                    options=_domain_options(source),
                    disabled=source == "corpus",
                ),
                "lc-domain",
            ),
            labelled(
                "S-curve", param_dropdown("lc_model", MODEL_LABELS, state["lc_model"]), "lc-model"
            ),
            labelled(
                "Countries to compare (OECD / IEA)",
                param_dropdown(
                    "lc_cty",
                    {},
                    state["lc_cty"],
                    options=_country_options(),
                    multi=True,
                    clearable=True,
                    searchable=True,
                    placeholder="Choose countries",
                    disabled=source == "corpus",
                ),
                "lc-countries",
            ),
        ],
        className="controls lc-controls",
    )
    return html.Div(
        [
            *page_header(
                "Technology life cycle",
                [
                    "How far has each country's battery patenting come towards its saturation "
                    "level? An S-curve fitted to the cumulative patent count gives the stage: "
                    "emerging, growth, maturity or saturation. The seed paper judges the field "
                    "to be in “the current growth stage”; here the stage is computed, with its "
                    "uncertainty, and the fit is refused where the data cannot carry one.",
                ],
            ),
            controls,
            html.Div(id=COUNTRY_HINT, className="source-note lc-hint"),
            html.Div(id=SOURCE_NOTE, className="source-note lc-source-note"),
            dcc.Loading(html.Div(id=PANELS, className="lc-grid"), type="dot", delay_show=300),
            html.H2("Comparison", className="section-title"),
            data_table(
                TABLE,
                TABLE_COLUMNS,
                page_size=12,
                style_cell_conditional=[
                    {"if": {"column_id": "note"}, "minWidth": "220px"},
                    {"if": {"column_id": "group"}, "minWidth": "120px"},
                    {"if": {"column_id": "model"}, "minWidth": "140px"},
                ],
            ),
            html.H2("Stage diagram: applicants against patents", className="section-title"),
            html.Div(
                [
                    html.Div(
                        labelled("Paths by", param_radio("lc_by", BY_LABELS, state["lc_by"])),
                        className="controls",
                    ),
                    html.Div(id=DIAGRAM_NOTE),
                    chart(DIAGRAM, 620),
                ],
            ),
            html.H2("How the stage is computed", className="section-title"),
            _explanation(lag),
        ]
    )


def _explanation(lag: int) -> html.Div:
    low, mid, high = (f"{t:.0%}" for t in lc.STAGE_THRESHOLDS)
    step = "applicants up, patents up"
    stage = [
        "Patents are added up year by year. A technology's cumulative count typically follows "
        "an S-curve: a slow start, fast growth, then a levelling off at a saturation level K. "
        "Two curves are fitted: the logistic (symmetric about its inflection year) and the "
        "Gompertz (a slower approach to K); “best by AIC” keeps the one with the lower Akaike "
        "information criterion. Past the data the curve goes on, faded, as a projection (at "
        "most 12 years ahead).",
        [
            "The stage is the share of K reached in the last complete year: ",
            html.B("emerging"),
            f" below {low}, ",
            html.B("growth"),
            f" {low} to {mid}, ",
            html.B("maturity"),
            f" {mid} to {high}, ",
            html.B("saturation"),
            f" {high} and above (the shaded bands on the cumulative axis). K is uncertain; its "
            "95% interval gives the stage range. Where the range spans stages, read the range, "
            "not the point stage. Where the two curves disagree, the card says so.",
        ],
    ]
    refusals = [
        f"Patents are published about {lag} months after they are filed, so the latest years "
        "of a count by priority or filing year are still filling up. A year counts as complete "
        f"once it ended at least {lag} months before the end of the data's latest year; the "
        "rest are left out of the fit and drawn hatched grey. Counts by publication year (the "
        "Lens sample) have no such gap.",
        "No curve is drawn, and the card says why, when the series is too short (under "
        f"{lc.MIN_YEARS} years), has gaps (the OECD series with sample years only), never "
        "grows, is described as well by a constant annual rate, shows no saturation in sight, "
        f"or fits poorly (R² below {lc.MIN_R2:g}).",
    ]
    diagram = [
        "Each point is a year: active applicants across, patents up, joined in time order. A "
        f"step with {step} is growth; fewer applicants with more patents, maturity "
        "(consolidation); both down, decline; more applicants with fewer patents, "
        "fragmentation; growth after a decline, revival. It needs applicant names, so it is "
        "drawn for the active patent dataset only.",
        "Country counts: OECD, Patents – technology development (PAT_DEV), patent families by "
        "inventor country and priority year, fractional counts; IEA energy-technology patents "
        "(CC BY 4.0). Patent records: Lens.org; EPO / Espacenet OPS. Method after Ernst (1997) "
        "and Haupt, Kloyer and Lange (2007); the seed paper (NEV battery patents, "
        "000_5dd285f0fd220e8f) reads the stage from patent counts.",
    ]
    return explanation(
        [
            ("The stage", stage),
            ("Incomplete years and refusals", refusals),
            ("The stage diagram and the sources", diagram),
        ]
    )


def _view_state(view: dict) -> tuple[str, str, str, list[str], str]:
    state = _consistent(
        {name: view.get(name, urlstate.PARAMS[name].default) for name in PAGE_PARAMS}
    )
    return (
        state["lc_src"],
        _domain(state["lc_src"], state["lc_dom"]) if state["lc_src"] in lcv.SOURCES else "",
        state["lc_model"],
        state["lc_cty"] or [],
        state["lc_by"],
    )


@callback(
    Output(param_id("lc_dom"), "options"),
    Output(param_id("lc_dom"), "disabled"),
    Output(param_id("lc_cty"), "disabled"),
    Output(COUNTRY_HINT, "children"),
    Input(ids.VIEW, "data"),
)
def update_controls(view):
    """Domain list of the chosen source; the country list applies to OECD/IEA only."""
    if view is None or "lc_src" not in view:
        raise PreventUpdate
    source = _view_state(view)[0]
    if source == "corpus":
        hint = (
            "Active dataset: the filter bar's applicant countries, years and IPC theme apply; "
            "with no country chosen, the seed paper's five countries are compared."
        )
    else:
        hint = (
            "OECD and IEA series are shown in full: the filter bar applies to the active "
            "dataset (the stage diagram below), not to these country counts."
        )
    return _domain_options(source), source == "corpus", source == "corpus", hint


def _source_line(source: str, domain: str) -> str:
    """The chart subtitle naming an OECD/IEA series."""
    label, annual = _domain_info(source, domain)
    if source == "oecd":
        return f"OECD PAT_DEV · {label} · families in {2 if annual else 4}+ offices · priority year"
    return f"IEA energy-technology patents · {label} · priority year"


class _Plan(NamedTuple):  # not a dataclass: Dash runs page modules outside sys.modules
    """What the panels show: which groups of which series, and what to say about it."""

    groups: tuple[str, ...]
    dataset_id: str  # "" for OECD/IEA, so that the memo key ignores the active dataset
    filters: Filters  # Filters() for OECD/IEA, likewise
    chart_line: str  # chart subtitle: the source
    note: str  # the line under the controls: the source in full, the counting rules
    message: html.Div | None = None  # instead of panels: why there are none


def _corpus_plan(dataset_id: str, filters: Filters) -> _Plan:
    summary = services.dataset_summary(dataset_id)
    meta = summary.meta
    present = [code for code, _ in summary.countries]
    groups = tuple(lcv.corpus_groups(filters.countries, present))
    attribution = meta.attribution or meta.label
    tag = "SYNTHETIC data — " if meta.synthetic else ""
    source_line = f"{tag}{meta.label} ({attribution})"
    chart_line = f"{tag}{attribution} · {summary.year_basis} year"
    as_of, lag = data.corpus_context(dataset_id)
    message = None
    if as_of is None:
        message = html.Div(
            [
                "This dataset has no dated patents, so there is no series to fit. See the ",
                dcc.Link("Data page", href="/data"),
                ".",
            ],
            className="message",
        )
    elif services.filtered_corpus(dataset_id, filters).patents.empty:
        message = html.Div(
            "No patents match these filters. Widen the years or clear the country filter.",
            className="message",
        )
    if message is not None:
        return _Plan((), dataset_id, filters, chart_line, source_line, message)
    cut = (
        f"complete to {lc.last_complete_year(as_of, lag)} ({lag}-month publication lag)"
        if lag
        else "counted by publication year: no publication lag applies"
    )
    note = (
        f"{source_line}; patents and active applicants per {summary.year_basis} year under "
        "the global filters; an applicant country counts a patent when one of its applicants "
        f"is from there; data as of {as_of}, {cut}."
    )
    return _Plan(groups, dataset_id, filters, chart_line, note)


def _indicator_plan(source: str, domain: str, countries: list[str]) -> _Plan:
    label, annual = _domain_info(source, domain)
    if source == "oecd":
        note = (
            f"{ATTRIBUTION['oecd']}: {label}, patent families filed in {2 if annual else 4} "
            "or more offices, by inventor country and priority year, fractional counts."
        )
    else:
        note = f"{ATTRIBUTION['iea']}: {label}, by inventor country and priority year."
    if not annual:
        note += (
            " This domain is published for sample years only (1960, 1970, …, 2020): "
            "an S-curve needs every year. Batteries and Energy storage are annual."
        )
    message = (
        None
        if countries
        else html.Div("Choose one or more countries to compare.", className="message")
    )
    return _Plan(tuple(countries), "", Filters(), _source_line(source, domain), note, message)


@callback(
    Output(PANELS, "children"),
    Output(SOURCE_NOTE, "children"),
    Output(table_id(TABLE), "data"),
    Input(ids.VIEW, "data"),
)
def update_panels(view):
    """One panel per country (chart + fit card) and the comparison table."""
    if view is None or "lc_src" not in view:
        raise PreventUpdate
    source, domain, model, countries, _ = _view_state(view)
    dataset_id, filters = services.view_filters(view)
    if source == "corpus":
        plan = _corpus_plan(dataset_id, filters)
    else:
        plan = _indicator_plan(source, domain, countries)
    if plan.message is not None:
        return plan.message, plan.note, []
    try:
        items = [
            (g, data.group_lifecycle(source, domain, g, model, plan.dataset_id, plan.filters))
            for g in plan.groups
        ]
    except IndicatorFileError as exc:
        return html.Div(f"The OECD/IEA counts cannot be read: {exc}", className="message"), "", []
    panels, table_items = [], []
    for group, result in items:
        label = data.group_label(source, group)
        what = label if source == "corpus" else f"{label} {domain}"
        config = graph_config(download_name(PAGE, what, plan.filters.key()))
        figure = lifecycle_figure(result, label, plan.chart_line)
        panels.append(
            html.Div(
                [
                    chart(f"lc-chart-{source}-{group}", 350, figure=figure, config=config),
                    fit_card(result),
                ],
                className="lc-panel",
                **{"data-group": group},
            )
        )
        if not result.problem:
            table_items.append((label, model, result.results))
    panels.append(panel_key())
    table = lcv.comparison_table(table_items)
    rows = table_rows(table)
    return panels, plan.note, rows


@callback(
    Output(DIAGRAM, "figure"),
    Output(DIAGRAM, "config"),
    Output(DIAGRAM_NOTE, "children"),
    Output(param_id("lc_by"), "options"),
    Output(DIAGRAM, "style"),
    Input(ids.VIEW, "data"),
)
def update_diagram(view):
    """The applicants-vs-patents paths of the active dataset."""
    if view is None or "lc_src" not in view:
        raise PreventUpdate
    source, _, _, _, by = _view_state(view)
    dataset_id, filters = services.view_filters(view)
    summary = services.dataset_summary(dataset_id)
    options = [
        {"label": v, "value": k, "disabled": k == "theme" and not summary.has_ipc}
        for k, v in BY_LABELS.items()
    ]
    notes = []
    if source != "corpus":
        notes.append(
            diagram_message(
                f"The stage diagram needs the number of applicants per year, which "
                f"{SOURCE_LABELS[source]} does not publish; it is drawn here for the active "
                f"dataset, {summary.meta.label}."
            )
        )
    config = graph_config(download_name(PAGE, f"stage diagram by {by}", filters.key()))
    if by == "theme" and not summary.has_ipc:
        notes.append(
            diagram_message(
                f"{summary.meta.label} has no IPC codes, so there are no paths by IPC theme. "
                "Load an export with codes, or choose the EPO OPS sample.",
                link=True,
            )
        )
        return _empty("No IPC codes in this dataset."), config, notes, options, {"height": "300px"}
    diagram = data.stage_diagram_data(dataset_id, filters, by)
    labels = {g: data.group_label("corpus", g) for g in diagram.groups}
    attribution = summary.meta.attribution or summary.meta.label
    tag = "SYNTHETIC data — " if summary.meta.synthetic else ""
    source_line = (
        f"{tag}{summary.meta.label} ({attribution}); by {BY_LABELS[by]}, {summary.year_basis} year"
    )
    figure = stage_diagram_figure(diagram, labels, source_line)
    style = {"height": f"{diagram_height(diagram)}px"}
    return figure, config, notes, options, style


def _empty(message: str):
    from app.ui.charts import empty_figure

    return empty_figure(message)
