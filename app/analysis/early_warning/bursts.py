"""Bursts: years in which a code (or an applicant) appears on far more patents than usual.

Each entity's yearly counts go through Kleinberg's two-state automaton
(:mod:`~app.analysis.early_warning.kleinberg`) over every complete year of the corpus:
``d_t`` is the year's patents with a code at that level (for applicants: with a named
applicant), ``r_t`` the entity's. Parameters as in CiteSpace: ``s`` = 2 (the burst rate is
twice the base rate), ``gamma`` = 1 (the cost of entering a burst, times ``ln`` of the
number of years).

The automaton finds the periods; whether a period is more than noise is tested apart,
since on a few hundred stationary series the automaton finds some "bursts" by chance.
Each burst's rate is compared with the entity's rate outside it by the log-likelihood
ratio G²; the p-value is corrected for every entity tested (those with at least
``min_patents`` patents) and for every period the automaton could have chosen (T(T+1)/2
intervals of T years), a Bonferroni bound on the scan. A burst is kept when that p-value
is below ``alpha`` (0.01), and ranked by its Kleinberg weight (CiteSpace's "strength").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.analysis.early_warning.kleinberg import burst_intervals, burst_states
from app.analysis.early_warning.rows import (
    CODE_LEVELS,
    applicant_rows,
    bonferroni,
    code_rows,
    g2_2x2,
    ids_by_group,
    ranked,
)
from app.analysis.early_warning.windows import Windows
from app.ingest.schema import Corpus

__all__ = [
    "BURST_COLUMNS",
    "BURST_KINDS",
    "DEFAULT_ALPHA",
    "DEFAULT_GAMMA",
    "DEFAULT_MIN_PATENTS",
    "DEFAULT_S",
    "bursts",
]

BURST_KINDS = (*CODE_LEVELS, "applicant")
DEFAULT_S = 2.0
DEFAULT_GAMMA = 1.0
DEFAULT_MIN_PATENTS = 5
DEFAULT_ALPHA = 0.01

BURST_COLUMNS = [
    "name",
    "kind",
    "start",
    "end",
    "years",
    "strength",
    "patents",
    "expected",
    "p_value",
    "ongoing",
    "recent",
    "patent_ids",
]


def _entity_rows(corpus: Corpus, kind: str) -> pd.DataFrame:
    """(row, year, key) of the entity kind: a code level or applicants."""
    if kind == "applicant":
        return applicant_rows(corpus)[["row", "year", "name"]].rename(columns={"name": "key"})
    return code_rows(corpus, kind).rename(columns={"code": "key"})


def bursts(
    corpus: Corpus,
    windows: Windows,
    *,
    kinds: tuple[str, ...] = BURST_KINDS,
    s: float = DEFAULT_S,
    gamma: float = DEFAULT_GAMMA,
    min_patents: int = DEFAULT_MIN_PATENTS,
    alpha: float = DEFAULT_ALPHA,
) -> pd.DataFrame:
    """Significant bursts of codes and applicants over the complete years, strongest first.

    Returns a frame with columns ``name`` (code or applicant), ``kind`` (``subclass``,
    ``main_group`` or ``applicant``), ``start``, ``end`` (years, inclusive), ``years``,
    ``strength`` (Kleinberg weight), ``patents`` (the entity's patents in the burst),
    ``expected`` (what its base rate would give), ``p_value`` (corrected, see the module),
    ``ongoing`` (the burst runs to the last complete year), ``recent`` (it overlaps the
    recent window) and ``patent_ids`` (the patents in the burst). Empty when the windows
    are not ``ok``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> from app.analysis.early_warning.windows import signal_windows
    >>> c = synthetic_corpus(3000, seed=5, year_range=(2008, 2021))  # no planted burst
    >>> len(bursts(c, signal_windows(c, lag_months=18)))
    0
    """
    unknown = [k for k in kinds if k not in BURST_KINDS]
    if unknown:
        raise ValueError(f"unknown burst kind {unknown[0]!r}; known: {', '.join(BURST_KINDS)}")
    parts = [
        _bursts_of(corpus, windows, kind, s, gamma, min_patents, alpha)
        for kind in (kinds if windows.ok else ())
    ]
    return ranked(parts, BURST_COLUMNS, ["strength", "kind", "name"], [False, True, True])


def _bursts_of(
    corpus: Corpus,
    windows: Windows,
    kind: str,
    s: float,
    gamma: float,
    min_patents: int,
    alpha: float,
) -> pd.DataFrame:
    rows = _entity_rows(corpus, kind)
    rows = rows[rows["year"] <= windows.last_complete_year]
    if rows.empty:
        return pd.DataFrame()
    first = int(rows["year"].min())
    span = np.arange(first, windows.last_complete_year + 1)
    n_years = len(span)
    year_at = rows["year"].to_numpy() - first
    row = rows["row"].to_numpy()
    _, first_of_patent = np.unique(row, return_index=True)
    totals = np.bincount(year_at[first_of_patent], minlength=n_years)
    code, labels = pd.factorize(rows["key"])
    tested = np.flatnonzero(np.bincount(code, minlength=len(labels)) >= min_patents)
    if len(tested) == 0 or n_years < 2:
        return pd.DataFrame()
    entity = np.full(len(labels), -1)
    entity[tested] = np.arange(len(tested))
    entity = entity[code]  # row -> position among the tested entities, -1: not tested
    hit = entity >= 0
    counts = np.zeros((len(tested), n_years), dtype=np.int64)
    np.add.at(counts, (entity[hit], year_at[hit]), 1)
    states, gain = burst_states(counts, totals, s=s, gamma=gamma)
    found = burst_intervals(states, gain)
    if found.empty:
        return pd.DataFrame()
    cumulative = np.concatenate([np.zeros((len(tested), 1), np.int64), counts.cumsum(1)], 1)
    total_cum = np.concatenate([[0], totals.cumsum()])
    e, lo, hi = found["entity"].to_numpy(), found["start"].to_numpy(), found["end"].to_numpy()
    inside = cumulative[e, hi + 1] - cumulative[e, lo]
    inside_total = total_cum[hi + 1] - total_cum[lo]
    outside = cumulative[e, -1] - inside
    outside_total = total_cum[-1] - inside_total
    g2 = g2_2x2(inside, inside_total, outside, outside_total)
    p = bonferroni(g2, len(tested) * n_years * (n_years + 1) // 2)
    base_rate = cumulative[e, -1] / total_cum[-1]
    keep = (p < alpha) & (inside > base_rate * inside_total)
    if not keep.any():
        return pd.DataFrame()
    e, lo, hi = e[keep], lo[keep], hi[keep]
    start, end = span[lo], span[hi]
    out = pd.DataFrame(
        {
            "name": np.asarray(pd.Index(labels, dtype="str"))[tested[e]],
            "kind": kind,
            "start": start.astype(np.int64),
            "end": end.astype(np.int64),
            "years": (end - start + 1).astype(np.int64),
            "strength": found["weight"].to_numpy()[keep],
            "patents": inside[keep].astype(np.int64),
            "expected": (base_rate * inside_total)[keep],
            "p_value": p[keep],
            "ongoing": end == windows.last_complete_year,
            "recent": (end >= windows.recent[0]) & (start <= windows.recent[1]),
        }
    )
    out["patent_ids"] = _burst_ids(corpus, row[hit], entity[hit], year_at[hit], e, lo, hi)
    return out


def _burst_ids(
    corpus: Corpus,
    row: np.ndarray,
    entity: np.ndarray,
    year_at: np.ndarray,
    burst_entity: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> list[tuple[str, ...]]:
    """The patents of each burst: its entity's rows whose year falls inside it."""
    rows = pd.DataFrame({"row": row, "entity": entity, "year": year_at})
    spans = pd.DataFrame({"entity": burst_entity, "lo": lo, "hi": hi}).reset_index(names="burst")
    matched = rows[np.isin(entity, burst_entity)].merge(spans, on="entity")
    matched = matched[(matched["year"] >= matched["lo"]) & (matched["year"] <= matched["hi"])]
    return ids_by_group(
        corpus, matched["burst"].to_numpy(), matched["row"].to_numpy(), pd.RangeIndex(len(spans))
    )
