"""incoPat: Chinese headers (full- or half-width brackets), 申请人国别代码 as the country."""

import pytest
from conftest import FIXTURES

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable

NO_ALIASES = AliasTable.empty()


@pytest.mark.parametrize("name", ["incopat.xlsx", "incopat.csv"])
def test_applicants_with_their_country_codes(name):
    path = FIXTURES / name
    assert detect_format(path) == "incopat"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert (report.patents, report.applicants, report.unit, report.verdict) == (
        3,
        5,
        "publication",
        "green",
    )
    second = corpus.applicants[corpus.applicants["patent_id"] == "CN116000002B"]
    assert second[["name_raw", "country", "country_rule"]].values.tolist() == [
        ["HANGUK CELL CORP", "KR", "source"],
        ["示例电池有限公司", "CN", "source"],
    ]
    codes = corpus.ipc[corpus.ipc["patent_id"] == "CN117000003U"]["code"].tolist()
    assert codes == ["H01M 10/613", "H01M 10/625", "B60L 58/26"]
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["CN116000002B", ["priority_year", "jurisdiction"]].tolist() == [2022, "CN"]
    assert patents.loc["CN116000002B", "publication_number"] == "CN116000002B"
