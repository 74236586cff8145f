import pandas as pd

from app.ingest.countries import assign_countries, country_codes, priority_office


def test_country_codes_keep_only_country_offices():
    out = country_codes(pd.Series(["cn", "EP", "WO", "EA", "X1", "", None, "DEU"]))
    assert out.iloc[0] == "CN" and out.iloc[1:].isna().all()


def test_priority_office_current_lens_form_takes_the_last_listed():
    numbers = pd.Series(["US 201715458258 A;;US 201514813924 A;;JP 201462030942 P"])
    assert priority_office(numbers).tolist() == ["JP"]


def test_priority_office_dated_form_takes_the_earliest_date():
    numbers = pd.Series(["JP 2001 A 20060805;;DE 102006036541 A 20060803;;US 83547206 P 20060804"])
    assert priority_office(numbers).tolist() == ["DE"]


def test_priority_office_skips_regional_offices():
    numbers = pd.Series(["KR 2021 A;;EP 2212 A", "WO 2020 W;;EP 1 A", ""])
    out = priority_office(numbers)
    assert out.iloc[0] == "KR" and out.iloc[1:].isna().all()


def test_evidence_order_and_rules():
    country, rule = assign_countries(
        pd.Series(["FR", "", "", "", "", "EP"]),
        pd.Series(["CN", "CN", None, None, None, None]),
        pd.Series(["US", "US", "KR", "WO", None, None]),
        pd.Series(["JP", "JP", "JP", "JP", "EP", "US"]),
    )
    assert country.tolist() == ["FR", "CN", "KR", "JP", "unknown", "US"]
    assert rule.tolist() == [
        "source",
        "alias_table",
        "priority_office",
        "jurisdiction",
        "unknown",
        "jurisdiction",
    ]
