"""Technology life cycle: S-curves on cumulative patent counts, stages, and the stage diagram.

The life-cycle model (Ernst 1997; Haupt, Kloyer and Lange 2007; the seed paper's "growth
stage") reads a technology's maturity from how far its cumulative patent count has come
towards a saturation level ``K``. We fit two three-parameter S-curves to the cumulative
series ``C(t)`` with bounded least squares (:func:`scipy.optimize.curve_fit`):

- logistic  ``C(t) = K / (1 + exp(-r (t - t0)))`` — symmetric; inflection at ``t0`` (C = K/2);
  10% -> 90% growth time ``ln(81) / r``;
- Gompertz  ``C(t) = K exp(-exp(-r (t - t0)))`` — slow approach to K; inflection at ``t0``
  (C = K/e); 10% -> 90% growth time ``(ln(ln 10) - ln(-ln 0.9)) / r``.

The better one is chosen by AIC in its least-squares form ``n ln(RSS/n) + 2k`` (k = 3).
Parameter confidence intervals are 95% Student-t intervals from the fit's covariance; they
treat the cumulative residuals as independent, which they are not, so read them as a lower
bound on the uncertainty.

Stage, as of the last complete year, from the share ``C / K`` of the saturation level reached:
emerging (< 10%), growth (10% to < 50%), maturity (50% to < 90%), saturation (>= 90%). The K
interval carries through to a share interval and so to a stage range ("growth–maturity").

Publication lag. Filings are published about 18 months after their priority date
(``settings().publication_lag_months``), so the latest years of any patent count are
incomplete. The rule, with ``A`` the "as of" year (the data are taken to be complete to the
end of year ``A``) and ``L`` the lag in months: year ``Y`` is complete when
``31 Dec Y + L months <= 31 Dec A``, i.e. ``Y <= A - ceil(L / 12)``; with 18 months the last
two years are incomplete. By default ``A`` is the data's own latest year: for a corpus the
latest publication year (else the latest analysis year), for the OECD/IEA frame the latest
year in that source (OECD 2020 -> complete to 2018; IEA 2021 -> complete to 2019, which
drops the 2020-2021 years its SOURCE.md calls incomplete). Callers may pass another ``A``.
Incomplete years are left out of fits and diagrams unless asked for, and always reported.
A corpus dated only by publication year (the Lens sample) has no lag: its counts are
complete to ``A`` (:func:`corpus_lag_months`).

A series gets a result whose ``reason`` reads "cannot fit: ..." and no curve when it is
too short (fewer than ``MIN_YEARS`` years from its first non-zero year), has gaps, missing or
negative values, is all zero, never rises above its first year, is no better described by
an S-curve than by a straight cumulative line (a constant annual rate: flat, however noisy),
has no saturation in sight (K runs to its bound) or fits badly (R² below ``MIN_R2``).

Stage diagram. One point per year, x = active applicants, y = patents, joined in time order.
Each year-to-year step is labelled by its direction, after the four phases of the
applicants-vs-patents diagram in the life-cycle literature:

==========================  ===================  =================================================
applicants                  patents              step
==========================  ===================  =================================================
rising                      rising               growth (revival when the last move was a decline)
falling or unchanged        rising               maturity (consolidation: fewer firms, more output)
falling or unchanged        falling              decline (saturation: firms exit, output shrinks)
rising                      falling              fragmentation (entry without output)
rising / falling            unchanged            fragmentation / maturity
unchanged                   unchanged            stable
==========================  ===================  =================================================
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from app.analysis.filters import IPC_THEMES, Filters, apply_filters
from app.analysis.messages import Message
from app.i18n import N_
from app.ingest.indicators import AGGREGATE_CODES, default_basis
from app.ingest.schema import UNKNOWN_COUNTRY, Corpus

__all__ = [
    "MIN_AIC_GAIN",
    "MIN_R2",
    "MIN_YEARS",
    "MODELS",
    "STAGES",
    "STAGE_THRESHOLDS",
    "STEP_LABELS",
    "CurveFit",
    "FitError",
    "LifeCycleResult",
    "classify_steps",
    "corpus_as_of",
    "corpus_lag_months",
    "corpus_series",
    "diagram_points",
    "fit_curve",
    "fit_lifecycle",
    "gompertz",
    "indicator_series",
    "last_complete_year",
    "logistic",
    "stage_diagram",
    "stage_of",
    "stage_span",
]

MODELS = ("logistic", "gompertz")
STAGES = ("emerging", "growth", "maturity", "saturation")
STAGE_THRESHOLDS = (0.10, 0.50, 0.90)  # share of K where the next stage begins
STEP_LABELS = ("growth", "revival", "maturity", "decline", "fragmentation", "stable")
MIN_YEARS = 6  # years with data (from the first non-zero year) needed for a fit
MIN_R2 = 0.9  # below this on the cumulative series a fit is refused as too noisy
K_BOUND_FACTOR = 100.0  # K may reach this multiple of the last cumulative count
# The S-curve must beat a straight cumulative line (a constant annual rate: no growth, no
# saturation) by this much AIC. Measured: flat noisy series (Poisson or uniform noise around a
# constant; IEA Canada e-mobility and storage, Italy storage) gain at most 16; every growing
# OECD/IEA series of the five main countries gains more than 50.
MIN_AIC_GAIN = 20.0
HUGE_CI_HALF_WIDTH = 0.5  # a K interval wider than +-50% of K is "poorly determined"
_N_PARAMS = 3
# Guessed K (multiples of the last cumulative count) to start the optimiser from; the
# least-RSS result wins, so a series already near saturation and one far from it both fit.
_K_STARTS = (1.1, 3.0, 20.0)
_CONFIDENCE = 0.95


def logistic(t: np.ndarray, K: float, r: float, t0: float) -> np.ndarray:
    """Logistic curve ``K / (1 + exp(-r (t - t0)))``.

    Examples
    --------
    >>> float(logistic(np.array([2010.0]), 100.0, 0.5, 2010.0)[0])
    50.0
    """
    return K / (1.0 + np.exp(-r * (np.asarray(t, dtype=float) - t0)))


def gompertz(t: np.ndarray, K: float, r: float, t0: float) -> np.ndarray:
    """Gompertz curve ``K exp(-exp(-r (t - t0)))``; at ``t0`` it is ``K / e``.

    Examples
    --------
    >>> round(float(gompertz(np.array([2010.0]), 100.0, 0.5, 2010.0)[0]), 3)
    36.788
    """
    return K * np.exp(-np.exp(-r * (np.asarray(t, dtype=float) - t0)))


def _logistic_jacobian(t: np.ndarray, K: float, r: float, t0: float) -> np.ndarray:
    e = np.exp(-r * (t - t0))
    d = (1.0 + e) ** 2
    return np.column_stack([1.0 / (1.0 + e), K * e * (t - t0) / d, -K * e * r / d])


def _gompertz_jacobian(t: np.ndarray, K: float, r: float, t0: float) -> np.ndarray:
    g = np.exp(-r * (t - t0))
    h = np.exp(-g)
    return np.column_stack([h, K * h * g * (t - t0), -K * h * g * r])


_CURVES: dict[str, Callable] = {"logistic": logistic, "gompertz": gompertz}
# Analytic Jacobians: a third of the optimiser's time compared with finite differences.
_JACOBIANS: dict[str, Callable] = {"logistic": _logistic_jacobian, "gompertz": _gompertz_jacobian}
# 10% -> 90% growth time is this constant over r
_GROWTH_CONSTANT = {
    "logistic": math.log(81.0),
    "gompertz": math.log(math.log(10.0)) - math.log(-math.log(0.9)),
}
# Offset of the 10% point from t0, times r (negative: before t0).
_T10_OFFSET = {"logistic": -math.log(9.0), "gompertz": -math.log(math.log(10.0))}


class FitError(ValueError):
    """A curve could not be fitted; ``message`` says why (no "cannot fit:" prefix)."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def last_complete_year(as_of_year: int, lag_months: int) -> int:
    """The last year whose filings are all published, the data being complete to ``as_of_year``.

    Year ``Y`` is complete when 31 Dec ``Y`` plus ``lag_months`` is no later than 31 Dec
    ``as_of_year``.

    Examples
    --------
    >>> last_complete_year(2021, 18), last_complete_year(2021, 12), last_complete_year(2021, 0)
    (2019, 2020, 2021)
    """
    if lag_months < 0:
        raise ValueError(f"publication lag must be >= 0 months, got {lag_months}")
    return int(as_of_year) - math.ceil(lag_months / 12)


def stage_of(share: float) -> str:
    """The life-cycle stage for the share ``C / K`` of the saturation level reached.

    Examples
    --------
    >>> [stage_of(s) for s in (0.0, 0.0999, 0.1, 0.4999, 0.5, 0.8999, 0.9, 1.0)]
    ['emerging', 'emerging', 'growth', 'growth', 'maturity', 'maturity', 'saturation', 'saturation']
    """
    return STAGES[int(np.searchsorted(STAGE_THRESHOLDS, share, side="right"))]


def stage_span(share_low: float, share_high: float) -> str:
    """The stage, or the range of stages ("growth–maturity") a share interval covers.

    Examples
    --------
    >>> stage_span(0.3, 0.45), stage_span(0.3, 0.6), stage_span(0.05, 0.95)
    ('growth', 'growth–maturity', 'emerging–saturation')
    """
    low, high = stage_of(share_low), stage_of(share_high)
    return low if low == high else f"{low}–{high}"


def _stage_range(share_low: float, share_high: float) -> str | Message:
    """:func:`stage_span` as a Message whose stages a page can name in its language."""
    low, high = stage_of(share_low), stage_of(share_high)
    if low == high:
        return low
    return Message(N_("{stage_low}–{stage_high}"), stage_low=low, stage_high=high)


@dataclass(frozen=True)
class CurveFit:
    """One fitted S-curve on a cumulative series (years are calendar years)."""

    model: str
    K: float  # saturation level (cumulative count)
    r: float  # rate (per year)
    t0: float  # location (year)
    inflection_year: float
    growth_time: float  # years from 10% to 90% of K
    year_10: float  # year the curve reaches 10% of K
    year_90: float
    r2: float
    aic: float
    rss: float
    n: int
    ci: dict[str, tuple[float, float]]  # 95% intervals; inf where the covariance gives none

    def predict(self, years: Iterable[float]) -> np.ndarray:
        """The fitted cumulative count at ``years``."""
        return _CURVES[self.model](np.asarray(list(years), dtype=float), self.K, self.r, self.t0)

    def to_dict(self) -> dict:
        """Plain JSON-ready form (intervals as [low, high], None where unbounded)."""
        return {
            "model": self.model,
            "K": self.K,
            "r": self.r,
            "t0": self.t0,
            "inflection_year": self.inflection_year,
            "growth_time": self.growth_time,
            "year_10": self.year_10,
            "year_90": self.year_90,
            "r2": self.r2,
            "aic": self.aic,
            "rss": self.rss,
            "n": self.n,
            "ci": {k: [_finite_or_none(a), _finite_or_none(b)] for k, (a, b) in self.ci.items()},
        }


def _finite_or_none(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _linearised_start(model: str, x: np.ndarray, y: np.ndarray, k0: float) -> tuple[float, float]:
    """(r, t0) from a straight-line fit of the linearised curve for a guessed K (``y`` < k0)."""
    # both linearisations equal -r (x - t0)
    z = np.log(k0 / y - 1.0) if model == "logistic" else np.log(-np.log(y / k0))
    slope, intercept = np.polyfit(x, z, 1)
    r = max(-slope, 1e-2)
    return r, intercept / r


def fit_curve(model: str, years: Sequence[float], cumulative: Sequence[float]) -> CurveFit:
    """Fit one S-curve (``"logistic"`` or ``"gompertz"``) to a cumulative series.

    Bounds: ``K`` between the last cumulative value and ``K_BOUND_FACTOR`` times it, ``r`` in
    [0.001, 5] per year, ``t0`` within 100 years of the data. Starting values come from
    straight-line fits of the linearised curve for several guessed K; the best of those
    fits (least RSS) is kept. Raises :class:`FitError` when the optimiser fails or K runs
    to its upper bound (no saturation in sight).

    Examples
    --------
    >>> t = np.arange(2000, 2021)
    >>> fit = fit_curve("logistic", t, logistic(t, 500.0, 0.6, 2010.0))
    >>> round(fit.K), round(fit.inflection_year, 2), round(fit.r2, 6)
    (500, 2010.0, 1.0)
    """
    if model not in _CURVES:
        raise ValueError(f"unknown model {model!r}; known: {', '.join(MODELS)}")
    curve = _CURVES[model]
    t = np.asarray(years, dtype=float)
    y = np.asarray(cumulative, dtype=float)
    n = len(t)
    if n <= _N_PARAMS:
        raise FitError(
            Message(N_("{n} points are too few for {params} parameters"), n=n, params=_N_PARAMS)
        )
    # Work in units where the series ends at 1 and starts at x = 0: well-conditioned.
    t_ref, scale = t[0], y[-1]
    x, yn = t - t_ref, y / scale
    lower = np.array([1.0, 1e-3, x[0] - 100.0])
    upper = np.array([K_BOUND_FACTOR, 5.0, x[-1] + 100.0])
    positive = yn > 0
    best = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # OptimizeWarning / overflow in exp at extreme starts
        for k0 in _K_STARTS:
            r0, t00 = _linearised_start(model, x[positive], yn[positive], k0)
            p0 = np.clip([k0, r0, t00], lower + 1e-9, upper - 1e-9)
            try:
                popt, pcov = optimize.curve_fit(
                    curve,
                    x,
                    yn,
                    p0=p0,
                    jac=_JACOBIANS[model],
                    bounds=(lower, upper),
                    method="trf",
                    maxfev=5000,
                )
            except (RuntimeError, ValueError):
                continue
            rss = float(np.sum((curve(x, *popt) - yn) ** 2))
            if best is None or rss < best[0] - 1e-15:
                best = (rss, popt, pcov)
    if best is None:
        raise FitError(Message(N_("{model} fit did not converge"), model=model))
    _, popt, pcov = best
    if popt[0] >= K_BOUND_FACTOR * 0.999:
        raise FitError(
            Message(
                N_(
                    "no saturation in sight: {model} K runs to its bound ({factor:g}x the "
                    "cumulative count)"
                ),
                model=model,
                factor=K_BOUND_FACTOR,
            )
        )
    K, r, t0 = float(popt[0] * scale), float(popt[1]), float(popt[2] + t_ref)
    fitted = curve(t, K, r, t0)
    rss = float(np.sum((fitted - y) ** 2))
    tss = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - rss / tss if tss > 0 else float("nan")
    aic = n * math.log(max(rss, np.finfo(float).tiny) / n) + 2 * _N_PARAMS
    se = np.sqrt(np.clip(np.diag(pcov), 0, None)) * np.array([scale, 1.0, 1.0])
    se = np.where(np.isfinite(se), se, np.inf)
    q = float(stats.t.ppf(0.5 + _CONFIDENCE / 2, n - _N_PARAMS))
    K_ci = (max(K - q * se[0], float(y[-1])), K + q * se[0])  # K >= the observed count
    r_ci = (max(r - q * se[1], 0.0), r + q * se[1])
    t0_ci = (t0 - q * se[2], t0 + q * se[2])
    c = _GROWTH_CONSTANT[model]
    growth_ci = (c / r_ci[1], c / r_ci[0] if r_ci[0] > 0 else math.inf)
    year_10 = t0 + _T10_OFFSET[model] / r
    return CurveFit(
        model=model,
        K=K,
        r=r,
        t0=t0,
        inflection_year=t0,
        growth_time=c / r,
        year_10=year_10,
        year_90=year_10 + c / r,
        r2=r2,
        aic=aic,
        rss=rss,
        n=n,
        ci={
            name: (float(low), float(high))
            for name, (low, high) in (
                ("K", K_ci),
                ("r", r_ci),
                ("t0", t0_ci),
                ("inflection_year", t0_ci),
                ("growth_time", growth_ci),
            )
        },
    )


@dataclass(frozen=True)
class LifeCycleResult:
    """A life-cycle analysis of one annual series: the fits and the stage, or why not."""

    # Texts are Messages: English strings that a page can show in its reader's language.
    reason: Message | None  # "cannot fit: ..." when there is no curve, else None
    as_of_year: int | None
    last_complete_year: int | None
    lag_months: int
    excluded_years: tuple[int, ...]  # incomplete years left out of the fit
    start_year: int | None = None  # first year fitted (first year with patents)
    end_year: int | None = None
    n_years: int = 0
    cumulative: float | None = None  # cumulative count at end_year (from start_year)
    model: str | None = None  # the better fit by AIC
    fits: dict[str, CurveFit] = field(default_factory=dict)
    failures: dict[str, Message] = field(default_factory=dict)  # model -> why it failed
    stage: str | None = None
    stage_range: str | None = None
    share_of_K: float | None = None
    share_range: tuple[float, float] | None = None
    notes: tuple[Message, ...] = ()

    @property
    def ok(self) -> bool:
        """True when a curve was fitted."""
        return self.reason is None

    @property
    def best(self) -> CurveFit | None:
        """The chosen fit, or None."""
        return self.fits.get(self.model) if self.model else None

    def to_dict(self, both: bool = False) -> dict:
        """Plain JSON-ready form: the chosen model's figures at the top; ``both`` adds
        every successful fit under ``fits`` and every failed one under ``failures``."""
        out: dict = {
            "ok": self.ok,
            "reason": self.reason,
            "model": self.model,
        }
        best = self.best
        for key in ("K", "inflection_year", "growth_time", "r2", "aic"):
            out[key] = getattr(best, key) if best else None
        out["ci"] = best.to_dict()["ci"] if best else None
        out.update(
            {
                "stage": self.stage,
                "stage_range": self.stage_range,
                "share_of_K": self.share_of_K,
                "share_range": list(self.share_range) if self.share_range else None,
                "cumulative": self.cumulative,
                "start_year": self.start_year,
                "end_year": self.end_year,
                "n_years": self.n_years,
                "as_of_year": self.as_of_year,
                "last_complete_year": self.last_complete_year,
                "lag_months": self.lag_months,
                "excluded_years": list(self.excluded_years),
                "notes": list(self.notes),
            }
        )
        if both:
            out["fits"] = {name: fit.to_dict() for name, fit in self.fits.items()}
            out["failures"] = dict(self.failures)
        return out


def _refusal(why: Message, **kw) -> LifeCycleResult:
    return LifeCycleResult(reason=Message(N_("cannot fit: {why}"), why=why), **kw)


def _year_list(years: np.ndarray) -> str:
    shown = ", ".join(str(int(y)) for y in years[:5])
    return shown + (", ..." if len(years) > 5 else "")


def _straight_line_aic(t: np.ndarray, cumulative: np.ndarray) -> float:
    """AIC (least-squares form, k = 2) of a straight line through the cumulative series."""
    design = np.column_stack([np.ones(len(t)), t - t[0]])
    coef, *_ = np.linalg.lstsq(design, cumulative, rcond=None)
    rss = float(np.sum((design @ coef - cumulative) ** 2))
    n = len(t)
    return n * math.log(max(rss, np.finfo(float).tiny) / n) + 4


def fit_lifecycle(
    years: Sequence[int],
    counts: Sequence[float],
    *,
    as_of_year: int | None = None,
    lag_months: int | None = None,
    include_incomplete: bool = False,
    models: Sequence[str] = MODELS,
    min_years: int = MIN_YEARS,
    min_r2: float = MIN_R2,
) -> LifeCycleResult:
    """Fit S-curves to the cumulative sum of annual ``counts`` and read the stage.

    Parameters
    ----------
    years, counts
        One entry per year (annual patents). Years must be consecutive once incomplete
        years are dropped; a missing count (NaN) inside the series is refused, not guessed.
    as_of_year
        The data are complete to the end of this year; default the latest of ``years``.
    lag_months
        Publication lag; default ``settings().publication_lag_months`` (18).
    include_incomplete
        Keep the years after the last complete year in the fit (they are still listed).
    models
        Which curves to fit; the result's ``model`` is the one with the lower AIC.
    min_years, min_r2
        Refuse series with fewer years (from the first non-zero one) or worse fits.

    Examples
    --------
    >>> t = np.arange(1980, 2017)
    >>> counts = np.diff(logistic(np.arange(1979, 2017), 1000.0, 0.4, 2012.0))
    >>> res = fit_lifecycle(t, counts, lag_months=0)
    >>> res.model, round(res.best.K), res.stage
    ('logistic', 1000, 'maturity')
    >>> fit_lifecycle(t[:4], counts[:4], lag_months=0).reason
    'cannot fit: too short: 4 years with data (1980-1983), need at least 6'
    """
    if lag_months is None:
        from app.config import settings  # a leaf module; read only when no lag is given

        lag_months = settings().publication_lag_months
    y_arr = np.asarray(years, dtype=float)
    c_arr = np.asarray(counts, dtype=float)
    if y_arr.shape != c_arr.shape or y_arr.ndim != 1:
        raise ValueError("years and counts must be 1-D and of equal length")
    base = {"lag_months": lag_months, "excluded_years": ()}
    if len(y_arr) == 0 or np.isnan(y_arr).any():
        return _refusal(
            Message(N_("no years in the series")), as_of_year=None, last_complete_year=None, **base
        )
    order = np.argsort(y_arr, kind="stable")
    y_arr, c_arr = y_arr[order].astype(int), c_arr[order]
    as_of = int(as_of_year) if as_of_year is not None else int(y_arr.max())
    last_ok = last_complete_year(as_of, lag_months)
    late = y_arr > last_ok
    kw = {
        "as_of_year": as_of,
        "last_complete_year": last_ok,
        "lag_months": lag_months,
        "excluded_years": tuple(int(y) for y in y_arr[late]) if not include_incomplete else (),
    }
    notes = []
    if include_incomplete and late.any():
        notes.append(
            Message(
                N_(
                    "includes incomplete years {years} (publication lag {lag} months, data as "
                    "of {as_of})"
                ),
                years=_year_list(y_arr[late]),
                lag=lag_months,
                as_of=as_of,
            )
        )
        late = np.zeros_like(late)
    y_arr, c_arr = y_arr[~late], c_arr[~late]
    if len(np.unique(y_arr)) != len(y_arr):
        return _refusal(Message(N_("a year occurs twice in the series")), **kw)
    known = np.flatnonzero(~np.isnan(c_arr))
    if len(known) == 0:
        return _refusal(Message(N_("no values in the series")), **kw)
    y_arr, c_arr = y_arr[known[0] : known[-1] + 1], c_arr[known[0] : known[-1] + 1]
    if np.isnan(c_arr).any():
        missing = _year_list(y_arr[np.isnan(c_arr)])
        return _refusal(Message(N_("missing values in {years}"), years=missing), **kw)
    if (c_arr < 0).any():
        negative = _year_list(y_arr[c_arr < 0])
        return _refusal(Message(N_("negative counts in {years}"), years=negative), **kw)
    if len(y_arr) > 1 and (np.diff(y_arr) != 1).any():
        gap = y_arr[:-1][np.diff(y_arr) != 1]
        return _refusal(
            Message(
                N_("years are not annual (gap after {years}): a cumulative curve needs every year"),
                years=_year_list(gap),
            ),
            **kw,
        )
    nonzero = np.flatnonzero(c_arr > 0)
    if len(nonzero) == 0:
        return _refusal(Message(N_("no patents in the series (all zero)")), **kw)
    y_arr, c_arr = y_arr[nonzero[0] :], c_arr[nonzero[0] :]
    span = {"start_year": int(y_arr[0]), "end_year": int(y_arr[-1]), "n_years": len(y_arr)}
    if len(y_arr) < min_years:
        return _refusal(
            Message(
                N_("too short: {n} years with data ({first}-{last}), need at least {need}"),
                n=len(y_arr),
                first=int(y_arr[0]),
                last=int(y_arr[-1]),
                need=min_years,
            ),
            **kw,
            **span,
        )
    if c_arr[1:].max() <= c_arr[0]:
        return _refusal(
            Message(
                N_(
                    "no growth: annual counts never rise above the first year's (flat or "
                    "decreasing)"
                )
            ),
            **kw,
            **span,
        )
    cumulative = np.cumsum(c_arr)
    fits, failures = {}, {}
    for model in models:
        try:
            fit = fit_curve(model, y_arr, cumulative)
        except FitError as exc:
            failures[model] = exc.message
            continue
        if not fit.r2 >= min_r2:
            failures[model] = Message(
                N_("poor {model} fit (R² = {r2:.3f} < {min_r2:g})"),
                model=model,
                r2=fit.r2,
                min_r2=min_r2,
            )
            continue
        fits[model] = fit
    if not fits:
        reasons = list(dict.fromkeys(failures.values()))
        why = reasons[0]
        for more in reasons[1:]:
            why = Message(N_("{first}; {second}"), first=why, second=more)
        return _refusal(why, **kw, **span, failures=failures)
    model = min(fits, key=lambda m: (fits[m].aic, MODELS.index(m) if m in MODELS else 99))
    best = fits[model]
    line_aic = _straight_line_aic(y_arr, cumulative)
    if line_aic - best.aic < MIN_AIC_GAIN:
        return _refusal(
            Message(
                N_(
                    "no growth: a constant annual rate (a straight cumulative line) fits about as "
                    "well as an S-curve (AIC gain {gain:.1f} < {need:g})"
                ),
                gain=line_aic - best.aic,
                need=MIN_AIC_GAIN,
            ),
            **kw,
            **span,
            failures=failures,
        )
    c_last = float(cumulative[-1])
    k_low, k_high = best.ci["K"]
    share = float(c_last / best.K)
    share_range = (
        float(c_last / k_high) if np.isfinite(k_high) else 0.0,
        float(min(c_last / max(k_low, c_last), 1.0)),
    )
    if not np.isfinite(k_high) or (k_high - best.K) > HUGE_CI_HALF_WIDTH * best.K:
        stages = _stage_range(*share_range)
        if np.isfinite(k_high):
            notes.append(
                Message(
                    N_(
                        "saturation level poorly determined (95% interval of K: {k_low:,.0f} to "
                        "{k_high:,.0f}); read the stage range ({stages}), not the point stage"
                    ),
                    k_low=k_low,
                    k_high=k_high,
                    stages=stages,
                )
            )
        else:
            notes.append(
                Message(
                    N_(
                        "saturation level poorly determined (95% interval of K: unbounded); "
                        "read the stage range ({stages}), not the point stage"
                    ),
                    stages=stages,
                )
            )
    others = {m: stage_of(c_last / f.K) for m, f in fits.items() if m != model}
    for other, other_stage in others.items():
        if other_stage != stage_of(share):
            notes.append(
                Message(
                    N_(
                        "the models disagree: {model} gives {stage} ({share:.0%} of K), {other} "
                        "gives {other_stage} ({other_share:.0%} of K)"
                    ),
                    model=model,
                    stage=stage_of(share),
                    share=share,
                    other=other,
                    other_stage=other_stage,
                    other_share=c_last / fits[other].K,
                )
            )
    if kw["excluded_years"]:
        notes.append(
            Message(
                N_(
                    "years after {year} left out as incomplete (publication lag {lag} months, "
                    "data as of {as_of})"
                ),
                year=last_ok,
                lag=lag_months,
                as_of=as_of,
            )
        )
    return LifeCycleResult(
        reason=None,
        **kw,
        **span,
        cumulative=c_last,
        model=model,
        fits=fits,
        failures=failures,
        stage=stage_of(share),
        stage_range=stage_span(*share_range),
        share_of_K=share,
        share_range=share_range,
        notes=tuple(notes),
    )


# --- series -------------------------------------------------------------------------------


def corpus_as_of(corpus: Corpus) -> int | None:
    """The year the corpus is complete to: its latest publication year, else latest year.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = synthetic_corpus(200, seed=1)
    >>> corpus_as_of(c) == int(c.patents["year"].max()) + 2  # synthetic: published +2 years
    True
    """
    for column in ("publication_year", "year"):
        values = corpus.patents[column].dropna()
        if len(values):
            return int(values.max())
    return None


def corpus_lag_months(corpus: Corpus, lag_months: int | None = None) -> int:
    """The publication lag that applies to the corpus's annual counts.

    Counts by priority or filing year miss the filings not yet published, so their last
    years are incomplete (``lag_months``, default ``settings().publication_lag_months``).
    Counts by publication year have no such gap: every year up to the data's own latest
    year is complete. So a corpus dated only by publication year (``year_basis``) gets 0.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = synthetic_corpus(200, seed=1)  # dated by priority year
    >>> corpus_lag_months(c, 18)
    18
    >>> by_publication = c.patents.assign(year_basis="publication")
    >>> corpus_lag_months(Corpus(by_publication, c.applicants, c.ipc, c.meta), 18)
    0
    """
    if lag_months is None:
        from app.config import settings

        lag_months = settings().publication_lag_months
    patents = corpus.patents
    basis = patents.loc[patents["year"].notna(), "year_basis"].astype("str")
    if len(basis) and (basis == "publication").all():
        return 0
    return lag_months


def corpus_series(
    corpus: Corpus, *, countries: Sequence[str] = (), theme: str | None = None
) -> pd.DataFrame:
    """Patents and active applicants per year (``patents.year``), every year in the span.

    ``countries`` (applicant countries, ISO2) restricts both counts to those applicants: a
    patent counts when one of its applicants is from them, an applicant counts when it is
    from them and filed that year. ``theme`` keeps patents with a code of that IPC theme.
    Applicants are distinct normalised names (``applicants.name``); unnamed rows are ignored.

    Returns a frame with columns ``year``, ``patents``, ``applicants`` (int64).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> s = corpus_series(synthetic_corpus(500, seed=2))
    >>> int(s["patents"].sum()), list(s.columns)
    (500, ['year', 'patents', 'applicants'])
    """
    if theme:
        corpus = apply_filters(corpus, Filters(ipc_theme=theme))
    year = corpus.patents["year"].to_numpy(dtype="float64", na_value=np.nan)
    rows = corpus.applicant_rows
    names = corpus.applicants["name"]
    take = (rows >= 0) & names.notna().to_numpy()
    if countries:
        take &= corpus.applicants["country"].isin(list(countries)).to_numpy()
        in_scope = np.zeros(len(year), dtype=bool)
        in_scope[rows[take]] = True
    else:
        in_scope = np.ones(len(year), dtype=bool)
    in_scope &= ~np.isnan(year)
    patents = pd.Series(year[in_scope].astype(int)).value_counts()
    pairs = pd.DataFrame({"year": year[rows[take]], "name": names[take].to_numpy()})
    pairs = pairs.dropna(subset=["year"]).drop_duplicates()
    applicants = pairs["year"].astype(int).value_counts()
    if patents.empty:
        return pd.DataFrame(
            {c: pd.Series([], dtype="int64") for c in ("year", "patents", "applicants")}
        )
    span = np.arange(patents.index.min(), patents.index.max() + 1)
    return pd.DataFrame(
        {
            "year": span.astype("int64"),
            "patents": patents.reindex(span, fill_value=0).to_numpy(dtype="int64"),
            "applicants": applicants.reindex(span, fill_value=0).to_numpy(dtype="int64"),
        }
    )


def indicator_series(
    frame: pd.DataFrame,
    *,
    source: str,
    domain: str,
    country: str | None = None,
    basis: str | None = None,
) -> pd.DataFrame:
    """Annual counts of one country (ISO3) or of the world from the indicator frame.

    ``country`` None or "WLD" gives the world: the source's own world rows where it has
    them, else the sum over all countries (never over aggregates). Years on the source's
    grid for that domain (the years any country has) that a country lacks count as zero:
    the publishers omit empty cells. ``basis`` defaults to the domain's annual basis.
    The frame's ``attrs["description"]`` says what was summed.

    Returns a frame with columns ``year`` (int64), ``patents`` (float64).
    """
    basis = basis or default_basis(source, domain)
    rows = frame[
        (frame["source"] == source) & (frame["domain"] == domain) & (frame["basis"] == basis)
    ]
    if rows.empty:
        raise KeyError(f"no rows for {source} / {domain} / {basis}")
    grid = np.sort(rows["year"].unique()).astype("int64")
    aggregate = rows["aggregate"].to_numpy(dtype=bool)
    if country in (None, "WLD"):
        world = rows[rows["iso3"] == "WLD"]
        if not world.empty:
            picked, description = world, f"{source} world total (WLD)"
        else:
            picked = rows[~aggregate & ~rows["iso3"].isin(AGGREGATE_CODES)]
            n = picked["iso3"].nunique()
            description = f"sum over the {n} countries in {source}"
    else:
        picked = rows[rows["iso3"] == country]
        if picked.empty:
            raise KeyError(f"no rows for country {country!r} in {source} / {domain} / {basis}")
        description = f"{source} {country}"
    by_year = picked.groupby("year", observed=True)["value"].sum()
    out = pd.DataFrame(
        {"year": grid, "patents": by_year.reindex(grid, fill_value=0.0).to_numpy(dtype=float)}
    )
    out.attrs["description"] = f"{description}, {domain} ({basis})"
    return out


# --- stage diagram ------------------------------------------------------------------------


def classify_steps(d_applicants: np.ndarray, d_patents: np.ndarray) -> np.ndarray:
    """Label year-to-year steps by the signs of the changes (see the module's table).

    A "growth" step whose last non-stable predecessor was a "decline" is a "revival".

    Examples
    --------
    >>> classify_steps(np.array([1, -1, -2, 0, 3, 1]), np.array([5, 2, -1, 0, 4, -1])).tolist()
    ['growth', 'maturity', 'decline', 'stable', 'revival', 'fragmentation']
    """
    da, dp = (
        np.sign(np.asarray(d_applicants, dtype=float)),
        np.sign(np.asarray(d_patents, dtype=float)),
    )
    base = np.select(
        [
            (dp > 0) & (da > 0),
            (dp > 0) & (da <= 0),
            (dp < 0) & (da <= 0),
            (dp < 0) & (da > 0),
            (dp == 0) & (da > 0),
            (dp == 0) & (da < 0),
        ],
        ["growth", "maturity", "decline", "fragmentation", "fragmentation", "maturity"],
        default="stable",
    )
    moving = pd.Series(base).where(base != "stable")
    previous = moving.shift(1).ffill().to_numpy()
    return np.where((base == "growth") & (previous == "decline"), "revival", base)


def diagram_points(series: pd.DataFrame, group: str = "all") -> pd.DataFrame:
    """Stage-diagram rows for one group from its :func:`corpus_series` frame.

    Columns as in :func:`stage_diagram` (without ``incomplete``).

    Examples
    --------
    >>> s = pd.DataFrame({"year": [2000, 2001, 2002], "applicants": [2, 5, 4],
    ...                   "patents": [3, 9, 12]})
    >>> diagram_points(s)["step"].tolist()
    [nan, 'growth', 'maturity']
    """
    s = series.sort_values("year").reset_index(drop=True)
    d_app = s["applicants"].diff()
    d_pat = s["patents"].diff()
    steps = pd.Series(pd.NA, index=s.index, dtype="str")
    if len(s) > 1:
        steps.iloc[1:] = classify_steps(d_app.to_numpy()[1:], d_pat.to_numpy()[1:])
    return pd.DataFrame(
        {
            "group": group,
            "year": s["year"].astype("int64"),
            "applicants": s["applicants"].astype("int64"),
            "patents": s["patents"].astype("int64"),
            "d_applicants": d_app.astype("Int64"),
            "d_patents": d_pat.astype("Int64"),
            "step": steps,
        }
    )


def _series_by_country(corpus: Corpus, groups: Sequence[str] | None) -> dict[str, pd.DataFrame]:
    """:func:`corpus_series` for each applicant country, in one vectorised pass."""
    year = corpus.patents["year"].to_numpy(dtype="float64", na_value=np.nan)
    rows = corpus.applicant_rows
    apps = corpus.applicants
    country_code, countries = pd.factorize(apps["country"])  # categorical: uses its codes
    countries = pd.Index(countries.astype("str"))
    name_code, _ = pd.factorize(apps["name"])
    rows_year = np.where(rows >= 0, year[np.maximum(rows, 0)], np.nan)
    wanted = [c for c in countries if c != UNKNOWN_COUNTRY] if groups is None else list(groups)
    keep = (rows >= 0) & ~np.isnan(rows_year) & (name_code >= 0) & (country_code >= 0)
    keep &= np.isin(country_code, countries.get_indexer(wanted))
    cc, yy = country_code[keep], rows_year[keep].astype(np.int64)
    # distinct (country, patent) and (country, year, name), counted per (country, year)
    pat = pd.DataFrame({"c": cc, "y": yy, "k": rows[keep]}).drop_duplicates(["c", "k"])
    app = pd.DataFrame({"c": cc, "y": yy, "k": name_code[keep]}).drop_duplicates()
    patents = pat.groupby(["c", "y"]).size()
    applicants = app.groupby(["c", "y"]).size()
    out = {}
    for country in sorted(wanted) if groups is None else wanted:
        code = countries.get_loc(country) if country in countries else -1
        p = patents.xs(code, level="c") if code in patents.index.get_level_values(0) else None
        if p is None:
            out[country] = pd.DataFrame(
                {c: pd.Series([], dtype="int64") for c in ("year", "patents", "applicants")}
            )
            continue
        a = applicants.xs(code, level="c")
        span = np.arange(p.index.min(), p.index.max() + 1)
        out[country] = pd.DataFrame(
            {
                "year": span.astype("int64"),
                "patents": p.reindex(span, fill_value=0).to_numpy(dtype="int64"),
                "applicants": a.reindex(span, fill_value=0).to_numpy(dtype="int64"),
            }
        )
    return out


def stage_diagram(
    corpus: Corpus,
    *,
    by: str = "country",
    groups: Sequence[str] | None = None,
    as_of_year: int | None = None,
    lag_months: int | None = None,
    include_incomplete: bool = False,
) -> pd.DataFrame:
    """Applicants-vs-patents diagram data: one row per (group, year), steps labelled.

    Parameters
    ----------
    by
        ``"country"`` (applicant country; :func:`corpus_series` with that country),
        ``"theme"`` (IPC theme of :data:`~app.analysis.filters.IPC_THEMES`) or ``"all"``.
    groups
        Which countries or themes; default every applicant country (except unknown) or
        every theme with patents.
    as_of_year, lag_months, include_incomplete
        The publication-lag rule of :func:`fit_lifecycle`: years after the last complete
        year are dropped, or kept and flagged ``incomplete`` when ``include_incomplete``.

    Returns
    -------
    DataFrame with columns ``group``, ``year``, ``applicants`` (x), ``patents`` (y),
    ``d_applicants``, ``d_patents`` (change from the previous year), ``step`` (label of the
    step into this year; missing for a group's first year), ``incomplete``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> d = stage_diagram(synthetic_corpus(800, seed=3), groups=["CN"], lag_months=0)
    >>> d["group"].unique().tolist(), bool(d["step"].iloc[1:].isin(STEP_LABELS).all())
    (['CN'], True)
    """
    if lag_months is None:
        from app.config import settings

        lag_months = settings().publication_lag_months
    as_of = as_of_year if as_of_year is not None else corpus_as_of(corpus)
    if by == "country":
        series = _series_by_country(corpus, groups)
    elif by == "theme":
        unknown = [g for g in (groups or ()) if g not in IPC_THEMES]
        if unknown:
            raise ValueError(f"unknown IPC theme {unknown[0]!r}; known: {', '.join(IPC_THEMES)}")
        series = {g: corpus_series(corpus, theme=g) for g in (groups or IPC_THEMES)}
        if groups is None:
            series = {g: s for g, s in series.items() if s["patents"].sum() > 0}
    elif by == "all":
        series = {"all": corpus_series(corpus)}
    else:
        raise ValueError(f"unknown grouping {by!r}; known: country, theme, all")
    last_ok = last_complete_year(as_of, lag_months) if as_of is not None else None
    parts = []
    for group, s in series.items():
        if last_ok is not None and not include_incomplete:
            s = s[s["year"] <= last_ok]
        parts.append(diagram_points(s, group))
    columns = ["group", "year", "applicants", "patents", "d_applicants", "d_patents", "step"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    out["incomplete"] = out["year"] > last_ok if last_ok is not None else False
    return out
