"""Shared helpers for the AI tests: a bullet form check written independently of the engine."""

from __future__ import annotations

import re

# A few irregular past forms a bullet may open with; regular ones end in "-ed".
IRREGULAR_LEADS = {
    "led",
    "built",
    "ran",
    "cut",
    "grew",
    "wrote",
    "drove",
    "won",
    "set",
    "began",
    "found",
    "taught",
    "sold",
    "took",
    "split",
    "oversaw",
    "dug",
    "spent",
    "kept",
    "rewrote",
    "rebuilt",
    "stood",
    "brought",
    "chose",
    "sent",
    "drew",
    "gave",
    "held",
    "met",
    "paid",
    "put",
    "spun",
    "sought",
    "beat",
    "bought",
    "saw",
}
WEAK_LEADS = {
    "helped",
    "worked",
    "was",
    "were",
    "used",
    "made",
    "handled",
    "did",
    "had",
    "got",
    "started",
    "went",
    "assisted",
    "participated",
    "tried",
}
FIRST_PERSON = re.compile(r"\b(i|me|my|mine|we|our|ours|us)\b", re.I)
FILLERS = re.compile(
    r"\b(um+|uh+|erm|hmm+|you know|kind of|sort of|basically|i think|i guess|"
    r"no wait|or something)\b|\blike,",
    re.I,
)


def form_problems(bullet: str) -> list[str]:
    """What a reader would object to in one bullet; empty when it reads like a resume line."""
    problems = []
    first = bullet.split(" ", 1)[0]
    word = first.lower()
    if (
        not first[:1].isupper()
        or word in WEAK_LEADS
        or not (word in IRREGULAR_LEADS or (word.endswith("ed") and len(word) > 4))
    ):
        problems.append(f"lead verb {first!r}")
    if FIRST_PERSON.search(bullet):
        problems.append("first person")
    if FILLERS.search(bullet):
        problems.append("filler")
    if not 40 <= len(bullet) <= 220:
        problems.append(f"length {len(bullet)}")
    return problems
