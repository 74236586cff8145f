"""App factory and the WSGI entry gunicorn serves (``app.main:server``)."""

from __future__ import annotations

import logging

import dash
from dash import Dash

from app import i18n
from app.config import APP_NAME, REPO_ROOT, settings
from app.i18n import _
from app.ingest.ipc import ipc_title
from app.services import init_cache
from app.store.knowledge import load_knowledge

__all__ = ["create_app", "server"]

log = logging.getLogger(__name__)


class DashboardApp(Dash):
    """Dash whose index page names its language (``<html lang>``) and title in it."""

    def interpolate_index(self, **kwargs) -> str:
        kwargs["title"] = _(APP_NAME)
        page = super().interpolate_index(**kwargs)
        language = i18n.HTML_LANG[i18n.current_language()]
        return page.replace("<html>", f'<html lang="{language}">', 1)


def _page_paths() -> set[str]:
    return {page["relative_path"] for page in dash.page_registry.values()}


def create_app() -> Dash:
    """Build the Dash app: pages from app/pages, the shell, the shared memo cache."""
    from app.ui.shell import shell_layout  # after Dash() exists: it reads the page registry

    app = DashboardApp(
        __name__,
        use_pages=True,
        pages_folder=str(REPO_ROOT / "app" / "pages"),
        assets_folder=str(REPO_ROOT / "assets"),
        title=APP_NAME,
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.config["MAX_CONTENT_LENGTH"] = settings().max_upload_bytes * 2  # base64 upload
    init_cache(app.server)
    i18n.install(app.server, _page_paths)
    app.layout = shell_layout
    _never_show_tracebacks(app)
    _register_script_paths(app)
    _read_shared_tables()
    return app


def _read_shared_tables() -> None:
    """Read the WIPO IPC titles and the seed papers' tables now, before gunicorn forks the
    workers (they share them). Otherwise every worker reads them on its first network
    view: seconds.
    """
    ipc_title("H01M 10/0525")
    try:
        load_knowledge()
    except Exception:  # a broken table: the pages that use it say so; the app still starts
        log.exception("the seed papers' tables could not be read at start-up")


def _register_script_paths(app: Dash) -> None:
    """Render the index page once, so this process knows every script it may serve.

    Dash records the component scripts it will serve while it renders the index page. A
    gunicorn worker (or a second thread) asked for a script before its own first index
    render refuses it ("dash is not a registered library") and the page never starts.
    Rendering it here, before the workers fork, gives every worker the full list.
    """
    response = app.server.test_client().get(f"/?lang={i18n.DEFAULT_LANGUAGE}")
    if response.status_code != 200:  # pragma: no cover - the app itself is broken
        log.warning("index page warm-up returned %s", response.status_code)


def _never_show_tracebacks(app: Dash) -> None:
    """A failing callback logs its traceback on the server and tells the user in one line."""

    @app.server.errorhandler(Exception)
    def _handle(error):  # pragma: no cover - exercised through the browser tests
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return error
        log.exception("request failed")
        return _("Something went wrong on the server; the error has been logged."), 500


app = create_app()
server = app.server
