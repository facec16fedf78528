"""short_id: the piece of a long clip id shown to people is one voicehist accepts back."""

from __future__ import annotations

from sqlite_utils import Database

from voicehist.ids import short_id
from voicehist.store.flags import resolve_ids

STEM = "A3S5BH2HU6VAYF:1.0/2026/03/02/07/G090LF1186470KQ7/41:12::TNIH_2V.1b7c0f52-55d2-4e57-9a11-c3f1b1f6a00"


def test_short_ids_find_their_clip(db: Database) -> None:
    ids = [STEM + "1LPM/0", STEM + "1LPM/1", STEM + "2LPM", "c-short", "abcdef-" + "k" * 15]
    db.table("clips").insert_all([{"id": i, "vendor": "alexa"} for i in ids])
    shorts = [short_id(i) for i in ids]
    assert shorts[:2] == ["f52-55d2-4e57-9a11-c3f1b1f6a001LPM/0"[-16:], "f52-55d2-4e57-9a11-c3f1b1f6a001LPM/1"[-16:]]
    assert shorts[3] == "c-short"  # a short id stays whole
    assert shorts[4] == "k" * 15  # no leading "-": it would read as a command-line option
    assert resolve_ids(db, shorts) == ids
