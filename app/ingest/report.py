"""The import report as people read it: one set of rows for the command line and the Data
page, the verdict in words, and every rejected row and warning as one table to download.

The counts come from :class:`~app.ingest.schema.ImportReport`; this module only words
them, in the language of the request (:mod:`app.i18n`), so the browser and the CLI say
the same thing.
"""

from __future__ import annotations

import pandas as pd

from app.i18n import N_, _, format_int, format_percent_value
from app.ingest.schema import ImportReport, Problem

__all__ = [
    "COUNTRY_RULE_LABELS",
    "FORMAT_LABELS",
    "PROBLEM_COLUMNS",
    "UNIT_LABELS",
    "VERDICT_LABELS",
    "problem_text",
    "problems_frame",
    "summary_rows",
]

FORMAT_LABELS = {
    "lens": N_("Lens.org patent CSV"),
    "espacenet": N_("Espacenet result list (CSV)"),
    "epo-linked": N_("EPO linked open data (one row per publication, applicant and code)"),
    "google": N_("Google Patents result CSV"),
    "bigquery": N_("BigQuery patents-public-data results (CSV or JSON)"),
    "incopat": N_("incoPat export (XLSX or CSV)"),
    "derwent": N_("Derwent Innovation table or Derwent Innovations Index text"),
    "patentsview": N_("PatentsView tables (g_*.tsv, .tsv.zip)"),
    "ops-flat": N_("EPO OPS flat CSV"),
    "generic": N_("CSV or XLSX with a column mapping"),
    "synthetic": N_("Generated (synthetic)"),
}
# what one record is, as a plural noun for counts ("2,196 applications")
UNIT_LABELS = {
    "application": N_("applications"),
    "publication": N_("publications"),
    "family": N_("patent families"),
    "patent": N_("granted patents"),
    "record": N_("records"),
}
COUNTRY_RULE_LABELS = {
    "source": N_("stated in the export"),
    "alias_table": N_("alias table"),
    "priority_office": N_("priority office (a proxy)"),
    "jurisdiction": N_("publication office (a weak proxy)"),
    "unknown": N_("unknown"),
}
VERDICT_LABELS = {
    "green": N_("Green: read cleanly"),
    "amber": N_("Amber: read, with problems to look at before you use it"),
    "red": N_("Red: refused; nothing was imported and nothing changed"),
}
PROBLEM_COLUMNS = ("kind", "row", "field", "value", "reason")


def _share(part: int, whole: int) -> str:
    return format_percent_value(part / whole) if whole else "-"


def _country_note(report: ImportReport) -> str:
    rules = sorted(report.country_rules.items(), key=lambda kv: -kv[1])
    return "; ".join(
        f"{_(COUNTRY_RULE_LABELS.get(rule, rule))} {format_int(n)}" for rule, n in rules
    )


def summary_rows(report: ImportReport) -> list[tuple[str, str, str]]:
    """``(label, value, note)`` rows saying what was read, in the request's language."""
    unit = _(UNIT_LABELS.get(report.unit, report.unit))
    years = (
        f"{report.year_min}" + ("" if report.year_max == report.year_min else f"-{report.year_max}")
        if report.year_min is not None
        else _("none")
    )
    rejected = len(report.rejected)
    return [
        (_("Read as"), _(FORMAT_LABELS.get(report.format, report.format)), ""),
        (_("Rows read"), format_int(report.rows_read), _("data rows below the header")),
        (
            _("Records"),
            format_int(report.patents),
            _("records are {unit}").format(unit=unit),
        ),
        (
            _("Applicant links"),
            format_int(report.applicants),
            _("one per record and applicant"),
        ),
        (
            _("Records with 2+ applicants"),
            format_int(report.multi_applicant),
            _share(report.multi_applicant, report.patents),
        ),
        (
            _("Code links (IPC and CPC)"),
            format_int(report.ipc_codes),
            _("{codes} distinct codes").format(codes=format_int(report.distinct_codes)),
        ),
        (
            _("Applicant links with a country"),
            f"{format_int(report.applicants_with_country)} "
            f"({_share(report.applicants_with_country, report.applicants)})",
            _country_note(report),
        ),
        (_("Years"), years, ""),
        (_("Rejected rows"), format_int(rejected), _share(rejected, report.rows_read)),
        (_("Warnings"), format_int(len(report.warnings)), ""),
        (_("Verdict"), _(VERDICT_LABELS[report.verdict]), " ".join(report.verdict_reasons)),
    ]


def problem_text(problem: Problem) -> str:
    """One problem as a sentence: where, what, and the value.

    Examples
    --------
    >>> problem_text(Problem(12, "IPC", "unreadable code dropped", "BATTERY"))
    "row 12, IPC: unreadable code dropped ('BATTERY')"
    >>> problem_text(Problem(None, "", "read as Windows-1252"))
    'read as Windows-1252'
    """
    where = []
    if problem.row is not None:
        where.append(_("row {row}").format(row=problem.row))
    if problem.field:
        where.append(problem.field)
    text = f"{', '.join(where)}: {problem.reason}" if where else problem.reason
    return f"{text} ({problem.value!r})" if problem.value else text


def problems_frame(report: ImportReport) -> pd.DataFrame:
    """Every rejected row and every warning, uncapped: ``kind``, ``row``, ``field``,
    ``value``, ``reason`` (for a CSV download; rows without a line number are file-wide)."""
    rows = [("rejected", p) for p in report.rejected] + [("warning", p) for p in report.warnings]
    frame = pd.DataFrame(
        {
            "kind": [kind for kind, _p in rows],
            "row": pd.array([p.row for _k, p in rows], dtype="Int64"),
            "field": [p.field for _k, p in rows],
            "value": [p.value for _k, p in rows],
            "reason": [p.reason for _k, p in rows],
        },
        columns=list(PROBLEM_COLUMNS),
    )
    return frame.astype({"kind": "str", "field": "str", "value": "str", "reason": "str"})
