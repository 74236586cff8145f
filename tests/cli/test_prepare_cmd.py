import shutil

from conftest import FIXTURES

from app.cli import main
from app.store import corpora


def test_prepare_parses_then_reuses_the_cache(monkeypatch, tmp_path, capsys):
    data = tmp_path / "data"
    lens = data / "patents_lens_hrd4317k" / "raw_patents.csv"
    lens.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "lens_variant_b.csv", lens)
    monkeypatch.setenv("EV_DATA_DIR", str(data))
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    corpora._memo.clear()
    assert main(["prepare"]) == 0
    captured = capsys.readouterr()
    assert "lens-battery: 3 patents" in captured.out and "parsed and cached" in captured.out
    assert "ops-hydrogen: skipped" in captured.err  # its folder is not in this data dir
    corpora._memo.clear()  # as a fresh `make run` would
    assert main(["prepare", "lens-battery"]) == 0
    assert "cache up to date" in capsys.readouterr().out
    assert main(["prepare", "nope"]) == 2
    corpora._memo.clear()


def test_prepare_without_the_shared_data_folder(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("EV_DATA_DIR", str(tmp_path / "absent"))
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["prepare"]) == 0
    err = capsys.readouterr().err
    assert "shared data folder" in err and "not found" in err and "EV_DATA_DIR" in err


def test_prepare_reports_a_broken_builtin(monkeypatch, tmp_path, capsys):
    data = tmp_path / "data"
    lens = data / "patents_lens_hrd4317k" / "raw_patents.csv"
    lens.parent.mkdir(parents=True)
    lens.write_text("not,a,lens,export\n")
    monkeypatch.setenv("EV_DATA_DIR", str(data))
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    corpora._memo.clear()
    assert main(["prepare", "lens-battery"]) == 1
    assert "lens-battery: FAILED" in capsys.readouterr().err
    corpora._memo.clear()
