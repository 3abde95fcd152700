"""A figure before and a figure after, said apart, become one change: "from 9 to 6 minutes".

Speakers set the scene first ("CSAT was 82", "it took the dispatcher two hours a day") and give
the outcome later ("now we're at 91", "it went down to 15 minutes"). A resume line says both in
one result. This pass finds such pairs among the clauses of one answer, rewrites the outcome as
"X went from A to B" (or inserts "from A" before "to B") and drops the scene-setting clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Item = tuple[int, str, str]  # sentence index, conjunction, clause text

_Q = r"(?:under |below |over |less than |more than )?~?[$€£]?\d[\d,.]*(?:%|[KMB]\b)?"
_LEAD = r"^(?:(?:before(?: that)?|previously|originally|at first|initially)\b,?\s*)?"
_SUBJ = r"(?P<subj>(?:the |our |my |their )?[a-z][\w'-]*(?: [\w'-]+){0,5}?)"
_BASELINES = [
    # "Open rates were sitting around 18%", "month-end close used to take us 10 business days"
    re.compile(_LEAD + _SUBJ + r"\s+(?:was|were|is|are|had been|averaged|used to (?:be|take|"
               r"cost|run))\s+(?:(?:us|me|them|the team)\s+)?(?:(?P<how>sitting|running|hovering|"
               r"stuck|averaging|doing|making|bringing in|generating|billing)\s+)?"
               r"(?:(?:at|around|only|close to)\s+)*(?P<q>" + _Q + r")"
               r"(?P<tail>.*)$", re.I),
    # "we were seeing ~6 falls a month"
    re.compile(_LEAD + r"(?P<subj>)(?:we|i|they|the team)\s+(?:were|was|are)\s+(?:seeing|getting|"
               r"paying|doing|handling|averaging|losing|spending|running|taking|processing)\s+"
               r"(?:(?:at|around|close to)\s+)*(?P<q>" + _Q + r")(?P<tail>.*)$", re.I),
    # "we had a backlog of 300 tickets"
    re.compile(_LEAD + r"(?:we|i|they|the team)\s+had\s+(?:(?P<subj>a backlog|a queue|a waitlist|"
               r"a wait list)\s+of\s+)?(?:(?:around|close to)\s+)*(?P<q>" + _Q + r")"
               r"(?P<tail>.*)$", re.I),
    # "it took the dispatcher ~2 hours a day"
    re.compile(_LEAD + r"(?P<subj>it|that|this|the [\w -]{2,40}?)\s+(?:took|used to take)\s+"
               r"(?:(?:us|me|them|the team|the \w+)\s+)?(?P<q>" + _Q + r")(?P<tail>.*)$", re.I),
    # "10 pages a week" said on its own after a comma
    re.compile(r"^(?P<subj>)(?P<q>" + _Q + r")(?P<tail>(?: [a-z-]+){0,3})$", re.I),
]
_CHANGE_TO = re.compile(
    r"^(?P<pre>(?:.*?\s)?(?:went|dropped|fell|rose|grew|got|brought|cut|reduced|decreased|"
    r"increased|improved|climbed|jumped|shrank|lowered|raised|came|was|were|is|are)\b.*?\s)"
    r"(?P<dir>(?:down|up)\s+)?to\s+(?P<q>" + _Q + r")(?P<rest>.*)$", re.I)
_STATE = re.compile(
    r"^(?P<mark>(?:now|today|these days|after (?:that|the [\w-]+)|with the new [\w -]{1,30}?|"
    r"~?\d+ (?:days?|weeks?|months?|quarters?|years?) later|so)\b,?\s*)?"
    r"(?P<who>it|we|they|the team|that|this|(?:the|our) [\w -]{2,30}?)\s*"
    r"(?P<verb>'s done in|is done in|gets done in|get it done in|'s at|is at|'re at|are at|"
    r"was at|were at|takes|take|runs in|run in|closes in|close in|finishes in|finish in|is|was)"
    r"\s+(?P<q>" + _Q + r")(?P<rest>.*)$", re.I)
_TIME = {"business days", "working days", "ms", "second", "seconds", "minute", "minutes", "hour",
         "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "business"}
_NOT_UNIT = {"a", "an", "per", "every", "each", "in", "at", "for", "by", "on", "of", "the", "and",
             "or", "which", "when", "to", "with", "most", "over", "before", "after"}
_PRONOUN = {"it", "that", "this", "they", "we", "the team", ""}


@dataclass
class _Base:
    index: int
    sentence: int
    subj: str
    q: str
    unit: str  # first word after the figure when it names what was counted
    kind: str  # pct, money, time, number
    with_prev: bool = False  # the subject came from the clause before, which goes too


def _unit(tail: str) -> str:
    words = re.findall(r"[a-z-]+", tail.lower())[:2]
    if not words or words[0] in _NOT_UNIT:
        return ""
    if words[0] in ("business", "working", "calendar", "school") and len(words) > 1:
        return " ".join(words)  # "10 business days"
    return words[0]


def _kind(q: str, unit: str) -> str:
    if "%" in q:
        return "pct"
    if re.search(r"[$€£]", q):
        return "money"
    return "time" if unit in _TIME else "number"


def _stems(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", text.lower())} - {
        "the", "our", "their", "team", "was", "were"}


def _find_base(i: int, item: Item, items: list[Item]) -> _Base | None:
    sentence, _, text = item
    if re.search(r"\b(?:from|went|dropped|fell|rose|grew|increased|reduced|cut)\b|"
                 r"(?<!close )\bto\s+~?\d", text, re.I):
        return None
    for pat in _BASELINES:
        m = pat.match(text)
        if not m:
            continue
        subj = (m.group("subj") or "").strip()
        tail = m.group("tail")
        unit = _unit(tail)
        with_prev = False
        if pat is _BASELINES[-1] and not unit and i > 0 and items[i - 1][0] == sentence:
            # "our pick accuracy was bad, ~94%": the subject sits in the clause before
            prev = re.match(r"^(?P<s>(?:the|our|my|their)\s+[\w -]{2,40}?)\s+(?:was|were|is|are)"
                            r"\s+\w+$", items[i - 1][2], re.I)
            subj, with_prev = (prev.group("s"), True) if prev else ("", False)
        if len(tail.split()) > 6:
            return None  # more is said after the figure than a baseline carries
        if subj.lower().startswith("a "):
            subj = "the " + subj[2:]
        subj = re.sub(r"^(?:our|my|their)\b", "the", subj, flags=re.I)
        if not subj and unit:
            subj = unit
        how = (m.groupdict().get("how") or "").lower()
        if subj.lower() in _PRONOUN and how in ("doing", "making", "bringing in", "generating",
                                                 "billing"):
            subj = "revenue"  # "the territory was doing 1.2 million a year"
        q = m.group("q").strip()
        if not q.startswith("~") and re.search(r"close to\s+" + re.escape(q), text, re.I):
            q = "~" + q
        return _Base(i, sentence, subj, q, unit, _kind(q, unit), with_prev)
    return None


def _phrase(base: _Base, after_unit: str, after_text: str) -> str:
    """The "from" figure, with its unit when the outcome does not repeat it."""
    if base.kind == "pct":
        return base.q
    if not base.unit or base.unit == after_unit or base.unit.rstrip("s") in after_text.lower():
        if base.unit and base.unit not in _TIME and after_unit == base.unit:
            return base.q
        if base.kind == "time" and after_unit and after_unit != base.unit:
            return f"{base.q} {base.unit}"
        return base.q
    return f"{base.q} {base.unit}"


def _compatible(base: _Base, q: str, rest: str, subject: str) -> bool:
    unit = _unit(rest)
    if base.kind != _kind(q, unit):
        return False
    if base.kind == "number" and base.unit and unit and base.unit.rstrip("s") != unit.rstrip("s"):
        return False
    if subject.lower().strip() in _PRONOUN or not re.search(r"[a-z]{3}", subject, re.I):
        return True
    if base.subj.lower() in ("it", "that", "this") and (not base.unit or base.kind == "pct"):
        return True  # "it was close to 40%" ... "the failure rate was down to 15%"
    return bool(_stems(subject) & (_stems(base.subj) | _stems(base.unit)))


def _rewrite(base: _Base, text: str) -> str | None:
    """The outcome clause with the baseline folded in, or None when it does not fit."""
    if re.search(r"\bfrom\b", text, re.I):
        return None
    if m := _STATE.match(text):
        who = m.group("who")
        if not _compatible(base, m.group("q"), m.group("rest"), who):
            return None
        if not m.group("mark") and m.group("verb").lower() in ("is", "was"):
            return None
        subj = base.subj if base.subj.lower() not in _PRONOUN else (
            who if who.lower() not in _PRONOUN else "the time" if base.kind == "time" else "")
        if not subj:
            return None
        later = re.match(r"(~?\d+ \w+) later", m.group("mark") or "")
        q2 = m.group("q")
        frm = _phrase(base, _unit(m.group("rest")), m.group("rest"))
        tail = f" within {later.group(1)}" if later else ""
        return f"{subj} went from {frm} to {q2}{m.group('rest')}{tail}"
    if m := _CHANGE_TO.match(text):
        pre = m.group("pre")
        if re.search(r"\b(?:was|were|is|are)\s+$", pre) and not m.group("dir"):
            return None
        subject = re.sub(r"\b(?:went|dropped|fell|rose|grew|got|brought|cut|reduced|decreased|"
                         r"increased|improved|climbed|jumped|shrank|lowered|raised|came|was|were|"
                         r"is|are|i|we|it|that|this|them|down|up)\b", " ", pre, flags=re.I)
        if not _compatible(base, m.group("q"), m.group("rest"), subject):
            return None
        if base.subj.lower() not in _PRONOUN and not re.search(r"[a-z]{3}", subject.strip(),
                                                                   re.I):
            # "got it down to": name what came down
            pre = re.sub(r"\b(?:it|that|this|them)\s*$", base.subj + " ", pre, flags=re.I)
        frm = _phrase(base, _unit(m.group("rest")), pre + m.group("rest"))
        return f"{pre}{m.group('dir') or ''}from {frm} to {m.group('q')}{m.group('rest')}"
    return None


_CHANGE_BY = re.compile(r"^(?:it|that|they)\s+(?P<verb>went up|went down|rose|grew|increased|"
                        r"dropped|fell|improved|decreased|jumped|climbed)\s+(?:by\s+)?"
                        r"(?P<by>~?\d[\d,.]*(?:%| pts| percentage points))(?P<rest>.*)$", re.I)


def _name_the_change(base: _Base, items: list[Item], j: int) -> tuple[str, bool] | None:
    """ "it went up 2 pts, so 6%": name what went up and, when the new level follows, say it."""
    m = _CHANGE_BY.match(items[j][2])
    if not m or base.subj.lower() in _PRONOUN:
        return None
    nxt = items[j + 1][2] if j + 1 < len(items) and items[j + 1][0] == items[j][0] else ""
    level = re.fullmatch(r"(?:so\s+)?(?:to\s+)?(~?[$€£]?\d[\d,.]*%?)", nxt.strip(), re.I)
    if level and _kind(level.group(1), "") == base.kind:
        return (f"{base.subj} went from {base.q} to {level.group(1)}, up {m.group('by')}"
                f"{m.group('rest')}", True)
    return f"{base.subj} {m.group('verb')} by {m.group('by')}{m.group('rest')}", False


def fold_baselines(items: list[Item]) -> list[Item]:
    """Fold each scene-setting figure into the first later outcome that matches it."""
    out = list(items)
    drop: set[int] = set()
    for i, item in enumerate(items):
        base = _find_base(i, item, items)
        if base is None:
            continue
        for j in range(i + 1, len(items)):
            if items[j][0] > base.sentence + 3:
                break
            later = _find_base(j, items[j], items)
            if later and later.kind == base.kind:
                break  # a newer figure of the same kind sets the scene from here on
            named = _name_the_change(base, out, j)
            if named:
                out[j] = (out[j][0], out[j][1], named[0])
                if named[1]:
                    drop.update({i, j + 1})
                break
            new = _rewrite(base, out[j][2])
            if new:
                out[j] = (out[j][0], out[j][1], new)
                drop.add(i)
                if base.with_prev:
                    drop.add(i - 1)  # "our pick accuracy was bad" went into the change
                break
    return [x for k, x in enumerate(out) if k not in drop]
