"""All SQL of the resume builder: drafts, generations, files and downloads.

Functions taking the request's connection run under row-level security (the user's own rows
only); the `job_*` functions run in the render job's trusted transaction.
"""

from __future__ import annotations

from typing import Any, LiteralString
from uuid import UUID

from psycopg.types.json import Jsonb

from resumepilot.db.types import Conn, Row

_GENERATION_COLUMNS = (
    "id, draft_id, template_name, role_type, generation_status, error_message,"
    " processing_time_ms, page_count, latex_engine, render_notes, fit_one_page, paper,"
    " created_at, completed_at"
)


async def _one(conn: Conn, sql: LiteralString, params: list[Any]) -> Row | None:
    cur = await conn.execute(sql, params)
    return await cur.fetchone()


async def _all(conn: Conn, sql: LiteralString, params: list[Any]) -> list[Row]:
    cur = await conn.execute(sql, params)
    return await cur.fetchall()


# Drafts ------------------------------------------------------------------------------------


async def list_drafts(conn: Conn) -> list[Row]:
    return await _all(
        conn,
        "SELECT id, title, role_type, template_name, updated_at,"
        " resume_data -> 'basics' ->> 'name' AS person,"
        " jsonb_array_length(COALESCE(resume_data -> 'work', '[]')) AS jobs"
        " FROM resume_drafts ORDER BY updated_at DESC LIMIT 100",
        [],
    )


async def count_drafts(conn: Conn) -> int:
    row = await _one(conn, "SELECT count(*) AS n FROM resume_drafts", [])
    return int(row["n"]) if row else 0


async def get_draft(conn: Conn, draft_id: UUID) -> Row | None:
    return await _one(conn, "SELECT * FROM resume_drafts WHERE id = %s", [draft_id])


async def insert_draft(
    conn: Conn,
    user_id: UUID,
    *,
    title: str,
    role_type: str,
    template_name: str,
    resume_data: dict[str, Any],
) -> UUID:
    row = await _one(
        conn,
        "INSERT INTO resume_drafts (user_id, title, role_type, template_name, resume_data)"
        " VALUES (%s, %s, %s, %s, %s) RETURNING id",
        [user_id, title, role_type, template_name, Jsonb(resume_data)],
    )
    assert row is not None  # INSERT ... RETURNING returns its row
    new_id: UUID = row["id"]
    return new_id


async def update_draft(
    conn: Conn,
    draft_id: UUID,
    *,
    title: str,
    role_type: str,
    template_name: str,
    fit_one_page: bool,
    trim_older_roles: bool,
    paper: str,
    resume_data: dict[str, Any],
) -> bool:
    row = await _one(
        conn,
        "UPDATE resume_drafts SET title = %s, role_type = %s, template_name = %s,"
        " fit_one_page = %s, trim_older_roles = %s, paper = %s, resume_data = %s"
        " WHERE id = %s RETURNING id",
        [
            title,
            role_type,
            template_name,
            fit_one_page,
            trim_older_roles,
            paper,
            Jsonb(resume_data),
            draft_id,
        ],
    )
    return row is not None


async def delete_draft(conn: Conn, draft_id: UUID) -> bool:
    row = await _one(conn, "DELETE FROM resume_drafts WHERE id = %s RETURNING id", [draft_id])
    return row is not None


# Generations, as the user ------------------------------------------------------------------


async def insert_generation(
    conn: Conn,
    user_id: UUID,
    *,
    draft_id: UUID | None,
    template_name: str,
    role_type: str,
    resume_data: dict[str, Any],
    fit_one_page: bool,
    paper: str,
    notes: list[str],
) -> UUID:
    row = await _one(
        conn,
        "INSERT INTO resume_generations (user_id, draft_id, template_name, role_type,"
        " resume_data, fit_one_page, paper, render_notes)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        [
            user_id,
            draft_id,
            template_name,
            role_type,
            Jsonb(resume_data),
            fit_one_page,
            paper,
            Jsonb(notes),
        ],
    )
    assert row is not None  # INSERT ... RETURNING returns its row
    new_id: UUID = row["id"]
    return new_id


async def defer_render(conn: Conn, generation_id: UUID) -> int:
    """Queues the render job in this transaction (defer_resume_generation, migration 0009);
    raises ConfigurationLimitExceeded when the user already has the most renders waiting."""
    row = await _one(conn, "SELECT defer_resume_generation(%s) AS job_id", [generation_id])
    assert row is not None
    return int(row["job_id"])


async def get_generation(conn: Conn, generation_id: UUID) -> Row | None:
    return await _one(
        conn,
        f"SELECT {_GENERATION_COLUMNS}, resume_data -> 'basics' ->> 'name' AS person"
        " FROM resume_generations WHERE id = %s",
        [generation_id],
    )


async def get_generation_source(conn: Conn, generation_id: UUID) -> Row | None:
    return await _one(
        conn,
        "SELECT id, generation_status, latex_content, latex_engine, resume_data, template_name"
        " FROM resume_generations WHERE id = %s",
        [generation_id],
    )


async def list_generations(
    conn: Conn, *, draft_id: UUID | None = None, limit: int = 20
) -> list[Row]:
    return await _all(
        conn,
        f"SELECT {_GENERATION_COLUMNS}, resume_data -> 'basics' ->> 'name' AS person"
        " FROM resume_generations WHERE user_id = auth.uid()"
        " AND (%s::uuid IS NULL OR draft_id = %s::uuid) ORDER BY created_at DESC LIMIT %s",
        [draft_id, draft_id, limit],
    )


async def download_counts(conn: Conn, generation_id: UUID) -> dict[str, int]:
    rows = await _all(
        conn,
        "SELECT format, download_count FROM resume_downloads WHERE generation_id = %s",
        [generation_id],
    )
    return {r["format"]: int(r["download_count"] or 0) for r in rows}


async def get_file(conn: Conn, generation_id: UUID, fmt: str) -> Row | None:
    return await _one(
        conn,
        "SELECT media_type, filename, content FROM resume_files"
        " WHERE generation_id = %s AND format = %s",
        [generation_id, fmt],
    )


async def record_download(conn: Conn, generation_id: UUID, fmt: str, size: int | None) -> int:
    """Counts one download in one atomic statement; returns the new count."""
    row = await _one(conn, "SELECT record_download(%s, %s, %s) AS n", [generation_id, fmt, size])
    assert row is not None
    return int(row["n"])


# The render job (service_role) --------------------------------------------------------------


async def job_claim(conn: Conn, generation_id: UUID) -> Row | None:
    """The generation to render, if it is still waiting. No lock is held while it renders:
    job_complete and job_fail only change a generation that is still processing."""
    return await _one(
        conn,
        "SELECT id, template_name, role_type, resume_data, fit_one_page, paper"
        " FROM resume_generations WHERE id = %s AND generation_status = 'processing'",
        [generation_id],
    )


async def job_complete(
    conn: Conn,
    generation_id: UUID,
    *,
    latex: str,
    engine: str,
    pages: int,
    notes: list[str],
    elapsed_ms: int,
    files: list[tuple[str, str, str, bytes]],
) -> bool:
    """Marks the generation completed and stores its files, all in the caller's transaction."""
    row = await _one(
        conn,
        "UPDATE resume_generations SET generation_status = 'completed', latex_content = %s,"
        " latex_engine = %s, page_count = %s, render_notes = render_notes || %s,"
        " processing_time_ms = %s,"
        " error_message = NULL, completed_at = now()"
        " WHERE id = %s AND generation_status = 'processing' RETURNING id",
        [latex, engine, pages, Jsonb(notes), elapsed_ms, generation_id],
    )
    if row is None:
        return False
    for fmt, media_type, filename, content in files:
        await conn.execute(
            "INSERT INTO resume_files (generation_id, format, media_type, filename, content)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (generation_id, format) DO UPDATE"
            " SET media_type = EXCLUDED.media_type, filename = EXCLUDED.filename,"
            " content = EXCLUDED.content",
            [generation_id, fmt, media_type, filename, content],
        )
    # The spec's resume_downloads rows, one per format, counting from zero; record_download()
    # increments them. file_url is where the file is served.
    sizes = {fmt: len(content) for fmt, _, _, content in files}
    sizes["latex"] = len(latex.encode("utf-8"))
    for fmt in ("pdf", "word", "latex"):
        await conn.execute(
            "INSERT INTO resume_downloads (generation_id, format, file_url, file_size_bytes,"
            " download_count) VALUES (%s, %s, %s, %s, 0) ON CONFLICT (generation_id, format)"
            " DO UPDATE SET file_url = EXCLUDED.file_url,"
            " file_size_bytes = EXCLUDED.file_size_bytes",
            [
                generation_id,
                fmt,
                f"/resumes/generations/{generation_id}/download/{fmt}",
                sizes.get(fmt),
            ],
        )
    return True


async def job_fail(conn: Conn, generation_id: UUID, *, message: str, elapsed_ms: int) -> None:
    await conn.execute(
        "UPDATE resume_generations SET generation_status = 'failed', error_message = %s,"
        " processing_time_ms = %s, completed_at = now()"
        " WHERE id = %s AND generation_status = 'processing'",
        [message[:2000], elapsed_ms, generation_id],
    )


async def fail_renders_given_up(conn: Conn, task_name: str, message: str) -> int:
    """Fails, with `message`, the generations still processing whose render job failed for
    good; on the job worker's own connection (it reads procrastinate's job table)."""
    cur = await conn.execute(
        "UPDATE resume_generations g SET generation_status = 'failed',"
        " error_message = %s, completed_at = now()"
        " FROM procrastinate_jobs j"
        " WHERE j.task_name = %s AND j.status = 'failed'"
        " AND j.args ->> 'generation_id' = g.id::text AND g.generation_status = 'processing'",
        [message, task_name],
    )
    return cur.rowcount
