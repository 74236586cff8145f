"""Reading and clicking a dash-cytoscape network in the browser tests.

Cytoscape draws on a canvas, so nodes are read from its JavaScript object
(``element._cyreg.cy``) and clicked with a real mouse click where cytoscape renders them.
"""

from __future__ import annotations

import json
import time

from .plot_clicks import click_at

__all__ = ["click_edge", "click_node", "cy_edges", "cy_nodes", "explorer_id", "net_button"]

_CY = "document.getElementById(arguments[0])._cyreg.cy"


def cy_nodes(browser, dom_id: str) -> list[dict]:
    """Every node: its ``id``, ``data`` and model ``position``."""
    return browser.js(
        f"const el = document.getElementById(arguments[0]);"
        f"if (!el || !el._cyreg) return [];"
        f"return {_CY}.nodes().map(n => ({{id: n.id(), data: n.data(), position: n.position()}}));",
        dom_id,
    )


def cy_edges(browser, dom_id: str) -> list[dict]:
    """Every edge's ``data`` (source, target, weight, width)."""
    return browser.js(
        "const el = document.getElementById(arguments[0]);"
        "if (!el || !el._cyreg) return [];"
        f"return {_CY}.edges().map(e => e.data());",
        dom_id,
    )


def _click_rendered(browser, dom_id: str, point_js: str, *args) -> None:
    browser.js(
        "document.getElementById(arguments[0])"
        ".scrollIntoView({block: 'center', behavior: 'instant'})",
        dom_id,
    )
    time.sleep(0.3)
    x, y = browser.js(
        f"const cy = {_CY}; const p = {point_js};"
        "const box = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return [box.left + p.x, box.top + p.y];",
        dom_id,
        *args,
    )
    click_at(browser, (round(x), round(y)))


def click_node(browser, dom_id: str, node_id: str) -> None:
    """A mouse click on node ``node_id`` where cytoscape draws it."""
    _click_rendered(browser, dom_id, "cy.getElementById(arguments[1]).renderedPosition()", node_id)


def click_edge(browser, dom_id: str, source: str, target: str) -> None:
    """A mouse click on the middle of the edge between ``source`` and ``target``."""
    _click_rendered(
        browser,
        dom_id,
        "cy.edges().filter(e => (e.source().id() === arguments[1] && e.target().id() === "
        "arguments[2]) || (e.source().id() === arguments[2] && e.target().id() === arguments[1]))"
        "[0].renderedMidpoint()",
        source,
        target,
    )


def explorer_id(aio_id: str, subcomponent: str, **more) -> str:
    """The DOM id of a part of the network explorer on page ``aio_id`` (Dash writes a
    dict id as JSON with its keys sorted)."""
    parts = {"aio_id": aio_id, "component": "NetworkExplorerAIO", "subcomponent": subcomponent}
    return json.dumps(parts | more, sort_keys=True, separators=(",", ":"))


def net_button(browser, page: str, kind: str, fmt: str) -> None:
    """Click a network download button (``kind``: "image" or "file")."""
    browser.js("document.getElementById(arguments[0]).click()", explorer_id(page, kind, fmt=fmt))
