"""What a page shows in words, for the language tests: every visible text node (HTML and the
SVG of charts), minus data values.

Data values are left out four ways: elements with the class ``data-value`` (applicant
names, codes, titles, patent numbers: pages mark them so), elements whose ``lang`` is the
other language (a quoted English source on a Chinese page; the switch's own "中文" on an
English one), table cells of the columns a test names as data (``data_columns``: the
applicant or code column of a DataTable), and chart tick labels (years, names, codes on
axes). What remains is the interface's own text; in Chinese it may hold Latin letters only
in names of sources, formats and measures everybody writes in Latin letters
(``LATIN_TERMS``) and in ``allowed`` words a test passes.
"""

from __future__ import annotations

import re

# Written in Latin letters in Chinese texts too: sources, file formats, standards, units.
LATIN_TERMS = {
    "ipc", "cpc", "ucinet", "lens", "org", "epo", "ops", "oecd", "iea", "pat", "dev", "csv",
    "png", "svg", "graphml", "gexf", "pajek", "dl", "espacenet", "patentsview", "google",
    "patents", "incopat", "derwent", "bigquery", "wipo", "cnipa", "hhi", "cr", "louvain",
    "kleinberg", "gompertz", "logistic", "gephi", "vosviewer", "citespace", "excel", "xlsx",
    "zip", "tsv", "json", "url", "bms", "ev", "nev", "gwh", "kwh", "usd", "lfp", "nca", "nmc",
    "ncm", "cc", "by", "github", "com", "www", "https", "http", "parquet", "net", "id", "iso",
    "gdp", "r&d", "pct", "kamada", "kawai",
}  # fmt: skip

_VISIBLE_TEXT = """
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || !node.textContent.trim()) continue;
  if (el.closest('script, style, noscript, .data-value, ' + OTHER_LANGUAGE)) continue;
  if (DATA_COLUMNS.length && el.closest(DATA_COLUMNS)) continue;
  if (el.closest('.xtick, .ytick, .x2tick, .y2tick, .cbaxis')) continue;  // chart data ticks
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') continue;
  out.push(node.textContent);
}
return out;
"""


def visible_texts(
    page, root: str = "body", language: str = "zh", data_columns: tuple[str, ...] = ()
) -> list[str]:
    """Text of every visible text node under the element matched by CSS ``root``, leaving
    out data values (see the module docstring) and what is marked as written in the other
    language (``lang`` attribute)."""
    other = '[lang^="en"]' if language == "zh" else '[lang^="zh"]'
    cells = ", ".join(f'td[data-dash-column="{column}"]' for column in data_columns)
    script = _VISIBLE_TEXT.replace("document.body", f"document.querySelector({root!r})")
    return page.js(f"const OTHER_LANGUAGE = {other!r}; const DATA_COLUMNS = {cells!r};" + script)


def english_words(texts: list[str], allowed: set[str] = frozenset()) -> set[str]:
    """Latin-letter words of two or more letters that are neither ``LATIN_TERMS`` nor
    ``allowed`` (compared in lower case); country codes (two capitals) are data.

    >>> sorted(english_words(["申请人网络 Top N", "导出 CSV", "CN 中国", "Applicant"]))
    ['applicant', 'top']
    """
    words = set()
    for text in texts:
        for word in re.findall(r"[A-Za-z][A-Za-z&]+", text):
            if re.fullmatch(r"[A-Z]{2}", word):
                continue
            if word.lower() not in LATIN_TERMS and word.lower() not in allowed:
                words.add(word.lower())
    return words


def chinese_characters(texts: list[str]) -> int:
    """How many CJK characters the texts hold."""
    return sum(len(re.findall(r"[\u4e00-\u9fff]", text)) for text in texts)
