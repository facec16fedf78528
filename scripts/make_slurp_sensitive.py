#!/usr/bin/env python3
"""Build the SLURP sets of bench/sensitive.py from SLURP's text (CC BY 4.0).

    python scripts/make_slurp_sensitive.py PATH/TO/slurp/dataset/slurp/test.jsonl     # -> slurp.jsonl (sets a, b)
    python scripts/make_slurp_sensitive.py PATH/TO/slurp/dataset/slurp/devel.jsonl    # -> slurp_devel.jsonl (set c)

SLURP (Bastianelli et al., EMNLP 2020, github.com/pswietojanski/slurp) holds what real people said to a voice
assistant, transcribed by its annotators, with entities marked. Kept here: every sentence with a ``person``,
``email_address``, ``artist_name`` or ``audiobook_author`` entity, and every 8th other sentence. Gold findings:
``person`` entities -> person, ``email_address`` -> email. Artists and authors are kept as ``not_person`` (a
finder that calls them people is wrong). Only these two categories are annotated by SLURP: the bench scores
these sets on person and email alone.

The test split gives sets a and b (its even and odd lines); the devel split, which no rule was tuned on and no
error of which was read, gives set c. An entity is found in the sentence whatever its case (SLURP's tokens are
sometimes capitalised where the sentence is not: "Dolly parton's") and kept in the sentence's spelling.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sensitive"
OUT = {"test": FIXTURES / "slurp.jsonl", "devel": FIXTURES / "slurp_devel.jsonl"}
KEEP = {"person", "email_address", "artist_name", "audiobook_author"}


def _in_sentence(words: str, sentence: str) -> str | None:
    """``words`` as the sentence spells them (found case-insensitively), with a trailing "'s" dropped if need be."""
    for candidate in (words, words.removesuffix("'s").strip()):
        at = sentence.lower().find(candidate.lower())
        if at >= 0:
            return sentence[at : at + len(candidate)]
    return None


def _item(rec: dict) -> dict:
    toks = [t["surface"] for t in rec["tokens"]]
    labels, not_person = [], []
    for e in rec["entities"]:
        words = _in_sentence(" ".join(toks[i] for i in e["span"]).replace(" '", "'"), rec["sentence"])
        if words is None:
            continue  # the annotation does not match the sentence's words: left out
        if e["type"] == "person":
            labels.append(["person", words])
        elif e["type"] == "email_address":
            labels.append(["email", words])
        elif e["type"] in ("artist_name", "audiobook_author"):
            not_person.append(words)
    item = {"text": rec["sentence"], "labels": labels, "source": f"SLURP {rec['_split']} {rec['slurp_id']}"}
    if not_person:
        item["not_person"] = not_person
    return item


def main(path: str) -> int:
    split = Path(path).stem
    if split not in OUT:
        raise SystemExit(f"expected SLURP's test.jsonl or devel.jsonl, not {path}")
    lines = []
    others = 0
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(raw)
        if not {e["type"] for e in rec["entities"]} & KEEP:
            others += 1
            if others % 8:
                continue
        rec["_split"] = split
        lines.append(json.dumps(_item(rec), ensure_ascii=False))
    OUT[split].write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} sentences -> {OUT[split]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
