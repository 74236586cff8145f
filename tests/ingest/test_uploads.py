import pytest
from conftest import FIXTURES

from app.ingest.uploads import check_upload, mapping_choices

LIMIT = 10_000
LENS_HEAD = b'\xef\xbb\xbf"#",Jurisdiction,Kind\r\n1,EP,A1\r\n'


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("lens.csv", LENS_HEAD, None),
        ("list.TSV", b"id\ttitle\n1\tx\n", None),
        ("utf16.csv", "id,title\n1,x\n".encode("utf-16"), None),
        ("book.xlsx", b"PK\x03\x04rest", None),
        ("old.xls", b"\xd0\xcf\x11\xe0", "old Excel 97-2003 workbook"),
        ("scan.pdf", b"%PDF-1.7", "not a type we read"),
        ("noext", b"a,b\n", "(no extension)"),
        ("renamed.csv", b"%PDF-1.7", "is a PDF document"),
        ("renamed.csv", b"\xd0\xcf\x11\xe0\xa1\xb1", "old Excel 97-2003 (.xls)"),
        ("zipped.csv", b"PK\x03\x04rest", "rename it .xlsx"),
        ("binary.csv", b"id,title\n\x00\x01\x02", "holds binary data"),
        ("fake.xlsx", b"id,title\n1,x\n", "is not an Excel workbook"),
        ("fake.zip", b"id,title\n", "is not a zip archive"),
        ("empty.csv", b"  \r\n", "is empty"),
        ("big.csv", b"x" * (LIMIT + 1), "over the upload limit"),
    ],
)
def test_one_file_is_judged_by_name_size_and_first_bytes(name, data, expected):
    problem = check_upload([(name, data)], LIMIT)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem and problem.startswith(name)


def test_several_files_only_as_patentsview_tables():
    tables = [("g_patent.tsv.zip", b"PK\x03\x04"), ("g_application.tsv", b"patent_id\n1\n")]
    assert check_upload(tables, LIMIT) is None
    problem = check_upload([*tables, ("notes.csv", b"a\n")], LIMIT)
    assert "upload one export at a time" in problem
    big = [("g_patent.tsv", b"x" * 6000), ("g_application.tsv", b"x" * 6000)]
    assert "the 2 files are" in check_upload(big, LIMIT)
    assert check_upload([], LIMIT) == "no file received"


def test_mapping_choices_find_the_header_below_a_title_row_and_guess_fields():
    for name in ("generic.csv", "generic.xlsx"):  # the workbook has a title row first
        columns, guess, sep = mapping_choices(FIXTURES / name)
        assert columns[:3] == ["Pub No.", "Title", "Assignee(s)"]
        assert guess["patent_id"] == "Pub No."
        assert guess["applicants"] == "Assignee(s)"
        assert guess["applicant_countries"] == "Assignee country"
        assert guess["ipc"] == "IPC codes" and guess["priority_date"] == "Priority date"
        assert guess["jurisdiction"] == "Office"
        assert sep == ""  # each column's separator is read from its own cells


def test_mapping_choices_preselect_every_column_an_export_names():
    """A Google Patents file forced through the mapping form: every column it has is chosen."""
    _columns, guess, _sep = mapping_choices(FIXTURES / "google_gp-search.csv")
    assert guess == {
        "patent_id": "id",
        "title": "title",
        "priority_date": "priority date",
        "filing_date": "filing/creation date",
        "publication_date": "publication date",
        "applicants": "assignee",
        "inventors": "inventor/author",
    }
    _columns, guess, _sep = mapping_choices(FIXTURES / "incopat.csv")
    assert guess["applicants"] == "申请人" and guess["applicant_countries"] == "申请人国别代码"
    assert guess["publication_number"] == "公开(公告)号" and guess["ipc"] == "IPC"


def test_guess_separator_prefers_the_lens_double_semicolon():
    import pandas as pd

    from app.ingest.values import VALUE_SEPARATORS, guess_separator

    assert guess_separator(pd.Series(["A;;B", "C"])) == ";;"
    assert guess_separator(pd.Series(["A; B", "C; D", "E | F"])) == ";"
    assert guess_separator(pd.Series(["one\nper line", "x"])) == "\n"
    assert guess_separator(pd.Series(["CN, US", "JP"]), VALUE_SEPARATORS) == ","
