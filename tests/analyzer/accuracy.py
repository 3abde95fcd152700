"""Field accuracy: the share of truth strings recovered in the right field of the JSON Resume.

Written apart from the parser: it knows JSON Resume and the truth files, nothing else.
Comparison ignores case, spacing, curly vs straight quotes, dash kinds and closing periods.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"


def norm(text: str | None) -> str:
    t = unicodedata.normalize("NFKC", text or "").casefold()
    t = re.sub(r"[‘’‚′`]", "'", t)
    t = re.sub(r"[“”„″]", '"', t)
    t = re.sub(r"[‐‑‒–—−]", "-", t)
    t = re.sub(r"\s+", " ", t).strip()
    return t.rstrip(".;, ")


def link_key(url: str) -> str:
    t = norm(url)
    t = re.sub(r"^(?:https?://)?(?:www\.)?", "", t)
    return t.rstrip("/")


@dataclass
class Score:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, what: str, ok: bool) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(what)

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 1.0


def _best(
    items: list[dict[str, Any]], keys: tuple[str, ...], want: dict[str, str]
) -> dict[str, Any]:
    """The parsed entry that agrees with the truth entry on most fields."""

    def agreement(item: dict[str, Any]) -> int:
        return sum(
            norm(item.get(k)) == norm(want.get(v))
            for k, v in zip(keys, ("company", "title", "start"), strict=False)
        )

    return max(items, key=agreement, default={})


def score(truth: dict[str, Any], resume: dict[str, Any], sections: list[str]) -> Score:
    s = Score()
    basics = resume.get("basics", {})
    s.check(f"name {truth['name']!r}", norm(basics.get("name")) == norm(truth["name"]))
    s.check(f"email {truth['email']!r}", norm(basics.get("email")) == norm(truth["email"]))
    digits = re.sub(r"\D", "", basics.get("phone", ""))
    s.check(f"phone {truth['phone']!r}", digits == re.sub(r"\D", "", truth["phone"]))
    links = {link_key(basics.get("url", ""))} | {
        link_key(p.get("url", "")) for p in basics.get("profiles", [])
    }
    for link in truth["links"]:
        s.check(f"link {link!r}", link_key(link) in links)
    found = {norm(h) for h in sections}
    for heading in truth["headings"]:
        s.check(f"heading {heading!r}", norm(heading) in found)
    work = resume.get("work", [])
    for job in truth["work"]:
        item = _best(work, ("name", "position", "startDate"), job)
        s.check(f"company {job['company']!r}", norm(item.get("name")) == norm(job["company"]))
        s.check(f"title {job['title']!r}", norm(item.get("position")) == norm(job["title"]))
        s.check(f"start {job['start']} ({job['company']})", item.get("startDate") == job["start"])
        if job.get("end"):
            s.check(f"end {job['end']} ({job['company']})", item.get("endDate") == job["end"])
        got = {norm(h) for h in item.get("highlights", [])}
        for bullet in job["bullets"]:
            s.check(f"bullet {bullet[:50]!r}", norm(bullet) in got)
    education = resume.get("education", [])
    for school in truth["education"]:
        item = max(
            education,
            key=lambda e, sc=school: (
                (norm(e.get("institution")) == norm(sc["institution"])) * 2
                + (norm(e.get("area")) == norm(sc["area"]))
                + (e.get("endDate") == sc["end"])
            ),
            default={},
        )
        s.check(
            f"institution {school['institution']!r}",
            norm(item.get("institution")) == norm(school["institution"]),
        )
        s.check(
            f"degree {school['degree']!r}", norm(item.get("studyType")) == norm(school["degree"])
        )
        s.check(f"area {school['area']!r}", norm(item.get("area")) == norm(school["area"]))
    skills = set()
    for skill in resume.get("skills", []):
        skills.add(norm(skill.get("name")))
        skills |= {norm(k) for k in skill.get("keywords", [])}
    for skill in truth["skills"]:
        s.check(f"skill {skill!r}", norm(skill) in skills)
    return s


def truth_files() -> list[Path]:
    return sorted(CORPUS.glob("*.truth.json"))


def load_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))
