"""The Data page in headless Chromium: upload, verdict, keep or discard, paged rejected rows,
dataset switch, deletion, downloads."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES, file_digests, require_shared
from dash.testing.wait import until

from app.config import settings
from app.store import uploads

from .language import chinese_characters, english_words, visible_texts
from .page_checks import check_language_and_widths
from .widths import cut_off

pytestmark = pytest.mark.browser

DATASET_DROPDOWN = '{"name":"ds","type":"param"}'
UPLOAD_INPUT = "#data-upload input[type=file]"
SEPARATOR = "data-sep"
# what an export holds (its file name, its values), written as the file writes it
DATA_COLUMNS = ("value", "field")
DATA_WORDS = frozenset({"espacenet_layered_cathode", "layered", "cathode"})


def _dataset_shown(page) -> str:
    return page.js(f"return document.getElementById('{DATASET_DROPDOWN}').innerText")


def _text(page, element_id: str) -> str:
    return page.js(f"const e = document.getElementById('{element_id}'); return e?.innerText || ''")


def _click(page, element_id: str) -> None:
    # a JavaScript click: the sticky filter bar may cover the button at the test window size
    page.js(f"document.getElementById('{element_id}').click()")


def _upload(page, path: Path) -> None:
    # a new choice replaces the last one, as in a file dialog (keys would add to it)
    page.js(f"document.querySelector('{UPLOAD_INPUT}').value = ''")
    page.driver.find_element("css selector", UPLOAD_INPUT).send_keys(str(path))


def _waiting_in_jobs(name: str) -> list[Path]:
    """Copies of an uploaded file still in an import job (a stored upload's file moves out)."""
    return list((settings().cache_dir / "jobs").glob(f"*/input/**/{name}"))


def _stored_datasets() -> dict[str, dict[str, str]]:
    """Every stored upload and cache entry (the upload index aside), file by file."""
    cache = settings().cache_dir
    stored = {name: file_digests(cache / name) for name in ("uploads", "corpora")}
    stored["uploads"].pop("index.json", None)
    return stored


def test_upload_switches_the_dataset_everywhere(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    assert "Battery patents at the EPO" in _dataset_shown(page)  # the default dataset
    assert page.console_errors() == []

    export = tmp_path / "lens_battery_search.csv"  # Lens variant C, 5 patents
    export.write_bytes((FIXTURES / "lens_variant_c.csv").read_bytes())
    page.driver.find_element("id", "data-label").send_keys("Solid electrolytes, Lens")
    _upload(page, export)
    until(lambda: "Imported:" in _text(page, "data-import-status"), timeout=30)
    assert _text(page, "data-import-status").startswith("Imported: lens_battery_search.csv")
    until(lambda: "ds=upload-" in page.url_query(), timeout=10)
    until(lambda: "Solid electrolytes, Lens" in _dataset_shown(page), timeout=10)
    until(lambda: "5 patents" in _text(page, "data-active"), timeout=10)
    report = _text(page, "data-active-report")
    assert "Green: read cleanly" in report and "Records\t5\trecords are publications" in report
    assert "Active" in _text(page, "data-datasets") and "Delete" in _text(page, "data-datasets")
    assert _waiting_in_jobs(export.name) == []
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
    before = _stored_datasets()
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
    assert "no patent records could be imported" in status
    assert "active dataset is unchanged" in status
    until(lambda: "empty record identifier" in _text(page, "data-upload-rejected-box"), 10)
    rejected = _text(page, "data-upload-rejected-box")
    assert "expected 37 fields, found 4" in rejected and "Lens ID" in rejected
    assert page.url_query() == "?lang=en"
    assert "Battery patents at the EPO" in _dataset_shown(page)
    assert _stored_datasets() == before
    page.screenshot("data-failed-import")
    assert page.console_errors() == []


def test_an_import_with_problems_is_amber_and_every_problem_downloads(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    export = tmp_path / "espacenet_layered_cathode.csv"  # 1 of its 5 IPC values unreadable
    export.write_bytes((FIXTURES / "espacenet.csv").read_bytes())
    _upload(page, export)
    until(lambda: "Imported with problems (amber)" in _text(page, "data-import-status"), 30)
    assert "Amber" in _text(page, "data-upload-report")  # the reasons before the decision
    _click(page, "data-keep-upload")
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
    assert "which column holds what" in _text(page, "data-import-status")
    until(lambda: "Pub No." in _text(page, "data-mapping"), timeout=10)
    # no one separator for the whole file: each column's is read from its cells
    assert page.js(f"return document.getElementById('{SEPARATOR}').value") == ""
    assert page.url_query() == "?lang=en"
    page.screenshot("data-column-mapping")

    _click(page, "data-map-import")
    until(lambda: "Imported:" in _text(page, "data-import-status"), timeout=30)
    until(lambda: "ds=upload-" in page.url_query(), timeout=10)
    until(lambda: "3 patents" in _text(page, "data-active"), timeout=10)
    assert "stated in the export itself" in _text(page, "data-active")  # Assignee country
    assert _waiting_in_jobs("generic.xlsx") == []
    assert page.console_errors() == []


def _with_bad_rows(tmp_path: Path, bad: int) -> Path:
    """The Lens fixture (5 patents) followed by ``bad`` rows of the wrong width."""
    path = tmp_path / "lens_with_bad_rows.csv"
    lines = [f"{n},US,B2,broken row {n}" for n in range(bad)]
    path.write_bytes((FIXTURES / "lens_variant_c.csv").read_bytes() + "\n".join(lines).encode())
    return path


def test_an_import_with_problems_waits_for_keep_and_pages_its_rejected_rows(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    _upload(page, _with_bad_rows(tmp_path, 25))
    until(lambda: "Imported with problems" in _text(page, "data-import-status"), timeout=30)
    assert "25 rows rejected" in _text(page, "data-import-status")
    assert page.url_query() == "?lang=en"  # not active before the user decides
    until(lambda: "broken row 0" in _text(page, "data-upload-rejected-box"), timeout=10)
    shown = _text(page, "data-upload-rejected-box")
    assert "broken row 9" in shown and "broken row 10" not in shown  # one page reached us
    page.js("document.querySelector('#data-upload-rejected .next-page').click()")
    until(lambda: "broken row 10" in _text(page, "data-upload-rejected-box"), timeout=10)
    page.screenshot("data-amber-import")

    _click(page, "data-upload-rejected-csv-button")
    target = Path(page.duo.download_path) / "upload_import_problems.csv"
    until(target.exists, timeout=30)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["kind", "row", "field", "value", "reason"]
    assert [row[0] for row in rows[1:]].count("rejected") == 25

    _click(page, "data-keep-upload")
    until(lambda: "ds=upload-" in page.url_query(), timeout=20)
    until(lambda: "5 patents" in _text(page, "data-active"), timeout=10)
    assert "Rejected rows\t25" in _text(page, "data-active-report")
    assert page.console_errors() == []


def test_discard_and_delete_leave_nothing_behind(page, tmp_path):
    page.open("/data", "#data-active .facts-table")
    cache = settings().cache_dir
    before = _stored_datasets()
    _upload(page, _with_bad_rows(tmp_path, 3))
    until(lambda: "Imported with problems" in _text(page, "data-import-status"), timeout=30)
    _click(page, "data-discard-upload")
    until(lambda: "Discarded" in _text(page, "data-import-status"), timeout=20)
    assert _stored_datasets() == before

    export = tmp_path / "to_delete.csv"
    export.write_bytes((FIXTURES / "lens_variant_c.csv").read_bytes())  # green: active at once
    _upload(page, export)
    until(lambda: "ds=upload-" in page.url_query(), timeout=30)
    dataset = page.url_query().split("ds=")[1].split("&")[0]
    until(lambda: "Delete" in _text(page, "data-datasets"), timeout=10)
    page.js(f'document.getElementById(\'{{"ds":"{dataset}","type":"data-delete"}}\').click()')
    until(lambda: "ds=upload-" not in page.url_query(), timeout=20)  # back to the default
    until(lambda: "to_delete.csv" not in _text(page, "data-datasets"), timeout=10)
    assert not (cache / "uploads" / dataset).exists()
    assert page.console_errors() == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_data_page_reads_in_one_language_and_fits_small_screens(page, tmp_path, language):
    """The page, with an amber import waiting for its decision (the report, its reasons and
    the rejected rows shown), in the reader's language only; it fits 390 and 800 px."""
    page.open(f"/data?lang={language}", "#data-active .facts-table")
    export = tmp_path / "espacenet_layered_cathode.csv"
    export.write_bytes((FIXTURES / "espacenet.csv").read_bytes())
    _upload(page, export)
    until(lambda: page.js("return !!document.getElementById('data-keep-upload')"), 30)
    until(lambda: _text(page, "data-upload-report"), 30)
    check_language_and_widths(
        page, f"data-{language}", language, data_columns=DATA_COLUMNS, allowed=DATA_WORDS
    )
    _click(page, "data-discard-upload")
    assert page.console_errors() == []


# an import held at a stage, as its progress display words it
HELD = {
    "en": {
        "label": "Import progress",
        "reading": ("Reading the file", "cannot be measured"),
        "assembling": ("Checking and assembling records", "123,456 rows read"),
    },
    "zh": {
        "label": "导入进度",
        "reading": ("读取文件", "无法测量读取进度"),
        "assembling": ("检查并整理记录", "已读取 123,456 行"),
    },
}
_PROGRESS = "#data-import-status .import-progress"


def _progress_shown(page) -> dict | None:
    """The progress display's bar, marked step, step states and time so far (None: gone)."""
    return page.js(
        f"const box = document.querySelector('{_PROGRESS}'); if (!box) return null;"
        "const bar = box.querySelector('progress');"
        "const current = box.querySelector('li[aria-current=step] .import-step-label');"
        "return {bar: [bar.hasAttribute('value') ? bar.value : null, bar.max,"
        "              bar.getAttribute('aria-label')],"
        "        current: current ? current.innerText : null,"
        "        states: [...box.querySelectorAll('.import-step')].map(li => li.className),"
        "        elapsed: box.querySelector('.import-elapsed').innerText,"
        "        text: box.innerText};"
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_running_import_shows_how_far_it_has_got_until_its_verdict(
    page, tmp_path, monkeypatch, language
):
    """An import held at a stage (its job is made, no child reads it: the test writes the
    progress file the child would) shows the three stages with the current one marked:
    reading, with a bar that moves without a value (a read gives no measure); then
    assembling, with 123,456 rows read in the language's digits, the bar at one of three
    and a running time, fitting 390 px. Once the job has a result, the verdict replaces
    it."""
    held = []

    def start_held(files, owner, options, *, quota=True):
        folder = uploads._new_job(files, owner, options, quota)
        (folder / "progress.json").write_text(json.dumps({"stage": "reading", "rows": None}))
        held.append(folder)
        return folder.name

    def write(folder: Path, name: str, record: dict) -> None:
        (folder / f".{name}").write_text(json.dumps(record))
        os.replace(folder / f".{name}", folder / name)  # as the child writes: whole or not

    monkeypatch.setattr(uploads, "start_import", start_held)
    page.open(f"/data?lang={language}", "#data-active .facts-table")
    export = tmp_path / "big_lens_export.csv"
    export.write_bytes((FIXTURES / "lens_variant_c.csv").read_bytes())
    _upload(page, export)
    until(lambda: _progress_shown(page) is not None, timeout=20)
    words = HELD[language]
    reading = _progress_shown(page)
    assert reading["bar"] == [None, 3, words["label"]]  # indeterminate: no value
    assert reading["current"] == words["reading"][0] and words["reading"][1] in reading["text"]
    assert reading["states"][0] == "import-step import-step-current"
    page.screenshot(f"data-import-reading-{language}-390", width=390)

    (folder,) = held
    write(folder, "progress.json", {"stage": "assembling", "rows": 123456})
    until(lambda: _progress_shown(page)["current"] == words["assembling"][0], timeout=10)
    shown = _progress_shown(page)
    assert shown["bar"] == [1, 3, words["label"]]  # the first of three stages passed
    assert shown["states"] == [
        "import-step import-step-done",
        "import-step import-step-current",
        "import-step import-step-todo",
    ]
    assert words["assembling"][1] in shown["text"]
    until(lambda: _progress_shown(page)["elapsed"] != shown["elapsed"], 10)  # time so far
    texts = visible_texts(page, "#data-import-status", language)
    if language == "zh":
        assert english_words(texts) == set() and chinese_characters(texts) > 20
    else:
        assert chinese_characters(texts) == 0
    assert cut_off(page, 390) == []
    page.screenshot(f"data-import-progress-{language}-390", width=390)
    page.set_width(1366)
    page.screenshot(f"data-import-progress-{language}")

    write(folder, "result.json", {"verdict": "red", "problem": "held by the test"})
    until(lambda: _progress_shown(page) is None, timeout=10)
    refused = {"en": "Import refused (red)", "zh": "导入被拒绝（红色）"}[language]
    assert _text(page, "data-import-status").startswith(refused)
    assert page.console_errors() == []
