"""Callback requests that do not describe one of this app's callbacks are refused (400).

Dash trusts the shape of what the browser POSTs to ``/_dash-update-component``: a request
naming an output no server callback has (a clientside one, a made-up one), with fewer
inputs than the callback takes, or with ids that are not the callback's, makes Dash itself
fail with a server error. A browser running our pages never sends such a request, so it is
answered "400 Bad Request" before Dash reads it; the values inside a well-formed request are
the callbacks' own business (each validates what it reads: see ``services.view_filters``).

A request body over 8 MB (an upload) waits until the worker has finished the one it is
receiving: a worker holds one upload at a time, whatever arrives at once.

Values are checked against the type their property always has in a browser (a graph's
``clickData`` is an object with a list of points, a button's ``n_clicks`` a whole number, a
location's ``search`` a string, our view store an object), so a callback never meets a
number where the component contract promises an object.
"""

from __future__ import annotations

import json
import logging
import threading

from dash import Dash
from dash.exceptions import InvalidCallbackReturnValue
from flask import g, request

from app.i18n import _

__all__ = ["install", "is_well_formed"]

log = logging.getLogger(__name__)
_WILDCARDS = ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]')


def _pattern_keys(id_string: str) -> set[str] | None:
    """The keys of a pattern-matching id (None for a plain string id)."""
    if not id_string.startswith("{"):
        return None
    return set(json.loads(id_string))


def _is_wild(id_string: str) -> bool:
    return any(w in id_string for w in _WILDCARDS)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional(test):
    return lambda value: value is None or test(value)


def _is_records(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(row, dict) for row in value)


def _is_click(value: object) -> bool:
    return isinstance(value, dict) and _is_records(value.get("points", []))


def _is_text_or_texts(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return isinstance(value, str)


# property -> what a browser can send for it (None: the property is not set yet)
_PROPERTY_TYPES = {
    "n_clicks": _optional(_is_int),
    "clickData": _optional(_is_click),
    "hoverData": _optional(_is_click),
    "selectedData": _optional(_is_click),
    "active_cell": _optional(lambda v: isinstance(v, dict)),
    "tapNodeData": _optional(lambda v: isinstance(v, dict)),
    "tapEdgeData": _optional(lambda v: isinstance(v, dict)),
    "search": _optional(lambda v: isinstance(v, str)),
    "pathname": _optional(lambda v: isinstance(v, str) and v.startswith("/")),
    "columns": _optional(_is_records),
    "contents": _optional(_is_text_or_texts),
    "filename": _optional(_is_text_or_texts),
    "page_current": _optional(_is_int),
    "page_size": _optional(_is_int),
    "id": lambda v: isinstance(v, dict | str),
}
# the app's own stores that always hold an object
_OBJECT_STORES = ("view-state", "datasets-signal")


def _value_fits(declared: dict, value: object) -> bool:
    prop = declared["property"]
    if prop == "data" and declared["id"] in _OBJECT_STORES:
        return value is None or isinstance(value, dict)
    if prop == "data" and '"type":"table"' in declared["id"]:  # a DataTable's rows
        return value is None or _is_records(value)
    test = _PROPERTY_TYPES.get(prop)
    return test is None or test(value)


def _entry_fits(declared: dict, entry: object) -> bool:
    """Does ``entry`` (from the request) stand for the ``declared`` input or state?"""
    id_string, prop = declared["id"], declared["property"]
    if _is_wild(id_string):
        keys = _pattern_keys(id_string)
        items = entry if isinstance(entry, list) else [entry]
        if "ALL" not in id_string and not isinstance(entry, dict):
            return False  # MATCH: exactly one component
        return all(
            isinstance(item, dict)
            and isinstance(item.get("id"), dict)
            and set(item["id"]) == keys
            and item.get("property") == prop
            and _value_fits(declared, item.get("value"))
            for item in items
        )
    if not isinstance(entry, dict) or entry.get("property") != prop:
        return False
    found = entry.get("id")
    if isinstance(found, dict):
        found = json.dumps(found, sort_keys=True, separators=(",", ":"))
    return found == id_string and _value_fits(declared, entry.get("value"))


def _output_fits(declared, entry: object) -> bool:
    """Does ``entry`` (from the request's ``outputs``) stand for the ``declared`` Output?"""
    id_string = declared.component_id_str()
    if "ALL" in id_string and _is_wild(id_string):
        return isinstance(entry, list) and all(
            isinstance(item, dict) and isinstance(item.get("id"), dict) for item in entry
        )
    if not isinstance(entry, dict) or not isinstance(entry.get("property"), str):
        return False
    if entry["property"].split("@")[0] != declared.component_property:  # @: allow_duplicate
        return False
    return _names_declared(id_string, entry.get("id"))


def _names_declared(id_string: str, found: object) -> bool:
    """Is ``found`` (an output id from the request) the declared component, or one the
    declared pattern matches (a wildcard key takes any value, the other keys their own)?"""
    if not id_string.startswith("{"):
        return found == id_string
    if not isinstance(found, dict):
        return False
    declared = json.loads(id_string)
    return set(found) == set(declared) and all(
        isinstance(value, list) or found[key] == value for key, value in declared.items()
    )


def _outputs_fit(spec: dict, outputs: object, multi: bool) -> bool:
    declared = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    entries = outputs if multi else [outputs]
    if not isinstance(entries, list) or len(entries) != len(declared):
        return False
    return all(_output_fits(d, e) for d, e in zip(declared, entries, strict=True))


def is_well_formed(callback_map: dict, body: object) -> bool:
    """Does ``body`` call a server callback of ``callback_map`` with its outputs, inputs
    and states?"""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    spec = callback_map.get(body["output"])
    if spec is None or "callback" not in spec:  # unknown, or clientside only
        return False
    if not _outputs_fit(spec, body.get("outputs"), body["output"].startswith("..")):
        return False
    for part in ("inputs", "state"):
        entries, declared = body.get(part, []), spec[part]
        if not isinstance(entries, list) or len(entries) != len(declared):
            return False
        if not all(_entry_fits(d, e) for d, e in zip(declared, entries, strict=True)):
            return False
    changed = body.get("changedPropIds", [])
    return isinstance(changed, list) and all(isinstance(c, str) for c in changed)


# A request body larger than this is an upload: one at a time per worker, so that a worker
# holds at most one upload's body, its text and its bytes at once (README: "Memory").
LARGE_BODY_BYTES = 8 * 2**20
_LARGE_BODY_WAIT_SECONDS = 120
_large_body = threading.BoundedSemaphore(1)


def install(app: Dash) -> None:
    """Refuse malformed callback requests with 400 (see the module docstring); take large
    request bodies one at a time."""
    path = app.config.requests_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def _refuse_malformed():
        if request.method != "POST" or request.path != path:
            return None
        if (request.content_length or 0) > LARGE_BODY_BYTES:
            if not _large_body.acquire(timeout=_LARGE_BODY_WAIT_SECONDS):
                return _("The server is busy receiving another upload; try again."), 503
            g.ev_large_body = True
        body = request.get_json(silent=True)
        if is_well_formed(app.callback_map, body):
            return None
        return _("This request does not match any callback of this application."), 400

    @app.server.teardown_request
    def _release_large_body(_error):
        if g.pop("ev_large_body", False):
            _large_body.release()

    @app.server.errorhandler(InvalidCallbackReturnValue)
    def _outputs_not_described(error):
        # the request listed other components than the page has (a crafted request)
        log.warning("callback request with outputs the page does not have: %s", error)
        return _("This request does not match the components of the page."), 400
