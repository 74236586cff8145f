"""The verdict and how the report is worded: green clean, amber kept with problems, red refused."""

import pytest

from app.i18n import use_language
from app.ingest.report import problems_frame, summary_rows
from app.ingest.schema import ColumnCheck, ImportReport, Problem


def _report(**kwargs) -> ImportReport:
    base = dict(
        file="x.csv",
        format="lens",
        unit="publication",
        rows_read=1000,
        patents=990,
        applicants=1200,
        multi_applicant=100,
        ipc_codes=3000,
        distinct_codes=200,
        country_rules={"source": 1000, "unknown": 200},
        year_min=2014,
        year_max=2024,
    )
    return ImportReport(**(base | kwargs))


def test_clean_import_is_green():
    report = _report(rejected=[Problem(5, "Lens ID", "empty record identifier")] * 10)
    assert (report.verdict, report.verdict_reasons) == ("green", [])  # 1.0% is not over 1%


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"rejected": [Problem(5, "Lens ID", "empty record identifier")] * 11}, "11 of 1,000 rows"),
        ({"columns": [ColumnCheck("IPC", "codes", 100, 6)]}, "Column IPC: 6 of 100 codes"),
        ({"applicants": 0, "country_rules": {}}, "No applicant names"),
        ({"year_min": None, "year_max": None}, "No record has a usable date"),
    ],
)
def test_problems_that_make_an_import_amber(change, reason):
    report = _report(**change)
    assert report.verdict == "amber" and report.ok
    assert any(reason in r for r in report.verdict_reasons), report.verdict_reasons


def test_a_column_at_five_percent_is_still_green():
    assert _report(columns=[ColumnCheck("IPC", "codes", 100, 5)]).verdict == "green"


def test_an_import_with_an_error_is_red():
    report = _report(patents=0, error="x.csv: no patent records could be imported")
    assert report.verdict == "red" and report.verdict_reasons == [report.error]


def test_reasons_and_summary_in_chinese():
    report = _report(year_min=None, year_max=None)
    with use_language("zh"):
        assert report.verdict_reasons == ["没有任何记录有可用日期：无法绘制按年份的图表。"]
        rows = dict((label, value) for label, value, _note in summary_rows(report))
    assert rows["记录"] == "990" and rows["年份"] == "无"
    assert rows["结论"].startswith("黄色")


def test_summary_counts_and_shares():
    rows = {label: (value, note) for label, value, note in summary_rows(_report())}
    assert rows["Records"] == ("990", "records are publications")
    assert rows["Applicant links with a country"][0] == "1,000 (83.3%)"
    assert rows["Applicant links with a country"][1] == "stated in the export 1,000; unknown 200"
    assert rows["Years"][0] == "2014-2024"
    assert rows["Verdict"][0] == "Green: read cleanly"


def test_every_problem_goes_into_one_downloadable_frame():
    warnings = [Problem(i, "IPC", "unreadable code dropped", f"X{i}") for i in range(2, 40)]
    report = _report(
        rejected=[Problem(3, "(row)", "expected 37 fields, found 4", "3,US,oops")],
        warnings=[Problem(None, "", "read as Windows-1252 (cp1252)"), *warnings],
    )
    frame = problems_frame(report)
    assert list(frame.columns) == ["kind", "row", "field", "value", "reason"]
    assert len(frame) == 1 + 1 + 38  # uncapped
    assert frame.iloc[0].tolist() == [
        "rejected",
        3,
        "(row)",
        "3,US,oops",
        "expected 37 fields, found 4",
    ]
    assert frame["row"].isna().sum() == 1  # the file-wide warning has no row


def test_a_report_survives_the_cache_round_trip():
    report = _report(
        columns=[ColumnCheck("IPC", "codes", 100, 6)],
        warnings=[Problem(2, "IPC", "unreadable code dropped", "X")],
    )
    back = ImportReport.from_dict(report.to_dict())
    assert back == report and back.verdict == "amber"
    old = dict(report.to_dict(), warnings=["a warning from before warnings had rows"])
    assert ImportReport.from_dict(old).warnings == [
        Problem(None, "", "a warning from before warnings had rows")
    ]
