"""The long frames every signal starts from, and the helpers they share.

- :func:`applicant_rows`: one row per distinct (patent, named applicant) with a year;
- :func:`code_rows`: one row per distinct (patent, code at a level) with a year, IPC and
  CPC together (a patent listing H01M 10/0525 under both schemes counts once);
- :func:`ids_by_group`: the patent ids behind each group of rows, in one sort;
- :func:`g2_2x2`: Dunning's log-likelihood statistic for two proportions.

Patents are referred to by their position in ``corpus.patents`` (``row``), as in
:mod:`app.analysis.networks`; the ids are looked up only for the rows a signal returns.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from app.ingest.schema import COUNTRY_RULES, Corpus

__all__ = [
    "CODE_LEVELS",
    "applicant_rows",
    "best_country",
    "bonferroni",
    "code_rows",
    "empty_frame",
    "frame_records",
    "g2_2x2",
    "ids_by_group",
    "in_span",
    "patent_years",
    "ranked",
]

# level -> column of the canonical ``ipc`` frame
CODE_LEVELS = {"subclass": "subclass", "main_group": "main_group"}


def patent_years(corpus: Corpus) -> np.ndarray:
    """``patents.year`` as floats (NaN: no year)."""
    return corpus.patents["year"].to_numpy(dtype="float64", na_value=np.nan)


def in_span(years: np.ndarray, span: tuple[int, int] | None) -> np.ndarray:
    """Boolean: which ``years`` fall in the inclusive ``span`` (all False for None).

    >>> in_span(np.array([2019.0, 2020.0, np.nan]), (2020, 2022)).tolist()
    [False, True, False]
    """
    if span is None:
        return np.zeros(len(years), dtype=bool)
    return (years >= span[0]) & (years <= span[1])


def _categorical(codes: np.ndarray, labels: pd.Index) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=labels)


def _distinct_dated(
    corpus: Corpus, rows: np.ndarray, values: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Index]:
    """The child rows to keep: dated patent, a non-blank value, first of each (patent, value).

    Returns ``(where, year, code, labels)``: positions of the kept child rows in input
    order, every child row's year (NaN: none), its value code and the labels they index.
    """
    code, labels = pd.factorize(values)
    labels = pd.Index(labels, dtype="str")
    blank = np.asarray(labels.str.strip() == "", dtype=bool)
    years = patent_years(corpus)
    year = np.where(rows >= 0, years[np.maximum(rows, 0)], np.nan)
    keep = (rows >= 0) & (code >= 0) & ~np.isnan(year)
    keep &= ~blank[np.maximum(code, 0)] if len(blank) else False
    where = np.flatnonzero(keep)
    pair = rows[where].astype(np.int64) * max(len(labels), 1) + code[where]
    _, first = np.unique(pair, return_index=True)
    return where[np.sort(first)], year, code, labels


def applicant_rows(corpus: Corpus) -> pd.DataFrame:
    """Distinct (patent, applicant) rows of dated patents, named applicants only.

    Columns: ``row`` (patent position), ``year`` (int64), ``name``, ``country``,
    ``country_rule``, ``kind`` (categoricals). Rows keep the source order. Built from
    integer codes: strings are touched once per distinct name, not once per row.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> a = applicant_rows(synthetic_corpus(50, seed=1))
    >>> list(a.columns), bool(a.duplicated(["row", "name"]).any())
    (['row', 'year', 'name', 'country', 'country_rule', 'kind'], False)
    """
    apps = corpus.applicants
    rows = corpus.applicant_rows
    where, year, name_code, names = _distinct_dated(corpus, rows, apps["name"])
    return pd.DataFrame(
        {
            "row": rows[where],
            "year": year[where].astype(np.int64),
            "name": _categorical(name_code[where], names),
            "country": apps["country"].array[where],
            "country_rule": apps["country_rule"].array[where],
            "kind": apps["kind"].array[where],
        }
    )


def best_country(pairs: pd.DataFrame) -> pd.DataFrame:
    """One (name, country, country_rule, kind) per applicant: its best-sourced country.

    The rule order of :data:`~app.ingest.schema.COUNTRY_RULES` decides (stated by the
    source first, then the alias table, then the proxies); among rows of the same rule, the
    country the applicant has most often.

    >>> p = pd.DataFrame({"name": ["A", "A", "A"], "country": ["US", "CN", "CN"],
    ...                   "country_rule": ["jurisdiction"] * 3, "kind": ["firm"] * 3})
    >>> best_country(p)[["name", "country"]].values.tolist()
    [['A', 'CN']]
    """
    rank = pd.Categorical(pairs["country_rule"], categories=COUNTRY_RULES).codes
    counted = (
        pairs.assign(rank=np.where(rank < 0, len(COUNTRY_RULES), rank))
        .groupby(["name", "rank", "country", "country_rule", "kind"], observed=True)
        .size()
        .rename("n")
        .reset_index()
    )
    columns = ["name", "country", "country_rule", "kind"]
    counted = counted.astype({c: "str" for c in columns})
    counted = counted.sort_values(["name", "rank", "n"], ascending=[True, True, False])
    return counted.drop_duplicates("name")[columns].reset_index(drop=True)


def code_rows(corpus: Corpus, level: str) -> pd.DataFrame:
    """Distinct (patent, code at ``level``) rows of dated patents, both schemes together.

    Columns: ``row``, ``year`` (int64), ``code`` (categorical).

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = code_rows(synthetic_corpus(50, seed=1), "subclass")
    >>> list(c.columns), bool(c["code"].astype("str").str.len().eq(4).all())
    (['row', 'year', 'code'], True)
    """
    if level not in CODE_LEVELS:
        raise ValueError(f"unknown code level {level!r}; known: {', '.join(CODE_LEVELS)}")
    rows = corpus.ipc_rows
    where, year, code, labels = _distinct_dated(corpus, rows, corpus.ipc[CODE_LEVELS[level]])
    return pd.DataFrame(
        {
            "row": rows[where],
            "year": year[where].astype(np.int64),
            "code": _categorical(code[where], labels),
        }
    )


def ids_by_group(
    corpus: Corpus, keys: pd.Series | np.ndarray, rows: np.ndarray, wanted: pd.Index
) -> list[tuple[str, ...]]:
    """The distinct patent ids behind each group in ``wanted``, in ``wanted``'s order.

    ``keys[i]`` names the group of patent position ``rows[i]``; a group of ``wanted``
    without rows gets an empty tuple. Ids come sorted by patent position.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> c = synthetic_corpus(5, seed=1)
    >>> ids_by_group(c, np.array(["b", "a", "b", "b"]), np.array([3, 0, 1, 3]),
    ...              pd.Index(["a", "b", "z"]))
    [('SYN-0',), ('SYN-1', 'SYN-3'), ()]
    """
    keys = pd.Series(keys)
    if isinstance(keys.dtype, pd.CategoricalDtype):  # look up each category once
        lookup = pd.Index(wanted).get_indexer(keys.cat.categories)
        codes = keys.cat.codes.to_numpy()
        group = np.where(codes >= 0, lookup[codes] if len(lookup) else -1, -1)
    else:
        group = pd.Index(wanted).get_indexer(keys.to_numpy())
    rows = np.asarray(rows)
    hit = group >= 0
    pairs = np.unique(np.column_stack([group[hit], rows[hit]]), axis=0)  # sorted by group, row
    if len(pairs) == 0:
        return [() for _ in range(len(wanted))]
    bounds = np.searchsorted(pairs[:, 0], np.arange(len(wanted) + 1))
    ids = corpus.patents["patent_id"].astype("str").to_numpy()[pairs[:, 1]]
    return [tuple(ids[bounds[i] : bounds[i + 1]]) for i in range(len(wanted))]


def g2_2x2(
    hits_a: np.ndarray, total_a: np.ndarray, hits_b: np.ndarray, total_b: np.ndarray
) -> np.ndarray:
    """Dunning's log-likelihood ratio G² of two proportions ``hits_a / total_a`` and
    ``hits_b / total_b`` (the 2 x 2 table of hits and misses), vectorised.

    Under equal proportions G² follows chi-squared with one degree of freedom. Empty
    cells contribute nothing (``0 ln 0 = 0``); a table with an empty margin gives 0.

    Examples
    --------
    >>> round(float(g2_2x2(np.array([30]), np.array([100]), np.array([10]), np.array([100]))[0]), 3)
    12.972
    >>> float(g2_2x2(np.array([5]), np.array([50]), np.array([10]), np.array([100]))[0])
    0.0
    """
    a = np.asarray(hits_a, dtype=float)
    b = np.asarray(total_a, dtype=float) - a
    c = np.asarray(hits_b, dtype=float)
    d = np.asarray(total_b, dtype=float) - c
    n = a + b + c + d
    observed = np.stack([a, b, c, d])
    row = np.stack([a + b, a + b, c + d, c + d])
    col = np.stack([a + c, b + d, a + c, b + d])
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = row * col / n
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return np.where(n > 0, np.maximum(2.0 * terms.sum(axis=0), 0.0), 0.0)


def bonferroni(g2: np.ndarray, tests: int) -> np.ndarray:
    """Family-wise p-values: the chi-squared (1 df) p of each G², times ``tests``, capped at 1.

    >>> bonferroni(np.array([10.828, 0.0]), 10).round(3).tolist()
    [0.01, 1.0]
    """
    return np.minimum(stats.chi2.sf(np.asarray(g2, dtype=float), 1) * max(tests, 1), 1.0)


def _plain(value):
    """A JSON-ready scalar: numpy numbers to Python, NaN and inf to None, tuples to lists."""
    if isinstance(value, tuple | list | np.ndarray):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA:
        return None
    return value


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """The rows of a signal frame as JSON-ready dicts (inf, as in a ratio to nothing: None).

    >>> frame_records(pd.DataFrame({"a": [np.int64(1)], "r": [np.inf], "ids": [("x",)]}))
    [{'a': 1, 'r': None, 'ids': ['x']}]
    """
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    """A signal with no rows (the columns it would have)."""
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})


def ranked(
    parts: list[pd.DataFrame], columns: list[str], by: list[str], ascending: list[bool]
) -> pd.DataFrame:
    """The non-empty ``parts`` as one frame sorted ``by``, with ``columns`` in order.

    >>> a, b = pd.DataFrame({"x": [1], "y": ["a"]}), pd.DataFrame({"x": [3], "y": ["b"]})
    >>> ranked([a, pd.DataFrame(), b], ["y", "x"], ["x"], [False]).values.tolist()
    [['b', 3], ['a', 1]]
    """
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_frame(columns)
    out = pd.concat(parts, ignore_index=True).sort_values(by, ascending=ascending)
    return out.reset_index(drop=True)[columns]
