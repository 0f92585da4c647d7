"""Headless subcommands. Each module has ``register(subparsers)`` and sets
``handler`` on its parsers; list each command it registers in ``COMMANDS``.

The command line imports only the module of the command it was given (``export``
does not import what ``cases list`` needs, nor the other way round); ``--help``
and a mistyped command import them all. A test holds ``COMMANDS`` to what the
modules register."""

from __future__ import annotations

import importlib
from types import ModuleType

# Each top-level command -> the module of this package that registers it, in the
# order ``--help`` lists them.
COMMANDS = {
    "cases": "cases",
    "records": "records",
    "guidelines": "guidelines",
    "audit": "security",
    "backup": "security",
    "passphrase": "security",
    "encrypt": "security",
    "letters": "letters",
    "check": "letter",
    "export": "letter",
    "finalize": "letter",
    "reopen": "letter",
    "precedents": "precedents",
}


def command_modules(command: str | None = None) -> list[ModuleType]:
    """The module that registers ``command``; every command module, in order, when
    ``command`` is None or not one of ours (the full help, or the error that lists
    the commands)."""
    every = list(dict.fromkeys(COMMANDS.values()))
    names = [COMMANDS[command]] if command in COMMANDS else every
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def __getattr__(name: str) -> object:
    if name == "COMMAND_MODULES":  # every command module, imported (the old name)
        return command_modules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
