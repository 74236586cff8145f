"""Lens.org exports with planted early-warning signals, written at test time. SYNTHETIC.

Layout of docs/export-formats.md section 1, variant C: UTF-8 BOM, CRLF line ends, the
37-column header with ``"#"`` quoted, ``;;`` between values, codes in Lens spelling
(``H01M10/0525``), RFC-4180 quoting, priority numbers without dates.

The background is stationary: a fixed pool of applicants (Zipf popularity, one home
country each) files the same number of patents every priority year 2008-2023, each with
main groups drawn from fixed shares. Publication follows priority by about 18 months, so
the data run to 2025 and, with the 18-month lag, the last complete year is 2023: recent
window 2021-2023, baseline 2016-2020 (defaults 3 and 5).

Planted (``plant=True``):

- a burst: main group H01M 12/00 on an extra 12% of the patents of 2011-2013;
- a rising share: main group H01M 16/00 on an extra 10% of the patents of 2021-2023;
- a new entrant: PLANTED NEWCOMER BATTERY CO LTD (CN), 30 patents in 2021-2023, all filed
  at the USPTO (so also a foreign entrant there), none before.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from app.synthetic import LENS_VARIANT_C_HEADER

FIRST_YEAR, LAST_YEAR = 2008, 2023
PER_YEAR = 250
BURST_CODE, BURST_YEARS, BURST_SHARE = "H01M 12/00", (2011, 2013), 0.12
RISING_CODE, RISING_YEARS, RISING_SHARE = "H01M 16/00", (2021, 2023), 0.10
NEWCOMER_RAW, NEWCOMER, NEWCOMER_PATENTS = (
    "PLANTED NEWCOMER BATTERY CO LTD",
    "PLANTED NEWCOMER BATTERY",
    30,
)

# Background main groups (Lens spelling, no space) and their fixed shares of code slots.
_GROUPS = {
    "H01M4": 0.22, "H01M10": 0.22, "H01M50": 0.12, "H01M2": 0.06, "H01M6": 0.03,
    "H01M8": 0.05, "H01M12": 0.015, "H01M16": 0.015, "B60L50": 0.06, "B60L53": 0.05,
    "B60L58": 0.05, "H02J7": 0.05, "C01G53": 0.03, "H01G11": 0.02,
}  # fmt: skip
_SUBGROUPS = np.array(["00", "02", "04", "13", "36", "0525", "0562", "42"])
_COUNTRIES = np.array(["CN", "JP", "KR", "US", "DE"])
_FORMS = {"CN": "CO LTD", "JP": "KK", "KR": "CO LTD", "US": "INC", "DE": "GMBH"}
_COLUMNS = [c.strip('"') for c in LENS_VARIANT_C_HEADER.split(",")]


def _records(seed: int, plant: bool) -> pd.DataFrame:
    """One row per patent: year, applicants (raw names), home office, codes (Lens spelling)."""
    rng = np.random.default_rng(seed)
    n_pool = 150
    home = rng.choice(_COUNTRIES, n_pool)
    pool = np.array([f"SYNTHETIC CELL {i} {_FORMS[c]}" for i, c in enumerate(home)], dtype=object)
    weights = 1.0 / np.arange(1, n_pool + 1) ** 1.05
    weights /= weights.sum()
    years = np.repeat(np.arange(FIRST_YEAR, LAST_YEAR + 1), PER_YEAR)
    n = len(years)
    first = rng.choice(n_pool, n, p=weights)
    second = np.where(rng.random(n) < 0.2, rng.choice(n_pool, n, p=weights), -1)
    groups, shares = list(_GROUPS), np.array(list(_GROUPS.values()))
    n_codes = rng.integers(1, 4, n)
    picks = rng.choice(len(groups), (n, 3), p=shares / shares.sum())
    subs = rng.choice(_SUBGROUPS, (n, 3))
    codes = [
        list(
            dict.fromkeys(
                f"{groups[g]}/{s}" for g, s in zip(picks[i, :k], subs[i, :k], strict=True)
            )
        )
        for i, k in enumerate(n_codes)
    ]
    applicants = [
        [pool[a]] + ([pool[b]] if b >= 0 and b != a else [])
        for a, b in zip(first, second, strict=True)
    ]
    offices = np.where(rng.random(n) < 0.7, home[first], rng.choice(["EP", "US", "CN"], n))
    frame = pd.DataFrame(
        {"year": years, "applicants": applicants, "home": home[first], "office": offices,
         "codes": codes}
    )  # fmt: skip
    if plant:
        frame = _plant(frame, rng)
    return frame


def _plant(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    for code, (low, high), share in (
        (BURST_CODE, BURST_YEARS, BURST_SHARE),
        (RISING_CODE, RISING_YEARS, RISING_SHARE),
    ):
        lens = code.replace(" ", "").replace("/00", "/08")
        chosen = frame["year"].between(low, high) & (rng.random(len(frame)) < share)
        frame.loc[chosen, "codes"] = frame.loc[chosen, "codes"].map(lambda c, x=lens: [*c, x])
    newcomer = pd.DataFrame(
        {
            "year": np.repeat(np.arange(2021, 2024), NEWCOMER_PATENTS // 3),
            "applicants": [[NEWCOMER_RAW]] * NEWCOMER_PATENTS,
            "home": "CN",
            "office": "US",
            "codes": [["H01M10/0525"]] * NEWCOMER_PATENTS,
        }
    )
    return pd.concat([frame, newcomer], ignore_index=True)


def write_planted_lens_export(path: Path, *, seed: int = 0, plant: bool = True) -> Path:
    """Write the export described in the module docstring to ``path``; returns ``path``."""
    frame = _records(seed, plant)
    n = len(frame)
    rng = np.random.default_rng(seed + 1)
    day = rng.integers(0, 365, n)
    priority = pd.to_datetime(frame["year"].astype(str) + "-01-01") + pd.to_timedelta(day, "D")
    filing = priority + pd.to_timedelta(rng.integers(0, 300, n), "D")
    published = priority + pd.to_timedelta(548, "D")
    serial = np.arange(n) + 300_000
    serial_text = pd.Series(serial.astype(str))
    app_number = frame["home"] + " " + frame["year"].astype(str) + serial_text + " A"
    lens_id = [f"{s // 1000:03d}-{s % 1000:03d}-{(7 * s) % 1000:03d}-{(3 * s) % 1000:03d}-"
               f"{(11 * s) % 1000:03d}" for s in serial]  # fmt: skip
    ipcr = [";;".join(c) for c in frame["codes"]]
    out = pd.DataFrame(
        {
            "#": np.arange(1, n + 1),
            "Jurisdiction": frame["office"],
            "Kind": "A1",
            "Display Key": frame["office"] + " " + serial_text + " A1",
            "Lens ID": lens_id,
            "Publication Date": published.dt.strftime("%Y-%m-%d"),
            "Publication Year": published.dt.year,
            "Application Number": app_number,
            "Application Date": filing.dt.strftime("%Y-%m-%d"),
            "Priority Numbers": app_number,
            "Earliest Priority Date": priority.dt.strftime("%Y-%m-%d"),
            "Title": "SYNTHETIC BATTERY PATENT " + serial_text,
            "Abstract": "A synthetic record, not a real patent.",
            "Applicants": [";;".join(a) for a in frame["applicants"]],
            "Inventors": "SYNTHETIC INVENTOR",
            "URL": [f"https://lens.org/{i}" for i in lens_id],
            "Document Type": "Patent Application",
            "Has Full Text": "no",
            "CPC Classifications": ipcr,
            "IPCR Classifications": ipcr,
            "Legal Status": "PENDING",
        }
    ).reindex(columns=_COLUMNS, fill_value="")
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(LENS_VARIANT_C_HEADER + "\r\n")
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerows(out.itertuples(index=False))
    return Path(path)
