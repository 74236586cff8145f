import numpy as np
import pandas as pd
import pytest

from app.analysis.valuechain import (
    classify_firms,
    learning_curve,
    learning_curve_cost,
    region_totals,
    value_chain_hover,
    value_chain_matrix,
)
from app.store.knowledge import load_knowledge


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_matrix_has_the_ten_firms_and_fourteen_segments_grouped_by_stage(kb):
    matrix = value_chain_matrix(kb.huizhou_value_chain)
    assert matrix.shape == (10, 14)
    assert list(matrix.index[:3]) == ["Battery NM", "BYD", "EVE Lithium Energy"]
    assert list(pd.unique(matrix.columns.get_level_values("stage"))) == [
        "Raw materials and components",
        "Battery manufacturing and assembling",
        "Related and supportive industries",
        "Battery applications and usages",
    ]
    assert int(matrix.to_numpy().sum()) == 35
    assert matrix.loc["Kedali Precision"].sum() == 1
    assert matrix.loc["BYD", ("Battery applications and usages", "Reuse and recycling")] == 0


def test_hover_holds_the_quote_exactly_where_the_matrix_is_marked(kb):
    matrix = value_chain_matrix(kb.huizhou_value_chain)
    hover = value_chain_hover(kb.huizhou_value_chain)
    assert hover.shape == matrix.shape
    assert ((hover != "").to_numpy() == (matrix == 1).to_numpy()).all()
    cell = hover.loc[
        "Yinghe Technology",
        ("Related and supportive industries", "Equipment for cell and pack production"),
    ]
    assert cell.startswith("Yinghe Technology - front-end and back-end equipment")


def test_rule_on_the_real_table_agrees_with_the_paper_on_every_firm_it_classifies(kb):
    classes = classify_firms(kb.huizhou_value_chain, kb.huizhou_firms).set_index("firm_id")
    assert (
        classes.loc[["byd", "eve", "sunwoda", "haopeng"], "classification"]
        .eq("vertical integrator")
        .all()
    )
    assert (
        classes.loc[
            ["battery_nm", "e_power", "desay", "yinghe", "kedali", "yineng"], "classification"
        ]
        .eq("segment specialist")
        .all()
    )
    assert classes["stages"].to_dict() == {
        "battery_nm": 1,
        "byd": 4,
        "eve": 3,
        "sunwoda": 2,
        "e_power": 1,
        "haopeng": 2,
        "desay": 1,
        "yinghe": 1,
        "kedali": 1,
        "yineng": 1,
    }
    agrees = classes["agrees_with_paper"]
    assert agrees.isna().sum() == 1 and pd.isna(agrees["yineng"])  # the paper is silent
    assert agrees.dropna().all()


def test_a_cell_maker_in_one_stage_is_a_specialist_and_a_firm_without_marks_counts_zero():
    chain = pd.DataFrame(
        {
            "firm_id": ["p", "p", "p", "q"],
            "firm": ["P", "P", "P", "Q"],
            "stage": ["manufacturing"] * 3 + ["raw_materials"],
            "segment": ["cells_modules", "bms", "packs", "anode"],
            "status": ["supported"] * 3 + ["no evidence in our copy"],
        }
    )
    out = classify_firms(chain).set_index("firm_id")
    assert out.loc["p", ["segments", "stages", "classification"]].tolist() == [
        3,
        1,
        "segment specialist",
    ]
    assert out.loc["q", ["segments", "stages", "makes_cells"]].tolist() == [0, 0, False]


def test_province_counts_against_printed_region_totals(kb):
    totals = region_totals(kb.china_producers_by_province, kb.china_producer_regions)
    diff = totals.set_index("region_id")["difference"]
    assert diff[diff != 0].to_dict() == {"northern": 1, "southwestern": -1}
    northern = totals.set_index("region_id").loc["northern"]
    assert (northern["printed_total"], northern["province_sum"]) == (13, 14)
    assert northern["provinces_without_count"] == 1  # Inner Mongolia: raw materials only
    assert totals["printed_total"].sum() == totals["province_sum"].sum() == 196


def test_learning_curve_is_anchored_on_the_papers_2021_figures(kb):
    curve = learning_curve(kb.market_facts, np.array([631.0 / 2, 631.0, 1262.0, 2524.0]))
    assert curve["cost_usd_per_kwh"].round(4).tolist() == [
        round(132 / 0.82, 4),
        132.0,
        round(132 * 0.82, 4),
        round(132 * 0.82**2, 4),
    ]
    assert curve["doublings"].tolist() == [-1.0, 0.0, 1.0, 2.0]
    default = learning_curve(kb.market_facts)
    assert len(default) == 64 and default["cost_usd_per_kwh"].is_monotonic_decreasing


def test_learning_curve_refuses_a_missing_or_mis_unitted_anchor(kb):
    facts = kb.market_facts
    with pytest.raises(KeyError, match="world_pack_price_2021"):
        learning_curve(facts[facts["fact_id"] != "world_pack_price_2021"])
    wrong = facts.assign(unit=facts["unit"].mask(facts["fact_id"] == "learning_rate", "ratio"))
    with pytest.raises(ValueError, match="learning_rate is in ratio"):
        learning_curve(wrong)
    with pytest.raises(ValueError, match="between 0 and 1"):
        learning_curve_cost(10.0, 1.0, 1.0, learning_rate=18)
