"""What the Early-warning page reads: the signals, one firm's moves, the patents behind a row,
and the applicants to choose a firm from. Every function takes hashable arguments (dataset
id, Filters, windows, Thresholds) so its result can be memoised; results are small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app import services
from app.analysis.early_warning import EarlyWarning, Thresholds, signal_windows
from app.analysis.early_warning.moves import FirmMoves, firm_moves
from app.analysis.filters import Filters

__all__ = [
    "FIRM_SIGNALS",
    "MAIN_SIGNALS",
    "SIGNALS",
    "applicant_choices",
    "firm_signal",
    "patents_behind",
    "row_patent_ids",
    "signals",
]

# The lists whose rows open their patents: those of the whole dataset, then the firm's.
MAIN_SIGNALS = (
    "new_entrants",
    "foreign_entrants",
    "rising_codes",
    "bursts",
    "concentration",
    "new_ties",
)
FIRM_SIGNALS = ("firm_codes", "firm_partners")
SIGNALS = MAIN_SIGNALS + FIRM_SIGNALS
MEMO_VERSION = "1"  # bump when what a memoised function here returns changes


def _memo_name(name: str) -> str:
    return f"early_warning.{name}:v{MEMO_VERSION}"


def signals(
    dataset_id: str, filters: Filters, recent: int, baseline: int, thresholds: Thresholds
) -> EarlyWarning:
    """Every signal of the filtered dataset (memoised in services)."""
    return services.early_warning_signals(dataset_id, filters, recent, baseline, thresholds)


@services.cache.memoize(make_name=_memo_name)
def firm_signal(
    dataset_id: str, filters: Filters, recent: int, baseline: int, name: str
) -> FirmMoves:
    """The codes ``name`` entered and the partners it gained in the recent window."""
    as_of, lag = services.early_warning_now(dataset_id, filters)
    corpus = services.filtered_corpus(dataset_id, filters)
    windows = signal_windows(
        corpus, recent=recent, baseline=baseline, as_of_year=as_of, lag_months=lag
    )
    return firm_moves(corpus, windows, name)


def row_patent_ids(
    result: EarlyWarning, firm: FirmMoves | None, signal: str, position: int
) -> tuple[str, ...]:
    """The patent ids behind row ``position`` of list ``signal`` (empty when out of range)."""
    frames = {
        "new_entrants": result.new_entrants,
        "foreign_entrants": result.foreign_entrants,
        "rising_codes": result.rising_codes,
        "bursts": result.bursts,
        "concentration": result.concentration,
        "new_ties": result.new_ties,
        "firm_codes": firm.codes if firm else None,
        "firm_partners": firm.partners if firm else None,
    }
    frame = frames.get(signal)
    if frame is None or not 0 <= position < len(frame):
        return ()
    return tuple(frame["patent_ids"].iloc[position])


def patents_behind(dataset_id: str, filters: Filters, patent_ids: tuple[str, ...]) -> pd.DataFrame:
    """The records of ``patent_ids``: number (the record id where there is none), year,
    office, title and applicants; newest first.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> from unittest import mock
    >>> corpus = synthetic_corpus(20, seed=1)
    >>> with mock.patch.object(services, "filtered_corpus", return_value=corpus):
    ...     found = patents_behind("synthetic", Filters(), ("SYN-3", "SYN-5"))
    >>> list(found.columns), len(found)
    (['publication_number', 'year', 'office', 'title', 'applicants'], 2)
    """
    corpus = services.filtered_corpus(dataset_id, filters)
    patents = corpus.patents
    keep = patents["patent_id"].isin(list(patent_ids)).to_numpy()
    rows = np.flatnonzero(keep)
    apps = corpus.applicants
    mine = np.isin(corpus.applicant_rows, rows)
    names = (
        pd.DataFrame({"row": corpus.applicant_rows[mine], "name": apps["name"].to_numpy()[mine]})
        .dropna()
        .drop_duplicates()
        .groupby("row")["name"]
        .agg("; ".join)
    )
    found = patents.iloc[rows]
    out = pd.DataFrame(
        {
            "publication_number": found["publication_number"].fillna(found["patent_id"]),
            "year": found["year"],
            "office": found["jurisdiction"].astype("str"),
            "title": found["title"],
            "applicants": names.reindex(rows).to_numpy(),
        }
    )
    return out.sort_values(["year", "publication_number"], ascending=[False, True])


@services.cache.memoize(make_name=_memo_name)
def applicant_choices(dataset_id: str, filters: Filters, limit: int = 300) -> list[tuple[str, int]]:
    """(name, patents) of the applicants with most patents, most first, for the firm picker."""
    corpus = services.filtered_corpus(dataset_id, filters)
    pairs = pd.DataFrame({"row": corpus.applicant_rows, "name": corpus.applicants["name"]})
    counts = pairs[pairs["row"] >= 0].dropna().drop_duplicates()["name"].value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    return [(str(n), int(c)) for n, c in counts.head(limit).items()]
