"""Generations through the web: the background job's lifecycle, downloads counted atomically,
the job deferred in the request's transaction, and other users kept out."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from resumepilot.resumes.jobs import RENDER_TASK
from tests.conftest import STRONG_PASSWORD, unique_email
from tests.resumes.web_support import (
    bearer,
    browser,
    create_draft,
    generate,
    jobs_for,
    run_render_jobs,
    sample_resume,
)


@pytest.fixture
def other_user(client):
    r = client.post("/api/auth/signup", json={"email": unique_email(), "password": STRONG_PASSWORD})
    assert r.status_code == 201
    return {"token": r.json()["access_token"], "user_id": r.json()["user_id"]}


def test_generation_goes_processing_then_completed_with_every_format(
    client, api_user, database_url
):
    draft = create_draft(client, api_user, fit_one_page=True, template_name="modern")
    started = generate(client, api_user, draft["id"])
    assert started["status"] == "processing" and started["page_count"] is None
    waiting = client.get(f"/api/resumes/generations/{started['id']}", headers=bearer(api_user))
    assert waiting.json()["status"] == "processing"
    assert (
        client.get(
            f"/api/resumes/generations/{started['id']}/download/pdf", headers=bearer(api_user)
        ).status_code
        == 409
    )

    run_render_jobs(database_url)

    done = client.get(f"/api/resumes/generations/{started['id']}", headers=bearer(api_user)).json()
    assert done["status"] == "completed", done
    assert done["page_count"] == 1 and done["processing_time_ms"] > 0
    assert done["error_message"] is None and done["completed_at"] is not None
    assert done["downloads"] == {"pdf": 0, "word": 0, "latex": 0}

    get = lambda fmt: client.get(  # noqa: E731
        f"/api/resumes/generations/{started['id']}/download/{fmt}", headers=bearer(api_user)
    )
    pdf, word, latex = get("pdf"), get("word"), get("latex")
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    assert ".pdf" in pdf.headers["content-disposition"]
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(word.content)).namelist()
    assert latex.text.startswith("\\documentclass") and "Northwind Payments" in latex.text
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        row = conn.execute(
            "SELECT latex_content, generation_status FROM resume_generations WHERE id = %s",
            [started["id"]],
        ).fetchone()
    assert row["latex_content"] == latex.text
    assert [j["status"] for j in jobs_for(database_url, started["id"])] == ["succeeded"]


def test_a_render_that_fails_is_marked_failed_with_a_clear_message(client, api_user, database_url):
    # A generation whose data went bad after it was queued (the web checks before queuing, so
    # the row is written directly, as a buggy client or an old row would leave it).
    broken = sample_resume()
    broken["work"][0]["startDate"] = "last spring"
    with psycopg.connect(database_url, autocommit=True) as conn:
        gid = conn.execute(
            "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
            " VALUES (%s, 'classic', 'default', %s) RETURNING id",
            [api_user["user_id"], Jsonb(broken)],
        ).fetchone()[0]
        conn.execute("SELECT defer_resume_generation(%s)", [gid])

    run_render_jobs(database_url)

    failed = client.get(f"/api/resumes/generations/{gid}", headers=bearer(api_user)).json()
    assert failed["status"] == "failed"
    assert "work[0].startDate" in failed["error_message"]
    assert "expected a date like 2020" in failed["error_message"]
    assert failed["processing_time_ms"] >= 1
    r = client.get(f"/api/resumes/generations/{gid}/download/pdf", headers=bearer(api_user))
    assert r.status_code == 409 and "could not be rendered" in r.json()["error"]["message"]
    with browser(client.base_url, api_user) as b:
        page = b.get(f"/resumes/generations/{gid}")
    assert page.status_code == 200 and "work[0].startDate" in page.text
    assert "could not be rendered" in page.text


def test_an_unknown_template_fails_the_render_and_names_the_template(
    client, api_user, database_url
):
    with psycopg.connect(database_url, autocommit=True) as conn:
        gid = conn.execute(
            "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
            " VALUES (%s, 'retired_theme', 'default', %s) RETURNING id",
            [api_user["user_id"], Jsonb(sample_resume())],
        ).fetchone()[0]
        conn.execute("SELECT defer_resume_generation(%s)", [gid])
    run_render_jobs(database_url)
    failed = client.get(f"/api/resumes/generations/{gid}", headers=bearer(api_user)).json()
    assert failed["status"] == "failed" and "retired_theme" in failed["error_message"]


def test_downloads_are_counted_per_format_even_when_parallel(client, api_user, database_url):
    gid = generate(client, api_user, create_draft(client, api_user)["id"])["id"]
    run_render_jobs(database_url)
    url = f"/api/resumes/generations/{gid}/download/pdf"
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(
            pool.map(lambda _: client.get(url, headers=bearer(api_user)).status_code, range(12))
        )
    assert codes == [200] * 12
    client.get(f"/api/resumes/generations/{gid}/download/latex", headers=bearer(api_user))
    r = client.post(f"/api/resumes/generations/{gid}/overleaf", headers=bearer(api_user))
    assert r.json()["action"] == "https://www.overleaf.com/docs"
    counts = client.get(f"/api/resumes/generations/{gid}", headers=bearer(api_user)).json()
    assert counts["downloads"] == {"pdf": 12, "word": 0, "latex": 1, "overleaf": 1}
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT format, download_count, file_size_bytes, file_url"
            " FROM resume_downloads WHERE generation_id = %s ORDER BY format",
            [gid],
        ).fetchall()
    by_format = {r[0]: r for r in rows}
    assert by_format["pdf"][1] == 12 and by_format["pdf"][2] > 1000
    assert by_format["pdf"][3] == f"/resumes/generations/{gid}/download/pdf"


def test_overleaf_form_carries_the_latex_with_the_right_engine(client, api_user, database_url):
    cjk = sample_resume()
    cjk["basics"]["name"] = "王小明"
    gid = generate(client, api_user, create_draft(client, api_user, resume=cjk)["id"])["id"]
    run_render_jobs(database_url)
    form = client.post(f"/api/resumes/generations/{gid}/overleaf", headers=bearer(api_user))
    latex = client.get(f"/api/resumes/generations/{gid}/download/latex", headers=bearer(api_user))
    fields = form.json()["fields"]
    assert unquote(fields["encoded_snip"]) == latex.text
    assert fields["engine"] == "xelatex" and fields["snip_name"].endswith(".tex")


def test_the_job_is_deferred_in_the_requests_transaction(database_url, api_user):
    """A rolled-back transaction leaves no job; a committed one leaves exactly one."""
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "SELECT set_config('request.jwt.claims', %s, true)",
            [json.dumps({"sub": api_user["user_id"], "role": "authenticated"})],
        )
        conn.execute("SET LOCAL ROLE authenticated")
        gid = str(
            conn.execute(
                "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
                " VALUES (%s, 'classic', 'default', '{}') RETURNING id",
                [api_user["user_id"]],
            ).fetchone()[0]
        )
        assert conn.execute("SELECT defer_resume_generation(%s)", [gid]).fetchone()[0] > 0
        conn.rollback()
    assert jobs_for(database_url, gid) == []

    with psycopg.connect(database_url) as conn:
        gid = str(
            conn.execute(
                "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data)"
                " VALUES (%s, 'classic', 'default', '{}') RETURNING id",
                [api_user["user_id"]],
            ).fetchone()[0]
        )
        conn.execute("SELECT defer_resume_generation(%s)", [gid])
        conn.commit()
    jobs = jobs_for(database_url, gid)
    assert [(j["task_name"], j["status"]) for j in jobs] == [(f"resumepilot:{RENDER_TASK}", "todo")]
    # The SQL function names the task that build_job_app registers (asked in a fresh process:
    # see web_support.run_render_jobs).
    names = subprocess.run(
        [
            sys.executable,
            "-c",
            "from resumepilot.jobs import build_job_app;"
            f" print('\\n'.join(build_job_app({database_url!r}).tasks))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert jobs[0]["task_name"] in names
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM procrastinate_jobs WHERE args->>'generation_id' = %s", [gid])


def test_another_user_can_neither_see_nor_download_nor_queue_a_generation(
    client, api_user, other_user, database_url
):
    draft = create_draft(client, api_user)
    gid = generate(client, api_user, draft["id"])["id"]
    run_render_jobs(database_url)
    theirs = bearer(other_user)
    for path in (
        f"/api/resumes/generations/{gid}",
        f"/api/resumes/generations/{gid}/download/pdf",
        f"/api/resumes/generations/{gid}/download/latex",
        f"/api/resumes/drafts/{draft['id']}",
        f"/api/resumes/drafts/{draft['id']}/export",
    ):
        assert client.get(path, headers=theirs).status_code == 404, path
    assert (
        client.post(f"/api/resumes/generations/{gid}/overleaf", headers=theirs).status_code == 404
    )
    assert (
        client.post(f"/api/resumes/drafts/{draft['id']}/generations", headers=theirs).status_code
        == 404
    )
    assert client.get("/api/resumes/generations", headers=theirs).json() == []
    with browser(client.base_url, other_user) as b:
        for path in (
            f"/resumes/generations/{gid}",
            f"/resumes/generations/{gid}/preview",
            f"/resumes/generations/{gid}/preview.png",
            f"/resumes/generations/{gid}/download/word",
            f"/resumes/{draft['id']}",
        ):
            assert b.get(path).status_code == 404, path
    # Not counted by anyone's attempts.
    mine = client.get(f"/api/resumes/generations/{gid}", headers=bearer(api_user)).json()
    assert mine["downloads"] == {"pdf": 0, "word": 0, "latex": 0}

    with psycopg.connect(database_url) as conn:
        conn.execute(
            "SELECT set_config('request.jwt.claims', %s, true)",
            [json.dumps({"sub": other_user["user_id"], "role": "authenticated"})],
        )
        conn.execute("SET LOCAL ROLE authenticated")
        # The same answer as for an id that does not exist, so ids cannot be probed.
        with pytest.raises(psycopg.errors.NoDataFound, match="no such resume"):
            conn.execute("SELECT defer_resume_generation(%s)", [gid])
        conn.rollback()


def test_users_cannot_forge_a_generations_outcome_or_files(api_user, client, database_url):
    gid = generate(client, api_user, create_draft(client, api_user)["id"])["id"]
    forgeries = [
        (
            "UPDATE resume_generations SET generation_status = 'completed',"
            " latex_content = '\\input{/etc/passwd}' WHERE id = %s",
            [gid],
        ),
        (
            "INSERT INTO resume_files (generation_id, format, media_type, filename, content)"
            " VALUES (%s, 'pdf', 'application/pdf', 'x.pdf', 'x')",
            [gid],
        ),
        (
            "INSERT INTO resume_generations (user_id, template_name, role_type, resume_data,"
            " generation_status) VALUES (%s, 'classic', 'r', '{}', 'completed')",
            [api_user["user_id"]],
        ),
    ]
    for sql, params in forgeries:
        with psycopg.connect(database_url) as conn:
            conn.execute(
                "SELECT set_config('request.jwt.claims', %s, true)",
                [json.dumps({"sub": api_user["user_id"], "role": "authenticated"})],
            )
            conn.execute("SET LOCAL ROLE authenticated")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql, params)


def test_a_user_may_have_only_a_few_renders_waiting(client, api_user):
    draft = create_draft(client, api_user)
    for _ in range(3):
        generate(client, api_user, draft["id"])
    r = client.post(f"/api/resumes/drafts/{draft['id']}/generations", headers=bearer(api_user))
    assert r.status_code == 429
    assert "already have 3 resumes rendering" in r.json()["error"]["message"]
    assert r.headers["retry-after"] == "10"


def test_hostile_text_is_escaped_on_every_way_out(client, api_user, database_url, hostile):
    gid = generate(client, api_user, create_draft(client, api_user, resume=hostile)["id"])["id"]
    run_render_jobs(database_url)
    done = client.get(f"/api/resumes/generations/{gid}", headers=bearer(api_user)).json()
    assert done["status"] == "completed", done
    latex = client.get(
        f"/api/resumes/generations/{gid}/download/latex", headers=bearer(api_user)
    ).text
    assert "\\input{/etc/passwd}" not in latex and "\\write18{" not in latex
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in latex
    with browser(client.base_url, api_user) as b:
        page = b.get(f"/resumes/generations/{gid}").text
        builder = b.get(f"/resumes/{done['draft_id']}").text
    assert "<script>alert(1)</script>" not in builder
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in builder
    assert "<script>alert(1)" not in page
