"""EPO linked data (one row per publication x applicant x code): one record per application."""

import pandas as pd
from conftest import FIXTURES, require_shared

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable

NO_ALIASES = AliasTable.empty()


def test_rows_are_grouped_into_one_record_per_application():
    path = FIXTURES / "epo_linked_h01m.csv"
    assert detect_format(path) == "epo-linked"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.rows_read, report.patents, report.unit, report.verdict) == (
        13,
        3,
        "application",
        "green",
    )
    patents = corpus.patents.set_index("patent_id")
    # the A1 and B1 publications of application 20100001 are one record, named by the first
    assert patents.loc["EP20100001", "publication_number"] == "EP3000001A1"
    assert patents["year"].tolist() == [2014, 2014, 2014]


def test_every_applicant_and_code_is_kept_uris_stripped():
    corpus, report = import_export(FIXTURES / "epo_linked_h01m.csv", aliases=NO_ALIASES)
    apps = corpus.applicants
    first = apps[apps["patent_id"] == "EP20100001"]
    # the B1's mixed-case spelling of the same firm is not a second applicant
    assert first["name_raw"].tolist() == [
        "EXAMPLE BATTERY CO., LTD.",
        "Sample University of Technology",  # the line break inside the name is a space
    ]
    assert first["country"].tolist() == ["JP", "DE"] and set(apps["country_rule"]) == {"source"}
    assert (report.applicants, report.multi_applicant) == (5, 2)
    codes = corpus.ipc.groupby("patent_id")["code"].apply(list).to_dict()
    assert codes == {
        "EP20100001": ["H01M 10/0525", "H01M 4/525"],
        "EP20100002": ["H01M 50/105", "H01M 10/04", "Y02E 60/10"],
        "EP20100003": ["H01M 8/0606"],
    }
    assert set(corpus.ipc["scheme"]) == {"CPC"} and report.ipc_codes == 6


def test_the_real_epo_h01m_2014_file():
    """The figures its SOURCE.md gives, counted again from the file with pandas alone."""
    path = require_shared("patents_epo_h01m_2014_oceanumeric", "patent_H01M_2014.csv")
    raw = pd.read_csv(path, dtype="str", keep_default_na=False)
    truth = {
        "records": raw["application"].nunique(),
        "publications": raw["publn"].nunique(),
        "links": len(raw[["application", "name"]].drop_duplicates()),
        "multi": int((raw.groupby("application")["name"].nunique() >= 2).sum()),
        "code_links": len(raw[["application", "cpcCode"]].drop_duplicates()),
        "codes": raw["cpcCode"].nunique(),
    }
    assert truth == {
        "records": 2196,
        "publications": 2249,
        "links": 2475,
        "multi": 230,
        "code_links": 3620,
        "codes": 167,
    }
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.verdict, report.rejected, report.warnings) == ("green", [], [])
    assert (report.rows_read, report.patents, report.ipc_codes, report.distinct_codes) == (
        4145,
        2196,
        3620,
        167,
    )
    # two applications list one applicant twice, in upper and mixed case on their B1 and B8
    # publications (ACAL Energy, GPI): one applicant each, so 2 links and 2 "multi" fewer
    assert (report.applicants, report.multi_applicant) == (2473, 228)
    assert report.applicants_with_country == report.applicants
    assert (report.year_min, report.year_max) == (2014, 2014)
    assert corpus.patents["publication_number"].str.match(r"^EP\d+[AB]\d$").all()
