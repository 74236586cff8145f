import codecs

import pytest

from app.ingest.table import InputError, MappedFile, decode, header_key, read_bytes, read_table


def test_header_key_normalises_bom_case_width_and_spaces():
    assert header_key('\ufeff"#"') == "#"
    assert header_key("NPL Resolved External Id(s)") == header_key("NPL Resolved External ID(s)")
    assert header_key("公开（公告）号") == "公开(公告)号"


def test_header_found_by_content_below_a_preamble(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Title line;;\nsomething else;;\nid;name;ipc\n1;A;H01M4/00\n", newline="")
    table = read_table(path, lambda keys: {"id", "ipc"} <= keys)
    assert table.header_row == 3
    assert table.rows.tolist() == [4]
    assert table.frame.loc[0, "name"] == "A"


def test_rows_count_spreadsheet_rows_not_physical_lines(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b\r\n1,"two\r\nlines"\r\n2,x\r\n3,y,extra\r\n4,z\r\n')
    table = read_table(path)
    assert table.rows.tolist() == [2, 3, 5]
    assert table.frame["b"].tolist() == ["two\r\nlines", "x", "z"]
    (rejected,) = table.rejected
    assert rejected.row == 4 and "expected 2 fields, found 3" in rejected.reason


def test_identifiers_stay_strings(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("patent_id\tn\n0012345\t07\n")
    table = read_table(path)
    assert table.frame.loc[0, "patent_id"] == "0012345" and table.frame.loc[0, "n"] == "07"


def test_decode_falls_back_to_cp1252_with_a_warning():
    text, warnings = decode("Séparateur 60°C".encode("cp1252"), "f.csv")
    assert text == "Séparateur 60°C" and "cp1252" in warnings[0].reason
    text, warnings = decode("\ufeffNAME".encode(), "f.csv")
    assert text == "NAME" and warnings == []
    assert decode("NAME;X".encode("utf-16"), "f.csv")[0] == "NAME;X"


def test_decode_refuses_binary_and_undecodable_bytes():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "f.csv")
    with pytest.raises(InputError, match="cannot be decoded"):
        decode(b"name\n\x81\x8d\x8f\x90\x9d\n", "f.csv")


def test_unterminated_quote_rejects_the_rest_of_the_file_as_one_row(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('a,b\n1,2\n"open,1\n3,4\n')
    table = read_table(path)
    assert table.frame["a"].tolist() == ["1"]
    assert [r.row for r in table.rejected] == [3]


def test_a_windows_1252_byte_after_the_first_megabyte_is_read_as_windows_1252(tmp_path):
    # the start of the file decodes as UTF-8: the parser reads the bytes as they are, meets
    # the cp1252 byte far down, and the file is read again as Windows-1252 with a warning
    path = tmp_path / "x.csv"
    filler = "".join(f"{i},plain text\r\n" for i in range(120_000))
    path.write_bytes(("id,text\r\n" + filler + "999,Séparateur 60°C\r\n").encode("cp1252"))
    table = read_table(path)
    assert len(table.frame) == 120_001
    assert table.frame["text"].iat[-1] == "Séparateur 60°C"
    assert table.rows[-1] == 120_002
    assert "cp1252" in table.warnings[0].reason


def test_a_utf8_character_cut_by_the_header_scan_is_not_a_decoding_error(tmp_path):
    # a multi-byte character straddling the first megabyte: still UTF-8, no warning
    path = tmp_path / "x.csv"
    first = "id,text\n" + "1," + "a" * ((1 << 20) - 14) + "\n" + "2,"
    path.write_bytes(("\ufeff" + first + "电池\n").encode("utf-8"))
    assert len(first.encode()) == (1 << 20) - 1  # 电's three bytes: the last one, two more
    table = read_table(path)
    assert table.frame["text"].iat[1] == "电池" and table.warnings == []


def test_rejected_rows_keep_their_numbers_in_a_large_file(tmp_path):
    # a file large enough for the parser to use several threads (blocks of 16 MB)
    path = tmp_path / "x.csv"
    lines = [f"{i},{'x' * 300}" for i in range(120_000)]
    lines[100_000] += ",extra"
    path.write_text("id,text\n" + "\n".join(lines) + "\n")
    table = read_table(path)
    assert [r.row for r in table.rejected] == [100_002]
    assert len(table.frame) == 119_999 and table.rows[100_000] == 100_003


@pytest.mark.parametrize(
    "content",
    [b"\xef\xbb\xbfLens ID,Title\r\n1,A\r\n", b" \t\r\n", b"\xff\xfeL\x00", b"a\x00b", b"x"],
)
def test_a_mapped_file_answers_as_its_bytes_do(tmp_path, content):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    if content.isspace():
        with pytest.raises(InputError, match="is empty"):
            read_bytes(path)
        return
    mapped = read_bytes(path)
    assert isinstance(mapped, MappedFile)
    for prefix in (codecs.BOM_UTF8, (b"\xff\xfe", b"\xfe\xff"), b"a\x00", b"xy"):
        assert mapped.startswith(prefix) == content.startswith(prefix)
    assert (b"\x00" in mapped) == (b"\x00" in content)
    assert mapped.isspace() == content.isspace()
    assert mapped[:3] == content[:3] and len(mapped) == len(content)
    assert mapped.decode("latin-1") == content.decode("latin-1")


def test_an_empty_file_is_refused_before_mapping(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        read_bytes(path)
