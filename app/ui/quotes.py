"""Source passages from the seed papers, shown the same way on every page.

A fact drawn from a seed paper is never shown without the passage it rests on: in the
hover text (:func:`hover_text`, wrapped for plotly) and, on click, as a block quote naming
the paper (:func:`passage`). The passage stays in English, the source, marked
``lang="en"``; in Chinese its rendering is shown under it, labelled as a translation.
"""

from __future__ import annotations

import textwrap

from dash import html

from app.i18n import N_, _

__all__ = ["SEED_TITLES", "hover_text", "passage", "seed_label"]

# seed file -> the paper's title (what a reader is shown; the file name is ours)
SEED_TITLES = {
    "000_5dd285f0fd220e8f.txt": N_(
        "New energy vehicle battery technology: patent network analysis"
    ),
    "002_d37a6817597c8311.txt": N_(
        "Manufacturing Competency: Roots of Competitive Advantage of Chinese EV Battery Industry"
    ),
}


def seed_label(seed_file: str) -> str:
    """The paper a seed file holds, as a reader names it: its title.

    Examples
    --------
    >>> seed_label("000_5dd285f0fd220e8f.txt")
    'Seed paper: New energy vehicle battery technology: patent network analysis'
    """
    title = SEED_TITLES.get(seed_file)
    if title is None:
        return _("Seed paper")
    return _("Seed paper: {title}").format(title=_(title))


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
    quote: str,
    seed_file: str,
    where: str = "",
    note: str = "",
    label: str = "",
    translation: str = "",
) -> html.Figure:
    """A block quote with its source: the paper, where in it, and a note (``where``,
    ``note`` and ``label`` in the reader's language). ``translation``: the quote's rendering
    in the reader's language, shown under the quote and labelled as a translation (in
    Chinese: ``localised(...)["quote_translation"]``)."""
    source = [html.Span(seed_label(seed_file), className="passage-seed")]
    if where:
        source.append(_(", {where}").format(where=where))
    children = []
    if label:
        children.append(html.Div(label, className="passage-label"))
    children.append(html.Blockquote(f"“{quote}”", className="passage-quote", lang="en"))
    if translation:
        children.append(
            html.Div(
                [html.Span(_("Translation"), className="passage-translation-label"), translation],
                className="passage-translation",
            )
        )
    children.append(html.Figcaption(source, className="passage-source"))
    if note:
        children.append(html.Div(_("Note: {note}").format(note=note), className="passage-note"))
    return html.Figure(children, className="passage")
