#!/usr/bin/env python3
"""Builds the evaluation sets of the Article 12 filter from hand-written seed comments.

    python3 build.py            # writes heldout.tsv from heldout-seeds.tsv and dev.tsv from dev-seeds.tsv

Each seed becomes four comments, the ways people actually type on a page:
  written   as the seed was written (with diacritics)
  bare      without diacritics (đ as d), as typed on a phone without a Vietnamese keyboard
  teencode  lower case, no diacritics, the usual abbreviations (ko, dc, j, ae, mn, vs ...), f for ph, w for qu
  evasion   one or two words disguised against filters: letters spread with dots or spaces, Cyrillic
            look-alikes, digits and symbols for letters, repeated letters; the rest as written

The rewriting rules are written from how comments look, not from the filter's lexicon or code, and the
output is deterministic (a seeded generator per comment). Output columns: seed number, label, form, text.
"""
import random
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent

TEENCODE = [
    (r"\bkhông\b", ["ko", "k", "hok", "khong"]),
    (r"\bđược\b", ["dc", "đc", "dk"]),
    (r"\bgì\b", ["j", "gi"]),
    (r"\bvới\b", ["vs", "voi"]),
    (r"\banh em\b", ["ae", "anh em"]),
    (r"\bmọi người\b", ["mn", "moi nguoi"]),
    (r"\bbiết\b", ["bit", "biet"]),
    (r"\brồi\b", ["r", "roi"]),
    (r"\bvậy\b", ["v", "vay"]),
    (r"\bthì\b", ["thi", "th"]),
    (r"\bmình\b", ["mk", "minh", "mik"]),
    (r"\bbao nhiêu\b", ["bn", "bao nhieu"]),
    (r"\bnhắn tin\b", ["ib", "nt", "inbox"]),
    (r"\bliên hệ\b", ["lh", "lien he"]),
    (r"\bsố điện thoại\b", ["sdt", "sđt"]),
    (r"\btriệu\b", ["tr", "trieu"]),
    (r"\bnghìn\b", ["k", "nghin"]),
    (r"\bchồng\b", ["ck", "chong"]),
    (r"\bvợ\b", ["vk", "vo"]),
    (r"\bđi\b", ["di", "đi"]),
]

LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і"}
LEET = {"a": "@", "o": "0", "i": "1", "e": "3", "s": "$"}


def strip_marks(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def teencode(text, rng):
    text = text.lower()
    for pattern, choices in TEENCODE:
        text = re.sub(pattern, lambda _: rng.choice(choices), text)
    text = strip_marks(text)
    if rng.random() < 0.5:
        text = re.sub(r"\bph", "f", text)
    if rng.random() < 0.3:
        text = re.sub(r"\bqu", "w", text)
    return text.rstrip(".!?")


def disguise(word, rng):
    letters = [c for c in word]
    how = rng.choice(["dots", "spaces", "lookalike", "leet", "repeat"])
    if how == "dots" and len(word) >= 3:
        return ".".join(letters)
    if how == "spaces" and len(word) >= 3:
        return " ".join(letters)
    if how == "lookalike":
        out = "".join(LOOKALIKE.get(c, c) for c in word)
        if out != word:
            return out
    if how == "leet":
        out = "".join(LEET.get(c, c) for c in word)
        if out != word:
            return out
    return word + word[-1] * rng.randint(2, 3)


def evasion(text, rng):
    words = text.split(" ")
    # Disguise the longer words, where a filter would look; never the first word alone.
    candidates = sorted(range(len(words)), key=lambda i: (-len(strip_marks(words[i]).strip(",.!?:;\"")), rng.random()))
    chosen = set(candidates[: rng.choice([1, 2])])
    out = []
    for i, word in enumerate(words):
        core = word.rstrip(",.!?:;\"")
        tail = word[len(core):]
        out.append(disguise(core, rng) + tail if i in chosen and len(core) >= 2 else word)
    return " ".join(out)


def build(seeds_name, out_name):
    rows = []
    number = 0
    for line in (HERE / seeds_name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        number += 1
        rows.append((number, label, "written", text))
        rows.append((number, label, "bare", strip_marks(text)))
        rows.append((number, label, "teencode", teencode(text, random.Random(f"{seeds_name}:{number}:teencode"))))
        rows.append((number, label, "evasion", evasion(text, random.Random(f"{seeds_name}:{number}:evasion"))))
    with open(HERE / out_name, "w", encoding="utf-8") as out:
        out.write(f"# Built by build.py from {seeds_name}: seed, label, form, text. Do not edit by hand.\n")
        for row in rows:
            out.write("\t".join(str(v) for v in row) + "\n")
    return len(rows)


if __name__ == "__main__":
    print("heldout.tsv:", build("heldout-seeds.tsv", "heldout.tsv"))
    print("dev.tsv:", build("dev-seeds.tsv", "dev.tsv"))
    sys.exit(0)
