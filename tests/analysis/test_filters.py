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
