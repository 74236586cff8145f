"""Patent early warning: what moved in the last few years of a corpus.

The seed paper (000, section 5.4) ends by recommending "a patent early warning mechanism":
study the technology fields and R&D subjects before developing, and follow the changes.
These functions read the changes off the corpus in front of the user, each signal with the
patents behind it (``patent_ids``):

==========================  =========================================================
module                      signal
==========================  =========================================================
:mod:`.windows`             the baseline and recent windows after the publication lag,
                            or what data is missing to fill them (:class:`Shortfall`)
:mod:`.entrants`            new entrants; foreign entrants at each office
:mod:`.rising`              codes whose share rises (G², family-wise significance)
:mod:`.bursts`              bursts of codes and applicants (Kleinberg, as CiteSpace)
:mod:`.kleinberg`           the two-state burst automaton itself
:mod:`.concentration`       CR4, CR8, HHI of applicants per year and per window
:mod:`.moves`               one firm's new codes and new partners
:mod:`.ties`                new, renewed and strengthening applicant or country pairs
:mod:`.report`              all of them in one :class:`EarlyWarning` (CLI, page)
==========================  =========================================================

Pure functions on the canonical corpus (no Dash); vectorised with groupby and NumPy,
loops only over years.
"""

from app.analysis.early_warning.report import EarlyWarning, Thresholds, early_warning
from app.analysis.early_warning.windows import (
    DEFAULT_BASELINE,
    DEFAULT_RECENT,
    Shortfall,
    Windows,
    signal_windows,
)

__all__ = [
    "DEFAULT_BASELINE",
    "DEFAULT_RECENT",
    "EarlyWarning",
    "Shortfall",
    "Thresholds",
    "Windows",
    "early_warning",
    "signal_windows",
]
