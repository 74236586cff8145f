import pandas as pd
import pytest
from indicator_files import write_indicator_files

from app.ingest.indicators import OECD_DIR, OECD_FILES, IndicatorFileError
from app.store import indicators as store


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    root = write_indicator_files(tmp_path / "data")
    monkeypatch.setenv("EV_DATA_DIR", str(root))
    monkeypatch.setenv("EV_CACHE_DIR", str(tmp_path / "cache"))
    store.clear_memory()
    yield root
    store.clear_memory()


def test_parsed_once_then_memory_then_mapped_file(data_dir, tmp_path, monkeypatch):
    first = store.indicators()
    assert store.indicators() is first  # same process: the in-memory frame
    entry = tmp_path / "cache" / "indicators" / "oecd-iea"
    assert (entry / "indicators.arrow").is_file()

    # a new process (memory cleared) reads the Arrow entry, not the CSV files
    store.clear_memory()
    calls = []
    monkeypatch.setattr(store, "read_indicators", lambda d: calls.append(d))
    again = store.indicators()
    assert calls == []
    pd.testing.assert_frame_equal(again, first)


def test_edited_source_is_reread(data_dir):
    before = store.indicators()
    rows = {"MOD_SPEC": [("JPN", "Japan", "TWO", "ENE_ENA_STO_BA", 2020, "1.5")]}
    rows["STORAGE"] = [("JPN", "Japan", "TWO", "ENE_ENA_STO", 2020, "2")]
    rows["FAM4"] = [
        ("JPN", "Japan", "FOUR", d, 2015, "3")
        for d in (
            "ENE_ENA_STO_BA",
            "ENE_ENA_STO",
            "TRA_RO_EL",
            "TRA_RO_HY",
            "TRA_EN_EL",
            "WAT_WASTE_REC_BAT",
            "ENE_ENA_CE",
            "TOT",
        )
    ]
    write_indicator_files(data_dir, oecd_rows=rows)
    after = store.indicators()
    assert len(after) != len(before)
    batteries = after[(after["domain"] == "batteries") & (after["basis"] == "TWO")]
    assert batteries["value"].tolist() == [1.5]


def test_missing_file_error_names_it(data_dir):
    (data_dir / OECD_DIR / OECD_FILES["STORAGE"]).unlink()
    with pytest.raises(IndicatorFileError, match=r"energy_storage\.csv: file not found"):
        store.indicators()
