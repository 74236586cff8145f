"""Crafted callback requests: every server callback of the app, each input and state in
turn replaced by a hostile value, POSTed as a browser would (``/_dash-update-component``).

Component ids with wildcards (ALL, MATCH) are filled with the concrete ids the page layouts
really have, plus one made up. Used by tests/hostile/test_callbacks.py and bench/hostile.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import dash

TRAVERSAL = "upload-x/../../uploads/{victim}"
_INSTANCES = 2  # concrete ids tried per wildcard (a table download exists on every page)

# Values any input may receive from a crafted request (JSON: no NaN, no bytes).
HOSTILE_VALUES: tuple = (
    None,
    "",
    "zzz",
    "../../../../etc/passwd",
    0,
    -1,
    10**15,
    2.5,
    True,
    [],
    [2015],
    [2020, 2010],
    ["x"] * 5000,
    {"a": {"b": [1, 2]}},
    "𝔘" * 50_000,
)


def hostile_views(victim: str) -> tuple[dict, ...]:
    """View states (the shell's VIEW store) naming what no browser may see or ask for."""
    traversal = TRAVERSAL.format(victim=victim)
    return (
        {"ds": traversal},
        {"ds": victim},
        {"ds": "upload-000000000000"},
        {"ds": "lens-battery", "y": [2015]},
        {"ds": "lens-battery", "y": ["2010", None]},
        {"ds": "lens-battery", "y": [-5, 10**9]},
        {"ds": "lens-battery", "c": "CN"},
        {"ds": "lens-battery", "c": [1, None, {"x": 1}]},
        {"ds": "lens-battery", "c": ["ZZ"] * 3000},
        {"ds": "lens-battery", "t": "no-such-theme"},
        {"ds": "lens-battery", "t": ["battery"]},
        {"ds": ["lens-battery"]},
        {"ds": "ops-hydrogen", "t": "battery", "y": [2030, 2040]},
    )


def hostile_searches(victim: str) -> tuple[str, ...]:
    traversal = TRAVERSAL.format(victim=victim)
    return (
        f"?ds={traversal}",
        f"?ds={victim}",
        "?y=2015",
        "?y=2015-",
        "?y=abc-def",
        "?c=" + ",".join(["CN"] * 2000),
        "?t=%00",
        "?n=-5&k=10000000&level=bogus&layout=../../x",
        "?lang=xx",
    )


def _concrete_ids(layouts: list) -> list[dict]:
    """Every dict component id in the layouts."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "to_plotly_json"):
            return
        if isinstance(getattr(node, "id", None), dict):
            found.append(node.id)
        for name in getattr(node, "_prop_names", []):
            value = getattr(node, name, None)
            if hasattr(value, "to_plotly_json") or isinstance(value, list | tuple):
                walk(value)

    walk(layouts)
    return found


def page_layouts() -> list:
    """Every page's layout (default query) and the shell, as the browser gets them."""
    from app.ui.shell import shell_layout

    layouts = [shell_layout()]
    for page in dash.page_registry.values():
        layout = page["layout"]
        layouts.append(layout() if callable(layout) else layout)
    return layouts


def _wild(value) -> str | None:
    if isinstance(value, list) and len(value) == 1 and value[0] in ("ALL", "MATCH", "ALLSMALLER"):
        return value[0]
    return None


def _matches(pattern: dict, concrete: dict) -> bool:
    if set(pattern) != set(concrete):
        return False
    return all(_wild(v) or v == concrete[k] for k, v in pattern.items())


@dataclass
class Slot:
    """One input or state of a callback."""

    id: str | dict
    prop: str
    kind: str  # "plain", "ALL", "MATCH"
    instances: list[dict]  # concrete ids for a pattern


def _pattern(id_string: str) -> str | dict:
    try:
        return json.loads(id_string)
    except ValueError:
        return id_string


def _wilds(pattern: str | dict) -> set[str]:
    return {_wild(v) for v in pattern.values()} - {None} if isinstance(pattern, dict) else set()


def _slot(raw: dict, known: list[dict]) -> Slot:
    pattern = _pattern(raw["id"])
    wilds = _wilds(pattern)
    if not wilds:
        return Slot(pattern, raw["property"], "plain", [])
    kind = "ALL" if "ALL" in wilds or "ALLSMALLER" in wilds else "MATCH"
    instances = [c for c in known if _matches(pattern, c)]
    if kind == "MATCH":  # one made-up instance too: a page the server never drew
        made_up = {k: ("zzz" if _wild(v) else v) for k, v in pattern.items()}
        instances = [*instances[:_INSTANCES], made_up]
    return Slot(pattern, raw["property"], kind, instances)


def _name(id_: str | dict) -> str:
    if isinstance(id_, dict):
        return json.dumps(id_, sort_keys=True, separators=(",", ":"))
    return id_


def _entry(slot: Slot, value, instance: dict | None) -> dict | list:
    if slot.kind == "plain":
        return {"id": slot.id, "property": slot.prop, "value": value}
    if slot.kind == "MATCH":
        return {"id": instance, "property": slot.prop, "value": value}
    return [{"id": c, "property": slot.prop, "value": value} for c in slot.instances]


def _outputs(spec: dict, key: str, instance: dict | None, known: list[dict]):
    outputs = []
    for output in spec["output"] if isinstance(spec["output"], list) else [spec["output"]]:
        pattern = _pattern(output.component_id_str())
        wilds = _wilds(pattern)
        if not wilds:
            outputs.append({"id": pattern, "property": output.component_property})
        elif "MATCH" in wilds and instance is not None:
            concrete = {k: (instance.get(k) if _wild(v) else v) for k, v in pattern.items()}
            outputs.append({"id": concrete, "property": output.component_property})
        else:
            matching = [c for c in known if _matches(pattern, c)]
            outputs.append([{"id": c, "property": output.component_property} for c in matching])
    return outputs if key.startswith("..") else outputs[0]


def _output_instances(spec: dict, known: list[dict]) -> list[dict | None]:
    """The components a callback with MATCH outputs but no MATCH input runs for."""
    for output in spec["output"] if isinstance(spec["output"], list) else [spec["output"]]:
        pattern = _pattern(output.component_id_str())
        if "MATCH" in _wilds(pattern):
            found = [c for c in known if _matches(pattern, c)][:_INSTANCES]
            return [*found, {k: ("zzz" if _wild(v) else v) for k, v in pattern.items()}]
    return [None]


@dataclass
class Crafted:
    """One crafted request: what it changes and the JSON body."""

    callback: str
    target: str  # which input or state carries the hostile value
    value: object
    body: dict


def crafted_requests(app, victim: str, values: tuple = HOSTILE_VALUES) -> Iterator[Crafted]:
    """Every callback x every input and state x every hostile value (views and URL queries
    for the inputs that take them)."""
    known = _concrete_ids(page_layouts())
    views, searches = hostile_views(victim), hostile_searches(victim)
    for key, spec in app.callback_map.items():
        inputs = [_slot(raw, known) for raw in spec["inputs"]]
        states = [_slot(raw, known) for raw in spec["state"]]
        slots = inputs + states
        match = next((s for s in slots if s.kind == "MATCH"), None)
        instances = match.instances if match else _output_instances(spec, known)
        for instance in instances:
            for target_index, target in enumerate(slots):
                extra = views if target.prop == "data" and target.id == "view-state" else ()
                extra += searches if target.prop == "search" else ()
                for value in values + extra:
                    entries = [
                        _entry(s, value if i == target_index else None, instance)
                        for i, s in enumerate(slots)
                    ]
                    trigger = target if target_index < len(inputs) else inputs[0]
                    trigger_id = instance if trigger.kind == "MATCH" else trigger.id
                    if trigger.kind == "ALL":
                        trigger_id = trigger.instances[0] if trigger.instances else trigger.id
                    body = {
                        "output": key,
                        "outputs": _outputs(spec, key, instance, known),
                        "inputs": entries[: len(inputs)],
                        "state": entries[len(inputs) :],
                        "changedPropIds": [f"{_name(trigger_id)}.{trigger.prop}"],
                    }
                    yield Crafted(key, f"{_name(target.id)}.{target.prop}", value, body)
