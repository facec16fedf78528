"""Issue 20, finding 4: the sensitive finder is linear in its input and reads at most MAX_TEXT characters of
a clip, so a megabyte-long word in a transcript cannot hold `sensitive`, `report` or the app."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from voicehist.sensitive.finder import MAX_TEXT, find

MB = 1_000_000
# each of these took from seconds to hours before (the e-mail and money patterns restarted at every character)
HOSTILE = ["a" * MB, "a." * (MB // 2), "1," * (MB // 2), "1-" * (MB // 2), "1 " * (MB // 2), "$" + "1," * (MB // 2),
           "ab" * (MB // 2) + "@x", "pin is " * (MB // 7), "x1.y-" * (MB // 5), "a_" * (MB // 2) + "!"]  # fmt: skip


def test_a_megabyte_word_finishes() -> None:
    code = textwrap.dedent(
        """
        from voicehist.sensitive.finder import find
        from tests.sensitive.test_long_text import HOSTILE
        for text in HOSTILE:
            find(text)
            find("call me at 206 555 0100 " + text)
        print("done")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "done" in out.stdout, out.stderr[-2000:]


def test_findings_before_a_long_word_are_kept() -> None:
    text = "my email is jane.doe@example.com and call 206 555 0100. " + "1," * MB
    cats = {f.category for f in find(text)}
    assert {"email", "phone"} <= cats
    # what lies past the cap is not read (and says nothing false about what is)
    far = "x " * MAX_TEXT + "jane.doe@example.com"
    assert not [f for f in find(far) if f.category == "email"]


def test_linear_patterns_keep_their_meaning() -> None:
    got = {(f.category, f.words) for f in find("write to bob.smith+tag@mail.example.org, my pin is 4 4 2 1")}
    assert ("email", "bob.smith+tag@mail.example.org") in got
    assert ("secret", "pin is 4 4 2 1") in got
    assert ("money", "1,500 dollars") in {(f.category, f.words) for f in find("it cost 1,500 dollars")}
