"""Stage 5: check every bullet in code, whoever wrote it, and repair or drop what fails.

Each check names what a resume reader would object to: a figure never said or taken back, a change
whose verb contradicts its figures, speech left in, first person, no action verb first, more than
one idea, a length outside 40-200 characters, a near repeat. A bullet that fails is repaired when
a safe repair exists (cut the offending clause, swap a weak or wrong-way verb) and otherwise
dropped, with the reason kept so the page can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumepilot.ai.builtin.words import is_past_form, verb_lemma
from resumepilot.ai.numbers import find_quantities

MIN_CHARS, MAX_CHARS, MAX_BULLETS = 40, 200, 6
# Leads a resume never opens with, and what to say instead when the rest still reads.
WEAK_LEADS = {
    "helped": "Supported",
    "assisted": "Supported",
    "worked on": "Contributed to",
    "worked with": "Partnered with",
    "used": "Applied",
    "handled": "Managed",
    "was responsible for": "Owned",
    "participated in": "Contributed to",
    "made": "Created",
    "did": "Completed",
    "got": "Secured",
    "started": "Launched",
    "tried": "Tested",
    "dealt with": "Resolved",
}
_WEAK_ONLY = {"was", "were", "had", "went", "became", "is", "are", "worked", "involved", "tasked"}
SPEECH = re.compile(
    r"\b(?:no wait|no sorry|sorry|i mean|or rather|wanna|gonna|gotta|i'?d say|i want to say|"
    r"i wanna say|pretty much|literally|honestly|to be honest|okay so|ok so|so yeah|yeah|"
    r"and stuff|or so|give or take|i believe|i'm pretty sure|if i remember|you know|kind of|"
    r"sort of|basically|i think|i guess|or something|um+|uh+|erm|hmm+|like,|super (?:slow|fast|"
    r"hard|easy|big))\b|^(?:oh|well|so|and|but|like|anyway|also|plus|okay|ok|yeah)\b|"
    r"[,;]\s*(?:oh|well|anyway|like)\b|\blike\s+(?:~?\d|a |an |the |maybe|about|around)|"
    r"\b\w+'(?:m|re|ve|ll|d)\b|n't\b|\b(?:it|that|there|what|here)'s\b",
    re.I,
)
# First person; "US" (the country), "Level I" and "Algebra I" are not.
_PRONOUN = re.compile(r"\b(?:[Mm]e|[Mm]y|[Mm]ine|[Ww]e|[Oo]urs?|us|[Mm]yself)\b")
_NARRATIVE = re.compile(
    r"(?:^|[;,:]\s*|\band\s+)(?:it|this|that|there)\s+(?:was|were|is|are|had|took|went)\b|"
    r"[;,]\s*(?:he|she|they|his|her|their|the team|everyone|nobody)\s+\w+",
    re.I,
)
_UP = r"increas\w*|rais\w*|grew|grow\w*|boost\w*|lift\w*|doubl\w*|tripl\w*|expand\w*|accelerat\w*"
_DOWN = (
    r"reduc\w*|cut|cutting|decreas\w*|lower\w*|dropp\w*|shr[ai]nk\w*|halv\w*|trimm\w*|"
    r"slash\w*|minimi[sz]\w*|eliminat\w*|shorten\w*"
)
_CHANGE_VERB = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:and|by|while|then|thereby|after)\s+)"
    rf"(?P<v>{_UP}|{_DOWN})\b",
    re.I,
)
_FROM_TO = re.compile(
    r"\bfrom\s+(?:about |around |~|over |under |nearly |almost |just )?"
    r"(?P<a>[$€£]?\d[\d,.]*\s*(?:%|[KMB]\b| million| billion| thousand)?)"
    r"(?P<ua>[^;]{0,40}?)\s+(?:down |up )?to\s+(?:about |around |~|over |under |"
    r"below |nearly |almost |just )?(?P<b>[$€£]?\d[\d,.]*\s*(?:%|[KMB]\b| "
    r"million| billion| thousand)?)",
    re.I,
)
_UNITS = {
    "ms": 1e-3,
    "millisecond": 1e-3,
    "second": 1,
    "sec": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "hr": 3600,
    "day": 86400,
    "week": 604800,
    "month": 2.6e6,
    "year": 3.15e7,
}


@dataclass(frozen=True)
class Rejection:
    """A bullet that was dropped, and why (shown on the bullets page)."""

    text: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


def _amount(text: str) -> float | None:
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(%|[KMB]\b| million| billion| thousand)?", text)
    if not m:
        return None
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, " thousand": 1e3, " million": 1e6, " billion": 1e9}
    return float(m.group(1).replace(",", "")) * scale.get(m.group(2) or "", 1)


def _unit(text: str) -> float | None:
    """Seconds in the unit a figure is followed by, or None when it names no unit of time."""
    m = re.match(r"\s*([a-z]+)", text.lower())
    if not m:
        return None
    w = m.group(1)
    return _UNITS.get(w) or _UNITS.get(w.rstrip("s"))


def wrong_direction(text: str) -> list[tuple[str, str]]:
    """(verb, "A->B") for each "from A to B" whose nearest verb says the opposite way."""
    errors = []
    for m in _FROM_TO.finditer(text):
        a, b = _amount(m.group("a")), _amount(m.group("b"))
        if a is None or b is None:
            continue
        ua, ub = _unit(m.group("ua")), _unit(text[m.end() : m.end() + 20])
        if ua and ub:  # "from 6 weeks to 19 days": compared in one unit; else as said
            a, b = a * ua, b * ub
        if a == b:
            continue
        before = re.split(r";|\bwhile\b", text[: m.start()])[-1]
        verbs = list(_CHANGE_VERB.finditer(before))
        if not verbs:
            continue
        verb = verbs[-1].group("v")
        up = bool(re.fullmatch(_UP, verb, re.I))
        if up != (b > a):
            errors.append((verb, f"{m.group('a').strip()}->{m.group('b').strip()}"))
    return errors


def fix_direction(text: str) -> str:
    """Swap a wrong-way verb for one that matches its figures."""
    for verb, _ in wrong_direction(text):
        up = bool(re.fullmatch(_UP, verb, re.I))
        if verb.lower().endswith("ing"):
            new = "cutting" if up else "raising"
        else:
            new = "Cut" if up else "Raised"
        if verb[:1].islower():
            new = new.lower()
        text = re.sub(rf"\b{re.escape(verb)}\b", new, text, count=1)
    return text


def first_person(text: str) -> bool:
    if _PRONOUN.search(text):
        return True
    for m in re.finditer(r"\bI\b(?![-'\d])", text):
        before = re.search(r"(\S+)\s+$", text[: m.start()])
        if not before or not before.group(1)[:1].isupper():
            return True  # "I" after a capitalised word is a numeral: "Level I", "Title I"
    return False


def lead_problem(text: str) -> str | None:
    """Why the first word is not a past-tense action verb, or None when it is."""
    m = re.match(r"([A-Za-z][a-z]*(?:-[a-z]+)?)\b", text)
    if not m:
        return "does not start with an action verb"
    word = m.group(1).lower()
    if word in _WEAK_ONLY or any(
        text.lower().startswith(w + " ") or text.lower() == w for w in WEAK_LEADS
    ):
        return f"starts with a weak verb ({m.group(1)!r})"
    if (
        not text[:1].isupper()
        or not is_past_form(word)
        or verb_lemma(word) == word
        and not (word.endswith(("set", "cut", "put", "led", "split", "read", "spread", "shut")))
    ):
        return f"does not start with a past-tense action verb ({m.group(1)!r})"
    return None


def strengthen_lead(text: str) -> str:
    """ "Helped the team ..." -> "Supported the team ...": never a stronger claim than said."""
    low = text.lower()
    for weak, strong in sorted(WEAK_LEADS.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(weak + " "):
            return strong + text[len(weak) :]
    return text


def figures_in(text: str) -> set[float]:
    values: set[float] = set()
    for q in find_quantities(text):
        values.update({round(q.value, 6), round(q.said, 6)})
        if q.low is not None:
            values.add(round(q.low, 6))
    return values


def near_repeat(a: str, b: str) -> bool:
    wa, wb = (
        set(re.findall(r"[a-z0-9%$.]+", a.lower())),
        set(re.findall(r"[a-z0-9%$.]+", b.lower())),
    )
    return len(wa & wb) / max(len(wa | wb), 1) >= 0.75


def form_problems(text: str) -> list[str]:
    """What is wrong with a bullet's form (not its facts); empty when it reads as a resume line."""
    out = []
    if problem := lead_problem(text):
        out.append(problem)
    if m := SPEECH.search(text):
        out.append(f"speech left in ({m.group(0).strip()!r})")
    if first_person(text):
        out.append("first person")
    if text.count(";") > 1 or _NARRATIVE.search(text):
        out.append("more than one idea")
    if len(text) > MAX_CHARS:
        out.append(f"longer than {MAX_CHARS} characters")
    if len(text) < MIN_CHARS:
        out.append(f"shorter than {MIN_CHARS} characters")
    return out


def cut_to_one_idea(text: str) -> str:
    """Keep the first clause when a narrative one or a second semicolon follows it."""
    m = _NARRATIVE.search(text)
    if m and m.start() > MIN_CHARS:
        text = text[: m.start()]
    if ";" in text:
        text = text.split(";")[0]
    return text.strip(" ,;")


def shorten(text: str) -> str:
    """Drop trailing clauses (at commas) until the bullet fits, keeping what leads."""
    while len(text) > MAX_CHARS and ", " in text:
        text = text.rsplit(", ", 1)[0]
    return text


def repair_form(text: str) -> str:
    """Safe repairs of form: weak lead, wrong-way verb, narrative tail, length."""
    text = text.strip()
    if text.endswith(".") and not re.search(r"\b(?:[A-Za-z]\.){2,}$", text):
        text = text.rstrip(".")  # a closing period, but not the one of "U.S."
    text = strengthen_lead(text)
    text = fix_direction(text)
    text = cut_to_one_idea(text)
    return shorten(text)
