"""The Applicant network page in headless Chromium: the cytoscape picture, filters in the
URL, node and tie cards, downloads."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from .cytoscape import click_edge, click_node, cy_edges, cy_nodes, explorer_id, net_button
from .page_checks import check_language_and_widths

pytestmark = pytest.mark.browser

CYTO = explorer_id("applicants", "cyto")
NOTE = explorer_id("applicants", "note")
CARD = explorer_id("applicants", "card")
STATISTICS = explorer_id("applicants", "table", table="statistics")
READY = f"[id='{NOTE}']"


def _text(page, element_id: str) -> str:
    return page.js(
        "const e = document.getElementById(arguments[0]); return e ? e.innerText : ''", element_id
    )


def _stats(page) -> dict[str, tuple[str, str, str]]:
    """Statistics table rows: figure -> (binary, valued, seed paper)."""
    rows = page.js(
        "return [...document.getElementById(arguments[0]).querySelectorAll('tbody tr')]"
        ".map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText))",
        STATISTICS,
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows if len(r) == 4}


def _choose_country(page, name: str) -> None:
    """Pick a country in the filter bar's dropdown, as a user does."""
    page.driver.find_element(By.CSS_SELECTOR, ".filter-countries button.dash-dropdown").click()
    xpath = (
        f"//*[contains(@class,'dash-dropdown-options')]//*[@role='option'][contains(., '{name}')]"
    )
    until(lambda: page.driver.find_elements(By.XPATH, xpath), timeout=5)
    page.driver.find_element(By.XPATH, xpath).click()
    page.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)


def test_controls_and_filters_change_the_network_the_statistics_and_the_url(page):
    page.open("/applicants?ds=lens-battery&an_inc=top", READY)  # the Lens sample: CATL
    # the paper's top 10; the first network view of the run may parse the corpus first
    until(lambda: len(cy_nodes(page, CYTO)) == 10, 90)
    assert page.console_errors() == []
    assert _stats(page)["Nodes"][0] == "10"

    # top N typed into its box, then the partners: each a new URL and a new network
    box = page.driver.find_element(By.CSS_SELECTOR, ".net-topn input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("30", Keys.ENTER)
    until(lambda: len(cy_nodes(page, CYTO)) == 30, 20)
    assert "an_n=30" in page.url_query()
    page.js(
        "document.querySelector(`input[name='${arguments[0]}'][value='partners']`).click()",
        '{"name":"an_inc","type":"param"}',
    )
    until(lambda: len(cy_nodes(page, CYTO)) > 30, 20)
    assert "an_inc" not in page.url_query()  # "and their direct partners" is the default
    nodes = cy_nodes(page, CYTO)
    assert "CATL" in {n["id"] for n in nodes}
    assert all(n["position"]["x"] is not None for n in nodes)  # preset layout from the server
    whole = _stats(page)
    assert whole["Nodes"][0] == str(len(nodes))
    assert whole["Edges"][0] == str(len(cy_edges(page, CYTO)))
    assert whole["Density"][2] == "0.0322"  # what the seed paper printed, beside ours
    time.sleep(1)
    page.screenshot("applicants")

    # a country filter changes the network, its statistics and the URL
    _choose_country(page, "China")
    until(lambda: "c=CN" in page.url_query(), 20)
    until(lambda: _stats(page).get("Nodes") != whole["Nodes"], 20)
    chinese = _stats(page)
    url = page.url_query()

    # opening that URL afresh restores the same view
    page.open("/applicants" + url, READY)
    until(lambda: _stats(page) == chinese, 30)
    assert page.url_query() == url

    # a click on a node opens its card
    click_node(page, CYTO, "CATL")
    until(lambda: "Years active" in _text(page, CARD), 10)
    card = _text(page, CARD)
    assert card.startswith("CATL") and "Ego network:" in card and "Partners" in card
    page.screenshot("applicants-node-card")
    assert page.console_errors() == []


def _wait_for_file(folder: Path, suffix: str, timeout: float = 20) -> Path:
    found: list[Path] = []

    def arrived() -> bool:
        found[:] = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        return bool(found)

    until(arrived, timeout)
    return found[0]


def test_country_view_from_the_url_and_downloads(page):
    page.open("/applicants?an_by=countries&y=2018-2024&ds=lens-battery", READY)
    until(lambda: len(cy_nodes(page, CYTO)) > 3, 30)
    ids = {n["id"] for n in cy_nodes(page, CYTO)}
    assert {"CN", "US", "JP"} <= ids  # countries as nodes, restored from the link
    checked = page.js(
        'return document.querySelector(\'[id=\\\'{"name":"an_by","type":"param"}\\\'] '
        "input:checked').value"
    )
    assert checked == "countries"
    assert page.js(
        "return document.getElementById(arguments[0]).disabled", '{"name":"an_n","type":"param"}'
    )

    # a tie opens the patents behind it
    edge = max(cy_edges(page, CYTO), key=lambda e: e["weight"])
    click_edge(page, CYTO, edge["source"], edge["target"])
    until(lambda: "joint patent" in _text(page, CARD), 10)
    assert _text(page, CARD).count("\n") >= 2
    page.screenshot("applicants-countries")

    folder = Path(page.duo.download_path)
    net_button(page, "applicants", "file", "graphml")
    graphml = _wait_for_file(folder, ".graphml")
    assert graphml.name == "applicants_network-countries_lens-battery_2018-2024.graphml"
    graph = nx.read_graphml(graphml)
    assert set(graph) == ids
    assert ET.parse(graphml).getroot().tag.endswith("graphml")

    net_button(page, "applicants", "file", "edges")
    edges = _wait_for_file(folder, ".edges.csv")
    assert edges.read_text().splitlines()[0] == "source,target,weight"

    net_button(page, "applicants", "image", "png")
    png = _wait_for_file(folder, ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    net_button(page, "applicants", "image", "svg")
    svg = _wait_for_file(folder, ".svg")
    assert "<svg" in svg.read_text()[:500]
    assert page.console_errors() == []


# DataTable columns holding names (applicants, countries as nodes, the ends of a tie)
NAME_COLUMNS = ("label", "first", "second")


def test_applicant_network_in_chinese_has_no_english_words_and_fits_small_screens(page):
    page.open("/applicants?ds=lens-battery&lang=zh", READY)
    until(lambda: len(cy_nodes(page, CYTO)) >= 10, 30)
    labels = {n["id"]: n["data"]["label"] for n in cy_nodes(page, CYTO)}
    assert labels["CATL"] == "宁德时代"  # firms by their Chinese name where it is known
    click_node(page, CYTO, "CATL")
    until(lambda: "宁德时代" in _text(page, CARD), 10)
    check_language_and_widths(page, "applicants-zh", "zh", data_columns=NAME_COLUMNS)
    assert page.console_errors() == []


def test_applicant_network_in_english_has_no_chinese_and_fits_small_screens(page):
    page.open("/applicants?ds=lens-battery&lang=en", READY)
    until(lambda: len(cy_nodes(page, CYTO)) >= 10, 30)
    click_node(page, CYTO, "CATL")
    until(lambda: "Years active" in _text(page, CARD), 10)
    check_language_and_widths(page, "applicants-en", "en")


def test_a_firm_from_the_overview_opens_with_its_card(page):
    page.open("/?ds=ops-hydrogen&c=CN&lang=zh", "#overview-years .js-plotly-plot .bars")
    cell = "td[data-dash-column='applicant']"
    until(lambda: page.driver.find_elements(By.CSS_SELECTOR, cell), 20)
    first = page.driver.find_element(By.CSS_SELECTOR, cell)
    name = first.text
    page.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", first)
    first.click()
    until(lambda: page.js("return location.pathname") == "/applicants", 20)
    until(lambda: name in _text(page, CARD), 30)  # the card of the firm clicked, in Chinese
    query = page.url_query()
    assert "an_sel=" in query and "c=CN" in query and "ds=ops-hydrogen" in query
    assert "lang=zh" in query
    page.screenshot("applicants-from-overview")
