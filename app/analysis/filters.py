"""Global filters (applicant country, year range, IPC theme) applied to a corpus.

Every page reads the corpus through :func:`apply_filters`, so "what the filters mean" is
decided here once:

- countries: keep a patent when at least one of its applicants is from a selected country;
  all its applicants stay, so cross-border partners of the selected countries remain visible.
- years: ``patents.year`` (priority year, else filing, else publication year) within range.
- IPC theme: keep a patent when one of its codes (IPC or CPC) matches the theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.i18n import N_
from app.ingest.schema import Corpus

__all__ = ["IPC_THEMES", "Filters", "apply_filters", "theme_mask"]

# theme id -> (label, translated where shown; regular expression on the normalised code
# "H01M 10/0525")
IPC_THEMES: dict[str, tuple[str, str]] = {
    "battery": (
        N_("Battery codes (H01M except 8, B60L 50-58, H02J 7, Y02E 60/1x, Y02T 10/70)"),
        r"^(?:H01M (?!8/)\d+/|B60L 5[0-8]/|H02J 7/|Y02E 60/1\d|Y02T 10/70)",
    ),
    "electrodes": (N_("Electrodes (H01M 4)"), r"^H01M 4/"),
    "secondary-cells": (N_("Secondary cells (H01M 10)"), r"^H01M 10/"),
    "cell-structure": (N_("Cell structure and housings (H01M 50, H01M 2)"), r"^H01M (?:50|2)/"),
    "fuel-cells": (N_("Fuel cells (H01M 8)"), r"^H01M 8/"),
    "ev-propulsion": (N_("Electric vehicle propulsion (B60L)"), r"^B60L "),
    "charging": (N_("Charging and battery management (H02J 7)"), r"^H02J 7/"),
}


@dataclass(frozen=True)
class Filters:
    """The global filter state; hashable, so it can key a cache."""

    countries: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    ipc_theme: str | None = None

    def key(self) -> str:
        """A short stable string naming this filter state (cache keys, file names).

        Examples
        --------
        >>> Filters(countries=("JP", "CN"), year_min=2010).key()
        'c=CN+JP_y=2010-_t='
        """
        years = f"{self.year_min or ''}-{self.year_max or ''}"
        return f"c={'+'.join(sorted(self.countries))}_y={years}_t={self.ipc_theme or ''}"


def theme_mask(codes: pd.Series, theme: str) -> np.ndarray:
    """Boolean array: which ``codes`` (normalised strings) belong to IPC ``theme``."""
    try:
        pattern = IPC_THEMES[theme][1]
    except KeyError:
        raise ValueError(f"unknown IPC theme {theme!r}; known: {', '.join(IPC_THEMES)}") from None
    return codes.astype("str").str.match(re.compile(pattern)).fillna(False).astype(bool).to_numpy()


def apply_filters(corpus: Corpus, filters: Filters) -> Corpus:
    """The part of ``corpus`` that passes ``filters`` (see module docstring).

    Works on the corpus's integer views (years, coded countries and codes, each child
    row's patent position): a filter state is a few array masks, and the result keeps
    only masks until a caller reads its frames.
    """
    years = corpus.years
    keep = np.ones(len(years), dtype=bool)
    if filters.year_min is not None:
        keep &= years >= filters.year_min
    if filters.year_max is not None:
        keep &= (years <= filters.year_max) & (years != 0)  # 0: year unknown
    if filters.countries:
        country = corpus.coded("applicants", "country")
        wanted = np.isin(country.labels, list(filters.countries))
        in_country = wanted[country.codes] & (country.codes >= 0)
        keep &= _patents_with(corpus.applicant_rows, in_country, len(years))
    if filters.ipc_theme:
        code = corpus.coded("ipc", "code")
        in_theme = theme_mask(pd.Series(code.labels, dtype="str"), filters.ipc_theme)
        hit = in_theme[code.codes] & (code.codes >= 0)
        keep &= _patents_with(corpus.ipc_rows, hit, len(years))
    if keep.all():
        return corpus
    return corpus.subset(keep)


def _patents_with(rows: np.ndarray, hit: np.ndarray, n_patents: int) -> np.ndarray:
    """Boolean over patents: True where at least one child row (``rows``) is a ``hit``."""
    out = np.zeros(n_patents, dtype=bool)
    out[rows[hit & (rows >= 0)]] = True
    return out
