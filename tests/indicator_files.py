"""Tiny OECD PAT_DEV and IEA files in the publishers' exact layout, for reader tests."""

from __future__ import annotations

from pathlib import Path

from app.ingest.indicators import IEA_DIR, IEA_FILE, OECD_DIR, OECD_FILES

OECD_HEADER = (
    '"COU","Inventor country","SIZE","Family size","DOM","Technology domain","VARIABLE",'
    '"Variable","YEA","Year","Unit Code","Unit","PowerCode Code","PowerCode",'
    '"Reference Period Code","Reference Period","Value","Flag Codes","Flags"'
)
IEA_HEADER = "country,countryISO,techSector,topic,indicator,category,unit,year,observations,value"

# file key -> [(COU, name, SIZE, DOM, year, value)]
OECD_ROWS = {
    "MOD_SPEC": [
        ("JPN", "Japan", "TWO", "ENE_ENA_STO_BA", 2019, "2258.9"),
        ("JPN", "Japan", "TWO", "ENE_ENA_STO_BA", 2020, "2084.667"),
        ("KOR", "Korea", "TWO", "ENE_ENA_STO_BA", 2020, "1917.417"),
        ("JPN", "Japan", "TWO", "CCM", 2020, "9999"),  # a domain we do not read
    ],
    "STORAGE": [("JPN", "Japan", "TWO", "ENE_ENA_STO", 2020, "3000.5")],
    "FAM4": [
        ("JPN", "Japan", "FOUR", dom, 2020, "10")
        for dom in (
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
    + [("WLD", "World", "FOUR", "ENE_ENA_STO_BA", 2020, "50")],
}

IEA_ROWS = [
    ("Japan", "JPN", "e-Mobility", 2020, "407.0"),
    ("", "WORLD", "e-Mobility", 2020, "1511.52"),
    ("Great Britain", "GBN", "e-Mobility", 2020, "54.92"),
    ("United Kingdom", "GBR", "e-Mobility", 2020, "54.92"),
    ("Japan", "JPN", "Storage (not e-mobility)", 2020, "500"),
    ("Japan", "JPN", "Total - all technologies", 2020, "40000"),
    ("Japan", "JPN", "Solar", 2020, "77"),
]


def oecd_line(cou, name, size, dom, year, value) -> str:
    size_label = {"TWO": "Two and greater", "FOUR": "Four and greater"}[size]
    cells = [cou, name, size, size_label, dom, dom, "TOTAL", "Number of patents"]
    cells += [str(year), str(year), "NBR", "Number", "0", "Units"]
    quoted = ",".join(f'"{c}"' for c in cells)
    return f"{quoted},,,{value},,"


def write_indicator_files(root: Path, oecd_rows=None, iea_rows=None) -> Path:
    """Write the four files under ``root`` (the EV_DATA_DIR layout); returns ``root``."""
    oecd_rows = OECD_ROWS if oecd_rows is None else oecd_rows
    iea_rows = IEA_ROWS if iea_rows is None else iea_rows
    (root / OECD_DIR).mkdir(parents=True, exist_ok=True)
    (root / IEA_DIR).mkdir(parents=True, exist_ok=True)
    for key, name in OECD_FILES.items():
        lines = [OECD_HEADER] + [oecd_line(*row) for row in oecd_rows.get(key, [])]
        # UTF-8 with a byte-order mark, as OECD.Stat writes it
        (root / OECD_DIR / name).write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    iea = [IEA_HEADER] + [
        f"{c},{iso},{sector},Patents,Detail,Clean Energy,Number,{year},0,{value}"
        for c, iso, sector, year, value in iea_rows
    ]
    (root / IEA_DIR / IEA_FILE).write_text("\n".join(iea) + "\n", encoding="utf-8")
    return root
