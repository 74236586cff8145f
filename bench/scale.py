"""Scale: the 1.5M-patent synthetic corpus served by gunicorn, new views cold and warm.

1. Builds ``app.synthetic.synthetic_corpus(N)`` (labelled synthetic) and registers it as
   a dataset through the store (``corpora.register_corpus``), in a private cache folder.
2. Starts gunicorn (the production entry, 2 workers) on a free loopback port and opens
   the dataset in every worker (4 Overview requests at once; a worker's first request
   maps the stored corpus).
3. Cold: filter states never requested before (countries x years x IPC theme, different
   for every request) on the Overview, the Applicant network and the Technology network,
   one request at a time, so each time is one computation, not a queue.
4. Warm: the same views again (memoised) from 2 clients (one per worker) for 10 s.
5. Memory: resident (RSS), peak (HWM) and proportional (PSS: shared pages split among
   the processes that map them) size of every worker.
6. Import: once the server has stopped, ``bench/import_speed.py`` (a synthetic Lens
   export of ``--import-rows`` rows imported as ``python -m app import`` does, against a
   plain pyarrow read of the same file), in a process of its own.
Prints each figure and its ratio to the target: cold p95 < 1 s (goal 300 ms), warm p95
< 50 ms, RSS per worker < 2 GB, import within 10x of pyarrow and under 60 s. Bounded:
one request at a time cold, ~10 s warm. The load average is printed before and after:
other work on the machine slows every figure.

    .venv/bin/python bench/scale.py                    # 1,500,000 patents (~2 min to build)
    .venv/bin/python bench/scale.py --patents 100000   # quick run
    .venv/bin/python bench/scale.py --store /tmp/ev-scale   # build once, reuse next time
    .venv/bin/python bench/scale.py --import-rows 0         # views only, no import
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashclient import free_port, start_gunicorn
from load import _outputs, _post, find_callback, page_defaults, run_clients

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

COLD_TARGET_MS, COLD_GOAL_MS = 1000.0, 300.0
WARM_TARGET_MS = 50.0
RSS_TARGET_MB = 2048.0
WARM_SECONDS = 10.0
OPENING = 4  # Overview states requested at once before the cold runs
WARM_CLIENTS = 2  # one per worker: a memoised view's own time, not a queue's

# page -> (text naming its main callback's outputs, the MATCH value of a pattern-matching
# callback (the network explorer's id) or None, page-parameter variants cycled through)
PAGES = {
    "overview": ("overview-headline", None, [{}]),
    "applicants": (
        "cyto",
        "applicants",
        [
            {"an_n": 10, "an_inc": "partners"},
            {"an_n": 10, "an_inc": "top"},
            {"an_n": 50, "an_inc": "top"},
            {"an_by": "countries"},
        ],
    ),
    "technology": (
        "cyto",
        "technology",
        [{"tn_lvl": "subclass"}, {"tn_lvl": "main_group"}, {"tn_lvl": "code"}],
    ),
}
COUNTRIES = [[], ["CN"], ["JP"], ["KR"], ["US"], ["DE"], ["CN", "JP"], ["JP", "KR"], ["US", "DE"]]
YEARS = [None, [2005, 2023], [2010, 2020], [2015, 2023], [2000, 2012], [2018, 2023]]
THEMES = [None, "battery", "electrodes", "secondary-cells", "charging"]


def prepare_dataset(cache_dir: Path, patents: int) -> str:
    """Build the synthetic corpus and register it in ``cache_dir``; returns its id."""
    os.environ["EV_CACHE_DIR"] = str(cache_dir)
    from app.store.corpora import register_corpus
    from app.synthetic import synthetic_corpus

    corpus = synthetic_corpus(patents, seed=17)
    label = f"SYNTHETIC scale benchmark ({patents:,} generated patents, not real data)"
    return register_corpus(corpus, label)


def stored_dataset(cache_dir: Path, patents: int) -> str:
    """The id of the corpus of ``patents`` stored in ``cache_dir`` by an earlier run (its
    id is kept in a file beside it), else of a newly built one."""
    record = cache_dir / f"scale-{patents}.dataset"
    os.environ["EV_CACHE_DIR"] = str(cache_dir)
    from app.store.corpora import list_datasets

    if record.exists():
        kept = record.read_text()
        if any(info.dataset_id == kept and info.available for info in list_datasets()):
            return kept
    dataset_id = prepare_dataset(cache_dir, patents)
    record.write_text(dataset_id)
    return dataset_id


def new_states(dataset_id: str, per_page: int) -> tuple[dict[str, list[dict]], list[dict]]:
    """``per_page`` view states per page, and OPENING Overview states to open the dataset
    with; no filter state used twice anywhere."""
    combos = list(itertools.product(range(len(COUNTRIES)), range(len(YEARS)), THEMES))
    random.Random(17).shuffle(combos)
    defaults = page_defaults()

    def view(variant: dict, combo: tuple) -> dict:
        c, y, theme = combo
        return defaults | variant | {"ds": dataset_id, "c": COUNTRIES[c], "y": YEARS[y], "t": theme}

    states: dict[str, list[dict]] = {}
    for number, (page, (*_, variants)) in enumerate(PAGES.items()):
        mine = combos[number * per_page : (number + 1) * per_page]
        states[page] = [view(variants[i % len(variants)], combo) for i, combo in enumerate(mine)]
    return states, [view({}, combo) for combo in combos[-OPENING:]]


def describe(page: str, view: dict) -> str:
    """The filters of a view and the page settings the benchmark varies, short."""
    varied = sorted(set().union(*PAGES[page][2]))
    return " ".join(f"{key}={view[key]}" for key in ("c", "y", "t", *varied) if key in view)


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    # inclusive: with a few samples the 95th percentile stays within them (never above the slowest)
    cuts = (
        statistics.quantiles(latencies, n=20, method="inclusive")
        if len(latencies) > 1
        else latencies * 19
    )
    return statistics.median(latencies) * 1000, cuts[18] * 1000


def workers_of(master: int) -> list[int]:
    """Process ids whose parent is ``master`` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                found.append(int(entry.name))
    return sorted(found)


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM (peak RSS), RssAnon (private) and Pss of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":")[0]
        if key in ("VmRSS", "VmHWM", "RssAnon"):
            out[key] = int(line.split()[1]) / 1024
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            out["Pss"] = int(line.split()[1]) / 1024
    return out


def ratio(value: float, target: float) -> str:
    return f"{value / target:5.2f}x target" + (" (meets)" if value < target else " (MISSES)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=1_500_000)
    parser.add_argument("--states", type=int, default=8, help="new filter states per page")
    parser.add_argument(
        "--store",
        type=Path,
        help="cache folder to keep the built corpus in and reuse on the next run (default: "
        "a new temporary folder, built every time)",
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=1_500_000,
        help="rows of the synthetic Lens export whose import is timed (0: none)",
    )
    args = parser.parse_args()

    print(f"load average (1, 5, 15 min) at the start: {os.getloadavg()}, {os.cpu_count()} cores")
    cache_dir = args.store or Path(tempfile.mkdtemp(prefix="ev-scale-"))
    started = time.perf_counter()
    dataset_id = stored_dataset(cache_dir, args.patents)
    print(f"synthetic corpus: {args.patents:,} patents built and stored in ", end="")
    print(f"{time.perf_counter() - started:.1f} s")
    port = free_port()
    server = start_gunicorn(cache_dir, port)
    base = f"http://127.0.0.1:{port}"
    try:
        callbacks = {}
        for page, (text, match, _) in PAGES.items():
            callbacks[page] = find_callback(base, text)
            callbacks[page]["outputs"] = _outputs(callbacks[page]["output"], match)
        states, first = new_states(dataset_id, args.states)
        # several at once, so that every worker opens (maps) the dataset before the cold runs
        opening, _ = run_clients(lambda v: _post(base, callbacks["overview"], v), first, None, 4)
        print(f"gunicorn on {base}, workers {workers_of(server.pid)}")
        print(f"first requests (each worker maps the dataset): {[round(t, 2) for t in opening]} s")
        print(f"\ncold: {sum(map(len, states.values()))} filter states never requested before")
        worst = 0.0
        for page, views in states.items():
            took = [_post(base, callbacks[page], view) for view in views]
            p50, p95 = percentiles(took)
            worst = max(worst, p95)
            print(
                f"  {page:<11} {len(took):3d} views  p50 {p50:7.0f} ms  p95 {p95:7.0f} ms"
                f"   p95 = {ratio(p95, COLD_TARGET_MS)}, {p95 / COLD_GOAL_MS:5.2f}x goal"
            )
            slowest = max(range(len(took)), key=took.__getitem__)
            named = describe(page, views[slowest])
            print(f"{'':16}slowest {took[slowest] * 1000:6.0f} ms: {named}")
        jobs = [(callbacks[page], view) for page, views in states.items() for view in views]
        warm, elapsed = run_clients(
            lambda turn: _post(base, *jobs[turn % len(jobs)]), None, WARM_SECONDS, WARM_CLIENTS
        )
        _, warm_p95 = percentiles(warm)
        print(f"\nwarm: {len(warm)} memoised views in {elapsed:.1f} s, {WARM_CLIENTS} clients")
        print(f"  p95 {warm_p95:7.1f} ms   {ratio(warm_p95, WARM_TARGET_MS)}")
        print("\nmemory per worker (MB): RSS now, peak RSS, private (anon), PSS")
        for pid in workers_of(server.pid):
            mem = memory_mb(pid)
            print(
                f"  worker {pid}: RSS {mem['VmRSS']:6.0f}  peak {mem['VmHWM']:6.0f}  "
                f"private {mem['RssAnon']:6.0f}  PSS {mem['Pss']:6.0f}   "
                f"peak = {ratio(mem['VmHWM'], RSS_TARGET_MB)}"
            )
        print(f"\nworst cold p95 {worst:.0f} ms: {ratio(worst, COLD_TARGET_MS)}")
        print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}, {os.cpu_count()} cores")
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.import_rows:
        measure_import(args.import_rows)
    return 0


def measure_import(rows: int) -> None:
    """bench/import_speed.py in a process of its own (its own cache folder and limits),
    its lines printed indented as they come."""
    print(f"\nimport: a synthetic Lens export of {rows:,} rows (bench/import_speed.py)")
    script = Path(__file__).resolve().parent / "import_speed.py"
    command = [sys.executable, str(script), "--rows", str(rows)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        for line in child.stdout:
            print(f"  {line}", end="", flush=True)
    if child.returncode:
        print(f"  (bench/import_speed.py ended with exit code {child.returncode})")


if __name__ == "__main__":
    sys.exit(main())
