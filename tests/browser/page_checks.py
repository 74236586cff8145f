"""What every page owes its reader, checked in the browser: the words of its language only,
and no sideways scrolling on a phone (390 px) or a small laptop window (800 px); with a
screenshot of each for a person to look at."""

from __future__ import annotations

import time

from .language import chinese_characters, english_words, visible_texts

__all__ = ["SMALL_WIDTHS", "check_language_and_widths", "overflow_at_widths"]

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


def check_language_and_widths(
    page,
    name: str,
    language: str,
    data_columns: tuple[str, ...] = (),
    allowed: frozenset[str] = frozenset(),
) -> list[str]:
    """The page's main part, as it is now, reads in ``language`` only: in Chinese no English
    interface word (data values, ``LATIN_TERMS`` and ``allowed`` apart) and a good deal of
    Chinese, in English no Chinese character; it fits every small width. Screenshots
    ``<name>`` and ``<name>-<width>``. Returns the texts read."""
    texts = visible_texts(page, "main", language, data_columns=data_columns)
    if language == "zh":
        assert english_words(texts, set(allowed)) == set()
        assert chinese_characters(texts) > 200
    else:
        assert chinese_characters(texts) == 0, [t for t in texts if chinese_characters([t])]
    time.sleep(1)
    page.screenshot(name)
    assert overflow_at_widths(page, name) == dict.fromkeys(SMALL_WIDTHS, 0)
    return texts
