"""The built-in letter writer: deterministic, offline. Each body sentence carries one fact
from the candidate's material, in the order of the requirements it answers (must-haves first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.ai.letters.material import Fact, Material
from resumepilot.ai.postings import Evidence, Posting, cover, mentions
from resumepilot.ai.postings.bullet_words import ACTION_VERBS, TECH_WORDS, base_of, number_values

TONES = ("formal", "warm", "direct")
LENGTHS = ("short", "standard")
CLAIMS_BY_LENGTH = {"short": 2, "standard": 4}

_OPENING = {
    "formal": "I am writing to apply for {role}.",
    "warm": "I was glad to see your opening for {role}, and I would love to be considered.",
    "direct": "I am applying for {role}.",
}
# Lead-ins naming the requirement a sentence answers; they take turns so that a letter does not
# open every sentence the same way.
_BRIDGES = {
    "formal": (
        "You are looking for {needs}; ",
        "You also ask for {needs}: ",
        "As for {needs}: ",
        "Where you need {needs}: ",
    ),
    "warm": (
        "You mention {needs}, which is work I enjoy: ",
        "I was glad to see {needs} on your list: ",
        "{needs} matters to me too: ",
        "And for {needs}: ",
    ),
    "direct": ("{needs}: ",),
}
_PLAIN_BRIDGE = {"formal": "", "warm": "", "direct": ""}
_CLOSING = {
    "formal": "I would welcome the opportunity to discuss how I could contribute{to_company}. "
    "Thank you for your consideration.",
    "warm": "I would love to talk about how I could help{at_company}. Thank you for reading.",
    "direct": "I would like to talk about the role. Thank you for your time.",
}
_SIGN = {"formal": "Sincerely,", "warm": "Warm regards,", "direct": "Best regards,"}


@dataclass
class Plan:
    """What the letter will say: the evidence for each covered requirement, best first."""

    covered: list[Evidence] = field(default_factory=list)
    missing: list[Evidence] = field(default_factory=list)
    picks: list[tuple[Evidence, Fact]] = field(default_factory=list)


def plan_letter(material: Material, posting: Posting, length: str, years: float | None) -> Plan:
    texts = [f.text for f in material.facts]
    weights = {k.term.lower(): k.weight for k in posting.keywords}
    evidence = [cover(req, texts, years) for req in posting.requirements]
    plan = Plan(
        [e for e in evidence if e.covered and e.sources], [e for e in evidence if not e.covered]
    )
    plan.covered.sort(
        key=lambda e: (not e.requirement.must, -sum(weights.get(t.lower(), 1.0) for t in e.found))
    )
    used: set[int] = set()
    said: set[str] = set()  # the same line in the draft and the library is one fact
    limit = CLAIMS_BY_LENGTH[length]
    # One fact for each covered requirement first; then, with room left, a second for each.
    for _ in range(2):
        for ev in plan.covered:
            if len(plan.picks) >= limit:
                break
            options = [
                i
                for i in ev.sources
                if i not in used
                and material.facts[i].source.get("path") not in ("basics.summary", "basics.label")
                and texts[i].strip().lower() not in said
            ]
            if not options:
                continue
            # Prefer the fact with a number in it: a result reads better than a duty.
            best = max(options, key=lambda i: (bool(number_values(texts[i])), -i))
            used.add(best)
            said.add(texts[best].strip().lower())
            plan.picks.append((ev, material.facts[best]))
    return plan


def as_first_person(fact: Fact) -> str:
    """ "Cut costs by 12%" -> "I cut costs by 12%"; a sentence already whole stays as it is."""
    text = fact.text.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if re.match(r"(?i)^(?:i|my|we|our)\b", text):
        return text[0].upper() + text[1:]
    lower = first.lower()
    if (
        lower in ACTION_VERBS
        or base_of(lower) is not None
        or (first[:1].isupper() and lower.endswith("ed") and len(lower) > 4)
    ):
        return "I " + first.lower() + text[len(first) :]
    return text


def _as_written_in_prose(term: str) -> str:
    """ "Mentoring" -> "mentoring" mid-sentence; tools and acronyms ("Go", "SQL") keep case."""
    if term.lower() in TECH_WORDS or not (term[:1].isupper() and term[1:].islower()):
        return term
    return term.lower()


def _needs(ev: Evidence, fact: Fact) -> str:
    terms = [_as_written_in_prose(t) for t in ev.found if mentions(t, fact.text)][:3]
    if not terms:
        return ""
    return terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]


def body_sentence(ev: Evidence, fact: Fact, tone: str, turn: int = 0) -> str:
    """One claim, led in by the requirement it answers; `turn` picks among the lead-ins."""
    claim = as_first_person(fact)
    if fact.company and not re.search(re.escape(fact.company), claim, re.I):
        claim = f"at {fact.company}, {claim}" if claim.startswith("I ") else claim
    needs = _needs(ev, fact)
    bridges = _BRIDGES[tone]
    lead = bridges[turn % len(bridges)].format(needs=needs) if needs else _PLAIN_BRIDGE[tone]
    sentence = lead + claim if lead else claim
    return sentence[0].upper() + sentence[1:] + "."


def compose(
    material: Material, posting: Posting, plan: Plan, tone: str
) -> list[list[tuple[str, Fact | None]]]:
    """Paragraphs of (sentence, the fact it carries): opening, body, closing."""
    company = posting.company
    role = f"the {posting.title} role" if posting.title else "this role"
    role = role.replace(" role role", " role")
    if company:
        role += f" at {company}"
    opening: list[tuple[str, Fact | None]] = [(_OPENING[tone].format(role=role), None)]
    label = next((f for f in material.facts if f.source.get("path") == "basics.label"), None)
    if label is not None:
        article = (
            ""
            if re.match(r"(?i)^(?:a|an|the)\b", label.text)
            else ("an " if label.text[:1].lower() in "aeiou" else "a ")
        )
        opening.append((f"I am {article}{label.text}.", label))
    body: list[tuple[str, Fact | None]] = []
    led_in = 0  # sentences so far that opened with a lead-in
    for ev, fact in plan.picks:
        body.append((body_sentence(ev, fact, tone, led_in), fact))
        led_in += bool(_needs(ev, fact))
    paragraphs = [opening]
    if len(body) > 2:
        paragraphs += [body[:2], body[2:]]
    elif body:
        paragraphs.append(body)
    closing = _CLOSING[tone].format(
        to_company=f" to {company}" if company else "",
        at_company=f" at {company}" if company else "",
    )
    paragraphs.append([(closing, None)])
    return paragraphs


def greeting(posting: Posting) -> str:
    return f"Dear {posting.company} hiring team," if posting.company else "Dear hiring manager,"


def signature(material: Material, tone: str) -> str:
    return f"{_SIGN[tone]}\n{material.name}" if material.name else _SIGN[tone]
