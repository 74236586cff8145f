from conftest import FIXTURES

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable
from app.ingest.schema import Problem

NO_ALIASES = AliasTable.empty()


def test_preamble_multiline_cells_and_residence_countries():
    path = FIXTURES / "espacenet.csv"
    assert path.read_text(encoding="utf-8").startswith("Espacenet;")
    assert detect_format(path) == "espacenet"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert report.error is None
    assert (report.rows_read, report.patents, report.rejected) == (3, 3, [])
    assert corpus.patents["patent_id"].tolist() == ["EP4123456A1", "FR3100001A1", "CN113000001A"]
    assert corpus.patents["jurisdiction"].tolist() == ["EP", "FR", "CN"]
    apps = corpus.applicants
    first = apps[apps["patent_id"] == "EP4123456A1"]
    assert first["name_raw"].tolist() == ["EXAMPLE BATTERY CO LTD", "SAMPLE UNIV"]
    assert first["country"].tolist() == ["JP", "US"]
    assert set(apps["country_rule"]) == {"source"}
    # an inventor who is also an applicant
    assert apps.set_index("name_raw").loc["BLAVIUS DIRK", "kind"] == "individual"


def test_dates_in_both_forms():
    corpus, _ = import_export(FIXTURES / "espacenet.csv", aliases=NO_ALIASES)
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["EP4123456A1", ["priority_year", "publication_year"]].tolist() == [
        2021,
        2023,
    ]
    assert patents.loc["FR3100001A1", ["priority_year", "publication_year"]].tolist() == [
        2020,
        2021,
    ]


def test_cpc_offices_stripped_and_bad_code_warned_not_rejected():
    corpus, report = import_export(FIXTURES / "espacenet.csv", aliases=NO_ALIASES)
    cpc = corpus.ipc[corpus.ipc["scheme"] == "CPC"]
    assert cpc[cpc["patent_id"] == "EP4123456A1"]["code"].tolist() == [
        "H01M 10/0525",
        "Y02E 60/10",
    ]
    ipc = corpus.ipc[corpus.ipc["scheme"] == "IPC"]
    assert ipc[ipc["patent_id"] == "CN113000001A"]["code"].tolist() == ["H01M 10/613"]
    assert Problem(11, "IPC", "unreadable code dropped", "NOT-A-CODE") in report.warnings
    assert report.rejected == []


def test_cp1252_file_is_read_with_a_warning():
    corpus, report = import_export(FIXTURES / "espacenet_cp1252.csv", aliases=NO_ALIASES)
    assert report.error is None and report.patents == 3
    assert any("cp1252" in w.reason and w.row is None for w in report.warnings)
    titles = corpus.patents.set_index("patent_id")["title"]
    assert titles["CN113000001A"] == "Battery cooling plate for 60°C"
    assert titles["FR3100001A1"] == "Séparateur céramique"


def test_german_interface_export():
    """German column names, every cell quoted, a trailing ';', a quoted preamble."""
    path = FIXTURES / "espacenet_de.csv"
    assert detect_format(path) == "espacenet"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.unit, report.rejected, report.verdict) == (
        3,
        "family",
        [],
        "green",
    )
    apps = corpus.applicants.set_index("name_raw")
    assert apps.loc["BEISPIEL AKKU GMBH", ["country", "country_rule"]].tolist() == ["DE", "source"]
    # a name without a [CC] tag has no stated country; a record without applicants has none
    assert apps.loc["EXEMPLE ENERGIE", "country_rule"] == "unknown"
    assert "CN117000002A" not in set(corpus.applicants["patent_id"])
    cpc = corpus.ipc[
        (corpus.ipc["scheme"] == "CPC") & (corpus.ipc["patent_id"] == "DE102023000001A1")
    ]
    assert cpc["code"].tolist() == ["H01M 10/0562", "H01M 2300/0068", "Y02E 60/10"]
    assert corpus.patents.set_index("patent_id").loc["EP4300003A1", "priority_year"] == 2022


def test_french_interface_export():
    corpus, report = import_export(FIXTURES / "espacenet_fr.csv", aliases=NO_ALIASES)
    assert report.format == "espacenet" and (report.patents, report.applicants) == (2, 3)
    assert corpus.applicants["country"].tolist() == ["FR", "FR", "KR"]
    ipc = corpus.ipc[corpus.ipc["scheme"] == "IPC"]  # the French interface calls it CIB
    assert ipc["code"].tolist() == ["H01M 50/403", "H01M 4/525"]
