import hashlib
import shutil

import pytest
from conftest import FIXTURES, SHARED_DATA, require_shared

from app.ingest import names
from app.store import corpora
from app.store.corpora import (
    DatasetError,
    alias_table,
    dataset_report,
    download_frames,
    ensure_cached,
    import_file,
    list_datasets,
    load_corpus,
)

LENS = "lens-battery"  # the store fixture's data dir holds only the Lens sample


@pytest.fixture
def store(monkeypatch, tmp_path):
    """A private data dir (the Lens fixture as the built-in Lens sample) and cache dir."""
    data = tmp_path / "data"
    lens = data / "patents_lens_hrd4317k" / "raw_patents.csv"
    lens.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "lens_variant_c.csv", lens)
    monkeypatch.setenv("EV_DATA_DIR", str(data))
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    aliases = tmp_path / "applicant_aliases.csv"
    monkeypatch.setattr(names, "alias_path", lambda: aliases)
    corpora._memo.clear()
    yield {"lens": lens, "cache": tmp_path / "cache", "aliases": aliases}
    corpora._memo.clear()


def _snapshot(folder):
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_builtins_listed_with_availability(store):
    listed = {d.dataset_id: d for d in list_datasets()}
    assert list(listed)[:3] == ["epo-h01m-2014", "lens-battery", "ops-hydrogen"]
    assert listed["lens-battery"].available and not listed["ops-hydrogen"].available
    assert not listed["epo-h01m-2014"].available
    assert listed["lens-battery"].label == "Battery patents, Lens.org sample"
    assert listed["lens-battery"].patents is None
    load_corpus(LENS)
    lens = next(d for d in list_datasets() if d.dataset_id == "lens-battery")
    assert lens.label == "Battery patents, Lens.org sample (5)" and lens.patents == 5


def test_a_dataset_parsed_once_then_memory_then_mapped_file(store):
    corpus, parsed = ensure_cached(LENS)
    assert parsed and len(corpus.patents) == 5
    assert corpus.meta.dataset_id == "lens-battery" and corpus.meta.format == "lens"
    assert "Lens.org" in corpus.meta.attribution and not corpus.meta.synthetic
    assert (store["cache"] / "corpora" / "lens-battery" / "ipc.arrow").exists()
    again, parsed = ensure_cached(LENS)
    assert again is corpus and not parsed  # same object: the per-process memo
    corpora._memo.clear()  # a new worker process
    warm, parsed = ensure_cached(LENS)
    assert not parsed
    for name in ("patents", "applicants", "ipc"):
        assert getattr(warm, name).equals(getattr(corpus, name))
        assert getattr(warm, name).dtypes.equals(getattr(corpus, name).dtypes)


def test_changed_source_invalidates_the_cache(store):
    load_corpus(LENS)
    data = store["lens"].read_bytes()
    store["lens"].write_bytes(data[: data.rstrip(b"\r\n").rfind(b"\r\n") + 2])  # drop a row
    corpus, parsed = ensure_cached(LENS)
    assert parsed and len(corpus.patents) == 4


def test_a_new_alias_table_invalidates_the_cache(store):
    before = load_corpus(LENS)
    assert "CATL" not in set(before.applicants["name"])
    store["aliases"].write_text(
        "alias,name,country,kind,note\nCONTEMPORARY AMPEREX TECHNOLOGY CO LTD,CATL,CN,firm,\n"
    )
    after, parsed = ensure_cached(LENS)
    assert parsed and "CATL" in set(after.applicants["name"])


def test_the_downloadable_alias_table_carries_the_chinese_names(store):
    store["aliases"].write_text(
        "alias,name,name_zh,country,kind,note\nTOYOTA MOTOR CORP,Toyota Motor,丰田汽车,JP,firm,\n",
        encoding="utf-8",
    )
    table = alias_table("lens-battery").set_index("alias")
    assert table.loc["TOYOTA MOTOR CORP", ["name", "name_zh"]].tolist() == [
        "Toyota Motor",
        "丰田汽车",
    ]
    assert (table.drop(index="TOYOTA MOTOR CORP")["name_zh"] == "").all()


def test_unknown_or_missing_datasets_raise_a_clear_error(store):
    with pytest.raises(DatasetError, match="unknown dataset"):
        load_corpus("nope")
    with pytest.raises(DatasetError, match="EV_DATA_DIR"):
        load_corpus("ops-hydrogen")


def test_import_file_registers_a_dataset_with_its_cache(store):
    report, dataset_id = import_file(FIXTURES / "espacenet.csv", label="My Espacenet list")
    assert report.ok and dataset_id.startswith("upload-")
    listed = {d.dataset_id: d for d in list_datasets()}
    assert listed[dataset_id].label == "My Espacenet list"
    assert listed[dataset_id].format == "espacenet" and listed[dataset_id].patents == 3
    corpora._memo.clear()
    corpus, parsed = ensure_cached(dataset_id)
    assert not parsed and len(corpus.patents) == 3  # written at import time
    assert corpus.meta.label == "My Espacenet list"
    stored = dataset_report(dataset_id)
    assert stored.patents == 3 and stored.format == "espacenet"
    assert any(w.value == "NOT-A-CODE" for w in stored.warnings)
    # the same file again is the same dataset, relabelled
    _, same_id = import_file(FIXTURES / "espacenet.csv")
    assert same_id == dataset_id
    assert [d.dataset_id for d in list_datasets()].count(dataset_id) == 1


def test_failed_imports_leave_datasets_and_cache_untouched(store, tmp_path):
    load_corpus(LENS)
    import_file(FIXTURES / "espacenet.csv")
    before = _snapshot(store["cache"])
    bad = tmp_path / "bad.csv"
    for content in (b"", b"\x00\x01\x02binary", b"foo,bar\n1,2\n", b"Lens ID,Title\n"):
        bad.write_bytes(content)
        report, dataset_id = import_file(bad)
        assert dataset_id is None and report.error
    assert _snapshot(store["cache"]) == before
    assert not [p for p in (store["cache"] / "uploads").iterdir() if p.name.startswith(".")]
    _, parsed = ensure_cached(LENS)
    assert not parsed


def test_upload_limit(store, monkeypatch):
    monkeypatch.setenv("EV_MAX_UPLOAD_MB", "0.001")
    report, dataset_id = import_file(FIXTURES / "lens_variant_c.csv")
    assert dataset_id is None and "over the upload limit" in report.error


def test_uploaded_tables_and_mappings_are_kept_for_a_reparse(store):
    _, pv = import_file(FIXTURES / "patentsview_zip" / "g_patent.tsv.zip")
    mapping = {"patent_id": "Pub No.", "applicants": "Assignee(s)", "ipc": "IPC codes"}
    _, generic = import_file(FIXTURES / "generic.xlsx", "generic", mapping=mapping, sep="|")
    expected = {pv: 3, generic: 3}
    shutil.rmtree(store["cache"] / "corpora")  # force a parse from the stored copies
    corpora._memo.clear()
    for dataset_id, patents in expected.items():
        corpus, parsed = ensure_cached(dataset_id)
        assert parsed and len(corpus.patents) == patents
    assert len(list((store["cache"] / "uploads" / pv / "source" / "tables").iterdir())) == 6


def test_alias_table_and_downloads(store):
    table = alias_table("lens-battery")
    assert list(table.columns)[:6] == ["alias", "name", "name_zh", "country", "kind", "note"]
    row = table.set_index("alias").loc["TOYOTA MOTOR CORP"]
    assert (row["name"], row["country"], row["patents"]) == ("TOYOTA MOTOR", "JP", 1)
    assert row["note"] == "country from priority office"
    frames = download_frames("lens-battery")
    assert set(frames) == {"patents", "applicants", "ipc", "aliases"}
    assert len(frames["patents"]) == 5


@pytest.fixture
def real_store(monkeypatch, tmp_path):
    monkeypatch.setenv("EV_DATA_DIR", str(SHARED_DATA))
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    corpora._memo.clear()
    yield
    corpora._memo.clear()


def test_real_ops_hydrogen_corpus(real_store):
    require_shared("patents_ops_hydrogen_josuecaldasv", "hydrogen_ops_biblio_flat.csv")
    corpus = load_corpus("ops-hydrogen")
    assert len(corpus.patents) == 3715
    ipc = corpus.ipc[corpus.ipc["scheme"] == "IPC"]
    assert ipc["patent_id"].nunique() == 3694
    assert corpus.ipc[corpus.ipc["scheme"] == "CPC"]["patent_id"].nunique() == 2969
    # The source lists 2+ applicants on 689 records; the alias table merges co-applicants
    # of one group (e.g. the ten Huaneng hydropower entities), leaving 678 with 2+ firms.
    assert corpus.applicants.groupby("patent_id").size().ge(2).sum() == 678
    assert corpus.meta.label == "Hydrogen and fuel-cell patents (EPO OPS sample) (3,715)"
    assert corpus.meta.attribution.startswith("EPO / Espacenet OPS")
    sourced = corpus.applicants[corpus.applicants["country_rule"] == "source"]
    assert sourced["patent_id"].nunique() == 768


def test_real_lens_sample_has_the_years(real_store):
    require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    corpus = load_corpus(LENS)
    assert corpus.meta.dataset_id == "lens-battery" and len(corpus.patents) == 797
    assert corpus.meta.label == "Battery patents, Lens.org sample (797)"
    assert not corpus.has_ipc
    assert (corpus.patents["year"].min(), corpus.patents["year"].max()) == (2014, 2024)


def test_real_epo_h01m_corpus_is_the_default(real_store):
    require_shared("patents_epo_h01m_2014_oceanumeric", "patent_H01M_2014.csv")
    assert corpora.DEFAULT_DATASET == "epo-h01m-2014"
    corpus = load_corpus()
    assert corpus.meta.dataset_id == "epo-h01m-2014" and corpus.meta.format == "epo-linked"
    assert len(corpus.patents) == 2196 and len(corpus.ipc) == 3620
    assert set(corpus.ipc["scheme"]) == {"CPC"} and not corpus.has_ipc
    assert (corpus.applicants["country"] != "unknown").all()
    assert (
        corpus.meta.label == "Battery patents at the EPO, CPC H01M, 2014 (EPO linked data) (2,196)"
    )
    assert dataset_report("epo-h01m-2014").verdict == "green"


def test_import_file_records_the_users_file_name_not_the_temporary_copy(store, tmp_path):
    staged = tmp_path / "tmp-7f3a" / "export.csv"
    staged.parent.mkdir()
    shutil.copy(FIXTURES / "espacenet.csv", staged)
    report, dataset_id = import_file(staged, original="Espacenet 2024-05.csv")
    assert report.file == "Espacenet 2024-05.csv"
    listed = {d.dataset_id: d for d in list_datasets()}
    assert listed[dataset_id].source == "Espacenet 2024-05.csv"
    assert listed[dataset_id].label == "Espacenet 2024-05.csv (3 patents, uploaded)"
    assert dataset_report(dataset_id).file == "Espacenet 2024-05.csv"
    shutil.rmtree(staged.parent)  # the page deletes its copy; the dataset keeps its own
    corpora._memo.clear()
    assert len(load_corpus(dataset_id).patents) == 3


def test_generated_uploads_stay_labelled_synthetic(store):
    _, real_id = import_file(FIXTURES / "espacenet.csv")
    _, synthetic_id = import_file(FIXTURES / "lens_variant_c.csv", synthetic=True)
    assert load_corpus(synthetic_id).meta.synthetic is True
    assert load_corpus(real_id).meta.synthetic is False


def test_listing_says_which_uploads_are_synthetic(store):
    _, synthetic_id = import_file(FIXTURES / "lens_variant_c.csv", synthetic=True)
    listed = {d.dataset_id: d for d in list_datasets()}
    assert listed[synthetic_id].synthetic is True
    assert not any(d.synthetic for d in listed.values() if d.dataset_id != synthetic_id)
