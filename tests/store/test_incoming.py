import os
import time

from app.config import settings
from app.store import incoming


def test_one_file_is_staged_under_the_cache_dir_and_discarded():
    token = incoming.stage([("../../Lens export (2024).csv", b"a,b\n")])
    path = incoming.staged_path(token)
    assert path.name == "Lens export (2024).csv" and path.read_bytes() == b"a,b\n"
    assert path.is_relative_to(settings().cache_dir / "incoming")
    incoming.discard(token)
    assert incoming.staged_path(token) is None and not path.parent.exists()
    incoming.discard(token)  # already gone: no error


def test_several_files_are_staged_as_one_folder():
    token = incoming.stage([("g_patent.tsv", b"1"), ("dir/g_application.tsv", b"2")])
    path = incoming.staged_path(token)
    assert path.name == incoming.TABLES_FOLDER
    assert sorted(p.name for p in path.iterdir()) == ["g_application.tsv", "g_patent.tsv"]
    incoming.discard(token)


def test_tokens_from_the_browser_cannot_name_other_folders(tmp_path):
    victim = settings().cache_dir / "corpora"
    victim.mkdir(parents=True, exist_ok=True)
    for token in ("../corpora", "..", "", None, "A" * 32, {"x": 1}):
        assert incoming.staged_path(token) is None
        incoming.discard(token)
    assert victim.exists()


def test_safe_names():
    assert incoming.safe_name("C:\\Users\\me\\list.csv") == "list.csv"
    assert incoming.safe_name("..") == "upload"
    assert incoming.safe_name("a<b>|c.csv") == "a_b_c.csv"


def test_purge_removes_only_stale_uploads():
    old = incoming.stage([("old.csv", b"x")])
    new = incoming.stage([("new.csv", b"x")])
    folder = incoming.staged_path(old).parent
    past = time.time() - 7200
    os.utime(folder, (past, past))
    assert incoming.purge_stale(3600) >= 1
    assert incoming.staged_path(old) is None and incoming.staged_path(new) is not None
    incoming.discard(new)
