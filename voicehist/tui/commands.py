"""Command palette: context-sensitive commands of the main screen (only what applies now)."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from voicehist.tui import jobs
from voicehist.tui.screens.requests import open_request_modal, open_requests_screen


class VoicehistCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        from voicehist.tui.screens.main import MainScreen

        # the palette opens on top of the main screen
        stack = [s for s in self.app.screen_stack if isinstance(s, MainScreen)]
        if not stack:
            return []
        main: MainScreen = stack[-1]
        counts = main.counts
        selected = counts.get("selected", 0)
        clip = main.current_clip()
        cmds: list[tuple[str, str, Callable[[], object]]] = []

        def job(name: str, label: str, about: str) -> None:
            if jobs.available(name):
                cmds.append((label, about, lambda: main.start_job(name)))
            else:
                cmds.append((f"{label} (not available)", f"{about}: its module is not installed", lambda: None))

        def ask_import() -> None:
            from voicehist.tui.screens.modals import PathModal

            def done(path: str | None) -> None:
                if path:
                    main.start_job("Import", [path])

            main.app.push_screen(PathModal("Import an export (zip, folder or JSON file):", "path"), done)

        if main.job is None:
            if jobs.available("Import"):
                cmds.append(("Import an export…", "Add a vendor export to the database", ask_import))
            job("Transcribe", "Transcribe pending clips", "Run the local Whisper model on clips not yet transcribed")
            job("Detect", "Run the automatic detector", "Score every clip for accidental activation")
        else:
            cmds.append((f"Cancel {main.job}", "Stop the running job, keeping finished work", main.action_cancel_job))
        if clip is not None:
            cmds.append(
                ("Flag highlighted clip as accidental", "Your decision wins", lambda: main.action_flag("accidental"))
            )
            cmds.append(
                (
                    "Mark highlighted clip as not accidental",
                    "Your decision wins",
                    lambda: main.action_flag("not_accidental"),
                )
            )
            if clip.get("decision"):
                cmds.append(
                    (
                        "Unset decision on highlighted clip",
                        "Back to the automatic score",
                        lambda: main.action_flag(None),
                    )
                )
            if clip.get("audio_path"):
                cmds.append(("Play highlighted clip", "p", main.action_play))
        cmds.append(("Select all matching clips", "Every clip matching the search and filters", main.action_select_all))
        if selected:
            cmds += [
                (f"Flag {selected} selected as accidental", "", lambda: main.action_flag_selection("accidental")),
                (
                    f"Mark {selected} selected as not accidental",
                    "",
                    lambda: main.action_flag_selection("not_accidental"),
                ),
                (f"Unset decision on {selected} selected", "", lambda: main.action_flag_selection(None)),
                ("Invert selection", "Within the current results", main.action_invert_selection),
                ("Clear selection", "", main.action_clear_selection),
                (f"Export {selected} selected as CSV…", "", main.action_export_csv),
                (
                    f"Forget {selected} selected clips…",
                    "Remove their audio and transcripts from voicehist",
                    main.action_forget,
                ),
                ("Create deletion request…", "A letter naming the selected clips", lambda: open_request_modal(main)),
            ]
        else:
            cmds.append(("Export results as CSV…", "The clips matching the search and filters", main.action_export_csv))
            cmds.append(
                ("Create deletion request…", "For the clips matching the filters", lambda: open_request_modal(main))
            )
        cmds.append(("Deletion requests", "Tracked requests, deadlines, verify", lambda: open_requests_screen(main)))
        cmds.append(("Summary report…", "Figures for the current results; save as txt/md/html/pdf", main.action_report))
        cmds.append(("Show keys", "?", main.app.action_help))  # type: ignore[attr-defined]
        return cmds

    async def discover(self) -> Hits:
        for name, about, callback in self._commands():
            yield DiscoveryHit(name, callback, help=about)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, about, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=about)
