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
from app.services import DatasetSummary
from app.store.corpora import BUILTINS, DatasetInfo
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
    "import_status",
    "imported_when",
    "mapping_dropdown",
    "rejected_rows",
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
        if len(report.warnings) > len(shown):
            more = _(
                "{more} more: every rejected row and warning is in the CSV download "
                "(Rejected rows and warnings)."
            ).format(more=format_int(len(report.warnings) - len(shown)))
            items.append(html.Li(more, className="text-muted"))
        parts.append(html.Ul(items, className="report-warnings"))
    return html.Div(parts)


def rejected_rows(report: ImportReport | None) -> list[dict]:
    """The rejected rows as table records (row, field, reason, value)."""
    if report is None:
        return []
    return [
        {"row": r.row, "field": r.field, "reason": r.reason, "value": r.value}
        for r in report.rejected
    ]


def import_status(report: ImportReport, dataset_id: str | None) -> html.Div:
    """The one-line outcome of an import, worded by its verdict: what is now active (green),
    active with problems to look at (amber), or refused with nothing changed (red)."""
    name = file_name(report.file)
    if dataset_id is None:
        return html.Div(
            [
                html.Strong(_("Import refused (red): ")),
                report.error or _("unknown problem"),
                _(". Nothing was imported; the active dataset is unchanged."),
            ],
            className=VERDICT_CLASS["red"],
            role="alert",
        )
    what = _("{file} as {format}: {records} {unit} from {rows} rows").format(
        file=name,
        format=_(FORMAT_LABELS.get(report.format, report.format)),
        records=format_int(report.patents),
        unit=_(UNIT_LABELS.get(report.unit, report.unit)),
        rows=format_int(report.rows_read),
    )
    counts = _("; {rejected} rows rejected, {warnings} warnings").format(
        rejected=format_int(len(report.rejected)), warnings=format_int(len(report.warnings))
    )
    if report.verdict == "green":
        head, tail = _("Imported: "), _(". It is now the active dataset; its report is below.")
    else:
        head = _("Imported with problems (amber): ")
        tail = _(
            ". It is now the active dataset: read the reasons in its report below before "
            "you use its figures."
        )
    return html.Div(
        [html.Strong(head), what + counts + tail],
        className=VERDICT_CLASS[report.verdict],
        role="status",
    )


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
            html.Ul([html.Li(note) for note in meta.notes]),
        ]
    return html.Div(body)


def dataset_list_view(infos: list[DatasetInfo], active: str) -> html.Table:
    """Every dataset, with a "Make active" button on those that are present and not active."""
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
        if info.dataset_id == active:
            action = html.Span("Active", className="badge text-bg-primary")
        elif not info.available:
            action = html.Span("source missing", className="text-muted")
        else:
            action = html.Button(
                "Make active",
                id={"type": "data-activate", "ds": info.dataset_id},
                className="btn btn-outline-primary btn-sm",
            )
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
                    html.Td(action),
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
