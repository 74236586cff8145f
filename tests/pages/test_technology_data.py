"""The technology page's data helpers against the computations they replace."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from app.analysis.filters import Filters, apply_filters, theme_codes_only
from app.ingest.schema import Corpus
from app.pages.technology.data import subclass_count
from app.store.corpora import corpus_from_frames, stored_frames
from app.synthetic import synthetic_corpus


def _frame_count(corpus: Corpus, scheme: str | None) -> int:
    """The subclasses counted as the page counted them before: from the code rows' text."""
    ipc = corpus.ipc
    if scheme is not None:
        ipc = ipc[(ipc["scheme"] == scheme).to_numpy(dtype=bool, na_value=False)]
    return int(ipc["subclass"].nunique())


def _mixed_corpus(orphans: bool = False) -> Corpus:
    """A synthetic corpus whose code rows mix both schemes, with codes of no subclass (and
    ``orphans``: code rows of a patent the corpus does not have)."""
    base = synthetic_corpus(1500, seed=11)
    ipc = base.ipc.astype({c: "object" for c in ("scheme", "code", "subclass", "main_group")})
    rng = np.random.default_rng(5)
    cpc = rng.random(len(ipc)) < 0.3
    ipc.loc[cpc, "scheme"] = "CPC"
    # CPC's own subclasses (Y02E) on some patents only: scheme changes the count
    y02 = cpc & (rng.random(len(ipc)) < 0.2)
    ipc.loc[y02, "code"] = "Y02E 60/10"
    ipc.loc[y02, "subclass"] = "Y02E"
    ipc.loc[y02, "main_group"] = "Y02E 60/00"
    ipc.loc[rng.random(len(ipc)) < 0.02, "subclass"] = None
    if orphans:
        orphan = ipc.iloc[:3].assign(patent_id="NOT-A-PATENT", subclass="A01B")
        ipc = pd.concat([ipc, orphan], ignore_index=True)
    return Corpus(base.patents, base.applicants, ipc, base.meta)


FILTERS = [
    Filters(),
    Filters(countries=("CN", "JP"), year_min=2010, year_max=2020, ipc_theme="battery"),
    Filters(countries=("KR",), year_min=2015),
    Filters(ipc_theme="electrodes"),
    Filters(countries=("US", "DE"), year_max=2012, ipc_theme="charging"),
    Filters(year_min=2999),  # no patent
]


@pytest.mark.parametrize("stored", [False, True], ids=["built", "stored"])
def test_subclass_count_is_the_count_of_the_filtered_code_rows(stored):
    corpus = _mixed_corpus()
    if stored:  # as a worker has it: integer views and incidences read back
        corpus = corpus_from_frames(stored_frames(corpus), corpus.meta)
    seen = set()
    for filters, scheme in itertools.product(FILTERS, ("IPC", "CPC", None, "XYZ")):
        filtered = apply_filters(corpus, filters)
        expected = _frame_count(apply_filters(corpus, filters), scheme)
        assert subclass_count(filtered, scheme) == expected, (filters, scheme)
        seen.add(expected)
    assert 0 in seen and len(seen) > 3  # the cases differ, empty included


def test_subclass_count_finds_a_single_subclass():
    # only the electrode codes (H01M 4) kept: one subclass, where the page draws main groups
    corpus = theme_codes_only(synthetic_corpus(400, seed=3), "electrodes")
    for filters in FILTERS[:4]:
        filtered = apply_filters(corpus, filters)
        assert subclass_count(filtered, "IPC") == _frame_count(filtered, "IPC")
    assert subclass_count(corpus, "IPC") == 1


def test_subclass_count_leaves_out_code_rows_of_no_patent():
    # The importers write no such rows (every code row comes from a kept record). A filtered
    # corpus always left them out; the unfiltered corpus's count now does too, as the
    # network drawn (built from the same incidence) does.
    corpus = _mixed_corpus(orphans=True)
    assert subclass_count(corpus, "IPC") == _frame_count(corpus, "IPC") - 1  # A01B
    filtered = apply_filters(corpus, Filters(countries=("CN", "JP", "KR")))
    assert filtered is not corpus
    assert subclass_count(filtered, "IPC") == _frame_count(filtered, "IPC")


def _frame_theme_codes_only(corpus: Corpus, theme: str) -> Corpus:
    """The theme's codes only, as they were cut before: a corpus built from cut frames."""
    from app.analysis.filters import theme_mask

    code = corpus.coded("ipc", "code")
    in_theme = theme_mask(pd.Series(code.labels, dtype="str"), theme)
    keep = in_theme[code.codes] & (code.codes >= 0)
    ipc = corpus.ipc[keep].reset_index(drop=True)
    return Corpus(corpus.patents, corpus.applicants, ipc, corpus.meta)


@pytest.mark.parametrize("stored", [False, True], ids=["built", "stored"])
def test_theme_codes_only_draws_the_networks_the_cut_frames_drew(stored):
    from app.analysis.network_view import co_classified_patents, technology_ties

    corpus = _mixed_corpus()
    if stored:
        corpus = corpus_from_frames(stored_frames(corpus), corpus.meta)
    compared = 0
    for filters in FILTERS[:5]:
        theme = filters.ipc_theme or "battery"
        filtered = apply_filters(corpus, filters)
        new = theme_codes_only(filtered, theme)
        old = _frame_theme_codes_only(apply_filters(corpus, filters), theme)
        assert new.n_patents == old.n_patents == filtered.n_patents
        assert new.root is new  # its own corpus: its codes are not read from the parent
        for level, scheme, top_k in itertools.product(
            ("subclass", "main_group", "code"), ("IPC", "CPC", None), (3, 50, None)
        ):
            net_new, matrix_new = technology_ties(new, level, top_k, scheme)
            net_old, matrix_old = technology_ties(old, level, top_k, scheme)
            pd.testing.assert_frame_equal(net_new.nodes, net_old.nodes)
            assert (net_new.ties != net_old.ties).nnz == 0
            assert net_new.left_out == net_old.left_out
            pd.testing.assert_frame_equal(matrix_new, matrix_old)
            compared += len(net_new.nodes)
        codes = net_old.nodes.index[:2].tolist()
        if len(codes) == 2:
            pd.testing.assert_frame_equal(
                co_classified_patents(new, *codes, "code", None),
                co_classified_patents(old, *codes, "code", None),
            )
        pd.testing.assert_frame_equal(new.ipc, old.ipc)
        pd.testing.assert_frame_equal(new.patents, old.patents)
        assert subclass_count(new, "IPC") == _frame_count(old, "IPC")
        # a filter applied to the theme's codes as to the frames they were cut from
        again = Filters(countries=("JP",), year_min=2012)
        assert apply_filters(new, again).n_patents == apply_filters(old, again).n_patents
        assert subclass_count(apply_filters(new, again), None) == _frame_count(
            apply_filters(old, again), None
        )
    assert compared > 100
