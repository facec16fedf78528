"""The filter row: device, vendor, flag state, audio, date range. It turns its widgets into filter values."""

from __future__ import annotations

import re
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Select

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FLAG_OPTIONS = [
    ("flagged (accidental)", "flagged"),
    ("not flagged", "not_flagged"),
    ("suspected, not reviewed", "suspected"),
    ("not reviewed", "unreviewed"),
]
AUDIO_OPTIONS = [("has audio", "yes"), ("no audio", "no")]


class FilterBar(Horizontal):
    def __init__(self, devices: list[str], vendors: list[str], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._choices = {"device": devices, "vendor": vendors}

    def compose(self) -> ComposeResult:
        yield Select([(d, d) for d in self._choices["device"]], prompt="any device", id="device", compact=True)
        yield Select([(v, v) for v in self._choices["vendor"]], prompt="any vendor", id="vendor", compact=True)
        yield Select(FLAG_OPTIONS, prompt="any flag", id="flag", compact=True)
        yield Select(AUDIO_OPTIONS, prompt="audio or not", id="audio", compact=True)
        yield Input(placeholder="since YYYY-MM-DD", id="since", compact=True)
        yield Input(placeholder="until YYYY-MM-DD", id="until", compact=True)

    def set_choices(self, name: str, values: list[str]) -> None:
        """New devices/vendors (after an import); the chosen value is kept when it still exists."""
        if values == self._choices.get(name):
            return
        self._choices[name] = values
        select = self.query_one(f"#{name}", Select)
        current = select.value
        with select.prevent(Select.Changed):
            select.set_options([(v, v) for v in values])
            if current in values:
                select.value = current

    def _select(self, name: str) -> str | None:
        v = self.query_one(f"#{name}", Select).value
        return None if v is Select.NULL or v is None else str(v)

    def _date(self, name: str) -> str | None:
        """A full YYYY-MM-DD date, else None; a half-typed one is marked invalid and ignored."""
        inp = self.query_one(f"#{name}", Input)
        v = inp.value.strip()
        ok = not v or bool(DATE.match(v))
        inp.set_class(not ok, "-invalid")
        return v if v and ok else None

    def values(self) -> dict[str, Any]:
        """Keyword arguments for :class:`voicehist.store.queries.ClipFilter`."""
        audio = self._select("audio")
        return {
            "device": self._select("device"),
            "vendor": self._select("vendor"),
            "flagged": self._select("flag"),
            "has_audio": None if audio is None else audio == "yes",
            "since": self._date("since"),
            "until": self._date("until"),
        }
