"""Shared fixtures. Every test runs with voicehist's home in a temporary folder, never the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def vh_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """VOICEHIST_HOME in a fresh temporary folder (data, cache, config all under it)."""
    home = tmp_path_factory.mktemp("vh_home")
    monkeypatch.setenv("VOICEHIST_HOME", str(home))
    monkeypatch.delenv("VOICEHIST_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def utc_by_default(monkeypatch: pytest.MonkeyPatch):
    """Times are shown (and typed dates read) in the system's zone: the tests run in UTC whatever the machine's
    zone, unless a test says otherwise (``--tz``, ``TZ``, ``set_zone``)."""
    from voicehist.localtime import set_zone

    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("VOICEHIST_TZ", raising=False)
    set_zone(None)
    yield
    set_zone(None)


@pytest.fixture
def db_path(vh_home: Path) -> Path:
    return vh_home / "data" / "voicehist.db"


@pytest.fixture
def db(db_path: Path):
    from voicehist.store import open_db

    database = open_db(db_path)
    yield database
    database.close()
