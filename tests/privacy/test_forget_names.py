"""Issue 20, findings 1 and 2: ``forget --vendor-text`` forgets the words a file name carried, and forgotten
audio does not come back through another vendor's export or a loose folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.privacy.conftest import SPEECH, db_files, file_bytes, voicehist

SECRET = "zebrafish"
SPOKEN = f"(2018-05-16T15_07_41+0200)_TEXT(call doctor {SECRET} tomorrow).wav"
BROKEN = f"(2018-05-17T15_07_41+0200)_TEXT({SECRET} broken audio).wav"


def _folder(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(SPEECH / "acc01_alex_call.wav", root / SPOKEN)
    (root / BROKEN).write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")  # named like audio, not audio
    return root


def _db_text(db: Path) -> bytes:
    return file_bytes(db_files(db)).lower()


def test_forget_vendor_text_forgets_words_in_file_names(vh_home: Path, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "loose")
    db = vh_home / "data" / "voicehist.db"
    out = voicehist("import", str(folder), home=vh_home)
    assert out.returncode == 1, out.stderr  # the broken file is a problem by name
    assert SECRET.encode() in _db_text(db)  # so the check below means something

    out = voicehist("forget", "1", "2", "--yes", "--vendor-text", home=vh_home)
    assert out.returncode == 0, out.stderr
    assert SECRET.encode() not in _db_text(db)
    for args in (["show", "1"], ["show", "2", "--json"], ["list", "--json"], ["report", "--format", "md"]):
        shown = voicehist(*args, home=vh_home)
        assert shown.returncode == 0, (args, shown.stderr)
        assert SECRET not in shown.stdout + shown.stderr, args

    # the same folder again (and the same files in another folder) bring neither the audio nor the names back
    again = voicehist("import", str(folder), "--json", home=vh_home)
    assert again.returncode in (0, 1), again.stderr
    assert SECRET not in again.stdout
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(folder / SPOKEN, other / SPOKEN)
    shutil.copy(folder / BROKEN, other / BROKEN)
    third = voicehist("import", str(other), "--json", home=vh_home)
    assert third.returncode in (0, 1), third.stderr
    doc = json.loads(third.stdout)
    assert doc["new"] == 0 and SECRET not in third.stdout
    assert SECRET.encode() not in _db_text(db)


def test_forgotten_audio_does_not_return_through_another_vendor(vh_home: Path, tmp_path: Path) -> None:
    from tests.privacy.conftest import make_export

    export = make_export(tmp_path / "alexa")
    assert voicehist("import", str(export), home=vh_home).returncode == 0
    listed = json.loads(voicehist("list", "--json", home=vh_home).stdout)["clips"]
    victim = next(c for c in listed if c["audio_name"] and "2026-03-03" in c["recorded_at"])
    assert voicehist("forget", str(victim["number"]), "--yes", home=vh_home).returncode == 0

    # the same recording, as a loose file in a folder with no vendor in its path
    wav = next((export / "Alexa" / "Alexa.VoiceHistory" / "Audio").glob("2026-03-03_*.wav"))
    loose = tmp_path / "loose"
    loose.mkdir()
    shutil.copy(wav, loose / "recording.wav")
    out = voicehist("import", str(loose), "--json", home=vh_home)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["new"] == 0
    after = json.loads(voicehist("list", "--json", home=vh_home).stdout)["clips"]
    assert len(after) == len(listed)
    assert not any(c["has_audio"] for c in after if c["number"] == victim["number"])
    store = vh_home / "data" / "voicehist.audio"
    assert not any(p.read_bytes() == wav.read_bytes() for p in store.rglob("*") if p.is_file())
