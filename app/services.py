"""Between the store/analysis layers and the pages: caching by filter key.

- Corpora are mapped once per worker by the store; filtered corpora (masks over them,
  frames cut on first read) are kept in a small per-process LRU (costly to pickle).
- Analysis results (graphs, statistics, fits) are memoised with flask-caching, on the
  filesystem by default and in Redis when CACHE_REDIS_URL is set, so every gunicorn worker
  shares them.
Pages call only this module, the store's listing functions and the UI helpers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from flask import Flask
from flask_caching import Cache

from app.analysis import overview
from app.analysis.early_warning import EarlyWarning, Thresholds, early_warning
from app.analysis.filters import IPC_THEMES, Filters, apply_filters, keep_theme_masks
from app.analysis.lifecycle import corpus_as_of, corpus_lag_months
from app.analysis.networks import distinct_pairs
from app.config import settings
from app.ingest.schema import UNKNOWN_COUNTRY, Corpus, CorpusMeta
from app.store import corpora
from app.workspace import current_owner

__all__ = [
    "DatasetSummary",
    "cache",
    "country_codes",
    "dataset_for_view",
    "dataset_summary",
    "early_warning_now",
    "early_warning_signals",
    "filtered_corpus",
    "indicator_frame",
    "init_cache",
    "view_filters",
    "year_span",
]

cache = Cache()


def init_cache(server: Flask) -> None:
    """Attach the shared memo cache to the Flask server (Redis if configured)."""
    cfg = settings()
    if cfg.redis_url:
        config = {
            "CACHE_TYPE": "app.store.memo.FallbackRedisCache",  # answers while Redis is down
            "CACHE_REDIS_URL": cfg.redis_url,
            # clear() then deletes our keys only (without a prefix it empties the database)
            "CACHE_KEY_PREFIX": "ev-memo:",
            # an unreachable server must not hold a request for long
            "CACHE_OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 5.0},
        }
    else:
        config = {
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(cfg.cache_dir / "memo"),
            "CACHE_THRESHOLD": 2000,
        }
    cache.init_app(server, config={**config, "CACHE_DEFAULT_TIMEOUT": 24 * 3600})
    # Results are keyed by dataset id and filters, not by the data's content: start each
    # server with an empty memo so a changed source can never be answered from old results.
    # (gunicorn preloads the app, so this runs once, before the workers fork.)
    with server.app_context():
        cache.clear()


@dataclass(frozen=True)
class DatasetSummary:
    """What the filter bar and headline cards need to know about a dataset."""

    meta: CorpusMeta
    patents: int
    applicants: int
    year_min: int | None
    year_max: int | None
    year_basis: str  # e.g. "publication" when no priority or filing dates exist
    countries: tuple[tuple[str, int], ...]  # (ISO2, patents), most patents first
    has_ipc: bool
    schemes: tuple[str, ...]  # classification schemes its codes use, e.g. ("CPC",)
    country_rules: tuple[tuple[str, int], ...]  # (rule, applicant rows)


@lru_cache(maxsize=16)
def dataset_summary(dataset_id: str) -> DatasetSummary:
    """Headline facts of one dataset (computed once per worker)."""
    corpus = corpora.load_corpus(dataset_id)
    # every page asks for these first: find the IPC themes' patents now, once, rather
    # than in the first view of each theme
    keep_theme_masks(corpus)
    years = corpus.years[corpus.years != 0]
    country = corpus.coded("applicants", "country")
    _, codes = distinct_pairs(corpus, "country")
    per_country = pd.Series(np.bincount(codes, minlength=len(country.labels)), country.labels)
    per_country = per_country.drop(UNKNOWN_COUNTRY, errors="ignore")
    per_country = per_country[per_country > 0].sort_values(ascending=False, kind="stable")
    basis = corpus.patents["year_basis"].value_counts()
    rules = corpus.applicants["country_rule"].value_counts()
    return DatasetSummary(
        meta=corpus.meta,
        patents=corpus.n_patents,
        applicants=overview.headline_figures(corpus)["applicants"],
        year_min=int(years.min()) if len(years) else None,
        year_max=int(years.max()) if len(years) else None,
        year_basis=str(basis.index[0]) if len(basis) else "unknown",
        countries=tuple((str(c), int(n)) for c, n in per_country.items()),
        has_ipc=corpus.has_ipc,
        schemes=tuple(sorted(str(s) for s in corpus.ipc["scheme"].dropna().unique())),
        country_rules=tuple((str(r), int(n)) for r, n in rules.items() if n > 0),
    )


# A filtered corpus is masks and integer arrays (tens of MB at 1.5M patents), plus any
# frames a page cut from it: keep the last few states per worker, not dozens.
@lru_cache(maxsize=6)
def filtered_corpus(dataset_id: str, filters: Filters) -> Corpus:
    """The dataset under ``filters``; kept per worker, keyed by the filter state."""
    return apply_filters(corpora.load_corpus(dataset_id), filters)


def indicator_frame() -> pd.DataFrame:
    """The OECD/IEA country x year counts (kept in memory by the store; do not modify)."""
    from app.store.indicators import indicators

    return indicators()


_MAX_COUNTRIES = 300  # more than there are countries: a longer list is not a selection
_YEARS = (1000, 3000)  # any year outside is not a year of a patent


def year_span(value: object) -> tuple[int, int] | None:
    """``value`` as a (low, high) pair of years, or None when it is not one.

    Examples
    --------
    >>> year_span([2010, 2015]), year_span([2015]), year_span(["2010", None]), year_span(5)
    ((2010, 2015), None, None, None)
    """
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return None
    low, high = value
    return (low, high) if _YEARS[0] <= low <= high <= _YEARS[1] else None


def country_codes(value: object) -> tuple[str, ...]:
    """The country codes in ``value`` (a list from the browser); anything else is dropped.

    Examples
    --------
    >>> country_codes(["jp", "CN", 7, "x" * 40]), country_codes("CN")
    (('CN', 'JP'), ())
    """
    if not isinstance(value, list | tuple):
        return ()
    codes = {v.strip().upper() for v in value[:_MAX_COUNTRIES] if isinstance(v, str)}
    return tuple(sorted(c for c in codes if 0 < len(c) <= 16))


def dataset_for_view(value: object) -> str:
    """``value`` if the current browser may open that dataset, else the default dataset."""
    if corpora.visible(value, current_owner()):
        return value
    return corpora.DEFAULT_DATASET


def view_filters(view: dict | None) -> tuple[str, Filters]:
    """(dataset id, Filters) from the small view dict the shell keeps in a dcc.Store.

    The view comes from the browser: a dataset this browser may not open, an unknown theme
    or a malformed year range or country list falls back to the default, never to an error.
    """
    view = view if isinstance(view, dict) else {}
    years = year_span(view.get("y")) or (None, None)
    theme = view.get("t")
    return (
        dataset_for_view(view.get("ds")),
        Filters(
            countries=country_codes(view.get("c")),
            year_min=years[0],
            year_max=years[1],
            ipc_theme=theme if isinstance(theme, str) and theme in IPC_THEMES else None,
        ),
    )


def early_warning_now(dataset_id: str, filters: Filters) -> tuple[int | None, int]:
    """(as-of year, publication lag) for the early-warning windows of a filtered dataset.

    "Now" is where the *unfiltered* dataset is complete (its latest publication year less
    the publication lag), so narrowing the countries or the first year does not move the
    windows. An upper year filter does: the windows then end in that year, which shows
    what the signals said back then.
    """
    full = filtered_corpus(dataset_id, Filters())
    as_of = corpus_as_of(full)
    lag = corpus_lag_months(full, settings().publication_lag_months)
    if as_of is not None and filters.year_max is not None:
        as_of = min(as_of, filters.year_max + math.ceil(lag / 12))
    return as_of, lag


# Bump when what early_warning_signals returns changes: the memo outlives a restart only in
# Redis, but an old pickle must never come back as the new shape.
EARLY_WARNING_MEMO = "early_warning_signals:v1"


@cache.memoize(make_name=lambda _name: EARLY_WARNING_MEMO)
def early_warning_signals(
    dataset_id: str, filters: Filters, recent: int, baseline: int, thresholds: Thresholds
) -> EarlyWarning:
    """The early-warning signals of the filtered dataset, memoised by every argument; the
    windows end at :func:`early_warning_now`."""
    as_of, lag = early_warning_now(dataset_id, filters)
    return early_warning(
        filtered_corpus(dataset_id, filters),
        recent=recent,
        baseline=baseline,
        as_of_year=as_of,
        lag_months=lag,
        thresholds=thresholds,
    )
