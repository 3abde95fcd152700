"""The guard every provider's bullets pass: grounding plus the stage-5 checks of checks.py.

A bullet may state only figures and names the candidate actually said and did not take back. A
bullet with an unsupported figure or name loses the clause that carries it; a bullet whose form
fails (see checks.py) is repaired when that is safe; when nothing sound is left, it is dropped and
the reason is kept. Each surviving bullet gets the span of the transcript it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from resumepilot.ai.builtin.speech import repair as repair_speech
from resumepilot.ai.builtin.speech import split_sentences
from resumepilot.ai.builtin.words import word_set
from resumepilot.ai.checks import (
    MAX_BULLETS,
    Rejection,
    figures_in,
    form_problems,
    near_repeat,
    repair_form,
)
from resumepilot.ai.models import Bullet, SourceSpan
from resumepilot.ai.numbers import normalise_numbers, number_values
from resumepilot.ai.terms import mentioned, named_terms

# Where a bullet can be cut without breaking the clause before it.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:and|while|with|using|alongside|including|which|worth|saving|cutting|"
    r"reducing|increasing|growing|for|to|over|across|in|at|on|by)\b)|,\s+|"
    r"\s+(?=(?:and|while|alongside|with|using|over|across|worth|for)\s)"
)
MIN_REPAIRED = 30
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.%'-]*")
_STOP = word_set("""a an the and or of to in on at for with by from as is was were be been it its
this that these those into over under about than then so but not no""")


# Figures a faithful bullet may write for words: "cut it in half" -> 50%, "doubled" -> 2x.
_IMPLIED = (
    (r"\bhalf\b|\bhalved\b", (50.0, 0.5)),
    (r"\bdoubled?\b", (2.0, 100.0)),
    (r"\btripled?\b", (3.0, 200.0)),
    (r"\ba third\b", (33.0, 33.3)),
    (r"\ba quarter\b", (25.0,)),
)


@dataclass(frozen=True)
class Transcript:
    """What a transcript supports: its figures (after self-repairs) and its words."""

    text: str
    values: frozenset[float]
    lower: str
    withdrawn: frozenset[float] = frozenset()

    @classmethod
    def of(cls, text: str) -> Transcript:
        repaired = repair_speech(text)
        values = set(number_values(repaired.text))
        for pattern, implied in _IMPLIED:
            if re.search(pattern, text, re.I):
                values.update(implied)
        withdrawn = frozenset(repaired.withdrawn - values)
        return cls(text, frozenset(values), text.lower(), withdrawn)


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
    """The guard's output: bullets kept (maybe repaired), what was dropped and why."""

    bullets: list[Bullet]
    repaired: int = 0
    dropped: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def grounding_problem(text: str, said: Transcript) -> str | None:
    """Why a bullet states something the candidate did not say, or None."""
    withdrawn = sorted(v for v in figures_in(text) if v in said.withdrawn)
    if withdrawn:
        return f"states a figure the speaker took back ({_fmt(withdrawn[0])})"
    verdict = check(text, said)
    if verdict.numbers:
        return f"states a figure that was not said ({_fmt(verdict.numbers[0])})"
    if verdict.terms:
        return f"names something that was not said ({verdict.terms[0]})"
    return None


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def guard(items: Iterable[str | Bullet], transcript: str) -> Guarded:
    """Check, repair or drop every bullet; give each kept one its source span."""
    said = Transcript.of(transcript)
    out = Guarded([])
    for item in items:
        original = (item.text if isinstance(item, Bullet) else str(item)).strip()
        text = repair_form(original)
        reason = None
        ungrounded = grounding_problem(text, said) if text else None
        if not text:
            reason = "empty"
        elif ungrounded:
            fixed = repair(text, said)
            if fixed is None or grounding_problem(fixed, said):
                reason = ungrounded
            else:
                text = fixed
        if reason is None and (problems := form_problems(text)):
            # When a repair left too little, what needed repairing is the reason.
            first = form_problems(original)
            reason = ungrounded or (first[0] if text != original and first else problems[0])
        if reason is None and any(near_repeat(text, b.text) for b in out.bullets):
            reason = "repeats another bullet"
        if reason is None and len(out.bullets) >= MAX_BULLETS:
            reason = f"more than {MAX_BULLETS} bullets for one answer"
        if reason is not None:
            out.dropped += 1
            out.rejected.append(Rejection(original, reason))
            continue
        out.repaired += text != original
        source = item.source if isinstance(item, Bullet) and text == original else None
        out.bullets.append(Bullet(text, source or locate(text, transcript)))
    return out
