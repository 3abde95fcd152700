"""Pronunciations for words the CMU dictionary lacks: tool names, acronyms, compounds.

Tried in order: our own list (data/extra.dict), letter names for acronyms (AWS, KPIs),
a split into dictionary words (Databricks = data + bricks), and last a rough letter-to-sound
reading, so that any word the bias text brings in can still be recognized.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

Lookup = Callable[[str], "str | None"]

LETTERS = {
    "a": "EY",
    "b": "B IY",
    "c": "S IY",
    "d": "D IY",
    "e": "IY",
    "f": "EH F",
    "g": "JH IY",
    "h": "EY CH",
    "i": "AY",
    "j": "JH EY",
    "k": "K EY",
    "l": "EH L",
    "m": "EH M",
    "n": "EH N",
    "o": "OW",
    "p": "P IY",
    "q": "K Y UW",
    "r": "AA R",
    "s": "EH S",
    "t": "T IY",
    "u": "Y UW",
    "v": "V IY",
    "w": "D AH B AH L Y UW",
    "x": "EH K S",
    "y": "W AY",
    "z": "Z IY",
}

# Letter groups to phones, longest first; a rough reading for names nothing else covers.
_GRAPHEMES = [
    ("tion", "SH AH N"),
    ("sion", "ZH AH N"),
    ("ough", "AO"),
    ("igh", "AY"),
    ("tch", "CH"),
    ("sch", "S K"),
    ("dge", "JH"),
    ("ph", "F"),
    ("sh", "SH"),
    ("ch", "CH"),
    ("th", "TH"),
    ("ck", "K"),
    ("ng", "NG"),
    ("qu", "K W"),
    ("wh", "W"),
    ("kn", "N"),
    ("ee", "IY"),
    ("ea", "IY"),
    ("oo", "UW"),
    ("ou", "AW"),
    ("ow", "OW"),
    ("oi", "OY"),
    ("oy", "OY"),
    ("ai", "EY"),
    ("ay", "EY"),
    ("au", "AO"),
    ("aw", "AO"),
    ("ie", "IY"),
    ("ei", "EY"),
    ("ey", "IY"),
    ("ue", "UW"),
    ("ew", "UW"),
    ("ar", "AA R"),
    ("er", "ER"),
    ("ir", "ER"),
    ("or", "AO R"),
    ("ur", "ER"),
    ("a", "AE"),
    ("b", "B"),
    ("c", "K"),
    ("d", "D"),
    ("e", "EH"),
    ("f", "F"),
    ("g", "G"),
    ("h", "HH"),
    ("i", "IH"),
    ("j", "JH"),
    ("k", "K"),
    ("l", "L"),
    ("m", "M"),
    ("n", "N"),
    ("o", "AA"),
    ("p", "P"),
    ("q", "K"),
    ("r", "R"),
    ("s", "S"),
    ("t", "T"),
    ("u", "AH"),
    ("v", "V"),
    ("w", "W"),
    ("x", "K S"),
    ("y", "IY"),
    ("z", "Z"),
]
_SOFT_C = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=1)
def extra_pronunciations() -> dict[str, list[str]]:
    """data/extra.dict as word -> pronunciations (alternates in file order)."""
    out: dict[str, list[str]] = {}
    text = resources.files("resumepilot.speech").joinpath("data/extra.dict").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith(";"):
            continue
        word, phones = line.split(maxsplit=1)
        out.setdefault(re.sub(r"\(\d+\)$", "", word), []).append(phones.strip())
    return out


def spell(written: str) -> str:
    """Letter names: "AWS" -> EY D AH B AH L Y UW EH S; "KPIs" ends in a plural Z."""
    plural = len(written) > 2 and written.endswith("s") and written[:-1].isupper()
    letters = written[:-1] if plural else written
    phones = " ".join(LETTERS[c] for c in letters.lower() if c in LETTERS)
    return phones + " Z" if plural else phones


def split_compound(word: str, lookup: Lookup) -> str | None:
    """The pronunciation of `word` as few dictionary words ("quick"+"books", "in"+"design")."""
    n = len(word)
    # best[i]: (cost, phones) of the cheapest split of word[:i]; two-letter parts cost more
    # since almost any string splits into them.
    best: list[tuple[float, str] | None] = [None] * (n + 1)
    best[0] = (0.0, "")
    for end in range(2, n + 1):
        for start in range(0, end - 1):
            prefix = best[start]
            phones = lookup(word[start:end]) if prefix is not None else None
            if prefix is None or phones is None:
                continue
            cost = prefix[0] + (1.0 if end - start > 2 else 1.5)
            current = best[end]
            if current is None or cost < current[0]:
                best[end] = (cost, (prefix[1] + " " + phones).strip())
    found = best[n]
    return found[1] if found is not None and found[0] >= 2 else None


def letter_to_sound(word: str) -> str:
    """A rough reading from spelling alone; better than no word at all."""
    text = _SOFT_C.sub("s", word.lower())
    if len(text) > 3 and text.endswith("e") and text[-2] not in "aeiou":
        text = text[:-1]  # silent final e
    phones: list[str] = []
    i = 0
    while i < len(text):
        for letters, sound in _GRAPHEMES:
            if text.startswith(letters, i):
                if not phones or phones[-1] != sound:  # doubled letters are one sound
                    phones.append(sound)
                i += len(letters)
                break
        else:
            i += 1
    return " ".join(phones)


def pronunciations(written: str, lookup: Lookup, acronym: bool = False) -> list[str]:
    """How to say a word the dictionary lacks; the first is the most likely reading.

    `written` is the word as written (its capitals tell a plural acronym, "KPIs"), and
    `acronym` says it was written in capitals, so it is spelled letter by letter.
    """
    word = written.lower()
    if not re.fullmatch(r"[a-z']+", word):
        return []
    if word in extra_pronunciations():
        return extra_pronunciations()[word]
    readings: list[str] = []
    if acronym or len(word) <= 3 or not re.search(r"[aeiouy]", word):
        readings.append(spell(written))
    compound = split_compound(word.replace("'", ""), lookup)
    if compound:
        readings.append(compound)
    if not readings:
        readings.append(letter_to_sound(word))
    return list(dict.fromkeys(readings))
