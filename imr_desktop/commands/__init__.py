"""Headless subcommands. Each module has ``register(subparsers)`` and sets
``handler`` on its parsers; add a module to ``COMMAND_MODULES`` to expose it."""

from . import cases, guidelines, letter, letters, precedents, records, security

COMMAND_MODULES = [cases, records, guidelines, security, letters, letter, precedents]
