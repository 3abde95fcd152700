"""The render job: a generation goes processing -> completed (files stored) or failed (message).

Idempotent: it renders only a generation still processing, and completing one twice keeps one
set of files, so a retry after a lost worker or a database error does no harm.

Deferred by defer_resume_generation() inside the request's transaction (migration 0008), so it
exists exactly when the request that created the generation committed.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from uuid import UUID

from procrastinate import Blueprint, JobContext

from resumepilot.db.job_recovery import is_database_error, retries_left
from resumepilot.db.trusted import job_transaction
from resumepilot.documents.pool import run_render
from resumepilot.resumes import repository as repo

log = logging.getLogger(__name__)
blueprint = Blueprint()

RENDER_TASK = "render_resume_generation"
PREVIEW_PPI = 96
_FORMATS = (("pdf", "pdf"), ("docx", "word"))


class RenderFailed(Exception):
    """A render that cannot succeed for this input; the message is shown to the user."""


def render_generation(row: dict[str, Any]) -> dict[str, Any]:
    """Renders every format of one generation (pure computation, run in a thread)."""
    from resumepilot.documents.render import render_set
    from resumepilot.documents.resume import ResumeError
    from resumepilot.documents.roles import UnknownRoleError
    from resumepilot.documents.themes import UnknownTemplateError

    try:
        rendered = render_set(
            row["resume_data"],
            row["template_name"],
            ("pdf", "latex", "docx"),
            row["role_type"],
            row["fit_one_page"],
            paper=row["paper"],
            preview_ppi=PREVIEW_PPI,
        )
    except ResumeError as exc:
        raise RenderFailed("The resume has invalid fields: " + "; ".join(exc.errors)) from None
    except (UnknownTemplateError, UnknownRoleError) as exc:
        raise RenderFailed(str(exc).capitalize() + ".") from None
    latex = rendered.results["latex"]
    files = [
        (name, r.media_type, r.filename, r.content)
        for key, name in _FORMATS
        for r in [rendered.results[key]]
    ]
    if rendered.preview_png:
        files.append(("preview", "image/png", "preview.png", rendered.preview_png))
    pdf = rendered.results["pdf"]
    return {
        "latex": latex.text,
        "engine": latex.engine or "pdflatex",
        "pages": pdf.page_count,
        "notes": list(pdf.warnings),
        "files": files,
    }


@blueprint.task(name=RENDER_TASK, queue="resumes", pass_context=True)
async def render_resume_generation(context: JobContext, generation_id: str) -> str:
    """Renders one generation and records the outcome; returns its final status."""
    started = time.perf_counter()
    gid = UUID(generation_id)
    async with job_transaction(context) as conn:
        row = await repo.job_claim(conn, gid)
    if row is None:
        return "skipped"  # already rendered, deleted, or failed: nothing to do
    try:
        # In a render process: renders on threads would share one core (documents/pool.py).
        output = await run_render(render_generation, row)
    except RenderFailed as exc:
        await _fail(context, gid, str(exc), started)
        return "failed"
    except Exception as exc:
        if is_database_error(exc) and retries_left(context):
            # Kept "processing": the retry renders it again (the render is idempotent).
            log.warning("rendering resume generation %s will be retried: %s", gid, exc)
            raise
        log.exception("rendering resume generation %s failed", gid)
        await _fail(
            context,
            gid,
            "We could not render this resume because of an error on our "
            "side. It has been logged; please try again or pick another template.",
            started,
        )
        raise
    elapsed = _ms(started)
    async with job_transaction(context) as conn:
        done = await repo.job_complete(
            conn,
            gid,
            latex=output["latex"],
            engine=output["engine"],
            pages=output["pages"],
            notes=output["notes"],
            elapsed_ms=elapsed,
            files=output["files"],
        )
    return "completed" if done else "skipped"


async def _fail(context: JobContext, gid: UUID, message: str, started: float) -> None:
    async with job_transaction(context) as conn:
        await repo.job_fail(conn, gid, message=message, elapsed_ms=_ms(started))


def _ms(started: float) -> int:
    return max(1, round((time.perf_counter() - started) * 1000))
