"""The Early-warning page's charts, table rows and notes, built from analysis results.

Every visible string goes through :func:`app.i18n._` here, in the language of the request.
Figures leave as plain dicts (a memoised plotly Figure re-validates on unpickling). Table
rows carry ``id`` = the row's position in its signal's frame, so a click on any sorted or
filtered view still names the right patents.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from app.analysis.early_warning import Shortfall, Windows
from app.analysis.early_warning.moves import FirmMoves
from app.analysis.early_warning.windows import EMPTY_WINDOW, NO_YEARS
from app.i18n import N_, _, country_name, format_int, format_number
from app.ingest.ipc import ipc_title
from app.ui.charts import empty_figure
from app.ui.colors import country_color
from app.ui.tables import table_rows

__all__ = [
    "BURST_KINDS",
    "HHI_BANDS",
    "TIE_STATUSES",
    "burst_rows",
    "bursts_figure",
    "change_cards",
    "concentration_figure",
    "concentration_rows",
    "country_text",
    "entrant_rows",
    "entrants_figure",
    "firm_code_rows",
    "firm_partner_rows",
    "foreign_rows",
    "patents_panel",
    "rising_figure",
    "rising_rows",
    "tie_rows",
    "windows_note",
]

BURST_KINDS = {
    "subclass": N_("IPC/CPC subclass"),
    "main_group": N_("IPC/CPC main group"),
    "applicant": N_("Applicant"),
}
TIE_STATUSES = {
    "new": N_("new"),
    "renewed": N_("renewed"),
    "strengthening": N_("strengthening"),
}
HHI_BANDS = {
    "unconcentrated": N_("unconcentrated"),
    "moderately concentrated": N_("moderately concentrated"),
    "highly concentrated": N_("highly concentrated"),
}
APPLICANT_KINDS = {
    "firm": N_("firm"),
    "university": N_("university"),
    "research institute": N_("research institute"),
    "government": N_("government"),
    "individual": N_("individual"),
    "unknown": N_("unknown"),
}
WINDOW_NAMES = {"baseline": N_("baseline"), "recent": N_("recent")}
_WINDOW_FILL = {"baseline": "rgba(154,165,177,0.14)", "recent": "rgba(213,94,0,0.12)"}
TOP_IN_CHART = 12


def country_text(code: str | None) -> str:
    """``"CN 中国"`` / ``"CN China"``: the code and its name in the request's language.

    >>> country_text("JP"), country_text("unknown")
    ('JP Japan', 'Unknown')
    """
    if not code or code == "unknown":
        return _("Unknown")
    name = country_name(code)
    return f"{code} {name}" if name and name != code else code


def _source_line(source: str) -> str:
    return _("Source: {source}").format(source=source)


def _title(text: str, source: str) -> str:
    return f"{text}<br><sup>{_source_line(source)}</sup>"


# --- the windows ------------------------------------------------------------------------


def _span(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def windows_note(windows: Windows, fix_href: str | None = None) -> html.Div:
    """Which years the windows cover and why; or, on a shortfall, what data would fill them
    (``fix_href``: a link to this view with the longest baseline that fits)."""
    if windows.shortfall is not None:
        return _shortfall_note(windows.shortfall, fix_href)
    lag = (
        _("counted by publication year, so no publication lag applies")
        if windows.lag_months == 0
        else _("the last {years} years are left out as incomplete ({months}-month lag)").format(
            years=windows.as_of_year - windows.last_complete_year, months=windows.lag_months
        )
    )
    text = _(
        "Baseline window {baseline}, recent window {recent}: data as of {as_of}, {lag}."
    ).format(
        baseline=_span(windows.baseline),
        recent=_span(windows.recent),
        as_of=windows.as_of_year,
        lag=lag,
    )
    return html.Div(text, className="source-note ew-windows")


def _shortfall_note(shortfall: Shortfall, fix_href: str | None) -> html.Div:
    if shortfall.reason == NO_YEARS:
        text = _("No patent in this selection has a year, so nothing can be placed in time.")
        return html.Div(text, className="message ew-shortfall")
    needed = _span((shortfall.needed_from, shortfall.needed_to))
    if shortfall.reason == EMPTY_WINDOW:
        windows = ", ".join(_(WINDOW_NAMES[w]) for w in shortfall.empty_windows)
        text = _(
            "No patents fall in the {windows} window of {needed}: widen the year filter or "
            "load data for those years."
        ).format(windows=windows, needed=needed)
    else:
        missing = _span((shortfall.needed_from, shortfall.have_from - 1))
        text = _(
            "The windows need {needed_years} complete years ({needed}), but this selection "
            "covers {have_years} ({have}). Load patents from {missing} to see every signal."
        ).format(
            needed_years=shortfall.years_needed,
            needed=needed,
            have_years=shortfall.complete_years,
            have=_span((shortfall.have_from, shortfall.needed_to)),
            missing=missing,
        )
    parts: list = [html.B(_("Not enough years for the signals. ")), text]
    if shortfall.max_baseline > 0 and fix_href:
        link = _("Shorten the baseline to {n} years").format(n=shortfall.max_baseline)
        parts += [" ", dcc.Link(link, href=fix_href, className="ew-fix")]
    return html.Div(parts, className="message ew-shortfall")


# --- table rows ---------------------------------------------------------------------------


def _rows(**columns) -> list[dict]:
    """DataTable rows of ``columns`` (aligned, in a signal frame's order) with ``id`` = the
    position in that frame (a click's row_id)."""
    frame = pd.DataFrame(columns)
    return table_rows(frame.assign(id=range(len(frame))))


def entrant_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows of the new-entrants table."""
    return _rows(
        name=frame["name"],
        country=[country_text(c) for c in frame["country"]],
        kind=[_(APPLICANT_KINDS.get(k, k)) for k in frame["kind"]],
        first_year=frame["first_year"],
        patents=frame["patents"],
    )


def foreign_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows of the foreign-entrants table."""
    return _rows(
        office=frame["office"],
        name=frame["name"],
        country=[country_text(c) for c in frame["country"]],
        first_year=frame["first_year"],
        patents=frame["patents"],
    )


def _code_title(code: str, level: str) -> str:
    return ipc_title(code, "subclass" if level == "subclass" else "main_group") or ""


def rising_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows of the rising-codes table (shares in percent)."""
    return _rows(
        code=frame["code"],
        title=[_code_title(c, lv) for c, lv in zip(frame["code"], frame["level"], strict=True)],
        baseline_pct=100.0 * frame["baseline_share"].astype(float),
        recent_pct=100.0 * frame["recent_share"].astype(float),
        growth_points=frame["growth_points"],
        g2=frame["g2"],
        p_value=frame["p_value"],
        patents=frame["patents"],
    )


def burst_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows of the bursts table."""
    return _rows(
        name=frame["name"],
        kind=[_(BURST_KINDS[k]) for k in frame["kind"]],
        start=frame["start"],
        end=frame["end"],
        strength=frame["strength"],
        patents=frame["patents"],
        expected=frame["expected"],
        p_value=frame["p_value"],
        ongoing=[_("yes") if v else "" for v in frame["ongoing"]],
    )


def concentration_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows of the concentration table (CR4, CR8 in percent; incomplete years marked)."""
    return _rows(
        year=[
            f"{y} ({_('incomplete')})" if late else str(y)
            for y, late in zip(frame["year"], frame["incomplete"], strict=True)
        ],
        patents=frame["patents"],
        applicants=frame["applicants"],
        cr4_pct=100.0 * frame["cr4"].astype(float),
        cr8_pct=100.0 * frame["cr8"].astype(float),
        hhi=frame["hhi"],
        band=[_(HHI_BANDS[b]) for b in frame["band"]],
        top=["; ".join(t) for t in frame["top"]],
    )


def tie_rows(frame: pd.DataFrame) -> list[dict]:
    """Rows of the ties table (growth empty for a pair with no baseline patents)."""
    growth = frame["growth"].astype(float)
    return _rows(
        pair=[
            f"{country_text(a)} + {country_text(b)}" if kind == "country" else name
            for name, a, b, kind in zip(
                frame["name"], frame["a"], frame["b"], frame["kind"], strict=True
            )
        ],
        kind=[_("Countries") if k == "country" else _("Applicants") for k in frame["kind"]],
        status=[_(TIE_STATUSES[s]) for s in frame["status"]],
        first_year=frame["first_year"],
        baseline_patents=frame["baseline_patents"],
        recent_patents=frame["recent_patents"],
        growth=growth.where(growth != float("inf")),
    )


def firm_code_rows(moves: FirmMoves) -> list[dict]:
    """Rows of the firm's new-codes table."""
    codes = moves.codes
    return _rows(
        code=codes["code"],
        title=[_code_title(c, lv) for c, lv in zip(codes["code"], codes["level"], strict=True)],
        first_year=codes["first_year"],
        patents=codes["patents"],
    )


def firm_partner_rows(moves: FirmMoves) -> list[dict]:
    """Rows of the firm's new-partners table."""
    partners = moves.partners
    return _rows(
        name=partners["name"],
        country=[country_text(c) for c in partners["country"]],
        first_year=partners["first_year"],
        patents=partners["patents"],
    )


# --- charts -------------------------------------------------------------------------------


def _shade_windows(fig: go.Figure, windows: Windows) -> None:
    for name in ("baseline", "recent"):
        span = getattr(windows, name)
        fig.add_vrect(
            x0=span[0] - 0.5,
            x1=span[1] + 0.5,
            fillcolor=_WINDOW_FILL[name],
            line_width=0,
            layer="below",
            annotation_text=_(WINDOW_NAMES[name]),
            annotation_position="top left",
            annotation_font_size=11,
        )


def entrants_figure(frame: pd.DataFrame, source: str) -> dict:
    """The new entrants with most recent patents, as horizontal bars coloured by country."""
    if frame.empty:
        return empty_figure(_("No new entrants at these thresholds.")).to_dict()
    top = frame.head(TOP_IN_CHART).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=top["patents"],
            y=top["name"],
            orientation="h",
            marker_color=[country_color(c) for c in top["country"]],
            customdata=[country_text(c) for c in top["country"]],
            hovertemplate="%{y} (%{customdata}): %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        title=_title(_("New entrants: patents in the recent window"), source),
        xaxis_title=_("Patents in the recent window"),
        showlegend=False,
        margin={"l": 200},
    )
    return fig.to_dict()


def rising_figure(frame: pd.DataFrame, source: str) -> dict:
    """Each rising code's share in the baseline and the recent window, joined by a line."""
    if frame.empty:
        return empty_figure(_("No code's share rises significantly.")).to_dict()
    top = frame.head(TOP_IN_CHART).iloc[::-1]
    base, recent = 100.0 * top["baseline_share"], 100.0 * top["recent_share"]
    fig = go.Figure()
    for code, b, r in zip(top["code"], base, recent, strict=True):
        fig.add_trace(
            go.Scatter(
                x=[b, r],
                y=[code, code],
                mode="lines",
                line={"color": "#9aa5b1"},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    for shares, label, color, size in (
        (base, _("Baseline share"), "#9aa5b1", 10),
        (recent, _("Recent share"), "#D55E00", 11),
    ):
        fig.add_trace(
            go.Scatter(x=shares, y=top["code"], mode="markers", name=label,
                       marker={"color": color, "size": size})
        )  # fmt: skip
    fig.update_layout(
        title=_title(_("Rising technologies: share of coded patents"), source),
        xaxis_title=_("Share of the window's coded patents (%)"),
        margin={"l": 110},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig.to_dict()


def bursts_figure(frame: pd.DataFrame, windows: Windows, source: str) -> dict:
    """The strongest bursts as bars from their first to their last year."""
    if frame.empty:
        return empty_figure(_("No significant bursts at these settings.")).to_dict()
    top = frame.head(TOP_IN_CHART).iloc[::-1]
    labels = [f"{n} · {_(BURST_KINDS[k])}" for n, k in zip(top["name"], top["kind"], strict=True)]
    colors = {"applicant": "#0072B2", "main_group": "#D55E00", "subclass": "#E69F00"}
    fig = go.Figure(
        go.Bar(
            x=(top["end"] - top["start"] + 1).tolist(),
            base=(top["start"] - 0.5).tolist(),
            y=labels,
            orientation="h",
            marker_color=[colors[k] for k in top["kind"]],
            customdata=list(
                zip(top["start"], top["end"], top["strength"].round(2), top["patents"], strict=True)
            ),
            hovertemplate=_(
                "%{y}: %{customdata[0]}–%{customdata[1]}, strength "
                "%{customdata[2]}, %{customdata[3]} patents"
            )
            + "<extra></extra>",
        )
    )
    _shade_windows(fig, windows)
    fig.update_layout(
        title=_title(_("Bursts (Kleinberg): when each ran"), source),
        xaxis={"title": _("Year"), "dtick": 1},
        showlegend=False,
        margin={"l": 260},
    )
    return fig.to_dict()


def concentration_figure(frame: pd.DataFrame, windows: Windows, source: str) -> dict:
    """CR4 and CR8 (left axis, %) and HHI (right axis) per year; windows shaded."""
    if frame.empty:
        return empty_figure(_("No named applicants to measure concentration.")).to_dict()
    years = frame["year"]
    fig = go.Figure()
    for column, label, color in (("cr4", "CR4", "#0072B2"), ("cr8", "CR8", "#56B4E9")):
        fig.add_trace(
            go.Scatter(
                x=years,
                y=100.0 * frame[column].astype(float),
                name=label,
                mode="lines+markers",
                line={"color": color},
                hovertemplate="%{x}: %{y:.1f}%<extra>" + label + "</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=frame["hhi"],
            name="HHI",
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#D55E00", "dash": "dot"},
            hovertemplate="%{x}: %{y:.0f}<extra>HHI</extra>",
        )
    )
    if windows.ok:
        _shade_windows(fig, windows)
    fig.update_layout(
        title=_title(_("Concentration of patenting among applicants"), source),
        xaxis={"title": _("Year"), "dtick": 1},
        yaxis={"title": _("Share of patents (%)"), "rangemode": "tozero"},
        yaxis2={
            "title": "HHI",
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
        },
        legend={"orientation": "h", "y": -0.2},
    )
    return fig.to_dict()


def change_cards(change: dict[str, float] | None, windows: Windows) -> list[html.Div]:
    """Recent minus baseline CR4, CR8 and HHI, as headline cards (none without windows)."""
    if change is None or not windows.ok:
        return []
    label = _("{name}, recent minus baseline")

    def card(name: str, value: str) -> html.Div:
        return html.Div(
            [html.Div(value, className="headline-value"), html.Div(label.format(name=name))],
            className="headline-card",
        )

    def points(share: float) -> str:
        sign = "+" if share >= 0 else "−"
        return _("{sign}{value} points").format(sign=sign, value=format_number(abs(100 * share), 1))

    hhi = change["hhi"]
    return [
        card("CR4", points(change["cr4"])),
        card("CR8", points(change["cr8"])),
        card("HHI", ("+" if hhi >= 0 else "−") + format_int(abs(hhi))),
    ]


def patents_panel(found: pd.DataFrame, shown: int) -> list:
    """The patents behind a clicked row: how many, then the newest ``shown`` of them with
    number, year, office, title and applicants."""
    items = [
        html.Li(
            [
                html.Span(str(number), className="mono data-value"),
                f" ({year}, {office}) ",
                html.Span(title, className="data-value"),
                html.Div(applicants, className="text-muted data-value")
                if isinstance(applicants, str)
                else "",
            ]
        )
        for number, year, office, title, applicants in found.head(shown).itertuples(index=False)
    ]
    parts: list = [
        html.H3(_("{n} patents behind this row").format(n=format_int(len(found)))),
        html.Ul(items, className="patent-list"),
    ]
    if len(found) > shown:
        note = _("The newest {shown} of {total} are listed; the CSV holds them all.")
        parts.append(
            html.P(note.format(shown=shown, total=format_int(len(found))), className="source-note")
        )
    return parts
