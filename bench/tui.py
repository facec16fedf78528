"""Benchmark the review app on a 100,000-clip database (synthetic rows, realistic shapes).

Measures with the real app, headless (run_test): time to first paint, search latency after typing (until the
result list shows the new results), key latency, and RSS memory. Prints figures; run with `nice`.

Key latency (highlight = down arrow, page down, jump to end) is the time from the key reaching the app to the
first frame that shows the list moved, with the UI thread's CPU time up to then (robust to a busy machine)
and the time until the detail pane shows the new clip (it fills in after the list, off the UI thread).
``press_*`` figures are Pilot's ``press()`` round trip, kept for comparison: it also waits until the whole
process falls idle (two 20 ms sleeps at least, and every worker's CPU time), so its floor, printed from a bare
Textual app, is not the app's.

    python bench/tui.py [--clips 100000] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.widgets import Input

from voicehist.store import open_db

DEVICES = [
    "Kitchen Echo",
    "Living Room Echo",
    "Bedroom Echo Dot",
    "Office Echo Show",
    "Pixel 7",
    "Nest Mini",
    "Nest Hub",
]
COMMANDS = [
    "what's the weather today",
    "set a timer for {n} minutes",
    "play some {g} music",
    "turn on the {r} lights",
    "turn off the {r} lights",
    "what time is it",
    "add {f} to my shopping list",
    "remind me to call {p} at {n}",
    "how many ounces in a cup",
    "stop",
    "volume {n}",
    "tell me a joke",
    "what's on my calendar tomorrow",
]
CHATTER = [
    "no I said the election was unacceptable",
    "Alexis can you pass the salt",
    "okay cool see you tomorrow then",
    "a letter came for you this morning",
    "seriously I don't know what he meant",
    "we should leave at {n}",
]
PLACEHOLDERS = ["Audio was not intended for this device", "Text not available", "Audio could not be understood"]
FILL = {
    "n": lambda r: str(r.randint(1, 59)),
    "g": lambda r: r.choice(["jazz", "rock", "classical", "lofi", "country"]),
    "r": lambda r: r.choice(["kitchen", "office", "bedroom", "hallway"]),
    "f": lambda r: r.choice(["milk", "eggs", "coffee", "bread", "apples"]),
    "p": lambda r: r.choice(["mum", "Sam", "the dentist", "Alex"]),
}


def _fill(t: str, r: random.Random) -> str:
    for k, f in FILL.items():
        while "{" + k + "}" in t:
            t = t.replace("{" + k + "}", f(r), 1)
    return t


def build(path: Path, n: int, seed: int = 7) -> None:
    r = random.Random(seed)
    db = open_db(path)
    start = 1_546_300_800  # 2019-01-01
    span = 5 * 365 * 86400
    clips: list[dict[str, Any]] = []
    flags: list[dict[str, Any]] = []
    for i in range(n):
        t = start + r.randrange(span)
        when = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{r.randrange(1000):03d}Z"
        accidental = r.random() < 0.12
        said = _fill(r.choice(CHATTER if accidental else COMMANDS), r)
        vendor_t = r.choice(PLACEHOLDERS) if accidental and r.random() < 0.6 else said
        device = r.choice(DEVICES)
        cid = f"{when}-{i:08x}"
        clips.append(
            {
                "id": cid,
                "vendor": "google" if device in ("Pixel 7", "Nest Mini", "Nest Hub") else "alexa",
                "recorded_at": when,
                "recorded_raw": when,
                "device": device,
                "vendor_transcript": vendor_t,
                "audio_name": f"{i}.wav",
                "audio_path": f"{i % 256:02x}/{cid}.wav",
                "duration": round(r.uniform(0.8, 9), 2),
                "sample_rate": 16000,
                "channels": 1,
                "transcript": said,
                "transcript_status": "done",
                "selected": 0,
            }
        )
        flags.append(
            {
                "clip_id": cid,
                "score": round(r.uniform(0.6, 0.99) if accidental else r.uniform(0, 0.4), 2),
                "label": "accidental" if accidental else "intended",
                "reasons": json.dumps(["synthetic"]),
            }
        )
    with db.atomic():
        db.table("clips").insert_all(clips, batch_size=2000)
        db.table("flags").insert_all(flags, batch_size=2000)
    db.execute("ANALYZE")
    db.close()


_FRAMES: list[float] = []  # when each screen update (a frame) finished, from the compositor's own refresh


def _record_frames() -> None:
    """Note the time each frame is composed: a key's latency is the time until the first frame after the
    app has handled it (what a person sees), not Pilot's press(), which also waits for the process to fall
    idle (two 20 ms sleeps at least, and any worker's CPU time)."""
    from textual.screen import Screen

    if getattr(Screen, "_bench_wrapped", False):
        return
    original = Screen._compositor_refresh

    def wrapped(self: Screen) -> None:
        original(self)
        _FRAMES.append(time.perf_counter())

    Screen._compositor_refresh = wrapped  # type: ignore[method-assign]
    Screen._bench_wrapped = True  # type: ignore[attr-defined]


async def _first_frame_after(t: float) -> float:
    while not _FRAMES or _FRAMES[-1] <= t:
        await asyncio.sleep(0.0002)
    return min(f for f in _FRAMES if f > t)


async def key_latency(app: Any, clips: Any, detail: Any, key: str, n: int = 20) -> dict[str, float]:
    """Send ``key`` ``n`` times as the terminal would; per press: ms until the list's frame shows the move,
    the UI thread's CPU ms until then, and ms until the detail pane shows the new clip."""
    from textual import events

    frame, cpu, filled = [], [], []
    for _ in range(n):
        if key in ("pagedown", "down") and clips.cursor >= clips.total - 60:
            clips.move_to(0)
            await asyncio.sleep(0.2)
        before = clips.cursor
        c0, t0 = time.thread_time(), time.perf_counter()
        app._driver.send_message(events.Key(key, None))
        while clips.cursor == before:
            await asyncio.sleep(0.0002)
        shown = await _first_frame_after(time.perf_counter())
        cpu.append((time.thread_time() - c0) * 1000)
        frame.append((shown - t0) * 1000)
        cid = clips.current_id
        while not (detail.clip and detail.clip.id == cid):
            await asyncio.sleep(0.0005)
        filled.append((await _first_frame_after(time.perf_counter()) - t0) * 1000)
        await asyncio.sleep(0.05)
    med = statistics.median
    return {"median": med(frame), "max": max(frame), "cpu": med(cpu), "detail": med(filled)}


async def bare_press_ms(n: int = 20) -> float:
    """Pilot's press() on a Textual app that does nothing with the key: the floor under every press() figure."""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> Any:
            yield Static("bare")

    app = Bare()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        times = []
        for _ in range(n):
            t = time.perf_counter()
            await pilot.press("pagedown")
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


async def bare_first_paint_s() -> float:
    """From ``run_test`` to the first frame of a Textual app that shows one line: the floor under first paint."""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> Any:
            yield Static("bare")

    _record_frames()
    app = Bare()
    t0 = time.perf_counter()
    async with app.run_test(size=(160, 48)):
        shown = await _first_frame_after(t0)
    return shown - t0


def header_counts_ms(path: Path, n: int = 5) -> dict[str, float]:
    """The header's counts as the app reads them (every few seconds), against the one pass over the joined
    view they were before (the same counts): median ms of ``n`` runs each, side by side."""
    from voicehist.store import open_db
    from voicehist.store.queries import header_counts

    db = open_db(path, migrate=False)
    view_pass = """SELECT count(*), sum(transcript_status = 'done'), sum(flagged = 1),
                          sum(auto_label = 'accidental' AND decision IS NULL), sum(selected = 1) FROM clip_view"""
    now, before = [], []
    try:
        for _ in range(n):
            t = time.perf_counter()
            counts = header_counts(db)
            now.append(time.perf_counter() - t)
            t = time.perf_counter()
            row = db.execute(view_pass).fetchone()
            before.append(time.perf_counter() - t)
            keys = ("clips", "transcribed", "flagged", "suspected", "selected")
            assert [counts[k] for k in keys] == [int(v or 0) for v in row], (counts, row)
    finally:
        db.close()
    return {"now": statistics.median(now) * 1000, "one_pass": statistics.median(before) * 1000}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _search_latency(app: Any, pilot: Any, clips: Any) -> dict[str, float]:
    """Type a word, time until the list shows the new result set (five words)."""
    lat = []
    for word in ["weather", "election", "lights", "jazz", "dentist"]:
        await pilot.press("slash")
        app.screen.query_one("#search", Input).value = ""
        await app.workers.wait_for_complete()
        await pilot.pause()
        before = clips.filter
        for ch in word:
            await pilot.press(ch)
        t_typed = time.perf_counter()
        while clips.filter.query != word:
            await asyncio.sleep(0.001)
        await pilot.pause()
        lat.append(time.perf_counter() - t_typed)
        assert before is not clips.filter
    return {"median": statistics.median(lat) * 1000, "max": max(lat) * 1000}


async def _presses(pilot: Any, clips: Any, out: dict[str, Any]) -> None:
    """Pilot's press(): page-down 50 times, end, and back to the top."""
    pages = []
    for _ in range(50):
        t = time.perf_counter()
        await pilot.press("pagedown")
        pages.append(time.perf_counter() - t)
    t = time.perf_counter()
    await pilot.press("end")
    out["jump_to_end_ms"] = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    await pilot.press("home")
    out["jump_to_start_ms"] = (time.perf_counter() - t) * 1000
    out["press_page_down_ms"] = {"median": statistics.median(pages) * 1000, "max": max(pages) * 1000}
    out["pages_fetched"] = clips.pages.misses


async def _frames(app: Any, clips: Any, detail: Any, out: dict[str, Any]) -> None:
    """What a person sees: key -> the frame that shows it (the detail pane fills in after)."""
    out["highlight_ms"] = await key_latency(app, clips, detail, "down")
    out["page_down_ms"] = await key_latency(app, clips, detail, "pagedown")
    ends = []
    for _ in range(5):
        for key in ("end", "home"):
            r = await key_latency(app, clips, detail, key, n=1)
            if key == "end":
                ends.append(r)
    out["jump_to_end_frame_ms"] = {
        "median": statistics.median(r["median"] for r in ends),
        "max": max(r["max"] for r in ends),
        "cpu": statistics.median(r["cpu"] for r in ends),
        "detail": statistics.median(r["detail"] for r in ends),
    }


def _page_reads(path: Path, out: dict[str, Any]) -> None:
    """One page read from SQLite on the UI thread, as the list does when rows scroll into view: by OFFSET
    (before the worker has read the result order) and by id (after), for all clips and a broad search; and how
    long the worker takes to read the whole result order (off the UI thread)."""
    from voicehist.store import open_db
    from voicehist.store.queries import ClipFilter, clip_ids, page, rows_by_ids

    db = open_db(path, migrate=False)  # a connection like the screen's own
    for name, f in (("all", ClipFilter()), ("the", ClipFilter(query="the"))):
        ids = clip_ids(db, f)
        offset_t, id_t = [], []
        for off in range(0, len(ids), max(1, len(ids) // 20)):
            t = time.perf_counter()
            page(db, f, off, 100)
            offset_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            rows_by_ids(db, ids[off : off + 100])
            id_t.append(time.perf_counter() - t)
        out[f"page_offset_{name}_ms"] = {"median": statistics.median(offset_t) * 1000, "max": max(offset_t) * 1000}
        out[f"page_by_id_{name}_ms"] = {"median": statistics.median(id_t) * 1000, "max": max(id_t) * 1000}
    t = time.perf_counter()
    clip_ids(db, ClipFilter())
    out["order_read_ms"] = (time.perf_counter() - t) * 1000
    db.close()


async def first_paint_once(path: Path) -> float:
    """One more start of the app: seconds to the first frame with the list's rows."""
    from voicehist.tui.app import VoicehistApp
    from voicehist.tui.widgets.clip_list import ClipList

    _record_frames()
    app = VoicehistApp(path)
    t0 = time.perf_counter()
    async with app.run_test(size=(160, 48)) as pilot:
        while not (app.screen.query(ClipList) and app.screen.query_one(ClipList).total):
            await asyncio.sleep(0.002)
        shown = await _first_frame_after(time.perf_counter()) - t0
        await pilot.pause()
    return shown


def median_paint(path: Path, out: dict[str, Any], runs: int = 3) -> None:
    """First paint varies from start to start (a loaded machine, the first start in a process): the median of
    ``runs`` starts (the measured run's and more), each run kept for the printout."""
    out["first_paints"] = [out["first_paint_s"]] + [asyncio.run(first_paint_once(path)) for _ in range(runs - 1)]
    out["first_paint_s"] = statistics.median(out["first_paints"])


async def measure(path: Path) -> dict[str, Any]:
    from voicehist.tui.app import VoicehistApp
    from voicehist.tui.widgets.clip_list import ClipList
    from voicehist.tui.widgets.detail import DetailPane

    _record_frames()
    out: dict[str, Any] = {}
    app = VoicehistApp(path)
    t0 = time.perf_counter()
    async with app.run_test(size=(160, 48)) as pilot:
        # first paint: the first frame that shows the list with its first rows (the header's counts and the
        # detail pane may fill in after); "settled": until the process falls idle (every worker done), which
        # is what this figure measured before
        while True:
            screens = [s for s in app.screen_stack if s.query(ClipList)]
            if screens and screens[-1].query_one(ClipList).total:
                break
            await asyncio.sleep(0.002)
        out["first_paint_s"] = await _first_frame_after(time.perf_counter()) - t0
        await pilot.pause()
        out["settled_s"] = time.perf_counter() - t0
        clips = app.screen.query_one(ClipList)
        out["clips"] = clips.total
        out["search_after_typing_ms"] = await _search_latency(app, pilot, clips)
        app.screen.query_one("#search", Input).value = ""
        await app.workers.wait_for_complete()
        await pilot.pause()
        clips.focus()
        await _presses(pilot, clips, out)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await _frames(app, clips, app.screen.query_one(DetailPane), out)
        _page_reads(path, out)
        out["rss_mb"] = rss_mb()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clips", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="vh-bench-"))
    path = args.db or tmp / "bench.db"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.clips)
        print(f"built {args.clips:,} clips in {time.perf_counter() - t:.1f}s at {path}", file=sys.stderr)
    rss_before = rss_mb()
    load_before = os.getloadavg()
    small = tmp / "small.db"
    build(small, 100, seed=3)
    baseline = asyncio.run(measure(small))
    big = asyncio.run(measure(path))
    median_paint(small, baseline)
    median_paint(path, big)
    floor = asyncio.run(bare_press_ms())
    paint_floor = asyncio.run(bare_first_paint_s())
    small_counts, big_counts = header_counts_ms(small), header_counts_ms(path)
    big_label = f"{big['clips']:,} clips"
    print(f"{'figure':28} {'100 clips':>12} {big_label:>14} {'ratio':>7}")
    keys = (
        "first_paint_s",
        "settled_s",
        "search_after_typing_ms",
        "highlight_ms",
        "page_down_ms",
        "jump_to_end_frame_ms",
        "press_page_down_ms",
        "jump_to_end_ms",
        "page_offset_all_ms",
        "page_by_id_all_ms",
        "page_offset_the_ms",
        "page_by_id_the_ms",
        "order_read_ms",
    )
    for key in keys:
        a, b = baseline[key], big[key]
        if isinstance(a, dict):
            a, b = a["median"], b["median"]
            key += " (median)"
        print(f"{key:28} {a:12.3f} {b:14.3f} {b / a if a else float('nan'):7.2f}")
    print(
        f"{'search max ms':28} {baseline['search_after_typing_ms']['max']:12.3f} "
        f"{big['search_after_typing_ms']['max']:14.3f}"
    )
    for key in ("highlight_ms", "page_down_ms", "jump_to_end_frame_ms"):
        for part, what in (("max", "max"), ("cpu", "UI-thread CPU"), ("detail", "detail filled")):
            name = f"{key} {what}"
            print(f"{name:28} {baseline[key][part]:12.3f} {big[key][part]:14.3f}")
    print(
        f"{'press_page_down max ms':28} {baseline['press_page_down_ms']['max']:12.3f} "
        f"{big['press_page_down_ms']['max']:14.3f}"
    )
    for name, r in (("100 clips", baseline), (big_label, big)):
        print(f"first paint at {name}, each start (s): " + ", ".join(f"{t:.3f}" for t in r["first_paints"]))
    print(f"Pilot press() on a bare Textual app (the floor under press_* and jump_to_end_ms): {floor:.1f} ms")
    print(
        f"first paint of a bare Textual app (the floor under first_paint_s): {paint_floor:.3f} s; the app at "
        f"{big_label}: {big['first_paint_s'] / paint_floor:.2f}x it, at 100 clips "
        f"{baseline['first_paint_s'] / paint_floor:.2f}x"
    )
    for name, c in (("100 clips", small_counts), (big_label, big_counts)):
        print(
            f"header counts at {name}: {c['now']:.1f} ms (one pass over the joined view: {c['one_pass']:.1f} ms,"
            f" {c['one_pass'] / c['now'] if c['now'] else float('nan'):.1f}x)"
        )
    for key in ("page_offset_the_ms", "page_by_id_the_ms"):
        print(f"{key + ' max':28} {baseline[key]['max']:12.3f} {big[key]['max']:14.3f}")
    print(f"pages fetched from SQLite (big run): {big['pages_fetched']}")
    print(f"peak RSS: {big['rss_mb']:.0f} MB (before the apps: {rss_before:.0f} MB)")
    load_after = os.getloadavg()
    print(
        f"machine load (1-minute average) before {load_before[0]:.2f}, after {load_after[0]:.2f} "
        f"on {os.cpu_count()} CPUs: compare ratios, not absolute times, on a loaded machine"
    )


if __name__ == "__main__":
    main()
