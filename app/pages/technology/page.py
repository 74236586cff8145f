"""Technology (IPC) network: which classification codes occur together (seed 000, section 3).

URL parameters (besides the global filters): ``tn_lvl`` (subclass / main group / full
code), ``tn_k`` (top K codes), ``tn_sch`` (IPC / CPC / both; a dataset with one scheme only
draws that one), ``tn_in`` (with an IPC theme active: all codes of its patents, or only the
theme's codes), ``tn_ord`` (matrix order) and the network explorer's ``tn_lay`` (layout),
``tn_col`` (colour by IPC section or community) and ``tn_lab`` (labels).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash
from dash import Input, Output, State, callback, html
from dash.exceptions import PreventUpdate

from app import services
from app.i18n import N_, _, current_language
from app.pages.technology import data, figures
from app.pages.technology.data import NetworkKey
from app.ui import ids, urlstate
from app.ui.blocks import page_header, page_title
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.controls import choice_options, labelled, param_number, param_radio
from app.ui.network_explorer import NetworkDescription, NetworkExplorerAIO

dash.register_page(
    __name__,
    path="/technology",
    name=N_("Technology network"),
    order=2,
    title=page_title(N_("Technology network")),
)

HEATMAP = "tn-heatmap"
MAX_K = 200
# Message ids (N_): the controls show them through _()
ORDER_LABELS = {"patents": N_("Most patents first"), "community": N_("Grouped by community")}

urlstate.choice_param("tn_lvl", "subclass", tuple(figures.LEVEL_LABELS))
urlstate.int_param("tn_k", 50, 2, MAX_K)
urlstate.choice_param("tn_sch", "IPC", tuple(figures.SCHEME_LABELS))
urlstate.choice_param("tn_in", "all", tuple(figures.CODES_LABELS))
urlstate.choice_param("tn_ord", "patents", tuple(ORDER_LABELS))

NETWORK = NetworkExplorerAIO.register(NetworkDescription("technology", "tn", data, figures))
PAGE_PARAMS = ("tn_lvl", "tn_k", "tn_sch", "tn_in", "tn_ord", *NETWORK.params)


def layout(**query) -> html.Div:
    state = urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS))
    controls = [
        labelled(N_("Level"), param_radio("tn_lvl", figures.LEVEL_LABELS, state["tn_lvl"])),
        labelled(N_("Top K codes"), param_number("tn_k", state["tn_k"], 2, MAX_K), "net-topn"),
        labelled(N_("Scheme"), param_radio("tn_sch", figures.SCHEME_LABELS, state["tn_sch"])),
        labelled(
            N_("Codes of the IPC theme's patents"),
            param_radio("tn_in", figures.CODES_LABELS, state["tn_in"]),
            "tn-theme-codes",
        ),
    ]
    matrix = [
        html.H2(_("Co-occurrence matrix"), className="section-title"),
        html.Div(
            labelled(N_("Order"), param_radio("tn_ord", ORDER_LABELS, state["tn_ord"])),
            className="controls",
        ),
        chart(HEATMAP, 720),
    ]
    lead = _(
        "Which technologies are patented together. The top K classification codes by number "
        "of patents, tied when a patent lists both; the seed paper builds this network for the "
        "top 50 IPC codes and reads its cohesion in UCINET. Node size: patents; line width: "
        "patents listing both codes. Click a code for its title and card."
    )
    return html.Div(
        [
            *page_header(_("Technology network"), lead),
            NetworkExplorerAIO(NETWORK, state, controls, sections=matrix),
        ],
        className="technology-page",
    )


@callback(
    Output(urlstate.param_id("tn_in"), "options"),
    Input(ids.VIEW, "data"),
)
def theme_codes_choice(view):
    """ "Only the theme's codes" is a choice only while an IPC theme is active."""
    if view is None:
        raise PreventUpdate
    no_theme = () if view.get("t") else ("theme",)
    return choice_options(figures.CODES_LABELS, disabled=no_theme)


@callback(
    Output(HEATMAP, "figure"),
    Output(HEATMAP, "config"),
    Input(ids.VIEW, "data"),
)
def update_matrix(view):
    """The co-occurrence matrix of the codes drawn."""
    if view is None or "tn_lvl" not in view:
        raise PreventUpdate
    order = urlstate.view_params(view, ("tn_ord",))["tn_ord"]
    return matrix_outputs(data.network_key(view), order, current_language())


@services.cache.memoize()
def matrix_outputs(key: NetworkKey, order: str, language: str) -> tuple[dict, dict]:
    """The heatmap and its download settings for one view, in ``language`` (memoised
    across workers; the figure holds text, so the language is part of the key)."""
    what = f"matrix {key.level} top {key.top_k}"
    config = graph_config(download_name(data.PAGE, what, key.filters, key.dataset_id))
    view, matrix = data.network(key)
    if view.nodes.empty:
        return empty_figure(_("No codes to draw.")).to_dict(), config
    return figures.heatmap(view, matrix, order), config


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input(HEATMAP, "clickData"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def select_from_matrix(click, search):
    """A click on the matrix selects in the network what the cell is (the code on the
    diagonal, the pair elsewhere): written into the URL, where the network explorer reads
    its selection, so the card opens and the link keeps it."""
    selection = figures.clicked_cell(click)
    if selection is None:
        raise PreventUpdate
    kept = [(k, v) for k, v in parse_qsl((search or "").lstrip("?")) if k not in selection]
    chosen = [(k, v) for k, v in selection.items() if v is not None]
    return "?" + urlencode([*kept, *chosen])
