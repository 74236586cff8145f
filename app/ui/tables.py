"""Tables with a CSV download whose cells are safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import MATCH, Input, Output, State, callback, dash_table, dcc, html

from app.services import view_filters
from app.ui import ids
from app.ui.charts import FONT, download_name

__all__ = [
    "csv_download",
    "csv_safe",
    "data_table",
    "numeric_column",
    "table_columns",
    "table_id",
    "table_rows",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas (OWASP CSV injection).

    Text starting with = + - @ tab or CR gets a leading apostrophe; numbers are untouched.

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"a": ["=1+1", "ok", "-x"], "n": [-1, 2, 3]}))["a"].tolist()
    ["'=1+1", 'ok', "'-x"]
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.astype("string")
            risky = text.str.startswith(_FORMULA_START).fillna(False)
            out[column] = values.where(~risky, "'" + text)
    return out


def numeric_column(name: str, column: str, specifier: str) -> dict:
    """A DataTable column spec for numbers shown with d3-format ``specifier``.

    >>> numeric_column("Patents", "patents", ",d")["format"]
    {'specifier': ',d'}
    """
    return {"name": name, "id": column, "type": "numeric", "format": {"specifier": specifier}}


def table_columns(headers: dict[str, str | tuple[str, str | None]]) -> list[dict]:
    """DataTable column specs from ``{column: header}``, in order; a number column's value is
    ``(header, d3-format specifier)``, or ``(header, None)`` for the default format.

    >>> table_columns({"name": "Applicant", "patents": ("Patents", ",d"), "n": ("N", None)})
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'name': 'Applicant', 'id': 'name'},
     {'name': 'Patents', 'id': 'patents', 'type': 'numeric', 'format': {'specifier': ',d'}},
     {'name': 'N', 'id': 'n', 'type': 'numeric'}]
    """
    columns = []
    for column, header in headers.items():
        if isinstance(header, str):
            columns.append({"name": header, "id": column})
        elif header[1] is None:
            columns.append({"name": header[0], "id": column, "type": "numeric"})
        else:
            columns.append(numeric_column(header[0], column, header[1]))
    return columns


def table_rows(frame: pd.DataFrame) -> list[dict]:
    """A DataTable's ``data``: one dict per row, missing values as None (JSON null).

    >>> table_rows(pd.DataFrame({"a": [1.5, float("nan")]}))
    [{'a': 1.5}, {'a': None}]
    """
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def table_id(name: str) -> dict:
    """Component id of table ``name`` (pattern-matched by the CSV download callback)."""
    return {"type": "table", "name": name}


def data_table(
    name: str,
    columns: list[dict],
    page_size: int = 15,
    part_id: Callable[[str], dict] | None = None,
    **kwargs,
) -> html.Div:
    """A sortable, filterable DataTable with a "Download CSV" button below it.

    ``columns`` are DataTable column specs; rows arrive through a page callback on
    ``table_id(name)``'s ``data`` (or as ``data=`` here, for a table that does not
    depend on the filters). The CSV carries every row, not only the visible page.
    A composite component that owns its tables passes ``part_id`` (part -> component id
    of "table", "csv-button" and "csv-download") and answers the button itself with
    :func:`csv_download`. Keyword arguments go to the DataTable and override the defaults.
    """
    part_id = part_id or (lambda part: {"type": part, "name": name})
    options = {
        "data": [],
        "page_size": page_size,
        "sort_action": "native",
        "filter_action": "native",
        "style_as_list_view": True,
        "style_table": {"overflowX": "auto"},
        "style_cell": {
            "fontFamily": FONT,
            "fontSize": 13,
            "padding": "4px 8px",
            "textAlign": "left",
            "maxWidth": 420,
            "whiteSpace": "normal",
        },
        "style_header": {"fontWeight": 600, "backgroundColor": "#f3f5f8"},
    }
    return html.Div(
        [
            dash_table.DataTable(id=part_id("table"), columns=columns, **(options | kwargs)),
            html.Button(
                "Download CSV",
                id=part_id("csv-button"),
                className="btn btn-outline-primary btn-sm mt-2",
            ),
            dcc.Download(id=part_id("csv-download")),
        ],
        className="table-card",
    )


@callback(
    Output({"type": "csv-download", "name": MATCH}, "data"),
    Input({"type": "csv-button", "name": MATCH}, "n_clicks"),
    State({"type": "table", "name": MATCH}, "data"),
    State({"type": "table", "name": MATCH}, "columns"),
    State({"type": "table", "name": MATCH}, "id"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def download_table_csv(_clicks, rows, columns, component_id, view):
    """Send the table's rows as CSV (see :func:`csv_download`)."""
    return csv_download(rows, columns, component_id["name"], view)


def csv_download(rows: list[dict] | None, columns: list[dict], name: str, view: dict | None):
    """A table's rows as a CSV download, columns in display order with their header names,
    in a file named after ``name`` and the view's filters."""
    frame = pd.DataFrame(rows or [], columns=[c["id"] for c in columns])
    frame.columns = [
        c["name"] if isinstance(c["name"], str) else " ".join(c["name"]) for c in columns
    ]
    return dcc.send_data_frame(
        csv_safe(frame).to_csv,
        download_name(name, "", view_filters(view)[1].key()) + ".csv",
        index=False,
    )
