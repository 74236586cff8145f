"""The app shell: navigation, the global filter bar, the dataset note and the URL <-> view
state sync.

The filter bar's controls and every page control registered in ``urlstate`` carry ids
``{"type": "param", "name": ...}``. One callback keeps them, the URL query string and the
``VIEW`` store in step:

- a control changes -> the URL is rewritten (a history entry, so Back works) and VIEW
  updated; page callbacks listen to VIEW only, so they run once per change;
- the URL changes (first load, Back/Forward, a pasted link, a click that selects a node)
  -> controls and VIEW are set from it.

Parameters no control sets (a selected node, a table's sort: ``urlstate.detail_param``)
travel in the URL too and reach the pages through the ``DETAIL`` store; VIEW is left alone
when only they change, so a click on a node does not redraw the network.

The shell's dcc.Location uses ``refresh=False``, which pushes history without telling the
page router, so a filter change never re-renders the page layout.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, callback, ctx, dcc, html, no_update

from app import services
from app.analysis.filters import IPC_THEMES
from app.config import APP_NAME
from app.i18n import (
    LANGUAGES,
    N_,
    _,
    current_language,
    format_int,
    format_percent_value,
    normalise_language,
)
from app.store import corpora
from app.ui import ids
from app.ui.badges import dataset_badge, dataset_label, dataset_sentence
from app.ui.controls import dropdown_labels
from app.ui.countries import country_label
from app.ui.report import report_context
from app.ui.urlstate import (
    NORMALISERS,
    PARAMS,
    decode_query,
    detail_names,
    encode_query,
    param_id,
)
from app.workspace import current_owner

__all__ = ["dataset_note", "dataset_options", "filter_summary", "shell_layout"]

GLOBAL_PARAMS = ("ds", "c", "y", "t", "lang")
# the year slider's label, by the date ``patents.year`` was taken from (schema.YEAR_BASES)
YEAR_LABELS = {
    "priority": N_("Years (priority year)"),
    "filing": N_("Years (filing year)"),
    "publication": N_("Years (publication year)"),
    "unknown": N_("Years"),
}
YEAR_BASIS_SENTENCES = {
    "priority": N_("A patent's year is the year of its first (priority) filing."),
    "filing": N_("A patent's year is its filing year (no priority dates in these records)."),
    "publication": N_(
        "A patent's year is its publication year (no filing dates in these records), about "
        "a year and a half after filing."
    ),
    "unknown": N_("These records carry no dates."),
}
# how an applicant's country was found (schema.COUNTRY_RULES), in plain words
COUNTRY_RULE_WORDS = {
    "source": N_("stated in the records"),
    "alias_table": N_("from our list of known applicants"),
    "priority_office": N_("office of first filing (a proxy)"),
    "jurisdiction": N_("office of publication (a weak proxy)"),
    "unknown": N_("not known"),
}
FOOTER = N_(
    "Patent data: Lens.org; European Patent Office (Espacenet OPS). Country counts: OECD "
    "patent statistics and IEA energy-technology patents (CC BY 4.0). Analysis after the "
    "seed papers cited on each page."
)


def _nav() -> html.Nav:
    language = current_language()
    links = [
        dcc.Link(
            _(page["name"]),
            href=page["relative_path"],
            id={"type": "navlink", "path": page["relative_path"]},
            className="nav-link",
        )
        for page in dash.page_registry.values()
    ]
    # Plain links, not dcc.Link: a new language re-renders the whole page on the server.
    switch = [
        html.A(
            name,
            href=f"?lang={code}",
            id={"type": "langlink", "lang": code},
            lang=code,
            className="lang-link active" if code == language else "lang-link",
            **({"aria-current": "true"} if code == language else {}),
        )
        for code, name in LANGUAGES.items()
    ]
    return html.Nav(
        [
            html.A(_(APP_NAME), href=f"/?lang={language}", className="navbar-brand"),
            html.Div(links, className="navbar-nav app-nav-links", id=ids.NAV),
            html.Div(switch, className="lang-switch", id=ids.LANG_SWITCH),
        ],
        className="navbar navbar-expand navbar-dark app-navbar px-3",
    )


def dataset_options() -> list[dict]:
    """The Dataset dropdown's options: every dataset present here that this browser sees,
    named in the request's language."""
    return [
        {"label": dataset_label(d.dataset_id, d.label, d.patents), "value": d.dataset_id}
        for d in corpora.list_datasets(current_owner())
        if d.available
    ]


def _filter_bar() -> html.Div:
    actions = html.Div(
        [
            html.Button(
                _("Copy link to this view"),
                id=ids.COPY_LINK,
                className="btn btn-sm btn-outline-primary",
                title=_(
                    "Copy the address of this view (page, dataset, filters, selection and "
                    "table order) to paste into a message or a report"
                ),
                **{"data-done": _("Link copied"), "data-failed": _("Select and copy:")},
            ),
            html.A(
                _("Reset"),
                id=ids.RESET,
                href=f"?lang={current_language()}",
                className="btn btn-sm btn-outline-secondary",
                title=_("Clear every filter"),
            ),
            html.Span(id=ids.COPY_STATUS, className="copy-status", role="status"),
        ],
        className="filter-actions",
    )
    return html.Div(
        [
            html.Button(
                [
                    html.Span(_("Filters"), className="filter-toggle-label"),
                    " ",
                    html.Span(id=ids.FILTER_SUMMARY, className="filter-summary"),
                ],
                id=ids.FILTER_TOGGLE,
                className="filter-toggle",
                **{"aria-controls": ids.FILTER_BAR, "aria-expanded": "false"},
            ),
            html.Div(
                [
                    html.Label(_("Dataset"), htmlFor="dataset-select"),
                    dcc.Dropdown(
                        id=param_id("ds"),
                        options=dataset_options(),
                        value=corpora.DEFAULT_DATASET,
                        clearable=False,
                        labels=dropdown_labels(),
                    ),
                ],
                className="filter filter-dataset",
            ),
            html.Div(
                [
                    html.Label(_("Applicant countries")),
                    dcc.Dropdown(
                        id=param_id("c"),
                        multi=True,
                        placeholder=_("All countries"),
                        value=[],
                        labels=dropdown_labels(),
                    ),
                ],
                className="filter filter-countries",
            ),
            html.Div(
                [
                    html.Label(id=ids.YEAR_LABEL, children=_("Years")),
                    dcc.RangeSlider(
                        id=param_id("y"),
                        min=2000,
                        max=2024,
                        step=1,
                        value=[2000, 2024],
                        allowCross=False,
                        updatemode="mouseup",
                        tooltip={"placement": "bottom", "always_visible": False},
                    ),
                ],
                className="filter filter-years",
                title=_("Drag the ends, or type a year in a box and press Enter"),
            ),
            html.Div(
                [
                    html.Label(_("IPC theme")),
                    dcc.Dropdown(
                        id=param_id("t"),
                        options=[
                            {"label": _(label), "value": key}
                            for key, (label, _pattern) in IPC_THEMES.items()
                        ],
                        placeholder=_("All technologies"),
                        labels=dropdown_labels(),
                    ),
                ],
                className="filter filter-theme",
            ),
            actions,
        ],
        className="filter-bar",
        id=ids.FILTER_BAR,
    )


def shell_layout() -> html.Div:
    """The whole-app layout around ``dash.page_container`` (built per page load)."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VIEW),
            dcc.Store(id=ids.DETAIL),
            dcc.Store(id=ids.REPORT),
            dcc.Store(id=ids.DATASETS_SIGNAL),
            _nav(),
            _filter_bar(),
            html.Div(id=ids.DATASET_NOTE, className="dataset-note"),
            html.Main(dash.page_container, className="page"),
            html.Footer(_(FOOTER), className="app-footer"),
        ],
        className="app-shell",
    )


def _normalise(state: dict, previous_ds: str | None) -> dict:
    """Validate ``state`` against the dataset it names; a dataset switch resets filters
    and what was selected.

    Every value may come from a crafted request: what is not a dataset this browser may
    open, a country of the dataset, a year span or a theme becomes the default.
    """
    state["ds"] = services.dataset_for_view(state.get("ds"))
    summary = services.dataset_summary(state["ds"])
    if previous_ds is not None and state["ds"] != previous_ds:
        state.update(c=[], y=None, t=None)
        state.update(dict.fromkeys(detail_names()))
    present = {code for code, _n in summary.countries}
    state["c"] = [c for c in services.country_codes(state.get("c")) if c in present]
    years = services.year_span(state.get("y"))
    if years and summary.year_min is not None:
        low = min(max(years[0], summary.year_min), summary.year_max)
        high = max(min(years[1], summary.year_max), low)
        years = [low, high]
        if years == [summary.year_min, summary.year_max]:
            years = None
    state["y"] = list(years) if years else None
    if not isinstance(state.get("t"), str) or state["t"] not in IPC_THEMES:
        state["t"] = None
    state["lang"] = normalise_language(state.get("lang")) or current_language()
    for rule in NORMALISERS.values():  # pages' own consistency rules (urlstate)
        state = rule(state)
    return state


def _typed_values(names: list[str], values: list, view: dict | None) -> dict:
    """The controls' values, a box left empty (or holding no number, or anything its
    parameter cannot read) keeping the value it had: the normalisers then see a slip of
    the keyboard as no change, not as "back to the default"."""
    out = dict(zip(names, values, strict=True))
    for name, value in out.items():
        previous = (view or {}).get(name)
        if previous is None:
            continue
        if value in (None, "") or (isinstance(value, str) and not _readable(name, value)):
            out[name] = previous
    return out


def _as_held(value, held):
    """``value`` in the type its control holds: a number box holds text, and gets a number
    back as text. (Leaving a box re-sends its text; were that "20" against the 20 sent, Dash
    would take it for a change and rewrite the URL from the box, over a link just followed.)"""
    if isinstance(held, str) and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _readable(name: str, text: str) -> bool:
    try:
        PARAMS[name].parse(text)
    except (ValueError, TypeError):
        return False
    return True


@callback(
    Output(ids.URL, "search"),
    Output(param_id(ALL), "value"),
    Output(ids.VIEW, "data"),
    Output(ids.DETAIL, "data"),
    Output(param_id("c"), "options"),
    Output(param_id("y"), "min"),
    Output(param_id("y"), "max"),
    Output(param_id("y"), "marks"),
    Output(param_id("ds"), "options"),
    Input(ids.URL, "search"),
    Input(param_id(ALL), "value"),
    Input(ids.DATASETS_SIGNAL, "data"),
    State(ids.VIEW, "data"),
    State(ids.DETAIL, "data"),
)
def sync_url_and_controls(search, values, signal, view, detail):
    """Keep URL query, controls, VIEW and DETAIL in step (see module docstring).

    The dataset-dependent options (countries, year bounds) go out in the same response as
    the values: a dropdown or slider receiving a value outside its current options would
    otherwise correct it and fire a spurious change. For the same reason a dataset signal
    from the Data page (an import, "make active") sends the refreshed Dataset options
    together with the new dataset value, and the URL change is a history entry as for any
    control change.
    """
    names = [item["id"]["name"] for item in ctx.inputs_list[1]]
    details = detail_names()
    # A page's own controls fire as they mount, possibly before the URL's values reached the
    # filter bar (VIEW still empty): the URL is then the truth, not the controls' defaults.
    from_url = ctx.triggered_id in (None, ids.URL) or view is None
    from_signal = ctx.triggered_id == ids.DATASETS_SIGNAL
    if from_url:
        # every parameter, not only the controls mounted now: a page's controls mount after
        # the shell's, and the renderer may apply this response after the one their mounting
        # caused; the view must hold the URL's values for them either way
        state = decode_query(search)
        previous = None
    else:
        state = decode_query(search, [*GLOBAL_PARAMS, *details])
        state |= _typed_values(names, values, view)
        previous = (view or {}).get("ds")
    if from_signal and (signal or {}).get("activate"):
        state["ds"] = signal["activate"]
    state = _normalise(state, previous)
    summary = services.dataset_summary(state["ds"])
    full_years = [summary.year_min, summary.year_max]
    control_values = [
        (state["y"] or full_years)
        if name == "y"
        else _as_held(state.get(name, PARAMS[name].default), held)
        for name, held in zip(names, values, strict=True)
    ]
    shown = {name: state.get(name) for name in details if state.get(name) is not None}
    in_url = {name: state.get(name) for name in names} | shown | {"lang": state["lang"]}
    if in_url.get("ds") == corpora.DEFAULT_DATASET:
        in_url["ds"] = None
    query = encode_query(in_url)
    same = sorted(parse_qsl(query.lstrip("?"))) == sorted(parse_qsl((search or "").lstrip("?")))
    new_search = no_update if from_url or same else query  # same view: no history entry
    new_view = {key: value for key, value in state.items() if key not in details}
    low, high = summary.year_min or 2000, summary.year_max or 2024
    options = [
        {"label": f"{country_label(code)} ({format_int(count)})", "value": code}
        for code, count in summary.countries
    ]
    ds_options = dataset_options() if from_signal else no_update
    marks = {low: str(low), high: str(high)}
    return (
        new_search,
        control_values,
        no_update if new_view == view else new_view,
        no_update if shown == detail else shown,
        options,
        low,
        high,
        marks,
        ds_options,
    )


def filter_summary(view: dict | None) -> str:
    """The filters that are set, in a few words ("CN, JP · 2018–2022"), for the collapsed
    filter bar; "none" when none is.

    >>> filter_summary({"c": ["CN", "JP"], "y": [2018, 2022], "t": None})
    'CN, JP · 2018–2022'
    >>> filter_summary({})
    'none'
    """
    view = view if isinstance(view, dict) else {}
    countries, years, theme = (  # from the browser: only what a filter can hold
        services.country_codes(view.get("c")),
        services.year_span(view.get("y")),
        view.get("t"),
    )
    parts = []
    if countries:
        parts.append(", ".join(countries))
    if years:
        parts.append("{}–{}".format(*years))
    if isinstance(theme, str) and theme in IPC_THEMES:
        parts.append(_(IPC_THEMES[theme][0]).split(" (")[0].split("（")[0])
    return " · ".join(parts) if parts else _("none")


@callback(
    Output(ids.YEAR_LABEL, "children"),
    Output(param_id("t"), "disabled"),
    Output(ids.DATASET_NOTE, "children"),
    Output(ids.FILTER_SUMMARY, "children"),
    Output(ids.REPORT, "data"),
    Input(ids.VIEW, "data"),
    Input(ids.URL, "pathname"),
)
def describe_dataset(view, pathname):
    """The year basis, whether IPC themes apply, the dataset note, the collapsed filter
    bar's summary and the context of downloads."""
    dataset_id = services.view_filters(view)[0]
    summary = services.dataset_summary(dataset_id)
    label = _(YEAR_LABELS.get(summary.year_basis, YEAR_LABELS["unknown"]))
    return (
        label,
        not summary.has_ipc,
        dataset_note(summary),
        filter_summary(view),
        report_context(view or {}, pathname),
    )


def _country_sources(summary: services.DatasetSummary) -> str:
    """How applicants' countries were found, as shares of applicant entries."""
    total = sum(n for _rule, n in summary.country_rules) or 1
    parts = [
        _("{how} {share}").format(
            how=_(COUNTRY_RULE_WORDS.get(rule, rule)), share=format_percent_value(n / total, 0)
        )
        for rule, n in summary.country_rules
    ]
    return _("Applicant country: {parts}.").format(parts=_(", ").join(parts))


def dataset_note(summary: services.DatasetSummary) -> list:
    """What the data is and is not, in one sentence, with the details behind "more"."""
    meta = summary.meta
    facts = _("{patents} patents and {applicants} applicants").format(
        patents=format_int(summary.patents), applicants=format_int(summary.applicants)
    )
    if summary.year_min is not None:
        facts = _("{facts}, {first}–{last}.").format(
            facts=facts, first=summary.year_min, last=summary.year_max
        )
    else:
        facts = _("{facts}.").format(facts=facts)
    details = [
        html.P(
            [
                facts,
                " ",
                _(YEAR_BASIS_SENTENCES.get(summary.year_basis, YEAR_BASIS_SENTENCES["unknown"])),
            ],
        ),
    ]
    if summary.country_rules:
        details.append(html.P(_country_sources(summary)))
    if not summary.has_ipc:
        details.append(
            html.P(_("No classification codes: the technology network cannot be drawn from it."))
        )
    if meta.attribution:  # a source's own name, as it writes itself
        source = html.Span(meta.attribution, className="data-value", lang="en")
        details.append(html.P([_("Source:"), " ", source]))
    return [
        dataset_badge(meta),
        " ",
        html.Span(dataset_sentence(meta, summary.patents), className="dataset-sentence"),
        " ",
        html.Details(
            [html.Summary(_("more")), html.Div(details, className="dataset-details")],
            id=ids.DATASET_MORE,
            className="dataset-more",
        ),
    ]


@callback(
    Output({"type": "navlink", "path": ALL}, "href"),
    Output({"type": "navlink", "path": ALL}, "className"),
    Output({"type": "langlink", "lang": ALL}, "href"),
    Output(ids.RESET, "href"),
    Input(ids.URL, "search"),
    Input(ids.URL, "pathname"),
)
def carry_filters_in_nav(search, pathname):
    """Navigation links keep the global filters (not page-specific controls); the language
    switch keeps the whole view (page, dataset, filters, page controls, selection); Reset
    keeps the language."""
    state = decode_query(search, list(GLOBAL_PARAMS))
    state["lang"] = state["lang"] or current_language()
    query = encode_query(state)
    paths = [item["id"]["path"] for item in ctx.outputs_list[0]]
    classes = ["nav-link active" if path == pathname else "nav-link" for path in paths]
    others = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k != "lang"]
    switch = [
        f"{pathname}?{urlencode([*others, ('lang', item['id']['lang'])])}"
        for item in ctx.outputs_list[2]
    ]
    reset = encode_query({"lang": state["lang"]})
    return [path + query for path in paths], classes, switch, reset


dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="toggleFilters"),
    Output(ids.FILTER_BAR, "className"),
    Input(ids.FILTER_TOGGLE, "n_clicks"),
    State(ids.FILTER_BAR, "className"),
    prevent_initial_call=True,
)

dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="copyLink"),
    Output(ids.COPY_STATUS, "children"),
    Input(ids.COPY_LINK, "n_clicks"),
    prevent_initial_call=True,
)
