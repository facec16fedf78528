"""A loose folder's import summary says what was assumed: the vendor from the path, times from file dates."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tests.test_cli_core import run

SPEECH = Path(__file__).resolve().parent.parent / "fixtures" / "speech"


def test_loose_folder_summary_names_the_vendor_guess_and_the_file_times(vh_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "my alexa recordings"
    folder.mkdir()
    shutil.copy(SPEECH / "int01_time.wav", folder / "rec1.wav")
    os.utime(folder / "rec1.wav", (1_700_000_000, 1_700_000_000))
    shutil.copy(SPEECH / "int02_kitchen.wav", folder / "(2018-05-15T15_07_41+0200)_TEXT(kitchen lights).wav")
    proc = run("import", str(folder), env_home=vh_home)
    err = proc.stderr
    assert "labelled 'alexa' because its path contains 'alexa'" in err
    assert "1 clip(s) dated by their file's modification time, which may not be when they were recorded" in err
    assert "1 clip(s) dated by the time in their file name" in err
    doc = json.loads(run("list", "--json", env_home=vh_home).stdout)
    assert sorted(c["recorded_at"][:10] for c in doc["clips"]) == ["2018-05-15", "2023-11-14"]

    other = tmp_path / "recordings"
    other.mkdir()
    shutil.copy(SPEECH / "int04_jazz.wav", other / "x.wav")
    proc = run("import", str(other), "--json", env_home=vh_home)
    doc = json.loads(proc.stdout)
    [src] = doc["sources"]
    assert src["vendor"] == "unknown"
    assert {"file": "recordings", "note": next(n["note"] for n in doc["notes"] if "vendor unknown" in n["note"])} in (
        doc["notes"]
    )
