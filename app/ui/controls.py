"""Page controls bound to URL parameters (ids ``param_id(name)``, see ``urlstate``).

Labels and option texts given to these helpers may be message ids (module constants marked
with ``N_``): they are shown through ``_()``, in the request's language.
"""

from __future__ import annotations

import dash
from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, dcc, html

from app.i18n import _
from app.ui.urlstate import param_id

__all__ = [
    "choice_options",
    "dropdown_labels",
    "labelled",
    "param_dropdown",
    "param_number",
    "param_radio",
]


def dropdown_labels() -> dict[str, str]:
    """The words a dcc.Dropdown shows of its own (search box, select all, "no options"),
    in the request's language: pass as ``labels=`` to every dropdown."""
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        "selected_count": _("{num_selected} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }


def labelled(label: str, component, class_name: str = "", hint: str = "") -> html.Div:
    """A control with its label above it (and a ``hint`` under it), for a ``.controls`` row."""
    children = [html.Label(_(label)), component]
    if hint:
        children.append(html.Div(hint, className="control-hint"))
    return html.Div(children, className=f"control {class_name}".strip())


def choice_options(labels: dict[str, str], disabled: tuple[str, ...] = ()) -> list[dict]:
    """Options of a radio or dropdown: ``labels`` maps value -> text (shown through ``_()``)."""
    return [{"label": _(v), "value": k, "disabled": k in disabled} for k, v in labels.items()]


def param_radio(name: str, labels: dict[str, str], value: str) -> dcc.RadioItems:
    """Inline radio buttons for URL parameter ``name``: ``labels`` maps value -> text."""
    return dcc.RadioItems(
        id=param_id(name),
        options=choice_options(labels),
        value=value,
        inline=True,
        className="choice-row",
        inputClassName="me-1",
        labelClassName="me-3",
    )


def param_dropdown(name: str, labels: dict[str, str], value, **kwargs) -> dcc.Dropdown:
    """A single-choice dropdown for URL parameter ``name`` (keyword arguments go to it;
    ``options`` there replaces the ones made from ``labels``)."""
    options = {
        "options": choice_options(labels),
        "clearable": False,
        "searchable": False,
        "labels": dropdown_labels(),
    }
    return dcc.Dropdown(id=param_id(name), value=value, **(options | kwargs))


def _stepper(name: str, by: int, low: int, high: int) -> html.Button:
    return html.Button(
        "−" if by < 0 else "+",
        id={"type": "stepper", "name": name, "by": by, "low": low, "high": high},
        className="number-step",
        type="button",
        title=_("One less") if by < 0 else _("One more"),
        **{"aria-label": _("One less") if by < 0 else _("One more")},
    )


def param_number(name: str, value: int, low: int, high: int) -> html.Div:
    """A whole-number box for URL parameter ``name``, with its limits shown under it and
    steppers inside it. Applied on Enter or on leaving the box. What is typed is taken as
    typed: a number beyond a limit becomes the limit, a fraction the nearest whole number
    (``urlstate.int_param``), and the box then shows the value applied."""
    return html.Div(
        [
            html.Div(
                [
                    _stepper(name, -1, low, high),
                    dcc.Input(
                        id=param_id(name),
                        type="text",
                        inputMode="numeric",
                        value=str(value),  # text, as the box sends it back (shell._as_held)
                        debounce=True,
                        autoComplete="off",
                        className="number-input",
                    ),
                    _stepper(name, 1, low, high),
                ],
                className="number-box",
            ),
            html.Div(_("{low} to {high}").format(low=low, high=high), className="control-hint"),
        ],
        className="number-control",
    )


dash.clientside_callback(
    ClientsideFunction(namespace="ev", function_name="stepNumber"),
    Output(param_id(MATCH), "value", allow_duplicate=True),
    Input({"type": "stepper", "name": MATCH, "by": ALL, "low": ALL, "high": ALL}, "n_clicks"),
    State(param_id(MATCH), "value"),
    prevent_initial_call=True,
)
