"""The speaker encoder: Resemblyzer's GE2E voice encoder (Apache-2.0), run in numpy.

The weights are the 17 MB ``pretrained.pt`` that the ``resemblyzer`` wheel on PyPI ships. voicehist reads that
file itself, without importing resemblyzer (which would pull in torch, librosa and webrtcvad): the file is
PyTorch's legacy serialisation (a few pickles, then the raw tensor bytes), read here by a restricted unpickler
that builds numpy arrays and accepts nothing else. The network is small (3 LSTM layers of 256 over 40 mel
bands, a linear layer, ReLU, L2 norm), so a numpy forward pass costs milliseconds per 1.6 s window.

Nothing is ever downloaded: when the weights are missing, :class:`EncoderMissing` says how to install them.
"""

from __future__ import annotations

import io
import pickle
import struct
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from voicehist.errors import VoicehistError

RATE = 16_000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s per window
HIDDEN = 256
LAYERS = 3
MODEL_NAME = "resemblyzer-ge2e-0.1.4"
PACKAGE = "resemblyzer"
PACKAGE_VERSION = "0.1.4"

_LEGACY_MAGIC = 0x1950A86A20F9469CFC6C
_DTYPES = {"FloatStorage": np.float32, "LongStorage": np.int64, "IntStorage": np.int32, "DoubleStorage": np.float64}


class EncoderMissing(VoicehistError):
    """The voice encoder's weights are not installed."""


def weights_path() -> Path:
    """Where the resemblyzer wheel put its ``pretrained.pt`` (found from the package's metadata, not imported)."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        dist = None
    if dist is not None:
        p = Path(str(dist.locate_file("resemblyzer/pretrained.pt")))
        if p.is_file():
            return p
    raise EncoderMissing(
        "voices need the voice encoder's weights, which ship in the resemblyzer package: install them with "
        f"`pip install --no-deps {PACKAGE}=={PACKAGE_VERSION}` (scripts/setup.sh does this); nothing is downloaded "
        "at run time"
    )


@dataclass
class _StorageRef:
    key: str
    dtype: Any
    numel: int


@dataclass
class _TensorRef:
    storage: _StorageRef
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]


def _rebuild_tensor(storage: _StorageRef, offset: int, size: tuple[int, ...], stride: tuple[int, ...], *_: Any) -> Any:
    return _TensorRef(storage, int(offset), tuple(size), tuple(stride))


class _Unpickler(pickle.Unpickler):
    """Builds only plain containers and tensor references: a tampered file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "collections" and name == "OrderedDict":
            import collections

            return collections.OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor
        if module == "torch" and name in _DTYPES:
            return _DTYPES[name]
        raise pickle.UnpicklingError(f"unexpected object in the encoder's weights: {module}.{name}")

    def persistent_load(self, pid: Any) -> Any:
        if not (isinstance(pid, tuple) and pid and pid[0] == "storage"):
            raise pickle.UnpicklingError("unexpected persistent id in the encoder's weights")
        _, dtype, key, _location, numel = pid[:5]
        return _StorageRef(str(key), dtype, int(numel))


def read_legacy_torch(data: bytes) -> dict[str, np.ndarray]:
    """The ``model_state`` of a legacy-format PyTorch checkpoint, as float32 numpy arrays."""
    f = io.BytesIO(data)
    if _Unpickler(f).load() != _LEGACY_MAGIC:
        raise EncoderMissing("the voice encoder's weights file is not in the expected format")
    _Unpickler(f).load()  # protocol version
    _Unpickler(f).load()  # sys info
    result = _Unpickler(f).load()
    keys = _Unpickler(f).load()
    storages: dict[str, np.ndarray] = {}
    refs = _storage_refs(result)
    for key in keys:
        ref = refs.get(str(key))
        (count,) = struct.unpack("<q", f.read(8))
        dtype = np.dtype(ref.dtype if ref else np.float32)
        buf = f.read(count * dtype.itemsize)
        storages[str(key)] = np.frombuffer(buf, dtype=dtype)
    state = result["model_state"]
    out: dict[str, np.ndarray] = {}
    for name, t in state.items():
        s = storages[t.storage.key]
        arr = np.lib.stride_tricks.as_strided(
            s[t.offset :], shape=t.size, strides=tuple(x * s.itemsize for x in t.stride)
        )
        out[name] = np.array(arr, dtype=np.float32)
    return out


def _storage_refs(obj: Any, acc: dict[str, _StorageRef] | None = None) -> dict[str, _StorageRef]:
    acc = {} if acc is None else acc
    if isinstance(obj, _TensorRef):
        acc[obj.storage.key] = obj.storage
    elif isinstance(obj, dict):
        for v in obj.values():
            _storage_refs(v, acc)
    elif isinstance(obj, list | tuple):
        for v in obj:
            _storage_refs(v, acc)
    return acc


@lru_cache(maxsize=1)
def mel_filters() -> np.ndarray:
    """librosa's default mel filterbank (Slaney scale and area norm), 40 bands over a 400-point FFT at 16 kHz."""
    n_bins = N_FFT // 2 + 1
    fft_freqs = np.linspace(0, RATE / 2, n_bins)

    def hz_to_mel(f: np.ndarray) -> np.ndarray:
        f = np.asarray(f, dtype=np.float64)
        mels = f / (200.0 / 3)
        min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / (200.0 / 3), np.log(6.4) / 27.0
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)

    def mel_to_hz(m: np.ndarray) -> np.ndarray:
        m = np.asarray(m, dtype=np.float64)
        freqs = (200.0 / 3) * m
        min_log_hz, min_log_mel, logstep = 1000.0, 1000.0 / (200.0 / 3), np.log(6.4) / 27.0
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)

    mel_pts = mel_to_hz(np.linspace(hz_to_mel(np.array(0.0)), hz_to_mel(np.array(RATE / 2)), N_MELS + 2))
    fdiff = np.diff(mel_pts)
    ramps = mel_pts[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_pts[2 : N_MELS + 2] - mel_pts[:N_MELS]))[:, None]
    return weights.astype(np.float32)


def mel_spectrogram(wav: np.ndarray) -> np.ndarray:
    """Power mel spectrogram (frames x 40), as librosa.feature.melspectrogram computes it (centred, zero pad)."""
    x = np.pad(np.asarray(wav, dtype=np.float32), N_FFT // 2, mode="constant")
    n_frames = 1 + (len(x) - N_FFT) // HOP
    if n_frames <= 0:
        return np.zeros((0, N_MELS), dtype=np.float32)
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)  # periodic Hann
    spec = np.abs(np.fft.rfft(x[idx] * window, axis=1)) ** 2
    return (spec.astype(np.float32) @ mel_filters().T).astype(np.float32)


class Encoder:
    """GE2E forward pass in numpy: (batch, 160, 40) mel windows -> (batch, 256) unit vectors."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.layers = []
        for i in range(LAYERS):
            w = np.concatenate([weights[f"lstm.weight_ih_l{i}"], weights[f"lstm.weight_hh_l{i}"]], axis=1).T
            b = weights[f"lstm.bias_ih_l{i}"] + weights[f"lstm.bias_hh_l{i}"]
            self.layers.append((np.ascontiguousarray(w, dtype=np.float32), b.astype(np.float32)))
        self.lin_w = np.ascontiguousarray(weights["linear.weight"].T, dtype=np.float32)
        self.lin_b = weights["linear.bias"].astype(np.float32)

    def __call__(self, mels: np.ndarray) -> np.ndarray:
        x = np.asarray(mels, dtype=np.float32)
        batch, steps, _ = x.shape
        h = np.zeros((batch, HIDDEN), dtype=np.float32)
        for w, b in self.layers:
            w_in, w_h = w[: x.shape[2]], w[x.shape[2] :]
            pre = x @ w_in + b  # input part for every step at once
            h = np.zeros((batch, HIDDEN), dtype=np.float32)
            c = np.zeros((batch, HIDDEN), dtype=np.float32)
            outs = np.empty((batch, steps, HIDDEN), dtype=np.float32)
            for t in range(steps):
                g = pre[:, t] + h @ w_h
                i_g = _sigmoid(g[:, :HIDDEN])
                f_g = _sigmoid(g[:, HIDDEN : 2 * HIDDEN])
                c_g = np.tanh(g[:, 2 * HIDDEN : 3 * HIDDEN])
                o_g = _sigmoid(g[:, 3 * HIDDEN :])
                c = f_g * c + i_g * c_g
                h = o_g * np.tanh(c)
                outs[:, t] = h
            x = outs
        e = np.maximum(h @ self.lin_w + self.lin_b, 0)
        n = np.linalg.norm(e, axis=1, keepdims=True)
        return e / np.where(n > 0, n, 1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # = 1 / (1 + e^-x), without overflow


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    return Encoder(read_legacy_torch(weights_path().read_bytes()))


def partial_slices(n_samples: int, rate: float = 1.3, min_coverage: float = 0.75) -> list[slice]:
    """Resemblyzer's partial windows: 1.6 s mel windows every 1/rate s; a short tail kept when >= 75 % covered."""
    n_frames = int(np.ceil((n_samples + 1) / HOP))
    step = int(np.round((RATE / rate) / HOP))
    slices = [slice(i, i + PARTIAL_FRAMES) for i in range(0, max(1, n_frames - PARTIAL_FRAMES + step + 1), step)]
    last = slices[-1]
    coverage = (n_samples - last.start * HOP) / (PARTIAL_FRAMES * HOP)
    if coverage < min_coverage and len(slices) > 1:
        slices = slices[:-1]
    return slices


def embed_speech(wav: np.ndarray) -> np.ndarray:
    """The 256-d voice embedding of 16 kHz speech (silence already removed), like resemblyzer's embed_utterance."""
    wav = normalize_volume(np.asarray(wav, dtype=np.float32))
    slices = partial_slices(len(wav))
    need = slices[-1].stop * HOP
    if need >= len(wav):
        wav = np.pad(wav, (0, need - len(wav) + 1))
    mel = mel_spectrogram(wav)
    mels = np.stack([mel[s] for s in slices])
    # One BLAS thread: the recurrent products are (a few windows x 256) @ (256 x 1024), 480 of them per clip; a
    # threaded BLAS spends longer waking its threads than multiplying (measured on a busy 2-core machine: 0.5 s
    # a 4 s clip with the default threads, 0.07 s with one).
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        partial = encoder()(mels)
    raw = partial.mean(axis=0)
    norm = float(np.linalg.norm(raw))
    return (raw / norm if norm > 0 else raw).astype(np.float32)


def normalize_volume(wav: np.ndarray, target_dbfs: float = -30.0) -> np.ndarray:
    """Raise quiet speech to -30 dBFS (never lower loud speech), as resemblyzer's preprocessing does."""
    rms = float(np.sqrt(np.mean(np.square(wav, dtype=np.float64)))) if len(wav) else 0.0
    if rms <= 0:
        return wav
    change = target_dbfs - 20 * np.log10(rms)
    return wav if change < 0 else (wav * (10 ** (change / 20))).astype(np.float32)
