"""Showing text that came from an export: never as terminal control, never as markup.

A transcript, device name or archive member name is data a stranger may have written. Printed raw, an
``ESC[2J`` clears the user's screen, an ``ESC]0;…`` retitles the window and ``[bold red]`` is read by rich as
markup. Every face shows such strings through :func:`visible` (plain output) or :func:`markup_safe` (anything
that goes through rich or Textual markup).
"""

from __future__ import annotations

import re
import unicodedata

from rich.markup import escape

# C0 controls (tab and newline handled apart), DEL, C1 controls, the bidirectional overrides, isolates and
# marks that can make text read in a different order than it is stored ("Trojan Source": LRM, RLM, ALM), and
# the Unicode line and paragraph separators (a line break a terminal or viewer may honour).
_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
# what JSON text may carry raw but a terminal or viewer would act on (json.dumps escapes C0 itself)
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
# what a CSV printed to the screen must not carry raw (its own line breaks and tabs are kept)
_STREAM_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
# what makes a spreadsheet read a cell as a formula: = + - @ (full-width too), or a tab or carriage return
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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


def json_text(doc_text: str) -> str:
    """JSON text (from ``json.dumps``) with every character a terminal or viewer would act on written as a
    ``\\uXXXX`` escape: the same JSON value once parsed, and nothing raw reaches a screen."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", doc_text)


def stream_text(text: str) -> str:
    """Text of a table printed on the screen (CSV without ``-o``): control and bidi characters written out
    as in :func:`visible`; line breaks and tabs kept (they are the table's own)."""
    return _STREAM_UNSAFE.sub(_shown, text)


def formula_guarded(value: str) -> str:
    """A spreadsheet cell that would run as a formula (``=HYPERLINK(…)``, `` =1+1`` after spaces, a full-width
    ``＝``) starts with an apostrophe instead, which spreadsheets show as text (OWASP's advice)."""
    head = value.lstrip(" \u00a0\u3000")
    if head[:1] in ("\t", "\r") or unicodedata.normalize("NFKC", head[:1]).startswith(_FORMULA_START):
        return "'" + value
    return value


def markup_safe(text: object, *, one_line: bool = True) -> str:
    """:func:`visible`, then escaped for rich/Textual markup (``[bold]`` stays literal text)."""
    return escape(visible(text, one_line=one_line))
