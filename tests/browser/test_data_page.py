"""The Data page in headless Chromium: upload, report, dataset switch, downloads."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from conftest import FIXTURES, require_shared
from dash.testing.wait import until

from app.config import settings

pytestmark = pytest.mark.browser

DATASET_DROPDOWN = '{"name":"ds","type":"param"}'
UPLOAD_INPUT = "#data-upload input[type=file]"
SEPARATOR = "data-sep"


def _dataset_shown(page) -> str:
    return page.js(f"return document.getElementById('{DATASET_DROPDOWN}').innerText")


def _text(page, element_id: str) -> str:
    return page.js(f"const e = document.getElementById('{element_id}'); return e?.innerText || ''")


def _click(page, element_id: str) -> None:
    # a JavaScript click: the sticky filter bar may cover the button at the test window size
    page.js(f"document.getElementById('{element_id}').click()")


def _upload(page, path: Path) -> None:
    page.driver.find_element("css selector", UPLOAD_INPUT).send_keys(str(path))


def _snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_upload_switches_the_dataset_everywhere(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    assert "Battery patents at the EPO" in _dataset_shown(page)  # the default dataset
    assert page.console_errors() == []

    export = tmp_path / "lens_battery_search.csv"  # Lens variant C, 5 patents
    export.write_bytes((FIXTURES / "lens_variant_c.csv").read_bytes())
    page.driver.find_element("id", "data-label").send_keys("Solid electrolytes, Lens")
    _upload(page, export)
    until(lambda: "Imported" in _text(page, "data-import-status"), timeout=30)
    assert _text(page, "data-import-status").startswith("Imported: lens_battery_search.csv")
    until(lambda: "ds=upload-" in page.url_query(), timeout=10)
    until(lambda: "Solid electrolytes, Lens" in _dataset_shown(page), timeout=10)
    until(lambda: "5 patents" in _text(page, "data-active"), timeout=10)
    report = _text(page, "data-active-report")
    assert "Green: read cleanly" in report and "Records\t5\trecords are publications" in report
    assert "Active" in _text(page, "data-datasets")
    assert not list((settings().cache_dir / "incoming").iterdir())  # staged copy removed
    page.screenshot("data")
    assert page.console_errors() == []

    dataset = page.url_query()
    _click(page, '{"path":"/","type":"navlink"}')  # the Overview link keeps the dataset
    until(lambda: page.js("return window.location.pathname") == "/", timeout=10)
    assert page.url_query() == dataset
    until(
        lambda: (
            page.js(
                "const v = document.querySelector('#overview-headline .headline-value');"
                "return v ? v.innerText : ''"
            )
            == "5"
        ),
        timeout=20,
    )


def test_malformed_upload_reports_why_and_changes_nothing(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    cache = settings().cache_dir
    before = {name: _snapshot(cache / name) for name in ("uploads", "corpora", "incoming")}
    header = (FIXTURES / "lens_variant_c.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    commas = header.count(",")
    broken = tmp_path / "broken_lens.csv"
    broken.write_text(
        "\n".join(
            [
                header,
                "1,EP,A1,,,2024-03-13,2024" + "," * (commas - 6),  # no identifier
                "2,US,B2,US 1 B2",  # a truncated row
            ]
        )
        + "\n"
    )
    _upload(page, broken)
    until(lambda: "Import refused" in _text(page, "data-import-status"), timeout=30)
    status = _text(page, "data-import-status")
    assert "no patent records could be imported" in status and "unchanged" in status
    until(lambda: "empty record identifier" in _text(page, "data-upload-rejected-box"), 10)
    rejected = _text(page, "data-upload-rejected-box")
    assert "expected 37 fields, found 4" in rejected and "Lens ID" in rejected
    assert page.url_query() == "?lang=en"
    assert "Battery patents at the EPO" in _dataset_shown(page)
    after = {name: _snapshot(cache / name) for name in ("uploads", "corpora", "incoming")}
    assert after == before
    page.screenshot("data-failed-import")
    assert page.console_errors() == []


def test_an_import_with_problems_is_amber_and_every_problem_downloads(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    export = tmp_path / "espacenet_layered_cathode.csv"  # 1 of its 5 IPC values unreadable
    export.write_bytes((FIXTURES / "espacenet.csv").read_bytes())
    _upload(page, export)
    until(lambda: "Imported with problems (amber)" in _text(page, "data-import-status"), 30)
    until(lambda: "ds=upload-" in page.url_query(), timeout=10)
    until(lambda: "Amber" in _text(page, "data-active-report"), timeout=20)
    report = _text(page, "data-active-report")
    assert "Column IPC: 1 of 5 codes (20.0%) could not be read: more than 5%." in report
    assert "row 11, IPC: unreadable code dropped ('NOT-A-CODE')" in report
    page.screenshot("data-import-amber")

    _click(page, "data-dl-problems")
    downloads = Path(page.duo.download_path)
    until(lambda: list(downloads.glob("*_import_problems.csv")), timeout=30)
    target = next(downloads.glob("*_import_problems.csv"))
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["kind", "row", "field", "value", "reason"],
        ["warning", "11", "IPC", "NOT-A-CODE", "unreadable code dropped"],
    ]
    assert page.console_errors() == []


def test_make_active_then_download_a_csv(page):
    require_shared("patents_ops_hydrogen_josuecaldasv", "hydrogen_ops_biblio_flat.csv")
    page.open("/data", "#data-active .facts-table")
    page.js('document.getElementById(\'{"ds":"ops-hydrogen","type":"data-activate"}\').click()')
    until(lambda: page.url_query() == "?ds=ops-hydrogen&lang=en", timeout=20)
    until(lambda: "Hydrogen and fuel-cell" in _dataset_shown(page), timeout=10)
    until(lambda: "EPO OPS flat CSV" in _text(page, "data-active"), timeout=20)

    _click(page, "data-dl-ipc")
    target = Path(page.duo.download_path) / "ops-hydrogen_ipc.csv"
    until(target.exists, timeout=30)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["patent_id", "scheme", "code", "subclass", "main_group"]
    assert len(rows) > 1000 and {"IPC", "CPC"} <= {row[1] for row in rows[1:]}
    assert page.console_errors() == []


def test_unrecognised_table_is_imported_with_a_column_mapping(page):
    page.open("/data", "#data-active .facts-table")
    _upload(page, FIXTURES / "generic.xlsx")  # a title row, then Pub No., Assignee(s), ...
    until(lambda: "matches no known export" in _text(page, "data-import-status"), timeout=30)
    assert "Not imported yet" in _text(page, "data-import-status")
    until(lambda: "Pub No." in _text(page, "data-mapping"), timeout=10)
    # no one separator for the whole file: each column's is read from its cells
    assert page.js(f"return document.getElementById('{SEPARATOR}').value") == ""
    assert page.url_query() == "?lang=en"
    page.screenshot("data-column-mapping")

    _click(page, "data-map-import")
    until(lambda: "Imported" in _text(page, "data-import-status"), timeout=30)
    until(lambda: "ds=upload-" in page.url_query(), timeout=10)
    until(lambda: "3 patents" in _text(page, "data-active"), timeout=10)
    assert "stated in the export itself" in _text(page, "data-active")  # Assignee country
    assert not list((settings().cache_dir / "incoming").iterdir())
    assert page.console_errors() == []
