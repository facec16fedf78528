"""Modals typed by their result: confirm (bool), ask for a line of text (str | None), a message to read.

Every text here is shown as text (rich ``Text``), never parsed as markup: titles and bodies may quote paths,
device names or file names that came from an export."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from voicehist.safetext import visible


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, title: str, body: str, yes: str = "Yes") -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(visible(self._title)), id="dialog-title")
            yield Static(Text(visible(self._body, one_line=False)), id="dialog-body")
            with Horizontal(id="dialog-buttons"):
                yield Button(f"{self._yes} (y)", variant="error", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class InputModal(ModalScreen[str | None]):
    """Ask for one line (a path, a date). ``check`` returns an error to show under the box, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="input.cancel")]

    def __init__(
        self,
        title: str,
        placeholder: str = "",
        value: str = "",
        check: Callable[[str], str | None] | None = None,
        hint: str = "Enter to confirm, Escape to cancel.",
    ) -> None:
        super().__init__()
        self._title = title
        self._placeholder = placeholder
        self._value = value
        self._check = check
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(visible(self._title)), id="dialog-title")
            yield Input(value=self._value, placeholder=self._placeholder, id="path-input")
            yield Static("", id="dialog-error")
            yield Static(Text(self._hint, "dim"), id="dialog-body")

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = not self.app.is_headless
        inp.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value and self._check is not None:
            problem = self._check(value)
            if problem:
                self.query_one("#dialog-error", Static).update(Text(problem, "bold red"))
                return
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessageModal(ModalScreen[None]):
    """Something to read (a failure, the problems of an import); Escape, Enter or q closes it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="message.close")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(visible(self._title)), id="dialog-title")
            with VerticalScroll(id="dialog-scroll"):
                yield Static(Text(visible(self._body, one_line=False)), id="dialog-body")
            yield Button("Close", id="close")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
