"""The database schema, as an append-only list of sqlite-utils migrations.

Never edit a migration that has shipped: add a new function below the last one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("voicehist")

# the full-text index as m001 made it (open_db rebuilds it the same way when a damaged copy lost it)
FTS_COLUMNS = ("vendor_transcript", "transcript")
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations()
def m001_initial(db: Database) -> None:
    _m001_sources(db)
    _m001_clips(db)
    _m001_transcripts(db)
    _m001_flags(db)


# m001's steps, by table group: called in this order, they make the schema m001 always made
def _m001_sources(db: Database) -> None:
    """The exports imported, one row per export (by fingerprint)."""
    db.table("sources").create(
        {
            "id": int,
            "fingerprint": str,  # sha256 over the export's bytes: the same export twice is one source
            "path": str,
            "name": str,
            "vendor": str,
            "importer": str,
            "first_imported_at": str,
            "last_imported_at": str,
            "clips_seen": int,
            "clips_new": int,
            "problems": str,  # JSON list of {"file": ..., "problem": ...}
            "unrecognised": str,  # JSON list of member names that were not understood
        },
        pk="id",
    )
    db.table("sources").create_index(["fingerprint"], unique=True)


def _m001_clips(db: Database) -> None:
    """The clips, their indexes and full-text index, and which sources brought each."""
    db.table("clips").create(
        {
            "id": str,  # vendor id, else "{iso time}-{sha1[:8]}" of vendor+time+audio sha
            "vendor": str,  # alexa | google | unknown
            "source_id": int,  # first source that brought it
            "recorded_at": str,  # UTC ISO-8601 "YYYY-MM-DDTHH:MM:SS(.fff)Z", null when unknown
            "recorded_raw": str,  # the time exactly as the vendor wrote it
            "device": str,
            "vendor_transcript": str,
            "vendor_response": str,
            "vendor_kind": str,  # utteranceType / activityStatus / Google header
            "vendor_id": str,  # Alexa utteranceId / Google audio file name
            "audio_name": str,  # file name inside the export
            "audio_path": str,  # path relative to the audio store, null when no audio
            "audio_sha256": str,
            "audio_format": str,  # WAV, MP3, OGG, FLAC (by content)
            "duration": float,
            "sample_rate": int,
            "channels": int,
            "audio_problem": str,  # null when the audio is fine (or there is none)
            "raw": str,  # JSON: the vendor's own record(s), untouched
            "imported_at": str,
            # local transcription (the current transcript, denormalised for FTS and listing)
            "transcript": str,
            "transcript_id": int,
            "transcript_status": str,  # pending | running | done | failed | no_audio
            "transcript_error": str,
            "selected": int,  # bulk selection, persisted
        },
        pk="id",
        not_null={"id", "vendor"},
        defaults={"selected": 0, "transcript_status": "pending"},
    )
    db.table("clips").create_index(["recorded_at", "id"])
    db.table("clips").create_index(["device"])
    db.table("clips").create_index(["vendor"])
    db.table("clips").create_index(["audio_sha256"])
    db.table("clips").create_index(["transcript_status"])
    db.table("clips").create_index(["selected"])
    db.table("clips").enable_fts(
        ["vendor_transcript", "transcript"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )

    db.table("clip_sources").create(
        {"clip_id": str, "source_id": int, "audio_name": str},
        pk=("clip_id", "source_id"),
        foreign_keys=[("clip_id", "clips", "id"), ("source_id", "sources", "id")],
    )


def _m001_transcripts(db: Database) -> None:
    """Local transcripts and their timed words."""
    db.table("transcripts").create(
        {
            "id": int,
            "clip_id": str,
            "engine": str,
            "model": str,
            "text": str,
            "language": str,
            "avg_logprob": float,
            "no_speech_prob": float,
            "confidence": float,  # mean word probability
            "settings": str,  # JSON: beam, packing, ...
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("clip_id", "clips", "id")],
    )
    db.table("transcripts").create_index(["clip_id"])
    db.table("words").create(
        {
            "transcript_id": int,
            "idx": int,
            "word": str,
            "start": float,  # seconds within the clip
            "end": float,
            "probability": float,
        },
        pk=("transcript_id", "idx"),
        foreign_keys=[("transcript_id", "transcripts", "id")],
    )


def _m001_flags(db: Database) -> None:
    """Accidental-activation flags and the clip view that joins them to the clips."""
    db.table("flags").create(
        {
            "clip_id": str,
            "score": float,  # automatic score 0..1, null when not scored
            "label": str,  # automatic: accidental | intended | unknown
            "reasons": str,  # JSON list of human-readable strings
            "detector": str,  # detector version/settings
            "scored_at": str,
            "decision": str,  # the user's: accidental | not_accidental | null (unset)
            "decided_at": str,
        },
        pk="clip_id",
        foreign_keys=[("clip_id", "clips", "id")],
    )
    db.table("flags").create_index(["label"])
    db.table("flags").create_index(["decision"])

    # One place that says what "flagged" means: the user's decision wins over the automatic label.
    db.create_view(
        "clip_view",
        """
        SELECT clips.*,
               flags.score AS score, flags.label AS auto_label, flags.reasons AS reasons,
               flags.decision AS decision, flags.decided_at AS decided_at,
               CASE
                 WHEN flags.decision = 'accidental' THEN 1
                 WHEN flags.decision = 'not_accidental' THEN 0
                 WHEN flags.label = 'accidental' THEN 1
                 WHEN flags.label = 'intended' THEN 0
                 ELSE NULL
               END AS flagged
        FROM clips LEFT JOIN flags ON flags.clip_id = clips.id
        """,
    )


@migrations()
def m002_tui_list_order_index(db: Database) -> None:
    # The result list sorts by ORDER_DESC (COALESCE(recorded_at, '') DESC, id DESC); an index on exactly that
    # expression turns a page fetch at 100k clips from ~400 ms (temp B-tree sort) into ~1 ms (index scan).
    db.execute("CREATE INDEX IF NOT EXISTS clips_list_order ON clips(COALESCE(recorded_at, '') DESC, id DESC)")


@migrations()
def m003_clip_number(db: Database) -> None:
    # A short number per clip that a person can type ("voicehist flag --set 42"): stable within a database,
    # given oldest first to the clips already there, then in import order. Vendor ids are long and share
    # their tails (every record of one Alexa JSON ends in the same serial), so they make poor handles.
    db.execute("ALTER TABLE clips ADD COLUMN number INTEGER")
    db.execute(
        """UPDATE clips SET number = (SELECT n FROM (
               SELECT id, row_number() OVER (ORDER BY COALESCE(recorded_at, '9999'), imported_at, id) AS n
               FROM clips) AS numbered WHERE numbered.id = clips.id)"""
    )
    db.execute("CREATE UNIQUE INDEX clips_number ON clips(number)")


@migrations()
def m004_forget_tombstones(db: Database) -> None:
    # A forgotten clip keeps only a tombstone: id, number, time, device, vendor, vendor id, the user's decision
    # and the automatic label (plus the audio's sha256, so that a re-import recognises the recording without
    # bringing it back). forgotten_at marks it; vendor_text_forgotten says the vendor's text went too.
    db.execute("ALTER TABLE clips ADD COLUMN forgotten_at TEXT")
    db.execute("ALTER TABLE clips ADD COLUMN vendor_text_forgotten INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX clips_forgotten ON clips(forgotten_at) WHERE forgotten_at IS NOT NULL")


@migrations()
def m005_transcript_claims(db: Database) -> None:
    # Transcription runs claim clips under a lease: who (host, pid, process start) and a heartbeat. Another run
    # resets a claim only when its owner is gone (same host, process dead) or silent for long (other host).
    db.execute(
        """CREATE TABLE transcribe_runs (
               owner TEXT PRIMARY KEY,
               host TEXT NOT NULL,
               pid INTEGER NOT NULL,
               proc_start TEXT,
               started_at TEXT NOT NULL,
               heartbeat_at REAL NOT NULL
           )"""
    )
    db.execute("ALTER TABLE clips ADD COLUMN claimed_by TEXT")
    db.execute("CREATE INDEX clips_claimed_by ON clips(claimed_by) WHERE claimed_by IS NOT NULL")


@migrations()
def m006_requests(db: Database) -> None:
    # Deletion requests (voicehist.requests) and the clips each names. Items keep what identifies the clip at
    # the vendor (vendor id, audio sha256, time, device, which kind of export it came from) so a request can
    # still be verified after the clip's audio or transcript was forgotten locally.
    db.table("requests").create(
        {
            "id": int,  # the request number a user types: `voicehist requests mark 3 sent`
            "vendor": str,  # amazon | google
            "law": str,  # gdpr | uk-gdpr | ccpa
            "created_at": str,  # UTC ISO time
            "sent_on": str,  # YYYY-MM-DD, null until marked sent
            "answered_on": str,
            "extended_on": str,
            "done_on": str,
            "access": int,  # 1 when the letter also asks for access (Art. 15)
            "requester": str,  # JSON {name, email, jurisdiction} as written in the letter
            "format": str,
            "file": str,  # where the letter was written, if anywhere
            "clips": int,
            "last_checked_at": str,
            "still_present": int,
            "gone": int,
            "unverifiable": int,
        },
        pk="id",
        not_null={"vendor", "law", "created_at"},
        defaults={"access": 0, "clips": 0},
    )
    db.table("request_items").create(
        {
            "request_id": int,
            "clip_id": str,
            "number": int,
            "recorded_at": str,
            "device": str,
            "vendor_id": str,
            "audio_sha256": str,
            "source_kinds": str,  # JSON list of importer names of the exports the clip came from
            "result": str,  # still_present | gone | unverifiable, null until verified
            "reason": str,
            "checked_at": str,
        },
        pk=("request_id", "clip_id"),
        foreign_keys=[("request_id", "requests", "id")],
    )
    db.table("request_items").create_index(["clip_id"])


@migrations()
def m007_request_lifecycle(db: Database) -> None:
    # One request per demand: every file its letters were written to (JSON list), a cancel date, a tombstone
    # (deleted_at: the request's content is gone, its number is never reused), and the follow-up letters sent
    # when the vendor did not answer. Per item: the export that showed the result.
    for column in ("files", "cancelled_on", "deleted_at", "followup_on", "complained_on"):
        db.execute(f"ALTER TABLE requests ADD COLUMN {column} TEXT")
    db.execute("UPDATE requests SET files = json_array(file) WHERE file IS NOT NULL")
    db.execute("ALTER TABLE request_items ADD COLUMN export TEXT")
    # What the vendor did with each clip, as the last `verify` found it (shown by every face, filtered by
    # --vendor-status): gone | still_present | unverifiable, the request and export that showed it, and when.
    for column in ("vendor_status", "vendor_status_request", "vendor_status_checked", "vendor_status_export"):
        db.execute(f"ALTER TABLE clips ADD COLUMN {column} {'INTEGER' if column.endswith('request') else 'TEXT'}")
    db.execute(
        """UPDATE clips SET (vendor_status, vendor_status_request, vendor_status_checked) = (
               SELECT result, request_id, checked_at FROM request_items
               WHERE request_items.clip_id = clips.id AND result IS NOT NULL
               ORDER BY checked_at DESC, request_id DESC LIMIT 1)
           WHERE id IN (SELECT clip_id FROM request_items WHERE result IS NOT NULL)"""
    )
    db.execute("CREATE INDEX clips_vendor_status ON clips(vendor_status) WHERE vendor_status IS NOT NULL")


@migrations()
def m010_voices(db: Database) -> None:
    # Voices (voicehist.voices): one speaker embedding per clip's speech, and the voices the clips were grouped
    # into. Both are derived from the audio: forgetting a clip removes its embedding and its voice membership.
    # voice_id / voice_confidence / voice_name live on clips so that every listing (clip_view is clips.*) shows
    # them; voice_name copies voices.name (kept in step by voicehist.store.voices) for the clip's JSON.
    db.execute(
        """CREATE TABLE voice_embeddings (
               clip_id TEXT PRIMARY KEY REFERENCES clips(id),
               model TEXT NOT NULL,
               vector BLOB,              -- float32 x 256, unit length; null when the clip has too little speech
               status TEXT NOT NULL,     -- ok | no_speech | too_short | failed
               speech_seconds REAL,
               voiced_seconds REAL,
               pitch_hz REAL,            -- median F0 of the voiced speech
               centroid_hz REAL,         -- median spectral centroid of the voiced speech
               error TEXT,
               computed_at TEXT NOT NULL
           )"""
    )
    db.execute(
        """CREATE TABLE voices (
               id INTEGER PRIMARY KEY,   -- the voice number a person types: `voicehist voices name 2 Emma`
               name TEXT,
               name_source TEXT,         -- user | vendor (Alexa personsInfo)
               vendor_person_type TEXT,  -- Alexa personType of the seeding person, as the export wrote it
               child INTEGER,            -- the person's word: 1 = my child, 0 = not a child, null = not said
               child_marked_at TEXT,
               created_at TEXT NOT NULL
           )"""
    )
    db.execute("CREATE UNIQUE INDEX voices_name ON voices(name COLLATE NOCASE) WHERE name IS NOT NULL")
    db.execute("ALTER TABLE clips ADD COLUMN voice_id INTEGER")
    db.execute("ALTER TABLE clips ADD COLUMN voice_confidence REAL")
    db.execute("ALTER TABLE clips ADD COLUMN voice_name TEXT")
    db.execute("CREATE INDEX clips_voice ON clips(voice_id) WHERE voice_id IS NOT NULL")


@migrations()
def m014_flags_wake_audio(db: Database) -> None:
    # The acoustic wake-word evidence of a clip (voicehist.detect.acoustic), JSON, measured once per model and
    # word list and kept so that re-scoring does not run the model again; cleared when the clip is forgotten.
    db.execute("ALTER TABLE flags ADD COLUMN wake_audio TEXT")


@migrations()
def m012_pad_short_years(db: Database) -> None:
    # Years before 1000 were written with fewer than four digits ("999-06-01T…"), which no ISO reader takes
    # back (request and report then failed). Pad them, as importers now write them.
    for table in ("clips", "request_items"):
        if not db[table].exists():
            continue
        for pattern, pad in (("[0-9]-*", "000"), ("[0-9][0-9]-*", "00"), ("[0-9][0-9][0-9]-*", "0")):
            db.execute(f"UPDATE {table} SET recorded_at = ? || recorded_at WHERE recorded_at GLOB ?", [pad, pattern])
