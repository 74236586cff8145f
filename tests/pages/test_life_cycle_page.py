"""The Life-cycle page's callbacks called directly: the verdicts, the comparison table and its
CSV (named after the countries compared, numbers rounded, units in the headers), in both
languages."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from conftest import component_text, require_shared

from app.i18n import use_language

VIEW = {"lc_src": "oecd", "lc_dom": "", "lc_model": "best", "lc_cty": ["CHN", "KOR"]}


@pytest.fixture(scope="module")
def page(dash_app):
    require_shared("oecd_envtech_patents")
    from app.pages.life_cycle import page

    return page


def _csv(page, view: dict) -> tuple[str, pd.DataFrame]:
    _panels, _verdicts, _note, rows, columns = page.update_panels(view)
    sent = page.download_comparison(1, rows, columns, view)
    return sent["filename"], pd.read_csv(io.StringIO(sent["content"]))


def test_the_comparison_csv_is_named_after_the_countries_compared(page):
    with use_language("en"):
        name, table = _csv(page, VIEW | {"c": ["US"], "y": [2010, 2015]})
    # the filter bar's countries and years do not apply to OECD counts: not in the name
    assert name == "life-cycle-comparison_oecd-batteries_CHN-KOR_best.csv"
    assert table["Country"].tolist() == ["China", "South Korea"]
    k = table["Saturation level K (patents)"]
    assert (k == k.round()).all() and k.gt(0).all()
    assert (table["Goodness of fit R²"] == table["Goodness of fit R²"].round(3)).all()
    assert "Growth time 10→90% (years)" in table.columns


def test_a_patent_dataset_comparison_names_its_dataset_groups_and_filters(page):
    require_shared("patents_lens_hrd4317k")
    view = VIEW | {
        "ds": "lens-battery",
        "lc_src": "corpus",
        "lc_cty": ["WLD", "JPN"],
        "y": [2016, 2023],
    }
    with use_language("en"):
        name, table = _csv(page, view)
    assert name == "life-cycle-comparison_lens-battery_all-JP_best_2016-2023.csv"
    assert table["Country"].tolist() == ["All applicants", "Japan"]


def test_verdicts_and_table_in_chinese(page):
    with use_language("zh"):
        _panels, verdicts, _note, rows, columns = page.update_panels(VIEW)
        name, table = _csv(page, VIEW)
    korea = component_text(verdicts[1]).replace(" ", "")
    assert re.fullmatch(r"韩国：(萌芽期|成长期|成熟期|饱和期)，已达预测上限的\d+%", korea), korea
    assert [c["name"] for c in columns][:3] == ["国家", "曲线", "阶段"]
    assert table["国家"].tolist() == ["中国", "韩国"]
    assert "饱和水平 K（件）" in table.columns
    assert rows[0]["stage"] in {"萌芽期", "成长期", "成熟期", "饱和期"}
    assert name == "life-cycle-comparison_oecd-batteries_CHN-KOR_best.csv"
