"""Several instances behind one Redis and one dataset store (what a deployment runs).

Starts Debian's redis-server on a free port (its own folder) and two gunicorn instances
(2 workers each) on two ports, both given the same cache folder and CACHE_REDIS_URL:
- a view computed on one instance is read from the shared memo by the other;
- a dataset imported while both run is listed by both;
- with Redis killed, both keep answering (computing) and each worker logs it once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from conftest import free_port, start_gunicorn, stop

from app.store.corpora import register_corpus
from app.synthetic import synthetic_corpus, write_synthetic_lens_csv

REPO = Path(__file__).resolve().parents[1]
OUTAGE = "the shared memo (Redis) is unreachable"

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server missing (make test installs it)"
)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    options = {"port": port, "bind": "127.0.0.1", "dir": folder, "save": "", "appendonly": "no"}
    proc = subprocess.Popen(
        ["redis-server", *[part for k, v in options.items() for part in (f"--{k}", str(v))]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    client = redis.Redis(port=port)
    deadline = time.time() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
    yield proc, client, port
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def instances(redis_server, tmp_path_factory, request):
    """Two gunicorn instances sharing one cache folder and one Redis; a small synthetic
    dataset registered in that folder first."""
    shared = tmp_path_factory.mktemp("shared")
    monkeypatch = pytest.MonkeyPatch()
    request.addfinalizer(monkeypatch.undo)
    monkeypatch.setenv("EV_CACHE_DIR", str(shared))
    dataset_id = register_corpus(synthetic_corpus(2000, seed=3), "SYNTHETIC instances test")
    env = {
        "EV_CACHE_DIR": str(shared),
        "CACHE_REDIS_URL": f"redis://127.0.0.1:{redis_server[2]}/0",
        "WEB_CONCURRENCY": "2",
    }
    servers = [start_gunicorn(env, shared / f"gunicorn-{name}.log") for name in "ab"]
    request.addfinalizer(lambda: stop(*(proc for proc, _ in servers)))
    return {
        "urls": [url for _, url in servers],
        "logs": [shared / f"gunicorn-{name}.log" for name in "ab"],
        "shared": shared,
        "dataset": dataset_id,
    }


def _overview_callback(url: str) -> dict:
    deps = json.loads(urllib.request.urlopen(url + "/_dash-dependencies").read())
    return next(d for d in deps if "overview-headline" in d["output"])


def _post_overview(url: str, view: dict) -> dict:
    callback = _overview_callback(url)
    outputs = []
    for part in callback["output"].strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        key = json.loads(component) if component.startswith("{") else component
        outputs.append({"id": key, "property": prop})
    body = json.dumps(
        {
            "output": callback["output"],
            "outputs": outputs,
            "inputs": [{"id": "view-state", "property": "data", "value": view}],
            "changedPropIds": ["view-state.data"],
            "state": [],
        }
    ).encode()
    request = urllib.request.Request(
        url + "/_dash-update-component", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return json.loads(response.read())["response"]


def _view(dataset_id: str, countries: list[str]) -> dict:
    return {"ds": dataset_id, "c": countries, "y": None, "t": None}


def _headline(answer: dict) -> str:
    return json.dumps(answer["overview-headline"]["children"])


def test_a_view_computed_on_one_instance_is_read_by_the_other(instances, redis_server):
    client = redis_server[1]
    first, second = instances["urls"]
    view = _view(instances["dataset"], ["JP"])
    computed = _post_overview(first, view)
    assert client.keys("ev-memo:*"), "nothing memoised in Redis"
    before = client.info("stats")
    read = _post_overview(second, view)
    after = client.info("stats")
    assert read == computed
    assert after["keyspace_hits"] > before["keyspace_hits"]
    assert after["keyspace_misses"] == before["keyspace_misses"]  # nothing had to be computed


def test_a_dataset_imported_while_both_run_is_listed_by_both(instances, tmp_path):
    source = write_synthetic_lens_csv(tmp_path / "lens.csv", 40, seed=5)
    label = "SYNTHETIC shared-store upload"
    env = {"EV_CACHE_DIR": str(instances["shared"])}
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", str(source), "--label", label],
        cwd=REPO,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for url in instances["urls"]:
        layout = urllib.request.urlopen(url + "/_dash-layout").read().decode()
        assert label in layout, url


def test_without_redis_both_keep_answering_and_say_so_once(instances, redis_server):
    proc = redis_server[0]
    proc.kill()
    proc.wait(timeout=10)
    for countries in (["CN"], ["KR"], ["US"], ["DE"]):
        for url in instances["urls"]:
            answer = _post_overview(url, _view(instances["dataset"], countries))
            assert "patents" in _headline(answer)
    for log in instances["logs"]:
        said = log.read_text(errors="replace").count(OUTAGE)
        assert 1 <= said <= 2, f"{log.name}: outage logged {said} times (2 workers)"
