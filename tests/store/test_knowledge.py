import csv
import re
import shutil

import pandas as pd
import pytest
from conftest import require_shared

from app.config import settings
from app.i18n import use_language
from app.ingest.knowledge_schema import (
    SEGMENTS,
    TABLES,
    VOCABULARY_LABELS,
    split_items,
)
from app.store.knowledge import (
    KnowledgeTableError,
    applicant_display_name,
    applicant_display_names,
    china_provinces_geojson,
    load_knowledge,
    localised,
    province_geo_join,
    quote_problems,
    read_table,
    seeds_dir,
    vocabulary_label,
)

DATA = settings().repo_data_dir


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def _seeds():
    path = seeds_dir()
    if not path.is_dir():
        pytest.skip(f"seed papers not found: {path}")
    return path


def test_every_table_validates_with_its_exact_columns(kb):
    for name, frame in kb.tables().items():
        assert list(frame.columns) == [c.name for c in TABLES[name]]
        assert len(frame) > 0
    assert len(kb.cooperation_modes) == 5
    assert len(kb.huizhou_firms) == 10
    assert len(kb.huizhou_value_chain) == 10 * 14
    assert len(kb.china_producer_regions) == 7
    assert len(kb.china_producers_by_province) == 27
    assert kb.china_producers_by_province["producers"].dtype == "Int64"


def test_every_quote_and_verbatim_cell_occurs_in_its_seed(kb):
    assert quote_problems(kb, _seeds()) == []


def test_a_quote_that_is_not_in_the_seed_is_reported_with_its_place(kb):
    firms = kb.huizhou_firms.copy()
    firms.loc[1, "quote"] = "BYD - cathode material, electrolytes galore"
    broken = type(kb)(**{**kb.tables(), "huizhou_firms": firms})
    problems = quote_problems(broken, _seeds())
    assert problems == [
        "huizhou_firms.csv, row 3, field 'quote': not in 002_d37a6817597c8311.txt: "
        "'BYD - cathode material, electrolytes galore'"
    ]


def test_market_fact_values_are_printed_in_their_quote(kb):
    def numbers(text):
        joined = re.sub(r"(?<=\d),? (?=\d{3}\b)|(?<=\d),(?=\d{3}\b)", "", text)
        return {float(n) for n in re.findall(r"\d+(?:\.\d+)?", joined)}

    for row in kb.market_facts.itertuples():
        found = numbers(row.quote)
        assert row.value in found, row.fact_id
        assert pd.isna(row.value_high) or row.value_high in found, row.fact_id


def test_value_chain_marks_all_rest_on_a_quote(kb):
    chain = kb.huizhou_value_chain
    supported = chain["status"] == "supported"
    assert (chain.loc[supported, "quote"] != "").all()
    assert (chain.loc[~supported, "quote"] == "").all()
    assert int(supported.sum()) == 35
    assert chain.groupby("firm_id")["segment"].apply(list).map(len).eq(len(SEGMENTS)).all()


def test_the_papers_classification_is_recorded_with_its_quote(kb):
    firms = kb.huizhou_firms.set_index("firm_id")
    integrators = set(firms.index[firms["paper_strategy"] == "vertical integrator"])
    specialists = set(firms.index[firms["paper_strategy"] == "segment specialist"])
    assert integrators == {"byd", "eve", "sunwoda", "haopeng"}
    assert specialists == {"e_power", "desay", "battery_nm", "yinghe", "kedali"}
    assert firms.loc["yineng", "paper_strategy"] == ""  # the paper names none
    classified = firms["paper_strategy"] != ""
    assert (firms.loc[classified, "strategy_quote"] != "").all()


def test_innovation_models_cover_the_five_countries_with_mode_ids(kb):
    models = kb.innovation_models
    assert set(models["iso2"]) == {"CN", "US", "DE", "JP", "KR"}
    mode_ids = set(kb.cooperation_modes["mode_id"])
    used = {m for cell in models["modes"] for m in cell.split(";") if m}
    assert used <= mode_ids
    assert used == {
        "expert_visits",
        "joint_venture",
        "mergers_acquisitions",
        "joint_rd",
        "strategic_cooperation",
    }


def test_paper_network_figures_are_those_of_section_3(kb):
    figures = kb.paper_network_figures.set_index("figure_id")
    assert figures.loc["applicants_density", "printed"] == "0.0322"
    assert figures.loc["ipc_centralization", "value"] == 81.6
    assert set(figures["network"]) == {"applicants", "ipc"}


def test_loading_is_cached_per_process(kb):
    assert load_knowledge() is kb
    assert load_knowledge(DATA) is kb


# --- malformed tables: the error names file, row and field ----------------------------
def _copy_with(tmp_path, name, edit):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder


def _set(name, row, field, value):
    column = [c.name for c in TABLES[name]].index(field)

    def edit(rows):
        rows[row - 1][column] = value

    return edit


def _edits(*edits):
    def edit(rows):
        for one in edits:
            one(rows)

    return edit


@pytest.mark.parametrize(
    ("name", "edit", "row", "field", "reason"),
    [
        (
            "huizhou_value_chain",
            _set("huizhou_value_chain", 5, "segment", "anodes"),
            5,
            "segment",
            "'anodes' not one of",
        ),
        (
            "huizhou_value_chain",
            _edits(
                _set("huizhou_value_chain", 2, "quote", ""),
                _set("huizhou_value_chain", 2, "quote_zh", ""),
            ),
            2,
            "quote",
            "a supported cell needs a quote",
        ),
        (
            "huizhou_value_chain",
            _edits(
                _set("huizhou_value_chain", 4, "quote", "Battery NM"),
                _set("huizhou_value_chain", 4, "quote_zh", "贝特瑞"),
            ),
            4,
            "quote",
            "a supported cell needs a quote",
        ),
        (
            "huizhou_value_chain",
            _set("huizhou_value_chain", 3, "stage", "applications"),
            3,
            "stage",
            "anode is in raw_materials",
        ),
        (
            "china_producers_by_province",
            _set("china_producers_by_province", 3, "producers", "22.5"),
            3,
            "producers",
            "is not an integer",
        ),
        (
            "innovation_models",
            _set("innovation_models", 2, "modes", "joint_rd;licensing"),
            2,
            "modes",
            "'licensing' not one of",
        ),
        (
            "innovation_models",
            _set("innovation_models", 2, "country", "Japan"),
            2,
            "country",
            "CN is China",
        ),
        (
            "market_facts",
            _set("market_facts", 3, "fact_id", "china_installed_2020"),
            3,
            "fact_id",
            "duplicate key",
        ),
        (
            "cooperation_modes",
            _set("cooperation_modes", 2, "type", "non-equity"),
            2,
            "type",
            "joint_venture is of type 'equity', not 'non-equity'",
        ),
        (
            "huizhou_firms",
            _set("huizhou_firms", 2, "firm", " Battery NM"),
            2,
            "firm",
            "leading or trailing spaces",
        ),
        (
            "paper_network_figures",
            _set("paper_network_figures", 5, "value", "15.2"),
            5,
            "value",
            "printed '15.02%'",
        ),
        (
            "paper_network_figures",
            _set("paper_network_figures", 3, "figure", "edges"),
            3,
            "figure",
            "appears twice",
        ),
        (
            "market_facts",
            _set("market_facts", 3, "subject_zh", ""),
            3,
            "subject_zh",
            "empty, but 'subject' is not: Chinese missing",
        ),
        (
            "innovation_models",
            _set("innovation_models", 2, "partners_zh", "政府"),
            2,
            "partners_zh",
            "filled, but 'partners' is empty",
        ),
        (
            "huizhou_firms",
            _set("huizhou_firms", 3, "main_products_zh", "正极材料、电解液 | 电池包盖板"),
            3,
            "main_products_zh",
            "2 items, 'main_products' has 6",
        ),
        (
            "huizhou_value_chain",
            _set("huizhou_value_chain", 3, "note_zh", "表3。"),
            3,
            "note_zh",
            "'Table 3, main products.' is rendered differently in an earlier row",
        ),
        (
            "huizhou_value_chain",
            _edits(
                *(_set("huizhou_value_chain", r, "firm_zh", "比亚迪股份") for r in range(16, 30))
            ),
            16,
            "firm_zh",
            "byd is '比亚迪'",
        ),
    ],
)
def test_malformed_cell_is_named(tmp_path, name, edit, row, field, reason):
    folder = _copy_with(tmp_path, name, edit)
    with pytest.raises(KnowledgeTableError) as caught:
        load_knowledge(folder)
    error = caught.value
    assert (error.file, error.row, error.field) == (f"{name}.csv", row, field)
    assert reason in error.reason
    assert str(error).startswith(f"{name}.csv, row {row}, field {field!r}: ")


def test_wrong_columns_are_named(tmp_path):
    def rename(rows):
        rows[0][0] = "firm"

    folder = _copy_with(tmp_path, "huizhou_value_chain", rename)
    with pytest.raises(KnowledgeTableError, match=r"row 1: columns must be exactly"):
        read_table(folder / "huizhou_value_chain.csv", "huizhou_value_chain")


def test_a_missing_value_chain_cell_is_found(tmp_path):
    folder = _copy_with(tmp_path, "huizhou_value_chain", lambda rows: rows.pop(7))
    with pytest.raises(KnowledgeTableError, match="139 firm x segment cells"):
        load_knowledge(folder)


def test_a_short_row_and_a_missing_file_are_named(tmp_path):
    folder = _copy_with(tmp_path, "market_facts", lambda rows: rows[4].pop())
    with pytest.raises(KnowledgeTableError, match=r"market_facts.csv, row 5: 15 cells"):
        load_knowledge(folder)
    (folder / "market_facts.csv").unlink()
    with pytest.raises(KnowledgeTableError, match=r"market_facts\.csv: file not found"):
        load_knowledge(folder)


# --- the map ------------------------------------------------------------------------------
def test_every_province_of_table_1_is_on_the_map(kb):
    require_shared("china_provinces_geo", "cn_atlas_provinces.geojson")
    geo = china_provinces_geojson()
    assert len(geo["features"]) == 34
    joined = province_geo_join(kb.china_producers_by_province["province"], geo)
    assert len(joined) == 27 and joined["geo_id"].notna().all()
    assert joined["geo_id"].is_unique
    by_province = joined.set_index("province")
    assert by_province.loc["Inner Mongolia", "geo_name"] == "Neimenggu"
    assert by_province.loc["Inner Mongolia", "geo_id"] == "150000"
    assert by_province.loc["Guangdong", "geo_id"] == "440000"
    assert china_provinces_geojson() is geo  # read once per process


def test_a_province_missing_from_the_map_is_named():
    geo = {"features": [{"properties": {"name": "Neimenggu", "id": "150000"}}]}
    with pytest.raises(ValueError, match="provinces missing from the map: Atlantis"):
        province_geo_join(pd.Series(["Inner Mongolia", "Atlantis"]), geo)


def test_verbatim_lists_hold_no_empty_items(kb):
    for name, frame in kb.tables().items():
        for column in (c.name for c in TABLES[name] if c.verbatim and c.name != "quote"):
            for cell in frame[column]:
                assert cell == "" or all(split_items(cell)), (name, column, cell)


# --- Chinese beside English -----------------------------------------------------------------
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _translation_columns(name):
    return [c for c in TABLES[name] if c.translates]


def test_every_translated_column_is_complete_and_chinese(kb):
    cells = 0
    for name, frame in kb.tables().items():
        for column in _translation_columns(name):
            english, chinese = frame[column.translates], frame[column.name]
            filled = english != ""
            if column.complete:
                assert (chinese[filled] != "").all(), (name, column.name)
            assert (chinese[~filled] == "").all(), (name, column.name)
            given = chinese != ""
            # Chinese text, or (units, names without a known Chinese form) the English as is
            chinese_text = chinese[given].str.contains(_HAN) | (chinese == english)[given]
            assert chinese_text.all(), (name, column.name, chinese[given][~chinese_text].tolist())
            cells += int(given.sum())
    assert cells > 600  # 661 when written


def test_the_names_columns_leave_unknown_chinese_names_empty(kb):
    firms = kb.huizhou_firms.set_index("firm_id")["firm_zh"]
    assert firms["byd"] == "比亚迪" and firms["eve"] == "亿纬锂能"
    assert firms["e_power"] == ""  # no Chinese name known with confidence: never guessed


def test_chinese_renderings_are_never_checked_against_the_seeds(kb):
    assert not any(c.verbatim for table in TABLES.values() for c in table if c.translates)
    modes = kb.cooperation_modes.copy()
    modes["quote_zh"] = "这句话不在种子论文里"
    firms = kb.huizhou_firms.copy()
    firms["strategy_quote_zh"] = firms["strategy_quote_zh"].where(
        firms["strategy_quote"] == "", "译文"
    )
    changed = type(kb)(**{**kb.tables(), "cooperation_modes": modes, "huizhou_firms": firms})
    assert quote_problems(changed, _seeds()) == []


def test_localised_tables_speak_the_request_language(kb):
    with use_language("zh"):
        modes = localised(kb.cooperation_modes, "cooperation_modes")
        models = localised(kb.innovation_models, "innovation_models")
        regions = localised(kb.china_producer_regions, "china_producer_regions")
        provinces = localised(kb.china_producers_by_province, "china_producers_by_province")
        chain = localised(kb.huizhou_value_chain, "huizhou_value_chain")
        facts = localised(kb.market_facts, "market_facts").set_index("fact_id")
    assert modes["mode"].tolist() == ["合资", "并购", "专家互访与合作", "联合研发合作", "战略合作"]
    assert modes.loc[0, "effect"] == "双方可迅速获得新技术和新市场 | 共担成本与风险。"
    assert modes.loc[0, "quote"].startswith("Joint venture A corporate entity")  # the source
    assert modes.loc[0, "quote_translation"].startswith("合资 由两家")
    assert set(models["country"]) == {"中国", "美国", "德国", "日本", "韩国"}
    assert regions.set_index("region_id").loc["eastern", "region"] == "华东地区"
    assert provinces.set_index("region_id")["province"].iloc[0] == "山东省"
    by_firm = chain.drop_duplicates("firm_id").set_index("firm_id")["firm"]
    assert (by_firm["byd"], by_firm["e_power"]) == ("比亚迪", "E-Power Energy")  # fallback
    assert (facts.loc["world_pack_price_2021", "unit"], facts.loc["demand_2030", "geography"]) == (
        "美元/千瓦时",
        "全球",
    )
    assert not [c for c in modes.columns if c.endswith("_zh")]

    with use_language("en"):
        english = localised(kb.cooperation_modes, "cooperation_modes")
        models = localised(kb.innovation_models, "innovation_models")
    assert english["mode"].tolist() == kb.cooperation_modes["mode"].tolist()
    assert (english["quote_translation"] == "").all()
    assert set(models["country"]) == {"China", "United States", "Germany", "Japan", "South Korea"}


def test_localised_takes_any_selection_of_rows_and_columns(kb):
    firms = kb.huizhou_firms[kb.huizhou_firms["paper_strategy"] != ""]
    shown = localised(
        firms[["firm_id", "firm", "strategy_quote", "strategy_quote_zh"]], "huizhou_firms", "zh"
    )
    assert list(shown.columns) == [
        "firm_id",
        "firm",
        "strategy_quote",
        "strategy_quote_translation",
    ]
    assert shown["strategy_quote_translation"].str.contains("战略").all()
    assert (shown.index == firms.index).all()
    assert "firm_zh" in kb.huizhou_firms  # the loaded table is left as it was


def test_every_vocabulary_value_has_a_label_in_both_languages():
    from app.ingest import knowledge_schema as schema

    vocabularies = {
        "mode_type": tuple(schema.MODE_TYPES),
        "stage": tuple(schema.STAGES),
        "segment": tuple(schema.SEGMENTS),
        "region": tuple(schema.REGIONS),
        "status": schema.VALUE_CHAIN_STATUSES,
        "strategy": schema.FIRM_STRATEGIES,
        "lead_actor": schema.LEAD_ACTORS,
        "scope": schema.STATEMENT_SCOPES,
        "stance": schema.STATEMENT_STANCES,
        "partner_kind": schema.PARTNER_KINDS,
        "fact_category": schema.FACT_CATEGORIES,
        "network": schema.PAPER_NETWORKS,
        "figure": schema.NETWORK_FIGURES,
        "column_split": schema.PROVINCE_COLUMN_SPLITS,
    }
    assert set(VOCABULARY_LABELS) == set(vocabularies)
    for vocabulary, values in vocabularies.items():
        labels = VOCABULARY_LABELS[vocabulary]
        assert tuple(labels) == values, vocabulary
        for english, chinese in labels.values():
            assert english and not _HAN.search(english)
            assert _HAN.search(chinese), (vocabulary, chinese)
    assert VOCABULARY_LABELS["stage"]["manufacturing"][0] == schema.STAGES["manufacturing"][0]
    with use_language("zh"):
        assert vocabulary_label("strategy", "vertical integrator") == "垂直一体化企业"
        assert vocabulary_label("lead_actor", "") == ""
    with use_language("en"):
        assert vocabulary_label("region", "southern") == "Southern China"


def test_province_chinese_names_are_those_of_the_map(kb):
    require_shared("china_provinces_geo", "cn_atlas_provinces.geojson")
    geo = china_provinces_geojson()
    provinces = kb.china_producers_by_province
    joined = province_geo_join(provinces["province"], geo)
    map_names = {f["properties"]["id"]: f["properties"]["地名"] for f in geo["features"]}
    assert provinces["province_zh"].tolist() == joined["geo_id"].map(map_names).tolist()


def test_applicant_names_in_chinese_where_the_alias_table_knows_them():
    names = pd.Series(["CATL", "BYD", "Toyota Motor", "24M Technologies", "SOME UNLISTED FIRM"])
    with use_language("zh"):
        shown = applicant_display_names(names)
        assert applicant_display_name("State Grid") == "国家电网"
    assert shown.tolist() == [
        "宁德时代",
        "比亚迪",
        "丰田汽车",
        "24M Technologies",
        "SOME UNLISTED FIRM",
    ]
    assert (shown.index == names.index).all()
    with use_language("en"):
        assert applicant_display_names(names).tolist() == names.tolist()
        assert applicant_display_name("CATL") == "CATL"
