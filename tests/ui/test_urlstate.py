from app.ui.urlstate import decode_query, encode_query, int_param


def test_roundtrip_of_global_filters():
    state = {"ds": "ops-hydrogen", "c": ["JP", "CN"], "y": [2010, 2020], "t": "battery"}
    query = encode_query(state)
    # the global names only: pages imported by other tests register parameters of their own
    assert decode_query(query, ["ds", "c", "y", "t"]) == {
        "ds": "ops-hydrogen",
        "c": ["CN", "JP"],
        "y": [2010, 2020],
        "t": "battery",
    }


def test_defaults_are_left_out_and_bad_values_fall_back():
    assert encode_query({"c": [], "y": None, "t": None}) == ""
    state = decode_query("?y=twenty&c=,,&t=")
    assert state["y"] is None and state["c"] == [] and state["t"] is None


def test_page_parameters_are_clamped():
    int_param("n_test", 10, 2, 300)
    assert decode_query("?n_test=5000", ["n_test"]) == {"n_test": 300}
    assert decode_query("?n_test=x", ["n_test"]) == {"n_test": 10}
    assert encode_query({"n_test": 10}) == ""
    assert encode_query({"n_test": 25}) == "?n_test=25"


def test_normalisers_make_dependent_parameters_consistent():
    from app.ui.urlstate import NORMALISERS, register_normaliser

    def rule(state):
        if "src_test" in state and state.get("dom_test") not in {"a": ["a1"]}.get(
            state["src_test"], []
        ):
            state["dom_test"] = None
        return state

    try:
        assert register_normaliser("test", rule) is rule
        state = {"src_test": "a", "dom_test": "b1"}
        for normalise in NORMALISERS.values():
            state = normalise(state)
        assert state["dom_test"] is None
        other_page = {"c": ["CN"]}
        for normalise in NORMALISERS.values():
            other_page = normalise(other_page)
        assert other_page == {"c": ["CN"]}
    finally:
        NORMALISERS.pop("test", None)
