"""Write the seed corpus in tests/fuzz/seeds/: one small file or folder per hostile case of issue 10.

Run once (the files are committed): python -m tests.fuzz.make_seeds. Big inputs (bombs, huge cells) are not
stored; tests generate them.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from tests.importers.helpers import wav

SEEDS = Path(__file__).resolve().parent / "seeds"


def rec(i: int, **kw: object) -> dict[str, object]:
    r: dict[str, object] = {
        "recordKey": f"seed-{i}",
        "timestamp": 1_600_000_000_000 + i,
        "voiceHistoryRecordItems": [{"recordItemType": "CUSTOMER_TRANSCRIPT", "transcriptText": f"hi {i}"}],
    }
    r.update(kw)
    return r


def alexa(records: object) -> str:
    return json.dumps({"customerHistoryRecords": records})


def main() -> None:
    SEEDS.mkdir(exist_ok=True)
    files: dict[str, bytes | str] = {
        "json_items_int.json": alexa([rec(1, voiceHistoryRecordItems=5), rec(2)]),
        "json_items_bool.json": alexa([rec(1, voiceHistoryRecordItems=True), rec(2)]),
        "json_ts_1e17.json": alexa([rec(1, timestamp=1e17, voiceHistoryRecordItems=[]), rec(2)]),
        "json_ts_1e30.json": alexa([rec(1, timestamp=1e30, voiceHistoryRecordItems=[]), rec(2)]),
        "json_ts_nonfinite.json": '{"customerHistoryRecords": [{"recordKey": "a", "timestamp": Infinity},'
        ' {"recordKey": "b", "timestamp": 1e400}, {"recordKey": "c", "timestamp": NaN},'
        ' {"recordKey": "d", "timestamp": 1600000000000}]}',
        "json_surrogate.json": alexa([rec(1, device={"deviceName": "\ud800"}), rec(2)]),
        "json_records_string.json": alexa("not a list"),
        "json_records_number.json": alexa(42),
        "json_records_mixed.json": alexa([1, "x", None, [], rec(2)]),
        "json_deep.json": alexa([rec(1, device=json.loads("[" * 200 + "]" * 200)), rec(2)]),
        "json_truncated.json": alexa([rec(1), rec(2)])[:-9],
        "csv_utf32.csv": ("Timestamp,Device,Transcript,Utterance ID\n2020-01-01T00:00:00Z,Echo,hi,u1\n").encode(
            "utf-32"
        ),
        "csv_nul.csv": b"Timestamp,Device,Transcript,Utterance ID\n2020-01-01T00:00:00Z,Ec\0ho,h\0i,u1\n"
        b"2020-01-01T00:00:01Z,Echo,ok,u2\n",
        "csv_semicolon_cp1252.csv": (
            "Timestamp;Device;Transcript;Utterance ID\n2020-01-01T00:00:00Z;K\u00fcche;h\u00e9llo;u1\n"
        ).encode("cp1252"),
        "csv_unbalanced_quote.csv": 'Timestamp,Device,Transcript,Utterance ID\n2020-01-01T00:00:00Z,Echo,"open,u1\n'
        "2020-01-01T00:00:01Z,Echo,ok,u2\n",
    }
    for name, data in files.items():
        (SEEDS / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    takeout = SEEDS / "takeout_int_fields" / "Takeout" / "My Activity" / "Assistant"
    takeout.mkdir(parents=True, exist_ok=True)
    entries = [{"header": "Assistant", "title": f"Said {i}", "time": f"2020-01-01T00:00:0{i}Z"} for i in range(4)]
    entries[0]["products"], entries[1]["subtitles"], entries[2]["details"] = 5, 6, 7  # type: ignore[assignment]
    (takeout / "MyActivity.json").write_text(json.dumps(entries))

    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Alexa/voice.csv", "Timestamp,Device,Transcript,Utterance ID,Audio File\n"
                    "2020-01-01T00:00:00Z,Echo,hi,u1,a.wav\n2020-01-01T00:00:01Z,Echo,ho,u2,b.wav\n")  # fmt: skip
        zf.writestr("Alexa/a.wav", wav(seconds=0.1, seed=1))
        zf.writestr("Alexa/b.wav", wav(seconds=0.1, seed=2))
    data = good.getvalue()
    (SEEDS / "zip_good.zip").write_bytes(data)
    (SEEDS / "zip_truncated.zip").write_bytes(data[: len(data) // 2] + data[-22:])
    flipped = bytearray(data)
    for pos in range(40, len(flipped), 97):
        flipped[pos] ^= 0xFF
    (SEEDS / "zip_flipped.zip").write_bytes(bytes(flipped))
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("inner.zip", data)
        zf.writestr("broken.zip", data[:100])
    (SEEDS / "zip_nested.zip").write_bytes(nested.getvalue())
    odd = io.BytesIO()
    with zipfile.ZipFile(odd, "w") as zf:
        zf.writestr("../escape.wav", wav(seconds=0.1, seed=3))
        zf.writestr("/abs.wav", wav(seconds=0.1, seed=4))
        zf.writestr("ok\x1b]0;pwned\x07.wav", wav(seconds=0.1, seed=5))
    (SEEDS / "zip_names.zip").write_bytes(odd.getvalue())


if __name__ == "__main__":
    main()
