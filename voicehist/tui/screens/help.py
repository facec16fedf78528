"""The `?` screen: every key of the app, the main screen and the result list, built from their bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "asterisk": "*",
    "right_square_bracket": "]",
    "escape": "Esc",
    "space": "Space",
    "delete": "Del",
    "shift+down": "Shift+↓",
    "shift+up": "Shift+↑",
    "down": "↓",
    "up": "↑",
}


def _keys(b: Binding) -> str:
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in b.key.split(","))


def bindings_table(sections: list[tuple[str, list[BindingType]]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(title, "bold underline"), "")
        for b in bindings:
            if isinstance(b, Binding):
                table.add_row(_keys(b), b.tooltip or b.description)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("voicehist — keys", "bold"), id="help-title")
            yield Static(bindings_table(self._sections), id="help-table")
            yield Static(
                Text(
                    "Ctrl+P opens the command palette: import, transcribe, detect, export, forget, themes.\n"
                    "Your own flag (a/n/u) always wins over the automatic score; z undoes the last one.\n"
                    "A/N/U and Del act on the selection, or on the highlighted clip when nothing is selected.\n"
                    "List marks: + selected · A you flagged it accidental · N you said not accidental · "
                    "? the detector suspects it (not reviewed) · v the vendor marked it as not intended · "
                    "D it is in a deletion request (the detail pane says which).\n"
                    "Date boxes and t take what --since takes: 2025-03-20, 2025-03, 2025, 20.03.2025, today, "
                    "yesterday, 7d, 2w, last month, this year (03/04/2025 is refused: ambiguous).",
                    "dim",
                )
            )

    def action_close(self) -> None:
        self.dismiss(None)
