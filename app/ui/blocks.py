"""Small layout blocks the pages share: the heading, a panel's prompt, "how to read it"."""

from __future__ import annotations

from collections.abc import Callable

from dash import html

from app.config import APP_NAME
from app.i18n import _

__all__ = ["explanation", "page_header", "page_title", "passage_panel", "prompt"]


def page_title(name: str) -> Callable[[], str]:
    """The browser tab's title of a page called ``name`` (a message id), in the language of
    the request that asks for it (Dash calls it per request)."""
    return lambda: _("{page} — {app}").format(page=_(name), app=_(APP_NAME))


def page_header(title: str, lead: str | list) -> list:
    """A page's title and the lead paragraph under it."""
    return [html.H1(title, className="page-title"), html.P(lead, className="page-lead")]


def prompt(title: str, text: str) -> list:
    """What a panel says before the user picks something to show in it."""
    return [html.H3(title), html.P(text, className="text-muted")]


def explanation(panels: list[tuple[str, list]]) -> html.Div:
    """A page's "how to read it": one panel per (heading, paragraphs), side by side."""
    return html.Div(
        [
            html.Div([html.H3(heading), *[html.P(text) for text in paragraphs]], className="panel")
            for heading, paragraphs in panels
        ],
        className="lc-explain",
    )


def passage_panel(panel_id: str, title: str, text: str) -> html.Div:
    """The panel beside a page's charts that shows the passage behind what was clicked; it
    stays in view while the charts scroll."""
    return html.Div(html.Div(prompt(title, text), id=panel_id, className="panel sticky-panel"))
