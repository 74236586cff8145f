"""Early-warning signals on small corpora whose answers can be worked out by hand."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from app.analysis.early_warning import Thresholds, early_warning, signal_windows
from app.analysis.early_warning.bursts import bursts
from app.analysis.early_warning.concentration import (
    concentration_by_window,
    concentration_by_year,
    hhi_band,
)
from app.analysis.early_warning.entrants import foreign_entrants, new_entrants
from app.analysis.early_warning.moves import firm_moves
from app.analysis.early_warning.rising import rising_codes
from app.analysis.early_warning.rows import g2_2x2
from app.analysis.early_warning.ties import new_ties
from app.analysis.early_warning.windows import EMPTY_WINDOW, NO_YEARS, TOO_FEW_YEARS
from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)


def corpus_of(records, *, basis="priority", lag_years=2) -> Corpus:
    """A corpus from (year, office, [(name, country, rule)], [main groups]) records.

    Published ``lag_years`` after the priority year (basis "priority"), or dated by
    publication (basis "publication"). Patent ids are P0, P1, ...
    """
    ids = [f"P{i}" for i in range(len(records))]
    years = [r[0] for r in records]
    patents = pd.DataFrame(
        {
            "patent_id": ids,
            "jurisdiction": [r[1] for r in records],
            "priority_year": years if basis == "priority" else None,
            "publication_year": [y + (lag_years if basis == "priority" else 0) for y in years],
            "year": years,
            "year_basis": basis,
        }
    )
    applicants = pd.DataFrame(
        [
            {"patent_id": p, "position": i, "name_raw": n, "name": n, "country": c,
             "country_rule": rule, "kind": "firm"}
            for p, r in zip(ids, records, strict=True)
            for i, (n, c, rule) in enumerate(r[2])
        ]
    )  # fmt: skip
    ipc = pd.DataFrame(
        [
            {"patent_id": p, "scheme": "IPC", "code": g.replace("/00", "/1"),
             "subclass": g[:4], "main_group": g}
            for p, r in zip(ids, records, strict=True)
            for g in r[3]
        ],
        columns=list(IPC_COLUMNS),
    )  # fmt: skip
    return Corpus(
        conform(patents, PATENT_COLUMNS),
        conform(applicants, APPLICANT_COLUMNS),
        conform(ipc, IPC_COLUMNS),
        CorpusMeta("hand", "hand-made, synthetic", "tests", "synthetic", synthetic=True),
    )


def firm(name, country="CN", rule="alias_table"):
    return (name, country, rule)


# --- windows ------------------------------------------------------------------------------


def test_windows_sit_after_the_publication_lag():
    # priority years 2010-2023, published two years later: data as of 2025; 18 months of
    # lag leave 2024 and 2025 incomplete, so the recent window ends in 2023.
    c = corpus_of([(y, "CN", [firm("A")], []) for y in range(2010, 2024)])
    w = signal_windows(c, lag_months=18)
    assert (w.as_of_year, w.last_complete_year, w.lag_months) == (2025, 2023, 18)
    assert (w.recent, w.baseline, w.ok) == ((2021, 2023), (2016, 2020), True)
    assert signal_windows(c, lag_months=0).recent == (2023, 2025)
    assert signal_windows(c, lag_months=18, as_of_year=2022).recent == (2018, 2020)
    assert signal_windows(c, recent=2, baseline=3, lag_months=18).baseline == (2019, 2021)


def test_a_corpus_dated_by_publication_has_no_lag():
    c = corpus_of([(y, "US", [firm("A")], []) for y in range(2014, 2025)], basis="publication")
    w = signal_windows(c, lag_months=18)
    assert (w.lag_months, w.last_complete_year, w.recent) == (0, 2024, (2022, 2024))


def test_too_few_years_says_what_would_fill_the_windows():
    c = corpus_of([(y, "US", [firm("A")], []) for y in range(2018, 2025)], basis="publication")
    w = signal_windows(c, recent=3, baseline=5)
    s = w.shortfall
    assert not w.ok and s.reason == TOO_FEW_YEARS
    assert (s.needed_from, s.needed_to, s.have_from, s.years_needed) == (2017, 2024, 2018, 8)
    assert (s.complete_years, s.max_baseline) == (7, 4)
    assert "add patents from 2017-2017, or shorten the baseline to 4 years" in s.message()
    assert signal_windows(c, recent=3, baseline=4).ok
    assert signal_windows(c, recent=7, baseline=1).shortfall.max_baseline == 0


def test_an_empty_window_is_a_shortfall_too():
    records = [(2000, "US", [firm("A")], [])] + [
        (y, "US", [firm("A")], []) for y in (2021, 2022, 2023)
    ]
    w = signal_windows(corpus_of(records, basis="publication"))
    assert w.shortfall.reason == EMPTY_WINDOW and w.shortfall.empty_windows == ("baseline",)
    assert w.shortfall.message() == "no patents in the baseline window (2016-2023)"


def test_no_dated_patent_and_bad_lengths():
    c = corpus_of([(2020, "US", [firm("A")], [])])
    undated = Corpus(c.patents.assign(year=pd.NA, publication_year=pd.NA), c.applicants,
                     c.ipc, c.meta)  # fmt: skip
    assert signal_windows(undated).shortfall.reason == NO_YEARS
    with pytest.raises(ValueError, match="at least one year"):
        signal_windows(c, recent=0)


def test_every_signal_is_empty_on_a_shortfall_but_concentration():
    c = corpus_of([(y, "US", [firm("A"), firm("B")], ["H01M 4/00"]) for y in (2023, 2024)],
                  basis="publication")  # fmt: skip
    ew = early_warning(c)
    assert not ew.windows.ok
    for frame in (ew.new_entrants, ew.foreign_entrants, ew.rising_codes, ew.bursts, ew.new_ties):
        assert frame.empty
    assert ew.concentration["year"].tolist() == [2023, 2024]
    assert ew.concentration_change is None


# --- new and foreign entrants ------------------------------------------------------------


def entrant_corpus() -> Corpus:
    records = [(y, "CN", [firm("OLD")], ["H01M 4/00"]) for y in range(2010, 2024)]
    records += [
        (2021, "CN", [firm("NEW1")], ["H01M 4/00"]),
        (2022, "CN", [firm("NEW1"), firm("OLD")], ["H01M 10/00"]),
        (2023, "CN", [firm("NEW1")], ["H01M 10/00"]),
        (2022, "CN", [firm("NEW2")], ["H01M 4/00"]),
        (2023, "CN", [firm("NEW2")], ["H01M 4/00"]),
        (2022, "CN", [firm("ONEOFF")], ["H01M 4/00"]),
        (2024, "CN", [firm("LATE")], ["H01M 4/00"]),  # after the last complete year
        (2024, "CN", [firm("LATE")], ["H01M 4/00"]),
    ]
    return corpus_of(records)


AS_OF = 2025  # entrant_corpus: data complete to 2025, so 2024 is incomplete (18 months)


def test_new_entrants_are_first_seen_in_the_recent_window_ranked_by_patents():
    c = entrant_corpus()
    w = signal_windows(c, lag_months=18, as_of_year=AS_OF)
    e = new_entrants(c, w)
    assert e[["name", "first_year", "patents"]].values.tolist() == [
        ["NEW1", 2021, 3],
        ["NEW2", 2022, 2],
    ]
    ids = dict(zip(e["name"], e["patent_ids"], strict=True))
    assert ids["NEW2"] == ("P17", "P18")
    assert len(new_entrants(c, w, min_patents=1)) == 3  # ONEOFF too, never LATE


def test_foreign_entrants_per_office():
    home = [(y, "CN", [firm("CN FIRM")], []) for y in range(2010, 2024)]
    records = [
        *home,
        (2015, "EP", [firm("US FIRM", "US")], []),  # at the EPO before the window: not new
        (2022, "EP", [firm("US FIRM", "US")], []),
        (2022, "US", [firm("CN FIRM")], []),  # a Chinese firm's first US filings
        (2023, "US", [firm("CN FIRM")], []),
        (2022, "EP", [firm("DE FIRM", "DE")], []),  # EPC state: at home at the EPO
        (2023, "EP", [firm("DE FIRM", "DE")], []),
        (2022, "WO", [firm("JP FIRM", "JP")], []),  # PCT: nobody's home office
        (2023, "WO", [firm("JP FIRM", "JP")], []),
        (2022, "JP", [firm("GUESSED", "JP", "jurisdiction")], []),  # country from the office
        (2023, "JP", [firm("GUESSED", "JP", "jurisdiction")], []),
        (2022, "KR", [firm("US FIRM", "US")], []),
        (2023, "KR", [firm("US FIRM", "US")], []),
        (2023, "KR", [firm("US FIRM", "US")], []),
    ]
    c = corpus_of(records)
    f = foreign_entrants(c, signal_windows(c, lag_months=18))
    assert f[["office", "name", "country", "first_year", "patents"]].values.tolist() == [
        ["KR", "US FIRM", "US", 2022, 3],
        ["US", "CN FIRM", "CN", 2022, 2],
    ]


# --- rising codes ------------------------------------------------------------------------


def rising_corpus(recent_share: float) -> Corpus:
    """100 coded patents a year 2011-2023; H01M 16/00 on 2 a year, then ``recent_share``."""
    records = []
    for year in range(2011, 2024):
        hits = round(100 * recent_share) if year >= 2021 else 2
        for i in range(100):
            groups = ["H01M 4/00"] + (["H01M 16/00"] if i < hits else [])
            records.append((year, "CN", [firm(f"F{i % 7}")], groups))
    return corpus_of(records)


def test_a_rising_share_is_found_with_its_g2():
    c = rising_corpus(0.08)
    r = rising_codes(c, signal_windows(c, lag_months=18))
    assert r["code"].tolist() == ["H01M 16/00"]
    row = r.iloc[0]
    # baseline 2016-2020: 10 of 500 coded patents; recent 2021-2023: 24 of 300
    assert (row.baseline_patents, row.recent_patents, row.patents) == (10, 24, 24)
    assert row.baseline_share == pytest.approx(0.02) and row.recent_share == pytest.approx(0.08)
    assert row.growth_points == pytest.approx(6.0) and row.ratio == pytest.approx(4.0)
    g2 = chi2_contingency([[24, 276], [10, 490]], correction=False, lambda_="log-likelihood")[0]
    assert row.g2 == pytest.approx(g2)
    assert len(row.patent_ids) == 24
    # H01M 4/00 is on every patent: its share cannot rise; H01M (subclass) neither
    assert set(r["level"]) == {"main_group"}


def test_a_stationary_share_raises_nothing():
    c = rising_corpus(0.02)
    assert rising_codes(c, signal_windows(c, lag_months=18)).empty


def test_rising_thresholds_each_hold_a_code_back():
    c = rising_corpus(0.08)
    w = signal_windows(c, lag_months=18)
    assert rising_codes(c, w, min_patents=25).empty
    assert rising_codes(c, w, min_ratio=4.5).empty
    assert rising_codes(c, w, alpha=1e-9).empty


def test_g2_matches_scipy_on_random_tables():
    rng = np.random.default_rng(0)
    for _ in range(20):
        n1, n2 = rng.integers(10, 500, 2)
        a, c = rng.integers(0, n1), rng.integers(0, n2)
        expected = chi2_contingency(
            [[a, n1 - a], [c, n2 - c]], correction=False, lambda_="log-likelihood"
        )[0]
        assert g2_2x2(np.array([a]), np.array([n1]), np.array([c]), np.array([n2]))[0] == (
            pytest.approx(expected, abs=1e-9)
        )


# --- bursts ------------------------------------------------------------------------------


def test_a_planted_code_burst_is_found_with_its_years_and_patents():
    records = []
    for year in range(2008, 2024):
        hits = 15 if year in (2012, 2013) else 2
        for i in range(100):
            groups = ["H01M 4/00"] + (["H01M 12/00"] if i < hits else [])
            records.append((year, "CN", [firm(f"F{i % 9}")], groups))
    c = corpus_of(records)
    b = bursts(c, signal_windows(c, lag_months=18))
    assert b[["name", "kind", "start", "end", "patents"]].values.tolist() == [
        ["H01M 12/00", "main_group", 2012, 2013, 30]
    ]
    row = b.iloc[0]
    assert not row.ongoing and not row.recent and row.p_value < 0.01
    assert row.expected == pytest.approx((2 * 14 + 30) / 1600 * 200)
    assert len(row.patent_ids) == 30


def test_an_applicant_burst_that_lasts_is_ongoing_and_recent():
    records = [(y, "CN", [firm(f"F{i}")], []) for y in range(2008, 2024) for i in range(20)]
    records += [(y, "CN", [firm("SURGE")], []) for y in (2022, 2023) for _ in range(12)]
    records += [(y, "CN", [firm("SURGE")], []) for y in range(2008, 2022)]
    c = corpus_of(records)
    b = bursts(c, signal_windows(c, lag_months=18), kinds=("applicant",))
    assert b[["name", "start", "end"]].values.tolist() == [["SURGE", 2022, 2023]]
    assert bool(b["ongoing"].iloc[0]) and bool(b["recent"].iloc[0])


def test_unknown_burst_kind_is_refused():
    c = entrant_corpus()
    with pytest.raises(ValueError, match="unknown burst kind"):
        bursts(c, signal_windows(c, lag_months=18), kinds=("inventor",))


# --- concentration -----------------------------------------------------------------------


def test_concentration_by_hand():
    # 2020: P0 (A), P1 (A, B), P2 (C): fractional patents A 1.5, B 0.5, C 1 of 3.
    # shares .5, 1/6, 1/3; HHI = 10,000 (.25 + 1/36 + 1/9) = 3,888.9; CR4 = CR8 = 1.
    c = corpus_of([
        (2020, "CN", [firm("A")], []),
        (2020, "CN", [firm("A"), firm("B")], []),
        (2020, "CN", [firm("C")], []),
    ], basis="publication")  # fmt: skip
    row = concentration_by_year(c, 2020).iloc[0]
    assert (row.year, row.patents, row.applicants) == (2020, 3, 3)
    assert row.cr4 == pytest.approx(1.0) and row.hhi == pytest.approx(
        10_000 * (0.25 + 1 / 36 + 1 / 9)
    )
    assert row.top == ("A", "C", "B") and row.band == "highly concentrated"
    assert row.patent_ids == ("P0", "P1", "P2") and not row.incomplete


def test_concentration_windows_and_change():
    # baseline years: 4 applicants with one patent each a year; recent: one applicant files
    # as much as the other three together.
    records = [(y, "CN", [firm(n)], []) for y in range(2016, 2021) for n in "ABCD"]
    records += [(y, "CN", [firm(n)], []) for y in range(2021, 2024) for n in "ABCDEFGH"]
    records += [(y, "CN", [firm("A")], []) for y in range(2021, 2024) for _ in range(6)]
    c = corpus_of(records)
    w = signal_windows(c, lag_months=18)
    pooled = concentration_by_window(c, w).set_index("window")
    assert pooled.loc["baseline", "hhi"] == pytest.approx(2500.0)
    # recent: A 7 of 14 a year, 7 others 1 each: HHI = 10,000 (0.25 + 7/196)
    assert pooled.loc["recent", "hhi"] == pytest.approx(10_000 * (0.25 + 7 / 196))
    assert pooled.loc["recent", "top"][0] == "A"
    change = early_warning(c, lag_months=18).concentration_change
    assert change["hhi"] == pytest.approx(10_000 * (0.25 + 7 / 196) - 2500.0)
    assert change["cr4"] == pytest.approx(10 / 14 - 1.0)


def test_hhi_bands():
    assert [hhi_band(h) for h in (500, 1500, 2500)] == [
        "unconcentrated",
        "moderately concentrated",
        "highly concentrated",
    ]


# --- ties and moves ----------------------------------------------------------------------


def tie_corpus() -> Corpus:
    background = [(y, "CN", [firm("A")], ["H01M 4/00"]) for y in range(2010, 2024)]
    pair = [firm("A"), firm("B", "JP")]
    records = [
        *background,
        (2017, "CN", pair, ["H01M 4/00"]),  # A+B: 1 in the baseline, 4 recent: strengthening
        *[(y, "CN", pair, ["H01M 4/00"]) for y in (2021, 2022, 2022, 2023)],
        (2022, "CN", [firm("A"), firm("C", "US")], ["H01M 10/00"]),  # A+C: new in 2022
        (2023, "CN", [firm("A"), firm("C", "US")], ["H01M 50/00"]),
        (2012, "CN", [firm("D"), firm("E")], []),  # D+E: 2012, none in the baseline, 2 recent
        (2021, "CN", [firm("D"), firm("E")], []),
        (2023, "CN", [firm("D"), firm("E")], []),
        *[(y, "CN", [firm("F"), firm("G")], []) for y in (2016, 2017, 2018, 2019, 2021, 2022)],
    ]
    return corpus_of(records)


def test_new_renewed_and_strengthening_ties():
    c = tie_corpus()
    t = new_ties(c, signal_windows(c, lag_months=18))
    got = t[["name", "status", "first_year", "baseline_patents", "recent_patents"]]
    assert got.values.tolist() == [
        ["A + B", "strengthening", 2017, 1, 4],
        ["A + C", "new", 2022, 0, 2],
        ["D + E", "renewed", 2012, 0, 2],
    ]
    # F+G: 4 in five baseline years (0.8 a year), 2 in three recent (0.67): not growing
    assert t["growth"].iloc[0] == pytest.approx((4 / 3) / (1 / 5))
    assert t["patent_ids"].iloc[1] == ("P19", "P20")


def test_country_ties():
    c = tie_corpus()
    t = new_ties(c, signal_windows(c, lag_months=18), by="country")
    assert t[["name", "status", "recent_patents"]].values.tolist() == [
        ["CN + JP", "strengthening", 4],
        ["CN + US", "new", 2],
    ]


def test_a_firms_moves():
    c = tie_corpus()
    m = firm_moves(c, signal_windows(c, lag_months=18), "A")
    assert m.found and m.recent_patents == 3 + 4 + 2
    codes = m.codes[["code", "level", "first_year", "patents"]].values.tolist()
    assert codes == [["H01M 10/00", "main_group", 2022, 1], ["H01M 50/00", "main_group", 2023, 1]]
    partners = m.partners[["name", "country", "first_year", "patents"]].values.tolist()
    assert partners == [["C", "US", 2022, 2]]
    assert not firm_moves(c, signal_windows(c, lag_months=18), "NOBODY").found


# --- the whole report --------------------------------------------------------------------


def test_report_is_plain_json_with_the_documented_keys():
    c = tie_corpus()
    out = early_warning(c, lag_months=18, firm="A").to_dict(limit=1)
    text = json.dumps(out, allow_nan=False)
    assert json.loads(text)["windows"]["recent"] == [2021, 2023]
    for key in ("new_entrants", "rising_codes", "bursts", "concentration", "new_ties"):
        assert isinstance(out[key], list)
    assert len(out["new_ties"]) == 1 and out["new_ties"][0]["growth"] > 6
    assert out["firm_moves"]["partners"][0]["patent_ids"] == ["P19", "P20"]


def test_thresholds_reach_the_signals():
    c = entrant_corpus()
    th = Thresholds(entrant_min_patents=3)
    ew = early_warning(c, lag_months=18, as_of_year=AS_OF, thresholds=th)
    assert ew.new_entrants["name"].tolist() == ["NEW1"]
