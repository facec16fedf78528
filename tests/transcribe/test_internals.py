"""The faster-whisper and CTranslate2 internals that ``voicehist/transcribe/faster.py`` and ``packing.py`` drive (the
masked decode builds its own prompts, calls the CTranslate2 model directly and reuses faster-whisper's alignment,
tokenizer, VAD and compression ratio). pyproject.toml caps faster-whisper below its next minor version; when a new
version is allowed, this test says which of those names or signatures moved, instead of a transcription failing
half-way with an AttributeError."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import ctranslate2
import faster_whisper
import pytest
from faster_whisper import tokenizer as fw_tokenizer
from faster_whisper import transcribe as fw_transcribe
from faster_whisper import vad as fw_vad

FIX = "voicehist/transcribe/faster.py (and packing.py's speech_spans) must follow it, then raise the bound"


def _params(fn: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(fn).parameters)


def _expect(what: str, found: Any, wanted: Any) -> None:
    assert found == wanted, (
        f"faster-whisper {faster_whisper.__version__} changed {what}: {found!r}, voicehist drives {wanted!r}. {FIX}."
    )


def test_faster_whisper_functions_keep_their_signatures() -> None:
    _expect("transcribe.get_compression_ratio", _params(fw_transcribe.get_compression_ratio), ["text"])
    _expect(
        "transcribe.merge_punctuations",
        _params(fw_transcribe.merge_punctuations),
        ["alignment", "prepended", "appended"],
    )
    _expect(
        "WhisperModel.find_alignment",
        _params(fw_transcribe.WhisperModel.find_alignment)[:5],
        ["self", "tokenizer", "text_tokens", "encoder_output", "num_frames"],
    )
    _expect(
        "tokenizer.Tokenizer",
        _params(fw_tokenizer.Tokenizer.__init__)[:5],
        ["self", "tokenizer", "multilingual", "task", "language"],
    )
    _expect("vad.get_speech_timestamps", _params(fw_vad.get_speech_timestamps)[:2], ["audio", "vad_options"])
    assert "min_silence_duration_ms" in _params(fw_vad.VadOptions), (
        f"faster-whisper {faster_whisper.__version__}: VadOptions has no min_silence_duration_ms. {FIX}."
    )
    for name in ("eot", "timestamp_begin", "sot_sequence", "split_to_word_tokens", "decode"):
        assert hasattr(fw_tokenizer.Tokenizer, name), (
            f"faster-whisper {faster_whisper.__version__}: Tokenizer.{name} is gone. {FIX}."
        )


def test_ctranslate2_whisper_keeps_the_calls_the_masked_decode_makes() -> None:
    whisper = ctranslate2.models.Whisper
    generate = whisper.generate.__doc__ or ""
    for keyword in (
        "beam_size",
        "max_length",
        "return_scores",
        "return_no_speech_prob",
        "suppress_blank",
        "suppress_tokens",
        "max_initial_timestamp_index",
    ):
        assert f"{keyword}:" in generate, (
            f"ctranslate2 {ctranslate2.__version__}: Whisper.generate() takes no {keyword} any more. {FIX}."
        )
    for method in ("encode", "detect_language", "align", "is_multilingual"):
        assert hasattr(whisper, method), f"ctranslate2 {ctranslate2.__version__}: Whisper.{method} is gone. {FIX}."


@pytest.mark.slow
def test_a_loaded_model_has_the_attributes_the_engine_reads(fw_engine: Any) -> None:
    model = fw_engine.model  # faster_whisper.WhisperModel on the bundled tiny.en
    for name in ("model", "hf_tokenizer", "feature_extractor", "max_length"):
        assert hasattr(model, name), f"faster-whisper {faster_whisper.__version__}: WhisperModel.{name} is gone. {FIX}."
    assert isinstance(model.model, ctranslate2.models.Whisper)
    assert isinstance(model.max_length, int)
    tok = fw_tokenizer.Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language="en")
    assert isinstance(tok.tokenizer.token_to_id("<|en|>"), int)
    assert tok.eot < tok.timestamp_begin  # timestamps are the tokens from timestamp_begin on
