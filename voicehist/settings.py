"""Changing ``config.toml`` from the command line (``voicehist config``) or the app: the keys one may set, the
values voicehist uses now, and an edit that keeps the user's comments and must load cleanly before it replaces
the file. It sits above :mod:`voicehist.config` (which every layer reads) because it checks values against the
letters' laws and reads the requester the letters use."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from voicehist.config import TEMPLATE, ConfigError, DetectConfig, load_config
from voicehist.errors import VoicehistError
from voicehist.localtime import _config_zone, parse_zone, system_zone, zone_label
from voicehist.paths import locations, private_dir, write_private
from voicehist.requests.build import read_requester
from voicehist.requests.facts import LAWS

REQUESTER_KEYS = ("name", "email", "jurisdiction", "law")


def settable_keys() -> list[str]:
    numeric = [f.name for f in fields(DetectConfig) if f.type in ("float", "int")]
    return [
        *(f"requester.{k}" for k in REQUESTER_KEYS),
        "app.advance_after_decision",
        "display.timezone",
        *(f"detect.{k}" for k in numeric),
        "detect.wake_audio",
        "detect.wake_model",
    ]


def effective_settings(path: Path | None = None) -> dict[str, Any]:
    """What voicehist uses now, as ``{"file", "exists", "settings": {key: value}, "defaults": [keys not set]}``."""
    cfg_path = path or locations().config_file
    cfg = load_config(cfg_path)
    requester = read_requester(cfg_path)
    set_in_file = _keys_in_file(cfg_path)
    values: dict[str, Any] = {
        "requester.name": requester.name,
        "requester.email": requester.email,
        "requester.jurisdiction": requester.jurisdiction,
        "requester.law": requester.law,
        "app.advance_after_decision": cfg.app.advance_after_decision,
        "display.timezone": _zone_name(cfg_path),
    }
    for key in settable_keys():
        if key.startswith("detect."):
            values[key] = getattr(cfg.detect, key.split(".", 1)[1])
    changed = cfg.detect.changed_weights()
    for name, weight in changed.items():
        values[f"detect.weights.{name}"] = weight
    return {
        "file": str(cfg_path),
        "exists": cfg_path.is_file(),
        "settings": values,
        "from_file": sorted(k for k in values if k in set_in_file or k.startswith("detect.weights.")),
    }


def _zone_name(path: Path) -> str:
    """The display zone: config.toml's, else the system's (said so)."""
    configured = _config_zone(path)  # BadZone (exit 2) names the file and the value
    return zone_label(configured) if configured is not None else f"{zone_label(system_zone())} (the system's)"


def _keys_in_file(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    out: set[str] = set()
    for section, table in data.items():
        if isinstance(table, dict):
            out.update(f"{section}.{k}" for k in table)
    return out


def _toml_value(key: str, value: str) -> str:
    """``value`` (as typed on the command line) as a TOML value for ``key``; a ConfigError when it cannot be."""
    if key in ("app.advance_after_decision", "detect.wake_audio"):
        low = value.strip().lower()
        if low in ("true", "yes", "on", "1"):
            return "true"
        if low in ("false", "no", "off", "0"):
            return "false"
        raise ConfigError(f"{key} must be true or false, not {value!r}")
    if key == "display.timezone":
        parse_zone(value, key)  # BadZone (exit 2): not a zone
    elif key == "detect.wake_model":
        if not value.strip():
            raise ConfigError(f"{key} must be a model's name (voicehist models) or folder, or bundled")
    elif key.startswith("detect."):
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(f"{key} must be a number, not {value!r}") from None
        return str(int(number)) if key == "detect.wake_window_words" else repr(number)
    if key == "requester.law":
        if value.strip().lower() not in LAWS:
            raise ConfigError(f"requester.law must be one of {', '.join(LAWS)}, not {value!r}")
        value = value.strip().lower()
    if key == "requester.email" and value.strip() and "@" not in value:
        raise ConfigError(f"requester.email must be an e-mail address, not {value!r}")
    if any(ord(c) < 32 and c != "\t" for c in value):
        raise ConfigError(f"{key} must be one line of text")
    escaped = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _edit(text: str, section: str, name: str, line: str | None) -> str:
    """``text`` with ``name = ...`` in ``[section]`` replaced by ``line`` (removed when None); added at the end of
    the section (or in a new section) when absent. Comments and everything else are kept."""
    lines = text.splitlines()
    start = None
    end = len(lines)
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if stripped.startswith("[") and not stripped.startswith("#"):
            header = stripped.split("#", 1)[0].strip()
            if start is None and header == f"[{section}]":
                start = i
            elif start is not None:
                end = i
                break
    if start is None:
        if line is None:
            return text
        tail = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return f"{text}{tail}[{section}]\n{line}\n"
    for i in range(start + 1, end):
        if lines[i].split("=", 1)[0].strip() == name and "=" in lines[i] and not lines[i].lstrip().startswith("#"):
            if line is None:
                del lines[i]
            else:
                lines[i] = line
            return "\n".join(lines) + "\n"
    if line is None:
        return text
    at = end
    while at > start + 1 and not lines[at - 1].strip():
        at -= 1
    lines.insert(at, line)
    return "\n".join(lines) + "\n"


def change_setting(key: str, value: str | None, path: Path | None = None) -> Path:
    """Set ``key`` (``section.name``, one of :func:`settable_keys`) to ``value`` in config.toml, or remove it
    (``value`` None). The file is created (0600, from :data:`TEMPLATE`) when it does not exist; the result must
    load cleanly before it replaces the old file. Returns the file's path."""
    if key not in settable_keys():
        raise ConfigError(f"unknown setting {key!r}; known: {', '.join(settable_keys())}")
    cfg_path = path or locations().config_file
    section, name = key.split(".", 1)
    try:
        text = cfg_path.read_text(encoding="utf-8") if cfg_path.exists() else TEMPLATE
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read {cfg_path}: {e}") from e
    new = _edit(text, section, name, None if value is None else f"{name} = {_toml_value(key, value)}")
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{cfg_path}: the change would not be valid TOML ({e}); edit the file by hand") from e
    existed = cfg_path.exists()
    private_dir(cfg_path.parent)
    write_private(cfg_path, new.encode("utf-8"), overwrite=True)
    try:
        effective_settings(cfg_path)
    except VoicehistError:  # the file as it was (or none)
        if existed:
            write_private(cfg_path, text.encode("utf-8"), overwrite=True)
        else:
            cfg_path.unlink(missing_ok=True)
        raise
    return cfg_path
