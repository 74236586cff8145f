"""The Overview's figures in both languages, and the views its questions and firms open."""

from urllib.parse import parse_qsl, urlsplit

import dash
import pandas as pd
import pytest
from conftest import component_text

from app.i18n import use_language
from app.pages.overview import data, figures
from app.ui.urlstate import decode_query

TOP = pd.DataFrame(
    {
        "name": ["CATL", "ACME BATTERY"],
        "country": ["CN", "unknown"],
        "kind": ["firm", "research institute"],
        "patents": [12345, 7],
        "share_pct": [61.7, 0.1],
    }
)


def test_headline_numbers_and_words_in_each_language():
    counts = {"patents": 12345, "applicants": 678, "countries": 9, "year_min": 2014}
    with use_language("zh"):
        zh = component_text(figures.headline(counts | {"year_max": 2024}))
        single = component_text(figures.headline(counts | {"year_max": 2014}))
    with use_language("en"):
        en = component_text(figures.headline(counts | {"year_max": 2024}))
    assert "12,345" in zh and "专利" in zh and "申请人国家" in zh and "2014–2024" in zh
    assert "2014" in single and "2014–" not in single
    assert "12,345" in en and "applicant countries" in en


def test_top_rows_name_firms_in_the_language_and_keep_the_network_name_for_the_link():
    with use_language("zh"):
        zh = figures.top_rows(TOP)
    with use_language("en"):
        en = figures.top_rows(TOP)
    assert [row["applicant"] for row in zh] == ["宁德时代", "ACME BATTERY"]
    assert [row["id"] for row in zh] == ["CATL", "ACME BATTERY"]  # what an_sel carries
    assert [row["rank"] for row in zh] == [1, 2]
    assert zh[0]["country"] == "CN 中国" and zh[0]["kind"] == "企业"
    assert zh[1]["kind"] == "科研院所"
    assert [row["applicant"] for row in en] == ["CATL", "ACME BATTERY"]
    assert en[0]["country"] == "CN China" and en[1]["kind"] == "Research institute"


def test_top_chart_bars_carry_name_and_rank_and_read_in_the_language():
    with use_language("zh"):
        figure = figures.top_figure(TOP)
    points = [
        (label, tuple(custom))
        for trace in figure["data"]
        for label, custom in zip(trace["y"], trace["customdata"], strict=True)
    ]
    assert ("宁德时代", ("CATL", 1)) in points
    assert figure["layout"]["title"]["text"] == "专利数前 2 位的申请人"
    # largest on top: the y categories run from the last rank up to the first
    assert figure["layout"]["yaxis"]["categoryarray"] == ["ACME BATTERY", "宁德时代"]


@pytest.fixture(scope="module")
def registered(dash_app):
    """The app's pages and URL parameters (they register at import)."""
    return dash_app


@pytest.mark.parametrize("question", figures.QUESTIONS, ids=lambda q: q.key)
def test_each_question_opens_a_page_with_a_view_it_understands(registered, question):
    paths = {page["relative_path"] for page in dash.page_registry.values()}
    assert question.path in paths
    link = data.view_link(question.path, {"ds": "ops-hydrogen", "c": ["DE"], "lang": "zh"},
                          question.params)  # fmt: skip
    query = dict(parse_qsl(urlsplit(link).query))
    assert query["ds"] == "ops-hydrogen" and query["c"] == "DE" and query["lang"] == "zh"
    # every preset is a value the page accepts (a bad one would silently fall back)
    decoded = decode_query(urlsplit(link).query, list(question.params))
    assert {name: str(decoded[name]) for name in question.params} == {
        name: str(value) for name, value in question.params.items()
    }


def test_the_guide_is_worded_in_each_language():
    with use_language("zh"):
        zh = component_text(figures.guide("hide", lambda key: {"q": key}))
    with use_language("en"):
        en = component_text(figures.guide("hide", lambda key: {"q": key}))
    assert "您想了解什么问题？" in zh and "惠州电池价值链是否完整？" in zh
    assert "Which question do you have?" in en and "What changed recently?" in en
