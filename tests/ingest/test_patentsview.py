import shutil
import zipfile

import pytest
from conftest import FIXTURES

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable
from app.ingest.readers.patentsview import is_table_set, source_files

NO_ALIASES = AliasTable.empty()


def _check(corpus, report):
    assert report.error is None, report.error
    assert (report.rows_read, report.patents) == (3, 3)
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["11999999", "publication_number"] == "US 11999999 B2"
    assert patents.loc["11999999", ["filing_year", "publication_year", "year"]].tolist() == [
        2022,
        2024,
        2022,
    ]
    assert patents.loc["D0987654", "application_number"] == "29800001"
    apps = corpus.applicants
    first = apps[apps["patent_id"] == "11999999"]
    assert first["name"].tolist() == ["EXAMPLE BATTERY", "REGENTS OF THE UNIVERSITY OF SAMPLE"]
    assert first["country"].tolist() == ["JP", "US"]
    assert first["country_rule"].tolist() == ["source", "source"]
    assert first["kind"].tolist() == ["firm", "university"]  # type 2 (company) but a university
    second = apps[apps["patent_id"] == "11888888"].set_index("name_raw")
    assert second.loc["Doe Jane", "kind"] == "individual"
    assert second.loc["Department of Energy", ["kind", "country_rule"]].tolist() == [
        "government",
        "jurisdiction",
    ]
    ipc = corpus.ipc[corpus.ipc["scheme"] == "IPC"]
    # assembled from parts, zero-padding normalised, duplicate dropped
    assert ipc[ipc["patent_id"] == "11999999"]["code"].tolist() == ["H01M 10/0525", "H01M 4/525"]
    cpc = corpus.ipc[corpus.ipc["scheme"] == "CPC"]
    assert set(cpc["code"]) == {"H01M 10/0525", "Y02E 60/10", "H01M 10/6556"}
    # the code with empty group parts names its own table line
    assert any(w.row == 6 and w.field == "g_ipc_at_issue" for w in report.warnings)


def test_folder_of_tables():
    path = FIXTURES / "patentsview"
    assert is_table_set(path) and detect_format(path) == "patentsview"
    _check(*import_export(path, aliases=NO_ALIASES))


def test_zipped_tables_from_the_download_site():
    path = FIXTURES / "patentsview_zip"
    assert detect_format(path) == "patentsview"
    _check(*import_export(path, aliases=NO_ALIASES))
    # naming one of the tables reads its siblings too
    _check(*import_export(path / "g_patent.tsv.zip", aliases=NO_ALIASES))
    assert len(source_files(path / "g_patent.tsv.zip")) == 6


def test_one_zip_bundling_all_tables(tmp_path):
    bundle = tmp_path / "patentsview_subset.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for table in (FIXTURES / "patentsview").iterdir():
            archive.write(table, f"export/{table.name}")
    assert detect_format(bundle) == "patentsview"
    _check(*import_export(bundle, aliases=NO_ALIASES))


def test_without_location_table_country_falls_back(tmp_path):
    folder = tmp_path / "pv"
    shutil.copytree(FIXTURES / "patentsview", folder)
    (folder / "g_location_disambiguated.tsv").unlink()
    corpus, report = import_export(folder, aliases=NO_ALIASES)
    assert report.error is None
    assert set(corpus.applicants["country_rule"]) == {"jurisdiction"}
    assert any(w.field == "g_location_disambiguated" for w in report.warnings)


def test_without_g_patent_it_is_not_patentsview(tmp_path):
    folder = tmp_path / "pv"
    shutil.copytree(FIXTURES / "patentsview", folder)
    (folder / "g_patent.tsv").unlink()
    assert not is_table_set(folder)
    corpus, report = import_export(folder, "patentsview", aliases=NO_ALIASES)
    assert corpus is None and "no g_patent table" in report.error


@pytest.mark.parametrize("limit", [100])
def test_size_limit_counts_all_tables(limit):
    corpus, report = import_export(FIXTURES / "patentsview", aliases=NO_ALIASES, max_bytes=limit)
    assert corpus is None and "over the upload limit" in report.error
