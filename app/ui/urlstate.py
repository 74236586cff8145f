"""The view state kept in the page URL's query string, so a view can be bookmarked.

Every control whose value belongs in the URL has the component id
``{"type": "param", "name": <name>}`` and a :class:`Param` registered here that says how
its value is written to and read from the query string. The global filters (dataset,
countries, years, IPC theme) are registered below; pages register their own controls
(top N, level, layout, ...) at import time.

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
    "Param",
    "decode_query",
    "encode_query",
    "int_param",
    "param_id",
    "register_normaliser",
    "register_param",
    "view_params",
]


@dataclass(frozen=True)
class Param:
    """One URL parameter: its default and how to parse and format it."""

    name: str
    default: Any
    parse: Callable[[str], Any]  # raises ValueError on a bad value
    fmt: Callable[[Any], str] = str


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


def int_param(name: str, default: int, low: int, high: int) -> Param:
    """An integer parameter clamped to [low, high], from the URL and from its control.

    A number box can send anything (empty, a fraction, out of range): the normaliser
    registered here turns that into a whole number in range, or the default.

    >>> _ = int_param("doc_n", 10, 2, 50)
    >>> [NORMALISERS["int:doc_n"]({"doc_n": v})["doc_n"] for v in (None, 7.6, 99, "x")]
    [10, 7, 50, 10]
    >>> del PARAMS["doc_n"], NORMALISERS["int:doc_n"]
    """

    def parse(text: str) -> int:
        return min(max(int(text), low), high)

    def whole_number(state: dict[str, Any]) -> dict[str, Any]:
        if name in state:
            try:
                state[name] = min(max(int(state[name]), low), high)
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
