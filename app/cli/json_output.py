"""How the sub-commands print JSON: floats to 6 significant digits, stable and readable."""

from __future__ import annotations

__all__ = ["rounded"]


def rounded(value):
    """Floats to 6 significant digits; dicts, lists and tuples recursively.

    >>> rounded({"a": [1 / 3, 2], "b": (0.1 + 0.2,)})
    {'a': [0.333333, 2], 'b': [0.3]}
    """
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v) for v in value]
    return value
