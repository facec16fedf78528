"""Issue 10: memory stays bounded for hostile inputs (goal: at most 300 MB peak RSS for any input), measured
as the peak resident size of a real `voicehist import` process."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.hostile import MB, big_json, big_takeout, flat_bomb, huge_cell_csv, nested_zips, peak_rss_import

LIMIT_MB = 300


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda d: nested_zips(d / "nested.zip", count=6, size=45 * MB), id="six-nested-45MB-zips"),
        pytest.param(lambda d: huge_cell_csv(d / "cell", cell_mb=70), id="csv-70MB-cell"),
        pytest.param(lambda d: flat_bomb(d / "bomb.zip", members=200, size=4 * MB - 1), id="flat-bomb-800MB"),
    ],
)
def test_peak_memory_of_hostile_imports(make, tmp_path: Path, vh_home: Path) -> None:
    src = make(tmp_path)
    code, peak_mb, _ = peak_rss_import(src, vh_home)
    assert code in (0, 1, 2)
    assert peak_mb <= LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    assert not list((vh_home / "cache").glob(".tmp-*"))  # spooled nested zips are gone


def test_json_import_memory_is_flat(tmp_path: Path, vh_home: Path) -> None:
    """Issue 22: a voice-history JSON is imported as it is read, so ten times the records is not more memory."""
    peaks = []
    for records in (5_000, 50_000):
        src = big_json(tmp_path / f"voice_history_{records}.json", records=records)
        code, peak_mb, _ = peak_rss_import(src, vh_home)
        assert code == 0
        peaks.append(peak_mb)
    assert peaks[1] - peaks[0] <= 10, f"peak RSS {peaks[0]:.0f} MB at 5,000 records, {peaks[1]:.0f} MB at 50,000"


def test_takeout_import_memory_is_flat(tmp_path: Path, vh_home: Path) -> None:
    """Issue 22: a Takeout's activity file is read entry by entry while imported, never held whole."""
    peaks = []
    for entries in (5_000, 40_000):
        src = big_takeout(tmp_path / f"t{entries}", entries)
        code, peak_mb, _ = peak_rss_import(src, vh_home)
        assert code == 0
        peaks.append(peak_mb)
    assert peaks[1] - peaks[0] <= 15, f"peak RSS {peaks[0]:.0f} MB at 5,000 entries, {peaks[1]:.0f} MB at 40,000"
