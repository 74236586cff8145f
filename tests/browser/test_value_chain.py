"""The Value chain page in headless Chromium: the offline province map, passages behind
the matrix and the map, the firm chosen in the URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By

from .plot_clicks import click_at, figure_data, map_position, plot_position

pytestmark = pytest.mark.browser

SEED_002 = "Manufacturing Competency"  # the seed paper, named by its title
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
READY = "#vc-province-map .js-plotly-plot .choroplethlayer"


def _text(page, element_id: str) -> str:
    return page.js("return document.getElementById(arguments[0]).innerText", element_id)


def test_page_loads_offline_and_marks_open_their_passages(page):
    page.open("/value-chain", READY)
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

    # a supported cell opens its passage, with the seed file
    click_at(page, plot_position(page, "vc-matrix", "Cells and modules", "BYD"))
    until(lambda: "BYD × Cells and modules" in _text(page, "vc-cell-panel"), 10)
    panel = _text(page, "vc-cell-panel")
    assert "lithium-ion cells (LFP, NCA, and NMC)" in panel and SEED_002 in panel

    # an empty cell says that our copy has no evidence, not that the firm is absent
    click_at(page, plot_position(page, "vc-matrix", "Separator", "BYD"))
    until(lambda: "BYD × Separator" in _text(page, "vc-cell-panel"), 10)
    assert "No evidence in our copy" in _text(page, "vc-cell-panel")

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


def test_the_firm_card_follows_the_url_and_the_dropdown(page):
    page.open("/value-chain?vc_firm=kedali", "#vc-firm-card h3")
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
