"""Forget leaves no embedding behind: a clip's voice embedding (derived from its audio, like its transcript) is
gone from the database file and its WAL, byte for byte, and the clip leaves its voice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.privacy.conftest import db_files, file_bytes, voicehist
from tests.voices.helpers import VOICES
from voicehist.store import open_db
from voicehist.store.voices import embedding_of


def test_forget_removes_the_clips_embedding(vh_home: Path, tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    for i, name in enumerate(["1998-15444-0000", "1998-15444-0001", "1998-15444-0002"]):
        shutil.copy(VOICES / "household" / f"{name}.flac", export / f"(2026-01-0{i + 1}T08_00_00+0000)_TEXT(x).flac")
    db_path = vh_home / "data" / "voicehist.db"
    assert voicehist("import", str(export), "--db", str(db_path), home=vh_home).returncode == 0
    out = voicehist("voices", "--json", "--db", str(db_path), home=vh_home)
    assert out.returncode == 0, out.stderr
    (voice,) = json.loads(out.stdout)["voices"]
    assert voice["clips"] == 3
    db = open_db(db_path)
    victim = db.execute("SELECT id, number FROM clips ORDER BY number LIMIT 1").fetchone()
    vector = embedding_of(db, victim[0])
    db.close()
    assert vector is not None and len(vector) == 256 * 4
    pieces = [vector[i : i + 32] for i in range(0, len(vector), 256)]  # 4 spans of 8 floats
    assert all(p in file_bytes(db_files(db_path)) for p in pieces)  # the check below can fail

    out = voicehist("forget", str(victim[1]), "--yes", "--json", "--db", str(db_path), home=vh_home)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["voice_embeddings_removed"] == 1
    blob = file_bytes(db_files(db_path))
    for p in pieces:
        assert p not in blob, "a piece of the forgotten clip's embedding is still in the database"
    after = json.loads(voicehist("voices", "--json", "--db", str(db_path), home=vh_home).stdout)
    assert after["voices"][0]["clips"] == 2 and after["unanalysed"] == 0  # not analysed again: no audio left
    shown = json.loads(voicehist("show", str(victim[1]), "--json", "--db", str(db_path), home=vh_home).stdout)
    assert shown["voice"] is None
