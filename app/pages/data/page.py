"""Data: import a patent export, read its report, switch datasets, download the tables.

How an upload travels:

1. dcc.Upload reads the file(s) in the browser. A clientside guard (``ev.guardUpload``)
   checks the total size against the upload limit first and, if too large, drops the
   contents and says so, so an oversized file is never posted to the server.
2. The server callback decodes the files, checks type (extension and first bytes) and
   size (:func:`app.ingest.uploads.check_upload`) before any parsing, writes them under
   ``<cache_dir>/incoming/<token>`` and imports them with
   :func:`app.store.corpora.import_file`, which keeps its own copy of a success. The
   staged copy is then deleted, and the browser's copy of the contents cleared; the corpus
   itself stays on the server (the page keeps only a dataset id and, while a column
   mapping is being filled in, the staging token).
3. On success the page writes ``ids.DATASETS_SIGNAL``; the shell's URL sync callback
   refreshes the Dataset dropdown's options and switches to the new dataset in the same
   response (so the value never arrives before its option), with a history entry.
   "Make active" in the dataset list uses the same signal.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import time
import zipfile

import dash
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)
from dash.exceptions import PreventUpdate

from app import services
from app.analysis.filters import Filters
from app.config import settings
from app.i18n import N_, _
from app.ingest.importer import FORMATS, detect_format
from app.ingest.readers.generic import FIELDS
from app.ingest.report import problems_frame
from app.ingest.schema import ImportReport
from app.ingest.table import InputError
from app.ingest.uploads import check_upload, mapping_choices
from app.pages.data.figures import (
    FORMAT_CHOICES,
    active_dataset_view,
    csv_frame,
    dataset_list_view,
    import_status,
    mapping_dropdown,
    rejected_rows,
    report_view,
)
from app.store import corpora, incoming
from app.ui import ids
from app.ui.blocks import page_title
from app.ui.tables import data_table, table_id

dash.register_page(__name__, path="/data", name=N_("Data"), order=6, title=page_title(N_("Data")))

UPLOAD = "data-upload"
TICKET = "data-upload-ticket"  # written by the clientside size guard
LIMIT = "data-upload-limit"
FORMAT = "data-format"
LABEL = "data-label"
STATUS = "data-import-status"
STAGED = "data-staged"  # {"token", "name"} of a file waiting for its column mapping
MAPPING_BOX = "data-mapping"
MAPPING_INTRO = "data-mapping-intro"
SEP = "data-sep"
MAP_IMPORT = "data-map-import"
UPLOAD_REPORT = "data-upload-report"
UPLOAD_REJECTED = "data-upload-rejected"
UPLOAD_REJECTED_BOX = "data-upload-rejected-box"
ACTIVE_INFO = "data-active"
ACTIVE_REPORT = "data-active-report"
ACTIVE_REJECTED = "data-rejected"
ACTIVE_REJECTED_BOX = "data-rejected-box"
DATASET_LIST = "data-datasets"
DOWNLOAD = "data-download"
DOWNLOAD_BUTTONS = {
    "data-dl-patents": "patents",
    "data-dl-applicants": "applicants",
    "data-dl-ipc": "ipc",
    "data-dl-aliases": "aliases",
    "data-dl-parquet": "parquet",
    "data-dl-problems": "problems",
}
AUTO = "auto"
log = logging.getLogger(__name__)
HIDDEN = {"display": "none"}

_REJECTED_COLUMNS = [
    {"name": "Row", "id": "row", "type": "numeric"},
    {"name": "Field", "id": "field"},
    {"name": "Reason", "id": "reason"},
    {"name": "Value", "id": "value"},
]


def _formats_guide() -> html.Details:
    """What each supported export is and how to get it (open by default, short)."""
    items = [
        ("Lens.org", _("patent search, Export, CSV (the 2017 to current column layouts).")),
        (
            "Espacenet",
            _(
                "result list, Download, CSV, in the English, German or French interface; "
                "applicant countries come with it."
            ),
        ),
        (
            _("EPO linked data"),
            _("one row per publication, applicant and CPC code; grouped per application."),
        ),
        ("Google Patents", _("result page, Download (CSV).")),
        (
            "BigQuery",
            _(
                "patents-public-data query results, CSV or JSON (the recipe is in "
                "docs/bigquery.md)."
            ),
        ),
        ("incoPat", _("XLSX or CSV with its Chinese column names.")),
        ("Derwent", _("Derwent Innovation CSV/XLSX, or Derwent Innovations Index text.")),
        (
            "PatentsView",
            "g_patent.tsv(.zip), plus any of g_application, g_assignee_disambiguated, "
            "g_location_disambiguated, g_ipc_at_issue, g_cpc_current: select them together, "
            "or one zip holding them.",
        ),
        ("EPO OPS flat CSV", "one row per publication, multi-values split on ';'."),
        (
            _("Anything else"),
            _(
                'CSV or XLSX (PatSnap, your own list): choose "Any CSV or XLSX" and say which '
                "column holds what; several rows per record are merged."
            ),
        ),
    ]
    return html.Details(
        [
            html.Summary("What you can upload"),
            html.Ul([html.Li([html.Strong(name + ": "), text]) for name, text in items]),
            html.P(
                _(
                    "Set the name and the format before choosing the file. Every import gets "
                    "a report and a verdict: green (read cleanly), amber (read with problems: "
                    "read the reasons before you use it) or red (refused: nothing is imported "
                    "and the active dataset stays as it is). Every rejected row and warning "
                    "is listed with its row, field and value."
                ),
                className="source-note",
            ),
        ],
        open=True,
        className="formats-guide",
    )


def _upload_panel() -> html.Div:
    limit_mb = settings().max_upload_bytes / 2**20
    return html.Div(
        [
            html.H3("Import a patent export"),
            dcc.Upload(
                id=UPLOAD,
                multiple=True,
                children=html.Div(
                    [
                        html.Div(
                            ["Drag a file here or ", html.A("choose one", className="link")],
                            className="upload-main",
                        ),
                        html.Div(
                            f"CSV, TSV, TXT, XLSX or ZIP, up to {limit_mb:,.0f} MB. "
                            "PatentsView: select all g_*.tsv(.zip) tables at once.",
                            className="upload-hint",
                        ),
                    ]
                ),
                className="upload-zone",
                className_active="upload-zone upload-zone-active",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label("Format", htmlFor=FORMAT),
                            dcc.Dropdown(
                                id=FORMAT,
                                options=[{"label": "Recognise from the header", "value": AUTO}]
                                + [{"label": FORMAT_CHOICES[f], "value": f} for f in FORMATS],
                                value=AUTO,
                                clearable=False,
                            ),
                        ],
                        className="control-format",
                    ),
                    html.Div(
                        [
                            html.Label("Name in the dataset list (optional)", htmlFor=LABEL),
                            dcc.Input(
                                id=LABEL,
                                type="text",
                                maxLength=120,
                                placeholder="e.g. Lens search: solid-state electrolytes",
                                className="form-control form-control-sm",
                            ),
                        ],
                        className="control-label",
                    ),
                ],
                className="controls upload-controls",
            ),
            dcc.Loading(html.Div(id=STATUS), type="dot"),
            html.Div(id=UPLOAD_REPORT),
            html.Div(
                [
                    html.Div("Rejected rows of this file", className="facts-heading"),
                    data_table(UPLOAD_REJECTED, _REJECTED_COLUMNS, page_size=8),
                ],
                id=UPLOAD_REJECTED_BOX,
                style=HIDDEN,
            ),
            html.Div(
                [
                    html.Div(id=MAPPING_INTRO, className="mapping-intro"),
                    html.Div([mapping_dropdown(f) for f in FIELDS], className="mapping-grid"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Label("Separator inside multi-value cells", htmlFor=SEP),
                                    dcc.Input(
                                        id=SEP,
                                        type="text",
                                        value="",
                                        placeholder=_("each column's own"),
                                        maxLength=3,
                                        className="form-control form-control-sm sep-input",
                                    ),
                                ]
                            ),
                            html.Button(
                                "Import with this mapping",
                                id=MAP_IMPORT,
                                className="btn btn-primary btn-sm",
                            ),
                        ],
                        className="controls mapping-actions",
                    ),
                ],
                id=MAPPING_BOX,
                className="mapping-box",
                style=HIDDEN,
            ),
            _formats_guide(),
            dcc.Store(id=TICKET),
            dcc.Store(id=STAGED),
            dcc.Store(id=LIMIT, data=settings().max_upload_bytes),
        ],
        className="panel",
    )


def _downloads() -> html.Div:
    labels = {
        "data-dl-patents": "Patents (CSV)",
        "data-dl-applicants": "Applicants (CSV)",
        "data-dl-ipc": "IPC / CPC codes (CSV)",
        "data-dl-parquet": "All three (Parquet, zip)",
        "data-dl-aliases": "Applicant alias table (CSV)",
        "data-dl-problems": _("Rejected rows and warnings (CSV)"),
    }
    return html.Div(
        [
            html.H3("Download the active dataset"),
            html.Div(
                [
                    html.Button(text, id=button, className="btn btn-outline-primary btn-sm")
                    for button, text in labels.items()
                ],
                className="download-row",
            ),
            dcc.Download(id=DOWNLOAD),
            html.P(
                "The normalised tables every page reads: one row per patent; one per patent "
                "and applicant (raw name, normalised name, country and how it is known, kind); "
                "one per patent and classification code. Cells that a spreadsheet would run "
                "as a formula are prefixed with an apostrophe.",
                className="source-note",
            ),
            html.Div("Correcting and extending applicant names", className="facts-heading"),
            html.P(
                [
                    "The alias table lists every applicant spelling in this dataset (",
                    html.Code("alias"),
                    ") with the ",
                    html.Code("name"),
                    ", ",
                    html.Code("country"),
                    " and ",
                    html.Code("kind"),
                    " the dashboard used, how many patents name it, and in ",
                    html.Code("note"),
                    " where the country came from. To fix or add an applicant, copy its row into ",
                    html.Code("data/applicant_aliases.csv"),
                    " (columns ",
                    html.Code("alias,name,country,kind,note"),
                    "; country a two-letter ISO code; kind one of firm, university, research "
                    "institute, government, individual), correct it, and say in note where "
                    "you found it. Spellings that differ only in case, punctuation or legal "
                    "form (CO LTD, INC, GMBH) already match, so one row per spelling is "
                    "enough. After a restart every dataset is rebuilt with the new table "
                    "(its cache is keyed on the table's content).",
                ],
                className="source-note",
            ),
        ],
        className="panel",
    )


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1("Data", className="page-title"),
            html.P(
                "Load your own patent export and every page analyses it; see what was read "
                "and what was rejected; switch datasets; download the normalised tables and "
                "the applicant alias table.",
                className="page-lead",
            ),
            html.Div(
                [
                    _upload_panel(),
                    html.Div(
                        [html.H3("Active dataset"), html.Div(id=ACTIVE_INFO)],
                        className="panel",
                    ),
                ],
                className="grid-1-1",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.H3("Import report of the active dataset"),
                            html.Div(id=ACTIVE_REPORT),
                            html.Div(
                                [
                                    html.Div("Rejected rows", className="facts-heading"),
                                    data_table(ACTIVE_REJECTED, _REJECTED_COLUMNS, page_size=8),
                                ],
                                id=ACTIVE_REJECTED_BOX,
                                style=HIDDEN,
                            ),
                        ],
                        className="panel",
                    ),
                    _downloads(),
                ],
                className="grid-1-1 section-gap",
            ),
            html.H2("All datasets", className="section-title"),
            html.Div(html.Div(id=DATASET_LIST), className="panel"),
        ]
    )


clientside_callback(
    ClientsideFunction(namespace="ev", function_name="guardUpload"),
    Output(TICKET, "data"),
    Output(UPLOAD, "contents"),
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(LIMIT, "data"),
    prevent_initial_call=True,
)


def _decode(contents: list[str], names: list[str]) -> list[tuple[str, bytes]]:
    """(name, bytes) of each data URL ``data:<type>;base64,<data>``."""
    files = []
    for name, url in zip(names, contents, strict=True):
        payload = (url or "").partition(",")[2]
        try:
            files.append((name, base64.b64decode(payload, validate=True)))
        except (binascii.Error, ValueError):
            raise InputError(f"{name}: the upload arrived damaged; try again") from None
    return files


def _result(
    status,
    *,
    report=None,
    rejected: list[dict] | None = None,
    mapping: tuple[list[str], dict[str, str], str] | None = None,
    intro=None,
    staged=None,
    activate: str | None = None,
) -> dict:
    """Every output of the import callback, with defaults for an outcome that has no mapping."""
    if mapping is not None:
        columns, guess, sep = mapping
        options = [{"label": c, "value": c} for c in columns]
        map_options = [options for _field in FIELDS]
        map_values = [guess.get(f) for f in FIELDS]
    else:
        map_options = map_values = [no_update for _field in FIELDS]
        sep = no_update
    return {
        "status": status,
        "report": report_view(report) if report is not None and report.rows_read else None,
        "rejected": rejected or [],
        "rejected_style": {} if rejected else HIDDEN,
        "mapping_style": {} if mapping is not None else HIDDEN,
        "intro": intro,
        "map_options": map_options,
        "map_values": map_values,
        "sep": sep,
        "staged": staged,
        "signal": {"activate": activate, "nonce": time.time()} if activate else no_update,
        "label": "" if activate else no_update,  # the next upload gets its own name
        "contents": None,
    }


def _failure(message: str) -> dict:
    return _result(
        html.Div(
            [html.Strong("Import failed: "), message, ". The active dataset is unchanged."],
            className="message message-error",
            role="alert",
        )
    )


def _import(path, fmt, label, original, *, mapping=None, sep=None):
    report, dataset_id = corpora.import_file(
        path, fmt, label or None, mapping=mapping, sep=sep or None, original=original
    )
    if dataset_id is not None:
        services.dataset_summary.cache_clear()  # a re-import may have relabelled it
    return report, dataset_id


def _receive(ticket, contents, filenames, fmt, label, staged) -> dict:
    incoming.discard((staged or {}).get("token"))  # a new upload replaces a pending one
    incoming.purge_stale()
    if (ticket or {}).get("error"):
        return _failure(ticket["error"])
    if not contents:
        raise PreventUpdate
    contents = contents if isinstance(contents, list) else [contents]
    filenames = filenames if isinstance(filenames, list) else [filenames]
    try:
        files = _decode(contents, filenames)
    except InputError as exc:
        return _failure(str(exc))
    problem = check_upload(files, settings().max_upload_bytes)
    if problem:
        return _failure(problem)
    token = incoming.stage(files)
    try:
        return _import_staged(token, filenames, fmt, label)
    except Exception:
        incoming.discard(token)  # nothing partial stays behind, whatever failed
        raise


def _import_staged(token: str, filenames: list[str], fmt: str | None, label) -> dict:
    path = incoming.staged_path(token)
    original = filenames[0]
    if len(filenames) > 1:
        first = next((n for n in filenames if n.startswith("g_patent.")), filenames[0])
        original = f"{first} and {len(filenames) - 1} other tables"
    pending = {"token": token, "name": original}
    if fmt == "generic":
        try:
            choices = mapping_choices(path)
        except InputError as exc:
            incoming.discard(token)
            return _failure(str(exc))
        return _result(
            None,
            mapping=choices,
            intro=f"{original}: say which column holds what, then import.",
            staged=pending,
        )
    report, dataset_id = _import(path, None if fmt in (None, AUTO) else fmt, label, original)
    if dataset_id is None and detect_format(path) is None:
        try:
            choices = mapping_choices(path)
        except InputError:
            choices = None
        if choices is not None:  # a readable table we did not recognise: offer a mapping
            unrecognised = html.Div(
                [
                    html.Strong("Not imported yet: "),
                    report.error,
                    ". Nothing has changed.",
                ],
                className="message",
                role="status",
            )
            return _result(
                unrecognised,
                report=report,
                rejected=rejected_rows(report),
                mapping=choices,
                intro="Or import it by saying which column holds what:",
                staged=pending,
            )
    incoming.discard(token)
    return _result(
        import_status(report, dataset_id),
        report=None if dataset_id else report,
        rejected=None if dataset_id else rejected_rows(report),
        activate=dataset_id,
    )


def _import_mapped(staged, label, values, sep) -> dict:
    path = incoming.staged_path((staged or {}).get("token"))
    if path is None:
        return _failure("the uploaded file is no longer waiting on the server; upload it again")
    mapping = {field: column for field, column in zip(FIELDS, values, strict=True) if column}
    if "patent_id" not in mapping and "publication_number" not in mapping:
        keep = _result(
            html.Div(
                "Choose the column holding the record identifier or the publication number.",
                className="message message-error",
                role="alert",
            ),
            staged=staged,
        )
        return keep | {"mapping_style": {}, "intro": no_update}
    report, dataset_id = _import(
        path, "generic", label, staged["name"], mapping=mapping, sep=sep or None
    )
    if dataset_id is None:  # keep the file and the form so the mapping can be corrected
        failed = _result(
            import_status(report, None),
            report=report,
            rejected=rejected_rows(report),
            staged=staged,
        )
        return failed | {"mapping_style": {}, "intro": no_update}
    incoming.discard(staged["token"])
    return _result(import_status(report, dataset_id), activate=dataset_id)


@callback(
    output={
        "status": Output(STATUS, "children"),
        "report": Output(UPLOAD_REPORT, "children"),
        "rejected": Output(table_id(UPLOAD_REJECTED), "data"),
        "rejected_style": Output(UPLOAD_REJECTED_BOX, "style"),
        "mapping_style": Output(MAPPING_BOX, "style"),
        "intro": Output(MAPPING_INTRO, "children"),
        "map_options": Output({"type": "data-map", "field": ALL}, "options"),
        "map_values": Output({"type": "data-map", "field": ALL}, "value"),
        "sep": Output(SEP, "value"),
        "staged": Output(STAGED, "data"),
        "signal": Output(ids.DATASETS_SIGNAL, "data", allow_duplicate=True),
        "contents": Output(UPLOAD, "contents", allow_duplicate=True),
        "label": Output(LABEL, "value"),
    },
    inputs={
        "ticket": Input(TICKET, "data"),
        "map_clicks": Input(MAP_IMPORT, "n_clicks"),
    },
    state={
        "contents": State(UPLOAD, "contents"),
        "filenames": State(UPLOAD, "filename"),
        "fmt": State(FORMAT, "value"),
        "label": State(LABEL, "value"),
        "staged": State(STAGED, "data"),
        "map_values": State({"type": "data-map", "field": ALL}, "value"),
        "sep": State(SEP, "value"),
    },
    prevent_initial_call=True,
)
def import_upload(ticket, map_clicks, contents, filenames, fmt, label, staged, map_values, sep):
    """An upload arrived (via the size guard) or a column mapping was submitted."""
    try:
        if ctx.triggered_id == MAP_IMPORT:
            if not map_clicks:
                raise PreventUpdate
            return _import_mapped(staged, label, map_values, sep)
        return _receive(ticket, contents, filenames, fmt, label, staged)
    except PreventUpdate:
        raise
    except Exception:  # the store's own failures (a full disk): one line, never a traceback
        log.exception("import on the Data page failed")
        return _failure("the server could not store the import (the error has been logged)")


@callback(
    Output(ids.DATASETS_SIGNAL, "data", allow_duplicate=True),
    Input({"type": "data-activate", "ds": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def make_active(_clicks):
    """A "Make active" button in the dataset list (buttons appear with n_clicks None)."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    return {"activate": ctx.triggered_id["ds"], "nonce": time.time()}


def _year_bases_and_codes(dataset_id: str) -> tuple[dict[str, int], dict[str, int]]:
    corpus = services.filtered_corpus(dataset_id, Filters())
    bases = corpus.patents["year_basis"].astype("str").value_counts()
    codes = corpus.ipc["scheme"].astype("str").value_counts()
    return (
        {str(k): int(v) for k, v in bases.items() if v},
        {str(k): int(v) for k, v in codes.items() if v},
    )


@callback(
    Output(ACTIVE_INFO, "children"),
    Output(ACTIVE_REPORT, "children"),
    Output(table_id(ACTIVE_REJECTED), "data"),
    Output(ACTIVE_REJECTED_BOX, "style"),
    Output(DATASET_LIST, "children"),
    Input(ids.VIEW, "data"),
)
def show_active_dataset(view):
    """What the active dataset is, its import report, and the list of all datasets."""
    if view is None:
        raise PreventUpdate
    dataset_id, _filters = services.view_filters(view)
    infos = corpora.list_datasets()
    listing = dataset_list_view(infos, dataset_id)
    try:
        summary = services.dataset_summary(dataset_id)
        bases, codes = _year_bases_and_codes(dataset_id)
    except corpora.DatasetError as exc:
        message = html.Div(str(exc), className="message")
        return message, None, [], HIDDEN, listing
    info = next((i for i in infos if i.dataset_id == dataset_id), None)
    about = active_dataset_view(summary, info, bases, codes)
    report = corpora.dataset_report(dataset_id)
    if report is None:
        return about, html.P("No import report is stored for this dataset."), [], HIDDEN, listing
    rejected = rejected_rows(report)
    return about, report_view(report), rejected, {} if rejected else HIDDEN, listing


@callback(
    Output(DOWNLOAD, "data"),
    *[Input(button, "n_clicks") for button in DOWNLOAD_BUTTONS],
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def download(*args):
    """The active dataset's frames as CSV (one per button) or all three as Parquet in a zip."""
    view = args[-1]
    what = DOWNLOAD_BUTTONS.get(ctx.triggered_id)
    if what is None or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    dataset_id, _filters = services.view_filters(view)
    if what == "problems":  # every one, as the import report keeps them
        frame = problems_frame(corpora.dataset_report(dataset_id) or ImportReport("", ""))
        return dcc.send_data_frame(
            csv_frame(frame).to_csv, f"{dataset_id}_import_problems.csv", index=False
        )
    if what == "aliases":
        frame = corpora.alias_table(dataset_id)
        return dcc.send_data_frame(
            csv_frame(frame).to_csv, f"{dataset_id}_applicant_aliases.csv", index=False
        )
    frames = corpora.download_frames(dataset_id)
    if what != "parquet":
        return dcc.send_data_frame(
            csv_frame(frames[what]).to_csv, f"{dataset_id}_{what}.csv", index=False
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("patents", "applicants", "ipc"):
            part = io.BytesIO()
            frames[name].to_parquet(part, index=False)
            archive.writestr(f"{dataset_id}_{name}.parquet", part.getvalue())
    return dcc.send_bytes(buffer.getvalue(), f"{dataset_id}_parquet.zip")
