"""Stage 2, second half: whose each clause is, and what it does for a bullet.

Kinds: "own" (the candidate did it), "team" (we did it), "result" (a measure moved or a goal was
met), "context" (when, where, why, a starting figure), "role" (the candidate's job), "scope" (what
the job covers), "other" (someone else's deed: patients, students, a colleague, "the docs"),
"adopt" (others took up the candidate's work), "enabled" (others used it to act), "size" (how
many people worked on it), "duration" (how long it took), "credit" (the candidate gives a result
to others), "finding" (what a search turned up) and "noise".
"""

from __future__ import annotations

import re

from resumepilot.ai.builtin.clauses import (
    ADJECTIVAL,
    ADVERBS,
    LOOKING,
    OPENER,
    Clause,
    bare_word,
    finite_verb_at,
    split_clauses,
    strip_lead,
    words_of,
)
from resumepilot.ai.builtin.words import (
    DOWN_WORDS,
    PRONOUN_SUBJECTS,
    STATE_VERBS,
    UP_WORDS,
    is_noun,
    is_past_form,
    is_person,
    verb_lemma,
)


def _subject_and_verb(text: str) -> tuple[str, int | None]:
    words = words_of(text)
    first = bare_word(words[0]) if words else ""
    if first in (
        "i",
        "we",
        "he",
        "she",
        "they",
        "it",
        "this",
        "that",
        "there",
        "which",
        "who",
        "everyone",
        "everybody",
        "nobody",
        "people",
    ):
        k = 1
        while k < len(words) and (
            bare_word(words[k]) in ADVERBS or bare_word(words[k]) in ("never", "not")
        ):
            k += 1
        return words[0], k if k < len(words) else None
    m = re.match(r"(?:me|myself) and |(?:[\w]+ ){1,4}and (?:i|me)\s", text, re.I)
    if m:
        found = finite_verb_at(words, len(words_of(m.group(0))), 6)
        if found is not None:
            j = found  # "My manager and I also rebuilt": the adverb is not the subject's
            while j > 1 and bare_word(words[j - 1]) in ADVERBS:
                j -= 1
            return " ".join(words[:j]), found
    verb_at = finite_verb_at(words, 1, 10)
    if verb_at is None:
        return "", None
    k = verb_at
    j = k
    while j > 1 and bare_word(words[j - 1]) in ADVERBS:
        j -= 1
    return " ".join(words[:j]), k


def _verb_group(words: list[str], k: int) -> tuple[str, str, int, bool]:
    """(lemma, as said, index after the verb group, negated) from the verb at words[k]."""
    said = [words[k]]
    lemma = verb_lemma(bare_word(words[k])) or bare_word(words[k])
    negated = False
    j = k + 1
    while j < len(words):
        w = bare_word(words[j])
        if w in ("not", "never"):
            negated = True
        elif w in ADVERBS or w in ("really", "actually"):
            pass
        elif (
            lemma
            in (
                "be",
                "have",
                "do",
                "will",
                "would",
                "could",
                "can",
                "should",
                "might",
                "may",
                "must",
                "get",
                "keep",
                "start",
                "begin",
                "manage",
                "decide",
                "try",
                "go",
                "use",
                "end",
            )
            and (is_past_form(w) or w.endswith("ing"))
            and (verb_lemma(w))
            and not (lemma == "be" and w in ("going",))
        ):
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
        elif (
            w == "to"
            and lemma
            in (
                "manage",
                "decide",
                "try",
                "have",
                "get",
                "start",
                "begin",
                "go",
                "need",
                "want",
                "use",
                "be",
                "able",
                "volunteer",
                "offer",
                "choose",
                "plan",
                "hope",
            )
            and j + 1 < len(words)
            and verb_lemma(bare_word(words[j + 1])) == bare_word(words[j + 1])
            and not (lemma in ("go", "get") and is_noun(bare_word(words[j + 1])))
        ):
            said.append(words[j])
            nxt = bare_word(words[j + 1])
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
        elif (
            lemma == "end"
            and w == "up"
            and j + 1 < len(words)
            and bare_word(words[j + 1]).endswith("ing")
            and verb_lemma(bare_word(words[j + 1]))
        ):
            said += [words[j], words[j + 1]]
            lemma = verb_lemma(bare_word(words[j + 1])) or lemma
            j += 2
            break
        else:
            break
        j += 1
    return lemma, " ".join(said), j, negated


def _kind(subject: str, lemma: str, rest: str, said: str, negated: bool, text: str) -> str:
    subj = subject.lower().strip()
    base = lemma.split(":")[-1]
    if (negated or re.search(r"\b(?:never|not)\b", " ".join(text.split()[:3]), re.I)) and subj in (
        "i",
        "we",
    ):
        return "noise"
    said = " ".join(bare_word(w) for w in said.split())
    if subj in ("i",) or re.match(r"(?:me|myself) and |.+ and (?:i|me)$", subj):
        if (
            base in ("get", "bring")
            and is_change(base, rest)
            or base in ("cut", "reduce", "lower", "bring")
            and re.match(r"(?:it|that|this|them)\s+(?:down\s+)?to ~?\d", rest)
        ):
            return "result"  # "I got it down to 28 cents", "I cut that down to 1 screen"
        if (
            base in STATE_VERBS
            or lemma == "be"
            and re.match(
                r"(?:so |very |pretty |really )?(?:proud|happy|glad|good|great|easy|reliable|"
                r"organized|lucky|grateful|excited|sure)\b",
                rest,
                re.I,
            )
        ):
            return "noise"
        if "now" in said.lower().split() or subject.lower().startswith("now"):
            return "result"
        if lemma == "be" or lemma.startswith("prog:") and base in ("work",):
            return "role"
        if lemma.startswith("must:"):
            return "context"
        if said.lower().split()[0] in ("am", "is", "are", "do", "does") or (
            not is_past_form(said.split()[0])
            and said.split()[0].lower() not in ("would", "could", "will", "had", "have", "got")
        ):
            return "scope"
        return "own"
    if subj in ("we", "us") or re.fullmatch(r"(?:the|our|my) (?:whole )?team", subj):
        if (
            lemma == "have"
            and re.match(r"(?:~?\d|a backlog|a queue)", rest)
            and re.match(
                r"(?:by|after|within|now|at the end)",
                lead_of(text) + " " + rest.split(" ")[-1],
                re.I,
            )
        ):
            return "result"  # "by spring we had 60 kids coming every week"
        if lemma in ("be", "have") or lemma.startswith(("prog:", "must:", "be:")):
            if re.search(r"\bnow\b", text, re.I) and re.search(r"\bat ~?\d", rest):
                return "result"  # "now we are at 99.5%"
            return "context"
        if base == "go" and re.match(
            r"~?\d+ (?:days?|weeks?|months?|years?) (?:with|without)\b", rest
        ):
            return "result"  # "we went 11 months with zero infections"
        if base == "go" and re.match(r"(?:down |up )?(?:to )?(?:zero|~?\d[\d.,]*%?) \w+", rest):
            return "result"  # "we went zero incidents the next 2 years"
        if base == "start" and re.match(r"with ~?\d", rest):
            return "context"  # "we started with 8 kids": the figure a change starts from
        if _is_outcome(base, rest) or is_change(base, rest):
            return "result"
        if not is_past_form(said.split()[0]) and said.split()[0].lower() not in ("had",):
            return "scope"
        return "team"
    if subj in ("it", "this", "that", "which"):
        if base in ("take", "bring", "get") and re.search(
            r"\bfrom ~?[$€£]?\d.*\bto ~?[$€£]?\d", rest
        ):
            return "result"  # "which took the run from 6 hours to 40 minutes"
        if base == "take" and re.search(r"\d|a (?:full )?(?:week|month|day|year)", rest):
            return "duration" if not re.search(r"\bused to\b", said + " " + text) else "context"
        if lemma == "be" and re.match(r"(?:only )?(?:me|myself) and\b", rest, re.I):
            return "size"
        if lemma == "be" and re.match(
            r"(?:a )?(?:team|group) effort|(?:all )?(?:her|him|them|"
            r"the whole team|their)\b|their call|not mine",
            rest,
            re.I,
        ):
            return "credit"
        if lemma == "be" and re.match(r"(?:for )?~?\d", rest):
            return "scope"
        if base in (
            "save",
            "cut",
            "reduce",
            "increase",
            "generate",
            "add",
            "bring",
            "free",
            "earn",
            "become",
            "win",
            "lead",
            "result",
            "mean",
            "translate",
            "drive",
        ):
            return "result"
        if is_change(base, rest) and re.search(r"\d|half|double|third", rest):
            return "result"
        if lemma.startswith("used:") or "used to" in said:
            return "context"
        if (
            lemma == "be"
            and re.search(r"\b(?:now|later|after|by the end)\b", text, re.I)
            and re.match(r"(?:at |to |down to |up to |now )?~?[$€£]?\d", rest)
        ):
            return "result"  # "2 years later it was at 2.1 million"
        if (
            lemma == "be"
            and re.match(r"within ~?\d", rest)
            and re.match(r"(?:with the new|with the|after|now)\b", lead_of(text), re.I)
        ):
            return "result"  # "with the new model it was within 5%"
        if re.match(r"(?:done |finished |complete )?in ~?\d", rest) and (
            base in ("run", "take", "finish", "close", "be", "do", "complete", "get")
            or lemma.startswith("be:")
        ):
            return "result"  # "after the rewrite it runs in 40 minutes"
        return "context"
    if subj == "there":
        if re.match(r"(?:is|are|was|were) ~?\d+ of (?:us|them)\b", f"{said} {rest}".lower()):
            return "size"
        if (
            lemma == "be"
            and re.match(r"~?\d", rest)
            and re.match(r"(?:by|after|within|now)\b", lead_of(text), re.I)
        ):
            return "result"  # "by the end of the year there were 35"
        return "context"
    if subj in ("who",):
        return "context"
    if is_person(subject) or subj.split()[0] in ("he", "she", "they"):
        if (
            lemma == "be"
            and subj in ("they", "he", "she")
            and not re.match(r"(?:the ones|all|not|also|out|on leave|skeptical)\b", rest)
        ):
            return "context"  # "they are a DSO with 26 offices": who the other party is
        if _adopts(base, rest):
            return "adopt"
        if base in ("save", "earn") and re.search(r"\d", rest):
            return "result"  # "the district is saving ~$40K a year": what the work brought them
        if re.match(r"(?:with|using) (?:the|my|our|this|that|it)\b", lead_of(text), re.I):
            return "enabled"  # "with the model they called only the top 15%"
        if re.match(r"(?:had|got|asked|let) me\b", f"{said} {rest}", re.I):
            return "own"
        if lemma == "be" and re.search(r"\b(?:credit|their call|the ones who)\b", rest):
            return "credit"
    if lemma == "be" and re.search(
        r"\b(?:my|our) (?:colleague|coworker|manager|supervisor|"
        r"lead|partner|teammate)\b|\ball (?:her|him|them)\b",
        rest,
    ):
        return "credit"
    if is_person(subject) or subj.split()[0] in ("he", "she", "they"):
        return "other"
    if is_change(base, rest) or lemma.startswith("be:") and base in ("reduce", "cut", "increase"):
        return "result"
    if (
        lemma == "be"
        and re.match(r"(?:down|up) to\b|now (?:at )?~?\d|at ~?\d", rest)
        and (
            re.search(r"\b(?:now|later|after|by)\b", text, re.I) or rest.startswith(("down", "up"))
        )
    ):
        return "result"  # "the failure rate was down to 15%", "it was at 2.1 million"
    if lemma.startswith("be:") and base in (
        "accept",
        "publish",
        "approve",
        "select",
        "fund",
        "award",
        "promote",
        "adopt",
    ):
        return "result"
    if lemma.startswith("get") and re.match(
        r"(?:accepted|published|approved|funded|selected)", rest
    ):
        return "result"
    if base in ("do", "run", "finish", "process", "handle") and re.match(
        r"(?:it|them|that) in ~?\d", rest
    ):
        return "result"  # "the pipeline did it in ~4 hours"
    if base in ("save", "earn", "generate", "place", "win", "pass"):
        return "result"
    if base in ("get", "receive", "earn") and re.search(
        r"\b(?:award|prize|recognition|"
        r"certification|accreditation)\b",
        rest,
    ):
        return "result"  # "our unit got the hospital's quality award"
    return "context"


def is_change(base: str, rest: str) -> bool:
    """ "dropped", "went down to 14", "got dock-to-stock down to 14": a measure moved."""
    if re.match(r"(?:through|apart|behind|off|short|over)\b", rest):
        return False  # "the venue fell through": a phrasal verb, no measure
    if (
        base in UP_WORDS
        or base in DOWN_WORDS
        or base in ("double", "triple", "halve", "quadruple", "improve", "decline")
    ):
        return True
    return base in ("go", "come", "get", "move", "bring") and bool(
        re.match(
            r"(?:[\w~$%.,-]+\s+){0,5}?(?:up|down|from\b|to ~?[$€£]?\d|to (?:under|over|below|"
            r"about|almost|nearly|zero))",
            rest + " ",
        )
    )


def lead_of(text: str) -> str:
    return strip_lead(text)[0]


def _is_outcome(base: str, rest: str) -> bool:
    """ "we passed the inspection", "we made the deadline", "we finished 3 weeks early"."""
    if base in (
        "pass",
        "meet",
        "finish",
        "complete",
        "hit",
        "reach",
        "win",
        "beat",
        "save",
        "recover",
        "exceed",
        "close",
        "place",
        "earn",
        "achieve",
    ):
        return True
    if base in ("make", "do") and re.search(
        r"\b(?:deadline|hires?|goal|target|quota|~?\$\d|"
        r"~?\d+ \w+ (?:early|ahead))",
        rest,
    ):
        return True
    return base == "go" and rest.lower().startswith("live")


def _adopts(base: str, rest: str) -> bool:
    """Others taking up the candidate's work: "started using my playlists", "pushed it out"."""
    if re.match(r"it (?:work|happen|possible)\b", rest):
        return False  # "the line cooks made it work": their effort, not an adoption
    return base in (
        "use",
        "adopt",
        "copy",
        "roll",
        "push",
        "make",
        "take",
        "implement",
        "standardize",
        "keep",
    ) and bool(
        re.search(
            r"\b(?:my|it|them|the workaround|the program|the model|the template|"
            r"the checklist|the process|the guide)\b",
            rest,
            re.I,
        )
    )


def classify(conj: str, text: str, sentence: int) -> Clause:
    """One clause with its kind, subject, main verb and the rest."""
    text = OPENER.sub("", text).strip(" ,")
    lead, body = strip_lead(text)
    subject, k = _subject_and_verb(body)
    words = words_of(body)
    if k is None:
        return Clause("fragment", text, sentence, conj=conj, lead=lead)
    lemma, said, after, negated = _verb_group(words, k)
    rest = " ".join(words[after:])
    kind = _kind(subject, lemma, rest, said, negated, text)
    clause = Clause(kind, body, sentence, subject, lemma, said, rest, lead, conj, negated)
    if (
        subject.lower() in ("it", "this", "that", "which")
        and lemma == "be"
        and re.match(r"(?:not|never)\b", rest)
    ):
        clause.kind = "noise"
    return clause


def segment(sentences: list[str]) -> list[Clause]:
    """Every clause of the answer, in the order said; subject-less ones inherit the subject."""
    out: list[Clause] = []
    for idx, sentence in enumerate(sentences):
        for conj, text in split_clauses(sentence):
            first = bare_word(text.split()[0]) if text.split() else ""
            prev = out[-1] if out and out[-1].sentence == idx else None
            if re.match(r"turned out|ended up being|seemed|looked like", text, re.I) and prev:
                out.append(
                    Clause(
                        "finding",
                        text,
                        idx,
                        "it",
                        "be",
                        "was",
                        re.sub(r"^\S+\s+\S+\s+(?:to be\s+|that\s+)?", "", text),
                        "",
                        conj,
                    )
                )
                continue
            object_next = first not in ADJECTIVAL
            if (
                prev
                and prev.kind in ("own", "team")
                and prev.verb in LOOKING
                and re.match(r"(?:it|that) (?:was|is) (?:a|an|the)\s", text, re.I)
            ):
                # "I dug into the crash reports; it was a memory leak": what the search found
                out.append(
                    Clause(
                        "finding",
                        text,
                        idx,
                        "it",
                        "be",
                        "was",
                        re.sub(r"^\S+\s+\S+\s+", "", text),
                        "",
                        conj,
                    )
                )
                continue
            if (
                prev
                and prev.kind == "result"
                and prev.subject.lower() in ("which", "that", "it")
                and first in ("saved", "freed", "generated", "earned", "cut", "reduced")
            ):
                # "which took the run to 40 minutes and saved ~$20K a year"
                clause = classify(conj, f"{prev.subject} {text}", idx)
                clause.text = text
                out.append(clause)
                continue
            if (
                prev
                and (
                    prev.kind in ("own", "team", "scope")
                    or prev.kind == "result"
                    and prev.subject.lower() in ("we", "i")
                )
                and is_past_form(first)
                and (first not in PRONOUN_SUBJECTS and object_next)
            ):
                clause = classify(conj, f"{prev.subject} {text}", idx)
                clause.text = text
            else:
                clause = classify(conj, text, idx)
            out.append(clause)
    return out
