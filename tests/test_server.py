"""The production entry: gunicorn serves the app (what `make run` starts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import free_port

REPO = Path(__file__).resolve().parents[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def gunicorn_url(tmp_path_factory):
    port = free_port()
    env = os.environ | {"PORT": str(port), "EV_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "--config", "python:app.gunicorn_conf", "app.main:server"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            _get(url + "/")
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("gunicorn exited:\n" + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


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
