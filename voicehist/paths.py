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
from dataclasses import dataclass
from pathlib import Path

import platformdirs

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


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` as a 0600 file (reports and letters hold transcripts), replacing what was there;
    an existing file is made private too (``O_CREAT`` keeps the mode of a file that is already there)."""
    target = Path(path)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
    finally:
        if fd >= 0:
            os.close(fd)
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
