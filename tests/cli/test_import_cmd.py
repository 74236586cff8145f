import json

import pytest
from conftest import FIXTURES, SHARED_DATA, require_shared

from app.cli import main
from app.store import corpora


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EV_DATA_DIR", str(SHARED_DATA))
    corpora._memo.clear()
    yield tmp_path / "cache"
    corpora._memo.clear()


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*")) if folder.exists() else []


def test_import_json_report_and_cache(cache, capsys):
    assert main(["import", str(FIXTURES / "lens_variant_c.csv"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["patents"], out["applicants"], out["ipc_codes"], out["rejected"]) == (5, 8, 17, [])
    assert out["format"] == "lens" and out["ok"] is True
    entry = cache / "corpora" / out["dataset_id"]
    assert {p.name for p in entry.iterdir()} >= {"patents.arrow", "ipc.arrow"}


def test_import_human_table(cache, capsys):
    assert main(["import", str(FIXTURES / "espacenet.csv"), "--label", "list"]) == 0
    out = capsys.readouterr().out
    assert "format          espacenet" in out and "rejected rows   0" in out
    assert "NOT-A-CODE" in out  # the warning is shown


def test_generic_import_with_map_options(cache, capsys):
    argv = [
        "import",
        str(FIXTURES / "generic.csv"),
        "--format",
        "generic",
        "--map",
        "patent_id=Pub No.",
        "--map",
        "applicants=Assignee(s)",
        "--sep",
        "|",
        "--json",
    ]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["applicants"] == 5
    assert main(["import", str(FIXTURES / "generic.csv"), "--map", "patent_id"]) == 2


def test_malformed_file_exit_1_and_cache_untouched(cache, tmp_path, capsys):
    assert main(["import", str(FIXTURES / "espacenet.csv")]) == 0
    before = _files(cache)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01binary\x00")
    assert main(["import", str(bad), "--json"]) == 1
    out = capsys.readouterr().out.strip().splitlines()[-1]
    report = json.loads(out)
    assert report["ok"] is False and "binary" in report["error"] and report["dataset_id"] is None
    bad.write_text("foo,bar\n1,2\n")
    assert main(["import", str(bad)]) == 1
    assert "import failed" in capsys.readouterr().err
    assert _files(cache) == before


def test_missing_file_exit_2(cache, tmp_path, capsys):
    assert main(["import", str(tmp_path / "nowhere.csv")]) == 2
    assert "not found" in capsys.readouterr().err


def test_real_lens_sample_reports_797_patents(cache, capsys):
    path = require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    assert main(["import", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["patents"], out["rows_read"], out["rejected"]) == (797, 797, [])
