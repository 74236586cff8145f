"""The view state kept in the page URL's query string, so a view can be bookmarked.

Every control whose value belongs in the URL has the component id
``{"type": "param", "name": <name>}`` and a :class:`Param` registered here that says how
its value is written to and read from the query string. The global filters (dataset,
countries, years, IPC theme) are registered below; pages register their own controls
(top N, level, layout, ...) at import time.

A few parameters have no control: what a view shows in detail (the node selected in a
network, the sort of a table) is kept in the URL so a copied link restores it, but it is
set by clicks, not by a control (:func:`detail_param`). The shell carries them through
control changes and hands them to the pages in a store of their own (``ids.DETAIL``), so a
click on a node does not recompute what depends only on the filters.

Reading is forgiving: a malformed or unknown value falls back to the default, so a
hand-edited or outdated link still opens a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from app.i18n import normalise_language

__all__ = [
    "NORMALISERS",
    "PARAMS",
    "SORT",
    "Param",
    "choice_param",
    "decode_query",
    "detail_names",
    "detail_param",
    "encode_query",
    "int_param",
    "param_id",
    "register_normaliser",
    "register_param",
    "table_sort",
    "view_params",
    "with_detail",
]


@dataclass(frozen=True)
class Param:
    """One URL parameter: its default and how to parse and format it."""

    name: str
    default: Any
    parse: Callable[[str], Any]  # raises ValueError on a bad value
    fmt: Callable[[Any], str] = str
    control: bool = True  # False: set by clicks, not by a control (see detail_param)


PARAMS: dict[str, Param] = {}
# name -> rule making a page's parameters consistent with each other (see register_normaliser)
NORMALISERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def register_param(param: Param) -> Param:
    """Add ``param`` to the registry (idempotent for an identical definition)."""
    PARAMS[param.name] = param
    return param


def register_normaliser(
    name: str, rule: Callable[[dict[str, Any]], dict[str, Any]]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Register ``rule(state) -> state`` for parameters whose valid values depend on others.

    The shell applies every rule to the decoded view state before it sets the controls, the
    URL and VIEW, all in one response: a dependent control (the domains of a data source, say)
    then never holds a value that the other control rules out, and a switch makes one history
    entry, not two. A rule must leave a state without its parameters (another page) as it is.
    """
    NORMALISERS[name] = rule
    return rule


def param_id(name: str) -> dict:
    """The component id of the control bound to URL parameter ``name``."""
    return {"type": "param", "name": name}


def detail_param(
    name: str, parse: Callable[[str], Any] = str, fmt: Callable[[Any], str] = str
) -> Param:
    """A parameter that no control sets: what a click selected (a node, a tie), kept in
    the URL so that a link opens the view with it. Its default is None (not in the URL)."""
    return register_param(Param(name, None, parse, fmt, control=False))


def detail_names() -> list[str]:
    """The parameters registered with :func:`detail_param` (and the table sort)."""
    return [name for name, param in PARAMS.items() if not param.control]


def with_detail(search: str | None, values: dict[str, Any]) -> str:
    """``search`` with the detail parameters in ``values`` set (None: removed), the rest
    of the query as it was (what a click on a node writes into the URL).

    >>> with_detail("?c=CN&sort=x%3Aa%3Adesc&lang=zh", {"sort": None, "c": "ignored"})
    '?c=CN&lang=zh'
    """
    pairs = [
        (key, value)
        for key, value in parse_qsl((search or "").lstrip("?"))
        if not (key in values and key in PARAMS and not PARAMS[key].control)
    ]
    for name, value in values.items():
        param = PARAMS.get(name)
        if param is None or param.control or value in (None, "", [], {}):
            continue
        pairs.append((name, param.fmt(value)))
    return "?" + urlencode(pairs) if pairs else ""


def _whole_number(value: Any) -> int:
    """``value`` (a number or the text typed into a box) as a whole number; ValueError if
    it is none."""
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    number = float(str(value).strip().replace(",", "").replace("，", ""))
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(value)
    return round(number)


def int_param(name: str, default: int, low: int, high: int) -> Param:
    """An integer parameter clamped to [low, high], from the URL and from its control.

    A number box can send anything (empty, a fraction, out of range, text): the
    normaliser registered here turns a number into the nearest whole number in range and
    anything else into the default (the shell first puts back the value the box had, so
    a slip of the keyboard does not reset it).

    >>> _ = int_param("doc_n", 10, 2, 50)
    >>> [NORMALISERS["int:doc_n"]({"doc_n": v})["doc_n"] for v in (None, 7.6, "99", "x", 1)]
    [10, 8, 50, 10, 2]
    >>> del PARAMS["doc_n"], NORMALISERS["int:doc_n"]
    """

    def parse(text: str) -> int:
        return min(max(_whole_number(text), low), high)

    def whole_number(state: dict[str, Any]) -> dict[str, Any]:
        if name in state:
            try:
                state[name] = parse(state[name])
            except (TypeError, ValueError):
                state[name] = default
        return state

    register_normaliser(f"int:{name}", whole_number)
    return register_param(Param(name, default, parse))


def choice_param(name: str, default: str, choices: tuple[str, ...]) -> Param:
    """A parameter taking one of ``choices``."""

    def parse(text: str) -> str:
        if text not in choices:
            raise ValueError(text)
        return text

    return register_param(Param(name, default, parse))


def _parse_list(text: str) -> list[str]:
    return sorted({part.strip().upper() for part in text.split(",") if part.strip()})


def _parse_years(text: str) -> list[int]:
    low, high = (int(part) for part in text.split("-"))
    if not 1800 <= low <= high <= 2200:
        raise ValueError(text)
    return [low, high]


def _parse_sort(text: str) -> dict[str, list[dict]]:
    """``"table:column:desc;other:column:asc"`` -> DataTable ``sort_by`` per table.

    >>> _parse_sort("applicants-nodes:degree:desc")
    {'applicants-nodes': [{'column_id': 'degree', 'direction': 'desc'}]}
    """
    out = {}
    for part in text.split(";"):
        table, column, direction = part.rsplit(":", 2)
        if not table or not column or direction not in ("asc", "desc"):
            raise ValueError(text)
        out[table] = [{"column_id": column, "direction": direction}]
    return out


def _format_sort(value: dict[str, list[dict]]) -> str:
    return ";".join(
        f"{table}:{by[0]['column_id']}:{by[0]['direction']}"
        for table, by in sorted(value.items())
        if by
    )


def table_sort(detail: dict[str, Any] | None, table: str) -> list[dict]:
    """The ``sort_by`` of DataTable ``table`` kept in the URL ([] when none)."""
    return ((detail or {}).get(SORT) or {}).get(table, [])


def _parse_language(text: str) -> str:
    language = normalise_language(text)
    if language is None:
        raise ValueError(text)
    return language


# The global filters. Dataset and years are validated against the dataset elsewhere.
register_param(Param("ds", None, str))
register_param(Param("c", [], _parse_list, lambda values: ",".join(sorted(values))))
register_param(Param("y", None, _parse_years, lambda span: f"{span[0]}-{span[1]}"))
register_param(Param("t", None, str))
register_param(Param("lang", None, _parse_language))  # the interface language (app.i18n)
# The sort of the tables on a page (one entry per sorted table), kept so a link restores it.
SORT = "sort"
register_param(Param(SORT, None, _parse_sort, _format_sort, control=False))


def view_params(view: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The values of parameters ``names`` in the shell's view state, defaults filled in and
    every registered normaliser applied (as the shell applies them to the URL).

    >>> _ = int_param("doc_k", 5, 1, 9)
    >>> view_params({"doc_k": 40}, ("doc_k",))
    {'doc_k': 9}
    >>> del PARAMS["doc_k"], NORMALISERS["int:doc_k"]
    """
    state = {name: view.get(name, PARAMS[name].default) for name in names}
    for rule in NORMALISERS.values():
        state = rule(state)
    return state


def decode_query(search: str | None, names: list[str] | None = None) -> dict[str, Any]:
    """Values of ``names`` (default: every registered parameter) read from ``search``.

    Examples
    --------
    >>> decode_query("?c=jp,CN&y=2010-2015&n=oops")["c"]
    ['CN', 'JP']
    >>> decode_query("?y=2020-2010")["y"] is None
    True
    """
    raw = dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))
    out = {}
    for name in names if names is not None else list(PARAMS):
        param = PARAMS.get(name)
        if param is None:
            continue
        try:
            out[name] = param.parse(raw[name]) if name in raw else param.default
        except (ValueError, TypeError):
            out[name] = param.default
    return out


def encode_query(values: dict[str, Any]) -> str:
    """The query string for ``values``, leaving out defaults and empty values.

    Examples
    --------
    >>> encode_query({"c": ["JP", "CN"], "y": [2010, 2015], "t": None})
    '?c=CN%2CJP&y=2010-2015'
    """
    pairs = []
    for name, value in values.items():
        param = PARAMS.get(name)
        if param is None or value in (None, "", []) or value == param.default:
            continue
        pairs.append((name, param.fmt(value)))
    return "?" + urlencode(pairs) if pairs else ""
