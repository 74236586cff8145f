"""The Data page's figures: import reports, dataset facts and lists as components.

Kept apart from the page's callbacks so each piece reads as what it shows. Nothing here
touches the browser state or the disk.
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from app.i18n import _, format_int
from app.ingest.report import (
    FORMAT_LABELS,
    UNIT_LABELS,
    VERDICT_LABELS,
    problem_text,
    summary_rows,
)
from app.ingest.schema import ImportReport
from app.ingest.uploads import MappingChoices
from app.services import DatasetSummary
from app.store.corpora import BUILTINS, DatasetInfo
from app.store.uploads import ImportState
from app.ui.badges import dataset_badge
from app.ui.tables import csv_safe

_DATA_KIND = {
    "real": "real (curated sample)",
    "upload": "uploaded export",
    "synthetic": "generated (synthetic)",
}


def _info_kind(info: DatasetInfo) -> str:
    if info.synthetic:
        return "synthetic"
    return "real" if info.builtin else "upload"


__all__ = [
    "COUNTRY_RULE_MEANING",
    "FIELD_HELP",
    "FORMAT_CHOICES",
    "FORMAT_LABELS",
    "active_dataset_view",
    "csv_frame",
    "dataset_list_view",
    "file_name",
    "import_outcome",
    "imported_when",
    "mapping_dropdown",
    "mapping_options",
    "report_view",
    "verdict_view",
]

# The format selector offers "generic" as an action.
FORMAT_CHOICES = FORMAT_LABELS | {"generic": "Any CSV or XLSX (map the columns)"}

COUNTRY_RULE_MEANING = {
    "source": "stated in the export itself",
    "alias_table": "curated in data/applicant_aliases.csv from public knowledge of the firm",
    "priority_office": "office of the earliest priority filing (a proxy)",
    "jurisdiction": "office that published a national filing (a weak proxy)",
    "unknown": "not known",
}

YEAR_BASIS_MEANING = {
    "priority": "priority year",
    "filing": "filing year",
    "publication": "publication year",
    "unknown": "no usable date",
}

FIELD_HELP = {
    "patent_id": "Record identifier (this or the publication number is required)",
    "publication_number": "Publication number, e.g. EP 4123456 A1",
    "application_number": "Application number",
    "jurisdiction": "Publishing office (US, EP, CN, ...)",
    "title": "Title",
    "priority_date": "Earliest priority date",
    "filing_date": "Filing (application) date",
    "publication_date": "Publication date",
    "priority_office": "Office of the earliest priority (country proxy)",
    "priority_numbers": "Priority numbers (first two letters = office)",
    "applicants": "Applicants (several split on the separator)",
    "applicant_countries": "Applicant countries, same order as applicants",
    "inventors": "Inventors",
    "ipc": "IPC codes",
    "cpc": "CPC codes",
}

_MAX_WARNINGS_SHOWN = 12


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` ready for a CSV download: categoricals as text, then spreadsheet-safe.

    Categorical columns (jurisdiction, country, ...) hold values read from the user's file
    too, and :func:`~app.ui.tables.csv_safe` guards text columns only.
    """
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return csv_safe(frame.astype(dict.fromkeys(categorical, "str")))


def file_name(path: str) -> str:
    """The last part of a path as a user would name the file (either slash).

    Examples
    --------
    >>> file_name("/tmp/x/incoming/ab/Lens export.csv"), file_name("C:\\\\data\\\\a.csv")
    ('Lens export.csv', 'a.csv')
    """
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def imported_when(iso: str | None) -> str:
    """An ISO UTC timestamp as a short readable time.

    Examples
    --------
    >>> imported_when("2026-11-23T18:52:40+00:00"), imported_when(None)
    ('2026-11-23 18:52 UTC', '')
    """
    if not iso:
        return ""
    return iso[:16].replace("T", " ") + (" UTC" if iso.endswith(("+00:00", "Z")) else "")


def _stat_row(label: str, value, note: str = "") -> html.Tr:
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return html.Tr([html.Th(label), html.Td(text), html.Td(note, className="text-muted")])


# verdict -> the message style it is shown in
VERDICT_CLASS = {"green": "message message-ok", "amber": "message", "red": "message message-error"}


def verdict_view(report: ImportReport) -> html.Div:
    """The verdict in words, with the reasons it is not green."""
    reasons = [html.Li(reason) for reason in report.verdict_reasons if report.ok]
    return html.Div(
        [html.Strong(_(VERDICT_LABELS[report.verdict])), html.Ul(reasons) if reasons else None],
        className=VERDICT_CLASS[report.verdict] + " verdict",
        role="status",
    )


def report_view(report: ImportReport) -> html.Div:
    """The verdict, what was read (the rows the command line prints), then the warnings:
    the first :data:`_MAX_WARNINGS_SHOWN`, every one of them in the CSV download."""
    rows = [_stat_row(_("File"), file_name(report.file))]
    rows += [_stat_row(label, value, note) for label, value, note in summary_rows(report)[:-1]]
    parts: list = [
        verdict_view(report),
        html.Table(html.Tbody(rows), className="stat-table report-table"),
    ]
    if report.warnings:
        shown = report.warnings[:_MAX_WARNINGS_SHOWN]
        items = [html.Li(problem_text(w)) for w in shown]
        if report.warning_count > len(shown):
            more = _(
                "{more} more: every rejected row and warning is in the CSV download "
                "(Rejected rows and warnings)."
            ).format(more=format_int(report.warning_count - len(shown)))
            items.append(html.Li(more, className="text-muted"))
        parts.append(html.Ul(items, className="report-warnings"))
    return html.Div(parts)


def import_outcome(state: ImportState) -> html.Div:
    """What became of an upload, in one message worded and coloured by its verdict: active
    (green), waiting for keep or discard (amber), refused with the reason (red)."""
    report = state.report
    if state.verdict == "red" or state.dataset_id is None or report is None:
        reason = state.problem or (report.error if report is not None else None)
        after = _(". Nothing was imported; the active dataset is unchanged.")
        if state.choices is not None:
            after += " " + _("You can still import it by saying which column holds what.")
        return _message(_("Import refused (red): "), reason or _("unknown problem"), after, "red")
    what = _("{file} as {format}: {records} {unit} from {rows} rows").format(
        file=state.name,
        format=_(FORMAT_LABELS.get(report.format, report.format)),
        records=format_int(report.patents),
        unit=_(UNIT_LABELS.get(report.unit, report.unit)),
        rows=format_int(report.rows_read),
    )
    counts = _("; {rejected} rows rejected, {warnings} warnings").format(
        rejected=format_int(report.rejected_count), warnings=format_int(report.warning_count)
    )
    if state.verdict == "amber":
        after = _(
            ". Read the reasons in its report and the rejected rows below, then keep it or "
            "discard it."
        )
        return _message(_("Imported with problems (amber): "), what + counts, after, "amber")
    after = _(". It is now the active dataset; its report is below.")
    return _message(_("Imported: "), what + counts, after, "green")


def _message(lead: str, text: str, after: str, verdict: str) -> html.Div:
    return html.Div(
        [html.Strong(lead), text, after],
        className=VERDICT_CLASS[verdict],
        role="alert" if verdict == "red" else "status",
    )


def mapping_options(choices: MappingChoices) -> list[dict]:
    """The column chooser's options: the file's column names, long ones shortened in view.

    >>> mapping_options(MappingChoices(["Pub No.", "x" * 90], {}, ";"))[1]["label"][-3:]
    'xx…'
    """
    return [{"label": c if len(c) <= 60 else c[:59] + "…", "value": c} for c in choices.columns]


def _source_text(info: DatasetInfo | None, summary: DatasetSummary) -> str:
    if info is not None and info.builtin:
        parts = BUILTINS[info.dataset_id]["parts"]
        return f"{'/'.join(parts)} in the shared data folder (EV_DATA_DIR)"
    if info is not None:
        when = f", uploaded {imported_when(info.imported_at)}" if info.imported_at else ""
        return f"{file_name(info.source)}{when}"
    return summary.meta.source


def _counts_text(counts: dict[str, int], meaning: dict[str, str], total: int) -> list:
    items = []
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        share = f" ({100 * n / total:.0f}%)" if total else ""
        items.append(html.Li([html.Strong(f"{n:,}"), f"{share} {meaning.get(key, key)}"]))
    return items


def active_dataset_view(
    summary: DatasetSummary,
    info: DatasetInfo | None,
    year_bases: dict[str, int],
    codes: dict[str, int],
) -> html.Div:
    """What the active dataset is: source, attribution, counts, year basis, country rules."""
    meta = summary.meta
    badge = dataset_badge(meta)
    kind = "built-in sample" if info is not None and info.builtin else "uploaded export"
    rule_rows = sum(n for _rule, n in summary.country_rules)
    years = (
        f"{summary.year_min}–{summary.year_max}" if summary.year_min is not None else "none usable"
    )
    code_text = (
        ", ".join(f"{n:,} {scheme}" for scheme, n in sorted(codes.items()))
        if codes
        else "none: the Technology (IPC) page has nothing to draw for this dataset"
    )
    facts = [
        ("Source", _source_text(info, summary)),
        ("Read as", FORMAT_LABELS.get(meta.format, meta.format)),
        ("Attribution", meta.attribution or "not stated"),
        ("Records", f"{summary.patents:,} patents, {summary.applicants:,} distinct applicants"),
        ("Classification codes", code_text),
        ("Years", years),
    ]
    body = [
        html.Div([badge, html.Span(f" {meta.label}", className="active-label"), f" ({kind})"]),
        html.Table(
            html.Tbody([html.Tr([html.Th(k), html.Td(v)]) for k, v in facts]),
            className="stat-table facts-table",
        ),
        html.Div("Year used in every chart", className="facts-heading"),
        html.Ul(_counts_text(year_bases, YEAR_BASIS_MEANING, summary.patents)),
        html.Div(
            f"Applicant country, how it is known ({rule_rows:,} applicant rows)",
            className="facts-heading",
        ),
        html.Ul(_counts_text(dict(summary.country_rules), COUNTRY_RULE_MEANING, rule_rows)),
    ]
    if meta.notes:
        body += [
            html.Div("Caveats", className="facts-heading"),
            html.Ul([html.Li(_(note)) for note in meta.notes]),  # a built-in's: N_,
        ]
    return html.Div(body)


def _actions(info: DatasetInfo, active: str) -> list:
    """What the user can do with a dataset in the list."""
    if info.pending:
        return [
            html.Span(_("waiting for your decision"), className="badge text-bg-warning me-1"),
            _button(_("Keep"), "data-keep", info.dataset_id, "btn-outline-success"),
            _button(_("Discard"), "data-delete", info.dataset_id, "btn-outline-danger"),
        ]
    if info.dataset_id == active:
        actions = [html.Span(_("Active"), className="badge text-bg-primary")]
    elif not info.available:
        actions = [html.Span("source missing", className="text-muted")]
    else:
        actions = [
            _button(_("Make active"), "data-activate", info.dataset_id, "btn-outline-primary")
        ]
    if info.deletable:
        actions.append(_button(_("Delete"), "data-delete", info.dataset_id, "btn-outline-danger"))
    return actions


def _button(text: str, kind: str, dataset_id: str, style: str) -> html.Button:
    return html.Button(
        text, id={"type": kind, "ds": dataset_id}, className=f"btn {style} btn-sm me-1"
    )


def dataset_list_view(infos: list[DatasetInfo], active: str) -> html.Table:
    """Every dataset this browser sees: "Make active" where it can be, "Delete" on its own
    uploads, "Keep" or "Discard" on an upload imported with problems."""
    head = html.Thead(
        html.Tr(
            [
                html.Th(h)
                for h in (
                    "Dataset",
                    "Read as",
                    "Patents",
                    "Imported",
                    "Source",
                    "Attribution",
                    "Data",
                    "",
                )
            ]
        )
    )
    rows = []
    for info in infos:
        source = (
            "/".join(BUILTINS[info.dataset_id]["parts"]) if info.builtin else file_name(info.source)
        )
        rows.append(
            html.Tr(
                [
                    html.Td(info.label),
                    html.Td(FORMAT_LABELS.get(info.format, info.format)),
                    html.Td(f"{info.patents:,}" if info.patents is not None else "not read yet"),
                    html.Td(imported_when(info.imported_at) or "built in"),
                    html.Td(source, className="cell-source"),
                    html.Td(info.attribution or "—"),
                    html.Td(_DATA_KIND[_info_kind(info)]),
                    html.Td(_actions(info, active), className="cell-actions"),
                ],
                className="table-active" if info.dataset_id == active else None,
            )
        )
    return html.Table([head, html.Tbody(rows)], className="table table-sm dataset-table")


def mapping_dropdown(field: str) -> html.Div:
    """One row of the column-mapping form: the field's meaning and a column chooser."""
    return html.Div(
        [
            html.Label(FIELD_HELP[field], htmlFor=f"data-map-{field}"),
            dcc.Dropdown(
                id={"type": "data-map", "field": field},
                options=[],
                placeholder="(not in this file)",
                clearable=True,
            ),
        ],
        className="mapping-field",
    )
