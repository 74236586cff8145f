"""The integer helpers the assembly builds its frames with, against pandas doing the same."""

import numpy as np
import pandas as pd
import pytest

from app.ingest.assemble import _first_of_each
from app.ingest.schema import label_ids


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
def test_label_ids_gives_the_codes_and_labels_of_the_rows_taken(sort, kind):
    rng = np.random.default_rng(5)
    words = np.array(["H01M", "C07C", "B60L", "H01G", None], dtype=object)
    values = pd.Series(words[rng.integers(0, 5, 300)], dtype="str").astype(kind)
    for rows in (
        rng.integers(0, 300, 1000),  # a small table indexed by many rows, with repeats
        np.sort(rng.choice(300, 120, replace=False)),  # some rows
        rng.integers(0, 2, 300),  # as many rows as values, yet not each once
    ):
        ids, labels = label_ids(values, rows, sort)
        expected_ids, expected_labels = _as_pandas(values, rows, sort)
        np.testing.assert_array_equal(ids, expected_ids)
        assert list(labels) == expected_labels
    every_ids, every_labels = label_ids(values, None, sort)
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


def _sorted_incidences(corpus, monkeypatch):
    """Every code-column incidence as the plain sort computes it."""
    import app.ingest.schema as schema

    with monkeypatch.context() as patch:
        patch.setattr(schema, "PREFIX_COLUMNS", {})
        fresh = schema.Corpus(corpus.patents, corpus.applicants, corpus.ipc, corpus.meta)
        return {key: fresh.incidence(*key) for key in fresh.incidence_keys()}


def _assert_same_incidences(corpus, monkeypatch):
    expected = _sorted_incidences(corpus, monkeypatch)
    for key, (indptr, indices) in expected.items():
        found_indptr, found_indices = corpus.incidence(*key)
        np.testing.assert_array_equal(found_indptr, indptr, err_msg=str(key))
        np.testing.assert_array_equal(found_indices, indices, err_msg=str(key))
        assert found_indices.dtype == indices.dtype


def test_prefix_incidences_are_those_a_sort_gives(monkeypatch):
    from app.synthetic import synthetic_corpus

    _assert_same_incidences(synthetic_corpus(3000, seed=4), monkeypatch)


def test_prefix_incidences_fall_back_to_a_sort_when_labels_are_out_of_order(monkeypatch):
    from app.ingest.schema import Corpus, CorpusMeta, empty_corpus_frames

    patents = pd.DataFrame({"patent_id": ["p", "q"]})
    ipc = pd.DataFrame(
        {
            "patent_id": ["p", "p", "q", "q", "q"],
            "scheme": ["IPC", "IPC", "CPC", "IPC", "CPC"],
            # "A01B 1/00" sorts first but its (made-up) subclass last; q has a code twice
            "code": ["Z01B 1/00", "A01B 1/00", "H01M 4/13", "H01M 4/13", "H01M 10/05"],
            "subclass": ["A01B", "Z01B", "H01M", "H01M", "H01M"],
            "main_group": ["Z01B 1/00", None, "H01M 4/00", "H01M 4/00", "H01M 10/00"],
        }
    )
    applicants = empty_corpus_frames()[1]
    corpus = Corpus(patents, applicants, ipc, CorpusMeta("t", "t", "t", "t"))
    _assert_same_incidences(corpus, monkeypatch)
    assert corpus.incidence("ipc", "subclass")[1].tolist() == [0, 2, 1]
