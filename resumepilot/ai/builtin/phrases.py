"""Stage 4, the words: a clause said as a resume would say it.

A strong past-tense verb first and never a stronger claim than was said ("helped" becomes
"Supported", never "Led"); no first person; reasons and asides trimmed; a met goal as a
participle ("meeting the deadline with 5 days to spare").
"""

from __future__ import annotations

import re

from resumepilot.ai.builtin.clauses import Clause
from resumepilot.ai.builtin.words import (
    gerund,
    inflect,
    is_past_form,
    past,
    verb_lemma,
    word_set,
)

# Irregular past forms that read as resume verbs; others get a regular synonym below.
IRREGULAR_LEADS = word_set("""
led built ran cut grew wrote drove won set brought began chose found taught sold spoke held
kept met paid put rebuilt rewrote took spent split oversaw drew sent sought stood understood
beat bought forecast dug fought gave laid lent upheld undertook sped swept struck threw saw
flew caught co-led co-wrote
""")
SWAP_IRREGULAR = {
    "redid": "Reworked",
    "did": "Completed",
    "hit": "Reached",
    "read": "Reviewed",
    "told": "Advised",
    "rose": "Advanced",
    "shut": "Closed",
    "let": "Allowed",
    "spun": "Launched",
    "made": "Created",
    "got": "Secured",
    "went": "Moved",
    "had": "Managed",
    "became": "Stepped up as",
    "overcame": "Resolved",
    "withdrew": "Removed",
    "undid": "Reversed",
    "fed": "Supplied",
    "heard": "Gathered",
    "knew": "Applied",
    "thought": "Planned",
    "came": "Arrived",
    "broke": "Split",
    "wove": "Integrated",
    "outgrew": "Outpaced",
    "rode": "Rode",
    "froze": "Froze",
    "slid": "Moved",
    "sat": "Served",
}
_DESIGN = re.compile(
    r"\b(?:logo|design|layout|mockups?|wireframes?|color|brand|icons?|"
    r"prototype)\b",
    re.I,
)
_ANALYSIS = re.compile(
    r"\b(?:analysis|modeling|modelling|testing|checks?|audit|review|"
    r"research|calculations?|inspection|survey|assessment)\b",
    re.I,
)


def depersonalise(text: str) -> str:
    """No first person in a bullet: "our Omnicell queue" -> "the Omnicell queue"."""
    text = re.sub(r"\bby myself\b", "single-handedly", text, flags=re.I)
    text = re.sub(r"\s*\b(?:myself|personally|on my own)\b", "", text, flags=re.I)
    text = re.sub(
        r"\b(before|after|while|when|until|without)\s+(?:we|i)\s+(\w+)",
        lambda m: f"{m.group(1)} {_ing(m.group(2))}",
        text,
        flags=re.I,
    )
    text = re.sub(r"\bhow (?:i|we) did it\b", "the approach", text, flags=re.I)
    text = re.sub(r"\b(?:our|my)\b", "the", text, flags=re.I)
    text = re.sub(
        r"\b(?:switched|moved|got|put|brought) us\b",
        lambda m: m.group(0)[:-2] + "the team",
        text,
        flags=re.I,
    )
    text = re.sub(r"\bus\b", "the team", text)
    text = re.sub(r"\b(?:we|i)\s+(\w+)", lambda m: f"the team {_third_person(m.group(1))}", text)
    text = re.sub(r"\bme\b", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _third_person(word: str) -> str:
    """ "handle" -> "handles" after "the team"; past forms stay."""
    lemma = verb_lemma(word)
    if lemma and lemma == word.lower() and lemma not in ("be", "have"):
        return inflect(lemma, "VBZ")
    return {"are": "is", "have": "has", "were": "was"}.get(word.lower(), word)


def _ing(word: str) -> str:
    lemma = verb_lemma(word)
    return gerund(lemma) if lemma else word


def trim_rest(rest: str) -> str:
    """Drop what a bullet cannot carry: reasons, asides, purposes with a pronoun subject."""
    rest = re.sub(
        r",?\s+\b(?:because|since|mostly because|which is|which was|so that they|so "
        r"they|so people|so he|so she|so it (?:is|was|would|could))\b.*$",
        "",
        rest,
        flags=re.I,
    )
    rest = re.sub(
        r",?\s+(?:so|and) we could\s+(\w+)\b",
        lambda m: ", enabling the team to " + m.group(1),
        rest,
        flags=re.I,
    )
    # "so it lines up with the standards" -> "to line up with the standards"
    rest = re.sub(r"\s+so (?:that )?it (\w+?)s\b", lambda m: f" to {m.group(1)}", rest)
    rest = re.sub(
        r"\s*,?\s*\b(?:instead|too|anymore|at first|right away|properly|mostly|"
        r"sometimes|often|occasionally|usually|everything)$",
        "",
        rest,
        flags=re.I,
    )
    return rest.strip(" ,")


def action_phrase(clause: Clause) -> str | None:
    """The clause as a bullet lead: a strong past-tense verb and what was done."""
    lemma = clause.verb.split(":")[-1]
    rest = trim_rest(clause.rest)
    said = clause.verb_said.lower()
    if clause.kind == "own" and re.match(r"(?:had|got|asked|let) me\b", f"{said} {rest}"):
        m = re.match(r"(?:me\s+)?(?:to\s+)?(\w+)\s*(.*)", rest)
        if not m:
            return None
        lemma, rest = verb_lemma(m.group(1)) or m.group(1), m.group(2)
    verb, rest = _strong_verb(lemma, rest, said)
    if verb is None:
        return None
    partner = re.match(r"(?:me|myself) and (.+)|(.+?) and (?:i|me)$", clause.subject, re.I)
    if partner and clause.kind == "own":
        who = depersonalise(partner.group(1) or partner.group(2))
        rest = f"{rest} with {who}"  # "me and another teacher started": "... with another teacher"
    return f"{verb} {depersonalise(rest)}".strip()


def _strong_verb(lemma: str, rest: str, said: str) -> tuple[str | None, str]:
    """A past-tense verb a resume leads with, never a weaker or stronger claim than was said."""
    low = rest.lower()
    if lemma == "sit" and re.match(r"on\b", low):
        return "Served", rest
    if lemma == "show" and re.search(r"\bhow (?:i|we) did it|how to\b", low):
        return "Trained", re.sub(r"\s*how (?:i|we) did it", " on the approach", rest, flags=re.I)
    if lemma == "get":
        if m := re.match(r"(.+?)\s+to\s+(\w+)\b(.*)", rest):
            return "Persuaded", f"{m.group(1)} to {m.group(2)}{m.group(3)}"
        if m := re.match(r"(.+?)\s+doing\s+(.*)", rest):
            return "Assigned", f"{m.group(1)} to {m.group(2)}"
        if m := re.match(r"(?:us|the team|the company|them)\s+into\s+(.+)", rest):
            return "Won", f"the {m.group(1)} account"
        return "Secured", rest
    if lemma == "have":
        words = rest.split()
        start = 2 if words and words[0].lower() in ("the", "my", "our", "all", "each") else 1
        for k in range(start, min(len(words), 5)):
            w = words[k].lower()
            if verb_lemma(w) == w and not is_past_form(w):
                return "Directed", " ".join(words[:k]) + " to " + " ".join(words[k:])
        if re.match(r"(?:a|my|the) team of|~?\d+ (?:direct )?reports", low):
            return "Managed", rest
        return None, rest
    if lemma in ("do", "make", "handle") and re.match(
        r"(?:a lot of|lots of|all kinds of|a bunch of|many)?\s*(?:stuff|things|everything|"
        r"anything|whatever(?! (?:needed|was needed|it took|came up))|it all|a lot)\b",
        low,
    ):
        return None, rest  # "I have done a lot of stuff": nothing a reader can check
    if lemma == "do":
        if m := re.match(r"whatever (?:needed doing|was needed|it took|came up)[,:]?\s+(.+)", rest):
            items = [x.strip() for x in re.split(r",\s*|\s+and\s+", m.group(1)) if x.strip()]
            items = [re.sub(r"\s+stuff$", "", x) for x in items]
            if len(items) > 1:
                return "Covered", ", ".join(items[:-1]) + " and " + items[-1]
        if _DESIGN.search(rest):
            return "Designed", rest
        if _ANALYSIS.search(rest):
            return "Performed", rest
        if re.search(r"\bdata\b", low):
            return "Produced", rest
        if re.match(r"(?:the|a|an)\b", low):
            return "Completed", rest
        return None, rest
    if lemma == "make":
        if m := re.match(r"sure\s+(?:that\s+)?(.+)", rest):
            return "Ensured", m.group(1)
        if re.search(r"\b(?:deadline|target|goal|quota|numbers?)\b", low):
            return "Met", rest
        if re.search(r"\bhires?\b", low):
            return "Completed", rest
        return "Created", rest
    if lemma == "start":
        if m := re.match(r"(?:using|doing)\s+(.+)", rest):
            return "Introduced", m.group(1)
        if re.match(r"(?:an?|the)\s", low):
            return "Launched", rest
        return "Introduced", rest
    if said.startswith(("started", "began")) and lemma in ("do", "use"):
        return "Introduced", rest
    if said.startswith(("started", "began")) and lemma not in ("start", "begin"):
        word = past(lemma)  # "started running sessions" -> "Ran sessions"
        if word.endswith("ed") or word in IRREGULAR_LEADS:
            return word.capitalize(), rest
    if lemma == "help":
        if m := re.match(r"(?:out\s+)?(?:with|on)\s+(.+)", rest):
            return "Supported", m.group(1)
        words = rest.split()
        for k in range(1, min(len(words), 6)):
            w = words[k].lower()
            if (
                verb_lemma(w) == w
                and not words[0].lower().startswith("to")
                and w not in ("the", "a", "and")
                and not re.match(r"\d", w)
            ):
                # "helped 130 clients keep their vouchers": supported them, no more
                return "Supported", " ".join(words[:k]) + f" in {gerund(w)} " + " ".join(
                    words[k + 1 :]
                )
        if m := re.match(r"(?:to\s+)?(\w+)\b(.*)", rest):
            base = verb_lemma(m.group(1))
            if base:
                return "Contributed", f"to {gerund(base)}{m.group(2)}"
        return "Supported", rest
    if lemma == "work":
        for pat, lead in ((r"with\b", "Partnered with"), (r"on\b", "Contributed to")):
            if m := re.match(pat + r"\s*(.*)", rest):
                return lead, m.group(1)
        if re.match(
            r"the (?:[\w-]+ )?(?:register|desk|counter|phones|front|floor|line|door|"
            r"bar|grill|station|booth|till|checkout)\b",
            low,
        ):
            return "Staffed", rest  # "worked the register at Fairway Market"
        return None, rest
    if lemma == "use":
        return "Applied", rest
    if lemma == "come" and (m := re.match(r"(up|out) with\s+(.+)", rest)):
        return ("Devised" if m.group(1) == "up" else "Produced"), m.group(2)
    if lemma == "go":
        if m := re.match(r"to (?:the\s+)?(.+)", rest):
            return "Attended", "the " + m.group(1)
        if m := re.match(r"(?:through|over)\s+(.+)", rest):
            return "Reviewed", m.group(1)
        if low.startswith("live"):
            return "Launched", rest[4:]
        return None, rest
    if lemma == "figure" and (
        m := re.match(
            r"out\s+(?:that\s+)?(?:you|we|i|one)\s+(?:could|can)"
            r"\s+(.+)",
            rest,
            re.I,
        )
    ):
        return "Found", "a way to " + m.group(1)
    if lemma == "push" and (m := re.match(r"to get\s+(.+?)\s+to\s+(.+)", rest)):
        return "Pushed", f"for {m.group(1)} to {m.group(2)}"
    if lemma == "notice":
        return "Identified", re.sub(r"^that\s+", "", rest)
    if lemma in (
        "be",
        "seem",
        "feel",
        "want",
        "try",
        "need",
        "think",
        "know",
        "say",
        "tell",
        "like",
        "love",
        "can",
        "could",
        "will",
        "would",
    ):
        return None, rest
    word = past(lemma)
    if not word or word == lemma and not is_past_form(word):
        return None, rest
    if not word.endswith("ed") and word not in IRREGULAR_LEADS:
        swap = SWAP_IRREGULAR.get(word)
        first = said.split(" ", 1)[0]
        if not swap and first.endswith("ed") and len(first) > 4:
            return first[:1].upper() + first[1:], rest  # "re-costed", as said
        return (swap, rest) if swap else (None, rest)
    return word[:1].upper() + word[1:], rest


def outcome_phrase(clause: Clause) -> str | None:
    """A met goal said as a participle: "meeting the deadline with 5 days to spare"."""
    lemma = clause.verb.split(":")[-1]
    rest = depersonalise(trim_rest(clause.rest))
    rest = re.sub(r"\b(?:the team|the)\s+best (\w+) ever\b", r"a record \1", rest)
    if lemma == "make" and re.search(r"\bdeadline|target|goal|quota\b", rest):
        return f"meeting {rest}"
    if lemma == "make" and re.search(r"\bhires?\b", rest):
        return f"completing {rest}"
    if lemma == "go" and rest.lower().startswith("live"):
        return "going live" + rest[4:]
    if lemma == "do" and re.search(r"[$€£]\d", rest):
        return f"bringing in {rest}"
    if lemma == "get" and re.search(r"\b(?:award|prize|recognition)\b", rest):
        who = clause.subject.lower()
        return f"earning {depersonalise(who) + ' ' if who not in ('we', 'i') else ''}{rest}"
    if lemma == "get" and re.search(r"\bback\b", rest):
        return "recovering " + re.sub(r"\s*\bback\b", "", rest)
    if lemma == "go" and re.match(r"~?\d+ \w+ (?:with|without)\b", rest):
        return f"going {rest}"
    if lemma == "go" and (
        m := re.match(r"(?:down |up )?(?:to )?((?:zero|~?\d[\d.,]*%?) \w+)\s*(.*)", rest)
    ):
        when = re.sub(r"^(?:the|for the) (next|following)\b", r"over the \1", m.group(2))
        return f"reaching {m.group(1)} {when}".strip()
    if lemma == "have" and re.match(r"~?\d", rest):
        return f"reaching {rest}" + (
            f" {clause.lead[:1].lower()}{clause.lead[1:]}" if clause.lead else ""
        )
    if lemma in ("accept", "publish", "approve", "select", "fund", "award", "adopt") or (
        clause.verb.startswith("be:") and lemma in ("accept", "publish", "approve", "fund")
    ):
        return f"with {depersonalise(clause.subject)} {clause.verb_said.split()[-1]} {rest}"
    if lemma == "add" and rest.strip() in ("up", "") or lemma == "save" and not rest.strip():
        return None
    if lemma == "get" and re.match(r"(?:accepted|published|approved|funded|selected)\b", rest):
        return f"with {depersonalise(clause.subject)} {rest}"
    if lemma in ("save", "earn") and clause.subject.lower() not in (
        "we",
        "i",
        "it",
        "that",
        "this",
        "which",
    ):
        who = re.sub(
            r"^(The|Our|My)\b", lambda m: m.group(1).lower(), depersonalise(clause.subject)
        )
        rest = re.sub(r"\s+now$", "", rest)
        return f"saving {who} {rest}" if lemma == "save" else f"earning {who} {rest}"
    if lemma in ("save", "cut", "reduce", "generate", "add", "earn", "bring", "free"):
        return f"{gerund(lemma)} {rest}"
    if lemma == "become":
        return f"later used as {re.sub(r'^(?:a|an) ', 'a ', rest)}"
    if lemma in (
        "pass",
        "finish",
        "complete",
        "hit",
        "reach",
        "win",
        "beat",
        "exceed",
        "close",
        "meet",
        "achieve",
        "recover",
        "place",
    ):
        subj = clause.subject
        if subj.lower() not in ("we", "i", "it", "that", "this", "which"):
            who = re.sub(
                r"^(The|A|An|Our|My|Their)\b", lambda m: m.group(1).lower(), depersonalise(subj)
            ).replace(" of the ", " ")
            return f"with {who} {gerund(lemma)} {rest}"
        return f"{gerund(lemma)} {rest}"
    return None
