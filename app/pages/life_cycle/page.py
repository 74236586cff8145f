"""Life cycle: S-curves on cumulative patent counts, stages, and the stage diagram, per country.

URL parameters (besides the global filters): ``lc_src`` (oecd / iea / corpus), ``lc_dom``
(the OECD or IEA domain), ``lc_model`` (best / logistic / gompertz / both), ``lc_cty`` (the
countries compared, ISO3; "WLD" is the world, or all applicants of a patent dataset) and
``lc_by`` (stage diagram by applicant country or IPC theme).

One country selector: the countries compared (``lc_cty``) apply to every chart and table of
the page, whatever the source; the filter bar's country choice is hidden here (its CSS rule
names ``.lc-page``) and not applied, while its years and IPC theme apply to the patent dataset.
"""

from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple
from urllib.parse import urlencode

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from dash.exceptions import PreventUpdate

from app import services
from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.analysis.filters import Filters
from app.config import settings
from app.i18n import N_, _, current_language, format_percent_value
from app.ingest.indicators import IndicatorFileError
from app.pages.life_cycle import data
from app.pages.life_cycle.figures import (
    TERMS,
    compose,
    diagram_height,
    diagram_message,
    fit_card,
    lifecycle_figure,
    model_label,
    panel_key,
    say,
    stage_diagram_figure,
    stage_label,
    stage_range_label,
    term,
    verdict,
)
from app.ui import ids, urlstate
from app.ui.badges import dataset_label, source_name
from app.ui.blocks import explanation, page_header, page_title
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.controls import labelled, param_dropdown, param_radio
from app.ui.report import source_line
from app.ui.tables import csv_frame, csv_safe, data_table, table_columns, table_id, table_rows
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
VERDICTS = "lc-verdicts"
SOURCE_NOTE = "lc-source-note"
SCOPE = "lc-scope"
TABLE = "lc-comparison"
DIAGRAM = "lc-diagram"
DIAGRAM_NOTE = "lc-diagram-note"


def table_part(part: str) -> str | dict:
    """Ids of the comparison table (a table like every other: its sort is kept in the URL),
    its CSV button and download (answered by this page: the file is named after the
    countries compared, not the filter bar)."""
    return table_id(TABLE) if part == "table" else f"{TABLE}-{part}"


# column -> (header, d3 format or None for text); the table shows numbers rounded by their
# format, and its CSV carries them so (tables.csv_frame)
TABLE_HEADERS: dict[str, tuple[str, str | None]] = {
    "group": (N_("Country"), None),
    "model": (N_("Curve"), None),
    "stage": (N_("Stage"), None),
    "stage_range": (N_("Stage range"), None),
    "share_pct": (N_("Share of the ceiling reached (%)"), ".1f"),
    "K": (N_("Saturation level K (patents)"), ",.0f"),
    "K_low": (N_("K, 95% interval low (patents)"), ",.0f"),
    "K_high": (N_("K, 95% interval high (patents)"), ",.0f"),
    "inflection_year": (N_("Inflection year"), ".1f"),
    "growth_time": (N_("Growth time 10→90% (years)"), ".1f"),
    "r2": (N_("Goodness of fit R²"), ".3f"),
    "aic": (N_("AIC"), ".1f"),
    "years": (N_("Years fitted"), None),
    "note": (N_("Note"), None),
}
# table column -> the term whose explanation its header shows on hover
HEADER_TERMS = {
    "stage": "stage",
    "stage_range": "stage_range",
    "share_pct": "share",
    "K": "K",
    "inflection_year": "inflection",
    "growth_time": "growth_time",
    "r2": "r2",
    "aic": "aic",
}

SOURCE_LABELS = {
    "oecd": N_("OECD PAT_DEV"),
    "iea": N_("IEA"),
    "corpus": N_("The patent dataset chosen above"),
}
MODEL_CHOICE_LABELS = {
    "best": N_("Better of the two"),
    "logistic": N_("Logistic"),
    "gompertz": N_("Gompertz"),
    "both": N_("Both curves"),
}
BY_LABELS = {"country": N_("applicant country"), "theme": N_("IPC theme")}
YEAR_BASES = {
    "priority": N_("priority year"),
    "filing": N_("filing year"),
    "publication": N_("publication year"),
    "unknown": N_("year"),
}
ATTRIBUTION = {
    "oecd": N_("OECD, Patents – technology development (PAT_DEV)"),
    "iea": N_("IEA energy-technology patents (CC BY 4.0)"),
}


def _parse_codes(text: str) -> list[str]:
    """Country codes in the order given, upper case, without repeats."""
    return list(dict.fromkeys(p.strip().upper() for p in text.split(",") if p.strip()))


urlstate.choice_param("lc_src", "oecd", tuple(SOURCE_LABELS))
# "" stands for the source's own default domain (batteries, e-Mobility), so that a link
# naming only the source is already canonical and opening it does not rewrite the URL.
urlstate.register_param(Param("lc_dom", "", str))
urlstate.choice_param("lc_model", "best", tuple(MODEL_CHOICE_LABELS))
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
    """(label in the reader's language, annual) of an OECD/IEA domain."""
    for d, label, annual in lcv.domain_choices(source):
        if d == domain:
            return _(label), annual
    return domain, True


def _domain_options(source: str) -> list[dict]:
    """The source's domains, its default as "". For the corpus (the control is disabled)
    every domain, so the value kept for a switch back stays among the options and the
    dropdown does not clear it."""
    if source not in lcv.SOURCES:
        options = {"": {"label": _("Batteries (OECD) / e-Mobility (IEA)"), "value": ""}}
        for src in lcv.SOURCES:
            for domain, label, _annual in lcv.domain_choices(src):
                if domain != lcv.default_domain(src):
                    options.setdefault(domain, {"label": _(label), "value": domain})
        return list(options.values())
    default = lcv.default_domain(source)
    return [
        {
            "label": _(label)
            if annual
            else _("{domain} (sample years: no curve)").format(domain=_(label)),
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
            labelled(
                _("Counts from"),
                param_radio("lc_src", SOURCE_LABELS, source),
                "lc-source",
            ),
            labelled(
                _("Technology domain"),
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
                _("S-curve"),
                param_dropdown("lc_model", MODEL_CHOICE_LABELS, state["lc_model"]),
                "lc-model",
            ),
            labelled(
                _("Countries compared"),
                param_dropdown(
                    "lc_cty",
                    {},
                    state["lc_cty"],
                    options=_country_options(),
                    multi=True,
                    clearable=True,
                    searchable=True,
                    placeholder=_("Choose countries"),
                ),
                "lc-countries",
            ),
        ],
        className="controls lc-controls",
    )
    return html.Div(
        [
            *page_header(
                _("Technology life cycle"),
                _(
                    "How far has each country's battery patenting come towards its ceiling? "
                    "An S-curve fitted to the cumulative patent count gives the stage: "
                    "emerging, growth, maturity or saturation. The NEV battery patent study "
                    "this dashboard follows judges the field to be in “the current growth "
                    "stage”; here the stage is computed, with its uncertainty, and no curve is "
                    "drawn where the data cannot carry one."
                ),
            ),
            controls,
            html.Div(id=SCOPE, className="source-note lc-hint"),
            html.Div(
                [html.H2(_("In one line"), className="lc-verdict-title"), html.Ul(id=VERDICTS)],
                className="lc-verdicts",
            ),
            html.Div(id=SOURCE_NOTE, className="source-note lc-source-note"),
            dcc.Loading(html.Div(id=PANELS, className="lc-grid"), type="dot", delay_show=300),
            html.H2(_("Comparison"), className="section-title"),
            data_table(
                TABLE,
                _table_columns(),
                page_size=12,
                part_id=table_part,
                tooltip_header={c: _(TERMS[t][1]) for c, t in HEADER_TERMS.items()},
                tooltip_delay=0,
                tooltip_duration=None,
                style_cell_conditional=[
                    {"if": {"column_id": "note"}, "minWidth": "220px"},
                    {"if": {"column_id": "group"}, "minWidth": "110px"},
                    {"if": {"column_id": "model"}, "minWidth": "130px"},
                    {"if": {"column_id": "stage"}, "minWidth": "70px"},
                    {"if": {"column_id": "stage_range"}, "minWidth": "110px"},
                ],
            ),
            html.H2(_("Stage diagram: applicants against patents"), className="section-title"),
            html.Div(
                [
                    html.Div(
                        labelled(
                            _("Paths by"),
                            param_radio("lc_by", BY_LABELS, state["lc_by"]),
                        ),
                        className="controls",
                    ),
                    html.Div(id=DIAGRAM_NOTE),
                    # small multiples stay legible on a phone: the chart scrolls in its card
                    html.Div(chart(DIAGRAM, 620), className="lc-diagram-scroll"),
                ],
            ),
            html.H2(_("How the stage is computed"), className="section-title"),
            _explanation(lag),
        ],
        className="lc-page",
    )


def _table_columns() -> list[dict]:
    return table_columns(
        {
            column: _(header) if spec is None else (_(header), spec)
            for column, (header, spec) in TABLE_HEADERS.items()
        }
    )


def _explanation(lag: int) -> html.Div:
    low, mid, high = (format_percent_value(t, 0) for t in lc.STAGE_THRESHOLDS)
    stage = [
        _(
            "Patents are added up year by year. A technology's cumulative count typically "
            "follows an S-curve: a slow start, fast growth, then a levelling off at a saturation "
            "level K, the projected ceiling. Two curves are fitted: the logistic (symmetric about "
            "its inflection year) and the Gompertz (a slower approach to K); “better of the two” "
            "keeps the one with the lower Akaike information criterion (AIC). Past the data the "
            "curve goes on, faded, as a projection (at most 12 years ahead)."
        ),
        compose(
            _(
                "The stage is the share of K reached in the last complete year: {emerging} "
                "below {low}, {growth} {low} to {mid}, {maturity} {mid} to {high}, {saturation} "
                "{high} and above (the shaded bands on the cumulative axis). K is uncertain; its "
                "95% interval gives the stage range. Where the range spans stages, read the "
                "range, not the single stage. Where the two curves disagree, the card says so."
            ),
            low=low,
            mid=mid,
            high=high,
            **{s: term(s, stage_label(s), "lc-key-term") for s in lc.STAGES},
        ),
    ]
    refusals = [
        _(
            "Patents are published about {lag} months after they are filed, so the latest "
            "years of a count by priority or filing year are still filling up. A year counts "
            "as complete once it ended at least {lag} months before the end of the data's "
            "latest year; the rest are left out of the fit and drawn hatched grey. Counts by "
            "publication year (the Lens sample) have no such gap."
        ).format(lag=lag),
        _(
            "No curve is drawn, and the card says why, when the series is too short (under "
            "{years} years), has gaps (the OECD series with sample years only), never grows, is "
            "described as well by a constant annual rate, shows no saturation in sight, or fits "
            "poorly (R² below {r2})."
        ).format(years=lc.MIN_YEARS, r2=lc.MIN_R2),
    ]
    diagram = [
        _(
            "Each point is a year: active applicants across, patents up, joined in time order. "
            "A step with applicants up and patents up is growth; fewer applicants with more "
            "patents, maturity (consolidation); both down, decline; more applicants with fewer "
            "patents, fragmentation; growth after a decline, revival. It needs applicant names, "
            "so it is drawn from the patent dataset only."
        ),
        _(
            "Country counts: OECD, Patents – technology development (PAT_DEV), patent families "
            "by inventor country and priority year, fractional counts; IEA energy-technology "
            "patents (CC BY 4.0). Patent records: Lens.org; EPO / Espacenet OPS. Method after "
            "Ernst (1997) and Haupt, Kloyer and Lange (2007); the study of NEV battery patents "
            "this dashboard follows reads the stage from patent counts too."
        ),
    ]
    return explanation(
        [
            (_("The stage"), stage),
            (_("Incomplete years and refusals"), refusals),
            (_("The stage diagram and the sources"), diagram),
        ]
    )


class _View(NamedTuple):
    source: str
    domain: str  # "" for the corpus
    model: str
    countries: tuple[str, ...]  # ISO3, "WLD" for the world
    by: str


def _view_state(view: dict) -> _View:
    state = _consistent(
        {name: view.get(name, urlstate.PARAMS[name].default) for name in PAGE_PARAMS}
    )
    source = state["lc_src"]
    return _View(
        source,
        _domain(source, state["lc_dom"]) if source in lcv.SOURCES else "",
        state["lc_model"],
        tuple(state["lc_cty"] or ()),
        state["lc_by"],
    )


def _page_filters(view: dict) -> tuple[str, Filters]:
    """The dataset and the filter bar's years and theme: countries are chosen on the page."""
    dataset_id, filters = services.view_filters(view)
    return dataset_id, dataclasses.replace(filters, countries=())


def _corpus_countries(countries: tuple[str, ...]) -> tuple[list[str], bool]:
    """(ISO2 codes, whether the world = all applicants is asked) of the countries compared."""
    codes = [data.iso2_of_indicator(c) for c in countries if c != data.WORLD]
    return [c for c in codes if c], data.WORLD in countries


def _corpus_groups(dataset_id: str, countries: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(groups drawn, ISO2 codes compared that the dataset does not have)."""
    present = [code for code, _count in services.dataset_summary(dataset_id).countries]
    codes, world = _corpus_countries(countries)
    groups = lcv.corpus_groups(codes, present, everything=world)
    return groups, [c for c in codes if c not in groups]


@callback(
    Output(param_id("lc_dom"), "options"),
    Output(param_id("lc_dom"), "disabled"),
    Output(SCOPE, "children"),
    Input(ids.VIEW, "data"),
)
def update_controls(view):
    """Domain list of the chosen source, and what the countries and the filter bar apply to."""
    if view is None or "lc_src" not in view:
        raise PreventUpdate
    source = _view_state(view).source
    if source == "corpus":
        scope = _(
            "The countries chosen here are compared in every chart and table on this page "
            "(World: all applicants of the dataset). The filter bar's years and IPC theme apply."
        )
    else:
        scope = _(
            "The countries chosen here are compared in every chart and table on this page. "
            "The OECD and IEA counts are shown in full; the filter bar's years and IPC theme "
            "apply only to the stage diagram, which is drawn from the patent dataset."
        )
    return _domain_options(source), source == "corpus", scope


def _source_line(source: str, domain: str) -> str:
    """The chart subtitle naming an OECD/IEA series."""
    label, annual = _domain_info(source, domain)
    if source == "oecd":
        return _(
            "OECD PAT_DEV · {domain} · families filed in {offices}+ offices · priority year"
        ).format(domain=label, offices=2 if annual else 4)
    return _("IEA energy-technology patents · {domain} · priority year").format(domain=label)


def _dataset_name(meta) -> html.Span:
    """A dataset's name (its own words: a data value)."""
    return html.Span(dataset_label(meta.dataset_id, meta.label), className="data-value")


class _Plan(NamedTuple):  # not a dataclass: Dash runs page modules outside sys.modules
    """What the panels show: which groups of which series, and what to say about it."""

    groups: tuple[str, ...]
    dataset_id: str  # "" for OECD/IEA, so that the memo key ignores the active dataset
    filters: Filters  # Filters() for OECD/IEA, likewise
    chart_line: str  # chart subtitle: the source
    note: list  # the line under the controls: the source in full, the counting rules
    message: html.Div | None = None  # instead of panels: why there are none
    download_source: str | None = None  # a picture's source line, where not the dataset


def _synthetic_tag(meta) -> str:
    return _("SYNTHETIC data") + " — " if meta.synthetic else ""


def _corpus_plan(dataset_id: str, filters: Filters, countries: tuple[str, ...]) -> _Plan:
    summary = services.dataset_summary(dataset_id)
    meta = summary.meta
    groups, absent = _corpus_groups(dataset_id, countries)
    year = _(YEAR_BASES.get(summary.year_basis, YEAR_BASES["unknown"]))
    chart_line = f"{_synthetic_tag(meta)}{source_name(meta)} · {year}"
    as_of, lag = data.corpus_context(dataset_id)
    message = None
    if as_of is None:
        message = html.Div(
            [
                _("This dataset has no dated patents, so there is no series to fit."),
                " ",
                dcc.Link(
                    _("Choose or load another on the Data page."),
                    href=f"/data?lang={current_language()}",
                ),
            ],
            className="message",
        )
    elif services.filtered_corpus(dataset_id, filters).n_patents == 0:
        message = html.Div(
            _("No patents match these filters. Widen the years or clear the IPC theme."),
            className="message",
        )
    name = [_synthetic_tag(meta), _dataset_name(meta)]
    if message is not None:
        return _Plan((), dataset_id, filters, chart_line, name, message)
    cut = (
        _("complete to {year} ({lag}-month publication lag)").format(
            year=lc.last_complete_year(as_of, lag), lag=lag
        )
        if lag
        else _("counted by publication year: no publication lag applies")
    )
    note = [
        *name,
        _(
            ": patents and active applicants per {year} under the filter bar's years and theme; "
            "a country counts a patent when one of its applicants is from there; data as of "
            "{as_of}, {cut}."
        ).format(year=year, as_of=as_of, cut=cut),
    ]
    if absent:
        missing = ", ".join(data.group_label("corpus", c) for c in absent)
        note.append(" " + _("Not in this dataset: {countries}.").format(countries=missing))
    return _Plan(tuple(groups), dataset_id, filters, chart_line, note)


def _indicator_plan(source: str, domain: str, countries: tuple[str, ...]) -> _Plan:
    label, annual = _domain_info(source, domain)
    if source == "oecd":
        note = _(
            "{source}: {domain}, patent families filed in {offices} or more offices, by inventor "
            "country and priority year, fractional counts."
        ).format(source=_(ATTRIBUTION["oecd"]), domain=label, offices=2 if annual else 4)
    else:
        note = _("{source}: {domain}, by inventor country and priority year.").format(
            source=_(ATTRIBUTION["iea"]), domain=label
        )
    if not annual:
        note += " " + _(
            "This domain is published for sample years only (1960, 1970, …, 2020): an S-curve "
            "needs every year. Batteries and Energy storage are annual."
        )
    message = (
        None
        if countries
        else html.Div(_("Choose one or more countries to compare."), className="message")
    )
    download = source_line(_(ATTRIBUTION[source]))
    return _Plan(countries, "", Filters(), _source_line(source, domain), [note], message, download)


def _csv_name(view: _View, plan: _Plan) -> str:
    """The comparison's file name: page, source, the countries compared, the curve, and the
    filter bar's years and theme where they apply (the patent dataset)."""
    what = [view.source if view.source in lcv.SOURCES else plan.dataset_id]
    if view.domain:
        what.append(view.domain)
    parts = ["life-cycle-comparison", "-".join(what), "-".join(plan.groups), view.model]
    if view.source == "corpus":
        years = f"{plan.filters.year_min or ''}-{plan.filters.year_max or ''}"
        parts += [years if years != "-" else "", plan.filters.ipc_theme or ""]
    return "_".join(re.sub(r"[^\w.+-]+", "-", p) for p in parts if p)


def _table_row(label: str, row: dict) -> dict:
    """A comparison row in the reader's language."""
    model = model_label(row["model"])
    if row["model_note"] == "lower_aic":
        model = _("{model} (lower AIC)").format(model=model)
    elif row["model_note"] == "only_fitted":
        model = _("{model} (only curve fitted)").format(model=model)
    out = {
        "group": label,
        "model": model,
        "years": f"{row['first_year']}–{row['last_year']}" if row["first_year"] else "",
        "note": say(row["reason"]),
    }
    if not row["stage"]:
        return out | {"stage": _("no curve"), "stage_range": ""}
    out |= {
        "stage": stage_label(row["stage"]),
        "stage_range": stage_range_label(row["stage_low"], row["stage_high"]),
        "share_pct": row["share_of_K_pct"],
    }
    for column in ("K", "K_low", "K_high", "inflection_year", "growth_time", "r2", "aic"):
        out[column] = row[column]
    return out


@callback(
    Output(PANELS, "children"),
    Output(VERDICTS, "children"),
    Output(SOURCE_NOTE, "children"),
    Output(table_part("table"), "data"),
    Output(table_part("table"), "columns"),
    Input(ids.VIEW, "data"),
)
def update_panels(view):
    """One panel per country (chart + fit card), the verdicts and the comparison table."""
    if view is None or "lc_src" not in view:
        raise PreventUpdate
    state = _view_state(view)
    columns = _table_columns()
    dataset_id, filters = _page_filters(view)
    if state.source == "corpus":
        plan = _corpus_plan(dataset_id, filters, state.countries)
    else:
        plan = _indicator_plan(state.source, state.domain, state.countries)
    if plan.message is not None:
        return plan.message, [], plan.note, [], columns
    try:
        items = [
            (
                g,
                data.group_lifecycle(
                    state.source, state.domain, g, state.model, plan.dataset_id, plan.filters
                ),
            )
            for g in plan.groups
        ]
    except IndicatorFileError:
        message = _("The OECD and IEA counts cannot be read on this server.")
        return html.Div(message, className="message"), [], "", [], columns
    panels, verdicts, table_items, labels = [], [], [], {}
    for group, result in items:
        label = labels[group] = data.group_label(state.source, group)
        what = group if state.source == "corpus" else f"{group} {state.domain}"
        config = graph_config(download_name(PAGE, what, plan.filters, plan.dataset_id or None))
        figure = lifecycle_figure(result, label, plan.chart_line, plan.download_source)
        panels.append(
            html.Div(
                [
                    chart(f"lc-chart-{state.source}-{group}", 350, figure=figure, config=config),
                    fit_card(result, label),
                ],
                className="lc-panel",
                **{"data-group": group},
            )
        )
        verdicts.append(verdict(result, label))
        if not result.missing:
            table_items.append((group, state.model, result.results))
    panels.append(panel_key())
    table = lcv.comparison_table(table_items)
    rows = [_table_row(labels[r["group"]], r) for r in table.to_dict("records")]
    return (
        panels,
        verdicts,
        plan.note,
        table_rows(pd.DataFrame(rows, columns=list(TABLE_HEADERS))),
        columns,
    )


@callback(
    Output(table_part("csv-download"), "data"),
    Input(table_part("csv-button"), "n_clicks"),
    State(table_part("table"), "data"),
    State(table_part("table"), "columns"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def download_comparison(_clicks, rows, columns, view):
    """The comparison table as CSV, headers with units, named after the countries compared."""
    if not rows or view is None:
        raise PreventUpdate
    state = _view_state(view)
    dataset_id, filters = _page_filters(view)
    if state.source == "corpus":
        groups = tuple(_corpus_groups(dataset_id, state.countries)[0])
        plan = _Plan(groups, dataset_id, filters, "", [])
    else:
        plan = _Plan(state.countries, "", Filters(), "", [])
    frame = csv_safe(csv_frame(rows, columns))
    return dcc.send_data_frame(frame.to_csv, _csv_name(state, plan) + ".csv", index=False)


@callback(
    Output(DIAGRAM, "figure"),
    Output(DIAGRAM, "config"),
    Output(DIAGRAM_NOTE, "children"),
    Output(param_id("lc_by"), "options"),
    Output(DIAGRAM, "style"),
    Input(ids.VIEW, "data"),
)
def update_diagram(view):
    """The applicants-vs-patents paths of the patent dataset, for the countries compared."""
    if view is None or "lc_src" not in view:
        raise PreventUpdate
    state = _view_state(view)
    dataset_id, filters = _page_filters(view)
    summary = services.dataset_summary(dataset_id)
    options = [
        {"label": _(v), "value": k, "disabled": k == "theme" and not summary.has_ipc}
        for k, v in BY_LABELS.items()
    ]
    notes = []
    if state.source != "corpus":
        notes.append(
            diagram_message(
                compose(
                    _(
                        "The stage diagram needs the number of applicants per year, which "
                        "{source} does not publish; it is drawn here from the patent dataset, "
                        "{dataset}."
                    ),
                    source=_(SOURCE_LABELS[state.source]),
                    dataset=_dataset_name(summary.meta),
                )
            )
        )
    config = graph_config(download_name(PAGE, f"stage diagram by {state.by}", filters, dataset_id))
    if state.by == "theme" and not summary.has_ipc:
        notes.append(
            diagram_message(
                compose(
                    _(
                        "{dataset} has no IPC codes, so there are no paths by IPC theme. Load an "
                        "export with codes, or choose the EPO OPS sample."
                    ),
                    dataset=_dataset_name(summary.meta),
                ),
                link=True,
            )
        )
        figure = empty_figure(_("No IPC codes in this dataset."))
        return figure, config, notes, options, {"height": "300px"}
    groups = tuple(_corpus_groups(dataset_id, state.countries)[0])
    diagram = data.stage_diagram_data(dataset_id, filters, state.by, groups)
    labels = {g: data.group_label("corpus", g) for g in diagram.groups}
    year = _(YEAR_BASES.get(summary.year_basis, YEAR_BASES["unknown"]))
    source_line = _("{source}; by {by}, {year}").format(
        source=_synthetic_tag(summary.meta) + source_name(summary.meta),
        by=_(BY_LABELS[state.by]),
        year=year,
    )
    figure = stage_diagram_figure(diagram, labels, source_line)
    style = {"height": f"{diagram_height(diagram)}px"}
    return figure, config, notes, options, style
