"""Background tasks of voice interviews: transcribing a recording, and removing recordings
whose interview is gone (deleted with the account, or from another page).

The transcription runs in a child process (see transcribe_process), so several run on
several cores and one that hangs is killed at the time limit instead of holding a worker.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any
from uuid import UUID

from procrastinate import Blueprint, JobContext

from resumepilot.config import Settings
from resumepilot.db.trusted import job_transaction
from resumepilot.voice import repository as repo
from resumepilot.voice import storage
from resumepilot.voice.models import VoiceSettings

log = logging.getLogger(__name__)
blueprint = Blueprint()

TRANSCRIBE_TASK = "transcribe_voice_answer"
OUR_FAULT = (
    "We could not transcribe this recording because of an error on our side. It has been "
    "logged; choose Try again, or record the answer once more."
)


class TranscriptionTimedOut(Exception):
    pass


def voice_settings() -> VoiceSettings:
    """Read at each job, so a worker follows its environment (RESUMEPILOT_DATA_DIR, ...)."""
    return VoiceSettings.from_env(Settings().data_dir)


async def run_transcription(request: dict[str, Any], timeout_s: float) -> dict[str, Any]:
    """Runs transcribe_process on `request`; kills it after `timeout_s` seconds."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "resumepilot.voice.transcribe_process",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(json.dumps(request).encode()), timeout_s)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise TranscriptionTimedOut() from None
    except asyncio.CancelledError:
        proc.kill()  # the worker is stopping: leave no orphan decoding behind
        raise
    if proc.returncode != 0:
        raise RuntimeError(f"transcribe_process exited {proc.returncode}: {err.decode()[-2000:]}")
    reply: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return reply


def _notice(transcript: dict[str, Any]) -> str | None:
    reason = transcript.get("fallback_reason")
    if not reason:
        return None
    return (
        f"The transcription server did not answer ({reason}), so the built-in engine "
        "transcribed this recording. Check the words marked below."
    )


@blueprint.task(name=TRANSCRIBE_TASK, queue="voice", pass_context=True)
async def transcribe_voice_answer(context: JobContext, answer_id: str) -> str:
    """Transcribes one recorded answer and records the outcome; returns its final status."""
    aid = UUID(answer_id)
    settings = voice_settings()
    async with job_transaction(context) as conn:
        row = await repo.job_claim(conn, aid)
    if row is None:
        return "skipped"  # transcribed, deleted, or another worker has it
    role = (row["target_title"] if row["role_type"] == "other" else row["role_type"]) or ""
    request = {
        "path": str(storage.absolute_path(settings.files_dir, row["audio_url"])),
        "question": row["question"] or "",
        "role": role,
        "earlier": row["earlier"] or "",
    }
    try:
        reply = await run_transcription(request, settings.job_timeout_s)
    except TranscriptionTimedOut:
        await _fail(
            context,
            aid,
            f"Transcribing took longer than {settings.job_timeout_s:.0f} seconds, so we "
            "stopped it. Choose Try again; if it happens again, record a shorter answer.",
        )
        return "failed"
    except Exception:
        log.exception("transcribing voice answer %s failed", aid)
        await _fail(context, aid, OUR_FAULT)
        return "failed"
    if not reply.get("ok"):
        await _fail(context, aid, str(reply.get("message") or OUR_FAULT))
        return "failed"
    transcript = reply["transcript"]
    async with job_transaction(context) as conn:
        done = await repo.job_complete(conn, aid, {**transcript, "notice": _notice(transcript)})
    return "ready" if done else "skipped"


async def _fail(context: JobContext, aid: UUID, message: str) -> None:
    async with job_transaction(context) as conn:
        await repo.job_fail(conn, aid, message)


@blueprint.periodic(cron="17 * * * *")
@blueprint.task(name="remove_orphan_recordings", queue="maintenance", pass_context=True)
async def remove_orphan_recordings(context: JobContext, timestamp: int) -> int:
    """Deletes recordings on disk whose answer row is gone (its interview or account was
    deleted); returns how many."""
    files_dir = voice_settings().files_dir
    on_disk = storage.stored_answer_ids(files_dir)
    if not on_disk:
        return 0
    async with job_transaction(context) as conn:
        kept = await repo.existing_answer_ids(conn, list(on_disk))
    removed = 0
    for answer_id, path in on_disk.items():
        if answer_id not in kept:
            path.unlink(missing_ok=True)
            removed += 1
    log.info("removed %s orphan recordings", removed)
    return removed
