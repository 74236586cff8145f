"""Test-wide setup: caches go to a temporary folder, never the developer's .cache/.

Browser tests (tests/browser) run the real app in headless Chromium through dash_duo and
save a screenshot of every page in tests/screenshots/ (named in the README) so a person
can look at what the tests saw.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from dash.testing.wait import until

# Set before any app module reads the settings.
os.environ.setdefault("EV_CACHE_DIR", tempfile.mkdtemp(prefix="ev-test-cache-"))
os.environ.setdefault("EV_DATA_DIR", str(Path(__file__).resolve().parents[2] / "shared" / "data"))

from app.config import settings
from app.synthetic import synthetic_corpus

SHARED_DATA = settings().data_dir
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def small_synthetic():
    """A 2,000-patent synthetic corpus (labelled synthetic), shared read-only."""
    return synthetic_corpus(2000, seed=7)


def require_shared(*parts: str) -> Path:
    """Path under the shared data folder; skips the test if it is absent on this machine."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


def component_text(component) -> str:
    """All text of a Dash component tree, whitespace collapsed."""
    return " ".join(_collect_text(component).split())


def _collect_text(component) -> str:
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(_collect_text(c) for c in component)
    children = getattr(component, "children", None)
    return _collect_text(children) if children is not None else ""


SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="session")
def dash_app():
    from app.main import app

    return app


def free_port() -> int:
    """A loopback port nobody listens on (parallel test runs must not share 8050)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """Serve the app with gunicorn (the production entry) on a free port; returns the
    process and its URL once it answers. ``env`` is added to this process's environment;
    the server's output goes to ``log`` (discarded without one)."""
    port = free_port()
    output = log.open("wb") if log else subprocess.DEVNULL
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "--config", "python:app.gunicorn_conf", "app.main:server"],
        cwd=Path(__file__).resolve().parents[1],
        env=os.environ | env | {"PORT": str(port)},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=10).read()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.terminate()
    message = log.read_text(errors="replace") if log else ""
    pytest.fail(f"gunicorn did not start:\n{message}")


def stop(*procs: subprocess.Popen) -> None:
    """End servers this test run started (politely, all at once, then for sure)."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def page(dash_duo, dash_app):
    """dash_duo with the app started; returns helpers bound to it."""
    dash_duo.start_server(dash_app, port=free_port())
    dash_duo.driver.set_window_size(1366, 900)
    return Browser(dash_duo)


class Browser:
    """Small helpers over dash_duo for this app."""

    def __init__(self, duo):
        self.duo = duo
        self.driver = duo.driver

    def open(self, path: str, ready_selector: str) -> None:
        """Go to ``path`` (with query) and wait until ``ready_selector`` has content."""
        self.driver.get(self.duo.server_url + path)
        self.duo.wait_for_element(ready_selector, timeout=30)
        until(lambda: self.js("return !document.querySelector('._dash-loading')"), timeout=30)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def url_query(self) -> str:
        return self.js("return window.location.search")

    def screenshot(self, name: str, width: int | None = None) -> Path:
        """Full-page PNG in tests/screenshots/<name>.png, laid out ``width`` CSS pixels wide
        (default: the window's width); the window gets its size back afterwards."""
        SCREENSHOTS.mkdir(exist_ok=True)
        before = self.driver.get_window_size()
        width = width or before["width"]
        if width != before["width"]:
            self.set_width(width)
        height = self.js("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(height, 768), 8000))
        path = SCREENSHOTS / f"{name}.png"
        # the window's viewport is shorter than the window: capture the laid-out page instead
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "scale": 1, "width": size["width"]}
        clip["height"] = min(size["height"], 8000)
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        self.driver.set_window_size(before["width"], before["height"])
        return path

    def set_width(self, width: int, height: int = 900) -> None:
        """Resize the window to ``width`` CSS pixels and wait until the page has laid
        itself out again."""
        self.driver.set_window_size(width, height)
        until(lambda: self.js("return window.innerWidth") == width, timeout=10)
        self.js("return new Promise(done => requestAnimationFrame(() => done()))")

    def console_errors(self) -> list[str]:
        """Severe browser console entries since the last call (favicon noise excluded)."""
        return [
            entry["message"]
            for entry in self.duo.get_logs() or []
            if entry["level"] == "SEVERE" and "favicon" not in entry["message"]
        ]
