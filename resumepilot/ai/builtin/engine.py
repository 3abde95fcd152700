"""The built-in engine: speech repair -> clauses -> references and changes -> bullets -> checks.

Each stage is its own module (speech, clauses, resolve, compose; the checks in ai/checks.py run
in ai/grounding.guard for every provider). Deterministic, offline, a few milliseconds an answer.
"""

from __future__ import annotations

import re

from resumepilot.ai.builtin.clauses import segment
from resumepilot.ai.builtin.compose import MAX_BULLETS, MAX_CHARS, MIN_CHARS, Achievement, compose
from resumepilot.ai.builtin.speech import repair
from resumepilot.ai.builtin.words import word_set
from resumepilot.ai.models import Bullet, SourceSpan

_ENGLISH = word_set(
    "the and to of a in i we was were for on with that it is my our at by from as this had have "
    "me us they he she an be been so but or"
)


def looks_english(text: str) -> bool:
    """Enough common English words that the rules can read it (short answers pass)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 6:
        return True
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.1


def _fit(a: Achievement) -> list[str]:
    """One bullet of 40-200 characters, or two when the results cannot ride with the action."""
    full = a.render()
    if len(full) <= MAX_CHARS:
        return [full]
    for n in range(len(a.results) - 1, -1, -1):
        text = a.render(results=n)
        if len(text) <= MAX_CHARS:
            rest = [r for r in a.results[n:]]
            extra = [_as_lead(r) for r in rest]
            return [text, *[e for e in extra if e]]
        text = a.render(modifiers=False, results=n)
        if len(text) <= MAX_CHARS:
            return [text, *[e for e in (_as_lead(r) for r in a.results[n:]) if e]]
    return [full]


def _as_lead(result: str) -> str | None:
    """ "cutting turnaround from ~3 hours to 45 minutes" -> "Cut turnaround from ...". """
    from resumepilot.ai.builtin.words import past, verb_lemma

    word, _, rest = result.partition(" ")
    lemma = verb_lemma(word)
    if not lemma or not rest:
        return None
    verb = past(lemma)
    return verb[:1].upper() + verb[1:] + " " + rest


def _rank(text: str, index: int) -> tuple[int, int]:
    """Bullets with a measured result first, then those with figures, then as said."""
    change = bool(re.search(r"\bfrom\s+\S*\d.*\bto\s+\S*\d|\bby\s+~?\d", text))
    figures = bool(re.search(r"\d", text))
    return (-(2 * change + figures), index)


def generate_bullets(role: str, question: str, transcript: str) -> list[Bullet]:
    """Up to 6 bullets written only from what the transcript says, each with its source span.

    The role and question are part of the signature every provider shares; the rules read the
    answer itself.
    """
    if not looks_english(transcript):
        return []  # the rules read English; other languages need a model provider
    repaired = repair(transcript)
    sentences = repaired.sentences
    if not sentences:
        return []
    clauses = segment([s.text for s in sentences])
    drafts: list[tuple[str, set[int]]] = []
    for a in compose(clauses):
        for text in _fit(a):
            if len(text) >= MIN_CHARS or not drafts:
                drafts.append((text, a.sentences or {a.sentence}))
    order = sorted(range(len(drafts)), key=lambda i: _rank(drafts[i][0], i))
    bullets = []
    for i in order[: MAX_BULLETS + 2]:
        text, used = drafts[i]
        used = {u for u in used if u < len(sentences)} or {0}
        span = SourceSpan(min(sentences[u].start for u in used), max(sentences[u].end for u in used))
        bullets.append(Bullet(text, span))
    return bullets
