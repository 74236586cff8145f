"""Google Patents CSV: the search URL line, comma-joined assignees, the office as a proxy."""

import pandas as pd
import pytest
from conftest import FIXTURES

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable
from app.ingest.readers.google import split_legal_names

NO_ALIASES = AliasTable.empty()


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "Genentech, Inc., F. Hoffmann-La Roche Ag",
            ["Genentech, Inc.", "F. Hoffmann-La Roche Ag"],
        ),
        ("Samsung Electronics Co., Ltd.", ["Samsung Electronics Co., Ltd."]),
        ("Ford Global Technologies, Llc", ["Ford Global Technologies, Llc"]),
        (
            "Kyushu University, National University Corporation",
            ["Kyushu University, National University Corporation"],
        ),
        (
            "The European Union, represented by the European Commission",
            ["The European Union, represented by the European Commission"],
        ),
        ("清华大学, 北京衔远有限公司", ["清华大学", "北京衔远有限公司"]),
        (
            "Example Motors, Llc, Sample Robotics Inc.",
            ["Example Motors, Llc", "Sample Robotics Inc."],
        ),
    ],
)
def test_assignees_split_on_comma_except_inside_legal_names(cell, names):
    assert split_legal_names(pd.Series([cell]))["value"].tolist() == names


def test_current_export_without_search_url_line():
    path = FIXTURES / "google_gp-search.csv"
    assert detect_format(path) == "google"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.applicants, report.multi_applicant, report.verdict) == (
        5,
        8,
        3,
        "green",
    )
    patents = corpus.patents.set_index("patent_id")
    assert patents.index.tolist()[:2] == ["US11999999B2", "CN117000001A"]  # hyphens dropped
    assert patents.loc["US11999999B2", "title"] == "Layered cathode for a lithium ion cell"
    assert patents.loc["US11999999B2", ["priority_year", "year_basis"]].tolist() == [
        2021,
        "priority",
    ]
    apps = corpus.applicants.set_index(["patent_id", "name_raw"])
    # the office of the publication number stands in for the country: a weak proxy, said so
    assert apps.loc[("CN117000001A", "样例大学"), ["country", "country_rule"]].tolist() == [
        "CN",
        "jurisdiction",
    ]
    legal = (
        "L'Air Liquide, Société Anonyme pour l'Etude et l'Exploitation des Procédés Georges Claude"
    )
    assert apps.loc[("WO2024000003A1", legal), "country"] == "unknown"  # WO is no country
    assert any("weak proxy" in note for note in corpus.meta.notes)


def test_2017_export_with_search_url_line_and_two_digit_years():
    corpus, report = import_export(FIXTURES / "google_search_url.csv", aliases=NO_ALIASES)
    assert report.format == "google" and report.patents == 3 and report.rejected == []
    assert corpus.applicants["name_raw"].tolist() == [
        "Example Power Company",
        "Example Motors, Llc",
        "Sample Robotics Inc.",
        "Example Electrochemical Corp.",
    ]
    assert corpus.patents["priority_year"].tolist() == [1995, 2001, 1983]
