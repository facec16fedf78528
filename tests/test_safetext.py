from rich.console import Console

from voicehist.safetext import markup_safe, visible


def test_control_sequences_are_written_out() -> None:
    hostile = "\x1b[2J\x1b[31mred\x1b]0;pwned\x07 ok"
    shown = visible(hostile)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "\\ESC[2J\\ESC[31mred\\ESC]0;pwned\\BEL ok"


def test_bidi_overrides_surrogates_and_newlines() -> None:
    assert visible("abc\u202edef") == "abc\\u202edef"
    assert visible("a\ud800b") == "a\\ud800b"
    assert visible("one\ntwo\tthree") == "one ⏎ two three"
    assert visible("one\ntwo", one_line=False) == "one\ntwo"
    assert visible(None) == ""


def test_markup_stays_text_through_rich() -> None:
    console = Console(record=True, width=80, color_system=None)
    console.print(markup_safe("[bold red]Kitchen[/] \x1b[2J"))
    assert console.export_text().strip() == "[bold red]Kitchen[/] \\ESC[2J"
