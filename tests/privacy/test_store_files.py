"""Each database owns its audio store; voicehist tightens only folders it creates or owns; a read command on a
path with no database creates nothing."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from tests.privacy.conftest import make_export, voicehist
from voicehist.store import audio_dir_of, open_db
from voicehist.store.forget import forget_clips
from voicehist.store.queries import list_clips


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_two_databases_in_one_folder_have_separate_audio_stores(vh_home: Path, tmp_path: Path) -> None:
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo"), ("int02_kitchen.wav", "Echo")])
    data = vh_home / "data"
    for name in ("voicehist.db", "demo.db"):
        assert voicehist("import", "-q", str(export), "--db", str(data / name), home=vh_home).returncode == 0
    assert (data / "voicehist.audio").is_dir() and (data / "demo.audio").is_dir()
    assert not (data / "audio").exists()
    demo = open_db(data / "demo.db")
    assert forget_clips(demo, [r.id for r in list_clips(demo)]).audio_files_removed == 2
    demo.close()
    main = open_db(data / "voicehist.db")
    for r in list_clips(main):  # forgetting in demo.db left voicehist.db's audio alone
        assert (audio_dir_of(main) / (r.audio_path or "")).read_bytes()[:4] == b"RIFF"
    main.close()


def test_an_old_shared_store_is_adopted_without_touching_it(vh_home: Path, tmp_path: Path) -> None:
    """Databases written before per-database stores shared ``audio/``: each gets its own copy (hard links)
    of what it references; the shared folder stays as it was (another database may still use it)."""
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo"), ("int02_kitchen.wav", "Echo")])
    data = vh_home / "data"
    for name in ("voicehist.db", "demo.db"):
        assert voicehist("import", "-q", str(export), "--db", str(data / name), home=vh_home).returncode == 0
    # the old layout: one audio/ beside both databases
    shutil.move(data / "voicehist.audio", data / "audio")
    shutil.rmtree(data / "demo.audio")
    before = sorted(p.relative_to(data / "audio") for p in (data / "audio").rglob("*"))
    for name in ("demo.db", "voicehist.db"):
        db = open_db(data / name)
        store = audio_dir_of(db)
        assert store == data / name.replace(".db", ".audio")
        assert all((store / (r.audio_path or "")).is_file() for r in list_clips(db))
        assert _mode(store) == 0o700
        db.close()
    demo = open_db(data / "demo.db")
    forget_clips(demo, [r.id for r in list_clips(demo)])
    demo.close()
    assert sorted(p.relative_to(data / "audio") for p in (data / "audio").rglob("*")) == before
    main = open_db(data / "voicehist.db")
    for r in list_clips(main):
        assert (audio_dir_of(main) / (r.audio_path or "")).read_bytes()[:4] == b"RIFF"
        assert (data / "audio" / (r.audio_path or "")).read_bytes()[:4] == b"RIFF"  # shredding spared shared files
    main.close()


def test_db_in_a_folder_voicehist_does_not_own_keeps_its_mode(vh_home: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo")])
    db = shared / "mine.db"
    out = voicehist("list", "--json", "--db", str(db), home=vh_home)
    assert out.returncode == 2 and "no database" in out.stderr and "Traceback" not in out.stderr
    assert list(shared.iterdir()) == [] and _mode(shared) == 0o1777
    assert voicehist("import", "-q", str(export), "--db", str(db), home=vh_home).returncode == 0
    assert _mode(shared) == 0o1777  # not ours: left alone
    assert _mode(db) == 0o600 and _mode(shared / "mine.audio") == 0o700
    for p in (shared / "mine.audio").rglob("*"):
        assert _mode(p) == (0o700 if p.is_dir() else 0o600), p
    assert voicehist("list", "--json", "--db", str(db), home=vh_home).returncode == 0
    assert _mode(shared) == 0o1777


def test_read_commands_on_a_mistyped_path_create_nothing(vh_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "some" / "new" / "path.db"
    for args in (("list",), ("search", "time"), ("flag", "--auto"), ("transcribe",), ("forget", "1", "--yes")):
        out = voicehist(*args, "--db", str(target), home=vh_home)
        assert out.returncode == 2, (args, out.stderr)
        assert "no database" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "some").exists()
    # import creates it, folders 0700
    export = make_export(tmp_path / "export", [("int01_time.wav", "Echo")])
    assert voicehist("import", "-q", str(export), "--db", str(target), home=vh_home).returncode == 0
    assert _mode(tmp_path / "some") == 0o700 and _mode(target.parent) == 0o700 and _mode(target) == 0o600
    listed = voicehist("list", "--json", "--db", str(target), home=vh_home)
    assert listed.returncode == 0 and json.loads(listed.stdout)["count"] == 1
