import pandas as pd
import pytest
from conftest import FIXTURES

from app.ingest.importer import import_export
from app.ingest.names import AliasTable
from app.ingest.readers.generic import guess_mapping

NO_ALIASES = AliasTable.empty()
MAPPING = {
    "patent_id": "Pub No.",
    "title": "Title",
    "applicants": "Assignee(s)",
    "applicant_countries": "Assignee country",
    "ipc": "IPC codes",
    "priority_date": "Priority date",
    "jurisdiction": "Office",
}


@pytest.mark.parametrize("name", ["generic.csv", "generic.xlsx"])
def test_generic_with_mapping_and_separator(name):
    corpus, report = import_export(
        FIXTURES / name, "generic", mapping=MAPPING, sep="|", aliases=NO_ALIASES
    )
    assert report.error is None, report.error
    assert (report.patents, report.rejected) == (3, [])
    apps = corpus.applicants.set_index("name_raw")
    assert apps.loc["UNIV KYOTO", ["country", "country_rule", "kind"]].tolist() == [
        "JP",
        "source",
        "university",
    ]
    assert apps.loc["SMITH JOHN", ["country", "country_rule"]].tolist() == ["US", "jurisdiction"]
    codes = corpus.ipc[corpus.ipc["patent_id"] == "JP2022100001A"]["code"].tolist()
    assert codes == ["H01M 4/62", "H01M 4/13"]
    years = corpus.patents.set_index("patent_id")["priority_year"]
    assert years["US2023000002A1"] == 2021  # 12/1/2021, a spreadsheet re-save


def test_xlsx_header_below_a_title_row_keeps_excel_row_numbers():
    bad = dict(MAPPING, ipc="Title")  # titles are not codes: every code is unreadable
    corpus, report = import_export(
        FIXTURES / "generic.xlsx", "generic", mapping=bad, sep="|", aliases=NO_ALIASES
    )
    assert corpus is not None
    first = next(w for w in report.warnings if w.reason == "unreadable code dropped")
    assert (first.row, first.field) == (4, "Title")  # title row 1, header row 3
    assert report.verdict == "amber"  # the column named IPC holds no code at all


def test_mapping_naming_a_missing_column_is_refused():
    corpus, report = import_export(
        FIXTURES / "generic.csv",
        "generic",
        mapping={"patent_id": "Pub No.", "applicants": "Owner"},
        aliases=NO_ALIASES,
    )
    assert corpus is None and "'Owner'" in report.error
    corpus, report = import_export(
        FIXTURES / "generic.csv", "generic", mapping={"owner": "Title"}, aliases=NO_ALIASES
    )
    assert corpus is None and "unknown field" in report.error


def test_without_mapping_columns_named_like_fields_are_used(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id;applicant;ipc;priority date\nX1;ACME CORP,BETA LTD;H01M4/00;2020-01-02\n")
    assert guess_mapping({"id", "applicant", "ipc"}) == {
        "patent_id": "id",
        "applicants": "applicant",
        "ipc": "ipc",
    }
    corpus, report = import_export(path, "generic", sep=",", aliases=NO_ALIASES)
    assert report.error is None
    assert corpus.applicants["name"].tolist() == ["ACME", "BETA"]
    assert corpus.patents["year"].tolist() == [2020]


LONG_MAPPING = {
    "patent_id": "Record",
    "title": "Title",
    "applicants": "Applicant",
    "ipc": "IPC",
    "filing_date": "Filed",
    "inventors": "Inventors",
}


def test_long_file_rows_of_one_record_are_merged():
    """Several rows per record id: one record, its applicants and codes accumulated."""
    corpus, report = import_export(
        FIXTURES / "generic_long.csv", "generic", mapping=LONG_MAPPING, aliases=NO_ALIASES
    )
    assert (report.rows_read, report.patents, report.rejected, report.verdict) == (
        5,
        3,
        [],
        "green",
    )
    apps = corpus.applicants[corpus.applicants["patent_id"] == "R1"]
    assert apps[["name_raw", "country", "country_rule"]].values.tolist() == [
        ["ALPHA CELLS AG", "DE", "source"],  # "[CC]" tags are countries
        ["BETA UNIV", "AT", "source"],
    ]
    codes = corpus.ipc.groupby("patent_id")["code"].apply(list).to_dict()
    # codes split on the comma this column uses; a subclass alone stays, at its level
    assert codes["R1"] == ["H01M 50/10", "H01M 50/40", "C07C"]
    assert corpus.ipc.set_index("code").loc["C07C", ["subclass"]].tolist() == ["C07C"]
    assert pd.isna(corpus.ipc.set_index("code").loc["C07C", "main_group"])
    # inventors on ";" in their own column: MEIER A is no applicant, so nobody is a person
    assert any("Inventors ';'" in note for note in corpus.meta.notes)


def test_each_column_gets_its_own_separator():
    corpus, report = import_export(
        FIXTURES / "generic.csv", "generic", mapping=MAPPING, aliases=NO_ALIASES
    )
    assert report.error is None and (report.patents, report.applicants) == (3, 5)
    assert corpus.ipc[corpus.ipc["patent_id"] == "JP2022100001A"]["code"].tolist() == [
        "H01M 4/62",
        "H01M 4/13",
    ]
