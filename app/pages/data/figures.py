"""The Data page's figures: import reports, dataset facts and lists as components.

Kept apart from the page's callbacks so each piece reads as what it shows. Nothing here
touches the browser state or the disk.
"""

from __future__ import annotations

import string

import pandas as pd
from dash import dcc, html

from app.i18n import N_, _, format_int, ngettext
from app.ingest import progress
from app.ingest.report import (
    FORMAT_LABELS,
    UNIT_LABELS,
    VERDICT_LABELS,
    summary_rows,
)
from app.ingest.schema import ImportReport
from app.ingest.uploads import MappingChoices
from app.services import DatasetSummary
from app.store.corpora import BUILTINS, DatasetInfo
from app.store.uploads import ImportProgress, ImportState
from app.ui.badges import dataset_badge, dataset_label
from app.ui.tables import csv_safe

_DATA_KIND = {
    "real": N_("real (curated sample)"),
    "upload": N_("uploaded export"),
    "synthetic": N_("generated (synthetic)"),
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
    "problem_item",
    "report_view",
    "verdict_view",
    "with_parts",
]

# The format selector offers "generic" as an action (all labels: N_, translated where shown).
FORMAT_CHOICES = FORMAT_LABELS | {"generic": N_("Any CSV or XLSX (map the columns)")}

COUNTRY_RULE_MEANING = {
    "source": N_("stated in the export itself"),
    "alias_table": N_("curated in the applicant alias table from public knowledge of the firm"),
    "priority_office": N_("office of the earliest priority filing (a proxy)"),
    "jurisdiction": N_("office that published a national filing (a weak proxy)"),
    "unknown": N_("not known"),
}

YEAR_BASIS_MEANING = {
    "priority": N_("priority year"),
    "filing": N_("filing year"),
    "publication": N_("publication year"),
    "unknown": N_("no usable date"),
}

FIELD_HELP = {
    "patent_id": N_("Record identifier (this or the publication number is required)"),
    "publication_number": N_("Publication number, e.g. {example}"),
    "application_number": N_("Application number"),
    "jurisdiction": N_("Publishing office (US, EP, CN, ...)"),
    "title": N_("Title"),
    "priority_date": N_("Earliest priority date"),
    "filing_date": N_("Filing (application) date"),
    "publication_date": N_("Publication date"),
    "priority_office": N_("Office of the earliest priority (country proxy)"),
    "priority_numbers": N_("Priority numbers (first two letters = office)"),
    "applicants": N_("Applicants (several split on the separator)"),
    "applicant_countries": N_("Applicant countries, same order as applicants"),
    "inventors": N_("Inventors"),
    "ipc": N_("IPC codes"),
    "cpc": N_("CPC codes"),
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


def _stat_row(label: str, value, note: str = "", data: bool = False) -> html.Tr:
    """A row of a report table; ``data``: the value is the file's own (its name)."""
    text = format_int(value) if isinstance(value, int) else str(value)
    cell = html.Td(text, className="data-value") if data else html.Td(text)
    return html.Tr([html.Th(label), cell, html.Td(note, className="text-muted")])


def with_parts(sentence: str, /, **parts) -> list:
    """A translated sentence whose ``{name}`` placeholders are components (a link, a file's
    own words) or lists of them: the sentence is translated whole, then split where they go.

    >>> with_parts("{a} and {b}", a="x", b=["y", "z"])
    ['x', ' and ', 'y', 'z']
    """
    pieces: list = []
    for literal, name, _spec, _conversion in string.Formatter().parse(sentence):
        pieces += [literal] if literal else []
        if name is not None:
            part = parts[name]
            pieces += part if isinstance(part, list) else [part]
    return pieces


def problem_item(problem) -> html.Li:
    """One warning as :func:`~app.ingest.report.problem_text` words it, in the reader's
    language, with the file's own words (its column name and value) marked as data."""
    field = html.Span(problem.field, className="data-value") if problem.field else None
    row = format_int(problem.row) if problem.row is not None else None
    if row is not None and field is not None:
        place = with_parts(_("row {row}, {field}"), row=row, field=field)
    elif row is not None:
        place = [_("row {row}").format(row=row)]
    else:
        place = [field] if field is not None else []
    text = (
        with_parts(_("{place}: {reason}"), place=place, reason=problem.reason)
        if place
        else [problem.reason]
    )
    if problem.value:
        value = html.Span(repr(problem.value), className="data-value")
        text = with_parts(_("{text} ({value})"), text=text, value=value)
    return html.Li(text)


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
    rows = [_stat_row(_("File"), file_name(report.file), data=True)]
    rows += [_stat_row(label, value, note) for label, value, note in summary_rows(report)[:-1]]
    parts: list = [
        verdict_view(report),
        html.Table(html.Tbody(rows), className="stat-table report-table"),
    ]
    if report.warnings:
        shown = report.warnings[:_MAX_WARNINGS_SHOWN]
        items = [problem_item(w) for w in shown]
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
    rejected, warnings = report.rejected_count, report.warning_count
    counts = _("; {rejected}, {warnings}").format(
        rejected=ngettext("{n} row rejected", "{n} rows rejected", rejected).format(
            n=format_int(rejected)
        ),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=format_int(warnings)),
    )
    if state.verdict == "amber":
        after = _(
            ". Read the reasons in its report and the rejected rows below, then keep it or "
            "discard it."
        )
        return _message(_("Imported with problems (amber): "), what + counts, after, "amber")
    after = _(". It is now the active dataset; its report is below.")
    return _message(_("Imported: "), what + counts, after, "green")


# an import's stages (app.ingest.progress), as the step indicator names them
STEP_LABELS = {
    progress.READING: N_("Reading the file"),
    progress.ASSEMBLING: N_("Checking and assembling records"),
    progress.STORING: N_("Storing the dataset"),
}


def elapsed_text(seconds: float) -> str:
    """A running time in whole seconds, minutes from one minute on.

    >>> elapsed_text(7.9), elapsed_text(125)
    ('7 s', '2 min 5 s')
    """
    whole = max(0, int(seconds))
    if whole < 60:
        return _("{seconds} s").format(seconds=format_int(whole))
    return _("{minutes} min {seconds} s").format(
        minutes=format_int(whole // 60), seconds=whole % 60
    )


def _progress_note(job: ImportProgress | None) -> str:
    """What the import is doing now, in a sentence (an honest one: a file being read gives
    no measure of how far it has got)."""
    stage = job.stage if job is not None else None
    if stage is None:
        return _("Waiting to start (other imports may be ahead of this one).")
    if stage == progress.READING or job.rows is None:
        return _(
            "The file is read in one pass, so how far it has got cannot be measured; the "
            "number of rows appears once it has been read."
        )
    rows = format_int(job.rows)
    if stage == progress.ASSEMBLING:
        return _("{rows} rows read; checking them and assembling the records.").format(rows=rows)
    return _("{rows} rows read; storing the dataset.").format(rows=rows)


def progress_view(name: str, job: ImportProgress | None) -> html.Div:
    """An import while it runs: the three stages with the current one marked, a bar that
    fills by the stages passed (moving without a value while the file is read: there is no
    percentage to show), what it is doing now and the time it has taken so far."""
    stage = job.stage if job is not None else None
    reached = progress.STAGES.index(stage) if stage is not None else -1
    step_text = _(STEP_LABELS[stage]) if stage is not None else _("Waiting to start")
    where = _("Step {step} of {steps}: {stage}").format(
        step=reached + 1, steps=len(progress.STAGES), stage=step_text
    )
    bar = {"max": len(progress.STAGES)}
    if reached > 0:  # the stages before this one are done; reading has no measure
        bar["value"] = reached
    steps = []
    for index, each in enumerate(progress.STAGES):
        state = "done" if index < reached else "current" if index == reached else "todo"
        marker = "✓" if state == "done" else str(index + 1)
        steps.append(
            html.Li(
                [
                    html.Span(marker, className="import-step-marker", **{"aria-hidden": "true"}),
                    html.Span(_(STEP_LABELS[each]), className="import-step-label"),
                ],
                className=f"import-step import-step-{state}",
                **({"aria-current": "step"} if state == "current" else {}),
            )
        )
    return html.Div(
        [
            html.Div(
                [
                    html.Strong(
                        with_parts(
                            _("Importing {file}"), file=html.Span(name, className="data-value")
                        )
                    ),
                    html.Span(
                        _("{time} so far").format(time=elapsed_text(job.seconds if job else 0)),
                        className="import-elapsed",
                    ),
                ],
                className="import-progress-head",
            ),
            html.Progress(
                className="import-progress-bar",
                **bar,
                **{
                    "aria-label": _("Import progress"),
                    "aria-valuetext": where if stage is not None else step_text,
                },
            ),
            html.Ol(steps, className="import-steps", **{"aria-label": _("Import stages")}),
            html.Div(_progress_note(job), className="import-progress-note", role="status"),
        ],
        className="message import-progress",
    )


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


def _source_text(info: DatasetInfo | None, summary: DatasetSummary) -> list:
    """Where the dataset's records come from: a built-in's files in the shared data folder,
    an upload's file name and when it came (file names are data, marked so)."""
    if info is not None and info.builtin:
        parts = BUILTINS[info.dataset_id]["parts"]
        return [html.Span("/".join(parts), className="data-value"), _(" in the shared data folder")]
    if info is not None:
        name = html.Span(file_name(info.source), className="data-value")
        if not info.imported_at:
            return [name]
        when = html.Span(imported_when(info.imported_at), className="data-value")
        return [name, *with_parts(_(", uploaded {when}"), when=when)]
    return [html.Span(summary.meta.source, className="data-value")]


def _counts_text(counts: dict[str, int], meaning: dict[str, str], total: int) -> list:
    items = []
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        share = f" ({100 * n / total:.0f}%)" if total else ""
        what = _(meaning[key]) if key in meaning else key
        items.append(html.Li([html.Strong(format_int(n)), f"{share} {what}"]))
    return items


def attribution_view(attribution: str | None) -> html.Span | str:
    """A source's own name, as it writes itself (a data value, in its own language)."""
    if not attribution:
        return _("not stated")
    return html.Span(attribution, className="data-value", lang="en")


def _dataset_name(dataset_id: str, label: str) -> html.Span:
    """A built-in dataset's name in the reader's language; an upload's as its owner gave it."""
    if dataset_id in BUILTINS:
        return html.Span(dataset_label(dataset_id, label))
    return html.Span(label, className="data-value")


def _records_text(patents: int, applicants: int) -> str:
    return ngettext("{patents} patent", "{patents} patents", patents).format(
        patents=format_int(patents)
    ) + _(", {applicants} distinct applicants").format(applicants=format_int(applicants))


def active_dataset_view(
    summary: DatasetSummary,
    info: DatasetInfo | None,
    year_bases: dict[str, int],
    codes: dict[str, int],
) -> html.Div:
    """What the active dataset is: source, attribution, counts, year basis, country rules."""
    meta = summary.meta
    badge = dataset_badge(meta)
    kind = _("built-in sample") if info is not None and info.builtin else _("uploaded export")
    rule_rows = sum(n for _rule, n in summary.country_rules)
    years = (
        f"{summary.year_min}–{summary.year_max}"
        if summary.year_min is not None
        else _("none usable")
    )
    code_text = (
        ", ".join(f"{format_int(n)} {scheme}" for scheme, n in sorted(codes.items()))
        if codes
        else _("none: the Technology (IPC) page has nothing to draw for this dataset")
    )
    facts = [
        (_("Source"), _source_text(info, summary)),
        (_("Read as"), _(FORMAT_LABELS.get(meta.format, meta.format))),
        (_("Attribution"), attribution_view(meta.attribution)),
        (_("Records"), _records_text(summary.patents, summary.applicants)),
        (_("Classification codes"), code_text),
        (_("Years"), years),
    ]
    body = [
        html.Div(
            [
                badge,
                " ",
                html.Span(_dataset_name(meta.dataset_id, meta.label), className="active-label"),
                _(" ({kind})").format(kind=kind),
            ]
        ),
        html.Table(
            html.Tbody([html.Tr([html.Th(k), html.Td(v)]) for k, v in facts]),
            className="stat-table facts-table",
        ),
        html.Div(_("Year used in every chart"), className="facts-heading"),
        html.Ul(_counts_text(year_bases, YEAR_BASIS_MEANING, summary.patents)),
        html.Div(
            _("Applicant country, how it is known ({rows} applicant rows)").format(
                rows=format_int(rule_rows)
            ),
            className="facts-heading",
        ),
        html.Ul(_counts_text(dict(summary.country_rules), COUNTRY_RULE_MEANING, rule_rows)),
    ]
    if meta.notes:
        body += [
            html.Div(_("Caveats"), className="facts-heading"),
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
        actions = [html.Span(_("source missing"), className="text-muted")]
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


def _dataset_row(info: DatasetInfo, active: str, headers: list[str]) -> html.Tr:
    """One dataset of the list; each cell carries its column's name (``data-label``) for the
    phone layout, where a row is a small card of label and value."""
    if info.builtin:
        source = "/".join(BUILTINS[info.dataset_id]["parts"])
    else:
        source = file_name(info.source)
    imported = (
        html.Span(imported_when(info.imported_at), className="data-value")
        if info.imported_at
        else _("built in")
    )
    cells = [
        (_dataset_name(info.dataset_id, info.label), None),
        (_(FORMAT_LABELS.get(info.format, info.format)), None),
        (format_int(info.patents) if info.patents is not None else _("not read yet"), None),
        (imported, None),
        (source, "cell-source data-value"),
        (attribution_view(info.attribution) if info.attribution else "—", None),
        (_(_DATA_KIND[_info_kind(info)]), None),
        (_actions(info, active), "cell-actions"),
    ]
    return html.Tr(
        [
            html.Td(value, className=css, **{"data-label": header})
            for (value, css), header in zip(cells, headers, strict=True)
        ],
        className="table-active" if info.dataset_id == active else None,
    )


def dataset_list_view(infos: list[DatasetInfo], active: str) -> html.Table:
    """Every dataset this browser sees: "Make active" where it can be, "Delete" on its own
    uploads, "Keep" or "Discard" on an upload imported with problems."""
    headers = [
        _("Dataset"),
        _("Read as"),
        _("Patents"),
        _("Imported"),
        _("Source"),
        _("Attribution"),
        _("Data"),
        "",
    ]
    head = html.Thead(html.Tr([html.Th(h) for h in headers]))
    rows = [_dataset_row(info, active, headers) for info in infos]
    return html.Table([head, html.Tbody(rows)], className="table table-sm dataset-table")


def _field_help(field: str) -> str:
    return _(FIELD_HELP[field]).format(example="EP 4123456 A1")


def mapping_dropdown(field: str) -> html.Div:
    """One row of the column-mapping form: the field's meaning and a column chooser."""
    return html.Div(
        [
            html.Label(_field_help(field), htmlFor=f"data-map-{field}"),
            dcc.Dropdown(
                id={"type": "data-map", "field": field},
                options=[],
                placeholder=_("(not in this file)"),
                clearable=True,
            ),
        ],
        className="mapping-field",
    )
