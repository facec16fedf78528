"""ONE filter parser: every command that takes the `list` filters (request, report, export, forget, transcribe
--force, sensitive) accepts the same options, chooses the same clips as `list` and refuses the same bad input
with the same error. Run on a real imported export (tests/cli/conftest.py), each command as a user types it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import vh

FILTERS: list[tuple[str, ...]] = [
    ("--since", "2025-03-20"),
    ("--until", "2025-03-20"),
    ("--device", "kitchen"),  # a piece of a name, any case
    ("--vendor", "amazon"),
    ("--flagged",),
    ("--not-flagged",),
    ("--flagged", "--device", "kitchen"),  # the case: request said "no clips match"
    ("--has-audio",),
    ("--no-audio",),
    ("--selected",),
    ("--query", "kitchen"),
    ("--vendor-status", "unchecked"),
    ("--vendor-status", "gone"),
]
BAD: list[tuple[tuple[str, ...], str]] = [
    (("--since", "garbage"), "Accepted forms"),
    (("--device", "garage"), "no device matches 'garage'"),
    (("--query", "..."), "nothing to search for"),
    (("--vendor-status", "deleted"), "Invalid value for '--vendor-status'"),
]
COMMANDS = ["request", "report", "export", "forget", "transcribe", "sensitive"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI fixture export imported; clips #1 and #3 flagged, #4 and #6 selected."""
    from tests.cli.conftest import build_export
    from voicehist.store import open_db
    from voicehist.store.queries import ClipFilter, set_selected

    home = tmp_path_factory.mktemp("vh")
    export = build_export(home / "amazon.zip")
    vh("import", "-q", str(export), home=home, check=True)
    vh("flag", "--set", "1", "3", home=home, check=True)
    db = open_db(home / "data" / "voicehist.db")
    try:
        ids = [r["id"] for r in db.query("SELECT id FROM clips WHERE number IN (4, 6)")]
        set_selected(db, ClipFilter(ids=tuple(ids)), True)
    finally:
        db.close()
    return home


def _db(home: Path) -> str:
    return str(home / "data" / "voicehist.db")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from voicehist.cli import cli
    from voicehist.cli.common import run_guarded

    capsys.readouterr()
    code = run_guarded(cli, list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


def _listed(capsys, db: str, args: tuple[str, ...]) -> list[int]:
    code, out, err = _run(capsys, "list", "--db", db, *args, "--json")
    assert code == 0, err
    return sorted(c["number"] for c in json.loads(out)["clips"])


def test_every_filtering_command_has_the_same_options() -> None:
    from voicehist.cli import cli

    def options(name: str) -> set[str]:
        return {o for p in cli.commands[name].params for o in getattr(p, "opts", []) + getattr(p, "secondary_opts", [])}

    wanted = options("list") - {"--json", "--db", "--tz", "--limit", "-h", "--help"}
    assert {"--since", "--device", "--vendor-status", "--query", "--selected"} <= wanted
    for name in [*COMMANDS, "search"]:
        missing = wanted - options(name) - ({"--query"} if name == "search" else set())
        assert not missing, f"{name} lacks {missing}"
    # -q means --quiet wherever it exists; never --query
    for name, command in cli.commands.items():
        for p in command.params:
            if "-q" in getattr(p, "opts", []):
                assert p.name == "quiet", name


@pytest.mark.parametrize("args", FILTERS, ids=" ".join)
def test_every_command_chooses_what_list_shows(home: Path, tmp_path: Path, capsys, args: tuple[str, ...]) -> None:
    from voicehist.store import open_db

    db = _db(home)
    want = _listed(capsys, db, args)

    # request: the clips the letter names (the CSV lists them), or "no clips match" when list shows none
    code, out, err = _run(capsys, "request", "--db", db, *args, "--law", "gdpr", "--dry-run", "--format", "csv")
    if want:
        assert code == 0, err
        assert sorted(int(line.split(",")[0]) for line in out.splitlines()[1:]) == want
    else:
        assert code == 2 and "no clips match" in err

    # export: the table's clips
    code, out, err = _run(capsys, "export", "--db", db, *args, "--format", "json")
    assert code == 0, err
    assert sorted(c["number"] for c in json.loads(out)["clips"]) == want

    # report: its figures count the same clips
    code, out, err = _run(capsys, "report", "--db", db, *args, "--json")
    assert code == 0, err
    assert json.loads(out)["clips"] == len(want)

    # sensitive: findings only in the chosen clips, and every finding of those clips
    code, out, err = _run(capsys, "sensitive", "--db", db, *args, "--json")
    assert code == 0, err
    found = {f["number"] for f in json.loads(out)["findings"]}
    code, out_all, _ = _run(capsys, "sensitive", "--db", db, "--json")
    assert found == {f["number"] for f in json.loads(out_all)["findings"]} & set(want)

    # transcribe --force: queues again exactly the chosen clips that have audio (every clip marked done first)
    with_audio = set(_listed(capsys, db, ("--has-audio",)))
    conn = open_db(db)
    try:
        conn.execute("UPDATE clips SET transcript_status = 'done' WHERE audio_path IS NOT NULL")
        conn.conn.commit()
    finally:
        conn.close()
    code, out, err = _run(capsys, "transcribe", "--db", db, "--force", *args, "--limit", "1", "--json")
    assert code in (0, 1), err
    assert json.loads(out)["requeued"] == len(set(want) & with_audio)

    # forget (on a copy): forgets exactly the chosen clips
    copy = tmp_path / "copy"
    shutil.copytree(home / "data", copy)
    code, out, err = _run(capsys, "forget", "--db", str(copy / "voicehist.db"), *args, "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["clips"] == len(want)


@pytest.mark.parametrize("args, message", BAD, ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_every_command_refuses_bad_filters_alike(home: Path, capsys, args: tuple[str, ...], message: str) -> None:
    db = _db(home)
    extra = {"request": ("--law", "gdpr", "--dry-run"), "transcribe": ("--force",), "forget": ("--yes",)}
    for name in ["list", *COMMANDS]:
        code, out, err = _run(capsys, name, "--db", db, *args, *extra.get(name, ()))
        assert code == 2 and out == "", (name, err)
        assert message in " ".join(err.split()), (name, err)
