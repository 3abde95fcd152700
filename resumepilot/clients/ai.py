"""The configured AI provider (resumepilot.ai), called from async code.

The built-in engine takes a few milliseconds of CPU and runs inline; a remote model may take
seconds, so its calls run in a thread and hold up no other request on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

from resumepilot.ai.models import BulletList, Question, Rewrite, Turn
from resumepilot.ai.providers import AIProvider, build_provider
from resumepilot.config import Settings

T = TypeVar("T")


class AIClient:
    """Bullets and interview questions from the provider the settings chose."""

    def __init__(self, provider: AIProvider) -> None:
        self.provider = provider

    @property
    def runs_inline(self) -> bool:
        """True for the built-in engine: fast enough to call inside a transaction."""
        return self.provider.name == "builtin"

    async def bullets(self, role: str, question: str, transcript: str) -> BulletList:
        return await self._call(lambda: self.provider.bullets(role, question, transcript))

    async def rewrite(
        self, role: str, question: str, transcript: str, text: str, avoid: Sequence[str] = ()
    ) -> Rewrite:
        """Another wording of one bullet, never `text` or one of `avoid`, or why there is none."""
        return await self._call(
            lambda: self.provider.rewrite(role, question, transcript, text, avoid)
        )

    async def next_question(
        self, role: str, turns: Sequence[Turn], title: str | None = None
    ) -> Question:
        return await self._call(lambda: self.provider.next_question(role, turns, title))

    async def _call(self, work: Callable[[], T]) -> T:
        if self.runs_inline:
            return work()
        return await asyncio.to_thread(work)


def build_ai(settings: Settings) -> AIClient:
    return AIClient(build_provider(settings))
