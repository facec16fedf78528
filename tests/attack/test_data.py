"""Issue 20, findings 5 and 9: export data alone never makes a command exit 70, and nothing is lost silently
(a "File summary" cell, a Takeout in Japanese or Russian)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.attack.exports import deep_text, entry, nested, table, takeout
from tests.importers.helpers import mp3
from voicehist.cli import cli
from voicehist.cli.common import run_guarded


def vh(capfd: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    capfd.readouterr()
    code = run_guarded(cli, [*args, "--db", str(db)])
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _json(capfd: pytest.CaptureFixture[str], db: Path, *args: str) -> dict:
    code, out, err = vh(capfd, db, *args, "--json")
    assert code in (0, 1), err
    return json.loads(out)


EVERY_COMMAND = [
    ["flag", "--auto"],
    ["list"],
    ["report"],
    ["report", "--format", "html"],
    ["sensitive"],
    ["export"],
    ["request", "--vendor", "google", "--law", "gdpr", "--dry-run", "--name", "A", "--email", "a@example.com"],
]


@pytest.mark.parametrize(
    "name",
    ["year_999", "year_999_unlinked_mp3", "details_true", "nested_550", "nested_5000"],
)
def test_export_data_never_exits_70(name: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    old = entry(time="0999-06-01T10:00:00.000Z")
    exports = {
        "year_999": lambda p: takeout(p, [{**old, "audioFiles": ["a.mp3"]}]),
        "year_999_unlinked_mp3": lambda p: takeout(
            p, [old], extra={"Takeout/My Activity/Assistant/2020-01-01_10_00_00_000_UTC.mp3": mp3(seed=3)}
        ),
        "details_true": lambda p: takeout(p, [entry(details=True, audioFiles=["b.mp3"])]),
        "nested_550": lambda p: takeout(p, [entry(audioFiles=["c.mp3"], extra=nested(550))]),
        "nested_5000": lambda p: takeout(p, [entry(audioFiles=["c.mp3"])], text=deep_text(5000, "c.mp3")),
    }
    export = exports[name](tmp_path / "export")
    db = tmp_path / "v.db"
    code, out, err = vh(capfd, db, "import", str(export))
    assert code in (0, 1), err
    doc = _json(capfd, db, "list")
    assert doc["clips"], "something was imported"
    if name.startswith("year_999"):
        assert any(c["recorded_at"] == "0999-06-01T10:00:00Z" for c in doc["clips"])
    for args in EVERY_COMMAND:
        code, out, err = vh(capfd, db, *args)
        assert code in (0, 1, 2), (args, code, err)


def test_file_summary_in_a_cell_does_not_end_the_table(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    export = table(
        tmp_path / "export",
        [
            "2020-01-01T00:00:00Z,Echo,one,u1",
            "File summary: of my day,Echo,two,u2",
            "2020-01-01T00:00:02Z,File Summary,three,u3",
            "2020-01-01T00:00:03Z,Echo,four,u4",
            "",
            "File Summary:",
            "Number of records,4",
        ],
    )
    db = tmp_path / "v.db"
    assert vh(capfd, db, "import", str(export))[0] == 0
    said = {c["vendor_transcript"] for c in _json(capfd, db, "list")["clips"]}
    assert said == {"one", "two", "three", "four"}


@pytest.mark.parametrize(
    ("folder", "name", "header", "title", "kept"),
    [
        ("Takeout/マイ アクティビティ/アシスタント", "マイアクティビティ.json", "アシスタント",
         "「明日の天気は」と言いました", None),
        ("Takeout/Мои действия/Ассистент", "МоиДействия.json", "Ассистент", "Сказано: какая погода", None),
        ("Takeout/Meine Aktivitäten/Assistant", "MeineAktivitäten.json", "Assistant", "„wie spät ist es“ gesagt",
         "wie spät ist es"),
    ],
)  # fmt: skip
def test_localized_takeout_keeps_titles(
    folder: str, name: str, header: str, title: str, kept: str | None, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    mp3_name = "2020-01-02_10_00_00_000_UTC.mp3"
    e = {"header": header, "title": title, "time": "2020-01-02T10:00:00.000Z", "products": [header],
         "audioFiles": [mp3_name]}  # fmt: skip
    export = takeout(tmp_path / "export", [e], folder=folder, name=name)
    db = tmp_path / "v.db"
    doc = _json(capfd, db, "import", str(export))
    assert doc["sources"][0]["importer"] == "google_takeout"
    clips = _json(capfd, db, "list")["clips"]
    assert len(clips) == 1 and clips[0]["has_audio"]
    if kept is None:  # a wording voicehist does not know: the whole title, and the import says so
        assert clips[0]["vendor_transcript"] == title
        assert doc["notes"] and "kept whole" in doc["notes"][0]["note"]
    else:
        assert clips[0]["vendor_transcript"] == kept and not doc["notes"]


def test_formula_guard() -> None:
    from voicehist.safetext import formula_guarded

    for bad in ("=1+1", " =1+1", "\u3000=1", '＝HYPERLINK("http://x")', "＋1", "－1", "＠SUM(A1)", "\t=1", "@x"):
        assert formula_guarded(bad).startswith("'"), bad
    for fine in ("hello", "1+1=2", "what is 5-3", "e-mail me"):
        assert formula_guarded(fine) == fine
