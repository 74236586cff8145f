"""The interface in Chinese and English: the words a user reads, the switch, the default."""

from __future__ import annotations

from dash.testing.wait import until

from .language import chinese_characters, english_words, visible_texts

SHELL = ("#nav", ".app-footer", "#language-switch")


def _shell_texts(page, language: str) -> list[str]:
    return [text for root in SHELL for text in visible_texts(page, root, language)]


def test_the_shell_in_chinese_has_no_english_words(page):
    page.open("/?lang=zh", "#filter-bar")
    texts = _shell_texts(page, "zh")
    assert english_words(texts) == set()
    assert chinese_characters(texts) > 40
    assert page.js("return document.documentElement.lang") == "zh-CN"
    page.screenshot("shell-zh")


def test_the_shell_in_english_has_no_chinese(page):
    page.open("/?lang=en", "#filter-bar")
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
