"""Partner-type shares on synthetic corpora, as a ratio to a baseline of the same run.

Baseline: counting applicant rows per country (one groupby over the applicants frame),
the least any per-country statistic costs. Run: .venv/bin/python bench/cooperation.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from app.analysis.cooperation import partner_type_shares
from app.synthetic import synthetic_corpus


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print("patents  applicant rows  baseline s  exclusive s (x baseline)  any s (x baseline)")
    for n in (10_000, 100_000, 1_000_000):
        corpus = synthetic_corpus(n, seed=3)
        _ = corpus.applicant_rows  # computed once per corpus in the app too
        base = best_of(lambda c=corpus: c.applicants.groupby("country", observed=True).size())
        excl = best_of(lambda c=corpus: partner_type_shares(c))
        any_ = best_of(lambda c=corpus: partner_type_shares(c, counting="any"))
        print(
            f"{n:>8,}  {len(corpus.applicants):>14,}  {base:>10.4f}  "
            f"{excl:>9.3f} ({excl / base:>5.0f}x)  {any_:>9.3f} ({any_ / base:>5.0f}x)"
        )


if __name__ == "__main__":
    main()
