"""The Technology (IPC) network page in headless Chromium: the default EPO corpus draws its
CPC codes, the theme switch, the no-codes message on the Lens sample, the network and matrix
on the EPO OPS sample, level changes, code cards."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from dash.testing.wait import until

from .cytoscape import click_node, cy_edges, cy_nodes, explorer_id
from .language import english_words, visible_texts
from .page_checks import check_language_and_widths
from .plot_clicks import click_at, figure_data, plot_position

pytestmark = pytest.mark.browser

CYTO = explorer_id("technology", "cyto")
MESSAGE = explorer_id("technology", "message")
BODY = explorer_id("technology", "body")
CARD = explorer_id("technology", "card")


def _text(page, element_id: str) -> str:
    return page.js(
        "const e = document.getElementById(arguments[0]); return e ? e.innerText : ''", element_id
    )


def _theme_choice_disabled(page) -> bool:
    return page.js(
        "const i = document.querySelector(`input[name='${arguments[0]}'][value='theme']`);"
        "return i ? i.disabled : null",
        '{"name":"tn_in","type":"param"}',
    )


def test_the_default_epo_corpus_draws_its_cpc_codes_and_the_theme_switch(page):
    """A CPC-only corpus whose codes are all in H01M: CPC main groups, said so."""
    page.open("/technology", f"[id='{CYTO}']")
    until(lambda: len(cy_nodes(page, CYTO)) >= 5, 30)
    codes = {n["id"] for n in cy_nodes(page, CYTO)}
    assert {"H01M 10/00", "H01M 4/00", "H01M 8/00"} <= codes  # fuel cells are in H01M too
    note = _text(page, explorer_id("technology", "note"))
    assert "This dataset has no IPC codes: its CPC codes are drawn." in note
    assert "its main groups are drawn instead" in note
    assert _theme_choice_disabled(page)  # no theme chosen: nothing to keep to
    assert page.console_errors() == []

    # the battery theme keeps the patents with a battery code; the switch drops the others
    page.js(
        "window.history.pushState({}, '', arguments[0]);"
        "window.dispatchEvent(new PopStateEvent('popstate'));",
        "/technology?t=battery&tn_in=theme",
    )
    until(lambda: not _theme_choice_disabled(page), 20)

    def theme_codes_drawn() -> bool:
        codes = {n["id"] for n in cy_nodes(page, CYTO)}
        return "H01M 10/00" in codes and "H01M 8/00" not in codes

    until(theme_codes_drawn, 30)
    until(
        lambda: "Only the codes inside the theme" in _text(page, explorer_id("technology", "note")),
        10,
    )
    time.sleep(1)
    page.screenshot("technology-epo-theme-codes")
    assert page.console_errors() == []


def test_no_codes_then_the_ops_sample_network(page):
    page.open("/technology?ds=lens-battery", f"[id='{MESSAGE}'] .message")
    assert "has no IPC codes" in _text(page, MESSAGE)
    assert page.js("return document.getElementById(arguments[0]).style.display", BODY) == "none"
    assert page.console_errors() == []
    page.screenshot("technology-no-codes")

    # the link in the message opens the real OPS sample, battery codes only
    page.js("document.getElementById('tn-try-ops').click()")
    until(lambda: len(cy_nodes(page, CYTO)) == 50, 30)
    assert "ds=ops-hydrogen" in page.url_query() and "t=battery" in page.url_query()
    assert _text(page, MESSAGE) == ""
    codes = {n["id"] for n in cy_nodes(page, CYTO)}
    assert "H01M" in codes
    heatmap = figure_data(page, "tn-heatmap")
    assert len(heatmap[0]["x"]) == 50
    time.sleep(1)
    page.screenshot("technology")

    # main groups instead of subclasses, restored from the URL
    page.js(
        "window.history.pushState({}, '', arguments[0]);"
        "window.dispatchEvent(new PopStateEvent('popstate'));",
        "/technology?ds=ops-hydrogen&t=battery&tn_lvl=main_group&tn_k=20",
    )
    until(lambda: len(cy_nodes(page, CYTO)) == 20, 30)
    assert all("/" in n["id"] for n in cy_nodes(page, CYTO))

    click_node(page, CYTO, "H01M 10/00")
    until(lambda: "Secondary cells" in _text(page, CARD), 10)
    assert "Occurs most with" in _text(page, CARD)
    page.screenshot("technology-main-groups")
    assert page.console_errors() == []


OPS = "/technology?ds=ops-hydrogen&t=battery"
CODE_COLUMNS = ("label", "title", "first", "second")  # codes and their WIPO titles
LAYOUT_NAMES = frozenset({"kamada", "kawai"})  # a layout named after its authors


def test_technology_in_chinese_has_no_english_words_and_fits_small_screens(page):
    page.open(OPS + "&lang=zh", f"[id='{CYTO}']")
    until(lambda: len(cy_nodes(page, CYTO)) == 50, 30)
    until(lambda: figure_data(page, "tn-heatmap"), 20)
    click_node(page, CYTO, "H01M")
    until(lambda: "H01M" in _text(page, CARD) and "电学" in _text(page, CARD), 10)
    check_language_and_widths(page, "technology-zh", "zh", CODE_COLUMNS, LAYOUT_NAMES)
    assert page.console_errors() == []


def test_technology_in_english_has_no_chinese_and_fits_small_screens(page):
    page.open(OPS + "&lang=en", f"[id='{CYTO}']")
    until(lambda: len(cy_nodes(page, CYTO)) == 50, 30)
    click_node(page, CYTO, "H01M")
    until(lambda: "Occurs most with" in _text(page, CARD), 10)
    check_language_and_widths(page, "technology-en", "en")

    # the no-codes message in Chinese too
    page.open("/technology?ds=lens-battery&lang=zh", f"[id='{MESSAGE}'] .message")
    texts = visible_texts(page, "main", "zh")
    assert english_words(texts) == set(), texts
    page.screenshot("technology-no-codes-zh")


def test_a_click_on_the_matrix_opens_the_code_or_the_pair(page):
    page.open(OPS + "&tn_k=20&lang=en", f"[id='{CYTO}']")
    until(lambda: len((figure_data(page, "tn-heatmap") or [{}])[0].get("x", [])) == 20, 30)
    codes = figure_data(page, "tn-heatmap")[0]["x"]
    code = codes[3]
    click_at(page, plot_position(page, "tn-heatmap", code, code))  # the grey diagonal
    until(lambda: f"tn_sel={quote(code)}" in page.url_query(), 10)
    until(lambda: "Occurs most with" in _text(page, CARD), 20)
    assert _text(page, CARD).lstrip("×\n ").startswith(code)

    # a pair: the patents behind it, as a click on the line would show
    edge = max(cy_edges(page, CYTO), key=lambda e: e["weight"])
    click_at(page, plot_position(page, "tn-heatmap", edge["target"], edge["source"]))
    until(lambda: "tn_tie=" in page.url_query(), 10)
    assert "tn_sel=" not in page.url_query()
    until(lambda: f"{edge['source']} × {edge['target']}" in _text(page, CARD), 20)
    page.screenshot("technology-matrix-pair")
    assert page.console_errors() == []


def test_the_picture_fits_its_box_again_when_the_window_narrows(page):
    page.open(OPS + "&lang=en", f"[id='{CYTO}']")
    until(lambda: len(cy_nodes(page, CYTO)) == 50, 30)
    page.driver.set_window_size(390, 900)  # drawn at 1366 px, then a phone's width

    def every_node_inside() -> bool:
        return page.js(
            "const el = document.getElementById(arguments[0]); const cy = el._cyreg.cy;"
            "const width = el.clientWidth;"
            "return cy.nodes().every(n => n.renderedPosition().x >= 0"
            "  && n.renderedPosition().x <= width);",
            CYTO,
        )

    try:
        until(every_node_inside, 10)
    finally:
        page.driver.set_window_size(1366, 900)
