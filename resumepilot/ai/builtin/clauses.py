"""Stage 2: segment repaired sentences into clauses and say whose each one is.

Kinds: "own" (the candidate did it), "team" (we did it), "result" (a measure moved or a goal was
met), "context" (when, where, why, a starting figure), "role" (the candidate's job), "scope" (what
the job covers), "other" (someone else's deed: patients, students, a colleague, "the docs"),
"adopt" (others took up the candidate's work), "size" (how many people worked on it),
"duration" (how long it took), "credit" (the candidate gives a result to others) and "noise".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.ai.builtin.words import (
    AUX,
    CONJUNCTIONS,
    DETERMINERS,
    DOWN_WORDS,
    PEOPLE,
    PREPOSITIONS,
    PRONOUN_SUBJECTS,
    STATE_VERBS,
    UP_WORDS,
    is_noun,
    is_past_form,
    is_person,
    verb_lemma,
)

# Said before the clause proper, telling only that another point starts.
_OPENER = re.compile(
    r"^(?:(?:the other thing i am proud of|the big thing was|the main thing was|the biggest "
    r"thing was|the other thing|another thing|second thing|one more thing|so|and|but|also|plus|"
    r"then|well|now that|anyway|afterwards|after that|separately|in the end|finally|eventually|"
    r"overall|ultimately|on top of that|in addition|second|secondly|first|firstly|mostly|"
    r"mainly|actually|just)"
    r"(?=[\s,]|$)[\s,]*)+", re.I)
_ADVERBS = {"also", "then", "basically", "finally", "eventually", "later", "still", "first",
            "initially", "originally", "directly", "quickly", "successfully", "immediately",
            "now", "recently", "together", "alone", "mostly", "often", "always", "never",
            "usually", "already", "only", "personally", "single-handedly", "all", "both", "too"}
# Deeds that look for something; "it was X" right after one of them is what was found.
_LOOKING = {"dig", "trace", "investigate", "debug", "look", "analyze", "analyse", "track", "review",
            "audit", "dive", "profile", "test", "research", "go", "check", "comb"}
# Past participles that usually name a kind of thing ("mixed effects models"), not a deed.
_ADJECTIVAL = {"mixed", "based", "related", "used", "detailed", "distributed", "limited",
               "advanced", "specialized", "required", "preferred", "dedicated", "experienced",
               "qualified", "supervised", "unsupervised", "structured", "unstructured", "nested"}
_SPLIT_WORDS = r"and|but|so|while|whereas|because|although|though|then|which|plus|since|as|" \
    r"after|before|until|once|when"
_CHANGE_VERBS = UP_WORDS | DOWN_WORDS | {"go", "went", "come", "came", "get", "got", "move",
                                        "moved", "double", "doubled", "halve", "halved", "triple",
                                        "improve", "improved", "shoot", "shot", "spike", "spiked"}


@dataclass
class Clause:
    """One clause: who is its subject, its main verb (as a lemma) and the words after it."""

    kind: str
    text: str
    sentence: int
    subject: str = ""
    verb: str = ""  # lemma of the main verb
    verb_said: str = ""  # the verb as said ("climbed", "was taking")
    rest: str = ""
    lead: str = ""  # a leading phrase: "Over the school year", "At Bramble Studio"
    conj: str = ""
    negated: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return text.split()


def _bare(word: str) -> str:
    return re.sub(r"[^\w'%$~.-]", "", word).lower().strip(".")


def finite_verb_at(words: list[str], start: int = 0, limit: int = 7) -> int | None:
    """Index of the first finite verb within `limit` words: an auxiliary or a past form."""
    for k in range(start, min(len(words), start + limit)):
        w = _bare(words[k])
        if not w or re.match(r"[~$\d]", w):
            continue
        if w in AUX or w in ("kept", "went", "got", "took", "made", "did"):
            return k
        prev = _bare(words[k - 1]) if k > 0 else ""
        if is_past_form(w) and (prev not in DETERMINERS or prev in ("that", "this") and k == start
                                ) and prev not in PREPOSITIONS:
            return k
        if k > start and w in UP_WORDS | DOWN_WORDS and prev not in DETERMINERS:
            return k
        lemma = verb_lemma(w)
        if prev in ("it", "he", "she", "this", "that", "which", "who") and lemma and w != lemma \
                and w.endswith("s"):
            return k  # "it runs in 40 minutes"
        if prev in ("i", "we", "they", "you") and lemma == w:
            return k
        if k > start and prev.endswith("s") and not prev.endswith("ss") and verb_lemma(w) == w \
                and w not in PREPOSITIONS and not is_noun(w) and prev not in PREPOSITIONS:
            return k  # "3 other labs use it": a plural subject and a present-tense verb
        if k > start and prev.endswith("s") and w in ("use", "work", "run", "take", "get",
                                                      "need", "love", "like", "want", "say"):
            return k
    return None


def starts_clause(text: str, after_subject: bool = False) -> bool:
    """Whether text opens a clause of its own (a subject and then a verb)."""
    words = _words(text)
    if not words:
        return False
    first = _bare(words[0])
    if (first in CONJUNCTIONS or first in ("now", "today", "afterwards", "later", "eventually",
                                           "finally", "also", "then", "mostly", "mainly",
                                           "actually", "just", "basically")) and len(words) > 1:
        return starts_clause(" ".join(words[1:]), after_subject)
    if first in ("which", "who"):
        return True
    if first in ("i", "we", "he", "she", "they"):
        return True
    if first in PRONOUN_SUBJECTS and len(words) > 1:
        return finite_verb_at(words, 1, 2) is not None
    if after_subject and is_past_form(first) and first not in ("used", "based", "called"):
        return True
    if first in PREPOSITIONS or first in _LEAD_WORDS:
        lead, rest = _strip_lead(text)
        return bool(lead) and rest != text
    k = finite_verb_at(words, 1, 6)
    if k is None:
        return False
    between = [_bare(w) for w in words[1:k]]
    change = _bare(words[k]) in _CHANGE_VERBS
    if not change and any(w in PREPOSITIONS and w not in ("of", "to", "on", "in", "for", "at")
                          for w in between) \
            or any(w in ("i", "we", "they", "he", "she", "so", "that", "which") for w in between):
        return False
    if first in DETERMINERS or words[0][:1].isupper() or re.match(r"[~$\d]", first):
        return True
    # "catering sales doubled": a bare noun phrase opens a clause only before a strong verb.
    verb = _bare(words[k])
    strong = verb in AUX or verb in _CHANGE_VERBS or verb in (
        "took", "cost", "averaged", "hit", "reached", "placed", "won", "kept", "started", "stopped",
        "ended") or (first in PEOPLE and is_past_form(verb))
    if is_past_form(first) and k == 2 and verb in _CHANGE_VERBS:
        return True  # "confirmed appointments climbed": a participle names the measure
    return k <= 4 and strong and not is_past_form(first) and not first.endswith("ly") and \
        first not in PREPOSITIONS and first not in _ADVERBS


_LEAD_WORDS = {"last", "that", "this", "next", "every", "each", "when", "once", "while"}
_TIME_NOUNS = re.compile(r"(?:year|years|month|months|week|weeks|quarter|quarters|semester|term|"
                         r"season|spring|summer|fall|autumn|winter|day|days|night|nights|shift|"
                         r"weekend|launch|go-live|rollout|time|period|job|case|project|program|"
                         r"pilot|afterwards|later|then|that|it|first|end)$", re.I)


def _strip_lead(text: str) -> tuple[str, str]:
    """("Over the school year", "chronic absence dropped ..."), or ("", text) when none."""
    words = _words(text)
    if m := re.match(r"((?:~?\d+|a few|a couple of) (?:days?|weeks?|months?|quarters?|years?) "
                     r"later|now|today|these days),?\s+", text, re.I):
        return m.group(1), text[m.end():]
    if not words or not (_bare(words[0]) in PREPOSITIONS or _bare(words[0]) in _LEAD_WORDS):
        return "", text
    candidates: list[tuple[int, int]] = []
    subordinate = bool(re.match(r"(?:when|once|while|as)\b", words[0], re.I)) or bool(
        re.match(r"(?:after|before|since)\s+(?:i|we)\b", text, re.I))
    for j in range(1, min(len(words) - 1, 14)):
        head = _bare(words[j])
        rest = " ".join(words[j:])
        if not subordinate and finite_verb_at(words[:j], 0, j) is not None:
            break
        ended = words[j - 1].endswith(",")
        if ended and (starts_clause(rest) or finite_verb_at(words, j, 5) is not None):
            candidates.append((0 if subordinate else 2, j))
        elif subordinate:
            # "When I took over the territory it was doing ~1.2 million": no comma, a new subject.
            if head in ("it", "they", "there", "we", "he", "she", "i") and j > 2 and \
                    finite_verb_at(words[:j], 2, j) is not None and \
                    finite_verb_at(words, j + 1, 2) is not None:
                candidates.append((1, j))
            continue
        elif head in ("i", "we", "they", "he", "she", "there") or (
                head == "it" and finite_verb_at(words, j + 1, 1) is not None):
            candidates.append((0, j))
        elif _TIME_NOUNS.search(_bare(words[j - 1])) and finite_verb_at(words, j + 1,
                                                                         9) is not None:
            candidates.append((1, j))
        elif starts_clause(rest) and head in DETERMINERS and _bare(words[j - 1]) not in \
                PREPOSITIONS:
            candidates.append((4, j))
    if not candidates:
        return "", text
    _, j = min(candidates)
    return " ".join(words[:j]).strip(" ,"), " ".join(words[j:])


def split_clauses(sentence: str) -> list[tuple[str, str]]:
    """(conjunction, clause) pairs of one repaired sentence."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"\s*(?:;|\s[-–—]\s|:\s)\s*", sentence):
        pieces = re.split(r",\s+", chunk)
        current, conj = "", ""
        owner = False  # someone ("I", "we") is the subject so far: a bare verb continues them
        for piece in pieces:
            owner = owner or _has_own_subject(current)
            if current and finite_verb_at(_words(current), 0, 12) is None and not re.search(
                    r"\b(?:i|we)\b", current, re.I):
                current = f"{current}, {piece}"  # "On the Millbrook job, the design had ..."
            elif current and (starts_clause(piece, owner)
                            or re.match(rf"(?:{_SPLIT_WORDS})\s+(?:i|we)\b", piece, re.I)):
                out.extend(_split_inside(conj, current))
                current, conj = piece, ""
            else:
                current = f"{current}, {piece}" if current else piece
        if current:
            out.extend(_split_inside(conj, current))
    cleaned = []
    for conj, text in out:
        m = re.match(r"(and|but|so|while|whereas|because|although|though|then|plus|since|as)\s+",
                     text, re.I)
        if m:
            conj, text = m.group(1).lower(), text[m.end():]
        text = text.strip(" ,")
        if text:
            cleaned.append((conj, text))
    return cleaned


def _has_own_subject(text: str) -> bool:
    return bool(re.search(r"(?:^|\b(?:and|but|so|then)\s+)(?:i|we)\s+\w+", text, re.I))


_INNER = re.compile(rf"\s+(?P<conj>{_SPLIT_WORDS})\s+", re.I)


def _split_inside(conj: str, text: str) -> list[tuple[str, str]]:
    """Split at "and"/"while"/"because" inside a comma piece, before a new subject and verb."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _INNER.finditer(text):
        rest = text[m.end():]
        word = m.group("conj").lower()
        own = _has_own_subject(text[pos:m.start()]) or bool(out) or bool(
            re.match(r"(?:which|that|it)\s+\w+", text[pos:m.start()], re.I))
        if re.fullmatch(r"(?:me|i|myself|(?:my|our) \w+)", text[pos:m.start()].strip(), re.I):
            continue  # "Me and another teacher started": one subject, not two clauses
        opens = starts_clause(rest) or (word in ("and", "then") and own and bool(
            re.match(r"\w+", rest)) and is_past_form(rest.split()[0])
            and not _is_object_list(text[pos:m.start()], rest))
        if word in ("as", "since", "so", "after", "before", "until", "once", "when") and not \
                re.match(r"(?:i|we|it|they|he|she)\b", rest, re.I):
            opens = False
        if word in ("after", "before", "until", "once", "when") and own:
            opens = False  # "I caught it before we energized anything": one deed and its time
        if opens and m.start() > pos:
            out.append((conj, text[pos:m.start()]))
            pos, conj = m.end(), word
    out.append((conj, text[pos:]))
    return out


def _is_object_list(before: str, after: str) -> bool:
    """ "moved the grill and sauté stations": the word after "and" is not a second verb."""
    first = after.split()[0].lower()
    return first in ("used", "based") or not is_past_form(first)


def _subject_and_verb(text: str) -> tuple[str, int | None]:
    words = _words(text)
    first = _bare(words[0]) if words else ""
    if first in ("i", "we", "he", "she", "they", "it", "this", "that", "there", "which", "who",
                 "everyone", "everybody", "nobody", "people"):
        k = 1
        while k < len(words) and (_bare(words[k]) in _ADVERBS or _bare(words[k]) in ("never",
                                                                                     "not")):
            k += 1
        return words[0], k if k < len(words) else None
    m = re.match(r"(?:me|myself) and |(?:[\w]+ ){1,4}and (?:i|me)\s", text, re.I)
    if m:
        found = finite_verb_at(words, len(_words(m.group(0))), 6)
        if found is not None:
            return " ".join(words[:found]), found
    verb_at = finite_verb_at(words, 1, 7)
    if verb_at is None:
        return "", None
    k = verb_at
    j = k
    while j > 1 and _bare(words[j - 1]) in _ADVERBS:
        j -= 1
    return " ".join(words[:j]), k


def _verb_group(words: list[str], k: int) -> tuple[str, str, int, bool]:
    """(lemma, as said, index after the verb group, negated) from the verb at words[k]."""
    said = [words[k]]
    lemma = verb_lemma(_bare(words[k])) or _bare(words[k])
    negated = False
    j = k + 1
    while j < len(words):
        w = _bare(words[j])
        if w in ("not", "never"):
            negated = True
        elif w in _ADVERBS or w in ("really", "actually"):
            pass
        elif lemma in ("be", "have", "do", "will", "would", "could", "can", "should", "might",
                       "may", "must", "get", "keep", "start", "begin", "manage", "decide", "try",
                       "go", "use", "end") and (is_past_form(w) or w.endswith("ing")) and (
                verb_lemma(w)) and not (lemma == "be" and w in ("going",)):
            if lemma == "be" and is_past_form(w) and not w.endswith("ing"):
                said.append(words[j])
                lemma = f"be:{verb_lemma(w)}"  # passive: "was promoted", "were reduced"
                j += 1
                break
            if lemma == "get" and is_past_form(w):
                break  # "got promoted" is handled by the caller from the rest
            said.append(words[j])
            if lemma in ("use",) and w != "to":
                break
            lemma = verb_lemma(w) or w
            if w.endswith("ing") and said[0].lower() in ("was", "were", "is", "are", "am"):
                lemma = f"prog:{lemma}"
        elif w == "to" and lemma in ("manage", "decide", "try", "have", "get", "start", "begin",
                                     "go", "need", "want", "use", "be", "able", "volunteer",
                                     "offer", "choose", "plan", "hope") and j + 1 < len(words) and verb_lemma(
                _bare(words[j + 1])) == _bare(words[j + 1]) and not (
                lemma in ("go", "get") and is_noun(_bare(words[j + 1]))):
            said.append(words[j])
            nxt = _bare(words[j + 1])
            base = verb_lemma(nxt)
            if base and lemma in ("have",):
                lemma = f"must:{base}"
            elif base and lemma == "use":
                lemma = f"used:{base}"
            elif base and lemma in ("need", "want", "plan", "hope", "try"):
                lemma = f"must:{base}"  # "we needed to hire 30": a goal, not a deed
            elif base and lemma != "be":
                lemma = base
            said.append(words[j + 1])
            j += 2
            break
        elif lemma == "be" and w == "able":
            said.append(words[j])
        elif lemma == "end" and w == "up" and j + 1 < len(words) and _bare(words[j + 1]).endswith(
                "ing") and verb_lemma(_bare(words[j + 1])):
            said += [words[j], words[j + 1]]
            lemma = verb_lemma(_bare(words[j + 1])) or lemma
            j += 2
            break
        else:
            break
        j += 1
    return lemma, " ".join(said), j, negated


def _kind(subject: str, lemma: str, rest: str, said: str, negated: bool, text: str) -> str:
    subj = subject.lower().strip()
    base = lemma.split(":")[-1]
    if (negated or re.search(r"\b(?:never|not)\b", " ".join(text.split()[:3]), re.I)) and \
            subj in ("i", "we"):
        return "noise"
    said = " ".join(_bare(w) for w in said.split())
    if subj in ("i",) or re.match(r"(?:me|myself) and |.+ and (?:i|me)$", subj):
        if base in ("get", "bring") and is_change(base, rest) or base in (
                "cut", "reduce", "lower", "bring") and re.match(
                r"(?:it|that|this|them)\s+(?:down\s+)?to ~?\d", rest):
            return "result"  # "I got it down to 28 cents", "I cut that down to 1 screen"
        if base in STATE_VERBS or lemma == "be" and re.match(
                r"(?:so |very |pretty |really )?(?:proud|happy|glad|good|great|easy|reliable|"
                r"organized|lucky|grateful|excited|sure)\b", rest, re.I):
            return "noise"
        if "now" in said.lower().split() or subject.lower().startswith("now"):
            return "result"
        if lemma == "be" or lemma.startswith("prog:") and base in ("work",):
            return "role"
        if lemma.startswith("must:"):
            return "context"
        if said.lower().split()[0] in ("am", "is", "are", "do", "does") or (
                not is_past_form(said.split()[0]) and said.split()[0].lower() not in (
                    "would", "could", "will", "had", "have", "got")):
            return "scope"
        return "own"
    if subj in ("we", "us") or re.fullmatch(r"(?:the|our|my) (?:whole )?team", subj):
        if lemma == "have" and re.match(r"(?:~?\d|a backlog|a queue)", rest) and re.match(
                r"(?:by|after|within|now|at the end)", lead_of(text) + " " + rest.split(" ")[-1],
                re.I):
            return "result"  # "by spring we had 60 kids coming every week"
        if lemma in ("be", "have") or lemma.startswith(("prog:", "must:", "be:")):
            if re.search(r"\bnow\b", text, re.I) and re.search(r"\bat ~?\d", rest):
                return "result"  # "now we are at 99.5%"
            return "context"
        if base == "go" and re.match(r"~?\d+ (?:days?|weeks?|months?|years?) (?:with|without)\b",
                                     rest):
            return "result"  # "we went 11 months with zero infections"
        if base == "start" and re.match(r"with ~?\d", rest):
            return "context"  # "we started with 8 kids": the figure a change starts from
        if _is_outcome(base, rest) or is_change(base, rest):
            return "result"
        if not is_past_form(said.split()[0]) and said.split()[0].lower() not in ("had",):
            return "scope"
        return "team"
    if subj in ("it", "this", "that", "which"):
        if base in ("take", "bring", "get") and re.search(r"\bfrom ~?[$€£]?\d.*\bto ~?[$€£]?\d",
                                                         rest):
            return "result"  # "which took the run from 6 hours to 40 minutes"
        if base == "take" and re.search(r"\d|a (?:full )?(?:week|month|day|year)", rest):
            return "duration" if not re.search(r"\bused to\b", said + " " + text) else "context"
        if lemma == "be" and re.match(r"(?:only )?(?:me|myself) and\b", rest, re.I):
            return "size"
        if lemma == "be" and re.match(r"(?:a )?(?:team|group) effort|(?:all )?(?:her|him|them|"
                                      r"the whole team|their)\b|their call|not mine", rest, re.I):
            return "credit"
        if lemma == "be" and re.match(r"(?:for )?~?\d", rest):
            return "scope"
        if base in ("save", "cut", "reduce", "increase", "generate", "add", "bring", "free",
                    "earn", "become", "win", "lead", "result", "mean", "translate", "drive"):
            return "result"
        if is_change(base, rest) and re.search(r"\d|half|double|third", rest):
            return "result"
        if lemma.startswith("used:") or "used to" in said:
            return "context"
        if lemma == "be" and re.search(r"\b(?:now|later|after|by the end)\b", text, re.I) and \
                re.match(r"(?:at |to |down to |up to |now )?~?[$€£]?\d", rest):
            return "result"  # "2 years later it was at 2.1 million"
        if lemma == "be" and re.match(r"within ~?\d", rest) and re.match(
                r"(?:with the new|with the|after|now)\b", lead_of(text), re.I):
            return "result"  # "with the new model it was within 5%"
        if re.match(r"(?:done |finished |complete )?in ~?\d", rest) and (
                base in ("run", "take", "finish", "close", "be", "do", "complete", "get")
                or lemma.startswith("be:")):
            return "result"  # "after the rewrite it runs in 40 minutes"
        return "context"
    if subj == "there":
        if re.match(r"(?:is|are|was|were) ~?\d+ of (?:us|them)\b", f"{said} {rest}".lower()):
            return "size"
        if lemma == "be" and re.match(r"~?\d", rest) and re.match(r"(?:by|after|within|now)\b",
                                                                   lead_of(text), re.I):
            return "result"  # "by the end of the year there were 35"
        return "context"
    if subj in ("who",):
        return "context"
    if is_person(subject) or subj.split()[0] in ("he", "she", "they"):
        if lemma == "be" and subj in ("they", "he", "she") and not re.match(
                r"(?:the ones|all|not|also|out|on leave|skeptical)\b", rest):
            return "context"  # "they are a DSO with 26 offices": who the other party is
        if _adopts(base, rest):
            return "adopt"
        if re.match(r"(?:with|using) (?:the|my|our|this|that|it)\b", lead_of(text), re.I):
            return "enabled"  # "with the model they called only the top 15%"
        if re.match(r"(?:had|got|asked|let) me\b", f"{said} {rest}", re.I):
            return "own"
        if lemma == "be" and re.search(r"\b(?:credit|their call|the ones who)\b", rest):
            return "credit"
    if lemma == "be" and re.search(r"\b(?:my|our) (?:colleague|coworker|manager|supervisor|"
                                   r"lead|partner|teammate)\b|\ball (?:her|him|them)\b", rest):
        return "credit"
    if is_person(subject) or subj.split()[0] in ("he", "she", "they"):
        return "other"
    if is_change(base, rest) or lemma.startswith("be:") and base in ("reduce", "cut", "increase"):
        return "result"
    if lemma == "be" and re.match(r"(?:down|up) to\b|now (?:at )?~?\d|at ~?\d", rest) and (
            re.search(r"\b(?:now|later|after|by)\b", text, re.I) or rest.startswith(("down",
                                                                                    "up"))):
        return "result"  # "the failure rate was down to 15%", "it was at 2.1 million"
    if lemma.startswith("be:") and base in ("accept", "publish", "approve", "select", "fund",
                                            "award", "promote", "adopt"):
        return "result"
    if lemma.startswith("get") and re.match(r"(?:accepted|published|approved|funded|selected)",
                                            rest):
        return "result"
    if base in ("do", "run", "finish", "process", "handle") and re.match(
            r"(?:it|them|that) in ~?\d", rest):
        return "result"  # "the pipeline did it in ~4 hours"
    if base in ("save", "earn", "generate", "place", "win", "pass"):
        return "result"
    if base in ("get", "receive", "earn") and re.search(r"\b(?:award|prize|recognition|"
                                                        r"certification|accreditation)\b", rest):
        return "result"  # "our unit got the hospital's quality award"
    return "context"


def is_change(base: str, rest: str) -> bool:
    """ "dropped", "went down to 14", "got dock-to-stock down to 14": a measure moved."""
    if re.match(r"(?:through|apart|behind|off|short|over)\b", rest):
        return False  # "the venue fell through": a phrasal verb, no measure
    if base in UP_WORDS or base in DOWN_WORDS or base in ("double", "triple", "halve",
                                                          "quadruple", "improve", "decline"):
        return True
    return base in ("go", "come", "get", "move", "bring") and bool(re.match(
        r"(?:[\w~$%.,-]+\s+){0,5}?(?:up|down|from\b|to ~?[$€£]?\d|to (?:under|over|below|"
        r"about|almost|nearly|zero))", rest + " "))


def lead_of(text: str) -> str:
    return _strip_lead(text)[0]


def _is_outcome(base: str, rest: str) -> bool:
    """ "we passed the inspection", "we made the deadline", "we finished 3 weeks early"."""
    if base in ("pass", "meet", "finish", "complete", "hit", "reach", "win", "beat", "save",
                "recover", "exceed", "close", "place", "earn", "achieve"):
        return True
    if base in ("make", "do") and re.search(r"\b(?:deadline|hires?|goal|target|quota|~?\$\d|"
                                            r"~?\d+ \w+ (?:early|ahead))", rest):
        return True
    return base == "go" and rest.lower().startswith("live")


def _adopts(base: str, rest: str) -> bool:
    """Others taking up the candidate's work: "started using my playlists", "pushed it out"."""
    if re.match(r"it (?:work|happen|possible)\b", rest):
        return False  # "the line cooks made it work": their effort, not an adoption
    return base in ("use", "adopt", "copy", "roll", "push", "make", "take", "implement",
                    "standardize", "keep") and bool(re.search(
                        r"\b(?:my|it|them|the workaround|the program|the model|the template|"
                        r"the checklist|the process|the guide)\b", rest, re.I))


def classify(conj: str, text: str, sentence: int) -> Clause:
    """One clause with its kind, subject, main verb and the rest."""
    text = _OPENER.sub("", text).strip(" ,")
    lead, body = _strip_lead(text)
    subject, k = _subject_and_verb(body)
    words = _words(body)
    if k is None:
        return Clause("fragment", text, sentence, conj=conj, lead=lead)
    lemma, said, after, negated = _verb_group(words, k)
    rest = " ".join(words[after:])
    kind = _kind(subject, lemma, rest, said, negated, text)
    clause = Clause(kind, body, sentence, subject, lemma, said, rest, lead, conj, negated)
    if subject.lower() in ("it", "this", "that", "which") and lemma == "be" and re.match(
            r"(?:not|never)\b", rest):
        clause.kind = "noise"
    return clause


def segment(sentences: list[str]) -> list[Clause]:
    """Every clause of the answer, in the order said; subject-less ones inherit the subject."""
    out: list[Clause] = []
    for idx, sentence in enumerate(sentences):
        for conj, text in split_clauses(sentence):
            first = _bare(text.split()[0]) if text.split() else ""
            prev = out[-1] if out and out[-1].sentence == idx else None
            if re.match(r"turned out|ended up being|seemed|looked like", text, re.I) and prev:
                out.append(Clause("finding", text, idx, "it", "be", "was",
                                  re.sub(r"^\S+\s+\S+\s+(?:to be\s+|that\s+)?", "", text), "",
                                  conj))
                continue
            object_next = first not in _ADJECTIVAL
            if prev and prev.kind in ("own", "team") and prev.verb in _LOOKING and re.match(
                    r"(?:it|that) (?:was|is) (?:a|an|the)\s", text, re.I):
                # "I dug into the crash reports; it was a memory leak": what the search found
                out.append(Clause("finding", text, idx, "it", "be", "was",
                                  re.sub(r"^\S+\s+\S+\s+", "", text), "", conj))
                continue
            if prev and prev.kind == "result" and prev.subject.lower() in ("which", "that", "it") \
                    and first in ("saved", "freed", "generated", "earned", "cut", "reduced"):
                # "which took the run to 40 minutes and saved ~$20K a year"
                clause = classify(conj, f"{prev.subject} {text}", idx)
                clause.text = text
                out.append(clause)
                continue
            if prev and prev.kind in ("own", "team", "scope") and is_past_form(first) and (
                    first not in PRONOUN_SUBJECTS and object_next):
                clause = classify(conj, f"{prev.subject} {text}", idx)
                clause.text = text
            else:
                clause = classify(conj, text, idx)
            out.append(clause)
    return out
