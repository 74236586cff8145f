"""Concentration of patenting among applicants: CR4, CR8 and the Herfindahl-Hirschman index.

Shares are fractional: a patent with ``k`` named applicants gives each ``1/k``, so the
shares of a year sum to one and the HHI is defined as antitrust practice defines it,
``10,000 * sum(share**2)`` (0 to 10,000). CRk is the summed share of the ``k`` largest
applicants. The HHI bands are those of the U.S. merger guidelines (2023): below 1,000
unconcentrated, 1,000 to 1,800 moderately, above 1,800 highly concentrated.

:func:`concentration_by_year` gives one row per year (years after the last complete year
flagged ``incomplete``); :func:`concentration_by_window` pools each window's patents, which
is steadier than comparing single years when the yearly counts are small, and its
difference (recent minus baseline) is the change reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.analysis.early_warning.rows import applicant_rows, ids_by_group, in_span
from app.analysis.early_warning.windows import Windows
from app.ingest.schema import Corpus

__all__ = [
    "CONCENTRATION_COLUMNS",
    "TOP_SHOWN",
    "concentration_by_window",
    "concentration_by_year",
    "concentration_change",
    "hhi_band",
]

TOP_SHOWN = 4  # the leaders named beside each figure (those behind CR4)
CONCENTRATION_COLUMNS = ["patents", "applicants", "cr4", "cr8", "hhi", "band", "top",
                         "top_patents", "patent_ids"]  # fmt: skip


def hhi_band(hhi: float) -> str:
    """The concentration band of an HHI (0 to 10,000), U.S. Merger Guidelines 2023, 2.1.

    >>> [hhi_band(h) for h in (999.9, 1000, 1800, 1800.1)]
    ['unconcentrated', 'moderately concentrated', 'moderately concentrated', 'highly concentrated']
    """
    if hhi < 1000:
        return "unconcentrated"
    return "moderately concentrated" if hhi <= 1800 else "highly concentrated"


def _concentration(corpus: Corpus, pairs: pd.DataFrame, group: np.ndarray) -> pd.DataFrame:
    """CR4, CR8, HHI and the top applicants for each value of ``group`` (one per pair row).

    Works on integer codes: (group, applicant) totals by ``np.unique``, shares and ranks by
    one lexsort; strings only for the distinct names.
    """
    group_code, groups = pd.factorize(np.asarray(group), sort=True)
    name_code, names = pd.factorize(pairs["name"])
    names = pd.Index(names, dtype="str")
    alphabetical = np.argsort(np.argsort(np.asarray(names)))  # name code -> alphabetical rank
    rows = pairs["row"].to_numpy()
    per_patent = np.bincount(rows)[rows]  # fractional counting: 1/k to each of k applicants
    n_names, n_groups = max(len(names), 1), len(groups)
    key, inverse = np.unique(group_code.astype(np.int64) * n_names + name_code,
                             return_inverse=True)  # fmt: skip
    weight = np.bincount(inverse, weights=1.0 / per_patent)
    t_group, t_name = key // n_names, key % n_names
    share = weight / np.bincount(t_group, weights=weight, minlength=n_groups)[t_group]
    order = np.lexsort((alphabetical[t_name], -share, t_group))
    t_group, t_name, share, key = t_group[order], t_name[order], share[order], key[order]
    rank = np.arange(len(order)) - np.searchsorted(t_group, t_group)  # rank within group

    def by_group(mask: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(t_group[mask], weights=None if values is None else values[mask],
                           minlength=n_groups)  # fmt: skip

    every = np.ones(len(order), dtype=bool)
    _, first_row = np.unique(rows, return_index=True)
    leader = rank < TOP_SHOWN
    out = pd.DataFrame(
        {
            "patents": np.bincount(group_code[first_row], minlength=n_groups),
            "applicants": by_group(every),
            "cr4": by_group(rank < 4, share),
            "cr8": by_group(rank < 8, share),
            "hhi": 10_000.0 * by_group(every, share**2),
        },
        index=pd.Index(groups),
    )
    out["band"] = [hhi_band(h) for h in out["hhi"]]  # one per year or window, not per patent
    bounds = np.searchsorted(t_group[leader], np.arange(n_groups + 1))
    leader_names = np.asarray(names)[t_name[leader]]
    out["top"] = [tuple(leader_names[bounds[g] : bounds[g + 1]]) for g in range(n_groups)]
    pair_key = group_code.astype(np.int64) * n_names + name_code
    is_leader = np.isin(pair_key, key[leader])
    out["patent_ids"] = ids_by_group(
        corpus, group_code[is_leader], rows[is_leader], pd.RangeIndex(n_groups)
    )
    out["top_patents"] = [len(ids) for ids in out["patent_ids"]]
    return out


def concentration_by_year(corpus: Corpus, last_complete_year: int | None) -> pd.DataFrame:
    """CR4, CR8, HHI of applicants for every year with named applicants.

    Returns a frame with columns ``year``, ``patents``, ``applicants``, ``cr4``, ``cr8``
    (fractions), ``hhi`` (0 to 10,000), ``band``, ``top`` (the four largest, largest
    first), ``top_patents`` and ``patent_ids`` (their patents that year) and
    ``incomplete`` (after ``last_complete_year``).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = concentration_by_year(synthetic_corpus(2000, seed=1), 2021)
    >>> bool((c["cr4"] <= c["cr8"]).all() and c["hhi"].between(0, 10_000).all())
    True
    """
    pairs = applicant_rows(corpus)
    if pairs.empty:
        return pd.DataFrame(columns=["year", *CONCENTRATION_COLUMNS, "incomplete"])
    out = _concentration(corpus, pairs, pairs["year"].to_numpy())
    out = out.rename_axis("year").reset_index()
    limit = last_complete_year if last_complete_year is not None else np.inf
    out["incomplete"] = out["year"] > limit
    return out


def concentration_by_window(corpus: Corpus, windows: Windows) -> pd.DataFrame:
    """The figures of :func:`concentration_by_year` pooled over the baseline and recent window.

    Returns a frame with columns ``window`` (``baseline``, ``recent``), ``start``, ``end``
    and the figures; empty when the windows are not ``ok``.
    """
    columns = ["window", "start", "end", *CONCENTRATION_COLUMNS]
    if not windows.ok:
        return pd.DataFrame(columns=columns)
    pairs = applicant_rows(corpus)
    years = pairs["year"].to_numpy(dtype=float)
    label = np.select(
        [in_span(years, windows.baseline), in_span(years, windows.recent)],
        ["baseline", "recent"],
        default="",
    )
    inside = label != ""
    pairs = pairs[inside]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    out = _concentration(corpus, pairs, label[inside])
    out = out.reindex(["baseline", "recent"]).rename_axis("window").reset_index()
    out["start"] = [windows.baseline[0], windows.recent[0]]
    out["end"] = [windows.baseline[1], windows.recent[1]]
    return out[columns]


def concentration_change(by_window: pd.DataFrame) -> dict[str, float] | None:
    """Recent minus baseline CR4, CR8 (fractions) and HHI; None without both windows.

    >>> w = pd.DataFrame({"window": ["baseline", "recent"], "cr4": [0.2, 0.3],
    ...                   "cr8": [0.3, 0.5], "hhi": [500.0, 900.0]})
    >>> {k: round(v, 3) for k, v in concentration_change(w).items()}
    {'cr4': 0.1, 'cr8': 0.2, 'hhi': 400.0}
    """
    if len(by_window) != 2 or by_window[["cr4", "cr8", "hhi"]].isna().any().any():
        return None
    rows = by_window.set_index("window")
    return {k: float(rows.at["recent", k] - rows.at["baseline", k]) for k in ("cr4", "cr8", "hhi")}
