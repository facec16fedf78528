"""Labelled test exports from a labelled clip folder (a ``manifest.json`` like tests/fixtures/speech's).

:func:`write_alexa_export` turns the speech corpus into an Amazon request-your-data folder (CSV voice-history
table + WAVs), with split pairs sharing an utteranceId stem; :func:`write_google_takeout` turns a Google clip
folder into a Takeout export. Each returns the path of a labels file :func:`voicehist.detect.evaluate.load_labels`
reads. Used by the tests and by ``bench/detect.py`` (which puts the repository on ``sys.path``); not shipped in
the package.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from tests.importers.helpers import ALEXA_CSV_HEADER
from voicehist.detect.evaluate import BROKEN, WAKE_ONLY

DEVICES = ("Kitchen Echo Dot", "Living Room Echo")
DEVICE_TYPE = "A3S5BH2HU6VAYF"
SERIAL = "G090LF1186470KQ7"


def _utterance_id(when: _dt.datetime, stem_seed: str, part: int | None) -> str:
    u = hashlib.sha1(stem_seed.encode()).hexdigest()
    uid = f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}"
    base = f"{DEVICE_TYPE}:1.0/{when:%Y/%m/%d/%H}/{SERIAL}/{when:%M:%S}::TNIH_2V.{uid}LPM"
    return base if part is None else f"{base}/{part}"


def write_alexa_export(
    corpus_dir: str | Path,
    out_dir: str | Path,
    *,
    labels_path: str | Path | None = None,
    start: str = "2026-03-01T08:00:00Z",
    broken: int = 0,
    split_ids: bool = True,
    responses: bool = True,
) -> Path:
    """Write the corpus as an Alexa request-your-data folder at ``out_dir``; return the labels file path.

    ``split_ids=False`` gives the two halves of a split pair unrelated utteranceIds (no ``/0``, ``/1``), as some
    exports do; the detector must then pair them by device and time.
    ``broken``: add this many clips with damaged audio (half of them carrying the vendor's
    "not intended" marker, labelled accidental; the others unmarked, labelled ``broken``).
    """
    corpus = Path(corpus_dir)
    manifest: list[dict[str, Any]] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    out = Path(out_dir)
    table_dir = out / "Alexa" / "Alexa.VoiceHistory"
    table_dir.mkdir(parents=True, exist_ok=True)
    t0 = _dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    rows: list[list[str]] = []
    labels: list[dict[str, Any]] = []
    slots: dict[str, tuple[_dt.datetime, str]] = {}
    for i, e in enumerate(manifest):
        stem = e.get("pair") or Path(e["file"]).stem
        if stem not in slots:
            slots[stem] = (t0 + _dt.timedelta(hours=7 * len(slots), minutes=13 * i), DEVICES[len(slots) % len(DEVICES)])
        when, device = slots[stem]
        part: int | None = None
        if e.get("pair"):
            part = 0 if e["label"] in WAKE_ONLY else 1
            when = when + _dt.timedelta(seconds=6 * part)
        if split_ids or part is None:
            uid = _utterance_id(when if part != 1 else when - _dt.timedelta(seconds=6), stem, part)
        else:
            uid = _utterance_id(when, f"{stem}#{part}", None)
        audio_name = f"{when:%Y-%m-%d_%H-%M-%S}_{hashlib.sha1(uid.encode()).hexdigest()[:8]}.wav"
        shutil.copyfile(corpus / e["file"], table_dir / audio_name)
        # a manifest may say the response ("" = none); else intended clips get "OK." unless responses=False
        response = e.get("vendor_response", "OK." if e["label"] == "intended" and responses else "")
        rows.append(
            [
                when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                device,
                e.get("utterance_type") or "GENERAL",
                e.get("vendor_transcript") or "",
                response,
                uid,
                audio_name,
            ]
        )
        labels.append({"utterance_id": uid, "audio_file": audio_name, "label": e["label"], "source": e["file"]})
    for j in range(broken):
        when = t0 + _dt.timedelta(days=30, hours=j)
        uid = _utterance_id(when, f"broken{j}", None)
        audio_name = f"{when:%Y-%m-%d_%H-%M-%S}_broken{j}.wav"
        # a WAV header that promises more than it holds, then garbage
        (table_dir / audio_name).write_bytes(b"RIFF\xff\xff\x00\x00WAVEfmt " + bytes(range(7, 40)) * 3)
        marked = j % 2 == 1
        rows.append(
            [
                when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                DEVICES[0],
                "GENERAL",
                "audio was not intended for this device" if marked else "turn off the hallway light",
                "",
                uid,
                audio_name,
            ]
        )
        labels.append(
            {"utterance_id": uid, "audio_file": audio_name, "label": "accidental" if marked else BROKEN, "source": None}
        )
    with open(table_dir / "Alexa.VoiceHistory.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ALEXA_CSV_HEADER)
        rows.sort(key=lambda r: r[0])
        w.writerows(rows)
    (out / "README.txt").write_text("Your Alexa voice history (a labelled test export made by voicehist).\n")
    lp = Path(labels_path) if labels_path else out.parent / f"{out.name}.labels.json"
    lp.write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return lp


def write_google_takeout(
    corpus_dir: str | Path,
    out_dir: str | Path,
    *,
    labels_path: str | Path | None = None,
    start: str = "2026-04-01T09:00:00Z",
) -> Path:
    """Write a Google clip folder (manifest entries with ``said`` and ``hotword``) as a Takeout export:
    ``Takeout/My Activity/Assistant/MyActivity.json`` with the mp3s beside it. Returns the labels file path."""
    corpus = Path(corpus_dir)
    manifest: list[dict[str, Any]] = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    folder = Path(out_dir) / "Takeout" / "My Activity" / "Assistant"
    folder.mkdir(parents=True, exist_ok=True)
    t0 = _dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    entries: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    for i, e in enumerate(manifest):
        when = t0 + _dt.timedelta(hours=i, seconds=17 * i)
        name = when.strftime("%Y-%m-%d_%H_%M_%S_000_UTC") + Path(e["file"]).suffix
        shutil.copyfile(corpus / e["file"], folder / name)
        entry: dict[str, Any] = {
            "header": "Assistant",
            "title": f"Said {e['said']}" if e.get("said") else "Used Assistant",
            "time": when.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "products": ["Assistant"],
            "audioFiles": [name],
        }
        if e.get("hotword"):
            entry["details"] = [{"name": "Started by hotword"}]
        entries.append(entry)
        labels.append({"audio_file": name, "label": e["label"], "source": e["file"]})
    (folder / "MyActivity.json").write_text(json.dumps(entries, indent=1), encoding="utf-8")
    out = Path(out_dir)
    lp = Path(labels_path) if labels_path else out.parent / f"{out.name}.labels.json"
    lp.write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return lp


REAL_VOICES = Path(__file__).resolve().parent / "fixtures" / "real_voices"
NOT_WAKE = ("jarvis", "smart_mirror", "snowboy", "view_glass")


def _real_manifest(src: Path) -> list[dict[str, Any]]:
    return list(json.loads((src / "manifest.json").read_text(encoding="utf-8")))


REQUESTS = ("pair1_1_heat.wav", "pair2_1_score.wav", "pair3_1_playlist.wav", "pair4_1_dad.wav", "pair5_1_tv.wav")


def write_real_corpus(
    out_dir: str | Path, src: str | Path = REAL_VOICES, *, every: int = 1, background_db: float | None = None
) -> Path:
    """A labelled clip folder (manifest.json like tests/fixtures/speech's) whose wake words are all real voices.

    Composites, each a 16 kHz WAV. *Intended*: a real "Alexa" (or "Computer") recording, 0.3 s of silence, then a
    request ("turn up the heat a little", "call dad on his mobile"... from tests/fixtures/speech, espeak: no
    openly licensed recording of real people's requests was found), the vendor transcript being the request
    (Alexa's never holds the wake word). *Accidental*: a real word that is no wake word ("Jarvis", "smart
    mirror", "snowboy", "view glass") alone, or followed by a request (the device woke on it); and a real read
    sentence alone (LJ Speech: speech from a TV or a reading), the vendor transcript starting three words in, as
    after a false wake. No vendor response anywhere (nothing tells the detector the vendor acted). ``every``:
    every n-th clip of each kind. ``background_db``: every clip mixed with another real voice reading (an LJ
    Speech sentence, as a TV or a conversation in the room) from the clip's first instant, that many dB below the
    quieter of the clip's voices (the wake word's recording or the request). Returns the folder."""
    import numpy as np
    import soundfile as sf

    from voicehist.audio.decode import decode

    src_p, out = Path(src), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    man = _real_manifest(src_p)
    speech = Path(__file__).resolve().parent / "fixtures" / "speech"
    speech_man = {m["file"]: m for m in json.loads((speech / "manifest.json").read_text(encoding="utf-8"))}
    requests = [(decode(speech / f, 16000).samples, str(speech_man[f]["vendor_transcript"])) for f in REQUESTS]
    sentences = [m for m in man if m["file"].startswith("ljspeech/")]
    wakes = [m for m in man if m.get("wake")]
    others = [m for m in man if m["file"].split("/")[0] in NOT_WAKE]

    def audio(m: dict[str, Any]) -> Any:
        return decode(src_p / m["file"], 16000).samples

    gap = np.zeros(int(0.3 * 16000), dtype=np.float32)
    entries: list[dict[str, Any]] = []

    def add(name: str, parts: list[Any], label: str, vendor: str, text: str) -> None:
        x = np.concatenate(parts).astype(np.float32)
        if background_db is not None:
            bg = audio(sentences[len(entries) % len(sentences)])
            ref = min(voice_level(p) for p in parts if p is not gap)  # the quieter voice: the wake word is often it
            x = mix_under(x, bg, ref, background_db, skip=name.startswith("acc_read"))
        sf.write(str(out / name), x, 16000, subtype="PCM_16")
        entries.append(
            {"file": name, "text": text, "label": label, "category": "real", "vendor_transcript": vendor,
             "utterance_type": "GENERAL", "pair": None, "vendor_response": ""}
        )  # fmt: skip

    def words(text: str, start: int = 0, n: int = 14) -> str:
        return " ".join(re.sub(r"[^a-z' ]", " ", text.lower()).split()[start : start + n])

    for i, w in enumerate(wakes[::every]):
        req, said = requests[i % len(requests)]
        add(f"int_{i:03d}.wav", [audio(w), gap, req], "intended", said, f"{w['said'].title()}, {said}")
    for i, o in enumerate(others[::every]):
        add(f"acc_word_{i:03d}.wav", [audio(o)], "accidental", o["said"], o["said"])
        if i % 2 == 0:
            req, said = requests[(i // 2) % len(requests)]
            add(f"acc_then_{i:03d}.wav", [audio(o), gap, req], "accidental", said, f"{o['said']}, {said}")
    for i, sent in enumerate(sentences):
        add(f"acc_read_{i:03d}.wav", [audio(sent)], "accidental", words(sent["said"], 3), sent["said"])
    (out / "manifest.json").write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    (out / "LICENSE.md").write_text(
        "Built by tests/fixture_exports.py:write_real_corpus from tests/fixtures/real_voices (see its README.md:"
        " Apache-2.0 wake-word-benchmark recordings and public-domain LJ Speech) and five espeak requests from"
        " tests/fixtures/speech.\n",
        encoding="utf-8",
    )
    return out


def voice_level(a: Any) -> float:
    """A voice's level: the RMS of the louder half of its 20 ms frames (its speech, not its pauses), never 0."""
    from voicehist.audio.levels import speech_level

    return speech_level(a) + 1e-9


def mix_under(x: Any, bg: Any, ref: float, db: float, *, skip: bool = False) -> Any:
    """``x`` with ``bg`` (looped to its length) added ``db`` below the level ``ref``; ``skip``: a different stretch
    of ``bg`` (a read sentence is never mixed with itself)."""
    import numpy as np

    bg = np.roll(np.asarray(bg, dtype=np.float32), len(bg) // 2 if skip else 0)
    bg = np.tile(bg, len(x) // len(bg) + 1)[: len(x)]
    return np.clip(x + bg * (ref / voice_level(bg) / 10 ** (db / 20)), -1.0, 1.0)


def write_export(corpus_dir: str | Path, out_dir: str | Path, **kw: Any) -> Path:
    """A Google Takeout for a Google clip folder, else an Alexa archive (see the two writers)."""
    manifest = json.loads((Path(corpus_dir) / "manifest.json").read_text(encoding="utf-8"))
    if manifest and all("hotword" in m for m in manifest):
        return write_google_takeout(corpus_dir, out_dir, labels_path=kw.get("labels_path"))
    return write_alexa_export(corpus_dir, out_dir, **kw)


__all__ = ["write_alexa_export", "write_google_takeout", "write_export", "write_real_corpus", "REAL_VOICES"]
