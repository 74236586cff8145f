"""Figures, cards and words of the Life-cycle page (plotly and html; the numbers come computed).

Every text is in the request's language: labels of stages and curves, the life-cycle terms
with their plain-language explanations (:func:`term`, shown on hover), the analysis'
reasons and notes (:func:`say`), the one-line verdict per country (:func:`verdict`).
"""

from __future__ import annotations

import math
import string
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.io as pio
from dash import dcc, html

from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.analysis.messages import Message
from app.i18n import N_, _, current_language, format_int, format_number, format_percent_value
from app.pages.life_cycle.data import GroupLifeCycle, StageDiagram
from app.ui.charts import empty_figure
from app.ui.colors import country_color

__all__ = [
    "STAGE_COLORS",
    "STEP_COLORS",
    "TERMS",
    "compose",
    "diagram_height",
    "diagram_message",
    "fit_card",
    "group_color",
    "lifecycle_figure",
    "model_label",
    "panel_key",
    "say",
    "stage_diagram_figure",
    "stage_label",
    "stage_range_label",
    "term",
    "verdict",
]

STAGE_COLORS = {
    "emerging": "#CC79A7",
    "growth": "#009E73",
    "maturity": "#0072B2",
    "saturation": "#7F7F7F",
}
STAGE_LABELS = {
    "emerging": N_("emerging"),
    "growth": N_("growth"),
    "maturity": N_("maturity"),
    "saturation": N_("saturation"),
}
MODEL_LABELS = {
    "logistic": N_("Logistic"),
    "gompertz": N_("Gompertz"),
    "best": N_("Logistic or Gompertz"),
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
    "growth": N_("growth: more applicants, more patents"),
    "revival": N_("revival: growth after a decline"),
    "maturity": N_("maturity / consolidation: fewer applicants, more patents"),
    "decline": N_("decline: fewer applicants, fewer patents"),
    "fragmentation": N_("fragmentation: more applicants, fewer patents"),
    "stable": N_("stable: no change"),
}
# The life-cycle terms the page uses: key -> (label, what it means in plain words)
TERMS = {
    "K": (
        N_("Saturation level K"),
        N_(
            "The total number of patents the fitted S-curve levels off at: the projected "
            "ceiling of the field in this country."
        ),
    ),
    "share": (
        N_("Share of the ceiling reached"),
        N_(
            "Patents up to the last complete year as a share of the saturation level K. "
            "It decides the stage."
        ),
    ),
    "inflection": (
        N_("Inflection year"),
        N_(
            "The year the curve grows fastest. After it, the yearly number of new patents "
            "starts to fall."
        ),
    ),
    "growth_time": (
        N_("Growth time 10→90%"),
        N_("How many years the curve takes to go from 10% to 90% of the saturation level."),
    ),
    "stage": (
        N_("Stage"),
        N_(
            "Where the field stands on its S-curve: emerging (below 10% of the saturation "
            "level), growth (10% to 50%), maturity (50% to 90%), saturation (90% and above)."
        ),
    ),
    "stage_range": (
        N_("Stage range"),
        N_(
            "The stages at the two ends of the 95% interval of K. Where they differ, the "
            "stage is uncertain: read the range, not the single stage."
        ),
    ),
    "r2": (
        N_("Goodness of fit R²"),
        N_(
            "How closely the curve follows the cumulative count: 1 is a perfect fit. Below "
            "0.9 no curve is drawn."
        ),
    ),
    "aic": (
        N_("AIC"),
        N_(
            "Akaike information criterion: compares the two curves on the same data. The "
            "lower value is the better fit."
        ),
    ),
    "emerging": (
        N_("emerging"),
        N_("Below 10% of the saturation level: few patents, the technology is young."),
    ),
    "growth": (
        N_("growth"),
        N_("10% to 50% of the saturation level: patenting speeds up year after year."),
    ),
    "maturity": (
        N_("maturity"),
        N_("50% to 90% of the saturation level: yearly patenting slows as the ceiling nears."),
    ),
    "saturation": (
        N_("saturation"),
        N_("90% of the saturation level or more: little room left to grow."),
    ),
}
CURVE_STYLE = {"logistic": ("#1f2933", "solid"), "gompertz": ("#882255", "dash")}
NEUTRAL = "#52606d"  # world and "all applicants"
INCOMPLETE = "#b8bfc7"
# Message values that hold a model or a stage id (see lifecycle.fit_lifecycle's notes)
_MODEL_VALUES = {"model", "other"}
_STAGE_VALUES = {"stage", "other_stage", "stage_low", "stage_high"}


def stage_label(stage: str) -> str:
    """A stage id in the reader's language."""
    return _(STAGE_LABELS[stage]) if stage in STAGE_LABELS else stage


def stage_range_label(low: str, high: str) -> str:
    """ "growth–maturity", or one stage where both ends agree."""
    if low == high:
        return stage_label(low)
    return _("{stage_low}–{stage_high}").format(
        stage_low=stage_label(low), stage_high=stage_label(high)
    )


def model_label(model: str) -> str:
    """A curve id ("logistic", "gompertz", "best" for either) in the reader's language."""
    return _(MODEL_LABELS[model]) if model in MODEL_LABELS else model


def say(message: str | None) -> str:
    """An analysis message in the reader's language, its model and stage ids named."""
    if not message:
        return ""
    if not isinstance(message, Message):
        return message

    def value(name: str, value):
        if name in _MODEL_VALUES:
            return model_label(value)
        if name in _STAGE_VALUES:
            return stage_label(value)
        return value

    return message.translated(value)


def term(key: str, text: str | None = None, class_name: str = "") -> html.Span:
    """A life-cycle term with its plain-language explanation on hover (and focus)."""
    label, meaning = TERMS[key]
    return html.Span(
        text if text is not None else _(label),
        title=_(meaning),
        tabIndex="0",
        className=f"term {class_name}".strip(),
    )


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


def compose(text: str, **parts) -> list:
    """A translated sentence with components in its placeholders: ``compose(_("{country}:
    {stage}"), country=html.B("Korea"), stage=term(...))`` keeps the catalog's word order.

    >>> compose("{a} and {b}!", a="x", b=html.B("y"))[1:3]
    [' and ', B('y')]
    """
    out: list = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        if literal:
            out.append(literal)
        if name is not None:
            out.append(parts[name])
    return out


def problem_text(label: str) -> str:
    """Why a group has no series at all, in the reader's language."""
    return _("No counts for {country} in this domain.").format(country=label)


def verdict(data: GroupLifeCycle, label: str) -> html.Li:
    """One plain line per country: "Korea: maturity, 69% of its projected ceiling reached"."""
    fitted = _fitted(data.results)
    if data.missing:
        return html.Li(problem_text(label), className="lc-verdict lc-verdict-none")
    if not fitted:
        text = _("{country}: no stage, the counts cannot carry an S-curve (see its card).")
        return html.Li(compose(text, country=html.B(label)), className="lc-verdict lc-verdict-none")
    head = fitted[0]
    children = compose(
        _("{country}: {stage}, {share} of its projected ceiling reached"),
        country=html.B(label),
        stage=term(head.stage, stage_label(head.stage), f"stage-text stage-text-{head.stage}"),
        share=format_percent_value(head.share_of_K, 0),
    )
    low, high = lc.stage_of(head.share_range[0]), lc.stage_of(head.share_range[1])
    if low != high:
        children.append(
            html.Span(
                _(" (uncertain: {stages})").format(stages=stage_range_label(low, high)),
                className="text-muted",
            )
        )
    return html.Li(children, className="lc-verdict", **{"data-group": data.group})


def lifecycle_figure(
    data: GroupLifeCycle, title: str, source_line: str, download_source: str | None = None
) -> dict:
    """Patents per year (bars), cumulative (line), fitted S-curve(s), stage bands.

    Built as a plain figure dict: plotly's per-trace validation cost more than the fit.
    ``download_source``: the source line a downloaded picture names when the counts are
    not the patent dataset's (OECD, IEA); the filter bar does not apply to them then (see
    :func:`app.ui.charts.report_meta`).
    """
    series = data.series
    if data.missing or series.empty or not series["patents"].sum() > 0:
        empty = problem_text(title) if data.missing else _("No patents in this series.")
        return empty_figure(empty)
    results = data.results
    excluded = set(results[0].excluded_years) if results else set()
    color = group_color(data)
    late = series["year"].isin(list(excluded)).to_numpy()
    patents = _("%{x}: %{y:,.0f} patents")
    traces = [
        {
            "type": "bar",
            "x": _values(series["year"][~late]),
            "y": _values(series["patents"][~late]),
            "name": _("patents per year"),
            "legendrank": 1,
            "marker": {"color": color, "opacity": 0.55},
            "hovertemplate": patents + "<extra></extra>",
        }
    ]
    if late.any():
        traces.append(
            {
                "type": "bar",
                "x": _values(series["year"][late]),
                "y": _values(series["patents"][late]),
                "name": _("incomplete years (left out)"),
                "legendrank": 2,
                "marker": {
                    "color": INCOMPLETE,
                    "pattern": {"shape": "/", "fgcolor": "#7b8794", "solidity": 0.3},
                },
                "hovertemplate": _("%{x}: %{y:,.0f} patents (incomplete: publication lag)")
                + "<extra></extra>",
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
        name = _("{model} curve").format(model=model_label(fit.model))
        for projected, part in points.groupby("projected"):
            if projected:  # join the projection to the fitted part
                part = pd.concat([points[~points["projected"]].tail(1), part])
            traces.append(
                {
                    "type": "scatter",
                    "x": _values(part["year"]),
                    "y": _values(part["cumulative"]),
                    "name": name,
                    "legendgroup": fit.model,
                    "showlegend": not projected,
                    "mode": "lines",
                    "line": {"color": line_color, "width": 1.5, "dash": dash},
                    "legendrank": 4,
                    "opacity": 0.55 if projected else 1.0,
                    "yaxis": "y2",
                    "hovertemplate": _("%{x:.0f}: %{y:,.0f} on the curve")
                    + f"<extra>{name}</extra>",
                }
            )
    complete = ~shown["year"].isin(list(excluded)).to_numpy()
    traces.append(
        {
            "type": "scatter",
            "x": _values(shown["year"][complete]),
            "y": _values(cumulative[complete]),
            "name": _("cumulative"),
            "legendrank": 3,
            "mode": "lines+markers",
            "line": {"color": color, "width": 2.5},
            "marker": {"size": 4},
            "yaxis": "y2",
            "hovertemplate": _("%{x}: %{y:,.0f} in total") + "<extra></extra>",
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
                "name": _("cumulative, incomplete"),
                "mode": "lines",
                "line": {"color": INCOMPLETE, "width": 2, "dash": "dot"},
                "yaxis": "y2",
                "showlegend": False,
                "hovertemplate": _("%{x}: %{y:,.0f} in total (incomplete)") + "<extra></extra>",
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
                notes.append(_band_label(stage_label(stage), (low + high) / 2, stage))
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
            text = _("saturation level K = {k}").format(k=format_int(best.K))
            notes.append(
                _band_label(text, best.K)
                | {
                    "yanchor": "bottom",
                    "font": {"size": 10, "color": "#52606d"},
                    "bgcolor": "rgba(255,255,255,0.75)",
                }
            )
    else:
        notes.append(_band_label(_("no curve: cannot fit (see below)"), 0) | _TOP_LEFT)
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
            "title": {"text": _("patents per year"), "font": {"size": 11}},
            "rangemode": "tozero",
        },
        "yaxis2": {
            "title": {"text": _("cumulative"), "font": {"size": 11}},
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
    if download_source is not None:
        layout["meta"] = {"source": download_source, "filters": False}
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


def _band_label(text: str, y: float, stage: str = "") -> dict:
    """A label at the left edge of the plot, at height ``y`` of the cumulative axis."""
    return {
        "xref": "paper",
        "x": 0.005,
        "xanchor": "left",
        "yref": "y2",
        "y": y,
        "text": text,
        "showarrow": False,
        "font": {"size": 10, "color": STAGE_COLORS.get(stage, "#52606d")},
    }


def _year(value: float, digits: int = 0) -> str:
    """A (fractional) year as years are written: no digit grouping."""
    return f"{value:.{digits}f}"


def _interval(low: float | None, high: float | None, shown=format_int) -> str:
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return " " + _("(95% interval unbounded)")
    return f" ({shown(low)}–{shown(high)})"


def _model_title(result: lc.LifeCycleResult, n_fitted: int, is_best: bool) -> str:
    name = model_label(result.model)
    if n_fitted > 1 or len(result.fits) > 1:
        return _("{model} (lower AIC)").format(model=name) if is_best else name
    return name


def _fit_rows() -> list[tuple[html.Span, object]]:
    """(row label, cell(result, fit)) of the fit table under a chart."""
    return [
        (
            term("stage_range"),
            lambda r, f: stage_range_label(
                lc.stage_of(r.share_range[0]), lc.stage_of(r.share_range[1])
            ),
        ),
        (term("K"), lambda r, f: format_int(f.K) + _interval(*f.ci["K"])),
        (
            term("inflection"),
            lambda r, f: _year(f.inflection_year, 1) + _interval(*f.ci["t0"], _year),
        ),
        (
            term("growth_time"),
            lambda r, f: (
                _("{n} years").format(n=format_number(f.growth_time, 1))
                + _interval(*f.ci["growth_time"])
            ),
        ),
        (
            html.Span([term("r2"), " · ", term("aic")]),
            lambda r, f: f"{format_number(f.r2, 3)} · {format_number(f.aic, 1)}",
        ),
        (
            _("Years fitted"),
            lambda r, f: _("{first}–{last} ({n} years)").format(
                first=r.start_year, last=r.end_year, n=r.n_years
            ),
        ),
    ]


def fit_card(data: GroupLifeCycle, label: str) -> html.Div:
    """The fit figures under a chart: stage, K, inflection, growth time, R², AIC, notes."""
    if data.missing:
        return html.Div(problem_text(label), className="message")
    fitted = _fitted(data.results)
    children = []
    if fitted:
        head = fitted[0]
        children.append(
            html.Div(
                [
                    term(head.stage, stage_label(head.stage), f"stage-badge stage-{head.stage}"),
                    html.Span(
                        " "
                        + _("{share} of the saturation level reached by {year}").format(
                            share=format_percent_value(head.share_of_K, 0), year=head.end_year
                        ),
                        className="stage-line-text",
                    ),
                ],
                className="stage-line",
            )
        )
        header = html.Tr(
            [html.Th("")]
            + [html.Th(_model_title(r, len(fitted), i == 0)) for i, r in enumerate(fitted)]
        )
        body = [
            html.Tr([html.Td(label)] + [html.Td(cell(r, r.best)) for r in fitted])
            for label, cell in _fit_rows()
        ]
        children.append(html.Table([html.Thead(header), html.Tbody(body)], className="fit-table"))
    model_sets = lcv.MODEL_CHOICES.get(data.model, ())
    for i, result in enumerate(data.results):
        if not result.ok:
            models = model_sets[i] if i < len(model_sets) else ()
            text = say(result.reason)
            if len(data.results) > 1 and models:
                text = _("{model}: {why}").format(model=model_label(models[0]), why=text)
            children.append(html.Div(text, className="message fit-refused"))
    notes = [
        _("{model} curve not fitted: {why}").format(model=model_label(model), why=say(why))
        for r in fitted
        for model, why in r.failures.items()
    ]
    notes = list(dict.fromkeys(notes + [say(n) for r in data.results for n in r.notes]))
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
        return empty_figure(_("No dated patents with named applicants under these filters."))
    cols = min(3, len(groups))
    rows = math.ceil(len(groups) / cols)
    cells = _grid(len(groups), cols, 0.07, min(0.3, 70 / (DIAGRAM_ROW_HEIGHT * rows)))
    traces, annotations = [], []
    layout: dict = {}
    shown_steps: set[str] = set()
    x_title, y_title = _("active applicants"), _("patents")
    hover = _("%{customdata}: %{x} applicants, %{y} patents") + "<extra></extra>"
    for i, (group, (x_domain, y_domain)) in enumerate(zip(groups, cells, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        xref, yref = f"x{suffix}", f"y{suffix}"
        axis = {"rangemode": "tozero", "title": {"font": {"size": 11}}}
        layout[f"xaxis{suffix}"] = axis | {
            "domain": x_domain,
            "anchor": yref,
            "title": {"text": x_title, "font": {"size": 11}},
        }
        layout[f"yaxis{suffix}"] = axis | {
            "domain": y_domain,
            "anchor": xref,
            "title": {"text": y_title, "font": {"size": 11}},
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
                "hovertemplate": hover,
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
                    "name": _(STEP_NAMES[step]),
                    "legendgroup": step,
                    "showlegend": step not in shown_steps,
                    "hoverinfo": "skip",
                }
            )
            shown_steps.add(step)
    cut = (
        _("; years after {year} left out (publication lag {lag} months)").format(
            year=diagram.last_complete_year, lag=diagram.lag_months
        )
        if diagram.lag_months and diagram.last_complete_year
        else ""
    )
    title = _("Applicants vs patents, one point per year, joined in time order")
    layout |= {
        "template": _template(),
        "title": {"text": f"<b>{title}</b><br><sup>{source_line}{cut}</sup>", "font": {"size": 14}},
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


def diagram_message(text: str | list, link: bool = False) -> html.Div:
    """A message above the diagram, with a link to the Data page where it helps."""
    children: list = text if isinstance(text, list) else [text]
    if link:
        children += [
            " ",
            dcc.Link(
                _("Load a dataset on the Data page."), href=f"/data?lang={current_language()}"
            ),
        ]
    return html.Div(children, className="message")


def panel_key() -> html.Div:
    """How to read a country panel: the bands, the hatching, the curves (ends the grid)."""
    low, mid, high = (format_percent_value(t, 0) for t in lc.STAGE_THRESHOLDS)
    bands = [
        ("emerging", _("below {low} of K").format(low=low)),
        ("growth", _("{low} to {high} of K").format(low=low, high=mid)),
        ("maturity", _("{low} to {high} of K").format(low=mid, high=high)),
        ("saturation", _("{high} of K and above").format(high=high)),
    ]
    marks = [
        ("lc-swatch-hatched", _("incomplete years: publication lag, left out of the fit")),
        ("lc-swatch-line", _("the fitted S-curve; faded past the data: a projection")),
        ("lc-swatch-dashed", _("saturation level K, where it fits on the axis")),
    ]
    return html.Div(
        [
            html.H3(_("Reading a panel")),
            html.P(
                _(
                    "Bars: patents per year (left axis). Line: cumulative count (right axis), "
                    "with the fitted S-curve and the stage bands on it."
                ),
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
                            *compose(
                                _("{stage}: {meaning}"),
                                stage=term(stage, stage_label(stage), "lc-key-term"),
                                meaning=text,
                            ),
                        ]
                    )
                    for stage, text in bands
                ]
                + [html.Li([html.Span(className=f"lc-swatch {cls}"), text]) for cls, text in marks],
                className="lc-key-list",
            ),
            html.P(
                _(
                    "The stage is read in the last complete year; the card under each chart "
                    "gives its range from the 95% interval of K."
                ),
                className="lc-key-lead",
            ),
        ],
        className="lc-panel lc-key",
    )
