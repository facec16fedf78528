"""Alexa voice-history JSON and Google Takeout My Activity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importers.helpers import clip, make_tree, make_zip, mp3, rows
from voicehist.errors import NotAnExport
from voicehist.importers import detect, import_paths

UID_A = "A3S5BH2HU6VAYF:1.0/2020/03/01/12/G090XYZ/30:05::TNIH_2V.cafe0001-0000-4000-8000-000000000001LPM"
UID_B0 = "A3S5BH2HU6VAYF:1.0/2020/03/02/07/G090XYZ/10:00::TNIH_2V.cafe0002-0000-4000-8000-000000000002LPM/0"
UID_B1 = UID_B0[:-2] + "/1"


def alexa_records() -> dict:
    def item(kind: str, text: str | None, uid: str, ts: int) -> dict:
        return {"recordItemType": kind, "transcriptText": text, "utteranceId": uid, "timestamp": ts,
                "personsInfo": []}  # fmt: skip

    return {
        "customerHistoryRecords": [
            {
                "recordKey": "A1CUST#1583065805000#A3S5BH2HU6VAYF#G090XYZ",
                "recordType": "VOICE_HISTORY",
                "timestamp": 1583065805000,
                "device": {"deviceName": "Kitchen Echo", "serialNumber": "G090XYZ"},
                "utteranceType": "GENERAL",
                "domain": "Weather",
                "intent": "GetWeatherForecastIntent",
                "skillName": None,
                "isBinaryFeedbackProvided": False,
                "isFeedbackPositive": None,
                "voiceHistoryRecordItems": [
                    item("CUSTOMER_TRANSCRIPT", "what's the weather", UID_A, 0),  # item time 0: record's
                    item("ALEXA_RESPONSE", "Sunny today.", UID_A, 0),
                ],
            },
            {  # every timestamp 0 and an utteranceId without a time: an epoch-0 record, kept
                "recordKey": "A1CUST#0#A3S5BH2HU6VAYF#OLD",
                "timestamp": 0,
                "utteranceType": "GENERAL",
                "voiceHistoryRecordItems": [item("CUSTOMER_TRANSCRIPT", "", "odd-id", 0)],
            },
            {  # wake word alone, every timestamp 0: the time comes from the utteranceId
                "recordKey": "A1CUST#0#A3S5BH2HU6VAYF#G090XYZ",
                "timestamp": 0,
                "device": {"deviceName": "Kitchen Echo"},
                "utteranceType": "WAKE_WORD_ONLY",
                "voiceHistoryRecordItems": [item("CUSTOMER_TRANSCRIPT", None, UID_B0, 0)],
            },
            {
                "recordKey": "A1CUST#1583133003000#A3S5BH2HU6VAYF#G090XYZ",
                "timestamp": 1583133003000,
                "device": {"deviceName": "Kitchen Echo"},
                "utteranceType": "GENERAL",
                "voiceHistoryRecordItems": [
                    item("ASR_REPLACEMENT_TEXT", "turn off the radio", UID_B1, 1583133003000),
                ],
            },
        ]
    }


def test_alexa_json(db, tmp_path: Path) -> None:
    path = tmp_path / "voice_history.json"
    path.write_text(json.dumps(alexa_records()), encoding="utf-8")
    assert detect(path).name == "alexa_json"
    report = import_paths(db, [path])
    assert report.new == 4 and report.problems == []
    old = clip(db, "odd-id")
    assert old["recorded_at"] == "1970-01-01T00:00:00Z" and old["recorded_raw"] == "0"
    a = clip(db, UID_A)
    assert a["recorded_at"] == "2020-03-01T12:30:05Z"  # item time 0: from the utteranceId
    assert (a["device"], a["vendor_kind"], a["vendor_transcript"], a["vendor_response"]) == (
        "Kitchen Echo", "GENERAL", "what's the weather", "Sunny today.")  # fmt: skip
    assert a["raw"]["intent"] == "GetWeatherForecastIntent" and a["raw"]["isFeedbackPositive"] is None
    assert a["raw"]["device"]["serialNumber"] == "G090XYZ"  # all fields kept
    assert a["transcript_status"] == "no_audio" and a["audio_problem"] is None
    b0 = clip(db, UID_B0)
    assert b0["recorded_at"] == "2020-03-02T07:10:00Z"  # from the utteranceId
    assert b0["vendor_transcript"] == "" and b0["vendor_kind"] == "WAKE_WORD_ONLY"
    assert clip(db, UID_B1)["vendor_transcript"] == "turn off the radio"
    assert import_paths(db, [path]).new == 0
    # a record whose transcript item has a time uses it
    assert clip(db, UID_B1)["recorded_at"] == "2020-03-02T07:10:03Z"


def test_a_zip_without_voice_data_beside_a_json_is_skipped_and_said(db, tmp_path: Path) -> None:
    path = tmp_path / "voice_history.json"
    path.write_text(json.dumps(alexa_records()), encoding="utf-8")
    devices = make_zip(tmp_path / "Alexa-Devices.zip", {"Devices/Devices.csv": "Device Name,Type\nKitchen,Echo\n"})
    report = import_paths(db, [path, devices])
    assert report.new == 4
    assert len(report.unrecognised) == 1 and report.unrecognised[0].startswith(f"{devices}: not a voice-history")


def test_alexa_json_as_a_list_of_pages_in_a_zip(db, tmp_path: Path) -> None:
    recs = alexa_records()["customerHistoryRecords"]
    pages = [{"customerHistoryRecords": recs[:1]}, {"customerHistoryRecords": recs[1:]}]
    export = make_zip(tmp_path / "alexapy.zip", {"dump/page.json": json.dumps(pages), "notes.txt": "x"})
    report = import_paths(db, [export])
    assert report.new == 4
    assert report.unrecognised == ["notes.txt: not Alexa voice history"]


def takeout_entries(said: str, audio: str | None, time: str, hotword: bool = True) -> dict:
    e: dict = {
        "header": "Assistant",
        "title": said,
        "titleUrl": "https://www.google.com/search?q=x",
        "time": time,
        "products": ["Assistant"],
        "details": [{"name": "Started by hotword"}] if hotword else [],
        "subtitles": [{"name": "Here is the weather"}, {}],
        "locationInfos": [],
    }
    if audio:
        e["audioFiles"] = [audio]
    return e


def english_takeout() -> dict[str, bytes | str]:
    assistant = [
        takeout_entries("Said what's the weather", "2018-04-16_11_42_55_659_UTC.mp3", "2018-04-16T11:42:53.100Z"),
        takeout_entries("Said turn on the lights", None, "2018-04-17T08:00:00.000Z", hotword=False),
        takeout_entries("Said play music", "2018-04-18_09_00_00_000_UTC.mp3", "2018-04-18T09:00:01Z"),  # missing
    ]
    voice = [
        {
            "header": "Voice and Audio",
            "title": "Said hello there",
            "time": "2018-05-01T10:00:00Z",
            "products": ["Voice and Audio"],
            "audioFiles": ["2018-05-01_10_00_01_123_UTC.mp3"],
        },  # fmt: skip
    ]
    search = [{"header": "Search", "title": "Searched for cats", "time": "2018-05-01T10:00:00Z",
               "products": ["Search"]}]  # fmt: skip
    return {
        "Takeout/archive_browser.html": "<html></html>",
        "Takeout/My Activity/Assistant/MyActivity.json": json.dumps(assistant),
        "Takeout/My Activity/Assistant/2018-04-16_11_42_55_659_UTC.mp3": mp3(seed=1),
        "Takeout/My Activity/Voice and Audio/My Activity.json": json.dumps(voice),
        "Takeout/My Activity/Voice and Audio/2018-05-01_10_00_01_123_UTC.mp3": mp3(seed=2),
        "Takeout/My Activity/Search/MyActivity.json": json.dumps(search),
    }


@pytest.fixture(params=["whole", "streamed"])
def google_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each Takeout test twice: activity files parsed whole, and read entry by entry (as files above
    STREAM_MIN_BYTES are: issue 22)."""
    if request.param == "streamed":
        monkeypatch.setattr("voicehist.importers.google_takeout.STREAM_MIN_BYTES", 0)
    return str(request.param)


@pytest.mark.usefixtures("google_read")
def test_google_takeout_english(db, tmp_path: Path) -> None:
    export = make_zip(tmp_path / "takeout-20200101.zip", english_takeout())
    assert detect(export).name == "google_takeout"
    report = import_paths(db, [export])
    assert report.new == 4
    assert report.problems == [("2018-04-18_09_00_00_000_UTC.mp3", "named in audioFiles but missing from the export")]
    assert report.unrecognised == ["Takeout/My Activity/Search/MyActivity.json: activity of another Google product, "
                                   "not imported"]  # fmt: skip
    w = clip(db, "2018-04-16_11_42_55_659_UTC.mp3")
    assert w["vendor"] == "google" and w["vendor_id"] == "2018-04-16_11_42_55_659_UTC.mp3"
    assert w["recorded_at"] == "2018-04-16T11:42:53.100Z"  # the entry's time, not the file name's
    assert w["vendor_transcript"] == "what's the weather" and w["vendor_response"] == "Here is the weather"
    assert w["vendor_kind"] == "Assistant" and w["audio_format"] == "MP3" and w["duration"] == pytest.approx(0.5)
    assert w["raw"]["details_names"] == ["Started by hotword"] and w["raw"]["title"] == "Said what's the weather"
    no_audio = [c for c in rows(db) if c["vendor_transcript"] == "turn on the lights"][0]
    assert no_audio["audio_path"] is None and no_audio["transcript_status"] == "no_audio"
    assert json.loads(no_audio["raw"])["details_names"] == []
    missing = clip(db, "2018-04-18_09_00_00_000_UTC.mp3")
    assert "missing" in missing["audio_problem"] and missing["audio_path"] is None
    voice = clip(db, "2018-05-01_10_00_01_123_UTC.mp3")
    assert voice["vendor_kind"] == "Voice and Audio" and voice["audio_path"]


@pytest.mark.usefixtures("google_read")
def test_google_takeout_german_folder(db, tmp_path: Path) -> None:
    entries = [
        {"header": "Assistant", "title": "„Wie wird das Wetter“ gesagt", "time": "2019-06-01T08:00:00Z",
         "products": ["Assistant"], "audioFiles": ["2019-06-01_08_00_02_000_UTC.mp3"],
         "details": [{"name": "Durch Hotword gestartet"}]},
        {"header": "Assistant", "title": "„Licht an“ gesagt", "time": "2019-06-02T08:00:00Z",
         "products": ["Assistant"]},
    ]  # fmt: skip
    root = make_tree(
        tmp_path / "Takeout",
        {
            "Meine Aktivitäten/Assistant/MeineAktivitäten.json": json.dumps(entries, ensure_ascii=False),
            "Meine Aktivitäten/Assistant/2019-06-01_08_00_02_000_UTC.mp3": mp3(seed=3),
            "Meine Aktivitäten/Sprach- und Audioaktivitäten/MeineAktivitäten.json": json.dumps(
                [
                    {
                        "header": "Sprach- und Audioaktivitäten",
                        "title": "„Stopp“ gesagt",
                        "time": "2019-06-03T08:00:00Z",
                        "audioFiles": ["2019-06-03_08_00_00_500_UTC.mp3"],
                    }
                ],
                ensure_ascii=False,
            ),  # fmt: skip
            "Meine Aktivitäten/Sprach- und Audioaktivitäten/2019-06-03_08_00_00_500_UTC.mp3": mp3(seed=4),
            "Meine Aktivitäten/Suche/MeineAktivitäten.json": json.dumps(
                [{"header": "Suche", "title": "x", "time": "2019-06-03T08:00:00Z"}]
            ),
        },
    )
    report = import_paths(db, [root])
    assert report.new == 3 and report.problems == []
    assert clip(db, "2019-06-03_08_00_00_500_UTC.mp3")["vendor_transcript"] == "Stopp"
    assert report.unrecognised == [
        "Meine Aktivitäten/Suche/MeineAktivitäten.json: activity of another Google product, not imported"
    ]
    c = clip(db, "2019-06-01_08_00_02_000_UTC.mp3")
    assert c["vendor_transcript"] == "Wie wird das Wetter" and c["audio_path"]


@pytest.mark.usefixtures("google_read")
def test_google_entries_without_audiofiles_fall_back_to_nearest_time(db, tmp_path: Path) -> None:
    entries = [{"header": "Assistant", "title": "Said hi", "time": "2019-06-01T08:00:00Z", "products": ["Assistant"]}]
    root = make_tree(
        tmp_path / "Takeout",
        {
            "My Activity/Assistant/MyActivity.json": json.dumps(entries),
            "My Activity/Assistant/2019-06-01_08_00_03_000_UTC.mp3": mp3(seed=4),  # 3 s away: linked
            "My Activity/Assistant/2019-07-01_08_00_00_000_UTC.mp3": mp3(seed=5),  # far away: its own clip
        },
    )
    report = import_paths(db, [root])
    assert report.new == 2
    linked = clip(db, "2019-06-01_08_00_03_000_UTC.mp3")
    assert linked["vendor_transcript"] == "hi" and linked["raw"]["_audio_linked_by"] == "time"
    alone = clip(db, "2019-07-01_08_00_00_000_UTC.mp3")
    assert alone["recorded_at"] == "2019-07-01T08:00:00Z" and alone["vendor_transcript"] is None


def test_google_html_only_takeout_says_what_to_reexport(db, tmp_path: Path) -> None:
    export = make_zip(
        tmp_path / "takeout.zip",
        {
            "Takeout/archive_browser.html": "<html></html>",
            "Takeout/My Activity/Assistant/My Activity.html": "<html>Said hi</html>",
            "Takeout/My Activity/Voice and Audio/MyActivity.html": "<html></html>",
        },
    )
    with pytest.raises(NotAnExport) as e:
        import_paths(db, [export])
    msg = str(e.value)
    assert "only as HTML" in msg and "JSON" in msg and "Assistant" in msg and "Voice and Audio" in msg
    assert rows(db) == []


@pytest.mark.usefixtures("google_read")
def test_google_takeout_split_over_two_zips(db, tmp_path: Path) -> None:
    files = english_takeout()
    audio = {k: v for k, v in files.items() if k.endswith(".mp3")}
    rest = {k: v for k, v in files.items() if k not in audio}
    a = make_zip(tmp_path / "takeout-20200101T000000Z-001.zip", rest)
    b = make_zip(tmp_path / "takeout-20200101T000000Z-002.zip", audio)
    report = import_paths(db, [a, b])
    assert len(report.sources) == 1 and report.sources[0].importer == "google_takeout"
    assert report.new == 4
    assert clip(db, "2018-04-16_11_42_55_659_UTC.mp3")["audio_path"]
    assert clip(db, "2018-05-01_10_00_01_123_UTC.mp3")["audio_path"]


def test_broken_mp3_leaves_no_decoder_noise_on_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    from voicehist.audio.probe import AudioProblem, probe

    data = mp3(seconds=1.0)
    with pytest.raises(AudioProblem):
        probe(data[:4] + b"\0" * 3000)
    assert probe(data).format == "MP3"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_takeout_without_voice_activity_says_what_to_include(db, tmp_path: Path) -> None:
    search = [{"header": "Search", "title": "Searched for cats", "time": "2018-05-01T10:00:00Z"}]
    export = make_zip(tmp_path / "takeout.zip", {"Takeout/My Activity/Search/MyActivity.json": json.dumps(search)})
    with pytest.raises(NotAnExport, match="holds My Activity for Search but not for the Assistant"):
        import_paths(db, [export])


def test_macos_litter_in_zips_is_ignored(db, tmp_path: Path) -> None:
    files = english_takeout()
    files["__MACOSX/Takeout/My Activity/Assistant/._2018-04-16_11_42_55_659_UTC.mp3"] = b"\0\x05\x16\x07junk"
    files["Takeout/.DS_Store"] = b"\0\0\0\1Bud1"
    report = import_paths(db, [make_zip(tmp_path / "takeout.zip", files)])
    assert report.new == 4 and len(report.problems) == 1 and len(report.unrecognised) == 1
