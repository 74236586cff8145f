"""New entrants: applicants whose first patent falls in the recent window.

- :func:`new_entrants`: first patent in the corpus in the recent window, ranked by their
  patents in that window;
- :func:`foreign_entrants`: applicants from another country whose first filing *at an
  office* (``patents.jurisdiction``) falls in the recent window: who has started to seek
  protection in a market. At the EPO, "another country" means a state outside the
  European Patent Convention; PCT (WO) and the other regional offices have no home
  country and are left out. Applicants whose country is unknown, or was itself taken
  from the office of the filing (``country_rule == "jurisdiction"``), cannot be foreign
  there by construction and are left out too.

Patents after the last complete year count for nothing: an applicant first seen then is
left for the next window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.analysis.early_warning.rows import (
    applicant_rows,
    best_country,
    empty_frame,
    ids_by_group,
)
from app.analysis.early_warning.windows import Windows
from app.ingest.countries import NON_COUNTRY_OFFICES
from app.ingest.schema import UNKNOWN_COUNTRY, Corpus

__all__ = [
    "DEFAULT_MIN_PATENTS",
    "ENTRANT_COLUMNS",
    "EPC_STATES",
    "FOREIGN_COLUMNS",
    "OFFICES_WITHOUT_HOME",
    "foreign_entrants",
    "is_foreign",
    "new_entrants",
]

DEFAULT_MIN_PATENTS = 2  # a one-off filing (often a person) is not yet an entry

# Contracting states of the European Patent Convention (39 since Montenegro, 1 Oct 2022).
EPC_STATES = frozenset(
    ("AL", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR",
     "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "ME", "MK", "MT", "NL", "NO",
     "PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM", "TR")
)  # fmt: skip
# PCT and regional offices other than the EPO: no applicant is "foreign" there.
OFFICES_WITHOUT_HOME = NON_COUNTRY_OFFICES - {"EP"}

ENTRANT_COLUMNS = ["name", "country", "country_rule", "kind", "first_year", "patents", "patent_ids"]
FOREIGN_COLUMNS = ["office", "name", "country", "country_rule", "first_year", "patents",
                   "patent_ids"]  # fmt: skip


def new_entrants(
    corpus: Corpus, windows: Windows, *, min_patents: int = DEFAULT_MIN_PATENTS
) -> pd.DataFrame:
    """Applicants whose first patent falls in the recent window, most recent patents first.

    Returns a frame with columns ``name``, ``country`` and ``country_rule`` (the
    applicant's best-sourced country), ``kind``, ``first_year``, ``patents`` (patents in
    the recent window, at least ``min_patents``) and ``patent_ids`` (those patents).
    Ties: earlier first year, then name. Empty when the windows are not ``ok``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> from app.analysis.early_warning.windows import signal_windows
    >>> c = synthetic_corpus(3000, seed=4, year_range=(2008, 2021))
    >>> e = new_entrants(c, signal_windows(c, lag_months=18), min_patents=1)
    >>> bool(e["first_year"].between(2019, 2021).all()), bool(e["patents"].is_monotonic_decreasing)
    (True, True)
    """
    if not windows.ok:
        return empty_frame(ENTRANT_COLUMNS)
    pairs = applicant_rows(corpus)
    pairs = pairs[pairs["year"] <= windows.last_complete_year]
    first = pairs.groupby("name", observed=True)["year"].min()
    entrants = first[first.between(*windows.recent)]
    recent = pairs[pairs["name"].isin(entrants.index)]  # all their patents are recent
    counts = recent.groupby("name", observed=True).size()
    counts = counts[counts >= min_patents]
    if counts.empty:
        return empty_frame(ENTRANT_COLUMNS)
    out = pd.DataFrame(
        {
            "name": counts.index.astype("str"),
            "patents": counts.to_numpy(),
            "first_year": entrants.reindex(counts.index).to_numpy(),
        }
    )
    out = out.merge(best_country(recent), on="name", how="left")
    out = out.sort_values(["patents", "first_year", "name"], ascending=[False, True, True])
    out = out.reset_index(drop=True)
    out["patent_ids"] = ids_by_group(
        corpus, recent["name"], recent["row"].to_numpy(), pd.Index(out["name"])
    )
    return out[ENTRANT_COLUMNS]


def is_foreign(office: np.ndarray, country: np.ndarray) -> np.ndarray:
    """Boolean: the applicant's country is not the office's home (EPO: not an EPC state).

    >>> is_foreign(np.array(["EP", "EP", "US", "US"]), np.array(["DE", "US", "US", "JP"]))
    array([False,  True, False,  True])
    """
    at_epo = office == "EP"
    european = np.isin(country, list(EPC_STATES))
    return np.where(at_epo, ~european, country != office)


def foreign_entrants(
    corpus: Corpus, windows: Windows, *, min_patents: int = DEFAULT_MIN_PATENTS
) -> pd.DataFrame:
    """Foreign applicants whose first filing at an office falls in the recent window.

    Returns a frame with columns ``office`` (jurisdiction), ``name``, ``country``,
    ``country_rule``, ``first_year`` (first filing at that office), ``patents`` (filings at
    that office in the recent window, at least ``min_patents``) and ``patent_ids``; most
    patents first. Empty when the windows are not ``ok``.

    Who is foreign where: :func:`is_foreign`. Tested on a hand-made corpus in
    tests/analysis/test_early_warning.py.
    """
    if not windows.ok:
        return empty_frame(FOREIGN_COLUMNS)
    pairs = applicant_rows(corpus)
    pairs = pairs[
        (pairs["year"] <= windows.last_complete_year)
        & ~pairs["country_rule"].isin(["jurisdiction", "unknown"])
    ]
    # who is foreign where, decided once per (office, country) and looked up by codes
    office = corpus.patents["jurisdiction"].astype("category")
    offices = np.asarray(office.cat.categories.astype("str"), dtype=object)
    country = pairs["country"].astype("category")
    countries = np.asarray(country.cat.categories.astype("str"), dtype=object)
    usable_office = pd.Series(offices).str.fullmatch(r"[A-Z]{2}").to_numpy(dtype=bool) & ~np.isin(
        offices, list(OFFICES_WITHOUT_HOME)
    )
    foreign = is_foreign(offices[:, None], countries[None, :])
    foreign &= usable_office[:, None] & (countries != UNKNOWN_COUNTRY)[None, :]
    office_code = office.cat.codes.to_numpy()[pairs["row"].to_numpy()]
    country_code = country.cat.codes.to_numpy()
    hit = (office_code >= 0) & (country_code >= 0)
    hit[hit] = foreign[office_code[hit], country_code[hit]]
    pairs = pairs[hit].assign(office=offices[office_code[hit]])
    first = pairs.groupby(["office", "name"], observed=True)["year"].min().rename("first_year")
    fresh = first[first.between(*windows.recent)].reset_index()
    recent = pairs.merge(fresh, on=["office", "name"])
    counts = recent.groupby(["office", "name"], observed=True).agg(
        patents=("row", "nunique"),
        first_year=("first_year", "first"),
        country=("country", "first"),
        country_rule=("country_rule", "first"),
    )
    counts = counts[counts["patents"] >= min_patents].reset_index()
    if counts.empty:
        return empty_frame(FOREIGN_COLUMNS)
    out = counts.astype({c: "str" for c in ("office", "name", "country", "country_rule")})
    out = out.sort_values(
        ["patents", "first_year", "office", "name"], ascending=[False, True, True, True]
    ).reset_index(drop=True)
    which = pd.MultiIndex.from_frame(out[["office", "name"]]).get_indexer(
        pd.MultiIndex.from_arrays([recent["office"], recent["name"].astype("str")])
    )
    out["patent_ids"] = ids_by_group(corpus, which, recent["row"].to_numpy(), out.index)
    return out[FOREIGN_COLUMNS]
