"""Cover letters: `write_cover_letter` plans from the posting and the material, a provider
words it, and the same checks in code run on every provider's sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from resumepilot.ai.letters.checks import Allowed, Checked, check_sentence, span_in
from resumepilot.ai.letters.compose import (
    LENGTHS,
    TONES,
    Plan,
    compose,
    greeting,
    plan_letter,
    signature,
)
from resumepilot.ai.letters.material import Fact, LetterInputError, Material, collect
from resumepilot.ai.postings import Posting, mentions


@dataclass
class CoverLetter:
    paragraphs: list[str]
    claims: list[dict[str, Any]]
    covered: list[str]
    missing: list[str]
    provider: str = "builtin"
    fallback: bool = False
    reason: str = ""
    dropped: int = 0  # sentences the checks removed
    greeting: str = ""
    signature: str = ""
    tone: str = "formal"
    length: str = "standard"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join([self.greeting, *self.paragraphs, self.signature]).strip()

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "paragraphs": self.paragraphs,
            "claims": self.claims,
            "covered": self.covered,
            "missing": self.missing,
            "provider": self.provider,
            "fallback": self.fallback,
            "reason": self.reason,
            "dropped": self.dropped,
            "tone": self.tone,
            "length": self.length,
        }


class LetterWriter(Protocol):
    name: str

    def write(
        self, material: Material, posting: Posting, plan: Plan, tone: str, length: str
    ) -> list[list[tuple[str, Fact | None]]]: ...


class BuiltinLetterWriter:
    name = "builtin"

    def write(
        self, material: Material, posting: Posting, plan: Plan, tone: str, length: str
    ) -> list[list[tuple[str, Fact | None]]]:
        return compose(material, posting, plan, tone)


def banned_terms(plan: Plan) -> list[str]:
    """Keywords of requirements the material does not cover, unless covered elsewhere too."""
    allowed = {t.lower() for ev in plan.covered for t in ev.found}
    return sorted(
        {t for ev in plan.missing for t in ev.requirement.keywords if t.lower() not in allowed}
    )


def guard(
    paragraphs: list[list[tuple[str, Fact | None]]],
    material: Material,
    posting: Posting,
    plan: Plan,
) -> tuple[list[str], list[dict[str, Any]], int]:
    """Runs the checks on every sentence: keeps, repairs or drops it; builds the claims."""
    banned = banned_terms(plan)
    allowed = Allowed.of(material, posting)
    kept_paragraphs: list[str] = []
    claims: list[dict[str, Any]] = []
    dropped = 0
    for paragraph in paragraphs:
        kept: list[Checked] = []
        for sentence, hint in paragraph:
            checked = check_sentence(sentence, material, allowed, banned, hint)
            if checked is None:
                dropped += 1
            else:
                kept.append(checked)
        if kept:
            kept_paragraphs.append(" ".join(c.text for c in kept))
        for c in kept:
            if c.fact is not None:
                start, end = span_in(c.fact, c.text)
                claims.append(
                    {
                        "text": c.text,
                        "source": {**c.fact.source, "span": [start, end]},
                        "quote": c.fact.text[start:end],
                    }
                )
    return kept_paragraphs, claims, dropped


def years_worked(resume: dict[str, Any]) -> float | None:
    from resumepilot.documents.reading.dates import month_index

    today = dt.date.today()
    now = today.year * 12 + today.month - 1
    spans = []
    for job in resume.get("work") or []:
        if isinstance(job, dict):
            start = month_index(
                job.get("startDate") if isinstance(job.get("startDate"), str) else None
            )
            end = month_index(job.get("endDate") if isinstance(job.get("endDate"), str) else None)
            if start is not None:
                spans.append((start, end if end is not None else now))
    if not spans:
        return None
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is None or start > reach:
            total, reach = total + max(0, end - start), end
        elif end > reach:
            total, reach = total + end - reach, end
    return total / 12


def write_cover_letter(
    resume: dict[str, Any],
    posting: Posting,
    bullets: list[dict[str, Any]] | None = None,
    tone: str = "formal",
    length: str = "standard",
    writer: LetterWriter | None = None,
) -> CoverLetter:
    """The letter, with claims traced to the draft or bullets and no uncovered requirement."""
    if tone not in TONES:
        raise LetterInputError(f"tone must be one of {', '.join(TONES)}")
    if length not in LENGTHS:
        raise LetterInputError(f"length must be one of {', '.join(LENGTHS)}")
    material = collect(resume, bullets)
    if not material.facts:
        raise LetterInputError(
            "The resume has no highlights or summary and no bullets were "
            "given: there is nothing true to say yet. Add bullets first."
        )
    plan = plan_letter(material, posting, length, years_worked(resume))
    builtin = BuiltinLetterWriter()
    writer = writer or builtin
    fallback, reason = False, ""
    try:
        drafted = writer.write(material, posting, plan, tone, length)
        paragraphs, claims, dropped = guard(drafted, material, posting, plan)
        if writer is not builtin and (len(paragraphs) < 2 or not claims):
            raise LetterProviderError("too little survived the grounding checks")
    except LetterProviderError as exc:
        fallback, reason = True, str(exc)
        paragraphs, claims, dropped = guard(
            builtin.write(material, posting, plan, tone, length), material, posting, plan
        )
    covered = [ev.requirement.text for ev, _ in plan.picks]
    covered += [
        ev.requirement.text
        for ev in plan.covered
        if ev.requirement.text not in covered
        and any(mentions(t, " ".join(paragraphs)) for t in ev.found)
    ]
    return CoverLetter(
        paragraphs,
        claims,
        covered,
        [ev.requirement.text for ev in plan.missing],
        provider=builtin.name if fallback else writer.name,
        fallback=fallback,
        reason=reason,
        dropped=dropped,
        greeting=greeting(posting),
        signature=signature(material, tone),
        tone=tone,
        length=length,
    )


class LetterProviderError(Exception):
    """A provider gave nothing usable; the message is the fallback reason."""
