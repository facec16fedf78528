"""Convert a CTranslate2 Whisper model folder into an openai-whisper checkpoint (``.pt``).

No CTranslate2 API reads weights back, so ``model.bin`` (binary format version 6) is parsed here:
a header (version, spec name, revision), then named variables (rank, shape, dtype id, byte count, bytes),
then aliases (name -> variable name). The fused ``self_attention/linear_0`` (q|k|v) projection is split into
query/key/value (whisper's key projection has no bias), and the alignment heads from ``config.json`` are set on
the checkpoint so word timestamps use the right cross-attention heads.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import Any

import numpy as np

from voicehist.errors import VoicehistError
from voicehist.paths import private_dir

SUPPORTED_VERSIONS = (5, 6)
_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


class ConversionError(VoicehistError):
    """The model folder could not be converted; the message says why."""


def read_ct2_model(model_bin: Path) -> tuple[str, dict[str, np.ndarray]]:
    """Read every variable of a CTranslate2 ``model.bin``: returns (spec name, {name: array}); aliases resolved."""
    data = Path(model_bin).read_bytes()
    pos = 0

    def take(fmt: str) -> Any:
        nonlocal pos
        size = struct.calcsize(fmt)
        value = struct.unpack_from("<" + fmt, data, pos)
        pos += size
        return value[0] if len(value) == 1 else value

    def string() -> str:
        nonlocal pos
        length = take("H")
        raw = data[pos : pos + length]
        pos += length
        return raw.rstrip(b"\x00").decode("utf-8")

    version = take("I")
    if version not in SUPPORTED_VERSIONS:
        raise ConversionError(f"{model_bin}: CTranslate2 binary format version {version} is not supported (need 5-6).")
    spec = string()
    take("I")  # spec revision
    count = take("I")
    variables: dict[str, np.ndarray] = {}
    for _ in range(count):
        name = string()
        rank = take("B")
        shape = tuple(take("I") for _ in range(rank))
        dtype_id = take("B")
        nbytes = take("I")
        raw = data[pos : pos + nbytes]
        pos += nbytes
        if dtype_id >= len(_DTYPES):
            raise ConversionError(f"{model_bin}: variable {name} has an unknown dtype id {dtype_id}.")
        dtype = _DTYPES[dtype_id]
        if dtype == "bfloat16":
            u16 = np.frombuffer(raw, dtype=np.uint16).astype(np.uint32) << 16
            array = u16.view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=np.dtype(dtype))
        variables[name] = array.reshape(shape) if shape else array.reshape(())
    if pos < len(data):
        for _ in range(take("I")):
            alias = string()
            target = string()
            if target in variables:
                variables[alias] = variables[target]
    return spec, variables


def _f32(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a.astype(np.float32))


def convert_ct2_to_openai(model_dir: Path) -> dict[str, Any]:
    """Build an openai-whisper checkpoint dict ``{"dims": ..., "model_state_dict": ...}`` from a CT2 folder."""
    v, config = _read_whisper(Path(model_dir))
    dims = _dims(v)
    sd = _StateDict(v)
    sd.linear("encoder.conv1", "encoder/conv1")
    sd.linear("encoder.conv2", "encoder/conv2")
    sd.put("encoder.positional_embedding", v["encoder/position_encodings/encodings"])
    for i in range(dims["n_audio_layer"]):
        sd.block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    sd.ln("encoder.ln_post", "encoder/layer_norm")

    sd.put("decoder.token_embedding.weight", v["decoder/embeddings/weight"])
    sd.put("decoder.positional_embedding", v["decoder/position_encodings/encodings"])
    for i in range(dims["n_text_layer"]):
        sd.block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    sd.ln("decoder.ln", "decoder/layer_norm")
    sd.out["alignment_heads"] = _alignment_heads(config, dims["n_text_layer"], dims["n_text_head"])
    return {"dims": dims, "model_state_dict": sd.out}


def _read_whisper(model_dir: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The weights of a CT2 Whisper folder and its config.json (empty when it has none)."""
    bin_path = model_dir / "model.bin"
    if not bin_path.is_file():
        raise ConversionError(f"{model_dir} is not a CTranslate2 model folder (no model.bin).")
    spec, v = read_ct2_model(bin_path)
    if "Whisper" not in spec:
        raise ConversionError(f"{model_dir} holds a {spec} model, not Whisper.")
    config = json.loads((model_dir / "config.json").read_text()) if (model_dir / "config.json").exists() else {}
    return v, config


def _dims(v: dict[str, np.ndarray]) -> dict[str, int]:
    """openai-whisper's ModelDimensions, read off the weights' shapes (and the head counts, where stored)."""

    def layers(prefix: str) -> int:
        n = 0
        while f"{prefix}/layer_{n}/ffn/linear_0/weight" in v:
            n += 1
        return n

    n_audio_state = v["encoder/conv1/weight"].shape[0]
    n_text_state = v["decoder/embeddings/weight"].shape[1]
    heads = int(np.asarray(v.get("encoder/num_heads", np.array(n_audio_state // 64))).reshape(-1)[0])
    dheads = int(np.asarray(v.get("decoder/num_heads", np.array(n_text_state // 64))).reshape(-1)[0])
    return {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(n_audio_state),
        "n_audio_head": heads,
        "n_audio_layer": layers("encoder"),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(n_text_state),
        "n_text_head": dheads,
        "n_text_layer": layers("decoder"),
    }


class _StateDict:
    """openai-whisper's state dict, filled from CT2 weights ``v`` layer by layer (float32 tensors)."""

    def __init__(self, v: dict[str, np.ndarray]) -> None:
        self.v = v
        self.out: dict[str, Any] = {}

    def put(self, name: str, array: np.ndarray) -> None:
        import torch  # the whisper-timestamped engine's extra: not installed by default

        self.out[name] = torch.from_numpy(_f32(array))

    def ln(self, dst: str, src: str) -> None:
        self.put(f"{dst}.weight", self.v[f"{src}/gamma"])
        self.put(f"{dst}.bias", self.v[f"{src}/beta"])

    def linear(self, dst: str, src: str, bias: bool = True) -> None:
        self.put(f"{dst}.weight", self.v[f"{src}/weight"])
        if bias:
            self.put(f"{dst}.bias", self.v[f"{src}/bias"])

    def attention(self, dst: str, src: str, cross: bool) -> None:
        """CT2 fuses the projections (query+key+value, or key+value for cross-attention); openai's keys have no
        bias."""
        v = self.v
        if cross:
            self.put(f"{dst}.query.weight", v[f"{src}/linear_0/weight"])
            self.put(f"{dst}.query.bias", v[f"{src}/linear_0/bias"])
            k_w, v_w = np.split(v[f"{src}/linear_1/weight"], 2, axis=0)
            _, v_b = np.split(v[f"{src}/linear_1/bias"], 2, axis=0)
            out = f"{src}/linear_2"
        else:
            q_w, k_w, v_w = np.split(v[f"{src}/linear_0/weight"], 3, axis=0)
            q_b, _k_b, v_b = np.split(v[f"{src}/linear_0/bias"], 3, axis=0)
            self.put(f"{dst}.query.weight", q_w)
            self.put(f"{dst}.query.bias", q_b)
            out = f"{src}/linear_1"
        self.put(f"{dst}.key.weight", k_w)
        self.put(f"{dst}.value.weight", v_w)
        self.put(f"{dst}.value.bias", v_b)
        self.put(f"{dst}.out.weight", v[f"{out}/weight"])
        self.put(f"{dst}.out.bias", v[f"{out}/bias"])

    def block(self, dst: str, src: str, cross: bool) -> None:
        self.attention(f"{dst}.attn", f"{src}/self_attention", cross=False)
        self.ln(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        if cross:
            self.attention(f"{dst}.cross_attn", f"{src}/attention", cross=True)
            self.ln(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        self.linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        self.linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
        self.ln(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")


def _alignment_heads(config: dict[str, Any], n_text_layer: int, n_text_head: int) -> Any:
    """The decoder's alignment heads (config.json's, else whisper's default: every head of the upper half), as
    the sparse mask openai-whisper keeps."""
    import torch  # the whisper-timestamped engine's extra: not installed by default

    mask = torch.zeros(n_text_layer, n_text_head, dtype=torch.bool)
    for layer, head in config.get("alignment_heads") or []:
        mask[int(layer), int(head)] = True
    if not mask.any():
        mask[n_text_layer // 2 :] = True
    return mask.to_sparse()


def cached_checkpoint(model_dir: Path, cache_dir: Path, name: str | None = None) -> Path:
    """Convert ``model_dir`` once into ``cache_dir`` and return the ``.pt`` path (reused on later calls)."""
    import hashlib

    import torch

    model_dir = Path(model_dir)
    st = (model_dir / "model.bin").stat()
    key = hashlib.sha1(f"{model_dir.resolve()}|{st.st_size}|{int(st.st_mtime)}".encode()).hexdigest()[:12]
    private_dir(cache_dir)
    out = cache_dir / f"{name or model_dir.name}-{key}.pt"
    if out.is_file():
        return out
    ckpt = convert_ct2_to_openai(model_dir)
    # whisper.load_model reads "alignment_heads" from the checkpoint dict when present
    heads = ckpt["model_state_dict"].pop("alignment_heads")
    ckpt["alignment_heads"] = heads
    # the CT2 weights are float16: store them as such (exact, half the size); loading casts to float32
    ckpt["model_state_dict"] = {
        k: (t.half() if t.is_floating_point() else t) for k, t in ckpt["model_state_dict"].items()
    }
    tmp = out.with_suffix(".pt.tmp")
    torch.save(ckpt, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, out)
    return out


def load_checkpoint(path: Path, device: str = "cpu") -> Any:
    """Load an openai-whisper ``.pt`` (ours or openai's) into a ``whisper.model.Whisper``, alignment heads set."""
    import torch
    import whisper
    from whisper.model import ModelDimensions

    try:
        ckpt = torch.load(path, map_location=device, weights_only=True)
    except Exception as e:  # a corrupt or foreign file: say so (re-raised as one error)
        raise ConversionError(f"{path} is not a readable openai-whisper checkpoint ({type(e).__name__}: {e}).") from e
    if not isinstance(ckpt, dict) or "dims" not in ckpt or "model_state_dict" not in ckpt:
        raise ConversionError(f"{path} is not an openai-whisper checkpoint (no dims/model_state_dict).")
    model = whisper.model.Whisper(ModelDimensions(**ckpt["dims"]))
    model.load_state_dict(ckpt["model_state_dict"])
    heads = ckpt.get("alignment_heads")
    if heads is not None:
        model.register_buffer("alignment_heads", heads.to_sparse() if not heads.is_sparse else heads, persistent=False)
    return model.to(device)
