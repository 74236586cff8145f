"""The Overview page and the shell's global filters in headless Chromium."""

from __future__ import annotations

import re
import time
from urllib.parse import unquote, unquote_plus

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from .page_checks import check_language_and_widths
from .plot_clicks import click_at, figure_data, plot_position

pytestmark = pytest.mark.browser

READY = "#overview-years .js-plotly-plot .bars"


def _text(page, element_id: str) -> str:
    return page.js(
        "const e = document.getElementById(arguments[0]); return e?.innerText || ''", element_id
    )


def _headline(page) -> str:
    return page.js("return document.getElementById('overview-headline').innerText")


def _download_name(page, graph_id: str) -> str:
    return page.js(
        "const gd = document.getElementById(arguments[0]).querySelector('.js-plotly-plot');"
        "return gd._context.toImageButtonOptions.filename;",
        graph_id,
    )


def test_overview_filters_url_back_button_and_download_names(page):
    page.open("/?ds=lens-battery", READY)
    assert page.console_errors() == []
    assert "797" in _headline(page)  # the Lens sample, all of it
    page.screenshot("overview")

    # a country filter changes every figure and the URL, and names the downloads
    page.open("/?c=CN&ds=lens-battery", READY)
    until(lambda: "394" in _headline(page), 20)
    countries = {trace["name"] for trace in figure_data(page, "overview-years")}
    assert "CN China" in countries
    assert page.url_query() == "?c=CN&ds=lens-battery&lang=en"
    assert _download_name(page, "overview-years") == "overview_filings-per-year_lens-battery_CN"

    # changing the year range from the filter bar rewrites the URL (a new history entry)
    page.js(
        "window.history.pushState({}, '', '/?c=CN&y=2020-2024&ds=lens-battery');"
        "window.dispatchEvent(new PopStateEvent('popstate'));"
    )
    until(lambda: "2020–2024" in _headline(page), 20)
    restored = _headline(page)
    page.driver.back()
    until(lambda: "2014–2024" in _headline(page), 20)
    assert "394" in _headline(page)
    page.driver.forward()
    until(lambda: _headline(page) == restored, 20)

    # clearing the countries from the dropdown goes back to the whole corpus
    page.driver.find_element(By.CSS_SELECTOR, ".filter-countries .dash-dropdown-clear").click()
    until(lambda: "c=" not in page.url_query(), 20)
    assert page.url_query() == "?ds=lens-battery&y=2020-2024&lang=en"
    until(lambda: _headline(page) != restored, 20)
    assert page.console_errors() == []


def test_empty_filter_result_says_so(page):
    # Singapore's two patents are from 2014-2015: none in 2018-2020
    page.open("/?c=SG&y=2018-2020&ds=lens-battery", READY.replace(" .bars", ""))
    until(lambda: _headline(page).startswith("0\n"), 20)
    assert page.url_query() == "?c=SG&y=2018-2020&ds=lens-battery&lang=en"
    annotations = page.js(
        "return (document.getElementById('overview-years').querySelector('.js-plotly-plot')"
        ".layout.annotations || []).map(a => a.text)"
    )
    assert any("No patents match these filters" in text for text in annotations)


def test_a_single_year_dataset_shows_the_oecd_series_and_says_so(page):
    """The default EPO corpus covers 2014 only: OECD battery families per year instead."""
    lines = "#overview-years .js-plotly-plot .scatterlayer .trace"
    page.open("/", lines)
    until(lambda: "single year (2014)" in _text(page, "overview-note"), 20)
    titles = page.js(
        "return document.getElementById('overview-years').querySelector('.js-plotly-plot')"
        ".layout.title.text"
    )
    assert "OECD counts, not this dataset" in titles
    names = [trace["name"] for trace in figure_data(page, "overview-years")]
    assert {"JP Japan", "KR South Korea", "CN China", "US United States"} <= set(names)
    assert _download_name(page, "overview-years").startswith(
        "overview_oecd-battery-families-per-year"
    )
    page.screenshot("overview-single-year")

    # the country filter keeps to the countries chosen, in the OECD series too
    page.open("/?c=DE", lines)
    until(lambda: [t["name"] for t in figure_data(page, "overview-years")] == ["DE Germany"], 20)
    assert page.console_errors() == []


# the top applicants' bars: drawn on every dataset (the default one's years are OECD lines)
TOP_READY = "#overview-top .js-plotly-plot .bars"


def test_overview_in_chinese_has_no_english_words_and_fits_small_screens(page):
    page.open("/?lang=zh", TOP_READY)  # the default dataset: one year, the OECD series
    until(lambda: "2014" in _text(page, "overview-note"), 20)
    until(lambda: page.js("return document.querySelectorAll('.guide-link').length") == 6, 20)
    assert page.js("return document.documentElement.lang") == "zh-CN"
    check_language_and_widths(page, "overview-zh", "zh", data_columns=("applicant",))
    assert page.console_errors() == []


def test_overview_in_english_has_no_chinese_and_fits_small_screens(page):
    page.open("/?lang=en", TOP_READY)
    until(lambda: "2014" in _text(page, "overview-note"), 20)
    until(lambda: page.js("return document.querySelectorAll('.guide-link').length") == 6, 20)
    check_language_and_widths(page, "overview-en", "en")


def _guide_shown(page) -> bool:
    return (
        page.js("return getComputedStyle(document.getElementById('overview-guide')).display")
        != "none"
    )


def _guide_links(page) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('.guide-link')].map(a => a.getAttribute('href'))"
    )


def test_the_question_guide_opens_preset_views_and_stays_hidden_once_hidden(page):
    page.open("/?ds=ops-hydrogen&c=DE&lang=en", READY)
    until(lambda: _guide_shown(page), 20)
    until(lambda: all("c=DE" in href for href in _guide_links(page)), 20)
    links = _guide_links(page)
    assert [link.split("?")[0] for link in links] == [
        "/applicants", "/technology", "/life-cycle", "/cooperation", "/value-chain",
        "/early-warning",
    ]  # fmt: skip
    assert all("ds=ops-hydrogen" in link and link.endswith("lang=en") for link in links)
    assert "tn_lvl=main_group" in links[1]

    # hidden, it stays hidden on the next visit; "Which question..." brings it back
    page.driver.find_element(By.ID, "overview-guide-hide").click()
    until(lambda: not _guide_shown(page), 10)
    page.open("/?ds=lens-battery&lang=en", READY)
    time.sleep(1)
    assert not _guide_shown(page)
    page.driver.find_element(By.ID, "overview-guide-show").click()
    until(lambda: _guide_shown(page), 10)

    # a question opens its page with the preset view and the filters
    page.open("/?ds=ops-hydrogen&c=DE&lang=en", READY)
    until(lambda: "c=DE" in _guide_links(page)[0], 20)
    page.driver.find_element(By.CSS_SELECTOR, ".guide-link").click()
    until(lambda: page.js("return location.pathname") == "/applicants", 20)
    query = page.url_query()
    assert "c=DE" in query and "lang=en" in query
    assert page.console_errors() == []


def _table_cells(page, column: str) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll(arguments[0])].map(td => td.innerText)",
        f'td[data-dash-column="{column}"]',
    )


def test_a_firm_clicked_in_the_table_or_the_chart_opens_its_applicant_card(page):
    page.open("/?ds=ops-hydrogen&c=CN&lang=zh", READY)
    until(lambda: len(_table_cells(page, "applicant")) > 5, 20)
    # Chinese names where the alias table knows them; the link carries the name as the
    # network knows it
    names = _table_cells(page, "applicant")
    assert any(re.search(r"[\u4e00-\u9fff]", name) for name in names), names
    cell = page.driver.find_element(By.CSS_SELECTOR, 'td[data-dash-column="applicant"]')
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", cell)
    cell.click()
    until(lambda: page.js("return location.pathname") == "/applicants", 20)
    query = unquote(page.url_query())
    assert "an_sel=" in query and "c=CN" in query and "ds=ops-hydrogen" in query
    assert query.endswith("lang=zh")

    # the bars: the 15th applicant is beyond the network's top 10, so N grows to hold it
    page.open("/?ds=lens-battery&lang=en", READY)
    until(lambda: figure_data(page, "overview-top"), 20)
    bars = [
        (label, name, rank)
        for trace in figure_data(page, "overview-top")
        for label, (name, rank) in zip(trace["y"], trace["customdata"], strict=True)
    ]
    label, name, rank = max(bars, key=lambda bar: bar[2])
    assert rank == 15
    click_at(page, plot_position(page, "overview-top", 0.5, label))
    until(lambda: page.js("return location.pathname") == "/applicants", 20)
    query = unquote_plus(page.url_query())
    assert f"an_sel={name}" in query and "an_n=15" in query
