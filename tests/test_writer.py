"""The one writer of every file voicehist hands the user: no symlink followed, no device or FIFO, no existing
file replaced without being allowed, 0600 on what it creates, nothing half-written left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from voicehist.errors import OutputError
from voicehist.paths import write_private


def test_new_file_is_private_and_whole(tmp_path: Path) -> None:
    out = write_private(tmp_path / "r.md", [b"a", b"b"])
    assert out.read_bytes() == b"ab" and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]  # no temporary file left


def test_existing_file_needs_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_bytes(b"mine")
    with pytest.raises(OutputError, match="already exists"):
        write_private(target, b"new")
    assert target.read_bytes() == b"mine"
    write_private(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"


def test_symlink_is_never_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    victim.chmod(0o644)
    link = tmp_path / "link.md"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        write_private(link, b"x")
    write_private(link, b"x", overwrite=True)  # replaces the link itself
    assert victim.read_bytes() == b"precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not link.is_symlink() and link.read_bytes() == b"x"


def test_fifo_and_devices_are_refused_even_with_overwrite(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/null")):
        with pytest.raises(OutputError, match="not a regular file"):
            write_private(target, b"x", overwrite=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_private(tmp_path / "no" / "r.md", b"x")
    with pytest.raises(OutputError, match="is a folder"):
        write_private(tmp_path, b"x", overwrite=True)


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    def chunks():
        yield b"half"
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        write_private(tmp_path / "r.md", chunks())
    assert list(tmp_path.iterdir()) == []
