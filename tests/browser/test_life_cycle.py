"""The Life-cycle page in headless Chromium: sources, domains, the one country selector, the
URL, the verdicts and the comparison table, both languages, small screens."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

import pytest
from conftest import require_shared
from dash.testing.wait import until

from .language import chinese_characters, english_words, visible_texts
from .widths import cut_off

pytestmark = pytest.mark.browser

SEED_FIVE = ["CHN", "USA", "DEU", "JPN", "KOR"]
SEED_NAMES = ["China", "United States", "Germany", "Japan", "South Korea"]
STAGE_WORDS = ("emerging", "growth", "maturity", "saturation")
READY = "#lc-panels .lc-panel .js-plotly-plot"
TABLE = json.dumps({"name": "lc-comparison", "type": "table"}, separators=(",", ":"))
# Latin words a Chinese page may show: a measure written so in Chinese texts too (AIC) and
# the names of the method's authors
LATIN_ON_THIS_PAGE = {"aic", "ernst", "haupt", "kloyer", "lange"}


@pytest.fixture(autouse=True)
def _shared_data():
    require_shared("oecd_envtech_patents")
    require_shared("iea_energy_patents")


def _groups(page) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('#lc-panels .lc-panel[data-group]')]"
        ".map(e => e.dataset.group)"
    )


def _titles(page) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('#lc-panels .js-plotly-plot')]"
        ".map(g => (g.layout && g.layout.title && g.layout.title.text) || '')"
    )


def _traces(page, index: int) -> list[dict]:
    """Name and x values of each trace in panel ``index``'s chart."""
    return page.js(
        "const g = document.querySelectorAll('#lc-panels .js-plotly-plot')[arguments[0]];"
        "return g._fullData.map(t => ({name: t.name, x: Array.from(t.x || [])}));",
        index,
    )


def _table(page) -> list[dict]:
    """The comparison table's rows as {column id: cell text}."""
    return page.js(
        "const t = document.getElementById(arguments[0]);"
        "return [...t.querySelectorAll('tr')].map(r => Object.fromEntries("
        "[...r.querySelectorAll('td[data-dash-column]')].map("
        "c => [c.dataset.dashColumn, c.innerText.trim()]))).filter(r => r.group);",
        TABLE,
    )


def _verdicts(page) -> list[str]:
    return page.js("return [...document.querySelectorAll('#lc-verdicts li')].map(e => e.innerText)")


def _diagram_labels(page) -> str:
    return page.js(
        "const g = document.querySelector('#lc-diagram .js-plotly-plot');"
        "return g && g.layout ? g.layout.annotations.map(a => a.text).join('|') : ''"
    )


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(page.url_query().lstrip("?")).items()}


def _choose(page, control: str, option: str) -> None:
    """Open the dropdown in ``.control`` and click ``option``."""
    page.driver.find_element("css selector", f".{control} button.dash-dropdown").click()
    xpath = (
        f"//*[contains(@class,'dash-dropdown-options')]//*[@role='option'][.//text()='{option}']"
    )
    until(lambda: page.driver.find_elements("xpath", xpath), timeout=5)
    page.driver.find_element("xpath", xpath).click()


def _radio(page, param: str, value: str) -> None:
    page.js(
        "document.querySelector(`input[name='${arguments[0]}'][value='${arguments[1]}']`).click()",
        json.dumps({"name": param, "type": "param"}, separators=(",", ":")),
        value,
    )


def test_oecd_default_compares_the_seed_countries(page):
    page.open("/life-cycle?lang=en", READY)
    until(lambda: _groups(page) == SEED_FIVE, timeout=30)
    until(lambda: len(_table(page)) == 5, timeout=30)
    rows = _table(page)
    assert [r["group"] for r in rows] == SEED_NAMES
    assert all(r["stage"] in STAGE_WORDS for r in rows), rows  # every series fits on batteries
    assert all(re.fullmatch(r"[\d,]+", r["K"]) for r in rows)  # K rounded to whole patents
    assert all("OECD PAT_DEV" in t and "Batteries" in t for t in _titles(page))
    for i in range(5):
        by_name = {t["name"]: t["x"] for t in _traces(page, i)}
        assert by_name["incomplete years (left out)"] == [2019, 2020]  # OECD to 2020: 2 lag years
        assert any(name.endswith(" curve") for name in by_name)
    # one plain line per country: its stage and how much of its ceiling it has reached
    verdicts = _verdicts(page)
    assert len(verdicts) == 5
    pattern = (
        r"(.+): (emerging|growth|maturity|saturation), (\d+)% of its projected ceiling reached"
    )
    found = [re.match(pattern, line) for line in verdicts]
    assert all(found), verdicts
    assert [m[1] for m in found] == SEED_NAMES
    assert [m[2] for m in found] == [r["stage"] for r in rows]
    assert [int(m[3]) for m in found] == [round(float(r["share_pct"])) for r in rows]
    # the stage is a term explained on hover
    title = page.js("return document.querySelector('#lc-verdicts .term').title")
    assert "saturation level" in title
    cards = page.js("return [...document.querySelectorAll('.fit-card')].map(c => c.innerText)")
    assert len(cards) == 5 and all(
        "Saturation level K" in c and "Inflection year" in c for c in cards
    )
    explained = page.js(
        "return [...document.querySelectorAll('.fit-table .term')].map(e => e.title)"
    )
    assert all(explained) and any("10% to 90%" in t for t in explained)
    assert "the number of applicants per year" in page.js(
        "return document.getElementById('lc-diagram-note').innerText"
    )
    assert page.console_errors() == []
    page.screenshot("life-cycle")


def test_domain_and_source_change_the_charts_and_the_url(page):
    page.open("/life-cycle?ds=lens-battery&lang=en", READY)  # its corpus curve is the Lens sample's
    until(lambda: _groups(page) == SEED_FIVE, timeout=30)

    _choose(page, "lc-domain", "Energy storage")
    until(lambda: _query(page).get("lc_dom") == "energy-storage", timeout=15)
    until(lambda: all("Energy storage" in t for t in _titles(page)), timeout=30)
    bars = next(t for t in _traces(page, 0) if t["name"] == "patents per year")
    assert bars["x"][0] >= 1995  # the energy-storage series starts in 1995, batteries in 1990

    _radio(page, "lc_src", "iea")
    until(lambda: _query(page).get("lc_src") == "iea", timeout=15)
    assert "lc_dom" not in _query(page)  # an OECD-only domain gives way to IEA's default
    until(lambda: all("IEA" in t and "e-Mobility" in t for t in _titles(page)), timeout=30)
    assert (
        page.js(
            "return document.getElementById(arguments[0]).innerText",
            json.dumps({"name": "lc_dom", "type": "param"}, separators=(",", ":")),
        )
        .strip()
        .startswith("e-Mobility")
    )

    _radio(page, "lc_src", "corpus")
    until(lambda: _query(page).get("lc_src") == "corpus", timeout=15)
    # the same five countries, now from the patent dataset (the Lens sample has them all)
    until(lambda: _groups(page) == ["CN", "US", "DE", "JP", "KR"], timeout=30)
    assert "China" in _titles(page)[0]
    assert all("Lens.org" in t for t in _titles(page))
    # the dataset has applicant counts: no "needs the number of applicants" message
    until(lambda: not page.js("return document.getElementById('lc-diagram-note').innerText"), 10)
    assert page.console_errors() == []
    page.screenshot("life-cycle-corpus")

    page.driver.back()  # the URL drives the view back to IEA
    until(lambda: _query(page).get("lc_src") == "iea", timeout=15)
    until(lambda: all("IEA" in t for t in _titles(page)), timeout=30)


def test_one_country_selector_drives_every_view(page):
    """The countries compared apply to the panels, the verdicts, the table and the stage
    diagram; the filter bar's own country choice is not shown on this page, nor applied."""
    page.open(
        "/life-cycle?ds=lens-battery&lc_src=corpus&lc_cty=WLD%2CJPN%2CFRA&c=CN&lang=en", READY
    )
    until(lambda: _groups(page) == ["all", "JP"], timeout=30)
    hidden = page.js(
        "const f = document.querySelector('#filter-bar .filter-countries');"
        "return getComputedStyle(f).display"
    )
    assert hidden == "none"
    until(lambda: [r["group"] for r in _table(page)] == ["All applicants", "Japan"], timeout=30)
    assert [line.split(":")[0] for line in _verdicts(page)] == ["All applicants", "Japan"]
    note = page.js("return document.getElementById('lc-source-note').innerText")
    assert "Not in this dataset: France." in note
    until(lambda: _diagram_labels(page) == "All applicants|Japan", timeout=30)
    scope = page.js("return document.getElementById('lc-scope').innerText")
    assert "compared in every chart and table on this page" in scope
    assert page.console_errors() == []


def test_opening_a_link_restores_the_view(page):
    require_shared("patents_ops_hydrogen_josuecaldasv")
    query = (
        "?ds=ops-hydrogen&lc_src=iea&lc_dom=storage&lc_model=both&lc_cty=JPN%2CKOR&lc_by=theme"
        "&lang=en"
    )
    page.open("/life-cycle" + query, READY)
    until(lambda: _groups(page) == ["JPN", "KOR"], timeout=30)
    until(lambda: len(_table(page)) == 4, timeout=30)  # both curves: two rows per country
    assert page.url_query() == query  # read as given: not rewritten, nothing dropped
    assert page.js("return document.querySelector(`input[value='iea']`).checked")
    assert all("Storage (not e-mobility)" in t for t in _titles(page))
    models = [r["model"].split(" ")[0] for r in _table(page)]
    assert models == ["Logistic", "Gompertz", "Logistic", "Gompertz"]
    headers = page.js(
        "return [...document.querySelectorAll('.fit-card .fit-table thead th')].length"
    )
    assert headers == 2 * 3  # a label column and one column per curve, in two cards
    until(lambda: "Fuel cells (H01M 8)" in _diagram_labels(page), timeout=30)
    assert page.console_errors() == []
    page.screenshot("life-cycle-iea-both")


def test_in_chinese_the_page_has_no_english_words_and_fits_small_screens(page):
    page.open("/life-cycle?lang=zh", READY)
    until(lambda: len(_table(page)) == 5, timeout=30)
    until(lambda: _diagram_labels(page), timeout=30)
    texts = visible_texts(page, "main", "zh")
    assert english_words(texts, LATIN_ON_THIS_PAGE) == set()
    assert chinese_characters(texts) > 1500
    assert re.match(r"韩国：(萌芽期|成长期|成熟期|饱和期)，已达预测上限的 \d+%", _verdicts(page)[4])
    assert _table(page)[0]["group"] == "中国"
    page.screenshot("life-cycle-zh")
    for width in (800, 390):
        assert cut_off(page, width) == [], width
    page.screenshot("life-cycle-zh-390", width=390)
    assert page.console_errors() == []


def test_in_english_the_page_has_no_chinese_and_fits_small_screens(page):
    page.open("/life-cycle?lc_src=corpus&lang=en", READY)
    until(lambda: len(_table(page)) == 5, timeout=30)
    until(lambda: _diagram_labels(page), timeout=30)
    assert chinese_characters(visible_texts(page, "main", "en")) == 0
    for width in (800, 390):
        assert cut_off(page, width) == [], width
    page.screenshot("life-cycle-en-390", width=390)
    page.screenshot("life-cycle-en-800", width=800)
    assert page.console_errors() == []
