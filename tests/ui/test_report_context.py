"""What downloads say about themselves: file names, the network files' provenance, the
CSV's rounding and units, the context pictures drawn in the browser add, patent links."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd

from app.analysis.filters import Filters
from app.i18n import use_language
from app.ui.charts import download_name, graph_config
from app.ui.links import patent_record_url
from app.ui.network import network_file
from app.ui.report import file_about, filter_lines, report_context
from app.ui.tables import csv_frame, numeric_column

ABOUT = {
    "title": "Applicant network: 3 nodes, 2 ties",
    "dataset": "Battery patents, Lens.org sample (797)",
    "filters": "Applicant countries: CN China; Years: 2018–2022",
    "source": "Lens.org",
}


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edge("CATL", "BYD", weight=3)
    graph.add_edge("BYD", "Tsinghua University", weight=1)
    return graph


def test_file_names_name_page_subject_dataset_and_only_the_filters_set():
    assert download_name("applicants", "network top 10", Filters(), "lens-battery") == (
        "applicants_network-top-10_lens-battery"
    )
    full = Filters(countries=("JP", "CN"), year_min=2018, year_max=2022, ipc_theme="battery")
    assert download_name("technology", "IPC full code top 200", full, "ops-hydrogen") == (
        "technology_ipc-full-code-top-200_ops-hydrogen_CN+JP_2018-2022_battery"
    )
    # the old filter key of a view with nothing set leaves no noise
    assert download_name("overview", "filings per year", "c=_y=-_t=") == "overview_filings-per-year"
    assert re.fullmatch(r"[\w+\-]+", download_name("a b", "é/ü?", Filters(year_max=2020), "x"))


def test_graph_config_keeps_nothing_that_sends_the_chart_away():
    config = graph_config("overview_x")
    assert config["displaylogo"] is False and config["showLink"] is False
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    removed = set(config["modeBarButtonsToRemove"])
    assert {"toImage", "sendDataToCloud", "editInChartStudio"} <= removed


def test_graphml_and_gexf_carry_what_the_network_is_and_the_export_date():
    graphml = network_file(_graph(), None, "graphml", ABOUT)
    graph = nx.read_graphml(io.BytesIO(graphml))
    assert {key: graph.graph[key] for key in ABOUT} == ABOUT
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", graph.graph["exported"])
    gexf = ET.fromstring(network_file(_graph(), None, "gexf", ABOUT))
    description = next(el.text for el in gexf.iter() if el.tag.endswith("description"))
    assert "dataset: Battery patents, Lens.org sample (797)" in description
    assert "filters: Applicant countries: CN China; Years: 2018–2022" in description
    assert re.search(r"exported: \d{4}-\d{2}-\d{2}", description)
    read_back = nx.read_gexf(io.BytesIO(network_file(_graph(), None, "gexf", ABOUT)))
    assert read_back.number_of_edges() == 2


def test_pajek_carries_it_as_comment_lines_and_still_reads():
    text = network_file(_graph(), None, "pajek", ABOUT)
    head = text.splitlines()[:6]
    assert head[0].startswith("% title: Applicant network")
    assert "% dataset: Battery patents, Lens.org sample (797)" in head
    assert nx.parse_pajek(text.splitlines()).number_of_edges() == 2
    # DL has no comment syntax: the file stays exactly UCINET's
    assert network_file(_graph(), None, "dl", ABOUT).startswith("dl n=3")


def test_csv_rounds_as_the_table_shows_and_names_units():
    columns = [
        {"name": "Applicant", "id": "label"},
        numeric_column("Patents", "patents", ",d"),
        numeric_column("Eigenvector (UCINET)", "eigenvector", ".4f"),
        numeric_column("Share", "share", ".1%"),
    ]
    rows = [{"label": "CATL", "patents": 41.0, "eigenvector": 784.16638, "share": 0.0512}]
    frame = csv_frame(rows, columns)
    assert list(frame.columns) == ["Applicant", "Patents", "Eigenvector (UCINET)", "Share (%)"]
    assert frame.iloc[0].tolist() == ["CATL", 41, 784.1664, 5.1]
    assert str(frame["Patents"].dtype) == "Int64"  # whole numbers stay whole
    with use_language("zh"):
        assert csv_frame(rows, columns).columns[-1] == "Share（%）"
    assert csv_frame([], columns).empty


def test_filters_are_said_in_the_readers_language():
    view = {"c": ["CN"], "y": [2018, 2022], "t": "battery"}
    assert filter_lines(view)[:2] == ["Applicant countries: CN China", "Years: 2018–2022"]
    with use_language("zh"):
        lines = filter_lines(view)
    assert lines[0] == "申请人国家：CN 中国" and lines[2].startswith("IPC 技术主题：电池分类号")
    assert filter_lines({}) == []


def test_a_pictures_context_and_a_files_provenance(dash_app):
    with dash_app.server.test_request_context("/?lang=zh"):
        context = report_context({"ds": "ops-hydrogen", "c": ["DE"]}, "/technology")
        about = file_about({"ds": "ops-hydrogen"}, "T")
    assert context["page"] == "技术网络" and context["slug"] == "technology"
    assert context["dataset"].startswith("数据集：氢能与燃料电池专利")
    assert context["filters"] == ["申请人国家：DE 德国"]
    assert "{date}" in context["source"] and "EPO" in context["source"]
    assert about["filters"] == "无" and about["title"] == "T"


def test_patent_links_go_to_the_register_that_holds_the_record():
    assert patent_record_url(None, "004-805-490-009-407", "lens").startswith(
        "https://www.lens.org/lens/patent/004-805-490-009-407"
    )
    assert "espacenet" in patent_record_url("WO2020123456A1", None, "lens")
    assert "espacenet" in patent_record_url("AU2004230899A1", "AU2004230899A1", "ops-flat")
    assert patent_record_url("CN 108123456 B", None, "lens") == (
        "https://patents.google.com/patent/CN108123456B"
    )
    assert patent_record_url(None, None) is None and patent_record_url("n/a") is None
    assert pd.isna(pd.NA) and patent_record_url(str(pd.NA)) is None
