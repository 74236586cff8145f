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


def test_progress_goes_to_stderr_and_stdout_keeps_only_the_json(cache, capsys):
    assert main(["import", str(FIXTURES / "lens_variant_c.csv"), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["patents"] == 5  # the whole of stdout is the one object
    lines = captured.err.splitlines()
    assert lines[0].startswith("lens_variant_c.csv: reading... ")
    # the last stage is always shown, with the rows the file held
    assert lines[-1].startswith("lens_variant_c.csv: 5 rows read; storing the dataset... ")
    assert "\r" not in captured.err  # not a terminal: plain lines


def test_progress_on_a_terminal_is_one_line_in_place_in_the_users_language(
    cache, capsys, monkeypatch
):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["import", str(FIXTURES / "lens_variant_c.csv"), "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("\r") and err.endswith("\x1b[K\n") and err.count("\n") == 1
    assert "lens_variant_c.csv：已读取 5 行" in err.rsplit("\r", 1)[1]


def test_import_human_table(cache, capsys):
    # 1 of the fixture's 5 IPC values is unreadable: more than 5% of the column, so amber
    assert main(["import", str(FIXTURES / "espacenet.csv"), "--label", "list"]) == 3
    out = capsys.readouterr().out
    assert "Espacenet result list (CSV)" in out and "Rejected rows                   0" in out
    assert "Amber" in out and "Column IPC: 1 of 5 codes (20.0%) could not be read" in out
    assert "row 11, IPC: unreadable code dropped ('NOT-A-CODE')" in out  # the warning


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
    assert main(argv) == 3  # imported, amber: no date column was mapped
    out = json.loads(capsys.readouterr().out)
    assert (out["applicants"], out["verdict"]) == (5, "amber")
    assert out["verdict_reasons"] == [
        "No record has a usable date: no year-based figure can be drawn."
    ]
    assert main(["import", str(FIXTURES / "generic.csv"), "--map", "patent_id"]) == 2


def test_malformed_file_exit_1_and_cache_untouched(cache, tmp_path, capsys):
    assert main(["import", str(FIXTURES / "espacenet.csv")]) == 3
    before = _files(cache)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01binary\x00")
    assert main(["import", str(bad), "--json"]) == 1
    out = capsys.readouterr().out.strip().splitlines()[-1]
    report = json.loads(out)
    assert report["ok"] is False and "binary" in report["error"] and report["dataset_id"] is None
    assert report["verdict"] == "red"
    bad.write_text("foo,bar\n1,2\n")
    assert main(["import", str(bad)]) == 1
    assert "Import refused:" in capsys.readouterr().err
    assert _files(cache) == before


def test_missing_file_exit_2(cache, tmp_path, capsys):
    assert main(["import", str(tmp_path / "nowhere.csv")]) == 2
    assert "not found" in capsys.readouterr().err


def test_real_lens_sample_reports_797_patents(cache, capsys):
    path = require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    assert main(["import", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["patents"], out["rows_read"], out["rejected"]) == (797, 797, [])


def test_an_unexpected_failure_is_one_line_without_paths(cache, capsys, monkeypatch):
    from app.cli import import_cmd

    def broken(_args):
        raise RuntimeError("/srv/secret/cache/jobs/1234 went wrong")

    monkeypatch.setattr(import_cmd, "run", broken)
    assert main(["import", str(FIXTURES / "lens_variant_c.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "/srv" not in err
    assert "--debug" in err

    def unreadable(_args):
        raise PermissionError(13, "Permission denied", "/srv/secret/lens.csv")

    monkeypatch.setattr(import_cmd, "run", unreadable)
    assert main(["import", "x.csv"]) == 2
    assert capsys.readouterr().err == "import: lens.csv: Permission denied\n"
    with pytest.raises(RuntimeError):
        monkeypatch.setattr(import_cmd, "run", broken)
        main(["--debug", "import", "x.csv"])


def test_a_bomb_is_refused_naming_the_limit_it_passed(cache, capsys, tmp_path):
    import zipfile

    bomb = tmp_path / "g_patent.tsv.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("g_patent.tsv", b"0" * (20 << 20))
    assert main(["import", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "Import refused: g_patent.tsv.zip: g_patent.tsv expands" in err
    assert "(limit 200 times), as a zip bomb does" in err
    assert "Traceback" not in err and str(cache) not in err  # the given path is shown, ours not


def _snapshot(folder):
    """Every file under ``folder`` with its bytes: "byte-identical" is checked, not assumed."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_lens_export_with_five_percent_garbage_rows_is_amber_and_imported(cache, tmp_path, capsys):
    source = require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    garbage = [f"garbage row {i},,\n" for i in range(42)]  # 42 of 839 rows: 5.0%
    dirty = tmp_path / "lens_dirty.csv"
    dirty.write_text("".join(lines[:400] + garbage + lines[400:]), encoding="utf-8")
    assert main(["import", str(dirty), "--json", "--problems", str(tmp_path / "p.csv")]) == 3
    out = json.loads(capsys.readouterr().out)
    assert (out["verdict"], out["patents"], len(out["rejected"])) == ("amber", 797, 42)
    assert "were rejected: more than 1%" in out["verdict_reasons"][0]
    assert out["dataset_id"] is not None  # amber is imported (the CLI has no one to ask)
    assert (tmp_path / "p.csv").read_text().count("garbage row") == 42


def test_file_with_no_usable_column_is_red_and_changes_nothing(cache, tmp_path, capsys):
    assert main(["import", str(FIXTURES / "lens_variant_c.csv")]) == 0
    before = _snapshot(cache)
    listed = corpora.list_datasets()
    useless = tmp_path / "notes.csv"
    useless.write_text("colour,size,remark\nred,3,fine\nblue,4,ok\n", encoding="utf-8")
    assert main(["import", str(useless), "--json"]) == 1
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (out["verdict"], out["dataset_id"]) == ("red", None)
    assert "matches no known export" in out["error"]
    assert _snapshot(cache) == before and corpora.list_datasets() == listed


def test_every_real_format_prints_the_json_the_issue_asks_for(cache, capsys):
    for name in ("epo_linked_h01m.csv", "google_gp-search.csv", "bigquery_results.jsonl"):
        assert main(["import", str(FIXTURES / name), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        keys = {"format", "patents", "applicants", "ipc_codes", "applicants_with_country"}
        assert keys | {"rejected", "warnings", "verdict", "unit"} <= set(out)
