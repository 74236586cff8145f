"""Applicant network: who patents with whom (seed 000, section 3), with UCINET's figures.

URL parameters (besides the global filters): ``an_by`` (applicants / countries), ``an_n``
(top N applicants), ``an_inc`` (top N only / with their direct partners), and the network
explorer's ``an_lay`` (layout) and ``an_col`` (colour by country, community or applicant kind).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash
from dash import Input, Output, callback, html
from dash.exceptions import PreventUpdate

from app.analysis.network_view import MAX_NODES
from app.i18n import N_, _
from app.pages.applicants import data, figures
from app.ui import ids, urlstate
from app.ui.blocks import explanation, page_header, page_title
from app.ui.controls import choice_options, labelled, param_number, param_radio
from app.ui.network_explorer import NetworkDescription, NetworkExplorerAIO
from app.ui.urlstate import param_id

dash.register_page(
    __name__,
    path="/applicants",
    name=N_("Applicant network"),
    order=1,
    title=page_title(N_("Applicant network")),
)

# Message ids (N_): the controls show them through _()
BY_LABELS = {"applicants": N_("Applicants"), "countries": N_("Countries")}
INCLUDE_LABELS = {"top": N_("Top N only"), "partners": N_("Top N and their direct partners")}

urlstate.choice_param("an_by", "applicants", tuple(BY_LABELS))
urlstate.int_param("an_n", 10, 2, MAX_NODES)
urlstate.choice_param("an_inc", "partners", tuple(INCLUDE_LABELS))

NETWORK = NetworkExplorerAIO.register(NetworkDescription("applicants", "an", data, figures))
PAGE_PARAMS = ("an_by", "an_n", "an_inc", *NETWORK.params)

HOW_TO_READ = [
    (
        N_("The statistics"),
        [
            N_(
                "Computed as UCINET computes them, for the network drawn: density (share of "
                "possible ties present; valued: mean joint patents per pair) and its standard "
                "deviation, Freeman degree centralization, heterogeneity (concentration of "
                "ties), the overall and the weighted overall clustering coefficient. Binary "
                "counts every tie once; valued weighs it by joint patents. Isolates count as "
                "nodes, as in UCINET. Node eigenvector centrality is UCINET's too: where "
                "several components have ties, each is scaled by its eigenvalue squared so "
                "they compare, and values can pass 1."
            )
        ],
    ),
    (
        N_("Chains and rings"),
        [
            N_(
                "The seed paper contrasts BYD's “single-chain structure” (its partners are "
                "not linked to each other, information spreads slowly) with the “ring-shaped "
                "structure” of Nissan, Toyota, Sanyo and Suzuki. The node card says which an "
                "applicant has here: chain, ring or partial ring, from the ties among its "
                "partners in the network drawn."
            )
        ],
    ),
    (
        N_("Names and countries"),
        [
            N_(
                "Applicants are unified names: legal forms, case and known aliases folded "
                "together (the Data page has the alias table). A country is the applicant's "
                "own when the export or our alias table gives it, otherwise a stand-in "
                "(the office of first filing or of publication), as the note on the dataset "
                "above says. Communities are found with the Louvain method and come out the "
                "same on every visit."
            )
        ],
    ),
]


def layout(**query) -> html.Div:
    state = urlstate.decode_query("?" + urlencode(query), list(PAGE_PARAMS))
    controls = [
        labelled(N_("Nodes"), param_radio("an_by", BY_LABELS, state["an_by"])),
        labelled(
            N_("Top N applicants"),
            param_number("an_n", state["an_n"], 2, MAX_NODES),
            "net-topn",
        ),
        labelled(N_("Show"), param_radio("an_inc", INCLUDE_LABELS, state["an_inc"])),
    ]
    lead = _(
        "Who patents with whom. The top N applicants by number of patents and the joint "
        "applications among them, as the seed paper analyses its top 10 in UCINET; or the "
        "applicant countries and their cross-border joint patents. Node size: patents; line "
        "width: joint patents. Click a node for its card, a line for the patents behind it."
    )
    how_to_read = [(_(heading), [_(text) for text in texts]) for heading, texts in HOW_TO_READ]
    return html.Div(
        [
            *page_header(_("Applicant network"), lead),
            NetworkExplorerAIO(NETWORK, state, controls),
            html.H2(_("How to read it"), className="section-title"),
            explanation(how_to_read),
        ],
        className="applicants-page",
    )


@callback(
    Output(param_id("an_n"), "disabled"),
    Output(param_id("an_inc"), "options"),
    Output(param_id("an_col"), "disabled"),
    Input(ids.VIEW, "data"),
)
def country_controls(view):
    """Top N, partners and colour do not apply to the country network."""
    if view is None or "an_by" not in view:
        raise PreventUpdate
    countries = urlstate.view_params(view, ("an_by",))["an_by"] == "countries"
    options = choice_options(INCLUDE_LABELS, tuple(INCLUDE_LABELS) if countries else ())
    return countries, options, countries
