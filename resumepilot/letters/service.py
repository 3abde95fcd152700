"""Cover letters' rules, with no HTTP in them: check the choices, gather the user's material
(a resume draft and the bullet library), write the letter, keep it (taking a unit of the plan's
cover letters in the same call), edit it and export it.

Writing may wait on a remote model, so it runs between two short transactions: the caller
reads the material in one (`material_for`), writes outside any (`write`), and saves in another
(`save_new`). When the plan's allowance is used up, nothing is stored and UsageLimitReached
(402) names the limit, the reset date and the upgrade page.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from resumepilot.ai.letters import (
    LENGTHS,
    TONES,
    CoverLetter,
    LetterWriter,
    write_cover_letter,
)
from resumepilot.ai.postings import Posting, PostingError, parse_posting
from resumepilot.billing import service as billing
from resumepilot.bullets import service as bullets
from resumepilot.db.request import User
from resumepilot.db.types import Conn, Row
from resumepilot.documents.themes import template_names
from resumepilot.errors import NotFound, ValidationFailed
from resumepilot.letters import repository as repo
from resumepilot.letters.export import LetterFile, letter_document, render_letter
from resumepilot.letters.models import LetterChoices
from resumepilot.resumes import service as resumes

MAX_BODY_CHARS = 20_000
_PATH = re.compile(r"^(work|projects|volunteer)\[(\d+)\]\.highlights\[(\d+)\]$")
_SECTION_WORDS = {"work": "experience", "projects": "project", "volunteer": "volunteering"}
MAX_JOB_FILE_BYTES = 200_000
FORMATS = {"pdf": "PDF", "docx": "Word (.docx)", "latex": "LaTeX (.tex)"}


def check_choices(
    *, draft_id: str | UUID | None, tone: str, length: str, template_name: str | None
) -> LetterChoices:
    """The new letter's choices, or ValidationFailed naming each bad one."""
    errors: dict[str, str] = {}
    draft: UUID | None = None
    try:
        draft = draft_id if isinstance(draft_id, UUID) else UUID(str(draft_id or ""))
    except ValueError:
        errors["draft_id"] = "Choose one of your resume drafts."
    if tone not in TONES:
        errors["tone"] = f"Choose a tone: {', '.join(TONES)}."
    if length not in LENGTHS:
        errors["length"] = f"Choose a length: {', '.join(LENGTHS)}."
    if template_name is not None and template_name not in template_names():
        errors["template_name"] = "Choose one of the resume templates."
    if errors or draft is None:
        raise ValidationFailed(errors)
    return LetterChoices(draft, tone, length, template_name or "")


def posting_text_of(pasted: str, job_file: bytes | None) -> str:
    """The posting as text: an uploaded JSON Resume job file wins over pasted text."""
    if job_file:
        if len(job_file) > MAX_JOB_FILE_BYTES:
            raise PostingError(
                f"The job file is larger than {MAX_JOB_FILE_BYTES // 1000} kB. Upload the "
                "posting's JSON file only, or paste its text."
            )
        try:
            return job_file.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            raise PostingError("The job file is not UTF-8 text. Save it as UTF-8 JSON.") from None
    return pasted.strip()


def parse(posting_text: str) -> Posting:
    """The posting, or PostingError (422) saying why it is unusable."""
    return parse_posting(posting_text)


@dataclass
class Material:
    """What a letter is written from: the draft and the user's bullet library."""

    draft: Row
    resume: dict[str, Any]
    library: list[dict[str, Any]]
    template_name: str


async def material_for(conn: Conn, user: User, choices: LetterChoices) -> Material:
    """The draft and library, after making sure a letter could still be afforded (so no
    writing is wasted on a refusal; the unit itself is taken when the letter is saved)."""
    status = await billing.plan_status(conn, user.id)
    if status is not None and status["cover_letters_remaining"] == 0:
        raise await billing.usage_refusal(conn, user.id, "cover_letter")
    draft = await resumes.load(conn, choices.draft_id)
    resume = dict(draft["resume_data"] or {})
    basics = dict(resume.get("basics") or {})
    if not basics.get("name"):
        profile = await resumes.profile_of(conn)
        basics["name"] = profile.get("full_name") or ""
    resume["basics"] = basics
    library = []
    for group in await bullets.library(conn):
        for answer in group["answers"]:
            for item in answer["bullets"]:
                if item.get("text"):
                    library.append(
                        {
                            "id": f"{answer['id']}:{item.get('id', '')}",
                            "text": item["text"],
                            "company": group["experience"] or "",
                        }
                    )
    return Material(draft, resume, library, choices.template_name or draft["template_name"])


async def write(
    material: Material, posting: Posting, choices: LetterChoices, writer: LetterWriter
) -> CoverLetter:
    """The letter, written off the event loop (the built-in engine takes ~10 ms, a remote
    model seconds); every sentence passes the same grounding checks whichever wrote it."""
    return await asyncio.to_thread(
        write_cover_letter,
        material.resume,
        posting,
        material.library,
        choices.tone,
        choices.length,
        writer,
    )


def sender_of(resume: dict[str, Any]) -> dict[str, str]:
    basics = resume.get("basics") or {}
    location = basics.get("location") or {}
    place = ", ".join(
        str(location[k]) for k in ("city", "region") if isinstance(location.get(k), str)
    )
    sender = {k: str(basics.get(k) or "")[:300] for k in ("name", "label", "email", "phone", "url")}
    sender["location"] = place[:300]
    return sender


async def save_new(
    conn: Conn,
    user: User,
    material: Material,
    posting_text: str,
    posting: Posting,
    choices: LetterChoices,
    letter: CoverLetter,
) -> UUID:
    """Stores the letter and takes one cover letter of the plan, atomically; UsageLimitReached
    (nothing stored) when the month's allowance is gone."""
    letter_id = await repo.create(
        conn,
        draft_id=material.draft["id"],
        template_name=material.template_name,
        job_title=posting.title[:300],
        company=posting.company[:300],
        posting_text=posting_text,
        tone=choices.tone,
        length=choices.length,
        sender=sender_of(material.resume),
        body=letter.text[:MAX_BODY_CHARS],
        trace={
            "claims": letter.claims,
            "covered": letter.covered,
            "missing": letter.missing,
            "provider": letter.provider,
            "fallback": letter.fallback,
            "dropped": letter.dropped,
        },
    )
    if letter_id is None:
        raise await billing.usage_refusal(conn, user.id, "cover_letter")
    return letter_id


async def load(conn: Conn, letter_id: UUID) -> Row:
    row = await repo.get(conn, letter_id)
    if row is None:
        raise NotFound("There is no such cover letter in your account.")
    return row


async def list_recent(conn: Conn) -> list[Row]:
    return await repo.list_recent(conn)


def source_label(source: dict[str, Any] | None) -> str:
    """Where a claim came from, in words: 'your resume, experience 2, bullet 1'."""
    source = source or {}
    if source.get("bullet"):
        return "your bullet library"
    path = str(source.get("path") or "")
    match = _PATH.match(path)
    if match:
        section, item, bullet = match.groups()
        return f"your resume, {_SECTION_WORDS[section]} {int(item) + 1}, bullet {int(bullet) + 1}"
    return {
        "basics.label": "your resume's headline",
        "basics.summary": "your resume's summary",
    }.get(path, "your resume")


def check_body(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationFailed({"body": "The letter is empty. Write it, or delete the letter."})
    if len(body) > MAX_BODY_CHARS:
        raise ValidationFailed({"body": f"Keep the letter under {MAX_BODY_CHARS:,} characters."})
    return body


async def edit(conn: Conn, letter_id: UUID, *, body: str | None, template_name: str | None) -> Row:
    """Saves the edited text and/or look; nothing changes when either is bad."""
    current = await load(conn, letter_id)
    new_body = check_body(body) if body is not None else current["body"]
    template = template_name if template_name is not None else current["template_name"]
    if template not in template_names():
        raise ValidationFailed({"template_name": "Choose one of the resume templates."})
    await repo.update(conn, letter_id, body=new_body, template_name=template)
    return await load(conn, letter_id)


async def delete(conn: Conn, letter_id: UUID) -> None:
    if not await repo.delete(conn, letter_id):
        raise NotFound("There is no such cover letter in your account.")


def _document_of(row: Row) -> Any:
    recipient = [row["company"]] if row["company"] else []
    if row["job_title"]:
        recipient.append(f"Re: {row['job_title']}")
    today = datetime.now(UTC).date()
    return letter_document(
        row["sender"] or {}, recipient, row["body"], f"{today:%B} {today.day}, {today.year}"
    )


async def export(conn: Conn, letter_id: UUID, fmt: str) -> LetterFile:
    """The letter as PDF, DOCX or LaTeX in the look of its template."""
    if fmt not in FORMATS:
        raise NotFound(f"Letters download as {', '.join(FORMATS)}; not as {fmt[:20]!r}.")
    row = await load(conn, letter_id)
    return await asyncio.to_thread(render_letter, _document_of(row), row["template_name"], fmt)


async def overleaf(conn: Conn, letter_id: UUID) -> dict[str, str]:
    """The fields of the form that opens the letter's LaTeX in Overleaf."""
    from resumepilot.documents.formats.overleaf import overleaf_form

    file = await export(conn, letter_id, "latex")
    assert file.engine is not None
    return overleaf_form(file.content.decode("utf-8"), file.engine, file.filename)
