import pandas as pd
import pytest
from conftest import FIXTURES, require_shared

from app.ingest.assemble import assemble
from app.ingest.importer import columns_to_read, detect_format, import_export
from app.ingest.names import AliasTable
from app.ingest.readers import lens
from app.ingest.schema import CorpusMeta, ImportReport
from app.ingest.table import header_key, read_table

NO_ALIASES = AliasTable.empty()


def _import(path, **kwargs):
    corpus, report = import_export(path, aliases=NO_ALIASES, **kwargs)
    assert report.error is None, report.error
    return corpus, report


def test_variant_c_with_bom_crlf_and_ipcr_codes():
    path = FIXTURES / "lens_variant_c.csv"
    assert (
        path.read_bytes().startswith(b'\xef\xbb\xbf"#",Jurisdiction')
        and b"\r\n" in path.read_bytes()
    )
    assert detect_format(path) == "lens"
    corpus, report = _import(path)
    assert (report.format, report.rows_read, report.patents) == ("lens", 5, 5)
    assert report.rejected == []
    # every record that lists IPCR codes has IPC rows
    ipc = corpus.ipc[corpus.ipc["scheme"] == "IPC"]
    listed = {
        "012-345-678-901-23X",
        "101-202-303-404-505",
        "111-222-333-444-555",
        "121-232-343-454-56X",
    }
    assert set(ipc["patent_id"]) == listed
    # duplicates within a cell are dropped; codes normalised
    toyota = ipc[ipc["patent_id"] == "101-202-303-404-505"]["code"].tolist()
    assert toyota == ["H01M 10/0562", "H01M 10/052"]
    cpc = corpus.ipc[corpus.ipc["scheme"] == "CPC"]
    assert "H01M 2300/0071" in set(cpc["code"]) and "Y02E 60/10" in set(cpc["code"])
    assert set(corpus.ipc["main_group"]) >= {"H01M 10/00", "H01M 4/00", "H01M 50/00"}


def test_variant_c_fields():
    corpus, _ = _import(FIXTURES / "lens_variant_c.csv")
    patents = corpus.patents.set_index("patent_id")
    first = patents.loc["012-345-678-901-23X"]
    assert first["publication_number"] == "EP 4123456 A1"
    assert first["application_number"] == "EP 22123456 A"
    assert (first["priority_year"], first["filing_year"], first["publication_year"]) == (
        2021,
        2022,
        2024,
    )
    assert first["year_basis"] == "priority"
    assert patents.loc["131-242-353-464-575", "year_basis"] == "filing"
    assert (
        patents.loc["101-202-303-404-505", "title"] == 'Solid Electrolyte With A "Garnet" Structure'
    )


def test_variant_c_applicants_split_on_double_semicolon_only():
    corpus, _ = _import(FIXTURES / "lens_variant_c.csv")
    apps = corpus.applicants
    lg = apps[apps["patent_id"] == "121-232-343-454-56X"]
    assert lg["name_raw"].tolist() == ["LG ENERGY SOLUTION LTD", "BACON; RICHARD J."]
    assert lg["kind"].tolist() == ["firm", "individual"]
    assert lg["position"].tolist() == [0, 1]


def test_lens_country_is_derived_and_labelled():
    corpus, _ = _import(FIXTURES / "lens_variant_c.csv")
    apps = corpus.applicants.set_index("name_raw")
    # "EP ...;;US ... P": EP names no country, the US provisional is the earliest
    assert apps.loc["EXAMPLE BATTERY CO LTD", ["country", "country_rule"]].tolist() == [
        "US",
        "priority_office",
    ]
    assert apps.loc["LG ENERGY SOLUTION LTD", "country"] == "KR"  # WO publication, KR priority
    assert apps.loc["US NAVY", ["country", "country_rule", "kind"]].tolist() == [
        "US",
        "jurisdiction",
        "government",
    ]
    # Lens lists the inventor KIMURA KENJI among the applicants
    assert apps.loc["KIMURA KENJI", "kind"] == "individual"


def test_variant_b_renamed_columns_and_dated_priorities():
    corpus, report = _import(FIXTURES / "lens_variant_b.csv")
    assert report.patents == 3 and report.rejected == []
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["200-100-200-300-400", "publication_number"] == "US 8001762 B2"
    # no Earliest Priority Date: the earliest dated priority number gives the year
    assert patents.loc["200-100-200-300-401", "priority_year"] == 2006
    apps = corpus.applicants
    bosch = apps[apps["patent_id"] == "200-100-200-300-400"]
    assert bosch["name_raw"].tolist() == ["BOSCH GMBH ROBERT", "BLACKBURN; RONALD F."]
    assert bosch["country"].tolist() == ["DE", "DE"]  # DE priority dated before the US one
    cpc = corpus.ipc[(corpus.ipc["patent_id"] == "200-100-200-300-400")]
    assert cpc["code"].tolist() == ["H01M 2/10", "H01M 50/20"]  # CPC duplicate dropped


def test_variant_a_header_is_read(tmp_path):
    header = (
        "#,Jurisdiction,Kind,Publication Number,Lens ID,Publication Date,Publication Year,"
        "Application Number,Application Date,Priority Numbers,Title,Applicants,Inventors,URL,"
        "Type,Full Text,Cited Count,Simple Family Size,Extended Family Size,Sequence Count,"
        "CPC Classifications,IPCR Classifications,US Classifications,PubMed Id(s),DOI(s),"
        "Non-Patent Citations"
    )
    row = (
        "1,US,A1,US 2015/0000001 A1,300-100-200-300-400,4/2/15,2015,US 201414000001 A,"
        '1/15/14,US 201361900001 P,Battery Tab,"SAMPLE POWER INC;;ROE RICHARD",ROE RICHARD,'
        "https://lens.org/300-100-200-300-400,ambiguous,no,0,1,1,0,H01M50/531,H01M2/26,,,,"
    )
    path = tmp_path / "lens_a.csv"
    path.write_text(header + "\n" + row + "\n")
    corpus, report = _import(path)
    assert report.patents == 1
    patent = corpus.patents.iloc[0]
    assert (patent["filing_year"], patent["publication_year"], patent["year_basis"]) == (
        2014,
        2015,
        "filing",
    )
    assert corpus.ipc["code"].tolist() == ["H01M 2/26", "H01M 50/531"]


def test_an_export_without_code_columns_says_the_technology_pages_are_empty(tmp_path):
    path = tmp_path / "lens_no_codes.csv"
    path.write_text(
        "#,Jurisdiction,Lens ID,Publication Date,Applicants,Priority Numbers\n"
        "1,US,300-100-200-300-400,2015-04-02,SAMPLE POWER INC,US 201361900001 P\n"
    )
    corpus, report = _import(path)
    assert report.patents == 1 and corpus.ipc.empty
    assert any("no IPC or CPC column" in note for note in corpus.meta.notes)
    with_codes, _report = _import(FIXTURES / "lens_variant_c.csv")
    assert not any("no IPC or CPC column" in note for note in with_codes.meta.notes)


def test_scholarly_export_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "lens-export.csv"
    path.write_text(
        "Lens ID,Title,Date Published,Publication Year,Publication Type,Source Title,Authors\n"
        "000-111-222-333-444,A paper,2020-01-01,2020,journal article,J. Batt.,Doe J\n"
    )
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert corpus is None and "Lens Scholarly" in report.error
    corpus, report = import_export(path, "lens", aliases=NO_ALIASES)
    assert corpus is None and "Lens Scholarly" in report.error


def test_real_lens_sample_797_patents_and_multi_applicant_rows():
    path = require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    corpus, report = _import(path)
    assert (report.rows_read, report.patents, len(report.rejected)) == (797, 797, 0)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    names = raw["Applicants"].str.split(";;")
    multi = raw[names.str.len() >= 2]
    assert len(multi) == 105
    apps = corpus.applicants
    assert set(multi["Lens ID"]) <= set(apps["patent_id"])
    # each multi-applicant patent keeps every distinct applicant it lists
    distinct = names[names.str.len() >= 2].map(lambda n: {x.strip() for x in n})
    kept = apps.groupby("patent_id")["name_raw"].agg(set)
    for lens_id, listed in zip(multi["Lens ID"], distinct, strict=True):
        assert kept[lens_id] == listed
    rows = apps.groupby("patent_id").size()
    assert (rows[multi["Lens ID"]] >= 2).sum() == 103  # two list one applicant twice
    assert corpus.ipc.empty and not corpus.has_ipc


@pytest.mark.parametrize("fixture", ["lens_variant_c.csv", "lens_variant_b.csv"])
def test_frames_have_the_canonical_dtypes(fixture):
    corpus, _ = _import(FIXTURES / fixture)
    assert corpus.patents["year"].dtype == "Int16"
    assert corpus.applicants["country"].dtype == "category"
    assert corpus.ipc["subclass"].dtype == "category"


@pytest.mark.parametrize("fixture", ["lens_variant_b.csv", "lens_variant_c.csv"])
def test_only_the_columns_the_reader_reads_are_built_and_the_import_is_the_same(fixture):
    path = FIXTURES / fixture
    table = read_table(path, lens.matches, columns=columns_to_read("lens"))
    assert {header_key(c) for c in table.frame.columns} <= lens.COLUMNS
    assert table.name("url") == "URL" and "url" in table.keys  # the header is known whole
    with pytest.raises(KeyError, match="not read"):
        table.column("url")  # a reader reading a column it does not name fails loudly
    # the same frames as from every column
    every = assemble(lens.parse(read_table(path, lens.matches)), *_assembly())
    chosen, _report = _import(path, format="lens")
    for name in ("patents", "applicants", "ipc"):
        pd.testing.assert_frame_equal(getattr(chosen, name), getattr(every, name))


def _assembly():
    return ImportReport(file="x", format="lens"), NO_ALIASES, CorpusMeta("x", "x", "x", "lens")
