import pandas as pd
import pytest
from conftest import require_shared
from indicator_files import IEA_HEADER, OECD_HEADER, oecd_line, write_indicator_files

from app.ingest.indicators import (
    IEA_DIR,
    IEA_FILE,
    IEA_SOURCE,
    INDICATOR_COLUMNS,
    INDICATOR_DOMAINS,
    OECD_DIR,
    OECD_FILES,
    OECD_SOURCE,
    IndicatorFileError,
    country_names,
    default_basis,
    domain_ids,
    read_indicators,
)


def _value(frame, source, domain, basis, iso3, year):
    hit = frame[
        (frame["source"] == source)
        & (frame["domain"] == domain)
        & (frame["basis"] == basis)
        & (frame["iso3"] == iso3)
        & (frame["year"] == year)
    ]
    assert len(hit) == 1, hit
    return float(hit["value"].iloc[0])


def test_small_files_make_one_tidy_frame(tmp_path):
    frame = read_indicators(write_indicator_files(tmp_path))
    assert list(frame.columns) == list(INDICATOR_COLUMNS)
    assert {c: str(t) for c, t in frame.dtypes.items()} == INDICATOR_COLUMNS
    assert _value(frame, OECD_SOURCE, "batteries", "TWO", "JPN", 2020) == 2084.667
    assert _value(frame, OECD_SOURCE, "batteries", "FOUR", "JPN", 2020) == 10
    assert _value(frame, OECD_SOURCE, "energy-storage", "TWO", "JPN", 2020) == 3000.5
    assert _value(frame, IEA_SOURCE, "e-mobility", "e-Mobility", "WLD", 2020) == 1511.52
    # domains we did not ask for stay out; every registered domain is in
    assert "CCM" not in set(frame["code"]) and "Solar" not in set(frame["code"])
    got = set(zip(frame["source"], frame["domain"], frame["basis"], strict=True))
    assert got == {(d.source, d.domain, d.basis) for d in INDICATOR_DOMAINS}
    # IEA: WORLD -> WLD "World", flagged aggregate; GBN repeating GBR is dropped
    world = frame[frame["iso3"] == "WLD"]
    assert world["aggregate"].all() and set(world["country"]) == {"World"}
    assert "GBN" not in set(frame["iso3"]) and "GBR" in set(frame["iso3"])
    assert not frame.duplicated(["source", "domain", "basis", "iso3", "year"]).any()


def test_gbn_without_gbr_twin_is_kept(tmp_path):
    rows = [("Great Britain", "GBN", "e-Mobility", 2019, "5")]
    rows += [("Japan", "JPN", s, 2019, "1") for s in ("Storage (not e-mobility)",)]
    rows += [("Japan", "JPN", "Total - all technologies", 2019, "1")]
    frame = read_indicators(write_indicator_files(tmp_path, iea_rows=rows))
    assert "GBN" in set(frame["iso3"])


def test_missing_file_is_named(tmp_path):
    write_indicator_files(tmp_path)
    victim = tmp_path / OECD_DIR / OECD_FILES["FAM4"]
    victim.unlink()
    with pytest.raises(IndicatorFileError, match=r"PAT_DEV_FAM4\.csv: file not found"):
        read_indicators(tmp_path)


def test_bad_value_names_file_row_and_field(tmp_path):
    write_indicator_files(tmp_path)
    path = tmp_path / OECD_DIR / OECD_FILES["MOD_SPEC"]
    lines = [OECD_HEADER, oecd_line("JPN", "Japan", "TWO", "ENE_ENA_STO_BA", 2020, "12")]
    lines.append(oecd_line("KOR", "Korea", "TWO", "ENE_ENA_STO_BA", 2020, '"n/a"'))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    with pytest.raises(IndicatorFileError) as err:
        read_indicators(tmp_path)
    assert "PAT_DEV_MOD_SPEC.csv: row 3, field Value: not a number: 'n/a'" in str(err.value)


def test_missing_column_and_missing_domain_are_named(tmp_path):
    write_indicator_files(tmp_path)
    iea = tmp_path / IEA_DIR / IEA_FILE
    iea.write_text(IEA_HEADER.replace("techSector", "sector") + "\n")
    with pytest.raises(IndicatorFileError, match=r"iea_energy_technology_patents\.csv: missing"):
        read_indicators(tmp_path)
    write_indicator_files(tmp_path, oecd_rows={"MOD_SPEC": [], "STORAGE": [], "FAM4": []})
    with pytest.raises(IndicatorFileError, match="no rows for domain ENE_ENA_STO_BA"):
        read_indicators(tmp_path)


def test_duplicate_rows_are_refused(tmp_path):
    dup = ("JPN", "Japan", "TWO", "ENE_ENA_STO_BA", 2020, "1")
    rows = {"MOD_SPEC": [dup, dup], "STORAGE": [], "FAM4": []}
    write_indicator_files(tmp_path, oecd_rows=rows)
    with pytest.raises(IndicatorFileError, match="two rows for JPN 2020"):
        read_indicators(tmp_path)


def test_registry_helpers():
    assert domain_ids(OECD_SOURCE) == [
        "batteries",
        "energy-storage",
        "electric-vehicles",
        "hybrid-vehicles",
        "ev-charging",
        "battery-recycling",
        "fuel-cells",
        "all-technologies",
    ]
    assert default_basis(OECD_SOURCE, "energy-storage") == "TWO"
    with pytest.raises(KeyError, match="known: e-mobility"):
        default_basis(IEA_SOURCE, "batteries")


def test_real_files_contents():
    require_shared("oecd_envtech_patents", OECD_FILES["FAM4"])
    require_shared("iea_energy_patents", IEA_FILE)
    frame = read_indicators(require_shared())
    # SOURCE.md: Batteries, family size >= 2, 2020
    expected = {"JPN": 2084.7, "KOR": 1917.4, "CHN": 1345.7, "USA": 893.7, "DEU": 593.6}
    for iso3, value in expected.items():
        got = _value(frame, OECD_SOURCE, "batteries", "TWO", iso3, 2020)
        assert round(got, 1) == value
    counts = frame.groupby(["source", "domain", "basis"], observed=True).size()
    assert counts[(OECD_SOURCE, "batteries", "TWO")] == 1444  # MOD_SPEC rows, SOURCE.md
    assert counts[(OECD_SOURCE, "batteries", "FOUR")] == 289  # FAM4 rows, SOURCE.md
    assert counts[(OECD_SOURCE, "energy-storage", "TWO")] == 1425
    batteries = frame[(frame["domain"] == "batteries") & (frame["basis"] == "TWO")]
    assert (batteries["year"].min(), batteries["year"].max()) == (1990, 2020)
    iea = frame[frame["source"] == IEA_SOURCE]
    assert (iea["year"].min(), iea["year"].max()) == (2000, 2021)
    assert round(_value(frame, IEA_SOURCE, "e-mobility", "e-Mobility", "WLD", 2011)) == 5158
    names = country_names(frame)
    assert names["KOR"] == "Korea" and names["WLD"] == "World"
    assert not frame.duplicated(["source", "domain", "basis", "iso3", "year"]).any()
    assert frame["value"].notna().all()
    assert isinstance(frame, pd.DataFrame)
