from __future__ import annotations

from pathlib import Path

import pytest

from tests.requests.helpers import account


@pytest.fixture(scope="module")
def account_db(tmp_path_factory: pytest.TempPathFactory):
    """A real store holding the fixture account (Amazon archive + Alexa JSON + Google Takeout), imported once."""
    from voicehist.importers import import_paths
    from voicehist.store import open_db

    tmp = tmp_path_factory.mktemp("account")
    db = open_db(tmp / "data" / "voicehist.db")
    report = import_paths(db, account(tmp))
    assert report.new == 10 and not report.problems
    yield db
    db.close()


@pytest.fixture
def account_home(vh_home: Path, tmp_path: Path) -> Path:
    """The fixture account imported into the default database of this test's VOICEHIST_HOME."""
    from voicehist.importers import import_paths
    from voicehist.store import open_db

    db = open_db()
    import_paths(db, account(tmp_path))
    db.close()
    return vh_home


@pytest.fixture(autouse=True)
def display_zone():
    """Letters and steps show local times beside UTC: the tests read them in one fixed zone (CET/CEST), not the
    machine's."""
    from voicehist.localtime import set_zone

    set_zone("Europe/Luxembourg")
    yield
    set_zone(None)
