import pandas as pd

from app.i18n import use_language
from app.ingest.schema import ImportReport, Rejection
from app.ingest.uploads import MappingChoices
from app.pages.data.figures import (
    csv_frame,
    dataset_list_view,
    import_outcome,
    progress_view,
    report_view,
)
from app.store.corpora import DatasetInfo
from app.store.uploads import ImportProgress, ImportState


def _text(component) -> str:
    """All text under a Dash component."""
    if isinstance(component, str | int | float):
        return str(component)
    if component is None:
        return ""
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        return " ".join(_text(c) for c in children)
    return _text(children)


def _report(**kwargs) -> ImportReport:
    base = {"file": "/tmp/incoming/ab12/my list.csv", "format": "lens", "rows_read": 3}
    return ImportReport(**(base | kwargs))


def _state(verdict, report=None, **kwargs) -> ImportState:
    base = {"name": "my list.csv", "done": True, "verdict": verdict, "report": report}
    return ImportState(**(base | kwargs))


def test_a_refused_import_says_why_and_that_nothing_changed():
    report = _report(error="my list.csv: no patent records could be imported")
    status = _text(import_outcome(_state("red", report)))
    assert "Import refused (red)" in status and "no patent records" in status
    assert "active dataset is unchanged" in status
    limit = _state("red", problem="my list.csv needs more than 2,048 MB of memory to read")
    assert "2,048 MB of memory" in _text(import_outcome(limit))
    choices = MappingChoices(["Pub No."], {}, ";")
    assert "which column holds what" in _text(
        import_outcome(_state("red", report, choices=choices))
    )
    assert "Red: refused" in _text(report_view(report))


def test_a_green_import_names_the_file_and_counts_and_is_active():
    report = _report(
        patents=3, applicants=3, unit="publication", year_min=2020, year_max=2021, rows_read=3
    )
    status = _text(import_outcome(_state("green", report, dataset_id="upload-abc")))
    assert status.startswith("Imported: ")
    assert "my list.csv as Lens.org patent CSV: 3 publications from 3 rows" in status
    assert "now the active dataset" in status
    assert "Green: read cleanly" in _text(report_view(report))


def test_an_amber_import_is_never_worded_as_a_success_and_waits():
    report = _report(
        patents=2,
        applicants=2,
        year_min=2020,
        year_max=2020,
        rejected=[Rejection(3, "(row)", "expected 37 fields, found 4")],
    )
    status = _text(import_outcome(_state("amber", report, dataset_id="upload-abc")))
    assert status.startswith("Imported with problems (amber)")
    assert "1 row rejected, 0 warnings" in status and "Read the reasons" in status
    assert "keep it or discard it" in status
    view = _text(report_view(report))
    assert "Amber" in view and "1 of 3 rows (33.3%) were rejected: more than 1%." in view
    assert "Rows read 3" in view and "Rejected rows 1 33.3%" in view


def test_a_stored_report_counts_every_rejected_row_not_only_those_it_keeps():
    kept = [Rejection(3, "(row)", "expected 37 fields, found 4")]
    report = _report(rows_read=50_000, patents=10_000, rejected=kept, rejected_total=40_000)
    view = _text(report_view(report))
    assert "Rejected rows 40,000" in view and report.verdict == "amber"
    assert "40,000 of 50,000 rows (80.0%) were rejected" in view


def test_dataset_list_offers_make_active_only_where_it_can():
    infos = [
        DatasetInfo("lens-battery", "Lens", "lens", "/d/raw.csv", True, True, patents=797),
        DatasetInfo("ops-hydrogen", "OPS", "ops-flat", "/d/ops.csv", True, False),
        DatasetInfo("upload-1", "Mine", "generic", "mine.xlsx", False, True, patents=3),
    ]
    table = dataset_list_view(infos, active="upload-1")
    rows = table.children[1].children
    buttons = [
        button.id["ds"]
        for row in rows
        for button in row.children[-1].children
        if isinstance(getattr(button, "id", None), dict)
    ]
    assert buttons == ["lens-battery"]  # not the missing one, not the active one
    assert "source missing" in _text(rows[1]) and "Active" in _text(rows[2])


def test_own_uploads_can_be_deleted_and_pending_ones_kept_or_discarded():
    infos = [
        DatasetInfo("lens-battery", "Lens", "lens", "/d/raw.csv", True, True, patents=797),
        DatasetInfo("upload-1", "Mine", "lens", "a.csv", False, True, patents=3, deletable=True),
        DatasetInfo("upload-2", "Team", "lens", "b.csv", False, True, patents=3),
        DatasetInfo("upload-3", "Odd", "lens", "c.csv", False, True, deletable=True, pending=True),
    ]
    rows = dataset_list_view(infos, active="lens-battery").children[1].children
    kinds = [
        [button.id["type"] for button in row.children[-1].children if hasattr(button, "id")]
        for row in rows
    ]
    assert kinds == [
        [],
        ["data-activate", "data-delete"],
        ["data-activate"],  # shared with everyone: not this browser's to delete
        ["data-keep", "data-delete"],
    ]


def test_csv_frame_guards_categorical_cells_too():
    frame = pd.DataFrame(
        {"jurisdiction": pd.Series(["=cmd|x", "US"], dtype="category"), "n": [1, -2]}
    )
    out = csv_frame(frame)
    assert out["jurisdiction"].tolist() == ["'=cmd|x", "US"] and out["n"].tolist() == [1, -2]


def _bar_and_steps(view) -> tuple[dict, list[str]]:
    _head, bar, steps, _note = view.children
    props = {k: v for k, v in bar.to_plotly_json()["props"].items() if k in ("value", "max")}
    return props, [li.className.split()[-1] for li in steps.children]


def test_a_running_import_shows_its_stage_and_no_made_up_percentage():
    queued = progress_view("big.csv", ImportProgress(None, None, 3))
    assert _bar_and_steps(queued) == ({"max": 3}, ["import-step-todo"] * 3)
    assert "Waiting to start" in _text(queued)
    reading = progress_view("big.csv", ImportProgress("reading", None, 12.4))
    bar, steps = _bar_and_steps(reading)
    assert bar == {"max": 3}  # no value: the bar moves without claiming how far
    assert steps == ["import-step-current", "import-step-todo", "import-step-todo"]
    assert "cannot be measured" in _text(reading) and "12 s so far" in _text(reading)
    storing = progress_view("big.csv", ImportProgress("storing", 1234567, 125))
    assert _bar_and_steps(storing) == (
        {"value": 2, "max": 3},
        ["import-step-done", "import-step-done", "import-step-current"],
    )
    assert "1,234,567 rows read; storing" in _text(storing)
    assert "2 min 5 s so far" in _text(storing)
    with use_language("zh"):
        assembling = _text(progress_view("big.csv", ImportProgress("assembling", 123456, 61)))
    assert "已读取 123,456 行" in assembling and "已用时 1 分 1 秒" in assembling
