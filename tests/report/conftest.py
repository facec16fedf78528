from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.fixture_db import build

NOW = "2024-04-10 12:00 UTC"


@pytest.fixture
def fixture_db_path(vh_home: Path) -> Path:
    return build(vh_home / "data" / "fixture.db")


@pytest.fixture
def fixture_db(fixture_db_path: Path):
    from voicehist.store import open_db

    database = open_db(fixture_db_path)
    yield database
    database.close()


@pytest.fixture
def figures(fixture_db):
    from voicehist.report import compute

    return compute(fixture_db, now=NOW)
