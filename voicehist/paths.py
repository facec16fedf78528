"""Where voicehist keeps its data, cache and config, with private permissions.

Everything lives under platformdirs' per-user directories, unless ``VOICEHIST_HOME`` is set, in which case
``$VOICEHIST_HOME/{data,cache,config}`` are used (tests and portable installs). ``--db`` on the command line
overrides the database path only; every database owns its audio store, ``NAME.audio/`` beside ``NAME.db``.

voicehist sets modes only on what it owns: folders it creates (0700), its own folders (data, cache, config,
audio stores) and the files it writes (0600). A folder that already existed, such as the one a ``--db``
path points into, keeps its mode.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from voicehist.errors import OutputError

APP_NAME = "voicehist"
ENV_HOME = "VOICEHIST_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600
LEGACY_AUDIO_DIR = "audio"  # before each database had its own store, every database beside it shared this


@dataclass(frozen=True)
class Locations:
    data_dir: Path
    cache_dir: Path
    config_dir: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / "voicehist.db"

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"


def locations() -> Locations:
    home = os.environ.get(ENV_HOME)
    if home:
        base = Path(home).expanduser()
        return Locations(base / "data", base / "cache", base / "config")
    return Locations(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )


def _own_dirs() -> set[Path]:
    loc = locations()
    return {p.absolute() for p in (loc.data_dir, loc.cache_dir, loc.config_dir)}


def make_dirs(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents, each new one 0700; folders that existed are left as they are.
    Returns the folders created."""
    missing: list[Path] = []
    p = path.absolute()
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    created: list[Path] = []
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(d, DIR_MODE)  # mkdir's mode is filtered by the umask
        created.append(d)
    return created


def private_dir(path: Path) -> Path:
    """Create ``path`` (missing parents 0700). It is made 0700 when voicehist created it or owns it (its data,
    cache and config folders); any other folder that already existed keeps its mode."""
    created = make_dirs(path)
    if not created and path.absolute() in _own_dirs():
        os.chmod(path, DIR_MODE)
    return path


def own_dir(path: Path) -> Path:
    """A folder that belongs to voicehist (an audio store, a shard of it): created if needed, always 0700."""
    make_dirs(path)
    os.chmod(path, DIR_MODE)
    return path


def check_output(target: Path, overwrite: bool) -> None:
    """An :class:`~voicehist.errors.OutputError` when ``target`` cannot be written: no such folder, a folder, a
    device, FIFO or socket (never, even with ``overwrite``), or a file or symbolic link there (unless
    ``overwrite``: then the link itself is replaced, never what it points to)."""
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist; create it first or choose another place")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as e:
        raise OutputError(f"cannot write {target}: {e.strerror or e}") from e
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{target} is a folder; give a file name")
    if stat.S_ISLNK(st.st_mode):
        if not overwrite:
            raise OutputError(
                f"{target} is a symbolic link; voicehist never writes through one. Give another name, or "
                "replace the link itself (--force)"
            )
        return
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{target} is not a regular file (a device, FIFO or socket); give a file name")
    if not overwrite:
        raise OutputError(f"{target} already exists; choose another name or allow replacing it (--force)")


def write_private(path: str | os.PathLike[str], data: bytes | Iterable[bytes], *, overwrite: bool = False) -> Path:
    """The one writer of every file voicehist hands the user (exports, reports, letters): ``data`` (bytes, or
    chunks of them) goes to a new 0600 file beside ``path``, which is then renamed into place. It never
    follows a symbolic link, never opens a device or FIFO, and never replaces an existing file unless
    ``overwrite`` (a file that appears meanwhile is not replaced either). Errors are
    :class:`~voicehist.errors.OutputError` with a plain message; a half-written file never stays behind."""
    target = Path(path)
    if str(path) == "":
        raise OutputError("no file name was given")
    check_output(target, overwrite)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".voicehist-", suffix=".part", dir=target.parent)  # created 0600
    except OSError as e:
        raise OutputError(f"cannot write in {target.parent}: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes | bytearray | memoryview):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            check_output(target, overwrite)  # a device or folder that appeared meanwhile is still refused
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if a file appeared meanwhile: never replaces one
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links (FAT on a USB stick): check, then rename
                if os.path.lexists(target):
                    raise FileExistsError(target) from None
                os.replace(tmp, target)
    except FileExistsError as e:
        raise OutputError(f"{target} already exists; choose another name or allow replacing it (--force)") from e
    except OSError as e:
        raise OutputError(f"cannot write {target}: {e.strerror or e}") from e
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    return target


def private_file(path: Path) -> Path:
    """Make an existing file 0600."""
    os.chmod(path, FILE_MODE)
    return path


def audio_store_for(db_path: Path) -> Path:
    """The content-addressed audio store that belongs to one database: ``NAME.audio/`` beside ``NAME.db``."""
    store = db_path.with_name((db_path.stem if db_path.suffix else db_path.name) + ".audio")
    return store if store != db_path else db_path.with_name(db_path.name + ".audio")


def legacy_audio_store_for(db_path: Path) -> Path:
    """Where older versions kept audio: one ``audio/`` folder shared by every database in the same folder."""
    return db_path.parent / LEGACY_AUDIO_DIR
