"""Where voicehist keeps its data, cache and config, with private permissions.

Everything lives under platformdirs' per-user directories, unless ``VOICEHIST_HOME`` is set, in which case
``$VOICEHIST_HOME/{data,cache,config}`` are used (tests and portable installs). ``--db`` on the command line
overrides the database path only; the audio store always sits beside the database it belongs to.
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


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make an existing file 0600."""
    os.chmod(path, FILE_MODE)
    return path


def audio_store_for(db_path: Path) -> Path:
    """The content-addressed audio store that belongs to a database."""
    return db_path.parent / "audio"
