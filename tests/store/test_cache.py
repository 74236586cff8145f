import threading

import pandas as pd
import pyarrow as pa
import pytest

from app.store import cache


def test_roundtrip_and_invalidation(tmp_path):
    src = tmp_path / "src.csv"
    src.write_text("a\n1\n")
    fp = cache.fingerprint([src])
    entry = tmp_path / "cache" / "x"
    frame = pd.DataFrame({"a": pd.Series([1, 2], dtype="Int16"), "b": ["x", None]})
    frame["c"] = pd.Categorical(["p", "q"])
    cache.write_frames(entry, {"f": frame}, fp)
    back = cache.read_frames(entry, fp)
    pd.testing.assert_frame_equal(back["f"], frame)
    src.write_text("a\n2\n")
    assert cache.read_frames(entry, cache.fingerprint([src])) is None


def test_failed_write_leaves_previous_entry(tmp_path):
    entry = tmp_path / "x"
    good = pd.DataFrame({"a": [1]})
    cache.write_frames(entry, {"f": good}, "fp1")

    unwritable = pd.DataFrame({"a": [object()]})  # Arrow has no type for it: the write fails

    with pytest.raises(pa.ArrowException):
        cache.write_frames(entry, {"f": unwritable}, "fp2")
    assert cache.read_frames(entry, "fp1")["f"]["a"].tolist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["x"]  # no temp folders left behind


def test_damaged_entry_is_a_miss(tmp_path):
    entry = tmp_path / "x"
    cache.write_frames(entry, {"f": pd.DataFrame({"a": [1]})}, "fp")
    (entry / "f.arrow").write_bytes(b"not arrow")
    assert cache.read_frames(entry, "fp") is None


def test_simultaneous_writes_of_one_entry_all_succeed(tmp_path):
    """Two workers importing the same file write the same entry at once (issue 11: Errno 39)."""
    entry = tmp_path / "x"
    errors = []

    def write(n):
        try:
            for _ in range(5):
                cache.write_frames(entry, {"f": pd.DataFrame({"a": [n]})}, f"fp{n}")
        except Exception as exc:  # collected: a failure in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = cache.read_info(entry)["fingerprint"]
    assert cache.read_frames(entry, stored)["f"]["a"].tolist() == [int(stored[2:])]
    assert [p.name for p in tmp_path.iterdir()] == ["x"]  # nothing moved aside is left


def test_a_fingerprint_from_digests_read_earlier_is_the_one_read_now(tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("a\n1\n")
    two.write_text("b\n2\n")
    digests = cache.content_digests([one])
    assert cache.fingerprint([one, two], "x", digests) == cache.fingerprint([one, two], "x")
    assert cache.fingerprint([one], "x") != cache.fingerprint([two], "x")
    assert cache.fingerprint([one], "x") != cache.fingerprint([one], "y")
