"""The project must run from a fresh clone on a machine that has nothing but the clone.

No file under voicehist/, tests/, scripts/, bench/ or .ci/ may name an absolute path into a development
machine's folders, or a folder outside the repository (``../something``): a user's machine has neither.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCANNED = ["voicehist", "tests", "scripts", "bench", ".ci"]
SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".txt", ".md", ".json", ".tcss", ".j2", ".html", ""}
# absolute paths into places that only a development machine has
ABSOLUTE = re.compile(r"""(?<![\w.])/(?:work|home|Users|root|mnt|srv|opt/[a-z]+/data)/[\w.-]""")
# a relative path that climbs out of the repository (to a sibling folder such as the shared one)
CLIMB = re.compile(r"""(?:^|[\s"'(=])((?:\.\./)+[\w.-]+)""")
# the root of this repository, written out, would be the same mistake
ROOT = str(REPO)


def _files() -> list[Path]:
    out = []
    for top in SCANNED:
        base = REPO / top
        if not base.exists():
            continue
        for path in base.rglob("*"):
            if path.is_file() and path.suffix in SUFFIXES and "__snapshots__" not in path.parts:
                out.append(path)
    out.append(REPO / "pyproject.toml")
    return out


def _climbs_out(line: str, here: Path) -> bool:
    """A ``../`` path that leads out of the repository to something that exists there (or to the sibling
    ``shared`` folder of the development machine). Hostile member names in the archive tests
    (``../evil.wav``) lead nowhere and are fine."""
    for match in CLIMB.finditer(line):
        rel = match.group(1)
        if rel.lstrip("./").split("/")[0] == "shared":
            return True
        for base in (here, REPO):
            target = (base / rel).resolve()
            if not target.is_relative_to(REPO) and target.exists():
                return True
    return False


def _offences(text: str, here: Path = REPO) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if ABSOLUTE.search(line) or _climbs_out(line, here) or ROOT in line:
            found.append(f"{number}: {line.strip()[:120]}")
    return found


def test_no_file_names_a_path_outside_the_repository() -> None:
    me = Path(__file__).resolve()
    bad: list[str] = []
    for path in _files():
        if path.resolve() == me:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        bad += [f"{path.relative_to(REPO)}:{hit}" for hit in _offences(text, path.parent)]
    assert bad == [], "paths outside the repository:\n" + "\n".join(bad)


def test_the_check_itself_catches_what_it_should() -> None:
    # the detector must fire on the shapes of the original defect, and stay quiet on ordinary code
    sibling = "shar" + "ed"  # spelled in pieces: this file must not itself name the sibling folder
    assert _offences(f'REAL = Path("/{"wo" + "rk"}/{sibling}/data/real")')
    assert _offences('REAL = Path("/home/dev/recordings")')
    assert _offences(f"cp ../{sibling}/data/real/*.wav .")
    assert _offences(f'DATA = "{ROOT}/tests"')
    assert not _offences('REAL = Path(__file__).resolve().parent / "fixtures" / "real"')
    assert not _offences("members named ../evil.wav are refused")  # hostile member names lead nowhere
    assert not _offences('zf.writestr("../../outside.wav", b"x")')


def test_the_real_recordings_are_in_the_repository() -> None:
    real = REPO / "tests" / "fixtures" / "real"
    assert (real / "alexa_wakeword.wav").stat().st_size > 10_000
    assert (real / "office_lights_review.wav").stat().st_size > 500_000
    assert "Apache" in (real / "README.md").read_text()
