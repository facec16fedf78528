"""Amazon request-your-data archives: header aliases, delimiters, footers, audio by content, linking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.importers.helpers import SAMPLE, clip, make_tree, make_zip, rows, wav
from voicehist.audio.probe import probe
from voicehist.errors import NotAnExport
from voicehist.importers import detect, import_paths
from voicehist.importers.alexa_archive import map_header, norm_header
from voicehist.importers.times import parse_time, time_from_name, time_from_utterance_id

UID1 = "A3S5BH2HU6VAYF:1.0/2019/01/05/18/G090LF0964320XYZ/15:02::TNIH_2V.aaaa1111-2222-3333-4444-555566667777LPM"
UID2 = "A3S5BH2HU6VAYF:1.0/2019/01/06/09/G090LF0964320XYZ/01:10::TNIH_2V.bbbb1111-2222-3333-4444-555566667777LPM"


def amazon_csv(delim: str = ",", bom: bool = True) -> str:
    lines = [
        "Alexa voice history export,,,,,,",  # a preamble line before the header
        delim.join(
            [
                "Creation Time (UTC)",
                "Device Name",
                "utterance_type",
                "Customer Utterance",
                "Alexa Response",
                "Utterance ID",
                "Audio File",
                "Room",
            ]
        ),  # fmt: skip
        delim.join(
            [
                "2019-01-05T18:15:02Z",
                "Kitchen",
                "GENERAL",
                "what time is it",
                "It's six.",
                UID1,
                "rec_one.wav",
                "kitchen",
            ]
        ),  # fmt: skip
        # epoch milliseconds, empty transcript, audio with a misleading extension (found by content)
        delim.join(["1546765270000", "Kitchen", "GENERAL", "", "", UID2, "rec_two.dat", ""]),
        # epoch 0, no audio at all
        delim.join(["0", "Bedroom", "ASR_TIMEOUT", "audio could not be understood", "", "", "", ""]),
        # US format with zone; audio named but missing from the export
        delim.join(["01/07/2019 08:30:00 PST", "Bedroom", "GENERAL", "stop", "", "", "gone.wav", ""]),
        # Java date format; a truncated recording
        delim.join(["Tue Jan 08 10:00:00 UTC 2019", "Office", "GENERAL", "play music", "", "", "cut.wav", ""]),
        "",
        "File Summary:",
        delim.join(["Number of records", "5"]),
    ]
    return ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"


def export_files() -> dict[str, bytes | str]:
    return {
        "Alexa/README.txt": "This archive contains your data.",
        "Alexa/Alexa.VoiceHistory_Instructions.txt": "How to read this.",
        "Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv": amazon_csv(),
        "Alexa/Alexa.VoiceHistory/Audio/rec_one.wav": wav(seed=1),
        "Alexa/Alexa.VoiceHistory/Audio/rec_two.dat": wav(seed=2),
        "Alexa/Alexa.VoiceHistory/Audio/cut.wav": wav(seconds=1.0, seed=3)[:9000],
        # audio without a row; its time is in the name
        "Alexa/Alexa.VoiceHistory/Audio/(2019-01-09T07_00_00+0100)_TEXT(good morning).wav": wav(seed=4),
        "Alexa/Shopping/Orders.csv": "Order ID,Item\n1,soap\n",
    }


def test_header_normalisation() -> None:
    assert norm_header("\ufeffCreation Time (UTC)") == "creationtime"
    assert norm_header("utterance_type") == "utterancetype"
    cols, pair = map_header(["Date", "Time", "What You Said", "DSN"])
    assert cols["time"] == 0 and pair == (0, 1) and cols["transcript"] == 2 and cols["device"] == 3


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2019-01-05T18:15:02Z", "2019-01-05T18:15:02Z"),
        ("2019-01-05T19:15:02+01:00", "2019-01-05T18:15:02Z"),
        ("1546712102000", "2019-01-05T18:15:02Z"),
        ("0", "1970-01-01T00:00:00Z"),
        ("01/05/2019 18:15", "2019-01-05T18:15:00Z"),
        ("01/05/2019 10:15:02 PST", "2019-01-05T18:15:02Z"),
        ("Sat Jan 05 18:15:02 GMT 2019", "2019-01-05T18:15:02Z"),
        ("Sat Jan 05 10:15:02 PST 2019", "2019-01-05T18:15:02Z"),
        ("not a time", None),
    ],
)
def test_time_formats(raw: str, iso: str | None) -> None:
    assert parse_time(raw) == iso


def test_times_from_names_and_utterance_ids() -> None:
    assert time_from_name("(2018-05-15T15_07_41+0200)_TEXT(well i see you soon).wav") == "2018-05-15T13:07:41Z"
    assert time_from_name("2018-04-16_11_42_55_659_UTC.mp3") == "2018-04-16T11:42:55.659Z"
    assert time_from_name("recording.wav") is None
    assert time_from_name("1526389661.wav") == "2018-05-15T13:07:41Z"
    assert time_from_name("clip_1526389661000.mp3") == "2018-05-15T13:07:41Z"
    assert time_from_name("20180515_130741.wav") == "2018-05-15T13:07:41Z"
    assert time_from_utterance_id(UID1) == "2019-01-05T18:15:02Z"
    assert time_from_utterance_id("garbage") is None


def test_alexa_zip_every_case(db, tmp_path: Path) -> None:
    export = make_zip(tmp_path / "Alexa.zip", export_files())
    assert detect(export).name == "alexa_archive"
    report = import_paths(db, [export])
    assert report.new == 6  # 5 rows + 1 recording without a row
    assert report.existing == 0
    problems = dict(report.problems)
    assert set(problems) == {"gone.wav", "Alexa/Alexa.VoiceHistory/Audio/cut.wav"}
    assert "missing" in problems["gone.wav"]
    assert "truncated" in problems["Alexa/Alexa.VoiceHistory/Audio/cut.wav"]
    assert report.unrecognised == ["Alexa/Shopping/Orders.csv: not voice history"]

    one = clip(db, UID1)
    assert one["vendor"] == "alexa" and one["vendor_id"] == UID1
    assert one["recorded_at"] == "2019-01-05T18:15:02Z" and one["recorded_raw"] == "2019-01-05T18:15:02Z"
    assert (one["device"], one["vendor_kind"]) == ("Kitchen", "GENERAL")
    assert (one["vendor_transcript"], one["vendor_response"]) == ("what time is it", "It's six.")
    assert one["audio_name"] == "rec_one.wav" and one["audio_format"] == "WAV"
    assert one["duration"] == pytest.approx(0.5) and one["sample_rate"] == 16000 and one["channels"] == 1
    assert one["transcript_status"] == "pending" and one["audio_problem"] is None
    assert one["raw"]["Room"] == "kitchen"  # an unknown column is kept
    assert one["raw"]["Customer Utterance"] == "what time is it"

    two = clip(db, UID2)
    assert two["recorded_at"] == "2019-01-06T09:01:10Z"
    assert two["vendor_transcript"] == ""  # empty transcript kept
    assert two["audio_name"] == "rec_two.dat" and two["audio_format"] == "WAV"  # by content

    by_kind = {c["vendor_kind"]: c for c in rows(db) if c["vendor_kind"]}
    zero = by_kind["ASR_TIMEOUT"]
    assert zero["recorded_at"] == "1970-01-01T00:00:00Z" and zero["audio_path"] is None
    assert zero["transcript_status"] == "no_audio" and zero["audio_problem"] is None

    by_text = {c["vendor_transcript"]: c for c in rows(db)}
    gone = by_text["stop"]
    assert gone["recorded_at"] == "2019-01-07T16:30:00Z"
    assert gone["audio_name"] == "gone.wav" and "missing" in gone["audio_problem"]
    assert gone["transcript_status"] == "no_audio"
    cut = by_text["play music"]
    assert cut["recorded_at"] == "2019-01-08T10:00:00Z"
    assert "truncated" in cut["audio_problem"] and cut["audio_path"]  # partly playable, problem recorded
    loose = by_text["good morning"]
    assert loose["recorded_at"] == "2019-01-09T06:00:00Z" and loose["vendor"] == "alexa"
    assert json.loads(loose["raw"])["time_source"] == "file name"


@pytest.mark.parametrize("delim", [";", "\t"])
def test_other_delimiters_and_no_bom(db, tmp_path: Path, delim: str) -> None:
    files = export_files()
    files["Alexa/Alexa.VoiceHistory/Alexa.VoiceHistory.csv"] = amazon_csv(delim, bom=False)
    export = make_zip(tmp_path / "a.zip", files)
    report = import_paths(db, [export])
    assert report.new == 6
    assert clip(db, UID1)["vendor_transcript"] == "what time is it"


def test_cp1252_csv_mixed_case_header_and_date_time_columns(db, tmp_path: Path) -> None:
    csv_text = "DATE,TIME,WHAT YOU SAID,DEVICE\r\n2019-02-01,10:11:12,caf\xe9 music,Echo\r\n"
    export = make_tree(tmp_path / "export", {"voice.csv": csv_text.encode("cp1252")})
    report = import_paths(db, [export])
    assert report.new == 1
    (c,) = rows(db)
    assert c["vendor_transcript"] == "caf\xe9 music"
    assert c["recorded_at"] == "2019-02-01T10:11:12Z" and c["device"] == "Echo"


def test_several_zips_of_one_export(db, tmp_path: Path) -> None:
    files = export_files()
    table = {k: v for k, v in files.items() if k.endswith(".csv") or k.endswith(".txt")}
    audio = {k: v for k, v in files.items() if k not in table}
    a = make_zip(tmp_path / "Alexa-1.zip", table)
    b = make_zip(tmp_path / "Alexa-2.zip", {**audio, "README.txt": "Part 2"})
    report = import_paths(db, [a, b])
    assert report.new == 6
    assert len(report.sources) == 1 and report.sources[0].importer == "alexa_archive"
    assert clip(db, UID1)["audio_path"]  # the row in zip 1 is linked to the audio in zip 2


def test_a_recording_no_row_names_dated_by_its_zip_entry_is_said(db, tmp_path: Path) -> None:
    table = "Creation Time (UTC),Device Name,Customer Utterance,Utterance ID\n2019-01-05T18:15:02Z,Bedroom,hi," + UID1
    path = make_zip(tmp_path / "Alexa.zip", {"Alexa/VoiceHistory.csv": table + "\n", "Alexa/Audio/x.wav": wav(seed=3)})
    report = import_paths(db, [path])
    assert report.new == 2
    assert [n for _, n in report.notes] == [
        "1 recording(s) that no row of the table names, dated by their file's date in the export, which may not be"
        " when they were recorded"
    ]


def test_a_time_of_zero_falls_back_to_the_utterance_id(db, tmp_path: Path) -> None:
    """Amazon writes 0 for a time it lost; the utteranceId still says when (as the JSON importer reads it)."""
    table = "Creation Time (UTC),Device Name,Customer Utterance,Utterance ID\n0,Bedroom,what time is it," + UID1 + "\n"
    report = import_paths(db, [make_zip(tmp_path / "Alexa.zip", {"Alexa/VoiceHistory.csv": table})])
    assert report.new == 1
    got = clip(db, UID1)
    assert (got["recorded_at"], got["recorded_raw"]) == ("2019-01-05T18:15:02Z", "0")


def test_other_category_zips_given_beside_the_voice_zip(db, tmp_path: Path) -> None:
    """`voicehist import ~/Downloads/*.zip`: Amazon's other categories ("Devices") hold no voice data. Beside the
    voice zip they are read as part of the export and their files listed as not recognised (as when the unpacked
    folder is imported), not an error that stops the import; alone, such a zip is still one (exit 2)."""
    voice = make_zip(tmp_path / "Alexa-Voice.zip", export_files())
    devices = make_zip(tmp_path / "Alexa-Devices.zip", {"Devices/Devices.csv": "Device Name,Type\nKitchen,Echo\n"})
    report = import_paths(db, [voice, devices])
    assert report.new == 6 and len(report.sources) == 1
    assert "Alexa-Devices.zip!Devices/Devices.csv: not voice history" in report.unrecognised
    with pytest.raises(NotAnExport, match="not a voice-history export"):
        import_paths(db, [devices])


def test_folder_with_zips_inside_and_nested_folders(db, tmp_path: Path) -> None:
    root = tmp_path / "download"
    make_zip(root / "Alexa.zip", export_files())
    make_tree(root, {"extra/notes.md": "my notes"})
    report = import_paths(db, [root])
    assert report.new == 6
    assert clip(db, UID1)["audio_name"] == "rec_one.wav"
    assert "extra/notes.md: not recognised" in report.unrecognised


def test_audio_linked_by_utterance_id_in_file_name(db, tmp_path: Path) -> None:
    csv_text = f"Timestamp,Utterance Id,Transcript\n2019-01-05T18:15:02Z,{UID1},hello\n"
    name = UID1.replace("/", "_").replace(":", "-") + ".wav"
    export = make_tree(tmp_path / "e", {"history.csv": csv_text, f"audio/{name}": wav(seed=1)})
    report = import_paths(db, [export])
    assert report.new == 1
    assert clip(db, UID1)["audio_name"] == name


def test_sample_export(db) -> None:
    report = import_paths(db, [SAMPLE])
    assert report.new == 14 and report.problems == [] and report.unrecognised == []
    clips = rows(db)
    assert {c["vendor"] for c in clips} == {"alexa"}
    split = sorted((c for c in clips if "6ac15ea7" in c["id"]), key=lambda c: c["id"])
    assert [c["id"][-2:] for c in split] == ["/0", "/1"]
    assert split[0]["vendor_transcript"] == "Text not available" and split[0]["vendor_kind"] == "WAKE_WORD_ONLY"
    assert split[1]["vendor_transcript"] == "play the news"
    with_audio = [c for c in clips if c["audio_path"]]
    assert len(with_audio) == 13
    assert all(c["sample_rate"] == 16000 and c["channels"] == 1 for c in with_audio)
    placeholders = [c for c in clips if c["vendor_transcript"] == "audio was not intended for this device"]
    assert 1 <= len(placeholders) < 5


def test_sample_is_small_and_licensed() -> None:
    total = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert total < 2.2e6
    assert "Apache" in (SAMPLE / "LICENSE-real-recordings.md").read_text()
    assert (SAMPLE / "README.txt").exists()


def test_sample_copy_imports_as_the_same_clips(db, tmp_path: Path) -> None:
    """The same export unpacked elsewhere (a different path, same content) adds nothing."""
    import_paths(db, [SAMPLE])
    copy = tmp_path / "copy"
    shutil.copytree(SAMPLE, copy)
    again = import_paths(db, [copy])
    assert again.new == 0 and again.existing == 14
    assert again.sources[0].already_imported is True


def test_unknown_header_spellings_quoted_newlines_and_path_valued_audio_column(db, tmp_path: Path) -> None:
    csv_text = (
        "Creation Date,Echo Device Name,Customer Transcript Text,Audio Recording Path,Notes\n"
        '2019-03-01 10:00:00,Hall,"first line\nsecond line",kitchen/1.wav,x\n'
        "2019-03-02 10:00:00,Hall,other,bedroom/1.wav,y\n"
    )
    export = make_zip(
        tmp_path / "odd.zip",
        {"data/voice.csv": csv_text, "data/kitchen/1.wav": wav(seed=1), "data/bedroom/1.wav": wav(seed=2)},
    )
    report = import_paths(db, [export])
    assert report.new == 2 and report.problems == []
    by_text = {c["vendor_transcript"]: c for c in rows(db)}
    first = by_text["first line\nsecond line"]
    assert first["recorded_at"] == "2019-03-01T10:00:00Z" and first["device"] == "Hall"
    # each row got the recording at its own path, though both files are called 1.wav
    assert first["audio_sha256"] != by_text["other"]["audio_sha256"]
    assert json.loads(first["raw"])["Notes"] == "x"
    assert probe(wav(seed=1)).duration == first["duration"]


def test_a_column_no_alias_names_is_the_audio_column_when_it_holds_file_names(db, tmp_path: Path) -> None:
    """A hand-made export's "File" column (issue 18's new-user walk): 7 rows and 7 recordings were imported as 14
    clips, none with both its row and its audio. The recordings are found by what the column holds."""
    csv_text = (
        "Timestamp,Device,Transcript,Response,Type,File,Notes\n"
        "2026-04-01 19:00:00,Living Room,easy going,OK.,GENERAL,voice_01.wav,a.txt\n"
        "2026-04-02 19:01:00,Living Room,the seventh chapter,OK.,GENERAL,voice_02.WAV,\n"
    )
    export = make_tree(
        tmp_path / "Alexa",
        {"Voice History.csv": csv_text, "Voice Recordings/voice_01.wav": wav(seed=1),
         "Voice Recordings/voice_02.WAV": wav(seed=2)},
    )  # fmt: skip
    report = import_paths(db, [export])
    assert report.new == 2 and report.problems == []
    by_text = {c["vendor_transcript"]: c for c in rows(db)}
    assert by_text["easy going"]["audio_name"] == "voice_01.wav"
    assert by_text["the seventh chapter"]["audio_sha256"] is not None


def test_row_naming_a_broken_file_with_an_odd_extension_reports_it(db, tmp_path: Path) -> None:
    csv_text = "Timestamp,Transcript,Audio File\n2019-03-01T10:00:00Z,hello,rec.dat\n"
    export = make_zip(tmp_path / "a.zip", {"voice.csv": csv_text, "rec.dat": b""})
    report = import_paths(db, [export])
    assert report.new == 1
    assert report.problems == [("rec.dat", "empty file (0 bytes)")]
    assert report.unrecognised == []
    (c,) = rows(db)
    assert c["audio_name"] == "rec.dat" and c["audio_problem"] == "empty file (0 bytes)"


def test_other_amazon_tables_are_not_voice_history(db, tmp_path: Path) -> None:
    export = make_zip(
        tmp_path / "a.zip",
        {
            "Alexa.Lists/Lists.csv": "Created Date,Text,ID\n2019-01-01,buy milk,1\n",
            "Retail.OrderHistory/Orders.csv": "Order Date,Product Name,Status\n2019-01-01,soap,Shipped\n",
            "Alexa.VoiceHistory/voice.csv": "Timestamp,Transcript\n2019-01-01T00:00:00Z,hi\n",
        },
    )
    report = import_paths(db, [export])
    assert report.new == 1
    assert sorted(report.unrecognised) == [
        "Alexa.Lists/Lists.csv: not voice history",
        "Retail.OrderHistory/Orders.csv: not voice history",
    ]


def test_outer_zip_holding_category_zips(db, tmp_path: Path) -> None:
    import io
    import zipfile

    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        for name, data in export_files().items():
            zf.writestr(name, data)
    outer = make_zip(tmp_path / "download.zip", {"Alexa.zip": inner.getvalue(), "README.txt": "x"})
    report = import_paths(db, [outer])
    assert report.new == 6
    assert clip(db, UID1)["audio_name"] == "rec_one.wav"


def test_same_path_twice_is_one_export(db, tmp_path: Path) -> None:
    export = make_zip(tmp_path / "Alexa.zip", export_files())
    report = import_paths(db, [export, tmp_path / "." / "Alexa.zip"])
    assert (report.new, report.existing) == (6, 0)


def test_utf16_tab_separated_table_is_not_mistaken_for_mp3(db, tmp_path: Path) -> None:
    text = "Timestamp\tTranscript\tDevice\n2020-01-01T00:00:00Z\thi there\tEcho\n"
    export = make_tree(tmp_path / "e", {"voice.tsv": text.encode("utf-16")})
    report = import_paths(db, [export])
    assert report.new == 1 and report.problems == []
    (c,) = rows(db)
    assert (c["vendor_transcript"], c["device"], c["transcript_status"]) == ("hi there", "Echo", "no_audio")


def test_audio_column_holding_links_is_not_reported_missing(db, tmp_path: Path) -> None:
    text = "Timestamp,Transcript,Recording URL\n2020-01-01T00:00:00Z,hi,https://www.amazon.com/audio?id=1\n"
    report = import_paths(db, [make_tree(tmp_path / "e", {"voice.csv": text})])
    assert report.new == 1 and report.problems == []
    (c,) = rows(db)
    assert c["audio_name"] is None and json.loads(c["raw"])["Recording URL"].startswith("https://")


def test_rows_sharing_an_utterance_id(db, tmp_path: Path) -> None:
    table = (
        "Timestamp,Transcript,Alexa Response,Utterance ID,Audio File\n"
        "2020-01-01T00:00:00Z,hello,,U-1,one.wav\n"
        "2020-01-01T00:00:00Z,,Hi there.,U-1,\n"  # the same utterance, another row: merged
        "2020-01-01T00:00:09Z,again,,U-1,two.wav\n"  # a different recording under the same id: kept
    )
    export = make_zip(tmp_path / "a.zip", {"h.csv": table, "one.wav": wav(seed=1), "two.wav": wav(seed=2)})
    report = import_paths(db, [export])
    assert (report.new, report.existing) == (2, 0)
    one = clip(db, "U-1")
    assert (one["vendor_transcript"], one["vendor_response"], one["audio_name"]) == ("hello", "Hi there.", "one.wav")
    assert one["raw"]["_more_rows"][0]["Alexa Response"] == "Hi there."
    two = clip(db, "U-1#2")
    assert two["vendor_transcript"] == "again" and two["audio_name"] == "two.wav"
    assert import_paths(db, [export]).new == 0


def test_audio_linked_by_uuid_for_split_pairs(db, tmp_path: Path) -> None:
    uid = "A3S5BH2HU6VAYF:1.0/2019/01/05/18/G090/15:02::TNIH_2V.aaaa1111-2222-3333-4444-555566667777LPM"
    table = f"Timestamp,Transcript,Utterance ID\n2019-01-05T18:15:02Z,,{uid}/0\n2019-01-05T18:15:06Z,stop,{uid}/1\n"
    files: dict[str, bytes | str] = {
        "h.csv": table,
        "voice/aaaa1111-2222-3333-4444-555566667777_1.wav": wav(seed=1),
        "voice/aaaa1111-2222-3333-4444-555566667777_0.wav": wav(seed=2),
    }
    report = import_paths(db, [make_tree(tmp_path / "e", files)])
    assert report.new == 2
    assert clip(db, uid + "/0")["audio_name"].endswith("_0.wav")
    assert clip(db, uid + "/1")["audio_name"].endswith("_1.wav")
