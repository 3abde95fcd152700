"""Stage 3: what "it" points to, and which way every change went.

A change is read from a result clause ("the p99 latency went from ~800 ms down to 120 ms", "we cut
the AWS bill by ~30%"). A starting figure said earlier ("our time to fill was ~6 weeks") joins the
change that ends it. The direction comes from the figures when both ends are known (units
compared: 6 weeks > 19 days), else from the verb, else from whether the measure is good or bad:
a drop in a bad thing is an improvement, and the verb chosen always matches the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resumepilot.ai.builtin.clauses import Clause
from resumepilot.ai.builtin.words import (
    DOWN_WORDS,
    UP_WORDS,
    gerund,
    is_person,
    polarity,
    verb_lemma,
)

_FIG = (
    r"(?:under |below |over |almost |nearly |more than |less than |about |within )?"
    r"~?[$€£]?\d[\d,.]*(?:-\d[\d,.]*)?"
    r"(?:%|[KMB]\b| million| billion| thousand| percentage points| pts)?"
)
_UNIT_DAYS = {
    "ms": 1 / 86_400_000,
    "second": 1 / 86_400,
    "sec": 1 / 86_400,
    "minute": 1 / 1440,
    "min": 1 / 1440,
    "hour": 1 / 24,
    "hr": 1 / 24,
    "day": 1,
    "week": 7,
    "month": 30,
    "quarter": 91,
    "year": 365,
}


@dataclass
class Change:
    """A measure that moved: from, to, by how much, and which way."""

    measure: str
    start: str = ""
    end: str = ""
    by: str = ""
    said_up: bool | None = None  # the verb's own direction, when it has one
    verb: str = ""  # "doubled", "halved" when said so
    tail: str = ""
    means: str = ""  # "by building a knowledge base in Confluence"

    @property
    def direction(self) -> int:
        """+1 up, -1 down, 0 unknown; figures first, then the verb, then the measure."""
        if self.start and self.end:
            a, b = figure_value(self.start), figure_value(self.end)
            if a is not None and b is not None and a != b:
                return 1 if b > a else -1
        if self.said_up is not None:
            return 1 if self.said_up else -1
        if self.end and not self.start:
            # A level reached is said as an achievement: more of a good thing, less of a bad one.
            return polarity(self.measure)
        return 0


def figure_value(text: str) -> float | None:
    """A figure's size in one scale: durations in days, money and counts as said."""
    m = re.search(
        r"(\d[\d,]*(?:\.\d+)?)\s*(%|[KMB]\b| million| billion| thousand)?\s*([a-z]*)", text
    )
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, " thousand": 1e3, " million": 1e6, " billion": 1e9}
    value *= scale.get(m.group(2) or "", 1)
    unit = m.group(3).rstrip("s")
    return value * _UNIT_DAYS.get(unit, 1)


def _unit_kind(text: str) -> str:
    if "%" in text or "percent" in text:
        return "pct"
    if re.search(r"[$€£]", text):
        return "money"
    if re.search(
        r"\d\s*(?:(?!(?:a|an|per|each|every)\b)[a-z]+\s+)?(?:ms|seconds?|minutes?|"
        r"hours?|days?|weeks?|months?|years?)\b|"
        r"^a (?:full )?(?:day|week|month)\b",
        text.strip(),
    ):
        return "time"
    return "count"


def clean_measure(subject: str) -> str:
    had_det = bool(re.match(r"(?:the|our|my)\s+\w", subject.strip(), re.I))
    m = re.sub(r"^(?:the|our|my|their|his|her)\s+", "", subject.strip(), flags=re.I)
    if had_det and not re.search(r"\d", m):
        m = "the " + m
    m = re.sub(r"\b(?:our|my)\b", "the", m, flags=re.I)
    return (
        m[:1].lower() + m[1:]
        if m[:1].isupper() and not m[1:2].isupper() and not re.match(r"[A-Z][a-z]+[A-Z]", m)
        else m
    )


def parse_change(clause: Clause) -> Change | None:
    """The change a result clause states, or None when it states none."""
    rest = re.sub(r"^(?:now|at)\s+(?=~?\d)", "to ", clause.rest.strip(" ,"))
    base = clause.verb.split(":")[-1]
    subject = clause.subject
    said_up: bool | None = None
    verb = ""
    if base in ("double", "triple", "quadruple"):
        said_up, verb = True, base + "d"
    elif base in ("halve",):
        said_up, verb = False, "halved"
    elif base == "improve":
        verb = "improved"
    elif base in UP_WORDS:
        said_up = True
    elif base in DOWN_WORDS or base in ("decline",):
        said_up = False
    from resumepilot.ai.builtin.classify import is_change

    state = clause.verb in (
        "be",
        "have",
        "run",
        "take",
        "do",
        "finish",
        "close",
        "process",
    ) or clause.verb.startswith("be:")
    if not state and not is_change(base, rest):
        return None  # "that freed up 20 hours": an outcome, not a measure that moved
    # "it was at 2.1 million", "the pipeline did it in ~4 hours", "we had 60 kids": a level.
    if state:
        level = re.sub(
            r"^(?:(?:down|up)\s+|(?:it|them|that)\s+|(?:done|finished)\s+|"
            r"(?:alone|solo|single-handedly|myself)\s+)*",
            "",
            rest,
        )
        level = re.sub(r"^(?:in|at|now)\s+(?=~?\d)", "to ", level)
        level = re.sub(r"^within\s+(?=~?\d)", "to within ", level)
        if fm := re.match(
            rf"(?:to\s+)?(?P<b>{_FIG}(?:\s+[a-z]+){{0,3}}?)(?=\s+(?:in|by|over|"
            rf"within|after|coming|across|during|for|on|at|every)\b|[,.]|$)",
            level,
        ):
            measure = (
                ""
                if subject.lower() in ("it", "that", "this", "we", "i", "they", "there")
                else clean_measure(subject)
            )
            up = (
                said_up
                if said_up is not None
                else (False if rest.startswith("down") else True if rest.startswith("up") else None)
            )
            return Change(
                measure, end=fm.group("b"), said_up=up, verb=verb, tail=_tail(level[fm.end() :])
            )
    # "we cut the AWS bill by ~30%", "we got dock-to-stock down to 14 hours": the object moved.
    if subject.lower() in ("we", "i", "it", "that", "this", "which") or is_person(subject):
        m = re.match(r"(?P<obj>.+?)\s+(?=(?:down|up|by|from|to|in half)\b)", rest)
        if (
            re.match(r"(?:from|to|up|down)\b", rest)
            or not m
            and subject.lower() in ("it", "that", "this", "which")
        ):
            subject = ""  # "we went from 4 plates a day to 18": the measure goes unnamed
        elif m and m.group("obj").lower() not in ("up", "down"):
            subject, rest = m.group("obj"), rest[m.end() :]
        else:
            return None
    if re.match(r"up\b", rest):
        said_up, rest = True, rest[2:].strip()
    elif re.match(r"down\b", rest):
        said_up, rest = False, rest[4:].strip()
    change = Change(clean_measure(subject), said_up=said_up, verb=verb)
    tail = rest
    if m := re.match(
        rf",?\s*from\s+(?P<a>{_FIG}(?:\s+[a-z]+){{0,3}}?)\s*,?\s+(?:down |up )?to\s+"
        rf"(?P<b>{_FIG}(?:\s+(?:[a-z]+|a|an|per)){{0,3}}?)(?=\s+(?:in|by|over|within|"
        rf"after|across|during|for|on|at)\b|[,.]|$)",
        rest,
    ):
        change.start, change.end, tail = m.group("a"), m.group("b"), rest[m.end() :]
    elif m := re.match(
        rf"to\s+(?P<b>{_FIG}(?:\s+[a-z]+){{0,3}}?)(?=\s+(?:in|by|over|within|"
        rf"after|across|during|for|on|at|and)\b|[,.]|$)",
        rest,
    ):
        change.end, tail = m.group("b"), rest[m.end() :]
    elif m := re.match(
        rf"(?:by\s+)?(?P<by>{_FIG}(?:\s+(?!(?:for|in|to|from|by|over|within|and|"
        rf"after|on|at|across|with)\b)[a-z]+){{0,2}}(?:\s+(?:a|per) (?:day|week|"
        rf"month|year|shift))?|(?:half|a half|a third|a quarter|two thirds|"
        rf"a lot|significantly)\b)",
        rest,
    ):
        by = m.group("by")
        if by in ("half", "a half"):
            change.verb, change.said_up = "halved", False
        elif by not in ("a lot", "significantly"):
            change.by = by
        tail = rest[m.end() :]
    elif m := re.match(r"in half\b", rest):
        change.verb, change.said_up, tail = "halved", False, rest[m.end() :]
    elif not change.verb and said_up is None:
        return None
    if not change.end and (lv := re.search(rf"(?:,\s*so|\bto)\s+(?P<b>{_FIG})", tail)):
        change.end = lv.group("b")  # "went up 2 points, so 6%"
    change.tail = _tail(tail)
    if (means := re.search(r"\bby\s+(([a-z]+ing)\b.*)$", tail)) and is_gerund(means.group(2)):
        change.means = "by " + means.group(1)
    if not change.measure or re.fullmatch(r"(?:it|that|this|them)", change.measure):
        change.measure = ""
    return change


def is_gerund(word: str) -> bool:
    """ "training" is a verb's -ing form; "spring" and "morning" are not."""
    lemma = verb_lemma(word)
    return bool(lemma) and lemma != word.lower() and word.lower().endswith("ing")


def _tail(text: str) -> str:
    """When, where or for whom the change happened ("in the first quarter", "for 2 million
    users"); no more."""
    text = text.strip(" ,")
    if m := re.match(
        r"for ~?[$€£]?\d[\d,.]*(?: million| thousand|[KMB])?(?: [a-z-]+){1,3}?"
        r"(?=[,.]|$| (?:in|over|and|by|within)\b)",
        text,
    ):
        rest = _tail(text[m.end() :])
        return f"{m.group(0)} {rest}".strip()
    m = re.match(
        r"((?:in|over|within|by|after|during|across|for)\s+(?:the\s+)?(?:first\s+|next\s+"
        r"|end of the\s+)?(?:~?\d+\s+)?(?:\w+\s+){0,2}?(?:days?|weeks?|months?|quarters?|"
        r"years?|semesters?|launch|go-live|spring|summer|fall|winter|pilot))\b",
        text,
        re.I,
    )
    return m.group(1) if m else ""


@dataclass
class Baseline:
    """A figure said before a change that ends it: "our time to fill was ~6 weeks"."""

    measure: str
    figure: str
    sentence: int


def read_baseline(clause: Clause) -> Baseline | None:
    """A context clause that states where a measure started."""
    if clause.kind == "other" and clause.verb.startswith("must:"):
        # "people had to click through 5 screens": what it took before
        m = re.search(r"(?P<fig>~?\d[\d,.]*\s+[a-z]+)", clause.rest)
        return Baseline("", m.group("fig"), clause.sentence) if m else None
    if clause.kind == "fragment" and re.fullmatch(rf"{_FIG}(?:\s+[a-z]+){{0,3}}", clause.text):
        return Baseline("", clause.text, clause.sentence)  # "like ten pages a week"
    if clause.kind not in ("context", "scope", "team"):
        return None
    text = f"{clause.verb_said} {clause.rest}"
    m = re.search(
        rf"(?:^|\s)(?P<fig>{_FIG}(?:\s+(?:[a-z]+|a|per)){{0,3}}?)(?=\s+(?:for|to|in|on|"
        rf"at|of)\b|[,.]|$)",
        text,
    )
    if not m or re.search(r"\b(?:from|down|up)\b", text):
        return None
    subject = clause.subject
    if subject.lower() in ("we", "i", "it", "that", "this", "there"):
        backlog = re.match(r"(?:had|have)\s+(?:a\s+)?(backlog|queue|waitlist|wait list)\s+of", text)
        subject = backlog.group(1) if backlog else ""
    figure = m.group("fig").strip()
    # "2 paralegals a full week" -> "a full week for 2 paralegals"
    if clause.verb.split(":")[-1] == "take":
        figure = re.sub(
            r"^(~?\d+) ([a-z]+) (a (?:full )?(?:day|week|month))$", r"\3 for \1 \2", figure
        )
    measure = clean_measure(subject)
    if re.match(r"(?:was |were |is )?off by\b", text) and measure:
        measure += " error"  # "our forecast was off by 20%": the measure is the error
    verb = clause.verb.split(":")[-1]
    if not measure or measure.lower() in ("it", "that", "this"):
        # "we were paying 40 cents a box", "it used to take 6 hours": the verb names the measure.
        measure = {
            "pay": "the cost",
            "spend": "the spend",
            "cost": "the cost",
            "take": "the time",
            "do": "revenue",
            "make": "revenue",
            "bring": "revenue",
            "generate": "revenue",
            "bill": "revenue",
        }.get(verb, "")
    return Baseline(measure, figure, clause.sentence)


def _stems(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z][a-z-]{2,}", text.lower())} - {
        "the",
        "and",
        "for",
        "time",
    }


def fold_baselines(clauses: list[Clause], changes: dict[int, Change]) -> set[int]:
    """Give changes without a start the figure said before them; returns the clauses used."""
    used: set[int] = set()
    baselines: list[tuple[int, Baseline]] = []
    for i, clause in enumerate(clauses):
        b = read_baseline(clause)
        if b:
            baselines.append((i, b))
            continue
        change = changes.get(i)
        if change is None or change.start or not change.end:
            continue
        for j, base in reversed(baselines):
            if j in used or clause.sentence - base.sentence > 4:
                continue
            if _unit_kind(base.figure) != _unit_kind(change.end):
                continue
            same = _stems(base.measure) & _stems(change.measure)
            if not same and base.measure and change.measure:
                continue
            change.start = _without_repeats(base.figure, change.end, base.measure or change.measure)
            if not change.measure:
                change.measure = base.measure
            used.add(j)
            break
    return used


def _without_repeats(start: str, end: str, measure: str) -> str:
    """ "6 falls a month" -> "6" before "~1 a month" of falls: each word said once."""
    words = start.split()
    while len(words) > 1 and (words[-1] in end.split() or words[-1].rstrip("s") in measure):
        words.pop()
    # Only a bare figure is left alone: "12 business" would read worse than "12 business days".
    return words[0] if len(words) == 1 and re.search(r"\d", words[0]) else start


def change_verb(change: Change, form: str = "ing") -> str:
    """The verb for a change, in the direction its figures show: "cutting", "Raised"."""
    if change.verb and not (
        change.start
        and change.end
        and change.direction != (1 if change.verb in ("doubled", "tripled", "quadrupled") else -1)
    ):
        word = change.verb
        return (
            gerund(word[:-1] if word.endswith("ed") else word)
            if form == "ing"
            else word.capitalize()
        )
    d = change.direction
    kind = _unit_kind(f"{change.start} {change.end} {change.by}")
    if d < 0:
        word = "cutting" if kind in ("money", "time") else "reducing"
    elif d > 0:
        word = "raising" if kind == "pct" else "increasing"
    else:
        word = "improving"
    if form == "ing":
        return word
    return {
        "cutting": "Cut",
        "reducing": "Reduced",
        "raising": "Raised",
        "increasing": "Increased",
        "improving": "Improved",
    }[word]


def change_phrase(change: Change, form: str = "ing") -> str:
    """ "cutting p99 latency from ~800 ms to 120 ms over 6 months"."""
    verb = change_verb(change, form)
    kind = _unit_kind(change.end or change.start)
    measure = change.measure or {
        "count": "throughput"
        if re.search(
            r"\ba (?:day|week|month|"
            r"shift)|\bper\b",
            change.end,
        )
        else "output",
        "money": "revenue",
        "pct": "the rate",
    }.get(kind, "the time")
    if verb.lower().startswith(("halv", "doubl", "tripl", "quadrupl")):
        core = f"{verb} {measure}"
        if change.start and change.end:
            core += f" from {change.start} to {change.end}"
    elif (
        change.start
        and change.end
        and not change.measure
        and (u := re.fullmatch(r"(~?[\d.,]+) ([a-z]+)", change.start))
        and re.fullmatch(r"~?[\d.,]+", change.end)
    ):
        # "we started with 8 kids ... there were 35": "growing from 8 to 35 kids"
        word = "growing" if change.direction >= 0 else "shrinking"
        word = word if form == "ing" else {"growing": "Grew", "shrinking": "Shrank"}[word]
        core = f"{word} from {u.group(1)} to {change.end} {u.group(2)}"
    elif (
        change.start
        and change.end
        and not change.measure
        and (u := re.fullmatch(r"(~?[\d.,]+) ([a-z]+?)s?", change.start))
        and (v := re.fullmatch(rf"(~?[\d.,]+)(?: {u.group(2)}s?)?", change.end))
    ):
        # "5 screens" to "1 screen": "cutting screens from 5 to 1"
        core = f"{verb} {u.group(2)}s from {u.group(1)} to {v.group(1)}"
    elif change.start and change.end:
        core = f"{verb} {measure} from {change.start} to {change.end}"
    elif change.end:
        core = f"{verb} {measure} to {change.end}"
    elif change.by:
        core = f"{verb} {measure} by {change.by}"
    else:
        core = f"{verb} {measure}"
    return f"{core} {change.tail} {change.means}".strip()


def noun_phrase(text: str) -> str:
    """The first noun phrase of a clause's rest: "the panel schedules all wrong" -> "the panel
    schedules"."""
    m = re.match(
        r"((?:the|a|an|our|my|this|their)\s+)?([\w'&.-]+(?:\s+(?!(?:to|for|on|at|with|"
        r"by|from|into|onto|so|that|which|because|before|after|all|and|as|instead|"
        r"over|across|myself|personally|alone|too|also|together|himself|herself|where|"
        r"when|who|whose|"
        r"themselves|ourselves)\b)(?:in\s+(?=[A-Z]))?[\w'&.-]+){0,4})",
        text,
        re.I,
    )
    if not m:
        return ""
    det = (m.group(1) or "").lower().strip()
    det = "the" if det in ("our", "my", "this", "a", "an", "their") else det
    words = m.group(2).split()
    while len(words) > 1 and words[-1].lower() in (
        "about",
        "of",
        "the",
        "a",
        "an",
        "in",
        "for",
        "with",
        "on",
        "to",
        "at",
        "by",
    ):
        words.pop()  # "the same handful of questions about" -> "... of questions"
    return f"{det} {' '.join(words)}".strip()


_ABSTRACT = re.compile(
    r"\b(?:migration|rollout|project|discovery|work|thing|design|plan|idea|"
    r"process|deadline|problem|issue|season|shift|year|quarter|month|week|"
    r"day|time|way)$",
    re.I,
)


def antecedents(clause: Clause) -> list[str]:
    """Things a later "it" or "them" may point to, most salient last."""
    out: list[str] = []
    lead = re.sub(r"^(?:on|for|in|at|with)\s+", "", clause.lead, flags=re.I)
    if lead and not re.search(r"\d", lead):
        out.append(noun_phrase(lead))
    if (
        clause.kind in ("context", "other", "credit")
        and clause.subject
        and not is_person(clause.subject)
        and clause.subject.lower() not in ("it", "that", "this", "there", "which", "we", "i")
    ):
        out.append(noun_phrase(clause.subject))
    rest = clause.rest
    if m := re.match(r"(?P<np>.+?)\s+(?:all\s+)?(?:wrong|broken|missing|off)\b", rest):
        out.append("the errors in " + noun_phrase(m.group("np")).replace("the the", "the"))
        return out
    if clause.kind == "finding" and rest:
        out.append(noun_phrase(rest))
    if (
        clause.kind in ("own", "team")
        and rest
        and not re.match(r"(?:into|on|at|in|with|to|for|through|over|up|out)\b", rest)
    ):
        out.append(noun_phrase(rest))
        if m := re.search(
            r"\bto (the (?:[\w-]+ ){0,2}(?:manager|director|supervisor|lead|"
            r"committee|board|principal|team))\b",
            rest,
        ):
            out.append(m.group(1))  # "sent the workaround to the district manager"
    elif clause.kind == "other" and (m := re.search(r"\b(?:at|on|with)\s+(.+)$", rest)):
        out.append(noun_phrase(m.group(1)))
    elif clause.verb in ("be", "have") and rest and clause.kind == "context":
        out.append(noun_phrase(rest))  # "the billing service was an old monolith in PHP"
    return [
        x
        for x in out
        if x
        and not re.search(r"\d", x)
        and x.lower() not in ("me", "it", "them", "us", "this", "that", "him", "her", "the", "a")
    ]


def resolve_pronoun(pronoun: str, history: list[str]) -> str | None:
    """The latest candidate that fits: "it" a singular thing, "them" a plural one."""
    plural = pronoun.lower() in ("them", "they", "these", "those")
    for np in reversed(history):
        head = np.split()[-1].lower()
        if _ABSTRACT.search(head) or is_person(np) or re.fullmatch(r"(?:the|a|an)", np):
            continue
        is_plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
        if np.startswith("the errors"):
            is_plural = False
        if is_plural == plural:
            return np
    return None
