"""Command-line entry: one sub-command per module in this package.

A module here becomes ``python -m app <name>`` by defining ``NAME`` (the sub-command),
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int`` (the exit status).
Exit statuses: 0 success, 1 the input was read but rejected (an import that failed),
2 usage or unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _commands() -> dict:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found[module.NAME] = module
    return dict(sorted(found.items()))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen sub-command; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m app", description="EV battery patent dashboard: command-line tools."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = _commands()
    for name, module in commands.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    args = parser.parse_args(argv)
    try:
        return int(commands[args.command].run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
