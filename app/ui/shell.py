"""The app shell: navigation, the global filter bar and the URL <-> view-state sync.

The filter bar's controls and every page control registered in ``urlstate`` carry ids
``{"type": "param", "name": ...}``. One callback keeps them, the URL query string and the
``VIEW`` store in step:

- a control changes -> the URL is rewritten (a history entry, so Back works) and VIEW
  updated; page callbacks listen to VIEW only, so they run once per change;
- the URL changes (first load, Back/Forward, a pasted link) -> controls and VIEW are set
  from it.

The shell's dcc.Location uses ``refresh=False``, which pushes history without telling the
page router, so a filter change never re-renders the page layout.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from app import services
from app.analysis.filters import IPC_THEMES
from app.config import APP_NAME
from app.i18n import LANGUAGES, N_, _, current_language
from app.store import corpora
from app.ui import ids
from app.ui.badges import dataset_badge
from app.ui.countries import country_label
from app.ui.urlstate import NORMALISERS, PARAMS, decode_query, encode_query, param_id

__all__ = ["dataset_options", "shell_layout"]

GLOBAL_PARAMS = ("ds", "c", "y", "t", "lang")
# the year slider's label, by the date ``patents.year`` was taken from (schema.YEAR_BASES)
YEAR_LABELS = {
    "priority": N_("Years (priority year)"),
    "filing": N_("Years (filing year)"),
    "publication": N_("Years (publication year)"),
    "unknown": N_("Years"),
}


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
            html.Div(links, className="navbar-nav flex-row flex-wrap", id=ids.NAV),
            html.Div(switch, className="lang-switch", id=ids.LANG_SWITCH),
        ],
        className="navbar navbar-expand navbar-dark app-navbar px-3",
    )


def dataset_options() -> list[dict]:
    """The Dataset dropdown's options: every dataset whose source is present here."""
    return [
        {"label": d.label, "value": d.dataset_id} for d in corpora.list_datasets() if d.available
    ]


def _filter_bar() -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.Label(_("Dataset"), htmlFor="dataset-select"),
                    dcc.Dropdown(
                        id=param_id("ds"),
                        options=dataset_options(),
                        value=corpora.DEFAULT_DATASET,
                        clearable=False,
                    ),
                ],
                className="filter filter-dataset",
            ),
            html.Div(
                [
                    html.Label(_("Applicant countries")),
                    dcc.Dropdown(
                        id=param_id("c"), multi=True, placeholder=_("All countries"), value=[]
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
                    ),
                ],
                className="filter filter-theme",
            ),
            html.A(
                _("Reset"),
                id=ids.RESET,
                href=f"?lang={current_language()}",
                className="btn btn-sm btn-outline-secondary",
            ),
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
            dcc.Store(id=ids.DATASETS_SIGNAL),
            _nav(),
            _filter_bar(),
            html.Div(id=ids.DATASET_NOTE, className="dataset-note"),
            html.Main(dash.page_container, className="page"),
            html.Footer(
                _(
                    "Patent data: Lens.org; EPO / Espacenet OPS. Country counts: OECD, Patents - "
                    "technology development (PAT_DEV); IEA energy-technology patents (CC BY 4.0). "
                    "Analysis after the seed papers listed on each page."
                ),
                className="app-footer",
            ),
        ]
    )


def _normalise(state: dict, previous_ds: str | None) -> dict:
    """Validate ``state`` against the dataset it names; a dataset switch resets filters."""
    known = {d.dataset_id for d in corpora.list_datasets() if d.available}
    if state.get("ds") not in known:
        state["ds"] = corpora.DEFAULT_DATASET
    summary = services.dataset_summary(state["ds"])
    if previous_ds is not None and state["ds"] != previous_ds:
        state.update(c=[], y=None, t=None)
    years = state.get("y")
    if years and summary.year_min is not None:
        low = min(max(years[0], summary.year_min), summary.year_max)
        high = max(min(years[1], summary.year_max), low)
        years = [low, high]
        if years == [summary.year_min, summary.year_max]:
            years = None
    state["y"] = years
    if state.get("t") not in IPC_THEMES:
        state["t"] = None
    state["lang"] = state.get("lang") or current_language()
    for rule in NORMALISERS.values():  # pages' own consistency rules (urlstate)
        state = rule(state)
    return state


@callback(
    Output(ids.URL, "search"),
    Output(param_id(ALL), "value"),
    Output(ids.VIEW, "data"),
    Output(param_id("c"), "options"),
    Output(param_id("y"), "min"),
    Output(param_id("y"), "max"),
    Output(param_id("y"), "marks"),
    Output(param_id("ds"), "options"),
    Input(ids.URL, "search"),
    Input(param_id(ALL), "value"),
    Input(ids.DATASETS_SIGNAL, "data"),
    State(ids.VIEW, "data"),
)
def sync_url_and_controls(search, values, signal, view):
    """Keep URL query, controls and VIEW in step (see module docstring).

    The dataset-dependent options (countries, year bounds) go out in the same response as
    the values: a dropdown or slider receiving a value outside its current options would
    otherwise correct it and fire a spurious change. For the same reason a dataset signal
    from the Data page (an import, "make active") sends the refreshed Dataset options
    together with the new dataset value, and the URL change is a history entry as for any
    control change.
    """
    names = [item["id"]["name"] for item in ctx.inputs_list[1]]
    # A page's own controls fire as they mount, possibly before the URL's values reached the
    # filter bar (VIEW still empty): the URL is then the truth, not the controls' defaults.
    from_url = ctx.triggered_id in (None, ids.URL) or view is None
    from_signal = ctx.triggered_id == ids.DATASETS_SIGNAL
    if from_url:
        state = decode_query(search, sorted(set(names) | set(GLOBAL_PARAMS)))
        previous = None
    else:
        state = decode_query(search, list(GLOBAL_PARAMS)) | dict(zip(names, values, strict=True))
        previous = (view or {}).get("ds")
    if from_signal and (signal or {}).get("activate"):
        state["ds"] = signal["activate"]
    state = _normalise(state, previous)
    summary = services.dataset_summary(state["ds"])
    full_years = [summary.year_min, summary.year_max]
    control_values = [
        (state["y"] or full_years) if name == "y" else state.get(name, PARAMS[name].default)
        for name in names
    ]
    in_url = {name: state.get(name) for name in names} | {"lang": state["lang"]}
    if in_url.get("ds") == corpora.DEFAULT_DATASET:
        in_url["ds"] = None
    query = encode_query(in_url)
    same = sorted(parse_qsl(query.lstrip("?"))) == sorted(parse_qsl((search or "").lstrip("?")))
    new_search = no_update if from_url or same else query  # same view: no history entry
    low, high = summary.year_min or 2000, summary.year_max or 2024
    options = [
        {"label": f"{country_label(code)} ({count})", "value": code}
        for code, count in summary.countries
    ]
    ds_options = dataset_options() if from_signal else no_update
    marks = {low: str(low), high: str(high)}
    return new_search, control_values, state, options, low, high, marks, ds_options


@callback(
    Output(ids.YEAR_LABEL, "children"),
    Output(param_id("t"), "disabled"),
    Output(ids.DATASET_NOTE, "children"),
    Input(ids.VIEW, "data"),
)
def describe_dataset(view):
    """The year basis, whether IPC themes apply, and the dataset's caveat line."""
    dataset_id = services.view_filters(view)[0]
    summary = services.dataset_summary(dataset_id)
    label = _(YEAR_LABELS.get(summary.year_basis, YEAR_LABELS["unknown"]))
    return label, not summary.has_ipc, _dataset_note(summary)


def _dataset_note(summary: services.DatasetSummary) -> list:
    meta = summary.meta
    badge = dataset_badge(meta)
    rules = ", ".join(f"{rule.replace('_', ' ')} {n}" for rule, n in summary.country_rules)
    parts = [
        badge,
        f" {meta.label}: {summary.patents:,} patents, {summary.applicants:,} applicants",
        f", years {summary.year_min}–{summary.year_max} ({summary.year_basis} year)."
        if summary.year_min
        else ".",
        html.Span(f" Applicant country known by: {rules}.", className="text-muted")
        if rules
        else "",
    ]
    parts += [html.Span(f" {note}", className="text-muted") for note in meta.notes]
    return parts


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
    switch keeps the whole view (page, dataset, filters, page controls); Reset keeps the
    language."""
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
