"""Showing text that came from an export: never as terminal control, never as markup.

A transcript, device name or archive member name is data a stranger may have written. Printed raw, an
``ESC[2J`` clears the user's screen, an ``ESC]0;…`` retitles the window and ``[bold red]`` is read by rich as
markup. Every face shows such strings through :func:`visible` (plain output) or :func:`markup_safe` (anything
that goes through rich or Textual markup).
"""

from __future__ import annotations

import re

from rich.markup import escape

# C0 controls (tab and newline handled apart), DEL, C1 controls, and the bidirectional overrides and
# isolates that can make text read in a different order than it is stored ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMES = {"\x1b": "ESC", "\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x7f": "DEL", "\x9b": "CSI", "\r": "CR"}


def _shown(match: re.Match[str]) -> str:
    ch = match.group(0)
    name = _NAMES.get(ch)
    return f"\\{name}" if name else f"\\u{ord(ch):04x}"


def visible(text: object, *, one_line: bool = True) -> str:
    """``text`` with every control character written out (``ESC[2J`` becomes ``\\ESC[2J``); tabs become a
    space and, with ``one_line``, line breaks become `` ⏎ `` so one value stays on one row of a table."""
    if text is None:
        return ""
    s = str(text)
    # lone surrogates cannot be encoded for the terminal: show them as escapes, not a crash
    s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    s = s.replace("\t", " ")
    if one_line:
        s = s.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return _CONTROL.sub(_shown, s)


def markup_safe(text: object, *, one_line: bool = True) -> str:
    """:func:`visible`, then escaped for rich/Textual markup (``[bold]`` stays literal text)."""
    return escape(visible(text, one_line=one_line))
