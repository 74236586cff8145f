"""``python -m app early-warning FILE_OR_DATASET_ID``: what moved in the recent years.

Reads a patent export (any format :func:`app.ingest.importer.import_export` knows; nothing
is stored) or a dataset of the store by its id, and prints the early-warning signals of
:mod:`app.analysis.early_warning`: new entrants, rising codes, bursts, concentration, new
ties (a summary, or one JSON object with ``--json``).

Exit status: 0 signals computed; 1 the data were read but do not cover the windows (the
output says which years are missing; one line on stderr too) or the export was rejected;
2 a missing file, an unknown dataset or a bad option value. Errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from app.analysis.early_warning import DEFAULT_BASELINE, DEFAULT_RECENT, Thresholds, early_warning
from app.analysis.early_warning.report import EarlyWarning
from app.cli.json_output import rounded
from app.ingest.importer import import_export
from app.ingest.schema import Corpus

NAME = "early-warning"
HELP = "early-warning signals of an export or dataset: new entrants, rising codes, bursts, ..."
_SHOWN = 10  # rows per list in the text summary


class UsageError(Exception):
    """Bad input named on the command line: one line on stderr, exit status 2."""


class ImportFailed(Exception):
    """The export was read and rejected: one line on stderr, exit status 1."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sub-command's options."""
    parser.add_argument(
        "source", metavar="FILE_OR_DATASET_ID", help="an export file or a dataset id"
    )
    parser.add_argument("--recent", type=int, default=DEFAULT_RECENT, help="recent window, years")
    parser.add_argument(
        "--baseline", type=int, default=DEFAULT_BASELINE, help="baseline window, years"
    )
    parser.add_argument("--as-of", type=int, help="data complete to the end of this year")
    parser.add_argument("--firm", help="also report this applicant's new codes and partners")
    parser.add_argument("--s", type=float, default=Thresholds.burst_s, help="burst rate factor")
    parser.add_argument(
        "--gamma", type=float, default=Thresholds.burst_gamma, help="burst entry cost weight"
    )
    parser.add_argument(
        "--alpha", type=float, default=Thresholds.alpha, help="family-wise significance level"
    )
    parser.add_argument(
        "--limit", type=int, default=50, help="rows per list in --json (0: all; default 50)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _load(source: str) -> tuple[Corpus, dict]:
    """The corpus behind ``source`` (a file, else a dataset id) and what it is."""
    path = Path(source)
    if path.exists():
        corpus, report = import_export(path)
        if corpus is None:
            raise ImportFailed(report.error)
        return corpus, {"file": str(path), "format": report.format, "patents": report.patents}
    from app.store.corpora import DatasetError, list_datasets, load_corpus

    try:
        corpus = load_corpus(source)
    except DatasetError as exc:
        known = ", ".join(d.dataset_id for d in list_datasets())
        raise UsageError(f"{exc}: not a file either (datasets: {known})") from None
    meta = corpus.meta
    return corpus, {"dataset": meta.dataset_id, "label": meta.label, "synthetic": meta.synthetic}


def _check(args: argparse.Namespace) -> None:
    for option in ("recent", "baseline"):
        if getattr(args, option) < 1:
            raise UsageError(f"--{option} must be at least 1 year")
    if args.s <= 1:
        raise UsageError("--s must exceed 1 (the burst rate is s times the base rate)")
    if args.gamma < 0:
        raise UsageError("--gamma must be 0 or more")
    if not 0 < args.alpha <= 1:
        raise UsageError("--alpha must lie in (0, 1]")
    if args.limit < 0:
        raise UsageError("--limit must be 0 or more")


def _summary(result: EarlyWarning, header: dict) -> str:
    """The text form: windows, then the first rows of every list."""
    w = result.windows
    lines = [f"source: {header.get('file') or header.get('label')}"]
    if w.recent:
        lines.append(
            f"windows: baseline {w.baseline[0]}-{w.baseline[1]}, recent {w.recent[0]}-"
            f"{w.recent[1]} (data as of {w.as_of_year}, publication lag {w.lag_months} months)"
        )
    sections = (
        ("new entrants", result.new_entrants, ["name", "country", "first_year", "patents"]),
        ("foreign entrants", result.foreign_entrants, ["office", "name", "country", "patents"]),
        ("rising codes", result.rising_codes, ["code", "baseline_share", "recent_share", "g2",
                                               "patents"]),
        ("bursts", result.bursts, ["name", "kind", "start", "end", "strength", "patents"]),
        ("new ties", result.new_ties, ["name", "kind", "status", "patents"]),
        ("concentration", result.concentration, ["year", "patents", "cr4", "cr8", "hhi"]),
    )  # fmt: skip
    for title, frame, columns in sections:
        lines.append(f"\n{title} ({len(frame)}):")
        if title == "rising codes" and not result.has_codes:
            lines.append("the data have no IPC/CPC codes")
        if len(frame):
            shown = frame if title == "concentration" else frame.head(_SHOWN)
            lines.append(shown[columns].to_string(index=False, float_format=lambda x: f"{x:.3g}"))
    change = result.concentration_change
    if change:
        lines.append(
            f"\nconcentration change, recent - baseline: CR4 {change['cr4']:+.3f}, "
            f"CR8 {change['cr8']:+.3f}, HHI {change['hhi']:+.0f}"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Compute the signals, print them, return the exit status."""
    try:
        _check(args)
        corpus, header = _load(args.source)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ImportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    thresholds = Thresholds(burst_s=args.s, burst_gamma=args.gamma, alpha=args.alpha)
    result = early_warning(
        corpus,
        recent=args.recent,
        baseline=args.baseline,
        as_of_year=args.as_of,
        thresholds=thresholds,
        firm=args.firm,
    )
    if args.json:
        out = {**header, **result.to_dict(limit=args.limit or None)}
        print(json.dumps(rounded(out), ensure_ascii=False))
    else:
        with pd.option_context("display.width", 200, "display.max_colwidth", 60):
            print(_summary(result, header))
    if not result.windows.ok:
        print(f"error: {result.windows.shortfall.message()}", file=sys.stderr)
        return 1
    return 0
