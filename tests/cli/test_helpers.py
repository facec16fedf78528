"""The small core helpers every face uses: flag_words, match_devices; and the one progress bar."""

from __future__ import annotations

import io

from rich.console import Console

from tests.clips import make_clip
from voicehist.store.queries import ClipFilter, clip_ids, match_devices
from voicehist.store.records import flag_words


def test_flag_words() -> None:
    assert flag_words(make_clip(decision="accidental", auto_label="intended")) == "accidental"
    assert flag_words(make_clip(decision="not_accidental", auto_label="accidental")) == "not accidental"
    assert flag_words(make_clip(decision=None, auto_label="accidental")) == "suspected"
    assert flag_words(make_clip(auto_label="intended")) == "looks intended"
    assert flag_words(make_clip(auto_label="unknown")) == "unreviewed"
    assert flag_words(make_clip()) == "unreviewed"
    assert flag_words(make_clip(decision="accidental"), detail=True) == "accidental (your decision)"
    assert flag_words(make_clip(auto_label="accidental"), detail=True) == "suspected (detector)"
    assert flag_words(make_clip(), detail=True) == "unreviewed (not scored)"


def test_match_devices_and_device_tuples(db) -> None:
    db["clips"].insert_all(
        [
            {"id": "a", "vendor": "alexa", "device": "Kitchen Echo"},
            {"id": "b", "vendor": "alexa", "device": "Kitchen  Echo Dot"},
            {"id": "c", "vendor": "alexa", "device": "Bedroom Dot"},
            {"id": "d", "vendor": "alexa", "device": None},
        ]
    )
    assert match_devices(db, "kitchen echo") == ["Kitchen Echo"]  # an exact name wins over pieces
    assert sorted(match_devices(db, "KITCHEN")) == ["Kitchen  Echo Dot", "Kitchen Echo"]
    assert match_devices(db, "kitchen echo dot") == ["Kitchen  Echo Dot"]  # spaces do not matter
    assert match_devices(db, "garage") == []
    assert sorted(clip_ids(db, ClipFilter(device=("Kitchen Echo", "Bedroom Dot")))) == ["a", "c"]
    assert clip_ids(db, ClipFilter(device=())) == []
    assert clip_ids(db, ClipFilter(device="Kitchen Echo")) == ["a"]


def test_progress_bar_shows_labels_as_text(monkeypatch) -> None:
    from voicehist.cli import common, progress

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=100)
    monkeypatch.setattr(common, "err_console", console)
    monkeypatch.setattr(progress, "err_console", console)
    with progress.progress_bar("Importing", transient=False) as report:
        report(1, 2, "evil\x1b]0;pwned\x07[bold]name.wav")
        report(2, 2, "done")
    out = buf.getvalue()
    assert "Importing" in out and "2/2" in out
    assert "\x1b]0;pwned" not in out and "\x07" not in out
    with progress.progress_bar("Hidden", disable=True) as report:
        report(1, 1, "x")


def test_a_long_transcript_shows_its_start_and_how_much_more() -> None:
    from voicehist.cli.listing import MAX_LINES, clip_table

    said = " ".join(f"word{i}" for i in range(200))
    row = make_clip(number=7, recorded_at="2025-03-20T10:00:00Z", device="Kitchen Echo", transcript=said)
    for width in (80, 140):
        console = Console(width=width, record=True, file=io.StringIO())
        console.print(clip_table([row], width))
        lines = console.export_text().splitlines()
        assert len(lines) == 1 + MAX_LINES  # the header, then at most three lines for the clip
        text = " ".join(" ".join(lines).split())
        assert "word0 word1" in text and "words)" in text and "…" not in text
        more = int(text.split("(+")[1].split()[0])
        shown = [w for w in text.split() if w.startswith("word") and w[4:].isdigit()]
        assert len(shown) + more == 200


def test_csv_cells_that_a_spreadsheet_would_run_are_text() -> None:
    import csv

    from voicehist.store.export import csv_chunks

    docs = [
        {"number": 1, "id": "a", "vendor_transcript": '=HYPERLINK("http://x","y")', "device": "@evil", "score": 0.5},
        {"number": 2, "id": "b", "vendor_transcript": "what time is it", "device": "-2+3", "reasons": ["fine"]},
    ]
    rows = list(csv.DictReader(io.StringIO(b"".join(csv_chunks(docs)).decode())))
    assert rows[0]["vendor_transcript"] == '\'=HYPERLINK("http://x","y")' and rows[0]["device"] == "'@evil"
    assert rows[0]["score"] == "0.5" and rows[1]["vendor_transcript"] == "what time is it"
    assert rows[1]["device"] == "'-2+3" and rows[1]["reasons"] == "fine"
