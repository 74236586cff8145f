"""``python -m app prepare``: parse the built-in datasets into the dataset cache.

Run by ``make run`` before the server starts, so the first page view does not parse.
A dataset already cached (same source, same alias table) is left as it is. A missing
shared data folder is reported and skipped: the dashboard still runs on uploads.
Exit status: 0 done or skipped, 1 a built-in source exists but could not be imported,
2 an unknown dataset name.
"""

from __future__ import annotations

import argparse
import sys
import time

from app.config import settings
from app.store.corpora import BUILTINS, DatasetError, ensure_cached

NAME = "prepare"
HELP = "parse the built-in patent datasets into the dataset cache"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "datasets",
        nargs="*",
        metavar="DATASET",
        help=f"which built-in datasets (default: all of {', '.join(BUILTINS)})",
    )


def run(args: argparse.Namespace) -> int:
    data_dir = settings().data_dir
    if not data_dir.is_dir():
        print(
            f"shared data folder {data_dir} not found: built-in datasets skipped "
            "(set EV_DATA_DIR to the folder holding patents_lens_hrd4317k/ ...)",
            file=sys.stderr,
        )
        return 0
    unknown = [d for d in args.datasets if d not in BUILTINS]
    if unknown:
        print(f"unknown dataset(s) {unknown}; built-in: {', '.join(BUILTINS)}", file=sys.stderr)
        return 2
    status = 0
    for dataset_id in args.datasets or list(BUILTINS):
        start = time.perf_counter()
        try:
            corpus, parsed = ensure_cached(dataset_id)
        except DatasetError as exc:
            missing = "not found" in str(exc)
            print(f"{dataset_id}: {'skipped' if missing else 'FAILED'}: {exc}", file=sys.stderr)
            status = status if missing else 1
            continue
        what = "parsed and cached" if parsed else "cache up to date"
        print(
            f"{dataset_id}: {len(corpus.patents):,} patents, {len(corpus.applicants):,} "
            f"applicant rows, {len(corpus.ipc):,} codes; {what} "
            f"({time.perf_counter() - start:.2f} s) -> {settings().cache_dir / 'corpora'}"
        )
    return status
