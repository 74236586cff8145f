"""The interface in Chinese and English: the words a user reads, the switch, the default."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from .language import chinese_characters, english_words, visible_texts

SHELL = ("#nav", "#filter-bar", "#dataset-note", ".app-footer", "#language-switch")


def _shell_texts(page, language: str) -> list[str]:
    """The shell's words, with the dataset note's details open and a country chosen (so
    the filter bar shows its values too)."""
    page.js("document.getElementById('dataset-more').open = true")
    return [text for root in SHELL for text in visible_texts(page, root, language)]


@pytest.mark.parametrize("dataset", ["lens-battery", "ops-hydrogen"])
def test_the_shell_in_chinese_has_no_english_words(page, dataset):
    page.open(f"/?ds={dataset}&c=CN,JP&y=2016-2020&t=battery&lang=zh", "#filter-bar")
    until(lambda: "专利" in page.js("return document.getElementById('dataset-note').innerText"), 20)
    texts = _shell_texts(page, "zh")
    assert english_words(texts) == set()
    assert chinese_characters(texts) > 120
    # the dataset names itself in Chinese, the note says what the data is, with details
    bar = page.js("return document.getElementById('filter-bar').innerText")
    assert "专利" in bar and "筛选" not in bar  # the folded bar's toggle is for phones only
    note = page.js("return document.getElementById('dataset-note').innerText")
    assert "申请人国家的来源" in note and "详情" in note
    assert page.js("return document.documentElement.lang") == "zh-CN"
    page.screenshot(f"shell-zh-{dataset}")


def test_the_dataset_note_speaks_plainly(page):
    page.open("/?ds=lens-battery&lang=en", "#filter-bar")
    until(lambda: "797" in page.js("return document.getElementById('dataset-note').innerText"), 20)
    page.js("document.getElementById('dataset-more').open = true")
    note = page.js("return document.getElementById('dataset-note').innerText")
    sentence = note.split("more")[0]
    assert "not the whole field" in sentence and len(sentence) < 160  # one short sentence
    for internal in ("alias table", "jurisdiction", "Parquet", "EV_", ".csv", "_"):
        assert internal not in note, internal
    assert "Applicant country:" in note and "from our list of known applicants" in note


def test_the_shell_in_english_has_no_chinese(page):
    page.open("/?ds=ops-hydrogen&c=CN,JP&t=battery&lang=en", "#filter-bar")
    until(
        lambda: "3,715" in page.js("return document.getElementById('dataset-note').innerText"), 20
    )
    assert chinese_characters(_shell_texts(page, "en")) == 0
    assert page.js("return document.documentElement.lang") == "en"


def test_the_switch_keeps_page_dataset_and_filters(page):
    page.open("/applicants?ds=ops-hydrogen&c=DE&an_n=12&lang=en", "#filter-bar")
    switch = "return document.querySelector(\"a[lang='zh']\").getAttribute('href')"
    until(lambda: "c=DE" in page.js(switch), timeout=20)
    page.driver.find_element("css selector", "a[lang='zh']").click()
    until(lambda: "lang=zh" in page.url_query(), timeout=20)
    until(lambda: page.js("return document.documentElement.lang") == "zh-CN", timeout=20)
    query = page.url_query()
    assert page.js("return location.pathname") == "/applicants"
    assert all(part in query for part in ("ds=ops-hydrogen", "c=DE", "an_n=12")), query
    assert "数据集" in page.js("return document.querySelector('#filter-bar').innerText")


def test_a_chinese_browser_gets_chinese_on_a_link_without_lang(page):
    page.driver.execute_cdp_cmd("Network.enable", {})
    page.driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": "zh-CN,zh;q=0.9"}}
    )
    page.open("/applicants", "#filter-bar")
    assert "lang=zh" in page.url_query()
    assert page.js("return document.documentElement.lang") == "zh-CN"
    assert "申请人国家" in page.js("return document.querySelector('#filter-bar').innerText")
