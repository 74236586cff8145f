"""``python -m app import FILE``: import a patent export into the dataset cache.

Prints what was read, kept and rejected and the verdict (the same rows as the Data page),
or one JSON object with ``--json``; ``--problems FILE.csv`` writes every rejected row and
warning. Exit status: 0 imported clean (green), 3 imported with problems (amber), 1
refused (red: nothing was imported), 2 missing or unreadable file, or a usage error.
While the file is read, the stage reached and the rows read so far go to stderr (one line
rewritten in place on a terminal, plain lines otherwise), whatever goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from app.i18n import LANGUAGES, _, format_int, use_language
from app.ingest import progress
from app.ingest.importer import FORMATS
from app.ingest.report import problem_text, problems_frame, summary_rows
from app.ingest.schema import ImportReport
from app.store.corpora import import_file

NAME = "import"
HELP = (
    "import a patent export (Lens, Espacenet, EPO linked data, Google Patents, BigQuery, "
    "incoPat, Derwent, PatentsView, OPS flat, generic) as a dataset"
)
EXIT = {"green": 0, "amber": 3, "red": 1}
_LISTED = 20
_PROGRESS_SECONDS = 2.0  # between two progress lines of the same stage


class _ProgressPrinter:
    """Prints an import job's progress to stderr: at every new stage and every
    _PROGRESS_SECONDS; on a terminal as one line rewritten in place."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = self.printed = time.monotonic()
        self.stage: str | None = None
        self.in_place = sys.stderr.isatty()

    def __call__(self, record: dict) -> None:
        now = time.monotonic()
        if record.get("stage") == self.stage and now - self.printed < _PROGRESS_SECONDS:
            return
        self.stage, self.printed = record.get("stage"), now
        line = self._text(record, round(now - self.started))
        if self.in_place:
            print(f"\r{line}\x1b[K", end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def _text(self, record: dict, seconds: int) -> str:
        rows = format_int(record["rows"]) if record.get("rows") is not None else None
        if self.stage == progress.STORING and rows is not None:
            text = _("{file}: {rows} rows read; storing the dataset... {seconds} s")
        elif self.stage == progress.ASSEMBLING and rows is not None:
            text = _("{file}: {rows} rows read; checking and assembling... {seconds} s")
        else:
            text = _("{file}: reading... {seconds} s")
        return text.format(file=self.name, rows=rows, seconds=format_int(seconds))

    def close(self) -> None:
        """End the line rewritten in place, so that what follows starts on its own."""
        if self.in_place and self.stage is not None:
            print(file=sys.stderr, flush=True)


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
        "--sep",
        default=None,
        help="generic format: one separator for every multi-valued column "
        "(default: each column's own, read from its cells)",
    )
    parser.add_argument(
        "--problems", metavar="CSV", help="write every rejected row and warning to this CSV file"
    )
    parser.add_argument(
        "--lang", choices=tuple(LANGUAGES), default="en", help="language of the report"
    )


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, eq, column = pair.partition("=")
        if not eq or not field.strip() or not column.strip():
            raise ValueError(_("--map expects FIELD=COLUMN, got {pair}").format(pair=repr(pair)))
        mapping[field.strip()] = column.strip()
    return mapping or None


def _print_problems(title: str, problems: list, out, more_hint: str) -> None:
    if not problems:
        return
    print(f"\n{title}", file=out)
    for problem in problems[:_LISTED]:
        print(f"  - {problem_text(problem)}", file=out)
    if len(problems) > _LISTED:
        print(f"  {more_hint}", file=out)


def _print_table(report: ImportReport, dataset_id: str | None, problems_file: str | None) -> None:
    out = sys.stdout if report.ok else sys.stderr
    rows = [(_("File"), report.file, ""), *summary_rows(report)]
    if dataset_id:
        rows.append((_("Dataset"), dataset_id, ""))
    width = max(len(label) for label, _v, _n in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value}" + (f"  ({note})" if note else ""), file=out)
    if report.error:
        print("\n" + _("Import refused: {problem}").format(problem=report.error), file=out)
    hint = (
        _("the full list is in {file}").format(file=problems_file)
        if problems_file
        else _("the rest: run again with --problems FILE.csv")
    )
    _print_problems(_("Rejected rows:"), report.rejected, out, hint)
    _print_problems(_("Warnings:"), report.warnings, out, hint)


def run(args: argparse.Namespace) -> int:
    with use_language(args.lang):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        print(_("error: {file} not found").format(file=path), file=sys.stderr)
        return 2
    if not os.access(path, os.R_OK):
        print(
            _("error: {file} cannot be read (permission denied)").format(file=path), file=sys.stderr
        )
        return 2
    try:
        mapping = _mapping(args.map)
    except ValueError as exc:
        print(_("error: {problem}").format(problem=exc), file=sys.stderr)
        return 2
    printer = _ProgressPrinter(path.name)
    printer({"stage": progress.READING, "rows": None})  # at once: a small file is read in less
    try:
        report, dataset_id = import_file(
            path, args.format, args.label, mapping=mapping, sep=args.sep, on_progress=printer
        )
    finally:
        printer.close()
    if args.problems:
        problems_frame(report).to_csv(args.problems, index=False)
    if args.json:
        print(json.dumps({**report.to_dict(), "dataset_id": dataset_id}, ensure_ascii=False))
    else:
        _print_table(report, dataset_id, args.problems)
    return EXIT[report.verdict]
