#!/usr/bin/env python3
"""Issue 20's "done when" run: N generated hostile exports and N generated command lines, each in a fresh
`voicehist` process, reporting exit codes, hangs (over 30 s), tracebacks and peak RSS. Asserts nothing;
prints a summary and the worst cases, and writes every result as JSON lines to --out.

Run: nice python scripts/attack_run.py [--exports 1000] [--commands 1000] [--seed 20] [--out results.jsonl]

Exports are built from a grammar of what went wrong in issue 20 and the seed corpus of issue 10 (years
before 1000 and past 9999, "details": true, deep nesting, titles in other languages, "File summary" cells,
formula and control characters, megabyte words, WAV headers declaring 1 Hz or 10 MHz, names that escape,
broken zips), mixed at random. After each import a few commands run on what was imported. Command lines are
built from the real options with hostile values (numbers >= 2^63, absurd dates, malformed e-mail, odd --db
and -o targets).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzz.hostile import PROBE  # noqa: E402 - the same VmHWM probe as the fuzz tests

HANG_S = 30
HOSTILE = ["\x1b]0;pwned\x07", "\x1b[2J", "\u202e", "\u009b", "\u2028", "\u200f", "\u061c", "[bold]x[/]", "\x00",
           "=HYPERLINK(\"http://x\")", " =1+1", "＝1", "@SUM(1)", "File summary:", "\ud800", "'; DROP TABLE clips;--",
           "/".join(["..", "..", "etc", "passwd"]), "zebrafish", "%s%n", "\\", '"', ",", "\n", "\r"]  # fmt: skip
TIMES = ["0999-06-01T10:00:00.000Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z",
         "2020-02-30T00:00:00Z", "1e308", "-1", "0", "", None, 1e30, "nan", True, [], {}, "2020-01-01T10:00:00Z",
         "12/31/2020 11:59 PM PST", "Tue Jan 08 10:00:00 UTC 2019"]  # fmt: skip


def wav_bytes(rng: random.Random, rate: int | None = None) -> bytes:
    rate = rate if rate is not None else rng.choice([1, 100, 8000, 16000, 44100, 10_000_000, 0])
    frames = rng.choice([0, 10, 2000, 20000])
    pcm = bytes(rng.getrandbits(8) for _ in range(min(frames * 2, 4000))) * max(1, frames * 2 // 4000)
    channels = rng.choice([1, 1, 2, 0, 200])
    fmt = struct.pack("<HHIIHH", 1, channels, rate, (rate * 2 * max(channels, 1)) & 0xFFFFFFFF, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(pcm)) + pcm
    data = b"RIFF" + struct.pack("<I", len(body)) + body
    if rng.random() < 0.2:
        data = data[: rng.randrange(1, len(data))]
    return data


def text(rng: random.Random, big: bool = True) -> str:
    parts = [rng.choice(HOSTILE) if rng.random() < 0.5 else rng.choice(["hello", "call bob", "a", "ok"])
             for _ in range(rng.randrange(1, 6))]  # fmt: skip
    if big and rng.random() < 0.05:
        parts.append(rng.choice(["a", "1,", "a.", "x@"]) * rng.choice([10_000, 200_000, 500_000]))
    return " ".join(parts)


def nested_json(depth: int) -> str:
    return '{"d": ' * depth + "1" + "}" * depth


def takeout(rng: random.Random, root: Path) -> None:
    lang = rng.choice([("My Activity", "Assistant", "MyActivity.json", "Said "),
                       ("マイ アクティビティ", "アシスタント", "マイアクティビティ.json", ""),
                       ("Мои действия", "Ассистент", "МоиДействия.json", "Сказано: "),
                       ("Meine Aktivitäten", "Assistant", "MeineAktivitäten.json", "")])  # fmt: skip
    folder = root / "Takeout" / lang[0] / lang[1]
    folder.mkdir(parents=True)
    entries = []
    for i in range(rng.randrange(0, 8)):
        e: dict[str, Any] = {"header": lang[1], "title": lang[3] + text(rng), "time": rng.choice(TIMES),
                             "products": [lang[1]]}  # fmt: skip
        if rng.random() < 0.3:
            e["details"] = rng.choice([True, 1, "x", None, [{"name": "Started by hotword"}], [1, None]])
        if rng.random() < 0.7:
            name = f"2020-01-01_10_00_{i:02d}_000_UTC.{rng.choice(['mp3', 'wav'])}"
            e["audioFiles"] = rng.choice([[name], name, [None], [name, name]])
            if rng.random() < 0.8:
                (folder / name).write_bytes(wav_bytes(rng))
        entries.append(e)
    doc = json.dumps(entries, ensure_ascii=False)
    if rng.random() < 0.1 and entries:
        doc = doc[:-2] + ', "deep": ' + nested_json(rng.choice([100, 550, 3000])) + "}]"
    (folder / lang[2]).write_text(doc, encoding="utf-8", errors="surrogatepass")


def alexa_csv(rng: random.Random, root: Path) -> None:
    folder = root / "Alexa"
    folder.mkdir(parents=True)
    delim = rng.choice([",", ";", "\t"])
    lines = [delim.join(["Timestamp", "Device", "Transcript", "Utterance ID", "Audio File"])]
    for i in range(rng.randrange(0, 12)):
        cells = [str(rng.choice(TIMES)), text(rng, big=False), text(rng), rng.choice([f"u{i}", f"u{i % 3}", ""]),
                 rng.choice(["", f"a{i}.wav", "../x.wav", "http://x/y.wav"])]  # fmt: skip
        if rng.random() < 0.8 and cells[4].endswith(".wav") and "/" not in cells[4]:
            (folder / cells[4]).write_bytes(wav_bytes(rng))
        lines.append(delim.join('"' + c.replace('"', '""') + '"' if rng.random() < 0.5 else c for c in cells))
    if rng.random() < 0.5:
        lines += ["", "File Summary:", "Number of records,1"]
    (folder / "voice.csv").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")


def alexa_json(rng: random.Random, root: Path) -> None:
    root.mkdir(parents=True)
    recs = []
    for i in range(rng.randrange(0, 8)):
        items = [{"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": text(rng)}]
        recs.append({"recordKey": rng.choice([f"k{i}", None, 1, ""]), "timestamp": rng.choice(TIMES),
                     "device": rng.choice([{"deviceName": text(rng, big=False)}, None, 1]),
                     "voiceHistoryRecordItems": rng.choice([items, True, None, [1]])})  # fmt: skip
    (root / "voice.json").write_text(json.dumps({"customerHistoryRecords": recs}), encoding="utf-8")


def loose(rng: random.Random, root: Path) -> None:
    root.mkdir(parents=True)
    for i in range(rng.randrange(1, 5)):
        words = text(rng, big=False).replace("/", " ").replace("\x00", "")[:80]
        name = f"(2018-05-16T15_07_{i:02d}+0200)_TEXT({words}).wav"
        try:
            (root / name).write_bytes(wav_bytes(rng))
        except (OSError, UnicodeEncodeError):  # a name the file system cannot hold
            (root / f"clip{i}.wav").write_bytes(wav_bytes(rng))


def seed_copy(rng: random.Random, root: Path) -> None:
    seeds = sorted((REPO / "tests" / "fuzz" / "seeds").iterdir())
    src = rng.choice(seeds)
    root.mkdir(parents=True)
    if src.is_dir():
        shutil.copytree(src, root / src.name)
    else:
        data = bytearray(src.read_bytes())
        for _ in range(rng.randrange(0, 4)):  # a few flipped bytes
            if data:
                data[rng.randrange(len(data))] = rng.getrandbits(8)
        (root / src.name).write_bytes(bytes(data))


MAKERS = [takeout, alexa_csv, alexa_json, loose, seed_copy]


def make_export(rng: random.Random, root: Path) -> Path:
    maker = rng.choice(MAKERS)
    maker(rng, root / "export")
    if rng.random() < 0.3:  # zipped, sometimes cut short
        z = root / "export.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted((root / "export").rglob("*")):
                if p.is_file():
                    zf.write(p, p.relative_to(root / "export").as_posix())
        if rng.random() < 0.2:
            z.write_bytes(z.read_bytes()[: max(1, z.stat().st_size - rng.randrange(1, 200))])
        return z
    return root / "export"


def run(args: list[str], home: Path, work: Path) -> dict[str, Any]:
    peak = work / f"peak{time.monotonic_ns()}"
    env = dict(os.environ, VOICEHIST_HOME=str(home), PYTHONPATH=str(REPO))
    env.pop("VOICEHIST_DB", None)
    t0 = time.monotonic()
    try:
        p = subprocess.run([sys.executable, "-c", PROBE, str(peak), *args], env=env, capture_output=True,
                           timeout=HANG_S, stdin=subprocess.DEVNULL, cwd=work)  # fmt: skip
        code, err = p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, err = "hang", ""
    took = time.monotonic() - t0
    rss = int(peak.read_text()) / 1024 if peak.exists() else None
    bad = code not in (0, 1, 2) or "Traceback" in err or "internal error" in err
    return {"args": [a[:80] for a in args], "exit": code, "seconds": round(took, 2), "peak_mb": rss,
            "bad": bad, "err": err[-400:] if bad else ""}  # fmt: skip


AFTER_IMPORT = [["flag", "--auto"], ["list", "--json"], ["report", "--format", "html", "-o", "r.html", "--force"],
                ["sensitive"], ["export"], ["show", "1"],
                ["request", "--vendor", "google", "--law", "gdpr", "--dry-run", "--name", "A", "--email",
                 "a@example.com"]]  # fmt: skip

BIG = [str(2**63), str(2**64), "99999999999999999999999", "-1", "0", "²", "#1", "1"]
DATES = ["9999-12-31", "100000y", "99999999999999999999d", "0001-01-01", "2020-13-01", "last year", "", "x",
         "31.02.2020", "2020", "12h", "1999-12-31T23:59:59+14:00"]  # fmt: skip
EMAILS = ["a@b, c@d", "not-an-email", "jö@exämple.com", "a@example.com\nBcc: x@y.z", "<a@b.c>", "a@example.com", ""]


def command_line(rng: random.Random, work: Path) -> list[str]:
    outs = [str(work / "o.md"), str(work / "link.md"), str(work / "fifo"), "/dev/null", "/dev/full", "",
            str(work / "no" / "x.md"), str(work), str(work / "o.csv")]  # fmt: skip
    dbs = [None, "/dev/null", str(work / "fifo"), str(work / "dangling.db"), str(work / "damaged.db"), ""]
    forms = [
        lambda: ["show", rng.choice(BIG)],
        lambda: ["flag", "--set", rng.choice(BIG)],
        lambda: ["forget", rng.choice(BIG), "--yes"],
        lambda: ["list", "--limit", rng.choice(BIG)],
        lambda: ["list", "--since", rng.choice(DATES), "--until", rng.choice(DATES)],
        lambda: ["search", text(rng, big=False)[:40] or "x", "--since", rng.choice(DATES)],
        lambda: ["report", "-o", rng.choice(outs), *rng.choice([[], ["--force"]])],
        lambda: ["report", "--format", rng.choice(["text", "md", "html", "pdf", "x"]), "-o", rng.choice(outs)],
        lambda: ["export", "-o", rng.choice(outs), *rng.choice([[], ["--force"]])],
        lambda: ["export", "--format", "json"],
        lambda: [
            "request",
            "--vendor",
            "amazon",
            "--law",
            "gdpr",
            "--ids",
            rng.choice(BIG),
            "--format",
            rng.choice(["eml", "md", "csv"]),
            "--email",
            rng.choice(EMAILS),
            "--name",
            text(rng, big=False),
            "-o",
            rng.choice(outs),
        ],  # fmt: skip
        lambda: ["requests", "mark", rng.choice(BIG), rng.choice(["sent", "done", "x"]), "--on", rng.choice(DATES)],
        lambda: ["import", rng.choice(["/", "", ".", str(work / "nothing"), "/dev/null"])],
        lambda: ["transcribe", "--limit", rng.choice(BIG)],
        lambda: ["sensitive", "--json"],
    ]
    args = rng.choice(forms)()
    db = rng.choice(dbs) if rng.random() < 0.3 else None
    # what no command line can carry (execve takes C strings of bytes): NUL, and lone surrogates
    args = [a.replace("\x00", "").encode("utf-8", "replace").decode("utf-8") for a in args]
    return args + (["--db", db] if db is not None else [])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--exports", type=int, default=1000)
    ap.add_argument("--commands", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--after", type=int, default=2, help="commands run on each imported export")
    ap.add_argument("--out", type=Path, default=Path("attack_results.jsonl"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    results: list[dict[str, Any]] = []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as td, open(a.out, "w") as log:
        base = Path(td)

        def record(kind: str, r: dict[str, Any]) -> None:
            r["kind"] = kind
            results.append(r)
            log.write(json.dumps(r, ensure_ascii=True) + "\n")
            log.flush()

        for i in range(a.exports):
            work = base / f"e{i}"
            work.mkdir()
            export = make_export(rng, work)
            home = work / "home"
            record("import", run(["import", "-q", str(export)], home, work))
            for args in rng.sample(AFTER_IMPORT, a.after):
                record("after-import", run(args, home, work))
            shutil.rmtree(work, ignore_errors=True)
            if i % 50 == 49:
                print(f"{i + 1} exports, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
        # command lines, against a database imported from a hostile export, with odd targets beside it
        work = base / "cmd"
        work.mkdir()
        home = work / "home"
        alexa_csv(random.Random(1), work / "src")
        run(["import", "-q", str(work / "src")], home, work)
        os.mkfifo(work / "fifo")
        (work / "dangling.db").symlink_to(work / "nowhere.db")
        (work / "damaged.db").write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
        (work / "victim.txt").write_text("victim\n")
        (work / "link.md").symlink_to(work / "victim.txt")
        for i in range(a.commands):
            record("command", run(command_line(rng, work), home, work))
            if i % 100 == 99:
                print(f"{i + 1} commands, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
        victim_ok = (work / "victim.txt").read_text() == "victim\n"
    by_kind: dict[str, Counter[Any]] = {}
    for r in results:
        by_kind.setdefault(r["kind"], Counter())[r["exit"]] += 1
    peaks = [r["peak_mb"] for r in results if r["peak_mb"] is not None]
    print(f"runs: {len(results)} in {time.monotonic() - t0:.0f} s")
    for kind, c in by_kind.items():
        print(f"  {kind:13} exit codes: {dict(sorted(c.items(), key=str))}")
    print(f"  hangs (> {HANG_S} s): {sum(r['exit'] == 'hang' for r in results)}")
    print(f"  exit 70 or traceback: {sum(r['bad'] for r in results)}")
    print(f"  peak RSS: max {max(peaks):.0f} MB, median {sorted(peaks)[len(peaks) // 2]:.0f} MB")
    print(f"  slowest: {max(r['seconds'] for r in results):.1f} s; symlink target untouched: {victim_ok}")
    for r in [r for r in results if r["bad"]][:10]:
        print("  BAD", r["exit"], r["args"], r["err"][-200:].replace("\n", " "))


if __name__ == "__main__":
    main()
