"""A job posting from pasted text or a JSON Resume job file to title, company, requirements."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from resumepilot.ai.postings.keywords import terms_in
from resumepilot.ai.postings.models import Keyword, Posting, PostingError, Requirement

MAX_POSTING_CHARS = 30_000
MAX_POSTING_FILE_BYTES = 200_000
_MUST_HEADINGS = re.compile(
    r"^(?:requirements?|qualifications?|minimum qualifications|required qualifications|"
    r"basic qualifications|must[- ]haves?|what you(?:'ll)? (?:need|bring)|what we(?:'re)? "
    r"looking for|who you are|about you|skills(?: and experience)?|you have|you bring|"
    r"requirements and qualifications|key skills|essential(?: criteria)?)\b",
    re.I,
)
_NICE_HEADINGS = re.compile(
    r"^(?:nice[- ]to[- ]haves?|preferred(?: qualifications| skills)?|bonus(?: points)?|"
    r"pluses|desirable(?: criteria)?|good to have|extra credit|it(?:'s| is|'d be) (?:a )?plus)",
    re.I,
)
_DUTY_HEADINGS = re.compile(
    r"^(?:responsibilities|duties|what you(?:'ll)? do|the role|your role|day to day|"
    r"key responsibilities|in this role|you will|job description|role overview)\b",
    re.I,
)
_OTHER_HEADINGS = re.compile(
    r"^(?:about (?:us|the company|the team)|benefits|perks|what we offer|compensation|salary|"
    r"how to apply|equal opportunity|our values|location)\b",
    re.I,
)
_NICE_WORDS = re.compile(
    r"\b(?:preferred|nice to have|a plus|bonus|ideally|desirable|"
    r"is an advantage|would be great)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-*•●▪◦‣–]|\d+[.)])\s+")


def _heading(line: str) -> str | None:
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 60 or _BULLET.match(line):
        return None
    for kind, pattern in (
        ("nice", _NICE_HEADINGS),
        ("must", _MUST_HEADINGS),
        ("duty", _DUTY_HEADINGS),
        ("other", _OTHER_HEADINGS),
    ):
        if pattern.match(text) and (line.rstrip().endswith(":") or len(text.split()) <= 5):
            return kind
    return None


def _title_company(lines: list[str]) -> tuple[str, str]:
    title = company = ""
    head = "\n".join(lines[:12])
    m = re.search(r"^(?:job title|title|position|role)\s*:\s*(.+)$", head, re.I | re.M)
    if m:
        title = m.group(1).strip()
    m = re.search(r"^(?:company|employer|organi[sz]ation)\s*:\s*(.+)$", head, re.I | re.M)
    if m:
        company = m.group(1).strip()
    first = next((line.strip() for line in lines if line.strip()), "")
    if not title and first and len(first) <= 90 and _heading(first) is None:
        title = first
    m = re.match(r"^(.+?)\s+(?:at|@|-|–|—|\|)\s+(.+)$", title)
    if m and not company:
        title, company = m.group(1).strip(), m.group(2).strip()
    if not company:
        m = re.search(
            r"\b(?:join|at|about)\s+((?:[A-Z][\w&'.-]*\s?){1,4})(?=[,.!:\n]|\s+(?:is|we|as|"
            r"and)\b)",
            "\n".join(lines[:30]),
        )
        if m:
            company = m.group(1).strip()
    return title, company


def posting_from_text(text: str) -> Posting:
    """Requirements are the items under a requirements heading, must or nice by the heading
    and by their own words ("preferred"); duties are the items under a duties heading."""
    lines = [line for line in text.replace("\r", "").split("\n")]
    title, company = _title_company(lines)
    posting = Posting(title=title, company=company)
    kind = "intro"
    for raw in lines:
        heading = _heading(raw)
        if heading:
            kind = heading
            continue
        item = _BULLET.sub("", raw).strip()
        if not item or item == title:
            continue
        if kind in ("must", "nice"):
            must = kind == "must" and not _NICE_WORDS.search(item)
            posting.requirements.append(Requirement(item, must, terms_in(item)))
        elif kind == "duty":
            posting.responsibilities.append(item)
        elif kind == "intro" and _BULLET.match(raw):
            posting.requirements.append(
                Requirement(item, not _NICE_WORDS.search(item), terms_in(item))
            )
    if not posting.requirements:
        # No headings at all: every sentence that asks for something is a requirement.
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if re.search(
                r"\b(?:experience|required|must|knowledge|proficien|degree|"
                r"certif|years|skills?)\b",
                sentence,
                re.I,
            ):
                posting.requirements.append(
                    Requirement(
                        sentence.strip(), not _NICE_WORDS.search(sentence), terms_in(sentence)
                    )
                )
    posting.keywords = _weigh(posting)
    return posting


def posting_from_job(job: dict[str, Any]) -> Posting:
    """A JSON Resume job: qualifications are must-haves, skills' keywords count too."""

    def text(value: Any) -> str:
        return value.strip() if isinstance(value, str) else ""

    posting = Posting(title=text(job.get("title")), company=text(job.get("company")))
    for item in job.get("qualifications") or []:
        if text(item):
            posting.requirements.append(
                Requirement(text(item), not _NICE_WORDS.search(item), terms_in(text(item)))
            )
    for skill in job.get("skills") or []:
        if not isinstance(skill, dict):
            continue
        words = [text(k) for k in skill.get("keywords") or [] if text(k)]
        name = text(skill.get("name"))
        if name or words:
            label = f"{name}: {', '.join(words)}" if name and words else name or ", ".join(words)
            posting.requirements.append(Requirement(label, True, words or terms_in(name)))
    posting.responsibilities = [text(r) for r in job.get("responsibilities") or [] if text(r)]
    if text(job.get("description")) and not posting.requirements:
        return _merge(posting, posting_from_text(text(job["description"])))
    posting.keywords = _weigh(posting)
    return posting


def _merge(base: Posting, other: Posting) -> Posting:
    base.requirements = other.requirements
    base.responsibilities = base.responsibilities or other.responsibilities
    base.keywords = _weigh(base)
    return base


def _weigh(posting: Posting) -> list[Keyword]:
    """Must-haves weigh 3, nice-to-haves 1.5, duties 1, the title 2; repeats add up."""
    weights: dict[str, float] = {}
    shown: dict[str, str] = {}

    def add(term: str, weight: float) -> None:
        key = term.lower()
        shown.setdefault(key, term)
        weights[key] = weights.get(key, 0.0) + weight

    for req in posting.requirements:
        for term in req.keywords:
            add(term, 3.0 if req.must else 1.5)
    for duty in posting.responsibilities:
        for term in terms_in(duty):
            add(term, 1.0)
    for term in terms_in(posting.title):
        add(term, 2.0)
    ranked = sorted(weights, key=lambda k: (-weights[k], k))
    return [Keyword(shown[k], round(weights[k], 2)) for k in ranked[:40]]


def parse_posting(source: str | dict[str, Any]) -> Posting:
    """Pasted text, a JSON string of a job, or a job dict; PostingError when unusable."""
    if isinstance(source, dict):
        return posting_from_job(source)
    text = source.strip()
    if not text:
        raise PostingError("The job posting is empty. Paste the posting's text.")
    if len(text) > MAX_POSTING_CHARS:
        raise PostingError(
            f"The job posting is longer than {MAX_POSTING_CHARS:,} characters. "
            "Paste only the job's description and requirements."
        )
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PostingError(
                f"The job file is not valid JSON (line {exc.lineno}: {exc.msg})."
            ) from None
        if not isinstance(data, dict) or not (
            data.get("title") or data.get("qualifications") or data.get("description")
        ):
            raise PostingError(
                "The JSON file is not a job posting: it needs a title, "
                "qualifications or a description (JSON Resume job schema)."
            )
        return posting_from_job(data)
    return posting_from_text(text)


def read_posting_file(path: Path) -> Posting:
    """A job posting file (JSON Resume job or plain text); PostingError says why it is unusable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PostingError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_POSTING_FILE_BYTES:
        raise PostingError(f"{path}: larger than {MAX_POSTING_FILE_BYTES // 1000} kB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PostingError(f"{path}: not UTF-8 text") from None
    try:
        return parse_posting(text)
    except PostingError as exc:
        raise PostingError(f"{path}: {exc.message}") from None
