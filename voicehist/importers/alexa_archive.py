"""Amazon "Request Your Data" archive: one zip, several zips, or the unpacked folder.

The voice-history table is found by its header (aliases, any of , ; tab, BOM, preamble lines, a trailing
``File Summary:`` block); audio is found by content. Rows are linked to audio by the audio-file column,
else by utterance id in the file name, else by the time in the file name. Audio with no row and rows with
no audio are both imported. Every original column (known or not) is kept in ``raw``.
"""

from __future__ import annotations

import array
import codecs
import contextlib
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from voicehist.audio.probe import looks_like_audio_name
from voicehist.importers.archive import READ_ERRORS, Archive, Member
from voicehist.importers.base import ClipDraft, Plan, alnum, is_boilerplate
from voicehist.importers.folder import audio_draft, is_audio_member
from voicehist.importers.times import EPOCH_ZERO, parse_time, time_from_name, time_from_utterance_id

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".tab", "")
MAX_TABLE_BYTES = 256 * 1024 * 1024
MAX_LINE_CHARS = 4 * 1024 * 1024  # a longer line is skipped (and reported), never held in memory whole
MAX_CELL_CHARS = 1024 * 1024  # a longer cell is cut (and reported)
HEAD_BYTES = 64 * 1024  # read to find the header
STREAM_ABOVE_ROWS = 20_000  # a bigger table's clips are made while they are imported, never all held
BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip

ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("timestamp", "time", "date", "creationtime", "creationtimestamp", "eventdate", "utterancetime",
             "recordtimestamp", "datetime", "createdat", "eventtime"),
    "device": ("device", "devicename", "sourcedevice", "devicefriendlyname", "deviceserialnumber", "dsn",
               "devicetype"),
    "transcript": ("transcript", "transcripttext", "customerutterance", "utterance", "utterancetext",
                   "whatyousaid", "summary", "request", "asrtext", "customertranscript"),
    "response": ("alexaresponse", "response", "ttstext", "reply", "alexasaid"),
    "kind": ("utterancetype", "type", "activitystatus", "status", "recordtype"),
    "uid": ("utteranceid", "audioid", "firstutteranceid", "streamid", "recordkey"),
    "audio": ("audiofile", "audio", "filename", "recording", "audiofilename", "audiopath"),
}  # fmt: skip

FALLBACK_WORDS: dict[str, tuple[str, ...]] = {
    "time": ("timestamp", "datetime", "date", "time"),
    "uid": ("utteranceid", "recordkey", "audioid"),
    "audio": ("audiofile", "filename", "recording", "audio"),
    "transcript": ("transcript", "utterance", "said", "asr"),
    "device": ("device",),
    "response": ("response", "reply"),
    "kind": ("utterancetype", "status"),
}
FALLBACK_EXCLUDE: dict[str, tuple[str, ...]] = {
    "transcript": ("id", "type", "time", "file"),
    "audio": ("id", "type", "duration", "length"),
    "time": ("zone", "duration", "update"),
}

_ZONE_NOTE = re.compile(r"[(\[]\s*(utc|gmt|z)\s*[)\]]", re.I)


def norm_header(h: str) -> str:
    h = h.replace("\ufeff", "").strip().lower()
    h = _ZONE_NOTE.sub("", h)
    return re.sub(r"[^0-9a-z]", "", h)


@dataclass
class Table:
    """A voice-history table found in ``member``. Its rows are never held: :meth:`rows` reads them again from
    the member, one at a time (memory stays flat in the number of rows)."""

    member: Member
    header: list[str]
    columns: dict[str, int]  # field -> column index
    encoding: str = "utf-8"
    delimiter: str = ","
    raw_header: list[str] = field(default_factory=list)  # the header cells as they stand in the file
    date_time_pair: tuple[int, int] | None = None
    problems: list[str] = field(default_factory=list)  # rows skipped or cut, by row/line (of the last read)
    count: int = 0  # data rows
    repeated: dict[int, int] = field(default_factory=dict)  # hash of an utterance id seen more than once -> rows

    def rows(self) -> Iterator[list[str]]:
        """The data rows, read again from the member; :attr:`problems` lists what this read skipped or cut."""
        self.problems = []
        yield from _read_rows(self.member, self.encoding, self.delimiter, self.raw_header, self.problems)

    def uid(self, cells: list[str]) -> str | None:
        idx = self.columns.get("uid")
        return cells[idx].strip() or None if idx is not None and idx < len(cells) else None


def _bom_encoding(head: bytes) -> str | None:
    for bom, enc in BOMS:
        if head.startswith(bom):
            return enc
    return None


def _encodings(head: bytes) -> list[str]:
    """Encodings to try, in order: the one a BOM names, else UTF-8, then Windows-1252, then Latin-1."""
    enc = _bom_encoding(head)
    return [enc] if enc else ["utf-8", "cp1252", "latin-1"]


def _head_text(head: bytes, enc: str) -> str:
    return codecs.getincrementaldecoder(enc)(errors="replace").decode(head, final=False)


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """csv's field size limit is process-wide: set it only while one table is read, then put it back."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def map_header(cells: list[str]) -> tuple[dict[str, int], tuple[int, int] | None]:
    normed = [norm_header(c) for c in cells]
    columns: dict[str, int] = {}
    for fld, aliases in ALIASES.items():
        for alias in aliases:  # alias order is priority order
            if alias in normed:
                columns[fld] = normed.index(alias)
                break
    for fld, words in FALLBACK_WORDS.items():  # unknown spellings: a header containing a telling word
        if fld in columns:
            continue
        for i, h in enumerate(normed):
            if i in columns.values():
                continue
            if any(w in h for w in words) and not any(x in h for x in FALLBACK_EXCLUDE.get(fld, ())):
                columns[fld] = i
                break
    pair = None
    if "date" in normed and "time" in normed:
        pair = (normed.index("date"), normed.index("time"))
        columns["time"] = pair[0]
    return columns, pair


def _is_voice_header(columns: dict[str, int]) -> bool:
    return "time" in columns and len({"transcript", "uid", "audio"} & set(columns)) >= 1 and len(columns) >= 2


def _find_header(text: str) -> tuple[str, list[str], dict[str, int], tuple[int, int] | None] | None:
    """(delimiter, header cells, columns, date/time pair) of the voice-history header in the first lines."""
    lines = text.splitlines()[:40]
    best: tuple[int, str, list[str], dict[str, int], tuple[int, int] | None] | None = None
    for delim in (",", ";", "\t", "|"):
        reader = csv.reader(lines, delimiter=delim)
        try:
            for cells in reader:
                if len(cells) < 2:
                    continue
                columns, pair = map_header(cells)
                if _is_voice_header(columns):
                    score = len(columns)
                    if best is None or score > best[0]:
                        best = (score, delim, cells, columns, pair)
                    break
        except csv.Error:
            continue
    return None if best is None else best[1:]


def _lines(stream: io.TextIOBase, problems: list[str]) -> Iterator[str]:
    """The stream's lines; a line longer than MAX_LINE_CHARS is skipped (read in pieces) and reported."""
    n = 0
    while True:
        line = stream.readline(MAX_LINE_CHARS)
        if not line:
            return
        n += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            size = len(line)
            while (more := stream.readline(MAX_LINE_CHARS)) and not more.endswith(("\n", "\r")):
                size += len(more)
            size += len(more)
            problems.append(f"line {n}: {size / 1e6:.1f} million characters long, skipped")
            continue
        yield line


_FOOTER = re.compile(r"file summary\s*:?", re.I)


def _is_footer(cells: list[str]) -> bool:
    """Amazon's footer line: "File Summary:" alone on its row. A data row whose transcript or device happens to
    start with those words is not one (it has other cells)."""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) == 1 and bool(_FOOTER.fullmatch(filled[0]))


def _read_rows(member: Member, enc: str, delim: str, header: list[str], problems: list[str]) -> Iterator[list[str]]:
    with member.open() as raw, _field_limit(MAX_LINE_CHARS):
        stream = io.TextIOWrapper(raw, encoding=enc, errors="strict", newline="")
        reader = csv.reader(_lines(stream, problems), delimiter=delim)
        seen_header = False
        n = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                problems.append(f"line {reader.line_num}: {e}; row skipped")
                continue
            if not seen_header:
                seen_header = cells == header
                continue
            if not any(c.strip() for c in cells):
                continue
            if _is_footer(cells):
                break  # the "File Summary:" block that ends some tables
            n += 1
            for i, c in enumerate(cells):
                if "\0" in c:
                    cells[i] = c = c.replace("\0", "")
                if len(c) > MAX_CELL_CHARS:
                    cells[i] = c[:MAX_CELL_CHARS]
                    problems.append(f"row {n}: a cell of {len(c) / 1e6:.1f} million characters, cut to 1 million")
            yield cells


def _table_header(text: str) -> tuple[str, list[str], dict[str, int], tuple[int, int] | None] | None:
    """:func:`_find_header`, with the audio column found by its cells when no header alias names it."""
    found = _find_header(text)
    if found is None:
        return None
    delim, header, columns, pair = found
    if "audio" not in columns and (i := _audio_column_by_content(text, delim, header, columns)) is not None:
        columns = {**columns, "audio": i}
    return delim, header, columns, pair


_AUDIO_NAME = re.compile(r"\.(?:wav|mp3|flac|ogg|oga|opus|m4a|aac|wma|amr)$", re.I)


def _audio_column_by_content(text: str, delim: str, header: list[str], columns: dict[str, int]) -> int | None:
    """A column no header alias names whose cells (in the table's first rows) are mostly audio file names
    ("File": "voice_01.wav"): the recordings are found by what the table holds, not by how it spells its header.
    Never the first column (a time or an id) nor one already placed."""
    rows: list[list[str]] = []
    try:
        reader = csv.reader(text.splitlines()[:200], delimiter=delim)
        seen = False
        for cells in reader:
            if seen:
                rows.append(cells)
            seen = seen or cells == header
    except csv.Error:
        return None
    for i in range(1, len(header)):
        if i in columns.values():
            continue
        values = [r[i].strip() for r in rows[:50] if i < len(r) and r[i].strip()]
        if values and sum(bool(_AUDIO_NAME.search(v)) for v in values) >= max(1, 0.6 * len(values)):
            return i
    return None


def find_table(member: Member) -> Table | None:
    """The voice-history table in ``member`` from its first lines only (cheap: used to recognise an export),
    or None. Its encoding is the first one to try; :func:`read_table` settles it."""
    if member.size > MAX_TABLE_BYTES:
        return None
    head = member.head(HEAD_BYTES)
    # binary files are not tables; a stray NUL in a text table is (UTF-16/32 without a BOM are not read)
    if not head or (head[:4096].count(b"\0") > 64 and _bom_encoding(head) not in ("utf-16", "utf-32")):
        return None
    if is_audio_member(member):
        return None
    enc = _encodings(head)[0]
    found = _table_header(_head_text(head, enc))
    if found is None:
        return None
    delim, header, columns, pair = found
    return Table(member=member, header=[h.replace("\ufeff", "").strip() for h in header], columns=columns,
                 encoding=enc, delimiter=delim, raw_header=header, date_time_pair=pair)  # fmt: skip


def read_table(member: Member) -> Table | None:
    """The voice-history table in ``member``, or None when it holds none. Read once through as a stream (a
    huge table or cell is never held whole) to settle the encoding, count the rows and note which utterance
    ids repeat (8 bytes a row, for the rows that must be merged); the rows are read again while imported."""
    first = find_table(member)
    if first is None:
        return None
    import numpy as np

    head = member.head(HEAD_BYTES)
    for enc in _encodings(head):
        found = _table_header(_head_text(head, enc))
        if found is None:
            return None
        delim, header, columns, pair = found
        table = Table(member=member, header=[h.replace("\ufeff", "").strip() for h in header], columns=columns,
                      encoding=enc, delimiter=delim, raw_header=header, date_time_pair=pair)  # fmt: skip
        hashes = array.array("q")
        try:
            for cells in table.rows():
                table.count += 1
                uid = table.uid(cells)
                if uid is not None:
                    hashes.append(hash(uid))
        except UnicodeDecodeError:
            continue  # not this encoding: read again with the next
        except READ_ERRORS:
            return None
        values, counts = np.unique(np.frombuffer(hashes, dtype=np.int64), return_counts=True)
        table.repeated = {int(v): int(c) for v, c in zip(values[counts > 1], counts[counts > 1], strict=True)}
        return table
    return None


def _merge(first: ClipDraft, other: ClipDraft) -> bool:
    """Fold ``other`` (a row with the same utterance id) into ``first``; False when they are two recordings."""
    if first.audio is not None and other.audio is not None and first.audio.name != other.audio.name:
        return False
    for attr in ("recorded_at", "recorded_raw", "device", "vendor_response", "vendor_kind", "audio_name"):
        if not getattr(first, attr) and getattr(other, attr):
            setattr(first, attr, getattr(other, attr))
    if not first.vendor_transcript and other.vendor_transcript:
        first.vendor_transcript = other.vendor_transcript
    if first.audio is None and other.audio is not None:
        first.audio, first.audio_missing = other.audio, None
    elif first.audio is None and other.audio_missing and not first.audio_missing:
        first.audio_missing = other.audio_missing
    first.raw.setdefault("_more_rows", []).append(other.raw)
    return True


_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


def _candidate_tables(archive: Archive) -> Iterable[Member]:
    for m in archive.members:
        if m.suffix in TABLE_SUFFIXES and not is_boilerplate(m) and m.size > 0:
            yield m


class AlexaArchiveImporter:
    name: ClassVar[str] = "alexa_archive"
    vendor: ClassVar[str] = "alexa"

    def matches(self, archive: Archive) -> bool:
        return any(find_table(m) is not None for m in _candidate_tables(archive))

    def plan(self, archive: Archive) -> Plan:
        plan = Plan(importer=self.name, vendor=self.vendor)
        tables: list[Table] = []
        table_members: set[str] = set()
        for m in _candidate_tables(archive):
            t = read_table(m)
            if t is not None:
                tables.append(t)
                table_members.add(m.name)
        audio: list[Member] = []
        others: list[Member] = []
        for m in archive.members:
            if m.name in table_members:
                continue
            if is_audio_member(m) or looks_like_audio_name(m.basename):
                audio.append(m)  # named like audio but not audio: still a clip, its problem reported by name
            else:
                others.append(m)
        rows = sum(t.count for t in tables)
        drafts = self._drafts(plan, tables, audio, others)
        if rows <= STREAM_ABOVE_ROWS:
            plan.drafts = list(drafts)  # small enough to hold: the exact count for progress, as before
        else:
            plan.stream = drafts
            plan.total = rows + max(0, len(audio) - rows)  # about: most audio belongs to a row
        return plan

    def _drafts(
        self, plan: Plan, tables: list[Table], audio: list[Member], others: list[Member]
    ) -> Iterator[ClipDraft]:
        """The clips, row by row as the tables are read again, then the audio no row named. Rows that share an
        utterance id are merged: only those (:attr:`Table.repeated`) wait until their last row is read."""
        # rows name their audio: any file may be named (a broken one is then reported on the row's clip)
        by_name: dict[str, list[Member]] = {}
        for m in audio + others:
            by_name.setdefault(m.basename.lower(), []).append(m)
            by_name.setdefault(m.basename.rsplit(".", 1)[0].lower(), []).append(m)
        by_stem: dict[str, list[Member]] = {}
        by_time: dict[str, list[Member]] = {}
        for m in audio:
            stem = m.basename.rsplit(".", 1)[0]
            by_stem.setdefault(alnum(stem), []).append(m)
            for u in _UUID.findall(stem):
                by_stem.setdefault("uuid:" + alnum(u), []).append(m)
            when = time_from_name(m.basename)
            if when:
                by_time.setdefault(when[:19], []).append(m)
        claimed: set[str] = set()

        for table in tables:
            left = dict(table.repeated)  # rows still to come per repeated id hash
            held: dict[int, list[ClipDraft]] = {}  # drafts of repeated ids, until their last row
            by_id: dict[str, ClipDraft] = {}
            for n, cells in enumerate(table.rows(), start=1):
                try:
                    draft = self._draft(table, n, cells)
                except Exception as e:  # noqa: BLE001 - one bad row never stops the import
                    plan.problems.append((table.member.name, f"row {n} cannot be read ({type(e).__name__}): skipped"))
                    continue
                member = self._link(draft, table, by_name, by_stem, by_time, claimed)
                if member is not None:
                    claimed.add(member.name)
                    draft.audio = member
                    draft.audio_name = member.basename
                uid = draft.id
                key = hash(uid) if uid is not None else 0
                if uid is None or key not in left:
                    yield draft
                    continue
                group = held.setdefault(key, [])
                if uid in by_id:
                    if not _merge(by_id[uid], draft):
                        # a different recording under an id already used: keep it, with a stable suffix
                        k = 2
                        while f"{uid}#{k}" in by_id:
                            k += 1
                        draft.id = f"{uid}#{k}"
                        by_id[draft.id] = draft
                        group.append(draft)
                else:
                    by_id[uid] = draft
                    group.append(draft)
                left[key] -= 1
                if left[key] <= 0:  # the last row of this id: its merged clip(s) go now
                    del left[key]
                    for d in held.pop(key):
                        by_id.pop(d.id or "", None)
                        yield d
            for group in held.values():  # the table changed between the two reads: what is held still goes
                yield from group
            plan.problems.extend((table.member.name, p) for p in table.problems)
        file_dated = 0
        for m in audio:
            if m.name not in claimed:
                draft = audio_draft(m, self.vendor)
                file_dated += draft.raw.get("time_source") == "file date"
                yield draft
        if file_dated:
            plan.notes.append(
                (
                    "export",
                    f"{file_dated} recording(s) that no row of the table names, dated by their file's date in the"
                    " export, which may not be when they were recorded",
                )
            )
        for m in others:
            if m.name not in claimed and not is_boilerplate(m):
                why = "not voice history" if m.suffix in (".csv", ".tsv", ".json", ".txt") else "not recognised"
                plan.unrecognised.append(f"{m.name}: {why}")

    def _draft(self, table: Table, n: int, cells: list[str]) -> ClipDraft:
        header = table.header
        raw: dict[str, object] = {}
        for i, value in enumerate(cells):
            key = header[i] if i < len(header) and header[i] else f"column_{i + 1}"
            raw[key] = value
        raw["_table"] = table.member.name
        raw["_row"] = n

        def get(fld: str) -> str | None:
            idx = table.columns.get(fld)
            if idx is None or idx >= len(cells):
                return None
            v = cells[idx].strip()
            return v

        time_raw = get("time")
        if table.date_time_pair is not None:
            d, t = table.date_time_pair
            if t < len(cells):
                time_raw = f"{(time_raw or '').strip()} {cells[t].strip()}".strip()
        uid = get("uid") or None
        recorded_at = parse_time(time_raw)
        if (recorded_at is None or recorded_at.startswith(EPOCH_ZERO)) and uid:
            # no time, or Amazon's 0 (1970-01-01): the time inside the utteranceId, as the JSON importer does
            recorded_at = time_from_utterance_id(uid) or recorded_at
        draft = ClipDraft(
            vendor=self.vendor,
            recorded_at=recorded_at,
            recorded_raw=time_raw,
            device=get("device") or None,
            vendor_transcript=get("transcript"),
            vendor_response=get("response") or None,
            vendor_kind=get("kind") or None,
            vendor_id=uid,
            audio_name=get("audio") or None,
            raw=raw,
            id=uid,
        )
        return draft

    def _link(
        self,
        draft: ClipDraft,
        table: Table,
        by_name: dict[str, list[Member]],
        by_stem: dict[str, list[Member]],
        by_time: dict[str, list[Member]],
        claimed: set[str],
    ) -> Member | None:
        named = draft.audio_name
        if named and "://" in named:
            draft.audio_name = None  # a link, not a file in the export (kept in raw)
            named = None
        if named:
            path = named.replace("\\", "/").strip("/")
            base = path.rsplit("/", 1)[-1]
            stem = base.rsplit(".", 1)[0]
            hits = by_name.get(base.lower()) or by_name.get(stem.lower()) or []
            if "/" in path and len(hits) > 1:  # the column holds a path: prefer the member at that path
                exact = [m for m in hits if m.name.lower().endswith(path.lower())]
                hits = exact or hits
            free = [m for m in hits if m.name not in claimed]
            if free or hits:
                return (free or hits)[0]
            draft.audio_name = base
            draft.audio_missing = f"named in {table.member.name} (row {draft.raw['_row']}) but missing from the export"
            return None
        if draft.vendor_id:
            # the file is named after the utterance id, or carries its uuid (then /0 and /1 share it)
            key = alnum(draft.vendor_id)
            free = [m for m in by_stem.get(key, []) if m.name not in claimed]
            if not free:
                for u in _UUID.findall(draft.vendor_id):
                    free += [m for m in by_stem.get("uuid:" + alnum(u), []) if m.name not in claimed]
                if len(free) > 1 and key:
                    same_end = [m for m in free if alnum(m.basename.rsplit(".", 1)[0]).endswith(key[-1])]
                    free = same_end or free
            if free:
                return free[0]
        if draft.recorded_at:
            hits = [m for m in by_time.get(draft.recorded_at[:19], []) if m.name not in claimed]
            if len(hits) == 1:
                return hits[0]
        return None
