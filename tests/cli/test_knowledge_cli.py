import shutil

import pytest

from app.cli import main
from app.config import settings
from app.store.knowledge import seeds_dir


def test_check_knowledge_passes_on_the_repository_tables(capsys):
    if not seeds_dir().is_dir():
        pytest.skip("seed papers not found")
    assert main(["check-knowledge"]) == 0
    assert "every quote found" in capsys.readouterr().out


def _seeds_and_modes_edited(tmp_path, old, new):
    """The seeds folder and a copy of the tables whose cooperation_modes.csv has ``old``
    replaced by ``new``."""
    seeds = seeds_dir()
    if not seeds.is_dir():
        pytest.skip("seed papers not found")
    data = tmp_path / "data"
    shutil.copytree(settings().repo_data_dir, data)
    path = data / "cooperation_modes.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return seeds, data


def test_check_knowledge_rejects_an_altered_quote(tmp_path, capsys):
    seeds, data = _seeds_and_modes_edited(
        tmp_path, "Generate new entity.", "Generate a new entity."
    )
    assert main(["check-knowledge", "--data", str(data), "--seeds", str(seeds)]) == 1
    err = capsys.readouterr().err
    assert "cooperation_modes.csv, row 2, field 'features'" in err
    assert "cooperation_modes.csv, row 2, field 'quote'" in err


def test_check_knowledge_reports_a_broken_table_and_missing_seeds(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(settings().repo_data_dir, data)
    assert main(["check-knowledge", "--data", str(data), "--seeds", str(tmp_path / "no")]) == 2
    (data / "market_facts.csv").write_text("fact_id\n", encoding="utf-8")
    assert main(["check-knowledge", "--data", str(data)]) == 1
    assert "invalid table: market_facts.csv, row 1" in capsys.readouterr().err


def test_check_knowledge_leaves_the_chinese_renderings_alone(tmp_path, capsys):
    # "产生新实体。双方" occurs only in quote_zh, the translation (译文) of row 2's quote
    seeds, data = _seeds_and_modes_edited(tmp_path, "产生新实体。双方", "产生了新的实体。双方")
    assert main(["check-knowledge", "--data", str(data), "--seeds", str(seeds)]) == 0
    assert "every quote found" in capsys.readouterr().out
