"""Keep dependencies from phoning home or writing outside voicehist's folders.

onnxruntime (which runs the Silero VAD bundled with faster-whisper) starts Microsoft's 1DS telemetry when its
library loads: it writes ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/deviceid`` and a queue of events
(``onnxruntime.db``). ``ORT_DISABLE_TELEMETRY`` switches that off only when set before the library loads, so
:func:`quiet_dependencies` runs when ``voicehist.transcribe`` is imported (before anything imports
faster-whisper or onnxruntime) and again right before a VAD session is made; if onnxruntime is already loaded,
its own ``disable_telemetry_events()`` is called too. The Hugging Face hub's telemetry is off as well.
"""

from __future__ import annotations

import os
import sys

QUIET_ENV = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
}


def quiet_dependencies() -> None:
    """Switch off the telemetry of voicehist's dependencies (idempotent, cheap)."""
    for key, value in QUIET_ENV.items():
        os.environ[key] = value
    ort = sys.modules.get("onnxruntime")
    if ort is not None:
        disable = getattr(ort, "disable_telemetry_events", None)
        if disable is not None:
            disable()
