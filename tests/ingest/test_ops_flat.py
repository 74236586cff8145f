from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable

NO_ALIASES = AliasTable.empty()
HEADER = (
    "pub_number,pub_country,pub_kind,pub_date,app_date,earliest_priority_date,priority_year,"
    "earliest_priority_office,ipc,cpc,applicants,n_applicants,applicant_countries,"
    "applicant_parse,applicants_raw,title,search_query,source_file,battery_relevant,"
    "battery_codes"
)
ROWS = [
    # illustrative rows written for this test, in the layout of the real flat table
    "CN118000001A,CN,A,20240611,20240301,20240301,2024,CN,H01M 8/04;H01M 8/0432,"
    "Y02E 60/50,UNIV TSINGHUA;CHN ENERGY INVEST GROUP CO LTD,2,,first_format_block,"
    '"UNIV TSINGHUA | CHN ENERGY INVEST GROUP CO LTD | 清华大学 | 国家能源投资集团有限责任公司",'
    "Fuel cell stack,energy_hydrogen,x/CN118000001.json,0,",
    "US2024000001A1,US,A1,20240104,20230615,20220620,2022,JP,H01M 10/0525;C25B 1/04,,"
    'SAMPLE MOTOR CORP;DOE JANE,2,JP;US,epodoc,"SAMPLE MOTOR CORP [JP] | DOE JANE [US]",'
    "Electrolyser and battery,energy_hydrogen,x/US2024000001.json,1,H01M10/0525",
    "WO2024000002A1,WO,A1,20240104,20230615,20220620,2022,EP,,,EXAMPLE HYDROGEN GMBH,1,,"
    "first_format_block,EXAMPLE HYDROGEN GMBH,Hydrogen storage,low_carbon_hydrogen,"
    "x/WO2024000002.json,0,",
]


def test_ops_flat_layout(tmp_path):
    path = tmp_path / "ops_flat.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert detect_format(path) == "ops-flat"
    corpus, report = import_export(path, aliases=NO_ALIASES)
    assert report.error is None and report.patents == 3
    patents = corpus.patents.set_index("patent_id")
    assert patents.loc["US2024000001A1", ["priority_year", "filing_year", "year"]].tolist() == [
        2022,
        2023,
        2022,
    ]
    apps = corpus.applicants.set_index("name_raw")
    assert apps.loc["SAMPLE MOTOR CORP", ["country", "country_rule"]].tolist() == ["JP", "source"]
    assert apps.loc["DOE JANE", ["country", "kind"]].tolist() == ["US", "individual"]
    assert apps.loc["UNIV TSINGHUA", ["country", "country_rule"]].tolist() == [
        "CN",
        "priority_office",
    ]
    # EP priority and WO publication: no country evidence at all
    assert apps.loc["EXAMPLE HYDROGEN GMBH", ["country", "country_rule"]].tolist() == [
        "unknown",
        "unknown",
    ]
    assert corpus.ipc[corpus.ipc["patent_id"] == "CN118000001A"]["code"].tolist() == [
        "H01M 8/04",
        "H01M 8/0432",
        "Y02E 60/50",
    ]
    assert any("applicants_raw" in note for note in corpus.meta.notes)
