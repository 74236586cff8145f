"""Hostile files of every family imported as uploads (issue 11): bombs and malformed files
are refused with a plain message naming the problem, never an exception name or a server
path; nothing is stored for them and no other dataset changes; the limits (memory, time,
rows) stop a file in a child process, never the server."""

from __future__ import annotations

import re
import time

import pytest
from conftest import FIXTURES, file_digests

from app.config import settings
from app.i18n import use_language
from app.ingest.uploads import check_upload
from app.store import uploads
from app.synthetic import write_synthetic_lens_csv
from hostile.files import Hostile, hostile_files

OWNER = "w" + "1" * 31
_INTERNALS = re.compile(r"\b\w*(Error|Exception)\b|Traceback|/tmp/|\.py\b|errno|\[Errno")


def _wait(owner: str, job_id: str, timeout: float = 120) -> uploads.ImportState:
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = uploads.job_state(owner, job_id)
        if state.done:
            return state
        time.sleep(0.1)
    raise AssertionError(f"import {job_id} did not finish within {timeout} s")


def _message(state: uploads.ImportState) -> str:
    parts = [state.problem or ""]
    if state.report is not None:
        parts += [state.report.error or "", *(w.reason for w in state.report.warnings)]
        parts += [r.reason for r in state.report.rejected]
    return " ".join(parts)


def _stored(dataset_id: str) -> tuple[dict, dict]:
    root = settings().cache_dir
    return (
        file_digests(root / "uploads" / dataset_id),
        file_digests(root / "corpora" / dataset_id),
    )


@pytest.fixture(scope="module")
def other_upload() -> tuple[str, tuple[dict, dict]]:
    """Another browser's upload, stored before the hostile files arrive, and its files."""
    other = uploads.import_now(FIXTURES / "lens_variant_c.csv", "w" + "2" * 31)
    return other.dataset_id, _stored(other.dataset_id)


@pytest.fixture(scope="module")
def outcomes(other_upload) -> dict[str, tuple[Hostile, str, str, str | None]]:
    """Every hostile file uploaded at once (the jobs queue for the parse slots): name ->
    (file, verdict, message, dataset id). A file the upload check refuses (by name, type
    or first bytes) never reaches a reader."""
    files = hostile_files(scale=1)
    started, found = {}, {}
    for file in files:
        problem = check_upload([(file.name, file.data)], settings().max_upload_bytes)
        if problem is None:
            started[file.name] = uploads.start_import([(file.name, file.data)], OWNER, quota=False)
        else:
            found[file.name] = (file, "red", problem, None)
    for file in files:
        if file.name in started:
            state = _wait(OWNER, started[file.name])
            found[file.name] = (file, state.verdict, _message(state), state.dataset_id)
    return found


def test_hostile_files_are_refused_in_plain_words(outcomes):
    assert len(outcomes) >= 40
    for file, verdict, message, dataset_id in outcomes.values():
        assert not _INTERNALS.search(message), (file.what, message)
        assert str(settings().cache_dir) not in message
        if file.expect == "refused":
            assert verdict == "red" and dataset_id is None, (file.what, verdict)
            assert message.strip(), file.what


def test_bombs_name_the_limit_they_passed(outcomes):
    expected = {
        "bomb.tsv.zip": "expands",
        "bzip2-bomb.zip": "expands",
        "members.zip": "files, more than",
        "encrypted.zip": "password",
        "deflate64.zip": "Deflate64",
        "far-cell.xlsx": "columns",
        "shared-strings-bomb.xlsx": "expands",
        "wide.xlsx": "columns",
        "wide-header.csv": "columns",
        "late-nul.csv": "binary",
        "one-long-line.csv": "columns",
    }
    for name, words in expected.items():
        file, _verdict, message, _dataset = outcomes[name]
        assert words in message, (file.what, message)


def test_hostile_uploads_change_no_other_dataset(other_upload, outcomes):
    dataset_id, before = other_upload
    assert _stored(dataset_id) == before and before[0] and before[1]


def test_upload_names_are_checked_and_shortened():
    lens = (FIXTURES / "lens_variant_c.csv").read_bytes()
    assert check_upload([("", lens)], 10**6)  # no name, no type: refused in words
    state = uploads.import_now(
        FIXTURES / "lens_variant_c.csv",
        OWNER,
        uploads.ImportOptions(original="专利" * 200 + ".csv"),
    )
    assert state.verdict == "green" and len(state.name) <= 100
    assert uploads.get(state.dataset_id).source_name.endswith(".csv")


def test_a_file_over_the_memory_limit_is_refused_and_names_it(monkeypatch, tmp_path):
    monkeypatch.setenv("EV_IMPORT_MEMORY_MB", "250")  # less than the reader itself needs
    with use_language("en"):
        state = uploads.import_now(FIXTURES / "lens_variant_c.csv", OWNER)
    assert state.verdict == "red" and "250 MB of memory" in state.problem


def test_a_file_over_the_time_limit_is_stopped_and_names_it(monkeypatch, tmp_path):
    big = write_synthetic_lens_csv(tmp_path / "big.csv", 120_000, seed=1)
    monkeypatch.setenv("EV_IMPORT_SECONDS", "1")
    start = time.perf_counter()
    with use_language("en"):
        state = uploads.import_now(big, OWNER)
    assert state.verdict == "red" and "longer than 1 seconds" in state.problem
    assert time.perf_counter() - start < 30


def test_row_limit(monkeypatch):
    monkeypatch.setenv("EV_MAX_ROWS", "3")
    with use_language("en"):
        state = uploads.import_now(FIXTURES / "lens_variant_c.csv", OWNER)
    assert state.verdict == "red" and "more than 3 rows" in state.report.error


def test_messages_follow_the_uploaders_language():
    bomb = next(f for f in hostile_files() if f.name == "encrypted.zip")
    with use_language("zh"):
        job = uploads.start_import([(bomb.name, bomb.data)], OWNER, quota=False)
    state = _wait(OWNER, job)
    assert "密码" in state.report.error


def test_hostile_file_kinds_cover_the_issue():
    families = {f.family for f in hostile_files()}
    assert {"zip bomb", "zip", "xlsx", "csv", "names", "binary"} <= families
    assert all(isinstance(f, Hostile) and f.data is not None for f in hostile_files())
