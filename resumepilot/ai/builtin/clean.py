"""From a spoken answer to tidy sentences: split with offsets, fillers out, numbers written."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from resumepilot.ai.builtin.lexicon import COMMA_HEDGE_RE, FILLER_RE, LIKE_RE, PADDING_RE
from resumepilot.ai.numbers import normalise_numbers

# A sentence ends at . ! ? or a line break, but not inside "2.5", "e.g." or "Node.js".
_SENTENCE_END = re.compile(r"(?<!\b[A-Za-z])(?<!\be\.g)(?<!\bi\.e)[.!?…]+(?=\s|$)|\n+")
# "at Google, sorry, at Meta": a correction of words rather than of a figure.
_WORD_CORRECTION = re.compile(
    r"(?P<before>(?:\b[\w'-]+\s+){0,2}[\w'-]+),?\s+(?:no wait|no sorry|sorry|i mean|or rather|"
    r"actually|no)\s*,\s*(?P<after>(?:[\w'-]+\s*){1,3})", re.I)
_RELATIVE_TIME = re.compile(
    r"\b(?:the )?(?:last|this|next|that|following) (?:year|month|quarter|week|summer|spring|fall|"
    r"autumn|winter)\b|"
    r"\b(?:a few|a couple of|several|~?\d+) (?:years|months|weeks) ago\b|"
    r"\b(?:back then|at the time|recently|a while ago|back in the day|these days|nowadays)\b",
    re.I)
# "which is huge for our industry": the speaker's opinion of a figure, not a fact.
_OPINION = re.compile(
    r",?\s*\bwhich (?:is|was) (?:so |pretty |really |very )?(?:huge|great|terrible|awful|cool|"
    r"nice|amazing|crazy|insane|wild|impressive|good|bad|not bad|awesome|massive|a lot|not great|"
    r"unheard of|rare|normal|typical|standard)\b[^,.;]*", re.I)
_STORY_PREFIX = re.compile(
    r"^(?:so|and|but|well|anyway|then|now|also|plus|ok|okay|right|yes|yeah|because)\b[\s,]*|"
    r"^(?:the|my|our) (?:big|main|key|biggest|important|real|whole|other) "
    r"(?:thing|result|win|part|outcome|point|takeaway|impact)s? (?:was|is|were)(?: that)?\s*|"
    r"^what (?:happened|we did|i did) (?:was|is)(?: that)?\s*|^(?:in the end|ultimately|"
    r"finally|eventually|after that|afterwards|overall|in short|long story short)\b[\s,]*",
    re.I)


@dataclass(frozen=True)
class Sentence:
    """A cleaned sentence and the offsets of the original text it came from."""

    text: str
    start: int
    end: int


def split_sentences(transcript: str) -> list[tuple[int, int]]:
    """Offsets of each sentence; a decimal point or an abbreviation does not end one."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(transcript):
        if transcript[pos:m.start()].strip():
            spans.append((pos, m.end()))
        pos = m.end()
    if transcript[pos:].strip():
        spans.append((pos, len(transcript)))
    # Trim surrounding blanks so offsets point at words.
    out = []
    for s, e in spans:
        chunk = transcript[s:e]
        s += len(chunk) - len(chunk.lstrip())
        e -= len(chunk) - len(chunk.rstrip())
        out.append((s, e))
    return out


def _fix_word_corrections(text: str) -> str:
    """Keep what the speaker meant: "at Google, sorry, at Meta" -> "at Meta"."""
    def repl(m: re.Match[str]) -> str:
        before, after = m.group("before").split(), m.group("after").split()
        if any(re.match(r"~?\d", w) for w in after[:1]):
            return m.group(0)  # numbers: already resolved
        # Replace as many trailing words as the correction brings, aligned on a shared lead word.
        n = len(after)
        if before and after and before[-min(n, len(before))].lower() == after[0].lower():
            keep = before[: len(before) - min(n, len(before))]
        elif after[0][:1].isupper() and before[-1][:1].isupper():
            keep = before[:-1]
        else:
            return m.group(0)
        return " ".join(keep + after) + " "
    return _WORD_CORRECTION.sub(repl, text)


def clean_text(text: str) -> str:
    """Fillers, hedges and padding out; figures as digits; spacing and commas tidied."""
    text = html.unescape(text)
    # Emoji and pictographs say nothing a resume can use.
    text = re.sub(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]", " ", text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)  # pasted HTML tags carry no content
    text = normalise_numbers(text)
    # "the US market, I mean, I opened ...": a restatement starts a new clause.
    text = re.sub(r",\s*i mean\s*,\s*(?=i\b|we\b)", "; ", text, flags=re.I)
    text = COMMA_HEDGE_RE.sub(" ", text)
    text = LIKE_RE.sub(_drop_like, text)
    # A filler after a comma but before none keeps the comma: "the tests, I think it was 40%".
    text = FILLER_RE.sub(lambda m: "," if m.group(0).startswith(",") and not m.group(0).endswith(
        ",") else " ", text)
    text = _fix_word_corrections(text)
    text = PADDING_RE.sub("", text)
    text = _OPINION.sub("", text)
    text = _RELATIVE_TIME.sub(_drop_relative_time, text)
    # Spoken years stay as words (see numbers.py); on a bullet the date belongs to the job line.
    text = re.sub(r"\b(?:in|since|during|by|around|back in)\s+(?:(?:nineteen|twenty)\s+[a-z-]+|"
                  r"(?:19|20)\d\d)\b", " ", text, flags=re.I)
    return tidy(text)


def _drop_like(m: re.Match[str]) -> str:
    """Filler "like" goes; its comma stays unless a preposition comes before it ("with, like,")."""
    pre = m.group("pre") or ""
    if pre == "," and re.search(r"\b(?:with|for|of|at|on|in|by|about|around|to|from|the|an?|"
                                r"was|were|is|are)\s*$", m.string[:m.start()], re.I):
        pre = ""
    return pre + " "


def _drop_relative_time(m: re.Match[str]) -> str:
    """ "last year" goes (the job line dates it); "over the next quarter" is a span and stays."""
    before = m.string[max(0, m.start() - 12):m.start()].lower()
    if re.search(r"\b(?:over|within|in|during|for|through|across)\s*$", before) and re.search(
            r"next|following", m.group(0), re.I):
        return m.group(0)
    return " "


def tidy(text: str) -> str:
    """Collapse spaces and stray punctuation left after removing words."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;:.!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    # "with, 20 people": a comma left behind by a removed filler after a preposition.
    text = re.sub(r"\b(?:(the|an?|was|were|is|are)|(with|for|of|at|on|in|by|about|around|to|"
                  r"from)(?=,\s+~?[$€£]?\d)),\s+", r"\1\2 ", text, flags=re.I)
    text = re.sub(r"^[\s,;:.-]+|[\s,;:-]+$", "", text)
    return text.strip()


def strip_story_prefix(text: str) -> str:
    """Remove "so", "and", "the big thing was" and similar openers, repeatedly."""
    prev = None
    while prev != text:
        prev = text
        text = _STORY_PREFIX.sub("", text).lstrip(" ,")
    return text


def clean_sentences(transcript: str) -> list[Sentence]:
    """The transcript as cleaned sentences, each with its original offsets."""
    out = []
    for s, e in split_sentences(transcript):
        text = strip_story_prefix(clean_text(transcript[s:e]))
        text = text.rstrip(".!?… ")
        if re.search(r"[A-Za-z]{2}", text):
            out.append(Sentence(text, s, e))
    return out
