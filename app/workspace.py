"""Each browser's private workspace: a random token in a signed, HttpOnly cookie.

There are no accounts. The first response to a browser sets the cookie ``ev_workspace``
(a random token, signed so that it cannot be forged or guessed, HttpOnly so page scripts
cannot read it, SameSite=Lax so other sites cannot make the browser use it); the uploads
a browser makes belong to that workspace (:mod:`app.store.uploads`) and only it sees
them. The store never sees the token itself, only a hash of it (:func:`current_owner`).

The signing key is ``EV_SECRET_KEY``, or one generated once and kept in
``<cache_dir>/secret/workspace.key``, so every worker and every instance sharing the cache
folder signs alike and a restart keeps everyone's uploads theirs. With
``EV_SHARED_UPLOADS`` set (a trusted single team), every browser works in one shared
workspace.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache
from pathlib import Path

from flask import Flask, g, has_request_context, request
from itsdangerous import BadSignature, Signer

from app.config import settings
from app.store.uploads import SHARED

__all__ = ["COOKIE", "current_owner", "install"]

COOKIE = "ev_workspace"
_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
_SALT = "ev-workspace"


@cache
def _stored_key(folder: Path) -> bytes:
    """The key in ``folder/workspace.key``, created once whoever asks first (atomically:
    a worker racing another reads the key the other wrote)."""
    path = folder / "workspace.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = folder / f".workspace.key.{secrets.token_hex(4)}"
        tmp.write_bytes(secrets.token_bytes(32))
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # fails if another process created it first: use theirs
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_bytes()


def _signer() -> Signer:
    cfg = settings()
    key = cfg.secret_key.encode() if cfg.secret_key else _stored_key(cfg.cache_dir / "secret")
    return Signer(key, salt=_SALT)


def _token_from_cookie() -> str | None:
    value = request.cookies.get(COOKIE)
    if not value:
        return None
    try:
        token = _signer().unsign(value).decode()
    except (BadSignature, UnicodeDecodeError):
        return None
    return token if len(token) == 32 else None


def current_owner() -> str:
    """Who the current request's uploads belong to: a hash of the browser's token, or
    :data:`~app.store.uploads.SHARED` (shared uploads, or no request: the command line)."""
    if settings().shared_uploads or not has_request_context():
        return SHARED
    token = g.get("ev_workspace")
    if token is None:  # a request the hook did not see (tests calling a callback directly)
        token = _token_from_cookie() or secrets.token_hex(16)
        g.ev_workspace = token
    return "w" + hashlib.sha256(token.encode()).hexdigest()[:31]


def install(server: Flask) -> None:
    """Give every browser without a valid cookie a new workspace token, set in the reply."""

    @server.before_request
    def _read_workspace():
        token = _token_from_cookie()
        g.ev_workspace_new = token is None
        g.ev_workspace = token or secrets.token_hex(16)

    @server.after_request
    def _set_workspace(response):
        if g.get("ev_workspace_new") and not settings().shared_uploads:
            response.set_cookie(
                COOKIE,
                _signer().sign(g.ev_workspace).decode(),
                max_age=_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure,
            )
        return response
