"""Command-line entry: one sub-command per module in this package.

A module here becomes ``python -m app <name>`` by defining ``NAME`` (the sub-command),
``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int`` (the exit status).
Exit statuses: 0 success, 1 the input was read but rejected (an import that failed),
2 usage or unreadable input. An unexpected error prints one line (``--debug``: the traceback).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

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
    parser.add_argument(
        "--debug", action="store_true", help="on an unexpected error, print the traceback"
    )
    args = parser.parse_args(argv)
    try:
        return int(commands[args.command].run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line, never a traceback with our paths in it
        if args.debug:
            raise
        print(f"{args.command}: {_one_line(exc)}", file=sys.stderr)
        return 2 if isinstance(exc, OSError) else 1


def _one_line(exc: Exception) -> str:
    """What went wrong, for a person: the message of our own errors, the reason of a system
    error (with the file's name, not its path), else a pointer to ``--debug``."""
    if isinstance(exc, OSError):
        name = Path(exc.filename).name if exc.filename else ""
        reason = exc.strerror or "input/output error"
        return f"{name}: {reason}" if name else reason
    if type(exc).__module__.startswith("app."):  # our errors carry messages for users
        return str(exc).splitlines()[0] if str(exc) else "failed"
    return "failed unexpectedly (run again with --debug to see why)"
