"""Ingest benchmark: cold parse of a Lens export against the warm Parquet load.

Writes a synthetic Lens.org export (variant C header, labelled synthetic) of ``--rows``
records, parses it once into the canonical frames (cold: what an upload or a changed
source costs), writes the Parquet cache entry, then reads it back (warm: what a restart
costs). Prints rows/s and the ratio cold / warm; the target is at least 10x at 200,000
rows (small runs have a smaller ratio: fixed costs weigh more). The warm
figure is also given with the source fingerprint included (a new process re-hashes the
source before trusting its cache).

    .venv/bin/python bench/ingest.py              # 200,000 rows
    .venv/bin/python bench/ingest.py --rows 20000 # quick run
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.ingest.importer import import_export
from app.ingest.names import AliasTable
from app.store.cache import fingerprint, read_frames, write_frames
from app.synthetic import write_synthetic_lens_csv

TARGET_RATIO = 10.0


def _best_of(repeats: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="records to generate")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        source = write_synthetic_lens_csv(tmp / "lens-synthetic.csv", args.rows, seed=args.seed)
        generate = time.perf_counter() - start
        size_mb = source.stat().st_size / 2**20
        print(f"synthetic Lens export: {args.rows:,} rows, {size_mb:.1f} MB ({generate:.2f} s)")

        start = time.perf_counter()
        corpus, report = import_export(source, "lens", aliases=AliasTable.empty())
        cold = time.perf_counter() - start
        if corpus is None:
            print(f"import failed: {report.error}")
            return 1
        print(
            f"cold parse:  {cold:7.3f} s  {args.rows / cold:>10,.0f} rows/s  "
            f"({report.patents:,} patents, {report.applicants:,} applicant rows, "
            f"{report.ipc_codes:,} codes, {len(report.rejected)} rejected)"
        )

        frames = {name: getattr(corpus, name) for name in ("patents", "applicants", "ipc")}
        fp = fingerprint([source])
        entry = tmp / "cache" / "bench"
        write_frames(entry, frames, fp)
        warm, loaded = _best_of(3, lambda: read_frames(entry, fp))
        assert loaded is not None and len(loaded["patents"]) == report.patents
        with_fp, _ = _best_of(3, lambda: read_frames(entry, fingerprint([source])))
        print(f"warm load:   {warm:7.3f} s  {args.rows / warm:>10,.0f} rows/s  (Parquet read)")
        print(f"warm + hash: {with_fp:7.3f} s  (Parquet read after fingerprinting the source)")

    ratio = cold / warm
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    print(
        f"cold / warm: {ratio:6.1f}x  ({verdict} the {TARGET_RATIO:.0f}x target, set for "
        f"200,000 rows); cold / (warm + hash): {cold / with_fp:.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
