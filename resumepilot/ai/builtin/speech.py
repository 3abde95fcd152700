"""Stage 1: repair speech. Fillers, hedges, false starts and self-repairs out; figures as digits.

A self-repair has three parts: what was said (the reparandum), an editing term ("no wait",
"sorry", "I mean", "actually", "rather") and the repair. Only the repair is kept, and a figure
the speaker took back ("forty, no sorry, forty-eight") is recorded as withdrawn, so no later
stage can bring it back. Sentences keep the offsets of the words they came from.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from resumepilot.ai.numbers import find_quantities

ABBREVIATIONS = (
    "st",
    "dr",
    "mr",
    "mrs",
    "ms",
    "jr",
    "sr",
    "inc",
    "co",
    "corp",
    "ltd",
    "vs",
    "etc",
    "no",
    "dept",
    "mt",
    "ft",
    "prof",
    "approx",
    "est",
)
# A sentence ends at . ! ? or a line break; not inside "2.5", "e.g.", "U.S." or "St. Brigid's".
_END = re.compile(r"[.!?…]+(?=\s|$)|\n+")

_CONTRACTIONS = [
    (r"\bi'm\b", "I am"),
    (r"\bi've\b", "I have"),
    (r"\bi'll\b", "I will"),
    (r"\bwe're\b", "we are"),
    (r"\bwe've\b", "we have"),
    (r"\bwe'll\b", "we will"),
    (r"\bthey're\b", "they are"),
    (r"\bthey've\b", "they have"),
    (r"\bthey'd\b", "they would"),
    (r"\byou're\b", "you are"),
    (r"\bwho'd\b", "who would"),
    (r"\b(it|that|there|what|here|he|she|who|this)'s\b", r"\1 is"),
    (r"\bcan't\b", "cannot"),
    (r"\bwon't\b", "will not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\blet's\b", "let us"),
    (r"\bwanna\b", "want to"),
    (r"\bgonna\b", "going to"),
    (r"\bgotta\b", "have to"),
]
# Fillers and hedges: they carry no fact. Longer phrases first; commas around them go too.
_FILLERS = [
    r"you know what i mean",
    r"if that makes sense",
    r"if i remember (?:correctly|right)",
    r"if i recall(?: correctly)?",
    r"to be (?:honest|fair)",
    r"at the end of the day",
    r"long story short",
    r"let me think",
    r"let us see",
    r"stuff like that",
    r"things like that",
    r"and stuff",
    r"and everything",
    r"or something(?: like that)?",
    r"or whatever",
    r"or so",
    r"i (?:want|wanted) to say",
    r"i would say",
    r"i had say",
    r"i'd say",
    r"i am pretty sure",
    r"i am not sure",
    r"i am guessing",
    r"i do not know",
    r"i dunno",
    r"i feel like",
    r"i think",
    r"i guess",
    r"i believe",
    r"i suppose",
    r"you know",
    r"you see",
    r"kind of",
    r"sort of",
    r"kinda",
    r"sorta",
    r"pretty much",
    r"more or less",
    r"give or take",
    r"basically",
    r"literally",
    r"honestly",
    r"obviously",
    r"essentially",
    r"seriously",
    r"so yeah",
    r"yeah",
    r"okay so",
    r"ok so",
    r"okay",
    r"ok",
    r"right\?",
    r"if anything",
    r"for what it is worth",
    r"in a way",
    r"to some extent",
    r"a (?:little )?bit of",
    r"a little bit",
    r"a bunch of",
    r"a ton of",
    r"(?-i:[Uu]m+|[Uu]h+|[Uu]hm|[Ee]rm|[Aa]h+|[Hh]mm+|[Mm]m+)",
    r"oh",
    r"wow",
    r"anyway",
]
_FILLER_RE = re.compile(r"(?:,\s*)?\b(?:" + "|".join(_FILLERS) + r")\b(?:\s*,)?", re.I)
# "or so", "-ish": hedges after a figure.
_AFTER_FIGURE = re.compile(r"(\d[\d.,]*%?(?:\s+[a-z]+)?)\s*(?:,\s*)?\b(?:or so|ish)\b", re.I)
# Filler "like": before a figure or a hedge, after a comma, or set off by commas. "Looks like",
# "felt like", "things like X" keep it.
_LIKE = re.compile(
    r"(?:,\s*)?\blike\b\s*,|(?<![\w'])(?:(?<=, )|(?<=^))like\b\s*|"
    r"(?<!\bfeel )(?<!\bfelt )(?<!\blooks )(?<!\blooked )(?<!\bseems )(?<!\bthings )"
    r"(?<!\btools )(?<!\bsomething )(?<!\bwould )\blike\s+(?=~?[$€£]?\d|a |an |the |about|"
    r"around|maybe|almost|nearly|over|under|half|double|\w+ly\b|(?:zero|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred)\b)",
    re.I,
)
# Intensifiers and padding adverbs that read as speech on a resume.
_PADDING = re.compile(
    r"(?<![\w-])(?:just|really|actually|totally|super|very|quite|pretty|definitely|certainly|"
    r"absolutely|simply|personally|maybe|probably|perhaps|possibly|apparently|somewhat|"
    r"fairly|even|like crazy|big time)(?![\w-])\s*",
    re.I,
)
_REPAIR_TERM = r"(?:no wait|no sorry|no,? sorry|sorry|i mean|or rather|rather|scratch that|no)"
# "at Google, sorry, at Meta", "I led, I mean, I co-led": words replaced by words.
_WORD_REPAIR = re.compile(
    r"(?P<before>(?:\b[\w'&.-]+\s+){0,5}[\w'&.-]+)\s*,\s*"
    + _REPAIR_TERM
    + r"\s*,\s*(?P<after>[\w'&.-]+(?:\s+[\w'&.-]+){0,5})",
    re.I,
)
_RELATIVE_TIME = re.compile(
    r"\b(?:(?:in|since|during|by|around|back in)\s+(?:(?:19|20)\d\d|(?:nineteen|twenty)\s+"
    r"[a-z-]+)|(?:a few|a couple of|several|~?\d+) (?:years|months|weeks) ago|back then|"
    r"a while ago|back in the day|these days|nowadays)\b",
    re.I,
)


NAME_JOINER = "\u2060"


@dataclass(frozen=True)
class Sentence:
    """A repaired sentence and the offsets [start, end) of the words it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Repaired:
    """A transcript after stage 1: its sentences and the figures the speaker took back."""

    sentences: tuple[Sentence, ...]
    withdrawn: frozenset[float]

    @property
    def text(self) -> str:
        return " ".join(s.text + "." for s in self.sentences)


def split_sentences(transcript: str) -> list[tuple[int, int]]:
    """Offsets of each sentence, trimmed of blanks."""
    spans, pos = [], 0
    for m in _END.finditer(transcript):
        if m.group(0) == "." and _is_abbreviation(transcript, m.start()):
            continue
        if transcript[pos : m.start()].strip():
            spans.append((pos, m.end()))
        pos = m.end()
    if transcript[pos:].strip():
        spans.append((pos, len(transcript)))
    out = []
    for s, e in spans:
        chunk = transcript[s:e]
        out.append((s + len(chunk) - len(chunk.lstrip()), e - len(chunk) + len(chunk.rstrip())))
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 24) : dot])
    if not word:
        return False
    w = word.group(1).lower()
    nxt = text[dot + 1 : dot + 3]
    if w in ABBREVIATIONS and (w != "no" or re.match(r"\s*\d", nxt)):
        return bool(re.match(r"\s+\S", text[dot + 1 : dot + 4]))
    # "U.S.", "e.g.", "a.m.": single letters joined by dots.
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", w)) and not re.match(
        r"\s+[A-Z][a-z]+\s+[a-z]", text[dot + 1 : dot + 30]
    )


def _would_or_had(m: re.Match[str]) -> str:
    """ "I'd regroup" is "I would regroup"; "we'd paid" is "we had paid"."""
    from resumepilot.ai.builtin.words import is_past_form, verb_lemma

    nxt = m.group(2)
    had = (
        is_past_form(nxt)
        and verb_lemma(nxt) != nxt.lower()
        or nxt.lower() in ("been", "never", "already")
    )
    return f"{m.group(1)} {'had' if had else 'would'} {nxt}"


_CONTRACTION_RE = [(re.compile(pat, re.I), repl) for pat, repl in _CONTRACTIONS]


def expand_contractions(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    if "'" not in text and not re.search(r"\b(?:wanna|gonna|gotta)\b", text, re.I):
        return text
    text = re.sub(r"\b(I|we|they|he|she)'d\s+(\w+)", _would_or_had, text, flags=re.I)
    # "the district's saving $40K": a noun and "is", not a possessive, before an -ing verb.
    text = re.sub(r"\b([a-z]+)'s\s+(?=[a-z]+ing\b)", r"\1 is ", text)
    for pattern, repl in _CONTRACTION_RE:
        text = pattern.sub(repl, text)  # repl may refer to a group: "\\1 is"
    return text


_COUNTED_SUBJECT = re.compile(
    r"\s*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|most|all|both|some|none|half|"
    r"many|several|each)\s+of\s+(?:them|us|those|these|whom)\b",
    re.I,
)


def drop_fillers(text: str) -> str:
    """Fillers, hedges and padding out; a comma that joined two clauses stays."""

    def filler(m: re.Match[str]) -> str:
        s = m.group(0)
        if not s.startswith(","):
            return " "
        # "the tests, I think it was 40%", "the nurse, um, and I ran": a comma that joins
        # clauses stays; "we were, honestly, done" loses it.
        nxt = re.match(r"\s*(\w+)", m.string[m.end() :])
        joins = not s.endswith(",") or (
            nxt is not None
            and (
                nxt.group(1).lower()
                in (
                    "and",
                    "but",
                    "so",
                    "then",
                    "i",
                    "we",
                    "they",
                    "it",
                    "he",
                    "she",
                    "which",
                    "because",
                    "while",
                    "plus",
                    "also",
                )
                or _looks_past(nxt.group(1))
                # "three new cooks, uh, two of them got promoted": a new clause's subject.
                or _COUNTED_SUBJECT.match(m.string, m.end()) is not None
            )
        )
        return ", " if joins else " "

    text = _FILLER_RE.sub(filler, text)
    # "it is, what, $240K": a spoken hedge between commas.
    text = re.sub(r",\s*(?:what|like|say|roughly|ballpark)\s*,", " ", text, flags=re.I)
    text = _AFTER_FIGURE.sub(r"\1", text)
    text = _LIKE.sub(" ", text)
    return _PADDING.sub("", text)


def fix_word_repairs(text: str) -> str:
    """Keep the repair of a word-level self-correction: "at Google, sorry, at Meta" -> "at Meta"."""

    def repl(m: re.Match[str]) -> str:
        before, after = m.group("before").split(), m.group("after").split()
        if re.match(r"~?[$€£]?\d", after[0]):
            return m.group(0)  # figures are resolved by numbers.py
        lead = after[0].lower()
        for k in range(len(before) - 1, -1, -1):
            if before[k].lower() == lead:
                return " ".join(before[:k] + after)
        if after[0][:1].isupper() and before[-1][:1].isupper():
            return " ".join(before[:-1] + after)  # a name for a name
        return m.group(0)

    return _WORD_REPAIR.sub(repl, text)


def drop_false_starts(text: str) -> str:
    """ "a, a school", "I was, I started", "it was, it is": an abandoned start goes."""
    text = re.sub(r"\b(\w+)(?:\s*,\s*|\s+)\1\b", r"\1", text, flags=re.I)
    text = re.sub(r"\b(I|we|it|they)\s+(\w+)\s*,\s*(?=\1\s)", "", text, flags=re.I)
    return text


def write_figures(text: str) -> tuple[str, set[float]]:
    """Spoken figures as digits; returns the text and the figures the speaker withdrew."""
    out: list[str] = []
    pos, withdrawn = 0, set[float]()
    for q in find_quantities(text):
        out.append(text[pos : q.start])
        out.append(q.text)
        withdrawn.update(q.withdrawn)
        pos = q.end
    out.append(text[pos:])
    written = "".join(out)
    # "from 8000 to $5K": the first figure of a change takes the second one's currency.
    written = re.sub(
        r"\bfrom (~?)(\d{1,3}(?:,?000)+|\d+)( (?:down |up )?to "
        r"(?:about |under |over )?~?)([$€£])(\d[\d.]*)([KM]?)",
        _currency_both,
        written,
    )
    # "from 35% down to 15": the second figure of a change takes the first one's unit.
    written = re.sub(
        r"(\bfrom\s+~?\d+(?:\.\d+)?%[,\s]+(?:down |up )?to\s+(?:under |below |"
        r"over )?~?\d+(?:\.\d+)?)(?![\d%]|\.\d|\s*(?:percent|points|pts))",
        r"\1%",
        written,
    )
    return written, withdrawn


def _currency_both(m: re.Match[str]) -> str:
    value = int(m.group(2).replace(",", ""))
    sign, suffix = m.group(4), m.group(6)
    scale = {"K": 1_000, "M": 1_000_000}.get(suffix, 1)
    first = f"{value // scale}{suffix}" if value % scale == 0 and value >= scale else m.group(2)
    return f"from {m.group(1)}{sign}{first}{m.group(3)}{sign}{m.group(5)}{suffix}"


def tidy(text: str) -> str:
    """Spaces and punctuation left behind by removed words."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;:.!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    # "went from, 11%, to 17%", "cut the CPU by; 30%": a comma after a preposition or before "to".
    text = re.sub(
        r"\b(from|to|by|of|at|with|for|in|was|were|is|are|about|around|into|on|the|a|"
        r"an|and|had|taking|across)\s*[,;:]\s+(?=~?[$€£]?\d|(?:a|an|the)\s)",
        r"\1 ",
        text,
        flags=re.I,
    )
    text = re.sub(r"(\d%?|\d [a-z]+)\s*,\s+((?:down |up )?to\s)", r"\1 \2", text)
    # "I, went", "the other, 12 drivers": a comma after a word that cannot end a clause.
    text = re.sub(
        r"\b(I|we|they|he|she|also|so|the|a|an|my|our|their|other|and|but|then)\s*,\s+",
        r"\1 ",
        text,
    )
    text = re.sub(r"\b([a-z]+)\s*,\s+(?=~?[$€£]?\d)", _verb_comma, text)
    text = re.sub(r"^[\s,;:.-]+|[\s,;:-]+$", "", text)
    return text.strip()


_DISCOURSE = {
    "So",
    "When",
    "And",
    "But",
    "Then",
    "Also",
    "Now",
    "Yes",
    "Well",
    "Okay",
    "Ok",
    "Because",
    "Once",
    "After",
    "Before",
    "While",
    "If",
    "Since",
    "Actually",
    "Plus",
}


def _roman_numeral(m: re.Match[str]) -> str:
    """ "Algebra I students" joins; "at Brightwave I was" is the speaker and stays apart."""
    from resumepilot.ai.builtin.words import AUX, is_adjective, is_noun, is_past_form, verb_lemma

    nxt = m.group(2).lower()
    if (
        m.group(1) in _DISCOURSE
        or nxt in AUX
        or is_past_form(nxt)
        or nxt
        in (
            "also",
            "just",
            "really",
            "then",
            "started",
            "work",
            "teach",
            "cover",
            "manage",
            "run",
            "drive",
            "think",
            "guess",
            "mean",
            "know",
            "love",
            "got",
            "basically",
            "personally",
            "actually",
            "still",
            "always",
            "never",
            "only",
            "lead",
            "own",
        )
    ):
        return m.group(0)
    if verb_lemma(nxt) == nxt and nxt not in ("school", "center", "students", "trauma"):
        return m.group(0)
    if nxt.endswith("ly") or not is_noun(nxt) and not is_adjective(nxt):
        return m.group(0)
    return m.group(1) + NAME_JOINER + "I"


def _looks_past(word: str) -> bool:
    from resumepilot.ai.builtin.words import is_past_form

    return is_past_form(word)


def _verb_comma(m: re.Match[str]) -> str:
    """ "trained, 48 nurses": a comma between a verb and its figure, left by a filler."""
    from resumepilot.ai.builtin.words import is_past_form

    return m.group(1) + " " if is_past_form(m.group(1)) else m.group(0)


_FIGURE = r"~?\$?\d+(?:[.,]\d+)*%?"
# "10%, about 15%, let us say 10": figures tried out loud and then settled on.
_SETTLED = re.compile(
    rf"(?P<tried>{_FIGURE}(?:\s*,\s*(?:or\s+)?{_FIGURE})+)\s*,?\s*"
    rf"(?:let us say|call it|so say|say|I would say|we will say)\s+(?P<kept>{_FIGURE})",
    re.I,
)
# "10%, ~15%": two figures offered for one thing, none settled on; said as the range it is.
_ALTERNATIVES = re.compile(
    r"(?<![\d.,])(\d+(?:\.\d+)?)(%?)\s*,\s*(?:or\s+)?~(\d+(?:\.\d+)?)(%?)(?![\d,]|\.\d)"
)


def _value(figure: str) -> float | None:
    digits = re.sub(r"[^\d.]", "", figure).rstrip(".")
    try:
        return float(digits)
    except ValueError:
        return None


def settle_figures(text: str) -> tuple[str, set[float]]:
    """Figures tried out and settled ("10%, maybe 15%, let's say 10" -> "10%", 15 withdrawn);
    unsettled alternatives ("10%, maybe 15%") become a range ("10-15%")."""
    withdrawn: set[float] = set()

    def settled(m: re.Match[str]) -> str:
        kept = m.group("kept")
        tried = re.findall(_FIGURE, m.group("tried"))
        if "%" not in kept and any(t.endswith("%") for t in tried):
            kept += "%"
        keep_value = _value(kept)
        withdrawn.update(v for t in tried if (v := _value(t)) is not None and v != keep_value)
        return kept

    def alternatives(m: re.Match[str]) -> str:
        low, high = sorted((m.group(1), m.group(3)), key=lambda f: _value(f) or 0.0)
        unit = m.group(2) or m.group(4)
        if m.group(2) != m.group(4) and m.group(2) and m.group(4):
            return m.group(0)
        return f"{low}-{high}{unit}"

    text = _SETTLED.sub(settled, text)
    return _ALTERNATIVES.sub(alternatives, text), withdrawn


_PROUD_FRAME = re.compile(
    r"^\s*(?:so\s+)?(?:the (?:thing|project|work|one)|what) (?:that )?I am (?:most )?"
    r"(?:proudest|proud) of (?:is|was)(?: that)?,?\s+(?=I\b|we\b)",
    re.I,
)


def repair_text(raw: str) -> tuple[str, set[float]]:
    """One sentence through stage 1: (repaired text, withdrawn figures)."""
    text = html.unescape(raw)
    text = re.sub(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]", " ", text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = expand_contractions(text)
    # "maybe six falls", "probably forty": a hedged figure is an approximate one.
    text = re.sub(
        r"\b(?:maybe|probably|perhaps|roughly|approximately)\s+(?=(?:~?\d|(?:one|two|"
        r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
        r"forty|fifty|sixty|seventy|eighty|ninety|a hundred)\b))",
        "about ",
        text,
        flags=re.I,
    )
    text = drop_fillers(text)
    # "The thing I'm proudest of is I redesigned ...": the framing goes, the deed stays.
    text = _PROUD_FRAME.sub("", text)
    # "Algebra I", "Level I", "Title I": a roman numeral, not the speaker; joined so no later
    # stage reads it as "I" (restored when bullets are written).
    text = re.sub(r"\b([A-Z][A-Za-z]+) I\b(?![-'])(?=\s+([\w-]+))", _roman_numeral, text)
    text = drop_false_starts(tidy(text))
    text, withdrawn = write_figures(text)
    text, tried = settle_figures(text)
    withdrawn |= tried
    # "reduced waste by, it was 10%": the figure a hedge pulled away from its preposition.
    text = re.sub(
        r"\b(by|to|from|at|of)\s*,\s*(?:(?:it|that) (?:was|is)\s+)?(?=~?[$€£]?\d)",
        r"\1 ",
        text,
        flags=re.I,
    )
    text = fix_word_repairs(text)
    text = _RELATIVE_TIME.sub(" ", text)
    # Editing terms left over from a repair that had nothing to replace.
    text = re.sub(r"\b(?:no wait|no sorry|sorry|i mean)\b\s*,?|\bwait\s*,", " ", text, flags=re.I)
    return tidy(text), withdrawn


# Two entries: the engine and then the guard repair the same answer within one call; a bench
# that cycles through answers gets no help from it.
@lru_cache(maxsize=2)
def repair(transcript: str) -> Repaired:
    """The transcript as repaired sentences with their offsets, and every withdrawn figure."""
    sentences, withdrawn = [], set()
    for s, e in split_sentences(transcript):
        text, gone = repair_text(transcript[s:e])
        withdrawn |= gone
        text = text.rstrip(".!?… ")
        if re.search(r"[A-Za-z]{2}", text):
            sentences.append(Sentence(text, s, e))
    return Repaired(tuple(sentences), frozenset(withdrawn))
