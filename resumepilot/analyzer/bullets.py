"""Each bullet scored: action verb, result, number, length, weak phrases, passive voice.

A suggested rewrite uses only the bullet's own words and numbers (inflections allowed:
"managing" may become "Managed"); `grounded` checks that in code before it is offered.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from resumepilot.ai.postings.bullet_words import (
    ACTION_VERBS,
    WEAK_LEADS,
    base_of,
    is_past,
    number_values,
    past_tense,
)

WEAK_PHRASES = (
    "responsible for",
    "duties included",
    "duties include",
    "in charge of",
    "tasked with",
    "worked on",
    "helped",
    "assisted",
    "participated in",
    "involved in",
    "various",
    "etc",
    "successfully",
    "team player",
    "hard-working",
    "hardworking",
    "detail-oriented",
    "go-getter",
    "dealt with",
    "handled",
)
_RESULT = re.compile(
    r"\b(?:increas|reduc|decreas|cut|sav|grew|grow|improv|rais|lower|boost|doubl|tripl|halv|"
    r"shorten|accelerat|expand|generat|won|earn|achiev|exceed|eliminat|prevent|resulting|"
    r"leading to|so that|from\s+\S+\s+to)\w*",
    re.I,
)
_PASSIVE = re.compile(
    r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?"
    r"(?:\w+ed|built|made|done|given|taken|led|run|won|written|chosen|held)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|our)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*%?|[$€£]\d[\d,.]*[KkMmBb]?")
_FILLERS = re.compile(r"\b(?:successfully|effectively|various|basically|actively)\s+", re.I)
_LEADS = re.compile(
    r"^(?:I\s+|was\s+)?(?:responsible for|in charge of|tasked with|"
    r"duties included|duties include)\s+",
    re.I,
)
MIN_CHARS, MAX_CHARS = 40, 220


@dataclass
class BulletReport:
    where: str  # JSON path in the resume: work[0].highlights[1]
    text: str
    score: int
    action_verb: bool
    result: bool
    number: bool
    length_ok: bool
    weak_phrases: list[str] = field(default_factory=list)
    passive: bool = False
    advice: list[str] = field(default_factory=list)
    rewrite: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _first_word(text: str) -> str:
    m = re.match(r"\s*([A-Za-z][A-Za-z-]*)", text)
    return m.group(1) if m else ""


def _is_action(word: str) -> bool:
    w = word.lower()
    return (
        bool(w)
        and w not in WEAK_LEADS
        and (is_past(w) and base_of(w) is not None or (w in ACTION_VERBS))
    )


def score_bullet(text: str, where: str) -> BulletReport:
    first = _first_word(text)
    lower = text.lower()
    weak = [p for p in WEAK_PHRASES if re.search(r"\b" + re.escape(p) + r"\b", lower)]
    report = BulletReport(
        where=where,
        text=text,
        score=0,
        action_verb=_is_action(first) and not _LEADS.match(text),
        result=bool(_RESULT.search(text)),
        number=bool(re.search(r"\d", text)) or bool(number_values(text)),
        length_ok=MIN_CHARS <= len(text) <= MAX_CHARS,
        weak_phrases=weak,
        passive=bool(_PASSIVE.search(text)),
    )
    points = 100
    if not report.action_verb:
        points -= 25
        report.advice.append("Start with a strong past-tense verb (Led, Built, Reduced).")
    if not report.result:
        points -= 15
        report.advice.append("Say what changed because of it: a result, not only a duty.")
    if not report.number:
        points -= 15
        report.advice.append("Add a figure you can stand behind: how many, how much, how fast.")
    if not report.length_ok:
        points -= 10
        report.advice.append(
            "Too short to say what you did and why it mattered."
            if len(text) < MIN_CHARS
            else "Too long: keep one idea, two lines."
        )
    if weak:
        points -= min(20, 10 * len(weak))
        report.advice.append("Drop weak phrases: " + ", ".join(f'"{p}"' for p in weak) + ".")
    if report.passive:
        points -= 10
        report.advice.append("Say it in the active voice: who did what.")
    if _FIRST_PERSON.search(text):
        points -= 5
        report.advice.append("Leave out I, my and we: a resume is first person already.")
    report.score = max(0, points)
    if report.score < 100:
        candidate = rewrite(text)
        if candidate and candidate != text and grounded(candidate, text):
            report.rewrite = candidate
    return report


def _past(word: str) -> str | None:
    """Managing/manage/manages -> managed, for a verb we know."""
    w = word.lower()
    base = None
    if w.endswith("ing"):
        stem = w[:-3]
        for guess in (
            stem,
            stem + "e",
            stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem,
        ):
            if guess in ACTION_VERBS:
                base = guess
                break
    elif w.endswith("s") and w[:-1] in ACTION_VERBS:
        base = w[:-1]
    elif w in ACTION_VERBS:
        base = w
    return past_tense(base) if base and base not in WEAK_LEADS else None


def rewrite(text: str) -> str | None:
    """The bullet with its weak lead turned into a verb and its filler dropped; None if no
    change keeps it true to what it says."""
    out = text.strip().rstrip(".").strip()
    out = re.sub(r"^I\s+", "", out)
    out = _FILLERS.sub("", out)
    out = re.sub(r",?\s*\betc\b\.?", "", out)
    lead = _LEADS.match(out)
    if lead:
        rest = out[lead.end() :]
        verb = _first_word(rest)
        past = _past(verb)
        if not past:
            return None  # "Responsible for payroll": the verb is not ours to choose
        out = past + rest[len(verb) :]
    else:
        verb = _first_word(out)
        if verb.lower().endswith("ing") or (verb.lower() in ACTION_VERBS and not is_past(verb)):
            past = _past(verb)
            if past:
                out = past + out[len(verb) :]
    out = re.sub(r"\s{2,}", " ", out).strip(" ,;")
    return out[:1].upper() + out[1:] if out else None


def _roots(text: str) -> set[str]:
    roots = set()
    for word in _WORD.findall(text.lower()):
        roots.add(word)
        base = base_of(word)
        if base:
            roots.add(base)
        for suffix in ("ing", "ed", "es", "s", "d"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                roots.add(word[: -len(suffix)])
                roots.add(word[: -len(suffix)] + "e")
    return roots


def grounded(candidate: str, original: str) -> bool:
    """Every word of the rewrite is a word (or a form of one) of the original, every number too."""
    allowed = _roots(original)
    for word in _WORD.findall(candidate.lower()):
        forms = {
            word,
            base_of(word) or word,
            word[:-2] if word.endswith("ed") else word,
            word[:-1] if word.endswith("d") else word,
        }
        if word[:1].isdigit() or word[:1] in "$€£":
            if word not in allowed:
                return False
        elif not forms & allowed:
            return False
    return number_values(candidate) <= number_values(original)
