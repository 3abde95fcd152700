"""Bullets from one interview answer, by rules: clean, split, rewrite, assemble."""

from __future__ import annotations

import re

from resumepilot.ai.builtin.baseline import fold_baselines
from resumepilot.ai.builtin.clauses import Clause, classify, split_clauses
from resumepilot.ai.builtin.clean import clean_sentences
from resumepilot.ai.builtin.compose import compose
from resumepilot.ai.builtin.lexicon import word_set
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


def generate_bullets(role: str, question: str, transcript: str) -> list[Bullet]:
    """2-5 bullets written only from what the transcript says, each with its source span.

    The role and question are not needed by the rules today; they are part of the signature
    every provider shares.
    """
    if not looks_english(transcript):
        return []  # the rules read English; other languages need a model provider
    sentences = clean_sentences(transcript)
    items = [(idx, conj, text) for idx, sentence in enumerate(sentences)
             for conj, text in split_clauses(sentence.text)]
    clauses: list[Clause] = []
    for idx, conj, text in fold_baselines(items):
        have_head = any(c.kind in ("head", "problem", "continuation") for c in clauses)
        clause = classify(conj, text, idx, have_head)
        if clause:
            clauses.append(clause)
    bullets = []
    for draft in compose(clauses):
        used = [sentences[i] for i in sorted(draft.sentences)]
        span = SourceSpan(min(s.start for s in used), max(s.end for s in used))
        bullets.append(Bullet(draft.render(), span))
    return bullets
