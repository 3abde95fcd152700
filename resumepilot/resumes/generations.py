"""Generations: starting a background render, and serving what it produced. No HTTP here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg

from resumepilot.db.request import RequestDb
from resumepilot.errors import AppError, Conflict, NotFound, TooManyRequests, ValidationFailed
from resumepilot.resumes import repository as repo
from resumepilot.resumes.builder import assemble
from resumepilot.resumes.drafts import validated

# Formats a user downloads: our name -> (file kind stored, what people call it).
DOWNLOADS = {"pdf": "PDF", "word": "Word (.docx)", "latex": "LaTeX (.tex)"}
# A render still processing after this long is taken as lost; it no longer counts as waiting.
STALLED = timedelta(minutes=10)


@dataclass
class Download:
    content: bytes
    media_type: str
    filename: str
    count: int


async def start(db: RequestDb, draft: dict[str, Any]) -> UUID:
    """Creates a 'processing' generation of the draft and queues its render job, both in the
    request's transaction. ValidationFailed when the assembled resume is not ready."""
    profile = await repo.get_profile(db.conn)
    assembled = assemble(draft["resume_data"], profile, role=draft["role_type"],
                         trim_older_roles=draft["trim_older_roles"])
    resume = validated(assembled.resume)
    if not (resume.get("basics") or {}).get("name"):
        raise ValidationFailed({"basics.name": "Add your name: it heads the resume."})
    assert db.identity.user_id is not None
    generation_id = await repo.insert_generation(
        db.conn, db.identity.user_id, draft_id=draft["id"],
        template_name=draft["template_name"], role_type=draft["role_type"], resume_data=resume,
        fit_one_page=draft["fit_one_page"], paper=draft["paper"], notes=assembled.notes,
    )
    try:
        await repo.defer_render(db.conn, generation_id)
    except psycopg.errors.ConfigurationLimitExceeded as exc:
        # defer_resume_generation (0009) counts and queues atomically; its message says the limit.
        raise TooManyRequests(exc.diag.message_primary or "Too many resumes rendering.",
                              retry_after_seconds=10) from exc
    return generation_id


async def load(db: RequestDb, generation_id: UUID) -> dict[str, Any]:
    """The user's generation with its download counts, or NotFound (RLS hides others')."""
    generation = await repo.get_generation(db.conn, generation_id)
    if generation is None:
        raise NotFound("There is no such resume in your account.")
    generation["downloads"] = await repo.download_counts(db.conn, generation_id)
    return generation


async def download(db: RequestDb, generation_id: UUID, fmt: str) -> Download:
    """The rendered file in `fmt`, counting the download in the same transaction."""
    if fmt not in DOWNLOADS:
        raise NotFound(f"Resumes download as {', '.join(DOWNLOADS)}; not as {fmt[:20]!r}.")
    source = await _completed(db, generation_id)
    if fmt == "latex":
        content = (source["latex_content"] or "").encode("utf-8")
        filename = _latex_filename(source)
        media_type = "application/x-tex"
    else:
        stored = await repo.get_file(db.conn, generation_id, fmt)
        if stored is None:
            raise NotFound("This file is no longer stored; generate the resume again.")
        content, media_type, filename = stored["content"], stored["media_type"], stored["filename"]
    count = await repo.record_download(db.conn, generation_id, fmt, len(content))
    return Download(bytes(content), media_type, filename, count)


async def preview(db: RequestDb, generation_id: UUID) -> bytes:
    """Page 1 of the rendered resume as a PNG (not counted as a download)."""
    await _completed(db, generation_id)
    stored = await repo.get_file(db.conn, generation_id, "preview")
    if stored is None:
        raise NotFound("This resume has no preview.")
    return bytes(stored["content"])


async def overleaf(db: RequestDb, generation_id: UUID, *, count: bool) -> dict[str, str]:
    """The fields of the form that opens the LaTeX in Overleaf; counted when `count`."""
    from resumepilot.resumes.render.overleaf import overleaf_form

    source = await _completed(db, generation_id)
    fields = overleaf_form(source["latex_content"] or "", source["latex_engine"] or "pdflatex",
                           _latex_filename(source))
    if count:
        await repo.record_download(db.conn, generation_id, "overleaf", None)
    return fields


async def _completed(db: RequestDb, generation_id: UUID) -> dict[str, Any]:
    source = await repo.get_generation_source(db.conn, generation_id)
    if source is None:
        raise NotFound("There is no such resume in your account.")
    status = source["generation_status"]
    if status == "processing":
        raise Conflict("This resume is still rendering; it will be ready in a moment.")
    if status != "completed":
        raise AppError("This resume could not be rendered, so there is nothing to download.",
                       status_code=409)
    return source


def _latex_filename(source: dict[str, Any]) -> str:
    from resumepilot.resumes.service import filename_for

    name = ((source.get("resume_data") or {}).get("basics") or {}).get("name") or "resume"
    return filename_for(name, source["template_name"], "tex")
