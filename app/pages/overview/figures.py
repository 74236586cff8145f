"""The Overview's figures: headline cards, patents per year by country, shares by country.

Figures leave as plain dicts: a memoised plotly Figure re-validates every property when it
is unpickled (~0.15 s per hit), a dict does not.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import html

from app.i18n import _
from app.ui.colors import country_color
from app.ui.countries import country_label, iso2_of

__all__ = [
    "families_figure",
    "headline",
    "shares_figure",
    "single_year_note",
    "years_figure",
]

OECD_SOURCE_LINE = (
    "OECD, Patents - technology development (PAT_DEV), Batteries: patent families filed at "
    "two or more offices, by inventor country, fractional counts"
)


def _headline_card(label: str, value: str) -> html.Div:
    return html.Div(
        [html.Div(value, className="headline-value"), html.Div(label)], className="headline-card"
    )


def headline(counts: dict) -> list[html.Div]:
    """The headline cards: patents, applicants, countries and the span of years."""
    span = f"{counts['year_min']}–{counts['year_max']}" if counts["year_min"] else "–"
    return [
        _headline_card("patents", f"{counts['patents']:,}"),
        _headline_card("applicants", f"{counts['applicants']:,}"),
        _headline_card("applicant countries", f"{counts['countries']:,}"),
        _headline_card("years", span),
    ]


def years_figure(by_year: pd.DataFrame, source: str) -> dict:
    """Patents per year, stacked by applicant country."""
    order = sorted(by_year["country"].unique(), key=lambda c: (c in ("other", "unknown"), c))
    fig = go.Figure(
        [
            go.Bar(
                x=part["year"],
                y=part["patents"],
                name=country_label(code),
                marker_color=country_color(code),
                hovertemplate="%{x}: %{y} patents<extra>" + country_label(code) + "</extra>",
            )
            for code in order
            for part in [by_year[by_year["country"] == code]]
        ]
    )
    fig.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        title=f"Patents per year by applicant country<br><sup>Source: {source}</sup>",
        xaxis_title="Year",
        yaxis_title="Patents",
    )
    return fig.to_dict()


def shares_figure(shares: pd.DataFrame, source: str) -> dict:
    """Each country's share of the patents, largest on top."""
    shares = shares.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=shares["share_pct"],
            y=[country_label(c) for c in shares["country"]],
            orientation="h",
            marker_color=[country_color(c) for c in shares["country"]],
            text=shares["patents"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} patents, %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"Share of patents by country<br><sup>Source: {source}</sup>",
        xaxis_title="Share of patents (%)",
        showlegend=False,
    )
    return fig.to_dict()


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
    fig = go.Figure(
        [
            go.Scatter(
                x=part["year"],
                y=part["families"],
                mode="lines+markers",
                name=country_label(iso2_of(iso3)),
                line={"color": country_color(iso2_of(iso3))},
                hovertemplate="%{x}: %{y:,.0f} "
                + _("families")
                + "<extra>"
                + country_label(iso2_of(iso3))
                + "</extra>",
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
    fig.update_layout(
        title=_(
            "Battery patent families per year by inventor country (OECD counts, not this dataset)"
        )
        + f"<br><sup>{_('Source')}: {OECD_SOURCE_LINE}</sup>",
        xaxis_title=_("Priority year"),
        yaxis_title=_("Patent families (fractional)"),
    )
    return fig.to_dict()
