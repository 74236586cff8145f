"""Bad input: every case ends in a report naming the problem, never an exception."""

import pandas as pd
import pytest
from conftest import FIXTURES

from app.i18n import use_language
from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable
from app.ingest.schema import Problem, code_column

NO_ALIASES = AliasTable.empty()
LENS_HEADER = (
    FIXTURES.joinpath("lens_variant_c.csv").read_text(encoding="utf-8-sig").splitlines()[0]
)


def _lens_rows(*rows: str) -> str:
    return "\r\n".join([LENS_HEADER, *rows]) + "\r\n"


def _row(
    number,
    lens_id,
    applicants="ACME CORP",
    ipcr="H01M4/00",
    priority="2020-01-02",
    pub="2021-07-01",
    year="2021",
):
    cells = [""] * 37
    cells[0], cells[1], cells[4] = str(number), "US", lens_id
    cells[5], cells[6], cells[10] = pub, year, priority
    cells[13], cells[29] = applicants, ipcr
    return ",".join(f'"{c}"' if "," in c else c for c in cells)


def _import(tmp_path, content, name="export.csv", **kwargs):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return import_export(path, aliases=NO_ALIASES, **kwargs)


def test_empty_file(tmp_path):
    for content in (b"", b"  \r\n\n"):
        corpus, report = _import(tmp_path, content)
        assert corpus is None and report.error == "export.csv is empty" and not report.ok


def test_binary_file(tmp_path):
    corpus, report = _import(tmp_path, b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "export.csv")
    assert corpus is None and "binary" in report.error


def test_zip_that_is_neither_workbook_nor_tables(tmp_path):
    import zipfile

    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert corpus is None and "not an Excel workbook" in report.error


def test_undecodable_encoding(tmp_path):
    content = (LENS_HEADER + "\r\n").encode() + b"1,US,A1,\x81\x8d\x90,\r\n"
    corpus, report = _import(tmp_path, content)
    assert corpus is None and "cannot be decoded as UTF-8" in report.error


def test_missing_required_columns(tmp_path):
    header = LENS_HEADER.replace("Applicants,", "Assignees,")
    corpus, report = _import(tmp_path, header + "\r\n", "export.csv", format="lens")
    assert corpus is None
    assert "missing required column(s) for a Lens export: 'applicants'" in report.error


def test_unrecognised_header(tmp_path):
    corpus, report = _import(tmp_path, "foo,bar\n1,2\n")
    assert corpus is None and "matches no known export" in report.error
    assert detect_format(tmp_path / "export.csv") is None


def test_header_without_records(tmp_path):
    corpus, report = _import(tmp_path, _lens_rows())
    assert corpus is None and "no patent records" in report.error and report.rows_read == 0


def test_unreadable_years_reject_the_row_only_when_no_date_is_usable(tmp_path):
    content = _lens_rows(
        _row(1, "100-000-000-000-001"),
        _row(2, "100-000-000-000-002", priority="next spring", pub="2021-13-45", year="21st"),
        _row(3, "100-000-000-000-003", priority="next spring"),
        _row(4, "100-000-000-000-004", priority="", pub="", year=""),
    )
    corpus, report = _import(tmp_path, content)
    assert report.ok and report.rows_read == 4 and report.patents == 3
    (rejected,) = report.rejected
    assert (rejected.row, rejected.field, rejected.value) == (
        3,
        "Earliest Priority Date",
        "next spring",
    )
    assert "no usable year" in rejected.reason
    assert (
        Problem(4, "Earliest Priority Date", "unreadable date ignored", "next spring")
        in report.warnings
    )
    years = corpus.patents.set_index("patent_id")
    assert years.loc["100-000-000-000-003", ["year", "year_basis"]].tolist() == [
        2021,
        "publication",
    ]
    assert years.loc["100-000-000-000-004", "year_basis"] == "unknown"
    assert Problem(5, "Lens ID", "no date: the year is unknown", "100-000-000-000-004") in (
        report.warnings
    )


def test_unreadable_codes_are_dropped_with_row_and_field(tmp_path):
    content = _lens_rows(_row(1, "100-000-000-000-001", ipcr="H01M4/00;;BATTERY;;H01"))
    corpus, report = _import(tmp_path, content)
    assert report.ok and report.rejected == []
    assert corpus.ipc["code"].tolist() == ["H01M 4/00"]
    assert report.warnings == [
        Problem(2, "IPCR Classifications", "unreadable code dropped", "BATTERY"),
        Problem(2, "IPCR Classifications", "unreadable code dropped", "H01"),
    ]


def test_code_warnings_are_in_the_readers_language_and_after_the_applicants(tmp_path):
    # codes are assembled in a second thread: it must run in the caller's language, and
    # its checks must come where they did when everything ran in one thread
    content = _lens_rows(_row(1, "100-000-000-000-001", ipcr="H01M4/00;;BATTERY"))
    with use_language("zh"):
        _, report = _import(tmp_path, content)
    assert [w.reason for w in report.warnings] == ["无法读取的分类号已舍弃"]
    assert [c.kind for c in report.columns][-1] == "codes"


def test_every_unreadable_code_is_kept_in_the_report(tmp_path):
    rows = [_row(i, f"100-000-000-000-{i:03d}", ipcr="X;;Y") for i in range(1, 21)]
    _, report = _import(tmp_path, _lens_rows(*rows))
    assert len(report.warnings) == 40  # no "... and 20 more": all of them, for the CSV
    assert [w.row for w in report.warnings[-2:]] == [21, 21]
    (check,) = report.columns[-1:]
    assert (check.field, check.kind, check.values, check.unreadable) == (
        "IPCR Classifications",
        "codes",
        40,
        40,
    )


def test_duplicate_records_and_empty_ids_are_rejected(tmp_path):
    content = _lens_rows(
        _row(1, "100-000-000-000-001"),
        _row(2, "100-000-000-000-001", applicants="OTHER CORP"),
        _row(3, ""),
    )
    corpus, report = _import(tmp_path, content)
    assert report.patents == 1
    assert [(r.row, r.field, r.reason) for r in report.rejected] == [
        (3, "Lens ID", "duplicate of row 2"),
        (4, "Lens ID", "empty record identifier"),
    ]
    assert corpus.applicants["name_raw"].tolist() == ["ACME CORP"]


def test_rows_with_the_wrong_number_of_fields(tmp_path):
    content = _lens_rows(_row(1, "100-000-000-000-001"), "2,US,short row")
    _, report = _import(tmp_path, content)
    assert report.patents == 1 and report.rows_read == 2
    (rejected,) = report.rejected
    assert rejected.row == 3 and "expected 37 fields, found 3" in rejected.reason


def test_file_over_the_size_limit(tmp_path):
    corpus, report = _import(tmp_path, _lens_rows(_row(1, "100-000-000-000-001")), max_bytes=100)
    assert corpus is None and "over the upload limit" in report.error


def test_missing_path_and_unknown_format(tmp_path):
    corpus, report = import_export(tmp_path / "nowhere.csv")
    assert corpus is None and "not found" in report.error
    corpus, report = import_export(FIXTURES / "generic.csv", "wipo-st36")
    assert corpus is None and "unknown format" in report.error


def test_a_forced_format_that_does_not_fit(tmp_path):
    corpus, report = import_export(FIXTURES / "espacenet.csv", "lens", aliases=NO_ALIASES)
    assert corpus is None and "missing required column(s) for a Lens export" in report.error
    corpus, report = import_export(FIXTURES / "lens_variant_c.csv", "ops-flat", aliases=NO_ALIASES)
    assert corpus is None and "OPS flat" in report.error


def test_folder_without_tables(tmp_path):
    corpus, report = import_export(tmp_path, aliases=NO_ALIASES)
    assert corpus is None and "folder without PatentsView" in report.error


def test_malformed_alias_file_does_not_stop_an_import(monkeypatch, tmp_path):
    from app.ingest import names

    bad = tmp_path / "applicant_aliases.csv"
    bad.write_text("raw,canonical\n")
    monkeypatch.setattr(names, "alias_path", lambda: bad)
    corpus, report = import_export(FIXTURES / "lens_variant_c.csv")
    assert corpus is not None
    assert any(
        "alias table not used" in w.reason and "missing column" in w.reason for w in report.warnings
    )


def test_alias_table_names_countries_and_kinds_in_the_corpus(tmp_path):
    aliases = tmp_path / "applicant_aliases.csv"
    aliases.write_text(
        "alias,name,country,kind,note\n"
        "CONTEMPORARY AMPEREX TECHNOLOGY CO LTD,CATL,CN,firm,\n"
        "SAMPLE UNIV,Sample University,GB,university,\n"
        "US NAVY,US Navy,,government,\n"
    )
    from app.ingest.names import load_aliases

    corpus, _ = import_export(FIXTURES / "lens_variant_c.csv", aliases=load_aliases(aliases))
    apps = corpus.applicants.set_index("name_raw")
    assert apps.loc["CONTEMPORARY AMPEREX TECHNOLOGY CO LTD", "name"] == "CATL"
    # alias country beats the priority office; the source would beat both
    assert apps.loc["SAMPLE UNIV", ["name", "country", "country_rule"]].tolist() == [
        "Sample University",
        "GB",
        "alias_table",
    ]
    # no alias country: the chain goes on
    assert apps.loc["US NAVY", ["country_rule"]].tolist() == ["jurisdiction"]


@pytest.mark.parametrize("fixture", ["lens_variant_c.csv", "espacenet.csv"])
def test_report_counts_match_the_frames(fixture):
    corpus, report = import_export(FIXTURES / fixture, aliases=NO_ALIASES)
    assert report.patents == len(corpus.patents)
    assert report.applicants == len(corpus.applicants)
    assert report.ipc_codes == len(corpus.ipc)
    assert report.to_dict()["ok"] is True


def test_a_repeat_of_a_rejected_record_is_kept(tmp_path):
    content = _lens_rows(
        _row(1, "100-000-000-000-001", priority="never", pub="never", year="never"),
        _row(2, "100-000-000-000-001"),
    )
    corpus, report = _import(tmp_path, content)
    assert corpus.patents["patent_id"].tolist() == ["100-000-000-000-001"]
    assert [(r.row, r.reason) for r in report.rejected] == [(2, "unreadable date, no usable year")]


@pytest.mark.parametrize(
    "fixture",
    [
        "lens_variant_c.csv",
        "espacenet.csv",
        "epo_linked_h01m.csv",
        "bigquery_long.csv",
        "google_gp-search.csv",
        "derwent_dii.txt",
        "incopat.xlsx",
        "patentsview",
    ],
)
def test_the_integer_views_known_from_the_import_are_those_of_the_frames(fixture):
    # the import hands the store each applicant and code row's patent position and the
    # codes of names and classification codes (no matching or hashing of millions of
    # strings again); they must be what working them out from the frames gives
    corpus, _report = import_export(FIXTURES / fixture, aliases=NO_ALIASES)
    ids = pd.Index(corpus.patents["patent_id"])
    for rows, frame in ((corpus.applicant_rows, corpus.applicants), (corpus.ipc_rows, corpus.ipc)):
        assert rows.tolist() == ids.get_indexer(frame["patent_id"]).tolist()
        assert len(rows) == len(frame)
    for frame, column in (("applicants", "name"), ("ipc", "code")):
        seeded, computed = corpus.coded(frame, column), code_column(getattr(corpus, frame)[column])
        assert seeded.codes.dtype == computed.codes.dtype
        assert seeded.codes.tolist() == computed.codes.tolist()
        assert seeded.labels.tolist() == computed.labels.tolist()
    assert len(corpus.applicants) > 1
