import numpy as np
import pandas as pd
import pytest

from app.analysis.filters import Filters, apply_filters, theme_mask


def test_year_and_country_filters_keep_whole_patents(small_synthetic):
    corpus = small_synthetic
    out = apply_filters(corpus, Filters(countries=("KR",), year_min=2010, year_max=2015))
    assert 0 < len(out.patents) < len(corpus.patents)
    assert out.patents["year"].between(2010, 2015).all()
    # every kept patent has a Korean applicant, and keeps its foreign co-applicants
    kr = set(out.applicants.loc[out.applicants["country"] == "KR", "patent_id"])
    assert kr == set(out.patents["patent_id"])
    full = corpus.applicants[corpus.applicants["patent_id"].isin(kr)]
    assert len(full) == len(out.applicants)
    assert set(out.ipc["patent_id"]) <= kr


def test_subset_positions_stay_aligned(small_synthetic):
    first = apply_filters(small_synthetic, Filters(year_min=2012))
    second = apply_filters(first, Filters(countries=("JP",)))
    ids = second.patents["patent_id"].to_numpy()
    assert (ids[second.applicant_rows] == second.applicants["patent_id"].to_numpy()).all()
    assert (ids[second.ipc_rows] == second.ipc["patent_id"].to_numpy()).all()


def test_no_filter_returns_same_corpus(small_synthetic):
    assert apply_filters(small_synthetic, Filters()) is small_synthetic


def test_battery_theme_excludes_fuel_cells():
    import pandas as pd

    codes = pd.Series(["H01M 10/0525", "H01M 8/04", "B60L 53/00", "Y02E 60/10", "C01B 3/00"])
    assert theme_mask(codes, "battery").tolist() == [True, False, True, True, False]
    assert theme_mask(codes, "fuel-cells").tolist() == [False, True, False, False, False]
    with pytest.raises(ValueError, match="unknown IPC theme"):
        theme_mask(codes, "nope")


def test_filter_key_is_order_free():
    assert Filters(countries=("US", "CN")).key() == Filters(countries=("CN", "US")).key()
    assert np.unique([Filters(year_min=y).key() for y in (2000, 2001)]).size == 2


def test_theme_codes_only_draws_no_code_outside_the_theme(small_synthetic):
    """The theme filter keeps patents; their other codes still make nodes unless dropped."""
    from app.analysis.filters import theme_codes_only
    from app.analysis.network_view import technology_network

    themed = apply_filters(small_synthetic, Filters(ipc_theme="battery"))
    everything, _m = technology_network(themed, "code", None, None)
    outside = ~theme_mask(pd.Series(list(everything), dtype="str"), "battery")
    assert outside.any()  # the theme's patents list other codes too
    only, _m = technology_network(theme_codes_only(themed, "battery"), "code", None, None)
    assert theme_mask(pd.Series(list(only), dtype="str"), "battery").all()
    assert set(only) == set(everything) - set(pd.Series(list(everything))[outside])
    assert theme_codes_only(themed, "battery").n_patents == themed.n_patents


def _theme_masks_kept(corpus):
    from app.analysis.filters import _MASKS

    kept = _MASKS.get(corpus, {}).items()
    return {
        key[1]: np.unpackbits(bits, count=corpus.n_patents).view(bool)
        for key, bits in kept
        if key[0] == "theme"
    }


@pytest.mark.parametrize(
    ("shuffled", "orphans"),
    [(False, False), (False, True), (True, True)],
    ids=["grouped", "grouped-orphans", "shuffled"],
)
def test_keep_theme_masks_finds_what_each_themes_own_pass_finds(shuffled, orphans):
    from app.analysis.filters import IPC_THEMES, _theme_patents, keep_theme_masks
    from app.ingest.schema import Corpus
    from app.synthetic import synthetic_corpus

    base = synthetic_corpus(1200, seed=13)
    ipc = base.ipc.astype({"code": "object"})
    ipc.loc[ipc.index % 17 == 0, "code"] = None  # rows of no code
    if orphans:  # rows of no patent (position -1), of a theme the last patent lacks
        last = ipc[ipc["patent_id"] == base.patents["patent_id"].iat[-1]]["code"]
        theme = next(t for t in IPC_THEMES if not theme_mask(last, t).any())
        code = {
            "battery": "H01M 10/0525",
            "electrodes": "H01M 4/13",
            "secondary-cells": "H01M 10/0525",
            "cell-structure": "H01M 50/20",
            "fuel-cells": "H01M 8/04",
            "ev-propulsion": "B60L 53/10",
            "charging": "H02J 7/00",
        }[theme]
        assert theme_mask(pd.Series([code]), theme).all()
        orphan = ipc.iloc[:4].assign(patent_id="NOT-A-PATENT", code=code)
        ipc = pd.concat([orphan, ipc], ignore_index=True)
    if shuffled:  # not grouped by patent: each theme is found by its own pass
        ipc = ipc.sample(frac=1.0, random_state=3).reset_index(drop=True)
    corpus = Corpus(base.patents, base.applicants, ipc, base.meta)
    rows = corpus.ipc_rows
    assert bool(np.all(rows[1:] >= rows[:-1])) != shuffled
    expected = {theme: _theme_patents(corpus, theme) for theme in IPC_THEMES}
    keep_theme_masks(corpus)
    kept = _theme_masks_kept(corpus)
    assert set(kept) == set(IPC_THEMES)
    for theme in IPC_THEMES:
        assert np.array_equal(kept[theme], expected[theme]), theme
    assert any(m.any() for m in expected.values()) and not all(m.all() for m in expected.values())
    # a filter reads the kept masks as it read its own: same patents as a fresh corpus
    fresh = Corpus(base.patents, base.applicants, ipc, base.meta)
    for theme in IPC_THEMES:
        filters = Filters(countries=("CN",), year_min=2012, ipc_theme=theme)
        assert np.array_equal(
            apply_filters(corpus, filters).root_patents, apply_filters(fresh, filters).root_patents
        )
