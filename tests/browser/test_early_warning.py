"""The Early-warning page in headless Chromium on the Lens sample, in English and Chinese:
real entrants and concentration, a row opening its patents, thresholds in the URL, and a
too-short window that says what would fill it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from conftest import require_shared
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from .language import chinese_characters, english_words, visible_texts
from .page_checks import SMALL_WIDTHS, overflow_at_widths

pytestmark = pytest.mark.browser


def _table_id(name: str) -> str:
    return json.dumps({"name": name, "type": "table"}, separators=(",", ":"))


ENTRANTS = _table_id("ew-new-entrants")
CONCENTRATION = _table_id("ew-concentration")
READY = "#ew-windows-note"
# table columns that hold data (names, codes, titles), not interface words
DATA_COLUMNS = ("name", "pair", "top", "title", "code", "office")
# Latin words a Chinese page may show: the Lens sample's attribution in chart subtitles
# ("export by github.com/HRD4317k/battery-patent-analysis"), the chosen firm in its dropdown,
# the methods' authors and the logarithm in the explanation
DATA_WORDS = {"export", "hrd", "battery", "patent", "analysis", "catl", "dunning",
              "bonferroni", "ln"}  # fmt: skip
# the shared table component's "Download CSV" button (app/ui/tables.py), not yet translated
NOT_OURS = {"download"}


@pytest.fixture(autouse=True)
def _lens_sample():
    require_shared("patents_lens_hrd4317k", "raw_patents.csv")


def _rows(page, table: str) -> list[dict]:
    """A table's visible rows as {column id: cell text}."""
    return page.js(
        "const t = document.getElementById(arguments[0]);"
        "return t ? [...t.querySelectorAll('tr')].map(r => Object.fromEntries("
        "[...r.querySelectorAll('td[data-dash-column]')].map("
        "c => [c.dataset.dashColumn, c.innerText.trim()]))).filter(r => Object.keys(r).length)"
        " : [];",
        table,
    )


def _text(page, element_id: str) -> str:
    return page.js("const e = document.getElementById(arguments[0]); return e ? e.innerText : ''",
                   element_id)  # fmt: skip


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(page.url_query().lstrip("?")).items()}


def _traces(page, graph_id: str) -> list[dict]:
    return page.js(
        "const g = document.querySelector(`#${arguments[0]} .js-plotly-plot`);"
        "return g && g._fullData ? g._fullData.map(t => ({name: t.name, "
        "x: Array.from(t.x || [])})) : [];",
        graph_id,
    )


def _click_first_cell(page, table: str, column: str) -> None:
    page.js(
        "document.getElementById(arguments[0])"
        ".querySelector(`td[data-dash-column='${arguments[1]}']`).click()",
        table,
        column,
    )


def test_lens_sample_in_english(page):
    page.open("/early-warning?lang=en&ds=lens-battery", READY)
    until(lambda: len(_rows(page, ENTRANTS)) == 10, timeout=30)
    note = _text(page, "ew-windows-note")
    assert "Baseline window 2017–2021, recent window 2022–2024" in note
    assert "no publication lag" in note  # the Lens sample is dated by publication year
    first = _rows(page, ENTRANTS)[0]
    assert (first["name"], first["country"], first["first_year"], first["patents"]) == (
        "JinkoSolar",
        "CN China",
        "2022",
        "10",
    )
    years = [r["year"] for r in _rows(page, CONCENTRATION)]
    assert years[:3] == ["2014", "2015", "2016"]
    traces = _traces(page, "ew-concentration-chart")
    assert [t["name"] for t in traces] == ["CR4", "CR8", "HHI"]
    assert traces[0]["x"] == list(range(2014, 2025))
    assert "CR4, recent minus baseline" in _text(page, "ew-change")
    assert "no IPC or CPC codes" in _text(page, "ew-codes-note")  # the Lens sample has none

    _click_first_cell(page, ENTRANTS, "name")
    until(lambda: "10 patents behind this row" in _text(page, "ew-patents"), timeout=15)
    listed = page.js("return document.querySelectorAll('#ew-patents li').length")
    assert listed == 10
    assert "JinkoSolar" in _text(page, "ew-patents")
    page.screenshot("early-warning")

    page.js("document.getElementById('ew-patents-csv-button').click()")
    folder = Path(page.duo.download_path)
    until(lambda: any(p.stat().st_size for p in folder.glob("*.csv")), timeout=20)
    csv = next(folder.glob("*.csv"))
    assert csv.name == "early-warning_patents-new_entrants-1.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Number,Year,Office,Title,Applicants" and len(lines) == 11
    assert page.console_errors() == []


def test_thresholds_live_in_the_url_and_a_short_corpus_says_what_would_help(page):
    page.open("/early-warning?lang=en&ew_min=5&ds=lens-battery", READY)
    until(lambda: len(_rows(page, ENTRANTS)) == 4, timeout=30)  # 10, 7, 6 and 5 patents
    assert [r["patents"] for r in _rows(page, ENTRANTS)] == ["10", "7", "6", "5"]

    box = page.js(
        "return document.getElementById(arguments[0])",
        json.dumps({"name": "ew_base", "type": "param"}, separators=(",", ":")),
    )
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("20", Keys.ENTER)
    until(lambda: _query(page).get("ew_base") == "20", timeout=15)
    until(lambda: "Not enough years" in _text(page, "ew-windows-note"), timeout=30)
    note = _text(page, "ew-windows-note")
    assert "need 23 complete years (2002–2024)" in note and "covers 11 (2014–2024)" in note
    assert _rows(page, ENTRANTS) == []
    assert len(_rows(page, CONCENTRATION)) == 11  # concentration needs no window: 2014-2024

    page.driver.find_element("css selector", "a.ew-fix").click()  # "Shorten the baseline to 8"
    until(lambda: _query(page).get("ew_base") == "8", timeout=15)
    until(lambda: "Baseline window 2014–2021" in _text(page, "ew-windows-note"), timeout=30)
    assert _query(page).get("ew_min") == "5"  # the other thresholds stay
    assert page.console_errors() == []


def test_lens_sample_in_chinese_with_a_firm(page):
    page.open("/early-warning?lang=zh&ew_firm=CATL&ds=lens-battery", READY)
    until(lambda: len(_rows(page, ENTRANTS)) == 10, timeout=30)
    assert page.js("return document.querySelector('h1.page-title').innerText") == "专利预警"
    assert "基准窗口 2017–2021，近期窗口 2022–2024" in _text(page, "ew-windows-note")
    first = _rows(page, ENTRANTS)[0]
    assert (first["name"], first["country"], first["kind"]) == ("JinkoSolar", "CN 中国", "企业")
    until(lambda: "CATL：近期窗口内有" in _text(page, "ew-firm-note"), timeout=30)
    headings = page.js("return [...document.querySelectorAll('h2')].map(h => h.innerText)")
    assert headings[:3] == ["新进入者", "上升与突现技术", "集中度"]
    _click_first_cell(page, ENTRANTS, "name")
    until(lambda: "此行背后的 10 件专利" in _text(page, "ew-patents"), timeout=15)
    texts = visible_texts(page, "main.page", "zh", DATA_COLUMNS)
    assert english_words(texts, DATA_WORDS | NOT_OURS) == set()
    assert chinese_characters(texts) > 500
    assert page.console_errors() == []
    page.screenshot("early-warning-zh")
    assert overflow_at_widths(page, "early-warning-zh") == dict.fromkeys(SMALL_WIDTHS, 0)
