"""Hostile and broken input: traversal, zip bombs, symlinks, non-UTF-8 names, archives of junk."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.importers.helpers import make_tree, make_zip, rows, wav
from voicehist.errors import NotAnExport
from voicehist.importers import import_paths
from voicehist.importers.archive import Archive, Limits, safe_member_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a/b.wav", "a/b.wav"),
        ("./a//b.wav", "a/b.wav"),
        ("../evil.wav", None),
        ("a/../../evil.wav", None),
        ("/etc/passwd", None),
        ("C:/Windows/evil.wav", None),
        ("..\\..\\evil.wav", None),
        ("a/..", None),
    ],
)
def test_safe_member_name(raw: str, expected: str | None) -> None:
    assert safe_member_name(raw) == expected


def test_traversal_zip_writes_nothing_outside_and_reports(db, tmp_path: Path, vh_home: Path) -> None:
    export = tmp_path / "in" / "evil.zip"
    make_zip(
        export,
        {
            "../evil.wav": wav(seed=1),
            "../../outside.wav": wav(seed=2),
            "/abs/evil.wav": wav(seed=3),
            "ok/fine.wav": wav(seed=4),
        },
    )
    before = {p for p in tmp_path.rglob("*")}
    report = import_paths(db, [export])
    after = {p for p in tmp_path.rglob("*")}
    assert after == before, "nothing may be written next to the export"
    assert not (vh_home.parent / "evil.wav").exists()
    # only the safe member became a clip; the others are reported by name
    assert report.new == 1
    refused = {name for name, _ in report.problems}
    assert refused == {"../evil.wav", "../../outside.wav", "/abs/evil.wav"}
    assert all("escapes" in msg for _, msg in report.problems)
    # every file the import wrote is inside the data directory
    data = vh_home / "data"
    for p in vh_home.rglob("*"):
        if p.is_file():
            assert data in p.parents
    (c,) = rows(db)
    assert c["audio_name"] == "fine.wav" and c["audio_path"]


def test_zip_bomb_member_refused_by_ratio(db, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    make_zip(bomb, {"zeros.wav": b"\0" * (24 * 1024 * 1024), "real.wav": wav(seed=5)})
    report = import_paths(db, [bomb])
    assert report.new == 1
    (problem,) = report.problems
    assert problem[0] == "zeros.wav" and "zip bomb" in problem[1]


def test_total_uncompressed_cap(db, tmp_path: Path) -> None:
    export = make_zip(tmp_path / "big.zip", {f"a{i}.wav": wav(seconds=1.0, seed=i) for i in range(4)})
    one = len(wav(seconds=1.0))
    report = import_paths(db, [export], limits=Limits(max_total_bytes=2 * one + 10))
    assert report.new == 2
    assert len(report.problems) == 2
    assert all("exceeds" in msg for _, msg in report.problems)


def test_member_that_lies_about_its_size_is_reported(db, tmp_path: Path) -> None:
    """A member whose header under-declares its size is cut at the declared size, then fails its CRC."""
    import struct

    path = make_zip(tmp_path / "liar.zip", {"a.wav": wav(seed=1), "b.wav": wav(seed=2)}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(sig)  # the first member, a.wav
        (size,) = struct.unpack_from("<I", data, pos + off)
        struct.pack_into("<I", data, pos + off, size // 4)
    path.write_bytes(bytes(data))
    with Archive.open([path]) as arch:
        sizes = {m.name: m.size for m in arch.members}
    assert sizes["a.wav"] < sizes["b.wav"]
    report = import_paths(db, [path])
    assert report.new == 2
    problems = dict(report.problems)
    assert list(problems) == ["a.wav"] and "cannot be read" in problems["a.wav"]
    by_name = {c["audio_name"]: c for c in rows(db)}
    assert by_name["a.wav"]["audio_path"] is None and by_name["a.wav"]["transcript_status"] == "no_audio"
    assert by_name["b.wav"]["audio_path"] and by_name["b.wav"]["audio_problem"] is None


def test_symlinks_out_of_the_folder_are_not_followed(db, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "private.wav").write_bytes(wav(seed=9))
    export = make_tree(tmp_path / "export", {"in.wav": wav(seed=1)})
    os.symlink(secret / "private.wav", export / "link_out.wav")
    os.symlink(secret, export / "dir_out")
    os.symlink(export / "in.wav", export / "link_in.wav")
    report = import_paths(db, [export])
    names = sorted(c["audio_name"] for c in rows(db))
    # the inside link reads the same bytes as in.wav: one clip (content match), never the outside file
    assert names == ["in.wav"]
    assert report.new == 1 and report.existing == 1
    problems = dict(report.problems)
    assert "not followed" in problems["link_out.wav"]
    assert "not followed" in problems["dir_out"]


def test_non_utf8_names_survive_zip_and_folder(db, tmp_path: Path) -> None:
    # zip: a cp437/latin-1 byte in the name without the UTF-8 flag
    path = make_zip(tmp_path / "names.zip", {"cafX.wav": wav(seed=1)}, compression=zipfile.ZIP_STORED)
    path.write_bytes(path.read_bytes().replace(b"cafX", b"caf\xe9"))
    # folder: a file name that is not valid UTF-8 at all
    folder = tmp_path / "folder"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"r\xe9c\xff.wav"), "wb") as fh:
        fh.write(wav(seed=2))
    report = import_paths(db, [path])
    report2 = import_paths(db, [folder])
    assert report.new == 1 and report2.new == 1
    names = sorted(c["audio_name"] for c in rows(db))
    assert names[0].startswith("caf") and names[0].endswith(".wav")
    assert "\ufffd" in names[1]  # undecodable bytes shown as U+FFFD, still imported
    for name in names:
        name.encode("utf-8")  # storable, printable


def test_not_an_export_says_what_was_found(db, tmp_path: Path) -> None:
    junk = make_tree(tmp_path / "junk", {"notes.txt": "hello", "photo.jpg": b"\xff\xd8\xff\xe0", "a/b.doc": "x"})
    with pytest.raises(NotAnExport) as e:
        import_paths(db, [junk])
    msg = str(e.value)
    assert "3 file(s)" in msg and ".txt" in msg and "no Alexa voice-history table" in msg
    assert rows(db) == []


def test_missing_path_and_empty_zip(db, tmp_path: Path) -> None:
    with pytest.raises(NotAnExport, match="no such file"):
        import_paths(db, [tmp_path / "nope.zip"])
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w"):
        pass
    with pytest.raises(NotAnExport, match="no readable files"):
        import_paths(db, [empty])


def test_bad_path_among_good_ones_imports_nothing(db, tmp_path: Path) -> None:
    good = make_tree(tmp_path / "good", {"a.wav": wav(seed=1)})
    bad = make_tree(tmp_path / "bad", {"a.txt": "x"})
    with pytest.raises(NotAnExport):
        import_paths(db, [good, bad])
    assert rows(db) == []


def test_corrupt_zip_is_not_an_export(db, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 50)
    with pytest.raises(NotAnExport, match="cannot be read"):
        import_paths(db, [broken])


def test_zip_whose_names_claim_utf8_but_are_not(db, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bad-utf8.zip", {"caf\u00e9X.wav": wav(seed=1), "ok.wav": wav(seed=2)})
    path.write_bytes(path.read_bytes().replace("caf\u00e9X".encode(), b"caf\xff\xfeX"))
    report = import_paths(db, [path])
    assert report.new == 2 and report.problems == []
    names = sorted(c["audio_name"] for c in rows(db))
    assert names[0].startswith("caf") and names[0].endswith("X.wav") and names[1] == "ok.wav"


def test_bang_in_names_and_corrupt_deflate_data(db, tmp_path: Path) -> None:
    root = tmp_path / "download"
    make_zip(root / "part!1.zip", {"Audio/Hello!.wav": wav(seed=1), "Audio/bad.wav": wav(seconds=1.0, seed=2)})
    data = bytearray((root / "part!1.zip").read_bytes())
    start = data.find(b"Audio/bad.wav") + len("Audio/bad.wav") + 200  # inside bad.wav's compressed bytes
    data[start : start + 64] = b"\xff" * 64
    (root / "part!1.zip").write_bytes(bytes(data))
    report = import_paths(db, [root])
    assert report.new == 2
    problems = dict(report.problems)
    assert list(problems) == ["part!1.zip!Audio/bad.wav"] and "cannot be read" in problems["part!1.zip!Audio/bad.wav"]
    names = sorted(c["audio_name"] for c in rows(db))
    assert names == ["Hello!.wav", "bad.wav"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_subfolder_is_reported(db, tmp_path: Path) -> None:
    root = make_tree(tmp_path / "e", {"a.wav": wav(seed=1), "locked/b.wav": wav(seed=2)})
    (root / "locked").chmod(0)
    try:
        report = import_paths(db, [root])
    finally:
        (root / "locked").chmod(0o700)
    assert report.new == 1
    assert [name for name, _ in report.problems] == ["locked"]
