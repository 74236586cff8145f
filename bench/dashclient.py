"""A browser as the benchmarks need it: its own cookies (workspace), callback POSTs built
from the server's ``/_dash-dependencies``, an upload followed to its verdict; gunicorn
started as the Procfile starts it; process memory read from /proc.

Used by bench/soak.py and bench/hostile.py (not a benchmark itself).
"""

from __future__ import annotations

import base64
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from app.ingest.readers.generic import FIELDS  # noqa: E402  (after the path is set)

IMPORT_OUTPUT = "data-import-status.children"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(cache_dir: Path, port: int, extra_env: dict | None = None) -> subprocess.Popen:
    """gunicorn as ``make run`` starts it (the built-ins prepared first, then the Procfile
    command), on a private cache folder; waits until it answers."""
    env = os.environ | {"EV_CACHE_DIR": str(cache_dir), "PORT": str(port)} | (extra_env or {})
    subprocess.run(
        [sys.executable, "-m", "app", "prepare"],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "--config", "python:app.gunicorn_conf", "app.main:server"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(cache_dir / "gunicorn.log", "w"),  # noqa: SIM115 (lives with the server)
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=en", timeout=5).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gunicorn did not start (see gunicorn.log)") from None
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not answer within 120 s")


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid``."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], children(pid)
    while todo:
        child = todo.pop()
        out.append(child)
        todo += children(child)
    return out


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (None: gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Answer:
    status: int  # 0: no HTTP answer (the connection was cut)
    seconds: float
    body: dict | None = None
    error: str = ""  # why there was no answer


@dataclass
class Upload:
    """What became of one upload, as the page saw it."""

    verdict: str  # green, amber, red, or "error" (the page could not say)
    message: str
    seconds: float
    answers: list[Answer] = field(default_factory=list)


class Browser:
    """One visitor: a cookie jar (its workspace) and the app's callbacks."""

    def __init__(self, base: str, timeout: float = 120):
        self.base = base
        self.timeout = timeout
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.get("/data?lang=en")
        self.deps = json.loads(self.opener.open(base + "/_dash-dependencies").read())

    def get(self, path: str) -> Answer:
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=self.timeout) as response:
                response.read()
                return Answer(response.status, time.perf_counter() - start)
        except urllib.error.HTTPError as error:
            return Answer(error.code, time.perf_counter() - start)

    def callback(self, output_part: str) -> dict:
        return next(d for d in self.deps if output_part in d["output"])

    def post(self, body: dict) -> Answer:
        request = urllib.request.Request(
            self.base + "/_dash-update-component",
            json.dumps(body).encode(),
            {"Content-Type": "application/json"},
        )
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
                took = time.perf_counter() - start
                return Answer(response.status, took, json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            return Answer(error.code, time.perf_counter() - start)
        except (OSError, ValueError) as exc:  # connection reset by a killed worker
            return Answer(0, time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}")

    def change_filters(self, countries: list[str], years: list[int] | None) -> Answer:
        """The shell's URL sync callback, as a change in the filter bar triggers it."""
        spec = self.callback("url.search")
        names = ("ds", "c", "y", "t")
        values = {"ds": "lens-battery", "c": countries, "y": years, "t": None}
        params = [
            {"id": {"name": n, "type": "param"}, "property": "value", "value": values[n]}
            for n in names
        ]
        outputs = []
        for part in spec["output"].strip(".").split("..."):
            component, prop = part.rsplit(".", 1)
            if '"ALL"' in component:
                outputs.append([{"id": p["id"], "property": prop} for p in params])
            elif component.startswith("{"):
                outputs.append({"id": json.loads(component), "property": prop})
            else:
                outputs.append({"id": component, "property": prop})
        body = {
            "output": spec["output"],
            "outputs": outputs,
            "inputs": [
                {"id": "url", "property": "search", "value": "?lang=en"},
                params,
                {"id": "datasets-signal", "property": "data", "value": None},
            ],
            "state": [  # the view before the change; nothing selected
                {
                    "id": state["id"],
                    "property": state["property"],
                    "value": {"ds": "lens-battery"} if state["id"] == "view-state" else None,
                }
                for state in spec.get("state", [])
            ],
            "changedPropIds": ['{"name":"c","type":"param"}.value'],
        }
        return self.post(body)

    # -------------------------------------------------------------- the Data page's import

    def _import_body(self, trigger: str, value, job=None, files=None) -> dict:
        spec = self.callback(IMPORT_OUTPUT)
        outputs = []
        for part in spec["output"].strip(".").split("..."):
            component, prop = part.rsplit(".", 1)
            if component.startswith("{"):
                outputs.append(
                    [{"id": {"field": f, "type": "data-map"}, "property": prop} for f in FIELDS]
                )
            else:
                outputs.append({"id": component, "property": prop})
        names = [name for name, _data in files or []]
        urls = [
            "data:application/octet-stream;base64," + base64.b64encode(data).decode()
            for _name, data in files or []
        ]
        values = {
            "data-upload-ticket.data": value if trigger == "ticket" else None,
            "data-map-import.n_clicks": None,
            "data-poll.n_intervals": value if trigger == "poll" else None,
            "data-keep-upload.n_clicks": None,
            "data-discard-upload.n_clicks": None,
            "data-upload.contents": urls or None,
            "data-upload.filename": names or None,
            "data-format.value": "auto",
            "data-label.value": None,
            "data-job.data": job,
            "data-sep.value": ";",
        }

        def entry(item):
            if item["id"].startswith("{"):
                pattern = {"field": None, "type": "data-map"}
                return [
                    {"id": pattern | {"field": f}, "property": item["property"], "value": None}
                    for f in FIELDS
                ]
            key = f"{item['id']}.{item['property']}"
            return {"id": item["id"], "property": item["property"], "value": values[key]}

        changed = "data-upload-ticket.data" if trigger == "ticket" else "data-poll.n_intervals"
        return {
            "output": spec["output"],
            "outputs": outputs,
            "inputs": [entry(i) for i in spec["inputs"]],
            "state": [entry(s) for s in spec["state"]],
            "changedPropIds": [changed],
        }

    def upload(self, files: list[tuple[str, bytes]], wait: float = 300) -> Upload:
        """Upload files as the page does and poll until the page shows the verdict."""
        start = time.perf_counter()
        ticket = {"files": len(files), "at": time.time()}
        first = self.post(self._import_body("ticket", ticket, files=files))
        answers = [first]
        if first.status != 200 or first.body is None:
            message = f"HTTP {first.status} {first.error}".strip()
            return Upload("error", message, time.perf_counter() - start, answers)
        job = _output(first.body, "data-job", "data")
        if not job:  # refused before reading: the status says why
            message = _text(_output(first.body, "data-import-status", "children"))
            return Upload("red", message, time.perf_counter() - start, answers)
        polls = 0
        while time.perf_counter() - start < wait:
            time.sleep(0.5)
            polls += 1
            answer = self.post(self._import_body("poll", polls, job=job))
            answers.append(answer)
            if answer.status == 204:
                continue
            if answer.status != 200 or answer.body is None:
                if answer.status == 0:
                    continue  # a worker was killed under this request: ask again
                return Upload(
                    "error", f"HTTP {answer.status}", time.perf_counter() - start, answers
                )
            message = _text(_output(answer.body, "data-import-status", "children"))
            done = _output(answer.body, "data-job", "data") or {}
            dataset = done.get("dataset") if isinstance(done, dict) else None
            if dataset is None:
                verdict = "red"
            elif "problems" in message:
                verdict = "amber"
            else:
                verdict = "green"
            return Upload(verdict, message, time.perf_counter() - start, answers)
        return Upload("error", "no verdict in time", time.perf_counter() - start, answers)

    def dataset_options(self) -> list[str]:
        """The dataset ids this browser's shell offers."""
        raw = self.opener.open(self.base + "/_dash-layout", timeout=self.timeout).read()
        layout = json.loads(raw)
        found: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                props = node.get("props", {})
                if props.get("id") == {"name": "ds", "type": "param"}:
                    found.extend(o["value"] for o in props.get("options", []))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(layout)
        return found


def _output(body: dict, component: str, prop: str):
    return (body.get("response", {}).get(component) or {}).get(prop)


def _text(node) -> str:
    if isinstance(node, str | int | float):
        return str(node)
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return ""
