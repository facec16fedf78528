"""Command palette: the commands of the review screen that apply now.

Registered on the screen (``MainScreen.COMMANDS``); the provider reads the screen it was opened on (its
``palette_commands()``), so this module knows nothing of the screen's class: :class:`Review` is what it uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

from voicehist.store.queries import Decision
from voicehist.store.records import ClipRow
from voicehist.tui.jobs import Job

Command = tuple[str, str, Callable[[], object]]


class Review(Protocol):
    """What the palette reads and calls on the main screen."""

    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def job(self) -> str | None: ...
    @property
    def can_undo(self) -> bool: ...
    def highlighted_row(self) -> ClipRow | None: ...
    def start_job(self, job: Job, paths: list[str] | None = None) -> None: ...
    def action_import(self) -> None: ...
    def action_cancel_job(self) -> None: ...
    def action_flag(self, decision: Decision | None) -> None: ...
    def action_flag_selection(self, decision: Decision | None) -> None: ...
    def action_play(self) -> None: ...
    def action_undo(self) -> None: ...
    def action_select_all(self) -> None: ...
    def action_invert_selection(self) -> None: ...
    def action_clear_selection(self) -> None: ...
    def action_sort(self) -> None: ...
    def action_jump_to_date(self) -> None: ...
    def action_clear_filters(self) -> None: ...
    def action_export_csv(self) -> None: ...
    def action_forget(self) -> None: ...
    def action_deletion_request(self) -> None: ...
    def action_requests(self) -> None: ...
    def action_report(self) -> None: ...


class ReviewCommands(Provider):
    def commands(self) -> list[Command]:
        screen: Any = self.screen
        return list(screen.palette_commands()) if hasattr(screen, "palette_commands") else []

    async def discover(self) -> Hits:
        for name, about, callback in self.commands():
            yield DiscoveryHit(name, callback, help=about)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, about, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=about)


def job_commands(review: Review) -> list[Command]:
    """Start a long job, or cancel the one running."""
    if review.job is not None:
        return [(f"Cancel {review.job}", "Stop the running job, keeping finished work", review.action_cancel_job)]
    return [
        ("Import an export…", "Add a vendor export to the database", review.action_import),
        (
            "Transcribe pending clips",
            "Run the local Whisper model on clips not yet transcribed",
            lambda: review.start_job("Transcribe"),
        ),
        (
            "Run the automatic detector",
            "Score every clip for accidental activation",
            lambda: review.start_job("Detect"),
        ),
    ]


def row_commands(row: ClipRow | None, review: Review) -> list[Command]:
    """What can be done to the highlighted clip."""
    if row is None:
        return []
    cmds: list[Command] = [
        (
            "Flag highlighted clip as accidental",
            "a · your decision wins over the automatic score",
            lambda: review.action_flag("accidental"),
        ),
        (
            "Mark highlighted clip as not accidental",
            "n · your decision wins over the automatic score",
            lambda: review.action_flag("not_accidental"),
        ),
    ]
    if row.decision:
        cmds.append(
            ("Unset decision on highlighted clip", "u · back to the automatic score", lambda: review.action_flag(None))
        )
    if row.has_audio:
        cmds.append(("Play highlighted clip", "p · s stops, r replays, ] plays the next", review.action_play))
    return cmds


def list_commands(review: Review) -> list[Command]:
    """Undo, and what changes which clips the list shows and how."""
    cmds: list[Command] = []
    if review.can_undo:
        cmds.append(("Undo the last decision", "z · of one clip or of a whole selection", review.action_undo))
    return cmds + [
        ("Select all matching clips", "* · every clip matching the search and filters", review.action_select_all),
        ("Sort by the next column", "o · time, oldest first, device, duration, score", review.action_sort),
        ("Jump to a date…", "t · the first clip on or before a day", review.action_jump_to_date),
        ("Clear search and filters", "c · show every clip again", review.action_clear_filters),
    ]


def selection_commands(selected: int, review: Review) -> list[Command]:
    """What can be done to the ``selected`` clips; with none selected, to the current results."""
    if not selected:
        return [
            ("Export results as CSV…", "e · the clips matching the search and filters", review.action_export_csv),
            (
                "Create deletion request…",
                "D · a letter naming the accidental clips among the results (nothing is selected)",
                review.action_deletion_request,
            ),
        ]
    return [
        (f"Flag {selected} selected as accidental", "A", lambda: review.action_flag_selection("accidental")),
        (
            f"Mark {selected} selected as not accidental",
            "N",
            lambda: review.action_flag_selection("not_accidental"),
        ),
        (f"Unset decision on {selected} selected", "U", lambda: review.action_flag_selection(None)),
        ("Invert selection", "i · within the current results", review.action_invert_selection),
        ("Clear selection", "x", review.action_clear_selection),
        (f"Export {selected} selected as CSV…", "e", review.action_export_csv),
        (
            f"Forget {selected} selected clips…",
            "Del · remove their audio and transcripts from voicehist",
            review.action_forget,
        ),
        ("Create deletion request…", "D · a letter naming the selected clips", review.action_deletion_request),
    ]


def review_commands(review: Review) -> list[Command]:
    """The palette's list for ``review``: the main screen (its counts, job, highlighted row and actions)."""
    return [
        *job_commands(review),
        *row_commands(review.highlighted_row(), review),
        *list_commands(review),
        *selection_commands(review.counts.get("selected", 0), review),
        ("Deletion requests", "Q · tracked requests, deadlines, verify a later export", review.action_requests),
        ("Summary report…", "R · figures for the current results; save as txt/md/html/pdf", review.action_report),
    ]
