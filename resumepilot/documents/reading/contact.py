"""Contact details: name, headline, email, phone, links and place, wherever they were put."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from resumepilot.documents.reading.layout import Line

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w-])")
PHONE_RE = re.compile(
    r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w/])"
)
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|co|ai|app|"
    r"page|site|info|xyz|tech|design|us|uk|ca|de|fr|eu|in|au|nl|es|it|se|ch)\b(?:/[^\s|,;]*)?",
    re.I,
)
_W = r"[^\W\d_]"
LOCATION_RE = re.compile(
    rf"^(?:[A-Z]{_W}*[.'’-]?{_W}*(?:[\s-]+(?:[A-Z]|de |du |la |sur )[\w.'’-]*){{0,3}}),\s*"
    rf"(?:[A-Z]{{2}}|[A-Z]{_W}+(?:\s+[A-Z]{_W}+)?)(?:,\s*[A-Z]{_W}+(?:\s+[A-Z]{_W}+)?)?"
    r"(?:\s+\d{5})?$|^(?i:remote|hybrid)$"
)
_SEPARATORS = re.compile(r"\s*(?:\t|[|•·◆♦⋄]|\s{2,}|\s[-–—]\s|;)\s*")
_NETWORKS = {
    "linkedin": "LinkedIn",
    "github": "GitHub",
    "gitlab": "GitLab",
    "twitter": "Twitter",
    "x.com": "X",
    "behance": "Behance",
    "dribbble": "Dribbble",
    "medium": "Medium",
    "stackoverflow": "Stack Overflow",
    "kaggle": "Kaggle",
    "orcid": "ORCID",
    "scholar.google": "Google Scholar",
    "instagram": "Instagram",
    "youtube": "YouTube",
}
_LABELS = re.compile(
    r"^(?:e-?mail|phone|tel|mobile|cell|linkedin|github|web(?:site)?|"
    r"portfolio|address|location|url)(?:\s*:\s*|\s+)",
    re.I,
)


@dataclass
class Contact:
    name: str = ""
    label: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""
    location: str = ""
    profiles: list[dict[str, str]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # ids of lines that held only contact details

    def basics(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("name", "label", "email", "phone", "url"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.location:
            city, _, region = self.location.partition(",")
            out["location"] = {
                "city": city.strip(),
                **({"region": region.strip()} if region else {}),
            }
        if self.profiles:
            out["profiles"] = self.profiles
        return out


def pieces(text: str) -> list[str]:
    """A contact line cut at its separators: tabs, bars, bullets, spaced dashes."""
    return [p.strip() for p in _SEPARATORS.split(text) if p and p.strip()]


def _absolute(link: str) -> str:
    return link if re.match(r"https?://", link, re.I) else "https://" + link


def _take_links(text: str, contact: Contact) -> str:
    for m in URL_RE.finditer(text):
        link = m.group(0).rstrip(".)")
        if re.match(r"https?://", text, re.I) and m.start() == 0:
            link = text.strip()  # a whole link target, query and all
        lower = link.lower()
        if "@" in text[max(0, m.start() - 1) : m.start()] or _known(contact, lower):
            continue
        network = next((n for k, n in _NETWORKS.items() if k in lower), "")
        if network:
            user = lower.rstrip("/").rsplit("/", 1)[-1]
            contact.profiles.append({"network": network, "username": user, "url": _absolute(link)})
        elif not contact.url:
            contact.url = _absolute(link)
        else:
            contact.profiles.append({"network": "Website", "url": _absolute(link)})
    return URL_RE.sub(" ", text)


def _known(contact: Contact, lower: str) -> bool:
    def key(url: str) -> str:
        return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/")

    urls = [contact.url] + [p["url"] for p in contact.profiles]
    return any(key(lower) == key(u) for u in urls if u)


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        1 < len(words) <= 5
        and not re.search(r"[\d@/:|]", text)
        and all(
            w[:1].isupper() or w.lower() in ("de", "van", "von", "da", "la", "del", "bin")
            for w in words
        )
    )


def read_contact(header: list[Line], everything: list[Line], links: Sequence[str] = ()) -> Contact:
    """Name and headline from the header; email, phone and links from anywhere."""
    contact = Contact()
    header_ids = {id(line) for line in header}
    for line in everything:
        only_contact = True
        for piece in pieces(line.text):
            rest = _LABELS.sub("", piece)
            found = False
            for m in EMAIL_RE.finditer(rest):
                contact.email = contact.email or m.group(0)
                rest, found = rest.replace(m.group(0), " "), True
            if URL_RE.search(rest):
                rest, found = _take_links(rest, contact), True
            phone = PHONE_RE.search(rest)
            digits = re.sub(r"\D", "", phone.group(0)) if phone else ""
            if (
                phone
                and 7 <= len(digits) <= 15
                and not re.fullmatch(r"(?:19|20)\d\d\D+(?:19|20)\d\d", phone.group(0).strip())
            ):
                contact.phone = contact.phone or phone.group(0).strip()
                rest, found = rest.replace(phone.group(0), " "), True
            rest = rest.strip(" ,;|")
            if not found and rest and id(line) in header_ids and LOCATION_RE.match(rest):
                contact.location = contact.location or rest
                found, rest = True, ""
            if rest:
                only_contact = False
        if only_contact and line.text:
            contact.used.add(id(line))
    for target in links:  # links behind icons or words: "in", a LinkedIn logo
        if target.lower().startswith("mailto:"):
            contact.email = contact.email or target[7:].split("?")[0]
        elif re.match(r"https?://", target, re.I) and URL_RE.search(target):
            _take_links(target, contact)
    _name_and_label(header, contact)
    return contact


def _name_and_label(header: list[Line], contact: Contact) -> None:
    """The name is the most prominent name-like line; a short line under it is the headline."""
    candidates = [line for line in header[:8] if id(line) not in contact.used]
    named = [line for line in candidates if _is_name(line.text)]
    if not named and candidates and len(candidates[0].text.split()) <= 5:
        named = candidates[:1]
    if not named:
        return
    name_line = max(named, key=lambda line: (line.size, -header.index(line)))
    contact.name = re.sub(r"\s+", " ", name_line.text.replace("\t", " ")).strip()
    contact.used.add(id(name_line))
    if len(contact.name.split()) == 1:  # a name too wide for its cell wraps: "Simone" "Achterberg"
        for line in header[header.index(name_line) + 1 : header.index(name_line) + 4]:
            if abs(line.size - name_line.size) < 0.5 and re.fullmatch(r"[A-Z][\w'’-]+", line.text):
                contact.name += " " + line.text
                contact.used.add(id(line))
                break
    after = header[header.index(name_line) + 1 :]
    for line in after[:2]:
        if id(line) in contact.used:
            continue
        text = line.text.replace("\t", " | ")
        if len(text) <= 70 and not re.search(r"\d{3}|@", text) and not text.endswith("."):
            contact.label = text
            contact.used.add(id(line))
        break
