"""Tables with a CSV download whose cells are safe to open in a spreadsheet, rounded as shown
and with units in the headers; their sort is kept in the URL (``urlstate.SORT``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import dash
import pandas as pd
from dash import (
    ALL,
    MATCH,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    dash_table,
    dcc,
    html,
)

from app.i18n import _
from app.services import view_filters
from app.ui import ids
from app.ui.charts import FONT, download_name

__all__ = [
    "csv_download",
    "csv_frame",
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


def _decimals(specifier: str) -> int | None:
    """Decimals a d3-format ``specifier`` shows (None: not a fixed-point format).

    >>> _decimals(",d"), _decimals(".4f"), _decimals(",.0f"), _decimals(".1%"), _decimals("")
    (0, 4, 0, 1, None)
    """
    found = re.search(r"\.(\d+)[f%]$", specifier)
    if found:
        return int(found.group(1))
    return 0 if specifier.endswith("d") else None


def csv_frame(rows: list[dict] | None, columns: list[dict]) -> pd.DataFrame:
    """A table's rows as the CSV carries them: columns in display order under their header
    names, numbers rounded as the table shows them, shares as percentages with "(%)" in
    the header.

    >>> columns = [numeric_column("Share", "s", ".1%"), numeric_column("Eig", "e", ".4f"),
    ...            {"name": "Name", "id": "n"}]
    >>> csv_frame([{"s": 0.12345, "e": 784.1734567, "n": "CATL"}], columns).to_dict("records")
    [{'Share (%)': 12.3, 'Eig': 784.1735, 'Name': 'CATL'}]
    """
    frame = pd.DataFrame(rows or [], columns=[c["id"] for c in columns])
    headers = []
    for column in columns:
        name = column["name"] if isinstance(column["name"], str) else " ".join(column["name"])
        specifier = (column.get("format") or {}).get("specifier", "")
        digits = _decimals(specifier) if column.get("type") == "numeric" else None
        if digits is not None:
            values = pd.to_numeric(frame[column["id"]], errors="coerce")
            if specifier.endswith("%"):
                values, name = values * 100, _("{header} (%)").format(header=name)
            values = values.round(digits)
            frame[column["id"]] = values.astype("Int64") if digits == 0 else values
        headers.append(name)
    frame.columns = headers
    return frame


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
        "filter_options": {"placeholder_text": _("Filter…"), "case": "insensitive"},
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
                _("Download CSV"),
                id=part_id("csv-button"),
                className="btn btn-outline-primary btn-sm mt-2",
                title=_("Every row of the table, as a spreadsheet file"),
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
    dataset, filters = view_filters(view)
    return dcc.send_data_frame(
        csv_safe(csv_frame(rows, columns)).to_csv,
        download_name(name, "", filters, dataset) + ".csv",
        index=False,
    )


# A table sorted by a click keeps its sort in the URL, and a link with a sort sorts its
# table (the network explorer's tables too: their ids are its own).
_EXPLORER_TABLES = {
    "component": "NetworkExplorerAIO",
    "subcomponent": "table",
    "aio_id": ALL,
    "table": ALL,
}

dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="sortToUrl"),
    Output(ids.URL, "search", allow_duplicate=True),
    Input(table_id(ALL), "sort_by"),
    Input(_EXPLORER_TABLES, "sort_by"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)

dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="sortFromUrl"),
    Output(table_id(ALL), "sort_by"),
    Output(_EXPLORER_TABLES, "sort_by"),
    Input(ids.DETAIL, "data"),
    State(table_id(ALL), "sort_by"),
    State(_EXPLORER_TABLES, "sort_by"),
)
