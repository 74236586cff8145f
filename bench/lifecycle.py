"""Life-cycle timings, as ratios against a baseline measured in the same run.

1. Indicator frame: parsing the four CSV files (baseline) vs a Parquet cache hit vs the
   in-memory copy.
2. Fits: fit_lifecycle on the OECD battery series of five countries with analytic
   Jacobians vs the same fits with finite-difference Jacobians (baseline).

Run: .venv/bin/python bench/lifecycle.py (needs the shared data).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["EV_CACHE_DIR"] = tempfile.mkdtemp(prefix="ev-bench-cache-")

from app.analysis import lifecycle as lc
from app.config import settings
from app.ingest.indicators import OECD_SOURCE, read_indicators
from app.store import indicators as store

COUNTRIES = ("JPN", "KOR", "CHN", "USA", "DEU")


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parse = best_of(lambda: read_indicators(settings().data_dir), repeat=3)
    store.indicators()  # writes the Parquet entry

    def parquet_hit():
        store.clear_memory()
        store.indicators()

    parquet = best_of(parquet_hit)
    memory = best_of(store.indicators, repeat=50)
    print(f"indicator frame: CSV parse {parse * 1e3:.0f} ms = 1.00")
    print(f"  Parquet cache hit  {parquet / parse:.3f} x parse")
    print(f"  in-memory hit      {memory / parse:.5f} x parse")

    frame = store.indicators()
    series = [
        lc.indicator_series(frame, source=OECD_SOURCE, domain="batteries", country=c)
        for c in COUNTRIES
    ]

    def fit_all():
        return [lc.fit_lifecycle(s["year"], s["patents"], lag_months=18) for s in series]

    analytic = best_of(fit_all)
    saved = dict(lc._JACOBIANS)
    lc._JACOBIANS.update({m: "2-point" for m in saved})
    try:
        numeric = best_of(fit_all)
        numeric_results = fit_all()
    finally:
        lc._JACOBIANS.update(saved)
    same = all(
        abs(a.best.K - b.best.K) / a.best.K < 1e-3
        for a, b in zip(fit_all(), numeric_results, strict=True)
    )
    print(f"five OECD battery fits, both models: finite differences {numeric * 1e3:.0f} ms = 1.00")
    print(f"  analytic Jacobians {analytic / numeric:.2f} x baseline (same K to 0.1%: {same})")


if __name__ == "__main__":
    main()
