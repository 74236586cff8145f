"""What the life-cycle page shows, computed: fits for a model choice, stage bands, curves, table.

The page compares the life cycle of several countries (or groups of applicants) side by side.
This module holds the pure parts of that, on top of :mod:`app.analysis.lifecycle`:

- which series a source offers (:data:`SOURCES`, :func:`domain_choices`) and which groups a
  corpus is split into (:func:`corpus_groups`, :func:`group_series`);
- the fits for a model choice (:data:`MODEL_CHOICES`, :func:`fit_choice`);
- chart geometry: the stage bands on the cumulative axis (:func:`stage_bands`), that axis's
  extent (:func:`cumulative_axis_top`) and the fitted curve to draw, with its projection past
  the data (:func:`curve_points`);
- the stage diagram's coloured steps (:func:`step_segments`) and year labels
  (:func:`year_labels`);
- the comparison table of all groups (:func:`comparison_table`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from app.analysis.lifecycle import (
    MODELS,
    STAGE_THRESHOLDS,
    STAGES,
    STEP_LABELS,
    CurveFit,
    LifeCycleResult,
    corpus_series,
    fit_lifecycle,
    stage_of,
)
from app.ingest.indicators import IEA_SOURCE, INDICATOR_DOMAINS, OECD_SOURCE
from app.ingest.schema import Corpus

__all__ = [
    "ALL_GROUP",
    "COMPARISON_COLUMNS",
    "MODEL_CHOICES",
    "SEED_COUNTRIES",
    "SEED_COUNTRIES_ISO3",
    "SOURCES",
    "canonical_domain",
    "comparison_table",
    "corpus_groups",
    "cumulative_axis_top",
    "curve_points",
    "default_domain",
    "domain_choices",
    "fit_choice",
    "group_series",
    "stage_bands",
    "step_segments",
    "year_labels",
]

# page key -> publisher name in the indicator frame; "corpus" is the active patent dataset
SOURCES: dict[str, str] = {"oecd": OECD_SOURCE, "iea": IEA_SOURCE}
# The five countries the seed paper compares (China, US, Germany, Japan, South Korea).
SEED_COUNTRIES = ("CN", "US", "DE", "JP", "KR")
SEED_COUNTRIES_ISO3 = ("CHN", "USA", "DEU", "JPN", "KOR")
ALL_GROUP = "all"  # every patent of the (filtered) corpus
# choice -> the model sets fitted, one LifeCycleResult each
MODEL_CHOICES: dict[str, tuple[tuple[str, ...], ...]] = {
    "best": (MODELS,),
    "logistic": (("logistic",),),
    "gompertz": (("gompertz",),),
    "both": (("logistic",), ("gompertz",)),
}
COMPARISON_COLUMNS = (
    "group",
    "model",
    "model_note",
    "stage",
    "stage_low",
    "stage_high",
    "share_of_K_pct",
    "K",
    "K_low",
    "K_high",
    "inflection_year",
    "growth_time",
    "r2",
    "aic",
    "first_year",
    "last_year",
    "reason",
)


def domain_choices(source: str) -> list[tuple[str, str, bool]]:
    """``(domain id, label, annual)`` for each domain of page source ``"oecd"`` or ``"iea"``.

    ``annual`` is False for domains published only for sample years (OECD family size >= 4):
    a cumulative curve cannot be drawn through them.

    Examples
    --------
    >>> [d for d, _, _ in domain_choices("iea")]
    ['e-mobility', 'storage', 'all-technologies']
    >>> dict((d, annual) for d, _, annual in domain_choices("oecd"))["ev-charging"]
    False
    """
    publisher = SOURCES[source]
    out: dict[str, tuple[str, str, bool]] = {}
    for d in INDICATOR_DOMAINS:
        if d.source == publisher and d.domain not in out:  # first entry: the default basis
            out[d.domain] = (d.domain, d.label, d.file_key != "FAM4")
    return list(out.values())


def default_domain(source: str) -> str:
    """The domain a source opens with: batteries (OECD), e-Mobility (IEA).

    Examples
    --------
    >>> default_domain("oecd"), default_domain("iea")
    ('batteries', 'e-mobility')
    """
    return {"oecd": "batteries", "iea": "e-mobility"}[source]


def canonical_domain(source: str, value: str | None) -> str:
    """The domain choice as kept in the URL: "" for the source's default domain.

    A domain the source lacks falls back to its default (""), so switching from OECD to IEA
    never leaves an OECD domain behind. For the corpus (no domains of its own) any OECD or
    IEA domain is kept, ready for a switch back. "" as the default keeps a link that names
    only the source canonical.

    Examples
    --------
    >>> canonical_domain("iea", "storage"), canonical_domain("iea", "batteries")
    ('storage', '')
    >>> canonical_domain("oecd", "batteries"), canonical_domain("corpus", "storage")
    ('', 'storage')
    """
    sources = [source] if source in SOURCES else list(SOURCES)
    valid = {d for src in sources for d, _, _ in domain_choices(src)}
    value = value or ""
    if value not in valid or (source in SOURCES and value == default_domain(source)):
        return ""
    return value


def corpus_groups(
    countries: Sequence[str], present: Iterable[str], everything: bool = False
) -> list[str]:
    """The groups a corpus is compared by: all its patents, then applicant countries (ISO2).

    ``countries`` are those the page compares, in their order; those the corpus has
    (``present``) are kept. "all" (every patent) comes first when ``everything`` is asked
    for (the world, on a page comparing countries) or when none of the countries is there.

    Examples
    --------
    >>> corpus_groups(["CN", "US", "KR"], ["US", "CN", "TW"])
    ['CN', 'US']
    >>> corpus_groups(["CN"], ["CN"], everything=True), corpus_groups(["FR"], ["US"])
    (['all', 'CN'], ['all'])
    """
    present = set(present)
    kept = [c for c in dict.fromkeys(countries) if c in present]
    return [ALL_GROUP, *kept] if everything or not kept else kept


def group_series(corpus: Corpus, group: str) -> pd.DataFrame:
    """Patents and active applicants per year of one group (see :func:`corpus_groups`).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = synthetic_corpus(300, seed=4)
    >>> int(group_series(c, "all")["patents"].sum())
    300
    """
    countries = () if group == ALL_GROUP else (group,)
    return corpus_series(corpus, countries=countries)


def fit_choice(
    years: Sequence[int],
    counts: Sequence[float],
    choice: str,
    *,
    as_of_year: int | None,
    lag_months: int,
) -> tuple[LifeCycleResult, ...]:
    """The life-cycle results for a model choice: one, or one per model for ``"both"``.

    ``"best"`` fits both curves and keeps the lower AIC; ``"logistic"`` / ``"gompertz"`` fit
    only that curve; ``"both"`` gives a logistic and a Gompertz result (each refused or not on
    its own).

    Examples
    --------
    >>> from app.analysis.lifecycle import logistic
    >>> t = np.arange(1990, 2021)
    >>> counts = np.diff(logistic(np.arange(1989, 2021), 1000.0, 0.4, 2008.0))
    >>> [r.model for r in fit_choice(t, counts, "both", as_of_year=2020, lag_months=0)]
    ['logistic', 'gompertz']
    """
    try:
        model_sets = MODEL_CHOICES[choice]
    except KeyError:
        raise ValueError(
            f"unknown model choice {choice!r}; known: {', '.join(MODEL_CHOICES)}"
        ) from None
    return tuple(
        fit_lifecycle(years, counts, as_of_year=as_of_year, lag_months=lag_months, models=models)
        for models in model_sets
    )


def stage_bands(K: float, top: float) -> list[tuple[str, float, float]]:
    """Horizontal stage bands on a cumulative axis running from 0 to ``top``.

    Each band is ``(stage, low, high)`` in cumulative counts: emerging below 10% of ``K``,
    growth 10-50%, maturity 50-90%, saturation from 90% up (to the top of the axis). Bands
    are clipped to ``[0, top]``; a band wholly above ``top`` is left out.

    Examples
    --------
    >>> for band in stage_bands(1000.0, 1200.0):
    ...     print(band)
    ('emerging', 0.0, 100.0)
    ('growth', 100.0, 500.0)
    ('maturity', 500.0, 900.0)
    ('saturation', 900.0, 1200.0)
    >>> stage_bands(1000.0, 300.0)
    [('emerging', 0.0, 100.0), ('growth', 100.0, 300.0)]
    """
    if not (K > 0 and top > 0):
        return []
    edges = [0.0, *(t * K for t in STAGE_THRESHOLDS), math.inf]
    bands = []
    for stage, low, high in zip(STAGES, edges[:-1], edges[1:], strict=True):
        low, high = min(low, top), min(high, top)
        if high > low:
            bands.append((stage, float(low), float(high)))
    return bands


def cumulative_axis_top(highest: float, K: float | None = None, reach: float = 1.5) -> float:
    """Top of the cumulative axis: 5% above the highest value drawn, or above K if near.

    The saturation level ``K`` is brought into view when it is within ``reach`` times the
    highest value drawn; a K far above the data would squash the curve to the floor, so it
    is then left off the axis (the page says where it is).

    Examples
    --------
    >>> cumulative_axis_top(1000.0), cumulative_axis_top(1000.0, 1200.0)
    (1050.0, 1260.0)
    >>> cumulative_axis_top(1000.0, 50000.0)
    1050.0
    """
    top = float(highest)
    if K is not None and np.isfinite(K) and reach * top >= K:
        top = max(top, float(K))
    return top * 1.05 if top > 0 else 1.0


def curve_points(
    fit: CurveFit,
    start_year: int,
    end_year: int,
    last_year: int,
    max_ahead: int = 12,
    step: float = 0.25,
) -> pd.DataFrame:
    """Points of a fitted cumulative curve to draw, and of its projection past the fit.

    The curve runs from ``start_year`` (first fitted year) to the last year shown
    (``last_year``, incomplete years included), or on to the year the curve reaches 90% of
    K when that comes later, but at most ``max_ahead`` years after ``end_year`` (the last
    fitted year). Points after ``end_year`` are flagged ``projected``; the curve at year
    ``Y`` is the cumulative count to the end of ``Y``, as the data's.

    Returns a frame with columns ``year`` (float), ``cumulative``, ``projected``.

    Examples
    --------
    >>> from app.analysis.lifecycle import fit_curve, logistic
    >>> t = np.arange(2000, 2016)
    >>> fit = fit_curve("logistic", t, logistic(t, 500.0, 0.5, 2014.0))
    >>> pts = curve_points(fit, 2000, 2015, 2017)
    >>> float(pts["year"].iloc[-1]), bool(pts["projected"].iloc[-1])  # 90% of K in 2018.4
    (2019.0, True)
    >>> float(curve_points(fit, 2000, 2015, 2017, max_ahead=2)["year"].max())
    2017.0
    """
    reach = math.ceil(fit.year_90) if np.isfinite(fit.year_90) else last_year
    stop = max(last_year, min(reach, end_year + max_ahead))
    years = np.arange(start_year, stop + step / 2, step)
    return pd.DataFrame(
        {"year": years, "cumulative": fit.predict(years), "projected": years > end_year}
    )


def _row(group: str, model: str, model_note: str, result: LifeCycleResult) -> dict:
    row = {
        "group": group,
        "model": model,
        "model_note": model_note,
        "first_year": result.start_year,
        "last_year": result.end_year,
    }
    fit = result.best
    if fit is None:
        return row | {"stage": "", "reason": result.reason or ""}
    k_low, k_high = fit.ci["K"]
    return row | {
        "stage": result.stage,
        "stage_low": stage_of(result.share_range[0]),
        "stage_high": stage_of(result.share_range[1]),
        "share_of_K_pct": 100.0 * result.share_of_K,
        "K": fit.K,
        "K_low": k_low,
        "K_high": k_high if np.isfinite(k_high) else None,
        "inflection_year": fit.inflection_year,
        "growth_time": fit.growth_time,
        "r2": fit.r2,
        "aic": fit.aic,
        "reason": "",
    }


def comparison_table(
    items: Iterable[tuple[str, str, Sequence[LifeCycleResult]]],
) -> pd.DataFrame:
    """One row per (group, fitted model): stage, K with its interval, timing and fit quality.

    ``items`` are ``(group, model choice, results)`` as :func:`fit_choice` returns them.
    ``model`` is the fitted curve, or the curve asked for when the fit was refused ("best"
    for either); ``model_note`` is "lower_aic" for the curve the best-AIC choice kept (and
    the better of "both"), "only_fitted" when the best-AIC choice could fit one curve only,
    else "". A refusal has no ``stage``, keeps its reason (a
    :class:`~app.analysis.messages.Message`) in ``reason`` and leaves the figures empty.
    ``stage_low`` / ``stage_high`` are the stages at the ends of K's 95% interval; the
    years fitted run from ``first_year`` to ``last_year``. Columns: :data:`COMPARISON_COLUMNS`;
    ids, not labels: a page names them in its language.

    Examples
    --------
    >>> from app.analysis.lifecycle import logistic
    >>> t = np.arange(1990, 2021)
    >>> ok = np.diff(logistic(np.arange(1989, 2021), 1000.0, 0.4, 2008.0))
    >>> rows = [("A", "best", fit_choice(t, ok, "best", as_of_year=2020, lag_months=0)),
    ...         ("B", "logistic", fit_choice(t[:3], ok[:3], "logistic", as_of_year=2020,
    ...                                       lag_months=0))]
    >>> table = comparison_table(rows)
    >>> table[["group", "model", "model_note", "stage"]].values.tolist()
    [['A', 'logistic', 'lower_aic', 'saturation'], ['B', 'logistic', '', '']]
    >>> table["reason"].iloc[1]
    'cannot fit: too short: 3 years with data (1990-1992), need at least 6'
    """
    rows = []
    for group, choice, results in items:
        fitted = [r for r in results if r.ok]
        better = min(fitted, key=lambda r: r.best.aic).model if len(fitted) > 1 else None
        for i, result in enumerate(results):
            note = ""
            if result.ok:
                model = result.model
                if result.model == better or (choice == "best" and len(result.fits) > 1):
                    note = "lower_aic"
                elif choice == "best":
                    note = "only_fitted"
            else:
                models = MODEL_CHOICES.get(choice, ((choice,),))[i]
                model = "best" if len(models) > 1 else models[0]
            rows.append(_row(group, model, note, result))
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


def step_segments(points: pd.DataFrame) -> dict[str, tuple[list, list]]:
    """Line segments of one group's stage-diagram path, gathered by step label.

    ``points`` are one group's rows of :func:`~app.analysis.lifecycle.stage_diagram` (or
    :func:`~app.analysis.lifecycle.diagram_points`). Each step joins the previous year's
    point to this year's; the segments of a label come as one x list and one y list with
    ``None`` between segments (one plotly trace per label). Labels in
    :data:`~app.analysis.lifecycle.STEP_LABELS` order; labels without a step are left out.

    Examples
    --------
    >>> from app.analysis.lifecycle import diagram_points
    >>> pts = diagram_points(pd.DataFrame({"year": [2000, 2001, 2002, 2003],
    ...                                    "applicants": [2, 5, 4, 6],
    ...                                    "patents": [3, 9, 12, 15]}))
    >>> segments = step_segments(pts)
    >>> list(segments), segments["growth"][0]
    (['growth', 'maturity'], [2, 5, None, 4, 6, None])
    """
    part = points.sort_values("year")
    steps = part["step"].to_numpy(dtype=object)
    xs = part["applicants"].to_numpy(dtype=object)
    ys = part["patents"].to_numpy(dtype=object)
    out = {}
    for step in STEP_LABELS:
        at = np.flatnonzero(steps[1:] == step) + 1  # the step into year at[k]
        if len(at):
            gap = np.full(len(at), None, dtype=object)
            out[step] = (
                np.column_stack([xs[at - 1], xs[at], gap]).ravel().tolist(),
                np.column_stack([ys[at - 1], ys[at], gap]).ravel().tolist(),
            )
    return out


def year_labels(
    years: Sequence[int],
    xs: Sequence[float] | None = None,
    ys: Sequence[float] | None = None,
    most: int = 12,
) -> list[str]:
    """Text labels for the points of a path, one per point ("" for none).

    On a short path every year is labelled; on a long one (more than ``most`` points) the
    first, the last and every fifth year. Points at the same place (``xs``, ``ys`` given)
    share one label, on the last of them ("2018, 2019"; "2005–2015" for more than two),
    so labels do not print over each other.

    Examples
    --------
    >>> year_labels([2019, 2020, 2021])
    ['2019', '2020', '2021']
    >>> [label for label in year_labels(range(1998, 2016)) if label]
    ['1998', '2000', '2005', '2010', '2015']
    >>> year_labels([2017, 2018, 2019, 2020], xs=[1, 1, 1, 3], ys=[1, 1, 2, 2])
    ['', '2017, 2018', '2019', '2020']
    >>> year_labels([2017, 2018, 2019, 2020], xs=[1, 1, 1, 3], ys=[1, 1, 1, 2])
    ['', '', '2017–2019', '2020']
    """
    years = np.asarray(list(years), dtype=int)
    if len(years) <= most:
        keep = np.ones(len(years), dtype=bool)
    else:
        keep = (years % 5 == 0) | (years == years.min()) | (years == years.max())
    labels = [str(y) if k else "" for y, k in zip(years, keep, strict=True)]
    if xs is None or ys is None:
        return labels
    places = pd.DataFrame({"x": list(xs), "y": list(ys), "label": labels})
    for _, at in places.groupby(["x", "y"], sort=False).groups.items():
        if len(at) > 1:
            shown = [labels[i] for i in at if labels[i]]
            for i in at:
                labels[i] = ""
            labels[at[-1]] = ", ".join(shown) if len(shown) <= 2 else f"{shown[0]}–{shown[-1]}"
    return labels
