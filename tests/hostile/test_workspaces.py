"""Uploads belong to the browser that made them (issue 11): a signed, HttpOnly, SameSite
cookie names a private workspace; another browser neither lists nor opens its uploads."""

from __future__ import annotations

import re

from conftest import FIXTURES

from app import workspace
from app.store import uploads

LAYOUT = "/_dash-layout"


def _browser(dash_app):
    client = dash_app.server.test_client()
    response = client.get("/?lang=en")
    return client, response


def _owner_of(dash_app, client) -> str:
    cookie = client.get_cookie(workspace.COOKIE)
    with dash_app.server.test_request_context(
        headers={"Cookie": f"{workspace.COOKIE}={cookie.value}"}
    ):
        return workspace.current_owner()


def test_first_visit_sets_a_signed_httponly_samesite_cookie(dash_app):
    _client, response = _browser(dash_app)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{workspace.COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token, signature = re.match(rf"{workspace.COOKIE}=([^.;]+)\.([^;]+);", cookie).groups()
    assert len(token) == 32 and signature


def test_a_forged_or_tampered_cookie_gets_a_new_workspace(dash_app):
    client, _response = _browser(dash_app)
    owner = _owner_of(dash_app, client)
    value = client.get_cookie(workspace.COOKIE).value
    forged = ("0" * 32) + value[32:]
    client.set_cookie(workspace.COOKIE, forged)
    response = client.get("/?lang=en")
    assert workspace.COOKIE in response.headers.get("Set-Cookie", "")
    assert _owner_of(dash_app, client) not in (owner,)


def test_a_second_browser_does_not_see_the_first_browsers_upload(dash_app):
    first, _r = _browser(dash_app)
    second, _r = _browser(dash_app)
    mine = _owner_of(dash_app, first)
    assert mine != _owner_of(dash_app, second)
    state = uploads.import_now(
        FIXTURES / "lens_variant_c.csv", mine, uploads.ImportOptions(label="FIRST-BROWSER-ONLY")
    )
    assert state.verdict == "green"
    assert b"FIRST-BROWSER-ONLY" in first.get(LAYOUT).data
    assert b"FIRST-BROWSER-ONLY" not in second.get(LAYOUT).data
    assert state.dataset_id not in second.get(LAYOUT).data.decode()
    # the second browser cannot delete it either
    assert not uploads.delete(_owner_of(dash_app, second), state.dataset_id)
    assert uploads.get(state.dataset_id) is not None
    assert uploads.delete(mine, state.dataset_id)
    assert b"FIRST-BROWSER-ONLY" not in first.get(LAYOUT).data


def test_the_signing_key_is_made_once_and_shared(tmp_path):
    first = workspace._stored_key(tmp_path / "secret")
    workspace._stored_key.cache_clear()
    assert workspace._stored_key(tmp_path / "secret") == first and len(first) == 32
    assert (tmp_path / "secret" / "workspace.key").stat().st_mode & 0o077 == 0


def test_shared_uploads_for_a_trusted_team(dash_app, monkeypatch):
    monkeypatch.setenv("EV_SHARED_UPLOADS", "1")
    _first, response = _browser(dash_app)
    assert workspace.COOKIE not in response.headers.get("Set-Cookie", "")
    state = uploads.import_now(
        FIXTURES / "lens_variant_c.csv", uploads.SHARED, uploads.ImportOptions(label="TEAM-UPLOAD")
    )
    second, _r = _browser(dash_app)
    assert b"TEAM-UPLOAD" in second.get(LAYOUT).data
    uploads.delete(uploads.SHARED, state.dataset_id)
