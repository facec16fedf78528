#!/usr/bin/env python3
"""Build tests/fixtures/sensitive/slurp.jsonl from SLURP's test set (the text is CC BY 4.0).

    python scripts/make_slurp_sensitive.py PATH/TO/slurp/dataset/slurp/test.jsonl

SLURP (Bastianelli et al., EMNLP 2020, github.com/pswietojanski/slurp) holds what real people said to a voice
assistant, transcribed by its annotators, with entities marked. Kept here: every sentence with a ``person``,
``email_address``, ``artist_name`` or ``audiobook_author`` entity, and every 8th other sentence. Gold findings:
``person`` entities -> person, ``email_address`` -> email. Artists and authors are kept as ``not_person`` (a
finder that calls them people is wrong). Only these two categories are annotated by SLURP: the bench scores
this set on person and email alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sensitive" / "slurp.jsonl"
KEEP = {"person", "email_address", "artist_name", "audiobook_author"}


def main(path: str) -> int:
    lines = []
    others = 0
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(raw)
        toks = [t["surface"] for t in rec["tokens"]]
        types = {e["type"] for e in rec["entities"]}
        if not types & KEEP:
            others += 1
            if others % 8:
                continue
        labels, not_person = [], []
        for e in rec["entities"]:
            words = " ".join(toks[i] for i in e["span"]).replace(" '", "'")
            if words not in rec["sentence"]:
                words = words.removesuffix("'s").strip()
            if words not in rec["sentence"]:
                continue  # the annotation does not match the sentence's spelling: left out
            if e["type"] == "person":
                labels.append(["person", words])
            elif e["type"] == "email_address":
                labels.append(["email", words])
            elif e["type"] in ("artist_name", "audiobook_author"):
                not_person.append(words)
        item = {"text": rec["sentence"], "labels": labels, "source": f"SLURP test {rec['slurp_id']}"}
        if not_person:
            item["not_person"] = not_person
        lines.append(json.dumps(item, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} sentences -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
