"""Technology (IPC) network: which classification codes occur together (seed 000, section 3).

URL parameters (besides the global filters): ``tn_lvl`` (subclass / main group / full
code), ``tn_k`` (top K codes), ``tn_sch`` (IPC / CPC / both), ``tn_ord`` (matrix order) and
the network explorer's ``tn_lay`` (layout), ``tn_col`` (colour by IPC section or community)
and ``tn_lab`` (labels).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from app import services
from app.i18n import N_
from app.pages.technology import data, figures
from app.pages.technology.data import NetworkKey
from app.ui import ids, urlstate
from app.ui.blocks import page_header, page_title
from app.ui.charts import chart, download_name, empty_figure, graph_config
from app.ui.controls import labelled, param_number, param_radio
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
ORDER_LABELS = {"patents": "Most patents first", "community": "Grouped by community"}

urlstate.choice_param("tn_lvl", "subclass", tuple(figures.LEVEL_LABELS))
urlstate.int_param("tn_k", 50, 2, MAX_K)
urlstate.choice_param("tn_sch", "IPC", tuple(figures.SCHEME_LABELS))
urlstate.choice_param("tn_ord", "patents", tuple(ORDER_LABELS))

NETWORK = NetworkExplorerAIO.register(NetworkDescription("technology", "tn", data, figures))
PAGE_PARAMS = ("tn_lvl", "tn_k", "tn_sch", "tn_ord", *NETWORK.params)


def layout(**query) -> html.Div:
    state = urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS))
    controls = [
        labelled("Level", param_radio("tn_lvl", figures.LEVEL_LABELS, state["tn_lvl"])),
        labelled("Top K codes", param_number("tn_k", state["tn_k"], 2, MAX_K), "net-topn"),
        labelled("Scheme", param_radio("tn_sch", figures.SCHEME_LABELS, state["tn_sch"])),
    ]
    matrix = [
        html.H2("Co-occurrence matrix", className="section-title"),
        html.Div(
            labelled("Order", param_radio("tn_ord", ORDER_LABELS, state["tn_ord"])),
            className="controls",
        ),
        chart(HEATMAP, 720),
    ]
    lead = (
        "Which technologies are patented together. The top K classification codes by number "
        "of patents, tied when a patent lists both; the seed paper builds this network for the "
        "top 50 IPC codes and reads its cohesion in UCINET. Node size: patents; line width: "
        "patents listing both codes. Click a code for its title and card."
    )
    return html.Div(
        [
            *page_header("Technology network", lead),
            NetworkExplorerAIO(NETWORK, state, controls, sections=matrix),
        ]
    )


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
    return matrix_outputs(data.network_key(view), order)


@services.cache.memoize()
def matrix_outputs(key: NetworkKey, order: str) -> tuple[dict, dict]:
    """The heatmap and its download settings for one view (memoised across workers)."""
    what = f"matrix {key.level} top {key.top_k}"
    config = graph_config(download_name(data.PAGE, what, key.filters.key()))
    view, matrix = data.network(key)
    if view.nodes.empty:
        return empty_figure("No codes to draw.").to_dict(), config
    return figures.heatmap(view, matrix, order, data.source(key)), config
