"""The time zone a person reads times in, and times shown in it.

voicehist stores and writes UTC (the database, every ``--json`` document, CSV). Wherever a person reads a time
(lists, ``show``, the app, manual-deletion steps, letters) it is shown in the *display zone*, chosen by, first
to last:

1. ``--tz ZONE`` on the command line (:func:`set_zone`);
2. ``timezone = "Europe/Berlin"`` in config.toml's ``[display]`` section;
3. the system's zone (``TZ``, else ``/etc/localtime``, else what the C library says).

Zones are IANA names (``Europe/Berlin``, ``America/Los_Angeles``) or ``UTC``; an unknown name is refused with a
clear error (exit 2), never guessed.
"""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from voicehist.errors import VoicehistError
from voicehist.paths import locations

UTC = _dt.UTC


class BadZone(VoicehistError):
    """A time zone name that is not an IANA zone."""


_chosen: _dt.tzinfo | None = None  # set by --tz for this process


def parse_zone(name: str, where: str = "--tz") -> _dt.tzinfo:
    text = name.strip()
    if text.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return UTC
    try:
        if not text or text.startswith(("/", ".")) or ".." in text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadZone(
            f"{where}: {name!r} is not a time zone; use an IANA name such as Europe/Berlin, Europe/London,"
            " America/Los_Angeles, or UTC"
        ) from None


def set_zone(name: str | None) -> None:
    """Use this zone for the rest of the process (``--tz``); None goes back to config.toml / the system."""
    global _chosen
    _chosen = parse_zone(name) if name else None


def _config_zone(path: Path | None = None) -> _dt.tzinfo | None:
    cfg = path or locations().config_file
    try:
        data = tomllib.loads(cfg.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise BadZone(f"cannot read {cfg}: {e}") from None
    section = data.get("display")
    value = section.get("timezone") if isinstance(section, dict) else None
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadZone(f'{cfg}: display.timezone must be a zone name such as "Europe/Berlin", not {value!r}')
    return parse_zone(value, f"{cfg} [display] timezone")


def system_zone() -> _dt.tzinfo:
    """The system's zone: ``TZ``, else the zone ``/etc/localtime`` links to, else the C library's."""
    tz = os.environ.get("TZ", "").strip().removeprefix(":")
    if tz:
        try:
            return parse_zone(tz, "TZ")
        except BadZone:
            pass
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return parse_zone(target.split("zoneinfo/", 1)[1], "/etc/localtime")
    except (OSError, BadZone):
        pass
    from dateutil.tz import tzlocal

    return tzlocal()


_cache: tuple[tuple[object, ...], _dt.tzinfo] | None = None


def zone() -> _dt.tzinfo:
    """The display zone (see the module's docstring). Read again only when config.toml or ``TZ`` changed (a
    list shows thousands of times)."""
    global _cache
    if _chosen is not None:
        return _chosen

    cfg = locations().config_file
    try:
        st = cfg.stat()
        stamp: tuple[object, ...] = (str(cfg), st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (str(cfg), None, None)
    key = (*stamp, os.environ.get("TZ"))
    if _cache is None or _cache[0] != key:
        _cache = (key, _config_zone(cfg) or system_zone())
    return _cache[1]


def zone_label(z: _dt.tzinfo | None = None) -> str:
    """How the zone is named to a person: its IANA key (``Europe/Berlin``) or UTC."""
    z = z or zone()
    if z is UTC:
        return "UTC"
    return getattr(z, "key", None) or _dt.datetime.now(z).tzname() or "local time"


def parse_utc(iso: str | None) -> _dt.datetime | None:
    """A stored UTC time as an aware datetime; None when missing, unparseable or the 1970 'no time' marker."""
    if not iso or iso.startswith("1970-01-01"):
        return None
    try:
        t = _dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def local(iso: str | None, z: _dt.tzinfo | None = None, *, seconds: bool = True, abbrev: bool = True) -> str:
    """``2025-03-21 05:18:54 CET``: a stored UTC time in the display zone (the zone's abbreviation after it
    unless ``abbrev`` is false). An empty string when there is no time."""
    t = parse_utc(iso)
    if t is None:
        return ""
    lt = t.astimezone(z or zone())
    text = lt.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{text} {lt.tzname() or ''}".rstrip() if abbrev else text


def local_dt(iso: str | None, z: _dt.tzinfo | None = None) -> _dt.datetime | None:
    t = parse_utc(iso)
    return None if t is None else t.astimezone(z or zone())


def is_utc(z: _dt.tzinfo | None = None) -> bool:
    z = z or zone()
    return (
        z is UTC
        or _dt.datetime(2025, 1, 1, tzinfo=z).utcoffset()
        == _dt.timedelta(0)
        == _dt.datetime(2025, 7, 1, tzinfo=z).utcoffset()
    )


__all__ = ["BadZone", "parse_zone", "set_zone", "system_zone", "zone", "zone_label", "local", "local_dt", "is_utc"]
