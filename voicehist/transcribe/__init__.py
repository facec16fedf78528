"""Local transcription: one engine interface, two Whisper engines, offline models, a resumable runner.

Import the runner with ``from voicehist.transcribe.runner import transcribe_pending``; nothing heavy is imported
here.
"""

from voicehist.offline import quiet_dependencies

quiet_dependencies()  # before faster-whisper/onnxruntime load: their telemetry is off from the start
