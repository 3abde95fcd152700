"""Cover letters grounded in the candidate's own material.

`write_cover_letter(resume, posting, bullets, tone, length, writer)` returns a CoverLetter
whose `as_dict()` is {"text", "paragraphs", "claims": [{"text", "source"}], "covered",
"missing", ...}. `build_letter_writer(settings)` gives the configured writer (built-in or an
OpenAI-compatible server); every writer's sentences pass the same checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resumepilot.ai.letters.compose import LENGTHS, TONES
from resumepilot.ai.letters.engine import (
    BuiltinLetterWriter,
    CoverLetter,
    LetterWriter,
    write_cover_letter,
)
from resumepilot.ai.letters.material import LetterInputError

if TYPE_CHECKING:
    from resumepilot.config import Settings

__all__ = [
    "LENGTHS",
    "TONES",
    "BuiltinLetterWriter",
    "CoverLetter",
    "LetterInputError",
    "LetterWriter",
    "build_letter_writer",
    "write_cover_letter",
]


def build_letter_writer(settings: Settings) -> LetterWriter:
    choice = (settings.ai_provider or "builtin").strip().lower()
    if choice in ("openai", "openai_compatible", "openai-compatible"):
        from resumepilot.ai.letters.provider import OpenAILetterWriter

        return OpenAILetterWriter(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key,
            model=settings.openai_model,
        )
    return BuiltinLetterWriter()
