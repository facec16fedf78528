"""One safe, read-only view over an export: a zip, several zips, a folder (with zips inside), or one file.

Nothing is ever extracted to disk: members are read into memory (or streamed) straight from the zip. The
safety rules live here, so every importer gets them:

- member names that escape (``../``, absolute paths, drive letters) are refused and listed in ``rejected``;
- zip bombs: the total declared uncompressed size of everything read in one import (nested zips included) is
  capped, each member's and each zip's compression ratio is capped, and a member that inflates to more than it
  declared is cut off;
- memory stays bounded: a member is read whole only up to ``max_member_bytes``; zips inside zips are held in
  memory only up to a small total and are otherwise spooled to an unnamed temporary file in voicehist's cache
  folder (gone when the import ends, even when it is killed);
- symlinks in a folder are followed only when they point inside that folder; zip symlink entries are skipped;
- names that are not valid UTF-8 survive: ``Member.name`` is always printable text (undecodable bytes become
  U+FFFD), while the member is still opened by its real name.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from voicehist.errors import NotAnExport, VoicehistError
from voicehist.paths import locations, private_dir

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True)
class Limits:
    """Caps against hostile archives. The defaults are far above any real voice-history export."""

    max_total_bytes: int = 64 * 1024**3  # all members of one import together, uncompressed
    max_member_bytes: int = 192 * 1024**2  # one member, uncompressed (it may be read whole into memory)
    max_ratio: float = 200.0  # uncompressed / compressed, checked on members above ratio_min_bytes
    ratio_min_bytes: int = 1024**2
    max_zip_ratio: float = 100.0  # a whole zip's declared / compressed size, once it declares zip_ratio_min_bytes
    zip_ratio_min_bytes: int = 64 * 1024**2
    max_nested_zip_bytes: int = 4 * 1024**3  # zips inside zips, all together per import
    nested_in_memory_bytes: int = 32 * 1024**2  # of those, held in memory (the rest spooled to a temp file)
    max_depth: int = 3  # zips inside zips inside ...


DEFAULT_LIMITS = Limits()


@dataclass
class Spent:
    """What one import has used of its :class:`Limits` so far; shared by every archive the import opens, so
    that the caps are totals per import rather than per zip or per path."""

    total: int = 0  # uncompressed bytes of members accepted
    nested: int = 0  # bytes of nested zips opened


class UnsafeMember(VoicehistError):
    """A member that must not be read (escaping name, bomb, symlink out of the folder)."""


# what reading a member of a damaged zip or a vanishing file can raise
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, ValueError, NotImplementedError, UnsafeMember,
)  # fmt: skip


def printable(name: str) -> str:
    """A name as text that can be printed and stored (surrogate escapes from undecodable bytes → U+FFFD)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def safe_member_name(raw: str) -> str | None:
    """Normalise a member name to a relative posix path; None when it escapes or is absolute."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or name.startswith("//"):
        return None
    parts: list[str] = []
    for part in name.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            return None
        parts.append(part)
    if not parts:
        return None
    return "/".join(parts)


@dataclass
class Member:
    """One file of the export. ``name`` is the printable path inside the export (``zipname!inner/path``
    for members of a zip inside a folder or given alongside others)."""

    name: str
    size: int
    date: _dt.datetime | None  # naive local time for zip entries (zip stores no zone), aware UTC for files
    container: str  # printable path of the zip or folder it lives in
    _open: object = field(repr=False, default=None)
    _limit: int = field(repr=False, default=0)
    inner: str = ""  # the path inside its own (innermost) container; ``name`` = a "zip!" prefix + inner

    def __post_init__(self) -> None:
        if not self.inner:
            self.inner = self.name

    @property
    def basename(self) -> str:
        return PurePosixPath(self.inner).name

    @property
    def dirname(self) -> str:
        prefix = self.name[: len(self.name) - len(self.inner)]
        parent = str(PurePosixPath(self.inner).parent)
        return prefix + ("" if parent == "." else parent)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.basename).suffix.lower()

    def open(self) -> IO[bytes]:
        opener = self._open
        assert callable(opener)
        return opener()

    def read(self) -> bytes:
        """All bytes; refuses to inflate past the declared size."""
        with self.open() as fh:
            data = fh.read(self._limit + 1)
        if len(data) > self._limit:
            raise UnsafeMember(f"{self.name}: inflates beyond its declared size; refusing to read it")
        return data

    def head(self, n: int = 64) -> bytes:
        try:
            with self.open() as fh:
                return fh.read(n)
        except READ_ERRORS:
            return b""


@dataclass
class Archive:
    """A set of members from one or more roots, plus what was refused while listing them."""

    roots: list[Path]
    members: list[Member] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    limits: Limits = DEFAULT_LIMITS
    spent: Spent = field(default_factory=Spent)
    _nested_in_memory: int = 0  # bytes of nested zips this archive holds in memory
    _handles: list[zipfile.ZipFile] = field(default_factory=list, repr=False)
    _spools: list[IO[bytes]] = field(default_factory=list, repr=False)

    @classmethod
    def open(
        cls, paths: Sequence[str | os.PathLike[str]], limits: Limits = DEFAULT_LIMITS, spent: Spent | None = None
    ) -> Archive:
        arch = cls(roots=[Path(p) for p in paths], limits=limits, spent=spent if spent is not None else Spent())
        multi = len(arch.roots) > 1
        for root in arch.roots:
            arch._add_root(root, multi)
        return arch

    def close(self) -> None:
        for zf in self._handles:
            zf.close()
        self._handles.clear()
        for fh in self._spools:
            fh.close()
        self._spools.clear()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    # -- listing ---------------------------------------------------------------------------------------

    def _add_root(self, root: Path, multi: bool) -> None:
        shown = printable(str(root))
        if root.is_symlink() and not root.exists():
            raise NotAnExport(f"{shown}: a broken symbolic link")
        if not root.exists():
            raise NotAnExport(f"{shown}: no such file or folder")
        if root.is_dir():
            self._add_dir(root)
        elif root.is_file():
            if _is_zip_file(root):
                try:
                    zf = open_zip(root, self.limits)
                except (zipfile.BadZipFile, OSError) as e:
                    raise NotAnExport(f"{shown}: looks like a zip but cannot be read ({e})") from e
                self._handles.append(zf)
                prefix = (root.name + "!") if multi else ""
                self._add_zip(zf, prefix=printable(prefix), container=shown, depth=1)
            else:
                st = root.stat()
                self._add_file(root, printable(root.name), st, container=printable(str(root.parent)))
        else:
            raise NotAnExport(f"{shown}: not a regular file or folder")

    def _add_dir(self, root: Path) -> None:
        real_root = root.resolve()
        container = printable(str(root))

        def unreadable(e: OSError) -> None:
            where = Path(e.filename) if e.filename else root
            rel = printable(where.relative_to(root).as_posix()) if where != root else printable(str(root))
            self.rejected.append((rel, f"folder cannot be read: {e.strerror or e}"))

        for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
            dpath = Path(dirpath)
            # symlinked directories: follow only those that stay inside the folder
            for d in list(dirnames):
                p = dpath / d
                if p.is_symlink():
                    dirnames.remove(d)
                    rel = printable(str(p.relative_to(root)))
                    target = _resolve(p)
                    if target is None:
                        self.rejected.append((rel, "symbolic link loop: not followed"))
                    elif target == real_root or real_root in target.parents:
                        self.rejected.append((rel, "link to a folder inside the export: skipped (already read)"))
                    else:
                        self.rejected.append((rel, "symbolic link pointing outside the export folder: not followed"))
            dirnames.sort()
            for f in sorted(filenames):
                p = dpath / f
                rel = printable(p.relative_to(root).as_posix())
                if is_os_litter(rel):
                    continue
                if p.is_symlink():
                    target = _resolve(p)
                    if target is None:
                        self.rejected.append((rel, "symbolic link loop: not followed"))
                        continue
                    if real_root not in target.parents or not target.is_file():
                        self.rejected.append((rel, "symbolic link pointing outside the export folder: not followed"))
                        continue
                try:
                    st = p.stat()
                except OSError as e:
                    self.rejected.append((rel, f"cannot be read: {e.strerror or e}"))
                    continue
                if not stat.S_ISREG(st.st_mode):
                    self.rejected.append((rel, "not a regular file"))
                    continue
                if _is_zip_file(p):
                    try:
                        zf = open_zip(p, self.limits)
                    except (zipfile.BadZipFile, OSError) as e:
                        self.rejected.append((rel, f"a zip that cannot be read: {e}"))
                        continue
                    self._handles.append(zf)
                    self._add_zip(zf, prefix=rel + "!", container=printable(str(p)), depth=1)
                else:
                    self._add_file(p, rel, st, container)

    def _add_file(self, path: Path, name: str, st: os.stat_result, container: str) -> None:
        if st.st_size > self.limits.max_member_bytes:
            self.rejected.append((name, f"{st.st_size} bytes, above the limit for one file: refused"))
            return
        if not self._reserve(name, st.st_size):
            return
        date = _dt.datetime.fromtimestamp(st.st_mtime, _dt.UTC)
        self.members.append(
            Member(
                name=name,
                size=st.st_size,
                date=date,
                container=container,
                _open=lambda: open(path, "rb"),
                _limit=st.st_size,
            )
        )

    def _add_zip(self, zf: zipfile.ZipFile, prefix: str, container: str, depth: int) -> None:
        lim = self.limits
        infos = zf.infolist()
        declared = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos)
        if declared >= lim.zip_ratio_min_bytes and declared > lim.max_zip_ratio * max(packed, 1):
            shown = printable(prefix.rstrip("!")) or container
            self.rejected.append((shown, f"inflates {declared / max(packed, 1):.0f}:1 ({declared} bytes from {packed})"
                                         ": looks like a zip bomb, refused"))  # fmt: skip
            return
        for info in infos:
            raw = info.filename
            shown = printable(prefix + raw)
            if info.is_dir():
                if safe_member_name(raw) is None and raw.strip("/") not in ("", "."):
                    self.rejected.append((shown, "folder name escapes the archive (../ or absolute): refused"))
                continue
            name = safe_member_name(raw)
            if name is None:
                self.rejected.append((shown, "name escapes the archive (../ or absolute path): refused"))
                continue
            mode = info.external_attr >> 16
            if mode and stat.S_ISLNK(mode):
                self.rejected.append((shown, "symbolic link inside the zip: not followed"))
                continue
            if info.flag_bits & 0x1:
                self.rejected.append((shown, "encrypted zip member: cannot be read"))
                continue
            inner_name = printable(name)
            full = printable(prefix) + inner_name
            if is_os_litter(name):
                continue
            if info.file_size > lim.max_member_bytes:
                self.rejected.append((full, f"declares {info.file_size} bytes uncompressed, above the limit: refused"))
                continue
            if info.file_size >= lim.ratio_min_bytes and info.file_size > lim.max_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                self.rejected.append((full, f"compression ratio {ratio:.0f}:1 looks like a zip bomb: refused"))
                continue
            if not self._reserve(full, info.file_size):
                continue
            try:
                date: _dt.datetime | None = _dt.datetime(*info.date_time)
            except ValueError:
                date = None

            def opener(zf: zipfile.ZipFile = zf, info: zipfile.ZipInfo = info) -> IO[bytes]:
                return zf.open(info)

            member = Member(
                name=full,
                size=info.file_size,
                date=date,
                container=container,
                _open=opener,
                _limit=info.file_size,
                inner=inner_name,
            )
            if name.lower().endswith(".zip") or member.head(4) == ZIP_MAGIC:
                if depth >= lim.max_depth:
                    self.rejected.append((full, "zip nested too deeply: skipped"))
                    continue
                if self.spent.nested + info.file_size > lim.max_nested_zip_bytes:
                    self.rejected.append((full, "zips inside zips exceed the limit for one import: unzip them first"))
                    continue
                self.spent.nested += info.file_size
                try:
                    inner = open_zip(self._load_nested(member), lim)
                except READ_ERRORS as e:
                    self.rejected.append((full, f"a nested zip that cannot be read: {e}"))
                    continue
                self.spent.total -= info.file_size  # its members are counted instead
                self._handles.append(inner)
                self._add_zip(inner, prefix=full + "!", container=full, depth=depth + 1)
                continue
            self.members.append(member)

    def _load_nested(self, member: Member) -> IO[bytes]:
        """A nested zip's bytes: in memory while the import's small in-memory allowance lasts, else copied
        to an unnamed temporary file in voicehist's cache folder."""
        if self._nested_in_memory + member.size <= self.limits.nested_in_memory_bytes:
            self._nested_in_memory += member.size
            return io.BytesIO(member.read())
        spool = tempfile.TemporaryFile(dir=private_dir(locations().cache_dir), prefix=".tmp-nested-")
        self._spools.append(spool)
        with member.open() as src:
            shutil.copyfileobj(src, spool, 1 << 20)
            if spool.tell() > member.size:
                raise UnsafeMember(f"{member.name}: inflates beyond its declared size; refusing to read it")
        spool.seek(0)
        return spool

    def _reserve(self, name: str, size: int) -> bool:
        if self.spent.total + size > self.limits.max_total_bytes:
            self.rejected.append(
                (name, f"the export exceeds {self.limits.max_total_bytes} bytes uncompressed: not read (zip bomb?)")
            )
            return False
        self.spent.total += size
        return True

    # -- helpers for importers -------------------------------------------------------------------------

    def find(self, basename: str, near: str | None = None) -> Member | None:
        """A member by file name (case-insensitive), preferring one in folder ``near``."""
        want = basename.lower()
        hits = [m for m in self.members if m.basename.lower() == want]
        if not hits:
            return None
        if near is not None:
            for m in hits:
                if m.dirname == near:
                    return m
        return hits[0]

    def describe(self) -> str:
        """What is in here, in a few words (for 'not an export' messages)."""
        if not self.members:
            what = "no readable files"
        else:
            exts: dict[str, int] = {}
            for m in self.members:
                key = m.suffix or "(no extension)"
                exts[key] = exts.get(key, 0) + 1
            top = sorted(exts.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
            what = f"{len(self.members)} file(s): " + ", ".join(f"{n} {ext}" for ext, n in top)
            if len(exts) > 6:
                what += ", ..."
        if self.rejected:
            name, why = self.rejected[0]
            what += f"; {len(self.rejected)} refused ({name}: {why}" + (", ...)" if len(self.rejected) > 1 else ")")
        return what


def _resolve(path: Path) -> Path | None:
    """Where a symbolic link leads; None for a loop (or a chain the OS gives up on)."""
    try:
        return path.resolve(strict=False)
    except (RuntimeError, OSError):
        return None


def is_os_litter(name: str) -> bool:
    """Files operating systems add to folders and zips (macOS resource forks, Finder/Explorer caches)."""
    parts = name.split("/")
    base = parts[-1]
    return "__MACOSX" in parts[:-1] or base.startswith("._") or base in (".DS_Store", "Thumbs.db", "desktop.ini")


def open_zip(source: Path | IO[bytes], limits: Limits) -> zipfile.ZipFile:
    """Open a zip; one whose names claim UTF-8 but are not is reopened reading them as cp437."""
    try:
        return zipfile.ZipFile(source)
    except UnicodeDecodeError:
        pass
    if isinstance(source, Path):
        if source.stat().st_size > limits.max_member_bytes:
            raise zipfile.BadZipFile("its file names are not valid UTF-8 and it is too large to repair in memory")
        data = source.read_bytes()
    elif isinstance(source, io.BytesIO):
        data = source.getvalue()
    else:
        source.seek(0, io.SEEK_END)
        if source.tell() > limits.nested_in_memory_bytes:
            raise zipfile.BadZipFile("its file names are not valid UTF-8 and it is too large to repair in memory")
        source.seek(0)
        data = source.read()
    try:
        fixed = _drop_utf8_flags(data)
    except (struct.error, IndexError) as e:
        raise zipfile.BadZipFile(f"damaged central directory ({e})") from e
    return zipfile.ZipFile(io.BytesIO(fixed))


def _drop_utf8_flags(data: bytes) -> bytes:
    """Clear the 'names are UTF-8' flag (bit 11) in every central and local header."""
    buf = bytearray(data)
    end = buf.rfind(b"PK\x05\x06")
    if end < 0:
        raise zipfile.BadZipFile("no end of central directory")
    count, _size, offset = struct.unpack_from("<HII", buf, end + 10)
    pos = offset
    for _ in range(count):
        if buf[pos : pos + 4] != b"PK\x01\x02":
            raise zipfile.BadZipFile("bad central directory")
        (flags,) = struct.unpack_from("<H", buf, pos + 8)
        struct.pack_into("<H", buf, pos + 8, flags & ~0x800)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, pos + 28)
        (local,) = struct.unpack_from("<I", buf, pos + 42)
        if buf[local : local + 4] == b"PK\x03\x04":
            (lflags,) = struct.unpack_from("<H", buf, local + 6)
            struct.pack_into("<H", buf, local + 6, lflags & ~0x800)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(buf)


def _is_zip_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return head in (ZIP_MAGIC, EMPTY_ZIP_MAGIC)
