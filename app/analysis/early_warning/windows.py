"""The baseline and recent windows of the early-warning signals, after the publication lag.

The recent window is the last ``recent`` complete years; the baseline window the
``baseline`` years before it. "Complete" follows the life-cycle rule
(:func:`app.analysis.lifecycle.last_complete_year`): with the data complete to the end of
``as_of_year`` and a publication lag of ``L`` months, the last ``ceil(L / 12)`` years are
incomplete. A corpus dated only by publication year has no lag
(:func:`app.analysis.lifecycle.corpus_lag_months`).

When the corpus does not cover both windows, :func:`signal_windows` returns them with a
:class:`Shortfall` that says which years are there, which are needed, and the longest
baseline that would fit, so a page or the CLI can tell the user what data would make it
work instead of showing signals computed on nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import numpy as np

from app.analysis.lifecycle import corpus_as_of, corpus_lag_months, last_complete_year
from app.ingest.schema import Corpus

__all__ = ["DEFAULT_BASELINE", "DEFAULT_RECENT", "Shortfall", "Windows", "signal_windows"]

DEFAULT_RECENT = 3
DEFAULT_BASELINE = 5

# Shortfall.reason values
NO_YEARS = "no_years"  # no patent has a year
TOO_FEW_YEARS = "too_few_years"  # the complete years do not reach back to the baseline
EMPTY_WINDOW = "empty_window"  # the span is long enough but a window holds no patents


@dataclass(frozen=True)
class Shortfall:
    """Why the windows cannot be filled, and what data would fill them."""

    reason: str  # NO_YEARS, TOO_FEW_YEARS or EMPTY_WINDOW
    needed_from: int | None  # first year the windows need
    needed_to: int | None  # last complete year (the windows' end)
    have_from: int | None  # first year with patents
    have_to: int | None  # last year with patents (may be incomplete)
    years_needed: int  # recent + baseline
    complete_years: int  # complete years from have_from to needed_to
    max_baseline: int  # the longest baseline the data would allow (0: none)
    empty_windows: tuple[str, ...] = ()  # "baseline" and/or "recent" (EMPTY_WINDOW)

    def message(self) -> str:
        """One English sentence for logs and the CLI (the page builds its own, translated).

        Examples
        --------
        >>> text = Shortfall(TOO_FEW_YEARS, 2015, 2024, 2018, 2024, 8, 7, 4).message()
        >>> print(text.replace(": ", ":\\n"))
        the windows need 8 complete years (2015-2024) but the data cover 7 (2018-2024):
        add patents from 2015-2017, or shorten the baseline to 4 years
        """
        if self.reason == NO_YEARS:
            return "no patent has a year: the signals need dated patents"
        if self.reason == EMPTY_WINDOW:
            windows = " and ".join(self.empty_windows)
            return f"no patents in the {windows} window ({self.needed_from}-{self.needed_to})"
        text = (
            f"the windows need {self.years_needed} complete years "
            f"({self.needed_from}-{self.needed_to}) but the data cover {self.complete_years} "
            f"({self.have_from}-{self.needed_to}): add patents from "
            f"{self.needed_from}-{self.have_from - 1}"
        )
        if self.max_baseline > 0:
            text += f", or shorten the baseline to {self.max_baseline} years"
        return text

    def to_dict(self) -> dict:
        """Plain JSON-ready form, with the English message."""
        out = asdict(self)
        out["empty_windows"] = list(self.empty_windows)
        out["message"] = self.message()
        return out


@dataclass(frozen=True)
class Windows:
    """The baseline and recent windows (inclusive years) and how they were placed."""

    recent: tuple[int, int] | None
    baseline: tuple[int, int] | None
    as_of_year: int | None
    lag_months: int
    last_complete_year: int | None
    shortfall: Shortfall | None = None

    @property
    def ok(self) -> bool:
        """True when the corpus covers both windows."""
        return self.shortfall is None

    @property
    def recent_years(self) -> int:
        """Length of the recent window in years (0 when there is none)."""
        return self.recent[1] - self.recent[0] + 1 if self.recent else 0

    @property
    def baseline_years(self) -> int:
        """Length of the baseline window in years (0 when there is none)."""
        return self.baseline[1] - self.baseline[0] + 1 if self.baseline else 0

    def to_dict(self) -> dict:
        """Plain JSON-ready form."""
        return {
            "recent": list(self.recent) if self.recent else None,
            "baseline": list(self.baseline) if self.baseline else None,
            "as_of_year": self.as_of_year,
            "lag_months": self.lag_months,
            "last_complete_year": self.last_complete_year,
            "ok": self.ok,
            "shortfall": self.shortfall.to_dict() if self.shortfall else None,
        }


def signal_windows(
    corpus: Corpus,
    *,
    recent: int = DEFAULT_RECENT,
    baseline: int = DEFAULT_BASELINE,
    as_of_year: int | None = None,
    lag_months: int | None = None,
) -> Windows:
    """Place the windows on ``corpus`` and check that its years cover them.

    Parameters
    ----------
    recent, baseline
        Window lengths in years (at least 1 each).
    as_of_year
        The data are complete to the end of this year; default the corpus's own latest
        publication year (:func:`~app.analysis.lifecycle.corpus_as_of`). A page passes the
        unfiltered corpus's year, so that a year filter does not move it.
    lag_months
        Publication lag; default :func:`~app.analysis.lifecycle.corpus_lag_months` (the
        setting, or 0 for a corpus dated by publication year).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = synthetic_corpus(2000, seed=1, year_range=(2010, 2021))  # published 2 years later
    >>> w = signal_windows(c, lag_months=18)
    >>> w.as_of_year, w.last_complete_year, w.recent, w.baseline, w.ok
    (2023, 2021, (2019, 2021), (2014, 2018), True)
    >>> signal_windows(c, baseline=10, lag_months=18).shortfall.max_baseline
    9
    """
    if recent < 1 or baseline < 1:
        raise ValueError(f"windows must be at least one year long, got {recent} and {baseline}")
    lag = corpus_lag_months(corpus, lag_months)
    as_of = as_of_year if as_of_year is not None else corpus_as_of(corpus)
    years = corpus.patents["year"].dropna().to_numpy(dtype=np.int64)
    if as_of is None or len(years) == 0:
        return Windows(None, None, as_of, lag, None, Shortfall(NO_YEARS, *(None,) * 4, 0, 0, 0))
    last = last_complete_year(as_of, lag)
    recent_span = (last - recent + 1, last)
    baseline_span = (recent_span[0] - baseline, recent_span[0] - 1)
    first, latest = int(years.min()), int(years.max())
    complete = max(0, last - first + 1)
    windows = Windows(recent_span, baseline_span, as_of, lag, last)
    empty = tuple(
        name
        for name, (low, high) in (("baseline", baseline_span), ("recent", recent_span))
        if not ((years >= low) & (years <= high)).any()
    )
    if first <= baseline_span[0] and not empty:
        return windows
    shortfall = Shortfall(
        TOO_FEW_YEARS if first > baseline_span[0] else EMPTY_WINDOW,
        needed_from=baseline_span[0],
        needed_to=last,
        have_from=first,
        have_to=latest,
        years_needed=recent + baseline,
        complete_years=complete,
        max_baseline=max(0, complete - recent),
        empty_windows=empty if first <= baseline_span[0] else (),
    )
    return replace(windows, shortfall=shortfall)
