"""Load test: a filter-change callback under gunicorn, on a 200,000-patent synthetic corpus.

1. Writes a synthetic Lens export (labelled synthetic) and imports it into a private
   cache folder, as a user upload would be.
2. Starts gunicorn (the production entry, 2 workers) on a free loopback port.
3. Baseline: the index page ("/") under the same concurrency, for a few seconds.
4. Cold: every filter state of a fixed set requested once (each one computes).
5. Warm: the same states requested again and again for up to 20 s (memoised results).
Prints requests/s and p50/p95 latency for each phase, and the ratios to the baseline.
Bounded: 8 concurrent clients, at most ~30 s of load in all.

    .venv/bin/python bench/load.py                      # 200,000 patents, overview callback
    .venv/bin/python bench/load.py --patents 20000      # quick run
    .venv/bin/python bench/load.py --callback cyto --match applicants  # a network
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from itertools import product
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dashclient import free_port, start_gunicorn  # noqa: E402  (bench/ is on the path)

CLIENTS = 8
WARM_SECONDS = 20.0
BASELINE_SECONDS = 4.0
TARGET_P95_MS = 300.0


def prepare_corpus(cache_dir: Path, patents: int) -> str:
    """Import a synthetic Lens export of ``patents`` rows; returns its dataset id."""
    os.environ["EV_CACHE_DIR"] = str(cache_dir)
    os.environ["EV_MAX_UPLOAD_MB"] = "2000"
    from app.store.corpora import import_file
    from app.synthetic import write_synthetic_lens_csv

    source = cache_dir / "synthetic_lens.csv"
    write_synthetic_lens_csv(source, patents, seed=11)
    report, dataset_id = import_file(
        source,
        "lens",
        label=f"SYNTHETIC benchmark corpus ({patents:,} generated patents, not real data)",
        synthetic=True,
    )
    if dataset_id is None:
        raise SystemExit(f"synthetic import failed: {report.error}")
    return dataset_id


def find_callback(base: str, wanted: str) -> dict:
    """The callback listening to the view state whose outputs mention ``wanted``."""
    deps = json.loads(urllib.request.urlopen(base + "/_dash-dependencies").read())
    for callback in deps:
        inputs = [(i["id"], i["property"]) for i in callback["inputs"]]
        if inputs == [("view-state", "data")] and wanted in callback["output"]:
            return callback
    raise SystemExit(f"no callback on view-state.data with outputs naming {wanted!r}")


def _outputs(spec: str, match: str | None = None) -> list[dict]:
    """The outputs to post for a callback's output spec; a pattern-matching id's MATCH
    wildcard is filled with ``match`` (the network explorer's aio_id, say)."""
    outputs = []
    for part in spec.strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        if component.startswith("{"):
            wildcard = json.loads(component)
            component = {k: match if v == ["MATCH"] else v for k, v in wildcard.items()}
        outputs.append({"id": component, "property": prop})
    return outputs


def page_defaults() -> dict:
    """Every page control's default, as the shell puts them in the view state (a page's
    callbacks wait until their own controls are in it)."""
    import app.main  # noqa: F401  (registers the pages and their URL parameters)
    from app.ui.urlstate import PARAMS

    return {name: param.default for name, param in PARAMS.items()}


def filter_states(dataset_id: str) -> list[dict]:
    """A fixed set of filter states: country selections x year ranges (16 in all)."""
    countries = [[], ["CN"], ["JP", "KR"], ["US", "DE"]]
    years = [None, [2005, 2023], [2010, 2020], [2015, 2023]]
    defaults = page_defaults()
    return [
        defaults | {"ds": dataset_id, "c": c, "y": y, "t": None}
        for c, y in product(countries, years)
    ]


def _post(base: str, callback: dict, view: dict) -> float:
    body = json.dumps(
        {
            "output": callback["output"],
            "outputs": callback["outputs"],
            "inputs": [{"id": "view-state", "property": "data", "value": view}],
            "changedPropIds": ["view-state.data"],
            "state": [],
        }
    ).encode()
    request = urllib.request.Request(
        base + "/_dash-update-component", body, {"Content-Type": "application/json"}
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        if response.status != 200:  # 204: the callback did not run (PreventUpdate)
            raise RuntimeError(f"callback answered {response.status}")
    return time.perf_counter() - start


def _get(base: str) -> float:
    start = time.perf_counter()
    urllib.request.urlopen(base + "/", timeout=30).read()
    return time.perf_counter() - start


def run_clients(
    work, jobs: list | None, seconds: float | None, clients: int = CLIENTS
) -> tuple[list[float], float]:
    """Run ``work(job)`` on ``clients`` threads: over ``jobs`` once, or repeatedly for
    ``seconds``."""
    latencies: list[float] = []
    lock = threading.Lock()
    queue = list(jobs or [])
    stop = time.perf_counter() + (seconds or 0)

    def client(index: int) -> None:
        turn = index
        while True:
            with lock:
                if jobs is not None:
                    if not queue:
                        return
                    job = queue.pop()
                else:
                    if time.perf_counter() >= stop:
                        return
                    job = turn
            took = work(job)
            turn += clients
            with lock:
                latencies.append(took)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - start


def summary(name: str, latencies: list[float], elapsed: float, baseline_p50: float | None) -> float:
    cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    p50, p95 = statistics.median(latencies) * 1000, cuts[18] * 1000
    ratio = f"   p50 = {p50 / baseline_p50:5.1f}x baseline" if baseline_p50 else ""
    print(
        f"{name:<28} {len(latencies):6d} req  {len(latencies) / elapsed:8.1f} req/s"
        f"  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms{ratio}"
    )
    return p95 if baseline_p50 else p50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=200_000)
    parser.add_argument("--callback", default="overview", help="text in the callback's outputs")
    parser.add_argument("--match", help="the value of a pattern-matching callback's MATCH id")
    args = parser.parse_args()

    cache_dir = Path(tempfile.mkdtemp(prefix="ev-load-"))
    started = time.perf_counter()
    dataset_id = prepare_corpus(cache_dir, args.patents)
    took = time.perf_counter() - started
    print(f"synthetic corpus: {args.patents:,} patents imported in {took:.1f} s")
    port = free_port()
    server = start_gunicorn(cache_dir, port)
    base = f"http://127.0.0.1:{port}"
    try:
        callback = find_callback(base, args.callback)
        callback["outputs"] = _outputs(callback["output"], args.match)
        states = filter_states(dataset_id)
        print(f"gunicorn on {base}; callback -> {callback['output'][:70]}...; {CLIENTS} clients")
        base_lat, base_time = run_clients(lambda _: _get(base), None, BASELINE_SECONDS)
        baseline_p50 = summary("baseline (GET /)", base_lat, base_time, None)
        cold_lat, cold_time = run_clients(lambda view: _post(base, callback, view), states, None)
        summary(f"cold ({len(states)} new filter states)", cold_lat, cold_time, baseline_p50)
        warm_lat, warm_time = run_clients(
            lambda turn: _post(base, callback, states[turn % len(states)]), None, WARM_SECONDS
        )
        warm_p95 = summary("warm (memoised states)", warm_lat, warm_time, baseline_p50)
        verdict = "meets" if warm_p95 < TARGET_P95_MS else "MISSES"
        print(f"warm p95 {warm_p95:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
