"""The upload registry: owners, states, quotas, deletion, the index, crash debris and
simultaneous imports of the same file (issue 11)."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time

import pytest
from conftest import FIXTURES

from app.ingest import names
from app.store import corpora, jobs, uploads

ME, YOU = "w" + "a" * 31, "w" + "b" * 31
LENS = FIXTURES / "lens_variant_c.csv"


@pytest.fixture
def store(monkeypatch, tmp_path):
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(names, "alias_path", lambda: tmp_path / "no-aliases.csv")
    uploads._index_memo.clear()
    corpora._memo.clear()
    yield tmp_path / "cache"
    corpora._memo.clear()


def _bad_rows_file(tmp_path):
    path = tmp_path / "bad-rows.csv"
    path.write_bytes(LENS.read_bytes() + b"one,two\r\n")
    return path


def test_an_upload_is_listed_for_its_owner_only(store):
    state = uploads.import_now(LENS, ME)
    assert state.verdict == "green" and state.dataset_id
    assert [u.dataset_id for u in uploads.listed(ME)] == [state.dataset_id]
    assert uploads.listed(YOU) == []
    assert uploads.visible(state.dataset_id, ME) and not uploads.visible(state.dataset_id, YOU)
    assert corpora.visible(state.dataset_id, ME) and not corpora.visible(state.dataset_id, YOU)
    assert state.dataset_id not in {d.dataset_id for d in corpora.list_datasets(YOU)}
    mine = {d.dataset_id: d for d in corpora.list_datasets(ME)}[state.dataset_id]
    assert mine.deletable and not mine.pending and mine.patents == 5


def test_the_same_file_of_two_owners_is_two_datasets(store):
    mine, yours = uploads.import_now(LENS, ME), uploads.import_now(LENS, YOU)
    assert mine.dataset_id != yours.dataset_id
    assert uploads.delete(ME, mine.dataset_id)
    assert uploads.get(yours.dataset_id) is not None
    assert corpora.load_corpus(yours.dataset_id).patents.shape[0] == 5


def test_shared_uploads_are_seen_by_everyone_deleted_by_nobody_but_shared(store):
    shared = uploads.import_now(LENS, uploads.SHARED)
    assert uploads.visible(shared.dataset_id, ME) and uploads.visible(shared.dataset_id, YOU)
    assert not uploads.delete(ME, shared.dataset_id)
    assert not next(d for d in corpora.list_datasets(ME) if not d.builtin).deletable


def test_an_import_with_problems_waits_for_keep_or_discard(store, tmp_path):
    state = uploads.import_now(_bad_rows_file(tmp_path), ME)
    assert state.verdict == "amber" and state.report.rejected_count == 1
    assert not uploads.visible(state.dataset_id, ME)  # not active yet
    assert [u.state for u in uploads.listed(ME, pending=True)] == ["pending"]
    assert not uploads.confirm(YOU, state.dataset_id)
    assert uploads.confirm(ME, state.dataset_id)
    assert uploads.visible(state.dataset_id, ME)
    rejected = corpora.rejected_rows(state.dataset_id)
    assert rejected["row"].tolist() == [7] and set(rejected.columns) == set(jobs.REJECTED_COLUMNS)


def test_discarding_a_pending_upload_removes_every_file(store, tmp_path):
    state = uploads.import_now(_bad_rows_file(tmp_path), ME)
    assert (store / "uploads" / state.dataset_id).exists()
    assert uploads.delete(ME, state.dataset_id)
    assert not (store / "uploads" / state.dataset_id).exists()
    assert not (store / "corpora" / state.dataset_id).exists()
    assert uploads.get(state.dataset_id) is None
    with pytest.raises(corpora.DatasetError):
        corpora.load_corpus(state.dataset_id)


def test_quotas_count_and_bytes(store, monkeypatch, tmp_path):
    monkeypatch.setenv("EV_UPLOAD_QUOTA", "1")
    uploads.import_now(LENS, ME, quota=True)
    with pytest.raises(uploads.QuotaError, match="1 uploads"):
        uploads.start_import([("e.csv", (FIXTURES / "espacenet.csv").read_bytes())], ME)
    uploads.import_now(LENS, YOU, quota=True)  # someone else's quota is their own
    monkeypatch.setenv("EV_UPLOAD_QUOTA", "10")
    monkeypatch.setenv("EV_UPLOAD_QUOTA_MB", "0.001")
    with pytest.raises(uploads.QuotaError, match="MB"):
        uploads.start_import([("e.csv", (FIXTURES / "espacenet.csv").read_bytes())], ME)


def test_ids_from_a_browser_never_name_a_folder(store):
    state = uploads.import_now(LENS, ME)
    for crafted in (
        f"upload-x/../../uploads/{state.dataset_id}",
        "../uploads",
        f"{state.dataset_id}/../../x",
        ["upload-0"],
        None,
        "upload-0123456789ab",
    ):
        assert uploads.get(crafted) is None
        assert not corpora.visible(crafted, ME)
        with pytest.raises(corpora.DatasetError):
            corpora.load_corpus(crafted)
    assert uploads.job_state(ME, "../../jobs") is None
    assert uploads.job_state(YOU, "0" * 32) is None


def test_a_running_import_tells_its_owner_only_how_far_it_has_got(store):
    folder = jobs.create(store / "jobs", {"owner": ME, "name": "big.csv"})
    job = folder.name
    started = time.time() - 42
    os.utime(folder / "job.json", (started, started))
    queued = uploads.job_progress(ME, job)  # the child has not started reading
    assert (queued.stage, queued.rows) == (None, None) and 42 <= queued.seconds < 100
    (folder / "progress.json").write_text(json.dumps({"stage": "assembling", "rows": 123456}))
    running = uploads.job_progress(ME, job)
    assert (running.stage, running.rows) == ("assembling", 123456) and running.seconds >= 42
    assert uploads.job_progress(YOU, job) is None  # another browser's job
    assert uploads.job_progress(uploads.SHARED, job) is None
    assert uploads.job_progress(ME, "0" * 32) is None  # no such job
    # names that would reach the same folder (or another) through the file system
    for crafted in (f"../jobs/{job}", f"./{job}", f"{job}/", job.upper(), "..", None, [job]):
        assert uploads.job_progress(ME, crafted) is None, crafted
    (folder / "progress.json").write_text(json.dumps({"stage": "../../x", "rows": -1}))
    odd = uploads.job_progress(ME, job)  # a record the page could not show is not shown
    assert (odd.stage, odd.rows) == (None, None)


def test_a_finished_import_keeps_its_last_stage(store):
    folder = uploads._new_job([(LENS.name, LENS.read_bytes())], ME, uploads.ImportOptions(), False)
    jobs.run(folder, on_done=uploads._finish)
    assert uploads.job_state(ME, folder.name).done
    done = uploads.job_progress(ME, folder.name)
    assert (done.stage, done.rows) == ("storing", 5)


def test_the_index_is_rebuilt_from_the_folders(store):
    state = uploads.import_now(LENS, ME)
    (store / "uploads" / "index.json").unlink()
    uploads._index_memo.clear()
    assert uploads.get(state.dataset_id) is None
    assert uploads.rebuild_index() == 1
    assert uploads.get(state.dataset_id).owner == ME


def test_uploads_from_before_owners_stay_shared(store):
    old = store / "uploads" / "upload-0123456789ab"
    (old / "source").mkdir(parents=True)
    shutil.copy(LENS, old / "source" / "lens.csv")
    meta = {"label": "Old", "format": "lens", "source_name": "lens.csv", "original": "lens.csv"}
    (old / "meta.json").write_text(json.dumps(meta))
    uploads.rebuild_index()
    assert uploads.visible("upload-0123456789ab", ME)
    assert corpora.load_corpus("upload-0123456789ab").patents.shape[0] == 5


def test_listing_reads_the_index_only_when_it_changed(store, monkeypatch):
    for path in (LENS, FIXTURES / "espacenet.csv"):
        uploads.import_now(path, ME)
    uploads.listed(ME)
    reads = []
    real = uploads.json.loads
    monkeypatch.setattr(uploads.json, "loads", lambda text: reads.append(1) or real(text))
    for _turn in range(50):
        assert len(corpora.list_datasets(ME)) == 4
    assert reads == []


def test_start_up_cleans_what_crashes_left(store):
    state = uploads.import_now(LENS, ME)
    old = time.time() - 7200
    debris = [
        store / "uploads" / ".staging-abc",
        store / "corpora" / f".{state.dataset_id}.xyz",
        store / "corpora" / "upload-00000000dead",  # frames of an upload never indexed
        store / "incoming" / ("f" * 32),
    ]
    for folder in debris:
        folder.mkdir(parents=True)
        (folder / "x").write_text("half")
        os.utime(folder, (old, old))
    young = store / "uploads" / ".staging-now"  # another worker may be writing it now
    young.mkdir()
    assert uploads.clean_debris() >= 4
    assert not any(folder.exists() for folder in debris) and young.exists()
    assert uploads.get(state.dataset_id) is not None


def test_simultaneous_imports_of_the_same_file_all_succeed(store):
    """Two browsers (and the same browser twice) upload one file at the same moment."""
    results, errors = [], []

    def upload(owner):
        try:
            results.append((owner, uploads.import_now(LENS, owner)))
        except Exception as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(owner,)) for owner in (ME, ME, YOU, YOU) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(state.verdict == "green" and state.dataset_id for _o, state in results)
    ids = {owner: {s.dataset_id for o, s in results if o == owner} for owner in (ME, YOU)}
    assert len(ids[ME]) == 1 and len(ids[YOU]) == 1
    for owner in (ME, YOU):
        (dataset_id,) = ids[owner]
        assert corpora.load_corpus(dataset_id).patents.shape[0] == 5
    leftovers = [p.name for p in (store / "uploads").iterdir() if p.name.startswith(".")]
    assert leftovers == []
