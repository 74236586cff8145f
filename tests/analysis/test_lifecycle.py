import math

import numpy as np
import pandas as pd
import pytest
from conftest import require_shared

from app.analysis import lifecycle as lc
from app.ingest.indicators import IEA_SOURCE, OECD_SOURCE, read_indicators
from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)


def noisy_annual(model, K, r, t0, years, seed, sd=0.1):
    """Annual counts whose expected cumulative is the model curve; lognormal noise."""
    edges = np.arange(years[0] - 1, years[-1] + 1)
    curve = lc.logistic if model == "logistic" else lc.gompertz
    annual = np.diff(curve(edges, K, r, t0))
    return annual * np.random.default_rng(seed).lognormal(0.0, sd, len(annual))


# --- parameter recovery --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "K", "r", "t0"),
    [("logistic", 20000.0, 0.35, 2010.0), ("gompertz", 5000.0, 0.25, 2008.0)],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recovers_parameters_of_noisy_series(model, K, r, t0, seed):
    years = np.arange(1990, 2026)
    res = lc.fit_lifecycle(years, noisy_annual(model, K, r, t0, years, seed), lag_months=0)
    assert res.ok, res.reason
    assert res.model == model  # AIC picks the curve that generated the data
    fit = res.best
    assert pytest.approx(K, rel=0.1) == fit.K
    assert fit.r == pytest.approx(r, rel=0.1)
    assert abs(fit.inflection_year - t0) < 0.5
    assert fit.growth_time == pytest.approx(lc._GROWTH_CONSTANT[model] / r, rel=0.1)
    assert fit.r2 > 0.999
    lo, hi = fit.ci["K"]
    assert lo <= fit.K <= hi and lo >= res.cumulative
    # the other model was fitted too, and loses on AIC
    other = next(m for m in lc.MODELS if m != model)
    assert res.fits[other].aic > fit.aic
    assert set(res.to_dict(both=True)["fits"]) == set(lc.MODELS)


def test_closed_forms_of_both_curves():
    for model, curve in (("logistic", lc.logistic), ("gompertz", lc.gompertz)):
        t = np.arange(1990, 2031)
        fit = lc.fit_curve(model, t, curve(t, 800.0, 0.3, 2012.0))
        assert curve(np.array([fit.year_10]), 800.0, 0.3, 2012.0)[0] == pytest.approx(80.0)
        assert curve(np.array([fit.year_90]), 800.0, 0.3, 2012.0)[0] == pytest.approx(720.0)
        assert fit.year_90 - fit.year_10 == pytest.approx(fit.growth_time)
    assert lc._GROWTH_CONSTANT["logistic"] == pytest.approx(math.log(81))


def test_aic_is_the_least_squares_form():
    years = np.arange(1990, 2026)
    res = lc.fit_lifecycle(years, noisy_annual("logistic", 1e4, 0.3, 2008, years, 5), lag_months=0)
    fit = res.best
    assert fit.aic == pytest.approx(fit.n * math.log(fit.rss / fit.n) + 6)


# --- stages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end_year", "stage"),
    [(2004, "emerging"), (2008, "growth"), (2014, "maturity"), (2020, "saturation")],
)
def test_stage_follows_the_share_of_K_reached(end_year, stage):
    years = np.arange(1985, end_year + 1)
    annual = np.diff(lc.logistic(np.arange(1984, end_year + 1), 1000.0, 0.5, 2010.0))
    res = lc.fit_lifecycle(years, annual, lag_months=0)
    assert res.ok, res.reason
    assert res.stage == stage
    assert res.share_of_K == pytest.approx(res.cumulative / res.best.K)


def test_stage_thresholds_and_ranges():
    assert lc.stage_of(0.0999) == "emerging" and lc.stage_of(0.1) == "growth"
    assert lc.stage_of(0.4999) == "growth" and lc.stage_of(0.5) == "maturity"
    assert lc.stage_of(0.8999) == "maturity" and lc.stage_of(0.9) == "saturation"
    assert lc.stage_span(0.2, 0.3) == "growth"
    assert lc.stage_span(0.45, 0.55) == "growth–maturity"
    assert lc.stage_span(0.0, 1.0) == "emerging–saturation"


def test_uncertain_K_gives_a_stage_range_and_says_so():
    # only the part before the inflection, with strong noise: K poorly pinned
    years = np.arange(1995, 2011)
    annual = noisy_annual("logistic", 1e5, 0.3, 2016, years, 0, sd=0.3)
    res = lc.fit_lifecycle(years, annual, lag_months=0)
    assert res.ok, res.reason
    lo, hi = res.share_range
    assert lo <= res.share_of_K <= hi
    assert "–" in res.stage_range
    assert any("poorly determined" in note for note in res.notes)


# --- publication lag -----------------------------------------------------------------------


def test_last_complete_year_rule():
    assert lc.last_complete_year(2021, 18) == 2019  # IEA: 2020-2021 incomplete
    assert lc.last_complete_year(2020, 18) == 2018
    assert lc.last_complete_year(2021, 12) == 2020
    assert lc.last_complete_year(2021, 13) == 2019
    assert lc.last_complete_year(2021, 0) == 2021
    with pytest.raises(ValueError):
        lc.last_complete_year(2021, -1)


def test_incomplete_years_are_left_out_by_default_and_flagged_on_request():
    years = np.arange(1990, 2022)
    annual = noisy_annual("logistic", 1e4, 0.3, 2008, years, 0)
    res = lc.fit_lifecycle(years, annual, lag_months=18)
    assert res.as_of_year == 2021 and res.last_complete_year == 2019
    assert res.excluded_years == (2020, 2021) and res.end_year == 2019
    assert res.cumulative == pytest.approx(annual[:-2].sum())
    # a given "as of" year moves the cut
    later = lc.fit_lifecycle(years, annual, lag_months=18, as_of_year=2023)
    assert later.excluded_years == () and later.end_year == 2021
    # kept on request, and said so
    kept = lc.fit_lifecycle(years, annual, lag_months=18, include_incomplete=True)
    assert kept.end_year == 2021 and kept.excluded_years == ()
    assert any("incomplete years 2020, 2021" in note for note in kept.notes)


def test_lag_comes_from_the_settings(monkeypatch):
    monkeypatch.setenv("EV_PUBLICATION_LAG_MONTHS", "12")
    years = np.arange(1990, 2022)
    res = lc.fit_lifecycle(years, noisy_annual("logistic", 1e4, 0.3, 2008, years, 0))
    assert res.lag_months == 12 and res.excluded_years == (2021,)


# --- degenerate input ----------------------------------------------------------------------


def _years(n):
    return np.arange(2000, 2000 + n)


@pytest.mark.parametrize(
    ("counts", "reason"),
    [
        ([1.0, 2, 3, 4, 5], "too short: 5 years with data (2000-2004), need at least 6"),
        ([0.0, 0, 0, 0, 1, 2, 4, 8], "too short: 4 years with data"),  # leading zeros trimmed
        ([10.0] * 12, "no growth: annual counts never rise"),
        ([0.0] * 12, "no patents in the series (all zero)"),
        (list(range(20, 8, -1)), "no growth: annual counts never rise"),
        ([1.0, 2, 3, np.nan, 5, 6, 7, 8, 9], "missing values in 2003"),
        ([np.nan] * 8, "no values in the series"),
        ([1.0, 2, -3, 4, 5, 6, 7, 8], "negative counts in 2002"),
        ([10.0, 11, 9, 10, 10, 11, 10, 9, 10, 11, 10, 10], "no growth: a constant annual rate"),
    ],
)
def test_degenerate_series_refuse_with_a_reason(counts, reason):
    res = lc.fit_lifecycle(_years(len(counts)), np.array(counts, dtype=float), lag_months=0)
    assert not res.ok
    assert res.reason.startswith("cannot fit: ")
    assert reason in res.reason
    assert res.best is None and res.fits == {} and res.stage is None
    out = res.to_dict(both=True)
    assert out["K"] is None and out["stage"] is None and out["fits"] == {}


@pytest.mark.parametrize("seed", range(6))
def test_flat_noise_is_no_growth(seed):
    counts = np.random.default_rng(seed).poisson(50, 20).astype(float)
    res = lc.fit_lifecycle(_years(20), counts, lag_months=0)
    assert not res.ok and "no growth: a constant annual rate" in res.reason


def test_trailing_nans_are_trimmed_not_refused():
    years = np.arange(1990, 2022)
    annual = noisy_annual("logistic", 1e4, 0.3, 2008, years, 1)
    annual[-3:] = np.nan
    res = lc.fit_lifecycle(years, annual, lag_months=0)
    assert res.ok and res.end_year == 2018


def test_non_annual_years_refuse():
    years = np.array([1960, 1970, 1980, 1990, 2000, 2005, 2010, 2015, 2020])
    res = lc.fit_lifecycle(years, np.arange(1.0, 10.0) ** 2, lag_months=0)
    assert not res.ok and "years are not annual" in res.reason


def test_poor_fit_is_refused_below_the_r2_threshold():
    years = np.arange(1990, 2026)
    annual = noisy_annual("logistic", 1e4, 0.3, 2008, years, 0, sd=0.6)
    res = lc.fit_lifecycle(years, annual, lag_months=0, min_r2=0.99999)
    assert not res.ok and "poor logistic fit (R² = " in res.reason
    assert set(res.failures) == set(lc.MODELS)


def test_no_saturation_in_sight():
    # a pure exponential: K runs to its bound for both curves
    years = _years(30)
    res = lc.fit_lifecycle(years, np.exp(0.25 * np.arange(30)), lag_months=0)
    assert not res.ok and "no saturation in sight" in res.reason


# --- real OECD series ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_frame():
    require_shared("oecd_envtech_patents", "PAT_DEV_MOD_SPEC.csv")
    require_shared("iea_energy_patents", "iea_energy_technology_patents.csv")
    return read_indicators(require_shared())


@pytest.mark.parametrize("country", ["JPN", "KOR", "CHN", "USA", "DEU"])
def test_real_oecd_battery_series_fit(real_frame, country):
    series = lc.indicator_series(
        real_frame, source=OECD_SOURCE, domain="batteries", country=country
    )
    res = lc.fit_lifecycle(series["year"], series["patents"], lag_months=18)
    assert res.ok, res.reason
    assert res.excluded_years == (2019, 2020)  # OECD data end 2020: 2019-2020 incomplete
    assert res.best.r2 > 0.9
    assert res.cumulative <= res.best.K
    assert res.stage in lc.STAGES
    assert set(res.stage_range.split("–")) <= set(lc.STAGES)


def test_real_iea_incomplete_years(real_frame):
    series = lc.indicator_series(real_frame, source=IEA_SOURCE, domain="e-mobility", country="KOR")
    res = lc.fit_lifecycle(series["year"], series["patents"], lag_months=18)
    assert res.excluded_years == (2020, 2021)  # what the IEA SOURCE.md calls incomplete


def test_real_flat_series_refuse(real_frame):
    # IEA Canada e-mobility: 6, 7, 11, 19, 7, 4, 9, 14, ... 9, 17 patents a year
    series = lc.indicator_series(real_frame, source=IEA_SOURCE, domain="e-mobility", country="CAN")
    res = lc.fit_lifecycle(series["year"], series["patents"], lag_months=18)
    assert not res.ok and "no growth" in res.reason


def test_real_sample_year_domains_refuse(real_frame):
    series = lc.indicator_series(
        real_frame, source=OECD_SOURCE, domain="electric-vehicles", country="JPN"
    )
    res = lc.fit_lifecycle(series["year"], series["patents"], lag_months=18)
    assert not res.ok and "not annual" in res.reason


def test_real_world_series_is_sum_or_wld(real_frame):
    summed = lc.indicator_series(real_frame, source=OECD_SOURCE, domain="batteries")
    rows = real_frame[
        (real_frame["domain"] == "batteries")
        & (real_frame["basis"] == "TWO")
        & (real_frame["year"] == 2020)
    ]
    assert summed.set_index("year").loc[2020, "patents"] == pytest.approx(rows["value"].sum())
    assert "sum over the 120 countries" in summed.attrs["description"]
    wld = lc.indicator_series(real_frame, source=OECD_SOURCE, domain="batteries", basis="FOUR")
    assert "world total (WLD)" in wld.attrs["description"]


# --- indicator series ----------------------------------------------------------------------


def _frame(rows):
    return pd.DataFrame(
        rows, columns=["source", "domain", "basis", "iso3", "aggregate", "year", "value"]
    )


def test_indicator_series_fills_grid_gaps_with_zero():
    frame = _frame(
        [
            ("S", "d", "B", "AAA", False, 2000, 1.0),
            ("S", "d", "B", "AAA", False, 2002, 3.0),
            ("S", "d", "B", "BBB", False, 2001, 5.0),
            ("S", "d", "B", "BBB", False, 2002, 7.0),
        ]
    )
    s = lc.indicator_series(frame, source="S", domain="d", country="AAA", basis="B")
    assert s["year"].tolist() == [2000, 2001, 2002]
    assert s["patents"].tolist() == [1.0, 0.0, 3.0]
    world = lc.indicator_series(frame, source="S", domain="d", basis="B")
    assert world["patents"].tolist() == [1.0, 5.0, 10.0]
    with pytest.raises(KeyError, match="CCC"):
        lc.indicator_series(frame, source="S", domain="d", country="CCC", basis="B")


# --- corpus series and stage diagram -------------------------------------------------------


def _corpus(plan, jp_plan=()):
    """A corpus where year y has ``patents`` patents and ``applicants`` distinct applicants
    (Chinese for ``plan``, Japanese for ``jp_plan``); published the same year."""
    pats, apps = [], []
    for country, rows in (("CN", plan), ("JP", jp_plan)):
        for year, n_app, n_pat in rows:
            ids = [f"{country}-{year}-{i}" for i in range(n_pat)]
            pats += [{"patent_id": pid, "year": year, "publication_year": year} for pid in ids]
            apps += [
                {
                    "patent_id": ids[k % n_pat],
                    "name": f"{country} FIRM {k % n_app}",
                    "country": country,
                }
                for k in range(max(n_app, n_pat))
            ]
    apps = pd.DataFrame(apps)
    apps["position"] = apps.groupby("patent_id").cumcount()
    meta = CorpusMeta("test", "hand-made test corpus", "tests", "synthetic", synthetic=True)
    return Corpus(
        patents=conform(pd.DataFrame(pats), PATENT_COLUMNS),
        applicants=conform(apps, APPLICANT_COLUMNS),
        ipc=conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), IPC_COLUMNS),
        meta=meta,
    )


# (year, applicants, patents): every kind of step in turn
PLAN = [
    (2000, 1, 1),
    (2001, 3, 4),  # growth
    (2002, 2, 6),  # maturity: patents up, applicants down
    (2003, 1, 3),  # decline
    (2004, 1, 2),  # decline (applicants unchanged, patents down)
    (2005, 3, 5),  # revival: growth after a decline
    (2006, 5, 4),  # fragmentation: applicants up, patents down
    (2007, 5, 4),  # stable
    (2008, 6, 5),  # growth
]


def test_stage_diagram_labels_each_step():
    corpus = _corpus(PLAN)
    d = lc.stage_diagram(corpus, by="country", as_of_year=2008, lag_months=0)
    assert d["group"].unique().tolist() == ["CN"]
    assert d["applicants"].tolist() == [a for _, a, _ in PLAN]
    assert d["patents"].tolist() == [p for _, _, p in PLAN]
    assert pd.isna(d["step"].iloc[0])
    assert d["step"].iloc[1:].tolist() == [
        "growth",
        "maturity",
        "decline",
        "decline",
        "revival",
        "fragmentation",
        "stable",
        "growth",
    ]
    assert not d["incomplete"].any()


def test_stage_diagram_lag_and_countries():
    # Japanese applicants in 2003 must not count for CN
    corpus = _corpus(PLAN, jp_plan=[(2003, 4, 4)])
    assert lc.corpus_as_of(corpus) == 2008
    d = lc.stage_diagram(corpus, by="country", groups=["CN"], lag_months=18)
    assert d["year"].max() == 2006  # 2007-2008 incomplete, left out
    assert d.set_index("year").loc[2003, "applicants"] == 1
    flagged = lc.stage_diagram(
        corpus, by="country", groups=["CN"], lag_months=18, include_incomplete=True
    )
    assert flagged.loc[flagged["incomplete"], "year"].tolist() == [2007, 2008]
    both = lc.stage_diagram(corpus, by="all", lag_months=0)
    assert both.set_index("year").loc[2003, "applicants"] == 5
    assert both.set_index("year").loc[2003, "patents"] == 7


def test_corpus_series_matches_a_direct_count(small_synthetic):
    s = lc.corpus_series(small_synthetic, countries=("KR",))
    apps = small_synthetic.applicants
    kr = apps[apps["country"] == "KR"].merge(small_synthetic.patents[["patent_id", "year"]])
    expected_pat = kr.drop_duplicates("patent_id").groupby("year").size()
    expected_app = kr.drop_duplicates(["year", "name"]).groupby("year").size()
    got = s.set_index("year")
    assert (got["patents"] == expected_pat.reindex(got.index, fill_value=0)).all()
    assert (got["applicants"] == expected_app.reindex(got.index, fill_value=0)).all()
    assert s["year"].tolist() == list(range(s["year"].min(), s["year"].max() + 1))


def test_corpus_series_fits_on_a_synthetic_corpus(small_synthetic):
    s = lc.corpus_series(small_synthetic)
    res = lc.fit_lifecycle(
        s["year"], s["patents"], as_of_year=lc.corpus_as_of(small_synthetic), lag_months=18
    )
    assert res.ok, res.reason
    assert res.stage in lc.STAGES and res.best.r2 > 0.9


def test_stage_diagram_by_theme(small_synthetic):
    d = lc.stage_diagram(small_synthetic, by="theme", groups=["electrodes", "charging"])
    assert set(d["group"]) == {"electrodes", "charging"}
    assert d["step"].dropna().isin(lc.STEP_LABELS).all()
    with pytest.raises(ValueError, match="unknown IPC theme"):
        lc.stage_diagram(small_synthetic, by="theme", groups=["nope"])
    with pytest.raises(ValueError, match="unknown grouping"):
        lc.stage_diagram(small_synthetic, by="firm")


def test_stage_diagram_by_country_matches_corpus_series(small_synthetic):
    d = lc.stage_diagram(small_synthetic, by="country", include_incomplete=True)
    assert d["group"].unique().tolist() == ["CN", "DE", "JP", "KR", "US"]
    for country in ("CN", "KR"):
        s = lc.corpus_series(small_synthetic, countries=(country,))
        part = d[d["group"] == country]
        assert part["patents"].tolist() == s["patents"].tolist()
        assert part["applicants"].tolist() == s["applicants"].tolist()
    absent = lc.stage_diagram(small_synthetic, groups=["FR"], lag_months=0)
    assert absent.empty
