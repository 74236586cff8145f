"""The Value chain page's figures: every mark carries its passage, nothing unsupported; in
English and in Chinese (the passages stay in English, with their rendering beside them)."""

import pandas as pd
import pytest
from conftest import component_text, require_shared

from app.i18n import use_language
from app.ingest.knowledge_schema import SEGMENTS
from app.pages.value_chain import data, figures
from app.store.knowledge import load_knowledge


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_matrix_marks_exactly_the_supported_cells_with_their_quote(kb):
    chain = kb.huizhou_value_chain
    trace = figures.chain_matrix_figure(chain, kb.huizhou_firms).data[0]
    assert len(trace.y) == 10 and list(trace.x) == list(SEGMENTS)  # ids: clicks name them
    supported = chain[chain["status"] == "supported"]
    assert sum(map(sum, trace.z)) == len(supported) == 35
    cells = {(c[0], c[1]): c[2] for row in trace.customdata for c in row}
    for row in supported.itertuples(index=False):
        # the hover wraps the quote over lines; its first words are on the first line
        assert row.quote.split()[0] in cells[(row.firm_id, row.segment)]
    assert "no evidence in our copy" in cells[("byd", "separator")]


def test_matrix_in_chinese_names_firms_and_segments_in_chinese(kb):
    with use_language("zh"):
        fig = figures.chain_matrix_figure(kb.huizhou_value_chain, kb.huizhou_firms)
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert ticks["byd"].startswith("比亚迪") and "一体化" in ticks["byd"]
    assert ticks["e_power"].startswith("E-Power Energy")  # no known Chinese name: as printed
    assert fig.layout.xaxis.ticktext[1] == "负极"
    cells = {(c[0], c[1]): c[2] for row in fig.data[0].customdata for c in row}
    assert "译文：" in cells[("byd", "cells_modules")]
    assert "lithium-ion cells" in cells[("byd", "cells_modules")]  # the source stays


def test_classification_rows_set_our_rule_beside_the_paper(kb):
    rows = {
        r["id"]: r for r in figures.classification_rows(kb.huizhou_value_chain, kb.huizhou_firms)
    }
    assert rows["byd"]["classification"] == rows["byd"]["paper_strategy"] == "Vertical integrator"
    assert rows["yineng"]["agrees"] == "n/a"
    assert rows["yineng"]["paper_strategy"] == "not named"
    assert all(r["agrees"] in ("yes", "n/a") for r in rows.values())
    assert "segment specialization" in rows["kedali"]["strategy_quote"]
    assert "seed_file" not in rows["kedali"]  # no file names on the page
    with use_language("zh"):
        rows = {
            r["id"]: r
            for r in figures.classification_rows(kb.huizhou_value_chain, kb.huizhou_firms)
        }
    assert rows["byd"]["firm"] == "比亚迪" and rows["byd"]["classification"] == "垂直一体化企业"
    assert "segment specialization" in rows["kedali"]["strategy_quote"]
    assert rows["kedali"]["strategy_translation"]


def test_firm_card_shows_table_3_and_says_what_our_copy_lacks(kb):
    card = component_text(
        figures.firm_card(kb.huizhou_firms, kb.huizhou_value_chain, kb.market_facts, "eve")
    )
    assert "Routine development of cell design to increase energy density" in card
    assert "Not in our copy of Table 3." in card  # EVE's production and market cells
    assert "Production capacity, 2019: 20 GWh" in card
    assert "in EV battery sector" not in card  # facts about other geographies stay out
    with use_language("zh"):
        card = component_text(
            figures.firm_card(kb.huizhou_firms, kb.huizhou_value_chain, kb.market_facts, "eve")
        )
    assert card.startswith("亿纬锂能") and "主要产品" in card
    assert "产能，2019 年：20 GWh" in card


def test_region_rows_show_where_printed_totals_and_provinces_differ(kb):
    rows = {
        r["region"]: r
        for r in figures.region_rows(kb.china_producers_by_province, kb.china_producer_regions)
    }
    assert rows["Northern China"]["difference"] == "+1"
    assert rows["Southwestern China"]["difference"] == "-1"
    assert rows["Eastern China"]["difference"] == "0"
    assert rows["Northwestern China"]["quote"] == "Northwestern China: 5"
    with use_language("zh"):
        rows = figures.region_rows(kb.china_producers_by_province, kb.china_producer_regions)
    assert rows[0]["region"] == "华东地区" and rows[0]["quote_translation"] == "华东地区：112"


def test_province_map_draws_every_feature_once_without_a_base_map(kb):
    require_shared("china_provinces_geo", "cn_atlas_provinces.geojson")
    geojson = data.light_provinces_geojson()
    fig = figures.province_map_figure(kb.china_producers_by_province, geojson)
    assert [t.type for t in fig.data] == ["choropleth"] * 3
    drawn = [loc for t in fig.data for loc in t.locations]
    assert sorted(drawn) == sorted(f["properties"]["id"] for f in geojson["features"])
    # each layer carries only its own outlines: the map's features go to the browser once
    for trace in fig.data:
        assert sorted(f["properties"]["id"] for f in trace.geojson["features"]) == sorted(
            trace.locations
        )
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    producers = fig.data[2]
    counts = dict(zip((c[0] for c in producers.customdata), producers.z, strict=True))
    assert counts["Jiangsu"] == 41 and counts["Guangdong"] == 26
    assert "CATL" in next(c[1] for c in producers.customdata if c[0] == "Jiangsu")
    guangdong = next(c for c in producers.customdata if c[0] == "Guangdong")
    assert "run together" in guangdong[3]  # Guangdong's names cannot be split
    raw_only = [c[0] for c in fig.data[1].customdata]
    assert sorted(raw_only) == ["Gansu", "Inner Mongolia", "Qinghai"]


def test_every_market_mark_names_a_fact_that_prints_it(kb):
    facts = kb.market_facts.set_index("fact_id")
    drawn = [
        figures.capacity_figure(kb.market_facts),
        figures.shares_figure(kb.market_facts),
        figures.learning_curve_figure(kb.market_facts),
        figures.firm_capacity_figure(kb.market_facts),
    ]
    marked = set()
    for fig in drawn:
        for trace in fig.data:
            assert trace.customdata is not None, f"{trace.name} has no passage"
            for fact_id, hover in trace.customdata:
                assert fact_id in facts.index
                assert facts.at[fact_id, "quote"].split()[0] in hover
                marked.add(fact_id)
    assert {"world_capacity_2021", "world_pack_price_2021", "learning_rate"} <= marked
    panel = component_text(figures.fact_panel(kb.market_facts, "demand_2030"))
    assert "reaching 3 900 Gwh in 2030" in panel and ".txt" not in panel
    assert "Manufacturing Competency" in panel  # the paper named by its title


def test_learning_curve_passes_through_its_anchor(kb):
    fig = figures.learning_curve_figure(kb.market_facts)
    anchor = next(t for t in fig.data if t.name == "World 2021 (anchor)")
    assert (anchor.x[0], anchor.y[0]) == (631, 132)
    curve = fig.data[0]
    at_anchor = pd.Series(curve.y, index=curve.x)
    assert at_anchor.loc[631] == pytest.approx(132)
    doubled = pd.Series(fig.data[1].y, index=fig.data[1].x)
    assert doubled.loc[1262] == pytest.approx(132 * 0.82)
