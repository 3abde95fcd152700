"""Clause rewrites: "I was the PM for X" -> "Served as the PM for X", "sales went up 9%" -> ..."""

from __future__ import annotations

import re

from resumepilot.ai.builtin.lexicon import (
    DOWN_VERBS,
    IRREGULAR,
    REGULAR,
    SWAP_PAST,
    UP_VERBS,
    base_of,
    ing_form,
    is_past,
    past_tense,
    word_set,
)
from resumepilot.ai.numbers import find_quantities
from resumepilot.ai.terms import TECH_WORDS

# Past forms that need the words after them to become a bullet lead.
WEAK_PAST = {"got", "went", "had", "did", "made", "helped", "worked", "started", "came"}

# Who did it: the speaker, alone or with a team. A short opening phrase may come first.
FIRST_PERSON = re.compile(
    r"^(?P<pre>(?:(?:at|on|in|for|with|during|over|within|across|after|before|as|from|by|when|"
    r"while|once|since|to)\b[^,;]{0,80}?|(?:my|our|that|this|the)\s+(?:first|second|third|last|"
    r"final|next|whole|early|old)\s+(?:year|month|week|day|quarter|semester|job|role|team)"
    r"(?:\s+\w+)?)?)[,\s]*"
    r"(?P<subj>i|we|me and (?:my|the|our) (?:team|colleagues?|manager|lead|partner)|"
    r"(?:my|the|our) (?:team|manager|lead|partner|colleagues?) and i|[a-z]+ and i)"
    r"(?P<aux>'ve|'d|'m|'re)?\s+(?P<rest>.+)$", re.I)
# Verbs that state a feeling, not a deed: nothing to put on a resume.
STATE_VERBS = {"loved", "liked", "enjoyed", "hated", "felt", "wanted", "hoped", "wished",
               "remembered", "forgot", "believed", "thought", "guess", "think", "mean", "love",
               "like", "enjoy", "hate", "feel", "want", "hope", "wish", "remember", "believe",
               "know", "knew", "don't", "didn't", "can't", "couldn't", "wasn't", "never",
               "would", "could", "should", "will", "can", "might", "may", "must", "say", "said"}
_RESULT_VERBS = sorted(UP_VERBS | DOWN_VERBS | {"went", "changed", "moved", "got", "came"},
                       key=len, reverse=True)
RESULT_RE = re.compile(r"\b(?P<verb>" + "|".join(re.escape(v) for v in _RESULT_VERBS) + r")\b"
                       r"(?P<rest>.*)$", re.I)
_TIME_PP = re.compile(
    r"^(?P<pp>(?:over|within|in|during|after|for|across)\s+(?:the\s+)?(?:first\s+|next\s+|last\s+|"
    r"following\s+)?(?:~?[\d.]+|a|one|a couple of|a few)\s+(?:days?|weeks?|months?|quarters?|"
    r"years?|sprints?|releases?|shifts?)|by the end of (?:the |that |my |our )?(?:\w+ )?(?:year|"
    r"semester|quarter|month|term|season|summer|week|pilot|program)),?\s+(?P<rest>.+)$", re.I)
_BIG = r"(?:a lot|a ton|massively|dramatically|hugely|big time|like crazy|way down|way up|" \
       r"significantly|quite a bit|noticeably|substantially)"


# Words that are capitalised only because they opened the spoken sentence.
_FUNCTION_WORDS = word_set("""
a an the this that these those our my their his her its your at on in for with during over
within across after before as from by when while once since to most some all many few several
each every both either neither no none one leadership management everyone nobody people users
customers it they he she there here then so but and or because before after until unless if
with without around about under between among into onto through throughout per via using
""")
_COMMON_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ship|ance|ence|ing|ers|ists|ure|ies)$")


def decap(text: str) -> str:
    """Lower-case a clause's first word when it is capitalised only by position ("With the")."""
    word = text.split(" ", 1)[0]
    low = re.sub(r"'(?:s|re|ve|d|ll)$", "", word.lower())
    if not word or word[1:2].isupper() or re.search(r"[A-Z]", word[1:]):
        return text  # "AWS", "HubSpot": a name or an acronym
    if low in _FUNCTION_WORDS or _COMMON_SUFFIX.search(low):
        return word.lower() + text[len(word):]
    return text


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """Lower-case the first word unless it is a name or an acronym ("AWS", "Figma")."""
    word = text.split(" ", 1)[0]
    if word[1:2].isupper() or not is_past(word) and base_of(word) is None:
        return text
    return text[:1].lower() + text[1:]


def base_from_ing(word: str) -> str | None:
    """ "running" -> "run", "making" -> "make", "building" -> "build"."""
    w = word.lower()
    if not w.endswith("ing") or len(w) < 5:
        return None
    stem = w[:-3]
    for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if cand and (cand in REGULAR or cand in IRREGULAR):
            return cand
    return None


def _past(word: str) -> str | None:
    """A past form for a verb said in any tense, or None when the word is not a known verb."""
    w = word.lower()
    if is_past(w):
        return w
    base = base_of(w) or base_from_ing(w)
    if base is None and w.endswith("s"):
        base = base_of(w[:-1]) or base_of(w[:-2])  # "leads", "fixes"
    return past_tense(base) if base else None


def _weak(verb: str, rest: str) -> str | None:
    """Rewrite a weak lead ("was", "worked", "helped", ...) by what follows it."""
    r = rest
    low = r.lower()
    if verb in ("was", "were"):
        if m := re.match(r"(?:ranked\s+)?(?:number|no\.?|#)\s*(\w+)\b(.*)", r, re.I):
            return f"ranked number {m.group(1)}{m.group(2)}"
        if m := re.match(r"the (top|best|highest|#1|number one)\b(.*)", r, re.I):
            return f"ranked as the {m.group(1)}{m.group(2)}"
        if m := re.match(r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?:lead|pm|manager|"
                         r"owner|engineer|designer|analyst|point person|head|director|"
                         r"coordinator|founder|"
                         r"captain|chair|developer|scientist|nurse|teacher|consultant|rep|"
                         r"representative|specialist|architect|champion|mentor|organi[sz]er|contact|"
                         r"liaison|go-to|expert|advocate|trainer|buddy|steward|admin|sdr|bdr|ae|"
                         r"exec|executive|accountant|associate|agent|supervisor|officer|intern|"
                         r"researcher|tutor|instructor|coach|technician|administrator|planner|"
                         r"strategist|marketer|recruiter|auditor|controller|dispatcher|"
                         r"therapist|postdoc|fellow|member|volunteer|assistant|editor|writer)\b",
                         low):
            return "served as " + r
        if re.match(r"(?:on|in) (?:the|a|an)\b", low):
            return "served " + r
        if m := re.match(r"responsible for\s+(.+)", r, re.I):
            return "owned " + m.group(1)
        if m := re.match(r"in charge of\s+(.+)", r, re.I):
            return "directed " + m.group(1)
        if m := re.match(r"(?:part of|involved in|a member of)\s+(.+)", r, re.I):
            return "contributed to " + m.group(1)
        if m := re.match(r"(?:asked|tasked|hired|brought in) (?:to|with)\s+(\w+)(.*)", r, re.I):
            p = _past(m.group(1))
            return f"{p}{m.group(2)}" if p else "delivered " + m.group(1) + m.group(2)
        if m := re.match(r"(\w+ing)\b(.*)", r):
            b = base_from_ing(m.group(1))
            if b and past_tense(b) in WEAK_PAST:
                return _weak(past_tense(b), m.group(2).strip())
            return past_tense(b) + m.group(2) if b else None
        if m := re.match(r"(\w+ed|promoted|selected|named|awarded|chosen|given)\b(.*)", r, re.I):
            return m.group(1).lower() + m.group(2)  # "was promoted to" -> "Promoted to"
        return None
    if verb == "worked":
        for pat, lead in ((r"closely with\b", "partnered closely with"),
                          (r"with\b", "collaborated with"), (r"on\b", "contributed to"),
                          (r"at\b", "served at"), (r"as\b", "served as"), (r"for\b", "served")):
            if m := re.match(pat + r"\s*(.*)", r, re.I):
                return f"{lead} {m.group(1)}" if lead != "served" else f"served {r}"
        if m := re.match(r"to (\w+)(.*)", r, re.I):
            p = _past(m.group(1))
            return p + m.group(2) if p else None
        return "contributed to " + r if r else None
    if verb == "helped":
        r = re.sub(r"^out\b\s*", "", r)  # "helped out with" is "helped with"
        if m := re.match(r"(?:to\s+)?(\w+)\b(.*)", r):
            b = base_of(m.group(1))
            if b:
                return f"contributed to {ing_form(b)}{m.group(2)}"
        if m := re.match(r"(?:with|on)\s+(.+)", r, re.I):
            return "supported " + m.group(1)
        return "supported " + r
    if verb == "used":
        return "leveraged " + r
    if verb == "made":
        if m := re.match(r"sure\s+(?:that\s+)?(.+)", r, re.I):
            return "ensured " + m.group(1)
        if m := re.match(r"the (?:decision|call|choice) to\s+(\w+)(.*)", r, re.I):
            p = _past(m.group(1))
            return p + m.group(2) if p else None
        if re.match(r"(?:it|them|this|that)\b", low):
            return "turned " + re.sub(r"^(\w+)\s+", r"\1 into ", r, count=1)
        return "created " + r
    if verb == "did":
        return "conducted " + r
    if verb == "had":
        if m := re.match(r"to (\w+)(.*)", r, re.I):
            p = _past(m.group(1))
            return p + m.group(2) if p else None
        if re.match(r"(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:class|caseload|portfolio|"
                    r"territory|budget|team|group|book of business|roster)\b)", low):
            return "managed " + r
        if re.match(r"~?\d+ (?:kids|students|people|users|members|participants|families|"
                    r"clients|attendees|volunteers)\b(?! (?:on|in) (?:the|my|our) team)", low):
            return "reached " + r  # "by spring we had 60 kids coming every week"
        if re.match(r"(?:a team|~?\d+ (?:direct )?reports?|~?\d+ (?:people|engineers|staff|"
                    r"nurses|reps|agents|designers|analysts))", low):
            return "managed " + r
        if re.match(r"(?:(?:way|far|much|a lot)\s+)?(?:zero|no|fewer|less|more|higher|lower|"
                    r"better|record)\b", low):
            return "achieved " + r
        r = re.sub(r"^(?:a lot of|lots of|a ton of|too many|so many|tons of)\s+",
                   "a high number of ", r, flags=re.I)
        return "addressed " + r
    if verb in ("got", "were", "was") and re.match(r"(?:paged|called|asked|told|stuck|hit|yelled|"
                                                   r"blamed|flooded|swamped|buried)\b", low):
        return None  # "we got paged all night": what happened to the speaker, not a deed
    if verb == "got":
        if m := re.match(r"(.+?)\s+to\s+(agree|approve|adopt|sign|commit|buy|use|switch|move|"
                         r"join|support|fund|accept|invest)\b(.*)", r, re.I):
            return f"persuaded {m.group(1)} to {m.group(2)}{m.group(3)}"
        if m := re.match(r"(.+?)\s+(down|up)\s+(to|from|by)\b(.*)", r, re.I):
            lead = "reduced" if m.group(2).lower() == "down" else "increased"
            return f"{lead} {m.group(1)} {m.group(3)}{m.group(4)}"
        if m := re.match(r"promoted\b(.*)", r, re.I):
            return "earned a promotion" + m.group(1)
        if re.match(r"(?:the|a|an)\s+\w*\s*(?:award|prize|certification|recognition|bonus)", low):
            return "earned " + r
        return "secured " + r
    if verb == "went":
        if m := re.match(r"from (.+?) to (.+)", r, re.I):
            return _from_to(m.group(1), m.group(2), "grew", "cut")
        if re.match(r"live\b", low):
            return "launched" + r[4:]
        if m := re.match(r"(?:through|over)\s+(.+)", r, re.I):
            return "reviewed " + m.group(1)
        return None
    if verb == "became":
        return "stepped up as " + r
    if verb == "came" and (m := re.match(r"(up|out) with\s+(.+)", r, re.I)):
        return ("devised " if m.group(1).lower() == "up" else "produced ") + m.group(2)
    if verb == "started":
        if m := re.match(r"(?:using|doing|running|holding|tracking)\s+(.+)", r, re.I):
            return "introduced " + m.group(1)
        if m := re.match(r"(\w+ing)\b(.*)", r):
            return "began " + m.group(1) + m.group(2)
        if m := re.match(r"to (\w+)(.*)", r, re.I):
            p = _past(m.group(1))
            return p + m.group(2) if p else None
        if m := re.match(r"(with|at|as)\b(.*)", r, re.I):
            return {"with": "began with", "at": "joined", "as": "joined as"}[m.group(1).lower()] \
                + m.group(2)
        if re.match(r"(?:a|an|the|our|my|this)\b", low):
            return "launched " + r
        return "introduced " + r
    if verb == "saw" and (m := re.match(r"that\s+(.+)", r, re.I)):
        return "found that " + m.group(1)
    if verb == "sat" and (m := re.match(r"down with\s+(.+)", r, re.I)):
        return "met with " + m.group(1)
    if verb == "broke":
        if m := re.match(r"(?:down|up|apart)\s+(.+)", r, re.I):
            return "split " + m.group(1)
        return "beat " + r if re.match(r"(?:the|a|our|my)?\s*record", low) else "split " + r
    if verb == "tried":
        return "attempted " + r[3:] if low.startswith("to ") else "tested " + r
    if verb in SWAP_PAST:
        return f"{SWAP_PAST[verb]} {r}"
    return f"{verb} {r}"


def _from_to(a: str, b: str, up: str, down: str) -> str | None:
    """ "from 8 kids to 35" -> "grew from 8 kids to 35" (the direction decides the verb)."""
    qa, qb = find_quantities(a), find_quantities(b)
    if not qa or not qb:
        return None
    lead = up if _in_days(qb[0].value, b) >= _in_days(qa[0].value, a) else down
    return f"{lead} from {a} to {b}"


_DAYS = {"ms": 1 / 86_400_000, "millisecond": 1 / 86_400_000, "second": 1 / 86_400,
         "sec": 1 / 86_400, "minute": 1 / 1_440, "min": 1 / 1_440, "hour": 1 / 24, "hr": 1 / 24,
         "day": 1, "week": 7, "sprint": 14, "month": 30, "quarter": 91, "year": 365}


def _in_days(value: float, text: str) -> float:
    """Compare "2 weeks" with "3 days" on one scale; other figures compare as they are."""
    m = re.search(r"[\d.]+\s*([a-z]+)", text.lower())
    unit = (m.group(1) if m else "").rstrip("s") or ""
    return value * _DAYS.get(unit, _DAYS.get(unit + "s", 1))


def first_person(rest: str) -> str | None:
    """Text after "I"/"we" as a bullet head with a past-tense action verb first, or None."""
    r = re.sub(r"^(?:have|has|had|'ve|'d)\s+(?=\w+ed\b|" + "|".join(
        sorted(set(IRREGULAR.values()) - {"had"})) + r"\b)", "", rest.strip(), flags=re.I)
    r = re.sub(r"^(?:have|'ve)\s+(?=been\b)", "", r, flags=re.I)
    r = re.sub(r"^been\s+", "was ", r, flags=re.I)
    m = re.match(r"(?:was|were|am|is|are|'m)\s+(?:able|going)\s+to\s+(.+)", r, re.I)
    m = m or re.match(r"(?:managed|got|decided|went on|needed|chose|volunteered|offered|"
                      r"stepped up|would|will|used|get|decide|manage)\s+to\s+(.+)", r, re.I)
    m = m or re.match(r"(?:would|will|could|ended up)\s+(.+)", r, re.I)
    if m:
        r = m.group(1)
    r = re.sub(r"^\w+ly\s+(?=\w)", "", r)  # "quickly shipped" -> "shipped"
    r = re.sub(r"^a/b[- ]test(?:ed)?\b", "ran A/B tests on", r, flags=re.I)
    words = r.split(" ", 1)
    verb, tail = words[0].lower(), (words[1] if len(words) > 1 else "")
    if verb in STATE_VERBS or verb.endswith("n't"):
        return None
    if verb in ("was", "were", "am", "is", "are", "'m"):
        return _weak("was", tail)
    if verb in ("ended",) and tail.startswith("up "):
        return first_person(tail[3:])
    past = _past(verb)
    if past is None:
        return None
    if verb.endswith("ing") and past and past not in WEAK_PAST:
        return f"{past} {tail}".strip()
    return _weak(past, tail)


def result_clause(text: str) -> str | None:
    """A clause about a metric moving ("latency went from 800 ms to 120 ms") as a bullet head."""
    m = RESULT_RE.search(text)
    if not m or m.start() == 0:
        return None
    subj = text[: m.start()].strip(" ,")
    verb, rest = m.group("verb").lower(), m.group("rest").strip()
    pre = ""
    if tm := _TIME_PP.match(subj):
        pre, subj = tm.group("pp"), tm.group("rest")
    if not subj or len(subj.split()) > 7 or FIRST_PERSON.match(subj + " x") or re.search(
        r"\b(?:i|we|who|which|that|if|when)\b", subj, re.I
    ):
        return None
    subj = re.sub(r"^(?:our|my|their)\b", "the", subj, flags=re.I)
    if not re.search(r"[A-Z]", subj[1:].split(" ", 1)[0]) and subj.split(" ", 1)[0].lower() not in (
        TECH_WORDS
    ):
        subj = subj[:1].lower() + subj[1:]  # "Open rates went up" -> "Increased open rates"
    cause = ""
    if verb in ("increased", "improved", "reduced", "decreased", "doubled", "tripled", "cut",
                "halved") and rest and not re.match(
        r"(?:by|from|to|~|\$|€|£|\d|significantly|over|in|within|during|after|for|across|on|"
        r"at|since|about|around)\b|[~$€£\d]", rest, re.I
    ):
        # "The $40 threshold increased order value by 11%": the subject caused the change.
        cause, subj, rest = subj, "", rest
    rest = re.sub(r"\b(?:down|up)\s+(?=to\b)", "", rest)
    rest = re.sub(r"^(?:up|down)\b\s*", "", rest)
    big = re.search(_BIG, rest, re.I)
    rest = re.sub(r"\s*" + _BIG, " significantly" if big else "", rest, flags=re.I).strip()
    halved = re.match(r"(?:by\s+)?(?:half)\b", rest) and verb in DOWN_VERBS | {"went"}
    if halved or verb == "halved":
        lead = "halved"
        rest = re.sub(r"^(?:by\s+)?(?:half)\b\s*", "", rest)
    elif verb in ("doubled", "tripled", "quadrupled"):
        lead = verb
    elif verb in UP_VERBS:
        lead = "improved" if verb == "improved" else "increased"
    elif verb in DOWN_VERBS or verb == "went" and re.match(
        r"to (?:almost |nearly |basically |virtually )?(?:zero|none|nothing|0\b)", rest
    ):
        lead = "reduced"
    elif fm := re.match(r"from (.+?) to (.+)", rest, re.I):
        out = _from_to(fm.group(1), fm.group(2), "increased", "reduced")
        if not out:
            return None
        lead, rest = out.split(" ", 1)
    else:
        return None
    if re.match(r"~?[\d$€£]", rest) and lead in ("increased", "reduced", "improved"):
        rest = "by " + rest  # "went up 9 pts" -> "Increased CSAT by 9 pts"
    head = re.sub(r"\s+", " ", f"{lead} {subj} {rest}".strip())
    if cause:
        head += f" via {cause}"
    return f"{head} {pre.lower()}".strip() if pre else head
