"""What a cover letter may say about the candidate: facts from the draft and the bullet library,
each with where it came from (a bullet id or a JSON path in the draft)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resumepilot.errors import AppError

MAX_FACTS = 200
MAX_FACT_CHARS = 1000


class LetterInputError(AppError):
    status_code = 422
    code = "bad_letter_input"


@dataclass(frozen=True)
class Fact:
    text: str
    source: dict[str, Any]  # {"bullet": id} or {"path": "work[0].highlights[1]"}
    company: str = ""
    title: str = ""


@dataclass
class Material:
    facts: list[Fact] = field(default_factory=list)
    name: str = ""
    label: str = ""
    # Every string of the draft and the bullets: what names, titles and dates may come from.
    corpus: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.corpus)


def _str(value: Any) -> str:
    return value.strip()[:MAX_FACT_CHARS] if isinstance(value, str) else ""


def collect(resume: dict[str, Any], bullets: list[dict[str, Any]] | None = None) -> Material:
    """Facts from the draft's highlights and summary and from the user's bullet library."""
    if not isinstance(resume, dict):
        raise LetterInputError("The resume must be a JSON Resume object.")
    basics: dict[str, Any] = resume["basics"] if isinstance(resume.get("basics"), dict) else {}
    material = Material(name=_str(basics.get("name")), label=_str(basics.get("label")))
    material.corpus += [s for s in (material.name, material.label) if s]
    if material.label:
        material.facts.append(Fact(material.label, {"path": "basics.label"}))
    summary = _str(basics.get("summary"))
    if summary:
        material.facts.append(Fact(summary, {"path": "basics.summary"}))
        material.corpus.append(summary)
    for key, org in (("work", "name"), ("volunteer", "organization"), ("projects", "name")):
        items: list[Any] = resume[key] if isinstance(resume.get(key), list) else []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            company, title = _str(item.get(org)), _str(item.get("position"))
            material.corpus += [
                s
                for s in (
                    company,
                    title,
                    _str(item.get("startDate")),
                    _str(item.get("endDate")),
                    _str(item.get("summary")),
                )
                if s
            ]
            highlights: list[Any] = (
                item["highlights"] if isinstance(item.get("highlights"), list) else []
            )
            for j, text in enumerate(highlights):
                if _str(text):
                    material.facts.append(
                        Fact(_str(text), {"path": f"{key}[{i}].highlights[{j}]"}, company, title)
                    )
                    material.corpus.append(_str(text))
    for item in resume.get("education") or []:
        if isinstance(item, dict):
            material.corpus += [
                _str(item.get(k)) for k in ("institution", "area", "studyType") if _str(item.get(k))
            ]
    for item in resume.get("skills") or []:
        if isinstance(item, dict):
            material.corpus += [_str(item.get("name"))] + [
                _str(k) for k in item.get("keywords") or [] if _str(k)
            ]
    for bullet in bullets or []:
        if not isinstance(bullet, dict) or not _str(bullet.get("text")):
            continue
        company = _str(bullet.get("company")) or _str(bullet.get("experience"))
        material.facts.append(
            Fact(
                _str(bullet.get("text")),
                {"bullet": bullet.get("id")},
                company,
                _str(bullet.get("title")),
            )
        )
        material.corpus += [s for s in (_str(bullet.get("text")), company) if s]
    if len(material.facts) > MAX_FACTS:
        material.facts = material.facts[:MAX_FACTS]
    return material
