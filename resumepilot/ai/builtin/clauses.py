"""Stage 2, first half: where one clause ends and the next begins.

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
    UP_WORDS,
    is_noun,
    is_past_form,
    verb_lemma,
)

# Said before the clause proper, telling only that another point starts.
OPENER = re.compile(
    r"^(?:(?:the other thing i am proud of|the big thing was|the main thing was|the biggest "
    r"thing was|the other thing|another thing|second thing|one more thing|so|and|but|also|plus|"
    r"then|well|now that|anyway|afterwards|after that|separately|in the end|finally|eventually|"
    r"overall|ultimately|on top of that|in addition|second|secondly|first|firstly|mostly|"
    r"mainly|actually|just)"
    r"(?=[\s,]|$)[\s,]*)+",
    re.I,
)
ADVERBS = {
    "also",
    "then",
    "basically",
    "finally",
    "eventually",
    "later",
    "still",
    "first",
    "initially",
    "originally",
    "directly",
    "quickly",
    "successfully",
    "immediately",
    "now",
    "recently",
    "together",
    "alone",
    "mostly",
    "often",
    "always",
    "never",
    "usually",
    "already",
    "only",
    "personally",
    "single-handedly",
    "all",
    "both",
    "too",
}
# Deeds that look for something; "it was X" right after one of them is what was found.
LOOKING = {
    "dig",
    "trace",
    "investigate",
    "debug",
    "look",
    "analyze",
    "analyse",
    "track",
    "review",
    "audit",
    "dive",
    "profile",
    "test",
    "research",
    "go",
    "check",
    "comb",
}
# Past participles that usually name a kind of thing ("mixed effects models"), not a deed.
ADJECTIVAL = {
    "mixed",
    "based",
    "related",
    "used",
    "detailed",
    "distributed",
    "limited",
    "advanced",
    "specialized",
    "required",
    "preferred",
    "dedicated",
    "experienced",
    "qualified",
    "supervised",
    "unsupervised",
    "structured",
    "unstructured",
    "nested",
}
_SPLIT_WORDS = (
    r"and|but|so|while|whereas|because|although|though|then|which|plus|since|as|"
    r"after|before|until|once|when"
)
CHANGE_VERBS = (
    UP_WORDS
    | DOWN_WORDS
    | {
        "go",
        "went",
        "come",
        "came",
        "get",
        "got",
        "move",
        "moved",
        "double",
        "doubled",
        "halve",
        "halved",
        "triple",
        "improve",
        "improved",
        "shoot",
        "shot",
        "spike",
        "spiked",
    }
)


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


def words_of(text: str) -> list[str]:
    return text.split()


def bare_word(word: str) -> str:
    return re.sub(r"[^\w'%$~.-]", "", word).lower().strip(".")


def finite_verb_at(words: list[str], start: int = 0, limit: int = 7) -> int | None:
    """Index of the first finite verb within `limit` words: an auxiliary or a past form."""
    for k in range(start, min(len(words), start + limit)):
        w = bare_word(words[k])
        if not w or re.match(r"[~$\d]", w):
            continue
        nxt = bare_word(words[k + 1]) if k + 1 < len(words) else ""
        if nxt in AUX or nxt in ("went", "came", "dropped", "fell", "rose", "grew", "climbed"):
            continue  # "food cost was running": the verb comes after a noun that looks like one
        if w in AUX or w in ("kept", "went", "got", "took", "made", "did"):
            return k
        prev = bare_word(words[k - 1]) if k > 0 else ""
        if (
            is_past_form(w)
            and (prev not in DETERMINERS or prev in ("that", "this") and k == start)
            and prev not in PREPOSITIONS
        ):
            return k
        if k > start and w in UP_WORDS | DOWN_WORDS and prev not in DETERMINERS:
            return k
        lemma = verb_lemma(w)
        if (
            prev in ("it", "he", "she", "this", "that", "which", "who")
            and lemma
            and w != lemma
            and w.endswith("s")
        ):
            return k  # "it runs in 40 minutes"
        if prev in ("i", "we", "they", "you") and lemma == w:
            return k
        if (
            k > start
            and prev.endswith("s")
            and not prev.endswith("ss")
            and verb_lemma(w) == w
            and w not in PREPOSITIONS
            and not is_noun(w)
            and prev not in PREPOSITIONS
        ):
            return k  # "3 other labs use it": a plural subject and a present-tense verb
        if (
            k > start
            and prev.endswith("s")
            and w in ("use", "work", "run", "take", "get", "need", "love", "like", "want", "say")
        ):
            return k
    return None


def starts_clause(text: str, after_subject: bool = False) -> bool:
    """Whether text opens a clause of its own (a subject and then a verb)."""
    words = words_of(text)
    if not words:
        return False
    first = bare_word(words[0])
    if (
        first in CONJUNCTIONS
        or first
        in (
            "now",
            "today",
            "afterwards",
            "later",
            "eventually",
            "finally",
            "also",
            "then",
            "mostly",
            "mainly",
            "actually",
            "just",
            "basically",
        )
    ) and len(words) > 1:
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
        lead, rest = strip_lead(text)
        return bool(lead) and rest != text
    k = finite_verb_at(words, 1, 6)
    if k is None:
        return False
    between = [bare_word(w) for w in words[1:k]]
    change = bare_word(words[k]) in CHANGE_VERBS
    if (
        not change
        and any(
            w in PREPOSITIONS and w not in ("of", "to", "on", "in", "for", "at") for w in between
        )
        or any(w in ("i", "we", "they", "he", "she", "so", "that", "which") for w in between)
    ):
        return False
    if first in DETERMINERS or words[0][:1].isupper() or re.match(r"[~$\d]", first):
        return True
    # "catering sales doubled": a bare noun phrase opens a clause only before a strong verb.
    verb = bare_word(words[k])
    strong = (
        verb in AUX
        or verb in CHANGE_VERBS
        or verb
        in (
            "took",
            "cost",
            "averaged",
            "hit",
            "reached",
            "placed",
            "won",
            "kept",
            "started",
            "stopped",
            "ended",
        )
        or (first in PEOPLE and is_past_form(verb))
    )
    if is_past_form(first) and k == 2 and verb in CHANGE_VERBS:
        return True  # "confirmed appointments climbed": a participle names the measure
    return (
        k <= 4
        and strong
        and not is_past_form(first)
        and not first.endswith("ly")
        and first not in PREPOSITIONS
        and first not in ADVERBS
    )


_LEAD_WORDS = {"last", "that", "this", "next", "every", "each", "when", "once", "while"}
_TIME_NOUNS = re.compile(
    r"(?:year|years|month|months|week|weeks|quarter|quarters|semester|term|"
    r"season|spring|summer|fall|autumn|winter|day|days|night|nights|shift|"
    r"weekend|launch|go-live|rollout|time|period|job|case|project|program|"
    r"pilot|afterwards|later|then|that|it|first|end)$",
    re.I,
)


def strip_lead(text: str) -> tuple[str, str]:
    """("Over the school year", "chronic absence dropped ..."), or ("", text) when none."""
    words = words_of(text)
    if m := re.match(
        r"((?:~?\d+|a few|a couple of) (?:days?|weeks?|months?|quarters?|years?) "
        r"later|now|today|these days),?\s+",
        text,
        re.I,
    ):
        return m.group(1), text[m.end() :]
    if not words or not (bare_word(words[0]) in PREPOSITIONS or bare_word(words[0]) in _LEAD_WORDS):
        return "", text
    candidates: list[tuple[int, int]] = []
    subordinate = bool(re.match(r"(?:when|once|while|as)\b", words[0], re.I)) or bool(
        re.match(r"(?:after|before|since)\s+(?:i|we)\b", text, re.I)
    )
    for j in range(1, min(len(words) - 1, 14)):
        head = bare_word(words[j])
        rest = " ".join(words[j:])
        if not subordinate and finite_verb_at(words[:j], 0, j) is not None:
            break
        ended = words[j - 1].endswith(",")
        if ended and (starts_clause(rest) or finite_verb_at(words, j, 5) is not None):
            candidates.append((0 if subordinate else 2, j))
        elif subordinate:
            # "When I took over the territory it was doing ~1.2 million": no comma, a new subject.
            if (
                head in ("it", "they", "there", "we", "he", "she", "i")
                and j > 2
                and finite_verb_at(words[:j], 2, j) is not None
                and finite_verb_at(words, j + 1, 2) is not None
            ):
                candidates.append((1, j))
            continue
        elif head in ("i", "we", "they", "he", "she", "there") or (
            head == "it" and finite_verb_at(words, j + 1, 1) is not None
        ):
            candidates.append((0, j))
        elif (
            _TIME_NOUNS.search(bare_word(words[j - 1]))
            and finite_verb_at(words, j + 1, 9) is not None
        ):
            candidates.append((1, j))
        elif (
            starts_clause(rest)
            and head in DETERMINERS
            and bare_word(words[j - 1]) not in PREPOSITIONS
        ):
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
            if (
                current
                and finite_verb_at(words_of(current), 0, 12) is None
                and not re.search(r"\b(?:i|we)\b", current, re.I)
            ):
                current = f"{current}, {piece}"  # "On the Millbrook job, the design had ..."
            elif current and (
                starts_clause(piece, owner)
                or re.match(rf"(?:{_SPLIT_WORDS})\s+(?:i|we)\b", piece, re.I)
            ):
                out.extend(_split_inside(conj, current))
                current, conj = piece, ""
            else:
                current = f"{current}, {piece}" if current else piece
        if current:
            out.extend(_split_inside(conj, current))
    cleaned = []
    for conj, text in out:
        m = re.match(
            r"(and|but|so|while|whereas|because|although|though|then|plus|since|as)\s+", text, re.I
        )
        if m:
            conj, text = m.group(1).lower(), text[m.end() :]
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
        rest = text[m.end() :]
        word = m.group("conj").lower()
        own = (
            _has_own_subject(text[pos : m.start()])
            or bool(out)
            or bool(re.match(r"(?:which|that|it)\s+\w+", text[pos : m.start()], re.I))
        )
        if re.fullmatch(r"(?:me|i|myself|(?:my|our) \w+)", text[pos : m.start()].strip(), re.I):
            continue  # "Me and another teacher started": one subject, not two clauses
        opens = starts_clause(rest) or (
            word in ("and", "then")
            and own
            and bool(re.match(r"\w+", rest))
            and is_past_form(rest.split()[0])
            and not _is_object_list(text[pos : m.start()], rest)
        )
        if word in (
            "as",
            "since",
            "so",
            "after",
            "before",
            "until",
            "once",
            "when",
        ) and not re.match(r"(?:i|we|it|they|he|she)\b", rest, re.I):
            opens = False
        if word in ("after", "before", "until", "once", "when") and own:
            opens = False  # "I caught it before we energized anything": one deed and its time
        if opens and m.start() > pos:
            out.append((conj, text[pos : m.start()]))
            pos, conj = m.end(), word
    out.append((conj, text[pos:]))
    return out


def _is_object_list(before: str, after: str) -> bool:
    """ "moved the grill and sauté stations": the word after "and" is not a second verb."""
    first = after.split()[0].lower()
    return first in ("used", "based") or not is_past_form(first)
