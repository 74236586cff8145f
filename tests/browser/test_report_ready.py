"""Report-ready outputs and an interface that does not fight its user (issue 15), in
headless Chromium: pictures that stand alone, no control that sends data away, a link that
restores the view with its selection and table order, inputs that behave, small screens.

The downloaded pictures are copied to tests/screenshots/ (download-*.png) to be looked at.
"""

from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from .cytoscape import click_node, cy_nodes, explorer_id, net_button

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

CYTO = explorer_id("applicants", "cyto")
CARD = explorer_id("applicants", "card")
NODES = explorer_id("applicants", "table", table="nodes")
READY = f"[id='{explorer_id('applicants', 'note')}']"


def _wait_for_file(folder: Path, pattern: str, timeout: float = 30) -> Path:
    found: list[Path] = []

    def arrived() -> bool:
        found[:] = [
            p for p in folder.glob(pattern) if p.stat().st_size > 0 and p.suffix != ".crdownload"
        ]
        return bool(found)

    until(arrived, timeout)
    return found[0]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _svg_texts(path: Path) -> str:
    """Every text of an SVG file, joined (what a reader of the picture sees written)."""
    root = ET.parse(path).getroot()
    return " ".join(" ".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def _card(page) -> str:
    return page.js("return document.getElementById(arguments[0]).innerText", CARD)


def _keep(path: Path, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SCREENSHOTS / name)


def test_a_chart_picture_carries_title_dataset_filters_legend_and_source(page):
    page.open("/?ds=ops-hydrogen&c=CN,DE,JP&y=2005-2020&lang=en", ".js-plotly-plot")
    until(lambda: page.js("return document.querySelectorAll('.js-plotly-plot .bars').length"), 30)
    folder = Path(page.duo.download_path)
    buttons = "[id*='chart-download'][id*='\"fmt\":\"{fmt}\"']"
    page.js("document.querySelector(arguments[0]).click()", buttons.format(fmt="svg"))
    svg = _wait_for_file(folder, "*.svg")
    # named after page, subject, dataset and the filters that are set
    assert svg.name == "overview_filings-per-year_ops-hydrogen_CN+DE+JP_2005-2020.svg"
    text = _svg_texts(svg)
    assert "Patents per year" in text  # the chart's title
    assert "Dataset: Hydrogen and fuel-cell patents (EPO OPS sample)" in text
    assert "Applicant countries: CN China, DE Germany, JP Japan" in text
    assert "Years: 2005–2020" in text
    assert "CN China" in text and "JP Japan" in text  # the legend
    assert re.search(r"Source: EPO / Espacenet OPS.*Drawn with EV Battery Patents on \d{4}", text)
    page.js("document.querySelector(arguments[0]).click()", buttons.format(fmt="png"))
    png = _wait_for_file(folder, "*.png")
    width, height = _png_size(png)
    shown = page.js("return document.querySelector('.js-plotly-plot')._fullLayout.height")
    assert width >= 1800  # 900 CSS pixels or more, drawn at twice the scale
    assert height > 2 * shown + 150  # the chart, with the header and the source line added
    _keep(png, "download-chart.png")
    assert page.console_errors() == []


def test_a_network_picture_stands_alone_and_reads_at_a4_width(page):
    page.open("/applicants?ds=lens-battery&c=CN,JP&an_n=30&lang=en", READY)
    until(lambda: len(cy_nodes(page, CYTO)) > 30, 40)
    folder = Path(page.duo.download_path)
    stem = "applicants_network-top-30-and-partners_lens-battery_CN+JP"
    net_button(page, "applicants", "image", "svg")
    svg = _wait_for_file(folder, f"{stem}.svg")
    text = _svg_texts(svg)
    assert "Applicant network" in text  # the title
    assert "Dataset: Battery patents, Lens.org sample" in text
    assert "Applicant countries: CN China, JP Japan" in text
    assert "CN China" in text.replace("Applicant countries: CN China", "")  # the legend
    assert "Size: patents" in text and "Source: Lens.org" in text
    assert "CATL" in text  # the network's own labels are in the picture
    net_button(page, "applicants", "image", "png")
    png = _wait_for_file(folder, f"{stem}.png")
    width, height = _png_size(png)
    assert width == 2480 and height > 1400  # A4 width at 300 dpi
    _keep(png, "download-network.png")
    assert page.console_errors() == []


def test_no_modebar_button_leaves_the_server(page):
    page.open("/?lang=en", ".js-plotly-plot")
    until(lambda: page.js("return document.querySelectorAll('.modebar-btn').length") > 0, 30)
    titles = set(
        page.js(
            "return [...document.querySelectorAll('.modebar-btn')]"
            ".map(b => b.getAttribute('data-title'))"
        )
    )
    assert titles <= {"Zoom", "Pan", "Zoom in", "Zoom out", "Autoscale", "Reset axes"}, titles
    # no link out of the page and no cloud setting in any chart
    assert page.js("return document.querySelectorAll('.modebar a[href]').length") == 0
    settings = page.js(
        "return [...document.querySelectorAll('.js-plotly-plot')].map(g => [g._context.showLink,"
        " g._context.showSendToCloud, g._context.showEditInChartStudio, g._context.displaylogo])"
    )
    assert settings and not any(any(row) for row in settings)


def test_the_view_link_restores_the_selected_node_and_the_table_sort(page):
    page.open("/applicants?ds=lens-battery&lang=en", READY)
    until(lambda: any(n["id"] == "Toyota Motor" for n in cy_nodes(page, CYTO)), 40)
    click_node(page, CYTO, "Toyota Motor")
    until(lambda: "an_sel=Toyota+Motor" in page.url_query(), 10)
    until(lambda: "Toyota Motor" in _card(page), 10)
    # sort the node table by degree (a click on its header)
    page.js(
        "document.querySelector(`[id='${arguments[0]}'] th[data-dash-column='degree']"
        " .column-header--sort`).click()",
        NODES,
    )
    until(lambda: "sort=applicants-nodes%3Adegree" in page.url_query(), 10)
    page.driver.find_element(By.ID, "copy-link").click()
    until(
        lambda: (
            "Link copied" in page.js("return document.getElementById('copy-link-status').innerText")
        ),
        5,
    )
    link = page.js("return location.href")
    assert parse_qs(urlsplit(link).query)["an_sel"] == ["Toyota Motor"]

    page.driver.get("about:blank")
    page.driver.get(link)  # the link, opened afresh
    page.duo.wait_for_element(READY, timeout=30)
    until(lambda: "Toyota Motor" in _card(page), 30)
    assert "Years active" in _card(page)
    cells = f"[id='{NODES}'] td[data-dash-column='degree']"
    degrees = page.js(
        "return [...document.querySelectorAll(arguments[0])].map(td => Number(td.innerText))",
        cells,
    )
    assert degrees and degrees == sorted(degrees)  # the table's order came back with the link
    # the card's close button clears the selection from the URL
    page.js("document.getElementById(arguments[0]).click()", explorer_id("applicants", "close"))
    until(lambda: "an_sel" not in page.url_query(), 10)
    page.screenshot("applicants-selected-from-link")
    assert page.console_errors() == []


def test_a_row_of_the_ranked_ties_opens_the_ties_card(page):
    page.open("/applicants?ds=lens-battery&lang=en", READY)
    ties = explorer_id("applicants", "table", table="ties")
    until(lambda: page.js(f"return document.querySelectorAll(`[id='{ties}'] td`).length"), 40)
    first = page.js(f"return document.querySelector(`[id='{ties}'] td[data-dash-column='first']`)")
    page.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", first)
    until(lambda: "an_tie=" in page.url_query(), 10)
    until(lambda: "joint patent" in _card(page), 20)
    assert "Tsinghua University" in _card(page)  # the strongest tie of the sample


def test_a_tie_from_a_link_lists_its_patents_with_links_to_their_records(page):
    tie = "Tsinghua University|Hon Hai Precision (Foxconn)"
    page.open(f"/applicants?ds=lens-battery&an_tie={tie}&lang=en", READY)
    until(lambda: "joint patent" in _card(page), 40)
    links = page.js(
        f"return [...document.getElementById('{CARD}').querySelectorAll('.patent-list a')]"
        ".map(a => [a.href, a.target])"
    )
    assert links and all(href.startswith("https://www.lens.org/lens/patent/") for href, _ in links)
    assert all(target == "_blank" for _, target in links)


def test_inputs_take_what_is_typed_and_enter_applies(page):
    page.open("/technology?ds=lens-battery&lang=en", ".net-topn")
    box = page.driver.find_element(By.CSS_SELECTOR, ".net-topn input")
    assert "2 to 200" in page.js("return document.querySelector('.net-topn').innerText")

    def typed(text: str, key: str) -> str:
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(text, key)
        return text

    typed("999", Keys.TAB)  # beyond the limit: the limit, shown after leaving the box
    until(lambda: "tn_k=200" in page.url_query(), 10)
    until(lambda: box.get_attribute("value") == "200", 10)
    typed("7.6", Keys.ENTER)  # a fraction: the nearest whole number
    until(lambda: "tn_k=8" in page.url_query(), 10)
    until(lambda: box.get_attribute("value") == "8", 10)
    typed("abc", Keys.ENTER)  # no number: the box keeps its value
    until(lambda: box.get_attribute("value") == "8", 10)
    assert "tn_k=8" in page.url_query()
    page.driver.find_elements(By.CSS_SELECTOR, ".net-topn .number-step")[1].click()
    until(lambda: "tn_k=9" in page.url_query(), 10)

    year = page.driver.find_element(
        By.CSS_SELECTOR, ".filter-years input.dash-range-slider-min-input"
    )
    year.send_keys(Keys.CONTROL, "a")
    year.send_keys("2018", Keys.ENTER)  # Enter applies a typed year
    until(lambda: "y=2018-" in page.url_query(), 10)

    # a multi-select's options: checkbox and label on one line
    page.driver.find_element(By.CSS_SELECTOR, ".filter-countries button.dash-dropdown").click()
    until(lambda: page.js("return document.querySelectorAll('[role=option]').length") > 0, 5)
    box_rows = page.js(
        "const o = document.querySelector('[role=option]');"
        "const c = o.querySelector('input').getBoundingClientRect();"
        "const t = o.querySelector('.dash-options-list-option-text').getBoundingClientRect();"
        "return [c.top, c.bottom, t.top, t.bottom]"
    )
    check_middle = (box_rows[0] + box_rows[1]) / 2
    assert box_rows[2] <= check_middle <= box_rows[3]


@pytest.mark.parametrize("width", [390, 800])
def test_the_shell_fits_small_screens(page, width):
    page.open("/applicants?lang=zh", READY)
    page.set_width(width)
    for path in ("/?lang=zh", "/applicants?lang=en"):
        page.open(path, "#filter-bar")
        fits = "return [document.documentElement.scrollWidth, window.innerWidth]"
        until(lambda fits=fits: page.js(fits)[0] <= page.js(fits)[1], 10)
    shown = "return getComputedStyle(document.querySelector('.filter-dataset')).display"
    if width == 390:  # the filter bar folds into one line showing the filters set
        assert page.js(shown) == "none"
        page.driver.find_element(By.ID, "filter-toggle").click()
        until(lambda: page.js(shown) != "none", 5)
    else:
        assert page.js(shown) != "none"
    page.screenshot(f"shell-{width}", width=width)
