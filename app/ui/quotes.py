"""Source passages from the seed papers, shown the same way on every page.

A fact drawn from a seed paper is never shown without the passage it rests on: in the
hover text (:func:`hover_text`, wrapped for plotly) and, on click, as a block quote naming
the seed file (:func:`passage`).
"""

from __future__ import annotations

import textwrap

from dash import html

__all__ = ["SEED_TITLES", "hover_text", "passage", "seed_label"]

SEED_TITLES = {
    "000_5dd285f0fd220e8f.txt": "New energy vehicle battery technology: patent network analysis",
    "002_d37a6817597c8311.txt": (
        "Manufacturing Competency: Roots of Competitive Advantage of Chinese EV Battery Industry"
    ),
}


def seed_label(seed_file: str) -> str:
    """Short name of a seed paper: its number and file name.

    Examples
    --------
    >>> seed_label("002_d37a6817597c8311.txt")
    'seed 002 (002_d37a6817597c8311.txt)'
    """
    return f"seed {seed_file.split('_', 1)[0]} ({seed_file})"


def hover_text(text: str, width: int = 70, max_lines: int = 8) -> str:
    """``text`` wrapped for a plotly hover label (``<br>`` breaks), cut after ``max_lines``.

    Characters plotly would read as markup (``<``, ``>``) are escaped.

    Examples
    --------
    >>> hover_text("a b c d e f", width=3)
    'a b<br>c d<br>e f'
    >>> hover_text("one two three four", width=4, max_lines=2)
    'one<br>two …'
    """
    safe = text.replace("<", "&lt;").replace(">", "&gt;")
    lines = textwrap.wrap(safe, width=width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + " …"]
    return "<br>".join(lines)


def passage(
    quote: str, seed_file: str, where: str = "", note: str = "", label: str = ""
) -> html.Figure:
    """A block quote with its source: the seed file, where in the paper, and a note."""
    source = [html.Span(seed_label(seed_file), className="passage-seed")]
    if where:
        source.append(f", {where}")
    children = []
    if label:
        children.append(html.Div(label, className="passage-label"))
    children += [
        html.Blockquote(f"“{quote}”", className="passage-quote"),
        html.Figcaption(source, className="passage-source"),
    ]
    if note:
        children.append(html.Div(f"Note: {note}", className="passage-note"))
    return html.Figure(children, className="passage")
