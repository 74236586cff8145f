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
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.i18n import N_
from app.ingest.schema import Corpus

__all__ = [
    "IPC_THEMES",
    "Filters",
    "apply_filters",
    "keep_theme_masks",
    "theme_codes_only",
    "theme_mask",
]

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


def theme_codes_only(corpus: Corpus, theme: str) -> Corpus:
    """``corpus`` keeping only the classification codes of IPC ``theme``; patents and
    applicants stay. The theme filter keeps the patents with a theme code, and those list
    other codes too (battery patents list fuel cells, H01M 8): this drops the others.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> small = theme_codes_only(synthetic_corpus(200, seed=3), "battery")
    >>> bool(theme_mask(small.ipc["code"], "battery").all())
    True
    """
    code = corpus.coded("ipc", "code")
    in_theme = theme_mask(pd.Series(code.labels, dtype="str"), theme)
    keep = in_theme[code.codes] & (code.codes >= 0)
    # a corpus of its own, not a filtered view (the network builders read a filtered
    # corpus's codes from its unfiltered parent, which still has every code), cut from the
    # integer views: cutting the frames took 1.5 s, and coding their text again 1.2 s, for
    # 700,000 of 1.5M patents
    return corpus.with_rows("ipc", keep)


def apply_filters(corpus: Corpus, filters: Filters) -> Corpus:
    """The part of ``corpus`` that passes ``filters`` (see module docstring).

    Works on the corpus's integer views (years, coded countries and codes, each child
    row's patent position): a filter state is a few array masks, and the result keeps
    only masks until a caller reads its frames. On an unfiltered corpus, the patents of
    each country and of each theme are kept (a bit per patent) once found, so a new filter
    state combines stored masks instead of scanning millions of rows again.
    """
    years = corpus.years
    keep = np.ones(len(years), dtype=bool)
    if filters.year_min is not None:
        keep &= years >= filters.year_min
    if filters.year_max is not None:
        keep &= (years <= filters.year_max) & (years != 0)  # 0: year unknown
    if filters.countries:
        in_any = np.zeros(len(years), dtype=bool)
        for country in sorted(set(filters.countries)):
            in_any |= _kept_mask(corpus, ("country", country), _country_patents)
        keep &= in_any
    if filters.ipc_theme:
        keep &= _kept_mask(corpus, ("theme", filters.ipc_theme), _theme_patents)
    if keep.all():
        return corpus
    return corpus.subset(keep)


# per unfiltered corpus: ("country", ISO2) or ("theme", id) -> its patents, packed bits
_MASKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MASKS_LOCK = threading.Lock()


def _kept_mask(
    corpus: Corpus, key: tuple[str, str], find: Callable[[Corpus, str], np.ndarray]
) -> np.ndarray:
    """``find(corpus, key[1])`` (a boolean over the patents), kept for an unfiltered
    corpus (packed: 1.5M patents take 190 KB)."""
    if corpus.root is not corpus:
        return find(corpus, key[1])
    with _MASKS_LOCK:
        packed = _MASKS.setdefault(corpus, {}).get(key)
    if packed is None:
        packed = np.packbits(find(corpus, key[1]))
        with _MASKS_LOCK:
            _MASKS[corpus][key] = packed
    return np.unpackbits(packed, count=corpus.n_patents).view(bool)


def keep_theme_masks(corpus: Corpus) -> None:
    """Find the patents of every IPC theme of unfiltered ``corpus`` and keep them, as
    :func:`apply_filters` keeps a theme's once it used it.

    One pass over the code rows finds them all (each code's themes as bits of one byte):
    about the time the first theme took alone, 30-110 ms at 1.5M patents, where each
    theme's first use in a worker cost that much. The services call it when a worker
    opens a dataset, so no view pays a theme's first use.
    """
    if corpus.root is not corpus:
        return
    with _MASKS_LOCK:
        known = _MASKS.setdefault(corpus, {})
        missing = [theme for theme in IPC_THEMES if ("theme", theme) not in known]
    rows = corpus.ipc_rows
    if len(rows) and not np.all(rows[1:] >= rows[:-1]):  # not grouped by patent
        found = {theme: _theme_patents(corpus, theme) for theme in missing}
    else:
        found = {}
        for start in range(0, len(missing), 8):
            found |= _themes_of_grouped_rows(corpus, missing[start : start + 8])
    with _MASKS_LOCK:
        for theme, patents in found.items():
            _MASKS[corpus][("theme", theme)] = np.packbits(patents)


def _themes_of_grouped_rows(corpus: Corpus, themes: list[str]) -> dict[str, np.ndarray]:
    """The patents of each of (at most 8) ``themes``, when the code rows are grouped by
    patent (as the store and the readers write them)."""
    code, rows = corpus.coded("ipc", "code"), corpus.ipc_rows
    labels = pd.Series(code.labels, dtype="str")
    bits = np.zeros(len(code.labels) + 1, dtype=np.uint8)  # the last: no code (-1)
    for bit, theme in enumerate(themes):
        bits[:-1] |= theme_mask(labels, theme).astype(np.uint8) << bit
    per_patent = np.zeros(corpus.n_patents, dtype=np.uint8)
    if len(rows):
        starts = np.flatnonzero(np.diff(rows, prepend=rows[0] - 1))  # each patent's first
        first_rows = rows[starts]
        merged = np.bitwise_or.reduceat(bits[code.codes], starts)
        per_patent[first_rows[first_rows >= 0]] = merged[first_rows >= 0]
    return {theme: (per_patent >> bit) & 1 == 1 for bit, theme in enumerate(themes)}


def _country_patents(corpus: Corpus, country: str) -> np.ndarray:
    """Patents with at least one applicant from ``country``."""
    coded = corpus.coded("applicants", "country")
    wanted = np.flatnonzero(coded.labels == country)
    hit = coded.codes == wanted[0] if len(wanted) else np.zeros(len(coded.codes), dtype=bool)
    return _patents_with(corpus.applicant_rows, hit, corpus.n_patents)


def _theme_patents(corpus: Corpus, theme: str) -> np.ndarray:
    """Patents with at least one code (IPC or CPC) in IPC theme ``theme``."""
    code = corpus.coded("ipc", "code")
    in_theme = theme_mask(pd.Series(code.labels, dtype="str"), theme)
    hit = in_theme[code.codes] & (code.codes >= 0)
    return _patents_with(corpus.ipc_rows, hit, corpus.n_patents)


def _patents_with(rows: np.ndarray, hit: np.ndarray, n_patents: int) -> np.ndarray:
    """Boolean over patents: True where at least one child row (``rows``) is a ``hit``."""
    out = np.zeros(n_patents, dtype=bool)
    out[rows[hit & (rows >= 0)]] = True
    return out
