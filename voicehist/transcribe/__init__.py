"""Local transcription: one engine interface, two Whisper engines, offline models, a resumable runner.

Import the runner with ``from voicehist.transcribe.runner import transcribe_pending``; nothing heavy is imported
here.
"""
