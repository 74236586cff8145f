"""BigQuery patents-public-data results: flat CSV, one row per code, nested JSON."""

from conftest import FIXTURES

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable

NO_ALIASES = AliasTable.empty()


def _summary(corpus):
    apps = corpus.applicants.groupby("patent_id", sort=False)
    return {
        "applicants": apps["name_raw"].apply(list).to_dict(),
        "countries": apps["country"].apply(list).to_dict(),
        "cpc": corpus.ipc[corpus.ipc["scheme"] == "CPC"]
        .groupby("patent_id")["code"]
        .apply(list)
        .to_dict(),
    }


def test_flat_csv_with_joined_lists():
    path = FIXTURES / "bigquery_flat.csv"
    assert detect_format(path) == "bigquery"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.applicants, report.ipc_codes, report.verdict) == (
        3,
        5,
        9,
        "green",
    )
    found = _summary(corpus)
    assert found["applicants"]["US-11999999-B2"] == ["EXAMPLE BATTERY CO LTD", "SAMPLE UNIV"]
    assert found["countries"]["US-11999999-B2"] == ["JP", "US"]
    # a person without a harmonised country keeps the gap: the next name keeps its own
    assert found["countries"]["EP-4300003-A1"] == ["unknown", "KR"]
    # BigQuery's 0 for an unknown date is no date, not an unreadable one
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["EP-4300003-A1", ["year", "year_basis"]].tolist() == [2023, "filing"]
    assert report.warnings == []


def test_one_row_per_assignee_and_code_is_merged():
    corpus, report = import_export(FIXTURES / "bigquery_long.csv", aliases=NO_ALIASES)
    assert (report.rows_read, report.patents, report.applicants, report.ipc_codes) == (7, 2, 3, 4)
    assert report.rejected == []  # repeats of a publication are its other rows, not duplicates
    found = _summary(corpus)
    assert found["cpc"]["US-11999999-B2"] == ["H01M 10/0525", "H01M 4/525", "Y02E 60/10"]
    assert found["countries"]["US-11999999-B2"] == ["JP", "US"]
    assert corpus.patents["jurisdiction"].tolist() == ["US", "CN"]


def test_newline_delimited_json_with_nested_fields():
    path = FIXTURES / "bigquery_results.jsonl"
    assert detect_format(path) == "bigquery"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.applicants, report.ipc_codes, report.verdict) == (
        2,
        3,
        4,
        "green",
    )
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["US-11999999-B2", "title"] == "Layered cathode for a lithium ion cell"
    assert patents.loc["CN-117000001-A", "title"] == "固态电解质膜"
    assert patents.loc["CN-117000001-A", "year_basis"] == "filing"  # priority_date "0"
    found = _summary(corpus)
    assert found["countries"] == {"US-11999999-B2": ["JP", "US"], "CN-117000001-A": ["CN"]}
    assert found["cpc"] == {"US-11999999-B2": ["H01M 10/0525", "Y02E 60/10"]}
    assert set(corpus.applicants["country_rule"]) == {"source"}
