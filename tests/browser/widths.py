"""Does a page fit a narrow window? Not only "no sideways scrollbar": the app's stylesheet
hides the body's horizontal overflow, so content wider than the window would be cut off
silently. What counts is that nothing of the page's main part reaches past the window's
right edge unless it sits in a box that scrolls sideways (a table or a wide chart in its
card) or is clipped inside a box that itself fits."""

from __future__ import annotations

import time

__all__ = ["cut_off"]

_CUT_OFF = """
const edge = document.documentElement.clientWidth + 1;
const out = [];
function contained(el) {
  for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') return true;
    const clips = overflow === 'hidden' || overflow === 'clip';
    if (clips && box.getBoundingClientRect().right <= edge) return true;
  }
  return false;
}
for (const el of document.querySelector(arguments[0]).querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.right <= edge || contained(el)) continue;
  if (out.some(o => o.contains(el))) continue;
  out.push(el);
}
return out.slice(0, 8).map(el => {
  const named = el.closest('[id]');
  const where = named ? `in #${named.id}` : '';
  const what = `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}`.slice(0, 60);
  return `${what} ${where} to ${Math.round(el.getBoundingClientRect().right)} px`;
});
"""


def cut_off(page, width: int, root: str = "main") -> list[str]:
    """Elements under ``root`` that reach past the right edge of a window ``width`` px wide
    (outside any sideways-scrolling box); [] when the page fits."""
    page.driver.set_window_size(width, 900)
    time.sleep(0.8)  # plotly redraws on the resize event
    return page.js(_CUT_OFF, root)
