"""``python -m app import FILE``: import a patent export into the dataset cache.

Prints what was read, kept and rejected (a table, or one JSON object with ``--json``).
Exit status: 0 imported, 1 the file was read but rejected, 2 missing or unreadable file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app.ingest.importer import FORMATS
from app.ingest.schema import ImportReport
from app.store.corpora import import_file

NAME = "import"
HELP = "import a patent export (Lens, Espacenet, PatentsView, OPS flat, generic) as a dataset"
_LISTED = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the export file (or a folder of PatentsView tables)")
    parser.add_argument(
        "--format", choices=FORMATS, help="force the format (default: recognised from header)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--label", help="name shown in the dataset selector")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="generic format: which column holds a field (repeat), e.g. --map applicants=Assignee",
    )
    parser.add_argument(
        "--sep", default=";", help="generic format: separator of multi-valued cells (default ;)"
    )


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, eq, column = pair.partition("=")
        if not eq or not field.strip() or not column.strip():
            raise ValueError(f"--map expects FIELD=COLUMN, got {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping or None


def _print_table(report: ImportReport, dataset_id: str | None) -> None:
    out = sys.stdout if report.ok else sys.stderr
    rows = [
        ("file", report.file),
        ("format", report.format),
        ("rows read", f"{report.rows_read:,}"),
        ("patents", f"{report.patents:,}"),
        ("applicant rows", f"{report.applicants:,}"),
        ("IPC/CPC codes", f"{report.ipc_codes:,}"),
        ("rejected rows", f"{len(report.rejected):,}"),
    ]
    if dataset_id:
        rows.append(("dataset", dataset_id))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}", file=out)
    if report.error:
        print(f"\nimport failed: {report.error}", file=out)
    if report.rejected:
        print("\nrejected (row, field, reason, value):", file=out)
        for r in report.rejected[:_LISTED]:
            print(f"  {r.row:>7}  {r.field}  {r.reason}  {r.value!r}", file=out)
        if len(report.rejected) > _LISTED:
            print(f"  ... and {len(report.rejected) - _LISTED:,} more", file=out)
    if report.warnings:
        print("\nwarnings:", file=out)
        for warning in report.warnings:
            print(f"  - {warning}", file=out)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        print(f"error: {path} not found", file=sys.stderr)
        return 2
    if not os.access(path, os.R_OK):
        print(f"error: {path} cannot be read (permission denied)", file=sys.stderr)
        return 2
    try:
        mapping = _mapping(args.map)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report, dataset_id = import_file(path, args.format, args.label, mapping=mapping, sep=args.sep)
    if args.json:
        print(json.dumps({**report.to_dict(), "dataset_id": dataset_id}, ensure_ascii=False))
    else:
        _print_table(report, dataset_id)
    return 0 if report.ok else 1
