"""Derwent Innovation tables and Derwent Innovations Index tagged text, told apart."""

import pytest
from conftest import FIXTURES

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable

NO_ALIASES = AliasTable.empty()


@pytest.mark.parametrize("name", ["derwent_innovation.csv", "derwent_innovation.xlsx"])
def test_derwent_innovation_table(name):
    """The workbook has a title row above the column row: found by content."""
    path = FIXTURES / name
    assert detect_format(path) == "derwent"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.applicants, report.ipc_codes, report.verdict) == (
        2,
        3,
        7,
        "green",
    )
    first = corpus.applicants[corpus.applicants["patent_id"] == "EP4123456A1"]
    assert first["name_raw"].tolist() == ["EXAMPLE BATTERY CO LTD", "SAMPLE UNIV"]
    # no applicant country in the export: the priority office stands in
    assert set(corpus.applicants["country_rule"]) == {"priority_office"}


def test_derwent_innovations_index_tagged_text():
    path = FIXTURES / "derwent_dii.txt"
    assert detect_format(path) == "derwent"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.unit, report.verdict) == (2, "family", "green")
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["2023-00000X", "publication_number"] == "EP4123456A1"
    assert patents.loc["2023-00000X", "title"].endswith("nickel rich oxide and separator")
    assert patents["priority_year"].tolist() == [2021, 2023]
    apps = corpus.applicants
    assert apps["name_raw"].tolist() == ["EXAMPLE BATTERY CO LTD", "SAMPLE UNIV", "WANG W"]
    assert apps["kind"].tolist()[-1] == "individual"  # Derwent's "-I" code marks a person
    assert corpus.ipc["code"].tolist() == ["H01M 10/0525", "H01M 4/525", "H01M 10/613"]
