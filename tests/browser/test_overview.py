"""The Overview page and the shell's global filters in headless Chromium."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from .plot_clicks import figure_data

pytestmark = pytest.mark.browser

READY = "#overview-years .js-plotly-plot .bars"


def _headline(page) -> str:
    return page.js("return document.getElementById('overview-headline').innerText")


def _download_name(page, graph_id: str) -> str:
    return page.js(
        "const gd = document.getElementById(arguments[0]).querySelector('.js-plotly-plot');"
        "return gd._context.toImageButtonOptions.filename;",
        graph_id,
    )


def test_overview_filters_url_back_button_and_download_names(page):
    page.open("/", READY)
    assert page.console_errors() == []
    assert "797" in _headline(page)  # the Lens sample, all of it
    page.screenshot("overview")

    # a country filter changes every figure and the URL, and names the downloads
    page.open("/?c=CN", READY)
    until(lambda: "394" in _headline(page), 20)
    countries = {trace["name"] for trace in figure_data(page, "overview-years")}
    assert "CN China" in countries
    assert page.url_query() == "?c=CN&lang=en"
    assert _download_name(page, "overview-years") == "overview_filings-per-year_lens-battery_CN"

    # changing the year range from the filter bar rewrites the URL (a new history entry)
    page.js(
        "window.history.pushState({}, '', '/?c=CN&y=2020-2024');"
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
    assert page.url_query() == "?y=2020-2024&lang=en"
    until(lambda: _headline(page) != restored, 20)
    assert page.console_errors() == []


def test_empty_filter_result_says_so(page):
    # Singapore's two patents are from 2014-2015: none in 2018-2020
    page.open("/?c=SG&y=2018-2020", READY.replace(" .bars", ""))
    until(lambda: _headline(page).startswith("0\n"), 20)
    assert page.url_query() == "?c=SG&y=2018-2020&lang=en"
    annotations = page.js(
        "return (document.getElementById('overview-years').querySelector('.js-plotly-plot')"
        ".layout.annotations || []).map(a => a.text)"
    )
    assert any("No patents match these filters" in text for text in annotations)
