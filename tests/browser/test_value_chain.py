"""The Value chain page in headless Chromium: the offline province map, passages behind
the matrix and the map, the firm chosen in the URL (and by a click in the matrix); both
languages, small screens."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from .language import chinese_characters, english_words, visible_texts
from .plot_clicks import click_at, figure_data, map_position, plot_position
from .widths import cut_off

pytestmark = pytest.mark.browser

PAPER = "Manufacturing Competency"  # the paper a passage names (never its file)
# Latin words a Chinese page may show: firm names the paper prints that have no Chinese name
# we know (data, in their own words), the paper's own words a note quotes ("原文为 about"),
# and the logarithm in the learning-curve formula
LATIN_ON_THIS_PAGE = {
    *("power", "energy", "desay", "blue", "micro", "new", "yineng", "electronics"),
    *("more", "than", "about", "which"),
    "log",
}
# columns of English passages (the source) in the tables
PASSAGE_COLUMNS = ("strategy_quote", "quote")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
READY = "#vc-province-map .js-plotly-plot .choroplethlayer"


def _text(page, element_id: str) -> str:
    return page.js("return document.getElementById(arguments[0]).innerText", element_id)


def _leave_charts(page) -> None:
    """Move the mouse off the charts (onto the page title), so no hover label is shown."""
    title = page.driver.find_element(By.CSS_SELECTOR, "h1.page-title")
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", title)
    ActionChains(page.driver).move_to_element(title).perform()
    time.sleep(0.3)


def test_page_loads_offline_and_marks_open_their_passages(page):
    page.open("/value-chain?lang=en", READY)
    assert page.console_errors() == []

    # the map: province outlines from our GeoJSON, no base map, nothing from the internet
    traces = figure_data(page, "vc-province-map")
    assert {t["type"] for t in traces} == {"choropleth"}
    assert sum(len(t["geojson"]["features"]) for t in traces) == 34  # each outline once
    assert sum(len(t["locations"]) for t in traces) == 34  # every feature drawn
    producers = next(t for t in traces if t["name"] == "EV battery producers")
    assert len(producers["locations"]) == 24  # Table 1 rows with a printed count
    drawn = page.js(
        "return document.querySelectorAll('#vc-province-map .choroplethlocation').length"
    )
    assert drawn == 34
    layout_geo = page.js(
        "return document.querySelector('#vc-province-map .js-plotly-plot').layout.geo"
    )
    assert layout_geo["visible"] is False and layout_geo["fitbounds"] == "locations"
    external = page.js(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin))"
    )
    assert external == []

    # a supported cell opens its passage, with the paper it comes from, and the firm's card
    click_at(page, plot_position(page, "vc-matrix", "cells_modules", "byd"))
    until(lambda: "BYD × Cells and modules" in _text(page, "vc-cell-panel"), 10)
    panel = _text(page, "vc-cell-panel")
    assert "lithium-ion cells (LFP, NCA, and NMC)" in panel and PAPER in panel
    assert ".txt" not in panel

    # an empty cell says that our copy has no evidence, not that the firm is absent
    click_at(page, plot_position(page, "vc-matrix", "separator", "kedali"))
    until(lambda: "Kedali Precision × Separator" in _text(page, "vc-cell-panel"), 10)
    assert "No evidence in our copy" in _text(page, "vc-cell-panel")
    # the firm clicked opens its card, and the link keeps it with the cell
    until(lambda: _text(page, "vc-firm-card").startswith("Kedali Precision"), 10)
    assert "vc_firm=kedali" in page.url_query()
    assert "vc_cell=kedali%3Aseparator" in page.url_query()

    # a province opens its row of Table 1
    click_at(page, map_position(page, "vc-province-map", 119.4, 33.0))  # Jiangsu
    until(lambda: "Jiangsu: 41 producers" in _text(page, "vc-province-panel"), 10)
    assert "CATL" in _text(page, "vc-province-panel")

    # a market figure opens the passage that prints it
    click_at(page, plot_position(page, "vc-learning-curve", 3900, 180))  # the 2030 line
    until(lambda: "3,900 GWh" in _text(page, "vc-fact-panel"), 10)
    assert "reaching 3 900 Gwh in 2030" in _text(page, "vc-fact-panel")

    page.js("window.scrollTo({top: 0, behavior: 'instant'})")
    page.screenshot("value-chain")
    assert page.console_errors() == []


def test_a_link_opens_the_cell_and_the_firm_it_names(page):
    page.open("/value-chain?vc_firm=eve&vc_cell=eve%3Acells_modules&lang=en", "#vc-firm-card h3")
    until(lambda: "EVE Lithium Energy × Cells and modules" in _text(page, "vc-cell-panel"), 10)
    assert _text(page, "vc-firm-card").startswith("EVE Lithium Energy")
    assert page.console_errors() == []


def test_the_firm_card_follows_the_url_and_the_dropdown(page):
    page.open("/value-chain?vc_firm=kedali&lang=en", "#vc-firm-card h3")
    card = _text(page, "vc-firm-card")
    assert card.startswith("Kedali Precision")
    assert "metal structural parts for electric box" in card

    dropdown = page.js(
        "return document.getElementById(arguments[0])",
        json.dumps({"name": "vc_firm", "type": "param"}, separators=(",", ":")),
    )
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", dropdown)
    dropdown.click()
    page.driver.find_element(
        By.XPATH, "//*[@role='option'][.//*[text()='Yinghe Technology']]"
    ).click()
    until(lambda: _text(page, "vc-firm-card").startswith("Yinghe Technology"), 10)
    assert "vc_firm=yinghe" in page.url_query()
    assert "intelligent production line" in _text(page, "vc-firm-card")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.driver.set_window_size(1366, page.js("return document.documentElement.scrollHeight"))
    page.driver.find_element(By.ID, "vc-firms-section").screenshot(
        str(SCREENSHOTS / "value-chain-firm.png")
    )
    page.driver.set_window_size(1366, 900)
    assert page.console_errors() == []


def test_in_chinese_the_page_has_no_english_words_and_fits_small_screens(page):
    page.open("/value-chain?lang=zh", READY)
    click_at(page, plot_position(page, "vc-matrix", "cells_modules", "byd"))
    until(lambda: "比亚迪 × 电芯与模组" in _text(page, "vc-cell-panel"), 10)
    panel = _text(page, "vc-cell-panel")
    assert "lithium-ion cells" in panel and "译文" in panel  # the source, and its rendering
    click_at(page, map_position(page, "vc-province-map", 119.4, 33.0))  # Jiangsu
    until(lambda: "江苏省：41 家生产商" in _text(page, "vc-province-panel"), 10)
    _leave_charts(page)  # a hover label quotes the English source
    texts = visible_texts(page, "main", "zh", data_columns=PASSAGE_COLUMNS)
    assert english_words(texts, LATIN_ON_THIS_PAGE) == set()
    assert chinese_characters(texts) > 1500
    page.js("window.scrollTo({top: 0, behavior: 'instant'})")
    page.screenshot("value-chain-zh")
    for width in (800, 390):
        assert cut_off(page, width) == [], width
    page.screenshot("value-chain-zh-390", width=390)
    assert page.console_errors() == []


def test_in_english_the_page_has_no_chinese_and_fits_small_screens(page):
    page.open("/value-chain?lang=en", READY)
    assert chinese_characters(visible_texts(page, "main", "en")) == 0
    for width in (800, 390):
        assert cut_off(page, width) == [], width
    page.screenshot("value-chain-en-800", width=800)
    page.screenshot("value-chain-en-390", width=390)
    assert page.console_errors() == []
