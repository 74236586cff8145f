"""The Data page's figures: import reports, dataset facts and lists as components.

Kept apart from the page's callbacks so each piece reads as what it shows. Nothing here
touches the browser state or the disk.
"""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from app.i18n import _, format_int
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
    "count",
    "csv_frame",
    "dataset_list_view",
    "file_name",
    "import_outcome",
    "imported_when",
    "mapping_dropdown",
    "mapping_options",
    "report_view",
]

FORMAT_LABELS = {
    "lens": "Lens.org patent CSV",
    "espacenet": "Espacenet result list (CSV)",
    "patentsview": "PatentsView tables (g_*.tsv, .tsv.zip)",
    "ops-flat": "EPO OPS flat CSV",
    "generic": "CSV or XLSX with a column mapping",
    "synthetic": "Generated (synthetic)",
}
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


def count(n: int, noun: str) -> str:
    """
    Examples
    --------
    >>> count(1, "warning"), count(1200, "row")
    ('1 warning', '1,200 rows')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


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


def report_view(report: ImportReport, rejected_total: int | None = None) -> html.Div:
    """Counts, then warnings (the first few, with how many more). ``rejected_total``: how
    many rows were rejected (a stored report keeps only the first ones)."""
    rejected = len(report.rejected) if rejected_total is None else rejected_total
    fmt = FORMAT_LABELS.get(report.format, report.format)
    rows = [
        _stat_row("File", file_name(report.file)),
        _stat_row("Read as", fmt),
        _stat_row("Rows read", report.rows_read, "data rows below the header"),
        _stat_row("Patents imported", report.patents),
        _stat_row("Applicant rows", report.applicants, "one per patent and applicant"),
        _stat_row("IPC / CPC code rows", report.ipc_codes, "one per patent and code"),
        _stat_row("Rejected rows", rejected, "listed below" if rejected else ""),
        _stat_row("Warnings", len(report.warnings)),
    ]
    parts: list = [html.Table(html.Tbody(rows), className="stat-table report-table")]
    if report.warnings:
        shown = report.warnings[:_MAX_WARNINGS_SHOWN]
        items = [html.Li(w) for w in shown]
        if len(report.warnings) > len(shown):
            items.append(html.Li(f"... and {len(report.warnings) - len(shown):,} more"))
        parts.append(html.Ul(items, className="report-warnings"))
    return html.Div(parts)


def import_outcome(state: ImportState) -> html.Div:
    """What became of an upload, in one message coloured by its verdict: active (green),
    waiting for keep or discard (amber), refused with the reason (red)."""
    report = state.report
    if state.verdict == "red" or state.dataset_id is None:
        reason = state.problem or (report.error if report is not None else None)
        after = _("Nothing has changed.")
        if state.choices is not None:
            after += " " + _("You can still import it by saying which column holds what.")
        lead = _("Not imported: ")
        return _message(lead, reason or _("the file could not be read"), after, "message-error")
    counts = _(
        "{file} read as {format}: {patents} patents from {rows} rows, {rejected} rows rejected, "
        "{warnings} warnings."
    ).format(
        file=state.name,
        format=FORMAT_LABELS.get(report.format, report.format),
        patents=format_int(report.patents),
        rows=format_int(report.rows_read),
        rejected=format_int(state.rejected_total),
        warnings=format_int(len(report.warnings)),
    )
    if state.verdict == "amber":
        after = _("Read the report and the rejected rows below, then keep it or discard it.")
        return _message(_("Imported with problems: "), counts, after, "")
    return _message(_("Imported: "), counts, _("It is now the active dataset."), "message-ok")


def _message(lead: str, text: str, after: str, kind: str) -> html.Div:
    return html.Div(
        [html.Strong(lead), text, " ", after],
        className=f"message {kind}".strip(),
        role="alert" if kind == "message-error" else "status",
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
            html.Ul([html.Li(note) for note in meta.notes]),
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
