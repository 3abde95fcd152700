"""The resume as a printable document: sections in role order, dates and contact lines worked out.

Everything here is plain text. Renderers escape it for their format; templates only lay it out.
"""

from __future__ import annotations

from resumepilot.documents.escape import has_cjk
from resumepilot.documents.record import Record
from resumepilot.documents.resume import Resume
from resumepilot.documents.roles import section_order

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

TITLES = {
    "summary": "Summary",
    "work": "Experience",
    "projects": "Projects",
    "education": "Education",
    "skills": "Skills",
    "publications": "Publications",
    "awards": "Awards",
    "certificates": "Certifications",
    "volunteer": "Volunteering",
    "languages": "Languages",
    "interests": "Interests",
    "references": "References",
}


class Link(Record):
    text: str
    url: str | None = None


class Entry(Record):
    """One dated item: a job, a degree, a project, a paper."""

    title: str = ""
    date: str = ""
    subtitle: str = ""
    location: str = ""
    url: str | None = None
    summary: str = ""
    bullets: list[str] = []


class Section(Record):
    key: str
    title: str
    text: str = ""
    entries: list[Entry] = []
    pairs: list[tuple[str, str]] = []

    @property
    def kind(self) -> str:
        return "text" if self.text else "pairs" if self.pairs else "entries"


class Document(Record):
    name: str
    label: str
    contacts: list[Link]
    sections: list[Section]

    @property
    def cjk(self) -> bool:
        return has_cjk(self.all_text())

    def all_text(self) -> str:
        """Every printed string, for engine choice and for tests that look for lost text."""
        parts = [self.name, self.label] + [c.text for c in self.contacts]
        for s in self.sections:
            parts += [s.title, s.text] + [f"{a} {b}" for a, b in s.pairs]
            for e in s.entries:
                parts += [e.title, e.date, e.subtitle, e.location, e.summary, *e.bullets]
        return "\n".join(p for p in parts if p)


def format_date(value: str | None) -> str:
    """'2020-06-15' and '2020-06' print as 'Jun 2020'; a bare year prints as itself."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def date_range(start: str | None, end: str | None) -> str:
    """'Jun 2020 – Present' style range; an end date alone prints alone."""
    first, last = format_date(start), format_date(end)
    if first and not last:
        return f"{first} \u2013 Present"
    if first and last and first != last:
        return f"{first} \u2013 {last}"
    return last or first


def _join(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _display_url(url: str) -> str:
    for prefix in ("https://", "http://", "mailto:"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.").rstrip("/")


def _contacts(resume: Resume) -> list[Link]:
    b = resume.basics
    links: list[Link] = []
    if b.email:
        links.append(Link(b.email, f"mailto:{b.email}"))
    if b.phone:
        links.append(Link(b.phone))
    if b.location:
        loc = b.location
        place = _join(loc.city, loc.region, loc.country_code)
        if place:
            links.append(Link(place))
    if b.url:
        links.append(Link(_display_url(b.url), b.url))
    for p in b.profiles:
        text = _display_url(p.url) if p.url else _join(p.network, p.username, sep=": ")
        if text:
            links.append(Link(text, p.url))
    return links


def _section(resume: Resume, key: str) -> Section | None:
    s = Section(key, TITLES[key])
    if key == "summary":
        s.text = resume.basics.summary or ""
    elif key == "work":
        s.entries = [
            Entry(
                w.position or w.name or "",
                date_range(w.start_date, w.end_date),
                (w.name or "") if w.position else "",
                w.location or "",
                w.url,
                w.summary or "",
                list(w.highlights),
            )
            for w in resume.work
        ]
    elif key == "volunteer":
        s.entries = [
            Entry(
                v.position or v.organization or "",
                date_range(v.start_date, v.end_date),
                (v.organization or "") if v.position else "",
                "",
                v.url,
                v.summary or "",
                list(v.highlights),
            )
            for v in resume.volunteer
        ]
    elif key == "education":
        for e in resume.education:
            degree = _join(e.study_type, e.area, sep=" in ") if e.study_type else e.area or ""
            details = [f"Grade: {e.score}"] if e.score else []
            if e.courses:
                details.append("Courses: " + ", ".join(e.courses))
            s.entries.append(
                Entry(
                    e.institution or "",
                    date_range(e.start_date, e.end_date),
                    degree,
                    "",
                    e.url,
                    "",
                    details,
                )
            )
    elif key == "projects":
        s.entries = [
            Entry(
                p.name or "",
                date_range(p.start_date, p.end_date),
                _join(", ".join(p.roles), p.entity, sep=" \u00b7 "),
                "",
                p.url,
                p.description or "",
                list(p.highlights) + ([f"Tools: {', '.join(p.keywords)}"] if p.keywords else []),
            )
            for p in resume.projects
        ]
    elif key == "publications":
        s.entries = [
            Entry(
                p.name or "",
                format_date(p.release_date),
                p.publisher or "",
                "",
                p.url,
                p.summary or "",
            )
            for p in resume.publications
        ]
    elif key == "awards":
        s.entries = [
            Entry(a.title or "", format_date(a.date), a.awarder or "", "", None, a.summary or "")
            for a in resume.awards
        ]
    elif key == "certificates":
        s.entries = [
            Entry(c.name or "", format_date(c.date), c.issuer or "", "", c.url)
            for c in resume.certificates
        ]
    elif key == "skills":
        s.pairs = [(k.name or "", ", ".join(k.keywords) or k.level or "") for k in resume.skills]
    elif key == "languages":
        s.pairs = [(lang.language or "", lang.fluency or "") for lang in resume.languages]
    elif key == "interests":
        s.pairs = [(i.name or "", ", ".join(i.keywords)) for i in resume.interests]
    elif key == "references":
        s.entries = [Entry(r.name or "", summary=r.reference or "") for r in resume.references]
    s.pairs = [(a, b) for a, b in s.pairs if a or b]
    s.entries = [e for e in s.entries if e.title or e.summary or e.bullets]
    return s if (s.text or s.pairs or s.entries) else None


def build_document(resume: Resume, role: str | None = None) -> Document:
    """The printable document for `resume`, sections ordered for `role`."""
    sections = [s for key in section_order(role) if (s := _section(resume, key)) is not None]
    return Document(resume.basics.name, resume.basics.label or "", _contacts(resume), sections)
