"""show and export on a real imported export; the import summary with hostile names."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

from tests.cli.conftest import ESC_TEXT, HEADER, MARKUP_DEVICE, vh
from tests.importers.helpers import ALEXA_CSV_HEADER, make_zip, wav


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_show_tells_everything_about_one_clip(imported: Path, run_cli) -> None:
    code, out, err = run_cli("show", "6", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["number"] == 6 and doc["vendor_transcript"] == ESC_TEXT and doc["device"] == "Living Room Echo"
    assert doc["audio"]["present"] and doc["audio"]["format"] == "WAV" and doc["audio"]["sample_rate"] == 16000
    assert doc["audio"]["duration"] == doc["duration"] and doc["audio"]["name_in_export"] == "a6.wav"
    assert doc["sources"][0]["importer"] == "alexa_archive" and doc["sources"][0]["path"].endswith("amazon.zip")
    assert doc["flag"]["words"] == "unreviewed (not scored)" and doc["transcripts"] == [] and doc["words"] == []
    assert isinstance(doc["vendor_record"], (dict, list)) and "recorded_raw" in doc
    assert run_cli("flag", "--set", "6")[0] == 0
    code, out, _ = run_cli("show", "#6")
    assert code == 0
    text = " ".join(out.split())
    assert "Clip #6" in text and "accidental (your decision)" in text and "a6.wav" in text
    assert "\\ESC[2J" in out and "\x1b" not in out
    code, out, err = run_cli("show", "nope-not-an-id")
    assert code == 2 and "nope-not-an-id" in err and out == ""


def test_export_csv_and_json_of_a_filter_private_and_never_overwriting(imported: Path, run_cli, tmp_path) -> None:
    target = tmp_path / "kitchen.csv"
    code, out, err = run_cli("export", "--device", "kitchen echo", "--since", "2025", "-o", str(target))
    assert code == 0, err
    assert mode(target) == 0o600
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["number"] for r in rows] == ["8", "4", "3"] and rows[0]["device"] == "Kitchen Echo"
    assert "Wrote 3 clip(s)" in " ".join(err.split())
    before = target.read_bytes()
    code, out, err = run_cli("export", "-o", str(target))
    assert code == 2 and "already exists" in err and "--force" in err
    assert target.read_bytes() == before  # nothing lost
    code, out, err = run_cli("export", "-o", str(target), "--force")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(target.read_text())))) == 8 and mode(target) == 0o600
    as_json = tmp_path / "all.json"
    code, out, err = run_cli("export", "--flagged", "-o", str(as_json))  # format from the extension
    assert code == 0 and json.loads(as_json.read_text()) == {"clips": [], "count": 0}
    code, out, err = run_cli("export", "--format", "json", "--until", "2024-12-31")
    assert code == 0 and [c["number"] for c in json.loads(out)["clips"]] == [2, 1]
    # a folder that does not exist is a plain error, exit 2, and nothing is created
    code, out, err = run_cli("export", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    assert not (tmp_path / "no").exists()


def test_export_audio_into_a_folder_with_readable_names(imported: Path, run_cli, tmp_path) -> None:
    folder = tmp_path / "clips"
    code, out, err = run_cli("export", "--device", "kitchen", "--audio", str(folder), "--json")
    assert code == 0, err
    summary = json.loads(out)
    names = sorted(p.name for p in folder.iterdir())
    assert "clips.csv" in names and mode(folder) == 0o700
    audio = [n for n in names if n.endswith(".wav")]
    assert audio == [
        "0001_2024-11-02_10-00-00_Kitchen-Echo_what-time-is-it.wav",
        "0003_2025-03-19_08-00-00_Kitchen-Echo_set-a-timer-for-ten.wav",
        "0004_2025-03-20_00-00-00_Kitchen-Echo_turn-on-the-kitchen-lights.wav",
        audio[3],
    ] and audio[3].startswith("0008_")
    for n in names:
        assert mode(folder / n) == 0o600
    rows = list(csv.DictReader(io.StringIO((folder / "clips.csv").read_text())))
    assert sorted(r["audio_file"] for r in rows) == audio
    assert (folder / audio[0]).read_bytes()[:4] == b"RIFF" and len(summary["audio"]["copied"]) == 4
    # again: refused (nothing replaced) unless --force
    code, out, err = run_cli("export", "--device", "kitchen", "--audio", str(folder))
    assert code == 2 and "already exists" in err
    code, out, err = run_cli("export", "--device", "kitchen", "--audio", str(folder), "--force")
    assert code == 0
    # the markup device's clip has no audio: counted, not copied; its name is never used raw
    code, out, err = run_cli("export", "--device", MARKUP_DEVICE, "--audio", str(tmp_path / "m"))
    assert code == 0 and "1 clip(s) have no audio" in err
    code, out, err = run_cli("export", "--audio", str(tmp_path / "missing" / "deeper"))
    assert code == 2 and "does not exist" in err


def test_import_summary_shows_hostile_member_names_as_text(vh_home: Path, tmp_path: Path) -> None:
    evil = "\x1b]0;pwned\x07\x1b[2J"
    export = make_zip(
        tmp_path / "evil.zip",
        {
            "Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv": (
                ",".join(ALEXA_CSV_HEADER) + f"\r\n2025-01-01T00:00:00Z,[bold red]x,,hello,,,{evil}.wav\r\n"
            ),
            f"Alexa/Alexa.VoiceHistory/Audio/{evil}.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\xff" * 40,
            f"Alexa/{evil}[bold]notes.bin": b"\x00\x01\x02",
        },
    )
    proc = vh("import", str(export), home=vh_home)
    assert proc.returncode in (0, 1)
    both = proc.stdout + proc.stderr
    assert "\x1b" not in both and "\x07" not in both
    assert "\\ESC]0;pwned\\BEL\\ESC[2J" in both
    listed = vh("list", home=vh_home, columns=100, check=True).stdout
    assert "[bold red]x" in listed


def test_show_says_why_a_clip_has_no_audio_and_gives_utc_only_beside_another_zone(vh_home, tmp_path, run_cli) -> None:
    """A clip whose file in the export is unreadable is not 'none in the export'; the UTC line is said once when
    the display zone is UTC and beside the local time otherwise."""
    lines = [
        HEADER,
        "2025-01-05T10:00:00Z,Kitchen Echo,GENERAL,what time is it,,uid-1,good.wav",
        "2025-01-06T10:00:00Z,Kitchen Echo,GENERAL,play the news,,uid-2,broken.wav",
    ]
    files: dict[str, bytes | str] = {
        "Alexa/Alexa.VoiceHistory/Audio/good.wav": wav(seconds=0.4, seed=1),
        "Alexa/Alexa.VoiceHistory/Audio/broken.wav": b"RIFF\x10\x00\x00\x00WAVEnot really audio",
        "Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv": "\r\n".join(lines) + "\r\n",
    }
    code, _, err = run_cli("import", str(make_zip(tmp_path / "amazon.zip", files)))
    assert code == 1 and "broken.wav" in err  # reported by name, the rest imported
    code, out, _ = run_cli("show", "2")
    assert code == 0 and "kept in voicehist" in out and "could not be read" in " ".join(out.split())
    assert run_cli("config", "set", "display.timezone", "UTC")[0] == 0
    code, out, _ = run_cli("show", "1")
    assert "2025-01-05 10:00:00 UTC" in out and "recorded (UTC)" not in out
    assert run_cli("config", "set", "display.timezone", "Europe/Paris")[0] == 0
    code, out, _ = run_cli("show", "1")
    assert "2025-01-05 11:00:00 CET" in out and "recorded (UTC)" in out and "2025-01-05 10:00:00" in out
