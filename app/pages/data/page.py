"""Data: import a patent export, judge what was read, switch datasets, download the tables.

How an upload travels:

1. dcc.Upload reads the file(s) in the browser. A clientside guard (``ev.guardUpload``)
   checks the total size against the upload limit first and, if too large, drops the
   contents, so an oversized file is never posted (the ticket says only how large it was:
   the server words the message).
2. The server callback checks the size again before decoding anything, then names, types
   and first bytes (:func:`app.ingest.uploads.check_upload`), and starts an import job for
   this browser's workspace (:func:`app.store.uploads.start_import`): the file is read in a
   child process under hard limits. The browser's copy of the contents is cleared; the
   page keeps only the job id and polls it (a ``dcc.Interval``), so no request waits for a
   parse. Each poll shows how far the job has got (:func:`app.store.uploads.job_progress`):
   its stage of three, the rows read once they are known, the time taken so far.
3. The outcome is a verdict. Green: the dataset is stored and becomes active. Amber: it is
   stored as pending, the report and every rejected row are shown, and Keep or Discard
   decides. Red: nothing is stored; the report says why, and a table in no known format
   gets the column-mapping form (importing it again reads the same file with the mapping).
4. A new active dataset is announced through ``ids.DATASETS_SIGNAL``: the shell refreshes
   the Dataset dropdown's options and switches to it in one response. The dataset list's
   buttons (Make active, Delete, Keep, Discard) use the same signal.

Rejected rows are paged by the server (a page at a time reaches the browser); the CSV
download has every rejected row and warning.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import time
import zipfile

import dash
import pandas as pd
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
from app.i18n import N_, _, format_int, format_number
from app.ingest.importer import FORMATS
from app.ingest.readers.generic import FIELDS
from app.ingest.uploads import MappingChoices, check_upload, shown_name
from app.pages.data.figures import (
    FORMAT_CHOICES,
    active_dataset_view,
    csv_frame,
    dataset_list_view,
    import_outcome,
    mapping_dropdown,
    mapping_options,
    progress_view,
    report_view,
    with_parts,
)
from app.store import corpora, jobs, uploads
from app.ui import ids
from app.ui.blocks import page_title
from app.ui.tables import data_table
from app.workspace import current_owner

dash.register_page(__name__, path="/data", name=N_("Data"), order=6, title=page_title(N_("Data")))

UPLOAD = "data-upload"
TICKET = "data-upload-ticket"  # written by the clientside size guard
LIMIT = "data-upload-limit"
FORMAT = "data-format"
LABEL = "data-label"
STATUS = "data-import-status"
JOB = "data-job"  # {"job": id, "done": bool, "dataset": id or None}: the upload being read
POLL = "data-poll"
PREVIEW = "data-upload-report"
PREVIEW_BOX = "data-upload-rejected-box"
PREVIEW_REJECTED = "data-upload-rejected"
DECISION = "data-decision"
KEEP = "data-keep-upload"
DISCARD = "data-discard-upload"
MAPPING_BOX = "data-mapping"
MAPPING_INTRO = "data-mapping-intro"
SEP = "data-sep"
MAP_IMPORT = "data-map-import"
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
HIDDEN = {"display": "none"}
_PAGE_ROWS = 10  # rejected rows per page in the browser
_MAX_FILES = 10  # a PatentsView set has six tables
_POLL_MS = 700
log = logging.getLogger(__name__)


def _rejected_columns() -> list[dict]:
    return [
        {"name": _("Row"), "id": "row", "type": "numeric"},
        {"name": _("Field"), "id": "field"},
        {"name": _("Reason"), "id": "reason"},
        {"name": _("Value"), "id": "value"},
    ]


def _rejected_table(name: str) -> html.Div:
    """Rejected rows, one server-side page at a time; its CSV button sends all of them."""
    return data_table(
        name,
        _rejected_columns(),
        page_size=_PAGE_ROWS,
        part_id=lambda part: name if part == "table" else f"{name}-{part}",
        page_action="custom",
        page_current=0,
        page_count=0,
        sort_action="none",
        filter_action="none",
    )


def _data(text: str) -> html.Code:
    """A file's or table's own name or words, shown as written (not translated)."""
    return html.Code(text, className="data-value")


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
            with_parts(
                _(
                    "query results from Google's public patent data ({dataset}), CSV or JSON; "
                    "the query recipe is in the dashboard's documentation."
                ),
                dataset=_data("patents-public-data"),
            ),
        ),
        ("incoPat", _("XLSX or CSV with its Chinese column names.")),
        ("Derwent", _("Derwent Innovation CSV/XLSX, or Derwent Innovations Index text.")),
        (
            "PatentsView",
            with_parts(
                _(
                    "{patents}, plus any of {tables}: select them together, or one zip "
                    "holding them."
                ),
                patents=_data("g_patent.tsv(.zip)"),
                tables=_data(
                    "g_application, g_assignee_disambiguated, g_location_disambiguated, "
                    "g_ipc_at_issue, g_cpc_current"
                ),
            ),
        ),
        (_("EPO OPS flat CSV"), _("one row per publication, multi-values split on ';'.")),
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
            html.Summary(_("What you can upload")),
            html.Ul(
                [
                    html.Li([html.Strong(_("{name}: ").format(name=name)), *_listed(text)])
                    for name, text in items
                ]
            ),
            html.P(
                _(
                    "Set the name and the format before choosing the file. Your uploads are "
                    "private to this browser. Every import gets a report and a verdict: green "
                    "(read cleanly: it becomes the active dataset), amber (read with problems: "
                    "read the reasons, then keep or discard it) or red (refused: nothing is "
                    "imported and the active dataset stays as it is). Every rejected row and "
                    "warning is listed with its row, field and value."
                ),
                className="source-note",
            ),
        ],
        open=True,
        className="formats-guide",
    )


def _listed(text: str | list) -> list:
    return text if isinstance(text, list) else [text]


def _upload_panel() -> html.Div:
    cfg = settings()
    return html.Div(
        [
            html.H3(_("Import a patent export")),
            dcc.Upload(
                id=UPLOAD,
                multiple=True,
                children=html.Div(
                    [
                        html.Div(
                            with_parts(
                                _("Drag a file here or {choose}"),
                                choose=html.A(_("choose one"), className="link"),
                            ),
                            className="upload-main",
                        ),
                        html.Div(
                            with_parts(
                                _(
                                    "CSV, TSV, TXT, XLSX or ZIP, up to {limit} MB. PatentsView: "
                                    "select all {tables} tables at once."
                                ),
                                limit=format_int(cfg.max_upload_bytes / 2**20),
                                tables=_data("g_*.tsv(.zip)"),
                            ),
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
                            html.Label(_("Format"), htmlFor=FORMAT),
                            dcc.Dropdown(
                                id=FORMAT,
                                options=[{"label": _("Recognise from the header"), "value": AUTO}]
                                + [{"label": _(FORMAT_CHOICES[f]), "value": f} for f in FORMATS],
                                value=AUTO,
                                clearable=False,
                            ),
                        ],
                        className="control-format",
                    ),
                    html.Div(
                        [
                            html.Label(_("Name in the dataset list (optional)"), htmlFor=LABEL),
                            dcc.Input(
                                id=LABEL,
                                type="text",
                                maxLength=120,
                                placeholder=_("e.g. Lens search: solid-state electrolytes"),
                                className="form-control form-control-sm",
                            ),
                        ],
                        className="control-label",
                    ),
                ],
                className="controls upload-controls",
            ),
            html.Div(id=STATUS),
            html.Div(
                [
                    html.Button(_("Keep it"), id=KEEP, className="btn btn-success btn-sm me-2"),
                    html.Button(
                        _("Discard it"), id=DISCARD, className="btn btn-outline-danger btn-sm"
                    ),
                ],
                id=DECISION,
                className="decision-row",
                style=HIDDEN,
            ),
            html.Div(id=PREVIEW),
            html.Div(
                [
                    html.Div(_("Rejected rows of this file"), className="facts-heading"),
                    _rejected_table(PREVIEW_REJECTED),
                ],
                id=PREVIEW_BOX,
                style=HIDDEN,
            ),
            _mapping_form(),
            _formats_guide(),
            dcc.Store(id=TICKET),
            dcc.Store(id=JOB),
            dcc.Store(id=LIMIT, data=cfg.max_upload_bytes),
            dcc.Interval(id=POLL, interval=_POLL_MS, disabled=True),
        ],
        className="panel",
    )


def _mapping_form() -> html.Div:
    """Which column holds what, for a table in no known format (hidden until one comes)."""
    return html.Div(
        [
            html.Div(id=MAPPING_INTRO, className="mapping-intro"),
            html.Div([mapping_dropdown(f) for f in FIELDS], className="mapping-grid"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(_("Separator inside multi-value cells"), htmlFor=SEP),
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
                        _("Import with this mapping"),
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
    )


def _downloads() -> html.Div:
    labels = {
        "data-dl-patents": _("Patents (CSV)"),
        "data-dl-applicants": _("Applicants (CSV)"),
        "data-dl-ipc": _("IPC / CPC codes (CSV)"),
        "data-dl-parquet": _("All three (Parquet, zip)"),
        "data-dl-aliases": _("Applicant alias table (CSV)"),
        "data-dl-problems": _("Rejected rows and warnings (CSV)"),
    }
    return html.Div(
        [
            html.H3(_("Download the active dataset")),
            html.Div(
                [
                    html.Button(text, id=button, className="btn btn-outline-primary btn-sm")
                    for button, text in labels.items()
                ],
                className="download-row",
            ),
            dcc.Download(id=DOWNLOAD),
            html.P(
                _(
                    "The normalised tables every page reads: one row per patent; one per patent "
                    "and applicant (raw name, normalised name, country and how it is known, "
                    "kind); one per patent and classification code. Cells that a spreadsheet "
                    "would run as a formula are prefixed with an apostrophe."
                ),
                className="source-note",
            ),
            html.Div(_("Correcting and extending applicant names"), className="facts-heading"),
            html.P(_alias_guide(), className="source-note"),
        ],
        className="panel",
    )


def _alias_guide() -> list:
    """How a maintainer corrects an applicant, naming the alias table's own columns."""
    return with_parts(
        _(
            "The alias table lists every applicant spelling in this dataset ({alias}) with "
            "the {name}, {country} and {kind} the dashboard used, how many patents name it, "
            "and in {note} where the country came from. To fix or add an applicant, copy its "
            "row into the dashboard's own applicant alias table in its data folder (columns "
            "{columns}; country a two-letter ISO code; kind one of {kinds}), correct it, and "
            "say in {note} where you found it. Spellings that differ only in case, punctuation "
            "or legal form ({forms}) already match, so one row per spelling is enough. After "
            "a restart every dataset is rebuilt with the new table."
        ),
        alias=_data("alias"),
        name=_data("name"),
        country=_data("country"),
        kind=_data("kind"),
        note=_data("note"),
        columns=_data("alias,name,country,kind,note"),
        kinds=_data("firm, university, research institute, government, individual"),
        forms=_data("CO LTD, INC, GMBH"),
    )


def layout(**_query) -> html.Div:
    return html.Div(
        [
            html.H1(_("Data"), className="page-title"),
            html.P(
                _(
                    "Load your own patent export and every page analyses it; see what was read "
                    "and what was rejected; switch datasets; download the normalised tables and "
                    "the applicant alias table."
                ),
                className="page-lead",
            ),
            html.Div(
                [
                    _upload_panel(),
                    html.Div(
                        [html.H3(_("Active dataset")), html.Div(id=ACTIVE_INFO)],
                        className="panel",
                    ),
                ],
                className="grid-1-1",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.H3(_("Import report of the active dataset")),
                            html.Div(id=ACTIVE_REPORT),
                            html.Div(
                                [
                                    html.Div(_("Rejected rows"), className="facts-heading"),
                                    _rejected_table(ACTIVE_REJECTED),
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
            html.H2(_("All datasets"), className="section-title"),
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


# ------------------------------------------------------------------ the import, step by step


class _Refused(Exception):
    """The upload cannot be imported; the message says why (in the user's language)."""


def _size(n: float) -> str:
    return _("{size} MB").format(size=format_number(n / 2**20, 1))


def _files(contents: object, filenames: object) -> list[tuple[str, bytes]]:
    """(name, bytes) of each uploaded data URL, after the size limit is checked on the
    encoded text (nothing over the limit is decoded)."""
    contents = contents if isinstance(contents, list) else [contents]
    filenames = filenames if isinstance(filenames, list) else [filenames]
    if not contents or len(contents) != len(filenames) or len(contents) > _MAX_FILES:
        raise _Refused(_("the upload arrived incomplete; choose the file again"))
    names = [shown_name(str(name or "")) for name in filenames]
    payloads = [(url or "").partition(",")[2] for url in contents]
    limit = settings().max_upload_bytes
    size = sum(len(payload) for payload in payloads) * 3 // 4
    if size > limit:
        raise _Refused(_too_large(names, size, limit))
    files = []
    for name, payload in zip(names, payloads, strict=True):
        try:
            files.append((name, base64.b64decode(payload, validate=True)))
        except (binascii.Error, ValueError):
            raise _Refused(
                _("{file}: the upload arrived damaged; try again").format(file=name)
            ) from None
    return files


def _too_large(names: list[str], size: int, limit: int) -> str:
    what = names[0] if len(names) == 1 else _("the {count} files").format(count=len(names))
    return _("{what} is {size}, over the upload limit of {limit}").format(
        what=what, size=_size(size), limit=_size(limit)
    )


def _ticket_problem(ticket: object, filenames: object) -> str | None:
    """The size guard's verdict in words (the ticket carries facts, never text to show)."""
    if not isinstance(ticket, dict) or ticket.get("error") is None:
        return None
    names = filenames if isinstance(filenames, list) else [filenames]
    size = ticket.get("bytes")
    limit = settings().max_upload_bytes
    if ticket["error"] == "too_large" and isinstance(size, int) and size > limit:
        return _too_large([shown_name(str(n or "")) for n in names], size, limit)
    return _("the file was refused before it was sent; choose it again")


def _options(fmt: object, label: object, original: str) -> uploads.ImportOptions:
    fmt = fmt if fmt in FORMATS else None
    label = label.strip()[:120] if isinstance(label, str) and label.strip() else None
    return uploads.ImportOptions(format=fmt, label=label, original=original)


def _original(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    first = next((n for n in names if n.startswith("g_patent.")), names[0])
    return _("{file} and {count} other tables").format(file=first, count=len(names) - 1)


def _start(ticket, contents, filenames, fmt, label) -> dict:
    """A new upload: check it, start reading it, start polling."""
    problem = _ticket_problem(ticket, filenames)
    if problem is None and not contents:
        raise PreventUpdate
    if problem is not None:
        raise _Refused(problem)
    files = _files(contents, filenames)
    problem = check_upload(files, settings().max_upload_bytes)
    if problem:
        raise _Refused(problem)
    options = _options(fmt, label, _original([name for name, _data in files]))
    try:
        job = uploads.start_import(files, current_owner(), options)
    except uploads.QuotaError as exc:
        raise _Refused(str(exc)) from None
    return _reading(job, options.original)


def _reading(job: str, name: str) -> dict:
    status = progress_view(shown_name(name), uploads.job_progress(current_owner(), job))
    return _outputs(status, job={"job": job, "done": False, "dataset": None}, poll=True)


def _mapped(job_data, values, sep, label) -> dict:
    """The column-mapping form was submitted: read the same file again with the mapping."""
    job = (job_data or {}).get("job") if isinstance(job_data, dict) else None
    values = values if isinstance(values, list) and len(values) == len(FIELDS) else []
    mapping = {
        field: column
        for field, column in zip(FIELDS, values, strict=False)
        if isinstance(column, str) and 0 < len(column) <= 200
    }
    if "patent_id" not in mapping and "publication_number" not in mapping:
        status = html.Div(
            _("Choose the column holding the record identifier or the publication number."),
            className="message message-error",
            role="alert",
        )
        return _outputs(status, mapping_style={})
    sep = sep if isinstance(sep, str) and 0 < len(sep) <= 3 else None  # None: each column's own
    label = label.strip()[:120] if isinstance(label, str) and label.strip() else None
    try:
        new_job = uploads.import_with_mapping(current_owner(), job, mapping, sep, label)
    except uploads.QuotaError as exc:
        raise _Refused(str(exc)) from None
    if new_job is None:
        raise _Refused(_("the uploaded file is no longer waiting on the server; upload it again"))
    return _reading(new_job, uploads.job_state(current_owner(), new_job).name)


def _follow(job_data) -> dict:
    """A poll: how far the job has got while it runs, then its outcome."""
    job = job_data.get("job") if isinstance(job_data, dict) else None
    if job_data and job_data.get("done"):
        raise PreventUpdate  # a tick that was on its way when the outcome was shown
    state = uploads.job_state(current_owner(), job)
    if state is None:
        raise _Refused(_("the upload is no longer known to the server; upload it again"))
    if not state.done:  # how far it has got: the status only, the rest stays as it is
        status = progress_view(state.name, uploads.job_progress(current_owner(), job))
        return dict.fromkeys(_outputs(None), no_update) | {
            "status": status,
            "map_options": [no_update for _f in FIELDS],
            "map_values": [no_update for _f in FIELDS],
        }
    if state.dataset_id is not None:
        services.dataset_summary.cache_clear()  # the same file again may have a new label
    done = {"job": job, "done": True, "dataset": state.dataset_id}
    report = state.report
    shown = report is not None and (report.rows_read or report.rejected_count)
    preview = report_view(report) if shown else None
    outputs = _outputs(
        import_outcome(state),
        job=done,
        preview=preview,
        preview_style={}
        if report is not None and (report.rejected_count or report.warning_count)
        else HIDDEN,
        decision_style={} if state.verdict == "amber" and state.dataset_id else HIDDEN,
        activate=state.dataset_id if state.verdict == "green" else None,
    )
    if state.choices is not None:
        outputs |= _mapping_outputs(state.choices, state.name)
    return outputs


def _decide(job_data, keep: bool) -> dict:
    """Keep or Discard, for the upload just read with problems."""
    dataset = job_data.get("dataset") if isinstance(job_data, dict) else None
    owner = current_owner()
    if keep and uploads.confirm(owner, dataset):
        status = html.Div(
            _("Kept. It is now the active dataset."), className="message message-ok", role="status"
        )
        return _outputs(status, activate=dataset)
    if not keep and uploads.delete(owner, dataset):
        status = html.Div(_("Discarded. Nothing has changed."), className="message", role="status")
        return _outputs(status, refresh=True)
    raise _Refused(_("this upload is no longer waiting for a decision"))


def _mapping_outputs(choices: MappingChoices, name: str) -> dict:
    options = mapping_options(choices)
    intro = _("{file}: say which column holds what, then import.").format(file=name)
    if choices.left_out:
        intro += " " + _(
            "{count} columns with very long names or beyond the first {shown} are not offered."
        ).format(count=format_int(choices.left_out), shown=len(choices.columns))
    return {
        "mapping_style": {},
        "intro": intro,
        "map_options": [options for _f in FIELDS],
        "map_values": [choices.guess.get(f) for f in FIELDS],
        "sep": choices.sep,
    }


def _outputs(
    status,
    *,
    job=no_update,
    poll: bool = False,
    preview=None,
    preview_style=HIDDEN,
    decision_style=HIDDEN,
    mapping_style=HIDDEN,
    activate: str | None = None,
    refresh: bool = False,
) -> dict:
    """Every output of the import callback; what an outcome does not set is cleared."""
    signal = no_update
    if activate or refresh:
        signal = {"activate": activate, "nonce": time.time()}
    return {
        "status": status,
        "preview": preview,
        "preview_style": preview_style,
        "decision_style": decision_style,
        "mapping_style": mapping_style,
        "intro": no_update,
        "map_options": [no_update for _f in FIELDS],
        "map_values": [no_update for _f in FIELDS],
        "sep": no_update,
        "job": job,
        "poll_off": not poll,
        "signal": signal,
        "contents": None,
        "label": "" if activate else no_update,  # the next upload gets its own name
    }


@callback(
    output={
        "status": Output(STATUS, "children"),
        "preview": Output(PREVIEW, "children"),
        "preview_style": Output(PREVIEW_BOX, "style"),
        "decision_style": Output(DECISION, "style"),
        "mapping_style": Output(MAPPING_BOX, "style"),
        "intro": Output(MAPPING_INTRO, "children"),
        "map_options": Output({"type": "data-map", "field": ALL}, "options"),
        "map_values": Output({"type": "data-map", "field": ALL}, "value"),
        "sep": Output(SEP, "value"),
        "job": Output(JOB, "data"),
        "poll_off": Output(POLL, "disabled"),
        "signal": Output(ids.DATASETS_SIGNAL, "data", allow_duplicate=True),
        "contents": Output(UPLOAD, "contents", allow_duplicate=True),
        "label": Output(LABEL, "value"),
    },
    inputs={
        "ticket": Input(TICKET, "data"),
        "map_clicks": Input(MAP_IMPORT, "n_clicks"),
        "polls": Input(POLL, "n_intervals"),
        "keep": Input(KEEP, "n_clicks"),
        "discard": Input(DISCARD, "n_clicks"),
    },
    state={
        "contents": State(UPLOAD, "contents"),
        "filenames": State(UPLOAD, "filename"),
        "fmt": State(FORMAT, "value"),
        "label": State(LABEL, "value"),
        "job": State(JOB, "data"),
        "map_values": State({"type": "data-map", "field": ALL}, "value"),
        "sep": State(SEP, "value"),
    },
    prevent_initial_call=True,
)
def import_upload(ticket, map_clicks, polls, keep, discard, **state):
    """An upload arrived (via the size guard), a mapping was submitted, the running import
    was polled, or the upload read with problems was kept or discarded."""
    trigger = ctx.triggered_id
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    try:
        if trigger == TICKET:
            return _start(
                ticket, state["contents"], state["filenames"], state["fmt"], state["label"]
            )
        if trigger == MAP_IMPORT:
            return _mapped(state["job"], state["map_values"], state["sep"], state["label"])
        if trigger == POLL:
            return _follow(state["job"])
        return _decide(state["job"], keep=trigger == KEEP)
    except _Refused as refused:
        failed = html.Div(
            [
                html.Strong(_("Import refused (red): ")),
                str(refused),
                _(". Nothing was imported; the active dataset is unchanged."),
            ],
            className="message message-error",
            role="alert",
        )
        return _outputs(failed, job=None)
    except PreventUpdate:
        raise
    except Exception:  # the store's own failures (a full disk): one line, never a traceback
        log.exception("import on the Data page failed")
        failed = html.Div(
            _("The server could not store the upload (the error has been logged)."),
            className="message message-error",
            role="alert",
        )
        return _outputs(failed, job=None)


# ------------------------------------------------------------------------ rejected rows


def _page_of(frame: pd.DataFrame | None, page: object, size: object) -> tuple[list[dict], int]:
    """One page of rejected rows and how many pages there are."""
    if frame is None or frame.empty:
        return [], 0
    size = size if isinstance(size, int) and 0 < size <= 100 else _PAGE_ROWS
    pages = -(-len(frame) // size)
    page = min(max(page if isinstance(page, int) else 0, 0), pages - 1)
    rows = frame.iloc[page * size : (page + 1) * size].astype({"row": "int64"})
    return rows.to_dict("records"), pages


def _upload_problems(job_data) -> pd.DataFrame | None:
    job = job_data.get("job") if isinstance(job_data, dict) else None
    return uploads.job_problems(current_owner(), job) if job else None


@callback(
    Output(PREVIEW_REJECTED, "data"),
    Output(PREVIEW_REJECTED, "page_count"),
    Input(PREVIEW_REJECTED, "page_current"),
    Input(PREVIEW_REJECTED, "page_size"),
    Input(JOB, "data"),
)
def page_upload_rejected(page, size, job_data):
    """The shown page of the rejected rows of the upload just read."""
    return _page_of(jobs.rejected_part(_upload_problems(job_data)), page, size)


@callback(
    Output(ACTIVE_REJECTED, "data"),
    Output(ACTIVE_REJECTED, "page_count"),
    Input(ACTIVE_REJECTED, "page_current"),
    Input(ACTIVE_REJECTED, "page_size"),
    Input(ids.VIEW, "data"),
)
def page_active_rejected(page, size, view):
    """The shown page of the active dataset's rejected rows."""
    dataset_id, _filters = services.view_filters(view)
    return _page_of(corpora.rejected_rows(dataset_id), page, size)


def _problems_csv(frame: pd.DataFrame, name: str) -> dict:
    """Every rejected row and every warning (``kind`` says which), as one CSV."""
    return dcc.send_data_frame(csv_frame(frame).to_csv, f"{name}_import_problems.csv", index=False)


@callback(
    Output(f"{PREVIEW_REJECTED}-csv-download", "data"),
    Input(f"{PREVIEW_REJECTED}-csv-button", "n_clicks"),
    State(JOB, "data"),
    prevent_initial_call=True,
)
def download_upload_rejected(clicks, job_data):
    """Every rejected row and warning of the upload just read."""
    job = job_data.get("job") if isinstance(job_data, dict) else None
    state = uploads.job_state(current_owner(), job) if clicks else None
    problems = _upload_problems(job_data) if state is not None and state.done else None
    if problems is None:
        raise PreventUpdate
    return _problems_csv(problems, "upload")


@callback(
    Output(f"{ACTIVE_REJECTED}-csv-download", "data"),
    Input(f"{ACTIVE_REJECTED}-csv-button", "n_clicks"),
    State(ids.VIEW, "data"),
    prevent_initial_call=True,
)
def download_active_rejected(clicks, view):
    """Every rejected row and warning of the active dataset."""
    if not clicks:
        raise PreventUpdate
    dataset_id, _filters = services.view_filters(view)
    return _problems_csv(corpora.problems(dataset_id), dataset_id)


# ------------------------------------------------------------------ the list of datasets


@callback(
    Output(ids.DATASETS_SIGNAL, "data", allow_duplicate=True),
    Input({"type": "data-activate", "ds": ALL}, "n_clicks"),
    Input({"type": "data-keep", "ds": ALL}, "n_clicks"),
    Input({"type": "data-delete", "ds": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def act_on_dataset(_activate, _keep, _delete):
    """Make active, Keep (a pending upload) or Delete (an own upload) in the dataset list
    (buttons appear with n_clicks None). Ids come from the browser: the store and the shell
    check them."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    kind, dataset = ctx.triggered_id["type"], ctx.triggered_id["ds"]
    if kind == "data-delete":
        if not uploads.delete(current_owner(), dataset):
            raise PreventUpdate
        return {"activate": None, "nonce": time.time()}
    if kind == "data-keep" and not uploads.confirm(current_owner(), dataset):
        raise PreventUpdate
    return {"activate": dataset, "nonce": time.time()}


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
    Output(ACTIVE_REJECTED_BOX, "style"),
    Output(DATASET_LIST, "children"),
    Input(ids.VIEW, "data"),
)
def show_active_dataset(view):
    """What the active dataset is, its import report, and the datasets this browser sees."""
    if view is None:
        raise PreventUpdate
    dataset_id, _filters = services.view_filters(view)
    infos = corpora.list_datasets(current_owner(), pending=True)
    listing = dataset_list_view(infos, dataset_id)
    try:
        summary = services.dataset_summary(dataset_id)
        bases, codes = _year_bases_and_codes(dataset_id)
    except corpora.DatasetError as exc:
        return html.Div(str(exc), className="message"), None, HIDDEN, listing
    info = next((i for i in infos if i.dataset_id == dataset_id), None)
    about = active_dataset_view(summary, info, bases, codes)
    report = corpora.dataset_report(dataset_id)
    if report is None:
        return about, html.P(_("No import report is stored for this dataset.")), HIDDEN, listing
    shown = {} if report.rejected_count or report.warning_count else HIDDEN
    return about, report_view(report), shown, listing


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
        return _problems_csv(corpora.problems(dataset_id), dataset_id)
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
