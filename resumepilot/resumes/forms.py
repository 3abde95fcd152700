"""The builder form: its fields, reading a submitted form into a draft, and naming bad fields.

Fields are named like `work-0-startDate`, so each error of the JSON Resume model
(`work[0].startDate: ...`) lands next to the input that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resumepilot.documents.resume import MAX_ITEMS, MAX_SHORT, MAX_TEXT, ResumeError, parse_resume

# (key, label, kind) per editable section; kind: text, long (textarea), lines (one per line),
# list (comma separated), date.
SECTION_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "work": [
        ("position", "Job title", "text"),
        ("name", "Company", "text"),
        ("startDate", "Start date", "date"),
        ("endDate", "End date (empty if current)", "date"),
        ("location", "Location", "text"),
        ("highlights", "Bullets, one per line", "lines"),
    ],
    "education": [
        ("institution", "School", "text"),
        ("area", "Field of study", "text"),
        ("studyType", "Degree", "text"),
        ("score", "Grade", "text"),
        ("startDate", "Start date", "date"),
        ("endDate", "End date", "date"),
    ],
    "skills": [
        ("name", "Skill group", "text"),
        ("keywords", "Skills, separated by commas", "list"),
    ],
    "projects": [
        ("name", "Project", "text"),
        ("url", "Link", "text"),
        ("description", "What it is", "long"),
        ("startDate", "Start date", "date"),
        ("endDate", "End date", "date"),
        ("highlights", "Bullets, one per line", "lines"),
    ],
}
SECTION_TITLES = {
    "work": "Experience",
    "education": "Education",
    "skills": "Skills",
    "projects": "Projects",
}
ENTRY_NOUNS = {
    "work": "experience",
    "education": "education",
    "skills": "skill group",
    "projects": "project",
}
BASICS_FIELDS: list[tuple[str, str, str]] = [
    ("name", "Full name", "text"),
    ("label", "Headline", "text"),
    ("email", "Email", "text"),
    ("phone", "Phone", "text"),
    ("url", "Website", "text"),
    ("location.city", "City", "text"),
    ("location.region", "Region or state", "text"),
    ("location.countryCode", "Country code", "text"),
    ("summary", "Summary", "long"),
]
_LIST_FIELDS = {"highlights", "keywords", "courses", "profiles", *SECTION_FIELDS}
_BULLET_PREFIX = re.compile(r"^\s*(?:[-*\u2022\u2013\u2023\u25e6\u2043]|\d+[.)])\s+")
_ENTRY_KEY = re.compile(r"^(work|education|skills|projects)-(\d{1,3})-([A-Za-z]+)$")
TITLE_MAX = 120


def field_id(path: str) -> str:
    """The form field for a model path: 'work[0].startDate' -> 'work-0-startDate'."""
    return re.sub(r"\[(\d+)\]", r"-\1", path).replace(".", "-")


def max_length(kind: str) -> int:
    return MAX_TEXT if kind in ("long",) else MAX_SHORT


def lines_of(text: str) -> list[str]:
    """Bullets typed or pasted one per line, without the bullet marks people paste along."""
    return [_BULLET_PREFIX.sub("", line).strip() for line in text.splitlines() if line.strip()]


def read_entries(form: Any, stored: dict[str, Any]) -> dict[str, Any]:
    """The draft's data with the submitted basics and entries applied over what was stored.

    Keys the builder does not show (a work entry's url or summary from an import) are kept;
    entries left completely blank are dropped.
    """
    data = {k: v for k, v in stored.items() if k not in ("basics", *SECTION_FIELDS)}
    basics = dict(stored.get("basics") or {}) if isinstance(stored.get("basics"), dict) else {}
    location = (
        dict(basics.get("location") or {}) if isinstance(basics.get("location"), dict) else {}
    )
    for key, _, _ in BASICS_FIELDS:
        value = str(form.get(f"basics-{key.replace('.', '-')}", "")).strip()
        if key.startswith("location."):
            location[key.split(".", 1)[1]] = value
        else:
            basics[key] = value
    basics["location"] = location
    data["basics"] = basics
    indexes: dict[str, set[int]] = {s: set() for s in SECTION_FIELDS}
    for name in form:
        match = _ENTRY_KEY.match(name)
        if match and int(match.group(2)) < MAX_ITEMS + 5:
            indexes[match.group(1)].add(int(match.group(2)))
    for section, fields in SECTION_FIELDS.items():
        old = stored.get(section)
        old = old if isinstance(old, list) else []
        entries = []
        for i in sorted(indexes[section]):
            entry = dict(old[i]) if i < len(old) and isinstance(old[i], dict) else {}
            for key, _, kind in fields:
                raw = str(form.get(f"{section}-{i}-{key}", ""))
                if kind == "lines":
                    entry[key] = lines_of(raw)
                elif kind == "list":
                    entry[key] = [w.strip() for w in raw.split(",") if w.strip()]
                else:
                    entry[key] = raw.strip()
            if any(entry.get(k) for k, _, _ in fields) or set(entry) - {k for k, _, _ in fields}:
                entries.append(entry)
        data[section] = entries
    return data


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_BARE_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#:]\S*)?$", re.I)


def web_address(value: Any) -> Any:
    """A web address typed as "example.com" or "www.example.com/me", with https://; anything
    else as it was (the resume model then says what a web address must look like)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text and not _SCHEME.match(text) and _BARE_HOST.match(text.removeprefix("//")):
        return "https://" + text.removeprefix("//")
    return text


def _with_web_addresses(data: dict[str, Any]) -> dict[str, Any]:
    """The draft with every url typed without https:// given one (basics, profiles, entries)."""
    out = dict(data)
    basics = out.get("basics")
    if isinstance(basics, dict):
        basics = dict(basics)
        if "url" in basics:
            basics["url"] = web_address(basics["url"])
        if isinstance(basics.get("profiles"), list):
            basics["profiles"] = [
                {**p, "url": web_address(p["url"])} if isinstance(p, dict) and "url" in p else p
                for p in basics["profiles"]
            ]
        out["basics"] = basics
    for section in ("work", "projects", "volunteer", "publications", "awards", "certificates"):
        if isinstance(out.get(section), list):
            out[section] = [
                {**e, "url": web_address(e["url"])} if isinstance(e, dict) and "url" in e else e
                for e in out[section]
            ]
    return out


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validates a draft's data against JSON Resume; returns it normalised (empty values out,
    web addresses given https:// when typed without one).

    Raises ResumeError naming each bad field.
    """
    return parse_resume(_with_web_addresses(data)).to_json_resume()


@dataclass
class FieldErrors:
    """Errors by form field id, and every error as a sentence naming its field."""

    by_field: dict[str, str]
    messages: list[str]
    # The form field each message is about (None when the builder does not show it).
    targets: list[str | None]

    @property
    def linked(self) -> list[tuple[str | None, str]]:
        return list(zip(self.targets, self.messages, strict=True))


def _friendly(path: str, message: str) -> str:
    # 'work[0].highlights' is a list; 'work[0].highlights[2]' is one line of text in it.
    is_list = not re.search(r"\]$", path) and path.rsplit(".", 1)[-1] in _LIST_FIELDS
    match = re.match(
        r"(?:Value|List) should have at most (\d+) items after validation, not (\d+)", message
    )
    if match:
        unit = "entries" if is_list else "characters"
        return f"at most {match.group(1)} {unit} are allowed (this has {match.group(2)})"
    return message


def describe(path: str) -> str:
    """A person's name for a model path: 'work[1].startDate' -> 'Experience 2, Start date'."""
    match = re.match(r"^(work|education|skills|projects)\[(\d+)\](?:\.(\w+))?", path)
    if match:
        section, index, key = match.groups()
        labels = {k: label for k, label, _ in SECTION_FIELDS[section]}
        where = f"{SECTION_TITLES[section]} {int(index) + 1}"
        return f"{where}, {labels.get(key, key)}" if key else where
    basics = {f"basics.{k}": label for k, label, _ in BASICS_FIELDS}
    return basics.get(path, path)


def field_errors(exc: ResumeError) -> FieldErrors:
    """Maps the model's errors ('work[0].startDate: ...') onto form fields and sentences."""
    by_field: dict[str, str] = {}
    messages = []
    targets: list[str | None] = []
    for line in exc.errors:
        path, _, message = line.partition(": ")
        message = _friendly(path, message)
        # A bad bullet or keyword belongs to its textarea: 'work[0].highlights[2]'.
        item = re.match(r"^(.*\.(?:highlights|keywords))\[(\d+)\]$", path)
        target = field_id(item.group(1)) if item else field_id(path)
        text = f"line {int(item.group(2)) + 1}: {message}" if item else message
        by_field.setdefault(target, text)
        messages.append(f"{describe(path)} ({path}): {message}")
        shown = re.match(r"^(basics\.|(work|education|skills|projects)\[)", path)
        targets.append(target if shown else None)
    return FieldErrors(by_field, messages, targets)


def form_value(entry: dict[str, Any], key: str, kind: str) -> str:
    """What an input shows for a stored value."""
    value = entry.get(key)
    if kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
    if kind == "list":
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


def basics_value(basics: dict[str, Any], key: str) -> str:
    if key.startswith("location."):
        location = basics.get("location")
        return form_value(
            location if isinstance(location, dict) else {}, key.split(".", 1)[1], "text"
        )
    return form_value(basics, key, "text")
