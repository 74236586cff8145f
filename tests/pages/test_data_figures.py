import pandas as pd

from app.ingest.schema import ImportReport, Rejection
from app.pages.data.figures import (
    csv_frame,
    dataset_list_view,
    import_status,
    rejected_rows,
    report_view,
)
from app.store.corpora import DatasetInfo


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


def test_a_failed_import_says_what_failed_and_that_nothing_changed():
    report = _report(
        error="my list.csv: no patent records could be imported",
        rejected=[Rejection(2, "Lens ID", "empty record identifier")],
    )
    status = _text(import_status(report, None))
    assert "Import refused (red)" in status and "no patent records" in status
    assert "active dataset is unchanged" in status
    assert "Red: refused" in _text(report_view(report))
    assert rejected_rows(report) == [
        {"row": 2, "field": "Lens ID", "reason": "empty record identifier", "value": ""}
    ]


def test_a_successful_import_names_the_file_and_counts():
    report = _report(
        patents=3, applicants=3, unit="publication", year_min=2020, year_max=2021, rows_read=3
    )
    status = _text(import_status(report, "upload-abc"))
    assert status.startswith("Imported: ")
    assert "my list.csv as Lens.org patent CSV: 3 publications from 3 rows" in status
    assert "Green: read cleanly" in _text(report_view(report))


def test_an_amber_import_is_never_worded_as_a_success():
    report = _report(
        patents=2,
        applicants=2,
        year_min=2020,
        year_max=2020,
        rejected=[Rejection(3, "(row)", "expected 37 fields, found 4")],
    )
    status = _text(import_status(report, "upload-abc"))
    assert status.startswith("Imported with problems (amber)")
    assert "1 rows rejected" in status and "read the reasons" in status
    view = _text(report_view(report))
    assert "Amber" in view and "1 of 3 rows (33.3%) were rejected: more than 1%." in view
    assert "Rows read 3" in view and "Rejected rows 1 33.3%" in view


def test_dataset_list_offers_make_active_only_where_it_can():
    infos = [
        DatasetInfo("lens-battery", "Lens", "lens", "/d/raw.csv", True, True, patents=797),
        DatasetInfo("ops-hydrogen", "OPS", "ops-flat", "/d/ops.csv", True, False),
        DatasetInfo("upload-1", "Mine", "generic", "mine.xlsx", False, True, patents=3),
    ]
    table = dataset_list_view(infos, active="upload-1")
    rows = table.children[1].children
    buttons = [
        cell.children.id["ds"]
        for row in rows
        for cell in row.children
        if isinstance(getattr(cell.children, "id", None), dict)
    ]
    assert buttons == ["lens-battery"]  # not the missing one, not the active one
    assert "source missing" in _text(rows[1]) and "Active" in _text(rows[2])


def test_csv_frame_guards_categorical_cells_too():
    frame = pd.DataFrame(
        {"jurisdiction": pd.Series(["=cmd|x", "US"], dtype="category"), "n": [1, -2]}
    )
    out = csv_frame(frame)
    assert out["jurisdiction"].tolist() == ["'=cmd|x", "US"] and out["n"].tolist() == [1, -2]
