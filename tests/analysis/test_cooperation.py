import pandas as pd
import pytest

from app.analysis.cooperation import (
    PARTNER_TYPES,
    count_joint_patents,
    country_mode_evidence,
    country_mode_matrix,
    joint_country_rules,
    paper_partner_types,
    partner_type_shares,
)
from app.analysis.filters import Filters, apply_filters
from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)
from app.store.knowledge import load_knowledge

# patent -> [(name, country, kind), ...]
HAND_MADE = {
    "P1": [("Toyota", "JP", "firm"), ("Honda", "JP", "firm")],
    "P2": [("Toyota", "JP", "firm"), ("Kyoto University", "JP", "university")],
    "P3": [
        ("BYD", "CN", "firm"),
        ("Ministry", "CN", "government"),
        ("Tsinghua", "CN", "university"),
    ],
    "P4": [("CATL", "CN", "firm"), ("Zhang Wei", "CN", "individual")],
    "P5": [("LG", "KR", "firm"), ("GM", "US", "firm")],
    "P6": [("KAIST", "KR", "university"), ("KIST", "KR", "research institute")],
    "P7": [("Samsung", "KR", "firm")],
    "P8": [("Samsung", "KR", "firm"), ("Samsung", "KR", "firm")],  # one applicant, twice
    "P9": [("BYD", "CN", "firm"), ("Acme", "unknown", "firm")],
    "P10": [("Bosch", "DE", "firm"), ("Mystery", "DE", "unknown")],
    "P11": [
        ("Toyota", "JP", "firm"),
        ("Denso", "JP", "firm"),
        ("University of Tokyo", "JP", "university"),
        ("Suzuki Ichiro", "JP", "individual"),
    ],
}


@pytest.fixture(scope="module")
def corpus():
    patents = conform(pd.DataFrame({"patent_id": list(HAND_MADE), "year": 2020}), PATENT_COLUMNS)
    rows = [
        {
            "patent_id": pid,
            "position": i,
            "name_raw": name,
            "name": name,
            "country": country,
            "country_rule": "source",
            "kind": kind,
        }
        for pid, applicants in HAND_MADE.items()
        for i, (name, country, kind) in enumerate(applicants)
    ]
    rows.append(
        {
            "patent_id": "P99",
            "position": 0,
            "name_raw": "Orphan",
            "name": "Orphan",
            "country": "JP",
            "country_rule": "source",
            "kind": "firm",
        }
    )  # no such patent
    applicants = conform(pd.DataFrame(rows), APPLICANT_COLUMNS)
    ipc = conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), IPC_COLUMNS)
    meta = CorpusMeta("hand-made", "Hand-made test corpus", "tests", "synthetic", synthetic=True)
    return Corpus(patents, applicants, ipc, meta)


def _as_dict(shares):
    return {
        (row.country, row.partner_type): (row.patents, row.joint_patents)
        for row in shares.itertuples()
        if row.patents
    }


def test_exclusive_partner_types_on_a_hand_made_corpus(corpus):
    shares = partner_type_shares(corpus)
    assert list(shares.columns) == ["country", "partner_type", "patents", "joint_patents", "share"]
    assert list(pd.unique(shares["country"])) == ["CN", "JP", "KR", "DE", "US"]
    assert len(shares) == 5 * len(PARTNER_TYPES)
    assert _as_dict(shares) == {
        ("CN", "firm-government"): (1, 3),  # P3: firm, government and university
        ("CN", "with individuals"): (1, 3),  # P4
        ("CN", "firm-firm"): (1, 3),  # P9: the partner's unknown country does not count
        ("JP", "firm-firm"): (1, 3),  # P1
        ("JP", "firm-university/institute"): (2, 3),  # P2, P11 (individual too)
        ("KR", "firm-firm"): (1, 2),  # P5
        ("KR", "other"): (1, 2),  # P6: university with institute
        ("US", "firm-firm"): (1, 1),  # P5 again, for the other country
        ("DE", "other"): (1, 1),  # P10: a firm with an applicant of unknown kind
    }
    jp = shares[shares["country"] == "JP"].set_index("partner_type")["share"]
    assert jp["firm-university/institute"] == pytest.approx(2 / 3)
    assert jp["firm-government"] == 0
    assert shares.groupby("country")["share"].sum().round(12).eq(1).all()


def test_any_counting_counts_each_tie_a_patent_contains(corpus):
    shares = partner_type_shares(corpus, counting="any")
    assert _as_dict(shares) == {
        ("CN", "firm-firm"): (1, 3),  # P9 only: P3 has one firm
        ("CN", "firm-university/institute"): (1, 3),  # P3
        ("CN", "firm-government"): (1, 3),  # P3
        ("CN", "with individuals"): (1, 3),  # P4
        ("JP", "firm-firm"): (2, 3),  # P1, P11
        ("JP", "firm-university/institute"): (2, 3),  # P2, P11
        ("JP", "with individuals"): (1, 3),  # P11
        ("KR", "firm-firm"): (1, 2),
        ("KR", "other"): (1, 2),
        ("US", "firm-firm"): (1, 1),
        ("DE", "other"): (1, 1),
    }
    with pytest.raises(ValueError, match="counting"):
        partner_type_shares(corpus, counting="pairs")


def test_shares_follow_the_filters(corpus):
    korean = apply_filters(corpus, Filters(countries=("KR",)))
    shares = partner_type_shares(korean)
    assert set(shares["country"]) == {"KR", "US"}
    assert _as_dict(shares)[("KR", "other")] == (1, 2)


def test_a_corpus_without_joint_patents_gives_an_empty_table(corpus):
    solo = apply_filters(corpus, Filters(countries=("XX",)))
    shares = partner_type_shares(solo)
    assert shares.empty and list(shares.columns) == [
        "country",
        "partner_type",
        "patents",
        "joint_patents",
        "share",
    ]


def test_joint_country_rules_count_the_applicants_the_shares_count(corpus):
    rules = joint_country_rules(corpus)
    assert list(rules.columns) == ["country", "country_rule", "proxy", "applicants"]
    # distinct applicants on joint patents; P7, P8 (one applicant) and the unknown-country
    # partner of P9 do not count
    assert dict(zip(rules["country"], rules["applicants"], strict=True)) == {
        "JP": 8,  # P1 2, P2 2, P11 4
        "CN": 6,  # P3 3, P4 2, P9 1
        "KR": 3,
        "DE": 2,
        "US": 1,
    }
    assert not rules["proxy"].any()
    # every joint patent once, also P9 whose partner's country is unknown
    assert count_joint_patents(corpus) == 9


def test_joint_country_rules_flag_the_filing_office_proxies(corpus):
    apps = corpus.applicants.copy()
    honda = (apps["name"] == "Honda").to_numpy()
    apps["country_rule"] = apps["country_rule"].astype("str")
    apps.loc[honda, "country_rule"] = "jurisdiction"
    proxied = Corpus(corpus.patents, conform(apps, APPLICANT_COLUMNS), corpus.ipc, corpus.meta)
    jp = joint_country_rules(proxied).query("country == 'JP'")
    assert jp[["country_rule", "proxy", "applicants"]].to_numpy().tolist() == [
        ["source", False, 7],
        ["jurisdiction", True, 1],
    ]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_country_mode_matrix_from_the_papers_statements(kb):
    evidence = country_mode_evidence(kb.innovation_models, kb.cooperation_modes)
    levels = country_mode_matrix(evidence)
    assert list(levels.index) == ["China", "United States", "Germany", "Japan", "South Korea"]
    assert list(levels.columns) == list(kb.cooperation_modes["mode"])
    assert levels.loc["Germany"].tolist() == [2, 2, 1, 1, 1]  # JV, M&A named; non-equity type
    assert levels.loc["Japan"].tolist() == [1, 1, 2, 2, 2]
    assert levels.loc["United States"].tolist() == [0, 0, 2, 1, 1]
    assert levels.loc["China"].sum() == 0 and levels.loc["South Korea"].sum() == 0
    hover = country_mode_matrix(evidence, value="passages")
    assert (
        hover.loc["Germany", "Joint venture"]
        == "Germany prefers Joint venture and Mergers and acquisitions"
    )
    assert hover.loc["South Korea", "Joint venture"] == ""
    jp = evidence.set_index(["iso2", "mode_id"]).loc[("JP", "expert_visits")]
    assert jp["statement_ids"] == ("jp_toyota_expert_visits_universities",)


def test_recommendations_count_only_when_asked(kb):
    evidence = country_mode_evidence(
        kb.innovation_models, kb.cooperation_modes, include_recommended=True
    )
    levels = country_mode_matrix(evidence)
    assert levels.loc["China"].tolist() == [1, 1, 1, 1, 1]  # "should adopt ... combines"
    with pytest.raises(ValueError, match="value"):
        country_mode_matrix(evidence, value="quote")


def test_paper_partner_types_line_up_with_the_patent_vocabulary(kb):
    named = paper_partner_types(kb.innovation_models)
    assert set(named["partner_type"]) <= set(PARTNER_TYPES)
    pairs = set(zip(named["iso2"], named["partner_type"], strict=True))
    assert ("CN", "firm-government") in pairs
    assert ("JP", "firm-university/institute") in pairs
    assert not any(iso == "KR" for iso, _ in pairs)  # the paper names no Korean partner
