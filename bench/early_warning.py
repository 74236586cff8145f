"""Benchmark: every early-warning signal on a large corpus, against the co-applicant network.

    .venv/bin/python bench/early_warning.py                    # 1,000,000 patents (~1 min)
    .venv/bin/python bench/early_warning.py --patents 100000   # quick run

Times each signal of :mod:`app.analysis.early_warning` and the whole report on a synthetic
corpus (app.synthetic, labelled as such), as ratios against the baseline measured in the
same run: ``co_applicant_graph`` with the top 10 applicants, what the Applicant page
builds for every request. The corpus's patent positions (``applicant_rows``,
``ipc_rows``) are computed first, as the store keeps them for a loaded corpus. Best of
three runs each.
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.analysis.early_warning import early_warning, signal_windows
from app.analysis.early_warning.bursts import bursts
from app.analysis.early_warning.concentration import (
    concentration_by_window,
    concentration_by_year,
)
from app.analysis.early_warning.entrants import foreign_entrants, new_entrants
from app.analysis.early_warning.rising import rising_codes
from app.analysis.early_warning.ties import new_ties
from app.analysis.networks import co_applicant_graph
from app.synthetic import synthetic_corpus


def best_of(fn) -> float:
    return min(timeit.repeat(fn, number=1, repeat=3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=1_000_000)
    args = parser.parse_args()
    corpus = synthetic_corpus(args.patents, seed=1, year_range=(2000, 2021))
    corpus.applicant_rows, corpus.ipc_rows  # noqa: B018 - computed once, as in the store
    windows = signal_windows(corpus, lag_months=18)
    baseline = best_of(lambda: co_applicant_graph(corpus, 10))
    print(
        f"synthetic corpus: {len(corpus.patents):,} patents, {len(corpus.applicants):,} "
        f"applicant rows, {len(corpus.ipc):,} code rows"
    )
    print(f"baseline co_applicant_graph(top 10): {baseline:.2f} s = 1.00")
    steps = {
        "new entrants": lambda: new_entrants(corpus, windows),
        "foreign entrants": lambda: foreign_entrants(corpus, windows),
        "rising codes (2 levels)": lambda: rising_codes(corpus, windows),
        "bursts (2 code levels, applicants)": lambda: bursts(corpus, windows),
        "concentration per year": lambda: concentration_by_year(corpus, 2021),
        "concentration per window": lambda: concentration_by_window(corpus, windows),
        "applicant ties": lambda: new_ties(corpus, windows),
        "country ties": lambda: new_ties(corpus, windows, by="country"),
        "whole report": lambda: early_warning(corpus, lag_months=18),
    }
    for label, step in steps.items():
        print(f"  {label:<36} {best_of(step) / baseline:6.2f} x baseline")


if __name__ == "__main__":
    main()
