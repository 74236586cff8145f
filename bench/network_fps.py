"""Frame rate of a dense network while it is panned and zoomed, in headless Chromium.

The technology network of the 200 most frequent full codes (IPC and CPC) of the real EPO
OPS sample, drawn twice in the same run:

- baseline: as the page drew it before: every tie, redrawn in full at every step of a pan
  or zoom;
- default: the explorer's automatic choice (above 1,000 ties, each node's 3 strongest),
  moved as a snapshot while the hand moves (cytoscape's textureOnViewport).

For each, the picture is dragged about and zoomed with the mouse wheel for a few seconds
(real input events sent through the DevTools protocol) while the page records the time
between animation frames: what a user feels. Prints frames per second (mean and the
slowest 5% of frames) and the default's ratio to the baseline and to the 30 frames/s
target. The machine's load shows in both runs alike; compare the ratio.

    .venv/bin/python bench/network_fps.py
    .venv/bin/python bench/network_fps.py --seconds 6 --k 150
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("EV_DATA_DIR", str(REPO.parent / "shared" / "data"))
os.environ.setdefault("EV_CACHE_DIR", tempfile.mkdtemp(prefix="ev-bench-fps-"))

TARGET_FPS = 30.0
CYTO = '{"aio_id":"technology","component":"NetworkExplorerAIO","subcomponent":"cyto"}'

# Records the time between animation frames until told to stop (what a user feels).
_RECORD = """
window.__frames = []; window.__recording = true;
let last = performance.now();
function frame(now) {
  if (!window.__recording) { return; }
  window.__frames.push(now - last); last = now;
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"""
_STOP = "window.__recording = false; return window.__frames.slice(2);"


def _serve():
    """The app on a free loopback port (werkzeug, threaded); returns its URL."""
    from werkzeug.serving import make_server

    from app.main import app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


def _browser():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options)
    driver.set_window_size(1366, 1000)
    driver.set_script_timeout(120)
    return driver


def _wait_for_picture(driver, timeout: float = 300.0) -> tuple[int, int]:
    """Wait until cytoscape holds the network; returns (nodes, edges) drawn."""
    deadline = time.time() + timeout
    script = (
        "const el = document.getElementById(arguments[0]);"
        "if (!el || !el._cyreg) return [0, 0];"
        "const cy = el._cyreg.cy; return [cy.nodes().length, cy.edges().length];"
    )
    last = (0, 0)
    while time.time() < deadline:
        found = tuple(driver.execute_script(script, CYTO))
        if found[0] > 0 and found == last:
            return found
        last = found
        time.sleep(1.5)
    raise SystemExit("the network was not drawn in time")


def _mouse(driver, kind: str, x: float, y: float, **more) -> None:
    event = {"type": kind, "x": x, "y": y, "button": "left", **more}
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", event)


def _pan_and_zoom(driver, seconds: float) -> None:
    """Drag the picture about, then zoom in and out with the wheel, as a user does (real
    input events, so cytoscape handles them as it handles a hand on the mouse)."""
    box = driver.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return [r.left + r.width / 2, r.top + r.height / 2];",
        CYTO,
    )
    x, y = box
    end = time.time() + seconds / 2
    _mouse(driver, "mousePressed", x, y, clickCount=1)
    step = 0
    while time.time() < end:
        step += 1
        dx = 120 * ((step // 40) % 2 * 2 - 1)  # back and forth
        _mouse(driver, "mouseMoved", x + dx * (step % 40) / 40, y + 40 * ((step // 20) % 2))
        time.sleep(0.004)
    _mouse(driver, "mouseReleased", x, y, clickCount=1)
    end = time.time() + seconds / 2
    step = 0
    while time.time() < end:
        step += 1
        delta = -60 if (step // 15) % 2 == 0 else 60
        _mouse(driver, "mouseWheel", x, y, deltaX=0, deltaY=delta, button="none")
        time.sleep(0.012)


def measure(driver, url: str, seconds: float, snapshot: bool) -> dict:
    """Frame figures of the network at ``url`` while panned and zoomed; ``snapshot``:
    whether cytoscape moves a snapshot while the hand moves (False: as before)."""
    driver.get(url)
    nodes, edges = _wait_for_picture(driver)
    driver.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});"
        "document.getElementById(arguments[0])._cyreg.cy.renderer().textureOnViewport ="
        " arguments[1];",
        CYTO,
        snapshot,
    )
    time.sleep(1.0)
    driver.execute_script(_RECORD)
    _pan_and_zoom(driver, seconds)
    intervals = sorted(driver.execute_script(_STOP))
    mean = sum(intervals) / len(intervals)
    slow = intervals[int(len(intervals) * 0.95)]
    return {"nodes": nodes, "edges": edges, "fps": 1000 / mean, "fps_p5": 1000 / slow, "ms": mean}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="pan/zoom time per run")
    parser.add_argument("--k", type=int, default=200, help="top K full codes")
    args = parser.parse_args()
    base, server = _serve()
    driver = _browser()
    view = f"/technology?ds=ops-hydrogen&tn_lvl=code&tn_k={args.k}&tn_sch=both&lang=en"
    try:
        runs = {
            "baseline (all ties drawn)": measure(
                driver, f"{base}{view}&tn_ties=all", args.seconds, snapshot=False
            ),
            "threshold only (no snapshot)": measure(
                driver, f"{base}{view}", args.seconds, snapshot=False
            ),
            "default (automatic)": measure(driver, f"{base}{view}", args.seconds, snapshot=True),
        }
    finally:
        driver.quit()
        server.shutdown()
    print(f"Technology network, top {args.k} full codes, EPO OPS sample, headless Chromium")
    for name, run in runs.items():
        print(
            f"  {name:28s} {run['nodes']:4d} nodes {run['edges']:6,d} ties drawn: "
            f"{run['fps']:5.1f} frames/s (slowest 5%: {run['fps_p5']:5.1f}), "
            f"{run['ms']:6.1f} ms per frame, {run['fps'] / TARGET_FPS:.2f} of the target"
        )
    before, after = runs["baseline (all ties drawn)"], runs["default (automatic)"]
    print(f"  default / baseline: {after['fps'] / before['fps']:.1f}x")
    print(f"  default / target {TARGET_FPS:.0f} frames/s: {after['fps'] / TARGET_FPS:.2f}")
    print(f"  load average over the last minute: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
