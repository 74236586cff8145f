"""Rising technologies: codes whose share of patents grows from the baseline window to the
recent window, and by more than chance would give.

A code's share in a window is the fraction of the window's coded patents (patents with at
least one code at that level) that list it. The change is tested with Dunning's
log-likelihood ratio G² on the 2 x 2 table (code / other patents x baseline / recent),
which stays reliable at the small counts of new codes where the normal approximation of a
z-test does not. Since every code is a test, the p-value is family-wise (Bonferroni over
the codes tested at that level, i.e. those with at least ``min_patents`` recent patents),
so a stationary corpus raises nothing at the default threshold whatever its size.

A code is *rising* when all three hold (defaults):

- at least ``min_patents`` = 5 recent patents (a handful of filings is no trend);
- recent share at least ``min_ratio`` = 1.5 times the baseline share (in a large corpus a
  tiny drift is significant without mattering);
- family-wise p below ``alpha`` = 0.01.

Ranked by G², which weighs the size of the change and the evidence for it together (the
change in points alone favours big codes, the ratio alone tiny ones).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.analysis.early_warning.rows import (
    CODE_LEVELS,
    bonferroni,
    code_rows,
    g2_2x2,
    ids_by_group,
    in_span,
    ranked,
)
from app.analysis.early_warning.windows import Windows
from app.ingest.schema import Corpus

__all__ = [
    "DEFAULT_ALPHA",
    "DEFAULT_MIN_PATENTS",
    "DEFAULT_MIN_RATIO",
    "RISING_COLUMNS",
    "rising_codes",
]

DEFAULT_MIN_PATENTS = 5
DEFAULT_MIN_RATIO = 1.5
DEFAULT_ALPHA = 0.01

RISING_COLUMNS = [
    "code",
    "level",
    "baseline_patents",
    "recent_patents",
    "baseline_share",
    "recent_share",
    "growth_points",
    "ratio",
    "g2",
    "p_value",
    "patents",
    "patent_ids",
]


def rising_codes(
    corpus: Corpus,
    windows: Windows,
    *,
    levels: tuple[str, ...] = tuple(CODE_LEVELS),
    min_patents: int = DEFAULT_MIN_PATENTS,
    min_ratio: float = DEFAULT_MIN_RATIO,
    alpha: float = DEFAULT_ALPHA,
) -> pd.DataFrame:
    """Codes whose share rises significantly from the baseline to the recent window.

    Returns a frame with columns ``code``, ``level`` (``subclass`` or ``main_group``),
    ``baseline_patents``, ``recent_patents``, ``baseline_share``, ``recent_share``
    (fractions of the window's coded patents), ``growth_points`` (change in percentage
    points), ``ratio`` (recent / baseline share; inf for a code new in the recent window),
    ``g2``, ``p_value`` (family-wise), ``patents`` (= recent patents) and ``patent_ids``
    (the recent patents); largest G² first. Empty when the windows are not ``ok``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> from app.analysis.early_warning.windows import signal_windows
    >>> c = synthetic_corpus(3000, seed=5, year_range=(2008, 2021))  # stationary codes
    >>> len(rising_codes(c, signal_windows(c, lag_months=18)))
    0
    """
    parts = [
        _rising_at(corpus, windows, level, min_patents, min_ratio, alpha)
        for level in (levels if windows.ok else ())
    ]
    return ranked(parts, RISING_COLUMNS, ["g2", "level", "code"], [False, True, True])


def _rising_at(
    corpus: Corpus,
    windows: Windows,
    level: str,
    min_patents: int,
    min_ratio: float,
    alpha: float,
) -> pd.DataFrame:
    rows = code_rows(corpus, level)
    years = rows["year"].to_numpy(dtype=float)
    in_base, in_recent = in_span(years, windows.baseline), in_span(years, windows.recent)
    coded_base = rows.loc[in_base, "row"].nunique()
    coded_recent = rows.loc[in_recent, "row"].nunique()
    if coded_base == 0 or coded_recent == 0:
        return pd.DataFrame()
    base = rows.loc[in_base, "code"].value_counts()
    recent = rows.loc[in_recent, "code"].value_counts()
    recent = recent[recent >= min_patents]
    if recent.empty:
        return pd.DataFrame()
    base = base.reindex(recent.index, fill_value=0)
    b, r = base.to_numpy(dtype=float), recent.to_numpy(dtype=float)
    share_b, share_r = b / coded_base, r / coded_recent
    g2 = g2_2x2(r, np.full_like(r, coded_recent), b, np.full_like(b, coded_base))
    p = bonferroni(g2, len(recent))
    with np.errstate(divide="ignore"):
        ratio = np.where(b > 0, share_r / np.where(b > 0, share_b, 1.0), np.inf)
    keep = (share_r > share_b) & (ratio >= min_ratio) & (p < alpha)
    if not keep.any():
        return pd.DataFrame()
    out = pd.DataFrame(
        {
            "code": recent.index[keep].astype("str"),
            "level": level,
            "baseline_patents": b[keep].astype(np.int64),
            "recent_patents": r[keep].astype(np.int64),
            "baseline_share": share_b[keep],
            "recent_share": share_r[keep],
            "growth_points": 100.0 * (share_r - share_b)[keep],
            "ratio": ratio[keep],
            "g2": g2[keep],
            "p_value": p[keep],
        }
    )
    out["patents"] = out["recent_patents"]
    recent_rows = rows[in_recent]
    out["patent_ids"] = ids_by_group(
        corpus, recent_rows["code"], recent_rows["row"].to_numpy(), pd.Index(out["code"])
    )
    return out
