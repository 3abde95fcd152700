"""The render job: a generation goes processing -> completed (files stored) or failed (message).

Deferred by defer_resume_generation() inside the request's transaction (migrations 0008, 0017),
so it exists exactly when the request that created the generation committed. Each user's
renders share a procrastinate lock and go lower in priority the more that user has waiting,
so one user's renders never hold up another's.

Idempotent: a run only claims a generation still processing, and only a generation still
processing is completed or failed, so a second run of the same job (a retry after its worker
died, a duplicate) finds nothing to do or loses the race without touching the winner's result.
Transient faults (a render process killed, the database connection lost) are retried twice;
the generation fails, with its reason, only on the last attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from concurrent.futures.process import BrokenProcessPool
from typing import Any
from uuid import UUID

import psycopg_pool
from procrastinate import Blueprint, JobContext, RetryStrategy

from resumepilot.config import get_settings
from resumepilot.db.job_recovery import DATABASE_ERRORS, when_jobs_given_up
from resumepilot.db.trusted import job_transaction
from resumepilot.db.types import Conn
from resumepilot.documents.budget import RenderBudget, RenderRefused
from resumepilot.documents.pool import run_render
from resumepilot.resumes import repository as repo
from resumepilot.resumes.preview import stored_preview

log = logging.getLogger(__name__)
blueprint = Blueprint()

RENDER_TASK = "render_resume_generation"
_FORMATS = (("pdf", "pdf"), ("docx", "word"))
# Faults that a second attempt can get past; bad input and over-budget renders are final.
TRANSIENT: tuple[type[Exception], ...] = (
    BrokenProcessPool,
    psycopg_pool.PoolTimeout,
    *DATABASE_ERRORS,
)
RETRIES = 2
RETRY = RetryStrategy(max_attempts=RETRIES, wait=1, retry_exceptions=set(TRANSIENT))
# Awaited past the budget by this much before giving up on a render process that is stuck
# inside one layout (the process checks the budget itself between layouts).
BUDGET_GRACE_SECONDS = 5.0


class RenderFailed(Exception):
    """A render that cannot succeed for this input; the message is shown to the user."""


def render_generation(row: dict[str, Any], budget: RenderBudget | None = None) -> dict[str, Any]:
    """Renders every format of one generation (pure computation, run in a render process);
    RenderFailed for bad input or a render over `budget`."""
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
            preview=True,
            budget=budget,
        )
    except RenderRefused as exc:
        raise RenderFailed(str(exc)) from None
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
    if rendered.preview_svg:
        files.append(stored_preview(rendered.preview_svg))
    pdf = rendered.results["pdf"]
    return {
        "latex": latex.text,
        "engine": latex.engine or "pdflatex",
        "pages": pdf.page_count,
        "notes": list(pdf.warnings),
        "files": files,
    }


@blueprint.task(name=RENDER_TASK, queue="resumes", pass_context=True, retry=RETRY)
async def render_resume_generation(context: JobContext, generation_id: str) -> str:
    """Renders one generation and records the outcome; returns its final status."""
    started = time.perf_counter()
    gid = UUID(generation_id)
    try:
        return await _render_and_record(context, gid, started)
    except TRANSIENT:
        attempt = context.job.attempts if context.job else RETRIES
        log.warning("rendering resume generation %s: transient fault", gid, exc_info=True)
        if attempt >= RETRIES:
            # Best effort: the database may be the thing that is down.
            with contextlib.suppress(*TRANSIENT):
                await _fail(context, gid, _OUR_FAULT, started)
        raise  # procrastinate runs it again while attempts remain


async def _render_and_record(context: JobContext, gid: UUID, started: float) -> str:
    async with job_transaction(context) as conn:
        row = await repo.job_claim(conn, gid)
    if row is None:
        return "skipped"  # already rendered, deleted, or failed: nothing to do
    # Settings read once per process: building them reads the environment, ~2 ms a job.
    budget = RenderBudget.starting_now(get_settings().render_budget_seconds)
    try:
        # In a render process: renders on threads would share one core (documents/pool.py).
        output = await asyncio.wait_for(
            run_render(render_generation, row, budget),
            timeout=budget.seconds + BUDGET_GRACE_SECONDS,
        )
    except RenderFailed as exc:
        await _fail(context, gid, str(exc), started)
        return "failed"
    except TimeoutError:
        await _fail(context, gid, budget.time_message(), started)
        return "failed"
    except TRANSIENT:
        raise
    except Exception:
        log.exception("rendering resume generation %s failed", gid)
        await _fail(context, gid, _OUR_FAULT, started)
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


_OUR_FAULT = (
    "We could not render this resume because of an error on our side. It has been logged; "
    "please try again or pick another template."
)


RENDER_GIVEN_UP = (
    "We could not finish rendering this resume: our server was interrupted several times "
    "while it worked on it. Please try again; if it keeps failing, pick another template."
)


async def _fail_renders_given_up(conn: Conn) -> int:
    # A render whose job failed for good would otherwise show "processing" forever.
    return await repo.fail_renders_given_up(conn, f"resumepilot:{RENDER_TASK}", RENDER_GIVEN_UP)


when_jobs_given_up("resume render(s)", _fail_renders_given_up)


async def _fail(context: JobContext, gid: UUID, message: str, started: float) -> None:
    async with job_transaction(context) as conn:
        await repo.job_fail(conn, gid, message=message, elapsed_ms=_ms(started))


def _ms(started: float) -> int:
    return max(1, round((time.perf_counter() - started) * 1000))
