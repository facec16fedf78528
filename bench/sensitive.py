"""Precision and recall of the sensitive-content finder on labelled transcripts, beside a regex-only baseline.

    python bench/sensitive.py            # every set: tune (the rules were tuned on it), holdout (never tuned on), ...
    python bench/sensitive.py --json

and two sets the project did not write: tests/fixtures/sensitive/slurp.jsonl, what real people said to a voice
assistant (SLURP's test set, CC BY 4.0, transcribed by SLURP's annotators; scripts/make_slurp_sensitive.py), split
by line into slurp-a (even lines: its errors were read while the person rules were written) and slurp-b (odd
lines: only ever measured as a whole), and tests/fixtures/sensitive/slurp_devel.jsonl, slurp-c: the same
selection from SLURP's devel split, added when b had been measured often enough to have steered choices; no
rule was written from it and no error of it read. tests/fixtures/sensitive/hwu.jsonl: the HWU64 collection SLURP's
text grew from (CC BY 4.0), less every sentence of SLURP's test and devel splits, the same selection: split by
id into hwu-h (three ids in four: the person rules of issue 18's second round were tuned on it) and hwu-hx (one id
in four, kept aside: measured once, at the end of that round). SLURP and HWU64 annotate only people and e-mail
addresses, so those sets are scored on the categories person and email alone; artists and authors ("play some
taylor swift") are there as names that are not people.

tests/fixtures/sensitive/asr.jsonl: what the bundled model (voicehist's default engine) wrote for 351 real people
reading aloud (LibriSpeech utterances, CC BY 4.0, from Resemblyzer's audio_data; scripts/make_asr_sensitive.py),
labelled in every category, line by line, by a separate annotator (a helper agent of the project given the
category definitions alone, never the finder's rules or output). Split by line
into asr-a (even lines: its errors were read while the rules for Whisper's capitalised text and the health words
were written) and asr-b (odd lines: measured as a whole, before and after, its errors never read). Its names are
mostly characters of novels and its health words a narrator's ("the doctor", "symptoms", "injuries"): a harder
domain than a household's requests, and the finder's weakest figure.

The labelled sets are tests/fixtures/sensitive/{tune,holdout}.jsonl: one transcript a line, written the way
speech recognisers write (Alexa's lower-case text without punctuation, Whisper's capitalised sentences, numbers
as words or digits), with the gold findings as (category, words). A finding counts as correct when a gold
finding of the same category overlaps it; recall counts gold findings that some finding of their category
overlaps.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voicehist.sensitive import CATEGORIES, find

SETS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sensitive"

Span = tuple[str, int, int]

# The baseline: what a few regular expressions over the raw text find, with no spoken-number reading,
# no libphonenumber, no context rules and a handful of keywords per lexical category.
BASELINE = {
    "phone": re.compile(r"\(?\b\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}\b|\b\d{3}-\d{4}\b"),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "address": re.compile(r"\b\d+ \w+ (?:street|st|avenue|ave|road|rd|lane|drive)\b", re.I),
    "money": re.compile(r"[$£€]\d[\d,.]*|\b\d[\d,.]* (?:dollars|pounds|euros|bucks)\b", re.I),
    "account": re.compile(r"\b\d{9,19}\b|\b\d{3}-\d{2}-\d{4}\b"),
    "health": re.compile(r"\b(?:doctor|sick|medicine|hospital|cancer|pills)\b", re.I),
    "person": re.compile(r"(?<=\b[Cc]all )[A-Z][a-z]+|(?<=\b[Tt]ext )[A-Z][a-z]+"),
    "child": re.compile(r"\b(?:kids?|children|child|baby|son|daughter)\b", re.I),
    "secret": re.compile(r"\b(?:password|pin|passcode)\b.{0,30}", re.I),
}


def baseline_find(text: str) -> list[Span]:
    return [(cat, m.start(), m.end()) for cat, rx in BASELINE.items() for m in rx.finditer(text)]


def finder_find(text: str) -> list[Span]:
    return [(f.category, f.start, f.end) for f in find(text)]


# the categories each set is annotated for (None: all)
ANNOTATED: dict[str, tuple[str, ...] | None] = {
    "tune": None,
    "holdout": None,
    "slurp-a": ("person", "email"),
    "slurp-b": ("person", "email"),
    "slurp-c": ("person", "email"),
    "hwu-h": ("person", "email"),
    "hwu-hx": ("person", "email"),
    "asr-a": None,
    "asr-b": None,
}
# where each set's lines are: (file, every other line from this one, or all lines)
FILES: dict[str, tuple[str, int | None]] = {
    "hwu-h": ("hwu", None),
    "hwu-hx": ("hwu", None),
    "tune": ("tune", None),
    "holdout": ("holdout", None),
    "slurp-a": ("slurp", 0),
    "slurp-b": ("slurp", 1),
    "slurp-c": ("slurp_devel", None),
    "asr-a": ("asr", 0),
    "asr-b": ("asr", 1),
}


def load(name: str) -> list[tuple[str, list[Span]]]:
    out = []
    file, first = FILES[name]
    lines = [x for x in (SETS / f"{file}.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    if first is not None:
        lines = lines[first::2]
    if file == "hwu":  # hwu-hx: the sentences whose HWU64 id is a multiple of 4; hwu-h: the others
        aside = name == "hwu-hx"
        lines = [x for x in lines if (int(json.loads(x)["source"].split()[-1]) % 4 == 0) == aside]
    for line in lines:
        item = json.loads(line)
        text = item["text"]
        gold = []
        after: dict[str, int] = {}  # a name labelled twice is its first and its second mention
        for cat, words in item["labels"]:
            # the words where they are a whole word ("morphine", not inside "Epimorphine"), else anywhere
            whole = re.compile(rf"(?<!\w){re.escape(words)}(?!\w)").search(text, after.get(f"{cat} {words}", 0))
            at = whole.start() if whole else text.find(words, after.get(f"{cat} {words}", 0))
            after[f"{cat} {words}"] = at + len(words)
            if at < 0:
                raise SystemExit(f"{name}: {words!r} is not in {text!r}")
            gold.append((cat, at, at + len(words)))
        out.append((text, gold))
    return out


def score(
    data: list[tuple[str, list[Span]]], fn: Callable[[str], list[Span]], cats: tuple[str, ...] | None = None
) -> dict[str, dict[str, float]]:
    tp_p = {c: 0 for c in CATEGORIES}  # predictions that hit a gold span
    n_p = {c: 0 for c in CATEGORIES}
    tp_g = {c: 0 for c in CATEGORIES}  # gold spans that were found
    n_g = {c: 0 for c in CATEGORIES}
    for text, gold in data:
        pred = [p for p in fn(text) if cats is None or p[0] in cats]
        for c, a, b in pred:
            n_p[c] += 1
            tp_p[c] += any(gc == c and ga < b and a < gb for gc, ga, gb in gold)
        for c, a, b in gold:
            n_g[c] += 1
            tp_g[c] += any(pc == c and pa < b and a < pb for pc, pa, pb in pred)
    res: dict[str, dict[str, float]] = {}
    for c in [*CATEGORIES, "overall"]:
        if c == "overall":
            p_hit, p_all, g_hit, g_all = (sum(d.values()) for d in (tp_p, n_p, tp_g, n_g))
        else:
            p_hit, p_all, g_hit, g_all = tp_p[c], n_p[c], tp_g[c], n_g[c]
        res[c] = {
            "gold": g_all,
            "found": p_all,
            "precision": p_hit / p_all if p_all else 1.0,
            "recall": g_hit / g_all if g_all else 1.0,
        }
    return res


def errors(data: list[tuple[str, list[Span]]], cats: tuple[str, ...] | None = None) -> list[str]:
    lines = []
    for text, gold in data:
        pred = [p for p in finder_find(text) if cats is None or p[0] in cats]
        for c, a, b in pred:
            if not any(gc == c and ga < b and a < gb for gc, ga, gb in gold):
                lines.append(f"  FP {c:8} {text[a:b]!r:40} in {text!r}")
        for c, a, b in gold:
            if not any(pc == c and pa < b and a < pb for pc, pa, pb in pred):
                lines.append(f"  FN {c:8} {text[a:b]!r:40} in {text!r}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list every miss and false finding of the finder")
    ap.add_argument("--sets", nargs="+", choices=list(ANNOTATED), help="only these sets (default: all)")
    args = ap.parse_args()
    doc = {}
    for name, cats in ANNOTATED.items():
        if args.sets and name not in args.sets:
            continue
        data = load(name)
        doc[name] = {
            "sentences": len(data),
            "with_sensitive": sum(1 for _, g in data if g),
            "categories": list(cats or CATEGORIES),
            "finder": score(data, finder_find, cats),
            "regex_baseline": score(data, baseline_find, cats),
        }
        if args.errors and not args.json:
            print(f"{name}:")
            print("\n".join(errors(data, cats)) or "  (none)")
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    for name, d in doc.items():
        print(f"\n{name}: {d['sentences']} sentences, {d['with_sensitive']} with sensitive content")
        print(f"{'category':10} {'gold':>5} | {'finder P':>8} {'R':>5} | {'regex P':>8} {'R':>5}")
        for c in [*d["categories"], "overall"]:
            f, b = d["finder"][c], d["regex_baseline"][c]
            print(
                f"{c:10} {f['gold']:>5} | {f['precision']:>8.2f} {f['recall']:>5.2f} |"
                f" {b['precision']:>8.2f} {b['recall']:>5.2f}"
            )


if __name__ == "__main__":
    main()
