"""The Cooperation page in headless Chromium: passages open on click, the partner-type
chart follows the global dataset and country filters; both languages, small screens."""

from __future__ import annotations

import json
import time

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from .language import chinese_characters, english_words, visible_texts
from .plot_clicks import click_at, figure_data, plot_position
from .widths import cut_off

pytestmark = pytest.mark.browser

PAPER = "patent network analysis"  # the paper a passage names (never its file)
READY = "#co-partner-shares .js-plotly-plot .bars"


def _text(page, element_id: str) -> str:
    return page.js("return document.getElementById(arguments[0]).innerText", element_id)


def _external_requests(page) -> list[str]:
    return page.js(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin))"
    )


def _partner_countries(page) -> list[str]:
    """ISO codes of the partner-type chart's bars (their names are the tick labels)."""
    data = figure_data(page, "co-partner-shares") or []
    return list(data[0]["y"]) if data else []


def _leave_charts(page) -> None:
    """Move the mouse off the charts (onto the page title), so no hover label is shown."""
    title = page.driver.find_element(By.CSS_SELECTOR, "h1.page-title")
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", title)
    ActionChains(page.driver).move_to_element(title).perform()
    time.sleep(0.3)


def test_page_loads_and_every_matrix_opens_its_passages(page):
    page.open("/cooperation?lang=en", READY)
    assert page.console_errors() == []
    assert _external_requests(page) == []

    # Table 1: a row opens to the row as printed
    cell = page.driver.find_element(
        By.XPATH, "//td[@data-dash-column='mode'][.//*[text()='Strategic cooperation']]"
    )
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", cell)
    cell.click()
    until(lambda: "Based on a high degree of trust" in _text(page, "co-mode-passage"), 10)
    assert PAPER in _text(page, "co-mode-passage")

    # countries x modes: a named mode opens its passage with the paper it comes from
    click_at(page, plot_position(page, "co-mode-matrix", "joint_venture", "DE"))
    until(lambda: "Germany × Joint venture" in _text(page, "co-passages"), 10)
    panel = _text(page, "co-passages")
    assert "Germany prefers Joint venture and Mergers and acquisitions" in panel
    assert PAPER in panel and ".txt" not in panel

    # where the paper is silent, the panel says so and shows what it does say
    click_at(page, plot_position(page, "co-mode-matrix", "joint_venture", "KR"))
    until(lambda: "South Korea × Joint venture" in _text(page, "co-passages"), 10)
    panel = _text(page, "co-passages")
    assert "names no cooperation mode at all for South Korea" in panel
    assert "most internationally competitive" in panel

    # the paper's partner matrix opens its passages too
    click_at(page, plot_position(page, "co-paper-partners", "firm-university/institute", "JP"))
    until(lambda: "Japan: firm with university or institute" in _text(page, "co-passages"), 10)
    assert "universities and research institutes" in _text(page, "co-passages")

    page.js("window.scrollTo({top: 0, behavior: 'instant'})")
    page.screenshot("cooperation")
    assert page.console_errors() == []


def test_partner_chart_follows_the_dataset_and_country_filters(page):
    page.open("/cooperation?ds=lens-battery&lang=en", READY)
    lens = _partner_countries(page)
    assert lens[:2] == ["US", "CN"]
    notes = _text(page, "co-partner-notes")
    assert "Few joint patents" in notes and "Hydrogen and fuel-cell patents" in notes
    assert "inferred from a patent office" in notes

    # the suggested larger dataset, by its link
    link = page.driver.find_element(By.CSS_SELECTOR, "#co-partner-notes a")
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    link.click()
    until(lambda: _partner_countries(page)[:1] == ["CN"], 20)
    assert "ds=ops-hydrogen" in page.url_query()
    hydrogen = _partner_countries(page)
    assert hydrogen != lens and len(hydrogen) > len(lens)
    assert "678" in _text(page, "co-partner-notes")
    page.screenshot("cooperation-hydrogen")

    # the global country filter: only Japan's bar remains, and the URL says so
    dropdown = page.js(
        "return document.getElementById(arguments[0])",
        json.dumps({"name": "c", "type": "param"}, separators=(",", ":")),
    )
    page.js("window.scrollTo({top: 0, behavior: 'instant'})")
    dropdown.click()
    option = page.driver.find_element(By.XPATH, "//label[@role='option'][.//input[@value='JP']]")
    option.click()
    page.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    until(lambda: _partner_countries(page) == ["JP"], 20)
    assert "c=JP" in page.url_query()
    # the paper's matrix now prints Japan's shares from the filtered data
    paper = figure_data(page, "co-paper-partners")[0]
    assert any("patents" in cell for cell in paper["text"][3])
    assert page.console_errors() == []


def test_in_chinese_the_page_has_no_english_words_and_fits_small_screens(page):
    page.open("/cooperation?lang=zh", READY)
    cell = page.driver.find_element(By.XPATH, "//td[@data-dash-column='mode'][.//*[text()='合资']]")
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", cell)
    click_at(page, plot_position(page, "co-mode-matrix", "joint_venture", "DE"))
    until(lambda: "德国 × 合资" in _text(page, "co-passages"), 10)
    panel = _text(page, "co-passages")
    assert "Germany prefers Joint venture" in panel and "译文" in panel
    _leave_charts(page)  # a hover label quotes the English source
    texts = visible_texts(page, "main", "zh")
    assert english_words(texts) == set()
    assert chinese_characters(texts) > 800
    page.js("window.scrollTo({top: 0, behavior: 'instant'})")
    page.screenshot("cooperation-zh")
    for width in (800, 390):
        assert cut_off(page, width) == [], width
    page.screenshot("cooperation-zh-390", width=390)
    assert page.console_errors() == []


def test_in_english_the_page_has_no_chinese_and_fits_small_screens(page):
    page.open("/cooperation?lang=en", READY)
    assert chinese_characters(visible_texts(page, "main", "en")) == 0
    for width in (800, 390):
        assert cut_off(page, width) == [], width
    page.screenshot("cooperation-en-390", width=390)
    page.screenshot("cooperation-en-800", width=800)
    assert page.console_errors() == []
