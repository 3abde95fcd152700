"""The word lists and helpers the analyzer, the posting reader and the cover-letter engine share.

Action verbs and weak leads (ai.action_verbs), tool names (ai.terms) and the number reader
(ai.numbers) are imported from here only, so moving any of them means repointing this module.
"""

from __future__ import annotations

from resumepilot.ai.action_verbs import IRREGULAR, REGULAR, WEAK, base_of, is_past, past_tense
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
