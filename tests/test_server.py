"""The production entry: gunicorn serves the app (what `make run` starts)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from conftest import start_gunicorn, stop


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def gunicorn_url(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    proc, url = start_gunicorn({"EV_CACHE_DIR": str(cache)}, cache / "gunicorn.log")
    yield url
    stop(proc)


PAGES = ("/", "/applicants", "/technology", "/life-cycle", "/cooperation", "/value-chain", "/data")


def test_every_page_is_served_and_linked(gunicorn_url):
    status, layout = _get(gunicorn_url + "/_dash-layout")
    links = json.dumps(json.loads(layout))
    for path in PAGES:
        status, body = _get(gunicorn_url + path)
        assert status == 200, path
        assert b"EV Battery Patents" in body
        assert f'"href": "{path}"' in links, f"no navigation link to {path}"


def test_debug_is_off_and_layout_is_served(gunicorn_url):
    status, body = _get(gunicorn_url + "/_dash-layout")
    assert status == 200
    assert "filter-bar" in json.dumps(json.loads(body))
    status, config = _get(gunicorn_url + "/")
    assert b'"ui":false' in config.replace(b" ", b"") or b'"ui": false' in config


def test_a_worker_forks_with_the_preloaded_objects_out_of_the_collectors_reach():
    # the collector's full passes walked the preloaded app's ~200,000 objects, 100-150 ms
    # each, about once per new network view (issue 17)
    import gc

    from app import gunicorn_conf

    try:
        gunicorn_conf.pre_fork(None, None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
