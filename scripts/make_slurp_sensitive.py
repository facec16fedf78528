#!/usr/bin/env python3
"""Build the SLURP sets of bench/sensitive.py from SLURP's text (CC BY 4.0).

    python scripts/make_slurp_sensitive.py PATH/TO/slurp/dataset/slurp/test.jsonl     # -> slurp.jsonl (sets a, b)
    python scripts/make_slurp_sensitive.py PATH/TO/slurp/dataset/slurp/devel.jsonl    # -> slurp_devel.jsonl (set c)
    python scripts/make_slurp_sensitive.py --hwu CV_DIR SLURP_TEST SLURP_DEVEL        # -> hwu.jsonl (sets h, hx)

SLURP (Bastianelli et al., EMNLP 2020, github.com/pswietojanski/slurp) holds what real people said to a voice
assistant, transcribed by its annotators, with entities marked. Kept here: every sentence with a ``person``,
``email_address``, ``artist_name`` or ``audiobook_author`` entity, and every 8th other sentence. Gold findings:
``person`` entities -> person, ``email_address`` -> email. Artists and authors are kept as ``not_person`` (a
finder that calls them people is wrong). Only these two categories are annotated by SLURP: the bench scores
these sets on person and email alone.

The test split gives sets a and b (its even and odd lines); the devel split, which no rule was tuned on and no
error of which was read, gives set c.

``--hwu``: the HWU64 collection SLURP's text grew from (Liu, Eshghi, Swietojanski, Rieser, 2019;
github.com/xliuhw/NLU-Evaluation-Data, CC BY 4.0): CV_DIR is its ``CrossValidation/autoGeneFromRealAnno/
autoGene_*/CrossValidation`` folder, whose ten ``KFold_N/testset/csv`` parts together hold 10,020 annotated
sentences (``answer_annotation``: "add [person : jim] and [person : jerry] to event"). Every sentence whose words
are a sentence of SLURP's test or devel split is left out (sets a, b and c stay apart), then the same selection
as above. bench/sensitive.py splits the file by ``answerid``: set h (tuned on) and set hx (one id in four, kept
aside and measured once, at the end of the round that added it).

An entity is found in the sentence whatever its case (SLURP's tokens are
sometimes capitalised where the sentence is not: "Dolly parton's") and kept in the sentence's spelling.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sensitive"
OUT = {"test": FIXTURES / "slurp.jsonl", "devel": FIXTURES / "slurp_devel.jsonl", "hwu": FIXTURES / "hwu.jsonl"}
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


_HWU_ENTITY = re.compile(r"\[\s*(\w+)\s*:\s*([^\]]*?)\s*\]")


def _words(sentence: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[^a-z0-9@' ]+", " ", sentence.lower()).split())


def _hwu_item(row: dict[str, str]) -> dict | None:
    """One HWU64 sentence as a SLURP record (the text and its entities), or None when its annotation and its
    plain text disagree."""
    annotated = row["answer_annotation"]
    text = " ".join(_HWU_ENTITY.sub(lambda m: m.group(2), annotated).split())
    if text != " ".join(row["answer_from_anno"].split()):
        return None
    entities = [{"type": m.group(1), "words": m.group(2)} for m in _HWU_ENTITY.finditer(annotated)]
    return {"text": text, "entities": entities, "id": row["answerid"]}


def hwu(cv_dir: str, slurp_test: str, slurp_devel: str) -> int:
    seen = {
        _words(json.loads(x)["sentence"]) for f in (slurp_test, slurp_devel) for x in Path(f).open(encoding="utf-8")
    }
    rows: dict[str, dict[str, str]] = {}
    for part in sorted(Path(cv_dir).glob("KFold_*/testset/csv/*.csv")):
        with part.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                if row["answerid"].isdigit():  # 41 rows have the id "null": left out (the split needs an id)
                    rows[row["answerid"]] = row
    lines, others, dropped = [], 0, 0
    for answer_id in sorted(rows, key=int):
        rec = _hwu_item(rows[answer_id])
        if rec is None or _words(rec["text"]) in seen:
            dropped += 1
            continue
        if not {e["type"] for e in rec["entities"]} & KEEP:
            others += 1
            if others % 8:
                continue
        labels = [["person" if e["type"] == "person" else "email", e["words"]] for e in rec["entities"]
                  if e["type"] in ("person", "email_address")]  # fmt: skip
        item = {"text": rec["text"], "labels": labels, "source": f"HWU64 {answer_id}"}
        not_person = [e["words"] for e in rec["entities"] if e["type"] in ("artist_name", "audiobook_author")]
        if not_person:
            item["not_person"] = not_person
        lines.append(json.dumps(item, ensure_ascii=False))
    OUT["hwu"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} sentences, {dropped} in SLURP's test/devel or unreadable; {len(lines)} -> {OUT['hwu']}")
    return 0


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
    sys.exit(hwu(*sys.argv[2:5]) if sys.argv[1] == "--hwu" else main(sys.argv[1]))
