"""Vectorised helpers for cell values: multi-value splitting, per-unique mapping, years.

Exports put several values in one cell (``A;;B``) and dates in several spellings. These
helpers work on whole columns: splitting runs in Arrow's C++ kernels, and anything that
needs Python (a regular expression with logic around it) runs once per *distinct* value and
is broadcast back, so a 200,000-row export with a few thousand distinct names costs a few
thousand Python calls, not a million.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "NAME_SEPARATORS",
    "VALUE_SEPARATORS",
    "broadcast",
    "extract",
    "guess_separator",
    "map_unique",
    "parse_years",
    "residence_tags",
    "split_codes",
    "split_multi",
]

# Separators of multi-valued cells, most specific first. Names contain commas ("Co., Ltd."),
# so commas are only considered between codes and country codes.
NAME_SEPARATORS = (";;", " | ", "|", "\uff1b", ";", "\n")
VALUE_SEPARATORS = (*NAME_SEPARATORS, "\uff0c", ",")
_SAMPLE = 5000  # cells looked at to guess a column's separator


def _arrow_strings(values: pd.Series) -> pa.Array:
    arr = pa.array(values.astype("str"), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pc.fill_null(arr, "")


def split_multi(
    values: pd.Series,
    sep: str,
    *,
    regex: bool = False,
    keep_empty: bool = False,
    encoded: bool = False,
) -> pd.DataFrame:
    """One row per non-empty value of multi-valued cells (every value with ``keep_empty``:
    a list aligned with another by position, ``JP; ; US``, keeps its gaps).

    Parameters
    ----------
    values : Series of str
        The cells (missing values count as empty).
    sep : str
        The separator, literal unless ``regex`` is True.
    encoded : bool
        Give ``value`` as a categorical (categories in order of first appearance): for
        columns of millions of values with few distinct ones (codes), no string is made
        per value (with ``keep_empty``, a blank value is missing).

    Returns
    -------
    DataFrame with ``rec`` (position of the cell in ``values``), ``position`` (0-based
    among the cell's non-empty values) and ``value`` (whitespace-trimmed).

    Examples
    --------
    >>> split_multi(pd.Series(["A;;B ", "", "C"]), ";;").to_dict("list")
    {'rec': [0, 0, 2], 'position': [0, 1, 0], 'value': ['A', 'B', 'C']}
    >>> split_multi(pd.Series(["JP; ; US"]), ";", keep_empty=True)["value"].tolist()
    ['JP', '', 'US']
    >>> split_multi(pd.Series(["B;;A", "A"]), ";;", encoded=True)["value"].cat.categories.tolist()
    ['B', 'A']
    """
    rec, value = _split(values, sep, regex, keep_empty, encoded)
    starts = np.r_[0, np.flatnonzero(np.diff(rec)) + 1] if len(rec) else np.array([], int)
    lengths = np.diff(np.r_[starts, len(rec)])
    position = np.arange(len(rec)) - np.repeat(starts, lengths)
    return pd.DataFrame({"rec": rec, "position": position.astype(np.int16), "value": value})


def _split(values: pd.Series, sep: str, regex: bool, keep_empty: bool, encoded: bool):
    """Each value's cell (int64) and the values (trimmed; a categorical if ``encoded``)."""
    arr = _arrow_strings(values)
    parts = pc.split_pattern_regex(arr, sep) if regex else pc.split_pattern(arr, sep)
    rec = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    if encoded:
        value = _encoded(pc.list_flatten(parts))
        keep = value.codes >= 0  # blanks are missing
    else:
        value = pc.utf8_trim_whitespace(pc.list_flatten(parts))
        keep = pc.not_equal(value, "").to_numpy(zero_copy_only=False)
    if keep_empty:
        return rec, value if encoded else value.to_pandas().astype("str")
    rec = rec[keep]
    return rec, value[keep] if encoded else value.filter(pa.array(keep)).to_pandas().astype("str")


def _encoded(values: pa.Array) -> pd.Categorical:
    """``values`` trimmed, as a categorical in order of first appearance; blanks missing.

    Encoded first and trimmed after: the trimming and its comparisons run on the distinct
    spellings, not on millions of values."""
    dictionary = values.dictionary_encode()
    trimmed = pd.Series(pc.utf8_trim_whitespace(dictionary.dictionary).to_pandas(), dtype="str")
    text_of, texts = pd.factorize(trimmed.replace("", pd.NA))  # "A" and " A" are one
    codes = text_of.astype(np.int32)[dictionary.indices.to_numpy(zero_copy_only=False)]
    return pd.Categorical.from_codes(codes, pd.Index(texts, dtype="str"))


def split_codes(columns: Sequence[tuple[str, str, pd.Series]], sep: str, *, regex: bool = False):
    """One row per code written in code columns, ``(scheme, field, cells)`` each: ``rec``
    and ``value`` as :func:`split_multi` gives them, ``scheme`` and ``field``; a column's
    rows after the previous column's.

    ``value``, ``scheme`` and ``field`` are categorical (the scheme's categories sorted):
    an export of a million records writes ten million codes but a few thousand distinct
    ones. All columns are split at once, so their spellings share one set of categories.

    Examples
    --------
    >>> found = split_codes([("IPC", "IPCR", pd.Series(["H01M;;H01G", ""])),
    ...                      ("CPC", "CPC", pd.Series(["H01M", "Y02E"]))], ";;")
    >>> found["value"].tolist(), found["scheme"].tolist(), found["rec"].tolist()
    (['H01M', 'H01G', 'H01M', 'Y02E'], ['IPC', 'IPC', 'CPC', 'CPC'], [0, 0, 0, 1])
    """
    empty = pd.Categorical([], categories=pd.Index([], dtype="str"))
    if not columns:
        return pd.DataFrame(
            {"rec": np.array([], np.int64), "value": empty, "scheme": empty, "field": empty}
        )
    n = len(columns[0][2])
    cells = pd.concat([cells for _s, _f, cells in columns], ignore_index=True)
    rec, value = _split(cells, sep, regex, keep_empty=False, encoded=True)
    # each column's values: the cells run one column after another
    bounds = np.searchsorted(rec, np.arange(len(columns) + 1) * n)
    for k in range(1, len(columns)):
        rec[bounds[k] : bounds[k + 1]] -= k * n
    per_column = np.diff(bounds)
    schemes = sorted({scheme for scheme, _f, _c in columns})
    fields = list(dict.fromkeys(field for _s, field, _c in columns))
    scheme_of = [schemes.index(scheme) for scheme, _f, _c in columns]
    field_of = [fields.index(field) for _s, field, _c in columns]
    return pd.DataFrame(
        {
            "rec": rec,
            "value": value,
            "scheme": pd.Categorical.from_codes(
                np.repeat(np.array(scheme_of, np.int8), per_column), pd.Index(schemes, dtype="str")
            ),
            "field": pd.Categorical.from_codes(
                np.repeat(np.array(field_of, np.int8), per_column), pd.Index(fields, dtype="str")
            ),
        }
    )


def guess_separator(values: pd.Series, candidates: tuple[str, ...] = NAME_SEPARATORS):
    """The separator most non-empty cells of ``values`` use, or None when no cell has one.

    A separator that is part of a longer one (``;`` in ``;;``, ``|`` in `` | ``) is only
    counted in cells that lack the longer one; equal counts go to the earlier candidate.

    Examples
    --------
    >>> guess_separator(pd.Series(["A;;B", "C;;D;;E", "F"]))
    ';;'
    >>> guess_separator(pd.Series(["H01M 4/13, H01M 4/62", "H01M 10/0525"]), VALUE_SEPARATORS)
    ','
    >>> guess_separator(pd.Series(["TOYOTA MOTOR CORP", ""])) is None
    True
    """
    cells = _arrow_strings(values)
    cells = cells.filter(pc.not_equal(pc.utf8_trim_whitespace(cells), ""))[:_SAMPLE]
    found = {c: pc.match_substring(cells, c).to_numpy(zero_copy_only=False) for c in candidates}
    counts = {}
    for sep, hit in found.items():
        longer = [found[o] for o in candidates if o != sep and sep in o]
        alone = hit & ~np.logical_or.reduce(longer) if longer else hit
        counts[sep] = int(alone.sum())
    best = max(candidates, key=lambda c: counts[c])  # max keeps the first of equal counts
    return best if counts[best] else None


def residence_tags(values: pd.Series) -> pd.DataFrame:
    """``name`` and ``country`` of values written ``NAME [CC]`` (Espacenet, EPODOC names).

    Values without a tag keep their text as the name and get an empty country.

    Examples
    --------
    >>> residence_tags(pd.Series(["AREVA NP [FR]", "SAMPLE UNIV"])).values.tolist()
    [['AREVA NP', 'FR'], ['SAMPLE UNIV', '']]
    """
    arr = _arrow_strings(values)
    found = pc.extract_regex(arr, r"^(?P<name>.*?)\s*\[(?P<cc>[A-Za-z]{2})\]\s*$")
    tagged = pc.is_valid(found)
    name = pc.if_else(tagged, pc.struct_field(found, "name"), arr)
    country = pc.if_else(tagged, pc.utf8_upper(pc.struct_field(found, "cc")), "")
    return pd.DataFrame(
        {
            "name": pd.Series(name.to_pandas(), index=values.index).astype("str"),
            "country": pd.Series(country.to_pandas(), index=values.index).astype("str"),
        }
    )


def broadcast(mapped: list, codes: np.ndarray, dtype: str, index=None) -> pd.Series:
    """``mapped[codes]`` as a Series of ``dtype``, missing where ``codes`` is -1.

    The values are built once per distinct input and spread with an Arrow/NumPy ``take``,
    which is what keeps per-row work out of Python.
    """
    small = pd.Series([*mapped, None], dtype=dtype)
    out = small.take(np.where(codes < 0, len(mapped), codes))
    out.index = index if index is not None else pd.RangeIndex(len(codes))
    return out


def map_unique(values: pd.Series, func: Callable[[str], object], dtype: str = "str"):
    """``values.map(func)`` computed once per distinct value (missing stays missing).

    Examples
    --------
    >>> map_unique(pd.Series(["a", "b", "a", None]), str.upper).tolist()
    ['A', 'B', 'A', nan]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # a list first: iterating an Arrow-backed array costs microseconds a value
    return broadcast([func(u) for u in uniques.tolist()], codes, dtype, values.index)


def extract(values: pd.Series, pattern: str) -> pd.Series:
    r"""The first capture group of ``pattern`` in each value (missing where no match).

    Runs in Arrow's RE2 kernel: pandas' ``str.extract`` goes through Python per row.

    Examples
    --------
    >>> extract(pd.Series(["US 1 P 20060804", "US 2 A"]), r"(\d{8})$").tolist()
    ['20060804', nan]
    >>> extract(pd.Series(["ACME (ACME-C)"]), r"\(([A-Z]{4}-[A-Z])\)$").tolist()
    ['ACME-C']
    """
    # name the first capturing group: an unescaped "(" not opening "(?..."
    named = re.sub(r"(?<!\\)\((?!\?)", "(?P<g>", pattern, count=1)
    found = pc.struct_field(pc.extract_regex(_arrow_strings(values), named), "g")
    out = pd.Series(found.to_pandas()).astype("str")
    out.index = values.index
    return out


_YEAR_MIN, _YEAR_MAX = 1800, 2100
_DATE_FORMS = (
    # (pattern, group of the year, group of the month, group of the day)
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?"), 1, 2, 3),  # ISO, Excel datetime
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), 1, 2, 3),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), 1, 2, 3),  # OPS YYYYMMDD
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), 3, 2, 1),  # Espacenet DD.MM.YYYY
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), 3, 1, 2),  # spreadsheet M/D/YYYY
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})"), 3, 1, 2),  # spreadsheet M/D/YY
)
_PLAIN_YEAR = re.compile(r"(\d{4})(?:\.0+)?")  # "2017", or "2017.0" from a spreadsheet


def _year_of(text: str) -> int | None:
    """The year in one date or year string, or None when it is not a date."""
    text = text.strip()
    match = _PLAIN_YEAR.fullmatch(text)
    if match:
        year = int(match.group(1))
        return year if _YEAR_MIN <= year <= _YEAR_MAX else None
    for pattern, y, m, d in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        year, month, day = (int(match.group(i)) for i in (y, m, d))
        if len(match.group(y)) == 2:
            # Two-digit years: historical dates, so pivot on the current year.
            pivot = date.today().year % 100
            year += 2000 if year <= pivot else 1900
        if _YEAR_MIN <= year <= _YEAR_MAX and 1 <= month <= 12 and 1 <= day <= 31:
            return year
        return None
    return None


def parse_years(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Years of date strings in the spellings exports use, and which values were unreadable.

    Accepts ``YYYY-MM-DD`` (with an optional time), ``YYYY/MM/DD``, ``YYYYMMDD``,
    ``DD.MM.YYYY``, ``M/D/YYYY``, ``M/D/YY`` and a bare year. Empty cells give a missing
    year and are not "unreadable".

    Returns
    -------
    (years, bad): an ``Int16`` Series aligned with ``values`` and a boolean array that is
    True where a non-empty value could not be read.

    Examples
    --------
    >>> years, bad = parse_years(pd.Series(["2021-07-16", "16.07.2021", "7/16/21", "", "soon"]))
    >>> years.tolist(), bad.tolist()
    ([2021, 2021, 2021, <NA>, <NA>], [False, False, False, False, True])
    """
    # once per distinct value: a million dates are a few thousand distinct ones
    codes, uniques = pd.factorize(values.astype("str"), use_na_sentinel=True)
    texts = [text.strip() for text in uniques.tolist()]
    found = [_year_of(text) if text else None for text in texts]
    at = np.where(codes < 0, len(texts), codes)  # missing: the appended "no year, fine"
    years = pd.array([*found, None], dtype="Int16")[at]
    unreadable = np.array([bool(t) and y is None for t, y in zip(texts, found, strict=True)])
    bad = np.append(unreadable, False).astype(bool)[at]
    return pd.Series(years, index=values.index), bad
