"""The grounding guard for letters, run on every provider's output.

A sentence may use only numbers, dates, names and titles found in the candidate's material or
the posting; a sentence that claims something about the candidate must trace to one fact;
it says nothing about requirements the material does not cover. A failing sentence loses the
clause at fault, or is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumepilot.ai.letters.material import Fact, Material
from resumepilot.ai.postings import Posting, mentions
from resumepilot.ai.postings.bullet_words import number_values
from resumepilot.ai.postings.match import content_words

# Capitalised words a letter uses that name nobody: salutations, closings, months, pronouns.
_ORDINARY = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "dear",
        "hiring",
        "manager",
        "team",
        "sincerely",
        "regards",
        "best",
        "kind",
        "thank",
        "thanks",
        "yours",
        "faithfully",
        "truly",
        "warm",
        "warmly",
        "hello",
        "hi",
        "in",
        "at",
        "as",
        "my",
        "for",
        "with",
        "and",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "when",
        "while",
        "with",
        "over",
        "during",
        "after",
        "before",
        "since",
        "across",
        "from",
        "to",
        "of",
        "on",
        "by",
        "your",
        "you",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "here",
        "there",
        "what",
        "why",
        "how",
        "which",
        "who",
        "please",
        "together",
        "looking",
        "excited",
        "glad",
        "happy",
        "keen",
        "eager",
    ]
)
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_CLAIM = re.compile(r"\b(?:I|my|me|I've|I'm|I'd)\b")
_COURTESY = re.compile(
    r"\b(?:welcome|would (?:love|like|enjoy)|look forward|thank|hope|"
    r"excited|eager|keen|glad|interested|writing to|apply|applying|"
    r"reach me|contact me|attached|enclosed|talk|discuss|chance)\b",
    re.I,
)
_TITLE_AFTER = re.compile(
    r"\b(?:as (?:a|an|the)|role as|position as|worked as|serve[ds]? as)"
    r"\s+([\w -]{3,60}?)(?=[,.;]| at | in | for |$)",
    re.I,
)
_CLAUSE = re.compile(r",\s+|;\s+|\s+and\s+|\s+while\s+|\s+with\s+")
MIN_WORDS = 5


@dataclass
class Checked:
    text: str
    fact: Fact | None  # the fact a claim rests on; None for courtesy sentences
    repaired: bool = False


def _names(sentence: str) -> list[str]:
    """Capitalised words: employers, schools, products, places. The first word of a sentence
    counts only when a capitalised word follows it ("Acme Corp hired me")."""
    words = re.findall(r"[A-Za-z][\w&'’.+#-]*", sentence)
    first_counts = len(words) > 1 and words[1][0].isupper()
    pick = words if first_counts else words[1:]
    return [
        w.rstrip(".")
        for w in pick
        if w[0].isupper()
        and w.lower().rstrip(".") not in _ORDINARY
        and w.lower().rstrip(".") not in _MONTHS
    ]


def problems(
    sentence: str, allowed_text: str, allowed_numbers: set[float], banned: list[str]
) -> list[str]:
    """What in one sentence is not backed by the material; empty when it is sound."""
    found = [f"number {v:g}" for v in sorted(number_values(sentence) - allowed_numbers)]
    lower = allowed_text.lower()
    found += [f"name {n}" for n in _names(sentence) if not mentions(n, lower)]
    for m in _TITLE_AFTER.finditer(sentence):
        title = m.group(1).strip()
        if not mentions(title, lower):
            found.append(f"title {title}")
    found += [f"uncovered {term}" for term in banned if mentions(term, sentence)]
    return found


def best_fact(sentence: str, facts: list[Fact]) -> tuple[Fact | None, float]:
    want = content_words(sentence)
    best: tuple[Fact | None, float] = (None, 0.0)
    for fact in facts:
        have = content_words(fact.text)
        if not have:
            continue
        share = len(want & have) / len(have)
        if share > best[1]:
            best = (fact, share)
    return best


@dataclass
class Allowed:
    """What sentences may draw on, computed once per letter."""

    text: str
    numbers: set[float]

    @classmethod
    def of(cls, material: Material, posting: Posting) -> Allowed:
        text = material.text + "\n" + posting.title + "\n" + posting.company
        return cls(text, number_values(text))


def check_sentence(
    sentence: str, material: Material, allowed: Allowed, banned: list[str], hint: Fact | None = None
) -> Checked | None:
    """The sentence (maybe cut down) with the fact it rests on; None when it must go."""
    allowed_text, allowed_numbers = allowed.text, allowed.numbers
    text = sentence.strip()
    repaired = False
    if problems(text, allowed_text, allowed_numbers, banned):
        # Keep the clauses before the first unsound one, as they were written.
        cuts = [m.start() for m in _CLAUSE.finditer(text)] + [len(text)]
        kept = ""
        start = 0
        for cut in cuts:
            if problems(text[start:cut], allowed_text, allowed_numbers, banned):
                break
            kept, start = text[:cut], cut
        kept = kept.rstrip(" ,;.")
        if len(kept.split()) < MIN_WORDS:
            return None
        text, repaired = kept + ".", True
    fact, share = best_fact(text, [hint] if hint else material.facts)
    if hint is not None and share < 0.3:
        fact, share = best_fact(text, material.facts)
    courtesy = _COURTESY.search(text) is not None
    if _CLAIM.search(text) and not courtesy and share < 0.3:
        return None  # says something about the candidate that no fact carries
    if courtesy and hint is None:
        return Checked(text, None, repaired)
    return Checked(text, fact if share >= 0.3 else None, repaired)


def span_in(fact: Fact, sentence: str) -> tuple[int, int]:
    """The part of the fact the sentence uses: its longest run of shared words, or all of it."""
    words = list(re.finditer(r"[\w%$€£.,'-]+", fact.text))
    said = {w.lower().strip(".,") for w in re.findall(r"[\w%$€£.,'-]+", sentence)}
    best = (0, len(fact.text))
    best_len = 0
    run_start = None
    run = 0
    for m in words:
        if m.group(0).lower().strip(".,") in said:
            if run_start is None:
                run_start = m.start()
            run += 1
            if run > best_len:
                best_len, best = run, (run_start, m.end())
        else:
            run_start, run = None, 0
    return best if best_len >= 3 else (0, len(fact.text))
