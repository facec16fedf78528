#!/usr/bin/env python3
"""Regenerate voicehist's bundled demo export, voicehist/sample/export/ (deterministically).

It looks like an unpacked Amazon "Request Your Data" folder: a voice-history CSV with realistic headers, an
unknown extra column and a ``File Summary:`` footer, WAV recordings (16 kHz mono 16-bit), README.txt and an
instructions file. Speech comes from espeak-ng voices that Whisper tiny.en understands (``en``, ``en-gb``,
``en+f3``; not ``en-us``); the two real recordings come from tests/fixtures/real/ (Apache-2.0, their
licence note is copied alongside).

Run: python scripts/make_sample.py [--real-dir DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
from speechgen import SR, speak

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "voicehist" / "sample" / "export"
REAL = REPO / "tests" / "fixtures" / "real"
DEVICE_TYPE = "A3S5BH2HU6VAYF"
SERIAL = "G090LF1186470KQ7"

NOT_INTENDED = "audio was not intended for this device"
NOT_UNDERSTOOD = "audio could not be understood"
NO_TEXT = "Text not available"

# key, when (UTC), device, spoken (None = a real/noise clip), voice, speed, vendor transcript, response, type,
# uuid stem, split suffix, audio source ("tts" | "noise" | "real:<file>" | "" for a row without audio)
ROWS: list[tuple[str, str, str, str | None, str, int, str, str, str, str, str, str]] = [
    ("time", "2026-03-02T07:41:12Z", "Kitchen Echo Dot", "Alexa, what time is it", "en-gb", 160,
     "what time is it", "It's 7:41.", "GENERAL", "1b7c0f52-55d2-4e57-9a11-c3f1b1f6a001", "", "tts"),
    ("lights", "2026-03-02T19:05:47Z", "Kitchen Echo Dot", "Alexa, turn on the kitchen lights", "en", 155,
     "turn on the kitchen lights", "OK.", "GENERAL", "2c8d1a63-66e3-4f68-8b22-d4a2c2a7b002", "", "tts"),
    ("alex", "2026-03-03T20:16:03Z", "Living Room Echo", "I told Alex we would be late for dinner again",
     "en-gb", 165, NOT_INTENDED, "", "GENERAL", "3d9e2b74-77f4-4079-9c33-e5b3d3b8c003", "", "tts"),
    ("timer", "2026-03-04T12:30:09Z", "Kitchen Echo Dot", "Alexa, set a timer for ten minutes", "en+f3", 165,
     "set a timer for ten minutes", "Ten minutes, starting now.", "GENERAL",
     "4eaf3c85-8805-41a0-8d44-f6c4e4c9d004", "", "tts"),
    ("election", "2026-03-05T21:47:33Z", "Living Room Echo",
     "The election results will be announced later tonight on the news", "en", 160,
     "results will be announced later tonight", "", "GENERAL", "5fb04d96-9916-42b1-9e55-a7d5f5dae005", "", "tts"),
    ("split0", "2026-03-06T08:02:14Z", "Bedroom Echo Show", None, "", 0, NO_TEXT, "", "WAKE_WORD_ONLY",
     "6ac15ea7-aa27-43c2-8f66-b8e6a6ebf006", "/0", "real:alexa_wakeword.wav"),
    ("split1", "2026-03-06T08:02:19Z", "Bedroom Echo Show", "play the news", "en-gb", 160, "play the news",
     "Here's your flash briefing.", "GENERAL", "6ac15ea7-aa27-43c2-8f66-b8e6a6ebf006", "/1", "tts"),
    ("unacceptable", "2026-03-07T22:11:58Z", "Living Room Echo",
     "Honestly, that answer is completely unacceptable", "en+f3", 170, "that answer is completely unacceptable",
     "Sorry, I'm not sure.", "GENERAL", "7bd26fb8-bb38-44d3-a077-c9f7b7fca007", "", "tts"),
    ("noise", "2026-03-08T03:26:41Z", "Bedroom Echo Show", None, "", 0, NOT_UNDERSTOOD, "", "ASR_TIMEOUT",
     "8ce37ac9-cc49-45e4-b188-dae8c8adb008", "", "noise"),
    ("weather", "2026-03-09T06:55:20Z", "Bedroom Echo Show", "Alexa, what's the weather like tomorrow", "en-gb",
     160, "what's the weather like tomorrow", "Tomorrow, expect rain with a high of 9 degrees.", "GENERAL",
     "9df48bda-dd5a-46f5-8299-ebf9d9bec009", "", "tts"),
    ("office", "2026-03-10T18:40:02Z", "Living Room Echo", None, "", 0, "turn on the office lights", "OK.",
     "GENERAL", "aef59ceb-ee6b-4706-93aa-fc0a0acfd010", "", "real:office_lights_review.wav"),
    ("alexis", "2026-03-11T13:14:45Z", "Kitchen Echo Dot", "Alexis, can you pass me the salt please", "en-gb", 165,
     NOT_INTENDED, "", "GENERAL", "b0a6ad0c-ff6c-4817-a4bb-0d1b1b0ae011", "", "tts"),
    ("stop", "2026-03-12T07:15:31Z", "Kitchen Echo Dot", "Alexa, stop the music", "en", 150, "stop the music", "",
     "GENERAL",
     "c1b7be1d-0a7d-4928-b5cc-1e2c2c1bf012", "", "tts"),
    ("routine", "2026-03-12T07:30:00Z", "Kitchen Echo Dot", None, "", 0, "", "Good morning! Here's your routine.",
     "ROUTINES_OR_TAP_TO_ALEXA", "d2c8cf2e-1b3a-4a39-86dd-2f3d3d2c0013", "", ""),
]  # fmt: skip

HEADER = ["Timestamp (UTC)", "Device", "Utterance Type", "Customer Transcript", "Alexa Response", "Utterance ID",
          "Audio File", "Skill Name"]  # fmt: skip


def _noise(seconds: float, seed: int) -> np.ndarray:
    """TV-room rumble: brown noise with a slow level wobble."""
    n = int(seconds * SR)
    rng = np.random.default_rng(seed)
    sig = np.cumsum(rng.standard_normal(n))
    sig -= np.linspace(sig[0], sig[-1], n)
    sig = sig / np.max(np.abs(sig)) * 0.08
    sig *= 0.7 + 0.3 * np.sin(2 * np.pi * 0.7 * np.arange(n) / SR)
    return sig.astype(np.float32)


def utterance_id(when: str, uuid: str, split: str) -> str:
    y, mo, d, h, mi, s = when[0:4], when[5:7], when[8:10], when[11:13], when[14:16], when[17:19]
    return f"{DEVICE_TYPE}:1.0/{y}/{mo}/{d}/{h}/{SERIAL}/{mi}:{s}::TNIH_2V.{uuid}LPM{split}"


def build(out: Path, real_dir: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    table_dir = out / "Alexa" / "Alexa.VoiceHistory"
    audio_dir = table_dir / "Audio"
    audio_dir.mkdir(parents=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    with tempfile.TemporaryDirectory() as td:
        for seed, row in enumerate(ROWS, start=1):
            key, when, device, spoken, voice, speed, vendor, response, utype, uuid, split, source = row
            uid = utterance_id(when, uuid, split)
            name = ""
            if source:
                name = f"{when[:10]}_{when[11:19].replace(':', '-')}_{uuid[:8]}{split.replace('/', '_')}.wav"
                target = audio_dir / name
                if source == "tts":
                    assert spoken is not None
                    sf.write(target, speak(spoken, voice, speed, seed, Path(td)), SR, subtype="PCM_16")
                elif source == "noise":
                    sf.write(target, _noise(2.5, seed), SR, subtype="PCM_16")
                else:
                    shutil.copyfile(real_dir / source.split(":", 1)[1], target)
            skill = "Weather" if key == "weather" else ("Flash Briefing" if key == "split1" else "")
            writer.writerow([when.replace("Z", ".000Z"), device, utype, vendor, response, uid, name, skill])
    buf.write("\r\nFile Summary:\r\n")
    buf.write(f"Number of records,{len(ROWS)}\r\n")
    buf.write("Data covers,2026-03-02 to 2026-03-12\r\n")
    (table_dir / "Alexa.VoiceHistory.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8", newline="")
    (table_dir / "Alexa.VoiceHistory_Instructions.txt").write_text(
        "This file lists your voice interactions with Alexa: the time (UTC), the device, the type of\n"
        "utterance, what Alexa heard, what Alexa said, an identifier of each utterance and the name of\n"
        "its recording in the Audio folder.\n",
        encoding="utf-8",
    )
    (out / "README.txt").write_text(
        "voicehist demo export\n"
        "=====================\n\n"
        "A small, made-up Amazon 'Request Your Data' export, unpacked, for trying voicehist without your own\n"
        "data: `voicehist demo`, or `voicehist import <this folder>`.\n\n"
        "Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv  the voice history (one row per utterance)\n"
        "Alexa/Alexa.VoiceHistory/Audio/                   the recordings (16 kHz mono WAV)\n\n"
        "It holds commands with the wake word, speech that only sounds like it ('Alex', 'Alexis', 'election',\n"
        "'unacceptable'), a split interaction (wake word alone, then the request seconds later), a noise\n"
        "recording, a routine without audio, and two recordings of real people (see LICENSE-real-recordings.md).\n"
        "All other voices are synthetic (espeak-ng), generated by scripts/make_sample.py.\n",
        encoding="utf-8",
    )
    note = (
        "# Licence of the real recordings in this sample\n\n"
        "The WAV files of utterances 6ac15ea7.../0 (the wake word alone, = alexa_wakeword.wav) and aef59ceb...\n"
        "(= office_lights_review.wav) are recordings by real people from the openWakeWord project's repository,\n"
        "Apache License 2.0, copyright David Scripka. Every other recording here is synthetic (espeak-ng or numpy\n"
        "noise) and free of third-party rights.\n\nThe original note that came with them follows.\n\n"
    )
    readme = real_dir / "README.md"
    if readme.exists():
        note += readme.read_text(encoding="utf-8")
    (out / "LICENSE-real-recordings.md").write_text(note, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--real-dir", type=Path, default=REAL)
    args = ap.parse_args()
    build(args.out, args.real_dir)
    total = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {args.out} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
