"""Every server callback, POSTed with crafted inputs and states as an attacker would (issue
11): unknown and traversal dataset ids, another browser's upload, wrong types, huge
values, one-element year ranges. No request may answer 500 or take long, change a file, or
show another browser's upload."""

from __future__ import annotations

import collections
import json
import threading
import time

import pytest
from conftest import FIXTURES, file_digests

from app import callback_guard
from app.config import settings
from app.store import corpora, uploads
from hostile.crafted import crafted_requests

VICTIM_OWNER = "w" + "0" * 31


def _snapshot() -> dict[str, str]:
    """Digest of every stored file but the analysis memo (which callbacks may fill)."""
    root = settings().cache_dir
    return {folder: file_digests(root / folder) for folder in ("uploads", "corpora")}


@pytest.fixture(scope="module")
def victim(dash_app):
    """An upload of another browser, and every built-in parsed (so nothing is written later)."""
    state = uploads.import_now(
        FIXTURES / "espacenet.csv",
        VICTIM_OWNER,
        uploads.ImportOptions(label="VICTIM-PRIVATE-LABEL"),
    )
    assert state.dataset_id is not None, state.problem
    uploads.confirm(VICTIM_OWNER, state.dataset_id)
    for dataset_id in corpora.BUILTINS:
        corpora.load_corpus(dataset_id)
    return state.dataset_id


def test_no_crafted_callback_request_fails_changes_a_file_or_leaks(dash_app, victim):
    client = dash_app.server.test_client()
    client.get("/?lang=en")  # a browser with its own workspace
    before = _snapshot()
    statuses = collections.Counter()
    failures, slow, leaks = [], [], []
    for crafted in crafted_requests(dash_app, victim):
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=crafted.body)
        took = time.perf_counter() - start
        statuses[response.status_code] += 1
        where = (crafted.callback[:60], crafted.target, repr(crafted.value)[:60])
        if response.status_code >= 500:
            failures.append(where)
        if took > 10:
            slow.append((round(took, 1), *where))
        if b"VICTIM-PRIVATE-LABEL" in response.data:
            leaks.append(where)
    assert sum(statuses.values()) > 1000, statuses
    assert statuses[200] > 100 and statuses[204] > 100, statuses  # requests really ran
    assert failures == [], f"{len(failures)} answers 500, e.g. {failures[:10]}"
    assert slow == []
    assert leaks == []
    assert _snapshot() == before


def test_outputs_naming_other_components_than_the_callback_are_refused(dash_app):
    """A known callback asked to write into components it does not declare: 400, not a 500
    from Dash's own check."""
    output = next(key for key in dash_app.callback_map if "overview-headline.children" in key)

    def body(table_id, headline="overview-headline") -> dict:
        outputs = []
        for part in output.strip(".").split("..."):
            component, prop = part.rsplit(".", 1)
            if component.startswith("{"):
                component = table_id
            elif component == "overview-headline":
                component = headline
            outputs.append({"id": component, "property": prop})
        view = {"id": "view-state", "property": "data", "value": {"ds": "lens-battery"}}
        return {"output": output, "outputs": outputs, "inputs": [view], "state": []}

    client = dash_app.server.test_client()
    right = {"name": "overview-top-applicants", "type": "table"}
    assert client.post("/_dash-update-component", json=body(right)).status_code == 200
    wrong = {"name": "top-applicants", "type": "table"}
    assert client.post("/_dash-update-component", json=body(wrong)).status_code == 400
    other = body(right, headline="overview-note")
    assert client.post("/_dash-update-component", json=other).status_code == 400


def test_a_traversal_dataset_id_reaches_no_folder(dash_app, victim):
    client = dash_app.server.test_client()
    before = _snapshot()
    output = next(key for key in dash_app.callback_map if "overview-headline.children" in key)
    outputs = []
    for part in output.strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append(
            {
                "id": json.loads(component) if component.startswith("{") else component,
                "property": prop,
            }
        )
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": [
            {
                "id": "view-state",
                "property": "data",
                "value": {"ds": f"upload-x/../../uploads/{victim}"},
            }
        ],
        "state": [],
        "changedPropIds": ["view-state.data"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200  # answered with the default dataset
    assert b"2,196" in response.data  # the default (EPO H01M 2014) dataset's applications
    assert victim.encode() not in response.data
    assert _snapshot() == before


def test_a_worker_receives_one_upload_body_at_a_time(dash_app, monkeypatch):
    """Large bodies (uploads) wait for each other; small callback requests do not."""
    lock, inside, most = threading.Lock(), [0], [0]

    def judging_slowly(_callback_map, _body):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.3)
        with lock:
            inside[0] -= 1
        return False

    monkeypatch.setattr(callback_guard, "is_well_formed", judging_slowly)

    def post_at_once(size: int) -> list[int]:
        most[0] = 0
        statuses = []
        body = {"output": "x", "padding": "x" * size}

        def post():
            statuses.append(
                dash_app.server.test_client().post("/_dash-update-component", json=body).status_code
            )

        threads = [threading.Thread(target=post) for _n in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses

    assert post_at_once(callback_guard.LARGE_BODY_BYTES + 1) == [400] * 3 and most[0] == 1
    assert post_at_once(1000) == [400] * 3 and most[0] == 3
