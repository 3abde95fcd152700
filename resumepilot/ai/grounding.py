"""The grounding guard: a bullet may state only figures and names the candidate actually said.

It runs on every provider's output. A bullet with an unsupported figure or name loses the
clause that carries it; when nothing sound is left, the bullet is dropped. Each surviving
bullet gets the span of the transcript it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from resumepilot.ai.builtin.clean import split_sentences
from resumepilot.ai.builtin.lexicon import word_set
from resumepilot.ai.models import Bullet, SourceSpan
from resumepilot.ai.numbers import normalise_numbers, number_values
from resumepilot.ai.terms import mentioned, named_terms

# Where a bullet can be cut without breaking the clause before it.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:and|while|with|using|alongside|including|which|worth|saving|cutting|"
    r"reducing|increasing|growing|for|to|over|across|in|at|on|by)\b)|,\s+|"
    r"\s+(?=(?:and|while|alongside|with|using|over|across|worth|for)\s)")
MIN_REPAIRED = 30
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.%'-]*")
_STOP = word_set("""a an the and or of to in on at for with by from as is was were be been it its
this that these those into over under about than then so but not no""")


@dataclass(frozen=True)
class Transcript:
    """What a transcript supports: its figures (after corrections) and its words."""

    text: str
    values: frozenset[float]
    lower: str

    @classmethod
    def of(cls, text: str) -> Transcript:
        return cls(text, frozenset(number_values(text)), text.lower())


@dataclass(frozen=True)
class Verdict:
    """Why a bullet is or is not supported."""

    ok: bool
    numbers: tuple[float, ...] = ()
    terms: tuple[str, ...] = ()


def check(text: str, said: Transcript) -> Verdict:
    """Every figure and every named tool or organisation in text must have been said."""
    numbers = tuple(sorted(v for v in number_values(text) if v not in said.values))
    terms = tuple(t for _, _, t in named_terms(text) if not mentioned(t, said.lower))
    return Verdict(not numbers and not terms, numbers, terms)


def repair(text: str, said: Transcript) -> str | None:
    """Cut clauses with unsupported facts, keeping the lead clause; None when that one fails."""
    if check(text, said).ok:
        return text
    cuts = [0, *[m.start() for m in _CLAUSE_BREAK.finditer(text)], len(text)]
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]
    if not pieces or not check(pieces[0], said).ok:
        return None
    kept = pieces[0]
    for piece in pieces[1:]:
        if check(kept + piece, said).ok:
            kept += piece
    kept = re.sub(r"[\s,;:]+(?:and|while|with|over|for)?\s*$", "", kept).strip()
    return kept if len(kept) >= MIN_REPAIRED else None


def _words(text: str) -> set[str]:
    return {w.strip(".'") for w in _WORD.findall(normalise_numbers(text).lower())} - _STOP


def locate(text: str, transcript: str) -> SourceSpan:
    """The sentences of the transcript that a bullet draws on, as one span."""
    sentences = split_sentences(transcript)
    if not sentences:
        return SourceSpan(0, len(transcript))
    want = _words(text)
    scores = [len(want & _words(transcript[s:e])) for s, e in sentences]
    best = max(scores)
    if best == 0:
        return SourceSpan(sentences[0][0], sentences[-1][1])
    chosen = [i for i, sc in enumerate(scores) if sc >= max(2, best * 0.6) or sc == best]
    return SourceSpan(sentences[chosen[0]][0], sentences[chosen[-1]][1])


@dataclass
class Guarded:
    """The guard's output: bullets kept (maybe repaired) and counts for monitoring."""

    bullets: list[Bullet]
    repaired: int = 0
    dropped: int = 0


def guard(items: Iterable[str | Bullet], transcript: str) -> Guarded:
    """Check, repair or drop every bullet; give each kept one its source span."""
    said = Transcript.of(transcript)
    out = Guarded([])
    seen: set[str] = set()
    for item in items:
        text = item.text if isinstance(item, Bullet) else str(item)
        text = text.strip()
        fixed = repair(text, said) if text else None
        if fixed is None or fixed.lower() in seen:
            out.dropped += 1
            continue
        seen.add(fixed.lower())
        out.repaired += fixed != text
        source = item.source if isinstance(item, Bullet) and fixed == text else None
        out.bullets.append(Bullet(fixed, source or locate(fixed, transcript)))
    return out
