import math

import numpy as np
import pandas as pd
import pytest

from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.ingest.schema import Corpus


def s_curve_counts(first=1985, last=2020, K=1000.0, r=0.4, t0=2008.0):
    years = np.arange(first, last + 1)
    return years, np.diff(lc.logistic(np.arange(first - 1, last + 1), K, r, t0))


# --- stage bands ---------------------------------------------------------------------------


def test_stage_bands_tile_the_axis_at_the_thresholds():
    bands = lcv.stage_bands(2000.0, 2500.0)
    assert [b[0] for b in bands] == list(lc.STAGES)
    edges = [b[1] for b in bands] + [bands[-1][2]]
    assert edges == [0.0, 200.0, 1000.0, 1800.0, 2500.0]


@pytest.mark.parametrize(
    ("top", "stages"),
    [
        (150.0, ["emerging"]),
        (1000.0, ["emerging", "growth"]),  # a band ending exactly at the top is kept whole
        (1000.5, ["emerging", "growth", "maturity"]),
        (1900.0, list(lc.STAGES)),
    ],
)
def test_stage_bands_are_clipped_to_the_axis(top, stages):
    bands = lcv.stage_bands(2000.0, top)
    assert [b[0] for b in bands] == stages
    assert bands[-1][2] == top
    assert all(low < high <= top for _, low, high in bands)


def test_stage_band_of_the_last_point_is_the_stage():
    years, counts = s_curve_counts(last=2012)
    res = lc.fit_lifecycle(years, counts, lag_months=0)
    c_last = res.cumulative
    band = next(
        s for s, low, high in lcv.stage_bands(res.best.K, 2 * c_last) if low <= c_last < high
    )
    assert band == res.stage


def test_no_bands_without_a_saturation_level():
    assert lcv.stage_bands(0.0, 100.0) == [] and lcv.stage_bands(100.0, 0.0) == []


def test_cumulative_axis_shows_K_only_when_near():
    assert lcv.cumulative_axis_top(100.0) == pytest.approx(105.0)
    assert lcv.cumulative_axis_top(100.0, 140.0) == pytest.approx(147.0)  # within reach
    assert lcv.cumulative_axis_top(100.0, 160.0) == pytest.approx(105.0)  # too far: data first
    assert lcv.cumulative_axis_top(100.0, 90.0) == pytest.approx(105.0)
    assert lcv.cumulative_axis_top(0.0) == 1.0


# --- fitted curve to draw ------------------------------------------------------------------


def test_curve_points_follow_the_fit_and_flag_the_projection():
    years, counts = s_curve_counts(last=2004)  # before the inflection: 90% of K comes later
    res = lc.fit_lifecycle(years, counts, lag_months=0)
    fit = res.best
    pts = lcv.curve_points(fit, res.start_year, res.end_year, last_year=2006, max_ahead=10)
    assert pts["year"].iloc[0] == res.start_year
    assert pts["year"].iloc[-1] == min(math.ceil(fit.year_90), res.end_year + 10)
    assert np.allclose(pts["cumulative"], fit.predict(pts["year"]))
    assert (pts["projected"] == (pts["year"] > res.end_year)).all()
    assert pts["cumulative"].is_monotonic_increasing


def test_curve_points_span_the_shown_years_when_saturation_is_past():
    years, counts = s_curve_counts(last=2030)
    res = lc.fit_lifecycle(years, counts, lag_months=24)  # 2029-2030 shown, not fitted
    pts = lcv.curve_points(res.best, res.start_year, res.end_year, last_year=2030)
    assert res.end_year == 2028 and pts["year"].iloc[-1] == 2030
    assert pts.loc[pts["year"] > 2028, "projected"].all()


# --- fits for a model choice and the comparison table --------------------------------------


def test_fit_choice_fits_what_was_asked():
    years, counts = s_curve_counts()
    best = lcv.fit_choice(years, counts, "best", as_of_year=2020, lag_months=0)
    assert len(best) == 1 and set(best[0].fits) == set(lc.MODELS)
    only = lcv.fit_choice(years, counts, "gompertz", as_of_year=2020, lag_months=0)
    assert only[0].model == "gompertz" and set(only[0].fits) == {"gompertz"}
    both = lcv.fit_choice(years, counts, "both", as_of_year=2020, lag_months=0)
    assert [r.model for r in both] == ["logistic", "gompertz"]
    with pytest.raises(ValueError, match="unknown model choice"):
        lcv.fit_choice(years, counts, "spline", as_of_year=2020, lag_months=0)


def test_comparison_table_rows_per_group_and_model():
    years, counts = s_curve_counts()
    flat = np.full(len(years), 10.0)
    kw = {"as_of_year": 2020, "lag_months": 0}
    table = lcv.comparison_table(
        [
            ("A", "both", lcv.fit_choice(years, counts, "both", **kw)),
            ("B", "best", lcv.fit_choice(years, flat, "best", **kw)),
        ]
    )
    assert list(table.columns) == list(lcv.COMPARISON_COLUMNS)
    assert table["group"].tolist() == ["A", "A", "B"]
    # logistic data: the logistic row carries the "lower AIC" mark, the Gompertz row not
    assert table["model"].tolist()[:2] == ["logistic", "gompertz"]
    assert table["model_note"].tolist()[:2] == ["lower_aic", ""]
    a = table.iloc[0]
    res = lcv.fit_choice(years, counts, "logistic", **kw)[0]
    assert a["K"] == pytest.approx(res.best.K)
    assert a["K_low"] <= a["K"] <= a["K_high"]
    assert a["share_of_K_pct"] == pytest.approx(100 * res.share_of_K)
    assert a["stage"] == res.stage and (a["first_year"], a["last_year"]) == (1985, 2020)
    low, high = lc.STAGES.index(a["stage_low"]), lc.STAGES.index(a["stage_high"])
    assert low <= lc.STAGES.index(a["stage"]) <= high
    refused = table.iloc[2]
    assert refused["stage"] == "" and refused["model"] == "best"  # either curve was asked
    assert refused["reason"].startswith("cannot fit: no growth")
    assert pd.isna(refused["K"])


# --- sources, domains, groups --------------------------------------------------------------


def test_domains_of_each_source():
    oecd = {d: annual for d, _, annual in lcv.domain_choices("oecd")}
    assert oecd["batteries"] and oecd["energy-storage"]  # annual family-size-2 series
    assert not oecd["electric-vehicles"] and not oecd["battery-recycling"]  # sample years
    assert lcv.default_domain("oecd") in oecd
    assert lcv.default_domain("iea") in {d for d, _, _ in lcv.domain_choices("iea")}


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("oecd", "energy-storage", "energy-storage"),
        ("oecd", "batteries", ""),  # the default is written as ""
        ("oecd", "storage", ""),  # an IEA domain falls back to the OECD default
        ("iea", "energy-storage", ""),
        ("iea", "all-technologies", "all-technologies"),  # both sources have it
        ("corpus", "energy-storage", "energy-storage"),  # kept for a switch back
        ("corpus", "nonsense", ""),
        ("iea", None, ""),
    ],
)
def test_canonical_domain(source, value, expected):
    assert lcv.canonical_domain(source, value) == expected


def test_corpus_groups():
    present = ["KR", "US", "CN", "JP", "DE", "TW"]
    assert lcv.corpus_groups(lcv.SEED_COUNTRIES, present) == list(lcv.SEED_COUNTRIES)
    assert lcv.corpus_groups(lcv.SEED_COUNTRIES, present, everything=True) == [
        "all",
        *lcv.SEED_COUNTRIES,
    ]
    assert lcv.corpus_groups((), []) == ["all"]
    assert lcv.corpus_groups(("FR",), ["US"]) == ["all"]  # nothing chosen is there: all
    assert lcv.corpus_groups(("FR", "CN", "FR"), ["CN", "FR"]) == ["FR", "CN"]


def test_group_series_counts_the_group(small_synthetic):
    everything = lcv.group_series(small_synthetic, lcv.ALL_GROUP)
    china = lcv.group_series(small_synthetic, "CN")
    assert everything["patents"].sum() == small_synthetic.patents["year"].notna().sum()
    assert 0 < china["patents"].sum() < everything["patents"].sum()
    assert china.equals(lc.corpus_series(small_synthetic, countries=("CN",)))


def test_publication_year_corpus_has_no_lag(small_synthetic):
    assert lc.corpus_lag_months(small_synthetic, 18) == 18
    patents = small_synthetic.patents.copy()
    patents["year_basis"] = "publication"
    c = Corpus(patents, small_synthetic.applicants, small_synthetic.ipc, small_synthetic.meta)
    assert lc.corpus_lag_months(c, 18) == 0
    patents.loc[0, "year_basis"] = "priority"  # one priority-dated patent: the lag applies
    mixed = Corpus(patents, small_synthetic.applicants, small_synthetic.ipc, small_synthetic.meta)
    assert lc.corpus_lag_months(mixed, 18) == 18


# --- stage diagram geometry ----------------------------------------------------------------


def test_step_segments_join_each_year_to_the_previous_one():
    series = pd.DataFrame(
        {
            "year": [2000, 2001, 2002, 2003, 2004],
            "applicants": [2, 5, 4, 3, 6],
            "patents": [3, 9, 12, 8, 10],
        }
    )
    points = lc.diagram_points(series)
    segments = lcv.step_segments(points.iloc[::-1])  # any row order: joined in time order
    assert set(segments) == set(points["step"].dropna())
    assert segments["maturity"] == ([5, 4, None], [9, 12, None])
    assert segments["decline"] == ([4, 3, None], [12, 8, None])
    n_steps = sum(len(xs) // 3 for xs, _ in segments.values())
    assert n_steps == len(series) - 1


def test_year_labels_on_long_paths_and_shared_places():
    assert lcv.year_labels([]) == []
    labels = lcv.year_labels(range(1990, 2023))
    shown = [label for label in labels if label]
    assert shown[0] == "1990" and shown[-1] == "2022"
    assert all(int(label) % 5 == 0 for label in shown[1:-1])
    together = lcv.year_labels([2001, 2002, 2003], xs=[0, 0, 1], ys=[0, 0, 1])
    assert together == ["", "2001, 2002", "2003"]
