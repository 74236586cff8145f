"""The integer helpers the assembly builds its frames with, against pandas doing the same."""

import numpy as np
import pandas as pd
import pytest

from app.ingest.assemble import _first_of_each, _ids_at


@pytest.mark.parametrize("high", [50, 2**62])  # packed with positions; too large to pack
def test_first_of_each_marks_what_pandas_does_not_call_duplicated(high):
    rng = np.random.default_rng(3)
    key = rng.integers(0, high, 5000, dtype=np.int64)
    key[rng.integers(0, 5000, 800)] = key[rng.integers(0, 5000, 800)]  # repeats
    expected = ~pd.Series(key).duplicated().to_numpy()
    assert expected.sum() < len(key)
    np.testing.assert_array_equal(_first_of_each(key), expected)


def _as_pandas(values: pd.Series, rows: np.ndarray, sort: bool):
    taken = values.iloc[rows].reset_index(drop=True).astype("str")  # the labels used only
    if sort:
        categorical = taken.astype("category")
        return categorical.cat.codes.to_numpy(), list(categorical.cat.categories)
    ids, labels = pd.factorize(taken)
    return ids, list(labels)


@pytest.mark.parametrize("sort", [True, False])
@pytest.mark.parametrize("kind", ["str", "category"])
def test_ids_at_gives_the_codes_and_labels_of_the_rows_taken(sort, kind):
    rng = np.random.default_rng(5)
    words = np.array(["H01M", "C07C", "B60L", "H01G", None], dtype=object)
    values = pd.Series(words[rng.integers(0, 5, 300)], dtype="str").astype(kind)
    for rows in (
        rng.integers(0, 300, 1000),  # a small table indexed by many rows, with repeats
        np.sort(rng.choice(300, 120, replace=False)),  # some rows
        rng.integers(0, 2, 300),  # as many rows as values, yet not each once
    ):
        ids, labels = _ids_at(values, rows, sort)
        expected_ids, expected_labels = _as_pandas(values, rows, sort)
        np.testing.assert_array_equal(ids, expected_ids)
        assert list(labels) == expected_labels
    every_ids, every_labels = _ids_at(values, None, sort)
    np.testing.assert_array_equal(every_ids, _as_pandas(values, np.arange(300), sort)[0])
    assert list(every_labels) == _as_pandas(values, np.arange(300), sort)[1]


@pytest.mark.parametrize("kind", ["str", "category"])
def test_code_column_of_a_categorical_is_that_of_its_text(kind):
    from app.ingest.schema import code_column

    values = pd.Series(["b", None, "a", " ", "b", "d"], dtype="str")
    categorical = values.astype(kind)
    if kind == "category":  # an unused category, as a filtered frame keeps them
        categorical = categorical.cat.add_categories(["c"])
    expected, found = code_column(values), code_column(categorical)
    np.testing.assert_array_equal(found.codes, expected.codes)
    assert found.labels.tolist() == expected.labels.tolist() == ["a", "b", "d"]
