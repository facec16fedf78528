"""CSV export from the main screen: ask where (a file, in a folder that exists), ask before replacing one,
then write it in the screen's write worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from voicehist.errors import VoicehistError
from voicehist.store import Database, export
from voicehist.store.queries import ClipFilter
from voicehist.tui.decisions import WriteOp, clips_words
from voicehist.tui.messages import DataChanged
from voicehist.tui.screens.modals import ConfirmModal, InputModal

DEFAULT_NAME = "voicehist-clips.csv"


def check_target(value: str) -> str | None:
    """Why ``value`` cannot be the export's file (None: it can)."""
    path = Path(value).expanduser()
    if path.is_dir():
        return f"{path} is a folder: add a file name, e.g. {path / DEFAULT_NAME}"
    if not path.parent.is_dir():
        return f"There is no folder {path.parent}: create it first or choose another."
    return None


def export_op(f: ClipFilter, path: Path, overwrite: bool = False) -> WriteOp:
    """The write that exports the clips ``f`` picks to ``path``."""

    def op(db: Database) -> DataChanged:
        try:
            n = export.export_csv(db, f, str(path), overwrite=overwrite)
        except OSError as e:
            raise VoicehistError(f"Could not write {path}: {e.strerror or e}.") from e
        return DataChanged(f"Exported {clips_words(n)} to {path}.")

    return op


class Exporting:
    def __init__(self, app: App[Any], write: Callable[[WriteOp], object]) -> None:
        self._app = app
        self._write = write

    def ask(self, f: ClipFilter, what: str) -> None:
        """Ask where to export the clips ``f`` picks (``what``: how the dialog names them)."""

        def chosen(value: str | None) -> None:
            if not value:
                return
            path = Path(value).expanduser()
            if not path.exists():
                self._write(export_op(f, path))
                return

            def replace(yes: bool | None) -> None:
                if yes:
                    self._write(export_op(f, path, overwrite=True))

            self._app.push_screen(
                ConfirmModal(f"Replace {path.name}?", f"{path} already exists. Replace it with the export?", "Replace"),
                replace,
            )

        default = str(Path.cwd() / DEFAULT_NAME)
        self._app.push_screen(InputModal(f"Export {what} as CSV to:", value=default, check=check_target), chosen)
