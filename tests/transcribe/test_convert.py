"""The CT2 -> openai-whisper conversion: the encoder matches CTranslate2 and beam-5 transcripts are identical."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicehist.audio.decode import decode
from voicehist.transcribe.convert import ConversionError, read_ct2_model
from voicehist.transcribe.models import resolve_model

pytestmark = pytest.mark.slow


def test_model_bin_is_parsed() -> None:
    spec, variables = read_ct2_model(resolve_model(None).path / "model.bin")
    assert spec == "WhisperSpec"
    qkv = variables["decoder/layer_0/self_attention/linear_0/weight"]
    assert qkv.shape == (3 * 384, 384) and qkv.dtype == np.float16
    assert variables["decoder/projection/weight"] is variables["decoder/embeddings/weight"]  # an alias


def test_not_a_model_bin(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"\x09\x00\x00\x00")
    with pytest.raises(ConversionError, match="version 9"):
        read_ct2_model(tmp_path / "model.bin")


def test_converted_checkpoint_matches_ctranslate2(wt_engine, speech) -> None:
    import ctranslate2
    import torch
    import whisper

    model_dir = resolve_model(None).path
    model = wt_engine.model
    heads = model.alignment_heads.to_dense().nonzero().tolist()
    assert heads == [[1, 0], [2, 0], [2, 5], [3, 0], [3, 1], [3, 2], [3, 3], [3, 4]]  # from config.json
    ct2 = ctranslate2.models.Whisper(str(model_dir), device="cpu", compute_type="float32")
    tokenizer = whisper.tokenizer.get_tokenizer(multilingual=False)
    prompt = list(tokenizer.sot_sequence_including_notimestamps)
    for name in ["int03_timer.wav", "acc05_referee.wav", "int12_computer_remind.wav"]:
        audio = decode(speech / name, 16_000).samples
        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(torch.from_numpy(audio))).unsqueeze(0)
        with torch.no_grad():
            ours = model.encoder(mel).numpy()
        features = ctranslate2.StorageView.from_array(np.ascontiguousarray(mel.numpy()))
        theirs = np.array(ct2.encode(features, to_cpu=True))
        assert np.abs(ours - theirs).max() < 2e-4
        options = whisper.DecodingOptions(language="en", beam_size=5, without_timestamps=True, fp16=False)
        text_openai = whisper.decode(model, mel, options)[0].text.strip()
        out = ct2.generate(features, [prompt], beam_size=5, suppress_blank=True, suppress_tokens=[-1])
        text_ct2 = tokenizer.decode([t for t in out[0].sequences_ids[0] if t < tokenizer.eot]).strip()
        assert text_openai == text_ct2 and text_openai, name
