"""Figures and cards of the Life-cycle page (plotly and html only; the numbers come computed)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.io as pio
from dash import dcc, html

from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.pages.life_cycle.data import GroupLifeCycle, StageDiagram
from app.ui.charts import empty_figure
from app.ui.colors import country_color

__all__ = [
    "STAGE_COLORS",
    "STEP_COLORS",
    "diagram_height",
    "diagram_message",
    "fit_card",
    "group_color",
    "lifecycle_figure",
    "panel_key",
    "stage_diagram_figure",
]

STAGE_COLORS = {
    "emerging": "#CC79A7",
    "growth": "#009E73",
    "maturity": "#0072B2",
    "saturation": "#7F7F7F",
}
# Step directions of the applicants-vs-patents diagram (Okabe-Ito)
STEP_COLORS = {
    "growth": "#009E73",
    "revival": "#56B4E9",
    "maturity": "#0072B2",
    "decline": "#D55E00",
    "fragmentation": "#E69F00",
    "stable": "#999999",
}
STEP_NAMES = {
    "growth": "growth: more applicants, more patents",
    "revival": "revival: growth after a decline",
    "maturity": "maturity / consolidation: fewer applicants, more patents",
    "decline": "decline: fewer applicants, fewer patents",
    "fragmentation": "fragmentation: more applicants, fewer patents",
    "stable": "stable: no change",
}
CURVE_STYLE = {"logistic": ("#1f2933", "solid"), "gompertz": ("#882255", "dash")}
NEUTRAL = "#52606d"  # world and "all applicants"
INCOMPLETE = "#b8bfc7"


def group_color(data: GroupLifeCycle) -> str:
    """The group's colour: the country's own on every page, neutral for world / all."""
    if data.group in ("WLD", lcv.ALL_GROUP):
        return NEUTRAL
    from app.ui.countries import iso2_of

    return country_color(iso2_of(data.group) if data.source != "corpus" else data.group)


def _fitted(results: tuple[lc.LifeCycleResult, ...]) -> list[lc.LifeCycleResult]:
    """Fitted results, the lower AIC first."""
    return sorted((r for r in results if r.ok), key=lambda r: r.best.aic)


def _values(column) -> list:
    return np.asarray(column).tolist()


def lifecycle_figure(data: GroupLifeCycle, title: str, source_line: str) -> dict:
    """Patents per year (bars), cumulative (line), fitted S-curve(s), stage bands.

    Built as a plain figure dict: plotly's per-trace validation cost more than the fit.
    """
    series = data.series
    if data.problem or series.empty or not series["patents"].sum() > 0:
        return empty_figure(data.problem or "No patents in this series.")
    results = data.results
    excluded = set(results[0].excluded_years) if results else set()
    color = group_color(data)
    late = series["year"].isin(list(excluded)).to_numpy()
    traces = [
        {
            "type": "bar",
            "x": _values(series["year"][~late]),
            "y": _values(series["patents"][~late]),
            "name": "per year",
            "legendrank": 1,
            "marker": {"color": color, "opacity": 0.55},
            "hovertemplate": "%{x}: %{y:,.0f} patents<extra></extra>",
        }
    ]
    if late.any():
        traces.append(
            {
                "type": "bar",
                "x": _values(series["year"][late]),
                "y": _values(series["patents"][late]),
                "name": "incomplete (left out)",
                "legendrank": 2,
                "marker": {
                    "color": INCOMPLETE,
                    "pattern": {"shape": "/", "fgcolor": "#7b8794", "solidity": 0.3},
                },
                "hovertemplate": "%{x}: %{y:,.0f} patents (incomplete: publication lag)"
                "<extra></extra>",
            }
        )
    first = results[0].start_year if results and results[0].start_year else None
    shown = series[series["year"] >= first] if first else series
    cumulative = shown["patents"].cumsum()
    highest = float(cumulative.max()) if len(cumulative) else 0.0
    fitted = _fitted(results)
    last_year = int(series["year"].max())
    for result in fitted:
        fit = result.best
        points = lcv.curve_points(fit, result.start_year, result.end_year, last_year)
        highest = max(highest, float(points["cumulative"].max()))
        line_color, dash = CURVE_STYLE[fit.model]
        for projected, part in points.groupby("projected"):
            if projected:  # join the projection to the fitted part
                part = pd.concat([points[~points["projected"]].tail(1), part])
            traces.append(
                {
                    "type": "scatter",
                    "x": _values(part["year"]),
                    "y": _values(part["cumulative"]),
                    "name": f"{fit.model.capitalize()} fit",
                    "legendgroup": fit.model,
                    "showlegend": not projected,
                    "mode": "lines",
                    "line": {"color": line_color, "width": 1.5, "dash": dash},
                    "legendrank": 4,
                    "opacity": 0.55 if projected else 1.0,
                    "yaxis": "y2",
                    "hovertemplate": "%{x:.0f}: %{y:,.0f} fitted<extra>" + fit.model + "</extra>",
                }
            )
    complete = ~shown["year"].isin(list(excluded)).to_numpy()
    traces.append(
        {
            "type": "scatter",
            "x": _values(shown["year"][complete]),
            "y": _values(cumulative[complete]),
            "name": "cumulative",
            "legendrank": 3,
            "mode": "lines+markers",
            "line": {"color": color, "width": 2.5},
            "marker": {"size": 4},
            "yaxis": "y2",
            "hovertemplate": "%{x}: %{y:,.0f} cumulative<extra></extra>",
        }
    )
    if (~complete).any():
        tail = np.flatnonzero(~complete)
        joined = np.concatenate([[tail[0] - 1], tail]) if tail[0] > 0 else tail
        traces.append(
            {
                "type": "scatter",
                "x": _values(shown["year"].iloc[joined]),
                "y": _values(cumulative.iloc[joined]),
                "name": "cumulative, incomplete",
                "mode": "lines",
                "line": {"color": INCOMPLETE, "width": 2, "dash": "dot"},
                "yaxis": "y2",
                "showlegend": False,
                "hovertemplate": "%{x}: %{y:,.0f} cumulative (incomplete)<extra></extra>",
            }
        )
    best = fitted[0].best if fitted else None
    top = lcv.cumulative_axis_top(highest, best.K if best else None)
    shapes, notes = [], []
    if best:
        k_visible = top >= best.K
        for stage, low, high in lcv.stage_bands(best.K, top):
            shapes.append(_band(low, high, STAGE_COLORS[stage]))
            if (high - low) / top > 0.07 and not (stage == "saturation" and k_visible):
                notes.append(_band_label(stage, (low + high) / 2))
        if k_visible:
            shapes.append(
                {
                    "type": "line",
                    "xref": "paper",
                    "x0": 0,
                    "x1": 1,
                    "yref": "y2",
                    "y0": best.K,
                    "y1": best.K,
                    "line": {"color": "#7b8794", "width": 1, "dash": "dash"},
                }
            )
            label = _band_label(f"saturation level K = {best.K:,.0f}", best.K)
            notes.append(
                label
                | {
                    "yanchor": "bottom",
                    "font": {"size": 10, "color": "#52606d"},
                    "bgcolor": "rgba(255,255,255,0.75)",
                }
            )
    else:
        notes.append(_band_label("no curve: cannot fit (see below)", 0) | _TOP_LEFT)
    layout = {
        "template": _template(),
        "title": {"text": f"<b>{title}</b><br><sup>{source_line}</sup>", "font": {"size": 14}},
        "barmode": "overlay",
        "bargap": 0.15,
        "margin": {"l": 50, "r": 56, "t": 58, "b": 30},
        "legend": {
            "orientation": "h",
            "y": -0.09,
            "yanchor": "top",
            "x": 0,
            "font": {"size": 10.5},
            "bgcolor": "rgba(0,0,0,0)",
        },
        "xaxis": {"hoverformat": ".0f"},
        "yaxis": {
            "title": {"text": "patents per year", "font": {"size": 11}},
            "rangemode": "tozero",
        },
        "yaxis2": {
            "title": {"text": "cumulative", "font": {"size": 11}},
            "overlaying": "y",
            "side": "right",
            "range": [0, top],
            "showgrid": False,
            "tickmode": "auto",
            "nticks": 6,
        },
        "shapes": shapes,
        "annotations": notes,
        "hovermode": "x",
    }
    return {"data": traces, "layout": layout}


@lru_cache(maxsize=1)
def _template() -> dict:
    """The app's plotly template as JSON (a figure dict does not get it by itself); shared,
    read-only."""
    return pio.templates[pio.templates.default].to_plotly_json()


_TOP_LEFT = {"yref": "paper", "y": 0.98, "yanchor": "top", "font": {"size": 11, "color": "#3e4c59"}}


def _band(low: float, high: float, color: str) -> dict:
    return {
        "type": "rect",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y2",
        "y0": low,
        "y1": high,
        "fillcolor": color,
        "opacity": 0.09,
        "line": {"width": 0},
        "layer": "below",
    }


def _band_label(text: str, y: float) -> dict:
    """A label at the left edge of the plot, at height ``y`` of the cumulative axis."""
    return {
        "xref": "paper",
        "x": 0.005,
        "xanchor": "left",
        "yref": "y2",
        "y": y,
        "text": text,
        "showarrow": False,
        "font": {"size": 10, "color": STAGE_COLORS.get(text, "#52606d")},
    }


def _interval(low: float | None, high: float | None, fmt: str) -> str:
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return " (95% CI unbounded)"
    return f" ({low:{fmt}}–{high:{fmt}})"


def _model_title(result: lc.LifeCycleResult, n_fitted: int, is_best: bool) -> str:
    name = result.model.capitalize()
    if n_fitted > 1 or len(result.fits) > 1:
        return f"{name} (lower AIC)" if is_best else name
    return name


def fit_card(data: GroupLifeCycle) -> html.Div:
    """The fit figures under a chart: stage, K, inflection, growth time, R², AIC, notes."""
    if data.problem:
        return html.Div(data.problem, className="message")
    fitted = _fitted(data.results)
    children = []
    if fitted:
        head = fitted[0]
        children.append(
            html.Div(
                [
                    html.Span(head.stage, className=f"stage-badge stage-{head.stage}"),
                    html.Span(
                        f" {head.share_of_K:.0%} of K reached by {head.end_year}; "
                        f"stage range {head.stage_range}",
                        className="stage-line-text",
                    ),
                ],
                className="stage-line",
            )
        )
        rows = [
            ("Stage (range)", lambda r, f: f"{r.stage} ({r.stage_range})"),
            ("Saturation K", lambda r, f: f"{f.K:,.0f}" + _interval(*f.ci["K"], ",.0f")),
            (
                "Inflection year",
                lambda r, f: f"{f.inflection_year:.1f}" + _interval(*f.ci["t0"], ".0f"),
            ),
            (
                "Growth time 10→90%",
                lambda r, f: f"{f.growth_time:.1f} yr" + _interval(*f.ci["growth_time"], ".0f"),
            ),
            ("R² · AIC", lambda r, f: f"{f.r2:.3f} · {f.aic:.1f}"),
            ("Years fitted", lambda r, f: f"{r.start_year}–{r.end_year} ({r.n_years})"),
        ]
        header = html.Tr(
            [html.Th("")]
            + [html.Th(_model_title(r, len(fitted), i == 0)) for i, r in enumerate(fitted)]
        )
        body = [
            html.Tr([html.Td(label)] + [html.Td(cell(r, r.best)) for r in fitted])
            for label, cell in rows
        ]
        children.append(html.Table([html.Thead(header), html.Tbody(body)], className="fit-table"))
    model_sets = lcv.MODEL_CHOICES.get(data.model, ())
    for i, result in enumerate(data.results):
        if not result.ok:
            models = model_sets[i] if i < len(model_sets) else ()
            asked = f"{models[0].capitalize()}: " if len(data.results) > 1 and models else ""
            children.append(html.Div(asked + result.reason, className="message fit-refused"))
    notes = [
        f"{model.capitalize()} curve not fitted: {why}"
        for r in fitted
        for model, why in r.failures.items()
    ]
    notes = list(dict.fromkeys(notes + [n for r in data.results for n in r.notes]))
    if notes:
        children.append(html.Ul([html.Li(n) for n in notes], className="fit-notes"))
    return html.Div(children, className="fit-card")


DIAGRAM_ROW_HEIGHT = 270


def diagram_height(diagram: StageDiagram) -> int:
    """Pixel height of the stage diagram: a fixed height per row of three groups."""
    rows = math.ceil(max(len(diagram.groups), 1) / 3)
    return 180 + DIAGRAM_ROW_HEIGHT * rows


def _grid(n: int, cols: int, hspace: float, vspace: float) -> list[tuple[list, list]]:
    """(x domain, y domain) of ``n`` subplots in rows of ``cols``, top-left first."""
    rows = math.ceil(n / cols)
    width = (1 - (cols - 1) * hspace) / cols
    height = (1 - (rows - 1) * vspace) / rows
    cells = []
    for i in range(n):
        row, col = divmod(i, cols)
        x0 = col * (width + hspace)
        y1 = 1 - row * (height + vspace)
        cells.append(([x0, x0 + width], [y1 - height, y1]))
    return cells


def stage_diagram_figure(diagram: StageDiagram, labels: dict[str, str], source_line: str):
    """Applicants (x) against patents (y), one point per year, steps coloured by direction."""
    points = diagram.points
    groups = [g for g in diagram.groups if (points["group"] == g).any()]
    if not groups:
        return empty_figure("No dated patents with named applicants under these filters.")
    cols = min(3, len(groups))
    rows = math.ceil(len(groups) / cols)
    cells = _grid(len(groups), cols, 0.07, min(0.3, 70 / (DIAGRAM_ROW_HEIGHT * rows)))
    traces, annotations = [], []
    layout: dict = {}
    shown_steps: set[str] = set()
    for i, (group, (x_domain, y_domain)) in enumerate(zip(groups, cells, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        xref, yref = f"x{suffix}", f"y{suffix}"
        axis = {"rangemode": "tozero", "title": {"font": {"size": 11}}}
        layout[f"xaxis{suffix}"] = axis | {
            "domain": x_domain,
            "anchor": yref,
            "title": {"text": "active applicants", "font": {"size": 11}},
        }
        layout[f"yaxis{suffix}"] = axis | {
            "domain": y_domain,
            "anchor": xref,
            "title": {"text": "patents", "font": {"size": 11}},
        }
        annotations.append(
            {
                "text": labels.get(group, group),
                "xref": "paper",
                "yref": "paper",
                "x": sum(x_domain) / 2,
                "y": y_domain[1],
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 12},
            }
        )
        part = points[points["group"] == group].sort_values("year")
        x, y, years = part["applicants"], part["patents"], part["year"].to_numpy()
        traces.append(
            {
                "type": "scatter",
                "x": _values(x),
                "y": _values(y),
                "xaxis": xref,
                "yaxis": yref,
                "mode": "markers+text",
                "text": lcv.year_labels(years, x, y),
                "textposition": "top center",
                "textfont": {"size": 9, "color": "#52606d"},
                "cliponaxis": False,
                # arrowheads pointing from the previous year: the direction of time
                "marker": {
                    "size": 10,
                    "color": [STEP_COLORS.get(step, "#3e4c59") for step in part["step"].fillna("")],
                    "symbol": ["circle"] + ["arrow"] * (len(years) - 1),
                    "angleref": "previous",
                },
                "customdata": _values(years),
                "hovertemplate": "%{customdata}: %{x} applicants, %{y} patents<extra></extra>",
                "showlegend": False,
            }
        )
        for step, (seg_x, seg_y) in lcv.step_segments(part).items():
            traces.append(
                {
                    "type": "scatter",
                    "x": seg_x,
                    "y": seg_y,
                    "xaxis": xref,
                    "yaxis": yref,
                    "mode": "lines",
                    "line": {"color": STEP_COLORS[step], "width": 2.5},
                    "name": STEP_NAMES[step],
                    "legendgroup": step,
                    "showlegend": step not in shown_steps,
                    "hoverinfo": "skip",
                }
            )
            shown_steps.add(step)
    cut = (
        f"; years after {diagram.last_complete_year} left out (publication lag "
        f"{diagram.lag_months} months)"
        if diagram.lag_months and diagram.last_complete_year
        else ""
    )
    layout |= {
        "template": _template(),
        "title": {
            "text": "<b>Applicants vs patents, one point per year, joined in time order</b>"
            f"<br><sup>{source_line}{cut}</sup>",
            "font": {"size": 14},
        },
        "margin": {"l": 55, "r": 20, "t": 80, "b": 100},
        "legend": {
            "orientation": "h",
            "y": -48 / (DIAGRAM_ROW_HEIGHT * rows),
            "yanchor": "top",
            "x": 0,
            "font": {"size": 11},
        },
        "annotations": annotations,
    }
    return {"data": traces, "layout": layout}


def diagram_message(text: str, link: bool = False) -> html.Div:
    """A message above the diagram, with a link to the Data page where it helps."""
    children: list = [text]
    if link:
        children += [" See the ", dcc.Link("Data page", href="/data"), "."]
    return html.Div(children, className="message")


def panel_key() -> html.Div:
    """How to read a country panel: the bands, the hatching, the curves (ends the grid)."""
    low, mid, high = (f"{t:.0%}" for t in lc.STAGE_THRESHOLDS)
    bands = [
        ("emerging", f"below {low} of K"),
        ("growth", f"{low} to {mid} of K"),
        ("maturity", f"{mid} to {high} of K"),
        ("saturation", f"{high} of K and above"),
    ]
    marks = [
        ("lc-swatch-hatched", "incomplete years: publication lag, left out of the fit"),
        ("lc-swatch-line", "the fitted S-curve; faded past the data: a projection"),
        ("lc-swatch-dashed", "saturation level K, where it fits on the axis"),
    ]
    return html.Div(
        [
            html.H3("Reading a panel"),
            html.P(
                "Bars: patents per year (left axis). Line: cumulative count (right axis), "
                "with the fitted S-curve and the stage bands on it.",
                className="lc-key-lead",
            ),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(
                                className="lc-swatch",
                                style={"background": STAGE_COLORS[stage], "opacity": 0.35},
                            ),
                            html.B(stage),
                            f": {text}",
                        ]
                    )
                    for stage, text in bands
                ]
                + [html.Li([html.Span(className=f"lc-swatch {cls}"), text]) for cls, text in marks],
                className="lc-key-list",
            ),
            html.P(
                "The stage is read in the last complete year; the card under each chart "
                "gives its range from the 95% interval of K.",
                className="lc-key-lead",
            ),
        ],
        className="lc-panel lc-key",
    )
