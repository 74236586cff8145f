"""All early-warning signals of one corpus in one result, for the CLI and the page."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from app.analysis.early_warning import bursts as bursts_mod
from app.analysis.early_warning import entrants, rising, ties
from app.analysis.early_warning.concentration import (
    concentration_by_window,
    concentration_by_year,
    concentration_change,
)
from app.analysis.early_warning.moves import FirmMoves, firm_moves
from app.analysis.early_warning.rows import frame_records
from app.analysis.early_warning.windows import (
    DEFAULT_BASELINE,
    DEFAULT_RECENT,
    Windows,
    signal_windows,
)
from app.ingest.schema import Corpus

__all__ = ["EarlyWarning", "Thresholds", "early_warning"]


@dataclass(frozen=True)
class Thresholds:
    """What it takes to raise each signal (hashable: it keys the page's memo)."""

    entrant_min_patents: int = entrants.DEFAULT_MIN_PATENTS
    rising_min_patents: int = rising.DEFAULT_MIN_PATENTS
    rising_min_ratio: float = rising.DEFAULT_MIN_RATIO
    alpha: float = rising.DEFAULT_ALPHA  # family-wise, for rising codes and bursts
    burst_s: float = bursts_mod.DEFAULT_S
    burst_gamma: float = bursts_mod.DEFAULT_GAMMA
    burst_min_patents: int = bursts_mod.DEFAULT_MIN_PATENTS
    tie_min_patents: int = ties.DEFAULT_MIN_PATENTS
    tie_min_growth: float = ties.DEFAULT_MIN_GROWTH


@dataclass(frozen=True)
class EarlyWarning:
    """The signals of one corpus. Every frame is empty when ``windows`` has a shortfall,
    except ``concentration`` (per year, needs no window)."""

    windows: Windows
    thresholds: Thresholds
    has_codes: bool  # rising codes and code bursts need IPC/CPC codes
    new_entrants: pd.DataFrame
    foreign_entrants: pd.DataFrame
    rising_codes: pd.DataFrame
    bursts: pd.DataFrame
    concentration: pd.DataFrame  # per year
    concentration_windows: pd.DataFrame  # pooled per window
    new_ties: pd.DataFrame  # applicant pairs, then country pairs
    firm: FirmMoves | None = None

    @property
    def concentration_change(self) -> dict[str, float] | None:
        """Recent minus baseline CR4, CR8 and HHI (None without both windows)."""
        return concentration_change(self.concentration_windows)

    def to_dict(self, limit: int | None = None) -> dict:
        """Plain JSON-ready form; ``limit`` cuts every ranked list to its first rows."""

        def top(frame: pd.DataFrame) -> list[dict]:
            return frame_records(frame if limit is None else frame.head(limit))

        out = {
            "windows": self.windows.to_dict(),
            "thresholds": asdict(self.thresholds),
            "has_codes": self.has_codes,
            "new_entrants": top(self.new_entrants),
            "foreign_entrants": top(self.foreign_entrants),
            "rising_codes": top(self.rising_codes),
            "bursts": top(self.bursts),
            "concentration": frame_records(self.concentration),
            "concentration_windows": frame_records(self.concentration_windows),
            "concentration_change": self.concentration_change,
            "new_ties": top(self.new_ties),
        }
        if self.firm is not None:
            out["firm_moves"] = self.firm.to_dict()
        return out


def early_warning(
    corpus: Corpus,
    *,
    recent: int = DEFAULT_RECENT,
    baseline: int = DEFAULT_BASELINE,
    as_of_year: int | None = None,
    lag_months: int | None = None,
    thresholds: Thresholds | None = None,
    firm: str | None = None,
) -> EarlyWarning:
    """Every early-warning signal of ``corpus`` (see the package docstring).

    ``recent``, ``baseline``, ``as_of_year``, ``lag_months``: the windows
    (:func:`~app.analysis.early_warning.windows.signal_windows`). ``firm``: also report
    that applicant's moves. ``thresholds``: default :class:`Thresholds`.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = synthetic_corpus(2000, seed=3, year_range=(2008, 2021))
    >>> ew = early_warning(c, lag_months=18)
    >>> ew.windows.recent, len(ew.rising_codes), len(ew.bursts), len(ew.concentration)
    ((2019, 2021), 0, 0, 14)
    >>> early_warning(c, baseline=20, lag_months=18).windows.shortfall.reason
    'too_few_years'
    """
    th = thresholds or Thresholds()
    windows = signal_windows(
        corpus, recent=recent, baseline=baseline, as_of_year=as_of_year, lag_months=lag_months
    )
    tie_lists = [
        ties.new_ties(corpus, windows, by=by, min_patents=th.tie_min_patents,
                      min_growth=th.tie_min_growth)
        for by in ties.TIE_KINDS
    ]  # fmt: skip
    return EarlyWarning(
        windows=windows,
        thresholds=th,
        has_codes=len(corpus.ipc) > 0,
        new_entrants=entrants.new_entrants(corpus, windows, min_patents=th.entrant_min_patents),
        foreign_entrants=entrants.foreign_entrants(
            corpus, windows, min_patents=th.entrant_min_patents
        ),
        rising_codes=rising.rising_codes(
            corpus,
            windows,
            min_patents=th.rising_min_patents,
            min_ratio=th.rising_min_ratio,
            alpha=th.alpha,
        ),
        bursts=bursts_mod.bursts(
            corpus,
            windows,
            s=th.burst_s,
            gamma=th.burst_gamma,
            min_patents=th.burst_min_patents,
            alpha=th.alpha,
        ),
        concentration=concentration_by_year(corpus, windows.last_complete_year),
        concentration_windows=concentration_by_window(corpus, windows),
        new_ties=pd.concat(tie_lists, ignore_index=True),
        firm=firm_moves(corpus, windows, firm) if firm else None,
    )
