"""The one place this branch borrows word lists and helpers from the bullet engine.

Action verbs, weak leads, tool names and the number reader belong to resumepilot.ai's bullet
engine; the analyzer, the posting reader and the cover-letter engine import them from here only,
so a rewrite of that engine means repointing this module and nothing else.
"""

from __future__ import annotations

from resumepilot.ai.builtin.lexicon import IRREGULAR, REGULAR, WEAK, base_of, is_past, past_tense
from resumepilot.ai.numbers import number_values
from resumepilot.ai.terms import TECH_WORDS

__all__ = [
    "ACTION_VERBS",
    "IRREGULAR",
    "TECH_WORDS",
    "WEAK_LEADS",
    "base_of",
    "is_past",
    "number_values",
    "past_tense",
]

ACTION_VERBS: frozenset[str] = frozenset(REGULAR) | frozenset(IRREGULAR)
WEAK_LEADS: frozenset[str] = frozenset(WEAK)
