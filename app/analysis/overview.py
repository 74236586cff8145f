"""Headline counts for the Overview page: filings per year and country, top applicants.

Country counting is *whole counting*: a patent with a Chinese and a Japanese applicant
counts once for China and once for Japan (so country totals can exceed the patent total).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.analysis.networks import distinct_pairs, most_frequent_values
from app.ingest.indicators import OECD_SOURCE, default_basis
from app.ingest.schema import UNKNOWN_COUNTRY, Corpus

__all__ = [
    "country_shares",
    "families_by_year_and_country",
    "filings_by_year_and_country",
    "headline_figures",
    "top_applicants",
]


def headline_figures(corpus: Corpus) -> dict[str, int | None]:
    """Patents, distinct applicants, distinct known countries, first and last year."""
    years = corpus.years[corpus.years != 0]
    names = corpus.coded("applicants", "name")
    country = corpus.coded("applicants", "country")
    present = np.bincount(country.codes[country.codes >= 0], minlength=len(country.labels)) > 0
    return {
        "patents": corpus.n_patents,
        "applicants": int(np.count_nonzero(np.bincount(names.codes[names.codes >= 0]))),
        "countries": int(np.count_nonzero(present & (country.labels != UNKNOWN_COUNTRY))),
        "year_min": int(years.min()) if len(years) else None,
        "year_max": int(years.max()) if len(years) else None,
    }


def _patents_per_country(corpus: Corpus) -> pd.Series:
    """Patents per applicant country (whole counting), most first, then by code."""
    _, codes = distinct_pairs(corpus, "country")
    labels = corpus.coded("applicants", "country").labels
    counts = np.bincount(codes, minlength=len(labels))
    order = np.lexsort((labels, -counts))
    order = order[counts[order] > 0]
    return pd.Series(counts[order], index=pd.Index(labels[order], name="country"), name="patents")


def filings_by_year_and_country(corpus: Corpus, top: int = 6) -> pd.DataFrame:
    """Patents per year for the ``top`` countries (others pooled as "other").

    Returns columns year, country, patents (long form, zero-filled, sorted).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> frame = filings_by_year_and_country(synthetic_corpus(300, seed=2), top=2)
    >>> sorted(frame["country"].unique())[:2], int(frame["patents"].min()) >= 0
    (['CN', 'JP'], True)
    """
    positions, codes = distinct_pairs(corpus, "country")
    years = corpus.years[positions]
    dated = years != 0
    codes, years = codes[dated], years[dated]
    labels = corpus.coded("applicants", "country").labels
    counts = np.bincount(codes, minlength=len(labels))
    known = labels != UNKNOWN_COUNTRY
    order = np.lexsort((labels, -counts))
    leaders = order[known[order] & (counts[order] > 0)][:top]
    group = np.where(np.isin(np.arange(len(labels)), leaders) | ~known, labels, "other")
    if not len(years):
        return pd.DataFrame({"year": [], "country": [], "patents": []})
    present = np.bincount(codes, minlength=len(labels)) > 0
    names, column_of = np.unique(group, return_inverse=True)  # per label: its column
    shown = np.unique(column_of[present])  # columns some dated patent falls in
    column = np.searchsorted(shown, column_of[codes])
    names = names[shown]
    first = int(years.min())
    span = int(years.max()) - first + 1
    cells = (years.astype(np.int64) - first) * len(names) + column
    table = np.bincount(cells, minlength=span * len(names))
    return pd.DataFrame(
        {
            "year": np.repeat(np.arange(first, first + span), len(names)),
            "country": np.tile(names.astype(str), span),
            "patents": table,
        }
    )


def top_applicants(corpus: Corpus, n: int = 15) -> pd.DataFrame:
    """The ``n`` applicants with most patents: name, country, kind, patents, share %."""
    _, codes = distinct_pairs(corpus, "name")
    labels = corpus.coded("applicants", "name").labels
    counts = np.bincount(codes, minlength=len(labels))
    order = np.lexsort((labels, -counts))
    top = order[counts[order] > 0][:n]
    table = pd.DataFrame({"name": labels[top].astype(str), "patents": counts[top]})
    found = most_frequent_values(corpus, top, {"country": UNKNOWN_COUNTRY, "kind": "unknown"})
    table["country"], table["kind"] = found["country"], found["kind"]
    table["share_pct"] = 100.0 * table["patents"] / max(corpus.n_patents, 1)
    return table[["name", "country", "kind", "patents", "share_pct"]]


def country_shares(corpus: Corpus) -> pd.DataFrame:
    """Patents per applicant country (whole counting) and share % of all patents."""
    table = _patents_per_country(corpus).reset_index()
    table["share_pct"] = 100.0 * table["patents"] / max(corpus.n_patents, 1)
    return table


def families_by_year_and_country(
    indicators: pd.DataFrame, countries: tuple[str, ...] = (), top: int = 6
) -> pd.DataFrame:
    """The OECD's battery patent families per priority year by inventor country.

    ``indicators`` is the tidy OECD/IEA frame (:mod:`app.ingest.indicators`); the counts are
    fractional families of two or more offices (PAT_DEV, "Batteries"). ``countries`` (ISO3)
    picks the countries; by default the ``top`` with most families in the last ten years.
    Returns columns year, iso3, families (long form, sorted). It stands in for the corpus's
    own series when the corpus covers one year only.

    Examples
    --------
    >>> frame = pd.DataFrame({
    ...     "source": OECD_SOURCE, "domain": "batteries", "basis": "TWO",
    ...     "iso3": ["JPN", "JPN", "KOR", "WLD"], "aggregate": [False, False, False, True],
    ...     "year": [2019, 2020, 2020, 2020], "value": [2.5, 3.0, 1.0, 9.0]})
    >>> families_by_year_and_country(frame, top=1)["iso3"].unique().tolist()
    ['JPN']
    """
    rows = indicators[
        (indicators["source"] == OECD_SOURCE)
        & (indicators["domain"] == "batteries")
        & (indicators["basis"] == default_basis(OECD_SOURCE, "batteries"))
        & ~indicators["aggregate"]
    ]
    rows = rows.assign(iso3=rows["iso3"].astype("str"))
    if countries:
        rows = rows[rows["iso3"].isin(countries)]
    else:
        recent = rows[rows["year"] > rows["year"].max() - 10]
        leaders = recent.groupby("iso3")["value"].sum().sort_values(ascending=False)
        rows = rows[rows["iso3"].isin(leaders.index[:top])]
    out = rows[["year", "iso3", "value"]].rename(columns={"value": "families"})
    return out.sort_values(["year", "iso3"]).reset_index(drop=True)
