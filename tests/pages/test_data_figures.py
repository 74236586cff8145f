import pandas as pd

from app.ingest.schema import ImportReport, Rejection
from app.ingest.uploads import MappingChoices
from app.pages.data.figures import csv_frame, dataset_list_view, import_outcome, report_view
from app.store.corpora import DatasetInfo
from app.store.uploads import ImportState


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
    assert "Not imported" in status and "no patent records" in status
    assert "Nothing has changed" in status
    limit = _state("red", problem="my list.csv needs more than 2,048 MB of memory to read")
    assert "2,048 MB of memory" in _text(import_outcome(limit))
    choices = MappingChoices(["Pub No."], {}, ";")
    assert "which column holds what" in _text(
        import_outcome(_state("red", report, choices=choices))
    )


def test_a_green_import_is_active_and_an_amber_one_waits():
    report = _report(patents=2, rejected=[Rejection(3, "(row)", "expected 37 fields, found 4")])
    green = _text(import_outcome(_state("green", report, rejected_total=1, dataset_id="upload-a")))
    assert "my list.csv" in green and "2 patents from 3 rows, 1 rows rejected" in green
    assert "now the active dataset" in green
    amber = _text(import_outcome(_state("amber", report, rejected_total=1, dataset_id="upload-a")))
    assert "Imported with problems" in amber and "keep it or discard it" in amber
    table = _text(report_view(report, rejected_total=40_000))
    assert "Rows read 3" in table and "Rejected rows 40,000" in table


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
