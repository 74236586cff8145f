"""Page controls bound to URL parameters (ids ``param_id(name)``, see ``urlstate``)."""

from __future__ import annotations

from dash import dcc, html

from app.ui.urlstate import param_id

__all__ = ["choice_options", "labelled", "param_dropdown", "param_number", "param_radio"]


def labelled(label: str, component, class_name: str = "") -> html.Div:
    """A control with its label above it, for a ``.controls`` row."""
    return html.Div([html.Label(label), component], className=f"control {class_name}".strip())


def choice_options(labels: dict[str, str], disabled: tuple[str, ...] = ()) -> list[dict]:
    """Options of a radio or dropdown: ``labels`` maps value -> text."""
    return [{"label": v, "value": k, "disabled": k in disabled} for k, v in labels.items()]


def param_radio(name: str, labels: dict[str, str], value: str) -> dcc.RadioItems:
    """Inline radio buttons for URL parameter ``name``: ``labels`` maps value -> text."""
    return dcc.RadioItems(
        id=param_id(name),
        options=choice_options(labels),
        value=value,
        inline=True,
        inputClassName="me-1",
        labelClassName="me-3",
    )


def param_dropdown(name: str, labels: dict[str, str], value, **kwargs) -> dcc.Dropdown:
    """A single-choice dropdown for URL parameter ``name`` (keyword arguments go to it;
    ``options`` there replaces the ones made from ``labels``)."""
    options = {"options": choice_options(labels), "clearable": False, "searchable": False}
    return dcc.Dropdown(id=param_id(name), value=value, **(options | kwargs))


def param_number(name: str, value: int, low: int, high: int) -> dcc.Input:
    """A whole-number box for URL parameter ``name``; sent on Enter or leaving the box."""
    return dcc.Input(
        id=param_id(name),
        type="number",
        min=low,
        max=high,
        step=1,
        value=value,
        debounce=True,
        className="form-control form-control-sm",
    )
