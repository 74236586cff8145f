"""New and strengthening ties: pairs of applicants, or of applicant countries, that file
together for the first time, again, or much more than before.

For each pair (two applicants, or two countries of applicants, on one patent) the joint
patents are counted in the baseline and recent windows. A pair with at least
``min_patents`` recent joint patents is

- ``new`` when its first joint patent falls in the recent window;
- ``renewed`` when it had joint patents before the baseline window but none in it;
- ``strengthening`` when its yearly rate of joint patents in the recent window is at
  least ``min_growth`` times its rate in the baseline window.

Ranked by recent joint patents, then new before renewed before strengthening, then growth.
Countries: applicants of unknown country are left out; a country taken from a proxy (the
filing office) is weak evidence of a cross-border tie, so read those with their rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.analysis.early_warning.rows import applicant_rows, empty_frame, ids_by_group, in_span
from app.analysis.early_warning.windows import Windows
from app.ingest.schema import UNKNOWN_COUNTRY, Corpus

__all__ = [
    "DEFAULT_MIN_GROWTH",
    "DEFAULT_MIN_PATENTS",
    "TIE_COLUMNS",
    "TIE_KINDS",
    "TIE_STATUSES",
    "joint_pairs",
    "new_ties",
]

DEFAULT_MIN_PATENTS = 2
DEFAULT_MIN_GROWTH = 2.0
TIE_KINDS = ("applicant", "country")
TIE_STATUSES = ("new", "renewed", "strengthening")
TIE_COLUMNS = ["name", "a", "b", "kind", "status", "first_year", "baseline_patents",
               "recent_patents", "growth", "patents", "patent_ids"]  # fmt: skip


def joint_pairs(members: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Every pair of distinct ``key`` values on one patent, as integer codes.

    ``members`` has columns ``row``, ``year``, ``key``; repeated keys on a patent count once.
    Returns ``(pairs, labels)``: ``pairs`` has columns ``row``, ``year``, ``a``, ``b``
    (codes into ``labels``, which are sorted, so ``a < b`` orders the pair by label), one
    row per (patent, pair).

    >>> m = pd.DataFrame({"row": [0, 0, 0, 1], "year": [2020] * 4, "key": ["x", "z", "y", "x"]})
    >>> pairs, labels = joint_pairs(m)
    >>> [[labels[a], labels[b]] for a, b in zip(pairs["a"], pairs["b"], strict=True)]
    [['x', 'y'], ['x', 'z'], ['y', 'z']]
    """
    code, labels = pd.factorize(members["key"].astype("str"), sort=True)
    slim = pd.DataFrame(
        {"row": members["row"].to_numpy(), "year": members["year"].to_numpy(), "key": code}
    ).drop_duplicates(["row", "key"])
    shared = np.bincount(slim["row"], minlength=1)[slim["row"]] > 1
    slim = slim[shared]
    both = slim.merge(slim[["row", "key"]], on="row", suffixes=("_a", "_b"))
    both = both[both["key_a"] < both["key_b"]]
    pairs = both.rename(columns={"key_a": "a", "key_b": "b"})[["row", "year", "a", "b"]]
    return pairs.sort_values(["row", "a", "b"]).reset_index(drop=True), np.asarray(labels)


def new_ties(
    corpus: Corpus,
    windows: Windows,
    *,
    by: str = "applicant",
    min_patents: int = DEFAULT_MIN_PATENTS,
    min_growth: float = DEFAULT_MIN_GROWTH,
) -> pd.DataFrame:
    """New, renewed and strengthening pairs of applicants (``by="applicant"``) or countries.

    Returns a frame with columns ``name`` ("A + B"), ``a``, ``b``, ``kind``, ``status``,
    ``first_year`` (first joint patent), ``baseline_patents``, ``recent_patents``,
    ``growth`` (recent / baseline yearly rate; inf without baseline patents),
    ``patents`` (= recent joint patents) and ``patent_ids`` (those patents). Empty when the
    windows are not ``ok``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> from app.analysis.early_warning.windows import signal_windows
    >>> c = synthetic_corpus(3000, seed=4, year_range=(2008, 2021))
    >>> t = new_ties(c, signal_windows(c, lag_months=18))
    >>> set(t["status"]) <= set(TIE_STATUSES), bool((t["recent_patents"] >= 2).all())
    (True, True)
    """
    if by not in TIE_KINDS:
        raise ValueError(f"unknown tie kind {by!r}; known: {', '.join(TIE_KINDS)}")
    if not windows.ok:
        return empty_frame(TIE_COLUMNS)
    members = applicant_rows(corpus)
    members = members[members["year"] <= windows.last_complete_year]
    if by == "country":
        members = members[members["country"] != UNKNOWN_COUNTRY]
    key = members["name"] if by == "applicant" else members["country"]
    pairs, labels = joint_pairs(
        pd.DataFrame({"row": members["row"], "year": members["year"], "key": key})
    )
    years = pairs["year"].to_numpy(dtype=float)
    pairs["recent"] = in_span(years, windows.recent)
    pairs["baseline"] = in_span(years, windows.baseline)
    per_pair = pairs.groupby(["a", "b"]).agg(
        first_year=("year", "min"),
        baseline_patents=("baseline", "sum"),
        recent_patents=("recent", "sum"),
    )
    per_pair = per_pair[per_pair["recent_patents"] >= min_patents].reset_index()
    rate_recent = per_pair["recent_patents"] / windows.recent_years
    rate_base = per_pair["baseline_patents"] / windows.baseline_years
    with np.errstate(divide="ignore"):
        per_pair["growth"] = np.where(rate_base > 0, rate_recent / rate_base, np.inf)
    status = np.select(
        [
            per_pair["first_year"] >= windows.recent[0],
            per_pair["baseline_patents"] == 0,
            per_pair["growth"] >= min_growth,
        ],
        list(TIE_STATUSES),
        default="",
    )
    out = per_pair[status != ""].assign(status=status[status != ""], kind=by)
    recent = pairs[pairs["recent"]]
    which = pd.MultiIndex.from_frame(out[["a", "b"]]).get_indexer(
        pd.MultiIndex.from_frame(recent[["a", "b"]])
    )
    out = out.reset_index(drop=True)
    out["patent_ids"] = ids_by_group(corpus, which, recent["row"].to_numpy(), out.index)
    out["a"], out["b"] = labels[out["a"]], labels[out["b"]]
    out["name"] = out["a"] + " + " + out["b"]
    out["patents"] = out["recent_patents"].astype(np.int64)
    out["order"] = pd.Categorical(out["status"], categories=TIE_STATUSES).codes
    out = out.sort_values(
        ["patents", "order", "growth", "name"], ascending=[False, True, False, True]
    ).reset_index(drop=True)
    return out[TIE_COLUMNS]
