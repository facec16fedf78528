"""Command palette: the commands of the review screen that apply now.

Registered on the screen (``MainScreen.COMMANDS``); the provider reads the screen it was opened on (its
``palette_commands()``), so this module knows nothing of the screen's class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from voicehist.tui import jobs

Command = tuple[str, str, Callable[[], object]]


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


def review_commands(review: Any) -> list[Command]:
    """The palette's list for ``review``: the main screen (its counts, job, highlighted row and actions)."""
    counts = review.counts
    selected = counts.get("selected", 0)
    row = review.highlighted_row()
    cmds: list[Command] = []

    def job(name: str, label: str, about: str) -> None:
        if jobs.available(name):
            cmds.append((label, about, lambda: review.start_job(name)))
        else:
            cmds.append((f"{label} (not available)", f"{about}: its module is not installed", lambda: None))

    if review.job is None:
        if jobs.available("Import"):
            cmds.append(("Import an export…", "Add a vendor export to the database", review.action_import))
        job("Transcribe", "Transcribe pending clips", "Run the local Whisper model on clips not yet transcribed")
        job("Detect", "Run the automatic detector", "Score every clip for accidental activation")
    else:
        cmds.append((f"Cancel {review.job}", "Stop the running job, keeping finished work", review.action_cancel_job))
    if row is not None:
        cmds.append(
            (
                "Flag highlighted clip as accidental",
                "a · your decision wins over the automatic score",
                lambda: review.action_flag("accidental"),
            )
        )
        cmds.append(
            (
                "Mark highlighted clip as not accidental",
                "n · your decision wins over the automatic score",
                lambda: review.action_flag("not_accidental"),
            )
        )
        if row.decision:
            cmds.append(
                (
                    "Unset decision on highlighted clip",
                    "u · back to the automatic score",
                    lambda: review.action_flag(None),
                )
            )
        if row.has_audio:
            cmds.append(("Play highlighted clip", "p · s stops, r replays, ] plays the next", review.action_play))
    if review.can_undo:
        cmds.append(("Undo the last decision", "z · of one clip or of a whole selection", review.action_undo))
    cmds.append(
        ("Select all matching clips", "* · every clip matching the search and filters", review.action_select_all)
    )
    cmds.append(("Sort by the next column", "o · time, oldest first, device, duration, score", review.action_sort))
    cmds.append(("Jump to a date…", "t · the first clip on or before a day", review.action_jump_to_date))
    cmds.append(("Clear search and filters", "c · show every clip again", review.action_clear_filters))
    if selected:
        cmds += [
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
    else:
        cmds.append(
            ("Export results as CSV…", "e · the clips matching the search and filters", review.action_export_csv)
        )
        cmds.append(
            (
                "Create deletion request…",
                "D · a letter naming the accidental clips among the results (nothing is selected)",
                review.action_deletion_request,
            )
        )
    cmds.append(("Deletion requests", "Q · tracked requests, deadlines, verify a later export", review.action_requests))
    cmds.append(
        ("Summary report…", "R · figures for the current results; save as txt/md/html/pdf", review.action_report)
    )
    return cmds
