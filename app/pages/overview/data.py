"""The Overview's data: the counts behind its figures for one dataset and filter state, and
the addresses its questions and firms open."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

import pandas as pd

from app import services
from app.analysis import overview
from app.analysis.filters import Filters
from app.ingest.indicators import IndicatorFileError
from app.store import corpora
from app.ui.countries import ISO3_TO_ISO2
from app.ui.urlstate import encode_query

__all__ = [
    "TOP_APPLICANTS",
    "OverviewData",
    "applicant_card_link",
    "overview_data",
    "view_link",
]

TOP_APPLICANTS = 25  # rows of the top-applicants table (the chart shows the first 15)
NETWORK_TOP_N = 10  # the applicant network's default top N (its page's an_n)
GLOBAL_FILTERS = ("ds", "c", "y", "t")
ISO2_TO_ISO3 = {iso2: iso3 for iso3, iso2 in ISO3_TO_ISO2.items()}


class OverviewData(NamedTuple):
    """What the Overview shows, language-free (counts, codes and names)."""

    counts: dict  # overview.headline_figures
    by_year: pd.DataFrame  # year, country, patents
    shares: pd.DataFrame  # country, patents, share_pct (the 12 largest)
    top: pd.DataFrame  # name, country, kind, patents, share_pct (rounded to 0.1)
    single_year: int | None = None  # the one year a dataset of one year covers
    families: pd.DataFrame | None = None  # then: OECD families per year (iso3, year, families)


@services.cache.memoize()
def overview_data(dataset_id: str, filters: Filters) -> OverviewData:
    """The Overview's counts for one filter state (memoised across workers, no text in it:
    one entry serves both languages)."""
    corpus = services.filtered_corpus(dataset_id, filters)
    counts = overview.headline_figures(corpus)
    if counts["patents"] == 0:
        empty = pd.DataFrame()
        return OverviewData(counts, empty, empty, empty)
    top = overview.top_applicants(corpus, TOP_APPLICANTS)
    return OverviewData(
        counts,
        overview.filings_by_year_and_country(corpus),
        overview.country_shares(corpus).head(12),
        top.assign(share_pct=top["share_pct"].round(1)),
        *_single_year_families(dataset_id, filters),
    )


def _single_year_families(dataset_id: str, filters: Filters) -> tuple:
    """For a dataset of one year only: that year and the OECD's battery families per year
    by country (of the countries filtered, if any); else ``(None, None)``."""
    summary = services.dataset_summary(dataset_id)
    if summary.year_min is None or summary.year_min != summary.year_max:
        return None, None
    try:
        frame = services.indicator_frame()
    except IndicatorFileError:
        return None, None  # the OECD files are not on this machine: the corpus's own bar
    countries = tuple(ISO2_TO_ISO3[c] for c in filters.countries if c in ISO2_TO_ISO3)
    families = overview.families_by_year_and_country(frame, countries)
    if families.empty:
        return None, None
    return summary.year_min, families


def view_link(path: str, view: dict | None, params: dict | None = None) -> str:
    """The address of page ``path`` under the view's dataset, filters and language, with
    the page's own ``params`` added.

    Examples
    --------
    >>> view_link("/applicants", {"ds": "ops-hydrogen", "c": ["CN"], "lang": "zh"}, {"an_n": 12})
    '/applicants?ds=ops-hydrogen&c=CN&an_n=12&lang=zh'
    """
    view = view or {}
    kept = {name: view.get(name) for name in GLOBAL_FILTERS}
    if kept["ds"] == corpora.DEFAULT_DATASET:
        kept["ds"] = None
    pairs = parse_qsl(encode_query(kept).lstrip("?"))
    pairs += [(name, str(value)) for name, value in (params or {}).items()]
    if view.get("lang"):
        pairs.append(("lang", view["lang"]))
    return f"{path}?{urlencode(pairs)}"


def applicant_card_link(view: dict | None, name: str, rank: int) -> str:
    """The applicant network with applicant ``name`` selected (its card open), drawn large
    enough to hold it: the ``rank``-th applicant is in the top N when N >= rank.

    >>> applicant_card_link({"lang": "en"}, "CATL", 14)
    '/applicants?an_sel=CATL&an_n=14&lang=en'
    >>> applicant_card_link({"lang": "en"}, "BYD", 2)
    '/applicants?an_sel=BYD&lang=en'
    """
    params: dict = {"an_sel": name}
    if rank > NETWORK_TOP_N:
        params["an_n"] = rank
    return view_link("/applicants", view, params)
