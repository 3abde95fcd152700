"""The analyzer's rules, with no HTTP in them: read an upload (in a child process, within
limits), keep what it found as a resume_analyzer session, and import it into the builder.

A bad file raises a DocumentError before anything is written, so nothing is stored for it.
"""

from __future__ import annotations

import asyncio
import copy
import re
import threading
from typing import Any
from uuid import UUID

from resumepilot.ai.postings import Posting, parse_posting
from resumepilot.analyzer import repository as repo
from resumepilot.analyzer.isolation import analyze_isolated
from resumepilot.db.request import User
from resumepilot.db.types import Conn, Row
from resumepilot.documents.reading import DocumentTooLarge, EmptyDocument, Limits
from resumepilot.errors import NotFound, TooManyRequests
from resumepilot.resumes import service as resumes

MAX_UPLOAD_BYTES = Limits().max_bytes
MAX_FILENAME = 255
# Readings at once in this process: each takes a core for up to the hard limit.
_readers = threading.BoundedSemaphore(2)


def check_upload(data: bytes, filename: str | None) -> None:
    """Refuses an empty or oversized upload before any parser sees it."""
    if not data:
        raise EmptyDocument(
            "The file is empty (0 bytes). Choose your resume (PDF or DOCX) and upload it again."
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise DocumentTooLarge(
            f"This file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB; resumes are read up "
            "to that size. Export it without large images."
        )


def posting_of(text: str | None) -> Posting | None:
    """The job posting pasted beside the upload, if any; PostingError when unusable."""
    return parse_posting(text) if text and text.strip() else None


def _blocking_analysis(data: bytes, filename: str | None, posting: Posting | None) -> Any:
    if not _readers.acquire(timeout=30):
        raise TooManyRequests(
            "Many resumes are being read right now. Try again in a few seconds.",
            retry_after_seconds=5,
        )
    try:
        return analyze_isolated(data, filename, posting)
    finally:
        _readers.release()


async def analyze_upload(
    data: bytes, filename: str | None, posting_text: str | None
) -> dict[str, Any]:
    """The findings of one upload: {resume, sections, report, job}. No database."""
    check_upload(data, filename)
    posting = posting_of(posting_text)
    findings: dict[str, Any] = await asyncio.to_thread(_blocking_analysis, data, filename, posting)
    findings["job"] = (
        {"title": posting.title, "company": posting.company} if posting is not None else None
    )
    return findings


def clean_filename(filename: str | None) -> str:
    name = re.sub(r"[\x00-\x1f\x7f]", "", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    return name.strip()[:MAX_FILENAME] or "resume"


async def record(conn: Conn, filename: str | None, findings: dict[str, Any]) -> UUID:
    """Keeps the findings as the caller's resume_analyzer session."""
    return await repo.record(conn, clean_filename(filename), findings)


async def load(conn: Conn, session_id: UUID) -> Row:
    row = await repo.get(conn, session_id)
    if row is None or not row["findings"]:
        raise NotFound("There is no such resume analysis in your account.")
    return row


async def list_recent(conn: Conn) -> list[Row]:
    return await repo.list_recent(conn)


async def delete(conn: Conn, session_id: UUID) -> None:
    if not await repo.delete(conn, session_id):
        raise NotFound("There is no such resume analysis in your account.")


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _drop(data: dict[str, Any], path: str) -> bool:
    """Removes the value at a JSON Resume path such as 'work[0].startDate'."""
    parts: list[str | int] = [
        name if name else int(index) for name, index in _PATH_PART.findall(path)
    ]
    node: Any = data
    for part in parts[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = parts[-1] if parts else None
    if isinstance(node, dict) and isinstance(last, str) and last in node:
        del node[last]
        return True
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        del node[last]
        return True
    return False


def importable(resume: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The parsed resume as a valid draft: fields the builder would refuse (a misread date)
    are left out and named, so the user can fill them in rather than lose the import."""
    data = dict(resume)
    removed: list[str] = []
    for _ in range(5):
        try:
            return resumes.validated(data), removed
        except resumes.ResumeInvalid as exc:
            paths = [p for p in exc.errors if _drop(data, p)]
            if not paths:
                raise
            removed += paths
    return resumes.validated(data), removed


async def import_into_builder(conn: Conn, user: User, session_id: UUID) -> tuple[UUID, list[str]]:
    """A new resume draft from the analysis; returns its id and the fields left out."""
    row = await load(conn, session_id)
    data, removed = importable(copy.deepcopy(row["findings"].get("resume") or {}))
    stem = (row["source_filename"] or "resume").rsplit(".", 1)[0]
    draft_id = await resumes.create(conn, user, data=data, title=f"Imported: {stem}"[:120])
    return draft_id, removed
