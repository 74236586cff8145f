"""The Life-cycle page in headless Chromium: sources, domains, the URL, the comparison table."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from conftest import require_shared
from dash.testing.wait import until

from app.analysis.lifecycle import STAGES

pytestmark = pytest.mark.browser

SEED_FIVE = ["CHN", "USA", "DEU", "JPN", "KOR"]
SEED_LABELS = ["China (CHN)", "United States (USA)", "Germany (DEU)", "Japan (JPN)"]
READY = "#lc-panels .lc-panel .js-plotly-plot"
TABLE = json.dumps({"name": "lc-comparison", "type": "table"}, separators=(",", ":"))


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
    page.open("/life-cycle", READY)
    until(lambda: _groups(page) == SEED_FIVE, timeout=30)
    until(lambda: len(_table(page)) == 5, timeout=30)
    rows = _table(page)
    assert [r["group"] for r in rows][:4] == SEED_LABELS
    assert rows[4]["group"] == "South Korea (KOR)"
    assert all(r["stage"] in STAGES for r in rows), rows  # every series fits on OECD batteries
    assert all("OECD PAT_DEV" in t and "Batteries" in t for t in _titles(page))
    for i in range(5):
        by_name = {t["name"]: t["x"] for t in _traces(page, i)}
        assert by_name["incomplete (left out)"] == [2019, 2020]  # OECD to 2020: 2 lag years
        assert any(name.endswith(" fit") for name in by_name)
    cards = page.js("return [...document.querySelectorAll('.fit-card')].map(c => c.innerText)")
    assert len(cards) == 5 and all("Saturation K" in c and "Inflection year" in c for c in cards)
    assert "the number of applicants per year" in page.js(
        "return document.getElementById('lc-diagram-note').innerText"
    )
    assert page.console_errors() == []
    page.screenshot("life-cycle")


def test_domain_and_source_change_the_charts_and_the_url(page):
    page.open("/life-cycle?ds=lens-battery", READY)  # its corpus curve is the Lens sample's
    until(lambda: _groups(page) == SEED_FIVE, timeout=30)

    _choose(page, "lc-domain", "Energy storage")
    until(lambda: _query(page).get("lc_dom") == "energy-storage", timeout=15)
    until(lambda: all("Energy storage" in t for t in _titles(page)), timeout=30)
    bars = next(t for t in _traces(page, 0) if t["name"] == "per year")
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
    until(lambda: _groups(page)[:1] == ["all"], timeout=30)
    assert "All applicants" in _titles(page)[0]
    assert all("Lens.org" in t for t in _titles(page))
    # the corpus has applicant counts: no "needs the number of applicants" message
    until(lambda: not page.js("return document.getElementById('lc-diagram-note').innerText"), 10)
    assert page.console_errors() == []
    page.screenshot("life-cycle-corpus")

    page.driver.back()  # the URL drives the view back to IEA
    until(lambda: _query(page).get("lc_src") == "iea", timeout=15)
    until(lambda: all("IEA" in t for t in _titles(page)), timeout=30)


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
    assert models == ["logistic", "gompertz", "logistic", "gompertz"]
    headers = page.js(
        "return [...document.querySelectorAll('.fit-card .fit-table thead th')].length"
    )
    assert headers == 2 * 3  # a label column and one column per curve, in two cards
    until(
        lambda: (
            "Fuel cells (H01M 8)"
            in page.js(
                "const g = document.querySelector('#lc-diagram .js-plotly-plot');"
                "return g && g.layout ? g.layout.annotations.map(a => a.text).join('|') : ''"
            )
        ),
        timeout=30,
    )
    assert page.console_errors() == []
    page.screenshot("life-cycle-iea-both")
