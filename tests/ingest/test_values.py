import numpy as np
import pandas as pd

from app.ingest.values import extract, map_unique, parse_years, split_multi


def test_split_multi_trims_drops_empties_and_numbers_positions():
    cells = pd.Series(["A;; B ;;", None, ";;", "C"], dtype="str")
    out = split_multi(cells, ";;")
    assert out["rec"].tolist() == [0, 0, 3]
    assert out["position"].tolist() == [0, 1, 0]
    assert out["value"].tolist() == ["A", "B", "C"]


def test_split_multi_never_splits_a_single_semicolon():
    out = split_multi(pd.Series(["BACON; RICHARD J.;;ROE RICHARD"]), ";;")
    assert out["value"].tolist() == ["BACON; RICHARD J.", "ROE RICHARD"]


def test_split_multi_regex_on_line_breaks_inside_a_cell():
    out = split_multi(pd.Series(["EP1A1 \r\nUS2B2 \nCN3A"]), r"\s*(?:\r\n|\n|\r)\s*", regex=True)
    assert out["value"].tolist() == ["EP1A1", "US2B2", "CN3A"]


def test_split_multi_of_nothing_is_an_empty_frame():
    out = split_multi(pd.Series([], dtype="str"), ";;")
    assert list(out.columns) == ["rec", "position", "value"] and out.empty


def test_parse_years_accepts_every_spelling_exports_use():
    values = pd.Series(
        [
            "2021-07-16",
            "2021-07-16 00:00:00",  # an Excel date cell read as text
            "2021/07/16",
            "20210716",
            "16.07.2021",
            "7/16/2021",
            "4/2/15",
            "2017",
            "2017.0",
        ]
    )
    years, bad = parse_years(values)
    assert years.tolist() == [2021] * 6 + [2015, 2017, 2017]
    assert not bad.any()


def test_parse_years_flags_unreadable_but_not_empty_values():
    years, bad = parse_years(pd.Series(["2021-13-01", "31.02.20", "", None, "n/a", "1492"]))
    assert years.isna().all()
    assert bad.tolist() == [True, True, False, False, True, True]


def test_two_digit_years_pivot_on_the_current_year():
    years, _ = parse_years(pd.Series(["1/1/99", "1/1/05"]))
    assert years.tolist() == [1999, 2005]


def test_map_unique_calls_once_per_distinct_value():
    calls = []

    def upper(text):
        calls.append(text)
        return text.upper()

    out = map_unique(pd.Series(["a", "b", "a", "a", None]), upper)
    assert out.tolist()[:4] == ["A", "B", "A", "A"] and pd.isna(out.iloc[4])
    assert sorted(calls) == ["a", "b"]


def test_extract_keeps_index_and_misses_are_missing():
    values = pd.Series(["x 20200101", "y"], index=[5, 9])
    out = extract(values, r"(\d{8})$")
    assert out.index.tolist() == [5, 9]
    assert out.iloc[0] == "20200101" and pd.isna(out.iloc[1])
    assert isinstance(out.to_numpy(), np.ndarray)
