"""Section headings: found by the words resumes use for them, then by their look.

A heading we know by its words ("Work History") teaches us how this document styles its
headings; other lines styled the same way ("Selected Talks") are headings too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resumepilot.documents.reading.layout import Line

_TITLES: dict[str, tuple[str, ...]] = {
    "work": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "professional background",
        "career experience",
        "teaching experience",
        "clinical experience",
        "research experience",
        "industry experience",
        "positions held",
        "professional history",
        "experience highlights",
        "career",
        "relevant work experience",
        "related experience",
        "leadership experience",
        "additional experience",
        "other experience",
        "selected experience",
    ),
    "education": (
        "education",
        "academic background",
        "education and training",
        "academic history",
        "academic qualifications",
        "educational background",
        "education and certifications",
        "studies",
        "academics",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "core competencies",
        "competencies",
        "areas of expertise",
        "expertise",
        "technologies",
        "tools",
        "skills and tools",
        "tech stack",
        "proficiencies",
        "skill set",
        "skillset",
        "strengths",
        "skills and abilities",
        "skills and expertise",
        "technical expertise",
        "professional skills",
        "relevant skills",
        "tools and technologies",
        "skills and competencies",
        "key competencies",
        "capabilities",
        "skills summary",
        "software",
        "computer skills",
    ),
    "summary": (
        "summary",
        "professional summary",
        "profile",
        "professional profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "career summary",
        "overview",
        "personal statement",
        "executive summary",
        "personal profile",
        "qualifications summary",
        "summary of qualifications",
        "career profile",
        "introduction",
    ),
    "projects": (
        "projects",
        "selected projects",
        "personal projects",
        "key projects",
        "side projects",
        "academic projects",
        "project experience",
        "portfolio",
    ),
    "certificates": (
        "certifications",
        "certificates",
        "licenses",
        "licenses and certifications",
        "certifications and licenses",
        "licensure",
        "credentials",
        "training",
        "professional development",
        "certification",
        "courses and certifications",
    ),
    "awards": (
        "awards",
        "honors",
        "honours",
        "achievements",
        "awards and honors",
        "honors and awards",
        "awards and achievements",
        "recognition",
        "accomplishments",
    ),
    "publications": (
        "publications",
        "selected publications",
        "papers",
        "presentations",
        "publications and presentations",
        "talks",
    ),
    "languages": ("languages", "language skills", "language", "spoken languages"),
    "volunteer": (
        "volunteer",
        "volunteering",
        "volunteer experience",
        "community involvement",
        "community service",
        "volunteer work",
        "leadership and volunteering",
        "leadership and activities",
        "activities",
        "extracurricular activities",
    ),
    "interests": ("interests", "hobbies", "hobbies and interests", "personal interests"),
    "references": ("references", "referees"),
    "contact": (
        "contact",
        "contact information",
        "contact details",
        "personal details",
        "personal information",
        "contact info",
        "details",
        "links",
    ),
}
KIND_OF = {title: kind for kind, titles in _TITLES.items() for title in titles}
_CORE_WORDS = {
    "experience": "work",
    "education": "education",
    "skills": "skills",
    "projects": "projects",
    "certifications": "certificates",
    "awards": "awards",
    "publications": "publications",
    "languages": "languages",
    "summary": "summary",
    "volunteer": "volunteer",
    "interests": "interests",
    "employment": "work",
}


def normalise_heading(text: str) -> str:
    t = text.strip()
    if re.fullmatch(r"(?:\S ){2,}\S", t):  # letter-spaced: "E X P E R I E N C E"
        t = t.replace(" ", "")
    t = t.lower().replace("&", " and ").replace("/", " and ")
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def kind_of(text: str, styled: bool = True) -> str | None:
    """The section a heading names, by its words; None when the words are not a heading's.

    Words like "Education Coordinator" hold a section word too, so a near match counts only
    for a line styled as a heading (capitals, bold or larger type).
    """
    if "\t" in text or len(text) > 45 or ":" in text.strip().rstrip(":"):
        return None
    key = normalise_heading(text)
    if key in KIND_OF:
        return KIND_OF[key]
    words = key.split()
    if styled and 1 < len(words) <= 4 and words[-1] in _CORE_WORDS:
        return _CORE_WORDS[words[-1]]
    return None


@dataclass
class Section:
    heading: str
    kind: str  # work, education, ..., other; "header" for the lines before any heading
    lines: list[Line] = field(default_factory=list)


def _look(line: Line) -> tuple[float, bool, bool, str]:
    letters = [c for c in line.text if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    return (round(line.size), line.bold, caps, line.style)


def _could_be_heading(line: Line) -> bool:
    text = line.text
    return (
        not line.bullet
        and "\t" not in text
        and 2 <= len(text) <= 45
        and len(text.split()) <= 6
        and not re.search(r"\d|@|[.,;]$|https?:|www\.", text)
        and text[:1].isalpha()
        and text[:1].upper() == text[:1]
    )


def split_sections(lines: list[Line]) -> list[Section]:
    """The header (lines before the first heading), then each section in reading order."""
    body = _body_size(lines)

    def styled(line: Line) -> bool:
        look = _look(line)
        return look[2] or line.bold or line.size > body + 0.8 or "heading" in line.style.lower()

    known = [
        kind_of(line.text, styled(line)) if _could_be_heading(line) else None for line in lines
    ]
    looks = {_look(line) for line, kind in zip(lines, known, strict=True) if kind}
    sections = [Section("", "header")]
    for line, kind in zip(lines, known, strict=True):
        if (
            kind is None
            and len(sections) > 1
            and _could_be_heading(line)
            and (_look(line) in looks)
        ):
            # Styled like this document's headings; bold alone is how many resumes mark
            # employers, so the look must say more than that.
            look = _look(line)
            if look[2] or line.size > body + 0.8 or line.style.lower().startswith("heading 1"):
                kind = "other"
        if kind is not None:
            sections.append(Section(line.text.rstrip(":").strip(), kind))
        else:
            sections[-1].lines.append(line)
    return sections


def _body_size(lines: list[Line]) -> float:
    weight: dict[float, int] = {}
    for line in lines:
        if line.size:
            weight[round(line.size, 1)] = weight.get(round(line.size, 1), 0) + len(line.text)
    return max(weight, key=lambda k: weight[k]) if weight else 0.0
