"""list/search on a real imported export: dates, devices, empty searches, the table at 80 and 140 columns,
numbers, flag words, and strings from the export shown as text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from rich.console import Console

from tests.cli.conftest import MARKUP_DEVICE, vh


def said(out: str) -> list[str]:
    return [c["vendor_transcript"] for c in json.loads(out)["clips"]]


def numbers(out: str) -> list[int]:
    return [c["number"] for c in json.loads(out)["clips"]]


@pytest.mark.parametrize(
    "args, expected",
    [
        (("--since", "03/20/2025"), [8, 7, 6, 5, 4]),  # was: every clip, 2024 included
        (("--since", "20.03.2025"), [8, 7, 6, 5, 4]),  # was: every clip
        (("--since", "2025/03/20"), [8, 7, 6, 5, 4]),  # was: nothing
        (("--since", "2025-3-20"), [8, 7, 6, 5, 4]),  # was: nothing
        (("--since", "yesterday"), [8]),  # was: nothing
        (("--until", "2025-03-20"), [5, 4, 3, 2, 1]),  # the whole day, 23:59:59 included
        (("--since", "2025-03-20", "--until", "2025-03-20"), [5, 4]),
        (("--since", "2024", "--until", "2024"), [2, 1]),
        (("--since", "March 2025", "--until", "2025-03"), [6, 5, 4, 3]),
    ],
)
def test_dates_as_people_write_them(imported: Path, run_cli, args, expected) -> None:
    code, out, err = run_cli("list", *args, "--json")
    assert code == 0, err
    assert numbers(out) == expected


@pytest.mark.parametrize("bad", ["garbage", "03/04/2025", "2025-02-30"])
def test_a_date_that_cannot_be_read_is_exit_2_and_nothing_on_stdout(imported: Path, run_cli, bad) -> None:
    code, out, err = run_cli("list", "--since", bad, "--json")
    assert code == 2 and out == ""
    assert bad in err
    if bad == "garbage":
        from voicehist.dates import FORMS

        assert "Accepted forms" in err and "yesterday" in err and "20.03.2025" in err
        assert FORMS.split(";")[0] in " ".join(err.split())


def test_since_after_until_says_so(imported: Path, run_cli) -> None:
    code, out, err = run_cli("search", "kitchen", "--since", "2025-03-21", "--until", "2025-03-20")
    assert code == 2 and out == ""
    assert "is after until" in " ".join(err.split())


def test_device_ignores_case_and_unknown_devices_list_those_that_exist(imported: Path, run_cli) -> None:
    code, out, _ = run_cli("list", "--device", "kitchen echo", "--json")
    assert code == 0 and numbers(out) == [8, 4, 3, 1]
    code, out, _ = run_cli("list", "--device", "LIVING", "--json")  # a piece of a name
    assert code == 0 and numbers(out) == [6]
    code, out, err = run_cli("list", "--device", "garage", "--json")
    assert code == 2 and out == ""
    text = " ".join(err.split())
    assert "no device matches 'garage'" in text
    for name in ("Bedroom Dot", "Kitchen Echo", "Living Room Echo", MARKUP_DEVICE):
        assert f"'{name}'" in text


@pytest.mark.parametrize("query", ["(", '"', "*", "?!", "..."])
def test_a_search_with_no_word_is_an_error_not_everything(imported: Path, run_cli, query) -> None:
    code, out, err = run_cli("search", query, "--json")
    assert code == 2 and out == ""
    assert "nothing to search for" in err
    code, out, err = run_cli("list", "--query", query)
    assert code == 2


@pytest.mark.parametrize("columns", [80, 140])
def test_table_fits_the_terminal_and_cuts_nothing(imported: Path, columns: int) -> None:
    proc = vh("list", home=imported, columns=columns, check=True)
    lines = proc.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "…" not in proc.stdout and "id (end)" not in proc.stdout
    header = lines[0].split()
    assert header[:2] == ["#", "time"] and "device" in header and header[-1] == "flag"
    if columns >= 120:
        assert {"vendor", "score"} <= set(header)
        assert "2024-12-31 23:59:59" in proc.stdout  # times with seconds
    else:
        assert "vendor" not in header and "2024-12-31 23:59" in proc.stdout
    text = " ".join(proc.stdout.split())
    for number in range(1, 9):
        assert any(line.split()[:1] == [str(number)] for line in lines)
    for device in ("Kitchen Echo", "Bedroom Dot", "Living Room Echo"):
        assert device in text
    assert "unreviewed" in text
    # every word of every transcript is there (a long one wraps onto the next line; it is not cut)
    for words in ("what is the weather like", "audio was not intended for this device", "set a timer for ten"):
        for w in words.split():
            assert w in text


def test_flag_marks_are_words(imported: Path, run_cli) -> None:
    assert run_cli("flag", "--set", "2")[0] == 0
    assert run_cli("flag", "--clear", "#3")[0] == 0
    from voicehist.store import open_db

    db = open_db(imported / "data" / "voicehist.db")
    db.execute("INSERT INTO flags (clip_id, score, label) SELECT id, 0.9, 'accidental' FROM clips WHERE number = 5")
    db.execute("INSERT INTO flags (clip_id, score, label) SELECT id, 0.1, 'intended' FROM clips WHERE number = 4")
    db.conn.commit()
    db.close()
    proc = vh("list", home=imported, columns=80, check=True)
    marks = {int(line.split()[0]): line for line in proc.stdout.splitlines()[1:] if line[:3].strip().isdigit()}
    assert marks[2].rstrip().endswith(" accidental") and "not accidental" not in marks[2]
    assert marks[3].rstrip().endswith("not accidental")
    assert marks[5].rstrip().endswith("suspected")
    assert marks[4].rstrip().endswith("looks intended")
    assert marks[1].rstrip().endswith("unreviewed")
    assert "✔" not in proc.stdout and "✘" not in proc.stdout


def test_strings_from_the_export_never_reach_the_terminal_raw(imported: Path) -> None:
    for args in (("list",), ("search", "title"), ("show", "6"), ("show", "7"), ("list", "--device", "[bold red]x")):
        proc = vh(*args, home=imported, columns=140, check=True)
        assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout, args
    listed = vh("list", home=imported, columns=140, check=True).stdout
    assert "\\ESC[2J" in listed and "\\ESC]0;title\\BEL" in listed
    assert MARKUP_DEVICE in listed and "[blink]markup in a transcript[/blink]" in listed
    shown = vh("show", "7", home=imported, columns=140, check=True).stdout
    assert MARKUP_DEVICE in shown


def test_clip_table_at_rich_console_widths(imported: Path, run_cli) -> None:
    from voicehist.cli.listing import clip_table
    from voicehist.store import open_db
    from voicehist.store.queries import list_clips

    db = open_db(imported / "data" / "voicehist.db")
    rows = list_clips(db)
    db.close()
    for width in (80, 140):
        console = Console(width=width, record=True, file=open("/dev/null", "w"))
        console.print(clip_table(rows, width))
        text = console.export_text()
        assert "…" not in text and max(map(len, text.splitlines())) <= width
        assert "\\ESC[2J" in text and "[bold red]x" in text


def test_numbers_are_in_json_and_every_id_command_takes_them(imported: Path, run_cli) -> None:
    code, out, _ = run_cli("list", "--json")
    clips = {c["number"]: c for c in json.loads(out)["clips"]}
    assert sorted(clips) == list(range(1, 9))
    full = clips[4]["id"]
    piece = full.split("TNIH_2V.")[1][:12]  # a unique piece from the middle of the id
    for given in ("4", "#4", full, piece):
        code, out, err = run_cli("show", given, "--json")
        assert code == 0 and json.loads(out)["id"] == full, (given, err)
    code, out, _ = run_cli("flag", "--set", "#4", piece, "--json")
    assert code == 0 and json.loads(out)["ids"] == [full]
    code, out, _ = run_cli("export", "4", "--format", "json")
    assert code == 0 and [c["id"] for c in json.loads(out)["clips"]] == [full]
    for cmd in (("show",), ("flag", "--set"), ("export",), ("forget", "--yes")):
        code, out, err = run_cli(*cmd, "99")
        assert code == 2 and "no clip has the number 99" in err, cmd
    # forget resolves before it asks: an unknown id is refused without a question
    code, out, err = run_cli("forget", "nosuchthing")
    assert code == 2 and "Forget the audio" not in err and "nosuchthing" in err
    code, out, err = run_cli("forget", "--yes", piece)  # a piece that flag accepts, forget accepts too
    assert code == 0 and "Forgot 1 clip" in out


def test_until_yesterday_and_relative_dates_in_search(imported: Path, run_cli) -> None:
    code, out, _ = run_cli("search", "weather", "--since", "2d", "--json")
    assert code == 0 and numbers(out) == [8]
    code, out, _ = run_cli("search", "weather", "--until", "2d", "--json")
    assert code == 0 and numbers(out) == []
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    code, out, _ = run_cli("list", "--since", today, "--json")
    assert code == 0 and numbers(out) == []
