"""A page on a phone (390 px) and a small laptop window (800 px): no sideways scrolling, and a
screenshot of each for a person to look at."""

from __future__ import annotations

import time

__all__ = ["SMALL_WIDTHS", "overflow_at_widths"]

SMALL_WIDTHS = (390, 800)


def overflow_at_widths(page, name: str, widths: tuple[int, ...] = SMALL_WIDTHS) -> dict:
    """Window width -> how many px the document is wider than the window (0 when it fits),
    with a screenshot ``<name>-<width>`` taken at each width."""
    overflow = {}
    for width in widths:
        page.driver.set_window_size(width, 900)
        time.sleep(0.8)  # plotly and cytoscape redraw on resize
        overflow[width] = page.js(
            "return Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
        )
        page.screenshot(f"{name}-{width}", width=width)
    page.driver.set_window_size(1366, 900)
    return overflow
