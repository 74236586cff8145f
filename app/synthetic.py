"""Generated (synthetic) corpora for tests and benchmarks. Never real, never shown as real.

Every corpus made here carries ``meta.synthetic = True`` and a label that says so. The
generator is vectorised (NumPy) so a million patents take seconds, and seeded so a test
or benchmark sees the same corpus every run.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)

__all__ = [
    "LENS_VARIANT_C_HEADER",
    "SYNTHETIC_LABEL",
    "synthetic_corpus",
    "write_synthetic_lens_csv",
]

SYNTHETIC_LABEL = "Synthetic corpus (generated for tests, not real data)"

MAIN_COUNTRIES = ("CN", "JP", "KR", "US", "DE")
_COUNTRY_WEIGHTS = np.array([0.38, 0.24, 0.16, 0.14, 0.08])

# Real IPC main groups of the battery field; subgroups are drawn below each.
_MAIN_GROUPS = (
    "H01M 4",
    "H01M 10",
    "H01M 50",
    "H01M 2",
    "H01M 8",
    "H01M 6",
    "H01M 12",
    "H01M 16",
    "B60L 50",
    "B60L 53",
    "B60L 58",
    "H02J 7",
    "C01B 32",
    "C01G 53",
    "C01D 15",
    "H01G 11",
    "G01R 31",
    "B60K 1",
    "C08L 27",
    "H01B 1",
)
_SUBGROUPS = ("00", "02", "04", "13", "36", "38", "48", "52", "58", "62", "0525", "0562", "42")


def _zipf_weights(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def _repeat_counts(rng: np.random.Generator, n: int, low: int, high: int, mean: float):
    """Per-patent counts in [low, high] with roughly the given mean (geometric-like)."""
    p = 1.0 / max(mean - low + 1, 1.0)
    return np.clip(rng.geometric(p, size=n) + low - 1, low, high)


def synthetic_corpus(
    n_patents: int,
    *,
    seed: int = 0,
    n_applicants: int | None = None,
    max_applicants: int = 4,
    mean_codes: float = 4.0,
    max_codes: int = 8,
    year_range: tuple[int, int] = (2000, 2023),
) -> Corpus:
    """A synthetic battery-like corpus of ``n_patents`` with canonical frames.

    Applicants follow a Zipf popularity (a few large filers, many small), each with a fixed
    country among CN, JP, KR, US, DE; filings grow along a logistic curve over the years;
    codes come from real battery-field IPC main groups.

    Examples
    --------
    >>> c = synthetic_corpus(100, seed=1)
    >>> len(c.patents), c.meta.synthetic
    (100, True)
    """
    rng = np.random.default_rng(seed)
    n_pool = n_applicants or max(50, n_patents // 40)
    patent_ids = np.char.add("SYN-", np.arange(n_patents).astype(str))

    years = np.arange(year_range[0], year_range[1] + 1)
    growth = 1.0 / (1.0 + np.exp(-(years - years.mean()) / 3.0))
    year = rng.choice(years, size=n_patents, p=growth / growth.sum())
    patents = pd.DataFrame(
        {
            "patent_id": patent_ids,
            "publication_number": np.char.add("XX ", np.arange(n_patents).astype(str)),
            "jurisdiction": "XX",
            "priority_year": year,
            "publication_year": year + 2,
            "year": year,
            "year_basis": "priority",
            "title": "Synthetic battery patent",
            "source": "synthetic",
        }
    )

    pool_country = rng.choice(MAIN_COUNTRIES, size=n_pool, p=_COUNTRY_WEIGHTS)
    pool_kind = rng.choice(
        ["firm", "university", "research institute", "government", "individual"],
        size=n_pool,
        p=[0.72, 0.14, 0.07, 0.02, 0.05],
    )
    pool_names = np.char.add("SYNTHETIC APPLICANT ", np.arange(n_pool).astype(str))
    n_apps = _repeat_counts(rng, n_patents, 1, max_applicants, 1.35)
    app_patent = np.repeat(np.arange(n_patents), n_apps)
    pick = rng.choice(n_pool, size=len(app_patent), p=_zipf_weights(n_pool, 1.05))
    position = np.arange(len(app_patent)) - np.repeat(np.cumsum(n_apps) - n_apps, n_apps)
    applicants = pd.DataFrame(
        {
            "patent_id": patent_ids[app_patent],
            "position": position,
            "name_raw": pool_names[pick],
            "name": pool_names[pick],
            "country": pool_country[pick],
            "country_rule": "source",
            "kind": pool_kind[pick],
        }
    ).drop_duplicates(["patent_id", "name"])

    code_pool = np.array([f"{g}/{s}" for g in _MAIN_GROUPS for s in _SUBGROUPS])
    n_codes = _repeat_counts(rng, n_patents, 1, max_codes, mean_codes)
    code_patent = np.repeat(np.arange(n_patents), n_codes)
    codes = code_pool[
        rng.choice(len(code_pool), size=len(code_patent), p=_zipf_weights(len(code_pool), 0.9))
    ]
    ipc = pd.DataFrame({"patent_id": patent_ids[code_patent], "scheme": "IPC", "code": codes})
    ipc = ipc.drop_duplicates(["patent_id", "code"])
    ipc["subclass"] = ipc["code"].str.slice(0, 4)
    ipc["main_group"] = ipc["code"].str.split("/").str[0] + "/00"

    meta = CorpusMeta(
        dataset_id=f"synthetic-{n_patents}-{seed}",
        label=SYNTHETIC_LABEL,
        source="app.synthetic.synthetic_corpus",
        format="synthetic",
        synthetic=True,
        notes=("Generated data for tests and benchmarks; not real patents.",),
    )
    return Corpus(
        patents=conform(patents, PATENT_COLUMNS),
        applicants=conform(applicants, APPLICANT_COLUMNS),
        ipc=conform(ipc, IPC_COLUMNS),
        meta=meta,
    )


# The current Lens.org patent export header (docs/export-formats.md, variant C), verbatim.
LENS_VARIANT_C_HEADER = (
    '"#",Jurisdiction,Kind,Display Key,Lens ID,Publication Date,Publication Year,'
    "Application Number,Application Date,Priority Numbers,Earliest Priority Date,Title,"
    "Abstract,Applicants,Inventors,Owners,URL,Document Type,Has Full Text,Cites Patent Count,"
    "Cited by Patent Count,Simple Family Size,Simple Family Members,"
    "Simple Family Member Jurisdictions,Extended Family Size,Extended Family Members,"
    "Extended Family Member Jurisdictions,Sequence Count,CPC Classifications,"
    "IPCR Classifications,US Classifications,NPL Citation Count,NPL Resolved Citation Count,"
    "NPL Resolved Lens ID(s),NPL Resolved External ID(s),NPL Citations,Legal Status"
)
# Legal forms as Lens (DOCDB) writes them, per home country of a synthetic firm.
_FIRM_FORMS = {
    "CN": ("CO LTD",),
    "JP": ("KK", "CORP", "CO LTD"),
    "KR": ("CO LTD", "CORP"),
    "US": ("INC", "LLC", "CORP"),
    "DE": ("GMBH", "AG"),
}
_SURNAMES = np.array(["WANG", "LI", "ZHANG", "SATO", "SUZUKI", "KIM", "PARK", "SMITH", "MUELLER"])
_GIVEN = np.array(["WEI", "JING", "HIROSHI", "YUKI", "MINSU", "JIHOON", "JOHN", "ANNA", "KLAUS"])


def _join(parts: np.ndarray, counts: np.ndarray, sep: str) -> np.ndarray:
    """Row-wise join of the first ``counts[i]`` entries of ``parts[i]`` (loops over columns)."""
    out = parts[:, 0]
    for j in range(1, parts.shape[1]):
        out = np.where(counts > j, np.strings.add(np.strings.add(out, sep), parts[:, j]), out)
    return out


def _iso_dates(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D")


def write_synthetic_lens_csv(path: Path | str, n_rows: int, seed: int = 0) -> Path:
    """Write a synthetic Lens.org export (variant C header, BOM, CRLF) of ``n_rows`` records.

    Each record has 1-4 applicants (firms with DOCDB legal forms, some universities and
    persons, each with a home country among CN, JP, KR, US, DE), 1-8 IPCR codes from real
    battery-field groups in Lens spelling (``H01M10/0525``), CPC codes, a priority number
    at the first applicant's home office, and dates from 2000 to 2023. Names and titles say
    SYNTHETIC: this is for benchmarks and tests, never real data.

    Examples
    --------
    >>> import tempfile
    >>> out = write_synthetic_lens_csv(Path(tempfile.mkdtemp()) / "lens.csv", 5, seed=1)
    >>> lines = out.read_text(encoding="utf-8-sig").splitlines()
    >>> lines[0] == LENS_VARIANT_C_HEADER, len(lines)
    (True, 6)
    """
    path = Path(path)
    rng = np.random.default_rng(seed)
    string = np.dtypes.StringDType()
    n_pool = max(50, n_rows // 40)

    pool_country = rng.choice(MAIN_COUNTRIES, size=n_pool, p=_COUNTRY_WEIGHTS)
    pool_kind = rng.choice(3, size=n_pool, p=[0.85, 0.1, 0.05])  # firm, university, person
    form = np.empty(n_pool, dtype=object)
    for country, choices in _FIRM_FORMS.items():  # five countries, not rows
        home_here = pool_country == country
        form[home_here] = rng.choice(choices, size=int(home_here.sum()))
    form = form.astype(string)
    number = np.arange(n_pool).astype(str)
    firm = np.strings.add(np.strings.add("SYNTHETIC BATTERY ", number), np.strings.add(" ", form))
    university = np.strings.add("UNIV SYNTHETIC ", number)
    person = np.strings.add(
        np.strings.add(rng.choice(_SURNAMES, n_pool), " "), rng.choice(_GIVEN, n_pool)
    )
    pool_names = np.select([pool_kind == 0, pool_kind == 1], [firm, university], person)
    pool_names = pool_names.astype(string)

    n_apps = _repeat_counts(rng, n_rows, 1, 4, 1.35)
    picks = rng.choice(n_pool, size=(n_rows, 4), p=_zipf_weights(n_pool, 1.05))
    applicants = _join(pool_names[picks], n_apps, ";;")
    home = pool_country[picks[:, 0]]

    code_pool = np.array(
        [f"{g.replace(' ', '')}/{s}" for g in _MAIN_GROUPS for s in _SUBGROUPS], dtype=string
    )
    n_codes = _repeat_counts(rng, n_rows, 1, 8, 4.0)
    code_picks = rng.choice(len(code_pool), size=(n_rows, 8), p=_zipf_weights(len(code_pool), 0.9))
    ipcr = _join(code_pool[code_picks], n_codes, ";;")
    cpc = np.where(rng.random(n_rows) < 0.4, np.strings.add(ipcr, ";;Y02E60/10"), ipcr)

    years = np.arange(2000, 2024)
    growth = 1.0 / (1.0 + np.exp(-(years - years.mean()) / 3.0))
    year = rng.choice(years, size=n_rows, p=growth / growth.sum())
    priority_day = (year - 1970) * 365.25 + rng.integers(0, 365, n_rows)
    filing_day = priority_day + rng.integers(0, 365, n_rows)
    publication_day = filing_day + 540 + rng.integers(0, 60, n_rows)
    publication = _iso_dates(publication_day)

    office = np.where(rng.random(n_rows) < 0.7, home, rng.choice(["EP", "WO", "US"], n_rows))
    serial = (np.arange(n_rows) + 100_000).astype(str)
    app_number = np.strings.add(np.strings.add(home, " "), np.strings.add(year.astype(str), serial))
    display = np.strings.add(np.strings.add(office, " "), np.strings.add(serial, " A1"))
    digits = pd.Series(np.arange(n_rows) * 7_919 + 10**14).astype("str")
    lens_id = digits.str.slice(0, 3)
    for start in (3, 6, 9, 12):
        lens_id = lens_id + "-" + digits.str.slice(start, start + 3)

    frame = pd.DataFrame(
        {
            "#": np.arange(1, n_rows + 1),
            "Jurisdiction": office,
            "Kind": "A1",
            "Display Key": display,
            "Lens ID": lens_id,
            "Publication Date": publication,
            "Publication Year": np.strings.slice(publication, 0, 4),
            "Application Number": np.strings.add(app_number, " A"),
            "Application Date": _iso_dates(filing_day),
            "Priority Numbers": np.strings.add(app_number, " A"),
            "Earliest Priority Date": _iso_dates(priority_day),
            "Title": np.strings.add("SYNTHETIC BATTERY PATENT ", serial),
            "Applicants": applicants,
            "Inventors": "SYNTHETIC INVENTOR",
            "URL": "https://lens.org/" + lens_id,
            "Document Type": "Patent Application",
            "Has Full Text": "no",
            "CPC Classifications": cpc,
            "IPCR Classifications": ipcr,
            "Legal Status": "PENDING",
        }
    )
    columns = [c.strip('"') for c in LENS_VARIANT_C_HEADER.split(",")]
    frame = frame.reindex(columns=columns, fill_value="").astype("str")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(("\ufeff" + LENS_VARIANT_C_HEADER + "\r\n").encode("utf-8"))
        # Arrow's writer: C++ speed; it quotes every text cell, which CSV readers accept
        pacsv.write_csv(
            pa.Table.from_pandas(frame, preserve_index=False),
            handle,
            pacsv.WriteOptions(include_header=False, eol="\r\n"),
        )
    return path
