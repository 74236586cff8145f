"""The Overview's figures: headline cards, patents per year by country, shares by country,
the top applicants (chart and table rows) and the question guide, in the request's language.

The dataset, the filters and the source are said once on the page (the dataset note) and
added by the download buttons around a downloaded picture, not in each title.

Figures leave as plain dicts: a memoised plotly Figure re-validates every property when it
is unpickled (~0.15 s per hit), a dict does not.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from app.i18n import N_, _, format_int
from app.store.knowledge import applicant_display_names
from app.ui.colors import country_color
from app.ui.countries import country_label, iso2_of
from app.ui.kinds import kind_label
from app.ui.tables import table_columns

__all__ = [
    "QUESTIONS",
    "TOP_IN_CHART",
    "families_figure",
    "guide",
    "headline",
    "shares_figure",
    "single_year_note",
    "top_columns",
    "top_figure",
    "top_rows",
    "years_figure",
]

TOP_IN_CHART = 15
# Legends in rows under the chart: beside it they take half a phone's width.
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0}
OECD_SOURCE_LINE = N_(
    "OECD, Patents - technology development (PAT_DEV), Batteries: patent families filed at "
    "two or more offices, by inventor country, fractional counts"
)


class Question(NamedTuple):
    """One question of the guide: the page that answers it, with a preset view."""

    key: str
    path: str
    params: dict  # the page's own URL parameters for the view that answers
    question: str  # message ids (N_), shown with _()
    answer: str


# The questions a policy analyst brings (issue 14), each opening the page that answers it.
QUESTIONS = [
    Question(
        "leaders",
        "/applicants",
        {},  # the default view: the top ten with their direct partners
        N_("Who leads, and who files patents with whom?"),
        N_("The ten applicants with most patents and their direct partners, as a network."),
    ),
    Question(
        "technologies",
        "/technology",
        {"tn_lvl": "main_group", "tn_k": 30},
        N_("Which technologies are combined in one patent?"),
        N_(
            "The 30 most frequent main groups of the classification, tied when a patent lists "
            "two of them."
        ),
    ),
    Question(
        "maturity",
        "/life-cycle",
        {"lc_src": "oecd"},
        N_("How mature is the field in each country?"),
        N_("S-curves of cumulative patents for China, the US, Germany, Japan and Korea."),
    ),
    Question(
        "cooperation",
        "/cooperation",
        {},
        N_("How do countries organise cooperation?"),
        N_("Joint ventures, joint R&D and other modes, and each country's model."),
    ),
    Question(
        "value-chain",
        "/value-chain",
        {},
        N_("How complete is Huizhou's battery value chain?"),
        N_("Ten Huizhou firms across the segments from raw materials to recycling."),
    ),
    Question(
        "recent",
        "/early-warning",
        {},
        N_("What changed recently?"),
        N_("New entrants, fast-rising technologies and new ties in the latest years."),
    ),
]


def guide(hide_id: str, link_id) -> list:
    """The first-visit guide: the questions, each a link (its address set per view), and
    the button that hides the guide."""
    items = [
        html.Li(
            dcc.Link(
                [html.Span(_(q.question), className="guide-question"), html.Span(_(q.answer))],
                href=q.path,
                id=link_id(q.key),
                className="guide-link",
            )
        )
        for q in QUESTIONS
    ]
    return [
        html.Div(
            [
                html.H2(_("Which question do you have?"), className="guide-title"),
                html.Button(
                    _("Hide this guide"),
                    id=hide_id,
                    className="btn btn-sm btn-outline-secondary",
                    title=_("The guide stays hidden in this browser until you show it again."),
                ),
            ],
            className="guide-head",
        ),
        html.P(
            _("Each question opens the page that answers it, with the filters set above."),
            className="text-muted",
        ),
        html.Ul(items, className="guide-list"),
    ]


def _headline_card(label: str, value: str, tip: str) -> html.Div:
    return html.Div(
        [html.Div(value, className="headline-value"), html.Div(label)],
        className="headline-card",
        title=tip,
    )


def headline(counts: dict) -> list[html.Div]:
    """The headline cards: patents, applicants, countries and the span of years."""
    if counts["year_min"] is None:
        span = "–"
    elif counts["year_min"] == counts["year_max"]:
        span = str(counts["year_min"])
    else:
        span = f"{counts['year_min']}–{counts['year_max']}"
    return [
        _headline_card(
            _("patents"), format_int(counts["patents"]), _("Patent records under these filters.")
        ),
        _headline_card(
            _("applicants"),
            format_int(counts["applicants"]),
            _("Distinct applicants, after spellings and known aliases of a firm are unified."),
        ),
        _headline_card(
            _("applicant countries"),
            format_int(counts["countries"]),
            _("Countries of the applicants, where the data or our alias table gives one."),
        ),
        _headline_card(
            _("year") if span == str(counts["year_min"]) else _("years"),
            span,
            _("First and last year of the patents under these filters."),
        ),
    ]


def years_figure(by_year: pd.DataFrame) -> dict:
    """Patents per year, stacked by applicant country."""
    order = sorted(by_year["country"].unique(), key=lambda c: (c in ("other", "unknown"), c))
    hover = _("{year}: {patents} patents").format(year="%{x}", patents="%{y:,}")
    fig = go.Figure(
        [
            go.Bar(
                x=part["year"],
                y=part["patents"],
                name=country_label(code),
                marker_color=country_color(code),
                hovertemplate=f"{hover}<extra>{country_label(code)}</extra>",
            )
            for code in order
            for part in [by_year[by_year["country"] == code]]
        ]
    )
    fig.update_layout(
        barmode="stack",
        legend={**LEGEND_BELOW, "traceorder": "normal"},
        title=_("Patents per year by applicant country"),
        xaxis_title=_("Year"),
        yaxis_title=_("Patents"),
    )
    return fig.to_dict()


def shares_figure(shares: pd.DataFrame) -> dict:
    """Each country's share of the patents, largest on top."""
    shares = shares.iloc[::-1]
    hover = _("{country}: {patents} patents, {share} of all").format(
        country="%{y}", patents="%{text}", share="%{x:.1f}%"
    )
    fig = go.Figure(
        go.Bar(
            x=shares["share_pct"],
            y=[country_label(c) for c in shares["country"]],
            orientation="h",
            marker_color=[country_color(c) for c in shares["country"]],
            text=[format_int(n) for n in shares["patents"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=hover + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=_("Share of patents by country"),
        xaxis_title=_("Share of patents (%)"),
        showlegend=False,
    )
    return fig.to_dict()


def top_figure(top: pd.DataFrame) -> dict:
    """The applicants with most patents as bars, largest on top, one colour (and legend
    entry) per country; each bar carries the applicant's name and rank for the click that
    opens its card."""
    shown = top.head(TOP_IN_CHART).assign(
        rank=range(1, min(len(top), TOP_IN_CHART) + 1),
        label=lambda frame: applicant_display_names(frame["name"]).to_numpy(),
    )
    hover = _("{name}: {patents} patents. Click for its card in the applicant network.").format(
        name="%{y}", patents="%{x:,}"
    )
    fig = go.Figure(
        [
            go.Bar(
                x=part["patents"],
                y=part["label"],
                orientation="h",
                name=country_label(code),
                marker_color=country_color(code),
                customdata=part[["name", "rank"]].to_numpy().tolist(),
                hovertemplate=hover + "<extra></extra>",
            )
            for code in shown["country"].drop_duplicates()
            for part in [shown[shown["country"] == code]]
        ]
    )
    fig.update_layout(
        title=_("Top {n} applicants").format(n=len(shown)),
        xaxis_title=_("Patents"),
        yaxis={
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": shown["label"].iloc[::-1].tolist(),
        },
        legend={**LEGEND_BELOW, "title": {"text": _("Applicant country")}},
    )
    return fig.to_dict()


def top_columns() -> list[dict]:
    """The top-applicants table's columns."""
    return table_columns(
        {
            "rank": (_("Rank"), None),
            "applicant": _("Applicant"),
            "country": _("Country"),
            "kind": _("Kind"),
            "patents": (_("Patents"), ",d"),
            "share_pct": (_("Share of patents (%)"), ".1f"),
        }
    )


def top_rows(top: pd.DataFrame) -> list[dict]:
    """The top-applicants table's rows; ``id`` (the applicant's name as the networks know
    it) and ``rank`` say which card a click opens."""
    return pd.DataFrame(
        {
            "id": top["name"],
            "rank": range(1, len(top) + 1),
            "applicant": applicant_display_names(top["name"]),
            "country": [country_label(c) for c in top["country"]],
            "kind": [kind_label(k) for k in top["kind"]],
            "patents": top["patents"],
            "share_pct": top["share_pct"],
        }
    ).to_dict("records")


def single_year_note(year: int) -> html.Div:
    """Why the chart beside shows the OECD's counts, not this dataset's."""
    return html.Div(
        _(
            "This dataset covers a single year ({year}): its filings cannot make a time "
            "series. The chart shows the OECD's counts of battery patent families per year by "
            "inventor country instead: real counts of the whole field, not this dataset's "
            "records. The Lens sample has the years 2014-2024."
        ).format(year=year),
        className="message",
    )


def families_figure(families: pd.DataFrame, corpus_year: int) -> dict:
    """The OECD's battery patent families per year, one line per inventor country, with
    the year the dataset covers marked."""
    hover = _("{year}: {families} patent families").format(year="%{x}", families="%{y:,.0f}")
    fig = go.Figure(
        [
            go.Scatter(
                x=part["year"],
                y=part["families"],
                mode="lines+markers",
                name=country_label(iso2_of(iso3)),
                line={"color": country_color(iso2_of(iso3))},
                hovertemplate=f"{hover}<extra>{country_label(iso2_of(iso3))}</extra>",
            )
            for iso3, part in families.groupby("iso3", sort=True)
        ]
    )
    fig.add_vline(
        x=corpus_year,
        line_dash="dot",
        line_color="#667",
        annotation_text=_("this dataset: {year}").format(year=corpus_year),
    )
    title = _("Battery patent families per year by inventor country")
    source = _("Source: {source}").format(source=_(OECD_SOURCE_LINE))
    note = _("OECD counts, not this dataset.")
    fig.update_layout(
        title=f"{title}<br><sup>{note} {source}</sup>",
        xaxis_title=_("Priority year"),
        yaxis_title=_("Patent families (fractional)"),
        legend=LEGEND_BELOW,
    )
    return fig.to_dict()
