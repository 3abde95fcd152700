"""Rewrite: another wording of one bullet, still grounded, never the same text.

Variants keep every fact and change the shape: the result first ("Raised X by training Y"), the
action first ("Trained Y, raising X"), or a lead verb of the same strength ("Built" -> "Developed",
never "Helped" -> "Led"). Each candidate goes through the same checks as any bullet; the first
that passes and differs from every text to avoid is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from resumepilot.ai.builtin.words import gerund, past, verb_lemma

# Same strength, other word. A verb is never swapped for a stronger claim.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "built": ("Developed", "Created"),
    "developed": ("Built", "Created"),
    "created": ("Built", "Developed"),
    "led": ("Directed", "Headed"),
    "directed": ("Led", "Headed"),
    "ran": ("Conducted", "Organized"),
    "conducted": ("Ran", "Carried out"),
    "organized": ("Coordinated", "Ran"),
    "reduced": ("Cut", "Lowered"),
    "cut": ("Reduced", "Lowered"),
    "lowered": ("Reduced", "Cut"),
    "raised": ("Increased", "Lifted"),
    "increased": ("Raised", "Lifted"),
    "improved": ("Strengthened", "Enhanced"),
    "introduced": ("Launched", "Implemented"),
    "launched": ("Introduced", "Rolled out"),
    "implemented": ("Introduced", "Put in place"),
    "set": ("Established", "Implemented"),
    "established": ("Set up", "Implemented"),
    "wrote": ("Authored", "Drafted"),
    "authored": ("Wrote", "Drafted"),
    "trained": ("Coached", "Taught"),
    "coached": ("Trained", "Mentored"),
    "redesigned": ("Reworked", "Rebuilt"),
    "reworked": ("Redesigned", "Restructured"),
    "rebuilt": ("Reworked", "Redesigned"),
    "designed": ("Created", "Developed"),
    "managed": ("Oversaw", "Ran"),
    "oversaw": ("Managed", "Supervised"),
    "supported": ("Assisted with", "Backed"),
    "contributed": ("Took part",),
    "closed": ("Won", "Signed"),
    "won": ("Closed", "Secured"),
    "secured": ("Won", "Obtained"),
    "negotiated": ("Brokered", "Arranged"),
    "automated": ("Streamlined through automation",),
    "validated": ("Qualified", "Verified"),
    "caught": ("Detected", "Identified"),
    "identified": ("Found", "Spotted"),
    "found": ("Identified", "Uncovered"),
    "migrated": ("Moved", "Transitioned"),
    "moved": ("Migrated", "Transferred"),
    "partnered": ("Collaborated", "Worked jointly"),
    "performed": ("Carried out", "Completed"),
    "completed": ("Finished", "Delivered"),
    "delivered": ("Completed", "Shipped"),
    "shipped": ("Delivered", "Released"),
    "covered": ("Served", "Handled"),
    "reorganized": ("Restructured", "Rearranged"),
    "switched": ("Moved", "Transitioned"),
}
_PARTICIPLES = {
    "cutting": "reducing",
    "reducing": "cutting",
    "raising": "increasing",
    "increasing": "raising",
    "lowering": "cutting",
    "improving": "strengthening",
    "halving": "cutting in half",
    "doubling": "growing twofold",
}


def _result_first(text: str) -> str | None:
    """ "Trained 48 nurses, raising compliance from 61% to 92%" -> "Raised compliance from 61%
    to 92% by training 48 nurses"."""
    m = re.match(
        r"(?P<verb>[A-Z][\w-]*)\s+(?P<obj>[^,]+?),\s+(?P<res>[a-z]+ing)\s+(?P<rest>.+)$", text
    )
    if not m or " and " in m.group("rest")[:3]:
        return None
    lead = verb_lemma(m.group("res"))
    deed = verb_lemma(m.group("verb"))
    if not lead or not deed:
        return None
    head = past(lead)
    return f"{head[:1].upper()}{head[1:]} {m.group('rest')} by {gerund(deed)} {m.group('obj')}"


def _action_first(text: str) -> str | None:
    """ "Cut turnaround from 3 hours to 45 minutes by reworking the queue" -> "Reworked the
    queue, cutting turnaround from 3 hours to 45 minutes"."""
    m = re.match(
        r"(?P<verb>[A-Z][\w-]*)\s+(?P<res>.+?)\s+by\s+(?P<deed>[a-z]+ing)\s+(?P<obj>.+)$", text
    )
    if not m:
        return None
    deed, lead = verb_lemma(m.group("deed")), verb_lemma(m.group("verb"))
    if not deed or not lead:
        return None
    head = past(deed)
    return f"{head[:1].upper()}{head[1:]} {m.group('obj')}, {gerund(lead)} {m.group('res')}"


def _swap_lead(text: str, pick: int) -> str | None:
    word, _, rest = text.partition(" ")
    options = SYNONYMS.get(word.lower())
    if not options or not rest:
        return None
    choice = options[pick % len(options)]
    if word.lower() == "set" and rest.startswith("up "):
        rest = rest[3:]
    return f"{choice} {rest}"


def _swap_participle(text: str) -> str | None:
    for old, new in _PARTICIPLES.items():
        if re.search(rf", {old}\b", text):
            return re.sub(rf", {old}\b", f", {new}", text, count=1)
    return None


def candidates(text: str) -> list[str]:
    """Other wordings of a bullet, most different first."""
    out = [_result_first(text), _action_first(text)]
    for pick in range(2):
        swapped = _swap_lead(text, pick)
        out.append(swapped)
        if swapped:
            out.append(_swap_participle(swapped))
    out.append(_swap_participle(text))
    seen: set[str] = set()
    result = []
    for c in out:
        if c and c.lower() not in seen:
            seen.add(c.lower())
            result.append(c)
    return result


def variants(text: str, avoid: Iterable[str] = ()) -> list[str]:
    """Candidates that differ from the bullet and from every text to avoid."""
    banned = {text.strip().lower(), *(a.strip().lower() for a in avoid)}
    return [c for c in candidates(text.strip()) if c.lower() not in banned]
