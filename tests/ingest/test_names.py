import pandas as pd
import pytest

from app.ingest import names
from app.ingest.names import (
    AliasFileError,
    applicant_kind,
    applicant_kinds,
    load_aliases,
    normalize_name,
    normalize_names,
)
from app.ingest.schema import Problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CONTEMPORARY AMPEREX TECHNOLOGY CO LTD", "CONTEMPORARY AMPEREX TECHNOLOGY"),
        ("Contemporary Amperex Technology Co., Limited", "CONTEMPORARY AMPEREX TECHNOLOGY"),
        ("TOYOTA MOTOR CO LTD", "TOYOTA MOTOR"),
        ("TOYOTA MOTOR CORP", "TOYOTA MOTOR"),
        ("Toyota Motor Corporation", "TOYOTA MOTOR"),
        ("TOYOTA JIDOSHA KK", "TOYOTA JIDOSHA"),
        ("KABUSHIKI KAISHA TOSHIBA", "TOSHIBA"),
        ("APPLE INC.", "APPLE"),
        ("GOOGLE LLC", "GOOGLE"),
        ("ROLLS ROYCE PLC", "ROLLS ROYCE"),
        ("Robert Bosch GmbH", "ROBERT BOSCH"),
        ("ABB SCHWEIZ AG", "ABB SCHWEIZ"),
        ("E.HY. ENERGY HYDROGEN SOLUTION S.P.A", "E HY ENERGY HYDROGEN SOLUTION"),
        ("SIEMENS GAMESA RENEWABLE ENERGY A/S", "SIEMENS GAMESA RENEWABLE ENERGY"),
        ("SOLVAY SA", "SOLVAY"),
        ("UMICORE N.V.", "UMICORE"),
        ("NORTHVOLT AB", "NORTHVOLT"),
        ("SUNGROW HYDROGEN SCI.&TECH.CO., LTD", "SUNGROW HYDROGEN SCI & TECH"),
        ("THE NORDAM GROUP INC", "NORDAM GROUP"),
        ("宁德时代新能源科技股份有限公司", "宁德时代新能源科技"),
        ("比亚迪有限公司", "比亚迪"),
        ("トヨタ自動車株式会社", "トヨタ自動車"),
        ("株式会社デンソー", "デンソー"),
        ("ＬＧ　ＣＨＥＭ　ＬＴＤ", "LG CHEM"),  # full-width forms
        ("AREVA NP [FR]", "AREVA NP"),
        ("LTD", "LTD"),  # nothing but a legal form: kept rather than emptied
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_normalize_names_vectorised_keeps_index():
    out = normalize_names(pd.Series(["TDK CORP", None], index=[7, 8]))
    assert out.index.tolist() == [7, 8] and out.iloc[0] == "TDK" and out.iloc[1] == ""


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("UNIV TSINGHUA", "university"),
        ("NAT UNIV CORP YOKOHAMA NAT UNIV", "university"),
        ("HARBIN INST OF TECH", "university"),
        ("BOARD OF REGENTS UNIV TEXAS", "university"),
        ("清华大学", "university"),
        ("DALIAN INST CHEM & PHYSICS CAS", "research institute"),
        ("CHINESE ACADEMY OF SCIENCES", "research institute"),
        ("IND TECH RES INST", "research institute"),
        ("中国科学院物理研究所", "research institute"),
        ("US NAVY", "government"),
        ("GOVERNMENT OF THE US SECRETARY OF COMMERCE", "government"),
        ("MINISTRY OF ECONOMY TRADE & INDUSTRY", "government"),
        ("AERI TIANJIN AUTOMOTIVE ENGINEERING RES INSTITUTE CO LTD", "firm"),
        ("STATE GRID CORP CHINA", "firm"),
        ("GM GLOBAL TECH OPERATIONS LLC", "firm"),
        ("MURATA MANUFACTURING CO", "firm"),
        ("BOSCH GMBH ROBERT", "firm"),
        ("IBM", "firm"),
        ("ARKEMA FRANCE", "firm"),
        ("KIMURA KENJI", "individual"),
        ("BUCKLEY JAMES P", "individual"),
        ("WANG JIA-PING", "individual"),
        ("BACON; RICHARD J.", "individual"),
        ("VAN DEN BERG JAN PETER", "individual"),
        ("王家平", "individual"),
        ("FUJI FILM JOINT TYPE CONSULTATION", "unknown"),
        ("", "unknown"),
    ],
)
def test_applicant_kind_rules(raw, kind):
    assert applicant_kind(raw) == kind


def test_an_inventor_listed_as_applicant_is_an_individual():
    assert applicant_kind("SOLIDEDGE SOLUTION") == "firm"
    assert applicant_kind("ZENLABS ENERGY", is_inventor=True) == "individual"
    assert applicant_kind("ZENLABS ENERGY INC", is_inventor=True) == "firm"
    out = applicant_kinds(pd.Series(["DOE JANE", "ACME MOTORS"]), pd.Series([True, True]))
    assert out.tolist() == ["individual", "individual"]


ALIASES = """alias,name,country,kind,note
CONTEMPORARY AMPEREX TECHNOLOGY CO LTD,CATL,CN,firm,ningde
NINGDE CONTEMPORARY AMPEREX TECH CO LTD,CATL,CN,,
TOYOTA JIDOSHA KK,Toyota Motor,JP,firm,romanised
TOYOTA MOTOR CORP,Toyota Motor,JP,firm,
LG CHEMICAL LTD,LG Energy Solution,KR,firm,
IND TECH RES INST,ITRI,TW,research institute,
"""


@pytest.fixture
def alias_file(tmp_path):
    path = tmp_path / "applicant_aliases.csv"
    path.write_text(ALIASES, encoding="utf-8")
    return path


def test_aliases_match_after_normalising_both_sides(alias_file):
    table = load_aliases(alias_file)
    keys = normalize_names(
        pd.Series(
            [
                "Contemporary Amperex Technology Co., Ltd.",
                "NINGDE CONTEMPORARY AMPEREX TECH CO., LIMITED",
                "Toyota Motor Co Ltd",
                "CATL",  # the display name is a key too
                "UNKNOWN FIRM INC",
            ]
        )
    )
    found = table.lookup(keys)
    assert found["name"].tolist()[:4] == ["CATL", "CATL", "Toyota Motor", "CATL"]
    assert pd.isna(found["name"].iloc[4])
    assert found["country"].tolist()[:3] == ["CN", "CN", "JP"]
    assert table.warnings == ()


def test_alias_rows_with_bad_cells_are_reported(tmp_path):
    path = tmp_path / "applicant_aliases.csv"
    path.write_text(
        "alias,name,country,kind,note\n"
        "ACME CORP,Acme,USA,firm,\n"
        "ACME INC,Acme,US,company,\n"
        ",Nobody,US,firm,\n"
        "ACME LLC,Other Acme,US,firm,\n"
    )
    table = load_aliases(path)
    found = {(w.row, w.field): w for w in table.warnings}
    assert found[2, "applicant_aliases.csv: country"].value == "USA"
    assert found[3, "applicant_aliases.csv: kind"].value == "company"
    assert "alias or name empty" in found[4, "applicant_aliases.csv: alias"].reason
    assert "already maps to Acme" in found[5, "applicant_aliases.csv: name"].reason
    found = table.lookup(pd.Series(["ACME"]))
    assert found["name"].iloc[0] == "Acme" and pd.isna(found["country"].iloc[0])


def test_chinese_names_are_looked_up_by_display_name_and_by_key(tmp_path):
    path = tmp_path / "applicant_aliases.csv"
    path.write_text(
        "alias,name,name_zh,country,kind,note\n"
        "CONTEMPORARY AMPEREX TECHNOLOGY CO LTD,CATL,宁德时代,CN,firm,\n"
        "NINGDE CONTEMPORARY AMPEREX TECH CO LTD,CATL,,CN,firm,\n"
        "TOYOTA MOTOR CORP,Toyota Motor,丰田汽车,JP,firm,\n"
        "TOYOTA JIDOSHA KK,Toyota Motor,丰田,JP,firm,\n"
        "24M TECHNOLOGIES INC,24M Technologies,,US,firm,\n",
        encoding="utf-8",
    )
    table = load_aliases(path)
    assert table.chinese_names == {"CATL": "宁德时代", "Toyota Motor": "丰田汽车"}
    found = table.lookup(
        normalize_names(
            pd.Series(["Ningde Contemporary Amperex Tech Co Ltd", "24M Technologies Inc", "ACME"])
        )
    )
    assert found["name_zh"].iloc[0] == "宁德时代"  # the name's Chinese, given on another row
    assert found["name_zh"].iloc[1:].isna().all()
    assert table.warnings == (
        Problem(
            5,
            "applicant_aliases.csv: name_zh",
            "Toyota Motor already has the Chinese name 丰田汽车; this one is ignored",
            "丰田",
        ),
    )


def test_an_alias_file_without_chinese_names_still_loads(alias_file):
    table = load_aliases(alias_file)  # columns alias,name,country,kind,note
    assert table.chinese_names == {} and table.warnings == ()
    assert table.lookup(pd.Series(["CATL"]))["name"].iloc[0] == "CATL"


def test_alias_file_with_wrong_columns_is_refused(tmp_path):
    path = tmp_path / "applicant_aliases.csv"
    path.write_text("raw,canonical\nA,B\n")
    with pytest.raises(AliasFileError, match="missing column"):
        load_aliases(path)


def test_missing_alias_file_is_a_warning_not_an_error(tmp_path):
    table = load_aliases(tmp_path / "absent.csv")
    assert len(table) == 0
    assert "not found" in table.warnings[0].reason


def test_the_real_alias_file_has_the_agreed_columns_when_present():
    path = names.alias_path()
    if not path.exists():
        pytest.skip(f"{path} not curated yet")
    table = load_aliases(path)  # raises on wrong columns
    assert len(table) > 0
