"""Applicant countries: which evidence to trust, in order, and the rule that gave each.

Few exports state an applicant's country (Espacenet's ``NAME [CC]``, PatentsView's
location, part of the OPS sample). Otherwise it is derived, and the derivation is kept in
``country_rule`` so a chart can say how much of it is a proxy:

1. ``source``          the export states it;
2. ``alias_table``     curated in ``data/applicant_aliases.csv`` from public knowledge;
3. ``priority_office`` the office of the earliest priority filing (applicants usually file
                       first at home);
4. ``jurisdiction``    the office of a national publication (a weak proxy: foreign firms
                       file there too);
5. ``unknown``.

Regional and international offices (EP, WO, EA, AP, OA, GC, EM, IB) are not countries and
never count as evidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from app.ingest.schema import UNKNOWN_COUNTRY
from app.ingest.values import extract, split_multi

__all__ = [
    "NON_COUNTRY_OFFICES",
    "assign_countries",
    "country_codes",
    "priority_office",
]

# Patent offices whose two-letter code is not a country.
NON_COUNTRY_OFFICES = frozenset({"EP", "WO", "EA", "AP", "OA", "GC", "EM", "IB", "XX", "XN"})


def country_codes(values: pd.Series) -> pd.Series:
    """``values`` as upper-case ISO alpha-2 country codes; anything else becomes missing.

    Office codes that are not countries (EP, WO, ...) count as anything else.

    Examples
    --------
    >>> country_codes(pd.Series([" jp", "EP", "USA", None])).tolist()
    ['JP', nan, nan, nan]
    """
    text = values.astype("str").str.strip().str.upper()
    valid = text.str.fullmatch(r"[A-Z]{2}").fillna(False).astype(bool)
    valid &= ~text.isin(NON_COUNTRY_OFFICES)
    return text.where(valid, pd.NA).astype("str")


def priority_parts(priority_numbers: pd.Series, sep: str = ";;") -> pd.DataFrame:
    """Each priority number on a row of its own: ``rec``, ``position``, ``value`` and
    ``date`` (the ``YYYYMMDD`` it ends with, as Lens 2020/21 wrote them; else missing)."""
    parts = split_multi(priority_numbers, sep)
    return parts.assign(date=extract(parts["value"], r"(\d{8})\s*$"))


def priority_office(
    priority_numbers: pd.Series, sep: str = ";;", parts: pd.DataFrame | None = None
) -> pd.Series:
    """The country office of each record's earliest priority, from its priority numbers.

    Numbers look like ``US 201715458258 A`` (Lens, current) or ``US 83547206 P 20060804``
    (Lens 2020/21, with the date). The earliest dated number wins; without dates the last
    one listed does, because Lens lists priorities newest first. EP and WO priorities are
    skipped: they name no country.

    Examples
    --------
    >>> priority_office(pd.Series([
    ...     "US 2017154 A;;US 2014620 P",
    ...     "EP 2212 A 20220715;;KR 2021 A 20210716",
    ...     "WO 2020 W",
    ... ])).tolist()
    ['US', 'KR', nan]

    ``parts``: :func:`priority_parts` of the numbers, when the caller has them already.
    """
    parts = priority_parts(priority_numbers, sep) if parts is None else parts
    out = pd.Series(pd.NA, index=priority_numbers.index, dtype="str")
    if parts.empty:
        return out
    office = country_codes(parts["value"].str.slice(0, 2))
    known = office.notna().to_numpy()
    # YYYYMMDD compares as a number; undated numbers come after every dated one
    date = parts["date"].astype("float64").fillna(99999999)
    rec, position = parts["rec"].to_numpy()[known], parts["position"].to_numpy()[known]
    # per record: earliest date first; among undated, the last listed first
    order = np.lexsort((-position.astype(np.int64), date.to_numpy()[known], rec))
    leads = np.ones(len(order), dtype=bool)
    leads[1:] = rec[order][1:] != rec[order][:-1]
    chosen = order[leads]
    # spread as integers: setting a million strings one position at a time is slow
    office_id, offices = pd.factorize(office)  # in Arrow: no Python string per number
    office_id = office_id[known][chosen]
    at = np.full(len(out), -1, dtype=np.int64)
    at[rec[chosen]] = office_id
    found = pa.array(offices, pa.large_string()).take(pa.array(at, mask=at < 0))
    return pd.Series(found, index=out.index, dtype="str")


def assign_countries(
    source: pd.Series, alias: pd.Series, priority: pd.Series, jurisdiction: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Each applicant's country and the rule that gave it (see the module docstring).

    All four inputs are aligned per applicant row; missing or non-country values are no
    evidence.

    Examples
    --------
    >>> country, rule = assign_countries(
    ...     pd.Series(["DE", None, None, None, None]),
    ...     pd.Series(["CN", "CN", None, None, None]),
    ...     pd.Series(["US", "US", "KR", "EP", None]),
    ...     pd.Series(["JP", "JP", "JP", "JP", "WO"]),
    ... )
    >>> country.tolist(), rule.tolist()
    (['DE', 'CN', 'KR', 'JP', 'unknown'], ['source', 'alias_table', 'priority_office', 'jurisdiction', 'unknown'])
    """  # noqa: E501
    evidence = [
        (country_codes(s).reset_index(drop=True), rule)
        for s, rule in (
            (source, "source"),
            (alias, "alias_table"),
            (priority, "priority_office"),
            (jurisdiction, "jurisdiction"),
        )
    ]
    conditions = [s.notna().to_numpy(dtype=bool) for s, _ in evidence]
    country = np.select(
        conditions, [s.to_numpy(dtype=object) for s, _ in evidence], default=UNKNOWN_COUNTRY
    )
    rule = np.select(conditions, [r for _, r in evidence], default="unknown")
    index = source.index
    return pd.Series(country, index=index, dtype="str"), pd.Series(rule, index=index, dtype="str")
