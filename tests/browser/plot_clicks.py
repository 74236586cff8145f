"""Real mouse clicks on plotly charts in the browser tests.

Plotly draws heatmap cells and map regions on an image or canvas, so there is no DOM
element to click. These helpers ask the chart where a data point is drawn (viewport
pixels) and move the mouse there, so the click goes through plotly's own hover and
click handling, as a user's would.
"""

from __future__ import annotations

import time

from selenium.webdriver.common.action_chains import ActionChains

__all__ = ["click_at", "figure_data", "map_position", "plot_position"]

_GRAPH = "document.getElementById(arguments[0]).querySelector('.js-plotly-plot')"


def figure_data(browser, graph_id: str) -> list:
    """The traces plotly drew in dcc.Graph ``graph_id`` (``gd.data``)."""
    return browser.js(f"const gd = {_GRAPH}; return gd ? gd.data : null;", graph_id)


def plot_position(browser, graph_id: str, x, y) -> tuple[int, int]:
    """Viewport pixel where a cartesian chart draws data point (``x``, ``y``): the centre
    of a heatmap cell for categories, a point on linear or log axes for numbers."""
    browser.js(f"{_GRAPH}.scrollIntoView({{block: 'center', behavior: 'instant'}});", graph_id)
    time.sleep(0.3)
    point = browser.js(
        f"""
        const gd = {_GRAPH};
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
        return [box.left + xa.l2p(xa.d2l(arguments[1])), box.top + ya.l2p(ya.d2l(arguments[2]))];
        """,
        graph_id,
        x,
        y,
    )
    return round(point[0]), round(point[1])


def map_position(browser, graph_id: str, lon: float, lat: float) -> tuple[int, int]:
    """Viewport pixel where a geo chart draws (``lon``, ``lat``)."""
    browser.js(f"{_GRAPH}.scrollIntoView({{block: 'center', behavior: 'instant'}});", graph_id)
    time.sleep(0.3)
    point = browser.js(
        f"""
        const gd = {_GRAPH};
        const geo = gd._fullLayout.geo;
        const xy = geo._subplot.projection([arguments[1], arguments[2]]);
        const box = gd.querySelector('.main-svg').getBoundingClientRect();
        return [box.left + xy[0], box.top + xy[1]];
        """,
        graph_id,
        lon,
        lat,
    )
    return round(point[0]), round(point[1])


def click_at(browser, position: tuple[int, int]) -> None:
    """Move the real mouse to a viewport pixel, let plotly register the hover, click."""
    actions = ActionChains(browser.driver)
    actions.w3c_actions.pointer_action.move_to_location(*position)
    actions.perform()
    time.sleep(0.3)  # plotly throttles hover; the click needs the hovered point
    actions = ActionChains(browser.driver)
    actions.w3c_actions.pointer_action.move_to_location(*position).click()
    actions.perform()
