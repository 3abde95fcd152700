"""Lines in reading order to a JSON Resume dict, plus the section headings in reading order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resumepilot.documents.reading.contact import Contact, read_contact
from resumepilot.documents.reading.dates import DATE, ONGOING, DateRange, find_range
from resumepilot.documents.reading.entries import Entry, group_entries, read_header, split_pair
from resumepilot.documents.reading.layout import Document, Line
from resumepilot.documents.reading.roles import DEGREE_RE, is_school, title_first, title_score
from resumepilot.documents.reading.sections import Section, split_sections
from resumepilot.documents.reading.text import join_wrapped

_LIST_SPLIT = re.compile(r"\s*(?:,|;|\||•|·|\t|\s/\s)\s*")


@dataclass
class ParsedResume:
    resume: dict[str, Any]
    sections: list[str]
    document: Document


def _dates(out: dict[str, Any], dates: DateRange | None, single_is_end: bool = True) -> None:
    if dates is None:
        return
    if dates.single:
        key = "endDate" if single_is_end else "startDate"
        if dates.end:
            out[key] = dates.end
        return
    if dates.start:
        out["startDate"] = dates.start
    if dates.end:
        out["endDate"] = dates.end


def _work(entries: list[Entry], org_key: str = "name") -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    company_only: dict[str, Any] | None = None
    for entry in entries:
        head = read_header(entry.head)
        parts = head.parts
        if len(parts) == 1:
            parts, place = split_pair(parts[0])
            if place and not head.location:
                head.location = place
        item: dict[str, Any] = {}
        if len(parts) >= 2:
            a, b = parts[0], parts[1]
            title, org = (a, b) if title_first(a, b) else (b, a)
            item["position"], item[org_key] = title, org
            extra = parts[2:]
            if extra:
                item["summary"] = " ".join(extra)
        elif len(parts) == 1:
            if title_score(parts[0]) > 0 and company_only is not None:
                item["position"], item[org_key] = parts[0], company_only[org_key]
            elif title_score(parts[0]) > 0 and out and entry.head and not head.location:
                item["position"] = parts[0]
            else:
                item[org_key] = parts[0]
        if head.location:
            item["location"] = head.location
        _dates(item, head.dates, single_is_end=False)
        if entry.bullets:
            item["highlights"] = list(entry.bullets)
            if entry.notes:
                item["summary"] = " ".join(entry.notes)
        elif entry.notes:
            item["highlights"] = list(entry.notes)
        if not item:
            continue
        if "position" not in item and "highlights" not in item and org_key in item:
            company_only = item  # roles under one employer follow
            continue
        if company_only is not None and "position" in item and org_key not in item:
            item[org_key] = company_only[org_key]
            for key in ("location",):
                if key in company_only and key not in item:
                    item[key] = company_only[key]
        if org_key in item and company_only is not None and item[org_key] != company_only[org_key]:
            company_only = None
        out.append(item)
    if company_only is not None and (not out or out[-1].get(org_key) != company_only[org_key]):
        out.append(company_only)
    return out


def _education(lines: list[Line]) -> list[dict[str, Any]]:
    """One entry per school: a second school, degree or date range opens the next entry."""
    groups: list[list[Line]] = []
    filled: list[set[str]] = []
    for line in lines:
        kinds: set[str] = set()
        if not line.bullet:
            pieces = re.split(r"\t|,\s+|\s[|–—-]\s", line.text)
            kinds |= {"school"} if any(is_school(p) for p in pieces) else set()
            kinds |= {"degree"} if any(DEGREE_RE.match(p.strip()) for p in pieces) else set()
            kinds |= {"dates"} if find_range(line.text) else set()
        if not groups or kinds & filled[-1]:
            groups.append([line])
            filled.append(set(kinds))
        else:
            groups[-1].append(line)
            filled[-1] |= kinds
    return [e for e in (_school(group) for group in groups) if e]


def _school(lines: list[Line]) -> dict[str, Any]:
    head_lines = [line for line in lines if not line.bullet]
    head = read_header(head_lines, places=False)
    item: dict[str, Any] = {}
    courses: list[str] = []
    rest: list[str] = []
    for part in head.parts:
        for piece in _split_degree(part):
            if is_school(piece) and "institution" not in item:
                item["institution"] = piece
            elif DEGREE_RE.search(piece) and "studyType" not in item:
                item.update(_degree(piece))
            elif re.search(r"\b(?:gpa|grade|cgpa)\b|\d\.\d+\s*/\s*\d", piece, re.I):
                item["score"] = re.sub(r"^(?:gpa|grade|cgpa)\s*[:\s]\s*", "", piece, flags=re.I)
            elif re.match(r"(?:relevant\s+)?course(?:s|work)\b", piece, re.I):
                courses += [
                    c.strip() for c in _LIST_SPLIT.split(piece.split(":", 1)[-1]) if c.strip()
                ]
            else:
                rest.append(piece)
    for line in lines:
        if line.bullet:
            text = line.text
            if re.match(r"(?:relevant\s+)?course(?:s|work)\b", text, re.I):
                courses += [
                    c.strip() for c in _LIST_SPLIT.split(text.split(":", 1)[-1]) if c.strip()
                ]
            elif re.search(r"\b(?:gpa|grade)\b", text, re.I) and "score" not in item:
                item["score"] = re.sub(r"^(?:gpa|grade)\s*[:\s]\s*", "", text, flags=re.I)
    if "institution" not in item and rest:
        item["institution"] = rest.pop(0)
    if "studyType" in item and "area" not in item and rest and len(rest[0].split()) <= 6:
        item["area"] = rest.pop(0)
    if head.location:
        item["location"] = head.location
    _dates(item, head.dates)
    if courses:
        item["courses"] = courses
    return item


def _split_degree(part: str) -> list[str]:
    """ "B.S. in Nursing, Rutgers University" holds a degree and a school."""
    bits = [b.strip() for b in re.split(r",\s+|\s+[-–—]\s+", part) if b.strip()]
    if len(bits) > 1 and any(is_school(b) for b in bits) and any(DEGREE_RE.search(b) for b in bits):
        return bits
    return [part]


def _degree(text: str) -> dict[str, str]:
    """ "Bachelor of Science in Nursing" -> studyType and area; "B.S., Biology" too."""
    head, sep, area = text.rpartition(" in ")
    if sep and DEGREE_RE.search(head):
        return {"studyType": head.strip(), "area": area.strip()}
    head, sep, area = text.partition(", ")
    if sep and DEGREE_RE.search(head):
        return {"studyType": head.strip(), "area": area.strip()}
    m = DEGREE_RE.match(text)
    end = m.end() if m else 0
    honours = re.match(r"\s*\((?:hons|honours)\.?\)", text[end:], re.I)
    if m and honours:
        end += honours.end()
    rest = text[end:].strip(" ,-") if m else ""
    if m and rest and rest[:1].isupper() and not re.match(r"(?i)(?:of|degree)\b", rest):
        return {"studyType": text[:end].strip(), "area": rest}  # "MSc Statistics"
    return {"studyType": text.strip()}


def _skills(lines: list[Line]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in lines:
        text = line.text
        m = re.match(
            r"^([^:]{2,40}):\s*(.+)$",
            text.replace("\t", ": ", 1)
            if re.match(r"^[^\t]{2,40}\t", text) and ":" not in text
            else text,
        )
        if m:
            items = [i.strip(" .") for i in _LIST_SPLIT.split(m.group(2)) if i.strip(" .")]
            out.append({"name": m.group(1).strip(), "keywords": items})
            continue
        for item in _LIST_SPLIT.split(text):
            item = item.strip(" .")
            if item:
                out.append({"name": item})
    return out


def _simple(lines: list[Line], key: str, other: str = "") -> list[dict[str, Any]]:
    """Projects, certificates, awards: a name, maybe who gave it, a date and some lines."""
    out: list[dict[str, Any]] = []
    for entry in group_entries(lines):
        head = read_header(entry.head)
        parts = head.parts or entry.lines[:1]
        if not parts:
            continue
        item: dict[str, Any] = {key: parts[0]}
        if other and len(parts) > 1:
            item[other] = parts[1]
        elif not other and len(parts) > 1:
            item["description"] = " ".join(parts[1:])
        if head.dates is not None:
            if other:
                date = head.dates.end or head.dates.start
                if date:
                    item["date"] = date
            else:
                _dates(item, head.dates, single_is_end=True)
        body = entry.lines if head.parts else entry.lines[1:]
        if body and other:
            item["summary"] = " ".join(body)
        elif body:
            item["highlights"] = list(body)
        out.append(item)
    return out


def _languages(lines: list[Line]) -> list[dict[str, str]]:
    out = []
    for line in lines:
        for item in re.split(r"\s*(?:,|;|\||•|·|\t)\s*(?![^()]*\))", line.text):
            m = re.match(
                r"^([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)\s*(?:[:(–—-]\s*([^)]+)\)?)?$", item.strip()
            )
            if m:
                out.append(
                    {
                        "language": m.group(1),
                        **({"fluency": m.group(2).strip()} if m.group(2) else {}),
                    }
                )
    return out


_DANGLING = re.compile(rf"^(?P<start>{DATE})\s*[–—-]\s*(?P<rest>(?!{DATE}|{ONGOING}).+)$", re.I)
_CLOSING = re.compile(rf"^(?P<end>{DATE}|{ONGOING})(?P<sep>\s*[•\t]\s*|\s+|$)(?P<rest>.*)$", re.I)


def _mend_split_dates(lines: list[Line]) -> list[Line]:
    """Dates set in a narrow margin wrap: "Sep 2019 – Title, Employer" / "Present • Taught"."""
    out: list[Line] = []
    skip = False
    for line, after in zip(lines, [*lines[1:], None], strict=True):
        if skip:
            skip = False
            if not line.text:
                continue
        out.append(line)
        a = _DANGLING.match(line.text)
        b = _CLOSING.match(after.text) if after is not None and a else None
        if a and b and after is not None:
            line.text = f"{a['start']} – {b['end']}\t{a['rest']}"
            after.bullet = after.bullet or "•" in b["sep"]
            after.text = b["rest"].strip()
            skip = True
    return out


def build_resume(document: Document) -> ParsedResume:
    document.lines = _mend_split_dates(document.lines)
    sections = split_sections(document.lines)
    header = sections[0].lines
    contact_lines = header + [line for s in sections if s.kind == "contact" for line in s.lines]
    contact: Contact = read_contact(contact_lines, document.lines, document.links)
    resume: dict[str, Any] = {"basics": contact.basics()}
    leftover = [line for line in header if id(line) not in contact.used]
    for section in sections[1:]:
        lines = [line for line in section.lines if id(line) not in contact.used]
        _fill(resume, section, lines)
    if leftover and "summary" not in resume["basics"]:
        text = ""
        for line in leftover:
            text = join_wrapped(text, line.text.replace("\t", " "))
        if len(text) > 60:
            resume["basics"]["summary"] = text
    return ParsedResume(resume, [s.heading for s in sections[1:]], document)


def _fill(resume: dict[str, Any], section: Section, lines: list[Line]) -> None:
    kind = section.kind
    if kind == "summary":
        text = ""
        for line in lines:
            text = join_wrapped(text, line.text.replace("\t", " "))
        if text:
            resume["basics"]["summary"] = (resume["basics"].get("summary", "") + " " + text).strip()
    elif kind == "work":
        resume.setdefault("work", []).extend(_work(group_entries(lines)))
    elif kind == "volunteer":
        resume.setdefault("volunteer", []).extend(_work(group_entries(lines), "organization"))
    elif kind == "education":
        resume.setdefault("education", []).extend(_education(lines))
    elif kind == "skills":
        resume.setdefault("skills", []).extend(_skills(lines))
    elif kind == "projects":
        resume.setdefault("projects", []).extend(_simple(lines, "name"))
    elif kind == "certificates":
        resume.setdefault("certificates", []).extend(_simple(lines, "name", "issuer"))
    elif kind == "awards":
        resume.setdefault("awards", []).extend(_simple(lines, "title", "awarder"))
    elif kind == "languages":
        resume.setdefault("languages", []).extend(_languages(lines))
    elif kind == "interests":
        resume.setdefault("interests", []).extend(
            {"name": n} for line in lines for n in _LIST_SPLIT.split(line.text) if n.strip()
        )
    elif kind == "publications":
        resume.setdefault("publications", []).extend({"name": line.text} for line in lines)
    elif kind == "references":
        resume.setdefault("references", []).extend(
            {"reference": line.text} for line in lines if line.text
        )
