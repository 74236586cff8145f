import pandas as pd

from app.analysis import overview
from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)


def _corpus() -> Corpus:
    patents = pd.DataFrame(
        {"patent_id": ["p1", "p2", "p3", "p4"], "year": [2010, 2010, 2011, None]}
    )
    applicants = pd.DataFrame(
        {
            "patent_id": ["p1", "p1", "p2", "p3", "p3", "p4"],
            "position": [0, 1, 0, 0, 1, 0],
            "name": ["CATL", "BYD", "CATL", "TOYOTA", "PANASONIC", "NOBODY"],
            "country": ["CN", "CN", "CN", "JP", "JP", "unknown"],
            "kind": ["firm"] * 6,
        }
    )
    return Corpus(
        conform(patents, PATENT_COLUMNS),
        conform(applicants, APPLICANT_COLUMNS),
        conform(pd.DataFrame({"patent_id": pd.Series([], dtype="str")}), IPC_COLUMNS),
        CorpusMeta("t", "test", "test", "test"),
    )


def test_headline_figures():
    assert overview.headline_figures(_corpus()) == {
        "patents": 4,
        "applicants": 5,
        "countries": 2,
        "year_min": 2010,
        "year_max": 2011,
    }


def test_country_counting_is_whole_and_per_patent():
    shares = overview.country_shares(_corpus()).set_index("country")
    # p1 has two Chinese applicants: it counts once for CN
    assert shares.loc["CN", "patents"] == 2 and shares.loc["JP", "patents"] == 1
    assert shares.loc["unknown", "patents"] == 1
    assert shares.loc["CN", "share_pct"] == 50.0


def test_filings_by_year_zero_fills_and_skips_undated():
    table = overview.filings_by_year_and_country(_corpus(), top=1)
    got = {(r.year, r.country): r.patents for r in table.itertuples()}
    # JP is not among the top 1 country: pooled as "other"; p4 has no year
    assert got == {(2010, "CN"): 2, (2010, "other"): 0, (2011, "CN"): 0, (2011, "other"): 1}


def test_top_applicants_ranks_by_patents_then_name():
    top = overview.top_applicants(_corpus(), n=3)
    assert top["name"].tolist() == ["CATL", "BYD", "NOBODY"]
    assert top["patents"].tolist() == [2, 1, 1]
    assert top.loc[0, "country"] == "CN" and top.loc[0, "share_pct"] == 50.0
