"""Acceptance run of issue 11 against gunicorn (the Procfile command), on a private cache.

1. A hostile corpus generated here (tests/hostile/files.py at full scale: the 600 MB bzip2
   bomb, a workbook with one cell at XFD1048576, a shared-strings bomb, a million-column
   header, ...; nothing is kept) uploaded through the Data page as a browser does.
   Counted: HTTP 500s, answers slower than 30 s, bombs accepted (a file that must be
   refused and was stored), bytes changed in another browser's upload and the built-ins.
2. Every crafted callback request (tests/hostile/crafted.py) POSTed, the path traversal
   among them. Counted: 500s, slow answers, files changed, another browser's upload shown.
3. A second browser does not see the first browser's uploads.
4. Pairs of simultaneous uploads of the same file (one browser twice, two browsers):
   failures.
5. Filter changes (the shell's callback, which checks the dataset against what this browser
   may see) with no upload and with 233 stored: p50.
Workers are checked alive at the end (no worker death).

    .venv/bin/python bench/hostile.py              # full scale, 100 pairs
    .venv/bin/python bench/hostile.py --scale 1 --pairs 10   # quick run
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from dashclient import REPO, Browser, children, free_port, start_gunicorn
from hostile.crafted import crafted_requests
from hostile.files import hostile_files

SLOW = 30.0
LENS = REPO / "tests" / "fixtures" / "lens_variant_c.csv"


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _stored(cache: Path, datasets: list[str]) -> dict:
    return {d: (_digests(cache / "uploads" / d), _digests(cache / "corpora" / d)) for d in datasets}


def upload_corpus(base: str, scale: int) -> dict:
    browser = Browser(base)
    files = hostile_files(scale)
    outcomes = Counter()
    bombs, errors, slow, worst = [], [], [], 0.0
    print(f"hostile corpus: {len(files)} files, {sum(len(f.data) for f in files) / 2**20:.1f} MB")
    for file in files:
        result = browser.upload([(file.name, file.data)])
        worst = max(worst, max(a.seconds for a in result.answers))
        outcomes[(file.family, result.verdict)] += 1
        if any(a.status >= 500 for a in result.answers) or result.verdict == "error":
            errors.append((file.name, result.message))
        if any(a.seconds > SLOW for a in result.answers):
            slow.append(file.name)
        if file.expect == "refused" and result.verdict != "red":
            bombs.append((file.name, result.verdict))
        print(
            f"  {file.family:<8} {file.name[:34]:<34} {result.verdict:<5} "
            f"{result.seconds:6.1f} s  {result.message[:110]}"
        )
    return {
        "files": len(files),
        "errors": errors,
        "slow": slow,
        "bombs accepted": bombs,
        "slowest answer s": round(worst, 2),
        "outcomes": dict(outcomes),
    }


def crafted(base: str, app, victim: str, victim_label: str) -> dict:
    browser = Browser(base)
    statuses, failures, slow, leaks, took = Counter(), [], [], [], []
    for request in crafted_requests(app, victim):
        answer = browser.post(request.body)
        statuses[answer.status] += 1
        took.append(answer.seconds)
        where = (request.callback[:50], request.target, repr(request.value)[:40])
        if answer.status >= 500 or answer.status == 0:
            failures.append(where)
        if answer.seconds > SLOW:
            slow.append(where)
        if answer.body and victim_label in str(answer.body):
            leaks.append(where)
    return {
        "requests": sum(statuses.values()),
        "statuses": dict(statuses),
        "HTTP 500": len(failures),
        "first failures": failures[:5],
        "slower than 30 s": len(slow),
        "p95 ms": round(statistics.quantiles(took, n=20)[18] * 1000, 1),
        "other browser's upload shown": len(leaks),
    }


def simultaneous_pairs(base: str, pairs: int) -> dict:
    data = LENS.read_bytes()
    failures, kinds = [], Counter()
    for n in range(pairs):
        same = n % 2 == 0  # even: one browser twice; odd: two browsers
        first = Browser(base)
        second = first if same else Browser(base)
        results = [None, None]
        files = [(f"pair-{n}.csv", data)]

        def go(slot, browser, files=files, results=results):
            results[slot] = browser.upload(files)

        threads = [threading.Thread(target=go, args=(i, b)) for i, b in enumerate((first, second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for result in results:
            kinds[result.verdict] += 1
            if result.verdict != "green":
                failures.append((n, result.verdict, result.message[:100]))
    return {
        "pairs": pairs,
        "uploads": 2 * pairs,
        "failures": len(failures),
        "first failures": failures[:5],
        "verdicts": dict(kinds),
    }


def _filter_p50(base: str, turns: int = 60) -> float:
    browser = Browser(base)
    took = []
    for n in range(turns):
        answer = browser.change_filters(["CN", "JP"][: n % 3], [2015, 2020 + n % 4])
        assert answer.status == 200, answer.status
        took.append(answer.seconds)
    return statistics.median(took) * 1000


def listing_cost(base: str, cache: Path, copies: int) -> dict:
    """Filter changes with no upload, then with ``copies`` more uploads stored (copies of
    one upload under new ids, half of other browsers, half shared): the listing reads an
    index, not every upload's folder."""
    before = _filter_p50(base)
    uploads_dir = cache / "uploads"
    source = next(p for p in uploads_dir.iterdir() if p.name.startswith("upload-"))
    meta = json.loads((source / "meta.json").read_text())
    for n in range(copies):
        dataset_id = f"upload-{n:012x}"
        shutil.copytree(source, uploads_dir / dataset_id)
        owner = "*" if n % 2 else f"w{n:031x}"
        record = meta | {"dataset_id": dataset_id, "owner": owner, "label": f"copy {n}"}
        (uploads_dir / dataset_id / "meta.json").write_text(json.dumps(record))
    from app.store import uploads  # the bench process reads the server's folder now

    os.environ["EV_CACHE_DIR"] = str(cache)
    uploads.rebuild_index()
    after = _filter_p50(base)
    return {"uploads": copies, "p50 ms without": round(before, 1), "p50 ms with": round(after, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=8, help="bomb and big-file scale (1: quick)")
    parser.add_argument("--pairs", type=int, default=100)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        cache = Path(tmp)
        port = free_port()
        server = start_gunicorn(cache, port)
        base = f"http://127.0.0.1:{port}"
        try:
            master_workers = set(children(server.pid))
            victim_browser = Browser(base)
            victim = victim_browser.upload([("victim-private.csv", LENS.read_bytes())])
            assert victim.verdict == "green", victim.message
            victim_id = next(d for d in victim_browser.dataset_options() if d.startswith("upload-"))
            victim_browser.change_filters([], None)  # parses lens-battery (the page: the default)
            watched = [victim_id, "epo-h01m-2014", "lens-battery"]
            before = _stored(cache, watched)

            start = time.perf_counter()
            corpus = upload_corpus(base, args.scale)
            print(
                f"\n1. hostile corpus ({time.perf_counter() - start:.0f} s): "
                f"{ {k: v for k, v in corpus.items() if k != 'outcomes'} }"
            )
            print(f"   verdicts by family: {corpus['outcomes']}")

            # the callback map, from the same code the server runs (its own cache folder)
            os.environ["EV_CACHE_DIR"] = str(cache / "bench-process")
            import app.main as app_main

            start = time.perf_counter()
            requests = crafted(base, app_main.app, victim_id, "victim-private.csv")
            print(f"2. crafted requests ({time.perf_counter() - start:.0f} s): {requests}")
            after = _stored(cache, watched)
            changed = [
                f"{dataset}/{name}"
                for dataset in watched
                for part in (0, 1)
                for name in set(before[dataset][part]) | set(after[dataset][part])
                if before[dataset][part].get(name) != after[dataset][part].get(name)
            ]
            print(f"   files of another browser's upload or a built-in changed: {changed}")

            other = Browser(base)
            sees = victim_id in other.dataset_options()
            print(
                f"3. a second browser sees the first browser's upload: {sees} "
                f"(the first sees it: {victim_id in victim_browser.dataset_options()})"
            )

            start = time.perf_counter()
            pairs = simultaneous_pairs(base, args.pairs)
            print(
                f"4. simultaneous same-file uploads ({time.perf_counter() - start:.0f} s): {pairs}"
            )
            print(f"5. filter changes and the dataset list: {listing_cost(base, cache, 233)}")
            workers = set(children(server.pid))
            print(
                f"workers at start {sorted(master_workers)}, at end {sorted(workers)}: "
                f"{len(master_workers - workers)} died"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
