"""Filled in by its issue."""

COMMANDS: list = []
