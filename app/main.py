"""App factory and the WSGI entry gunicorn serves (``app.main:server``)."""

from __future__ import annotations

import logging

from dash import Dash

from app.config import REPO_ROOT, settings
from app.services import init_cache

__all__ = ["create_app", "server"]

log = logging.getLogger(__name__)


def create_app() -> Dash:
    """Build the Dash app: pages from app/pages, the shell, the shared memo cache."""
    from app.ui.shell import shell_layout  # after Dash() exists: it reads the page registry

    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(REPO_ROOT / "app" / "pages"),
        assets_folder=str(REPO_ROOT / "assets"),
        title="EV Battery Patents",
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.server.config["MAX_CONTENT_LENGTH"] = settings().max_upload_bytes * 2  # base64 upload
    init_cache(app.server)
    app.layout = shell_layout
    _never_show_tracebacks(app)
    _register_script_paths(app)
    return app


def _register_script_paths(app: Dash) -> None:
    """Render the index page once, so every worker may serve the component scripts.

    Dash records which script files it may serve only while rendering the index page. A
    gunicorn worker that has not rendered it yet answers the page's script requests with
    500 ("dash" is not a registered library) when another worker served the page; doing it
    here, before the (preloaded) app is forked, gives every worker the list.
    """
    with app.server.test_request_context("/"):
        app.index()


def _never_show_tracebacks(app: Dash) -> None:
    """A failing callback logs its traceback on the server and tells the user in one line."""

    @app.server.errorhandler(Exception)
    def _handle(error):  # pragma: no cover - exercised through the browser tests
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return error
        log.exception("request failed")
        return "Something went wrong on the server; the error has been logged.", 500


app = create_app()
server = app.server
