"""Generated (synthetic) corpora for tests and benchmarks. Never real, never shown as real.

Every corpus made here carries ``meta.synthetic = True`` and a label that says so. The
generator is vectorised (NumPy) so a million patents take seconds, and seeded so a test
or benchmark sees the same corpus every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)

__all__ = ["SYNTHETIC_LABEL", "synthetic_corpus"]

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
