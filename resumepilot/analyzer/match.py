"""The resume against a job posting: requirements and keywords found and missing, weighted."""

from __future__ import annotations

from typing import Any

from resumepilot.ai.postings import Posting, cover, mentions


def resume_texts(resume: dict[str, Any]) -> list[str]:
    """Every piece of text the resume says, one string per field."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value.strip():
                texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(resume)
    return texts


def match_report(resume: dict[str, Any], posting: Posting, years: float) -> dict[str, Any]:
    texts = resume_texts(resume)
    whole = "\n".join(texts)
    found = [k for k in posting.keywords if mentions(k.term, whole)]
    missing = [k for k in posting.keywords if k not in found]
    total = sum(k.weight for k in posting.keywords) or 1.0
    requirements = []
    for req in posting.requirements:
        evidence = cover(req, texts, years)
        requirements.append(
            {
                "text": req.text,
                "must": req.must,
                "covered": evidence.covered,
                "found": evidence.found,
                "missing": evidence.missing,
            }
        )
    must = [r for r in requirements if r["must"]]
    return {
        "title": posting.title,
        "company": posting.company,
        "keyword_score": round(100 * sum(k.weight for k in found) / total),
        "keywords_found": [{"term": k.term, "weight": k.weight} for k in found],
        "keywords_missing": [{"term": k.term, "weight": k.weight} for k in missing],
        "requirements": requirements,
        "must_covered": sum(r["covered"] for r in must),
        "must_total": len(must),
    }
