"""Country x year x technology patent counts (OECD PAT_DEV, IEA) as one tidy frame.

Two publishers, four files, one frame with the columns of :data:`INDICATOR_COLUMNS`:

``source``   "OECD PAT_DEV" or "IEA"
``domain``   our stable id ("batteries", "e-mobility", ...; see :data:`INDICATOR_DOMAINS`)
``basis``    how the count was made: the OECD family-size threshold ("TWO" = families of
             two or more offices, "FOUR" = four or more) or the IEA sector name
``iso3``     inventor country (ISO 3166-1 alpha-3); "WLD" for the world aggregate
``year``     priority year
``value``    fractional patent-family count (a family shared by two countries counts 1/2 each)

Which file serves which domain (each (source, domain, basis) comes from exactly one file, so
the frame has no duplicates):

- ``PAT_DEV_MOD_SPEC.csv`` (family size >= 2, every year 1990-2020): batteries.
- ``PAT_DEV_03042024..._energy_storage.csv`` (>= 2, every year 1995-2020): energy storage.
- ``PAT_DEV_FAM4.csv`` (>= 4, only the sample years 1960, 1970, 1980, 1990, 2000, 2005,
  2010, 2015, 2020): electric and hybrid vehicles, EV charging, battery recycling, fuel
  cells, all technologies, and batteries and energy storage at size >= 4 (same basis as the
  all-technologies total, so shares are like for like). Its years are samples, not a series:
  a cumulative life-cycle curve cannot be drawn through them.
- IEA file (every year 2000-2021): e-Mobility, storage (not e-mobility), all technologies.
  Its "WORLD" becomes "WLD"; its "GBN" (Great Britain) rows repeat "GBR" (United Kingdom)
  value for value, so GBN is dropped where GBR has the same sector and year.

A missing or malformed file raises :class:`IndicatorFileError` naming the file (and the row
and field when one value is at fault).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from app.i18n import N_

__all__ = [
    "AGGREGATE_CODES",
    "IEA_DIR",
    "IEA_FILE",
    "IEA_SOURCE",
    "INDICATOR_COLUMNS",
    "INDICATOR_DOMAINS",
    "OECD_DIR",
    "OECD_FILES",
    "OECD_SOURCE",
    "IndicatorDomain",
    "IndicatorFileError",
    "country_names",
    "default_basis",
    "domain_ids",
    "indicator_files",
    "read_iea",
    "read_indicators",
    "read_oecd_pat_dev",
]

OECD_SOURCE = "OECD PAT_DEV"
IEA_SOURCE = "IEA"
OECD_DIR = "oecd_envtech_patents"
IEA_DIR = "iea_energy_patents"
IEA_FILE = "iea_energy_technology_patents.csv"
# file key -> file name inside OECD_DIR
OECD_FILES: dict[str, str] = {
    "MOD_SPEC": "PAT_DEV_MOD_SPEC.csv",
    "STORAGE": "PAT_DEV_03042024202801223_energy_storage.csv",
    "FAM4": "PAT_DEV_FAM4.csv",
}
# Country codes that are aggregates, not countries: never add them to a sum of countries.
AGGREGATE_CODES = frozenset({"WLD"})

INDICATOR_COLUMNS: dict[str, str] = {
    "source": "category",
    "domain": "category",
    "domain_label": "category",
    "basis": "category",
    "code": "category",  # the publisher's own domain code (OECD DOM, IEA techSector)
    "iso3": "category",
    "country": "category",  # the publisher's name for iso3
    "aggregate": "bool",  # True for WLD
    "year": "int16",
    "value": "float64",
}


@dataclass(frozen=True)
class IndicatorDomain:
    """One (source, domain, basis) series family and the file that serves it."""

    source: str
    domain: str  # stable id, unique within a source
    label: str
    code: str  # OECD DOM code or IEA techSector
    basis: str  # "TWO" / "FOUR" (OECD family size) or the IEA sector name
    file_key: str  # key of OECD_FILES, or "IEA"


def _oecd(domain: str, label: str, code: str, basis: str, file_key: str) -> IndicatorDomain:
    return IndicatorDomain(OECD_SOURCE, domain, label, code, basis, file_key)


def _iea(domain: str, label: str, sector: str) -> IndicatorDomain:
    return IndicatorDomain(IEA_SOURCE, domain, label, sector, sector, "IEA")


# The first entry of a (source, domain) is its default basis: the annual one where there is one.
# Labels are message ids (N_): a page shows them translated.
INDICATOR_DOMAINS: tuple[IndicatorDomain, ...] = (
    _oecd("batteries", N_("Batteries"), "ENE_ENA_STO_BA", "TWO", "MOD_SPEC"),
    _oecd("batteries", N_("Batteries"), "ENE_ENA_STO_BA", "FOUR", "FAM4"),
    _oecd("energy-storage", N_("Energy storage"), "ENE_ENA_STO", "TWO", "STORAGE"),
    _oecd("energy-storage", N_("Energy storage"), "ENE_ENA_STO", "FOUR", "FAM4"),
    _oecd("electric-vehicles", N_("Electric vehicles"), "TRA_RO_EL", "FOUR", "FAM4"),
    _oecd("hybrid-vehicles", N_("Hybrid vehicles"), "TRA_RO_HY", "FOUR", "FAM4"),
    _oecd("ev-charging", N_("Electric vehicle charging"), "TRA_EN_EL", "FOUR", "FAM4"),
    _oecd(
        "battery-recycling",
        N_("Recycling of batteries or fuel cells"),
        "WAT_WASTE_REC_BAT",
        "FOUR",
        "FAM4",
    ),
    _oecd("fuel-cells", N_("Fuel cells"), "ENE_ENA_CE", "FOUR", "FAM4"),
    _oecd("all-technologies", N_("All technologies (total patents)"), "TOT", "FOUR", "FAM4"),
    _iea("e-mobility", N_("e-Mobility"), "e-Mobility"),
    _iea("storage", N_("Storage (not e-mobility)"), "Storage (not e-mobility)"),
    _iea("all-technologies", N_("Total - all technologies"), "Total - all technologies"),
)

_OECD_REQUIRED = ("COU", "Inventor country", "SIZE", "DOM", "YEA", "Value")
_IEA_REQUIRED = ("country", "countryISO", "techSector", "year", "value")


class IndicatorFileError(ValueError):
    """A source file of the indicator frame is missing or malformed (the message names it)."""


def domain_ids(source: str) -> list[str]:
    """The domain ids a source offers, in registry order.

    Examples
    --------
    >>> domain_ids("IEA")
    ['e-mobility', 'storage', 'all-technologies']
    """
    return list(dict.fromkeys(d.domain for d in INDICATOR_DOMAINS if d.source == source))


def default_basis(source: str, domain: str) -> str:
    """The basis used when none is asked for: the annual series where there is one.

    Examples
    --------
    >>> default_basis("OECD PAT_DEV", "batteries"), default_basis("OECD PAT_DEV", "fuel-cells")
    ('TWO', 'FOUR')
    """
    for d in INDICATOR_DOMAINS:
        if d.source == source and d.domain == domain:
            return d.basis
    raise KeyError(
        f"unknown domain {domain!r} for {source}; known: {', '.join(domain_ids(source))}"
    )


def indicator_files(data_dir: Path) -> list[Path]:
    """The four source files under ``data_dir`` (whether or not they exist)."""
    oecd = [Path(data_dir) / OECD_DIR / name for name in OECD_FILES.values()]
    return [*oecd, Path(data_dir) / IEA_DIR / IEA_FILE]


def _read_csv(path: Path, required: tuple[str, ...], encoding: str) -> pd.DataFrame:
    if not path.is_file():
        raise IndicatorFileError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise IndicatorFileError(f"{path}: unreadable CSV ({exc})") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise IndicatorFileError(
            f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(frame.columns)})"
        )
    return frame


def _numbers(frame: pd.DataFrame, column: str, path: Path, *, integer: bool) -> np.ndarray:
    """``column`` as floats; the first unparsable non-empty cell raises with its row."""
    text = frame[column].str.strip()
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() & (text != "")
    if integer:
        bad |= values.notna() & (values != values.round())
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        # row as a spreadsheet shows it: header is row 1
        raise IndicatorFileError(
            f"{path}: row {pos + 2}, field {column}: not a number: {frame[column].iloc[pos]!r}"
        )
    return values.to_numpy(dtype="float64")


def _tidy(
    rows: pd.DataFrame, spec: IndicatorDomain, iso3: pd.Series, names: pd.Series, path: Path
) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "source": spec.source,
            "domain": spec.domain,
            "domain_label": spec.label,
            "basis": spec.basis,
            "code": spec.code,
            "iso3": iso3.to_numpy(),
            "country": names.to_numpy(),
            "year": rows["_year"].to_numpy(),
            "value": rows["_value"].to_numpy(),
        }
    )
    out = out[out["value"].notna() & out["year"].notna()]
    dup = out.duplicated(["iso3", "year"])
    if dup.any():
        first = out[dup].iloc[0]
        where = f"{first['iso3']} {first['year']:.0f}"
        raise IndicatorFileError(f"{path}: {spec.code} ({spec.basis}) has two rows for {where}")
    return out


def read_oecd_pat_dev(path: Path, domains: list[IndicatorDomain]) -> pd.DataFrame:
    """The rows of one PAT_DEV file for ``domains`` (all served by this file), tidy.

    The file is UTF-8 with a byte-order mark and every field quoted (OECD.Stat export).
    Rows without a value are left out (OECD omits most zero cells anyway).
    """
    path = Path(path)
    raw = _read_csv(path, _OECD_REQUIRED, "utf-8-sig")
    raw["_year"] = _numbers(raw, "YEA", path, integer=True)
    raw["_value"] = _numbers(raw, "Value", path, integer=False)
    parts = []
    for spec in domains:
        rows = raw[(raw["DOM"] == spec.code) & (raw["SIZE"] == spec.basis)]
        if rows.empty:
            raise IndicatorFileError(
                f"{path}: no rows for domain {spec.code} with family size {spec.basis}"
            )
        parts.append(_tidy(rows, spec, rows["COU"], rows["Inventor country"], path))
    return pd.concat(parts, ignore_index=True)


def read_iea(path: Path, domains: list[IndicatorDomain]) -> pd.DataFrame:
    """The rows of the IEA energy-technology patent file for ``domains``, tidy.

    "WORLD" becomes "WLD" (named "World"); "GBN" rows that repeat a "GBR" row are dropped.
    """
    path = Path(path)
    raw = _read_csv(path, _IEA_REQUIRED, "utf-8-sig")
    raw["_year"] = _numbers(raw, "year", path, integer=True)
    raw["_value"] = _numbers(raw, "value", path, integer=False)
    iso = raw["countryISO"].str.strip().replace({"WORLD": "WLD"})
    names = raw["country"].where(iso != "WLD", "World")
    keys = pd.MultiIndex.from_arrays([raw["techSector"], raw["_year"]])
    gbn_repeat = (iso == "GBN").to_numpy() & keys.isin(keys[(iso == "GBR").to_numpy()])
    parts = []
    for spec in domains:
        keep = (raw["techSector"] == spec.code) & ~gbn_repeat
        if not keep.any():
            raise IndicatorFileError(f"{path}: no rows for sector {spec.code!r}")
        parts.append(_tidy(raw[keep], spec, iso[keep], names[keep], path))
    return pd.concat(parts, ignore_index=True)


def read_indicators(data_dir: Path) -> pd.DataFrame:
    """All domains of :data:`INDICATOR_DOMAINS` from the files under ``data_dir``, one frame.

    Columns and dtypes are :data:`INDICATOR_COLUMNS`; rows sorted by source, domain, basis,
    country, year.
    """
    data_dir = Path(data_dir)
    parts = []
    for key, name in OECD_FILES.items():
        specs = [d for d in INDICATOR_DOMAINS if d.file_key == key]
        parts.append(read_oecd_pat_dev(data_dir / OECD_DIR / name, specs))
    specs = [d for d in INDICATOR_DOMAINS if d.file_key == "IEA"]
    parts.append(read_iea(data_dir / IEA_DIR / IEA_FILE, specs))
    frame = pd.concat(parts, ignore_index=True)
    frame["aggregate"] = frame["iso3"].isin(AGGREGATE_CODES)
    frame = frame.sort_values(["source", "domain", "basis", "iso3", "year"], kind="stable")
    out = pd.DataFrame(
        {name: frame[name].astype(dtype) for name, dtype in INDICATOR_COLUMNS.items()}
    )
    return out.reset_index(drop=True)


def country_names(frame: pd.DataFrame) -> dict[str, str]:
    """ISO3 -> name as the files give it (OECD's name first where both publishers have one).

    Examples
    --------
    >>> f = pd.DataFrame({"source": ["IEA", "OECD PAT_DEV"], "iso3": ["CHN", "CHN"],
    ...                   "country": ["People's Republic of China",
    ...                               "China (People's Republic of)"]})
    >>> country_names(f)
    {'CHN': "China (People's Republic of)"}
    """
    order = frame["source"].astype(str).ne(OECD_SOURCE)  # OECD rows first
    pairs = frame.assign(_o=order).sort_values(["_o", "iso3"], kind="stable")
    pairs = pairs.drop_duplicates("iso3")
    pairs = pairs.sort_values("iso3")
    return dict(zip(pairs["iso3"].astype(str), pairs["country"].astype(str), strict=True))
