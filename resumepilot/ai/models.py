"""Plain data types shared by the AI engine, its providers and its callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from resumepilot.ai.checks import Rejection


@dataclass(frozen=True)
class SourceSpan:
    """Character offsets [start, end) into the transcript a bullet was written from."""

    start: int
    end: int

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Bullet:
    """One resume bullet and the part of the answer that supports it."""

    text: str
    source: SourceSpan

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "source": self.source.as_dict()}


class BulletList(list[Bullet]):
    """The bullets for one answer, plus which provider wrote them and whether it fell back."""

    def __init__(
        self,
        items: list[Bullet] | None = None,
        *,
        provider: str = "builtin",
        fallback: bool = False,
        reason: str | None = None,
        dropped: int = 0,
        rejected: list[Rejection] | None = None,
    ) -> None:
        super().__init__(items or [])
        self.provider = provider
        self.fallback = fallback
        self.reason = reason
        # How many bullets the guard removed, and each one with the reason (for the page).
        self.dropped = dropped
        self.rejected: list[Rejection] = list(rejected or [])

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"bullets": [b.as_dict() for b in self]}
        if self.provider != "builtin" or self.fallback:
            out.update(provider=self.provider, fallback=self.fallback, reason=self.reason)
        if self.rejected:
            out["rejected"] = [r.as_dict() for r in self.rejected]
        return out


@dataclass(frozen=True)
class Rewrite:
    """Another wording of one bullet, or why there is none (never the same text back)."""

    bullet: Bullet | None
    reason: str | None = None
    provider: str = "builtin"
    fallback: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "bullet": self.bullet.as_dict() if self.bullet else None,
            "reason": self.reason,
            "provider": self.provider,
            "fallback": self.fallback,
        }


Speaker = Literal["interviewer", "candidate"]


@dataclass(frozen=True)
class Turn:
    """One message of an interview; the shape mirrors a row of interview_turns."""

    speaker: Speaker
    text: str
    # Set on interviewer turns so the planner can tell which question was asked.
    question_id: str | None = None


QuestionKind = Literal["opening", "topic", "follow_up", "rephrase", "back", "closing", "done"]


@dataclass(frozen=True)
class Question:
    """What the interviewer says next, and why."""

    id: str
    text: str
    kind: QuestionKind
    topic: str
    # For follow-ups: which part of the answer was missing (result, numbers, tools, ...).
    missing: tuple[str, ...] = field(default=())

    @property
    def done(self) -> bool:
        return self.kind == "done"
