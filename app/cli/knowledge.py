"""``python -m app check-knowledge``: validate the seed-paper tables and find every quote.

For whoever edits data/*.csv: checks each table's layout (the loader's validation) and
that every quote and verbatim cell occurs in its seed paper under the matching rule.
Exit 0 when all is well, 1 when a table or a quote is wrong, 2 when the seeds are missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.store.knowledge import KnowledgeTableError, load_knowledge, quote_problems, seeds_dir

NAME = "check-knowledge"
HELP = "Validate data/*.csv (the seed-paper tables) and find every quote in its seed paper."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="folder of the tables")
    parser.add_argument("--seeds", type=Path, default=None, help="folder of the seed papers")


def run(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(args.data)
    except KnowledgeTableError as exc:
        print(f"invalid table: {exc}", file=sys.stderr)
        return 1
    seeds = args.seeds if args.seeds is not None else seeds_dir()
    if not seeds.is_dir():
        print(f"seed papers not found: {seeds} (set EV_SEEDS_DIR or --seeds)", file=sys.stderr)
        return 2
    problems = quote_problems(kb, seeds)
    for problem in problems:
        print(problem, file=sys.stderr)
    rows = sum(len(frame) for frame in kb.tables().values())
    if problems:
        print(f"{len(problems)} passages not found in the seed papers", file=sys.stderr)
        return 1
    print(f"ok: {len(kb.tables())} tables, {rows} rows, every quote found in {seeds}")
    return 0
