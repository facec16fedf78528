"""Errors a user can act on. The CLI prints their message (never a traceback) and exits with their code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the command finished, but some items had problems (listed in its output)
EXIT_USAGE = 2  # bad input: not an export, unknown id, bad option
EXIT_INTERNAL = 70  # a bug: details were written to the log file
EXIT_INTERRUPTED = 130


class VoicehistError(Exception):
    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class NotAnExport(VoicehistError):
    """A path holds nothing voicehist recognises; the message says what was found there."""


class NoVoiceData(NotAnExport):
    """A readable zip or folder with no voice history in it (another category of an Amazon export, say)."""


class ModelNotFound(VoicehistError):
    """A model was asked for that is not on this machine; the message says how to get it."""


class EngineUnavailable(VoicehistError):
    """An engine's packages are not installed; the message says how to add them."""


class NoDatabase(VoicehistError):
    """A read command was pointed at a database that does not exist (nothing is created for it)."""


class NotADatabase(VoicehistError):
    """The file given as the database is not an SQLite database; the message says what it looks like."""


class NewerDatabase(VoicehistError):
    """The database was upgraded by a newer voicehist: this version refuses to use it."""


class ReadOnlyDatabase(VoicehistError):
    """A command that writes was given a database it cannot write (read-only file system or permissions)."""


class DiskFull(VoicehistError):
    """The disk (or the database's size limit) is full; what was finished before is kept."""


class OutputError(VoicehistError):
    """A file cannot be written where asked: no such folder, a folder, a device or FIFO, a symbolic link, or an
    existing file that the user did not allow replacing."""
