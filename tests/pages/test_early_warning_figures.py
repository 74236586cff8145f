"""The Early-warning page's notes, rows and charts, in both languages, without a browser."""

from __future__ import annotations

import pytest
from planted_lens import BURST_CODE, NEWCOMER, RISING_CODE, write_planted_lens_export

from app.analysis.early_warning import Shortfall, Windows, early_warning
from app.analysis.early_warning.windows import EMPTY_WINDOW, NO_YEARS, TOO_FEW_YEARS
from app.i18n import use_language
from app.ingest.importer import import_export
from app.pages.early_warning import data, figures


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """Signals of a Lens export with a planted entrant, burst and rising code (synthetic)."""
    path = write_planted_lens_export(tmp_path_factory.mktemp("ewf") / "lens.csv", seed=2)
    corpus, report = import_export(path)
    assert report.ok
    return early_warning(corpus)


def _text(component) -> str:
    """All the text inside a Dash component tree."""
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if not isinstance(children, list | tuple):
        children = [children]
    return "".join(_text(c) for c in children)


OK = Windows((2022, 2024), (2017, 2021), 2024, 0, 2024)
LAGGED = Windows((2021, 2023), (2016, 2020), 2025, 18, 2023)
SHORT = Windows(
    (2022, 2024), (2017, 2021), 2024, 0, 2024,
    Shortfall(TOO_FEW_YEARS, 2017, 2024, 2019, 2024, 8, 6, 3),
)  # fmt: skip


def test_the_windows_note_in_both_languages():
    with use_language("en"):
        assert _text(figures.windows_note(OK)) == (
            "Baseline window 2017–2021, recent window 2022–2024: data as of 2024, counted by "
            "publication year, so no publication lag applies."
        )
        assert "the last 2 years are left out as incomplete (18-month lag)" in _text(
            figures.windows_note(LAGGED)
        )
    with use_language("zh"):
        assert _text(figures.windows_note(OK)).startswith("基准窗口 2017–2021，近期窗口 2022–2024")


def test_a_shortfall_says_which_years_to_add_and_links_a_baseline_that_fits():
    with use_language("en"):
        note = figures.windows_note(SHORT, "/early-warning?ew_base=3")
        text = _text(note)
        assert "The windows need 8 complete years (2017–2024)" in text
        assert "covers 6 (2019–2024). Load patents from 2017–2018" in text
        link = note.children[-1]
        assert link.href == "/early-warning?ew_base=3"
        assert link.children == "Shorten the baseline to 3 years"
    with use_language("zh"):
        text = _text(figures.windows_note(SHORT, "/early-warning?ew_base=3"))
        assert "窗口需要 8 个完整年份（2017–2024）" in text and "将基准窗口缩短为 3 年" in text
    with use_language("en"):
        no_fit = Windows(None, None, None, 0, None, Shortfall(NO_YEARS, *(None,) * 4, 0, 0, 0))
        assert "has a year" in _text(figures.windows_note(no_fit))
        empty = Shortfall(EMPTY_WINDOW, 2016, 2023, 2000, 2023, 8, 24, 21, ("baseline",))
        text = _text(figures.windows_note(Windows((2021, 2023), (2016, 2020), 2023, 0, 2023,
                                                  empty), "/x"))  # fmt: skip
        assert "No patents fall in the baseline window of 2016–2023" in text


def test_rows_carry_their_position_and_read_in_the_language(planted):
    with use_language("zh"):
        rows = figures.entrant_rows(planted.new_entrants)
    assert rows[0]["name"] == NEWCOMER and rows[0]["country"] == "CN 中国"
    assert [r["id"] for r in rows] == list(range(len(rows)))
    rising = figures.rising_rows(planted.rising_codes)
    assert rising[0]["code"] == RISING_CODE and rising[0]["title"]  # the WIPO title
    assert rising[0]["recent_pct"] > 3 * rising[0]["baseline_pct"]
    with use_language("en"):
        bursts = figures.burst_rows(planted.bursts)
    assert {r["name"] for r in bursts} == {BURST_CODE, RISING_CODE, NEWCOMER}
    assert {r["kind"] for r in bursts} == {"IPC/CPC main group", "Applicant"}
    ties = figures.tie_rows(planted.new_ties)
    new = [r for r in ties if r["status"] == "new"]
    assert all(r["growth"] is None for r in new)  # no baseline: no finite growth
    years = figures.concentration_rows(planted.concentration)
    assert len(years) == len(planted.concentration) and "incomplete" not in years[-1]["year"]


def test_charts_show_the_planted_signals(planted):
    with use_language("en"):
        entrants = figures.entrants_figure(planted.new_entrants, "Lens.org")
        rising = figures.rising_figure(planted.rising_codes, "Lens.org")
        bursts = figures.bursts_figure(planted.bursts, planted.windows, "Lens.org")
        concentration = figures.concentration_figure(
            planted.concentration, planted.windows, "Lens.org"
        )
    assert entrants["data"][0]["y"][-1] == NEWCOMER  # the top entrant is drawn last (on top)
    assert list(rising["data"][-1]["y"]) == [RISING_CODE]
    assert "Source: Lens.org" in rising["layout"]["title"]["text"]
    drawn = bursts["data"][0]
    burst = list(drawn["y"]).index(f"{BURST_CODE} · IPC/CPC main group")
    assert drawn["base"][burst] == 2010.5 and drawn["x"][burst] == 3  # 2011-2013
    shaded = [s["x0"] for s in bursts["layout"]["shapes"]]
    assert shaded == [2015.5, 2020.5]  # baseline 2016-2020, recent 2021-2023
    assert [t["name"] for t in concentration["data"]] == ["CR4", "CR8", "HHI"]


def test_empty_signals_say_so(planted):
    with use_language("zh"):
        fig = figures.rising_figure(planted.rising_codes.head(0), "x")
    assert fig["layout"]["annotations"][0]["text"] == "没有分类号的占比显著上升。"
    assert figures.change_cards(None, OK) == []
    with use_language("en"):
        cards = figures.change_cards({"cr4": -0.078, "cr8": 0.1, "hhi": -78.4}, OK)
    assert [_text(c) for c in cards] == [
        "−7.8 pointsCR4, recent minus baseline",
        "+10.0 pointsCR8, recent minus baseline",
        "−78HHI, recent minus baseline",
    ]


def test_row_patent_ids(planted):
    ids = data.row_patent_ids(planted, None, "new_entrants", 0)
    assert len(ids) == 30
    assert data.row_patent_ids(planted, None, "new_entrants", 999) == ()
    assert data.row_patent_ids(planted, None, "firm_codes", 0) == ()  # no firm chosen
