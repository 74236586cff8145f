"""Headline counts for the Overview page: filings per year and country, top applicants.

Country counting is *whole counting*: a patent with a Chinese and a Japanese applicant
counts once for China and once for Japan (so country totals can exceed the patent total).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    years = corpus.patents["year"].dropna()
    countries = corpus.applicants["country"]
    return {
        "patents": len(corpus.patents),
        "applicants": int(corpus.applicants["name"].nunique()),
        "countries": int(countries[countries != UNKNOWN_COUNTRY].nunique()),
        "year_min": int(years.min()) if len(years) else None,
        "year_max": int(years.max()) if len(years) else None,
    }


def _patent_countries(corpus: Corpus) -> pd.DataFrame:
    """One row per (patent, applicant country), with the patent's year.

    Works on integer codes (patent positions, country category codes): no string merge.
    """
    rows = corpus.applicant_rows
    country = corpus.applicants["country"].astype("category")
    codes = country.cat.codes.to_numpy().astype(np.int64)
    keep = (rows >= 0) & (codes >= 0)
    pair_key = np.unique(
        rows[keep].astype(np.int64) * (len(country.cat.categories) + 1) + codes[keep]
    )
    patent_pos, country_code = np.divmod(pair_key, len(country.cat.categories) + 1)
    labels = np.asarray(country.cat.categories.astype(str), dtype=object)
    return pd.DataFrame(
        {
            "country": labels[country_code],
            "year": corpus.patents["year"].to_numpy()[patent_pos],
        }
    )


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
    pairs = _patent_countries(corpus).dropna(subset=["year"])
    leaders = pairs.loc[pairs["country"] != UNKNOWN_COUNTRY, "country"].value_counts().index[:top]
    pairs["country"] = pairs["country"].where(
        pairs["country"].isin(leaders) | (pairs["country"] == UNKNOWN_COUNTRY), "other"
    )
    counts = pairs.groupby(["year", "country"]).size().rename("patents")
    full = (
        pd.MultiIndex.from_product(
            [range(int(pairs["year"].min()), int(pairs["year"].max()) + 1), counts.index.levels[1]],
            names=["year", "country"],
        )
        if len(counts)
        else counts.index
    )
    return counts.reindex(full, fill_value=0).reset_index().sort_values(["year", "country"])


def top_applicants(corpus: Corpus, n: int = 15) -> pd.DataFrame:
    """The ``n`` applicants with most patents: name, country, kind, patents, share %."""
    apps = corpus.applicants.drop_duplicates(["patent_id", "name"])
    counts = apps["name"].value_counts(sort=False).rename("patents")
    counts = counts.reset_index().sort_values(["patents", "name"], ascending=[False, True])
    table = counts.head(n).set_index("name")
    mine = apps[apps["name"].isin(table.index)]
    for column in ("country", "kind"):
        table[column] = _most_frequent(mine, column)
    table["share_pct"] = 100.0 * table["patents"] / max(len(corpus.patents), 1)
    return table.reset_index()[["name", "country", "kind", "patents", "share_pct"]]


def _most_frequent(apps: pd.DataFrame, column: str) -> pd.Series:
    """Per applicant name, its most frequent value of ``column`` (ties: alphabetical)."""
    pairs = apps.assign(value=apps[column].astype(str)).groupby(["name", "value"]).size()
    pairs = (
        pairs.rename("n")
        .reset_index()
        .sort_values(["name", "n", "value"], ascending=[True, False, True])
    )
    return pairs.drop_duplicates("name").set_index("name")["value"]


def country_shares(corpus: Corpus) -> pd.DataFrame:
    """Patents per applicant country (whole counting) and share % of all patents."""
    pairs = _patent_countries(corpus)
    counts = pairs["country"].value_counts().rename_axis("country").rename("patents")
    table = counts.reset_index()
    table["share_pct"] = 100.0 * table["patents"] / max(len(corpus.patents), 1)
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
