"""Does the candidate's material cover a requirement? Keywords first, shared words otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from resumepilot.ai.postings.models import Requirement

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "to",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "our",
        "your",
        "you",
        "we",
        "us",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "into",
        "over",
        "under",
        "about",
        "than",
        "then",
        "so",
        "but",
        "not",
        "no",
        "will",
        "can",
        "must",
        "should",
        "may",
        "able",
        "ability",
        "strong",
        "excellent",
        "good",
        "great",
        "solid",
        "proven",
        "demonstrated",
        "experience",
        "experienced",
        "years",
        "year",
        "plus",
        "least",
        "minimum",
        "preferred",
        "required",
        "including",
        "such",
        "other",
        "related",
        "relevant",
        "work",
        "working",
        "knowledge",
        "skills",
        "skill",
        "understanding",
        "familiarity",
        "proficiency",
        "proficient",
        "team",
        "teams",
        "new",
        "high",
        "using",
        "use",
        "etc",
        "e.g",
        "i.e",
    ]
)
_YEARS = re.compile(r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?years?", re.I)


def stem(word: str) -> str:
    w = word.lower().strip(".,;:'\"()")
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(
        stem(w) for w in re.findall(r"[A-Za-z][\w+#-]*", text) if w.lower() not in _STOP
    )


def content_words(text: str) -> set[str]:
    return set(_content_words(text))


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term.lower()) + r"(?:s|es)?(?![\w-])")


def mentions(term: str, text: str) -> bool:
    """A keyword appears in text as a whole word or phrase; one word also by its stem, so
    "mentoring" is found in "Mentored 9 engineers"."""
    if _term_pattern(term).search(text.lower()) is not None:
        return True
    if " " in term.strip() or len(term) < 5 or not term.isalpha():
        return False
    return stem(term) in _content_words(text)


@dataclass
class Evidence:
    requirement: Requirement
    covered: bool
    found: list[str] = field(default_factory=list)  # keywords the material has
    missing: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # indices of the texts that support it


def required_years(requirement: Requirement) -> int | None:
    m = _YEARS.search(requirement.text)
    return int(m.group(1)) if m else None


def cover(requirement: Requirement, texts: list[str], years: float | None = None) -> Evidence:
    """Which texts support the requirement; covered when most of its keywords are found."""
    found: list[str] = []
    sources: list[int] = []
    for term in requirement.keywords:
        hits = [i for i, t in enumerate(texts) if mentions(term, t)]
        if hits:
            found.append(term)
            sources += [i for i in hits if i not in sources]
    missing = [t for t in requirement.keywords if t not in found]
    wanted_years = required_years(requirement)
    if requirement.keywords:
        covered = len(found) >= max(1, round(0.5 * len(requirement.keywords)))
    else:
        want = content_words(requirement.text)
        scores = [(len(want & content_words(t)), i) for i, t in enumerate(texts)]
        best = max(scores, default=(0, -1))
        covered = bool(want) and best[0] >= max(2, 0.4 * len(want))
        sources = [i for s, i in sorted(scores, reverse=True) if s == best[0] and covered][:3]
    if wanted_years is not None and years is not None:
        enough = years >= wanted_years
        covered = enough if not requirement.keywords else covered and enough
        if not enough:
            missing.append(f"{wanted_years}+ years")
    return Evidence(requirement, covered, found, missing, sources)
