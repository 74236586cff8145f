"""Soak: N browsers for T seconds against gunicorn, uploading, changing filters, and a
worker killed with SIGKILL in the middle.

Each browser (its own workspace cookie) changes the Overview's filters and, now and then,
uploads a file through the Data page (a good export, one with bad rows, a hostile one) and
follows it to its verdict; one more browser uploads a synthetic export just under the upload
limit (``--big-mb``), so the workers' memory is measured while a large upload arrives. A
sampler reads the memory of the gunicorn workers and of the import processes (children of
the workers) from /proc twice a second. Prints requests,
errors (HTTP 5xx; connections cut by the kill counted apart), p50/p95/max latency per kind,
answers slower than 30 s, worker deaths besides the kill and how fast the killed worker was
replaced, peak memory per worker and per import process, and the upload verdicts.

    .venv/bin/python bench/soak.py                        # 8 browsers, 120 s, kill at 40 s
    .venv/bin/python bench/soak.py --clients 4 --seconds 30 --kill-at 10   # quick run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from dashclient import REPO, Browser, children, descendants, free_port, rss_mb, start_gunicorn
from hostile.files import hostile_files

SLOW = 30.0
COUNTRIES = ("CN", "JP", "KR", "US", "DE", "FR")


def _upload_mix() -> list[tuple[str, bytes]]:
    lens = (REPO / "tests" / "fixtures" / "lens_variant_c.csv").read_bytes()
    bad = lens + b"\n".join(f"{n},US,B2,broken row {n}".encode() for n in range(200))
    hostile = [
        (f.name, f.data)
        for f in hostile_files(1)
        if f.name in ("bzip2-bomb.zip", "far-cell.xlsx", "wide-header.csv", "bad-rows.csv")
    ]
    return [("good.csv", lens), ("with-bad-rows.csv", bad), *hostile]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.status: dict[str, Counter] = defaultdict(Counter)
        self.verdicts = Counter()
        self.errors: list[str] = []  # what went wrong, first ones kept

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.status[kind][status] += 1


def _view() -> dict:
    countries = sorted(random.sample(COUNTRIES, random.randint(0, 3)))
    low = random.randint(2005, 2020)
    years = random.choice([None, [low, random.randint(low, 2024)]])
    return {"ds": "lens-battery", "c": countries, "y": years, "t": None, "lang": "en"}


def _filter_change(browser: Browser, spec: dict, stats: Stats) -> None:
    body = {
        "output": spec["output"],
        "outputs": [
            {
                "id": json.loads(component) if component.startswith("{") else component,
                "property": prop,
            }
            for component, prop in (
                part.rsplit(".", 1) for part in spec["output"].strip(".").split("...")
            )
        ],
        "inputs": [{"id": "view-state", "property": "data", "value": _view()}],
        "state": [],
        "changedPropIds": ["view-state.data"],
    }
    answer = browser.post(body)
    stats.add("filter change", answer.status, answer.seconds)


def client(base: str, stop: float, share: float, mix, stats: Stats, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(base)
    spec = browser.callback("overview-headline.children")
    while time.time() < stop:
        if rng.random() < share:
            name, data = rng.choice(mix)
            result = browser.upload([(name, data)], wait=max(5.0, stop - time.time() + 60))
            for answer in result.answers:
                stats.add("upload request", answer.status, answer.seconds)
            stats.add(
                "upload to verdict", 200 if result.verdict != "error" else 500, result.seconds
            )
            with stats.lock:
                stats.verdicts[(name, result.verdict)] += 1
                if result.verdict == "error":
                    stats.errors.append(f"{name}: {result.message[:160]}")
        else:
            _filter_change(browser, spec, stats)


def _big_export(megabytes: float) -> tuple[str, bytes]:
    """A synthetic Lens export (generated, labelled synthetic in its name) of about this size."""
    from app.synthetic import write_synthetic_lens_csv

    with tempfile.TemporaryDirectory() as tmp:
        rows = int(megabytes * 2400)  # about 420 bytes a row
        path = write_synthetic_lens_csv(Path(tmp) / "synthetic-lens.csv", rows, seed=5)
        return "SYNTHETIC-big-lens.csv", path.read_bytes()


def _upload_big(base: str, export: tuple[str, bytes], stats: Stats) -> None:
    """One browser uploads the big export (a few seconds in, while the others work)."""
    time.sleep(5)
    result = Browser(base).upload([export], wait=600)
    for answer in result.answers:
        stats.add("big upload request", answer.status, answer.seconds)
    stats.add("big upload to verdict", 200 if result.verdict != "error" else 500, result.seconds)
    with stats.lock:
        stats.verdicts[(export[0], result.verdict)] += 1
        if result.verdict == "error":
            stats.errors.append(f"{export[0]}: {result.message[:160]}")


def sampler(master: int, stop: float, peaks: dict, pids: set) -> None:
    while time.time() < stop:
        for worker in children(master):
            pids.add(worker)
            peaks["worker"] = max(peaks.get("worker", 0), rss_mb(worker) or 0)
            for child in descendants(worker):
                peaks["import process"] = max(peaks.get("import process", 0), rss_mb(child) or 0)
        time.sleep(0.5)


def _all_workers(master: int) -> set[int]:
    """The workers, once as many as gunicorn starts are up."""
    wanted = int(os.environ.get("WEB_CONCURRENCY", "2"))
    deadline = time.time() + 30
    while len(children(master)) < wanted and time.time() < deadline:
        time.sleep(0.1)
    return set(children(master))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--kill-at", type=float, default=40, help="seconds after the start")
    parser.add_argument("--upload-share", type=float, default=0.15)
    parser.add_argument(
        "--big-mb", type=float, default=95, help="one more browser uploads an export this big"
    )
    args = parser.parse_args(argv)

    mix = _upload_mix()
    big = _big_export(args.big_mb) if args.big_mb else None
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        cache = Path(tmp)
        port = free_port()
        server = start_gunicorn(cache, port)
        base = f"http://127.0.0.1:{port}"
        try:
            workers_at_start = _all_workers(server.pid)
            start = time.time()
            stop = start + args.seconds
            stats, peaks, pids = Stats(), {}, set(workers_at_start)
            threads = [
                threading.Thread(target=client, args=(base, stop, args.upload_share, mix, stats, n))
                for n in range(args.clients)
            ]
            threads.append(threading.Thread(target=sampler, args=(server.pid, stop, peaks, pids)))
            if big is not None:
                threads.append(threading.Thread(target=_upload_big, args=(base, big, stats)))
            for thread in threads:
                thread.start()
            time.sleep(max(0.0, start + args.kill_at - time.time()))
            before_kill = set(children(server.pid))
            victim = sorted(before_kill)[0]
            os.kill(victim, signal.SIGKILL)
            killed_at = time.time()
            while not set(children(server.pid)) - before_kill:  # a new worker
                time.sleep(0.02)
            replaced = time.time() - killed_at
            for thread in threads:
                thread.join()
            workers_at_end = set(children(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)
        log = (cache / "gunicorn.log").read_text(errors="replace")

    print(
        f"soak: {args.clients} browsers, {args.seconds:.0f} s, gunicorn "
        f"{len(workers_at_start)} workers; worker {victim} killed at {args.kill_at:.0f} s, "
        f"replaced in {replaced:.2f} s"
    )
    for kind, latencies in sorted(stats.latency.items()):
        statuses = stats.status[kind]
        errors = sum(n for s, n in statuses.items() if s >= 500)
        cut = statuses.get(0, 0)
        cuts = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
        slow = sum(t > SLOW for t in latencies)
        print(
            f"  {kind:<18} {len(latencies):6d}  errors {errors}  cut by the kill {cut}  "
            f"p50 {statistics.median(latencies) * 1000:8.1f} ms  p95 {cuts[18] * 1000:8.1f} ms"
            f"  max {max(latencies):6.2f} s  over {SLOW:.0f} s: {slow}"
        )
    deaths = len((workers_at_start - workers_at_end) - {victim})
    print(f"  worker deaths besides the kill: {deaths} (worker pids seen: {len(pids)})")
    print(
        f"  peak memory: worker {peaks.get('worker', 0):.0f} MB, "
        f"import process {peaks.get('import process', 0):.0f} MB"
    )
    verdicts = Counter()
    for (name, verdict), n in sorted(stats.verdicts.items()):
        verdicts[verdict] += n
        print(f"    {name:<22} {verdict:<6} {n}")
    print(f"  upload verdicts: {dict(verdicts)}")
    for error in stats.errors[:8]:
        print(f"    upload error: {error}")
    load = os.getloadavg()[0]
    print(
        f"  server log: {log.count('Traceback')} tracebacks, {log.count('WORKER TIMEOUT')} "
        f"worker timeouts; machine load average {load:.1f} on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
